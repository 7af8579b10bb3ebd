import socket

from celery import shared_task
from django.db import connection


@shared_task(ignore_result=False, time_limit=30, soft_time_limit=20)
def ping() -> dict:
    """Round trip through the broker, a worker and the database; used by tests and operators."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        database = cursor.fetchone()[0] == 1
    return {"pong": True, "database": database, "worker": socket.gethostname()}

import os

from celery import Celery
from celery.signals import task_postrun, task_prerun

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

app = Celery("masar")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@task_prerun.connect
@task_postrun.connect
def _database_connections_as_for_a_request(task=None, **kwargs):
    """Celery's Django fixup closes the database connection around every task, unless
    CELERY_DB_REUSE_MAX is set (base settings set it high): a new connection per task was most
    of a short task's time (4 ms of a routing task that finds its referral routed). Instead,
    each task begins and ends as Django's requests do: a connection older than CONN_MAX_AGE, or
    broken, is closed, and the next one is health-checked. Not for eager tasks (tests), which
    run inside the caller's transaction."""
    if task is not None and not getattr(task.request, "is_eager", False):
        from django.db import close_old_connections

        close_old_connections()

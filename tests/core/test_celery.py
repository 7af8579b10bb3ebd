import os
import uuid
from pathlib import Path
from types import SimpleNamespace

import pytest
from celery import current_app
from celery.signals import task_postrun, task_prerun

from apps.core.tasks import ping
from tests.workers import start_worker, stop

ROOT = Path(__file__).resolve().parents[2]


def test_celery_is_configured_for_reliable_delivery():
    conf = current_app.conf
    assert conf.task_acks_late is True
    assert conf.task_reject_on_worker_lost is True
    assert conf.task_serializer == "json"
    assert conf.accept_content == ["json"]
    assert conf.task_time_limit and conf.task_soft_time_limit < conf.task_time_limit
    # Redis must not redeliver a task that is only waiting for its countdown.
    assert conf.broker_transport_options["visibility_timeout"] >= 12 * 60 * 60


@pytest.mark.parametrize("signal", [task_prerun, task_postrun])
def test_a_worker_treats_its_database_connection_as_a_request_does(signal, monkeypatch):
    """Celery's fixup would close it around every task; with CELERY_DB_REUSE_MAX it leaves it,
    and config/celery.py closes it only when old or broken (close_old_connections), never in
    an eager task, which runs in its caller's transaction."""
    assert current_app.conf.db_reuse_max >= 100_000
    closed = []
    monkeypatch.setattr("django.db.close_old_connections", lambda: closed.append(True))
    for eager in (True, False):
        task = SimpleNamespace(request=SimpleNamespace(is_eager=eager))
        signal.send(sender=ping, task_id="t", task=task, args=(), kwargs={})
    assert closed == [True]


def test_ping_runs_eagerly_in_tests(db):
    assert ping.delay().get()["database"] is True


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_on_redis_completes_a_task():
    redis_url = os.environ.get("REDIS_URL")
    assert redis_url, "make test starts Redis and sets REDIS_URL; run the suite through it"
    queue = f"test-{uuid.uuid4().hex}"  # no other worker on this Redis takes our task
    worker = start_worker(queue=queue, REDIS_URL=redis_url)
    conf = current_app.conf
    eager = conf.task_always_eager
    conf.task_always_eager = False
    try:
        result = ping.apply_async(queue=queue).get(timeout=90)
    finally:
        conf.task_always_eager = eager
        output = stop(worker)
    assert result["pong"] is True, output
    assert result["database"] is True

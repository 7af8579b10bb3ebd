"""Routing with real Celery workers on Redis: a worker killed in the middle of routing loses no
referral and routes none twice.

The route tasks go to a private queue on REDIS_URL, so no other worker takes them. The first
worker routes slowly (tests/referrals/apps.py) and is killed with SIGKILL while it holds the
first referral's row: its transaction dies with its connection and its task stays
unacknowledged (acks_late). A second worker routes the others and, once Redis's visibility
timeout (seconds here, see worker_settings.py; hours in production, where the routing sweep
routes it within a minute instead) has passed, gets the killed task again. Every referral ends
up routed exactly once.
"""

import os
import signal
import subprocess
import uuid
from pathlib import Path
from types import SimpleNamespace

import pytest
import redis
from celery import current_app

from apps.audit.models import AuditEvent
from apps.referrals import services, tasks
from apps.referrals.models import Referral, ReferralUpdate
from apps.sla.models import Clock
from tests.cases.factories import open_case
from tests.referrals.factories import consent, referrable_card
from tests.referrals.helpers import notices
from tests.workers import start_worker, stop, wait_for

ROOT = Path(__file__).resolve().parents[2]
Status = Referral.Status
COUNT = 6


def start_routing_worker(queue: str, **extra: str) -> subprocess.Popen:
    return start_worker(
        settings_module="tests.referrals.worker_settings",
        queue=queue,
        REFERRAL_TEST_QUEUE=queue,
        **extra,
    )


def submit(case, service, sender) -> Referral:
    """Submitted in its own transaction; the route task is queued when it commits."""
    return services.referral_create(
        case=case,
        person=case.primary_person,
        service=service,
        reason="The family lost its income.",
        actor=sender,
    )


def routed_count() -> int:
    return Referral.objects.filter(status=Status.ROUTED).count()


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_while_routing_loses_nothing_and_routes_nothing_twice(
    social_worker, naf_supervisor, monkeypatch, tmp_path
):
    redis_url = os.environ.get("REDIS_URL")
    assert redis_url, "make test starts Redis and sets REDIS_URL"
    queue = f"test-referrals-{uuid.uuid4().hex}"
    # The route tasks of this test go to its private queue, however the service queues them.
    task = tasks.route
    monkeypatch.setattr(
        tasks,
        "route",
        SimpleNamespace(
            delay=lambda *args: task.apply_async(args, queue=queue),
            apply_async=lambda args=None, kwargs=None, **options: task.apply_async(
                args, kwargs, **(options | {"queue": queue})
            ),
        ),
    )
    conf = current_app.conf
    eager, conf.task_always_eager = conf.task_always_eager, False

    started = tmp_path / "routing-started"
    workers = []
    try:
        service = referrable_card()
        case = open_case(owner=social_worker)
        consent(case.primary_person, service.agency, actor=social_worker)
        made = [submit(case, service, social_worker) for _ in range(COUNT)]
        assert routed_count() == 0

        first = start_routing_worker(
            queue, REFERRAL_ROUTING_SLEEP="120", REFERRAL_ROUTING_STARTED=str(started)
        )
        workers.append(first)
        wait_for(started.exists, "the first worker to start routing", first)
        first.send_signal(signal.SIGKILL)
        first.wait(30)
        # Killed with the first referral's row locked: nothing of it was committed.
        assert Referral.objects.filter(status=Status.SUBMITTED).count() == COUNT

        second = start_routing_worker(queue)
        workers.append(second)
        wait_for(lambda: routed_count() == COUNT, "every referral to be routed", second)

        # A task delivered again after its work was committed (a crash between the commit and
        # the acknowledgement) changes nothing: each route task runs once more, then a new
        # referral's, which the worker takes after them.
        for referral in made:
            task.apply_async((referral.pk,), queue=queue)
        last = submit(case, service, social_worker)
        wait_for(
            lambda: Referral.objects.get(pk=last.pk).status == Status.ROUTED,
            "the last referral to be routed",
            second,
        )
    finally:
        conf.task_always_eager = eager
        for worker in workers:
            stop(worker)
        redis.Redis.from_url(redis_url).delete(queue)

    for referral in [*made, last]:
        fresh = Referral.objects.get(pk=referral.pk)
        assert fresh.status == Status.ROUTED
        assert len(fresh.tried_offices) == 1
        assert (
            ReferralUpdate.objects.filter(referral=fresh, kind=ReferralUpdate.Kind.ROUTING).count()
            == 1
        )
        assert Clock.objects.filter(subject_id=str(fresh.pk), purpose=services.ANSWER).count() == 1
        assert (
            AuditEvent.objects.filter(
                object_type="referrals.referral", object_id=str(fresh.pk), detail=Status.ROUTED
            ).count()
            == 1
        )
    # The office's supervisor was told of each once (in-app and email).
    assert notices(naf_supervisor, "routed").count() == 2 * (COUNT + 1)

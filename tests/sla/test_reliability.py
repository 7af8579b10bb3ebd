"""Escalation exactly once under concurrency and crashes: two sweeps at once, and a real Celery
worker killed in the middle of a sweep."""

import os
import signal
import threading
import time
import uuid
from pathlib import Path

import pytest
from celery import current_app
from django.db import connection

from apps.notifications.models import Message
from apps.sla import services, tasks
from apps.sla.models import Clock, Escalation
from tests.sla.factories import at, clock
from tests.workers import start_worker, stop, wait_for

ROOT = Path(__file__).resolve().parents[2]
# These tests queue tasks for real (the notifications' delivery on commit, the sweeps).
pytestmark = pytest.mark.usefixtures("fresh_broker_pools")
STARTED = at(2026, 2, 1, 10)
DUE = at(2026, 2, 1, 12)  # 2 business hours after STARTED


def due_clocks(count: int) -> list[Clock]:
    return [clock(f"R-{number}", started_at=STARTED, hours=2) for number in range(count)]


def assert_each_escalated_once(clocks: list[Clock], supervisor, *, levels: int, told: int):
    """Each clock escalated to `levels`, each level recorded once; the supervisor told `told`
    times per clock, each time by one in-app and one email message: none twice, none lost."""
    ids = [c.pk for c in clocks]
    assert Escalation.objects.filter(clock__in=ids).count() == len(ids) * levels
    assert set(Clock.objects.filter(pk__in=ids).values_list("escalation_level", flat=True)) == {
        levels
    }
    assert Message.objects.filter(recipient=supervisor).count() == 2 * len(ids) * told


@pytest.mark.django_db(transaction=True)
def test_two_sweeps_at_once_escalate_each_clock_once(handler, supervisor, monkeypatch):
    clocks = due_clocks(120)
    original = handler.escalate

    def slow(clock, level):
        time.sleep(0.002)  # so that the two sweeps overlap
        original(clock, level)

    monkeypatch.setattr(handler, "escalate", slow)
    start = threading.Barrier(2)
    results, errors = [], []

    def sweep():
        try:
            start.wait()
            # Missed for days: each clock goes through its three levels in one sweep.
            results.append(services.sla_sweep(now=at(2026, 2, 20, 9), batch_size=7))
        except Exception as error:  # reported below, in the test's thread
            errors.append(error)
        finally:
            connection.close()  # each thread had its own connection

    threads = [threading.Thread(target=sweep) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors
    assert sum(r["clocks"] for r in results) == len(clocks)
    assert sum(r["escalations"] for r in results) == 3 * len(clocks)
    assert sum(r["failed"] for r in results) == 0
    assert sorted(handler.calls) == sorted(
        (c.subject_id, level) for c in clocks for level in (1, 2, 3)
    )
    # The office's supervisor is told at levels 1 and 3.
    assert_each_escalated_once(clocks, supervisor, levels=3, told=2)


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_sweep_killed_midway_loses_nothing_and_repeats_nothing(supervisor, handler):
    assert os.environ.get("REDIS_URL"), "make test starts Redis and sets REDIS_URL"
    batch = 10
    clocks = due_clocks(300)
    queue = f"test-sla-{uuid.uuid4().hex}"  # no other worker on this Redis takes our tasks
    conf = current_app.conf
    eager = conf.task_always_eager
    conf.task_always_eager = False
    first = start_worker(settings_module="tests.sla.worker_settings", queue=queue)
    try:
        tasks.sweep.apply_async(kwargs={"batch_size": batch}, queue=queue)
        # A few batches committed, then the worker dies without a chance to clean up. The
        # clocks were due in February: each is taken through its three levels at once.
        wait_for(lambda: Escalation.objects.count() >= 9 * batch, "the first batches", first, 120)
        first.send_signal(signal.SIGKILL)
        first.wait(timeout=30)
        escalated = Clock.objects.filter(escalation_level__gt=0).count()
        assert escalated < len(clocks), "the sweep finished before the kill; give it more clocks"
        # Only whole batches were committed, each with its records and notifications (the
        # supervisor is told at levels 1 and 3); the batch in progress left nothing.
        assert escalated % batch == 0
        assert Escalation.objects.count() == 3 * escalated
        assert Message.objects.count() == 4 * escalated
        # The next beat tick's sweep, on another worker, takes what is left.
        second = start_worker(settings_module="tests.sla.worker_settings", queue=queue)
        try:
            tasks.sweep.apply_async(kwargs={"batch_size": batch}, queue=queue)
            wait_for(
                lambda: Escalation.objects.count() == 3 * len(clocks),
                "the second sweep",
                second,
                180,
            )
        finally:
            stop(second)
    finally:
        conf.task_always_eager = eager
        stop(first)
    assert_each_escalated_once(clocks, supervisor, levels=3, told=2)

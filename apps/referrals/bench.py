"""Routing under load, for `make bench`: `bench_routing(stdout, scale=...)`.

Takes `count` bench referrals as models, submits copies of them (new references, no office),
and routes each by calling the route task's code in this process, one after the other, as one
worker would: lock, candidates (rule, governorate, head office, each office's open referrals
counted on the partial index), the guarded update, the answer clock, the thread and case
timeline entries, the audit event and the receiving supervisors' notifications. Tasks go to
kombu's in-memory broker. What it made is deleted at the end (audit events stay: the table is
append-only).
"""

import os
import statistics
import subprocess
import sys
import time

from django.conf import settings
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from apps.cases.models import CaseEvent
from apps.core.bench import result_row
from apps.notifications.bench import queue_on
from apps.notifications.models import Message
from apps.sla.models import Clock

from .models import Referral, ReferralUpdate
from .tasks import route

COUNT = 2_000
TARGET_RPS = 200
KIND = "referrals.referral"
PREFIX = "R-ZZZZ-"


def _submitted(count: int) -> list[int]:
    models = list(
        Referral.objects.filter(status=Referral.Status.COMPLETED)
        .exclude(consent=None)
        .order_by("id")[:count]
    )
    now = timezone.now()
    copies = [
        Referral(
            reference=f"{PREFIX}{n:04d}-{n % 10}",
            case_id=m.case_id,
            person_id=m.person_id,
            service_id=m.service_id,
            from_office_id=m.from_office_id,
            from_worker_id=m.from_worker_id,
            to_agency_id=m.to_agency_id,
            consent_id=m.consent_id,
            status=Referral.Status.SUBMITTED,
            urgency=m.urgency,
            reason=m.reason,
            submitted_at=now,
        )
        for n, m in enumerate(models)
    ]
    return [r.pk for r in Referral.objects.bulk_create(copies, batch_size=1000)]


def _cleanup(ids: list[int], since) -> None:
    with transaction.atomic():
        Clock.objects.filter(kind=KIND, subject_id__in=[str(i) for i in ids]).delete()
        ReferralUpdate.objects.filter(referral_id__in=ids).delete()
        CaseEvent.objects.filter(kind=CaseEvent.Kind.REFERRAL, at__gte=since).filter(
            message__startswith="referral_", params__reference__startswith=PREFIX
        ).delete()
        Message.objects.filter(
            template="referrals.update", context__reference__startswith=PREFIX
        ).delete()
        Referral.objects.filter(pk__in=ids).delete()


def bench_routing(stdout, *, scale: str, count: int = COUNT) -> list[dict]:
    since = timezone.now()
    _cleanup(
        list(Referral.objects.filter(reference__startswith=PREFIX).values_list("pk", flat=True)),
        since=timezone.now().replace(year=2000),
    )
    ids = _submitted(count)
    if not ids:
        stdout.write("routing: no bench referrals to copy; run gen_bench_referrals first")
        return []
    times = []
    try:
        with queue_on("memory://"):
            with CaptureQueriesContext(connection) as captured:
                route.run(ids[0])
            queries = len(captured.captured_queries)
            started = time.perf_counter()
            for pk in ids[1:]:
                step = time.perf_counter()
                route.run(pk)
                times.append(time.perf_counter() - step)
            elapsed = time.perf_counter() - started
        routed = Referral.objects.filter(pk__in=ids, status=Referral.Status.ROUTED).count()
    finally:
        _cleanup(ids, since)
    times.sort()
    rps = round(len(times) / elapsed, 1)
    stdout.write(f"routing: {len(times):,} referrals in {elapsed:.1f} s, {rps} per second")
    return [
        result_row(
            "referral_routing",
            scale,
            rows=Referral.objects.count(),
            p50_ms=round(statistics.median(times) * 1000, 2),
            p95_ms=round(times[max(0, round(0.95 * len(times)) - 1)] * 1000, 2),
            queries=queries,
            rps=rps,
            note=(
                f"{len(times):,} submitted referrals routed one after the other by the route "
                f"task's code in one process (one worker, broker aside); {routed:,} of "
                f"{len(ids):,} ended routed; target ≥ {TARGET_RPS} referrals/s"
            ),
        )
    ]


WORKER_QUEUE = "bench-routing"


def _start_worker(broker_url: str) -> subprocess.Popen:
    db = settings.DATABASES["default"]
    env = dict(
        os.environ,
        DJANGO_SETTINGS_MODULE="config.settings.bench",
        DATABASE_URL=f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        REDIS_URL=broker_url,
    )
    return subprocess.Popen(  # noqa: S603 - this interpreter, fixed arguments
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "config",
            "worker",
            "-Q",
            WORKER_QUEUE,
            "--pool=solo",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            "--loglevel=warning",
        ],
        cwd=settings.BASE_DIR,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )


def bench_routing_worker(
    stdout, *, scale: str, broker_url: str, count: int = COUNT, timeout: float = 300
) -> list[dict]:
    """Routing as production runs it: one route task per referral queued on Redis, drained by
    one Celery worker process (solo pool), broker round trips, acknowledgements and all. The
    tasks are queued first; the clock runs from the first referral routed (the worker has
    started) to the last, so the worker's start-up is left out."""
    since = timezone.now()
    ids = _submitted(count)
    if not ids:
        stdout.write("routing (worker): no bench referrals to copy; run gen_bench_referrals first")
        return []
    done = Referral.objects.filter(pk__in=ids, status=Referral.Status.ROUTED)
    worker = None
    try:
        with queue_on(broker_url):
            for pk in ids:
                route.apply_async((pk,), queue=WORKER_QUEUE)
        worker = _start_worker(broker_url)
        give_up = time.monotonic() + timeout
        while not (first := done.count()):
            if worker.poll() is not None or time.monotonic() > give_up:
                stdout.write("routing (worker): the worker did not start routing")
                return []
            time.sleep(0.005)
        started = time.perf_counter()
        while (routed := done.count()) < len(ids):
            if worker.poll() is not None or time.monotonic() > give_up:
                break
            time.sleep(0.01)
        elapsed = time.perf_counter() - started
    finally:
        if worker is not None and worker.poll() is None:
            worker.terminate()
            worker.wait(30)
        _cleanup(ids, since)
    rps = round((routed - first) / elapsed, 1) if elapsed else None
    stdout.write(
        f"routing (worker): {routed - first:,} referrals in {elapsed:.1f} s, {rps} per second"
    )
    return [
        result_row(
            "referral_routing_worker",
            scale,
            rows=Referral.objects.count(),
            rps=rps,
            note=(
                f"{len(ids):,} route tasks queued on Redis, drained by one Celery worker "
                f"(solo pool); {routed:,} of {len(ids):,} ended routed; timed from the first "
                f"routed to the last; target ≥ {TARGET_RPS} referrals/s"
            ),
        )
    ]

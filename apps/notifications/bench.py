"""The outbox under load: `bench_notifications(stdout)` (docs/notifications.md, "Measured").

10,000 messages (5,000 events, each an email and an SMS) are written through notify_address,
one transaction per event as a workflow would; the resend sweep then queues all of them again
as after a broker outage; finally each is delivered by calling message_deliver, the service a
worker's deliver task calls, in this process, on messages loaded 500 at a time, to Django's file
email backend and FileSmsBackend in a temporary folder. Tasks go to kombu's in-memory broker, so nothing reaches a real queue. The
rows are deleted at the end, whatever happens.
"""

import contextlib
import os
import statistics
import tempfile
import time
from pathlib import Path

from celery import current_app
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext, override_settings
from kombu import pools

from .models import Message
from .services import message_deliver, messages_resend_pending, notify_address

EVENTS = 5_000
MESSAGES = EVENTS * 2
BATCH = 500
TARGET_SECONDS = 60
SCALE = f"{MESSAGES}-messages"
TEMPLATE = "notifications.test"
MARKER = "bench-notifications"


@contextlib.contextmanager
def queue_on(url: str):
    """Queue this process's tasks on the broker at `url`, for real rather than eagerly, for the
    block's duration: the benchmark's in-memory broker, the reliability tests' private Redis."""
    conf = current_app.conf
    saved = conf.broker_url, conf.task_always_eager

    def reset_pools():
        # kombu keeps connection pools in a process-wide registry keyed by broker: closing one
        # would leave it there, closed, for the next user of that broker; reset them all.
        pools.reset()
        current_app._pool = None
        current_app.amqp._producer_pool = None

    conf.broker_url, conf.task_always_eager = url, False
    reset_pools()
    try:
        yield
    finally:
        conf.broker_url, conf.task_always_eager = saved
        reset_pools()


def _ms(seconds: list[float]) -> tuple[float, float]:
    ordered = sorted(seconds)
    p95 = ordered[max(0, round(0.95 * len(ordered)) - 1)]  # nearest rank, as bench_pages
    return round(statistics.median(ordered) * 1000, 2), round(p95 * 1000, 2)


def _row(name: str, **values) -> dict:
    fields = ["rows", "p50_ms", "p95_ms", "queries", "rps", "target_p95_ms", "note"]
    return {"name": name, "scale": SCALE} | {field: values.get(field) for field in fields}


def _event(n: int) -> None:
    with transaction.atomic():
        notify_address(
            language="ar" if n % 3 else "en",
            template=TEMPLATE,
            context={"bench": MARKER},
            email=f"bench{n}@masar-bench.invalid",
            phone=f"+96279{n:07d}",
        )


def _queue(stdout) -> dict:
    with CaptureQueriesContext(connection) as queries:
        _event(0)
    times = []
    for n in range(1, EVENTS):
        started = time.perf_counter()
        _event(n)
        times.append(time.perf_counter() - started)
    p50, p95 = _ms(times)
    total = sum(times)
    stdout.write(f"notifications: {EVENTS:,} events written in {total:.1f} s\n")
    return _row(
        "notifications_queue",
        rows=MESSAGES,
        p50_ms=p50,
        p95_ms=p95,
        queries=len(queries),
        rps=round(len(times) / total, 1),
        note=(
            "notify_address per event (an email and an SMS row, its own transaction, the tasks "
            "queued on commit to an in-memory broker)"
        ),
    )


def _sweep(stdout) -> dict:
    Message.objects.filter(context__bench=MARKER).update(queued_at=None)
    started = time.perf_counter()
    queued = messages_resend_pending(limit=MESSAGES)
    total = time.perf_counter() - started
    stdout.write(f"notifications: the sweep queued {queued:,} messages in {total:.1f} s\n")
    return _row(
        "notifications_sweep",
        rows=queued,
        rps=round(queued / total, 1),
        note=(
            f"the resend sweep queuing {queued:,} messages left without a task (a broker "
            f"outage), in batches of 500: {total:.1f} s"
        ),
    )


def _round_trip_ms() -> float:
    """The floor measured in the same run: the median of a bare `SELECT 1` to the database."""
    times = []
    with connection.cursor() as cursor:
        for _ in range(200):
            started = time.perf_counter()
            cursor.execute("SELECT 1")
            cursor.fetchone()
            times.append(time.perf_counter() - started)
    return _ms(times)[0]


def _deliver(stdout, folder: Path) -> dict:
    ids = list(
        Message.objects.filter(context__bench=MARKER).order_by("pk").values_list("pk", flat=True)
    )
    with CaptureQueriesContext(connection) as queries:
        message_deliver(message=Message.objects.get(pk=ids[0]))
    times = []
    started_all = time.perf_counter()
    for start in range(1, len(ids), BATCH):
        # A batch loaded with one query; on a worker, each deliver task loads its message.
        for message in Message.objects.filter(pk__in=ids[start : start + BATCH]).order_by("pk"):
            started = time.perf_counter()
            message_deliver(message=message)
            times.append(time.perf_counter() - started)
    total = time.perf_counter() - started_all
    # What a worker adds per message: the task's SELECT by primary key.
    load_times = []
    for pk in ids[:200]:
        started = time.perf_counter()
        Message.objects.filter(pk=pk).first()
        load_times.append(time.perf_counter() - started)
    load_p50 = _ms(load_times)[0]
    sent = Message.objects.filter(context__bench=MARKER, status=Message.Status.SENT).count()
    sms_lines = len((folder / "sms.jsonl").read_text(encoding="utf-8").splitlines())
    if sent != len(ids) or sms_lines != EVENTS:
        raise RuntimeError(f"only {sent} of {len(ids)} sent, {sms_lines} SMS written")
    p50, p95 = _ms(times)
    floor = _round_trip_ms()
    load = os.getloadavg()[0]
    verdict = "met" if total <= TARGET_SECONDS else "MISSED"
    stdout.write(f"notifications: {len(ids):,} messages delivered in {total:.1f} s ({verdict})\n")
    return _row(
        "notifications_deliver",
        rows=len(ids),
        p50_ms=p50,
        p95_ms=p95,
        queries=len(queries),
        rps=round(len(times) / total, 1),
        note=(
            f"{len(ids):,} messages ({EVENTS:,} email, {EVENTS:,} SMS) loaded {BATCH} at a time, "
            f"each claimed, rendered and sent to the file backends by message_deliver in one "
            f"process: {total:.1f} s; "
            f"target {TARGET_SECONDS} s for all of them: {verdict}; a worker's deliver task also "
            f"loads its message by primary key ({load_p50} ms p50, not included); a bare "
            f"SELECT 1 took {floor} ms (p50) in the same run; 1-minute load average "
            f"{load:.1f} at the end"
        ),
    )


def bench_notifications(stdout) -> list[dict]:
    with (
        tempfile.TemporaryDirectory(prefix="masar-bench-notifications-") as name,
        override_settings(
            SMS_BACKEND="apps.notifications.sms.FileSmsBackend",
            SMS_FILE_PATH=str(Path(name) / "sms.jsonl"),
            EMAIL_BACKEND="django.core.mail.backends.filebased.EmailBackend",
            EMAIL_FILE_PATH=str(Path(name) / "mail"),
        ),
        queue_on("memory://"),
    ):
        # Earlier runs leave their deleted rows behind: start from the table autovacuum would
        # keep, whatever it has got round to on this server.
        with connection.cursor() as cursor:
            cursor.execute("VACUUM (ANALYZE) notifications_message")
        try:
            return [_queue(stdout), _sweep(stdout), _deliver(stdout, Path(name))]
        finally:
            Message.objects.filter(context__bench=MARKER).delete()

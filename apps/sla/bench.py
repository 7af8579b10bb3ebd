"""The sweep at national scale: `bench_sla(stdout)` for `make bench` (docs/sla.md, "Measured").

1,000,000 running clocks of MoSD's Amman office are loaded with COPY, 10,000 of them due within
the last hour and the others due in 1 to 30 days. Then, in this process:
- one sweep escalates the 10,000 (level 1: the office's supervisors are told, an in-app and an
  email message each, written to the outbox; the delivery tasks go to kombu's in-memory broker,
  so nothing reaches a real queue) — target 60 s;
- the sweep with nothing due, run several times — target 50 ms at the median.
The clocks, their escalations and messages, and the two bench users are deleted at the end,
whatever happens.
"""

import math
import statistics
import time
from datetime import timedelta

from django.db import connection, transaction
from django.utils import timezone

from apps.notifications.bench import queue_on
from apps.notifications.models import Message
from apps.organisations.models import Agency, Membership, Office, User

from . import handlers
from .models import Clock, Escalation
from .services import sla_sweep

KIND = "sla.bench"
CLOCKS = 1_000_000
DUE = 10_000
EMPTY_SWEEPS = 9
SWEEP_TARGET_MS = 60_000
EMPTY_TARGET_MS = 50
CHUNK = 100_000
COLUMNS = [
    "kind",
    "subject_id",
    "purpose",
    "agency_id",
    "office_id",
    "budget",
    "started_at",
    "due_at",
    "paused_total",
    "escalation_level",
    "next_escalation_at",
]
SUPERVISOR = "sla.supervisor@masar-bench.invalid"


class BenchHandler:
    def label(self, clock) -> str:
        return f"Bench deadline {clock.subject_id}"

    def url(self, clock) -> str:
        return f"/ar/bench/{clock.subject_id}/"

    def escalate(self, clock, level: int) -> None:
        """Nothing: the workflow's own action is not part of the sweep's cost."""


HANDLER = BenchHandler()


def _supervisor(office: Office) -> None:
    user, _created = User.objects.get_or_create(
        email=SUPERVISOR, defaults={"full_name": "SLA bench supervisor"}
    )
    Membership.objects.get_or_create(user=user, office=office, role=Membership.Role.SUPERVISOR)


def _load(office: Office, total: int, due: int) -> float:
    """COPY the clocks in; returns the seconds it took."""
    now = timezone.now()
    started = time.perf_counter()
    statement = f"COPY {Clock._meta.db_table} ({', '.join(COLUMNS)}) FROM STDIN"
    with transaction.atomic(), connection.cursor() as cursor:
        for first in range(0, total, CHUNK):
            lines = []
            for n in range(first, min(first + CHUNK, total)):
                if n < due:  # due within the last hour
                    due_at = now - timedelta(seconds=1 + n * 3600 // due)
                else:  # due from a day to 30 days on: still not due when the load ends
                    due_at = now + timedelta(days=1, seconds=(n * 7919) % (29 * 86400))
                stamp = due_at.isoformat()
                lines.append(
                    f"{KIND}\t{n}\tresponse\t{office.agency_id}\t{office.pk}\t07:00:00\t"
                    f"{stamp}\t{stamp}\t00:00:00\t0\t{stamp}\n"
                )
            with cursor.cursor.copy(statement) as copy:
                copy.write("".join(lines))
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {Clock._meta.db_table}")
    return time.perf_counter() - started


class _Counter:
    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


def _measured_sweep() -> tuple[dict, float, int]:
    counter = _Counter()
    started = time.perf_counter()
    with connection.execute_wrapper(counter):
        counts = sla_sweep(time_budget=timedelta(hours=1))
    return counts, (time.perf_counter() - started) * 1000, counter.count


def _cleanup() -> None:
    with connection.cursor() as cursor:
        table, escalations = Clock._meta.db_table, Escalation._meta.db_table
        cursor.execute(
            f"DELETE FROM {escalations} WHERE clock_id IN "  # noqa: S608
            f"(SELECT id FROM {table} WHERE kind = %s)",
            [KIND],
        )
        cursor.execute(f"DELETE FROM {table} WHERE kind = %s", [KIND])  # noqa: S608
    Message.objects.filter(context__kind=KIND).delete()
    User.objects.filter(email=SUPERVISOR).delete()


def bench_sla(stdout, *, clocks: int = CLOCKS, due: int = DUE) -> list[dict]:
    handlers.register(KIND, HANDLER)
    office = Office.objects.get(
        agency=Agency.objects.get(code="MOSD"), governorate__code="AM", is_head_office=False
    )
    scale = f"{clocks}-clocks"
    _cleanup()  # what an interrupted run left
    try:
        _supervisor(office)
        with queue_on("memory://"):
            # The bench data's own clocks that came due since it was generated (referrals'
            # answer deadlines) go first, so the measured sweep escalates the loaded ones only.
            drained = _measured_sweep()[0]["clocks"]
        if drained:
            stdout.write(f"sla: {drained:,} clocks of the bench data were due; swept first\n")
        loaded = _load(office, clocks, due)
        stdout.write(f"sla: {clocks:,} running clocks loaded in {loaded:.1f} s\n")
        with queue_on("memory://"):
            counts, sweep_ms, sweep_queries = _measured_sweep()
            messages = Message.objects.filter(context__kind=KIND).count()
            empty = [_measured_sweep() for _ in range(EMPTY_SWEEPS)]
        # Ours escalated once each, by the measured sweep; a clock of the bench data coming due
        # in the meantime may add to a sweep's count (and time), never to ours.
        ours = Escalation.objects.filter(clock__kind=KIND).values("clock").distinct().count()
        if ours != due or counts["clocks"] < due:
            raise RuntimeError(f"the sweep escalated {ours} of the {due} due clocks")
        verdict = "met" if sweep_ms <= SWEEP_TARGET_MS else "MISSED"
        stdout.write(
            f"sla: {due:,} due clocks escalated in {sweep_ms / 1000:.1f} s, "
            f"{messages:,} messages written ({verdict})\n"
        )
        times = sorted(run[1] for run in empty)
        empty_p50 = round(statistics.median(times), 2)
        empty_p95 = round(times[math.ceil(0.95 * len(times)) - 1], 2)
        stdout.write(f"sla: a sweep with nothing due takes {empty_p50} ms at the median\n")
        return [
            {
                "name": "sla_sweep_due",
                "scale": scale,
                "rows": counts["clocks"],
                "p50_ms": round(sweep_ms, 1),
                "p95_ms": round(sweep_ms, 1),
                "queries": sweep_queries,
                "rps": round(counts["clocks"] / (sweep_ms / 1000), 1),
                "target_p95_ms": SWEEP_TARGET_MS,
                "note": (
                    f"one sweep escalating {due:,} due clocks of {clocks:,} running, in "
                    f"{counts['batches']} batches of 500: {counts['escalations']:,} escalation "
                    f"records and {messages:,} outbox messages (in-app and email to the office's "
                    f"supervisors); one run, so p50 = p95"
                ),
            },
            {
                "name": "sla_sweep_nothing_due",
                "scale": scale,
                "rows": 0,
                "p50_ms": empty_p50,
                "p95_ms": empty_p95,
                "queries": empty[0][2],
                "rps": None,
                "target_p95_ms": EMPTY_TARGET_MS,
                "note": (
                    f"the every-minute sweep when no clock is due, {EMPTY_SWEEPS} runs: the "
                    f"calendar refresh and one index scan of the partial sla_clock_sweep index"
                ),
            },
        ]
    finally:
        _cleanup()

"""The sweep: escalate every running clock whose next escalation time has come.

Run every minute by Celery beat (tasks.sweep). It takes due clocks in batches, oldest first,
with `SELECT … FOR UPDATE SKIP LOCKED`, so concurrent sweeps share the work instead of
repeating it, and commits each batch. A clock is brought to the level its time calls for (all
three at once if sweeps were missed for days), each level recorded once: the Escalation row,
its notifications, the handler's action and the clock's new level are written in one
transaction, and the unique (clock, level) constraint refuses a second record whatever
happens. A crash loses at most the batch in progress, which the next sweep takes again.

A batch is escalated in one savepoint, with set-based statements for the records and the
clocks. If any clock of it fails (a handler's bug, a deadlock with a workflow), the savepoint is
rolled back and the batch is done again clock by clock, each in a savepoint of its own, so the
failing clock alone is left for the next sweep. A handler may therefore be called again for a
level whose transaction was rolled back: it must act through the database only.
"""

import logging
import time
from collections import Counter
from datetime import datetime, timedelta

from django.db import connection, transaction
from django.utils import timezone, translation

from apps.notifications.services import notify

from .. import selectors
from ..calendar import BusinessCalendar, calendar_of, refresh
from ..handlers import handler_for
from ..models import Clock, Escalation
from .clocks import escalation_time

logger = logging.getLogger(__name__)

BATCH_SIZE = 500
# Beat starts a sweep every minute; one that is still working after this stops between batches
# and leaves the rest to the next.
TIME_BUDGET = timedelta(seconds=50)
TEMPLATE = "sla.escalated"
# Set-based statements for a whole batch (one round trip each, whatever its size). A record that
# exists already is left alone and not returned; a clock stopped or paused meanwhile (by the
# handler, say) keeps no next escalation time.
INSERT_ESCALATIONS = (
    f"INSERT INTO {Escalation._meta.db_table} (clock_id, level, at, notified) "  # noqa: S608
    "SELECT * FROM unnest(%s::bigint[], %s::smallint[], %s::timestamptz[], %s::integer[]) "
    "ON CONFLICT (clock_id, level) DO NOTHING RETURNING clock_id, level"
)
UPDATE_CLOCKS = (
    f"UPDATE {Clock._meta.db_table} AS c SET escalation_level = v.level, "  # noqa: S608
    "next_escalation_at = CASE WHEN c.stopped_at IS NULL AND c.paused_at IS NULL "
    "THEN v.next END "
    "FROM unnest(%s::bigint[], %s::smallint[], %s::timestamptz[]) AS v(id, level, next) "
    "WHERE c.id = v.id"
)


class Recipients:
    """Who is told at each level, read once per office and agency in a sweep."""

    def __init__(self):
        self._supervisors: dict[int, list] = {}
        self._admins: dict[int, list] = {}

    def supervisors(self, office_id: int | None) -> list:
        if office_id is None:
            return []
        if office_id not in self._supervisors:
            self._supervisors[office_id] = selectors.supervisors_of(office_id)
        return self._supervisors[office_id]

    def admins(self, agency_id: int) -> list:
        if agency_id not in self._admins:
            self._admins[agency_id] = selectors.agency_admins_of(agency_id)
        return self._admins[agency_id]

    def for_level(self, clock: Clock, level: int, withheld: frozenset = frozenset()) -> list:
        """Level 1: the office's supervisors (the agency's admins when the clock has no office
        or the office no supervisor); level 2: the agency's admins; level 3: both. Never the
        people in `withheld` (the handler's say: the employee a complaint is about)."""
        supervisors = [
            user for user in self.supervisors(clock.office_id) if user.pk not in withheld
        ]
        admins = [user for user in self.admins(clock.agency_id) if user.pk not in withheld]
        if level == 1:
            return supervisors or admins
        if level == 2:
            return admins
        return list({user.pk: user for user in [*supervisors, *admins]}.values())


def _levels_due(clock: Clock, now: datetime, calendar: BusinessCalendar) -> list[int]:
    levels = []
    for level in range(clock.escalation_level + 1, Clock.MAX_LEVEL + 1):
        if escalation_time(clock.due_at, level, calendar) > now:
            break
        levels.append(level)
    return levels


def _record(told: dict[tuple[int, int], list], at: datetime) -> set[tuple[int, int]]:
    """Insert the (clock, level) records in one statement; returns those that were new."""
    if not told:
        return set()
    keys = list(told)
    with connection.cursor() as cursor:
        cursor.execute(
            INSERT_ESCALATIONS,
            [
                [clock_id for clock_id, _level in keys],
                [level for _clock_id, level in keys],
                [at] * len(keys),
                [len(told[key]) for key in keys],
            ],
        )
        return {(clock_id, level) for clock_id, level in cursor.fetchall()}


def _notify(clock: Clock, level: int, people: list, handler) -> None:
    for person in people:
        with translation.override(person.language):
            label, link = str(handler.label(clock)), handler.url(clock)
        notify(
            recipient=person,
            template=TEMPLATE,
            context={
                "label": label,
                "level": level,
                "due_at": clock.due_at.isoformat(),
                "kind": clock.kind,
                "subject_id": clock.subject_id,
            },
            link=link,
        )


def _withheld(handler, clock: Clock) -> frozenset:
    withheld = getattr(handler, "withheld", None)
    return frozenset(withheld(clock)) if withheld is not None else frozenset()


def _escalate(clocks: list[Clock], now: datetime, recipients: Recipients) -> Counter:
    """Bring locked clocks to the level their time calls for, in one transaction: the records
    in one statement, then each new level's notifications and handler call, then the clocks'
    new levels and next times in one statement."""
    plans = []
    for clock in clocks:
        calendar = calendar_of(clock.agency_id)
        plans.append((clock, handler_for(clock.kind), calendar, _levels_due(clock, now, calendar)))
    told = {
        (clock.pk, level): recipients.for_level(clock, level, _withheld(handler, clock))
        for clock, handler, _calendar, levels in plans
        for level in levels
    }
    new = _record(told, now)
    counts = Counter()
    updates = []
    for clock, handler, calendar, levels in plans:
        for level in levels:
            clock.escalation_level = level
            if (clock.pk, level) not in new:
                continue  # recorded before: never notified nor acted on twice
            _notify(clock, level, told[clock.pk, level], handler)
            handler.escalate(clock, level)
            counts["escalations"] += 1
            counts["notifications"] += len(told[clock.pk, level])
            if clock.stopped_at is not None or clock.paused_at is not None:
                # The handler stopped or paused it: no further level, and no record of one.
                Escalation.objects.filter(
                    clock=clock,
                    level__in=[n for n in levels if n > level and (clock.pk, n) in new],
                ).delete()
                break
        counts["clocks"] += 1
        upcoming = escalation_time(clock.due_at, clock.escalation_level + 1, calendar)
        updates.append((clock.pk, clock.escalation_level, upcoming))
    with connection.cursor() as cursor:
        cursor.execute(UPDATE_CLOCKS, [list(column) for column in zip(*updates, strict=True)])
    return counts


def sla_sweep(
    *,
    now: datetime | None = None,
    batch_size: int = BATCH_SIZE,
    time_budget: timedelta = TIME_BUDGET,
) -> dict[str, int]:
    """Escalate the due clocks; returns counts (clocks, escalations, notifications, failed,
    batches). A clock whose escalation raises (a handler's bug, a deadlock) is rolled back
    alone, logged, and left for the next sweep."""
    refresh()
    recipients = Recipients()
    counts = Counter(clocks=0, escalations=0, notifications=0, failed=0, batches=0)
    failed: set[int] = set()
    stop_at = time.monotonic() + time_budget.total_seconds()
    while True:
        moment = now or timezone.now()
        with transaction.atomic():
            batch = list(
                Clock.objects.select_for_update(skip_locked=True)
                .filter(stopped_at__isnull=True, next_escalation_at__lte=moment)
                .exclude(pk__in=failed)
                .order_by("next_escalation_at")[:batch_size]
            )
            if not batch:
                break
            counts["batches"] += 1
            try:
                with transaction.atomic():
                    counts.update(_escalate(batch, moment, recipients))
            except Exception:
                logger.warning("A clock of a batch failed; escalating them one by one")
                # Fresh rows (the savepoint rolled back what the attempt changed); still locked.
                for clock in Clock.objects.filter(pk__in=[c.pk for c in batch]).order_by(
                    "next_escalation_at"
                ):
                    try:
                        with transaction.atomic():
                            counts.update(_escalate([clock], moment, recipients))
                    except Exception:
                        logger.exception(
                            "Escalating clock %s failed; the next sweep retries", clock.pk
                        )
                        failed.add(clock.pk)
                        counts["failed"] += 1
        if time.monotonic() >= stop_at:
            break
    if counts["escalations"] or counts["failed"]:
        logger.info("SLA sweep: %s", dict(counts))
    return dict(counts)

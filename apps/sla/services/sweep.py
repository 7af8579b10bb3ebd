"""The sweep: escalate every running clock whose next escalation time has come.

Run every minute by Celery beat (tasks.sweep). It takes due clocks in batches, oldest first,
with `SELECT … FOR UPDATE SKIP LOCKED`, so concurrent sweeps share the work instead of
repeating it, and commits each batch. A clock is brought to the level its time calls for (all
three at once if sweeps were missed for days), each level recorded once: the Escalation row,
its notifications, the handler's action and the clock's new level are written in one
transaction (a savepoint per clock inside the batch's), and the unique (clock, level)
constraint refuses a second record whatever happens. A crash loses at most the batch in
progress, which the next sweep takes again.
"""

import logging
import time
from collections import Counter
from datetime import datetime, timedelta

from django.db import connection, transaction
from django.db.models import Case, DateTimeField, Q, Value, When
from django.utils import timezone, translation

from apps.notifications.services import notify

from .. import selectors
from ..calendar import calendar_of, refresh
from ..handlers import handler_for
from ..models import Clock, Escalation
from .clocks import escalation_time

logger = logging.getLogger(__name__)

BATCH_SIZE = 500
# Beat starts a sweep every minute; one that is still working after this stops between batches
# and leaves the rest to the next.
TIME_BUDGET = timedelta(seconds=50)
TEMPLATE = "sla.escalated"
INSERT_ESCALATION = (
    f"INSERT INTO {Escalation._meta.db_table} (clock_id, level, at, notified) "  # noqa: S608
    "VALUES (%s, %s, %s, 0) ON CONFLICT (clock_id, level) DO NOTHING RETURNING id"
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

    def for_level(self, clock: Clock, level: int) -> list:
        """Level 1: the office's supervisors (the agency's admins when the clock has no office
        or the office no supervisor); level 2: the agency's admins; level 3: both."""
        supervisors = self.supervisors(clock.office_id)
        if level == 1:
            return supervisors or self.admins(clock.agency_id)
        if level == 2:
            return self.admins(clock.agency_id)
        return list(
            {user.pk: user for user in [*supervisors, *self.admins(clock.agency_id)]}.values()
        )


def _record(clock: Clock, level: int, at: datetime) -> int | None:
    """Insert the (clock, level) record; None when it exists already."""
    with connection.cursor() as cursor:
        cursor.execute(INSERT_ESCALATION, [clock.pk, level, at])
        row = cursor.fetchone()
    return row[0] if row else None


def _notify(clock: Clock, level: int, people: list, handler) -> int:
    sent = 0
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
        sent += 1
    return sent


def _escalate(clock: Clock, now: datetime, recipients: Recipients) -> tuple[int, int]:
    """Bring one locked clock to the level its time calls for. Returns (levels, notified)."""
    handler = handler_for(clock.kind)
    calendar = calendar_of(clock.agency_id)
    target = clock.escalation_level
    while target < Clock.MAX_LEVEL and escalation_time(clock.due_at, target + 1, calendar) <= now:
        target += 1
    levels = notified = 0
    for level in range(clock.escalation_level + 1, target + 1):
        record = _record(clock, level, now)
        clock.escalation_level = level
        if record is None:
            continue
        people = recipients.for_level(clock, level)
        count = _notify(clock, level, people, handler)
        if count:
            Escalation.objects.filter(pk=record).update(notified=count)
        handler.escalate(clock, level)
        levels, notified = levels + 1, notified + count
        if clock.stopped_at is not None or clock.paused_at is not None:
            break  # the handler stopped or paused it: no further level
    upcoming = escalation_time(clock.due_at, clock.escalation_level + 1, calendar)
    if upcoming is not None:
        # The handler may have stopped or paused the clock (with another instance, even): a
        # clock that is not running keeps no next escalation time.
        upcoming = Case(
            When(Q(stopped_at__isnull=True, paused_at__isnull=True), then=Value(upcoming)),
            default=None,
            output_field=DateTimeField(),
        )
    Clock.objects.filter(pk=clock.pk).update(
        escalation_level=clock.escalation_level, next_escalation_at=upcoming
    )
    return levels, notified


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
            for clock in batch:
                try:
                    with transaction.atomic():
                        levels, notified = _escalate(clock, moment, recipients)
                except Exception:
                    logger.exception("Escalating clock %s failed; the next sweep retries", clock.pk)
                    failed.add(clock.pk)
                    counts["failed"] += 1
                    continue
                counts["clocks"] += 1
                counts["escalations"] += levels
                counts["notifications"] += notified
        if time.monotonic() >= stop_at:
            break
    if counts["escalations"] or counts["failed"]:
        logger.info("SLA sweep: %s", dict(counts))
    return dict(counts)

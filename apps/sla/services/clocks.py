"""Starting, pausing, resuming and stopping deadline clocks (the API workflow apps call).

Each change is a guarded update or runs on the locked row, so calling it twice, or from two
workers at once, has one effect; the functions return whether they changed anything. They
write no audit event: the workflow service that calls them records what the person did.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from apps.organisations.models import Agency, Office

from ..calendar import AMMAN, ONE_DAY, BusinessCalendar, calendar_of, refresh
from ..handlers import handler_for
from ..models import Clock

RECALCULATE_BATCH = 1000


def grace() -> timedelta:
    return timedelta(hours=settings.SLA_ESCALATION_GRACE_HOURS)


def escalation_time(due_at: datetime, level: int, calendar: BusinessCalendar) -> datetime | None:
    """When a clock due at `due_at` reaches `level`: 1 when due, 2 and 3 a grace apart."""
    if level > Clock.MAX_LEVEL:
        return None
    if level <= 1:
        return due_at
    return calendar.add(due_at, (level - 1) * grace())


def _due(clock: Clock, calendar: BusinessCalendar) -> datetime:
    return calendar.add(clock.started_at, clock.budget + clock.paused_total)


@dataclass(frozen=True)
class ClockStart:
    """One deadline to start: `days` business days plus `hours` business hours of the agency."""

    kind: str
    subject_id: str
    purpose: str
    agency: Agency
    office: Office | None = None
    days: int = 0
    hours: float = 0


def _new_clock(start: ClockStart, started_at: datetime) -> Clock:
    handler_for(start.kind)  # a kind without a handler is refused: no sweep could escalate it
    if start.days < 0 or start.hours < 0:
        raise ValueError("A deadline cannot be negative.")
    if start.office is not None and start.office.agency_id != start.agency.pk:
        raise ValueError("The office must belong to the clock's agency.")
    calendar = calendar_of(start.agency)
    budget = start.days * calendar.hours.length + timedelta(hours=start.hours)
    due_at = calendar.add(started_at, budget)
    return Clock(
        kind=start.kind,
        subject_id=str(start.subject_id),
        purpose=start.purpose,
        agency=start.agency,
        office=start.office,
        budget=budget,
        started_at=started_at,
        due_at=due_at,
        next_escalation_at=due_at,
    )


@transaction.atomic
def clock_start(
    *,
    kind: str,
    subject_id: str,
    purpose: str,
    agency,
    office,
    days: int = 0,
    hours: float = 0,
    started_at: datetime | None = None,
) -> Clock:
    """Start a deadline of `days` business days plus `hours` business hours of the agency.

    Starting a clock that is already running (same kind, subject and purpose) returns the
    running one unchanged, so a retried task does not fail or start a second one. A kind
    without a registered handler is refused: no sweep could escalate it.
    """
    new = _new_clock(
        ClockStart(kind, str(subject_id), purpose, agency, office, days, hours),
        started_at or timezone.now(),
    )
    try:
        with transaction.atomic():
            new.save(force_insert=True)
            return new
    except IntegrityError:
        running = Clock.objects.filter(
            kind=kind, subject_id=str(subject_id), purpose=purpose, stopped_at__isnull=True
        ).first()
        if running is None:
            raise
        return running


def clocks_start(starts: list[ClockStart], *, started_at: datetime | None = None) -> None:
    """Start many deadlines in one INSERT (routing a batch of referrals); one already running
    (same kind, subject and purpose) is left as it is, as clock_start would."""
    started_at = started_at or timezone.now()
    Clock.objects.bulk_create(
        [_new_clock(start, started_at) for start in starts], ignore_conflicts=True
    )


@transaction.atomic
def clock_pause(*, clock: Clock, at: datetime | None = None) -> bool:
    """Stop counting (waiting for the citizen, say); the sweep leaves a paused clock alone."""
    at = at or timezone.now()
    changed = Clock.objects.filter(
        pk=clock.pk, stopped_at__isnull=True, paused_at__isnull=True
    ).update(paused_at=at, next_escalation_at=None)
    if changed:
        clock.paused_at, clock.next_escalation_at = at, None
    return bool(changed)


def _end_pause(clock: Clock, at: datetime, calendar: BusinessCalendar) -> dict:
    """The fields that close the clock's pause at `at`: the business time it lasted is added to
    paused_total, which pushes due_at forward by as much."""
    paused = calendar.between(clock.paused_at, max(at, clock.paused_at))
    clock.paused_total += paused
    clock.paused_at = None
    clock.due_at = _due(clock, calendar)
    return {"paused_at": None, "paused_total": clock.paused_total, "due_at": clock.due_at}


def _locked_running(clock: Clock, **extra) -> Clock | None:
    return (
        Clock.objects.select_for_update()
        .filter(pk=clock.pk, stopped_at__isnull=True, **extra)
        .first()
    )


def _copy(source: Clock, target: Clock) -> None:
    for field in ("due_at", "paused_at", "paused_total", "stopped_at", "next_escalation_at"):
        setattr(target, field, getattr(source, field))


@transaction.atomic
def clock_resume(*, clock: Clock, at: datetime | None = None) -> bool:
    at = at or timezone.now()
    current = _locked_running(clock, paused_at__isnull=False)
    if current is None:
        return False
    calendar = calendar_of(current.agency_id)
    fields = _end_pause(current, at, calendar)
    current.next_escalation_at = escalation_time(
        current.due_at, current.escalation_level + 1, calendar
    )
    Clock.objects.filter(pk=current.pk).update(
        next_escalation_at=current.next_escalation_at, **fields
    )
    _copy(current, clock)
    return True


@transaction.atomic
def clock_stop(*, clock: Clock, at: datetime | None = None) -> bool:
    """The deadline is met (or no longer applies). A paused clock's pause ends here, so that
    `stopped_at <= due_at` always says whether it was met."""
    at = at or timezone.now()
    current = _locked_running(clock)
    if current is None:
        return False
    fields = {"stopped_at": at, "next_escalation_at": None}
    if current.paused_at is not None:
        fields |= _end_pause(current, at, calendar_of(current.agency_id))
    current.stopped_at, current.next_escalation_at = at, None
    Clock.objects.filter(pk=current.pk).update(**fields)
    _copy(current, clock)
    return True


def clocks_recalculate(*, agency_id: int, day: date) -> int:
    """Recompute the deadlines of an agency's running clocks whose span includes `day`, after a
    holiday was added, cancelled or moved there. Returns how many changed.

    Paused clocks are left alone (resuming recomputes them). A clock already escalated keeps
    its level; its next escalation follows the new due time.
    """
    refresh()
    calendar = calendar_of(agency_id)
    day_start = datetime.combine(day, time.min, AMMAN)
    affected = Clock.objects.filter(
        Q(agency_id=agency_id, stopped_at__isnull=True, paused_at__isnull=True)
        & Q(due_at__gte=day_start, started_at__lt=day_start + ONE_DAY)
    )
    changed, last = 0, 0
    while True:
        with transaction.atomic():
            batch = list(
                affected.filter(pk__gt=last).select_for_update().order_by("pk")[:RECALCULATE_BATCH]
            )
            if not batch:
                return changed
            for clock in batch:
                due_at = _due(clock, calendar)
                if due_at == clock.due_at:
                    continue
                Clock.objects.filter(pk=clock.pk).update(
                    due_at=due_at,
                    next_escalation_at=escalation_time(
                        due_at, clock.escalation_level + 1, calendar
                    ),
                )
                changed += 1
            last = batch[-1].pk

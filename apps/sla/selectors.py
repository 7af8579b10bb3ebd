from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import F, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.core.models import in_active_language
from apps.organisations.models import Agency, Membership, User
from apps.organisations.selectors import agencies_administered_by

from . import calendar
from .models import AgencyCalendar, Clock, HolidayOverride

Role = Membership.Role
# A running clock with less than this share of its business time left is "at risk".
AT_RISK_SHARE = 0.25


class State:
    ON_TIME = "on_time"
    AT_RISK = "at_risk"
    BREACHED = "breached"
    PAUSED = "paused"
    STOPPED = "stopped"

    LABELS = {
        ON_TIME: _("On time"),
        AT_RISK: _("At risk"),
        BREACHED: _("Overdue"),
        PAUSED: _("Paused"),
        STOPPED: _("Stopped"),
    }


def clocks_for(kind: str, subject_id) -> QuerySet[Clock]:
    """Every clock of a workflow's subject, running and stopped, oldest first."""
    return Clock.objects.filter(kind=kind, subject_id=str(subject_id)).order_by("started_at", "pk")


def clock_state(clock: Clock, now: datetime | None = None) -> str:
    """Where a clock stands, for display. Breach is a fact of time passing: a running clock past
    its due time is breached whether or not the sweep has escalated it yet."""
    if clock.stopped_at is not None:
        return State.STOPPED
    if clock.paused_at is not None:
        return State.PAUSED
    now = now or timezone.now()
    if now >= clock.due_at:
        return State.BREACHED
    left = calendar.business_time_between(now, clock.due_at, agency=clock.agency_id)
    if left < clock.budget * AT_RISK_SHARE:
        return State.AT_RISK
    return State.ON_TIME


def supervisors_of(office_id: int) -> list[User]:
    return supervisors_of_offices([office_id]).get(office_id, [])


def supervisors_of_offices(office_ids) -> dict[int, list[User]]:
    """The active supervisors of each office, in one query."""
    found: dict[int, list[User]] = {}
    for user in (
        User.objects.filter(
            is_active=True,
            memberships__office_id__in=office_ids,
            memberships__role=Role.SUPERVISOR,
            memberships__is_active=True,
        )
        .annotate(supervised_office=F("memberships__office_id"))
        .distinct()
        .order_by("pk")
    ):
        found.setdefault(user.supervised_office, []).append(user)
    return found


def agency_admins_of(agency_id: int) -> list[User]:
    return list(
        User.objects.filter(
            is_active=True,
            memberships__office__agency_id=agency_id,
            memberships__role=Role.AGENCY_ADMIN,
            memberships__is_active=True,
        )
        .distinct()
        .order_by("pk")
    )


def calendar_agencies_of(user: User) -> QuerySet[Agency]:
    """The agencies whose calendar the user administers."""
    return agencies_administered_by(user).order_by("code")


@dataclass
class HolidayRow:
    """One line of an agency's holiday list for a year."""

    date: date
    name: str
    public: bool  # in holidays.JO
    estimated: bool
    cancelled: bool  # a public holiday the agency does not observe
    added: bool  # a holiday of the agency's own
    override: HolidayOverride | None


def agency_year(agency: Agency, year: int) -> list[HolidayRow]:
    """Jordan's public holidays of the year with the agency's changes, in date order. Read from
    the database, not the cache, so the admin sees a change at once whatever the process."""
    overrides = {o.date: o for o in HolidayOverride.objects.filter(agency=agency, date__year=year)}
    rows = []
    for holiday in calendar.public_holidays(year):
        override = overrides.pop(holiday.date, None)
        cancelled = override is not None and override.kind == HolidayOverride.Kind.REMOVE
        rows.append(
            HolidayRow(
                date=holiday.date,
                name=in_active_language(holiday.name_ar, holiday.name_en),
                public=True,
                estimated=holiday.estimated,
                cancelled=cancelled,
                added=False,
                override=override,
            )
        )
    for override in overrides.values():
        rows.append(
            HolidayRow(
                date=override.date,
                name=override.name,
                public=False,
                estimated=False,
                cancelled=override.kind == HolidayOverride.Kind.REMOVE,
                added=override.kind == HolidayOverride.Kind.ADD,
                override=override,
            )
        )
    return sorted(rows, key=lambda row: row.date)


def agency_hours(agency: Agency) -> tuple[calendar.WorkingHours, bool]:
    """The agency's working hours, read from the database, and whether they are its own."""
    row = AgencyCalendar.objects.filter(agency=agency).first()
    if row is not None and row.day_start is not None:
        return calendar.WorkingHours(row.day_start, row.day_end), True
    return calendar.default_hours(), False

"""`{% load sla %}`: a clock's deadline for people (`{% deadline clock %}`) and instants in
notification templates, whose context holds them as ISO strings (`{{ due_at|sla_when }}`)."""

from datetime import datetime

from django import template
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.formats import date_format

from ..models import Clock
from ..selectors import State, clock_state

register = template.Library()

BADGES = {
    State.ON_TIME: "text-bg-success",
    State.AT_RISK: "text-bg-warning",
    State.BREACHED: "text-bg-danger",
    State.PAUSED: "text-bg-secondary",
    State.STOPPED: "text-bg-light border",
}


def when(value: datetime) -> str:
    """Weekday, day, month and time in the active language and time zone ("Tue 12 Jan 14:00");
    the year too when it is not this year."""
    local = timezone.localtime(value)
    same_year = local.year == timezone.localtime().year
    return date_format(local, "D j M H:i" if same_year else "D j M Y H:i")


@register.filter
def sla_when(value) -> str:
    """An ISO 8601 instant (as notifications store it) shown as `when` does; "" if unreadable."""
    parsed = parse_datetime(value) if isinstance(value, str) else value
    return when(parsed) if isinstance(parsed, datetime) else ""


@register.inclusion_tag("sla/deadline.html")
def deadline(clock: Clock, now: datetime | None = None) -> dict:
    state = clock_state(clock, now)
    shown = clock.stopped_at if state == State.STOPPED else clock.due_at
    return {
        "state": state,
        "label": State.LABELS[state],
        "badge": BADGES[state],
        "iso": shown.isoformat(),
        "when": when(shown),
        "late": clock.stopped_at is not None and clock.stopped_at > clock.due_at,
    }

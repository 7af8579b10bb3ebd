"""`{% load sla %}`: a clock's deadline for people (`{% deadline clock %}`) and instants in
notification templates, whose context holds them as ISO strings (`{{ due_at|sla_when }}`)."""

from datetime import date, datetime
from functools import lru_cache

from django import template
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import get_language
from django.utils.translation import gettext as _

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


@lru_cache(maxsize=4096)
def _day(language: str, day: date, with_year: bool) -> str:
    return date_format(day, "D j M Y" if with_year else "D j M")


def when(value: datetime) -> str:
    """Weekday, day, month and time in the active language and time zone ("Tue 12 Jan 14:00");
    the year too when it is not this year. The day's words are formatted once per language and
    day (Django's date_format costs 40 µs, and a queue shows dozens of deadlines)."""
    local = timezone.localtime(value)
    same_year = local.year == timezone.localtime().year
    return f"{_day(get_language(), local.date(), not same_year)} {local:%H:%M}"


@register.filter
def sla_when(value) -> str:
    """An ISO 8601 instant (as notifications store it) shown as `when` does; "" if unreadable."""
    parsed = parse_datetime(value) if isinstance(value, str) else value
    return when(parsed) if isinstance(parsed, datetime) else ""


@register.simple_tag
def deadline(clock: Clock, now: datetime | None = None, state: str | None = None) -> str:
    """The clock's state in words and colour, and its due (or done) time; `state` when the view
    has it already (clock_state). Written in Python, not through an included template: a queue
    shows one per row, and at 25 rows the template was a fifth of the page's time."""
    state = state or clock_state(clock, now)
    shown = clock.stopped_at if state == State.STOPPED else clock.due_at
    values = {"when": when(shown)}
    if state == State.PAUSED:
        detail = format_html("<span>{}</span>", _("the deadline is suspended"))
    else:
        if state == State.BREACHED:
            text = _("was due %(when)s") % values
        elif state == State.STOPPED and clock.stopped_at > clock.due_at:
            text = _("done %(when)s, after the deadline") % values
        elif state == State.STOPPED:
            text = _("done %(when)s, on time") % values
        else:
            text = _("due %(when)s") % values
        detail = format_html('<time datetime="{}">{}</time>', shown.isoformat(), text)
    return format_html(
        '<span class="sla-deadline d-inline-flex flex-wrap align-items-center gap-1">'
        '<span class="badge {}">{}</span> {}</span>',
        BADGES[state],
        State.LABELS[state],
        detail,
    )

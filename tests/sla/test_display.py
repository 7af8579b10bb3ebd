"""A clock's state for display and the `{% deadline %}` tag: words, not colour only, in the
viewer's language and time zone."""

import re
from datetime import datetime, timedelta

import pytest
from django.template import Context, Template
from django.utils import timezone, translation

from apps.sla import services
from apps.sla.calendar import AMMAN
from apps.sla.selectors import State, clock_state
from apps.sla.templatetags.sla import sla_when, when
from tests.sla.factories import at, clock

pytestmark = pytest.mark.django_db

# Started Sunday 1 February 2026 at 10:00 with one business day: due Monday 2 February 10:00.
STARTED = at(2026, 2, 1, 10)
DUE = at(2026, 2, 2, 10)


def render(c, now, language="en") -> str:
    with translation.override(language):
        html = Template("{% load sla %}{% deadline clock now %}").render(
            Context({"clock": c, "now": now})
        )
    return html


def words(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


@pytest.fixture
def running(handler):
    return clock("A-1", started_at=STARTED, days=1)


@pytest.mark.parametrize(
    ("now", "state"),
    [
        (at(2026, 2, 1, 10), State.ON_TIME),
        # 1 h 45 min left of 7 h is 25 %: still on time; less is at risk.
        (at(2026, 2, 2, 8, 15), State.ON_TIME),
        (at(2026, 2, 2, 8, 16), State.AT_RISK),
        # Out of hours the time left stands still: on Sunday evening, Monday's two hours.
        (at(2026, 2, 1, 20), State.ON_TIME),
        (DUE, State.BREACHED),
        (DUE + timedelta(days=40), State.BREACHED),
    ],
)
def test_a_running_clock_is_on_time_at_risk_or_breached(running, now, state):
    assert clock_state(running, now) == state


def test_paused_and_stopped_clocks_say_so(running, handler):
    services.clock_pause(clock=running, at=at(2026, 2, 1, 11))
    assert clock_state(running, DUE + timedelta(days=3)) == State.PAUSED
    services.clock_stop(clock=running, at=at(2026, 2, 1, 12))
    assert clock_state(running, DUE + timedelta(days=3)) == State.STOPPED


def test_the_tag_says_the_state_in_words_and_the_due_time(running):
    with translation.override("en"):
        due = when(DUE)
    html = render(running, at(2026, 2, 2, 9))
    assert words(html) == f"At risk due {due}"
    assert "text-bg-warning" in html
    assert f'datetime="{DUE.isoformat()}"' in html
    assert words(render(running, at(2026, 2, 1, 11))) == f"On time due {due}"
    assert words(render(running, DUE)) == f"Overdue was due {due}"


def test_the_tag_for_paused_and_stopped_clocks(running, handler):
    services.clock_pause(clock=running, at=at(2026, 2, 1, 11))
    assert words(render(running, DUE)) == "Paused the deadline is suspended"
    services.clock_resume(clock=running, at=at(2026, 2, 1, 12))
    services.clock_stop(clock=running, at=at(2026, 2, 2, 10, 30))
    running.refresh_from_db()
    with translation.override("en"):
        done = when(at(2026, 2, 2, 10, 30))
    # Paused for an hour, so due at 11:00: done in time.
    assert words(render(running, DUE)) == f"Stopped done {done}, on time"
    late = clock("A-2", started_at=STARTED, hours=1)
    services.clock_stop(clock=late, at=at(2026, 2, 1, 12))
    late.refresh_from_db()
    assert words(render(late, DUE)).endswith(", after the deadline")


def test_dates_are_in_the_viewers_language_and_time_zone():
    this_year = timezone.localdate().year
    moment = datetime(this_year, 1, 12, 14, 0, tzinfo=AMMAN)
    with translation.override("en"):
        english = when(moment)
        assert english.endswith(" 12 Jan 14:00") and len(english.split()) == 4
        with timezone.override("UTC"):
            assert when(moment).endswith(" 12 Jan 11:00")
        # Another year is named.
        assert when(moment.replace(year=this_year - 1)).endswith(f" 12 Jan {this_year - 1} 14:00")
    with translation.override("ar"):
        assert "يناير" in when(moment)


def test_notification_instants_are_read_from_their_iso_text():
    moment = at(2026, 2, 2, 10)
    with translation.override("en"):
        assert sla_when(moment.isoformat()) == when(moment)
        assert sla_when("not a date") == ""
        assert sla_when(None) == ""

from dataclasses import dataclass, field

import pytest
from django.utils.translation import get_language

from apps.sla import calendar, handlers
from tests.sla.apps import KIND


@dataclass
class RecordingHandler:
    """A workflow's handler as the tests see it: says what the clock is about and remembers
    every escalation it was asked to act on."""

    calls: list = field(default_factory=list)
    fail_for: set = field(default_factory=set)

    def label(self, clock) -> str:
        # The active language in the label shows that it is asked in each recipient's language.
        return f"Thing {clock.subject_id} ({get_language()})"

    def url(self, clock) -> str:
        return f"/{get_language()}/staff/things/{clock.subject_id}/"

    def escalate(self, clock, level: int) -> None:
        if clock.subject_id in self.fail_for:
            raise RuntimeError("the workflow could not act")
        self.calls.append((clock.subject_id, level))


@pytest.fixture(autouse=True)
def fresh_calendar():
    """Tests roll their rows back; the calendar cache must not outlive them."""
    calendar.refresh()
    yield
    calendar.refresh()


@pytest.fixture
def handler(monkeypatch):
    recording = RecordingHandler()
    monkeypatch.setitem(handlers._registry, KIND, recording)
    return recording

from dataclasses import dataclass, field

import kombu.pools
import pytest
from celery import current_app
from django.utils.translation import get_language

from apps.sla import calendar, handlers
from tests.sla.apps import KIND


@dataclass
class RecordingHandler:
    """A workflow's handler as the tests see it: says what the clock is about and remembers
    every escalation it was asked to act on."""

    calls: list = field(default_factory=list)
    fail_for: set = field(default_factory=set)
    keep_from: dict = field(default_factory=dict)  # subject id -> user ids not to tell

    def label(self, clock) -> str:
        # The active language in the label shows that it is asked in each recipient's language.
        return f"Thing {clock.subject_id} ({get_language()})"

    def url(self, clock) -> str:
        return f"/{get_language()}/staff/things/{clock.subject_id}/"

    def withheld(self, clock) -> set:
        return self.keep_from.get(clock.subject_id, set())

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


def _reset_broker_pools():
    kombu.pools.reset()
    current_app._pool = None
    current_app.amqp._producer_pool = None


@pytest.fixture
def fresh_broker_pools():
    """Celery's broker connections built afresh before and after the test.

    apps.notifications.bench.queue_on (used by the SLA benchmark and by other apps' tests)
    closes the app's connection pool when it switches brokers but leaves kombu's registry
    holding the producer pool built on it, which Celery then hands out again, closed ("Acquire
    on closed pool"), even to an eager task."""
    _reset_broker_pools()
    yield
    _reset_broker_pools()

import pytest
from django.utils import timezone

from apps.sla import calendar


@pytest.fixture(autouse=True)
def fresh_calendar():
    """The business calendar's cache must not outlive a test's rolled-back rows."""
    calendar.refresh()
    yield
    calendar.refresh()


@pytest.fixture
def travel(monkeypatch):
    """`travel(moment)`: from now on timezone.now reads `moment` (services, auto_now fields)."""

    def to(moment):
        monkeypatch.setattr(timezone, "now", lambda: moment)
        return moment

    return to


# The agency dashboard's hand-made data set and personas (tests/dashboards/dataset.py).
from tests.dashboards.dataset import (  # noqa: E402, F401
    dataset,
    in_english,
    media_root,
    mosd_admin,
    naf_admin,
    oversight,
    refreshed,
)

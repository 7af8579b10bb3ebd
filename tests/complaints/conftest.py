import pytest
from django.utils import timezone, translation

from apps.organisations.models import Membership
from apps.sla import calendar
from tests.organisations.factories import staff

Role = Membership.Role


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture(autouse=True)
def fresh_calendar():
    """Tests roll their rows back; the business calendar's cache must not outlive them."""
    calendar.refresh()
    yield
    calendar.refresh()


@pytest.fixture(autouse=True)
def in_english():
    """Services' messages are checked in English; pages take their language from the URL."""
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def no_fill_delay(settings):
    """The public form's minimum fill time is tested on its own (test_public.py)."""
    settings.COMPLAINTS_MIN_FILL_SECONDS = 0


@pytest.fixture
def officer(db):
    """A complaints officer of the National Aid Fund's head office, where its complaints go."""
    return staff("NAF", None, Role.COMPLAINTS_OFFICER, email="complaints@naf.example.jo")


@pytest.fixture
def officer_2(db):
    return staff(
        "NAF", None, Role.COMPLAINTS_OFFICER, email="complaints2@naf.example.jo", language="en"
    )


@pytest.fixture
def unit_supervisor(db):
    """A supervisor of the head office: the complaints unit's supervisor."""
    return staff("NAF", None, Role.SUPERVISOR, email="supervisor.hq@naf.example.jo")


@pytest.fixture
def naf_admin(db):
    return staff("NAF", None, Role.AGENCY_ADMIN, email="admin@naf.example.jo")


@pytest.fixture
def amman_officer(db):
    """A complaints officer of the same agency's Amman office."""
    return staff("NAF", "AM", Role.COMPLAINTS_OFFICER, email="complaints.am@naf.example.jo")


@pytest.fixture
def mosd_officer(db):
    """A complaints officer of another agency."""
    return staff("MOSD", None, Role.COMPLAINTS_OFFICER, email="complaints@mosd.example.jo")


@pytest.fixture
def intake_officer(db):
    return staff("MOSD", "AM", Role.INTAKE_OFFICER, email="intake@mosd.example.jo")


@pytest.fixture
def travel(monkeypatch):
    """`travel(moment)`: from now on timezone.now reads `moment`."""

    def to(moment):
        monkeypatch.setattr(timezone, "now", lambda: moment)
        return moment

    return to

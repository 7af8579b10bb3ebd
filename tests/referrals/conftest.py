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
    """Services' messages are checked in English, their Arabic being the catalogue's (`arabic()`
    in helpers.py); pages take their language from the URL whatever this says."""
    with translation.override("en"):
        yield


@pytest.fixture
def naf_worker(db):
    """A social worker of the National Aid Fund's Amman office, where Amman referrals go."""
    return staff("NAF", "AM", Role.SOCIAL_WORKER, email="worker.am@naf.example.jo")


@pytest.fixture
def naf_worker_2(db):
    return staff("NAF", "AM", Role.SOCIAL_WORKER, email="worker2.am@naf.example.jo", language="en")


@pytest.fixture
def naf_supervisor(db):
    return staff("NAF", "AM", Role.SUPERVISOR, email="supervisor.am@naf.example.jo")


@pytest.fixture
def naf_head_supervisor(db):
    """A supervisor of the National Aid Fund's head office (the last routing step), English."""
    return staff("NAF", None, Role.SUPERVISOR, email="supervisor.hq@naf.example.jo", language="en")


@pytest.fixture
def naf_admin(db):
    return staff("NAF", None, Role.AGENCY_ADMIN, email="admin@naf.example.jo")


@pytest.fixture
def mosd_worker_2(db):
    """Another social worker of the sender's office, who does not own the case."""
    return staff("MOSD", "AM", Role.SOCIAL_WORKER, email="worker2@mosd.example.jo")


@pytest.fixture
def complaints_officer(db):
    """Staff, but in no role that works on referrals."""
    return staff("NAF", "AM", Role.COMPLAINTS_OFFICER, email="complaints.am@naf.example.jo")


@pytest.fixture
def travel(monkeypatch):
    """`travel(moment)`: from now on the project's clock (timezone.now) reads `moment`, so that
    clocks start, pause and stop when the test says, and the real sweep can be run later."""

    def to(moment):
        monkeypatch.setattr(timezone, "now", lambda: moment)
        return moment

    return to

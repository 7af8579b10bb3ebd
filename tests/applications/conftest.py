import pytest
from django.utils import timezone, translation

from apps.organisations.models import Membership
from apps.sla import calendar
from tests.organisations.factories import UserFactory, staff

Role = Membership.Role


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture(autouse=True)
def fresh_calendar():
    calendar.refresh()
    yield
    calendar.refresh()


@pytest.fixture(autouse=True)
def in_english():
    """Services' messages are checked in English."""
    with translation.override("en"):
        yield


@pytest.fixture
def applicant(db):
    return UserFactory(email="applicant@example.jo", language="ar")


@pytest.fixture
def other_citizen(db):
    return UserFactory(email="other.citizen@example.jo")


@pytest.fixture
def reviewer(db):
    """A social worker of the National Aid Fund's Amman office, where Amman applications go."""
    return staff("NAF", "AM", Role.SOCIAL_WORKER, email="reviewer.am@naf.example.jo")


@pytest.fixture
def reviewer_2(db):
    return staff("NAF", "AM", Role.SOCIAL_WORKER, email="reviewer2.am@naf.example.jo")


@pytest.fixture
def naf_supervisor(db):
    return staff("NAF", "AM", Role.SUPERVISOR, email="supervisor.am@naf.example.jo")


@pytest.fixture
def naf_admin(db):
    return staff("NAF", None, Role.AGENCY_ADMIN, email="admin@naf.example.jo")


@pytest.fixture
def irbid_worker(db):
    return staff("NAF", "IR", Role.SOCIAL_WORKER, email="worker.ir@naf.example.jo")


@pytest.fixture
def travel(monkeypatch):
    """`travel(moment)`: from now on timezone.now reads `moment`."""

    def to(moment):
        monkeypatch.setattr(timezone, "now", lambda: moment)
        return moment

    return to

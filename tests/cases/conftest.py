import pytest

from apps.organisations.models import Membership
from tests.organisations.factories import staff

Role = Membership.Role


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Uploaded documents go to a folder of the test's own."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def colleague(db):
    """Another social worker of the Amman office of MoSD: neither the owner nor a supervisor."""
    return staff("MOSD", "AM", Role.SOCIAL_WORKER, email="colleague@mosd.example.jo")


@pytest.fixture
def irbid_worker(db):
    return staff("MOSD", "IR", Role.SOCIAL_WORKER, email="worker.irbid@mosd.example.jo")


@pytest.fixture
def irbid_supervisor(db):
    return staff("MOSD", "IR", Role.SUPERVISOR, email="supervisor.irbid@mosd.example.jo")

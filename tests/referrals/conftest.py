import pytest

from apps.organisations.models import Membership
from tests.organisations.factories import staff

Role = Membership.Role


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def naf_worker(db):
    """A social worker of the National Aid Fund's Amman office, where Amman referrals go."""
    return staff("NAF", "AM", Role.SOCIAL_WORKER, email="worker.am@naf.example.jo")


@pytest.fixture
def naf_supervisor(db):
    return staff("NAF", "AM", Role.SUPERVISOR, email="supervisor.am@naf.example.jo")


@pytest.fixture
def naf_admin(db):
    return staff("NAF", None, Role.AGENCY_ADMIN, email="admin@naf.example.jo")

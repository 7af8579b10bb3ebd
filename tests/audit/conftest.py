import pytest
from django.core.cache import cache

from apps.organisations.models import Membership
from tests.organisations.factories import staff

Role = Membership.Role


@pytest.fixture
def oversight(db):
    return staff("MOSD", None, Role.OVERSIGHT, email="oversight@masar.example.jo")


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Sign-in rate limits live in the (locmem) cache: each test starts without them."""
    cache.clear()
    yield
    cache.clear()

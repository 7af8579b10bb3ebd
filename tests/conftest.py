"""Personas shared by every test: DESIGN.md, "Tests"."""

import pytest
from celery._state import _set_task_join_will_block
from django.core.cache import cache
from django.test import Client
from django.utils import translation

from apps.organisations.models import Membership
from tests.organisations.factories import UserFactory, ensure_reference_data, staff

Role = Membership.Role


@pytest.fixture(autouse=True)
def _process_state():
    """Each test starts from the same process-wide state, whichever test ran before it in this
    process (the suite runs in several, in an order that changes from run to run):
    - English active: a request leaves its language active after it, and a test that calls a
      service directly reads the service's messages in English;
    - Celery not marked as inside a worker: building a worker's pool in-process (a real broker
      in the SLA reliability tests) marks the process, after which `result.get()` refuses."""
    translation.activate("en")
    yield
    translation.deactivate()
    _set_task_join_will_block(False)


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache: the test settings' in-memory cache outlives the
    rolled-back transaction of a test, and with it whatever a page cached from that data."""
    cache.clear()


@pytest.fixture(autouse=True)
def _reference_data(request):
    """Every database test starts with the governorates, agencies and offices of the reference
    data migration: a transactional test (a browser journey, a real worker) empties every table
    when it ends, and any test may run after one."""
    marker = request.node.get_closest_marker("django_db")
    names = set(request.fixturenames)
    if marker is None and not names & {"db", "transactional_db"}:
        return
    transactional = "transactional_db" in names or bool(marker and marker.kwargs.get("transaction"))
    request.getfixturevalue("transactional_db" if transactional else "db")
    ensure_reference_data()


@pytest.fixture
def social_worker(db):
    return staff("MOSD", "AM", Role.SOCIAL_WORKER, email="worker@mosd.example.jo")


@pytest.fixture
def supervisor(db):
    return staff("MOSD", "AM", Role.SUPERVISOR, email="supervisor@mosd.example.jo")


@pytest.fixture
def other_agency_worker(db):
    return staff("NAF", "IR", Role.SOCIAL_WORKER, email="worker@naf.example.jo")


@pytest.fixture
def agency_admin(db):
    return staff("MOSD", None, Role.AGENCY_ADMIN, email="admin@mosd.example.jo")


@pytest.fixture
def other_agency_admin(db):
    return staff("NAF", None, Role.AGENCY_ADMIN, email="admin@naf.example.jo")


@pytest.fixture
def citizen(db):
    return UserFactory(email="citizen@example.jo")


@pytest.fixture
def anonymous_client():
    return Client()


@pytest.fixture
def client_for(db):
    """`client_for(user)`: a test client signed in as that user (second factor already passed)."""

    def make(user):
        client = Client()
        client.force_login(user)
        return client

    return make

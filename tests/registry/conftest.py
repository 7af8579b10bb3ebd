import pytest

from apps.organisations.models import Membership

# The browser fixtures (Debian's Chromium, screenshots, the axe scan) for test_browser.py.
from tests.browser.conftest import (  # noqa: F401
    assert_accessible,
    browser_type_launch_args,
    screenshot,
)
from tests.organisations.factories import staff


@pytest.fixture
def intake_officer(db):
    """The front desk of the MoSD Amman office, beside the shared personas' social worker."""
    return staff("MOSD", "AM", Membership.Role.INTAKE_OFFICER, email="intake@mosd.example.jo")

import pytest

from apps.organisations.models import Membership

# The browser fixtures (Debian's Chromium, screenshots, the axe scan) for test_browser.py.
from tests.browser.conftest import (  # noqa: F401
    assert_accessible,
    browser_type_launch_args,
    screenshot,
)
from tests.catalogue.factories import card
from tests.organisations.factories import staff

Role = Membership.Role


@pytest.fixture
def mosd_card(db):
    """A published card of MoSD, the agency of the shared `agency_admin` persona."""
    return card(
        "MOSD",
        slug="mosd-day-care",
        name_ar="مراكز الرعاية النهارية لكبار السن",
        name_en="Day-care centres for older people",
        summary_ar="رعاية نهارية وأنشطة لكبار السن في مراكز مرخصة.",
        summary_en="Day care and activities for older people in licensed centres.",
        documents=[("صورة الهوية الشخصية", "A copy of the ID card")],
    )


@pytest.fixture
def naf_card(db):
    """A published card of NAF: another agency's, read-only to MoSD's administrator."""
    return card(
        "NAF",
        slug="naf-emergency-aid",
        name_ar="المعونة النقدية الطارئة",
        name_en="Emergency cash aid",
        summary_ar="مساعدة نقدية لمرة واحدة للأسر التي تمر بظرف طارئ.",
        summary_en="One-off cash aid for families facing an emergency.",
    )


@pytest.fixture
def mosd_draft(db):
    return card("MOSD", slug="mosd-draft", publish=False, name_en="A draft of MoSD")


@pytest.fixture
def naf_draft(db):
    return card("NAF", slug="naf-draft", publish=False, name_en="A draft of NAF")


@pytest.fixture
def second_mosd_admin(db):
    return staff("MOSD", None, Role.AGENCY_ADMIN, email="admin2@mosd.example.jo")


@pytest.fixture
def office_agency(db):
    """MoSD, the agency the shared `agency_admin` persona administers."""
    from apps.organisations.models import Agency
    from tests.organisations.factories import ensure_reference_data

    ensure_reference_data()
    return Agency.objects.get(code="MOSD")

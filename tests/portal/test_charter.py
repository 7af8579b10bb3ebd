"""The customer charter: rights and obligations, and the times one agency at a time promises
(its published services, its complaint subjects), in both languages, in a fixed number of
queries."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from apps.portal.charter import SERVICES_PER_PAGE
from tests.catalogue.factories import card
from tests.complaints.factories import category

pytestmark = pytest.mark.django_db


def url(lang: str = "en", **query) -> str:
    with translation.override(lang):
        address = reverse("portal:charter")
    return address + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def html(response) -> str:
    return response.content.decode()


@pytest.fixture
def promises(db):
    return {
        "naf": card(
            "NAF",
            name_en="Monthly cash aid",
            name_ar="المعونة النقدية الشهرية",
            processing_days=12,
            referral_response_days=4,
            fee=Decimal("2.5"),
        ),
        "mosd": card("MOSD", name_en="Foster care", name_ar="الاحتضان", processing_days=30),
        "draft": card("NAF", name_en="Not yet published", publish=False),
        "late_payment": category(
            "NAF", name_en="Late payment", name_ar="تأخر الصرف", acknowledge_hours=7, resolve_days=5
        ),
        "stopped": category("NAF", name_en="Old subject", name_ar="موضوع قديم", is_active=False),
    }


def test_the_charter_names_rights_and_obligations(promises, anonymous_client):
    page = anonymous_client.get(url())
    assert page.status_code == 200
    body = html(page)
    assert "Your rights" in body and "Your obligations" in body
    assert "To be treated with respect" in body
    assert "To keep your contact details" in body


def test_the_chosen_agency_shows_its_services_and_complaint_times(promises, anonymous_client):
    body = html(anonymous_client.get(url(agency="NAF")))
    assert "Monthly cash aid" in body and "12 working days" in body and "4 working days" in body
    assert "2.500 Jordanian dinars" in body
    assert "Late payment" in body and "7 working hours" in body and "5 working days" in body
    assert "Foster care" not in body  # another agency's
    assert "Not yet published" not in body and "Old subject" not in body
    other = html(anonymous_client.get(url(agency="MOSD")))
    assert "Foster care" in other and "30 working days" in other
    assert "Monthly cash aid" not in other and "Late payment" not in other


def test_without_a_choice_the_first_agency_is_shown(promises, anonymous_client):
    page = anonymous_client.get(url())
    choices = page.context["form"].fields["agency"].choices
    assert page.context["agency"]["code"] == choices[0][0]
    assert {code for code, _name in choices} >= {"NAF", "MOSD"}


@pytest.mark.parametrize("agency", ["NOPE", "", "ZAKAT"])
def test_an_unknown_agency_is_not_found(agency, promises, anonymous_client):
    # ZAKAT exists but promises nothing here: no published card, no complaint subject.
    assert anonymous_client.get(url(agency=agency)).status_code == 404


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_the_charter_reads_in_both_languages(lang, promises, anonymous_client):
    page = anonymous_client.get(url(lang, agency="NAF"))
    assert page.status_code == 200
    body = html(page)
    if lang == "ar":
        assert 'dir="rtl"' in body and "المعونة النقدية الشهرية" in body and "تأخر الصرف" in body
    else:
        assert 'dir="ltr"' in body and "Monthly cash aid" in body


def test_services_come_in_pages_in_a_fixed_number_of_queries(
    promises, anonymous_client, django_assert_num_queries
):
    # session-less visitor: agencies, services page, complaint subjects
    with django_assert_num_queries(3):
        first = anonymous_client.get(url(agency="NAF"))
    assert first.context["page"].next_cursor is None
    for n in range(SERVICES_PER_PAGE):
        card("NAF", name_en=f"Extra service {n:02}", name_ar=f"خدمة إضافية {n:02}")
    with django_assert_num_queries(3):
        first = anonymous_client.get(url(agency="NAF"))
    page = first.context["page"]
    assert len(page.items) == SERVICES_PER_PAGE and page.next_cursor
    second = anonymous_client.get(url(agency="NAF", cursor=page.next_cursor))
    # 51 published NAF cards in all, by name: the extras, then "Monthly cash aid".
    assert [s.name_en for s in second.context["page"].items] == ["Monthly cash aid"]
    assert "Foster care" not in html(second)

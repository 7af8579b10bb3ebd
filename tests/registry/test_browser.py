"""The front desk registers a household in a real browser, in Arabic, then checks it in English."""

import re

import pytest
from playwright.sync_api import expect

from apps.registry.models import Household, Person
from tests.browser.helpers import sign_in
from tests.registry.factories import PersonFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def fill_person(page, *, id_number, first, father, grandfather, family, born, sex="male"):
    page.fill("#id_id_number", id_number)
    page.fill("#id_first_name_ar", first)
    page.fill("#id_father_name_ar", father)
    page.fill("#id_grandfather_name_ar", grandfather)
    page.fill("#id_family_name_ar", family)
    page.fill("#id_birth_date", born)
    page.check(f"input[name=sex][value={sex}]")


def test_intake_officer_registers_a_household(
    live_server, page, intake_officer, screenshot, assert_accessible
):
    base = live_server.url
    # Someone already registered, born the same day as the husband, with a close name.
    PersonFactory(
        first_name_ar="أحمد",
        father_name_ar="محمد",
        grandfather_name_ar="علي",
        family_name_ar="الخطيب",
        birth_date="1979-05-02",
        agencies=["MOSD"],
    )
    sign_in(page, base, "ar", intake_officer.email)

    page.goto(f"{base}/ar/staff/people/")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    page.fill("#id_q", "الخطيب")
    page.locator("main form[role=search] button[type=submit]").click()
    expect(page.locator("main table")).to_contain_text("الخطيب")
    assert_accessible()
    screenshot("registry-search-ar")

    page.goto(f"{base}/ar/staff/people/new/")
    fill_person(
        page,
        id_number="٩٧٩١٢٣٤٥٦٨",
        first="احمد",
        father="محمد",
        grandfather="على",
        family="الخطيب",
        born="1979-05-02",
    )
    page.fill("#id_mobile", "079 123 4567")
    page.locator("main form button[type=submit]").click()
    expect(page.locator("#duplicates-heading")).to_be_visible()
    assert Person.objects.count() == 1
    assert_accessible()
    screenshot("registry-duplicate-warning-ar")

    page.check("#id_register_anyway")
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/ar/staff/people/\d+/$"))
    expect(page.locator("h1")).to_have_text("احمد محمد على الخطيب")
    husband = Person.objects.get(id_number="9791234568")
    assert husband.mobile == "+962791234567"

    page.locator(f"a[href$='/staff/households/new/?head={husband.pk}']").click()
    page.fill("#id_address", "الزرقاء، حي الأمير حمزة")
    page.locator("main form button[type=submit]").click()
    household = Household.objects.get()
    expect(page).to_have_url(re.compile(rf"/ar/staff/households/{household.pk}/$"))

    page.goto(f"{base}/ar/staff/households/{household.pk}/members/add/")
    assert_accessible()
    page.select_option("#new-relationship", "spouse")
    page.locator("form[action$='/staff/people/new/'] button[type=submit]").click()
    fill_person(
        page,
        id_number="9861234569",
        first="فاطِمَة",
        father="يوسف",
        grandfather="حسن",
        family="العمري",
        born="1984-11-30",
        sex="female",
    )
    assert_accessible()
    screenshot("registry-person-form-ar")
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(rf"/ar/staff/households/{household.pk}/$"))
    expect(page.locator("main table").first).to_contain_text("فاطِمَة يوسف حسن العمري")
    assert_accessible()
    screenshot("registry-household-ar")

    wife = Person.objects.get(id_number="9861234569")
    page.goto(f"{base}/ar/staff/people/{wife.pk}/")
    page.select_option("#id_purpose", "data_sharing")
    page.locator("input[name=agencies]").first.check()
    page.locator(f"form[action$='/staff/people/{wife.pk}/consents/'] button").click()
    expect(page.locator(".alert-success")).to_be_visible()
    expect(page.locator("form[action*='/withdraw/']")).to_have_count(1)
    assert_accessible()
    screenshot("registry-person-ar")

    page.goto(f"{base}/en/staff/people/{wife.pk}/")
    expect(page.locator("html")).to_have_attribute("dir", "ltr")
    page.locator("form[action*='/withdraw/'] button").click()
    expect(page.locator(".alert-success")).to_contain_text("The consent was withdrawn.")
    expect(page.locator("form[action*='/withdraw/']")).to_have_count(0)
    assert_accessible()
    screenshot("registry-person-en")

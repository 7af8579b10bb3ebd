"""In a real browser, with an accessibility scan of every page: a citizen finds a service in
Arabic by searching, reads its card and switches to English on the same card; an agency
administrator writes a card, and publishes it once it is complete."""

import re

import pytest
from playwright.sync_api import expect

from apps.catalogue.demo import seed_catalogue_demo
from apps.catalogue.models import Service
from apps.organisations.models import Membership
from tests.browser.helpers import sign_in
from tests.organisations.factories import ensure_reference_data, staff

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_citizen_finds_a_service_in_arabic_and_reads_it_in_english(
    live_server, page, screenshot, assert_accessible
):
    ensure_reference_data()  # a transactional test starts with every table empty
    seed_catalogue_demo()
    base = live_server.url

    page.goto(f"{base}/ar/services/")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.locator("h1")).to_be_visible()
    assert_accessible()
    screenshot("catalogue-list-ar")

    page.fill("#id_q", "مساعده نقديه")  # typed without taa marbuta, as many people do
    page.locator("form[role=search] button[type=submit]").first.click()
    expect(page).to_have_url(re.compile(r"/ar/services/\?q="))
    results = page.locator("ol.search-results > li")
    expect(results.first).to_contain_text("المعونة النقدية")
    expect(page.locator("ol.search-results mark").first).to_be_visible()
    assert_accessible()
    screenshot("catalogue-search-ar")

    first = results.first.locator("h3 a")
    name_ar = first.inner_text()
    first.click()
    expect(page).to_have_url(re.compile(r"/ar/services/naf-[a-z-]+/$"))
    slug = page.url.rstrip("/").rsplit("/", 1)[-1]
    service = Service.objects.get(slug=slug)
    assert service.agency.code == "NAF"
    expect(page.locator("h1")).to_have_text(name_ar)
    expect(page.locator("#documents-heading")).to_be_visible()
    expect(page.locator("main")).to_contain_text(service.documents.first().name_ar)
    expect(page.locator("main table caption")).to_be_visible()
    assert_accessible()
    screenshot("catalogue-card-ar")

    page.locator("[data-testid=language-switch]").first.click()
    expect(page).to_have_url(f"{base}/en/services/{slug}/")
    expect(page.locator("html")).to_have_attribute("dir", "ltr")
    expect(page.locator("h1")).to_have_text(service.name_en)
    expect(page.locator("main")).to_contain_text(service.documents.first().name_en)
    assert_accessible()
    screenshot("catalogue-card-en")

    page.goto(f"{base}/en/life-events/")
    expect(page.locator("main")).to_contain_text("A new baby")
    assert_accessible()
    screenshot("catalogue-life-events-en")


def test_an_agency_admin_writes_and_publishes_a_card(
    live_server, page, screenshot, assert_accessible
):
    ensure_reference_data()
    admin = staff("MOSD", None, Membership.Role.AGENCY_ADMIN, email="admin.browser@mosd.example.jo")
    base = live_server.url
    sign_in(page, base, "ar", admin.email)

    page.goto(f"{base}/ar/staff/catalogue/new/")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    page.select_option("#id_pillar", "sumud")
    page.fill("#id_name_ar", "الإرشاد الأسري عبر الهاتف")
    page.fill("#id_name_en", "Family counselling by telephone")
    page.fill("#id_summary_ar", "جلسات إرشاد أسري عبر الهاتف للأسر التي تمر بأزمة.")
    page.fill("#id_summary_en", "Family counselling sessions by telephone for families in crisis.")
    page.check("input[name=channels][value=call_centre]")
    page.fill("#id_documents-0-name_ar", "رقم هاتف للتواصل")
    page.fill("#id_documents-0-name_en", "A phone number to call back")
    assert_accessible()
    screenshot("catalogue-staff-form-ar")
    page.locator("main form button[type=submit]").click()

    expect(page).to_have_url(
        re.compile(r"/ar/staff/catalogue/mosd-family-counselling-by-telephone/$")
    )
    expect(page.locator("#publish-problems")).to_be_visible()  # no processing time yet
    assert_accessible()
    screenshot("catalogue-staff-draft-ar")

    page.goto(f"{base}/en/staff/catalogue/mosd-family-counselling-by-telephone/edit/")
    page.fill("#id_processing_days", "2")
    page.locator("main form button[type=submit]").click()
    page.locator("form[action$='/publish/'] button").click()
    expect(page.locator(".alert-success")).to_contain_text(
        "The card is published in the catalogue."
    )
    assert Service.objects.get(slug="mosd-family-counselling-by-telephone").status == "published"
    assert_accessible()
    screenshot("catalogue-staff-published-en")

    page.goto(f"{base}/en/staff/catalogue/mosd-family-counselling-by-telephone/history/")
    expect(page.locator("main")).to_contain_text("Processing time in working days")
    assert_accessible()
    screenshot("catalogue-staff-history-en")

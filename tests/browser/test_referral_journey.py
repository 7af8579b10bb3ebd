"""Issue 6's journey in a real browser: a MoSD social worker in Irbid refers a household to the
National Aid Fund (in English); the fund's Irbid office receives it, routed by the person's
governorate, accepts and completes it (in Arabic); the MoSD worker sees the outcome on the case."""

import re

import pytest
from playwright.sync_api import expect

from apps.organisations.models import Membership
from apps.referrals.models import Referral
from tests.cases.factories import household, open_case
from tests.organisations.factories import ensure_reference_data, office, staff
from tests.referrals.factories import consent, referrable_card

from .helpers import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
Role = Membership.Role


def test_a_referral_goes_from_mosd_irbid_to_the_fund_and_back(
    live_server, page, screenshot, assert_accessible
):
    ensure_reference_data()
    base = live_server.url
    sender = staff("MOSD", "IR", Role.SOCIAL_WORKER, email="worker.irbid@mosd.example.jo")
    naf_worker = staff("NAF", "IR", Role.SOCIAL_WORKER, email="worker.irbid@naf.example.jo")
    staff("NAF", "IR", Role.SUPERVISOR, email="supervisor.irbid@naf.example.jo")
    service = referrable_card(
        "NAF", name_ar="المعونة النقدية المتكررة", name_en="Recurring cash aid"
    )
    home, members = household(governorate="IR", actor=sender)
    case = open_case(owner=sender, home=home, primary_person=members[0])
    consent(members[0], service.agency, actor=sender)

    # The MoSD worker refers the household, in English.
    sign_in(page, base, "en", sender.email)
    page.goto(f"{base}/en/staff/cases/{case.reference}/")
    page.locator("#referrals a", has_text="Refer to another agency").click()
    page.select_option("select[name=service]", str(service.pk))
    page.check("input[name=whole_household]")
    page.fill("textarea[name=reason]", "The father lost his job; the family has no income.")
    assert_accessible()
    screenshot("referral-1-form-en")
    page.locator("main form button[type=submit]").first.click()
    referral = Referral.objects.get()
    expect(page).to_have_url(re.compile(rf"/en/staff/referrals/{referral.reference}/$"))
    expect(page.locator("main")).to_contain_text("Awaiting answer")
    expect(page.locator("main")).to_contain_text(office("NAF", "IR").name_en)
    screenshot("referral-2-sent-en")

    # The fund's Irbid office receives it, in Arabic, in a browser of its own.
    sender_page = page
    page = page.context.browser.new_context(locale="ar").new_page()
    sign_in(page, base, "ar", naf_worker.email)
    page.goto(f"{base}/ar/staff/referrals/received/")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    assert_accessible(page)
    screenshot("referral-3-received-ar", page)
    page.locator(f"a[href$='/staff/referrals/{referral.reference}/']").first.click()
    # The receiving side sees the person and the reason, not the case.
    expect(page.locator("main")).to_contain_text("The father lost his job")
    expect(page.locator(f"a[href*='/staff/cases/{case.reference}/']")).to_have_count(0)
    page.locator("form[action$='/take/'] button").click()
    page.locator("form[action$='/accept/'] button").click()
    expect(page.locator("main")).to_contain_text("مقبولة")
    page.select_option("form[action$='/complete/'] select[name=outcome]", "delivered")
    page.fill(
        "form[action$='/complete/'] textarea[name=note]", "تُصرف المعونة ابتداءً من الشهر القادم."
    )
    assert_accessible(page)
    screenshot("referral-4-accepted-ar", page)
    page.locator("form[action$='/complete/'] button").click()
    expect(page.locator("main")).to_contain_text("تقديم الخدمة")
    screenshot("referral-5-completed-ar", page)

    # The loop is closed: the MoSD worker sees the outcome on the case, in English, and was told.
    page.context.close()
    page = sender_page
    page.goto(f"{base}/en/staff/cases/{case.reference}/")
    expect(page.locator("#referrals")).to_contain_text("Service delivered")
    expect(page.locator("main")).to_contain_text(f"Referral {referral.reference} completed")
    assert_accessible()
    screenshot("referral-6-outcome-en")
    page.goto(f"{base}/en/notifications/")
    # In the worker's own language (Arabic, their account's), whatever the page's language.
    expect(page.locator("main")).to_contain_text(f"اكتملت إحالتك {referral.reference}")
    expect(page.locator("main")).to_contain_text("والنتيجة: تقديم الخدمة")
    assert Referral.objects.get().status == Referral.Status.COMPLETED

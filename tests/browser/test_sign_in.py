import re

import pytest
from playwright.sync_api import expect

from .helpers import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_social_worker_signs_in_in_arabic_and_switches_to_english(
    live_server, page, social_worker, screenshot, assert_accessible
):
    page.goto(f"{live_server.url}/ar/")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.locator("html")).to_have_attribute("lang", "ar")
    assert_accessible()
    screenshot("public-home-ar")

    sign_in(page, live_server.url, "ar", social_worker.email)
    expect(page).to_have_url(re.compile(r"/ar/staff/$"))
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.locator("h2").first).to_have_text("أخصائي اجتماعي")
    assert_accessible()
    screenshot("staff-home-ar")

    page.get_by_test_id("language-switch").click()
    expect(page).to_have_url(re.compile(r"/en/staff/$"))
    expect(page.locator("html")).to_have_attribute("dir", "ltr")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("h2").first).to_have_text("Social worker")
    assert_accessible()
    screenshot("staff-home-en")


def test_wrong_second_factor_code_keeps_the_worker_out(
    live_server, page, social_worker, screenshot
):
    from tests.organisations.factories import PASSWORD

    page.goto(f"{live_server.url}/en/accounts/login/")
    page.fill("input[name=login]", social_worker.email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").first.click()
    page.fill("input[name=code]", "000000")
    page.locator("main form button[type=submit]").first.click()
    expect(page.locator("main")).to_contain_text("Incorrect code")
    screenshot("mfa-wrong-code-en")
    # Not signed in: the staff page sends the visitor back to the pending sign-in step.
    page.goto(f"{live_server.url}/en/staff/")
    expect(page).to_have_url(re.compile(r"/en/accounts/(login|2fa/authenticate)/"))
    expect(page.get_by_role("link", name="Sign in")).to_be_visible()


def test_agency_admin_invites_a_supervisor_in_arabic(
    live_server, page, agency_admin, screenshot, assert_accessible, mailoutbox
):
    sign_in(page, live_server.url, "ar", agency_admin.email)
    page.get_by_role("link", name="موظفو الجهة").first.click()
    expect(page.locator("h1")).to_have_text("موظفو الجهة")
    assert_accessible()
    page.get_by_role("link", name="دعوة موظف").click()
    page.get_by_label("الاسم الكامل").fill("ليلى عمر الحوراني")
    page.get_by_label("البريد الإلكتروني").fill("layla@mosd.example.jo")
    page.get_by_label("المكتب").select_option(label="وزارة التنمية الاجتماعية - مكتب إربد")
    page.get_by_label("الدور").select_option("supervisor")
    assert_accessible()
    screenshot("staff-invite-ar")
    page.get_by_role("button", name="إرسال الدعوة").click()
    expect(page.locator(".alert-success")).to_contain_text("layla@mosd.example.jo")
    expect(page.locator("table")).to_contain_text("ليلى عمر الحوراني")
    expect(page.locator("table")).to_contain_text("الدعوة بانتظار القبول")
    screenshot("staff-list-ar")
    assert len(mailoutbox) == 1 and "/ar/invite/" in mailoutbox[0].body


def test_citizen_signs_up_in_english(live_server, page, screenshot, assert_accessible):
    page.goto(f"{live_server.url}/en/")
    page.get_by_role("link", name="Create an account").first.click()
    page.get_by_label("Full name").fill("Huda Salem")
    page.get_by_label("Email").fill("huda@example.jo")
    page.fill("input[name=password1]", "a-long-Passphrase-2026")
    page.fill("input[name=password2]", "a-long-Passphrase-2026")
    assert_accessible()
    screenshot("signup-en")
    page.locator("main form button[type=submit]").first.click()
    expect(page.locator("h1")).to_contain_text("Verify Your Email Address")
    assert_accessible()
    screenshot("signup-verify-en")

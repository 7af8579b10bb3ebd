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

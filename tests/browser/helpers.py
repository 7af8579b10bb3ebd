from allauth.mfa.totp.internal.auth import (
    format_hotp_value,
    hotp_value,
    yield_hotp_counters_from_time,
)
from playwright.sync_api import expect

from tests.organisations.factories import PASSWORD, TOTP_SECRET


def current_totp_code() -> str:
    counters = list(yield_hotp_counters_from_time())
    return format_hotp_value(hotp_value(TOTP_SECRET, counters[len(counters) // 2]))


def sign_in(page, base_url: str, language: str, email: str) -> None:
    """Sign in through the real forms, second factor included."""
    page.goto(f"{base_url}/{language}/accounts/login/")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").first.click()
    page.fill("input[name=code]", current_totp_code())
    page.locator("main form button[type=submit]").first.click()


def open_menu(page) -> None:
    """Open the collapsed navigation of a phone-sized page, and wait until it has opened:
    Bootstrap's collapse animates, and a click on a link still moving may land elsewhere (seen
    when the machine is busy)."""
    page.locator("button.navbar-toggler").click()
    expect(page.locator(".navbar-collapse.show")).to_be_visible()

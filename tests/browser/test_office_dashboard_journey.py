"""Issue 9's supervision journey in a real browser: a supervisor of MoSD's Amman office, in
Arabic, opens the office dashboard from the staff menu, finds the social worker with the most
breached deadlines (the top row by default), opens their open cases, gives two of them to a
colleague with a reason, and sees the new counts on the dashboard; then the same pages in
English."""

import re

import pytest
from playwright.sync_api import expect

from apps.cases.models import Assignment, Case
from apps.organisations.models import Membership
from tests.cases.factories import open_case
from tests.dashboards.conftest_office import OfficeData, overdue_action
from tests.organisations.factories import ensure_reference_data, office, staff

from .helpers import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
Role = Membership.Role


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "ar-JO", "viewport": {"width": 1280, "height": 900}}


def _team():
    ensure_reference_data()
    home = office("MOSD", "AM")
    supervisor = staff("MOSD", "AM", Role.SUPERVISOR, email="supervisor@mosd.example.jo")
    rana = staff("MOSD", "AM", Role.SOCIAL_WORKER, full_name="رنا الخطيب", email="rana@mosd.jo")
    omar = staff("MOSD", "AM", Role.SOCIAL_WORKER, full_name="عمر الزعبي", email="omar@mosd.jo")
    huda = staff("MOSD", "AM", Role.SOCIAL_WORKER, full_name="هدى النسور", email="huda@mosd.jo")
    sender = staff("NAF", "IR", Role.SOCIAL_WORKER, full_name="ناصر المومني")
    data = OfficeData(home, sender, open_case(owner=sender))
    rana_cases = [
        open_case(owner=rana, risk=risk)
        for risk in (Case.Risk.CRITICAL, Case.Risk.HIGH, Case.Risk.MEDIUM, Case.Risk.LOW)
    ]
    overdue_action(rana_cases[0], rana, days=3)
    for _ in range(3):
        data.referral(rana, clock="breached")
    data.referral(rana, clock="at_risk")
    open_case(owner=omar, risk=Case.Risk.HIGH)
    data.referral(omar, clock="breached")
    data.application(omar, clock="at_risk")
    open_case(owner=huda)
    data.referral(None, clock="breached")
    return supervisor, rana, omar, huda, rana_cases


def _cell(row, column: int):
    return row.locator("td").nth(column)


def test_a_supervisor_finds_the_most_late_worker_and_reassigns_two_cases(
    live_server, page, screenshot, assert_accessible
):
    supervisor, rana, _omar, huda, rana_cases = _team()
    base = live_server.url

    sign_in(page, base, "ar", supervisor.email)
    page.locator("header nav a[href$='/ar/staff/office/']").first.click()
    expect(page).to_have_url(re.compile(r"/ar/staff/office/$"))
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    # The deadlines list arrives by htmx.
    expect(page.locator("#office-deadlines .office-deadlines li")).to_have_count(7)
    top = page.locator("table.office-workers tbody tr.worker-row").first
    expect(top.locator("th")).to_contain_text("رنا الخطيب")
    expect(_cell(top, 0)).to_have_text("4")  # open cases
    expect(_cell(top, 7)).to_have_text("3")  # breached
    assert_accessible()
    screenshot("office-1-dashboard-ar")

    top.locator("th a").click()
    expect(page).to_have_url(re.compile(rf"/ar/staff/office/\d+/workers/{rana.pk}/$"))
    expect(page.locator("table.worker-cases tbody tr.case-row")).to_have_count(4)
    # The case with an overdue plan action is marked (a badge with words, not colour alone).
    overdue = page.locator("table.worker-cases tbody tr.table-warning")
    expect(overdue).to_have_count(1)
    expect(overdue).to_contain_text(rana_cases[0].reference)
    moved = rana_cases[:2]
    for case in moved:
        page.check(f"input[name=cases][value='{case.reference}']")
    page.select_option("select[name=owner]", str(huda.pk))
    page.fill("input[name=reason]", "رنا في إجازة أمومة؛ تتابع هدى حالات الخطورة المرتفعة.")
    assert_accessible()
    screenshot("office-2-worker-ar")
    page.locator("#reassign-form button[type=submit]").click()

    expect(page).to_have_url(re.compile(r"/ar/staff/office/\?office=\d+$"))
    expect(page.locator(".messages .alert-success")).to_be_visible()
    rows = page.locator("table.office-workers tbody tr.worker-row")
    rana_row = rows.filter(has_text="رنا الخطيب")
    huda_row = rows.filter(has_text="هدى النسور")
    expect(_cell(rana_row, 0)).to_have_text("2")
    expect(_cell(rana_row, 1)).to_have_text("0")  # both high-risk cases went
    expect(_cell(huda_row, 0)).to_have_text("3")
    expect(_cell(huda_row, 1)).to_have_text("2")
    expect(_cell(huda_row, 2)).to_contain_text("1")  # the overdue action came with its case
    assert_accessible()
    screenshot("office-3-after-ar")
    for case in moved:
        case.refresh_from_db()
        assert case.owner == huda
    assert Assignment.objects.filter(to_owner=huda, assigned_by=supervisor).count() == 2

    # The same pages in English, sorted by open cases.
    page.goto(f"{base}/en/staff/office/?sort=open")
    expect(page.locator("html")).to_have_attribute("dir", "ltr")
    expect(page.locator("#office-deadlines .office-deadlines li")).to_have_count(7)
    expect(page.locator("table.office-workers tbody tr.worker-row").first).to_contain_text(
        "هدى النسور"
    )
    assert_accessible()
    screenshot("office-4-dashboard-en")
    page.locator("table.office-workers tbody tr.worker-row").first.locator("th a").click()
    expect(page.locator("table.worker-cases tbody tr.case-row")).to_have_count(3)
    assert_accessible()
    screenshot("office-5-worker-en")

"""Issue 3's journey in a real browser, in Arabic: the front desk registers a household, a social
worker opens a case, assesses it, plans, requests closure, and the supervisor approves."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from apps.cases.models import Case
from apps.organisations.models import Membership
from apps.registry.models import Household
from tests.organisations.factories import staff

from .helpers import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def open_details(page, summary: str):
    page.locator("summary", has_text=summary).first.click()


def test_a_household_goes_from_the_front_desk_to_a_closed_case(
    live_server, page, social_worker, supervisor, screenshot, assert_accessible
):
    base = live_server.url
    intake = staff("MOSD", "AM", Membership.Role.INTAKE_OFFICER, email="intake@mosd.example.jo")

    # The front desk registers the head of household and the household.
    sign_in(page, base, "ar", intake.email)
    page.goto(f"{base}/ar/staff/people/new/")
    page.fill("#id_id_number", "9901234567")
    page.fill("#id_first_name_ar", "مريم")
    page.fill("#id_father_name_ar", "سالم")
    page.fill("#id_grandfather_name_ar", "عودة")
    page.fill("#id_family_name_ar", "الدعجة")
    page.fill("#id_name_en", "Mariam Al-Daajeh")
    page.fill("#id_birth_date", "1982-03-14")
    page.check("input[name=sex][value=female]")
    page.fill("#id_mobile", "0795551234")
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/ar/staff/people/\d+/$"))
    page.locator("a[href*='/staff/households/new/?head=']").click()
    page.fill("#id_address", "ماركا الشمالية")
    page.locator("main form button[type=submit]").click()
    household = Household.objects.get()
    expect(page).to_have_url(re.compile(rf"/ar/staff/households/{household.pk}/$"))
    screenshot("journey-1-household-ar")

    # The social worker opens the case from the household page.
    page.context.clear_cookies()
    sign_in(page, base, "ar", social_worker.email)
    page.goto(f"{base}/ar/staff/households/{household.pk}/")
    page.locator(f"a[href$='/staff/cases/new/?household={household.pk}']").click()
    page.fill("#id_summary", "فقدان مصدر الدخل بعد مرض الزوج")
    assert_accessible()
    screenshot("journey-2-open-case-ar")
    page.locator("main form button[type=submit]").click()
    case = Case.objects.get()
    expect(page).to_have_url(re.compile(rf"/ar/staff/cases/{case.reference}/$"))
    expect(page.locator("html")).to_have_attribute("dir", "rtl")

    # Assessment.
    page.locator("form[action$='/do/start_assessment/'] button").click()
    open_details(page, "تقييم مجال")
    page.select_option("#assessment form select[name=domain]", "income")
    page.select_option("#assessment form select[name=need]", "3")
    page.fill("#assessment form textarea[name=notes]", "لا يوجد دخل ثابت")
    page.locator("#assessment form button").click()
    expect(page.locator("#assessment table")).to_contain_text("مرتفع")

    # Planning: a goal with an action.
    page.locator("form[action$='/do/start_planning/'] button").click()
    open_details(page, "إضافة هدف")
    page.fill("#plan form[action$='/goals/'] input[name=description]", "دخل شهري مستقر")
    page.locator("#plan form[action$='/goals/'] button").click()
    open_details(page, "إضافة إجراء")
    action_form = page.locator("#plan form[action*='/actions/']").first
    action_form.locator("input[name=description]").fill("طلب معونة شهرية متكررة")
    action_form.locator("input[name=due_date]").fill(
        (timezone.localdate() + timedelta(days=14)).isoformat()
    )
    action_form.locator("select[name=responsible_agency]").select_option(
        label="صندوق المعونة الوطنية"
    )
    action_form.locator("select[name=pillar]").select_option("karama")
    action_form.locator("button").click()
    expect(page.locator("#plan")).to_contain_text("طلب معونة شهرية متكررة")
    page.locator("form[action$='/do/activate/'] button").click()
    expect(page.locator("main header")).to_contain_text("نشطة")
    assert_accessible()
    screenshot("journey-3-active-case-ar")

    # Closure request.
    open_details(page, "طلب إغلاق الحالة")
    page.fill("form[action$='/closure/'] textarea[name=reason]", "عاد الزوج إلى العمل")
    page.locator("form[action$='/closure/'] button").click()
    expect(page.locator("#approvals")).to_contain_text("بانتظار القرار")

    # The supervisor approves from the approvals queue.
    page.context.clear_cookies()
    sign_in(page, base, "ar", supervisor.email)
    page.goto(f"{base}/ar/staff/cases/approvals/")
    expect(page.locator("main table")).to_contain_text(case.reference)
    assert_accessible()
    screenshot("journey-4-approvals-ar")
    page.locator(f"a[href*='/staff/cases/{case.reference}/']").first.click()
    page.locator("#approvals button[value=approve]").click()
    expect(page.locator("main header")).to_contain_text("مغلقة")
    expect(page.locator("#timeline")).to_contain_text("مغلقة")
    assert_accessible()
    screenshot("journey-5-closed-case-ar")
    case.refresh_from_db()
    assert case.status == Case.Status.CLOSED and case.closed_at is not None

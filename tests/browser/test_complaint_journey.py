"""Issue 7's journey in a real browser: an anonymous citizen files a complaint in Arabic about a
National Aid Fund service and gets a reference; the fund's complaints officer answers it; the
citizen opens the tracking page, rates the handling 2 out of 5 and reopens the complaint; the
unit's supervisor finds the reopened complaint in the queue (in English)."""

import re

import pytest
from playwright.sync_api import expect

from apps.complaints.models import Complaint
from apps.organisations.models import Membership
from tests.catalogue.factories import card
from tests.complaints.factories import category
from tests.organisations.factories import ensure_reference_data, staff

from .helpers import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
Role = Membership.Role
PHONE = "0791234567"


@pytest.fixture
def browser_context_args(browser_context_args):
    """The citizen's browser asks for Arabic."""
    return {**browser_context_args, "locale": "ar-JO"}


def test_a_citizen_complains_is_answered_rates_and_reopens(
    live_server, page, settings, screenshot, assert_accessible
):
    ensure_reference_data()
    # The signed fill time is checked on its own (tests/complaints/test_public.py).
    settings.COMPLAINTS_MIN_FILL_SECONDS = 0
    base = live_server.url
    officer = staff("NAF", None, Role.COMPLAINTS_OFFICER, email="complaints@naf.example.jo")
    supervisor = staff(
        "NAF", None, Role.SUPERVISOR, email="supervisor@naf.example.jo", language="en"
    )
    subject = category(
        "NAF", name_ar="تأخر صرف المعونة النقدية", name_en="Delay in cash aid payment"
    )
    service = card("NAF", name_ar="المعونة النقدية المتكررة", name_en="Recurring cash aid")

    # An anonymous citizen files the complaint in Arabic, from the public navigation.
    page.goto(f"{base}/ar/")
    page.locator("header nav a", has_text="الشكاوى والاقتراحات").click()
    expect(page).to_have_url(re.compile(r"/ar/complaints/new/$"))
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    # The subjects and services narrow to the agency (htmx): choose them once they are swapped.
    with page.expect_response(re.compile(r"/complaints/new/choices/")):
        page.select_option("select[name=agency]", str(subject.agency_id))
    page.wait_for_function("() => !document.querySelector('.htmx-request')")
    expect(page.locator(f"select[name=category] option[value='{subject.pk}']")).to_have_count(1)
    page.select_option("select[name=category]", str(subject.pk))
    page.select_option("select[name=service]", str(service.pk))
    page.fill(
        "textarea[name=description]",
        "لم تُصرف المعونة الشهرية منذ شهرين، ولم يبلغني أحد بالسبب. أعيل أربعة أطفال 🙏",
    )
    page.fill("input[name=phone]", PHONE)
    page.check("input[name=contact][value=sms]")
    assert_accessible()
    screenshot("complaint-1-form-ar")
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/ar/complaints/filed/$"))
    reference = page.locator("#complaint-reference").inner_text().strip()
    complaint = Complaint.objects.get()
    assert reference == complaint.reference
    assert (complaint.channel, complaint.language, complaint.office.is_head_office) == (
        "web",
        "ar",
        True,
    )
    assert_accessible()
    screenshot("complaint-2-reference-ar")

    # The fund's complaints officer answers it, in Arabic, in a browser of their own.
    citizen_page = page
    page = page.context.browser.new_context(locale="ar").new_page()
    sign_in(page, base, "ar", officer.email)
    page.goto(f"{base}/ar/staff/complaints/")
    expect(page.locator("main")).to_contain_text(reference)
    assert_accessible(page)
    screenshot("complaint-3-queue-ar", page)
    page.locator(f"a[href$='/staff/complaints/{reference}/']").first.click()
    expect(page.locator("main")).to_contain_text("لم تُصرف المعونة الشهرية")
    page.fill(
        "form[action$='/resolve/'] textarea[name=text]",
        "راجعنا ملفك: توقفت المعونة لانتهاء مدة التحقق من الدخل. حدّثنا بياناتك وستُصرف الدفعتان "
        "المتأخرتان مع دفعة الشهر القادم.",
    )
    assert_accessible(page)
    screenshot("complaint-4-answer-ar", page)
    page.locator("form[action$='/resolve/'] button").click()
    expect(page.locator("main")).to_contain_text("تمت معالجتها")
    screenshot("complaint-5-answered-ar", page)
    page.context.close()

    # The citizen tracks it from "Track a request" with the reference and their number, rates
    # 2 / 5 and reopens it.
    page = citizen_page
    page.goto(f"{base}/ar/")
    page.locator("header nav a", has_text="متابعة طلب").click()
    page.fill("input[name=reference]", reference.lower().replace("-", " "))
    page.fill("input[name=verification]", PHONE)
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(rf"/ar/complaints/track/{reference}/$"))
    expect(page.locator("main")).to_contain_text("ستُصرف الدفعتان المتأخرتان")
    assert_accessible()
    screenshot("complaint-6-tracking-ar")
    page.check("form[action$='/rate/'] input[name=rating][value='2']")
    page.fill("form[action$='/rate/'] textarea[name=comment]", "الرد لم يحدد موعدًا دقيقًا.")
    page.locator("form[action$='/rate/'] button").click()
    expect(page.locator("main")).to_contain_text("2")
    page.fill(
        "form[action$='/reopen/'] textarea[name=reason]",
        "حدّثت بياناتي قبل شهر، ولم تُصرف أي دفعة حتى الآن.",
    )
    page.locator("form[action$='/reopen/'] button").click()
    expect(page.locator("main")).to_contain_text("أُعيد فتحها")
    assert_accessible()
    screenshot("complaint-7-reopened-ar")
    complaint.refresh_from_db()
    assert (complaint.status, complaint.rating, complaint.reopen_count) == ("reopened", 2, 1)

    # The unit's supervisor finds the reopened complaint in the queue, in English.
    page.context.clear_cookies()
    sign_in(page, base, "en", supervisor.email)
    page.goto(f"{base}/en/staff/complaints/")
    page.locator("main nav a", has_text="Reopened").click()
    expect(page.locator("main nav a[aria-current=page]")).to_have_text("Reopened")
    row = page.locator("table.complaint-queue tbody tr", has_text=reference)
    expect(row).to_contain_text("Reopened")
    assert_accessible()
    screenshot("complaint-8-supervisor-queue-en")
    page.goto(f"{base}/en/notifications/")
    expect(page.locator("main")).to_contain_text(reference)


def test_an_agency_admin_adds_a_category_that_the_public_form_offers(
    live_server, page, screenshot, assert_accessible
):
    ensure_reference_data()
    base = live_server.url
    admin = staff("NAF", None, Role.AGENCY_ADMIN, email="admin@naf.example.jo")
    category("NAF", name_ar="تأخر صرف المعونة النقدية", name_en="Delay in cash aid payment")

    sign_in(page, base, "ar", admin.email)
    page.goto(f"{base}/ar/staff/complaints/")
    page.locator("main a", has_text="تصنيفات الشكاوى").click()
    expect(page.locator("main table")).to_contain_text("Delay in cash aid payment")
    page.locator("main a", has_text="إضافة تصنيف").click()
    page.fill("input[name=name_ar]", "سهولة وصول الأشخاص ذوي الإعاقة إلى المكاتب")
    page.fill("input[name=name_en]", "Office access for persons with disabilities")
    page.fill("input[name=acknowledge_hours]", "7")
    page.fill("input[name=resolve_days]", "10")
    page.select_option("select[name=office]", label="صندوق المعونة الوطنية - مكتب إربد")
    assert_accessible()
    screenshot("complaint-categories-1-form-ar")
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/ar/staff/complaints/categories/$"))
    expect(page.locator("main table")).to_contain_text("سهولة وصول الأشخاص ذوي الإعاقة")
    assert_accessible()
    screenshot("complaint-categories-2-list-ar")

    page.context.clear_cookies()
    page.goto(f"{base}/ar/complaints/new/")
    expect(page.locator("select[name=category]")).to_contain_text(
        "سهولة وصول الأشخاص ذوي الإعاقة إلى المكاتب"
    )

"""Issue 8's journey in a real browser, on a phone-sized screen and in Arabic: a citizen signs
up, applies online for a National Aid Fund service with its documents, is asked for one more
document, uploads it, is approved, and follows it all on the tracking page."""

import re

import pytest
from playwright.sync_api import expect

from apps.applications.models import Application
from apps.organisations.models import Membership, User
from tests.applications.factories import online_card
from tests.organisations.factories import PASSWORD, ensure_reference_data, staff

from .helpers import open_menu, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
Role = Membership.Role
NATIONAL_NUMBER = "9861012345"
MOBILE = "0791234567"
PDF = b"%PDF-1.4\n%identity card\n%%EOF\n"
AMMAN = "العاصمة عمان"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture
def browser_context_args(browser_context_args):
    """A phone, in Arabic."""
    return {
        **browser_context_args,
        "locale": "ar-JO",
        "viewport": {"width": 390, "height": 844},
        "device_scale_factor": 2,
        "is_mobile": True,
        "has_touch": True,
    }


def _file(name: str, content: bytes, mime: str) -> dict:
    return {"name": name, "mimeType": mime, "buffer": content}


def test_a_citizen_applies_is_asked_for_a_document_and_is_approved(
    live_server, page, mailoutbox, screenshot, assert_accessible
):
    ensure_reference_data()
    base = live_server.url
    service = online_card(
        "NAF",
        slug="naf-recurring-cash-aid",
        name_ar="المعونة النقدية المتكررة",
        name_en="Recurring cash aid",
        documents=[("صورة الهوية الشخصية", "Identity card"), ("شهادة دخل", "Income certificate")],
    )
    reviewer = staff("NAF", "AM", Role.SOCIAL_WORKER, email="reviewer.am@naf.example.jo")

    # The citizen signs up in Arabic and confirms the email address.
    page.goto(f"{base}/ar/")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    open_menu(page)
    page.get_by_role("link", name="إنشاء حساب").first.click()
    expect(page).to_have_url(re.compile(r"/ar/accounts/signup/"))
    page.get_by_label("الاسم الكامل").fill("هدى سالم العمري")
    page.get_by_label("البريد الإلكتروني").first.fill("huda@example.jo")
    page.locator("input[name=password1]").fill(PASSWORD)
    page.locator("input[name=password2]").fill(PASSWORD)
    assert_accessible()
    screenshot("application-1-signup-ar")
    page.locator("main form button[type=submit]").first.click()
    link = re.search(r"https?://\S+/confirm-email/\S+", mailoutbox[-1].body).group(0)
    page.goto(link)
    page.locator("main form button[type=submit]").first.click()
    citizen = User.objects.get(email="huda@example.jo")

    # From the service's card, "Apply online"; the form asks for the card's documents.
    page.goto(f"{base}/ar/services/{service.slug}/")
    page.get_by_role("link", name="قدّم إلكترونيًا").click()
    if "/accounts/login/" in page.url:
        page.fill("input[name=login]", citizen.email)
        page.fill("input[name=password]", PASSWORD)
        page.locator("main form button[type=submit]").first.click()
    expect(page).to_have_url(re.compile(rf"/ar/services/{service.slug}/apply/$"))
    page.get_by_label("الرقم الوطني").fill(NATIONAL_NUMBER)
    page.get_by_label("رقم الهاتف المحمول").fill(MOBILE)
    page.get_by_label("المحافظة التي تقيم فيها").select_option(label=AMMAN)
    page.get_by_label("عدد أفراد الأسرة").fill("5")
    page.get_by_label("لماذا تقدّم هذا الطلب؟ (اختياري)").fill(
        "فقدت عملي قبل ثلاثة أشهر، وأعيل ثلاثة أطفال."
    )
    identity, income = service.documents.order_by("position", "pk")
    page.set_input_files(
        f"input[name=document_{identity.pk}]", _file("hawiya.pdf", PDF, "application/pdf")
    )
    page.set_input_files(f"input[name=document_{income.pk}]", _file("dakhl.png", PNG, "image/png"))
    assert_accessible()
    screenshot("application-2-form-ar")
    page.get_by_role("button", name="أرسل الطلب").click()
    application = Application.objects.get(applicant=citizen)
    expect(page).to_have_url(re.compile(rf"/ar/my/applications/{application.reference}/$"))
    expect(page.locator(".alert-success")).to_contain_text(application.reference)
    assert application.status == Application.Status.SUBMITTED
    assert application.documents.count() == 2
    assert_accessible()
    screenshot("application-3-sent-ar")
    citizen_page = page

    # The fund's social worker in Amman takes it and asks for one more document.
    page = page.context.browser.new_context(locale="ar").new_page()
    sign_in(page, base, "ar", reviewer.email)
    page.goto(f"{base}/ar/staff/applications/")
    expect(page.locator("main")).to_contain_text(application.reference)
    page.locator(f"a[href$='/staff/applications/{application.reference}/']").first.click()
    page.locator("form[action$='/take/'] button").click()
    page.locator("form[action$='/request_info/'] textarea").fill(
        "أرفقي من فضلك عقد الإيجار الحالي."
    )
    page.locator("form[action$='/request_info/'] button").click()
    expect(page.locator("main")).to_contain_text("أرفقي من فضلك عقد الإيجار الحالي.")
    screenshot("application-4-question-ar", page)

    # The citizen sees the question in My requests and answers with the lease.
    page_staff = page
    page = citizen_page
    page.goto(f"{base}/ar/my/requests/")
    expect(page.locator("main")).to_contain_text(application.reference)
    page.locator(f"main a[href$='/my/applications/{application.reference}/']").click()
    expect(page.locator("main")).to_contain_text("أرفقي من فضلك عقد الإيجار الحالي.")
    page.get_by_label("ما هذه الوثيقة").fill("عقد الإيجار")
    page.set_input_files(
        "form[action$='/answer/'] input[type=file]", _file("iijar.pdf", PDF, "application/pdf")
    )
    page.locator("form[action$='/answer/'] textarea[name=answer]").fill("أرفقت العقد.")
    assert_accessible()
    screenshot("application-5-answer-ar")
    page.locator("form[action$='/answer/'] button").click()
    expect(page.locator(".alert-success")).to_be_visible()
    assert Application.objects.get(pk=application.pk).status == Application.Status.UNDER_REVIEW

    # The social worker approves it.
    page = page_staff
    page.reload()
    expect(page.locator("main")).to_contain_text("عقد الإيجار")
    page.locator("form[action$='/approve/'] button").click()
    expect(page.locator("main")).to_contain_text("مقبول")
    page.context.close()
    assert Application.objects.get(pk=application.pk).status == Application.Status.APPROVED

    # The citizen follows it all on the tracking page, signed out, with the reference and the
    # last four digits of the national number.
    page = citizen_page
    page.context.clear_cookies()
    page.goto(f"{base}/ar/track/")
    page.locator("input[name=reference]").fill(application.reference)
    page.locator("input[name=verification]").fill(NATIONAL_NUMBER[-4:])
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(rf"/ar/track/{application.reference}/$"))
    main = page.locator("main")
    expect(main).to_contain_text("المعونة النقدية المتكررة")
    expect(main).to_contain_text("مقبول")
    expect(main).not_to_contain_text(NATIONAL_NUMBER)
    expect(main).not_to_contain_text("هدى")
    assert_accessible()
    screenshot("application-6-tracking-ar")

"""Categories and complaints for the tests, made through the services (routing, clocks, history,
messages and all)."""

import itertools

from django.core.files.uploadedfile import SimpleUploadedFile

from apps.complaints import services
from apps.complaints.models import Complaint, ComplaintCategory
from apps.organisations.models import Agency, Office
from apps.sla.models import Clock
from tests.organisations.factories import ensure_reference_data

_numbers = itertools.count(1)
PDF = b"%PDF-1.4\n%test\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 16
Status = Complaint.Status
PHONE = "0791234567"
E164 = "+962791234567"


def category(agency: str = "NAF", *, office: Office | None = None, **fields) -> ComplaintCategory:
    ensure_reference_data()
    n = next(_numbers)
    values = {
        "name_ar": f"تأخر الصرف {n}",
        "name_en": f"Late payment {n}",
        "acknowledge_hours": 7,
        "resolve_days": 5,
    } | fields
    return services.complaint_category_save(
        agency=Agency.objects.get(code=agency), office=office, actor=None, **values
    )


def complainant(**fields) -> services.Complainant:
    values = {"name": "سارة", "phone": PHONE, "contact": Complaint.Contact.SMS} | fields
    return services.Complainant(**values)


def complaint(
    *, of: ComplaintCategory | None = None, who: services.Complainant | None = None, **fields
) -> Complaint:
    """A web complaint to the National Aid Fund (or the category's agency)."""
    of = of or category()
    values = {
        "agency": of.agency,
        "category": of,
        "kind": Complaint.Kind.COMPLAINT,
        "description": "The monthly aid has not been paid for two months.",
        "complainant": who or complainant(),
    } | fields
    return services.complaint_submit(**values)


def reload(made: Complaint) -> Complaint:
    return Complaint.objects.select_related("category", "agency", "office").get(pk=made.pk)


def upload(name: str = "receipt.pdf", content: bytes = PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def clocks(made: Complaint, *, running: bool | None = None) -> list[Clock]:
    found = Clock.objects.filter(kind=services.KIND, subject_id=str(made.pk)).order_by("pk")
    if running is not None:
        found = found.filter(stopped_at__isnull=running)
    return list(found)


def clock(made: Complaint, purpose: str) -> Clock:
    return Clock.objects.filter(
        kind=services.KIND, subject_id=str(made.pk), purpose=purpose
    ).latest("pk")


def in_state(status: str, *, officer, **fields) -> Complaint:
    """A complaint brought to `status` through the services by `officer` (of its office)."""
    made = complaint(**fields)
    if status == Status.RECEIVED:
        return made
    if status == Status.ASSIGNED:
        services.complaint_assign(complaint=made, officer=officer, actor=officer)
    elif status == Status.IN_PROGRESS:
        services.complaint_acknowledge(complaint=made, actor=officer)
    elif status == Status.WAITING:
        services.complaint_request_info(complaint=made, question="Which month?", actor=officer)
    elif status in (Status.RESOLVED, Status.CLOSED, Status.REOPENED):
        services.complaint_resolve(complaint=made, response="Paid today.", actor=officer)
        if status == Status.CLOSED:
            services.complaint_close(complaint=reload(made), actor=officer)
        elif status == Status.REOPENED:
            services.complaint_reopen(complaint=reload(made), reason="Still not paid.")
    made = reload(made)
    assert made.status == status
    return made

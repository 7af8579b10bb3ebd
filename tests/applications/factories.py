"""Applications for the tests, made through the services (routing, clocks and all)."""

from django.core.files.uploadedfile import SimpleUploadedFile

from apps.applications import services
from apps.applications.models import Application
from apps.catalogue.models import Channel
from apps.organisations.models import Governorate
from apps.sla.models import Clock
from tests.catalogue.factories import card

Status = Application.Status
PDF = b"%PDF-1.4\n%test document\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
DOCUMENTS = [("صورة الهوية", "Identity card"), ("شهادة الدخل", "Income certificate")]


def online_card(agency: str = "NAF", *, documents=DOCUMENTS, **fields):
    values = {
        "applicable_online": True,
        "channels": [Channel.ONLINE, Channel.OFFICE],
        "processing_days": 5,
    } | fields
    return card(agency, documents=documents, **values)


def pdf(name: str = "document.pdf", content: bytes = PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def governorate(code: str = "AM") -> Governorate:
    return Governorate.objects.get(code=code)


def draft(*, applicant, service=None, documents: bool = True, **fields) -> Application:
    """A draft of `applicant` for `service` (an online NAF card), its documents attached."""
    service = service or online_card()
    values = {"governorate": governorate(), "form_data": {"income": "120"}} | fields
    application = services.application_create(service=service, actor=applicant, **values)
    if documents:
        for required in service.documents.all():
            services.application_document_add(
                application=application, required_document=required, upload=pdf(), actor=applicant
            )
    return application


def reload(application: Application) -> Application:
    return Application.objects.get(pk=application.pk)


def submitted(*, applicant, **fields) -> Application:
    application = draft(applicant=applicant, **fields)
    services.application_submit(application=application, actor=applicant)
    return reload(application)


def under_review(*, applicant, reviewer, **fields) -> Application:
    application = submitted(applicant=applicant, **fields)
    services.application_assign(application=application, reviewer=reviewer, actor=reviewer)
    return reload(application)


def clock(application: Application) -> Clock | None:
    return Clock.objects.filter(
        kind=services.KIND, subject_id=str(application.pk), stopped_at=None
    ).first()

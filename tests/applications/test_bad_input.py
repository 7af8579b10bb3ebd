"""Refused input: a clear message, and nothing changed."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from apps.applications import services
from apps.applications.models import Application, ApplicationDocument
from apps.core.exceptions import TransitionNotAllowed
from apps.notifications.models import Message
from apps.sla.models import Clock
from tests.applications.factories import PNG, draft, online_card, pdf, reload, submitted
from tests.catalogue.factories import card

pytestmark = pytest.mark.django_db
Status = Application.Status


def test_a_service_not_applicable_online_is_refused(applicant):
    offline = card("NAF", applicable_online=False)
    with pytest.raises(ValidationError, match="cannot be applied for online"):
        services.application_create(service=offline, actor=applicant)
    assert not Application.objects.exists()


def test_an_unpublished_service_is_refused(applicant):
    unpublished = online_card(publish=False)
    with pytest.raises(ValidationError, match="cannot be applied for online"):
        services.application_create(service=unpublished, actor=applicant)
    assert not Application.objects.exists()


def test_a_draft_whose_service_was_retired_cannot_be_submitted(applicant, agency_admin):
    application = draft(applicant=applicant)
    application.service.status = application.service.Status.RETIRED
    application.service.save(update_fields=["status"])
    with pytest.raises(ValidationError, match="cannot be applied for online"):
        services.application_submit(application=reload(application), actor=applicant)
    assert reload(application).status == Status.DRAFT


def test_missing_documents_are_named(applicant):
    application = draft(applicant=applicant, documents=False)
    first = application.service.documents.order_by("position", "pk").first()
    services.application_document_add(
        application=application, required_document=first, upload=pdf(), actor=applicant
    )
    with pytest.raises(ValidationError, match="Income certificate") as refused:
        services.application_submit(application=application, actor=applicant)
    assert "Identity card" not in str(refused.value)
    assert reload(application).status == Status.DRAFT
    assert not Message.objects.exists()


def test_a_file_that_is_not_pdf_jpeg_or_png_is_refused(applicant):
    application = draft(applicant=applicant, documents=False)
    required = application.service.documents.first()
    fake = pdf("id.pdf", b"MZ\x90\x00 an executable named like a pdf")
    with pytest.raises(ValidationError, match="Only PDF, JPEG and PNG"):
        services.application_document_add(
            application=application, required_document=required, upload=fake, actor=applicant
        )
    assert not ApplicationDocument.objects.exists()


def test_a_document_of_another_service_is_refused(applicant):
    application = draft(applicant=applicant, documents=False)
    other = online_card().documents.first()
    with pytest.raises(ValidationError, match="not one the service asks for"):
        services.application_document_add(
            application=application, required_document=other, upload=pdf(), actor=applicant
        )
    assert not ApplicationDocument.objects.exists()


def test_a_new_file_replaces_the_one_before(applicant, media_root):
    application = draft(applicant=applicant)
    required = application.service.documents.first()
    old = ApplicationDocument.objects.get(application=application, required_document=required)
    services.application_document_add(
        application=application,
        required_document=required,
        upload=pdf("again.png", PNG),
        actor=applicant,
    )
    now = ApplicationDocument.objects.get(application=application, required_document=required)
    assert now.pk != old.pk and now.content_type == "image/png"
    assert ApplicationDocument.objects.filter(application=application).count() == 2


def test_a_second_submission_changes_nothing(applicant):
    application = submitted(applicant=applicant)
    before = (
        Message.objects.count(),
        Clock.objects.count(),
        application.updates.count(),
        reload(application).updated_at,
    )
    with pytest.raises(TransitionNotAllowed):
        services.application_submit(application=application, actor=applicant)
    # Also from a stale copy that still reads "draft".
    stale = reload(application)
    stale.status = Status.DRAFT
    with pytest.raises(TransitionNotAllowed):
        services.application_submit(application=stale, actor=applicant)
    after = (
        Message.objects.count(),
        Clock.objects.count(),
        application.updates.count(),
        reload(application).updated_at,
    )
    assert before == after


def test_a_submitted_application_takes_no_new_form_or_documents(applicant):
    application = submitted(applicant=applicant)
    with pytest.raises(TransitionNotAllowed):
        services.application_save(application=application, form_data={"x": 1}, actor=applicant)
    with pytest.raises(TransitionNotAllowed):
        services.application_document_add(
            application=application,
            required_document=application.service.documents.first(),
            upload=pdf(),
            actor=applicant,
        )
    assert reload(application).form_data == {"income": "120"}


def test_the_governorate_is_needed_to_submit(applicant):
    application = draft(applicant=applicant, governorate=None)
    with pytest.raises(ValidationError, match="governorate"):
        services.application_submit(application=application, actor=applicant)


def test_a_wrong_mobile_number_and_an_oversized_form_are_refused(applicant):
    service = online_card()
    with pytest.raises(ValidationError, match="Jordanian mobile"):
        services.application_create(service=service, mobile="12345", actor=applicant)
    with pytest.raises(ValidationError, match="too long"):
        services.application_create(
            service=service, form_data={"note": "x" * 30_000}, actor=applicant
        )
    assert not Application.objects.exists()


def test_only_the_applicant_changes_their_application(applicant, other_citizen, reviewer):
    application = draft(applicant=applicant)
    for actor in (other_citizen, reviewer):
        with pytest.raises(PermissionDenied):
            services.application_submit(application=application, actor=actor)
        with pytest.raises(PermissionDenied):
            services.application_save(application=application, form_data={}, actor=actor)
        with pytest.raises(PermissionDenied):
            services.application_withdraw(application=application, actor=actor)
    assert reload(application).status == Status.DRAFT


def test_the_card_can_be_edited_to_no_longer_be_online(applicant):
    """A card's online flag is the catalogue's: a draft follows it at submission."""
    application = draft(applicant=applicant)
    service = application.service
    service.applicable_online = False
    service.save(update_fields=["applicable_online"])
    with pytest.raises(ValidationError):
        services.application_submit(application=reload(application), actor=applicant)


def test_every_missing_document_is_named(applicant):
    application = draft(applicant=applicant, documents=False)
    with pytest.raises(ValidationError) as refused:
        services.application_submit(application=application, actor=applicant)
    assert "Identity card, Income certificate" in str(refused.value)

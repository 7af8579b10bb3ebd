"""An application from draft to fulfilled, and what each step leaves behind."""

import pytest

from apps.applications import services
from apps.applications.events import update_text
from apps.applications.models import Application
from apps.audit.models import AuditEvent
from apps.core.references import normalise
from apps.notifications.models import Message
from apps.sla.models import Clock
from tests.applications.factories import clock, draft, pdf, reload, submitted, under_review
from tests.organisations.factories import office

pytestmark = pytest.mark.django_db
Status = Application.Status


def test_from_draft_to_fulfilled(applicant, reviewer, naf_supervisor):
    application = draft(applicant=applicant, mobile="0791234567")
    assert application.status == Status.DRAFT
    assert application.reference.startswith("A-")
    assert normalise(application.reference) == application.reference

    services.application_submit(application=application, actor=applicant)
    application = reload(application)
    assert application.status == Status.SUBMITTED
    assert application.office == office("NAF", "AM")
    assert application.submitted_at and application.routed_at
    running = clock(application)
    assert running.purpose == services.DECIDE and running.office_id == application.office_id

    # The applicant hears of the reference in the application, by email and by SMS.
    told = Message.objects.filter(template=services.CITIZEN_TEMPLATE, context__event="submitted")
    assert {m.channel for m in told} == {"in_app", "email", "sms"}
    assert told.get(channel="sms").address == "+962791234567"
    assert told.get(channel="in_app").language == "ar"
    # The office's supervisors hear it arrived.
    assert Message.objects.filter(
        recipient=naf_supervisor, template=services.STAFF_TEMPLATE, context__event="routed"
    ).exists()

    services.application_assign(application=application, reviewer=reviewer, actor=reviewer)
    application = reload(application)
    assert (application.status, application.assigned_to) == (Status.UNDER_REVIEW, reviewer)

    services.application_request_info(
        application=application, question="Send the lease too.", actor=reviewer
    )
    assert reload(application).status == Status.INFO_REQUESTED
    assert clock(application).paused_at is not None

    services.application_document_add(
        application=application, upload=pdf(), title="Lease", actor=applicant
    )
    sent = application.updates.get(message="document_added")
    assert sent.visible_to_applicant and update_text(sent) == "Document sent: Lease"
    services.application_answer_info(application=application, answer="Attached.", actor=applicant)
    assert reload(application).status == Status.UNDER_REVIEW
    assert clock(application).paused_at is None

    services.application_approve(application=application, actor=reviewer)
    application = reload(application)
    assert application.status == Status.APPROVED and application.decided_at
    assert clock(application) is None
    assert Clock.objects.filter(subject_id=str(application.pk), stopped_at__isnull=False).exists()

    services.application_fulfil(application=application, actor=reviewer)
    application = reload(application)
    assert application.status == Status.FULFILLED and application.closed_at

    history = [u.message for u in application.updates.order_by("at", "id")]
    assert history == [
        "created",
        "submitted",
        "routed",
        "review",
        "assigned",
        "info_requested",
        "document_added",
        "info_answered",
        "approved",
        "fulfilled",
    ]
    seen = [u.message for u in application.updates.filter(visible_to_applicant=True)]
    assert "routed" not in seen and "assigned" not in seen
    assert update_text(application.updates.get(message="routed")).startswith("Sent to ")
    details = set(
        AuditEvent.objects.filter(object_id=str(application.pk)).values_list("detail", flat=True)
    )
    assert {"submitted", "routed", "assigned", "approved", "fulfilled"} <= details


def test_rejected_with_a_reason_the_applicant_reads(applicant, reviewer):
    application = under_review(applicant=applicant, reviewer=reviewer)
    services.application_reject(
        application=application,
        reason="not_eligible",
        note="Income above the line.",
        actor=reviewer,
    )
    application = reload(application)
    assert application.status == Status.REJECTED
    assert application.rejection_reason == "not_eligible"
    assert application.rejection_note == "Income above the line."
    entry = application.updates.get(message="rejected")
    assert entry.visible_to_applicant and entry.body == "Income above the line."
    assert update_text(entry) == "Rejected: The applicant is not eligible"
    assert clock(application) is None
    assert Message.objects.filter(
        recipient=applicant, context__event="rejected", context__rejection_reason="not_eligible"
    ).exists()


def test_a_supervisor_assigns_and_decides(applicant, reviewer, reviewer_2, naf_supervisor):
    application = submitted(applicant=applicant)
    services.application_assign(application=application, reviewer=reviewer, actor=naf_supervisor)
    assert reload(application).assigned_to == reviewer
    assert Message.objects.filter(recipient=reviewer, context__event="assigned").exists()
    # Reassigned while under review: the status stays.
    services.application_assign(
        application=reload(application), reviewer=reviewer_2, actor=naf_supervisor
    )
    application = reload(application)
    assert (application.status, application.assigned_to) == (Status.UNDER_REVIEW, reviewer_2)
    services.application_approve(application=application, actor=naf_supervisor)
    assert reload(application).status == Status.APPROVED

"""What the complaint tests read back."""

from django.utils import translation
from django.utils.translation import gettext

from apps.audit.models import AuditEvent
from apps.complaints.models import Complaint, ComplaintUpdate
from apps.notifications.models import Message
from apps.sla.models import Clock


def audits(made: Complaint, **filters):
    return AuditEvent.objects.filter(
        object_type="complaints.complaint", object_id=str(made.pk), **filters
    )


def updates(made: Complaint, message: str):
    return ComplaintUpdate.objects.filter(complaint=made, message=message)


def staff_notices(user, event: str | None = None):
    found = Message.objects.filter(recipient=user, template="complaints.staff")
    return found.filter(context__event=event) if event else found


def citizen_messages(event: str | None = None):
    found = Message.objects.filter(recipient__isnull=True, template="complaints.citizen")
    return found.filter(context__event=event) if event else found


def arabic(msgid: str, **params) -> str:
    with translation.override("ar"):
        return gettext(msgid) % params


def snapshot(made: Complaint) -> tuple:
    """What a refused change must leave as it was."""
    fresh = Complaint.objects.get(pk=made.pk)
    return (
        fresh.status,
        fresh.assigned_to_id,
        fresh.updated_at,
        fresh.response,
        fresh.rating,
        fresh.rating_comment,
        fresh.reopen_count,
        fresh.resolved_at,
        fresh.closed_at,
        fresh.named_employee_id,
        ComplaintUpdate.objects.filter(complaint=fresh).count(),
        audits(fresh).count(),
        list(
            Clock.objects.filter(subject_id=str(fresh.pk), kind="complaints.complaint")
            .order_by("pk")
            .values_list("purpose", "stopped_at", "paused_at", "due_at")
        ),
        Message.objects.count(),
    )

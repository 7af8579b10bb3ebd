"""What the referral tests read back: thread entries, case timeline texts in both languages,
audit events, notifications and a snapshot of everything a refused change must leave alone."""

from django.utils import translation
from django.utils.translation import gettext

from apps.audit.models import AuditEvent
from apps.cases.events import event_text
from apps.cases.models import CaseEvent
from apps.notifications.models import Message
from apps.referrals.models import Referral, ReferralUpdate
from apps.sla.models import Clock

TEMPLATE = "referrals.update"


def updates(referral: Referral, message: str):
    return ReferralUpdate.objects.filter(referral=referral, message=message)


def timeline(referral: Referral, message: str) -> list[CaseEvent]:
    return list(
        CaseEvent.objects.filter(
            case=referral.case_id, kind=CaseEvent.Kind.REFERRAL, message=f"referral_{message}"
        ).order_by("pk")
    )


def read(event, language: str) -> str:
    with translation.override(language):
        return event_text(event)


def arabic(msgid: str, **params) -> str:
    """The Arabic text of a message with its parameters (the msgid while it is untranslated)."""
    with translation.override("ar"):
        return gettext(msgid) % params


def audits(referral: Referral, **filters):
    return AuditEvent.objects.filter(
        object_type="referrals.referral", object_id=str(referral.pk), **filters
    )


def notices(user, event: str | None = None):
    found = Message.objects.filter(recipient=user, template=TEMPLATE)
    return found.filter(context__event=event) if event else found


def in_app(user, event: str) -> str:
    return notices(user, event).get(channel=Message.Channel.IN_APP).body


def snapshot(referral: Referral) -> tuple:
    """What a refused change must leave as it was."""
    fresh = Referral.objects.get(pk=referral.pk)
    return (
        fresh.status,
        fresh.to_office_id,
        fresh.assigned_to_id,
        fresh.updated_at,
        fresh.closing_note,
        list(fresh.tried_offices),
        ReferralUpdate.objects.filter(referral=fresh).count(),
        CaseEvent.objects.filter(case=fresh.case_id).count(),
        audits(fresh).count(),
        list(
            Clock.objects.filter(subject_id=str(fresh.pk))
            .order_by("pk")
            .values_list("purpose", "stopped_at", "paused_at")
        ),
        Message.objects.count(),
    )

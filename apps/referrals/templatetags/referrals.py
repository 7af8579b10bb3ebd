"""`{% load referrals %}`: what a referral notification says, in the recipient's language."""

from django import template
from django.utils.translation import gettext_lazy as _

from apps.core.models import in_active_language

from ..models import Referral

register = template.Library()

NOTICES = {
    "routed": _(
        "Referral %(reference)s for %(service)s has reached your office and waits for an answer."
    ),
    "unrouted": _("Referral %(reference)s for %(service)s fits none of your offices: choose one."),
    "assigned": _("Referral %(reference)s for %(service)s was assigned to you."),
    "accepted": _("Your referral %(reference)s for %(service)s was accepted."),
    "declined": _("Your referral %(reference)s for %(service)s was declined: %(detail)s."),
    "info_requested": _(
        "The receiving office asks for information on your referral %(reference)s (%(service)s)."
    ),
    "info_answered": _(
        "The sender answered your question on referral %(reference)s (%(service)s)."
    ),
    "progress": _("Progress on your referral %(reference)s for %(service)s."),
    "completed": _("Your referral %(reference)s for %(service)s is completed: %(detail)s."),
    "cancelled": _("Referral %(reference)s for %(service)s was cancelled by the sender."),
    "rerouted": _(
        "Your referral %(reference)s for %(service)s was not answered in time and was sent to another office."
    ),
    "taken_away": _(
        "Referral %(reference)s for %(service)s was not answered in time and went to another office."
    ),
    "expired": _(
        "Your referral %(reference)s for %(service)s expired: no office answered in time."
    ),
}


@register.simple_tag(takes_context=True)
def referral_notice(context) -> str:
    detail = ""
    if context.get("decline_reason"):
        detail = Referral.DeclineReason(context["decline_reason"]).label
    elif context.get("outcome"):
        detail = Referral.Outcome(context["outcome"]).label
    return str(NOTICES.get(context.get("event"), NOTICES["progress"])) % {
        "reference": context.get("reference", ""),
        "service": in_active_language(context.get("service_ar", ""), context.get("service_en", "")),
        "detail": detail,
    }

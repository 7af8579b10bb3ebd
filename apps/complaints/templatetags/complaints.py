"""`{% load complaints %}`: what a complaint notification says, in the recipient's language."""

from django import template
from django.utils.translation import gettext_lazy as _

from apps.core.models import in_active_language

from ..models import Complaint

register = template.Library()

STAFF_NOTICES = {
    "received": _("New complaint %(reference)s (%(category)s) has reached your office."),
    "assigned": _("Complaint %(reference)s (%(category)s) was assigned to you."),
    "info_provided": _("The complainant answered your question on complaint %(reference)s."),
    "rated": _(
        "The complainant rated the handling of complaint %(reference)s %(rating)s out of 5."
    ),
    "reopened": _(
        "Complaint %(reference)s (%(category)s) was reopened: the complainant is not satisfied with the answer."
    ),
}

CITIZEN_NOTICES = {
    "received": _("We received your message (%(kind)s). Its reference number is %(reference)s."),
    "acknowledged": _("We are looking into your message %(reference)s."),
    "info_requested": _("We need more information on your message %(reference)s."),
    "resolved": _("We answered your message %(reference)s."),
    "closed_duplicate": _(
        "Your message %(reference)s was closed: it repeats another one that is being handled."
    ),
}


@register.simple_tag(takes_context=True)
def complaint_staff_notice(context) -> str:
    return str(STAFF_NOTICES.get(context.get("event"), STAFF_NOTICES["received"])) % {
        "reference": context.get("reference", ""),
        "category": in_active_language(
            context.get("category_ar", ""), context.get("category_en", "")
        ),
        "rating": context.get("rating", ""),
    }


@register.simple_tag(takes_context=True)
def complaint_citizen_notice(context) -> str:
    kind = context.get("kind")
    label = Complaint.Kind(kind).label if kind in Complaint.Kind.values else ""
    return str(CITIZEN_NOTICES.get(context.get("event"), CITIZEN_NOTICES["received"])) % {
        "reference": context.get("reference", ""),
        "kind": label,
    }

"""`{% load applications %}`: what an application notification says, in the recipient's
language."""

from django import template

from apps.core.models import in_active_language

from ..events import NOTICES
from ..models import Application

register = template.Library()


@register.simple_tag(takes_context=True)
def application_notice(context) -> str:
    detail = ""
    if context.get("rejection_reason"):
        detail = Application.RejectionReason(context["rejection_reason"]).label
    return str(NOTICES.get(context.get("event"), NOTICES["submitted"])) % {
        "reference": context.get("reference", ""),
        "service": in_active_language(context.get("service_ar", ""), context.get("service_en", "")),
        "detail": detail,
    }

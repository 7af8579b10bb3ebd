"""`{% load applications %}`: what an application notification says, in the recipient's
language."""

from django import template
from django.utils.html import format_html

from apps.core.models import in_active_language

from ..events import NOTICES
from ..models import Application

register = template.Library()

Status = Application.Status
BADGES = {
    Status.APPROVED: "text-bg-success",
    Status.FULFILLED: "text-bg-success",
    Status.REJECTED: "text-bg-danger",
    Status.INFO_REQUESTED: "text-bg-warning",
    Status.DRAFT: "text-bg-secondary",
    Status.WITHDRAWN: "text-bg-secondary",
}


@register.simple_tag
def application_status(application: Application) -> str:
    """The application's status as a coloured badge with its words, on every page that shows
    one (in Python: a queue shows one per row)."""
    return format_html(
        '<span class="badge {}">{}</span>',
        BADGES.get(application.status, "text-bg-primary"),
        application.status_label,
    )


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

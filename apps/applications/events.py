"""How an application's steps read, on its history and in notifications: a message id and
parameters rendered in the reader's language. The applicant reads the entries marked for them,
so those are written for citizens, never naming staff."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from apps.cases.events import render

from .models import Application

HISTORY = {
    "created": _("Application started"),
    "submitted": _("Application received"),
    "routed": _("Sent to %(office)s"),
    "unrouted": _("No office fits: waiting for the agency to choose one"),
    "assigned": pgettext_lazy("application history", "Assigned to %(worker)s"),
    "review": _("Under review"),
    "info_requested": _("More information is needed from you"),
    "info_answered": _("You sent the information asked for"),
    "document_added": _("Document sent: %(document)s"),
    "approved": _("Approved"),
    "case_opened": _("A case was opened: %(case)s"),
    "case_joined": _("Joined the household's case %(case)s"),
    "case_not_opened": _("No case opened: the applicant is not matched to a household"),
    "rejected": _("Rejected: %(rejection_reason)s"),
    "fulfilled": _("The service was delivered"),
    "withdrawn": _("Withdrawn by the applicant"),
}

# On the case timeline of the household whose case an approved application opened or joined.
TIMELINE = {
    "application_case_opened": _("Opened for application %(reference)s (%(service)s)"),
    "application_case_joined": _(
        "Application %(reference)s approved (%(service)s) and joined to this case"
    ),
}

CHOICE_PARAMS = {"rejection_reason": Application.RejectionReason}

# What the applicant and the office are told, by event.
NOTICES = {
    "submitted": _(
        "We received your application %(reference)s for %(service)s. Keep the number to follow it."
    ),
    "info_requested": _(
        "Your application %(reference)s for %(service)s needs more information from you."
    ),
    "approved": _("Your application %(reference)s for %(service)s was approved."),
    "rejected": _("Your application %(reference)s for %(service)s was rejected: %(detail)s."),
    "fulfilled": _("The service of your application %(reference)s (%(service)s) was delivered."),
    "routed": _("Application %(reference)s for %(service)s has reached your office."),
    "unrouted": _(
        "Application %(reference)s for %(service)s fits none of your offices: choose one."
    ),
    "assigned": _("Application %(reference)s for %(service)s was assigned to you."),
    "info_answered": _("The applicant answered on application %(reference)s (%(service)s)."),
    "withdrawn": _("Application %(reference)s for %(service)s was withdrawn by the applicant."),
}


def update_text(update) -> str:
    template = HISTORY.get(update.message)
    if template is None:
        return update.get_kind_display()
    return render(template, update.params, CHOICE_PARAMS)

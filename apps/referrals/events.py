"""How a referral's steps read, on its thread, on the case timeline and in notifications: a
message id and parameters rendered in the reader's language."""

from django.utils.translation import gettext_lazy as _

from apps.cases.events import render

from .models import Referral

# On the referral's own thread (the reference and service are on the page already).
THREAD = {
    "submitted": _("Referral submitted"),
    "unrouted": _("No office fits: waiting for the agency to choose one"),
    "routed": _("Routed to %(office)s"),
    "assigned": _("Assigned to %(worker)s"),
    "accepted": _("Accepted"),
    "declined": _("Declined: %(decline_reason)s"),
    "info_requested": _("Information requested from the sender"),
    "info_answered": _("The sender answered"),
    "progress": _("Progress update"),
    "completed": _("Completed: %(outcome)s"),
    "cancelled": _("Cancelled by the sender"),
    "expired": _("Expired: no office answered in time"),
}

# On the case timeline, which has other entries: each names the referral and its service.
TIMELINE = {
    "referral_submitted": _("Referral %(reference)s submitted for %(service)s"),
    "referral_unrouted": _(
        "Referral %(reference)s waits for the receiving agency to choose an office"
    ),
    "referral_routed": _("Referral %(reference)s routed to %(office)s"),
    "referral_assigned": _("Referral %(reference)s assigned to %(worker)s"),
    "referral_accepted": _("Referral %(reference)s accepted (%(service)s)"),
    "referral_declined": _("Referral %(reference)s declined: %(decline_reason)s"),
    "referral_info_requested": _("Referral %(reference)s: information requested"),
    "referral_info_answered": _("Referral %(reference)s: information sent"),
    "referral_progress": _("Referral %(reference)s: progress update"),
    "referral_completed": _("Referral %(reference)s completed: %(outcome)s"),
    "referral_cancelled": _("Referral %(reference)s cancelled"),
    "referral_expired": _("Referral %(reference)s expired: no office answered in time"),
}

CHOICE_PARAMS = {"decline_reason": Referral.DeclineReason, "outcome": Referral.Outcome}


def update_text(update) -> str:
    template = THREAD.get(update.message)
    if template is None:
        return update.get_kind_display()
    return render(template, update.params, CHOICE_PARAMS)

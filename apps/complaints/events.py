"""How a complaint's steps read, for staff on the complaint page and for the complainant on the
tracking page: a message id and parameters, rendered in the reader's language."""

from django.utils.translation import gettext_lazy as _

# Staff read every step, with who did it.
STAFF = {
    "received": _("Complaint received (%(channel)s)"),
    "assigned": _("Assigned to %(officer)s"),
    "acknowledged": _("Acknowledged"),
    "info_requested": _("Information requested from the complainant"),
    "info_provided": _("The complainant sent information"),
    "info_recorded": _("Information from the complainant recorded"),
    "resolved": _("Answered and resolved"),
    "closed": _("Closed"),
    "closed_duplicate": _("Closed as a duplicate of %(original)s"),
    "rated": _("Rated %(rating)s out of 5"),
    "reopened": _("Reopened by the complainant"),
    "note": _("Internal note"),
    "employee_named": _("Employee concerned recorded"),
}

# The complainant reads only the steps marked for them, never a member of staff's name.
CITIZEN = {
    "received": _("We received your %(what)s."),
    "assigned": _("A complaints officer is handling it."),
    "acknowledged": _("We are looking into it."),
    "info_requested": _("We asked you for more information."),
    "info_provided": _("You sent us more information."),
    "info_recorded": _("We recorded the information you gave us."),
    "resolved": _("We answered."),
    "closed": _("Closed."),
    "closed_duplicate": _("Closed: it repeats another complaint that is being handled."),
    "rated": _("You rated how it was handled: %(rating)s out of 5."),
    "reopened": _("You reopened it."),
}


def _render(template, params: dict) -> str:
    try:
        return str(template) % params
    except (KeyError, TypeError, ValueError):
        return str(template)


def _params(update) -> dict:
    from .models import Complaint

    params = dict(update.params)
    if "channel" in params and params["channel"] in Complaint.Channel.values:
        params["channel"] = Complaint.Channel(params["channel"]).label
    if "what" in params and params["what"] in Complaint.Kind.values:
        params["what"] = str(Complaint.Kind(params["what"]).label).lower()
    return params


def staff_text(update) -> str:
    template = STAFF.get(update.message)
    if template is None:
        return update.get_kind_display()
    return _render(template, _params(update))


def citizen_text(update) -> str:
    template = CITIZEN.get(update.message)
    if template is None:
        return ""
    return _render(template, _params(update))

"""How timeline entries read. Events store a message id and parameters; the text is rendered in
the reader's language when the timeline is shown."""

import contextlib

from django.utils.translation import gettext_lazy as _

from apps.core.models import in_active_language

from .models import Approval, Assessment, Case, PlanAction

MESSAGES = {
    "opened": _("Case opened"),
    "status": _("Status changed to “%(status)s”"),
    "reopened": _("Case reopened: %(reason)s"),
    "assessed": _("%(domain)s assessed: %(need)s need"),
    "goal_added": _("Goal added: %(goal)s"),
    "action_added": _("Action added: %(action)s (due %(due)s)"),
    "action_status": _("Action “%(action)s” is now %(state)s"),
    "note_added": _("Note added"),
    "confidential_note_added": _("Confidential note added"),
    "document_added": _("Document added: %(title)s"),
    "assigned": _("Assigned to %(owner)s"),
    "transferred": _("Transferred to %(office)s, %(owner)s"),
    "risk": _("Risk level changed to %(risk)s"),
    "approval_requested": _("Approval requested: %(approval)s"),
    "approval_approved": _("Approved: %(approval)s"),
    "approval_returned": _("Returned: %(approval)s. %(comment)s"),
}

# Parameters stored as codes and shown by their label in the reader's language.
CHOICE_PARAMS = {
    "status": Case.Status,
    "risk": Case.Risk,
    "domain": Assessment.Domain,
    "approval": Approval.Kind,
    "state": PlanAction.Status,
    "need": Assessment.Need,
}


def register(messages: dict, choice_params: dict | None = None) -> None:
    """Timeline texts of a workflow above this app (its AppConfig.ready())."""
    MESSAGES.update(messages)
    CHOICE_PARAMS.update(choice_params or {})


def render(template, params: dict, choices: dict) -> str:
    """A message with its parameters in the reader's language: codes shown by their label,
    names stored in both languages (`service_ar`, `service_en`) read as `service`."""
    params = dict(params)
    for name, choice in choices.items():
        if name in params:
            with contextlib.suppress(ValueError):
                params[name] = choice(params[name]).label
    for key in [k for k in params if k.endswith("_ar")]:
        base = key[:-3]
        params[base] = in_active_language(params[key], params.get(f"{base}_en", ""))
    try:
        return str(template) % params
    except (KeyError, TypeError, ValueError):
        return str(template)


def event_text(event) -> str:
    template = MESSAGES.get(event.message)
    if template is None:
        return event.message
    return render(template, event.params, CHOICE_PARAMS)

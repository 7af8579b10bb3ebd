"""The office's action forms on an application's page; each feeds one service."""

from django import forms
from django.utils.translation import gettext_lazy as _

from apps.core.forms import MAX_TEXT, OnceForm

from .models import Application


def _text(label, *, required: bool, rows: int = 3) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": rows, "dir": "auto"}),
    )


class AssignForm(OnceForm):
    reviewer = forms.ModelChoiceField(label=_("Social worker"), queryset=None)

    def __init__(self, *args, reviewers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reviewer"].queryset = reviewers


class QuestionForm(OnceForm):
    question = _text(_("Question to the applicant"), required=True)


class ApproveForm(OnceForm):
    note = _text(_("Note to the applicant (optional)"), required=False, rows=2)


class RejectForm(OnceForm):
    # No reason chosen in advance: the reviewer picks one.
    reason = forms.ChoiceField(
        label=_("Reason for rejection"),
        choices=[("", "—"), *Application.RejectionReason.choices],
    )
    note = _text(_("Explanation (required for another reason)"), required=False)


class FulfilForm(OnceForm):
    note = _text(_("Note to the applicant (optional)"), required=False, rows=2)


class RouteForm(OnceForm):
    office = forms.ModelChoiceField(label=_("Office"), queryset=None)

    def __init__(self, *args, offices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["office"].queryset = offices

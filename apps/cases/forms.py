from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.catalogue.models import Pillar
from apps.core.forms import OnceForm
from apps.organisations.models import Agency, Office

from .models import Assessment, Case, PlanAction


class CaseOpenForm(OnceForm):
    primary_person = forms.ModelChoiceField(
        label=_("Primary person"), queryset=None, empty_label=None
    )
    office = forms.ModelChoiceField(label=_("Office"), queryset=None, empty_label=None)
    owner = forms.ModelChoiceField(label=_("Social worker"), queryset=None, empty_label=None)
    risk = forms.ChoiceField(
        label=_("Risk level"), choices=Case.Risk.choices, initial=Case.Risk.MEDIUM
    )
    summary = forms.CharField(
        label=_("Reason for the case"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )

    def __init__(self, *args, people, offices, workers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["primary_person"].queryset = people
        self.fields["office"].queryset = offices
        self.fields["owner"].queryset = workers


class AssessmentForm(OnceForm):
    domain = forms.ChoiceField(label=_("Domain"), choices=Assessment.Domain.choices)
    need = forms.TypedChoiceField(
        label=_("Need level"), choices=Assessment.Need.choices, coerce=int
    )
    notes = forms.CharField(
        label=_("Notes"), widget=forms.Textarea(attrs={"rows": 2}), required=False, max_length=4000
    )


class GoalForm(OnceForm):
    description = forms.CharField(label=_("Goal"), max_length=300)


class ActionForm(OnceForm):
    description = forms.CharField(label=_("Action"), max_length=300)
    due_date = forms.DateField(label=_("Due date"), widget=forms.DateInput(attrs={"type": "date"}))
    responsible_agency = forms.ModelChoiceField(
        label=_("Responsible agency"), queryset=Agency.objects.all()
    )
    responsible_office = forms.ModelChoiceField(
        label=_("Responsible office"),
        queryset=Office.objects.select_related("agency"),
        required=False,
    )
    pillar = forms.ChoiceField(label=_("Pillar"), choices=Pillar.choices)

    def clean_due_date(self):
        due = self.cleaned_data["due_date"]
        if due < timezone.localdate():
            raise forms.ValidationError(_("The due date cannot be in the past."))
        return due


class ActionStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=PlanAction.Status.choices)


class NoteForm(OnceForm):
    body = forms.CharField(
        label=_("Note"), widget=forms.Textarea(attrs={"rows": 3}), max_length=10000
    )
    confidential = forms.BooleanField(
        label=_("Confidential (only the case owner and supervisors can read it)"), required=False
    )


class DocumentForm(OnceForm):
    title = forms.CharField(label=_("Title"), max_length=200)
    file = forms.FileField(label=_("File (PDF, JPEG or PNG, 10 MB at most)"))


class ReasonForm(OnceForm):
    reason = forms.CharField(
        label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )


class RiskForm(forms.Form):
    risk = forms.ChoiceField(label=_("Risk level"), choices=Case.Risk.choices)


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=[("approve", _("Approve")), ("return", _("Return"))])
    comment = forms.CharField(
        label=_("Comment"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=2000,
    )


class AssignForm(forms.Form):
    owner = forms.ModelChoiceField(label=_("Social worker"), queryset=None)
    reason = forms.CharField(label=_("Reason"), max_length=300, required=False)

    def __init__(self, *args, workers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = workers


class TransferForm(forms.Form):
    office = forms.ModelChoiceField(label=_("Office"), queryset=None)
    owner = forms.ModelChoiceField(label=_("Social worker"), queryset=None)
    reason = forms.CharField(label=_("Reason"), max_length=300)

    def __init__(self, *args, offices, workers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["office"].queryset = offices
        self.fields["owner"].queryset = workers


class BulkReassignForm(AssignForm):
    cases = forms.CharField(widget=forms.MultipleHiddenInput, required=False)

from django import forms
from django.utils.translation import gettext_lazy as _

from apps.core.forms import OnceForm

from .models import Referral


class ReferralForm(OnceForm):
    service = forms.ModelChoiceField(label=_("Service"), queryset=None)
    person = forms.ModelChoiceField(label=_("Person referred"), queryset=None, empty_label=None)
    whole_household = forms.BooleanField(label=_("Refer the whole household"), required=False)
    urgency = forms.ChoiceField(
        label=_("Urgency"), choices=Referral.Urgency.choices, initial=Referral.Urgency.NORMAL
    )
    reason = forms.CharField(
        label=_("Reason for the referral"),
        help_text=_(
            "What the receiving office needs to know to help; it sees nothing else of the case."
        ),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=4000,
    )
    documents = forms.ModelMultipleChoiceField(
        label=_("Documents to share"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    consent_override = forms.CharField(
        label=_("Reason to refer without consent"),
        help_text=_(
            "Only when the person has not consented to a referral to that agency, for example to "
            "protect a child at risk. Supervisors see this reason."
        ),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=4000,
    )

    def __init__(self, *args, services, people, documents, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["service"].queryset = services
        self.fields["service"].label_from_instance = lambda s: f"{s.name} — {s.agency.name}"
        self.fields["person"].queryset = people
        self.fields["documents"].queryset = documents


class ReasonForm(OnceForm):
    text = forms.CharField(
        label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}), max_length=4000
    )


class MessageForm(OnceForm):
    text = forms.CharField(
        label=_("Message"), widget=forms.Textarea(attrs={"rows": 3}), max_length=4000
    )


class DeclineForm(OnceForm):
    reason = forms.ChoiceField(label=_("Reason"), choices=Referral.DeclineReason.choices)
    note = forms.CharField(
        label=_("Explanation"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=4000,
    )


class CompleteForm(OnceForm):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=Referral.Outcome.choices)
    note = forms.CharField(
        label=_("Note for the sender"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=4000,
    )


class AssignForm(OnceForm):
    worker = forms.ModelChoiceField(label=_("Social worker"), queryset=None)

    def __init__(self, *args, workers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["worker"].queryset = workers


class RouteForm(OnceForm):
    office = forms.ModelChoiceField(label=_("Office"), queryset=None)

    def __init__(self, *args, offices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["office"].queryset = offices


class RoutingRuleForm(OnceForm):
    service = forms.ModelChoiceField(label=_("Service"), queryset=None)
    governorate = forms.ModelChoiceField(label=_("Governorate"), queryset=None)
    office = forms.ModelChoiceField(label=_("Office"), queryset=None)

    def __init__(self, *args, services, governorates, offices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["service"].queryset = services
        self.fields["governorate"].queryset = governorates
        self.fields["office"].queryset = offices

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from apps.core.forms import OnceForm

from .models import Channel, Pillar
from .services import MAX_DAYS, MAX_DOCUMENTS, MAX_FEE, Document

# Arabic fields are typed right to left and English ones left to right, whatever the page's
# language; each input says so, for the browser and for screen readers.
_ARABIC = {"dir": "rtl", "lang": "ar"}
_ENGLISH = {"dir": "ltr", "lang": "en"}


def _text(label, language, *, max_length, rows=None, required=False):
    attrs = _ARABIC if language == "ar" else _ENGLISH
    widget = forms.Textarea(attrs=attrs | {"rows": rows}) if rows else forms.TextInput(attrs=attrs)
    return forms.CharField(label=label, max_length=max_length, required=required, widget=widget)


def _days(label, help_text):
    return forms.IntegerField(
        label=label,
        min_value=0,
        max_value=MAX_DAYS,
        required=False,
        help_text=help_text,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )


class ServiceForm(OnceForm):
    """A card's content. Bilingual fields come in pairs (`PAIRS`), shown side by side."""

    agency = forms.ModelChoiceField(label=_("Agency"), queryset=None, empty_label=None)
    pillar = forms.ChoiceField(label=_("Pillar"), choices=[("", _("Choose…")), *Pillar.choices])
    name_ar = _text(_("Name in Arabic"), "ar", max_length=200)
    name_en = _text(_("Name in English"), "en", max_length=200)
    summary_ar = _text(_("Summary in Arabic"), "ar", max_length=300, rows=2)
    summary_en = _text(_("Summary in English"), "en", max_length=300, rows=2)
    description_ar = _text(_("Description in Arabic"), "ar", max_length=8000, rows=5)
    description_en = _text(_("Description in English"), "en", max_length=8000, rows=5)
    eligibility_ar = _text(_("Who is eligible, in Arabic"), "ar", max_length=4000, rows=3)
    eligibility_en = _text(_("Who is eligible, in English"), "en", max_length=4000, rows=3)
    fee = forms.DecimalField(
        label=_("Fee in Jordanian dinars"),
        min_value=Decimal(0),
        max_value=MAX_FEE,
        decimal_places=3,
        initial=Decimal(0),
        help_text=_("0 when the service is free."),
        widget=forms.NumberInput(attrs={"step": "0.001", "inputmode": "decimal"}),
    )
    fee_note_ar = _text(_("Fee note in Arabic"), "ar", max_length=200)
    fee_note_en = _text(_("Fee note in English"), "en", max_length=200)
    channels = forms.MultipleChoiceField(
        label=_("Channels"),
        choices=Channel.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Where and how citizens get the service. At least one, to publish."),
    )
    processing_days = _days(
        _("Processing time in working days"), _("Needed to publish. 0 when done the same day.")
    )
    referral_response_days = _days(
        _("Referral response time in working days"),
        _("How long the agency takes to answer a referral; needed when it accepts referrals."),
    )
    referrable = forms.BooleanField(
        label=_("Accepts referrals from other agencies"), required=False
    )
    applicable_online = forms.BooleanField(label=_("Can be applied for online"), required=False)
    opens_case = forms.BooleanField(
        label=_("Opens a case followed by a social worker"), required=False
    )

    PAIRS = [
        ("name_ar", "name_en"),
        ("summary_ar", "summary_en"),
        ("description_ar", "description_en"),
        ("eligibility_ar", "eligibility_en"),
        ("fee_note_ar", "fee_note_en"),
    ]

    def __init__(self, *args, agencies=None, **kwargs):
        super().__init__(*args, **kwargs)
        if agencies is None:  # editing: the agency of a card never changes
            del self.fields["agency"]
        else:
            self.fields["agency"].queryset = agencies

    def pairs(self):
        return [(self[ar], self[en]) for ar, en in self.PAIRS]

    def card_fields(self) -> dict:
        """The arguments of services.service_create / service_update, from the cleaned data."""
        return {
            name: value
            for name, value in self.cleaned_data.items()
            if name not in {"once", "agency"}
        }


class DocumentForm(forms.Form):
    name_ar = _text(_("Document in Arabic"), "ar", max_length=200)
    name_en = _text(_("Document in English"), "en", max_length=200)

    def clean(self):
        cleaned = super().clean()
        if bool(cleaned.get("name_ar")) != bool(cleaned.get("name_en")):
            raise ValidationError(_("Name the document in both Arabic and English."))
        return cleaned


DocumentFormSet = forms.formset_factory(
    DocumentForm, extra=2, can_delete=True, max_num=MAX_DOCUMENTS, validate_max=True
)


def documents_of(formset) -> list[Document]:
    return [
        Document(form.cleaned_data["name_ar"], form.cleaned_data["name_en"])
        for form in formset.forms
        if form.cleaned_data
        and not form.cleaned_data.get("DELETE")
        and form.cleaned_data.get("name_ar")
    ]

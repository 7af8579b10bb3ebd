from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from apps.organisations.models import Agency, Governorate

from . import services
from .models import Consent, HouseholdMember, Person

# Names are typed in Arabic, numbers and the English name in Latin script: each input gets the
# direction and language of what goes in it, whatever the page's language.
_ARABIC = {"dir": "rtl", "lang": "ar", "autocomplete": "off"}
_LATIN = {"dir": "ltr", "lang": "en", "autocomplete": "off"}


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("National number, ID number, mobile number, name or household number"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"type": "search", "dir": "auto", "autocomplete": "off"}),
    )


class IdFieldsMixin(forms.Form):
    id_type = forms.ChoiceField(
        label=_("ID type"),
        choices=Person.IdType.choices,
        initial=Person.IdType.NATIONAL_NUMBER,
    )
    id_number = forms.CharField(
        label=_("ID number"),
        max_length=40,
        widget=forms.TextInput(attrs=_LATIN | {"inputmode": "text"}),
        help_text=_("The national number of a Jordanian is 10 digits."),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("id_type") and cleaned.get("id_number"):
            cleaned["id_number"] = services.normalise_id_number(cleaned["id_number"])
            try:
                services.check_id_number(cleaned["id_type"], cleaned["id_number"])
            except ValidationError as error:
                self.add_error(None, error)  # names its field
        return cleaned


class PersonForm(IdFieldsMixin):
    first_name_ar = forms.CharField(
        label=_("First name"), max_length=60, widget=forms.TextInput(attrs=_ARABIC)
    )
    father_name_ar = forms.CharField(
        label=_("Father's name"), max_length=60, widget=forms.TextInput(attrs=_ARABIC)
    )
    grandfather_name_ar = forms.CharField(
        label=_("Grandfather's name"),
        max_length=60,
        required=False,
        widget=forms.TextInput(attrs=_ARABIC),
    )
    family_name_ar = forms.CharField(
        label=_("Family name"), max_length=60, widget=forms.TextInput(attrs=_ARABIC)
    )
    name_en = forms.CharField(
        label=_("Full name in English"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs=_LATIN),
        help_text=_("As written in the passport, if the person has one."),
    )
    birth_date = forms.DateField(
        label=_("Date of birth"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    sex = forms.ChoiceField(label=_("Sex"), choices=Person.Sex.choices, widget=forms.RadioSelect)
    mobile = forms.CharField(
        label=_("Mobile number"),
        max_length=30,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "dir": "ltr", "autocomplete": "off"}),
        help_text=_("For example 0791234567."),
    )
    governorate = forms.ModelChoiceField(
        label=_("Governorate"), queryset=Governorate.objects.all(), empty_label=None
    )
    disability = forms.ChoiceField(
        label=_("Disability"), choices=Person.Disability.choices, initial=Person.Disability.NONE
    )
    register_anyway = forms.BooleanField(
        label=_("I checked the people listed above: this is a different person. Register anyway."),
        required=False,
    )

    NAME_FIELDS = ("first_name_ar", "father_name_ar", "grandfather_name_ar", "family_name_ar")

    def clean_birth_date(self):
        birth_date = self.cleaned_data["birth_date"]
        try:
            services.check_birth_date(birth_date)
        except ValidationError as error:
            raise ValidationError(error.message_dict["birth_date"]) from error
        return birth_date

    def clean_mobile(self):
        try:
            return services.check_mobile(self.cleaned_data["mobile"])
        except ValidationError as error:
            raise ValidationError(error.message_dict["mobile"]) from error

    def person_data(self) -> dict:
        """The arguments of services.person_register, from the cleaned data."""
        return {k: v for k, v in self.cleaned_data.items() if k != "register_anyway"}

    def name_data(self) -> dict:
        """The arguments of selectors.duplicate_candidates, from the cleaned data."""
        fields = (*self.NAME_FIELDS, "name_en", "birth_date")
        return {name: self.cleaned_data[name] for name in fields}


class HouseholdForm(forms.Form):
    governorate = forms.ModelChoiceField(
        label=_("Governorate"), queryset=Governorate.objects.all(), empty_label=None
    )
    address = forms.CharField(
        label=_("Address"),
        max_length=300,
        required=False,
        widget=forms.TextInput(attrs={"dir": "auto"}),
        help_text=_("Area, street and building, or a landmark."),
    )


class MemberAddForm(IdFieldsMixin):
    relationship = forms.ChoiceField(
        label=_("Relationship to the head of household"),
        choices=[("", _("Choose…")), *HouseholdMember.Relationship.choices],
    )

    field_order = ["relationship", "id_type", "id_number"]


class ConsentForm(forms.Form):
    purpose = forms.ChoiceField(
        label=_("Purpose"), choices=[("", _("Choose…")), *Consent.Purpose.choices]
    )
    agencies = forms.ModelMultipleChoiceField(
        label=_("Agencies covered"),
        queryset=Agency.objects.filter(social_sector=True),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one agency the consent covers.")},
    )

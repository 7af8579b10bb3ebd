from django import forms
from django.utils.translation import gettext_lazy as _


class TrackForm(forms.Form):
    """The one tracking form, for every kind of reference: the page finds out the kind."""

    reference = forms.CharField(
        label=_("Reference number"),
        help_text=_("As written in the message we sent you, for example A-7K3M-9QX2-F."),
        max_length=40,
        widget=forms.TextInput(attrs={"dir": "ltr", "autocomplete": "off", "spellcheck": "false"}),
    )
    verification = forms.CharField(
        label=_("Your details on file"),
        help_text=_(
            "For an application: the last four digits of your national number, or your mobile "
            "number. For a complaint: the mobile number or email address you gave (leave it "
            "empty if you gave none)."
        ),
        max_length=254,
        required=False,
        widget=forms.TextInput(attrs={"dir": "ltr", "autocomplete": "off"}),
    )


class CharterForm(forms.Form):
    """The agency whose promised times the charter shows."""

    agency = forms.ChoiceField(
        label=_("Agency"), widget=forms.Select(attrs={"class": "form-select"})
    )

    def __init__(self, *args, agencies: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].choices = agencies

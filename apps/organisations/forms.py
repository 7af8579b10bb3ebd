from allauth.account.forms import SignupForm
from django import forms
from django.contrib.auth import password_validation
from django.utils.translation import gettext_lazy as _

from .models import Membership, User


class CitizenSignupForm(SignupForm):
    full_name = forms.CharField(label=_("Full name"), max_length=200)

    field_order = ["full_name", "email", "password1", "password2"]


class StaffInviteForm(forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=200)
    email = forms.EmailField(label=_("Email address"))
    office = forms.ModelChoiceField(label=_("Office"), queryset=None, empty_label=None)
    role = forms.ChoiceField(label=_("Role"), choices=Membership.Role.choices)
    language = forms.ChoiceField(
        label=_("Language of the invitation"),
        choices=User.Language.choices,
        initial=User.Language.ARABIC,
    )

    def __init__(self, *args, offices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["office"].queryset = offices


class SetPasswordForm(forms.Form):
    password1 = forms.CharField(
        label=_("Password"), widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )
    password2 = forms.CharField(
        label=_("Password (again)"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean(self):
        cleaned = super().clean()
        first, second = cleaned.get("password1"), cleaned.get("password2")
        if first and second and first != second:
            self.add_error("password2", _("The two passwords do not match."))
        elif first:
            try:
                password_validation.validate_password(first, self.user)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return cleaned

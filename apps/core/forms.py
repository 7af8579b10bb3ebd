import uuid

from django import forms
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

ONCE_TTL = 24 * 60 * 60
MAX_TEXT = 4000


def checked_text(value: str, *, required: bool, label: str, max_length: int = MAX_TEXT) -> str:
    """Free text given to a service, stripped; refused with a message naming the field when it is
    required and empty, or longer than `max_length`."""
    value = (value or "").strip()
    if required and not value:
        raise ValidationError(_("%(field)s is required.") % {"field": label})
    if len(value) > max_length:
        raise ValidationError(
            _("%(field)s is too long (at most %(max)d characters).")
            % {"field": label, "max": max_length}
        )
    return value


class OnceForm(forms.Form):
    """A form that saves once: a second submission of the same rendered form (a double click, a
    resend after a timeout) is recognised and refused with a message instead of saving twice."""

    once = forms.CharField(widget=forms.HiddenInput, required=False)
    repeat_message = _("This form was already submitted; nothing was saved twice.")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial["once"] = uuid.uuid4().hex

    def claim(self, user) -> bool:
        """True the first time this rendered form is submitted by this user; False afterwards."""
        token = self.cleaned_data.get("once")
        if not token:
            return True
        return cache.add(f"once:{user.pk}:{token}", 1, ONCE_TTL)


class OnceModelForm(forms.ModelForm):
    once = forms.CharField(widget=forms.HiddenInput, required=False)
    repeat_message = OnceForm.repeat_message

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial["once"] = uuid.uuid4().hex

    claim = OnceForm.claim


def cleaned_or_raise(form, user) -> dict:
    """The form's cleaned data, or a ValidationError carrying all its errors (for views that turn
    refusals into messages); a repeated submission of a OnceForm is refused."""
    if not form.is_valid():
        raise ValidationError([e for errors in form.errors.values() for e in errors])
    if hasattr(form, "claim") and not form.claim(user):
        raise ValidationError(form.repeat_message)
    return form.cleaned_data

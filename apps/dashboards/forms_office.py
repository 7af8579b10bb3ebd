"""The reassignment form of the office dashboard: cases of one office to one of its social
workers, with a reason (docs/supervision.md)."""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from apps.cases.models import Case
from apps.cases.services import BULK_LIMIT
from apps.organisations.models import Office

# Case references are short, upper-case letters, digits and dashes (apps/core/references.py).
REFERENCE = re.compile(r"^[A-Z0-9-]{1,20}$")


class CaseReferencesField(forms.Field):
    """The references of the ticked cases (`cases=` once per case)."""

    widget = forms.MultipleHiddenInput
    default_error_messages = {
        "required": _("Choose at least one case to reassign."),
        "invalid": _("A chosen case is not valid. Reload the page and choose again."),
    }

    def to_python(self, value):
        if not value:
            return []
        if isinstance(value, str):
            value = [value]
        return [str(item).strip().upper() for item in value]

    def validate(self, value):
        super().validate(value)
        if len(value) > BULK_LIMIT:
            raise ValidationError(
                _("Reassign at most %(limit)d cases at a time; you chose %(count)d.")
                % {"limit": BULK_LIMIT, "count": len(value)},
                code="too_many",
            )
        if any(not REFERENCE.match(item) for item in value):
            raise ValidationError(self.error_messages["invalid"], code="invalid")


class OfficeReassignForm(forms.Form):
    cases = CaseReferencesField(label=_("Cases"))
    owner = forms.ModelChoiceField(
        label=_("Give them to"),
        queryset=None,
        empty_label="—",
        error_messages={
            "required": _("Choose the social worker to give the cases to."),
            "invalid_choice": _("Choose a social worker of this office."),
        },
    )
    reason = forms.CharField(
        label=_("Reason"),
        max_length=300,
        error_messages={"required": _("Say why the cases are reassigned.")},
    )

    def __init__(self, *args, office: Office, workers, **kwargs):
        super().__init__(*args, **kwargs)
        self.office = office
        self.fields["owner"].queryset = workers

    def clean_cases(self) -> list[Case]:
        references = sorted(set(self.cleaned_data["cases"]))
        found = list(
            Case.objects.filter(office=self.office, reference__in=references)
            .exclude(status=Case.Status.CLOSED)
            .select_related("office", "owner")
            .order_by("pk")
        )
        missing = len(references) - len(found)
        if missing:
            raise ValidationError(
                ngettext(
                    "%(count)d of the chosen cases is not an open case of this office.",
                    "%(count)d of the chosen cases are not open cases of this office.",
                    missing,
                )
                % {"count": missing},
                code="foreign",
            )
        return found

    def clean(self):
        cleaned = super().clean()
        cases, owner = cleaned.get("cases"), cleaned.get("owner")
        if cases and owner:
            kept = [case.reference for case in cases if case.owner_id == owner.pk]
            if kept:
                raise ValidationError(
                    _("%(name)s already has %(references)s; leave them out.")
                    % {"name": owner, "references": ", ".join(kept)}
                )
        return cleaned

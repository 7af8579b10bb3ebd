from django import forms
from django.utils.translation import gettext_lazy as _

from apps.core.forms import OnceForm

FIRST_YEAR, LAST_YEAR = 2000, 2100


def _check_year(value):
    if not FIRST_YEAR <= value.year <= LAST_YEAR:
        raise forms.ValidationError(
            _("Choose a date between %(first)s and %(last)s.")
            % {"first": FIRST_YEAR, "last": LAST_YEAR}
        )
    return value


class YearForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=FIRST_YEAR, max_value=LAST_YEAR)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class HolidayAddForm(OnceForm):
    date = forms.DateField(label=_("Date"), widget=DateInput(), validators=[_check_year])
    name_ar = forms.CharField(label=_("Name in Arabic"), max_length=200, required=False)
    name_en = forms.CharField(label=_("Name in English"), max_length=200, required=False)

    def clean(self):
        cleaned = super().clean()
        if not (cleaned.get("name_ar", "").strip() or cleaned.get("name_en", "").strip()):
            raise forms.ValidationError(_("Give the holiday a name, in Arabic or in English."))
        return cleaned


class HolidayMoveForm(forms.Form):
    to_date = forms.DateField(label=_("New date"), widget=DateInput(), validators=[_check_year])


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, **kwargs):
        super().__init__(format="%H:%M", **kwargs)


class WorkingHoursForm(forms.Form):
    day_start = forms.TimeField(label=_("Working day starts"), widget=TimeInput(), required=False)
    day_end = forms.TimeField(label=_("Working day ends"), widget=TimeInput(), required=False)
    use_default = forms.BooleanField(label=_("Use the national working hours"), required=False)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("use_default"):
            cleaned["day_start"] = cleaned["day_end"] = None
            return cleaned
        start, end = cleaned.get("day_start"), cleaned.get("day_end")
        if start is None or end is None:
            if not self.errors:
                raise forms.ValidationError(
                    _("Give both the start and the end of the working day.")
                )
        elif start >= end:
            raise forms.ValidationError(_("The working day must end after it starts."))
        return cleaned

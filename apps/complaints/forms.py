import time

from django import forms
from django.conf import settings
from django.core import signing
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from apps.catalogue.models import Service
from apps.core.forms import OnceForm
from apps.organisations.models import Agency

from .models import MAX_DESCRIPTION, Complaint, ComplaintCategory
from .services import (
    MAX_ACKNOWLEDGE_HOURS,
    MAX_ATTACHMENTS,
    MAX_COMMENT,
    MAX_NAME,
    MAX_RESOLVE_DAYS,
)

STARTED_SALT = "complaints.form-started"
# A form shown longer ago than this is stale: its token is refused and the form shown again.
STARTED_MAX_AGE = 6 * 60 * 60


def started_token(at: float | None = None) -> str:
    """When the form was shown, signed, so a bot cannot claim it waited."""
    return signing.dumps(int(at if at is not None else time.time()), salt=STARTED_SALT)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files from one input (Django's documented pattern)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data if item]
        return [single(data, initial)] if data else []


def _grouped(rows, agency_of) -> list:
    """Choices grouped by agency (<optgroup>): the form works without script."""
    groups: dict[int, tuple[str, list]] = {}
    for row in rows:
        agency = agency_of(row)
        groups.setdefault(agency.pk, (agency.name, []))[1].append((row.pk, row.name))
    if len(groups) == 1:
        return next(iter(groups.values()))[1]
    return [(name, options) for name, options in groups.values()]


class ComplaintForm(OnceForm):
    """What the complainant tells: the public form, and the staff's intake form below."""

    kind = forms.ChoiceField(
        label=_("What are you sending?"),
        choices=Complaint.Kind.choices,
        initial=Complaint.Kind.COMPLAINT,
        widget=forms.RadioSelect,
    )
    agency = forms.ModelChoiceField(
        label=_("Agency"), queryset=Agency.objects.none(), empty_label=_("Choose the agency")
    )
    category = forms.TypedChoiceField(label=_("Subject"), coerce=int, choices=())
    service = forms.TypedChoiceField(
        label=_("Service concerned (optional)"),
        coerce=int,
        choices=(),
        required=False,
        empty_value=None,
    )
    description = forms.CharField(
        label=_("Description"),
        help_text=_("What happened, when and where; at most 4,000 characters."),
        widget=forms.Textarea(attrs={"rows": 6, "dir": "auto"}),
        max_length=MAX_DESCRIPTION,
    )
    attachments = MultipleFileField(
        label=_("Attachments (optional)"),
        help_text=_("Up to 3 files: PDF, JPEG or PNG, 10 MB each at most."),
        required=False,
    )
    name = forms.CharField(
        label=_("Your name (optional)"),
        required=False,
        max_length=MAX_NAME,
        widget=forms.TextInput(attrs={"autocomplete": "name", "dir": "auto"}),
    )
    phone = forms.CharField(
        label=_("Mobile number (optional)"),
        required=False,
        max_length=30,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "dir": "ltr", "inputmode": "tel"}),
    )
    email = forms.EmailField(
        label=_("Email address (optional)"),
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "dir": "ltr"}),
    )
    contact = forms.ChoiceField(
        label=_("How shall we tell you of the answer?"),
        choices=Complaint.Contact.choices,
        initial=Complaint.Contact.SMS,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, agency_id=None, **kwargs):
        super().__init__(*args, **kwargs)
        if self.is_bound:
            agency_id = self.data.get("agency") or agency_id
        try:
            agency_id = int(agency_id) if agency_id else None
        except (TypeError, ValueError):
            agency_id = None
        categories = ComplaintCategory.objects.filter(is_active=True).select_related("agency")
        # What the list and complaint_submit read of a card, not its long texts: an agency may
        # publish hundreds.
        services = (
            Service.objects.filter(status=Service.Status.PUBLISHED)
            .select_related("agency")
            .only(
                "name_ar", "name_en", "status", "agency__code", "agency__name_ar", "agency__name_en"
            )
        )
        if agency_id is not None:
            categories = categories.filter(agency=agency_id)
            services = services.filter(agency=agency_id)
        self.categories = {c.pk: c for c in categories.order_by("agency__code", "name_ar", "pk")}
        self.services = {s.pk: s for s in services.order_by("agency__code", "name_ar", "pk")}
        self.fields["agency"].queryset = Agency.objects.filter(
            complaint_categories__is_active=True
        ).distinct()
        self.fields["category"].choices = [
            ("", _("Choose the subject")),
            *_grouped(self.categories.values(), lambda c: c.agency),
        ]
        self.fields["service"].choices = [
            ("", _("None in particular")),
            *_grouped(self.services.values(), lambda s: s.agency),
        ]

    def clean(self):
        data = super().clean()
        agency = data.get("agency")
        category = self.categories.get(data.get("category"))
        if agency is not None and category is not None and category.agency_id != agency.pk:
            self.add_error("category", _("Choose one of the agency's subjects."))
        data["category"] = category
        service = self.services.get(data.get("service")) if data.get("service") else None
        if agency is not None and service is not None and service.agency_id != agency.pk:
            self.add_error("service", _("Choose one of the agency's services, or none."))
        data["service"] = service
        if len(data.get("attachments") or []) > MAX_ATTACHMENTS:
            self.add_error(
                "attachments", _("Attach at most %(count)d files.") % {"count": MAX_ATTACHMENTS}
            )
        return data


class PublicComplaintForm(ComplaintForm):
    """The public form, with a bot trap that needs no outside service: a field people do not see
    (bots fill it) and the time the form was shown, signed (bots send at once)."""

    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )
    started = forms.CharField(widget=forms.HiddenInput, required=False)

    bot_message = _(
        "We could not accept the form. Wait a few seconds after opening it, check it and send it "
        "again."
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial["started"] = started_token()

    def looks_automated(self) -> bool:
        """True for a filled trap field, a missing or forged start, or a form sent too fast."""
        if (self.data.get("website") or "").strip():
            return True
        try:
            started = signing.loads(
                self.data.get("started", ""), salt=STARTED_SALT, max_age=STARTED_MAX_AGE
            )
        except signing.BadSignature:
            return True
        return not isinstance(started, int) or (
            time.time() - started < settings.COMPLAINTS_MIN_FILL_SECONDS
        )


class StaffComplaintForm(ComplaintForm):
    """The counter's and the phone's form: the channel is recorded, and the employee the
    complaint is about may be named by their email address."""

    channel = forms.ChoiceField(
        label=pgettext_lazy("complaint channel", "Channel"),
        choices=[c for c in Complaint.Channel.choices if c[0] != Complaint.Channel.WEB],
        initial=Complaint.Channel.WALK_IN,
    )
    named_employee = forms.EmailField(
        label=_("Employee concerned (optional)"),
        help_text=_("Their work email address. The complaint will be hidden from them."),
        required=False,
        widget=forms.EmailInput(attrs={"dir": "ltr"}),
    )
    language = forms.ChoiceField(label=_("Language of the complainant"), choices=settings.LANGUAGES)

    field_order = ["channel", "kind", "agency", "category", "service", "description"]


class RateForm(OnceForm):
    rating = forms.TypedChoiceField(
        label=_("How well was your complaint handled? (1: very badly, 5: very well)"),
        choices=[(n, str(n)) for n in range(1, 6)],
        coerce=int,
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Comment (optional)"),
        required=False,
        max_length=MAX_COMMENT,
        widget=forms.Textarea(attrs={"rows": 3, "dir": "auto"}),
    )


class ReasonForm(OnceForm):
    reason = forms.CharField(
        label=_("Why are you not satisfied?"),
        max_length=MAX_DESCRIPTION,
        widget=forms.Textarea(attrs={"rows": 3, "dir": "auto"}),
    )


class AnswerForm(OnceForm):
    answer = forms.CharField(
        label=_("Your answer"),
        max_length=MAX_DESCRIPTION,
        widget=forms.Textarea(attrs={"rows": 3, "dir": "auto"}),
    )


# --- staff ---------------------------------------------------------------------------------------


class TextForm(OnceForm):
    text = forms.CharField(
        label=_("Text"),
        max_length=MAX_DESCRIPTION,
        widget=forms.Textarea(attrs={"rows": 3, "dir": "auto"}),
    )

    def __init__(self, *args, label=None, **kwargs):
        super().__init__(*args, **kwargs)
        if label:
            self.fields["text"].label = label


class AssignForm(OnceForm):
    officer = forms.ModelChoiceField(label=_("Complaints officer"), queryset=None)

    def __init__(self, *args, officers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["officer"].queryset = officers


class DuplicateForm(OnceForm):
    original = forms.CharField(
        label=_("Reference of the original complaint"),
        max_length=40,
        widget=forms.TextInput(attrs={"dir": "ltr"}),
    )


class EmployeeForm(OnceForm):
    email = forms.EmailField(
        label=_("Work email address of the employee concerned"),
        widget=forms.EmailInput(attrs={"dir": "ltr"}),
    )


class BulkForm(forms.Form):
    action = forms.ChoiceField(
        choices=[("assign", _("Assign")), ("duplicate", _("Close as duplicates"))]
    )
    officer = forms.ModelChoiceField(label=_("Complaints officer"), queryset=None, required=False)
    original = forms.CharField(
        label=_("Reference of the original complaint"), max_length=40, required=False
    )

    def __init__(self, *args, officers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["officer"].queryset = officers


# --- an agency's categories ----------------------------------------------------------------------


class CategoryForm(OnceForm):
    """An agency's category of complaints: its names in both languages, its deadlines in the
    agency's business time, and the office that handles it (else the head office)."""

    agency = forms.ModelChoiceField(label=_("Agency"), queryset=None, empty_label=None)
    name_ar = forms.CharField(
        label=_("Name in Arabic"),
        max_length=200,
        widget=forms.TextInput(attrs={"dir": "rtl", "lang": "ar"}),
    )
    name_en = forms.CharField(
        label=_("Name in English"),
        max_length=200,
        widget=forms.TextInput(attrs={"dir": "ltr", "lang": "en"}),
    )
    acknowledge_hours = forms.IntegerField(
        label=_("Time to acknowledge, in working hours"),
        min_value=1,
        max_value=MAX_ACKNOWLEDGE_HOURS,
        initial=14,
        help_text=_("A working day is 7 hours."),
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    resolve_days = forms.IntegerField(
        label=_("Time to resolve, in working days"),
        min_value=1,
        max_value=MAX_RESOLVE_DAYS,
        initial=10,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    office = forms.ModelChoiceField(
        label=_("Office that handles it"),
        queryset=None,
        required=False,
        empty_label=_("The agency's head office"),
        help_text=_("Complaints of this category go to this office's complaints officers."),
    )
    is_active = forms.BooleanField(
        label=_("Offered on the complaint form"),
        required=False,
        initial=True,
        help_text=_("Untick it to stop offering the category; its complaints stay as they are."),
    )

    def __init__(self, *args, agencies, offices, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["office"].queryset = offices
        if editing:  # a category stays with its agency
            del self.fields["agency"]
        else:
            self.fields["agency"].queryset = agencies

"""The applicant's forms: the application (one upload per document the card asks for), the
answer to the office's question, the withdrawal, and the life-event bundle."""

from django import forms
from django.utils.translation import gettext_lazy as _

from apps.catalogue.models import RequiredDocument, Service
from apps.core.forms import MAX_TEXT, OnceForm
from apps.organisations.models import Governorate

MAX_DETAILS = 2000
MAX_HOUSEHOLD = 30
FILE_TYPES = ".pdf,.jpg,.jpeg,.png"


def _file_field(label: str, *, required: bool = False, help_text: str = "") -> forms.FileField:
    return forms.FileField(
        label=label,
        required=required,
        help_text=help_text,
        widget=forms.ClearableFileInput(attrs={"accept": FILE_TYPES}),
    )


def document_field(document: RequiredDocument) -> str:
    return f"document_{document.pk}"


class ApplicantForm(OnceForm):
    """Who applies and for whom: asked once, then pre-filled from the applicant's last
    application and, when the numbers match the national registry, from the registry."""

    id_number = forms.CharField(
        label=_("National number"),
        max_length=30,
        help_text=_(
            "The 10 digits on your ID card, or your personal number if you are not Jordanian."
        ),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off", "dir": "ltr"}),
    )
    mobile = forms.CharField(
        label=_("Mobile number"),
        max_length=20,
        help_text=_("We send your reference and the decision to this number."),
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel", "dir": "ltr"}),
    )
    governorate = forms.ModelChoiceField(
        label=_("Governorate where you live"),
        queryset=Governorate.objects.order_by("position", "code"),
        empty_label=_("Choose the governorate"),
    )
    household_size = forms.IntegerField(
        label=_("People in your household"),
        min_value=1,
        max_value=MAX_HOUSEHOLD,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    details = forms.CharField(
        label=_("Why are you applying? (optional)"),
        required=False,
        max_length=MAX_DETAILS,
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": MAX_DETAILS}),
    )

    def form_data(self) -> dict:
        data = self.cleaned_data
        return {"household_size": data["household_size"], "details": data["details"].strip()}

    def identity(self) -> dict:
        data = self.cleaned_data
        return {
            "id_number": data["id_number"],
            "mobile": data["mobile"],
            "governorate": data["governorate"],
        }


class ApplicationForm(ApplicantForm):
    """The application for one service: the applicant, then a file for each document the card
    asks for. A document already uploaded to the draft need not be sent again."""

    def __init__(self, *args, service: Service, given: dict | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.service = service
        self.given = given or {}  # required document id → the draft's ApplicationDocument
        self.documents = list(service.documents.order_by("position", "pk"))
        for document in self.documents:
            self.fields[document_field(document)] = _file_field(document.name)

    def document_rows(self):
        """(required document, its file field, the file already given or None) for the page."""
        return [
            (document, self[document_field(document)], self.given.get(document.pk))
            for document in self.documents
        ]

    def uploads(self) -> list[tuple[RequiredDocument, object]]:
        return [
            (document, self.cleaned_data[document_field(document)])
            for document in self.documents
            if self.cleaned_data.get(document_field(document))
        ]


class AnswerForm(OnceForm):
    """The applicant's answer to the office's question: words, a file, or both."""

    answer = forms.CharField(
        label=_("Your answer"),
        required=False,
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": MAX_TEXT}),
    )
    file = _file_field(_("A document (optional)"), help_text=_("PDF, JPEG or PNG, up to 10 MB."))
    title = forms.CharField(
        label=_("What the document is"),
        required=False,
        max_length=200,
        help_text=_("For example: the latest electricity bill."),
    )

    def clean(self):
        data = super().clean()
        if not data.get("answer", "").strip() and not data.get("file"):
            raise forms.ValidationError(_("Write an answer or attach a document."))
        if data.get("file") and not data.get("title", "").strip():
            self.add_error("title", _("Say what the document is."))
        return data


class WithdrawForm(OnceForm):
    reason = forms.CharField(
        label=_("Why are you withdrawing it? (optional)"),
        required=False,
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 2, "maxlength": MAX_TEXT}),
    )


class BundleForm(ApplicantForm):
    """Several services of a life event at once: the applicant once, each document once even
    when several of the chosen services ask for it (documents are the same when both their
    Arabic and English names are)."""

    services = forms.TypedMultipleChoiceField(
        label=_("Services to apply for"),
        coerce=int,
        choices=(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one service.")},
    )

    def __init__(self, *args, services: list[Service], **kwargs):
        super().__init__(*args, **kwargs)
        self.services = {service.pk: service for service in services}
        self.fields["services"].choices = [(s.pk, s.name) for s in services]
        # One upload per distinct document: key → (label, the services asking for it).
        self.groups: dict[str, tuple[RequiredDocument, list[Service]]] = {}
        for service in services:
            for document in service.documents.all():
                key = self.document_key(document)
                self.groups.setdefault(key, (document, []))[1].append(service)
        for index, (document, _asking) in enumerate(self.groups.values()):
            self.fields[f"document_{index}"] = _file_field(document.name)
        self._field_of = {key: f"document_{i}" for i, key in enumerate(self.groups)}

    @staticmethod
    def document_key(document: RequiredDocument) -> str:
        return f"{document.name_ar.strip()}\x1f{document.name_en.strip().casefold()}"

    def document_rows(self):
        return [
            (document, self[self._field_of[key]], asking)
            for key, (document, asking) in self.groups.items()
        ]

    def chosen(self) -> list[Service]:
        return [self.services[pk] for pk in self.cleaned_data["services"] if pk in self.services]

    def upload_for(self, document: RequiredDocument):
        """The file sent for this document (or for a document of the same name), or None."""
        return self.cleaned_data.get(self._field_of[self.document_key(document)])

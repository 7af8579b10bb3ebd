"""Online applications: a signed-in citizen asks for a catalogue service that can be applied for
online, with the card's required documents; the owning agency's office reviews it
(docs/applications.md)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from apps.cases.models import Case
from apps.catalogue.models import RequiredDocument, Service
from apps.core.models import TimeStampedModel
from apps.organisations.models import Agency, Governorate, Office
from apps.registry.models import Person

# At an office and not yet decided: what the office's queue and load count.
AT_OFFICE = ("submitted", "under_review", "info_requested")
# Submitted and not yet decided: the applicant may still withdraw it.
OPEN_STATUSES = ("submitted", "unrouted", *AT_OFFICE[1:])


class Application(TimeStampedModel):
    class Status(models.TextChoices):
        # Arabic statuses agree with طلب (masculine); the context keeps them apart.
        DRAFT = "draft", pgettext_lazy("application status", "Draft")
        SUBMITTED = "submitted", pgettext_lazy("application status", "Submitted")
        UNROUTED = "unrouted", pgettext_lazy("application status", "Waiting for an office")
        UNDER_REVIEW = "under_review", pgettext_lazy("application status", "Under review")
        INFO_REQUESTED = "info_requested", pgettext_lazy("application status", "Needs information")
        APPROVED = "approved", pgettext_lazy("application status", "Approved")
        REJECTED = "rejected", pgettext_lazy("application status", "Rejected")
        FULFILLED = "fulfilled", pgettext_lazy("application status", "Fulfilled")
        WITHDRAWN = "withdrawn", pgettext_lazy("application status", "Withdrawn")

    class RejectionReason(models.TextChoices):
        NOT_ELIGIBLE = "not_eligible", _("The applicant is not eligible")
        DOCUMENTS = "documents", _("The documents do not support the application")
        NO_ANSWER = "no_answer", _("The information asked for was not given")
        DUPLICATE = "duplicate", _("Already receiving the service")
        OTHER = "other", _("Other reason")

    reference = models.CharField(_("reference number"), max_length=20, unique=True)
    service = models.ForeignKey(
        Service, on_delete=models.PROTECT, related_name="applications", verbose_name=_("service")
    )
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="applications",
        verbose_name=_("applicant"),
    )
    # Matched in the registry when the applicant's ID number and mobile number both agree.
    person = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="applications",
        verbose_name=_("person"),
    )
    # What the applicant gave about themselves (pre-filled from the registry when matched):
    # routing takes the governorate, the tracking page checks the numbers.
    id_number = models.CharField(_("national number"), max_length=30, blank=True)
    mobile = models.CharField(_("mobile number"), max_length=16, blank=True)
    governorate = models.ForeignKey(
        Governorate,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("governorate"),
    )
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="applications", verbose_name=_("agency")
    )
    # Set by routing; None while a draft, submitted and not yet routed, or unrouted.
    office = models.ForeignKey(
        Office,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="applications",
        verbose_name=_("office"),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="applications_assigned",
        verbose_name=_("reviewer"),
    )
    rejection_reason = models.CharField(
        _("reason for rejection"), max_length=20, choices=RejectionReason.choices, blank=True
    )
    rejection_note = models.TextField(_("explanation"), blank=True)
    case = models.ForeignKey(
        Case,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="applications",
        verbose_name=_("case"),
    )
    # What the applicant entered in the service's form, by field name.
    form_data = models.JSONField(_("form"), default=dict, blank=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    routed_at = models.DateTimeField(_("routed"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        # Lists order by (-updated_at, -id) for keyset pagination; each list has its index.
        indexes = [
            models.Index(
                fields=["office", "status", "-updated_at", "-id"], name="application_queue"
            ),
            models.Index(fields=["office", "-updated_at", "-id"], name="application_office_all"),
            models.Index(
                fields=["assigned_to", "-updated_at", "-id"],
                condition=models.Q(status__in=["under_review", "info_requested"]),
                name="application_assigned_open",
            ),
            models.Index(fields=["applicant", "-updated_at", "-id"], name="application_mine"),
            # The default queues (the undecided ones, newest first): read in order, LIMIT rows.
            models.Index(
                fields=["office", "-updated_at", "-id"],
                condition=models.Q(status__in=list(OPEN_STATUSES)),
                name="application_open_office",
            ),
            models.Index(
                fields=["agency", "-updated_at", "-id"],
                condition=models.Q(status__in=list(OPEN_STATUSES)),
                name="application_open_agency",
            ),
            # An agency admin's queue: every office of the agency.
            models.Index(
                fields=["agency", "status", "-updated_at", "-id"], name="application_agency_queue"
            ),
            models.Index(
                fields=["agency", "-updated_at", "-id"],
                condition=models.Q(status="unrouted"),
                name="application_unrouted",
            ),
            # At an office, waiting for someone to take them, oldest first.
            models.Index(
                fields=["office", "submitted_at", "id"],
                condition=models.Q(status="submitted"),
                name="application_waiting",
            ),
            # Routing counts the undecided applications of offices that tie.
            models.Index(
                fields=["office"],
                condition=models.Q(status__in=list(AT_OFFICE)),
                name="application_office_load",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status__in=["under_review", "info_requested", "approved"])
                | models.Q(office__isnull=False),
                name="application_reviewed_has_office",
            ),
        ]

    def __str__(self):
        return self.reference

    @property
    def status_label(self) -> str:
        return self.Status(self.status).label

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


def _document_path(instance, filename):
    # Never the uploaded name on disk: a random name under the application's folder.
    return f"applications/{instance.application_id}/{instance.storage_name}"


class ApplicationDocument(models.Model):
    """A file the applicant uploaded: for one of the card's required documents, or (with none)
    something more the office asked for."""

    application = models.ForeignKey(
        Application,
        on_delete=models.CASCADE,
        related_name="documents",
        verbose_name=_("application"),
    )
    required_document = models.ForeignKey(
        RequiredDocument,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("required document"),
    )
    title = models.CharField(_("title"), max_length=200, blank=True)
    file = models.FileField(_("file"), upload_to=_document_path)
    storage_name = models.CharField(max_length=80)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("type"), max_length=50)
    size = models.PositiveIntegerField(_("size"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "id"]
        verbose_name = _("application document")
        verbose_name_plural = _("application documents")
        constraints = [
            # A new file for a required document replaces the one before.
            models.UniqueConstraint(
                fields=["application", "required_document"],
                condition=models.Q(required_document__isnull=False),
                name="application_document_one_per_requirement",
            )
        ]

    def __str__(self):
        return self.original_name


class ApplicationUpdate(models.Model):
    """The application's history: status changes, the office's questions and the applicant's
    answers, notes. The applicant sees the entries marked for them (the tracking page too)."""

    class Kind(models.TextChoices):
        STATUS = "status", pgettext_lazy("application update", "Status change")
        ROUTING = "routing", _("Routing")
        QUESTION = "question", _("Question to the applicant")
        ANSWER = "answer", _("Answer from the applicant")
        NOTE = "note", _("Note")

    application = models.ForeignKey(
        Application,
        on_delete=models.CASCADE,
        related_name="updates",
        verbose_name=_("application"),
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    # Rendered in the reader's language (apps/applications/events.py).
    message = models.CharField(max_length=60, blank=True)
    params = models.JSONField(default=dict, blank=True)
    body = models.TextField(_("message"), blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    visible_to_applicant = models.BooleanField(_("the applicant sees it"), default=False)
    at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("application update")
        verbose_name_plural = _("application updates")
        indexes = [
            models.Index(fields=["application", "-at", "-id"], name="application_update_thread")
        ]

    def __str__(self):
        return f"{self.application} · {self.kind}"

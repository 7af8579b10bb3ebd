"""Complaints, suggestions, enquiries and compliments: the citizen's voice to an agency, with
deadlines, answers and satisfaction (docs/complaints.md)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from apps.catalogue.models import Service
from apps.core.models import TimeStampedModel, in_active_language
from apps.organisations.models import Agency, Office
from apps.registry.models import Person

# The statuses in which the agency still owes an answer.
OPEN_STATUSES = ("received", "assigned", "in_progress", "waiting", "reopened")
# The same list, in the same order, as the queue's filter: the partial indexes serve it.
OPEN = Q(status__in=OPEN_STATUSES)
MAX_DESCRIPTION = 4000


class ComplaintCategory(models.Model):
    """An agency's own kind of complaint, with its deadlines and, where it says so, the office that
    handles it (otherwise the agency's head office)."""

    agency = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        related_name="complaint_categories",
        verbose_name=_("agency"),
    )
    name_ar = models.CharField(_("name in Arabic"), max_length=200)
    name_en = models.CharField(_("name in English"), max_length=200)
    # Business time of the agency's calendar (apps/sla), as clock_start counts it.
    acknowledge_hours = models.PositiveSmallIntegerField(
        _("time to acknowledge, in working hours"), default=14
    )
    resolve_days = models.PositiveSmallIntegerField(
        _("time to resolve, in working days"), default=10
    )
    office = models.ForeignKey(
        Office,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("office that handles it"),
        help_text=_("Empty: the agency's head office."),
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["agency__code", "name_ar"]
        verbose_name = _("complaint category")
        verbose_name_plural = _("complaint categories")
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "name_ar"], name="complaint_category_unique_name"
            ),
            models.CheckConstraint(
                condition=Q(acknowledge_hours__gt=0, resolve_days__gt=0),
                name="complaint_category_deadlines_positive",
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def name(self) -> str:
        return in_active_language(self.name_ar, self.name_en)


class Complaint(TimeStampedModel):
    class Kind(models.TextChoices):
        COMPLAINT = "complaint", _("Complaint")
        SUGGESTION = "suggestion", _("Suggestion")
        ENQUIRY = "enquiry", _("Enquiry")
        COMPLIMENT = "compliment", _("Compliment")

    class Channel(models.TextChoices):
        WEB = "web", _("Website")
        PHONE = "phone", _("Phone")
        WALK_IN = "walk_in", _("At the counter")
        EMAIL = "email", _("Email")
        MOBILE = "mobile", _("Mobile app")

    class Status(models.TextChoices):
        # Arabic statuses agree with شكوى (feminine); the context keeps them apart.
        RECEIVED = "received", pgettext_lazy("complaint status", "Received")
        ASSIGNED = "assigned", pgettext_lazy("complaint status", "Assigned")
        IN_PROGRESS = "in_progress", pgettext_lazy("complaint status", "In progress")
        WAITING = "waiting", pgettext_lazy("complaint status", "Waiting for the complainant")
        RESOLVED = "resolved", pgettext_lazy("complaint status", "Resolved")
        CLOSED = "closed", pgettext_lazy("complaint status", "Closed")
        REOPENED = "reopened", pgettext_lazy("complaint status", "Reopened")

    class Contact(models.TextChoices):
        SMS = "sms", _("By text message (SMS)")
        EMAIL = "email", _("By email")
        NONE = "none", _("Do not contact me")

    class Closure(models.TextChoices):
        RESOLVED = "resolved", _("Answered")
        DUPLICATE = "duplicate", _("Duplicate of another complaint")

    reference = models.CharField(_("reference number"), max_length=20, unique=True)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.COMPLAINT)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="complaints", verbose_name=_("agency")
    )
    # Where it sits: the category's office, else the agency's head office.
    office = models.ForeignKey(
        Office,
        on_delete=models.PROTECT,
        related_name="complaints",
        db_index=False,  # the indexes below lead with it
        verbose_name=_("office"),
    )
    service = models.ForeignKey(
        Service,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="complaints",
        db_index=False,
        verbose_name=_("service"),
    )
    category = models.ForeignKey(
        ComplaintCategory,
        on_delete=models.PROTECT,
        related_name="complaints",
        db_index=False,  # complaint_category below
        verbose_name=_("category"),
    )
    description = models.TextField(_("description"), max_length=MAX_DESCRIPTION)
    # Hidden from this person wherever they work (selectors.complaints_visible_to).
    named_employee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,
        verbose_name=_("employee concerned"),
    )
    # The complainant: a signed-in citizen, a registered person, or neither (anonymous).
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="complaints",
        verbose_name=_("complainant's account"),
    )
    person = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="complaints",
        db_index=False,
        verbose_name=_("person"),
    )
    name = models.CharField(_("name"), max_length=200, blank=True)
    phone = models.CharField(_("mobile number"), max_length=16, blank=True)
    email = models.EmailField(_("email address"), blank=True)
    contact = models.CharField(
        _("how to reach the complainant"),
        max_length=10,
        choices=Contact.choices,
        default=Contact.NONE,
    )
    language = models.CharField(
        _("complainant's language"), max_length=10, choices=settings.LANGUAGES, default="ar"
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.RECEIVED
    )
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="complaints_assigned",
        db_index=False,  # complaint_assignee below
        verbose_name=_("complaints officer"),
    )
    response = models.TextField(_("answer"), blank=True)
    acknowledged_at = models.DateTimeField(_("acknowledged"), null=True, blank=True)
    # Set when the deadline ends, met or not (or when the sweep finds it late): the figures.
    acknowledged_on_time = models.BooleanField(null=True, blank=True)
    first_resolved_at = models.DateTimeField(_("first answered"), null=True, blank=True)
    resolved_at = models.DateTimeField(_("answered"), null=True, blank=True)
    resolved_on_time = models.BooleanField(null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    closure = models.CharField(
        _("how it was closed"), max_length=10, choices=Closure.choices, blank=True
    )
    duplicate_of = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="duplicates",
        db_index=False,
        verbose_name=_("duplicate of"),
    )
    rating = models.PositiveSmallIntegerField(_("rating"), null=True, blank=True)
    rating_comment = models.TextField(_("comment on the handling"), blank=True)
    rated_at = models.DateTimeField(_("rated"), null=True, blank=True)
    reopen_count = models.PositiveSmallIntegerField(_("times reopened"), default=0)
    # The earliest due time of its running, unpaused deadlines (null when none runs): the
    # queue's "overdue" filter reads this column, kept by the services with the clocks.
    due_at = models.DateTimeField(_("next deadline"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,
        verbose_name=_("taken by"),
    )

    class Meta:
        verbose_name = _("complaint")
        verbose_name_plural = _("complaints")
        # The queue orders by (-updated_at, -id) for keyset pagination and shows open complaints
        # unless a status is asked for; each filter has its index.
        indexes = [
            models.Index(
                fields=["office", "-updated_at", "-id"],
                condition=OPEN,
                name="complaint_open_office",
            ),
            models.Index(
                fields=["office", "status", "-updated_at", "-id"], name="complaint_office_status"
            ),
            models.Index(
                fields=["office", "kind", "-updated_at", "-id"],
                condition=OPEN,
                name="complaint_open_kind",
            ),
            models.Index(
                fields=["agency", "-updated_at", "-id"],
                condition=OPEN,
                name="complaint_open_agency",
            ),
            models.Index(
                fields=["agency", "status", "-updated_at", "-id"], name="complaint_agency_status"
            ),
            models.Index(
                fields=["assigned_to", "-updated_at", "-id"],
                condition=OPEN,
                name="complaint_open_assignee",
            ),
            # The complaints about a member of staff, kept out of their own lists and dashboards.
            models.Index(
                fields=["named_employee"],
                condition=models.Q(named_employee__isnull=False),
                name="complaint_named_employee",
            ),
            models.Index(
                fields=["category", "-updated_at", "-id"],
                condition=OPEN,
                name="complaint_open_category",
            ),
            # Overdue: running deadlines by due time (only open complaints have one).
            models.Index(
                fields=["office", "due_at"],
                condition=Q(due_at__isnull=False),
                name="complaint_office_due",
            ),
            models.Index(
                fields=["agency", "due_at"],
                condition=Q(due_at__isnull=False),
                name="complaint_agency_due",
            ),
            # The figures: an agency's complaints by the month they came.
            models.Index(fields=["agency", "created_at"], name="complaint_agency_created"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(rating__isnull=True) | Q(rating__gte=1, rating__lte=5),
                name="complaint_rating_1_to_5",
            ),
            models.CheckConstraint(
                condition=Q(rating__isnull=True) | Q(first_resolved_at__isnull=False),
                name="complaint_rated_after_answer",
            ),
            models.CheckConstraint(
                condition=~Q(contact="sms") | ~Q(phone=""), name="complaint_sms_has_phone"
            ),
            models.CheckConstraint(
                condition=~Q(contact="email") | ~Q(email=""), name="complaint_email_has_address"
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

    @property
    def is_anonymous(self) -> bool:
        return self.user_id is None and self.person_id is None and not self.name

    @property
    def has_contact(self) -> bool:
        return bool(self.phone or self.email)


class ComplaintUpdate(models.Model):
    """The complaint's history: each step, question, answer and note, and whether the
    complainant sees it on the tracking page."""

    class Kind(models.TextChoices):
        STATUS = "status", pgettext_lazy("complaint update", "Status change")
        QUESTION = "question", _("Question to the complainant")
        ANSWER = "answer", _("Information from the complainant")
        RESPONSE = "response", _("Answer to the complainant")
        NOTE = "note", _("Internal note")
        RATING = "rating", _("Rating")

    complaint = models.ForeignKey(
        Complaint, on_delete=models.CASCADE, related_name="updates", verbose_name=_("complaint")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    # Rendered in the reader's language (events.py).
    message = models.CharField(max_length=60, blank=True)
    params = models.JSONField(default=dict, blank=True)
    body = models.TextField(_("text"), blank=True)
    # None and by_complainant: the complainant; None alone: the system (the sweep, routing).
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    by_complainant = models.BooleanField(default=False)
    visible_to_complainant = models.BooleanField(_("the complainant sees it"), default=False)
    at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("complaint update")
        verbose_name_plural = _("complaint updates")
        indexes = [models.Index(fields=["complaint", "-at", "-id"], name="complaint_update_thread")]

    def __str__(self):
        return f"{self.complaint} · {self.kind}"


def _attachment_path(instance, filename):
    # Never the uploaded name on disk: a random name under the complaint's folder.
    return f"complaints/{instance.complaint_id}/{instance.storage_name}"


class ComplaintAttachment(models.Model):
    complaint = models.ForeignKey(
        Complaint,
        on_delete=models.CASCADE,
        related_name="attachments",
        verbose_name=_("complaint"),
    )
    file = models.FileField(_("file"), upload_to=_attachment_path)
    storage_name = models.CharField(max_length=80)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("type"), max_length=50)
    size = models.PositiveIntegerField(_("size"))
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "id"]
        verbose_name = _("complaint attachment")
        verbose_name_plural = _("complaint attachments")

    def __str__(self):
        return self.original_name

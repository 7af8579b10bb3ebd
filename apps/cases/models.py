import datetime

from django.conf import settings
from django.db import models
from django.db.models import F, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from apps.catalogue.models import Pillar
from apps.core.models import TimeStampedModel
from apps.organisations.models import Agency, Office
from apps.registry.models import Household, Person

# Sorts "no next action" after every real date (selectors.caseload_order uses the same value).
FAR_FUTURE = datetime.date(9999, 12, 31)
NOT_CLOSED = ~models.Q(status="closed")


class Case(TimeStampedModel):
    class Status(models.TextChoices):
        # Arabic case statuses agree with حالة (feminine); the context keeps them apart from the
        # same English words used elsewhere ("Active" account, "Assessment" section).
        OPEN = "open", pgettext_lazy("case status", "Open")
        ASSESSMENT = "assessment", pgettext_lazy("case status", "Assessment")
        PLANNING = "planning", pgettext_lazy("case status", "Planning")
        ACTIVE = "active", pgettext_lazy("case status", "Active")
        CLOSURE_REQUESTED = "closure_requested", pgettext_lazy("case status", "Closure requested")
        CLOSED = "closed", pgettext_lazy("case status", "Closed")

    class Risk(models.TextChoices):
        LOW = "low", _("Low")
        MEDIUM = "medium", _("Medium")
        HIGH = "high", _("High")
        CRITICAL = "critical", _("Critical")

    reference = models.CharField(_("reference number"), max_length=20, unique=True)
    household = models.ForeignKey(
        Household, on_delete=models.PROTECT, related_name="cases", verbose_name=_("household")
    )
    primary_person = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        related_name="primary_cases",
        verbose_name=_("primary person"),
    )
    office = models.ForeignKey(
        Office, on_delete=models.PROTECT, related_name="cases", verbose_name=_("office")
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="owned_cases",
        verbose_name=_("social worker"),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.OPEN
    )
    risk = models.CharField(
        _("risk level"), max_length=10, choices=Risk.choices, default=Risk.MEDIUM
    )
    summary = models.TextField(_("reason for the case"), blank=True)
    opened_at = models.DateTimeField(_("opened"), auto_now_add=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    # Denormalised for the caseload list: the earliest due date of an open plan action.
    next_action_due = models.DateField(_("next action due"), null=True, blank=True)

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        constraints = [
            models.UniqueConstraint(
                fields=["household"],
                condition=~models.Q(status="closed"),
                name="case_one_open_per_household",
            )
        ]
        # Every caseload filter and sort has an index; the list orders match the keyset pagination
        # ((-updated_at, -id), (-opened_at, -id), (due, id)).
        indexes = [
            models.Index(fields=["owner", "status", "-updated_at", "-id"], name="case_owner_list"),
            models.Index(
                fields=["office", "status", "-updated_at", "-id"], name="case_office_list"
            ),
            models.Index(fields=["office", "risk", "-updated_at", "-id"], name="case_office_risk"),
            models.Index(fields=["office", "next_action_due"], name="case_office_due"),
            models.Index(fields=["-updated_at", "-id"], name="case_updated"),
            # The default lists ("all open", newest activity first) and their other sorts.
            models.Index(
                fields=["owner", "-updated_at", "-id"], condition=NOT_CLOSED, name="case_owner_open"
            ),
            models.Index(
                fields=["office", "-updated_at", "-id"],
                condition=NOT_CLOSED,
                name="case_office_open",
            ),
            models.Index(
                fields=["office", "-opened_at", "-id"],
                condition=NOT_CLOSED,
                name="case_office_open_opened",
            ),
            # The office dashboard's open cases and risk per worker (an index-only scan).
            models.Index(
                fields=["office", "owner", "risk"],
                condition=NOT_CLOSED,
                name="case_office_open_owner",
            ),
            models.Index(
                F("office"),
                Coalesce("next_action_due", Value(FAR_FUTURE)),
                F("id"),
                condition=NOT_CLOSED,
                name="case_office_open_due",
            ),
        ]

    def __str__(self):
        return self.reference

    @property
    def is_open(self) -> bool:
        return self.status != self.Status.CLOSED

    # What get_status_display() says, without the dict of every choice that it builds, and
    # hashes through lazy strings, on each call: that was a sixth of a caseload page.
    @property
    def status_label(self) -> str:
        return self.Status(self.status).label

    @property
    def risk_label(self) -> str:
        return self.Risk(self.risk).label


class Assessment(models.Model):
    """One domain's assessment; a reassessment adds a row, so history is kept."""

    class Domain(models.TextChoices):
        INCOME = "income", _("Income")
        HOUSING = "housing", _("Housing")
        HEALTH = "health", _("Health")
        DISABILITY = "disability", _("Disability")
        EDUCATION = "education", _("Education")
        PROTECTION = "protection", _("Protection")
        EMPLOYMENT = "employment", _("Employment")

    class Need(models.IntegerChoices):
        NONE = 0, _("No need")
        LOW = 1, _("Low")
        MEDIUM = 2, _("Medium")
        HIGH = 3, _("High")
        CRITICAL = 4, _("Critical")

    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, related_name="assessments", verbose_name=_("case")
    )
    domain = models.CharField(_("domain"), max_length=20, choices=Domain.choices)
    need = models.PositiveSmallIntegerField(_("need level"), choices=Need.choices)
    notes = models.TextField(_("notes"), blank=True)
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    assessed_at = models.DateTimeField(_("assessed"), auto_now_add=True)

    class Meta:
        ordering = ["-assessed_at", "-id"]
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        indexes = [
            models.Index(fields=["case", "domain", "-assessed_at"], name="assessment_case_domain")
        ]

    def __str__(self):
        return f"{self.case} · {self.get_domain_display()}"


class PlanGoal(models.Model):
    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, related_name="goals", verbose_name=_("case")
    )
    description = models.CharField(_("goal"), max_length=300)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("plan goal")
        verbose_name_plural = _("plan goals")

    def __str__(self):
        return self.description


class PlanAction(models.Model):
    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")
        CANCELLED = "cancelled", _("Cancelled")

    goal = models.ForeignKey(
        PlanGoal, on_delete=models.CASCADE, related_name="actions", verbose_name=_("goal")
    )
    description = models.CharField(_("action"), max_length=300)
    due_date = models.DateField(_("due date"))
    responsible_agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="+", verbose_name=_("responsible agency")
    )
    responsible_office = models.ForeignKey(
        Office,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("responsible office"),
    )
    pillar = models.CharField(_("pillar"), max_length=10, choices=Pillar.choices)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PLANNED
    )
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)

    class Meta:
        ordering = ["due_date", "id"]
        verbose_name = _("plan action")
        verbose_name_plural = _("plan actions")
        indexes = [
            models.Index(fields=["goal", "status", "due_date"], name="action_goal_status_due")
        ]

    def __str__(self):
        return self.description

    @property
    def is_open(self) -> bool:
        return self.status in {self.Status.PLANNED, self.Status.IN_PROGRESS}


class CaseNote(models.Model):
    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, related_name="notes", verbose_name=_("case")
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    body = models.TextField(_("note"))
    confidential = models.BooleanField(
        _("confidential"),
        default=False,
        help_text=_("Visible only to the case owner and supervisors."),
    )
    created_at = models.DateTimeField(_("written"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("case note")
        verbose_name_plural = _("case notes")

    def __str__(self):
        return f"{self.case} · {self.created_at:%Y-%m-%d}"


def _document_path(instance, filename):
    # Never the uploaded name on disk: a random name under the case's folder.
    return f"cases/{instance.case_id}/{instance.storage_name}"


class CaseDocument(models.Model):
    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, related_name="documents", verbose_name=_("case")
    )
    title = models.CharField(_("title"), max_length=200)
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
        ordering = ["-uploaded_at", "-id"]
        verbose_name = _("case document")
        verbose_name_plural = _("case documents")

    def __str__(self):
        return self.title


class CaseEvent(models.Model):
    """The case timeline: everything that happened to the case, in every agency, in order."""

    class Kind(models.TextChoices):
        OPENED = "opened", _("Case opened")
        STATUS = "status", _("Status changed")
        ASSESSMENT = "assessment", _("Assessment")
        PLAN = "plan", _("Case plan")
        NOTE = "note", _("Note")
        DOCUMENT = "document", _("Document")
        ASSIGNMENT = "assignment", _("Assignment")
        APPROVAL = "approval", _("Approval")
        RISK = "risk", _("Risk level")
        REFERRAL = "referral", _("Referral")

    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, related_name="events", verbose_name=_("case")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    # What happened, as a message id and its parameters, so it reads in each reader's language.
    message = models.CharField(max_length=60)
    params = models.JSONField(default=dict, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, null=True, related_name="+")
    # A confidential note's event is shown only to those who may read the note.
    confidential = models.BooleanField(default=False)
    at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("case event")
        verbose_name_plural = _("case events")
        indexes = [
            models.Index(fields=["case", "-at", "-id"], name="event_case_timeline"),
            models.Index(fields=["case", "kind", "-at"], name="event_case_kind"),
        ]

    def __str__(self):
        return f"{self.case} · {self.kind}"


class Approval(models.Model):
    class Kind(models.TextChoices):
        CLOSURE = "closure", _("Case closure")
        PLAN = "plan", _("Plan of a critical-risk case")

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        APPROVED = "approved", _("Approved")
        RETURNED = "returned", _("Returned")

    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, related_name="approvals", verbose_name=_("case")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    reason = models.TextField(_("reason"), blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(_("requested"), auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        ordering = ["-requested_at"]
        verbose_name = _("approval")
        verbose_name_plural = _("approvals")
        constraints = [
            models.UniqueConstraint(
                fields=["case", "kind"],
                condition=models.Q(status="pending"),
                name="approval_one_pending_per_kind",
            )
        ]
        indexes = [models.Index(fields=["status", "requested_at"], name="approval_queue")]

    def __str__(self):
        return f"{self.case} · {self.get_kind_display()} · {self.get_status_display()}"


class Assignment(models.Model):
    """Who owned the case when: every assignment and transfer between workers and offices."""

    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, related_name="assignments", verbose_name=_("case")
    )
    from_owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    to_owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    from_office = models.ForeignKey(Office, on_delete=models.PROTECT, null=True, related_name="+")
    to_office = models.ForeignKey(Office, on_delete=models.PROTECT, related_name="+")
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")

    def __str__(self):
        return f"{self.case} → {self.to_owner}"

"""Institutional referrals: one agency asks another to deliver a catalogue service to a person or
household of one of its cases, and hears back (docs/referrals.md)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from apps.cases.models import Case, CaseDocument
from apps.catalogue.models import Service
from apps.core.models import TimeStampedModel
from apps.organisations.models import Agency, Governorate, Office
from apps.registry.models import Consent, Person

# Statuses in which the receiving side still owes an answer or the work.
OPEN_STATUSES = ("submitted", "unrouted", "routed", "info_requested", "accepted")


class Referral(TimeStampedModel):
    class Status(models.TextChoices):
        # Arabic statuses agree with إحالة (feminine); the context keeps them apart.
        DRAFT = "draft", pgettext_lazy("referral status", "Draft")
        SUBMITTED = "submitted", pgettext_lazy("referral status", "Submitted")
        UNROUTED = "unrouted", pgettext_lazy("referral status", "Waiting for an office")
        ROUTED = "routed", pgettext_lazy("referral status", "Awaiting answer")
        INFO_REQUESTED = "info_requested", pgettext_lazy("referral status", "Information requested")
        ACCEPTED = "accepted", pgettext_lazy("referral status", "Accepted")
        COMPLETED = "completed", pgettext_lazy("referral status", "Completed")
        DECLINED = "declined", pgettext_lazy("referral status", "Declined")
        CANCELLED = "cancelled", pgettext_lazy("referral status", "Cancelled")
        EXPIRED = "expired", pgettext_lazy("referral status", "Expired")

    class Urgency(models.TextChoices):
        NORMAL = "normal", _("Normal")
        URGENT = "urgent", _("Urgent")

    class DeclineReason(models.TextChoices):
        NOT_ELIGIBLE = "not_eligible", _("The person is not eligible")
        NO_CAPACITY = "no_capacity", _("No capacity at the moment")
        WRONG_SERVICE = "wrong_service", _("Another service fits better")
        INCOMPLETE = "incomplete", _("The referral lacks what is needed")
        DUPLICATE = "duplicate", _("Already receiving the service")
        OTHER = "other", _("Other reason")

    class Outcome(models.TextChoices):
        DELIVERED = "delivered", _("Service delivered")
        NOT_ELIGIBLE = "not_eligible", _("Not eligible")
        UNREACHABLE = "unreachable", _("Person unreachable")
        OTHER = "other", _("Other outcome")

    reference = models.CharField(_("reference number"), max_length=20, unique=True)
    case = models.ForeignKey(
        Case, on_delete=models.PROTECT, related_name="referrals", verbose_name=_("case")
    )
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="referrals", verbose_name=_("person")
    )
    whole_household = models.BooleanField(_("the whole household"), default=False)
    service = models.ForeignKey(
        Service, on_delete=models.PROTECT, related_name="referrals", verbose_name=_("service")
    )
    from_office = models.ForeignKey(
        Office,
        on_delete=models.PROTECT,
        related_name="referrals_sent",
        verbose_name=_("sending office"),
    )
    from_worker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="referrals_sent",
        verbose_name=_("referred by"),
    )
    to_agency = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        related_name="referrals_received",
        verbose_name=_("receiving agency"),
    )
    # Set by routing; None while submitted or unrouted.
    to_office = models.ForeignKey(
        Office,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="referrals_received",
        verbose_name=_("receiving office"),
    )
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="referrals_assigned",
        verbose_name=_("receiving worker"),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    urgency = models.CharField(
        _("urgency"), max_length=10, choices=Urgency.choices, default=Urgency.NORMAL
    )
    reason = models.TextField(_("reason for the referral"))
    documents = models.ManyToManyField(
        CaseDocument, blank=True, related_name="referrals", verbose_name=_("shared documents")
    )
    consent = models.ForeignKey(
        Consent,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="referrals",
        verbose_name=_("consent"),
    )
    consent_override = models.TextField(_("why there is no consent"), blank=True)
    # Offices this referral was routed to, in order, so a re-route takes the next candidate.
    tried_offices = models.JSONField(default=list, blank=True)
    decline_reason = models.CharField(
        _("reason"), max_length=20, choices=DeclineReason.choices, blank=True
    )
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices, blank=True)
    closing_note = models.TextField(_("note"), blank=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    routed_at = models.DateTimeField(_("routed"), null=True, blank=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)

    class Meta:
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        # Lists order by (-updated_at, -id) for keyset pagination; each list has its index.
        indexes = [
            models.Index(fields=["case", "-created_at"], name="referral_case"),
            models.Index(
                fields=["from_office", "status", "-updated_at", "-id"], name="referral_sent"
            ),
            models.Index(
                fields=["to_office", "status", "-updated_at", "-id"], name="referral_received"
            ),
            models.Index(fields=["from_worker", "-updated_at", "-id"], name="referral_sender"),
            models.Index(fields=["from_office", "-updated_at", "-id"], name="referral_sent_all"),
            models.Index(fields=["to_office", "-updated_at", "-id"], name="referral_received_all"),
            models.Index(
                fields=["to_agency", "-updated_at", "-id"], name="referral_agency_received"
            ),
            models.Index(
                fields=["assigned_to", "-updated_at", "-id"],
                condition=models.Q(status__in=["routed", "info_requested", "accepted"]),
                name="referral_assigned_open",
            ),
            models.Index(
                fields=["to_agency", "-updated_at", "-id"],
                condition=models.Q(status="unrouted"),
                name="referral_unrouted",
            ),
            # Routing counts the open referrals of each candidate office.
            # What routing (and its sweep) takes next: the few referrals still submitted.
            models.Index(
                fields=["submitted_at", "id"],
                condition=models.Q(status="submitted"),
                name="referral_waiting",
            ),
            models.Index(
                fields=["to_office"],
                condition=models.Q(status__in=["routed", "info_requested", "accepted"]),
                name="referral_office_load",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status__in=["routed", "info_requested", "accepted"])
                | models.Q(to_office__isnull=False),
                name="referral_open_has_office",
            ),
            models.CheckConstraint(
                condition=models.Q(consent__isnull=False)
                | ~models.Q(consent_override="")
                | models.Q(status="draft"),
                name="referral_consent_or_override",
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


class ReferralUpdate(models.Model):
    """The conversation between the two offices: questions, answers, progress, decisions."""

    class Kind(models.TextChoices):
        QUESTION = "question", _("Question to the sender")
        ANSWER = "answer", _("Answer from the sender")
        PROGRESS = "progress", _("Progress")
        STATUS = "status", _("Status change")
        ROUTING = "routing", _("Routing")

    referral = models.ForeignKey(
        Referral, on_delete=models.CASCADE, related_name="updates", verbose_name=_("referral")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    # Rendered in the reader's language, like the case timeline (apps/referrals/events.py).
    message = models.CharField(max_length=60, blank=True)
    params = models.JSONField(default=dict, blank=True)
    body = models.TextField(_("message"), blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, null=True, related_name="+")
    at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("referral update")
        verbose_name_plural = _("referral updates")
        indexes = [models.Index(fields=["referral", "-at", "-id"], name="referral_update_thread")]

    def __str__(self):
        return f"{self.referral} · {self.kind}"


class RoutingRule(models.Model):
    """Referrals for this service from people of this governorate go to this office."""

    service = models.ForeignKey(
        Service, on_delete=models.CASCADE, related_name="routing_rules", verbose_name=_("service")
    )
    governorate = models.ForeignKey(
        Governorate, on_delete=models.PROTECT, related_name="+", verbose_name=_("governorate")
    )
    office = models.ForeignKey(
        Office, on_delete=models.CASCADE, related_name="routing_rules", verbose_name=_("office")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["service__slug", "governorate__position"]
        verbose_name = _("routing rule")
        verbose_name_plural = _("routing rules")
        constraints = [
            models.UniqueConstraint(
                fields=["service", "governorate"], name="routing_rule_one_per_governorate"
            )
        ]

    def __str__(self):
        return f"{self.service_id} · {self.governorate_id} → {self.office_id}"

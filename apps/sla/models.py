from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from apps.core.models import in_active_language
from apps.organisations.models import Agency, Office

RUNNING = models.Q(stopped_at__isnull=True)


class AgencyCalendar(models.Model):
    """An agency's own working hours (null: settings.SLA_WORKING_HOURS).

    A row exists as soon as an agency changes its hours or its holidays: `updated_at` moves with
    every change (services/calendar.py), and the calendar's cache is keyed by it.
    """

    agency = models.OneToOneField(
        Agency, on_delete=models.CASCADE, related_name="sla_calendar", verbose_name=_("agency")
    )
    day_start = models.TimeField(_("working day starts"), null=True, blank=True)
    day_end = models.TimeField(_("working day ends"), null=True, blank=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("last changed by"),
    )

    class Meta:
        verbose_name = _("agency calendar")
        verbose_name_plural = _("agency calendars")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(day_start__isnull=True, day_end__isnull=True)
                | models.Q(day_start__lt=models.F("day_end")),
                name="sla_calendar_day_starts_before_it_ends",
            )
        ]

    def __str__(self):
        return str(self.agency)


class HolidayOverride(models.Model):
    """A date an agency adds to, or removes from, Jordan's public holidays (`holidays.JO`).

    Islamic holidays are estimates until the moon is sighted; an agency corrects them here. A
    moved holiday is two rows: the estimated date removed, the declared date added.
    """

    class Kind(models.TextChoices):
        ADD = "add", _("Added holiday")
        REMOVE = "remove", _("Cancelled holiday")

    agency = models.ForeignKey(
        Agency,
        on_delete=models.CASCADE,
        related_name="holiday_overrides",
        db_index=False,  # the unique (agency, date) constraint indexes it
        verbose_name=_("agency"),
    )
    date = models.DateField(_("date"))
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    name_ar = models.CharField(_("name in Arabic"), max_length=200, blank=True)
    name_en = models.CharField(_("name in English"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )

    class Meta:
        ordering = ["agency", "date"]
        verbose_name = _("holiday change")
        verbose_name_plural = _("holiday changes")
        constraints = [
            models.UniqueConstraint(fields=["agency", "date"], name="sla_override_one_per_date")
        ]

    def __str__(self):
        return f"{self.agency} {self.date:%Y-%m-%d} {self.kind}"

    @property
    def name(self) -> str:
        return in_active_language(self.name_ar, self.name_en)


class Clock(models.Model):
    """One running deadline of a workflow's subject, counted in business time.

    `due_at` is always `add_business_time(started_at, budget + paused_total)`: pauses push it
    forward by the business time they lasted. `next_escalation_at` is when the sweep must look
    at the clock again; it is null once the clock is stopped, paused or fully escalated.
    """

    MAX_LEVEL = 3

    kind = models.CharField(_("kind"), max_length=50)
    subject_id = models.CharField(_("subject"), max_length=40)
    purpose = models.CharField(_("purpose"), max_length=50)
    # No index of their own: the sla_clock_agency index serves the agency's lookups, and each
    # index of a table of millions of rows slows every clock's writes.
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="+", db_index=False, verbose_name=_("agency")
    )
    office = models.ForeignKey(
        Office,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,
        verbose_name=_("office"),
    )
    budget = models.DurationField(_("business time allowed"))
    started_at = models.DateTimeField(_("started"))
    due_at = models.DateTimeField(_("due"))
    paused_at = models.DateTimeField(_("paused since"), null=True, blank=True)
    paused_total = models.DurationField(_("business time paused"), default=timedelta(0))
    stopped_at = models.DateTimeField(_("stopped"), null=True, blank=True)
    escalation_level = models.PositiveSmallIntegerField(_("escalation level"), default=0)
    next_escalation_at = models.DateTimeField(_("next escalation"), null=True, blank=True)

    class Meta:
        verbose_name = _("deadline clock")
        verbose_name_plural = _("deadline clocks")
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "subject_id", "purpose"],
                condition=RUNNING,
                name="sla_clock_one_running",
            ),
            models.CheckConstraint(
                condition=models.Q(escalation_level__lte=3), name="sla_clock_level_at_most_3"
            ),
        ]
        indexes = [
            # The sweep: running clocks in next_escalation_at order (an index scan at any size).
            models.Index(fields=["next_escalation_at"], condition=RUNNING, name="sla_clock_sweep"),
            models.Index(fields=["kind", "subject_id"], name="sla_clock_subject"),
            # Recomputing the deadlines an agency's holiday change affects.
            models.Index(fields=["agency", "due_at"], condition=RUNNING, name="sla_clock_agency"),
            # An office's deadlines that count (running and not paused), by kind and due time:
            # the office dashboard's late and nearly late ones.
            models.Index(
                fields=["office", "kind", "due_at"],
                condition=RUNNING & models.Q(paused_at__isnull=True),
                name="sla_clock_office_due",
            ),
        ]

    def __str__(self):
        return f"{self.kind}:{self.subject_id} {self.purpose}"


class Escalation(models.Model):
    """A clock reaching an escalation level: recorded once per clock and level."""

    # Indexed by the unique (clock, level) constraint.
    clock = models.ForeignKey(
        Clock,
        on_delete=models.CASCADE,
        related_name="escalations",
        db_index=False,
        verbose_name=_("clock"),
    )
    level = models.PositiveSmallIntegerField(_("level"))
    at = models.DateTimeField(_("escalated"))
    notified = models.PositiveIntegerField(_("people notified"), default=0)

    class Meta:
        ordering = ["-at"]
        verbose_name = _("escalation")
        verbose_name_plural = _("escalations")
        constraints = [
            models.UniqueConstraint(fields=["clock", "level"], name="sla_escalation_once"),
            models.CheckConstraint(
                condition=models.Q(level__gte=1, level__lte=3), name="sla_escalation_level_1_to_3"
            ),
        ]
        indexes = [models.Index(fields=["-at"], name="sla_escalation_recent")]

    def __str__(self):
        return f"{self.clock} level {self.level}"

"""The agency dashboard's monthly aggregates (docs/dashboards.md): a beat task keeps one row per
(month, agency, office, domain) of additive counters, and the page sums the rows it needs."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from apps.organisations.models import Agency, Office


class MonthlyFigure(models.Model):
    class Domain(models.TextChoices):
        COMPLAINTS = "complaints", _("Complaints")
        APPLICATIONS = "applications", _("Applications")
        REFERRALS_SENT = "referrals_sent", _("Referrals sent")
        REFERRALS_RECEIVED = "referrals_received", _("Referrals received")
        CASES = "cases", _("Cases")

    # The first day of the month, in Amman's time.
    month = models.DateField(_("month"))
    agency = models.ForeignKey(
        Agency,
        on_delete=models.CASCADE,
        related_name="+",
        db_index=False,  # the (agency, domain, month) index leads with it
        verbose_name=_("agency"),
    )
    # None: records of no office (an application or referral not routed yet, say).
    office = models.ForeignKey(
        Office,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,
        verbose_name=_("office"),
    )
    domain = models.CharField(_("domain"), max_length=20, choices=Domain.choices)
    # Additive only: numbers, {key: number} dicts and {"hours": {"5": 3}} histograms, so that
    # any set of rows sums into the figures (figures.combine).
    counters = models.JSONField(_("counters"), default=dict)
    computed_at = models.DateTimeField(_("computed"))

    class Meta:
        verbose_name = _("monthly figure")
        verbose_name_plural = _("monthly figures")
        constraints = [
            models.UniqueConstraint(
                fields=["month", "agency", "office", "domain"],
                name="dashboards_monthly_figure_unique",
                nulls_distinct=False,
            ),
        ]
        indexes = [
            models.Index(fields=["agency", "domain", "month"], name="dashboards_figure_agency"),
        ]

    def __str__(self):
        return f"{self.month:%Y-%m} {self.agency_id}/{self.office_id} {self.domain}"

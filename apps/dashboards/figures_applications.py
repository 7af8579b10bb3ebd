"""Application counters per (month submitted, agency, office; no office while unrouted).

- ``received``: submitted applications; ``by_status`` {status: n};
- ``decided``: approved, rejected or fulfilled, with a decision time; ``approved`` (approved or
  fulfilled), ``rejected``;
- ``decided_hours`` {whole hours: n}: the histogram of submission to decision;
- ``settled`` / ``within_time``: applications whose decision deadline is settled (its clock
  stopped, or running and past due: breach is a fact of time passing, apps/sla) / met (a clock
  stopped by its due time, and none late).
"""

from django.db.models import CharField, Count, Exists, F, OuterRef, Q
from django.db.models.functions import Cast
from django.utils import timezone

from apps.applications.models import Application
from apps.applications.selectors import CLOCK_KIND, DECIDE
from apps.sla.models import Clock

from .figures import WholeHours, bounds, collect, month_of
from .models import MonthlyFigure

DOMAIN = MonthlyFigure.Domain.APPLICATIONS
KEYS = ("month", "agency_id", "office_id")
Status = Application.Status
DECIDED = Q(status__in=[Status.APPROVED, Status.REJECTED, Status.FULFILLED]) & Q(
    decided_at__isnull=False
)


def counters(since, until):
    start, end = bounds(since, until)
    now = timezone.now()
    clocks = Clock.objects.filter(
        kind=CLOCK_KIND, purpose=DECIDE, subject_id=Cast(OuterRef("pk"), CharField())
    )
    in_time = clocks.filter(stopped_at__isnull=False, stopped_at__lte=F("due_at"))
    late = clocks.filter(
        Q(stopped_at__isnull=False, stopped_at__gt=F("due_at"))
        | Q(stopped_at__isnull=True, paused_at__isnull=True, due_at__lte=now)
    )
    applications = (
        Application.objects.filter(submitted_at__gte=start, submitted_at__lt=end)
        .annotate(month=month_of("submitted_at"))
        .order_by()
    )
    totals = applications.values(*KEYS).annotate(
        received=Count("pk"),
        decided=Count("pk", filter=DECIDED),
        approved=Count("pk", filter=DECIDED & Q(status__in=[Status.APPROVED, Status.FULFILLED])),
        rejected=Count("pk", filter=DECIDED & Q(status=Status.REJECTED)),
        settled=Count("pk", filter=Q(Exists(in_time)) | Q(Exists(late))),
        within_time=Count("pk", filter=Q(Exists(in_time)) & ~Q(Exists(late))),
    )
    by_status = applications.values(*KEYS, "status").annotate(n=Count("pk"))
    hours = (
        applications.filter(DECIDED)
        .annotate(hours=WholeHours("decided_at", "submitted_at"))
        .values(*KEYS, "hours")
        .annotate(n=Count("pk"))
    )
    return collect(totals, ("by_status", "status", by_status), ("decided_hours", "hours", hours))

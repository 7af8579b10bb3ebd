"""Complaint counters per (month received, agency, office): the definitions of
apps.complaints.selectors.complaint_figures, kept additive.

- ``received``: complaints that came;
- ``by_kind`` {kind: n}, ``by_category`` {category id: n};
- ``acknowledged_settled`` / ``acknowledged_in_time``: acknowledgement deadline settled (met, or
  found late) / met;
- ``resolved_settled`` / ``resolved_in_time``: the same for the first answer's deadline;
- ``answered`` (first answered), ``resolved_seconds`` (their total time from receipt to the first
  answer) and ``resolved_hours`` {whole hours: n}: the resolution time's histogram;
- ``rating_count``, ``rating_sum``, ``satisfied`` (rating 4 or 5);
- ``reopened``: answered complaints the complainant reopened.
"""

from django.db.models import Count, Q, Sum

from apps.complaints.models import Complaint

from .figures import Seconds, WholeHours, bounds, collect, month_of
from .models import MonthlyFigure

DOMAIN = MonthlyFigure.Domain.COMPLAINTS
KEYS = ("month", "agency_id", "office_id")
ANSWERED = Q(first_resolved_at__isnull=False)


def counters(since, until):
    start, end = bounds(since, until)
    complaints = (
        Complaint.objects.filter(created_at__gte=start, created_at__lt=end)
        .annotate(month=month_of("created_at"))
        .order_by()
    )
    totals = complaints.values(*KEYS).annotate(
        received=Count("pk"),
        acknowledged_settled=Count("pk", filter=Q(acknowledged_on_time__isnull=False)),
        acknowledged_in_time=Count("pk", filter=Q(acknowledged_on_time=True)),
        resolved_settled=Count("pk", filter=Q(resolved_on_time__isnull=False)),
        resolved_in_time=Count("pk", filter=Q(resolved_on_time=True)),
        answered=Count("pk", filter=ANSWERED),
        resolved_seconds=Sum(Seconds("first_resolved_at", "created_at"), filter=ANSWERED),
        rating_count=Count("rating"),
        rating_sum=Sum("rating"),
        satisfied=Count("pk", filter=Q(rating__gte=4)),
        reopened=Count("pk", filter=Q(reopen_count__gt=0) & ANSWERED),
    )
    by_kind = complaints.values(*KEYS, "kind").annotate(n=Count("pk"))
    by_category = complaints.values(*KEYS, "category_id").annotate(n=Count("pk"))
    hours = (
        complaints.filter(ANSWERED)
        .annotate(hours=WholeHours("first_resolved_at", "created_at"))
        .values(*KEYS, "hours")
        .annotate(n=Count("pk"))
    )
    return collect(
        totals,
        ("by_kind", "kind", by_kind),
        ("by_category", "category_id", by_category),
        ("resolved_hours", "hours", hours),
    )

"""Referral counters of the sending side, per (month submitted in Amman's time, the sending
office's agency, the sending office). Drafts are never counted: a referral counts from the month
it was submitted, in the status it has now.

- ``sent``: referrals submitted;
- ``urgency`` {normal | urgent: n}: of those;
- ``completed``, ``declined``, ``cancelled``, ``expired``: of those, in that status now.
"""

from django.db.models import Count, F, Q

from apps.referrals.models import Referral

from .figures import bounds, collect, month_of
from .models import MonthlyFigure

DOMAIN = MonthlyFigure.Domain.REFERRALS_SENT
KEYS = ("month", "agency_id", "office_id")
Status = Referral.Status


def submitted_in(since, until):
    """Referrals submitted in the months [since, until), with their month."""
    start, end = bounds(since, until)
    return (
        Referral.objects.filter(submitted_at__gte=start, submitted_at__lt=end)
        .annotate(month=month_of("submitted_at"))
        .order_by()
    )


def counters(since, until):
    referrals = submitted_in(since, until).annotate(
        agency_id=F("from_office__agency_id"), office_id=F("from_office_id")
    )
    totals = referrals.values(*KEYS).annotate(
        sent=Count("pk"),
        completed=Count("pk", filter=Q(status=Status.COMPLETED)),
        declined=Count("pk", filter=Q(status=Status.DECLINED)),
        cancelled=Count("pk", filter=Q(status=Status.CANCELLED)),
        expired=Count("pk", filter=Q(status=Status.EXPIRED)),
    )
    urgency = referrals.values(*KEYS, "urgency").annotate(n=Count("pk"))
    return collect(totals, ("urgency", "urgency", urgency))

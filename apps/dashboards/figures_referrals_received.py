"""Referral counters of the receiving side, per (month submitted in Amman's time, the receiving
agency, the receiving office; no office while the referral waits to be routed). A referral counts
from the month it was submitted, at the office that has it now, in the state it has now.

- ``received``: referrals submitted to the agency;
- ``answered``: of those, accepted or declined (``answered_at`` set; an accepted referral later
  completed or cancelled stays answered); ``accepted`` and ``declined`` split it;
- ``answered_settled`` / ``answered_in_time``: referrals whose answer deadline is settled
  (answered, or an answer clock late: stopped after its due time, or running unpaused past it;
  breach is a fact of time passing) / answered with no answer clock late, at any office it was
  routed to: the agency owes the answer, and re-routing it does not restart the promise. A
  referral cancelled before its deadline is not settled;
- ``hours_to_answer`` {whole hours: n}: submission to the answer;
- ``completed``; ``hours_to_complete`` {whole hours: n}: acceptance (``answered_at``) to
  completion (``closed_at``), so the time to answer is not counted twice;
- ``decline_reasons`` {reason: n} of the declined, ``outcomes`` {outcome: n} of the completed.
"""

from django.db.models import CharField, Count, Exists, F, OuterRef, Q
from django.db.models.functions import Cast
from django.utils import timezone

from apps.referrals.services import ANSWER, KIND
from apps.sla.models import Clock

from .figures import WholeHours, collect
from .figures_referrals_sent import KEYS, Status, submitted_in
from .models import MonthlyFigure

DOMAIN = MonthlyFigure.Domain.REFERRALS_RECEIVED
ANSWERED = Q(answered_at__isnull=False)
COMPLETED = Q(status=Status.COMPLETED, closed_at__isnull=False, answered_at__isnull=False)


def counters(since, until):
    now = timezone.now()
    clocks = Clock.objects.filter(
        kind=KIND, purpose=ANSWER, subject_id=Cast(OuterRef("pk"), CharField())
    )
    late = Exists(
        clocks.filter(
            Q(stopped_at__isnull=False, stopped_at__gt=F("due_at"))
            | Q(stopped_at__isnull=True, paused_at__isnull=True, due_at__lte=now)
        )
    )
    referrals = submitted_in(since, until).annotate(
        agency_id=F("to_agency_id"), office_id=F("to_office_id")
    )
    totals = referrals.values(*KEYS).annotate(
        received=Count("pk"),
        answered=Count("pk", filter=ANSWERED),
        accepted=Count("pk", filter=ANSWERED & ~Q(status=Status.DECLINED)),
        declined=Count("pk", filter=Q(status=Status.DECLINED)),
        answered_settled=Count("pk", filter=ANSWERED | Q(late)),
        answered_in_time=Count("pk", filter=ANSWERED & ~Q(late)),
        completed=Count("pk", filter=COMPLETED),
    )
    to_answer = (
        referrals.filter(ANSWERED)
        .annotate(hours=WholeHours("answered_at", "submitted_at"))
        .values(*KEYS, "hours")
        .annotate(n=Count("pk"))
    )
    to_complete = (
        referrals.filter(COMPLETED)
        .annotate(hours=WholeHours("closed_at", "answered_at"))
        .values(*KEYS, "hours")
        .annotate(n=Count("pk"))
    )
    reasons = (
        referrals.filter(status=Status.DECLINED)
        .exclude(decline_reason="")
        .values(*KEYS, "decline_reason")
        .annotate(n=Count("pk"))
    )
    outcomes = (
        referrals.filter(COMPLETED)
        .exclude(outcome="")
        .values(*KEYS, "outcome")
        .annotate(n=Count("pk"))
    )
    return collect(
        totals,
        ("hours_to_answer", "hours", to_answer),
        ("hours_to_complete", "hours", to_complete),
        ("decline_reasons", "decline_reason", reasons),
        ("outcomes", "outcome", outcomes),
    )

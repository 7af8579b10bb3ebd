"""Case counters per (month, the case's agency, the case's office now: a case transferred to
another office counts there, in every month).

- ``opened``: cases opened that month; ``by_risk`` {risk: n}: their risk level now;
- ``closed``: cases closed that month. A case opened in one month and closed in another counts in
  each month's own counter (opened in the first, closed in the second); a case reopened loses its
  closing date, so it counts as closed in the month it is closed again;
- ``actions_by_pillar`` {pillar: n}: plan actions added that month to the office's cases, by the
  National Social Protection Strategy pillar. A plan action has no creation time of its own: the
  audit log's ``create`` event, written in the same transaction as the action (services.action_add)
  and never changed, says when it was added.

Overdue plan actions are a fact of today, not of a month: the supervisor's dashboard shows them.
"""

from django.db.models import BigIntegerField, CharField, Count, DateField, F, OuterRef, Subquery
from django.db.models.functions import Cast

from apps.audit.models import AuditEvent
from apps.cases.models import Case, PlanAction

from .figures import bounds, collect, month_of
from .models import MonthlyFigure

DOMAIN = MonthlyFigure.Domain.CASES
KEYS = ("month", "agency_id", "office_id")
ACTION_TYPE = PlanAction._meta.label_lower  # the audit log's object type of a plan action


def counters(since, until):
    start, end = bounds(since, until)
    cases = Case.objects.annotate(agency_id=F("office__agency_id")).order_by()
    opened = cases.filter(opened_at__gte=start, opened_at__lt=end).annotate(
        month=month_of("opened_at")
    )
    closed = cases.filter(closed_at__gte=start, closed_at__lt=end).annotate(
        month=month_of("closed_at")
    )
    added = AuditEvent.objects.filter(
        action=AuditEvent.Action.CREATE, object_type=ACTION_TYPE, at__gte=start, at__lt=end
    )
    actions = (
        PlanAction.objects.filter(
            pk__in=added.annotate(action_pk=Cast("object_id", BigIntegerField())).values(
                "action_pk"
            )
        )
        .annotate(
            month=Subquery(
                AuditEvent.objects.filter(
                    action=AuditEvent.Action.CREATE,
                    object_type=ACTION_TYPE,
                    object_id=Cast(OuterRef("pk"), CharField()),
                )
                .order_by("at")
                .values(month=Cast(month_of("at"), DateField()))[:1]
            ),
            agency_id=F("goal__case__office__agency_id"),
            office_id=F("goal__case__office_id"),
        )
        .order_by()
        .values(*KEYS, "pillar")
        .annotate(n=Count("pk"))
    )
    rows = collect(
        opened.values(*KEYS).annotate(opened=Count("pk")),
        ("by_risk", "risk", opened.values(*KEYS, "risk").annotate(n=Count("pk"))),
        ("actions_by_pillar", "pillar", actions),
    )
    # Closed cases are counted by another month than opened ones: a second plain counter, added
    # to the groups above or making groups of their own (one pass over the groups).
    closings = {
        (row["month"], row["agency_id"], row["office_id"]): row["n"]
        for row in closed.values(*KEYS).annotate(n=Count("pk"))
    }
    result = []
    for month, agency_id, office_id, values in rows:
        values = {"opened": 0, "closed": closings.pop((month, agency_id, office_id), 0)} | values
        result.append((month, agency_id, office_id, values))
    result.extend((*key, {"opened": 0, "closed": n}) for key, n in closings.items())
    return result

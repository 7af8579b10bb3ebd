"""Reads of the supervisor's office dashboard (docs/supervision.md).

Every figure is counted by PostgreSQL, one grouped query per kind of work (open cases by owner,
overdue plan actions by their case's owner, referrals, applications and complaints by assignee,
deadlines by their subject's assignee), each walking the office's open work once; the rows are
the office's team with those counts. The page costs the same number of queries for two workers
or six hundred, and the work of nobody is the group of no assignee.

A deadline is one running, unpaused SLA clock (apps/sla) kept by this office. It is a worker's
when its subject (a referral received, a complaint, an application) is assigned to them.
- breached: past its due time (a fact of time passing, as everywhere in Masar);
- at risk: not yet due, but due within the next working day, that is before
  `add_business_time(now, days=1)` in the office's agency's calendar. A clock due on Sunday
  10:00 is at risk on Thursday afternoon; one due in two working days is not.
"""

from dataclasses import dataclass, field
from datetime import date, datetime

from django.db import connection
from django.db.models import (
    BooleanField,
    CharField,
    Count,
    Exists,
    F,
    Func,
    IntegerField,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models import Case as When_
from django.db.models.functions import Cast, Coalesce
from django.utils import timezone

from apps.applications.models import Application
from apps.cases.models import Approval, Case, PlanAction
from apps.cases.selectors import caseload_order, offices_where
from apps.complaints.models import OPEN_STATUSES as COMPLAINT_OPEN
from apps.complaints.models import Complaint
from apps.organisations.models import Membership, Office, User
from apps.referrals.models import Referral
from apps.sla.calendar import add_business_time
from apps.sla.models import Clock

Role = Membership.Role
REFERRAL = "referrals.referral"
COMPLAINT = "complaints.complaint"
APPLICATION = "applications.application"
KINDS = (REFERRAL, COMPLAINT, APPLICATION)
HIGH_RISK = (Case.Risk.HIGH, Case.Risk.CRITICAL)
OPEN_ACTION = (PlanAction.Status.PLANNED, PlanAction.Status.IN_PROGRESS)
IN_REVIEW = (Application.Status.UNDER_REVIEW, Application.Status.INFO_REQUESTED)
# A referral waits for the receiving worker's answer (accept, decline or ask) while routed;
# while information is requested it waits for the sender instead.
AWAITING_ANSWER = (Referral.Status.ROUTED,)
REFERRAL_WORK = (Referral.Status.ROUTED, Referral.Status.INFO_REQUESTED, Referral.Status.ACCEPTED)
# The deadlines list shows at most this many clocks (breached first); the table counts them all.
DEADLINES_SHOWN = 50

# Columns of the workers' table: the `?sort=` whitelist. Figures sort most first, names A to Z.
SORTS = {
    "name": "full_name",
    "open": "open_cases",
    "risk": "high_risk",
    "actions": "overdue_actions",
    "referrals": "referrals_awaiting",
    "applications": "applications_in_review",
    "complaints": "complaints_open",
    "at_risk": "at_risk",
    "breached": "breached",
}
DEFAULT_SORT = "breached"
# Who has a row: the office's social workers and complaints officers.
TEAM_ROLES = (Role.SOCIAL_WORKER, Role.COMPLAINTS_OFFICER)
FIGURES = [key for key in SORTS if key != "name"]


@dataclass(frozen=True)
class Window:
    """The instants a page judges deadlines by: now, and the end of the next working day."""

    now: datetime
    horizon: datetime
    today: date


def window(office: Office, now: datetime | None = None) -> Window:
    now = now or timezone.now()
    return Window(
        now=now,
        horizon=add_business_time(now, days=1, agency=office.agency_id),
        today=timezone.localdate(now),
    )


def supervised_offices(user: User) -> list[Office]:
    """The offices the user supervises, by name."""
    return list(
        offices_where(user, Role.SUPERVISOR)
        .filter(is_active=True)
        .select_related("agency", "governorate")
        .order_by("name_ar", "pk")
    )


def _count(queryset: QuerySet) -> Coalesce:
    """`(SELECT COUNT(*) FROM … WHERE …)` as a column: a correlated count, 0 when none."""
    counted = queryset.order_by().annotate(n=Func(Value(1), function="COUNT")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def _as_text(queryset: QuerySet) -> QuerySet:
    """The subjects' ids as clocks store them (text), for `subject_id IN (…)`."""
    return queryset.order_by().annotate(sid=Cast("pk", CharField())).values("sid")


def _running(office: Office) -> QuerySet[Clock]:
    """The office's running, unpaused clocks (the agency condition lets the planner use the
    partial index on (agency, due_at) of running clocks)."""
    return Clock.objects.filter(
        agency_id=office.agency_id,
        office=office,
        stopped_at__isnull=True,
        paused_at__isnull=True,
    )


def _open_work(office: Office, viewer: User) -> dict[str, QuerySet]:
    """Each kind's open subjects at the office, whoever they are assigned to. Complaints about
    the viewer are left out: they never see those (complaints selectors)."""
    return {
        REFERRAL: Referral.objects.filter(to_office=office, status__in=REFERRAL_WORK),
        COMPLAINT: Complaint.objects.filter(office=office, status__in=COMPLAINT_OPEN).exclude(
            named_employee=viewer
        ),
        APPLICATION: Application.objects.filter(office=office, status__in=IN_REVIEW),
    }


def _by_assignee(queryset: QuerySet, key: str, **figures) -> dict[int | None, dict[str, int]]:
    """`figures` counted per value of `key` (an assignee's id; None for nobody's) in one
    grouped query."""
    rows = queryset.order_by().values(key).annotate(**figures)
    return {row.pop(key): row for row in rows}


def _deadlines_by_assignee(
    office: Office, viewer: User, when: Window
) -> dict[int | None, dict[str, int]]:
    """Per assignee (None for nobody), the office's breached and at-risk deadlines of its open
    work, in one query: for each kind, the office's running clocks due before the horizon
    joined to their open subjects on the subject's id as clocks store it (text),
    then counted by the subject's assignee. A deadline is a clock: a complaint both late to be
    acknowledged and late to be resolved counts twice."""
    parts, params = [], []
    for kind, subjects in _open_work(office, viewer).items():
        clocks = _running(office).filter(kind=kind, due_at__lt=when.horizon)
        clocks = clocks.values("due_at", sid=F("subject_id"))
        subjects = subjects.annotate(sid=Cast("pk", CharField())).values("sid", "assigned_to_id")
        clock_sql, clock_params = clocks.query.sql_with_params()
        subject_sql, subject_params = subjects.query.sql_with_params()
        parts.append(
            # Both sides are SQL compiled by the ORM, their values parameters.
            f"SELECT s.assigned_to_id, c.due_at FROM ({clock_sql}) c "  # noqa: S608
            f"JOIN ({subject_sql}) s ON s.sid = c.sid"
        )
        params += [*clock_params, *subject_params]
    sql = (
        "SELECT assigned_to_id, COUNT(*) FILTER (WHERE due_at < %s), "  # noqa: S608
        "COUNT(*) FILTER (WHERE due_at >= %s) "
        f"FROM ({' UNION ALL '.join(parts)}) deadlines GROUP BY assigned_to_id"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [when.now, when.now, *params])
        return {
            worker: {"breached": breached, "at_risk": at_risk}
            for worker, breached, at_risk in cursor.fetchall()
        }


def _members(office: Office, *roles: str) -> QuerySet:
    """The ids of the office's active members holding one of `roles`: the rows start from the
    office's memberships, never from the users (citizens' accounts are users too)."""
    return Membership.objects.filter(office=office, role__in=roles, is_active=True).values(
        "user_id"
    )


def _member(office: Office, role: str) -> Exists:
    return Exists(
        Membership.objects.filter(user=OuterRef("pk"), office=office, role=role, is_active=True)
    )


@dataclass
class Totals:
    """The office's figures: the sum of the rows, and the work that nobody has taken yet."""

    figures: dict[str, int] = field(default_factory=dict)
    unassigned_referrals: int = 0
    unassigned_breached: int = 0
    unassigned_at_risk: int = 0


def office_figures(
    office: Office, viewer: User, *, when: Window | None = None
) -> tuple[list[User], Totals]:
    """One row per active social worker or complaints officer of the office, with its figures
    as attributes (`open_cases`, `high_risk`, …, `breached`), in name order; and the office's
    totals with the work nobody has taken.

    Each kind of work is counted in one query grouped by its owner or assignee (seven queries
    whatever the size of the office), walking the office's open work once: a national office
    of 600 workers is counted in one pass over its 76,000 open cases rather than one index walk
    per worker and figure."""
    when = when or window(office)
    open_cases = Case.objects.filter(office=office).exclude(status=Case.Status.CLOSED)
    work = _open_work(office, viewer)
    counted = [
        _by_assignee(
            open_cases,
            "owner_id",
            open_cases=Count("*"),
            high_risk=Count("risk", filter=Q(risk__in=HIGH_RISK)),
        ),
        _by_assignee(
            PlanAction.objects.filter(
                goal__case__in=open_cases, status__in=OPEN_ACTION, due_date__lt=when.today
            ),
            "goal__case__owner_id",
            overdue_actions=Count("*"),
        ),
        _by_assignee(
            work[REFERRAL],
            "assigned_to_id",
            referrals_awaiting=Count("pk", filter=Q(status__in=AWAITING_ANSWER)),
        ),
        _by_assignee(work[APPLICATION], "assigned_to_id", applications_in_review=Count("pk")),
        _by_assignee(work[COMPLAINT], "assigned_to_id", complaints_open=Count("pk")),
        _deadlines_by_assignee(office, viewer, when),
    ]
    # The team in name order (the database's collation), which `sorted_rows` keeps for ties.
    rows = list(
        User.objects.filter(is_active=True, pk__in=_members(office, *TEAM_ROLES))
        .annotate(
            is_social_worker=_member(office, Role.SOCIAL_WORKER),
            is_officer=_member(office, Role.COMPLAINTS_OFFICER),
        )
        .order_by("full_name", "email", "pk")
    )
    for row in rows:
        for figure in FIGURES:
            setattr(row, SORTS[figure], 0)
        for figures in counted:
            for name, value in figures.get(row.pk, {}).items():
                setattr(row, name, value)
        # Only for the office's complaints officers; None (shown "—") for the others.
        if not row.is_officer:
            row.complaints_open = None
    nobodys = {name: value for figures in counted for name, value in figures.get(None, {}).items()}
    totals = Totals(
        figures={key: sum(getattr(row, SORTS[key]) or 0 for row in rows) for key in FIGURES},
        unassigned_referrals=nobodys.get("referrals_awaiting", 0),
        unassigned_breached=nobodys.get("breached", 0),
        unassigned_at_risk=nobodys.get("at_risk", 0),
    )
    return rows, totals


def sorted_rows(rows: list[User], sort: str) -> list[User]:
    """The rows (in name order) in the order of a column: figures most first, ties by most
    breached then by name; "—" (None) last."""
    if sort not in SORTS:
        sort = DEFAULT_SORT
    if sort == "name":
        return list(rows)
    column = SORTS[sort]
    return sorted(
        rows,
        key=lambda row: (getattr(row, column) is None, -(getattr(row, column) or 0), -row.breached),
    )


def approvals_summary(office: Office) -> dict:
    """Pending approvals of the office's cases: how many of each kind, and the oldest request."""
    return Approval.objects.filter(status=Approval.Status.PENDING, case__office=office).aggregate(
        total=Count("pk"),
        closures=Count("pk", filter=Q(kind=Approval.Kind.CLOSURE)),
        plans=Count("pk", filter=Q(kind=Approval.Kind.PLAN)),
        oldest=Min("requested_at"),
    )


def office_deadlines(office: Office, viewer: User, when: Window) -> list[Clock]:
    """The office's breached deadlines (the newest breach first), then those at risk (the
    soonest first), DEADLINES_SHOWN at most, each with `owner_name` and `is_breached`."""
    hidden = _as_text(Complaint.objects.filter(office=office, named_employee=viewer))
    queryset = (
        _running(office)
        .filter(kind__in=KINDS, due_at__lt=when.horizon)
        .exclude(kind=COMPLAINT, subject_id__in=hidden)
        .annotate(
            is_breached=When_(
                When(due_at__lt=when.now, then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            ),
        )
    )
    breached = list(
        queryset.filter(due_at__lt=when.now).order_by("-due_at", "-pk")[:DEADLINES_SHOWN]
    )
    room = DEADLINES_SHOWN - len(breached)
    at_risk = (
        list(queryset.filter(due_at__gte=when.now).order_by("due_at", "pk")[:room]) if room else []
    )
    return breached + at_risk


def deadline_owners(office: Office, clocks: list[Clock]) -> dict[int, str]:
    """Who each clock's subject is assigned to, by clock id: one query per kind listed."""
    owners: dict[int, str] = {}
    models = {
        REFERRAL: (Referral, "to_office"),
        COMPLAINT: (Complaint, "office"),
        APPLICATION: (Application, "office"),
    }
    by_kind: dict[str, dict[int, list[int]]] = {}
    for clock in clocks:
        by_kind.setdefault(clock.kind, {}).setdefault(int(clock.subject_id), []).append(clock.pk)
    for kind, subjects in by_kind.items():
        model, office_field = models[kind]
        rows = model.objects.filter(pk__in=list(subjects), **{office_field: office}).values_list(
            "pk", "assigned_to__full_name", "assigned_to__email"
        )
        for pk, name, email in rows:
            for clock_id in subjects[pk]:
                owners[clock_id] = name or email or ""
    return owners


def worker_of_office(office: Office, user_id: int) -> User | None:
    """An active social worker of the office, or None."""
    return (
        User.objects.filter(pk=user_id, is_active=True)
        .filter(_member(office, Role.SOCIAL_WORKER))
        .first()
    )


def social_workers(office: Office) -> QuerySet[User]:
    """The office's active social workers: who may receive its cases."""
    return User.objects.filter(
        is_active=True, pk__in=_members(office, Role.SOCIAL_WORKER)
    ).order_by("full_name", "pk")


def worker_cases(office: Office, worker: User, when: Window) -> tuple[QuerySet[Case], tuple, tuple]:
    """The worker's open cases at the office, the soonest next action first, each with its
    count of overdue plan actions; with the keyset order for apps.core.pagination."""
    queryset = (
        Case.objects.filter(office=office, owner=worker)
        .exclude(status=Case.Status.CLOSED)
        .annotate(
            overdue_actions=_count(
                PlanAction.objects.filter(
                    goal__case=OuterRef("pk"), status__in=OPEN_ACTION, due_date__lt=when.today
                )
            )
        )
    )
    return caseload_order(queryset, "due")

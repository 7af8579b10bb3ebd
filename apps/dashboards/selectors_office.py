"""Reads of the supervisor's office dashboard (docs/supervision.md).

Every figure is counted by PostgreSQL: one query returns one row per worker of the office with
each column as a correlated count (a `COUNT(*)` subquery walking an index from the worker), so
the page costs the same number of queries for two workers or two hundred, and the sort is an
`ORDER BY` on the annotated columns.

A deadline is one running, unpaused SLA clock (apps/sla) kept by this office. It is a worker's
when its subject (a referral received, a complaint, an application) is assigned to them.
- breached: past its due time (a fact of time passing, as everywhere in Masar);
- at risk: not yet due, but due within the next working day, that is before
  `add_business_time(now, days=1)` in the office's agency's calendar. A clock due on Sunday
  10:00 is at risk on Thursday afternoon; one due in two working days is not.
"""

from dataclasses import dataclass, field
from datetime import date, datetime

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


def _subjects(viewer: User, worker, office: Office | None = None) -> dict[str, QuerySet]:
    """Each kind's open subjects assigned to `worker` (a user id or an OuterRef), each walking its
    partial index of open work by assignee, the clocks' own office condition keeping the
    office's; or, with `office` and no worker, the office's subjects assigned to nobody.
    Complaints about the viewer are left out: they never see those (complaints selectors)."""
    if worker is None:
        referral = {"to_office": office, "assigned_to__isnull": True}
        other = {"office": office, "assigned_to__isnull": True}
    else:
        referral = other = {"assigned_to": worker}
    return {
        REFERRAL: Referral.objects.filter(status__in=REFERRAL_WORK, **referral),
        COMPLAINT: Complaint.objects.filter(status__in=COMPLAINT_OPEN, **other).exclude(
            named_employee=viewer
        ),
        APPLICATION: Application.objects.filter(status__in=IN_REVIEW, **other),
    }


def _clock_figure(office: Office, subjects: dict[str, QuerySet], due: Q) -> Func:
    """The running clocks of the office matching `due` whose subjects are among `subjects`,
    summed over the three kinds (each a semi-join from the subjects to the clocks'
    (kind, subject_id) index)."""
    total = None
    for kind, queryset in subjects.items():
        count = _count(_running(office).filter(due, kind=kind, subject_id__in=_as_text(queryset)))
        total = count if total is None else total + count
    return total


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


def workers_table(
    office: Office, viewer: User, *, sort: str | None = None, when: Window | None = None
) -> list[User]:
    """One row per active social worker or complaints officer of the office, with its figures
    as attributes (`open_cases`, `high_risk`, …, `breached`), in one query."""
    when = when or window(office)
    sort = sort if sort in SORTS else DEFAULT_SORT
    is_officer = _member(office, Role.COMPLAINTS_OFFICER)
    mine = _subjects(viewer, OuterRef(OuterRef("pk")))
    queryset = User.objects.filter(is_active=True, pk__in=_members(office, *TEAM_ROLES)).annotate(
        is_social_worker=_member(office, Role.SOCIAL_WORKER),
        is_officer=is_officer,
        open_cases=_count(
            Case.objects.filter(office=office, owner=OuterRef("pk")).exclude(
                status=Case.Status.CLOSED
            )
        ),
        high_risk=_count(
            Case.objects.filter(office=office, owner=OuterRef("pk"), risk__in=HIGH_RISK).exclude(
                status=Case.Status.CLOSED
            )
        ),
        overdue_actions=_count(
            PlanAction.objects.filter(
                goal__case__office=office,
                goal__case__owner=OuterRef("pk"),
                status__in=OPEN_ACTION,
                due_date__lt=when.today,
            ).exclude(goal__case__status=Case.Status.CLOSED)
        ),
        referrals_awaiting=_count(
            Referral.objects.filter(
                to_office=office, assigned_to=OuterRef("pk"), status__in=AWAITING_ANSWER
            )
        ),
        applications_in_review=_count(
            Application.objects.filter(
                office=office, assigned_to=OuterRef("pk"), status__in=IN_REVIEW
            )
        ),
        # Only for the office's complaints officers; None (shown "—") for the others.
        complaints_open=When_(
            When(
                is_officer=True,
                then=_count(
                    Complaint.objects.filter(
                        office=office, assigned_to=OuterRef("pk"), status__in=COMPLAINT_OPEN
                    ).exclude(named_employee=viewer)
                ),
            ),
            default=None,
            output_field=IntegerField(),
        ),
        at_risk=_clock_figure(office, mine, Q(due_at__gte=when.now, due_at__lt=when.horizon)),
        breached=_clock_figure(office, mine, Q(due_at__lt=when.now)),
    )
    column = SORTS[sort]
    if sort == "name":
        order = [F("full_name").asc(), "email", "pk"]
    else:
        order = [F(column).desc(nulls_last=True), F("breached").desc(), "full_name", "pk"]
    return list(queryset.order_by(*order))


@dataclass
class Totals:
    """The office's figures: the sum of the rows, and the work that nobody has taken yet."""

    figures: dict[str, int] = field(default_factory=dict)
    unassigned_referrals: int = 0
    unassigned_breached: int = 0
    unassigned_at_risk: int = 0


def office_totals(office: Office, viewer: User, rows: list[User], when: Window) -> Totals:
    """The rows added up, and in one query the unassigned work: the routed referrals nobody took,
    and the clocks of the office's subjects that are assigned to nobody."""
    figures = {key: sum(getattr(row, SORTS[key]) or 0 for row in rows) for key in FIGURES}
    nobodys = _subjects(viewer, None, office)
    unassigned = Office.objects.filter(pk=office.pk).aggregate(
        referrals=Min(
            _count(
                Referral.objects.filter(
                    to_office=office, status__in=AWAITING_ANSWER, assigned_to__isnull=True
                )
            )
        ),
        breached=Min(_clock_figure(office, nobodys, Q(due_at__lt=when.now))),
        at_risk=Min(
            _clock_figure(office, nobodys, Q(due_at__gte=when.now, due_at__lt=when.horizon))
        ),
    )
    return Totals(
        figures=figures,
        unassigned_referrals=unassigned["referrals"],
        unassigned_breached=unassigned["breached"],
        unassigned_at_risk=unassigned["at_risk"],
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

"""Who sees which complaint, the queue, and what the complainant sees.

A complaint sits in one office of its agency. The complaints officers and supervisors of that
office see it and work on it; the agency's admins read it; nobody else does, and never the
employee it is about, whatever their role (DESIGN.md, "Access").
"""

import hmac
from dataclasses import dataclass
from datetime import datetime

from django.db.models import (
    Aggregate,
    Avg,
    CharField,
    Count,
    DurationField,
    Exists,
    ExpressionWrapper,
    F,
    FloatField,
    OuterRef,
    Q,
    QuerySet,
)
from django.db.models.functions import Cast, NullIf, TruncMonth
from django.utils import timezone

from apps.core.text import normalise_mobile
from apps.organisations.models import Membership, Office, User
from apps.sla.models import Clock

from .models import Complaint, ComplaintCategory, ComplaintUpdate

Role = Membership.Role
KIND = "complaints.complaint"
# Who works a complaint queue.
QUEUE_ROLES = (Role.COMPLAINTS_OFFICER, Role.SUPERVISOR)
# Who takes a complaint at the counter or on the phone.
INTAKE_ROLES = (Role.INTAKE_OFFICER, Role.COMPLAINTS_OFFICER)


@dataclass(frozen=True)
class Scope:
    officer: frozenset[int]  # offices where the user is a complaints officer
    supervised: frozenset[int]  # offices where the user is a supervisor
    administered: frozenset[int]  # agencies the user administers
    intake_agencies: frozenset[int]  # agencies whose counter the user staffs
    worked_agencies: frozenset[int] = frozenset()  # agencies of the offices in `worked`

    @property
    def worked(self) -> frozenset[int]:
        return self.officer | self.supervised


def scope_of(user: User) -> Scope:
    """The user's complaint roles, from one query; kept on the user object for the request."""
    cached = getattr(user, "_complaint_scope", None)
    if cached is not None:
        return cached
    officer, supervised, administered, intake, worked_agencies = set(), set(), set(), set(), set()
    if user.is_authenticated:
        rows = Membership.objects.filter(
            user=user,
            is_active=True,
            office__is_active=True,
            role__in=[*QUEUE_ROLES, Role.AGENCY_ADMIN, Role.INTAKE_OFFICER],
        ).values_list("role", "office_id", "office__agency_id")
        for role, office_id, agency_id in rows:
            if role == Role.COMPLAINTS_OFFICER:
                officer.add(office_id)
                worked_agencies.add(agency_id)
            elif role == Role.SUPERVISOR:
                supervised.add(office_id)
                worked_agencies.add(agency_id)
            elif role == Role.AGENCY_ADMIN:
                administered.add(agency_id)
            if role in INTAKE_ROLES:
                intake.add(agency_id)
    scope = Scope(
        frozenset(officer),
        frozenset(supervised),
        frozenset(administered),
        frozenset(intake),
        frozenset(worked_agencies),
    )
    if user.is_authenticated:
        user._complaint_scope = scope
    return scope


def complaints_visible_to(user: User) -> QuerySet[Complaint]:
    """The complaints of the offices whose queue the user works, and of the agencies they
    administer; never one about the user. Each role adds a condition only when it is held, so an
    officer's queue is one walk of an office index."""
    scope = scope_of(user)
    condition = None
    if scope.worked:
        condition = Q(office__in=sorted(scope.worked))
    if scope.administered:
        by_agency = Q(agency__in=sorted(scope.administered))
        condition = by_agency if condition is None else condition | by_agency
    if condition is None:
        return Complaint.objects.none()
    return Complaint.objects.filter(condition).exclude(named_employee=user)


def may_work(user: User, complaint: Complaint) -> bool:
    """A complaints officer or supervisor of the complaint's office, unless it is about them."""
    return complaint.office_id in scope_of(user).worked and complaint.named_employee_id != user.pk


def may_read(user: User, complaint: Complaint) -> bool:
    return may_work(user, complaint) or (
        complaint.agency_id in scope_of(user).administered
        and complaint.named_employee_id != user.pk
    )


def complaint_for(user: User, reference: str) -> Complaint:
    """The complaint by reference if the user may read it; Complaint.DoesNotExist otherwise."""
    complaint = Complaint.objects.select_related(
        "agency",
        "office",
        "service",
        "category",
        "assigned_to",
        "named_employee",
        "user",
        "person",
        "duplicate_of",
        "created_by",
    ).get(reference=reference)
    if not may_read(user, complaint):
        raise Complaint.DoesNotExist
    return complaint


def officers_of(office_id: int) -> QuerySet[User]:
    """The active complaints officers of an office."""
    return User.objects.filter(
        Exists(
            Membership.objects.filter(
                user=OuterRef("pk"),
                office_id=office_id,
                role=Role.COMPLAINTS_OFFICER,
                is_active=True,
            )
        ),
        is_active=True,
    ).order_by("full_name", "pk")


def queue_officers(user: User) -> QuerySet[User]:
    """The complaints officers of the offices whose queue the user works (assignee filter, bulk
    assignment)."""
    return User.objects.filter(
        Exists(
            Membership.objects.filter(
                user=OuterRef("pk"),
                office__in=sorted(scope_of(user).worked),
                role=Role.COMPLAINTS_OFFICER,
                is_active=True,
            )
        ),
        is_active=True,
    ).order_by("full_name", "pk")


def works_for(user: User, agency_id: int) -> bool:
    """An active membership of the agency, whatever the role (the employee a complaint names)."""
    return Membership.objects.filter(
        user=user, office__agency_id=agency_id, is_active=True
    ).exists()


def routing_office(category: ComplaintCategory) -> Office | None:
    """Where a complaint of the category goes: the category's office when it is an active office
    of the agency, otherwise the agency's head office."""
    if category.office_id is not None:
        office = Office.objects.filter(
            pk=category.office_id, agency=category.agency_id, is_active=True
        ).first()
        if office is not None:
            return office
    return Office.objects.filter(
        agency=category.agency_id, is_head_office=True, is_active=True
    ).first()


def categories_administered_by(user: User) -> QuerySet[ComplaintCategory]:
    """The categories of the agencies the user administers, active or not (their admin page);
    another agency's are not there, so their pages answer 404."""
    administered = sorted(scope_of(user).administered)
    if not administered:
        return ComplaintCategory.objects.none()
    return (
        ComplaintCategory.objects.filter(agency__in=administered)
        .select_related("agency", "office")
        .order_by("agency__code", "-is_active", "name_ar", "pk")
    )


def categories_of(agency_id: int | None = None) -> QuerySet[ComplaintCategory]:
    categories = ComplaintCategory.objects.filter(is_active=True, agency__isnull=False)
    if agency_id is not None:
        categories = categories.filter(agency=agency_id)
    return categories.select_related("agency").order_by("agency__code", "name_ar", "pk")


def overdue_clock():
    """A running, unpaused clock of the complaint past its due time."""
    return Exists(
        Clock.objects.filter(
            kind=KIND,
            subject_id=Cast(OuterRef("pk"), output_field=CharField()),
            stopped_at__isnull=True,
            paused_at__isnull=True,
            due_at__lt=timezone.now(),
        )
    )


def overdue(queryset: QuerySet[Complaint]) -> QuerySet[Complaint]:
    """Complaints past a deadline: the indexed due_at column finds them, the clocks confirm it
    (an agency's holiday change may have moved a deadline since due_at was written)."""
    return queryset.filter(due_at__lt=timezone.now()).filter(overdue_clock())


def clocks_of(complaints) -> dict[int, Clock]:
    """The running clock due first (else the last stopped one) of each complaint, in one query."""
    ids = [str(c.pk) for c in complaints]
    found: dict[int, Clock] = {}
    if not ids:
        return found
    clocks = Clock.objects.filter(kind=KIND, subject_id__in=ids).order_by("started_at", "pk")
    for clock in clocks:
        pk = int(clock.subject_id)
        current = found.get(pk)
        running = clock.stopped_at is None
        if (
            current is None
            or (running and (current.stopped_at is not None))
            or (running and current.stopped_at is None and clock.due_at < current.due_at)
        ):
            found[pk] = clock
        elif not running and current.stopped_at is not None:
            found[pk] = clock  # the latest stopped one
    return found


def complaint_clocks(complaint: Complaint) -> list[Clock]:
    return list(
        Clock.objects.filter(kind=KIND, subject_id=str(complaint.pk)).order_by("started_at")
    )


def complaint_thread(complaint: Complaint) -> list[ComplaintUpdate]:
    return list(complaint.updates.select_related("author"))


def public_thread(complaint: Complaint) -> list[ComplaintUpdate]:
    """What the complainant sees: the steps marked for them, oldest first, without staff names."""
    return list(complaint.updates.filter(visible_to_complainant=True).order_by("at", "id"))


def complaint_to_track(reference: str, verification: str) -> tuple[Complaint | None, bool]:
    """The complaint a visitor of the tracking page asks for, and whether they may see it whole.

    With contact details on file, the mobile number or email address given must match one of
    them, and the complaint is shown whole; without any (anonymous, no contact), its status only,
    on the reference alone. A wrong reference and a wrong verification both give (None, False).
    """
    complaint = (
        Complaint.objects.select_related("agency", "category", "service")
        .filter(reference=reference)
        .first()
    )
    if complaint is None:
        return None, False
    if not complaint.has_contact:
        return complaint, False
    given = (verification or "").strip()
    if "@" in given:
        matched = bool(complaint.email) and hmac.compare_digest(
            given.casefold().encode(), complaint.email.casefold().encode()
        )
    else:
        phone = normalise_mobile(given) or ""
        matched = bool(phone and complaint.phone) and hmac.compare_digest(
            phone.encode(), complaint.phone.encode()
        )
    return (complaint, True) if matched else (None, False)


# --- figures for the dashboards ------------------------------------------------------------------


class Median(Aggregate):
    """PostgreSQL's median of intervals (or numbers): percentile_cont(0.5)."""

    function = "PERCENTILE_CONT"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"
    allow_distinct = False


def _share(part: Q, whole: Q) -> ExpressionWrapper:
    """100 × count(part) / count(whole), NULL when nothing is in the whole."""
    return ExpressionWrapper(
        Cast(Count("pk", filter=part), FloatField())
        * 100.0
        / NullIf(Cast(Count("pk", filter=whole), FloatField()), 0.0),
        output_field=FloatField(),
    )


GROUPS = ("agency", "category", "month")
ANSWERED = Q(first_resolved_at__isnull=False)


def complaint_figures(
    *,
    by: tuple[str, ...] = ("agency",),
    since: datetime | None = None,
    until: datetime | None = None,
    agencies=None,
) -> list[dict]:
    """The complaint figures, one row per group (`by`: any of agency, category, month, the month
    the complaint came in Amman's time), computed by the database in one query:

    - received: complaints that came;
    - acknowledged_in_time / resolved_in_time: % of those whose deadline is settled (met, or
      found late by the sweep) that met it; the answer deadline is the first one, before any
      reopening;
    - resolve_average / resolve_median: from receipt to the first answer, calendar time;
    - satisfaction: the average rating (1–5); satisfied: % of ratings that are 4 or 5;
    - reopen_rate: % of answered complaints the complainant reopened.

    Percentages and averages are None for a group with nothing to count. `agencies` (ids)
    narrows to those agencies; `since` and `until` to complaints received in [since, until).
    """
    unknown = set(by) - set(GROUPS)
    if unknown or not by:
        raise ValueError(f"Group complaints by {', '.join(GROUPS)}, not {unknown or 'nothing'}")
    complaints = Complaint.objects.all()
    if agencies is not None:
        complaints = complaints.filter(agency__in=list(agencies))
    if since is not None:
        complaints = complaints.filter(created_at__gte=since)
    if until is not None:
        complaints = complaints.filter(created_at__lt=until)
    keys = [f"{name}_id" if name != "month" else "month" for name in by]
    if "month" in by:
        complaints = complaints.annotate(month=TruncMonth("created_at"))
    to_answer = ExpressionWrapper(
        F("first_resolved_at") - F("created_at"), output_field=DurationField()
    )
    rows = (
        complaints.values(*keys)
        .annotate(
            received=Count("pk"),
            acknowledged_in_time=_share(
                Q(acknowledged_on_time=True), Q(acknowledged_on_time__isnull=False)
            ),
            resolved_in_time=_share(Q(resolved_on_time=True), Q(resolved_on_time__isnull=False)),
            resolve_average=Avg(to_answer, filter=ANSWERED, output_field=DurationField()),
            resolve_median=Median(to_answer, filter=ANSWERED, output_field=DurationField()),
            satisfaction=Avg("rating", output_field=FloatField()),
            satisfied=_share(Q(rating__gte=4), Q(rating__isnull=False)),
            reopen_rate=_share(Q(reopen_count__gt=0) & ANSWERED, ANSWERED),
        )
        .order_by(*keys)
    )
    result = []
    for row in rows:
        if "month" in row:
            row["month"] = timezone.localtime(row["month"]).date()
        for name in ("agency", "category"):
            if f"{name}_id" in row:
                row[name] = row.pop(f"{name}_id")
        result.append(row)
    return result

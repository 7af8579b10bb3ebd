import datetime as dt

from django.core.cache import cache
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.db.models.functions import Coalesce
from django.utils.safestring import SafeString, mark_safe

from apps.core.templatetags.masar import options_html
from apps.organisations.directory import staff_directory_version
from apps.organisations.models import Membership, Office, User

from .models import (
    FAR_FUTURE,
    Approval,
    Assessment,
    Case,
    CaseDocument,
    CaseEvent,
    CaseNote,
    PlanAction,
    PlanGoal,
)

Role = Membership.Role
# A safety net for changes made behind the services' back (the admin site, SQL).
WORKER_OPTIONS_TTL = 10 * 60


def offices_where(user: User, *roles: str) -> QuerySet[Office]:
    return Office.objects.filter(
        memberships__user=user, memberships__is_active=True, memberships__role__in=roles
    ).order_by()


def cases_visible_to(user: User) -> QuerySet[Case]:
    """Cases a user may open: their own; their office's as supervisor; their agency's as agency admin."""
    if not user.is_authenticated:
        return Case.objects.none()
    supervised = offices_where(user, Role.SUPERVISOR).values("pk")
    administered = offices_where(user, Role.AGENCY_ADMIN).values("agency_id")
    return Case.objects.filter(
        Q(owner=user) | Q(office__in=supervised) | Q(office__agency__in=administered)
    )


def is_case_supervisor(user: User, case: Case) -> bool:
    return offices_where(user, Role.SUPERVISOR).filter(pk=case.office_id).exists()


def can_work_on(user: User, case: Case) -> bool:
    """The owner and the office's supervisors record assessments, plans, notes and documents."""
    return case.owner_id == user.pk or is_case_supervisor(user, case)


def may_read_confidential(user: User, case: Case) -> bool:
    return can_work_on(user, case)


SORTS = {
    "updated": (("-updated_at", "-id"), ("datetime", "int")),
    "opened": (("-opened_at", "-id"), ("datetime", "int")),
    "due": (("due_sort", "id"), ("date", "int")),
}


def caseload_order(
    queryset: QuerySet[Case], sort: str | None
) -> tuple[QuerySet[Case], tuple, tuple]:
    """The caseload with what its rows show, and the keyset ordering for the chosen sort."""
    queryset = queryset.select_related("primary_person", "owner", "office__governorate")
    order, types = SORTS.get(sort or "updated", SORTS["updated"])
    if order[0] == "due_sort":
        queryset = queryset.annotate(due_sort=Coalesce("next_action_due", FAR_FUTURE))
    return queryset, order, types


def my_caseload(user: User) -> QuerySet[Case]:
    return Case.objects.filter(owner=user)


def supervised_office_ids(user: User) -> list[int]:
    return sorted(offices_where(user, Role.SUPERVISOR).values_list("pk", flat=True))


def office_caseload(user: User, office_ids: list[int] | None = None) -> QuerySet[Case]:
    """The cases of the offices the user supervises (`office_ids`, when the caller has them)."""
    if office_ids is None:
        office_ids = supervised_office_ids(user)
    # The office ids as literals: with `office = <id>` the planner walks the list index in order.
    return Case.objects.filter(office__in=office_ids)


def may_view(user: User, case: Case) -> bool:
    """The same rule as cases_visible_to, for one case already loaded."""
    if case.owner_id == user.pk:
        return True
    return Membership.objects.filter(
        Q(role=Role.SUPERVISOR, office=case.office_id)
        | Q(role=Role.AGENCY_ADMIN, office__agency=case.office.agency_id),
        user=user,
        is_active=True,
    ).exists()


def case_detail(user: User, reference: str) -> Case:
    """The case with this reference if the user may see it, else Case.DoesNotExist.

    Fetched by its unique reference, then checked: planning the visibility OR over a million
    cases costs more than the second small query."""
    case = Case.objects.select_related(
        "primary_person__governorate",
        "household__governorate",
        "office__agency",
        "office__governorate",
        "owner",
    ).get(reference=reference)
    if not may_view(user, case):
        raise Case.DoesNotExist
    return case


def case_timeline(
    case: Case, user: User, kind: str | None = None, limit: int = 100
) -> list[CaseEvent]:
    qs = case.events.select_related("actor", "agency")
    if kind:
        qs = qs.filter(kind=kind)
    if not may_read_confidential(user, case):
        qs = qs.filter(confidential=False)
    return list(qs[:limit])


def case_notes(case: Case, user: User) -> list[CaseNote]:
    qs = case.notes.select_related("author")
    if not may_read_confidential(user, case):
        qs = qs.filter(confidential=False)
    return list(qs)


def case_assessments(case: Case) -> tuple[list[Assessment], list[Assessment]]:
    """The latest assessment of each domain, and all earlier ones (history)."""
    rows = list(case.assessments.select_related("assessed_by"))
    latest, history, seen = [], [], set()
    for row in rows:  # newest first
        (history if row.domain in seen else latest).append(row)
        seen.add(row.domain)
    return latest, history


def case_plan(case: Case) -> list[PlanGoal]:
    actions = PlanAction.objects.select_related("responsible_agency", "responsible_office")
    return list(case.goals.prefetch_related(Prefetch("actions", queryset=actions)))


def case_documents(case: Case) -> list[CaseDocument]:
    return list(case.documents.select_related("uploaded_by"))


def case_approvals(case: Case) -> list[Approval]:
    return list(case.approvals.select_related("requested_by", "decided_by"))


def approvals_pending_for(user: User) -> QuerySet[Approval]:
    return (
        Approval.objects.filter(
            status=Approval.Status.PENDING,
            case__office__in=offices_where(user, Role.SUPERVISOR).values("pk"),
        )
        .select_related("case__primary_person", "case__owner", "requested_by")
        .order_by("requested_at")
    )


def social_workers_of(office_ids) -> QuerySet[User]:
    return User.objects.filter(
        Exists(
            Membership.objects.filter(
                user=OuterRef("pk"), office__in=office_ids, role=Role.SOCIAL_WORKER, is_active=True
            )
        )
    ).order_by("full_name")


def worker_options(office_ids: list[int]) -> SafeString:
    """The offices' social workers as `<option>`s, for the owner filter and the bulk form of the
    office caseload. Rendered in plain Python from tuples (a big office has hundreds of social
    workers, and Django's widget templates cost most of a page) and cached until the staff
    directory changes (apps/organisations/directory.py)."""
    key = f"cases:worker-options:{','.join(map(str, office_ids))}"
    version = staff_directory_version()
    html = cache.get(key, version=version)
    if html is None:
        workers = social_workers_of(office_ids).values_list("pk", "full_name", "email")
        html = str(options_html([(pk, name or email) for pk, name, email in workers]))
        cache.set(key, html, timeout=WORKER_OPTIONS_TTL, version=version)
    return mark_safe(html)  # noqa: S308 - options_html escaped every value and label


def next_action_due(case: Case) -> dt.date | None:
    return (
        PlanAction.objects.filter(
            goal__case=case, status__in=[PlanAction.Status.PLANNED, PlanAction.Status.IN_PROGRESS]
        )
        .order_by("due_date")
        .values_list("due_date", flat=True)
        .first()
    )

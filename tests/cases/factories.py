"""Households and cases for the cases tests. Cases are opened through `services.case_open`, so
every case in a test went through the same checks, timeline entry and audit event as a real one."""

import datetime as dt
import itertools

import factory
from django.utils import timezone

from apps.cases import services
from apps.cases.models import Assessment, Case, Pillar
from apps.organisations.models import Governorate, Office, User
from apps.registry import services as registry_services
from apps.registry.models import HouseholdMember, Person
from tests.organisations.factories import office

Status = Case.Status
Relationship = HouseholdMember.Relationship
_national_numbers = itertools.count(9_800_000_001)
FIRST_NAMES = ["محمد", "فاطمة", "أحمد", "مريم", "يوسف", "ليلى", "عمر", "سارة"]
FAMILY_NAMES = ["الخطيب", "العمري", "الزعبي", "الحوراني", "النسور", "المومني"]
RELATIONSHIPS = [Relationship.SPOUSE, Relationship.SON, Relationship.DAUGHTER]


def person(*, governorate: str = "AM", **fields) -> Person:
    """A person created directly (no agency holds the record until a case or a service says so)."""
    n = next(_national_numbers)
    values = {
        "id_type": Person.IdType.NATIONAL_NUMBER,
        "id_number": str(n),
        "first_name_ar": FIRST_NAMES[n % len(FIRST_NAMES)],
        "father_name_ar": FIRST_NAMES[(n + 3) % len(FIRST_NAMES)],
        "grandfather_name_ar": "علي",
        "family_name_ar": FAMILY_NAMES[n % len(FAMILY_NAMES)],
        "name_en": "",
        "birth_date": dt.date(1980, 1, 1) + dt.timedelta(days=n % 9000),
        "sex": Person.Sex.FEMALE,
        "governorate": Governorate.objects.get(code=governorate),
    }
    return Person.objects.create(**(values | fields))


def household(*, size: int = 3, governorate: str = "AM", actor: User | None = None, head=None):
    """A household of `size` (2 to 4) current members, built through the registry services; the
    head first. Returns (household, members)."""
    if not 2 <= size <= 4:
        raise ValueError("a test household has 2 to 4 members")
    office("MOSD", "AM")  # the reference data (governorates) is there
    head = head or person(governorate=governorate)
    home = registry_services.household_create(
        head=head,
        governorate=Governorate.objects.get(code=governorate),
        address="",
        actor=actor,
    )
    members = [head]
    for relationship in RELATIONSHIPS[: size - 1]:
        member = person(governorate=governorate)
        registry_services.household_member_add(
            household=home, person=member, relationship=relationship, actor=actor
        )
        members.append(member)
    return home, members


def open_case(
    *,
    owner: User,
    office: Office | None = None,
    home=None,
    primary_person: Person | None = None,
    risk: str = Case.Risk.MEDIUM,
    summary: str = "Rent arrears and a child out of school.",
    actor: User | None = None,
) -> Case:
    """A case opened by `actor` (the owner by default) at the owner's office (pass `office` when
    the owner has several), for a new household unless one is given."""
    if office is None:
        office = owner.memberships.get().office
    if home is None:
        home, members = household(governorate=office.governorate.code)
        primary_person = primary_person or members[0]
    elif primary_person is None:
        primary_person = home.members.filter(left_at__isnull=True).first().person
    return services.case_open(
        household=home,
        primary_person=primary_person,
        office=office,
        owner=owner,
        risk=risk,
        summary=summary,
        actor=actor or owner,
    )


class CaseFactory(factory.Factory):
    """`CaseFactory(owner=worker, risk="high")`: a case opened through services.case_open."""

    class Meta:
        model = Case

    owner = None
    office = None
    home = None
    primary_person = None
    risk = Case.Risk.MEDIUM
    summary = "Rent arrears and a child out of school."
    actor = None

    @classmethod
    def _create(cls, model_class, **kwargs):
        return open_case(**kwargs)


def add_plan(case: Case, *, actor: User, due: dt.date | None = None, goal=None):
    """A goal with one action (what activation needs); returns the action."""
    goal = goal or services.goal_add(case=case, description="Stable income", actor=actor)
    return services.action_add(
        goal=goal,
        description="Apply for NAF cash assistance",
        due_date=due or timezone.localdate() + dt.timedelta(days=14),
        responsible_agency=case.office.agency,
        responsible_office=None,
        pillar=Pillar.KARAMA,
        actor=actor,
    )


def advance(case: Case, status: str, *, worker: User, supervisor: User | None = None) -> Case:
    """Take an open case through the workflow to `status`, leaving it ready for the next step:
    in assessment with one domain assessed, in planning with a goal and an action."""
    path = [
        Status.ASSESSMENT,
        Status.PLANNING,
        Status.ACTIVE,
        Status.CLOSURE_REQUESTED,
        Status.CLOSED,
    ]
    if status == Status.OPEN:
        return case
    for step in path[: path.index(status) + 1]:
        if step == Status.ASSESSMENT:
            services.case_start_assessment(case=case, actor=worker)
            services.assessment_record(
                case=case,
                domain=Assessment.Domain.INCOME,
                need=Assessment.Need.HIGH,
                notes="",
                actor=worker,
            )
        elif step == Status.PLANNING:
            services.case_start_planning(case=case, actor=worker)
            add_plan(case, actor=worker)
        elif step == Status.ACTIVE:
            services.case_activate(case=case, actor=worker)
        elif step == Status.CLOSURE_REQUESTED:
            services.case_request_closure(case=case, reason="Goals met", actor=worker)
        elif step == Status.CLOSED:
            approval = case.approvals.get(status="pending", kind="closure")
            services.approval_decide(approval=approval, approve=True, comment="", actor=supervisor)
    case.refresh_from_db()
    assert case.status == status
    return case

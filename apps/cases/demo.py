"""Demo households and cases for `make run`, in every state of the case lifecycle.

Built through the services, so timelines, approvals and audit entries are what real use leaves.
Idempotent: a family whose head's national number already exists is skipped.
"""

from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from apps.catalogue.models import Pillar
from apps.organisations.models import Agency, Governorate, User
from apps.registry.models import HouseholdMember, Person
from apps.registry.services import household_create, household_member_add, person_register

from . import services
from .models import Approval, Assessment, Case, PlanAction

R = HouseholdMember.Relationship

# (agency, governorate, worker, intake, head national number, family, members, target state, risk, summary)
# members: (first name ar, name en, sex, birth year, relationship, disability)
FAMILIES = [
    (
        "MOSD",
        "AM",
        "worker.mosd.amman",
        "intake.mosd.amman",
        "9861000001",
        ("العبدالله", "Al-Abdallah"),
        [
            ("محمد", "Mohammad", "male", 1979, R.HEAD, "none"),
            ("سعاد", "Suad", "female", 1983, R.SPOUSE, "none"),
            ("أحمد", "Ahmad", "male", 2008, R.SON, "none"),
            ("ليان", "Layan", "female", 2012, R.DAUGHTER, "visual"),
        ],
        "active",
        "high",
        "Loss of the father's job; rent arrears; a daughter with a visual impairment.",
    ),
    (
        "MOSD",
        "AM",
        "worker.mosd.amman",
        "intake.mosd.amman",
        "9861000002",
        ("الخوالدة", "Al-Khawaldeh"),
        [
            ("فاطمة", "Fatima", "female", 1970, R.HEAD, "none"),
            ("يوسف", "Yousef", "male", 2005, R.SON, "physical"),
        ],
        "closure_requested",
        "medium",
        "Widow caring for a son with a physical disability.",
    ),
    (
        "MOSD",
        "AM",
        "worker.mosd.amman",
        "intake.mosd.amman",
        "9861000003",
        ("النعيمات", "Al-Nuaimat"),
        [
            ("خالد", "Khaled", "male", 1990, R.HEAD, "none"),
            ("رهف", "Rahaf", "female", 1994, R.SPOUSE, "none"),
            ("سلمى", "Salma", "female", 2020, R.DAUGHTER, "none"),
        ],
        "planning",
        "critical",
        "Family violence reported by the school; children at risk.",
    ),
    (
        "MOSD",
        "AM",
        "worker.mosd.amman",
        "intake.mosd.amman",
        "9861000004",
        ("الزعبي", "Al-Zoubi"),
        [("عائشة", "Aisha", "female", 1948, R.HEAD, "multiple")],
        "assessment",
        "high",
        "Older woman living alone; needs home care.",
    ),
    (
        "MOSD",
        "AM",
        "worker2.mosd.amman",
        "intake.mosd.amman",
        "9861000005",
        ("الحياري", "Al-Hiyari"),
        [
            ("عمر", "Omar", "male", 1985, R.HEAD, "none"),
            ("دانة", "Dana", "female", 1988, R.SPOUSE, "none"),
            ("كريم", "Karim", "male", 2015, R.SON, "intellectual"),
        ],
        "open",
        "medium",
        "Referred by the health centre: child with an intellectual disability.",
    ),
    (
        "MOSD",
        "AM",
        "worker2.mosd.amman",
        "intake.mosd.amman",
        "9861000006",
        ("القيسي", "Al-Qaisi"),
        [
            ("منى", "Muna", "female", 1975, R.HEAD, "none"),
            ("زيد", "Zaid", "male", 2003, R.SON, "none"),
        ],
        "closed",
        "low",
        "Temporary cash support after a fire; resolved.",
    ),
    (
        "MOSD",
        "IR",
        "worker.mosd.irbid",
        "intake.mosd.irbid",
        "9861000007",
        ("البطاينة", "Al-Btoush"),
        [
            ("حسن", "Hasan", "male", 1968, R.HEAD, "none"),
            ("نوال", "Nawal", "female", 1972, R.SPOUSE, "none"),
        ],
        "active",
        "medium",
        "Chronic illness of the breadwinner; medical costs.",
    ),
    (
        "NAF",
        "AM",
        "worker.naf.amman",
        "intake.naf.amman",
        "9861000008",
        ("الشوابكة", "Al-Shawabkeh"),
        [
            ("رائد", "Raed", "male", 1981, R.HEAD, "none"),
            ("هدى", "Huda", "female", 1986, R.SPOUSE, "none"),
            ("تالا", "Tala", "female", 2011, R.DAUGHTER, "none"),
        ],
        "active",
        "high",
        "Household below the poverty line; applying for monthly recurring aid.",
    ),
]
FATHERS = ["عبدالرحمن", "إبراهيم", "سليمان", "عيسى", "موسى", "جميل", "نايف", "صالح"]
GRANDFATHERS = ["علي", "حسين", "محمود", "أحمد", "عودة", "سالم", "مصطفى", "يوسف"]


def _user(handle: str) -> User:
    return User.objects.get(email=f"{handle}@masar.demo")


def _supervisor_of(agency: str, governorate: str) -> User:
    return User.objects.get(
        memberships__role="supervisor",
        memberships__office__agency__code=agency,
        memberships__office__governorate__code=governorate,
        memberships__office__is_head_office=False,
    )


def _register_family(index, family, intake, governorate):
    _agency, _gov, _worker, _intake, head_number, (family_ar, family_en), members, *_ = family
    people = []
    for position, (first_ar, first_en, sex, year, relationship, disability) in enumerate(members):
        if relationship in (R.SON, R.DAUGHTER):  # children carry the head's names
            father, grandfather = members[0][0], FATHERS[index % len(FATHERS)]
        else:
            father = FATHERS[(index + position) % len(FATHERS)]
            grandfather = GRANDFATHERS[(index + position) % len(GRANDFATHERS)]
        person = person_register(
            id_type=Person.IdType.NATIONAL_NUMBER,
            id_number=head_number
            if position == 0
            else f"{int(head_number) + 1000 * (position + 1)}",
            first_name_ar=first_ar,
            father_name_ar=father,
            grandfather_name_ar=grandfather,
            family_name_ar=family_ar,
            name_en=f"{first_en} {family_en}",
            birth_date=date(year, 1 + (index * 5 + position) % 12, 1 + (index * 7 + position) % 27),
            sex=sex,
            mobile=f"07{9 - position % 3}{head_number[-7:]}" if position < 2 else "",
            governorate=governorate,
            disability=disability,
            actor=intake,
        )
        people.append((person, relationship))
    household = household_create(
        head=people[0][0], governorate=governorate, address="", actor=intake
    )
    for person, relationship in people[1:]:
        household_member_add(
            household=household, person=person, relationship=relationship, actor=intake
        )
    return household, people[0][0]


def _advance(case: Case, target: str, worker: User, supervisor: User, agency: Agency) -> None:
    """Walk the case through the lifecycle up to `target`, as its worker and supervisor would."""
    if target == "open":
        return
    services.case_start_assessment(case=case, actor=worker)
    services.assessment_record(
        case=case, domain=Assessment.Domain.INCOME, need=3, notes="No regular income.", actor=worker
    )
    services.assessment_record(
        case=case, domain=Assessment.Domain.HOUSING, need=2, notes="", actor=worker
    )
    services.note_add(
        case=case,
        body="زيارة منزلية: الأسرة متعاونة والمنزل بحاجة إلى صيانة.",
        confidential=False,
        actor=worker,
    )
    if target == "assessment":
        return
    services.assessment_record(
        case=case, domain=Assessment.Domain.PROTECTION, need=2, notes="", actor=worker
    )
    services.case_start_planning(case=case, actor=worker)
    goal = services.goal_add(case=case, description="دخل شهري مستقر للأسرة", actor=worker)
    today = timezone.localdate()
    services.action_add(
        goal=goal,
        description="تقديم طلب معونة شهرية متكررة",
        due_date=today + timedelta(days=10),
        responsible_agency=Agency.objects.get(code="NAF"),
        responsible_office=None,
        pillar=Pillar.KARAMA,
        actor=worker,
    )
    services.action_add(
        goal=goal,
        description="التسجيل في برنامج تدريب مهني",
        due_date=today + timedelta(days=30),
        responsible_agency=Agency.objects.get(code="MOL"),
        responsible_office=None,
        pillar=Pillar.FORSA,
        actor=worker,
    )
    services.note_add(
        case=case, body="ملاحظة سرية: تفاصيل الوضع الصحي للأب.", confidential=True, actor=worker
    )
    if target == "planning":
        services.case_activate(case=case, actor=worker)  # critical risk: waits for the supervisor
        return
    services.case_activate(case=case, actor=worker)
    # One action fell behind, so "overdue" shows in the lists.
    overdue = PlanAction.objects.filter(goal=goal).order_by("due_date").first()
    PlanAction.objects.filter(pk=overdue.pk).update(due_date=today - timedelta(days=3))
    Case.objects.filter(pk=case.pk).update(next_action_due=today - timedelta(days=3))
    if target == "active":
        return
    services.case_request_closure(case=case, reason="Goals reached: income restored.", actor=worker)
    if target == "closure_requested":
        return
    approval = Approval.objects.get(case=case, status=Approval.Status.PENDING)
    services.approval_decide(approval=approval, approve=True, comment="", actor=supervisor)


@transaction.atomic
def seed_cases_demo() -> int:
    created = 0
    for index, family in enumerate(FAMILIES):
        (
            agency,
            gov,
            worker_handle,
            intake_handle,
            head_number,
            _names,
            _members,
            target,
            risk,
            summary,
        ) = family
        if Person.objects.filter(
            id_type=Person.IdType.NATIONAL_NUMBER, id_number=head_number
        ).exists():
            continue
        governorate = Governorate.objects.get(code=gov)
        worker, intake = _user(worker_handle), _user(intake_handle)
        supervisor = _supervisor_of(agency, gov)
        household, head = _register_family(index, family, intake, governorate)
        office = worker.memberships.get(role="social_worker").office
        case = services.case_open(
            household=household,
            primary_person=head,
            office=office,
            owner=worker,
            risk=risk,
            summary=summary,
            actor=intake,
        )
        _advance(case, target, worker, supervisor, office.agency)
        created += 1
    return created

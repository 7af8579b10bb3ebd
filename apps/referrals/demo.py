"""Demo referrals for `make run`, between the Ministry of Social Development and the National
Aid Fund in both directions, in every state a visitor should see: awaiting an answer,
information requested, accepted with a progress note, completed with an outcome, declined with
a reason, overdue, and waiting in the unrouted queue; with the consents they rest on (one made
without, with the recorded reason) and two routing rules.

Built through the services with the demo staff and cases (apps/organisations/demo.py,
apps/cases/demo.py) and the demo catalogue, so threads, timelines, clocks, notifications and
audit entries are what real use leaves. Call it after seed_organisations_demo,
seed_catalogue_demo and seed_cases_demo. Idempotent: a referral of the same case for the same
service is not made again, nor a rule that exists.

Routing is run here, as the route task would run it, so that the receiving side can act at
once; the task queued when each referral commits then finds it routed and does nothing.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from apps.cases.models import Case
from apps.catalogue.models import Service
from apps.organisations.models import Governorate, Office, User
from apps.registry import services as registry_services
from apps.registry.models import Consent, Person
from apps.registry.selectors import consent_covering
from apps.sla.models import Clock

from . import services
from .models import Referral, RoutingRule

Status = Referral.Status
OVERDUE = "overdue"  # routed, its answer clock due two hours ago


@dataclass(frozen=True)
class DemoReferral:
    sender: str  # demo staff handle (the part of the address before @masar.demo)
    person: str  # national number of the person referred, a member of the sender's case
    service: str  # slug of a demo catalogue card
    reason: str
    state: str  # a Referral.Status, or OVERDUE
    receiver: str = ""  # who answers on the receiving side
    note: str = ""  # the question, progress note, decline or completion note
    decline_reason: str = ""
    outcome: str = ""
    urgency: str = Referral.Urgency.NORMAL
    # A reason to refer without the person's consent; otherwise their consent is recorded.
    override: str = ""


REFERRALS = [
    # MoSD to the National Aid Fund ------------------------------------------------------------
    DemoReferral(
        sender="worker.mosd.amman",
        person="9861000001",
        service="naf-monthly-cash-aid",
        reason="فقد الأب عمله منذ ستة أشهر، ودخل الأسرة لا يغطي الإيجار والاحتياجات الأساسية.",
        state=Status.ACCEPTED,
        receiver="worker.naf.amman",
        note="حُدّد موعد زيارة منزلية للباحثة الاجتماعية يوم الأحد القادم للتحقق من دخل الأسرة.",
    ),
    DemoReferral(
        sender="worker.mosd.amman",
        person="9861004001",  # Layan, the daughter with a visual impairment
        service="naf-disability-care-allowance",
        reason="الابنة ليان لديها إعاقة بصرية وتحتاج إلى مخصص رعاية شهري لتغطية كلفة المتابعة.",
        state=Status.COMPLETED,
        receiver="worker.naf.amman",
        outcome=Referral.Outcome.DELIVERED,
        note="تمت الموافقة على مخصص الرعاية، ويُصرف اعتبارًا من الشهر القادم.",
    ),
    DemoReferral(
        sender="worker.mosd.amman",
        person="9861000002",
        service="naf-emergency-cash-aid",
        reason="أرملة تعيل ابنًا من ذوي الإعاقة الحركية، وتراكمت عليها فواتير علاج طارئة.",
        state=Status.ROUTED,
    ),
    DemoReferral(
        sender="worker2.mosd.amman",
        person="9861000005",
        service="naf-temporary-cash-aid",
        reason=(
            "The father's working hours were cut by half; the family needs temporary support "
            "while Karim starts at the day-care centre."
        ),
        state=Status.INFO_REQUESTED,
        receiver="supervisor.naf.amman",
        note="Please confirm the father's current monthly income and share his salary certificate.",
    ),
    DemoReferral(
        sender="worker.mosd.irbid",
        person="9861000007",
        service="naf-monthly-cash-aid",
        reason="مرض مزمن لمعيل الأسرة وتكاليف علاج مرتفعة تفوق دخلها.",
        state=Status.DECLINED,
        receiver="supervisor.naf.irbid",
        decline_reason=Referral.DeclineReason.DUPLICATE,
        note="الأسرة تتلقى المعونة الشهرية من مكتب إربد منذ العام الماضي.",
    ),
    DemoReferral(
        sender="worker.mosd.amman",
        person="9861002003",  # Rahaf, the mother
        service="naf-emergency-cash-aid",
        reason="بلاغ من المدرسة عن عنف أسري؛ الأم تحتاج إلى دعم نقدي عاجل لتأمين سكن مؤقت لها ولطفلتها.",
        state=OVERDUE,
        urgency=Referral.Urgency.URGENT,
        override="طلبت الأم المساعدة بنفسها والأب يرفض التوقيع؛ الطفلة في خطر وفق تقييم الحماية.",
    ),
    DemoReferral(
        sender="worker.mosd.amman",
        person="9861000004",
        service="naf-monthly-cash-aid",
        reason="سيدة مسنّة تعيش وحدها بلا دخل ثابت، وتحتاج إلى معونة شهرية.",
        state=Status.UNROUTED,
    ),
    # The National Aid Fund to MoSD ------------------------------------------------------------
    DemoReferral(
        sender="worker.naf.amman",
        person="9861000008",
        service="mosd-vocational-rehabilitation",
        reason="رب الأسرة عاطل عن العمل منذ عامين ويرغب في تدريب مهني يفتح له باب عمل ثابت.",
        state=Status.ROUTED,
    ),
    DemoReferral(
        sender="worker.naf.amman",
        person="9861003008",  # Tala, the daughter
        service="mosd-family-counselling",
        reason="خلافات أسرية متكررة أثّرت في تحصيل الابنة تالا الدراسي.",
        state=Status.COMPLETED,
        receiver="worker.mosd.amman",
        outcome=Referral.Outcome.OTHER,
        note="حضرت الأسرة ثلاث جلسات إرشاد، وأُحيلت الابنة إلى المرشدة المدرسية للمتابعة.",
    ),
]

# (admin, service, governorate of the person, office: (agency, governorate))
RULES = [
    ("admin.naf", "naf-disability-care-allowance", "MA", ("NAF", "IR")),
    ("admin.mosd", "mosd-elderly-home-care", "BA", ("MOSD", "AM")),
]


def _user(handle: str) -> User:
    return User.objects.get(email=f"{handle}@masar.demo")


def _office(agency: str, governorate: str) -> Office:
    return Office.objects.get(
        agency__code=agency, governorate__code=governorate, is_head_office=False
    )


def _case_of(person: Person) -> Case:
    return (
        Case.objects.filter(
            household__members__person=person, household__members__left_at__isnull=True
        )
        .exclude(status=Case.Status.CLOSED)
        .get()
    )


def _route_without(referral: Referral, offices: list[Office]) -> None:
    """Demo only: route it while these offices are closed, so that no office fits and it waits
    in the agency admin's unrouted queue (the reference data gives every agency an office in
    every governorate and a head office, so nothing else leaves a referral unrouted)."""
    ids = [office.pk for office in offices]
    Office.objects.filter(pk__in=ids).update(is_active=False)
    services.referral_route(referral_id=referral.pk)
    Office.objects.filter(pk__in=ids).update(is_active=True)


def _make_overdue(referral: Referral) -> None:
    """Demo only: its answer was due two hours ago, so the lists show an overdue referral and
    the next sweep escalates it as it would any late one. Time passing is not a service."""
    late = timezone.now() - timedelta(hours=2)
    Clock.objects.filter(
        kind=services.KIND,
        subject_id=str(referral.pk),
        purpose=services.ANSWER,
        stopped_at__isnull=True,
    ).update(due_at=late, next_escalation_at=late)


def _refer(plan: DemoReferral) -> Referral:
    sender = _user(plan.sender)
    person = Person.objects.get(id_type=Person.IdType.NATIONAL_NUMBER, id_number=plan.person)
    service = Service.objects.get(slug=plan.service)
    case = _case_of(person)
    if not plan.override and consent_covering(person=person, agency=service.agency) is None:
        registry_services.consent_give(
            person=person, purpose=Consent.Purpose.REFERRAL, agencies=[service.agency], actor=sender
        )
    referral = services.referral_create(
        case=case,
        person=person,
        service=service,
        reason=plan.reason,
        urgency=plan.urgency,
        consent_override=plan.override,
        actor=sender,
    )
    if plan.state == Status.UNROUTED:
        head = Office.objects.get(agency=service.agency, is_head_office=True)
        nearby = Office.objects.filter(
            agency=service.agency, governorate=person.governorate_id, is_head_office=False
        )
        _route_without(referral, [head, *nearby])
        return referral
    services.referral_route(referral_id=referral.pk)
    referral = Referral.objects.get(pk=referral.pk)
    if plan.state == OVERDUE:
        _make_overdue(referral)
        return referral
    if plan.state == Status.ROUTED:
        return referral
    receiver = _user(plan.receiver)
    if plan.state == Status.INFO_REQUESTED:
        services.referral_request_info(referral=referral, question=plan.note, actor=receiver)
    elif plan.state == Status.DECLINED:
        services.referral_decline(
            referral=referral, reason=plan.decline_reason, note=plan.note, actor=receiver
        )
    else:
        services.referral_accept(referral=referral, actor=receiver)
        if plan.state == Status.ACCEPTED:
            services.referral_progress(referral=referral, note=plan.note, actor=receiver)
        else:
            services.referral_complete(
                referral=referral, outcome=plan.outcome, note=plan.note, actor=receiver
            )
    return referral


@transaction.atomic
def seed_referrals_demo() -> int:
    """Returns the number of referrals this run made (0 on a second run)."""
    for admin, slug, governorate, (agency, office_governorate) in RULES:
        service = Service.objects.get(slug=slug)
        if not RoutingRule.objects.filter(service=service, governorate__code=governorate).exists():
            services.routing_rule_set(
                service=service,
                governorate=Governorate.objects.get(code=governorate),
                office=_office(agency, office_governorate),
                actor=_user(admin),
            )
    made = 0
    for plan in REFERRALS:
        person = Person.objects.get(id_type=Person.IdType.NATIONAL_NUMBER, id_number=plan.person)
        if Referral.objects.filter(person=person, service__slug=plan.service).exists():
            continue
        _refer(plan)
        made += 1
    return made

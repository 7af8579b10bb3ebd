"""Demo complaints for `make run`: the categories of the Ministry of Social Development and the
National Aid Fund, and a dozen complaints, suggestions, enquiries and compliments in the states a
visitor should see: just received, assigned, waiting for the complainant, in progress, answered
and rated 2 and 5, reopened by an unsatisfied complainant, closed, and one overdue; in Arabic and
in English, sent on the public form, by phone and at the counter.

Built through the services with the demo staff (apps/organisations/demo.py) and the demo
catalogue, so histories, deadline clocks, notifications and audit entries are what real use
leaves. The demo staff work in the Amman and Irbid offices, so each category names the office
that handles it (a real agency would more often leave it to its head office's unit). Call it
after seed_organisations_demo, seed_sla_demo and seed_catalogue_demo. Idempotent: a category of
the same Arabic name, or a complaint of the same description, is not made again.
"""

from dataclasses import dataclass, field
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from apps.catalogue.models import Service
from apps.organisations.models import Agency, Office, User
from apps.sla.models import Clock

from . import services
from .models import Complaint, ComplaintCategory

Status = Complaint.Status
Kind = Complaint.Kind
Channel = Complaint.Channel
Contact = Complaint.Contact
OVERDUE = "overdue"  # acknowledged, its answer due two hours ago

# (agency, Arabic name, English name, hours to acknowledge, days to resolve, office governorate)
CATEGORIES = [
    ("MOSD", "تأخر صرف المساعدة", "Delay in assistance payment", 7, 10, "AM"),
    ("MOSD", "سلوك الموظفين وحسن المعاملة", "Staff conduct and courtesy", 14, 10, "AM"),
    ("MOSD", "قرار أهلية غير صحيح", "Wrong eligibility decision", 14, 15, "AM"),
    (
        "MOSD",
        "سهولة وصول الأشخاص ذوي الإعاقة إلى المكاتب",
        "Office access for persons with disabilities",
        7,
        10,
        "IR",
    ),
    ("MOSD", "المواعيد وطول الانتظار", "Appointments and waiting times", 14, 5, "AM"),
    ("MOSD", "اقتراحات لتحسين الخدمات", "Ideas to improve services", 21, 15, "AM"),
    ("NAF", "تأخر صرف المعونة النقدية", "Delay in cash aid payment", 7, 5, "AM"),
    ("NAF", "إيقاف المعونة أو تخفيضها", "Aid stopped or reduced", 7, 10, "AM"),
    ("NAF", "قرار أهلية غير صحيح", "Wrong eligibility decision", 14, 15, "AM"),
    ("NAF", "سلوك الموظفين وحسن المعاملة", "Staff conduct and courtesy", 14, 10, "AM"),
    (
        "NAF",
        "سهولة وصول الأشخاص ذوي الإعاقة إلى المكاتب",
        "Office access for persons with disabilities",
        7,
        10,
        "IR",
    ),
    ("NAF", "المحفظة الإلكترونية وطرق الدفع", "E-wallets and ways of payment", 7, 5, "AM"),
]


@dataclass(frozen=True)
class DemoComplaint:
    agency: str
    category: str  # English name of one of the agency's CATEGORIES
    description: str
    state: str  # a Complaint.Status, or OVERDUE
    kind: str = Kind.COMPLAINT
    channel: str = Channel.WEB
    language: str = "ar"
    name: str = ""
    phone: str = ""
    email: str = ""
    contact: str = Contact.NONE
    service: str = ""  # slug of a demo catalogue card
    taken_by: str = ""  # demo staff handle of whoever took it by phone or at the counter
    citizen: bool = False  # sent by the demo citizen, signed in
    officer: str = ""  # the complaints officer who handles it
    assigned_by: str = ""  # who assigned it, when not the officer taking it
    about: str = ""  # demo staff handle of the employee it is about
    texts: dict = field(default_factory=dict)  # question, info, answer, comment, reason
    rating: int | None = None


COMPLAINTS = [
    DemoComplaint(
        agency="NAF",
        category="Delay in cash aid payment",
        description=(
            "لم تصلني المعونة الشهرية عن شهرين متتاليين، مع أن حالتي لم تتغير ولم يبلغني أحد "
            "بإيقافها. أعيل ثلاثة أطفال ولا دخل لي غير المعونة."
        ),
        state=Status.RECEIVED,
        name="أم خالد",
        phone="0795512340",
        contact=Contact.SMS,
        service="naf-monthly-cash-aid",
    ),
    DemoComplaint(
        agency="NAF",
        category="Aid stopped or reduced",
        description=(
            "اتصل المواطن وأفاد بأن معونته خُفضت إلى النصف هذا الشهر دون إشعار، ويطلب معرفة "
            "السبب وإعادة دراسة حالته."
        ),
        state=Status.ASSIGNED,
        channel=Channel.PHONE,
        taken_by="intake.naf.amman",
        name="محمود سالم العدوان",
        phone="0776240981",
        contact=Contact.SMS,
        service="naf-monthly-cash-aid",
        officer="complaints.naf.amman",
        assigned_by="supervisor.naf.amman",
    ),
    DemoComplaint(
        agency="NAF",
        category="Wrong eligibility decision",
        description=(
            "My application for temporary cash aid was refused because the system shows a car "
            "in my name. I sold that car in 2021 and can provide the transfer papers."
        ),
        state=Status.WAITING,
        language="en",
        name="Rami Haddad",
        email="rami.haddad@example.com",
        contact=Contact.EMAIL,
        service="naf-temporary-cash-aid",
        officer="complaints.naf.amman",
        texts={
            "question": (
                "Could you send us the vehicle transfer certificate from the Driver and Vehicle "
                "Licensing Department, or its number?"
            )
        },
    ),
    DemoComplaint(
        agency="NAF",
        category="E-wallets and ways of payment",
        description=(
            "هل يمكنني استلام المعونة عبر المحفظة الإلكترونية بدل الحضور إلى البنك؟ أسكن في "
            "منطقة بعيدة والمواصلات مكلفة."
        ),
        state=Status.CLOSED,
        kind=Kind.ENQUIRY,
        name="سهى الرواشدة",
        phone="0787301122",
        contact=Contact.SMS,
        officer="complaints.naf.amman",
        texts={
            "answer": (
                "نعم، يمكنك ذلك. افتحي محفظة إلكترونية لدى أي مزوّد معتمد باسمك ورقمك الوطني، "
                "ثم أرسلي رقمها عبر تطبيق الصندوق، وتُحوّل المعونة إليها ابتداءً من الدفعة التالية."
            ),
            "comment": "شكرًا على سرعة الرد والشرح الواضح.",
        },
        rating=5,
    ),
    DemoComplaint(
        agency="NAF",
        category="Staff conduct and courtesy",
        description=(
            "راجعت مكتب عمّان لتحديث بياناتي، فرفض الموظف استلام أوراقي وطلب مني العودة بعد "
            "أسبوع دون سبب، وكان أسلوبه غير لائق أمام المراجعين."
        ),
        state=Status.ASSIGNED,
        channel=Channel.WALK_IN,
        taken_by="intake.naf.amman",
        name="نادية يوسف",
        phone="0799087654",
        contact=Contact.SMS,
        officer="complaints.naf.amman",
        assigned_by="supervisor.naf.amman",
        about="worker.naf.amman",
    ),
    DemoComplaint(
        agency="NAF",
        category="Office access for persons with disabilities",
        description=(
            "The Irbid office has no ramp at its entrance and the lift has been out of order "
            "for weeks. My father uses a wheelchair and could not reach the first floor."
        ),
        state=Status.IN_PROGRESS,
        channel=Channel.WALK_IN,
        taken_by="intake.naf.irbid",
        language="en",
        name="Hadeel Obeidat",
        phone="0785566778",
        contact=Contact.SMS,
        officer="complaints.naf.irbid",
    ),
    DemoComplaint(
        agency="MOSD",
        category="Delay in assistance payment",
        description=(
            "وُعدت بصرف مساعدة طارئة بعد احتراق منزلي قبل شهر، وما زلت أنتظر. راجعت المديرية "
            "ثلاث مرات وفي كل مرة يُقال لي إن المعاملة قيد التدقيق."
        ),
        state=Status.RESOLVED,
        citizen=True,
        phone="0791112233",
        contact=Contact.SMS,
        officer="complaints.mosd.amman",
        texts={
            "answer": (
                "نعتذر عن التأخير. اكتمل تدقيق معاملتك وصدرت الموافقة، وستُصرف المساعدة خلال "
                "عشرة أيام عمل."
            ),
            "comment": "الرد جاء متأخرًا ولم يحدد موعدًا دقيقًا للصرف.",
        },
        rating=2,
    ),
    DemoComplaint(
        agency="MOSD",
        category="Staff conduct and courtesy",
        description=(
            "أغلقت الباحثة الاجتماعية ملف أسرتي دون زيارة منزلية، وكتبت في التقرير أن زوجي "
            "يعمل وهو عاطل عن العمل منذ سنة."
        ),
        state=Status.REOPENED,
        name="عبير المومني",
        phone="0777123987",
        contact=Contact.SMS,
        officer="complaints.mosd.amman",
        texts={
            "answer": "راجعنا الملف وتبيّن أن الإغلاق تم وفق الإجراءات المعتمدة.",
            "reason": (
                "لم يراجع أحد وضعنا الفعلي، والتقرير ما زال يقول إن زوجي يعمل. أطلب زيارة منزلية."
            ),
        },
    ),
    DemoComplaint(
        agency="MOSD",
        category="Ideas to improve services",
        description=(
            "It would help families a lot if appointments at the directorates could be booked "
            "online, with a text message the day before, instead of queuing from early morning."
        ),
        state=Status.CLOSED,
        kind=Kind.SUGGESTION,
        language="en",
        email="sami.khoury@example.com",
        contact=Contact.EMAIL,
        officer="complaints.mosd.amman",
        texts={
            "answer": (
                "Thank you. Online booking is being built for the Amman directorates this year, "
                "and we have passed on your idea of a reminder the day before."
            )
        },
    ),
    DemoComplaint(
        agency="MOSD",
        category="Staff conduct and courtesy",
        description=(
            "أشكر موظفة الاستقبال في مديرية تنمية إربد على صبرها ومساعدتها لوالدتي المسنّة في "
            "تعبئة الطلب، فقد عاملتها باحترام كبير."
        ),
        state=Status.CLOSED,
        kind=Kind.COMPLIMENT,
        name="أحمد بني هاني",
        officer="complaints.mosd.amman",
        texts={"answer": "شكرًا لكلماتك الطيبة، وقد أبلغنا الموظفة ومديرها بها."},
    ),
    DemoComplaint(
        agency="MOSD",
        category="Wrong eligibility decision",
        description=(
            "رُفض طلب ابني للالتحاق بمركز التأهيل المهني بحجة تجاوز العمر، مع أن عمره 24 سنة "
            "والحد المعلن 25 سنة."
        ),
        state=OVERDUE,
        name="خالد الزعبي",
        phone="0796543210",
        contact=Contact.SMS,
        service="mosd-vocational-rehabilitation",
        officer="complaints.mosd.amman",
    ),
    DemoComplaint(
        agency="MOSD",
        category="Office access for persons with disabilities",
        description=("هل توفر مديرية تنمية إربد مترجم لغة إشارة؟ أحتاج إلى مراجعتها مع أخي الأصم."),
        state=Status.RECEIVED,
        kind=Kind.ENQUIRY,
        name="رؤى الشياب",
        email="ruaa.shiyab@example.com",
        contact=Contact.EMAIL,
    ),
]


def _user(handle: str) -> User:
    return User.objects.get(email=f"{handle}@masar.demo")


def _categories() -> dict[tuple[str, str], ComplaintCategory]:
    found = {}
    for agency_code, name_ar, name_en, hours, days, governorate in CATEGORIES:
        agency = Agency.objects.get(code=agency_code)
        category = ComplaintCategory.objects.filter(agency=agency, name_ar=name_ar).first()
        if category is None:
            category = services.complaint_category_save(
                agency=agency,
                name_ar=name_ar,
                name_en=name_en,
                acknowledge_hours=hours,
                resolve_days=days,
                office=Office.objects.get(
                    agency=agency, governorate__code=governorate, is_head_office=False
                ),
                actor=_user(f"admin.{agency_code.lower()}"),
            )
        found[(agency_code, name_en)] = category
    return found


def _make_overdue(complaint: Complaint) -> None:
    """Demo only: its answer was due two hours ago, so the queue shows an overdue complaint and
    the next sweep escalates it as it would any late one. Time passing is not a service."""
    late = timezone.now() - timedelta(hours=2)
    Clock.objects.filter(
        kind=services.KIND,
        subject_id=str(complaint.pk),
        purpose=services.RESOLVE,
        stopped_at__isnull=True,
    ).update(due_at=late, next_escalation_at=late)
    Complaint.objects.filter(pk=complaint.pk).update(due_at=late)


def _fresh(complaint: Complaint) -> Complaint:
    return Complaint.objects.select_related("category", "agency", "office", "assigned_to").get(
        pk=complaint.pk
    )


def _file(plan: DemoComplaint, category: ComplaintCategory) -> Complaint:
    citizen = _user("citizen") if plan.citizen else None
    complaint = services.complaint_submit(
        agency=category.agency,
        category=category,
        kind=plan.kind,
        description=plan.description,
        channel=plan.channel,
        service=Service.objects.get(slug=plan.service) if plan.service else None,
        complainant=services.Complainant(
            name=plan.name or (citizen.full_name if citizen else ""),
            phone=plan.phone,
            email=plan.email,
            contact=plan.contact,
            language=plan.language,
            user=citizen,
        ),
        named_employee=_user(plan.about) if plan.about else None,
        actor=_user(plan.taken_by) if plan.taken_by else citizen,
    )
    if plan.state == Status.RECEIVED:
        return complaint
    officer = _user(plan.officer)
    if plan.assigned_by:
        services.complaint_assign(
            complaint=complaint, officer=officer, actor=_user(plan.assigned_by)
        )
    else:
        services.complaint_take(complaint=complaint, actor=officer)
    complaint = _fresh(complaint)
    if plan.state == Status.ASSIGNED:
        return complaint
    if plan.state == Status.WAITING:
        services.complaint_request_info(
            complaint=complaint, question=plan.texts["question"], actor=officer
        )
        return complaint
    services.complaint_acknowledge(complaint=complaint, actor=officer)
    if plan.state in (Status.IN_PROGRESS, OVERDUE):
        if plan.state == OVERDUE:
            _make_overdue(complaint)
        return complaint
    services.complaint_resolve(
        complaint=_fresh(complaint), response=plan.texts["answer"], actor=officer
    )
    if plan.rating is not None:
        services.complaint_rate(
            complaint=_fresh(complaint), rating=plan.rating, comment=plan.texts.get("comment", "")
        )
    if plan.state == Status.REOPENED:
        services.complaint_reopen(complaint=_fresh(complaint), reason=plan.texts["reason"])
    elif plan.state == Status.CLOSED:
        services.complaint_close(complaint=_fresh(complaint), actor=officer)
    return complaint


@transaction.atomic
def seed_complaints_demo() -> int:
    """Returns the number of complaints this run made (0 on a second run)."""
    categories = _categories()
    made = 0
    for plan in COMPLAINTS:
        if Complaint.objects.filter(description=plan.description).exists():
            continue
        _file(plan, categories[(plan.agency, plan.category)])
        made += 1
    return made

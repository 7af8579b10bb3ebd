"""Demo applications for `make run`: the demo citizen (citizen@masar.demo, README) applies online
for demo catalogue cards in every state a visitor should see: a draft, submitted, under review,
waiting for the information the office asked for, approved and joined to the household's open
case, rejected with a reason and its explanation, fulfilled, and withdrawn; mostly in Arabic, one
in English.

The citizen gives the national and mobile numbers of a registry person of the demo households
(apps/cases/demo.py: سعاد, mother of أحمد in the Al-Abdallah household of Amman, whose case is
active), so the applications are matched and an approval joins that case. Made through the
services with small PDF and PNG files drawn in memory, so histories, decision clocks,
notifications and audit entries are what real use leaves. The National Aid Fund's and MoSD's
Amman demo staff review them. Call it after seed_cases_demo. Idempotent: an application of the
citizen for the same card with the same form is not made again.
"""

import struct
import zlib
from dataclasses import dataclass

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from apps.catalogue.models import Service
from apps.organisations.models import User

from . import services
from .models import Application

Status = Application.Status
Reason = Application.RejectionReason

# سعاد العبدالله (apps/cases/demo.py, the first family): national number and mobile on file.
ID_NUMBER = "9861002001"
MOBILE = "0781000001"


@dataclass(frozen=True)
class DemoApplication:
    service: str  # slug of a demo catalogue card that can be applied for online
    state: str  # the Application.Status it is left in
    details: str  # the form's "why are you applying?", which also tells the plans apart
    household_size: int = 4
    reviewer: str = ""  # demo staff handle of the social worker who takes it
    texts: dict | None = None  # question, answer, note, reason


APPLICATIONS = [
    DemoApplication(
        service="zakat-student-support",
        state=Status.DRAFT,
        details="ابني أحمد طالب في الصف الحادي عشر ويحتاج إلى رسوم الدروس والكتب.",
    ),
    DemoApplication(
        service="hcd-disability-card",
        state=Status.SUBMITTED,
        details="ابنتي ليان لديها إعاقة بصرية وتحتاج إلى بطاقة تعريفية لتحصل على الإعفاءات.",
    ),
    DemoApplication(
        service="naf-takaful",
        state=Status.UNDER_REVIEW,
        details="دخل زوجي من العمل اليومي غير منتظم ولا يكفي لمصاريف الأسرة.",
        reviewer="worker.naf.amman",
    ),
    DemoApplication(
        service="naf-disability-care-allowance",
        state=Status.INFO_REQUESTED,
        details="ابنتي ليان تحتاج إلى رعاية يومية بسبب إعاقتها البصرية.",
        reviewer="worker.naf.amman",
        texts={
            "question": (
                "يرجى إرفاق تقرير اللجنة الطبية الصادر خلال آخر ستة أشهر، فالتقرير المرفق "
                "صادر عام 2022."
            )
        },
    ),
    DemoApplication(
        service="naf-monthly-cash-aid",
        state=Status.APPROVED,
        details="فقد زوجي عمله في المصنع منذ أربعة أشهر، وعلينا إيجار متأخر.",
        reviewer="worker.naf.amman",
        texts={
            "question": "يرجى إرفاق إفادة من الضمان الاجتماعي بانتهاء عمل الزوج.",
            "answer": "أرفقت الإفادة من الضمان الاجتماعي، وتاريخ انتهاء العمل فيها واضح.",
        },
    ),
    DemoApplication(
        service="mosd-nursery-licence",
        state=Status.REJECTED,
        details=(
            "I would like to open a small home nursery for six children in our neighbourhood "
            "of Marka."
        ),
        reviewer="worker2.mosd.amman",
        texts={
            "note": (
                "A nursery needs premises of its own that meet the safety requirements; a room "
                "in a family home cannot be licensed. You are welcome to apply again once you "
                "have suitable premises."
            )
        },
    ),
    DemoApplication(
        service="naf-temporary-cash-aid",
        state=Status.FULFILLED,
        details="احترق جزء من منزلنا وتلفت الأثاث والملابس، ونحتاج إلى مساعدة عاجلة.",
        household_size=4,
        reviewer="worker.naf.amman",
        texts={"note": "صُرفت المعونة المؤقتة إلى المحفظة الإلكترونية للمستفيدة."},
    ),
    DemoApplication(
        service="zakat-monthly-support",
        state=Status.WITHDRAWN,
        details="نحتاج إلى دعم شهري إلى أن يجد زوجي عملًا.",
        texts={"reason": "وافق صندوق المعونة الوطنية على المعونة الشهرية، فلم أعد بحاجة إليه."},
    ),
]


def _user(handle: str) -> User:
    return User.objects.get(email=f"{handle}@masar.demo")


def pdf_file(name: str) -> SimpleUploadedFile:
    """A one-page PDF of a few hundred bytes, made in memory."""
    stream = b"BT /F1 12 Tf 72 720 Td (Masar demo document) Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    body, offsets = b"%PDF-1.4\n", []
    for number, content in enumerate(objects, start=1):
        offsets.append(len(body))
        body += b"%d 0 obj\n%s\nendobj\n" % (number, content)
    xref = len(body)
    body += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    body += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    body += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return SimpleUploadedFile(name, body, content_type="application/pdf")


def png_file(name: str) -> SimpleUploadedFile:
    """A small grey PNG (a scanned page stands in), made in memory."""
    width, height = 40, 56

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    rows = b"".join(b"\x00" + b"\xc8" * width for _ in range(height))
    content = (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )
    return SimpleUploadedFile(name, content, content_type="image/png")


def _documents(application: Application, citizen: User, *, all_of_them: bool = True) -> None:
    required = list(application.service.documents.order_by("position", "pk"))
    for n, document in enumerate(required if all_of_them else required[:1]):
        upload = pdf_file(f"document-{n + 1}.pdf") if n % 2 == 0 else png_file(f"scan-{n + 1}.png")
        services.application_document_add(
            application=application, upload=upload, required_document=document, actor=citizen
        )


def _fresh(application: Application) -> Application:
    return Application.objects.select_related("service", "applicant", "office", "person").get(
        pk=application.pk
    )


def _apply(plan: DemoApplication, citizen: User) -> Application:
    texts = plan.texts or {}
    application = services.application_create(
        service=Service.objects.get(slug=plan.service),
        form_data={"household_size": plan.household_size, "details": plan.details},
        id_number=ID_NUMBER,
        mobile=MOBILE,
        actor=citizen,
    )
    if plan.state == Status.DRAFT:
        _documents(application, citizen, all_of_them=False)
        return application
    _documents(application, citizen)
    services.application_submit(application=_fresh(application), actor=citizen)
    if plan.state == Status.SUBMITTED:
        return application
    if plan.state == Status.WITHDRAWN:
        services.application_withdraw(
            application=_fresh(application), reason=texts.get("reason", ""), actor=citizen
        )
        return application
    reviewer = _user(plan.reviewer)
    services.application_assign(application=_fresh(application), reviewer=reviewer, actor=reviewer)
    if "question" in texts:
        services.application_request_info(
            application=_fresh(application), question=texts["question"], actor=reviewer
        )
        if plan.state == Status.INFO_REQUESTED:
            return application
        services.application_document_add(
            application=_fresh(application),
            upload=pdf_file("social-security-statement.pdf"),
            title="إفادة الضمان الاجتماعي",
            actor=citizen,
        )
        services.application_answer_info(
            application=_fresh(application), answer=texts.get("answer", ""), actor=citizen
        )
    if plan.state == Status.UNDER_REVIEW:
        return application
    if plan.state == Status.REJECTED:
        services.application_reject(
            application=_fresh(application),
            reason=Reason.OTHER,
            note=texts["note"],
            actor=reviewer,
        )
        return application
    services.application_approve(application=_fresh(application), actor=reviewer)
    if plan.state == Status.FULFILLED:
        services.application_fulfil(
            application=_fresh(application), note=texts.get("note", ""), actor=reviewer
        )
    return application


@transaction.atomic
def seed_applications_demo() -> int:
    """Returns the number of applications this run made (0 on a second run)."""
    citizen = _user("citizen")
    made = 0
    for plan in APPLICATIONS:
        if Application.objects.filter(
            applicant=citizen, service__slug=plan.service, form_data__details=plan.details
        ).exists():
            continue
        _apply(plan, citizen)
        made += 1
    return made

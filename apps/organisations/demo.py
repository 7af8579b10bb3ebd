"""Demo staff for `make run`: every role in MoSD and NAF, agency admins, oversight, a citizen.

Idempotent: a second run changes nothing that the first made.
"""

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import translation

from apps.organisations.models import Agency, Governorate, Membership, Office, User
from apps.organisations.reference import load_reference_data

Role = Membership.Role

DEMO_PASSWORD = "Masar-demo-2026"  # noqa: S105 - documented demo credential, never in production
# Base32 secret of every demo staff member's authenticator; add it to any TOTP app (README).
DEMO_TOTP_SECRET = "MASARDEMOJORDAN2026SOCIALSERVICE"  # noqa: S105 - documented demo value

# (agency, governorate, role, email, name, language)
DEMO_STAFF = [
    ("MOSD", "AM", Role.INTAKE_OFFICER, "intake.mosd.amman@masar.demo", "رنا محمود الخطيب", "ar"),
    ("MOSD", "AM", Role.SOCIAL_WORKER, "worker.mosd.amman@masar.demo", "سلمى خالد العبادي", "ar"),
    (
        "MOSD",
        "AM",
        Role.SOCIAL_WORKER,
        "worker2.mosd.amman@masar.demo",
        "Omar Hasan Al-Zoubi",
        "en",
    ),
    ("MOSD", "AM", Role.SUPERVISOR, "supervisor.mosd.amman@masar.demo", "هالة يوسف الحسن", "ar"),
    (
        "MOSD",
        "AM",
        Role.COMPLAINTS_OFFICER,
        "complaints.mosd.amman@masar.demo",
        "باسل عماد النسور",
        "ar",
    ),
    ("MOSD", "IR", Role.INTAKE_OFFICER, "intake.mosd.irbid@masar.demo", "ديما فراس الشرع", "ar"),
    ("MOSD", "IR", Role.SOCIAL_WORKER, "worker.mosd.irbid@masar.demo", "محمد علي البطاينة", "ar"),
    ("MOSD", "IR", Role.SUPERVISOR, "supervisor.mosd.irbid@masar.demo", "نور سامي العمري", "ar"),
    (
        "MOSD",
        "IR",
        Role.COMPLAINTS_OFFICER,
        "complaints.mosd.irbid@masar.demo",
        "أحمد زياد الروسان",
        "ar",
    ),
    ("NAF", "AM", Role.INTAKE_OFFICER, "intake.naf.amman@masar.demo", "لينا حسين القضاة", "ar"),
    ("NAF", "AM", Role.SOCIAL_WORKER, "worker.naf.amman@masar.demo", "يزن طارق المجالي", "ar"),
    (
        "NAF",
        "AM",
        Role.SUPERVISOR,
        "supervisor.naf.amman@masar.demo",
        "Maha Saleh Al-Khawaldeh",
        "en",
    ),
    (
        "NAF",
        "AM",
        Role.COMPLAINTS_OFFICER,
        "complaints.naf.amman@masar.demo",
        "فادي نبيل الطراونة",
        "ar",
    ),
    ("NAF", "IR", Role.INTAKE_OFFICER, "intake.naf.irbid@masar.demo", "هبة عادل الزعبي", "ar"),
    ("NAF", "IR", Role.SOCIAL_WORKER, "worker.naf.irbid@masar.demo", "عبدالله رائد الخصاونة", "ar"),
    ("NAF", "IR", Role.SUPERVISOR, "supervisor.naf.irbid@masar.demo", "سناء إبراهيم الربضي", "ar"),
    (
        "NAF",
        "IR",
        Role.COMPLAINTS_OFFICER,
        "complaints.naf.irbid@masar.demo",
        "خالد منير العزام",
        "ar",
    ),
    ("MOSD", None, Role.AGENCY_ADMIN, "admin.mosd@masar.demo", "ريم جمال الفايز", "ar"),
    ("NAF", None, Role.AGENCY_ADMIN, "admin.naf@masar.demo", "Tariq Nasser Haddad", "en"),
    ("MOSD", None, Role.OVERSIGHT, "oversight@masar.demo", "منى عيسى الحديد", "ar"),
]
DEMO_CITIZEN = ("citizen@masar.demo", "أم أحمد - فاطمة سعيد العلي", "ar")
DEMO_SUPERUSER = ("admin@masar.demo", "مدير النظام", "ar")


def _user(email, name, language, password) -> User:
    user, _ = User.objects.get_or_create(
        email=email, defaults={"full_name": name, "language": language, "password": password}
    )
    EmailAddress.objects.get_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    return user


def _second_factor(user: User) -> None:
    if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
        TOTP.activate(user, DEMO_TOTP_SECRET)


@transaction.atomic
def seed_organisations_demo() -> None:
    load_reference_data(Governorate, Agency, Office)
    password = make_password(DEMO_PASSWORD)
    for agency_code, governorate, role, email, name, language in DEMO_STAFF:
        user = _user(email, name, language, password)
        where = (
            {"governorate__code": governorate, "is_head_office": False}
            if governorate
            else {"is_head_office": True}
        )
        office = Office.objects.get(agency__code=agency_code, **where)
        Membership.objects.get_or_create(user=user, office=office, role=role)
        _second_factor(user)
    superuser = _user(*DEMO_SUPERUSER, password)
    if not superuser.is_superuser:
        User.objects.filter(pk=superuser.pk).update(is_staff=True, is_superuser=True)
    _second_factor(superuser)
    _user(*DEMO_CITIZEN, password)


def sign_in_list() -> str:
    lines = ["Demo sign-ins (password for all: " + DEMO_PASSWORD + "):"]
    with translation.override("en"):  # a terminal reads left to right
        for agency, governorate, role, email, _name, _language in DEMO_STAFF:
            where = f"{agency} {governorate or 'head office'}"
            lines.append(f"  {Role(role).label:<22} {where:<16} {email}")
    lines.append(f"  {'Citizen':<22} {'':<16} {DEMO_CITIZEN[0]}")
    lines.append(f"  {'Django admin':<22} {'':<16} {DEMO_SUPERUSER[0]}")
    lines.append(
        f"Second factor for staff: a TOTP app with the secret {DEMO_TOTP_SECRET}, "
        "or the development-only code 123456."
    )
    return "\n".join(lines)

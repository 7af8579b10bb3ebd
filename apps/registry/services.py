import re
import unicodedata
from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.audit.services import Action, audit_record
from apps.core.references import new_reference
from apps.core.text import ascii_digits, normalise_mobile
from apps.organisations.models import Agency, Governorate, User

from .models import Consent, Household, HouseholdMember, Person

Relationship = HouseholdMember.Relationship

_NATIONAL_NUMBER = re.compile(r"[0-9]{10}")
# Personal numbers, UNHCR case numbers (123-12C12345) and passports: Latin letters, digits, - and /.
_OTHER_ID = re.compile(r"[A-Z0-9][A-Z0-9/-]{2,29}")
OLDEST_BIRTH_YEAR = 1900
DUPLICATE_ID = "duplicate_id"


def normalise_id_number(text: str) -> str:
    """An ID number as stored: ASCII digits, upper case, without spaces or invisible marks."""
    return "".join(
        ch
        for ch in ascii_digits(text or "")
        if not ch.isspace() and unicodedata.category(ch) != "Cf"
    ).upper()


def _field_error(field: str, message: str, code: str) -> ValidationError:
    """A ValidationError on one field, keeping its code (a dict of plain messages drops it)."""
    return ValidationError({field: ValidationError(message, code=code)})


def check_id_number(id_type: str, id_number: str) -> None:
    if id_type == Person.IdType.NATIONAL_NUMBER:
        if not _NATIONAL_NUMBER.fullmatch(id_number):
            raise _field_error("id_number", _("A national number is exactly 10 digits."), "invalid")
    elif not _OTHER_ID.fullmatch(id_number):
        raise _field_error(
            "id_number",
            _(
                "Write the ID number as it appears on the document: 3 to 30 Latin letters and "
                "digits (dashes and slashes allowed)."
            ),
            "invalid",
        )


def check_birth_date(birth_date: date) -> None:
    if birth_date > timezone.localdate():
        raise _field_error("birth_date", _("The date of birth cannot be in the future."), "future")
    if birth_date.year < OLDEST_BIRTH_YEAR:
        raise _field_error(
            "birth_date", _("Check the date of birth: the year is too far in the past."), "too_old"
        )


def check_mobile(mobile: str) -> str:
    """The mobile number in E.164, "" when none is given; a ValidationError if it is not one."""
    if not (mobile or "").strip():
        return ""
    e164 = normalise_mobile(mobile)
    if e164 is None:
        raise _field_error(
            "mobile",
            _("This is not a Jordanian mobile number. Write it as 07XXXXXXXX or +9627XXXXXXXX."),
            "invalid",
        )
    return e164


def _duplicate_id_error() -> ValidationError:
    return _field_error(
        "id_number",
        _("A person with this ID type and number is already registered."),
        DUPLICATE_ID,
    )


def _tidy(text: str) -> str:
    return " ".join((text or "").split())


def _agencies_of(user: User) -> list[int]:
    return list(
        Agency.objects.filter(offices__memberships__user=user, offices__memberships__is_active=True)
        .values_list("pk", flat=True)
        .distinct()
    )


@transaction.atomic
def person_register(
    *,
    id_type: str,
    id_number: str,
    first_name_ar: str,
    father_name_ar: str,
    grandfather_name_ar: str,
    family_name_ar: str,
    name_en: str,
    birth_date: date,
    sex: str,
    mobile: str,
    governorate: Governorate,
    disability: str,
    actor: User,
) -> Person:
    """Register a person; the agencies the actor works for hold the record from now on.

    An exact ID match is refused (ValidationError with code DUPLICATE_ID on `id_number`); close
    name matches are the caller's to warn about (selectors.duplicate_candidates) before calling.
    """
    id_number = normalise_id_number(id_number)
    check_id_number(id_type, id_number)
    check_birth_date(birth_date)
    e164 = check_mobile(mobile)
    if Person.objects.filter(id_type=id_type, id_number=id_number).exists():
        raise _duplicate_id_error()
    person = Person(
        id_type=id_type,
        id_number=id_number,
        first_name_ar=_tidy(first_name_ar),
        father_name_ar=_tidy(father_name_ar),
        grandfather_name_ar=_tidy(grandfather_name_ar),
        family_name_ar=_tidy(family_name_ar),
        name_en=_tidy(name_en),
        birth_date=birth_date,
        sex=sex,
        mobile=e164,
        governorate=governorate,
        disability=disability,
        created_by=actor,
    )
    try:
        # Two desks registering the same ID at once: the unique constraint decides.
        with transaction.atomic():
            person.save()
    except IntegrityError as error:
        raise _duplicate_id_error() from error
    person.agencies.add(*_agencies_of(actor))
    audit_record(actor=actor, action=Action.CREATE, obj=person)
    return person


def _lock(person: Person) -> HouseholdMember | None:
    """Lock the person's row (serialising moves between households); their current membership."""
    Person.objects.select_for_update().filter(pk=person.pk).first()
    return (
        HouseholdMember.objects.select_related("household")
        .filter(person=person, left_at__isnull=True)
        .first()
    )


def _end(membership: HouseholdMember | None) -> None:
    if membership is not None:
        HouseholdMember.objects.filter(pk=membership.pk, left_at__isnull=True).update(
            left_at=timezone.now()
        )


@transaction.atomic
def household_create(
    *, head: Person, governorate: Governorate, address: str, actor: User
) -> Household:
    """A new household headed by `head`, who leaves any household they belonged to.

    Someone who already heads a household cannot start another one: that is almost always a
    second submission of the same form, and would leave the first household without a head.
    """
    current = _lock(head)
    if current is not None and current.relationship == Relationship.HEAD:
        raise ValidationError(
            _("This person already heads household %(reference)s.")
            % {"reference": current.household.reference},
            code="already_head",
        )
    household = Household.objects.create(
        reference=new_reference("H", Household),
        governorate=governorate,
        address=_tidy(address),
        created_by=actor,
    )
    _end(current)
    HouseholdMember.objects.create(household=household, person=head, relationship=Relationship.HEAD)
    audit_record(actor=actor, action=Action.CREATE, obj=household)
    return household


@transaction.atomic
def household_member_add(
    *, household: Household, person: Person, relationship: str, actor: User
) -> HouseholdMember:
    """Add a person to a household, ending (and keeping as history) their current membership."""
    Household.objects.select_for_update().filter(pk=household.pk).first()
    current = _lock(person)
    if current is not None and current.household_id == household.pk:
        raise ValidationError(
            _("This person is already a member of this household."), code="already_member"
        )
    if (
        relationship == Relationship.HEAD
        and HouseholdMember.objects.filter(
            household=household, relationship=Relationship.HEAD, left_at__isnull=True
        ).exists()
    ):
        raise ValidationError(
            _("This household already has a head. Choose another relationship."),
            code="second_head",
        )
    _end(current)
    member = HouseholdMember.objects.create(
        household=household, person=person, relationship=relationship
    )
    audit_record(actor=actor, action=Action.UPDATE, obj=household, detail="member added")
    return member


@transaction.atomic
def consent_give(*, person: Person, purpose: str, agencies: list[Agency], actor: User) -> Consent:
    """Record a consent. The same consent recorded twice (a double submission) is refused."""
    agency_ids = {agency.pk for agency in agencies}
    if not agency_ids:
        raise _field_error(
            "agencies", _("Choose at least one agency the consent covers."), "required"
        )
    Person.objects.select_for_update().filter(pk=person.pk).first()
    active = Consent.objects.filter(person=person, purpose=purpose, withdrawn_at__isnull=True)
    covered = set(
        Consent.agencies.through.objects.filter(consent__in=active).values_list(
            "agency_id", flat=True
        )
    )
    if agency_ids <= covered:
        raise ValidationError(
            _("This consent is already recorded for these agencies."), code="already_given"
        )
    consent = Consent.objects.create(person=person, purpose=purpose, recorded_by=actor)
    consent.agencies.set(agency_ids)
    audit_record(actor=actor, action=Action.CREATE, obj=consent, detail=purpose)
    return consent


@transaction.atomic
def consent_withdraw(*, consent: Consent, actor: User) -> Consent:
    # Guarded update: a double click or a second tab withdraws once.
    withdrawn = Consent.objects.filter(pk=consent.pk, withdrawn_at__isnull=True).update(
        withdrawn_at=timezone.now(), withdrawn_by=actor
    )
    if not withdrawn:
        raise ValidationError(_("This consent was already withdrawn."), code="already_withdrawn")
    consent.refresh_from_db(fields=["withdrawn_at", "withdrawn_by"])
    audit_record(actor=actor, action=Action.TRANSITION, obj=consent, detail="withdrawn")
    return consent


@transaction.atomic
def person_share_with_agency(*, person: Person, agency: Agency, actor: User | None = None) -> None:
    """Let `agency` hold the record of `person` and of their household's current members.

    Called when the agency takes up the household (a case is opened or transferred to it).
    Idempotent: people the agency already holds are left as they are.
    """
    household_ids = HouseholdMember.objects.filter(person=person, left_at__isnull=True).values(
        "household_id"
    )
    people = set(
        HouseholdMember.objects.filter(
            household_id__in=household_ids, left_at__isnull=True
        ).values_list("person_id", flat=True)
    ) | {person.pk}
    Holding = Person.agencies.through
    held = set(
        Holding.objects.filter(person_id__in=people, agency=agency).values_list(
            "person_id", flat=True
        )
    )
    new = sorted(people - held)
    Holding.objects.bulk_create(
        [Holding(person_id=pk, agency=agency) for pk in new], ignore_conflicts=True
    )
    for pk in new:
        audit_record(
            actor=actor,
            action=Action.UPDATE,
            object_type=Person._meta.label_lower,
            object_id=str(pk),
            detail=f"shared with agency {agency.code}",
        )

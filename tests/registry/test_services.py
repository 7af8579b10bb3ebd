"""apps/registry/services.py: registering people, households, members and consents."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from apps.audit.models import AuditEvent
from apps.core import references
from apps.organisations.models import Membership
from apps.registry import services
from apps.registry.models import Consent, Household, HouseholdMember, Person
from tests.organisations.factories import MembershipFactory, office
from tests.registry.factories import PersonFactory, agency, governorate, household_of

Role = Membership.Role
Relationship = HouseholdMember.Relationship
Purpose = Consent.Purpose


def register(actor, **overrides) -> Person:
    data = {
        "id_type": Person.IdType.NATIONAL_NUMBER,
        "id_number": "9861234567",
        "first_name_ar": "فاطمة",
        "father_name_ar": "يوسف",
        "grandfather_name_ar": "حسن",
        "family_name_ar": "العمري",
        "name_en": "Fatima Yousef Hasan Al-Omari",
        "birth_date": datetime.date(1986, 3, 14),
        "sex": Person.Sex.FEMALE,
        "mobile": "0791234567",
        "governorate": governorate("AM"),
        "disability": Person.Disability.NONE,
        "actor": actor,
    }
    return services.person_register(**(data | overrides))


def events(obj) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(object_type=obj._meta.label_lower, object_id=str(obj.pk)))


# person_register --------------------------------------------------------------------------------


def test_registering_a_person(social_worker):
    person = register(
        social_worker,
        id_number=" ٩٨٦ ١٢٣ ٤٥٦٧ ",
        mobile="٠٧٩-١٢٣-٤٥٦٧",
        name_en="  Fatima   Al-Omari ",
    )

    person.refresh_from_db()
    assert person.id_number == "9861234567"
    assert person.mobile == "+962791234567"
    assert person.name_en == "Fatima Al-Omari"
    assert person.full_name_ar == "فاطمة يوسف حسن العمري"
    assert person.search_name == "فاطمه يوسف حسن العمري fatima al-omari"
    assert person.created_by == social_worker
    assert list(person.agencies.values_list("code", flat=True)) == ["MOSD"]


def test_registering_writes_an_audit_event_without_personal_data(social_worker):
    person = register(social_worker)

    [event] = events(person)
    assert (event.actor, event.action) == (social_worker, AuditEvent.Action.CREATE)
    assert event.detail == ""
    assert person.id_number not in str(event) and person.first_name_ar not in str(event)


def test_the_record_is_held_by_every_agency_the_actor_works_for(social_worker):
    MembershipFactory(user=social_worker, office=office("NAF", "IR"), role=Role.INTAKE_OFFICER)
    MembershipFactory(
        user=social_worker, office=office("ZAKAT", "AM"), role=Role.SOCIAL_WORKER, is_active=False
    )

    person = register(social_worker)

    assert sorted(person.agencies.values_list("code", flat=True)) == ["MOSD", "NAF"]


def test_a_mobile_number_is_optional(social_worker):
    assert register(social_worker, mobile="").mobile == ""
    assert register(social_worker, id_number="9861234568", mobile="   ").mobile == ""


@pytest.mark.parametrize(
    "id_number", ["986123456", "98612345678", "98612345A7", "٩٨٦١٢٣٤٥٦", "", "986-123-4567"]
)
def test_a_national_number_is_exactly_ten_digits(social_worker, id_number):
    with pytest.raises(ValidationError) as raised:
        register(social_worker, id_number=id_number)

    assert raised.value.message_dict == {"id_number": ["A national number is exactly 10 digits."]}
    assert not Person.objects.exists()


def test_other_ids_are_stored_in_capitals_without_spaces(social_worker):
    passport = register(social_worker, id_type=Person.IdType.PASSPORT, id_number="n 123 456 7")
    unhcr = register(social_worker, id_type=Person.IdType.UNHCR, id_number="123-15c ٠٠٤٥٦")

    assert passport.id_number == "N1234567"
    assert unhcr.id_number == "123-15C00456"


@pytest.mark.parametrize("id_number", ["ن١٢٣٤٥", "A", "AB", "A" * 31, "N12#45"])
def test_other_ids_must_look_like_a_document_number(social_worker, id_number):
    with pytest.raises(ValidationError) as raised:
        register(social_worker, id_type=Person.IdType.PASSPORT, id_number=id_number)

    assert list(raised.value.message_dict) == ["id_number"]
    assert not Person.objects.exists()


def test_a_birth_date_in_the_future_is_refused(social_worker):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)

    with pytest.raises(ValidationError) as raised:
        register(social_worker, birth_date=tomorrow)

    assert raised.value.message_dict == {
        "birth_date": ["The date of birth cannot be in the future."]
    }
    assert not Person.objects.exists()


def test_a_baby_born_today_can_be_registered(social_worker):
    assert register(social_worker, birth_date=timezone.localdate()).pk


def test_a_birth_date_before_1900_is_refused(social_worker):
    with pytest.raises(ValidationError) as raised:
        register(social_worker, birth_date=datetime.date(1899, 12, 31))

    assert list(raised.value.message_dict) == ["birth_date"]


@pytest.mark.parametrize("mobile", ["065555555", "12345", "call me", "+447911123456"])
def test_an_unparseable_mobile_number_is_refused(social_worker, mobile):
    with pytest.raises(ValidationError) as raised:
        register(social_worker, mobile=mobile)

    assert list(raised.value.message_dict) == ["mobile"]
    assert not Person.objects.exists()


def test_an_exact_id_match_is_refused(social_worker, other_agency_worker):
    first = register(social_worker)

    with pytest.raises(ValidationError) as raised:
        register(other_agency_worker, id_number="986 123 4567", first_name_ar="أحمد")

    assert raised.value.error_dict["id_number"][0].code == services.DUPLICATE_ID
    assert list(Person.objects.all()) == [first]
    assert list(first.agencies.values_list("code", flat=True)) == ["MOSD"]


def test_the_same_number_under_another_id_type_is_another_person(social_worker):
    register(social_worker, id_type=Person.IdType.PERSONAL_NUMBER, id_number="9861234567")

    assert register(social_worker).pk
    assert Person.objects.count() == 2


# household_create -----------------------------------------------------------------------------


def test_creating_a_household(social_worker):
    head = PersonFactory()

    household = services.household_create(
        head=head, governorate=governorate("IR"), address=" الحي الشرقي ", actor=social_worker
    )

    assert references.normalise(household.reference) == household.reference
    assert household.reference.startswith("H-")
    assert (household.governorate.code, household.address) == ("IR", "الحي الشرقي")
    assert household.created_by == social_worker
    [member] = household.members.all()
    assert (member.person, member.relationship, member.left_at) == (head, Relationship.HEAD, None)
    [event] = events(household)
    assert (event.actor, event.action, event.detail) == (
        social_worker,
        AuditEvent.Action.CREATE,
        "",
    )


def test_the_head_leaves_the_household_they_belonged_to(social_worker):
    parent, son = PersonFactory(), PersonFactory()
    parents_home = household_of(parent, (son, Relationship.SON))

    own_home = services.household_create(
        head=son, governorate=governorate(), address="", actor=social_worker
    )

    history = HouseholdMember.objects.filter(person=son).order_by("joined_at")
    assert [(m.household, m.relationship) for m in history] == [
        (parents_home, Relationship.SON),
        (own_home, Relationship.HEAD),
    ]
    assert history[0].left_at is not None and history[1].left_at is None
    assert parents_home.members.filter(left_at__isnull=True).get().person == parent


def test_someone_who_heads_a_household_cannot_start_another(social_worker):
    head = PersonFactory()
    first = services.household_create(
        head=head, governorate=governorate(), address="", actor=social_worker
    )

    # A double submission of the same form.
    with pytest.raises(ValidationError) as raised:
        services.household_create(
            head=head, governorate=governorate(), address="", actor=social_worker
        )

    assert raised.value.messages == [f"This person already heads household {first.reference}."]
    assert list(Household.objects.all()) == [first]
    assert HouseholdMember.objects.get(person=head).left_at is None


# household_member_add -------------------------------------------------------------------------


def test_adding_a_member(social_worker):
    head, wife = PersonFactory(), PersonFactory()
    household = household_of(head)

    member = services.household_member_add(
        household=household, person=wife, relationship=Relationship.SPOUSE, actor=social_worker
    )

    assert (member.household, member.person, member.relationship) == (
        household,
        wife,
        Relationship.SPOUSE,
    )
    assert household.members.filter(left_at__isnull=True).count() == 2
    [event] = events(household)
    assert (event.action, event.detail) == (AuditEvent.Action.UPDATE, "member added")


def test_a_member_who_moves_keeps_their_history(social_worker):
    father, daughter, husband = PersonFactory(), PersonFactory(), PersonFactory()
    childhood = household_of(father, (daughter, Relationship.DAUGHTER))
    marriage = household_of(husband)

    services.household_member_add(
        household=marriage, person=daughter, relationship=Relationship.SPOUSE, actor=social_worker
    )

    old, new = HouseholdMember.objects.filter(person=daughter).order_by("joined_at")
    assert (old.household, old.relationship) == (childhood, Relationship.DAUGHTER)
    assert old.left_at is not None
    assert (new.household, new.relationship, new.left_at) == (
        marriage,
        Relationship.SPOUSE,
        None,
    )


def test_adding_a_current_member_again_changes_nothing(social_worker):
    head, son = PersonFactory(), PersonFactory()
    household = household_of(head, (son, Relationship.SON))

    with pytest.raises(ValidationError) as raised:
        services.household_member_add(
            household=household, person=son, relationship=Relationship.SON, actor=social_worker
        )

    assert raised.value.messages == ["This person is already a member of this household."]
    assert HouseholdMember.objects.filter(person=son).count() == 1
    assert not events(household)


def test_a_household_has_one_head(social_worker):
    head, other = PersonFactory(), PersonFactory()
    household = household_of(head)

    with pytest.raises(ValidationError) as raised:
        services.household_member_add(
            household=household, person=other, relationship=Relationship.HEAD, actor=social_worker
        )

    assert raised.value.messages == [
        "This household already has a head. Choose another relationship."
    ]
    assert not HouseholdMember.objects.filter(person=other).exists()


def test_a_household_whose_head_left_takes_a_new_head(social_worker):
    widow, son = PersonFactory(), PersonFactory()
    household = household_of(widow, (son, Relationship.SON))
    HouseholdMember.objects.filter(person=widow).update(left_at=timezone.now())

    services.household_member_add(
        household=household,
        person=PersonFactory(),
        relationship=Relationship.HEAD,
        actor=social_worker,
    )

    assert (
        household.members.filter(left_at__isnull=True, relationship=Relationship.HEAD).count() == 1
    )


# consent_give / consent_withdraw --------------------------------------------------------------


def test_giving_consent(social_worker):
    person = PersonFactory(agencies=["MOSD"])

    consent = services.consent_give(
        person=person,
        purpose=Purpose.DATA_SHARING,
        agencies=[agency("NAF"), agency("ZAKAT")],
        actor=social_worker,
    )

    assert (consent.person, consent.purpose, consent.recorded_by) == (
        person,
        Purpose.DATA_SHARING,
        social_worker,
    )
    assert sorted(consent.agencies.values_list("code", flat=True)) == ["NAF", "ZAKAT"]
    assert consent.is_active
    [event] = events(consent)
    assert (event.action, event.detail) == (AuditEvent.Action.CREATE, "data_sharing")


def test_a_consent_covers_at_least_one_agency(social_worker):
    with pytest.raises(ValidationError) as raised:
        services.consent_give(
            person=PersonFactory(), purpose=Purpose.REFERRAL, agencies=[], actor=social_worker
        )

    assert list(raised.value.message_dict) == ["agencies"]
    assert not Consent.objects.exists()


def test_the_same_consent_recorded_twice_is_recorded_once(social_worker):
    person = PersonFactory()
    services.consent_give(
        person=person, purpose=Purpose.REFERRAL, agencies=[agency("NAF")], actor=social_worker
    )

    with pytest.raises(ValidationError) as raised:
        services.consent_give(
            person=person, purpose=Purpose.REFERRAL, agencies=[agency("NAF")], actor=social_worker
        )

    assert raised.value.messages == ["This consent is already recorded for these agencies."]
    assert Consent.objects.count() == 1


def test_a_consent_for_another_agency_or_purpose_is_a_new_consent(social_worker):
    person = PersonFactory()
    services.consent_give(
        person=person, purpose=Purpose.REFERRAL, agencies=[agency("NAF")], actor=social_worker
    )

    services.consent_give(
        person=person,
        purpose=Purpose.REFERRAL,
        agencies=[agency("NAF"), agency("ZAKAT")],
        actor=social_worker,
    )
    services.consent_give(
        person=person, purpose=Purpose.DATA_SHARING, agencies=[agency("NAF")], actor=social_worker
    )

    assert Consent.objects.count() == 3


def test_withdrawing_consent(social_worker, supervisor):
    consent = services.consent_give(
        person=PersonFactory(),
        purpose=Purpose.DATA_SHARING,
        agencies=[agency("NAF")],
        actor=social_worker,
    )

    services.consent_withdraw(consent=consent, actor=supervisor)

    consent.refresh_from_db()
    assert not consent.is_active
    assert consent.withdrawn_by == supervisor
    assert [e.action for e in events(consent)] == [
        AuditEvent.Action.TRANSITION,
        AuditEvent.Action.CREATE,
    ]


def test_withdrawing_twice_has_one_effect(social_worker, supervisor):
    consent = services.consent_give(
        person=PersonFactory(),
        purpose=Purpose.DATA_SHARING,
        agencies=[agency("NAF")],
        actor=social_worker,
    )
    services.consent_withdraw(consent=consent, actor=social_worker)
    consent.refresh_from_db()
    first = consent.withdrawn_at

    with pytest.raises(ValidationError) as raised:
        services.consent_withdraw(consent=consent, actor=supervisor)

    assert raised.value.messages == ["This consent was already withdrawn."]
    consent.refresh_from_db()
    assert (consent.withdrawn_at, consent.withdrawn_by) == (first, social_worker)
    assert len(events(consent)) == 2


def test_a_withdrawn_consent_can_be_given_again(social_worker):
    person = PersonFactory()
    consent = services.consent_give(
        person=person, purpose=Purpose.DATA_SHARING, agencies=[agency("NAF")], actor=social_worker
    )
    services.consent_withdraw(consent=consent, actor=social_worker)

    again = services.consent_give(
        person=person, purpose=Purpose.DATA_SHARING, agencies=[agency("NAF")], actor=social_worker
    )

    assert again.is_active and again.pk != consent.pk


# person_share_with_agency ---------------------------------------------------------------------


def test_sharing_a_person_shares_their_current_household(social_worker):
    head = PersonFactory(agencies=["MOSD"])
    wife, son, moved_out = (PersonFactory(agencies=["MOSD"]) for _ in range(3))
    household_of(head, (wife, Relationship.SPOUSE), (son, Relationship.SON))
    household_of(moved_out)
    HouseholdMember.objects.create(
        household=head.household_memberships.get().household,
        person=moved_out,
        relationship=Relationship.SON,
        left_at=timezone.now(),
    )
    stranger = PersonFactory(agencies=["MOSD"])

    services.person_share_with_agency(person=son, agency=agency("NAF"))

    naf = set(Person.objects.filter(agencies__code="NAF"))
    assert naf == {head, wife, son}
    assert set(head.agencies.values_list("code", flat=True)) == {"MOSD", "NAF"}
    assert "NAF" not in moved_out.agencies.values_list("code", flat=True)
    assert "NAF" not in stranger.agencies.values_list("code", flat=True)
    audit = AuditEvent.objects.filter(detail="shared with agency NAF")
    assert sorted(int(e.object_id) for e in audit) == sorted(p.pk for p in (head, wife, son))


def test_sharing_a_person_without_a_household(social_worker):
    person = PersonFactory(agencies=["MOSD"])

    services.person_share_with_agency(person=person, agency=agency("ZAKAT"), actor=social_worker)

    assert set(person.agencies.values_list("code", flat=True)) == {"MOSD", "ZAKAT"}
    assert AuditEvent.objects.get(object_id=str(person.pk)).actor == social_worker


def test_sharing_again_changes_nothing(db):
    head = PersonFactory(agencies=["MOSD"])
    household_of(head, (PersonFactory(), Relationship.SPOUSE))
    services.person_share_with_agency(person=head, agency=agency("NAF"))

    services.person_share_with_agency(person=head, agency=agency("NAF"))
    services.person_share_with_agency(person=head, agency=agency("MOSD"))

    assert Person.agencies.through.objects.filter(agency__code="NAF").count() == 2
    assert AuditEvent.objects.filter(detail="shared with agency NAF").count() == 2
    assert AuditEvent.objects.filter(detail="shared with agency MOSD").count() == 1

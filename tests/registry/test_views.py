"""The registry's staff pages: search, registration, person and household pages, consents."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape

from apps.audit.models import AuditEvent
from apps.registry import services
from apps.registry.models import Consent, Household, HouseholdMember, Person
from tests.registry.factories import PersonFactory, agency, governorate, household_of

Relationship = HouseholdMember.Relationship
Purpose = Consent.Purpose
ALLOWED = ["intake_officer", "social_worker", "supervisor"]
REFUSED = ["citizen", "agency_admin"]


def url(name: str, *args, language: str = "en", **query) -> str:
    with translation.override(language):
        path = reverse(f"registry:{name}", args=args)
    if query:
        path += "?" + "&".join(f"{key}={value}" for key, value in query.items())
    return path


def login_url(language: str = "en") -> str:
    with translation.override(language):
        return reverse("account_login")


def page(response) -> str:
    return response.content.decode()


def person_form(**overrides) -> dict:
    data = {
        "id_type": Person.IdType.NATIONAL_NUMBER,
        "id_number": "9861234567",
        "first_name_ar": "فاطمة",
        "father_name_ar": "يوسف",
        "grandfather_name_ar": "حسن",
        "family_name_ar": "العمري",
        "name_en": "Fatima Al-Omari",
        "birth_date": "1986-03-14",
        "sex": Person.Sex.FEMALE,
        "mobile": "079 123 4567",
        "governorate": governorate("AM").pk,
        "disability": Person.Disability.NONE,
    }
    return data | overrides


@pytest.fixture
def person(db):
    """Someone MoSD holds, head of a household."""
    person = PersonFactory(
        first_name_ar="أحمد",
        father_name_ar="محمد",
        grandfather_name_ar="علي",
        family_name_ar="الخطيب",
        name_en="Ahmad Al-Khatib",
        id_number="9791234567",
        agencies=["MOSD"],
    )
    household_of(person)
    return person


@pytest.fixture
def household(person):
    return person.household_memberships.get().household


@pytest.fixture
def naf_person(db):
    """Someone only NAF holds, head of a household."""
    person = PersonFactory(id_number="9797777777", agencies=["NAF"])
    household_of(person)
    return person


@pytest.fixture
def consent(person, social_worker):
    return services.consent_give(
        person=person, purpose=Purpose.REFERRAL, agencies=[agency("ZAKAT")], actor=social_worker
    )


def get_pages(person, household) -> list[str]:
    return [
        url("search"),
        url("search", q="الخطيب"),
        url("person_create"),
        url("person_detail", person.pk),
        url("household_create", head=person.pk),
        url("household_detail", household.pk),
        url("household_member_add", household.pk),
    ]


# Who may open what ------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ALLOWED)
def test_registry_staff_open_every_page(persona, request, client_for, person, household):
    client = client_for(request.getfixturevalue(persona))
    for path in get_pages(person, household):
        assert client.get(path).status_code == 200, path


@pytest.mark.parametrize("persona", REFUSED)
def test_other_users_are_refused_every_page(
    persona, request, client_for, person, household, consent
):
    client = client_for(request.getfixturevalue(persona))
    for path in get_pages(person, household):
        assert client.get(path).status_code == 403, path
    assert client.post(url("consent_give", person.pk), {}).status_code == 403
    assert client.post(url("consent_withdraw", consent.pk)).status_code == 403
    assert Consent.objects.get().is_active


def test_anonymous_visitors_are_sent_to_sign_in(anonymous_client, person, household, consent):
    for path in [
        *get_pages(person, household),
        url("consent_give", person.pk),
        url("consent_withdraw", consent.pk),
    ]:
        response = anonymous_client.get(path)
        assert response.status_code == 302, path
        assert response.url.startswith(f"{login_url()}?next="), path


def test_the_pages_open_in_arabic(social_worker, client_for, person, household):
    client = client_for(social_worker)
    for path in [
        url("search", language="ar"),
        url("person_detail", person.pk, language="ar"),
        url("household_detail", household.pk, language="ar"),
        url("person_create", language="ar"),
    ]:
        response = client.get(path)
        assert response.status_code == 200
        assert '<html lang="ar" dir="rtl">' in page(response)


def test_consent_forms_accept_only_post(social_worker, client_for, person, consent):
    client = client_for(social_worker)
    assert client.get(url("consent_give", person.pk)).status_code == 405
    assert client.get(url("consent_withdraw", consent.pk)).status_code == 405


def test_people_and_households_of_another_agency_answer_404(
    other_agency_worker, client_for, person, household, consent
):
    client = client_for(other_agency_worker)
    for path in [
        url("person_detail", person.pk),
        url("household_detail", household.pk),
        url("household_member_add", household.pk),
        url("household_create", head=person.pk),
        url("person_create", household=household.pk, relationship="son"),
    ]:
        assert client.get(path).status_code == 404, path
    assert client.post(url("household_member_add", household.pk), {}).status_code == 404
    response = client.post(
        url("consent_give", person.pk),
        {"purpose": Purpose.DATA_SHARING, "agencies": [agency("NAF").pk]},
    )
    assert response.status_code == 404
    assert client.post(url("consent_withdraw", consent.pk)).status_code == 404
    assert Consent.objects.get().is_active and Consent.objects.count() == 1


def test_a_refused_record_is_audited_without_leaking_it(other_agency_worker, client_for, person):
    response = client_for(other_agency_worker).get(url("person_detail", person.pk))

    assert response.status_code == 404
    assert person.family_name_ar not in page(response)
    event = AuditEvent.objects.get(action=AuditEvent.Action.ACCESS_DENIED)
    assert (event.actor, event.object_type, event.object_id) == (
        other_agency_worker,
        "registry.person",
        str(person.pk),
    )


def test_a_record_that_does_not_exist_answers_404(social_worker, client_for, db):
    client = client_for(social_worker)
    assert client.get(url("person_detail", 999999)).status_code == 404
    assert client.get(url("household_detail", 999999)).status_code == 404
    assert client.get(url("person_detail", 99999999999999999999)).status_code == 404
    assert client.get(url("household_create", head="x")).status_code == 404
    assert client.get(url("household_create")).status_code == 404
    assert client.get(url("person_create", household="abc", relationship="son")).status_code == 404


# Search -----------------------------------------------------------------------------------------


def test_search_shows_people_and_their_household(social_worker, client_for, person, household):
    response = client_for(social_worker).get(url("search", q="0" + person.mobile[4:]))

    assert response.status_code == 200
    assert person.full_name_ar in page(response)
    assert url("person_detail", person.pk) in page(response)
    assert household.reference in page(response)


def test_search_by_household_number(social_worker, client_for, household):
    response = client_for(social_worker).get(url("search", q=household.reference.lower()))

    assert response.context["results"].households == [household]
    assert url("household_detail", household.pk) in page(response)


def test_search_says_when_nothing_matches(social_worker, client_for, naf_person):
    response = client_for(social_worker).get(url("search", q=naf_person.id_number))

    assert response.context["results"].people == []
    assert naf_person.family_name_ar not in page(response)
    assert "No person you may see matches" in page(response)


def test_search_takes_a_bounded_number_of_queries(
    social_worker, client_for, django_assert_max_num_queries
):
    for index in range(25):
        household_of(
            PersonFactory(
                family_name_ar="الخطيب", id_number=f"97900000{index:02d}", agencies=["MOSD"]
            )
        )
    client = client_for(social_worker)
    client.get(url("search"))  # the session's first visit also stores the idle clock

    with django_assert_max_num_queries(7):
        response = client.get(url("search", q="الخطيب"))

    assert len(response.context["results"].people) == 25


# Registration -----------------------------------------------------------------------------------


def test_registering_a_person(intake_officer, client_for, db):
    response = client_for(intake_officer).post(url("person_create"), person_form())

    person = Person.objects.get()
    assert response.status_code == 302
    assert response.url == url("person_detail", person.pk)
    assert (person.id_number, person.mobile) == ("9861234567", "+962791234567")
    assert list(person.agencies.values_list("code", flat=True)) == ["MOSD"]


def test_the_registration_form_starts_in_the_users_governorate(other_agency_worker, client_for):
    response = client_for(other_agency_worker).get(url("person_create"))

    assert response.context["form"].initial["governorate"] == governorate("IR").pk


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("id_number", "12345", "A national number is exactly 10 digits."),
        ("id_number", "98612345AB", "A national number is exactly 10 digits."),
        ("birth_date", "2999-01-01", "The date of birth cannot be in the future."),
        ("birth_date", "14/03/86x", "Enter a valid date."),
        ("mobile", "06 555 5555", "This is not a Jordanian mobile number."),
        ("mobile", "phone me", "This is not a Jordanian mobile number."),
        ("first_name_ar", "", "This field is required."),
        ("governorate", "999", "Select a valid choice."),
        ("sex", "other", "Select a valid choice."),
    ],
)
def test_bad_input_is_refused_with_a_message(field, value, message, intake_officer, client_for):
    response = client_for(intake_officer).post(url("person_create"), person_form(**{field: value}))

    assert response.status_code == 200
    errors = response.context["form"].errors[field]
    assert any(error.startswith(message) for error in errors), errors
    assert escape(errors[0]) in page(response)
    assert not Person.objects.exists()


def test_a_registered_id_is_refused_with_a_link_to_the_record(intake_officer, client_for, person):
    response = client_for(intake_officer).post(
        url("person_create"), person_form(id_number="979 123 4567")
    )

    assert response.status_code == 200
    assert response.context["existing_visible"] is True
    assert url("person_detail", person.pk) in page(response)
    assert Person.objects.count() == 1


def test_an_id_registered_by_another_agency_is_refused_without_a_link(
    intake_officer, client_for, naf_person
):
    response = client_for(intake_officer).post(
        url("person_create"), person_form(id_number=naf_person.id_number)
    )

    assert response.status_code == 200
    assert "already registered" in page(response)
    assert url("person_detail", naf_person.pk) not in page(response)
    assert "The record is held by another agency" in page(response)
    assert Person.objects.count() == 1


def test_a_double_submitted_registration_registers_once(intake_officer, client_for, db):
    client = client_for(intake_officer)

    first = client.post(url("person_create"), person_form())
    second = client.post(url("person_create"), person_form())

    assert first.status_code == 302
    assert second.status_code == 200
    assert "already registered" in page(second)
    assert Person.objects.count() == 1


def test_a_close_match_warns_then_registers_when_confirmed(
    intake_officer, client_for, person, naf_person
):
    # The same name as a visible person, spelt differently, born the same day; and the same
    # name and birthday as someone only NAF holds.
    Person.objects.filter(pk=naf_person.pk).update(
        first_name_ar="احمد", search_name=person.search_name, birth_date=person.birth_date
    )
    data = person_form(
        first_name_ar="احمد",
        father_name_ar="محمد",
        grandfather_name_ar="على",
        family_name_ar="الخطيب",
        name_en="",
        birth_date=person.birth_date.isoformat(),
    )
    client = client_for(intake_officer)

    warned = client.post(url("person_create"), data)

    assert warned.status_code == 200
    # Equally close: the earlier registration first.
    assert warned.context["candidates"] == [(person, True), (naf_person, False)]
    content = page(warned)
    assert "This person may already be registered" in content
    assert url("person_detail", person.pk) in content
    assert url("person_detail", naf_person.pk) not in content
    assert 'name="register_anyway"' in content
    assert Person.objects.count() == 2

    confirmed = client.post(url("person_create"), data | {"register_anyway": "on"})

    assert confirmed.status_code == 302
    assert Person.objects.count() == 3


def test_without_a_close_match_there_is_no_warning(intake_officer, client_for, person):
    response = client_for(intake_officer).get(url("person_create"))

    assert 'name="register_anyway"' not in page(response)


def test_registering_straight_into_a_household(intake_officer, client_for, household):
    response = client_for(intake_officer).post(
        url("person_create", household=household.pk, relationship="daughter"), person_form()
    )

    new = Person.objects.get(id_number="9861234567")
    assert response.status_code == 302
    assert response.url == url("household_detail", household.pk)
    membership = new.household_memberships.get()
    assert (membership.household, membership.relationship) == (household, Relationship.DAUGHTER)


def test_registering_a_second_head_into_a_household_saves_nothing(
    intake_officer, client_for, household
):
    response = client_for(intake_officer).post(
        url("person_create", household=household.pk, relationship="head"), person_form()
    )

    assert response.status_code == 200
    assert "This household already has a head." in page(response)
    assert not Person.objects.filter(id_number="9861234567").exists()


def test_registering_into_a_household_needs_a_relationship(intake_officer, client_for, household):
    response = client_for(intake_officer).get(url("person_create", household=household.pk))

    assert response.status_code == 302
    assert response.url == url("household_member_add", household.pk)


def test_the_member_form_passes_the_id_on_to_registration(intake_officer, client_for, household):
    response = client_for(intake_officer).get(
        url(
            "person_create",
            household=household.pk,
            relationship="son",
            id_type="passport",
            id_number="N1234567",
        )
    )

    assert response.context["form"].initial["id_number"] == "N1234567"
    assert response.context["household"] == household


# The person page --------------------------------------------------------------------------------


def test_the_person_page(social_worker, client_for, person, household, consent):
    response = client_for(social_worker).get(url("person_detail", person.pk))

    content = page(response)
    assert person.full_name_ar in content
    assert person.name_en in content
    assert household.reference in content
    assert agency("ZAKAT").name_en in content
    assert url("consent_withdraw", consent.pk) in content
    assert url("consent_give", person.pk) in content


def test_reading_a_person_is_audited(social_worker, client_for, person):
    client_for(social_worker).get(url("person_detail", person.pk), REMOTE_ADDR="10.1.2.3")

    event = AuditEvent.objects.get(action=AuditEvent.Action.VIEW)
    assert (event.actor, event.object_type, event.object_id, event.ip_address) == (
        social_worker,
        "registry.person",
        str(person.pk),
        "10.1.2.3",
    )
    assert event.detail == ""


def test_the_person_page_shows_earlier_households(social_worker, client_for, person, household):
    new_home = household_of(PersonFactory(agencies=["MOSD"]))
    HouseholdMember.objects.filter(person=person).update(left_at=timezone.now())
    HouseholdMember.objects.create(
        household=new_home, person=person, relationship=Relationship.SPOUSE
    )

    response = client_for(social_worker).get(url("person_detail", person.pk))

    assert response.context["current"].household == new_home
    assert [m.household for m in response.context["past"]] == [household]


def test_the_person_page_takes_a_bounded_number_of_queries(
    social_worker, client_for, person, django_assert_max_num_queries
):
    for code in ["NAF", "ZAKAT", "HCD"]:
        services.consent_give(
            person=person, purpose=Purpose.REFERRAL, agencies=[agency(code)], actor=social_worker
        )
        services.consent_give(
            person=person,
            purpose=Purpose.DATA_SHARING,
            agencies=[agency(code), agency("MOH")],
            actor=social_worker,
        )
    for _ in range(3):
        home = household_of(PersonFactory())
        HouseholdMember.objects.filter(person=person, left_at__isnull=True).update(
            left_at=timezone.now()
        )
        HouseholdMember.objects.create(household=home, person=person, relationship="son")
    client = client_for(social_worker)
    client.get(url("search"))

    with django_assert_max_num_queries(12):
        response = client.get(url("person_detail", person.pk))

    assert len(response.context["past"]) == 3


# Consents ---------------------------------------------------------------------------------------


def test_giving_consent(social_worker, client_for, person):
    response = client_for(social_worker).post(
        url("consent_give", person.pk),
        {"purpose": Purpose.DATA_SHARING, "agencies": [agency("NAF").pk, agency("ZAKAT").pk]},
        follow=True,
    )

    consent = Consent.objects.get()
    assert sorted(consent.agencies.values_list("code", flat=True)) == ["NAF", "ZAKAT"]
    assert response.redirect_chain == [(url("person_detail", person.pk), 302)]
    assert "The consent was recorded." in page(response)


def test_a_consent_without_agencies_is_refused_with_a_message(social_worker, client_for, person):
    response = client_for(social_worker).post(
        url("consent_give", person.pk), {"purpose": Purpose.DATA_SHARING}, follow=True
    )

    assert "Choose at least one agency the consent covers." in page(response)
    assert not Consent.objects.exists()


def test_a_double_submitted_consent_is_recorded_once(social_worker, client_for, person):
    client = client_for(social_worker)
    data = {"purpose": Purpose.REFERRAL, "agencies": [agency("NAF").pk]}

    client.post(url("consent_give", person.pk), data)
    response = client.post(url("consent_give", person.pk), data, follow=True)

    assert "This consent is already recorded for these agencies." in page(response)
    assert Consent.objects.count() == 1


def test_withdrawing_consent_twice_has_one_effect(social_worker, supervisor, client_for, consent):
    client_for(social_worker).post(url("consent_withdraw", consent.pk))
    response = client_for(supervisor).post(url("consent_withdraw", consent.pk), follow=True)

    consent.refresh_from_db()
    assert consent.withdrawn_by == social_worker
    assert "This consent was already withdrawn." in page(response)
    assert AuditEvent.objects.filter(action=AuditEvent.Action.TRANSITION).count() == 1


def test_withdrawing_the_consent_that_gave_access_leaves_the_record(
    social_worker, other_agency_worker, client_for, person
):
    consent = services.consent_give(
        person=person, purpose=Purpose.DATA_SHARING, agencies=[agency("NAF")], actor=social_worker
    )
    client = client_for(other_agency_worker)
    assert client.get(url("person_detail", person.pk)).status_code == 200

    response = client.post(url("consent_withdraw", consent.pk), follow=True)

    assert response.redirect_chain == [(url("search"), 302)]
    assert "no longer has access" in page(response)
    assert client.get(url("person_detail", person.pk)).status_code == 404


# Households -------------------------------------------------------------------------------------


def test_creating_a_household(intake_officer, client_for, db):
    head = PersonFactory(agencies=["MOSD"])

    response = client_for(intake_officer).post(
        url("household_create", head=head.pk),
        {"governorate": governorate("ZA").pk, "address": "الزرقاء الجديدة"},
    )

    household = Household.objects.get()
    assert response.status_code == 302
    assert response.url == url("household_detail", household.pk)
    assert household.members.get().person == head


def test_a_double_submitted_household_is_created_once(intake_officer, client_for, db):
    head = PersonFactory(agencies=["MOSD"])
    client = client_for(intake_officer)
    data = {"governorate": governorate("AM").pk, "address": ""}

    client.post(url("household_create", head=head.pk), data)
    response = client.post(url("household_create", head=head.pk), data)

    assert response.status_code == 200
    assert "This person already heads household" in page(response)
    assert Household.objects.count() == 1


def test_the_household_page(social_worker, client_for, person, household):
    wife = PersonFactory(first_name_ar="سلمى", agencies=["MOSD"])
    secret = PersonFactory(first_name_ar="ضحى", family_name_ar="البدور", agencies=["NAF"])
    gone = PersonFactory(first_name_ar="رامي", agencies=["MOSD"])
    HouseholdMember.objects.create(household=household, person=wife, relationship="spouse")
    HouseholdMember.objects.create(household=household, person=secret, relationship="mother")
    HouseholdMember.objects.create(
        household=household, person=gone, relationship="son", left_at=timezone.now()
    )

    response = client_for(social_worker).get(url("household_detail", household.pk))

    content = page(response)
    assert person.full_name_ar in content and wife.full_name_ar in content
    assert "البدور" not in content  # a member whose record MoSD does not hold
    assert "A member whose record your agency does not hold" in content
    assert [m.person for m, _ in response.context["past"]] == [gone]
    event = AuditEvent.objects.get(action=AuditEvent.Action.VIEW)
    assert (event.object_type, event.object_id) == ("registry.household", str(household.pk))


def test_the_household_page_takes_a_bounded_number_of_queries(
    social_worker, client_for, household, django_assert_max_num_queries
):
    for index in range(8):
        HouseholdMember.objects.create(
            household=household,
            person=PersonFactory(agencies=["MOSD"] if index % 2 else ["NAF"]),
            relationship="son",
            left_at=timezone.now() if index % 3 == 0 else None,
        )
    client = client_for(social_worker)
    client.get(url("search"))

    with django_assert_max_num_queries(10):
        response = client.get(url("household_detail", household.pk))

    assert len(response.context["members"]) == 1 + 5


def test_adding_a_registered_person_by_id(intake_officer, client_for, household):
    wife = PersonFactory(id_number="9861112223", agencies=["MOSD"])

    response = client_for(intake_officer).post(
        url("household_member_add", household.pk),
        {"relationship": "spouse", "id_type": "national_number", "id_number": "٩٨٦١١١٢٢٢٣"},
    )

    assert response.status_code == 302
    assert response.url == url("household_detail", household.pk)
    assert wife.household_memberships.get().household == household


def test_adding_someone_not_found_offers_to_register_them(
    intake_officer, client_for, household, naf_person
):
    response = client_for(intake_officer).post(
        url("household_member_add", household.pk),
        {"relationship": "son", "id_type": "national_number", "id_number": naf_person.id_number},
    )

    assert response.status_code == 200
    assert "No one with this ID is registered in the records you can see." in page(response)
    register = response.context["register_url"]
    assert register.startswith(url("person_create") + "?")
    assert f"household={household.pk}" in register and "relationship=son" in register
    assert not HouseholdMember.objects.filter(household=household, person=naf_person).exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"relationship": "son", "id_number": "123"}, "A national number is exactly 10 digits."),
        ({"relationship": "", "id_number": "9791234567"}, "This field is required."),
        ({"relationship": "son", "id_number": "9791234567"}, "already a member of this household"),
        ({"relationship": "head", "id_number": "9861112223"}, "already has a head"),
    ],
)
def test_adding_a_member_refuses_bad_input(data, message, intake_officer, client_for, household):
    PersonFactory(id_number="9861112223", agencies=["MOSD"])
    before = list(HouseholdMember.objects.values_list("pk", "left_at"))

    response = client_for(intake_officer).post(
        url("household_member_add", household.pk), {"id_type": "national_number"} | data
    )

    assert response.status_code == 200
    assert message in page(response)
    assert list(HouseholdMember.objects.values_list("pk", "left_at")) == before


def test_dates_are_iso_in_the_date_input(intake_officer, client_for, db):
    response = client_for(intake_officer).post(
        url("person_create"), person_form(mobile="bad", birth_date=datetime.date(1986, 3, 14))
    )

    assert 'value="1986-03-14"' in page(response)

"""apps/registry/selectors.py: who sees whom, duplicates and search."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from apps.organisations.models import Membership
from apps.registry import selectors, services
from apps.registry.models import Consent, HouseholdMember
from tests.organisations.factories import staff
from tests.registry.factories import PersonFactory, agency, household_of

Role = Membership.Role
Relationship = HouseholdMember.Relationship
Purpose = Consent.Purpose
BORN = datetime.date(1979, 5, 2)


def visible(user) -> set:
    return set(selectors.people_visible_to(user))


# people_visible_to ------------------------------------------------------------------------------


def test_staff_see_the_people_their_agency_holds(social_worker, supervisor, other_agency_worker):
    mosd, naf, both = (
        PersonFactory(agencies=["MOSD"]),
        PersonFactory(agencies=["NAF"]),
        PersonFactory(agencies=["MOSD", "NAF"]),
    )
    PersonFactory()  # held by no agency

    assert visible(social_worker) == {mosd, both}
    assert visible(supervisor) == {mosd, both}
    assert visible(other_agency_worker) == {naf, both}


def test_a_person_registered_by_mosd_is_seen_by_naf_only_while_consent_lasts(
    social_worker, other_agency_worker
):
    person = services.person_register(
        id_type="national_number",
        id_number="9791234567",
        first_name_ar="أحمد",
        father_name_ar="محمد",
        grandfather_name_ar="علي",
        family_name_ar="الخطيب",
        name_en="",
        birth_date=BORN,
        sex="male",
        mobile="",
        governorate=agency("MOSD").offices.first().governorate,
        disability="none",
        actor=social_worker,
    )
    assert person not in visible(other_agency_worker)

    consent = services.consent_give(
        person=person, purpose=Purpose.DATA_SHARING, agencies=[agency("NAF")], actor=social_worker
    )
    assert person in visible(other_agency_worker)

    services.consent_withdraw(consent=consent, actor=social_worker)
    assert person not in visible(other_agency_worker)
    assert person in visible(social_worker)


def test_a_referral_consent_lets_the_agencies_it_covers_see_the_person(
    social_worker, other_agency_worker
):
    person = PersonFactory(agencies=["MOSD"])
    services.consent_give(
        person=person, purpose=Purpose.REFERRAL, agencies=[agency("NAF")], actor=social_worker
    )

    assert person in visible(other_agency_worker)


@pytest.mark.parametrize(
    ("purpose", "covers"),
    [
        (Purpose.CASE_MANAGEMENT, "NAF"),  # consent to case management is not to sharing
        (Purpose.DATA_SHARING, "ZAKAT"),  # another agency's consent
    ],
)
def test_other_consents_do_not_open_the_record(purpose, covers, social_worker, other_agency_worker):
    person = PersonFactory(agencies=["MOSD"])
    services.consent_give(
        person=person, purpose=purpose, agencies=[agency(covers)], actor=social_worker
    )

    assert person not in visible(other_agency_worker)


@pytest.mark.parametrize(
    ("role", "sees"),
    [
        (Role.INTAKE_OFFICER, True),
        (Role.SOCIAL_WORKER, True),
        (Role.SUPERVISOR, True),
        (Role.AGENCY_ADMIN, True),
        (Role.COMPLAINTS_OFFICER, False),
        (Role.OVERSIGHT, False),
    ],
)
def test_which_roles_see_their_agency_records(role, sees, db):
    person = PersonFactory(agencies=["MOSD"])

    assert (person in visible(staff("MOSD", "ZA", role))) is sees


def test_an_ended_membership_sees_nothing(social_worker):
    person = PersonFactory(agencies=["MOSD"])
    Membership.objects.filter(user=social_worker).update(is_active=False)

    assert person not in visible(social_worker)


def test_citizens_and_visitors_see_no_one(citizen):
    PersonFactory(agencies=["MOSD"])

    assert visible(citizen) == set()
    assert visible(AnonymousUser()) == set()
    assert not selectors.households_visible_to(AnonymousUser()).exists()


def test_visibility_is_one_query(social_worker, django_assert_num_queries):
    for _ in range(5):
        PersonFactory(agencies=["MOSD"])

    with django_assert_num_queries(1):
        assert len(list(selectors.people_visible_to(social_worker))) == 5


# households -----------------------------------------------------------------------------------


def test_households_with_a_visible_current_member_are_visible(social_worker, other_agency_worker):
    head, wife = PersonFactory(agencies=["MOSD"]), PersonFactory(agencies=["NAF"])
    household = household_of(head, (wife, Relationship.SPOUSE))
    elsewhere = household_of(PersonFactory(agencies=["ZAKAT"]))

    assert set(selectors.households_visible_to(social_worker)) == {household}
    assert set(selectors.households_visible_to(other_agency_worker)) == {household}
    assert elsewhere not in selectors.households_visible_to(social_worker)


def test_a_household_is_not_visible_through_a_member_who_left(other_agency_worker):
    head, wife = PersonFactory(agencies=["MOSD"]), PersonFactory(agencies=["NAF"])
    household = household_of(head, (wife, Relationship.SPOUSE))
    HouseholdMember.objects.filter(household=household, person=wife).update(left_at=timezone.now())

    assert household not in selectors.households_visible_to(other_agency_worker)


def test_current_membership_and_members(db, django_assert_num_queries):
    head, son, daughter, gone = (PersonFactory() for _ in range(4))
    household = household_of(
        head, (son, Relationship.SON), (daughter, Relationship.DAUGHTER), (gone, Relationship.SON)
    )
    HouseholdMember.objects.filter(person=gone).update(left_at=timezone.now())

    assert selectors.current_membership(son).household == household
    assert selectors.current_membership(gone) is None
    with django_assert_num_queries(1):
        members = list(selectors.household_members(household))
        names = [m.person.first_name_ar for m in members]
    assert [m.person for m in members] == [head, son, daughter]
    assert members[0].relationship == Relationship.HEAD
    assert len(names) == 3
    assert [m.person for m in selectors.household_past_members(household)] == [gone]


def test_membership_history_lists_the_current_household_first(social_worker):
    person = PersonFactory()
    first = household_of(person)
    second = household_of(PersonFactory())
    services.household_member_add(
        household=second, person=person, relationship=Relationship.SPOUSE, actor=social_worker
    )

    assert [m.household for m in selectors.membership_history(person)] == [second, first]


# duplicate_candidates -------------------------------------------------------------------------


def candidates(**name) -> list:
    data = {
        "first_name_ar": "أحمد",
        "father_name_ar": "محمد",
        "grandfather_name_ar": "على",
        "family_name_ar": "الخطيب",
        "name_en": "",
        "birth_date": BORN,
    }
    return selectors.duplicate_candidates(**(data | name))


def khatib(**fields):
    data = {
        "first_name_ar": "احمد",
        "father_name_ar": "محمد",
        "grandfather_name_ar": "علي",
        "family_name_ar": "الخطيب",
        "birth_date": BORN,
    }
    return PersonFactory(**(data | fields))


def test_a_spelling_variant_born_the_same_day_is_a_candidate(db):
    existing = khatib(agencies=["NAF"])  # held by another agency: the check is national

    assert candidates() == [existing]


def test_an_english_name_on_one_side_only_does_not_hide_a_match(db):
    existing = khatib(name_en="Ahmad Mohammad Ali Al-Khatib")

    assert candidates() == [existing]
    assert candidates(name_en="Ahmed Mohamed Ali Alkhatib") == [existing]


def test_a_missing_grandfather_or_article_still_matches(db):
    existing = khatib()

    assert candidates(grandfather_name_ar="") == [existing]
    assert candidates(family_name_ar="خطيب") == [existing]


def test_another_birth_date_or_another_name_is_not_a_candidate(db):
    khatib()
    khatib(birth_date=BORN + datetime.timedelta(days=1), id_number="9790000001")

    assert candidates(birth_date=BORN - datetime.timedelta(days=1)) == []
    assert (
        candidates(
            first_name_ar="فاطمة",
            father_name_ar="يوسف",
            grandfather_name_ar="حسن",
            family_name_ar="العمري",
        )
        == []
    )


def test_candidates_come_closest_first_and_are_limited(db):
    twin = khatib(first_name_ar="محمود")
    same = khatib()

    assert candidates() == [same, twin]
    assert candidates(limit=1) == [same]


# person_search --------------------------------------------------------------------------------


@pytest.fixture
def people(social_worker):
    """Some people MoSD holds, and one it does not."""
    return {
        "khatib": khatib(
            name_en="Ahmad Mohammad Ali Al-Khatib",
            id_number="9791234567",
            mobile="+962791234567",
            agencies=["MOSD"],
        ),
        "fatima": PersonFactory(
            first_name_ar="فاطمة",
            father_name_ar="يوسف",
            grandfather_name_ar="حسن",
            family_name_ar="العمري",
            name_en="Fatima Yousef Al-Omari",
            agencies=["MOSD"],
        ),
        "mustafa": PersonFactory(
            first_name_ar="مصطفى",
            father_name_ar="عبد الله",
            grandfather_name_ar="سالم",
            family_name_ar="الزعبي",
            agencies=["MOSD"],
        ),
        "hidden": PersonFactory(
            first_name_ar="أحمد",
            father_name_ar="محمد",
            grandfather_name_ar="علي",
            family_name_ar="الخطيب",
            id_number="9797777777",
            agencies=["NAF"],
        ),
    }


def search(user, query) -> list:
    return selectors.person_search(user, query).people


@pytest.mark.parametrize("query", ["9791234567", "٩٧٩١٢٣٤٥٦٧", " 979 123 4567 "])
def test_search_by_national_number(query, social_worker, people):
    assert search(social_worker, query) == [people["khatib"]]


@pytest.mark.parametrize("query", ["0791234567", "079 123 4567", "+962791234567", "٠٧٩١٢٣٤٥٦٧"])
def test_search_by_mobile_number(query, social_worker, people):
    assert search(social_worker, query) == [people["khatib"]]


@pytest.mark.parametrize(
    "query", ["أحمد محمد على الخطيب", "احمد الخطيب", "إحمد الخطيب", "الخطيب احمد", "الخطيب"]
)
def test_search_by_arabic_name_with_spelling_variants(query, social_worker, people):
    assert search(social_worker, query) == [people["khatib"]]


@pytest.mark.parametrize("query", ["فاطمه العمري", "فاطِمَة", "مصطفي عبدالله", "مصطفى عبد الله"])
def test_search_by_other_arabic_variants(query, social_worker, people):
    found = search(social_worker, query)
    assert len(found) == 1 and found[0] in (people["fatima"], people["mustafa"])


@pytest.mark.parametrize("query", ["Ahmad Khatib", "ahmad al-khatib", "KHATIB", "Fatima Omari"])
def test_search_by_latin_name(query, social_worker, people):
    expected = people["fatima"] if "atima" in query else people["khatib"]
    assert search(social_worker, query) == [expected]


def test_the_best_match_comes_first(social_worker, people):
    cousin = khatib(first_name_ar="محمود", agencies=["MOSD"])

    found = search(social_worker, "احمد محمد علي الخطيب")

    assert found == [people["khatib"], cousin]


def test_search_is_limited_to_people_the_user_may_see(social_worker, other_agency_worker, people):
    assert search(other_agency_worker, "احمد الخطيب") == [people["hidden"]]
    assert search(other_agency_worker, "9791234567") == []
    assert search(social_worker, "9797777777") == []


def test_search_finds_households_by_reference(social_worker, people):
    household = household_of(people["khatib"])
    hidden = household_of(people["hidden"])

    found = selectors.person_search(social_worker, household.reference.lower().replace("-", " "))
    assert found.households == [household]
    assert selectors.person_search(social_worker, hidden.reference).households == []


def test_people_found_carry_their_current_household(social_worker, people):
    household = household_of(people["khatib"])

    [person] = search(social_worker, "9791234567")

    assert [m.household for m in person.current_memberships] == [household]


def test_an_empty_or_unmatched_query_finds_nothing(social_worker, people):
    assert search(social_worker, "   ") == []
    assert search(social_worker, "زينب") == []
    assert search(social_worker, "0651234567") == []  # a landline, and no such ID


def test_search_takes_a_fixed_number_of_queries(
    social_worker, people, django_assert_max_num_queries
):
    for person in people.values():
        household_of(person)
    for index in range(10):
        khatib(first_name_ar="احمد", id_number=f"97900000{index:02d}", agencies=["MOSD"])
        household_of(
            khatib(first_name_ar="محمد", id_number=f"97911111{index:02d}", agencies=["MOSD"])
        )
    reference = people["khatib"].household_memberships.get().household.reference

    for query in ["احمد الخطيب", "0791234567", "9791234567", reference]:
        with django_assert_max_num_queries(3):
            results = selectors.person_search(social_worker, query)
            for person in results.people:
                list(person.current_memberships)
                str(person.governorate)


def test_a_one_letter_name_query_is_not_run(social_worker, people, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert search(social_worker, "ا") == []

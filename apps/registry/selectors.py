import re
from dataclasses import dataclass, field
from datetime import date

from django.contrib.postgres.search import TrigramWordSimilarity
from django.db.models import Case, Exists, F, OuterRef, Prefetch, Q, QuerySet, Value, When
from django.db.models.functions import Greatest

from apps.core import references
from apps.core.text import normalise_mobile, normalise_name
from apps.organisations.models import Membership, User

from .models import Consent, Household, HouseholdMember, Person
from .services import normalise_id_number

Role = Membership.Role

# Roles whose holders work with the records their agency holds.
REGISTRY_ROLES = (Role.INTAKE_OFFICER, Role.SOCIAL_WORKER, Role.SUPERVISOR, Role.AGENCY_ADMIN)
# Consents that let an agency that does not hold a record see it.
SHARING_PURPOSES = (Consent.Purpose.DATA_SHARING, Consent.Purpose.REFERRAL)
# word_similarity of the new name within a stored name, for the same date of birth. Measured:
# the same four names with spelling variants score 1.0, a missing grandfather or "خطيب" for
# "الخطيب" about 0.75, brothers born the same day (twins) about 0.85, unrelated names under 0.3.
DUPLICATE_THRESHOLD = 0.6
# A name query shorter than this matches too many of millions of names to rank usefully.
MIN_NAME_QUERY = 2
_LOOKS_LIKE_ID = re.compile(r"(?=.*[0-9])[A-Z0-9/-]{4,30}")


def _agencies_served_by(user: User) -> QuerySet:
    return Membership.objects.filter(user=user, is_active=True, role__in=REGISTRY_ROLES).values(
        "office__agency_id"
    )


def people_visible_to(user: User) -> QuerySet[Person]:
    """People whose record an agency of the user holds, or whose active consent covers one.

    One query whatever the user: the agencies come in as a subquery.
    """
    if not user.is_authenticated:
        return Person.objects.none()
    agencies = _agencies_served_by(user)
    held = Person.agencies.through.objects.filter(person=OuterRef("pk"), agency__in=agencies)
    consented = Consent.objects.filter(
        person=OuterRef("pk"),
        purpose__in=SHARING_PURPOSES,
        withdrawn_at__isnull=True,
        agencies__in=agencies,
    )
    return Person.objects.filter(Exists(held) | Exists(consented))


def households_visible_to(user: User) -> QuerySet[Household]:
    """Households with at least one current member the user may see."""
    if not user.is_authenticated:
        return Household.objects.none()
    visible_member = HouseholdMember.objects.filter(
        household=OuterRef("pk"),
        left_at__isnull=True,
        person__in=people_visible_to(user).values("pk"),
    )
    return Household.objects.filter(Exists(visible_member))


def consents_visible_to(user: User) -> QuerySet[Consent]:
    return Consent.objects.filter(person__in=people_visible_to(user).values("pk"))


def current_membership(person: Person) -> HouseholdMember | None:
    return (
        HouseholdMember.objects.select_related("household")
        .filter(person=person, left_at__isnull=True)
        .first()
    )


def household_members(household: Household) -> QuerySet[HouseholdMember]:
    """Current members with their person, the head first."""
    head_first = Case(
        When(relationship=HouseholdMember.Relationship.HEAD, then=Value(0)), default=Value(1)
    )
    return (
        HouseholdMember.objects.select_related("person")
        .filter(household=household, left_at__isnull=True)
        .order_by(head_first, "joined_at", "pk")
    )


def household_past_members(household: Household) -> QuerySet[HouseholdMember]:
    return (
        HouseholdMember.objects.select_related("person")
        .filter(household=household, left_at__isnull=False)
        .order_by("-left_at")
    )


def membership_history(person: Person) -> QuerySet[HouseholdMember]:
    """Every household the person belonged to, the current one first."""
    return (
        HouseholdMember.objects.select_related("household")
        .filter(person=person)
        .order_by(F("left_at").desc(nulls_first=True), "-joined_at")
    )


def consent_covering(*, person: Person, agency) -> Consent | None:
    """The person's latest consent in force that lets their case be referred to `agency`: for
    referral, or for sharing data between agencies, naming that agency."""
    return (
        Consent.objects.filter(
            person=person,
            withdrawn_at__isnull=True,
            purpose__in=[Consent.Purpose.REFERRAL, Consent.Purpose.DATA_SHARING],
            agencies=agency,
        )
        .order_by("-given_at", "-pk")
        .first()
    )


def consents_of(person: Person) -> QuerySet[Consent]:
    return (
        Consent.objects.filter(person=person)
        .select_related("recorded_by", "withdrawn_by")
        .prefetch_related("agencies")
        .order_by("withdrawn_at", "-given_at")
    )


def person_with_id(*, id_type: str, id_number: str) -> Person | None:
    """The person registered with exactly this ID, whoever holds the record."""
    return Person.objects.filter(id_type=id_type, id_number=normalise_id_number(id_number)).first()


def duplicate_candidates(
    *,
    first_name_ar: str,
    father_name_ar: str,
    grandfather_name_ar: str,
    family_name_ar: str,
    name_en: str,
    birth_date: date,
    limit: int = 5,
) -> list[Person]:
    """Registered people, in any agency, born the same day with a close name; closest first.

    Compares the new name with the stored one by word similarity (how well the new name matches
    some stretch of the stored Arabic-and-English search name), so that an English name given on
    one side only does not hide a match. Born the same day narrows the rows to a few dozen even
    nationally (index person_birth_date), so no name index is needed here.
    """
    arabic = normalise_name(
        " ".join([first_name_ar, father_name_ar, grandfather_name_ar, family_name_ar])
    )
    english = normalise_name(name_en)
    similarity = TrigramWordSimilarity(arabic, "search_name")
    if english:
        similarity = Greatest(similarity, TrigramWordSimilarity(english, "search_name"))
    return list(
        Person.objects.filter(birth_date=birth_date)
        .annotate(similarity=similarity)
        .filter(similarity__gte=DUPLICATE_THRESHOLD)
        .select_related("governorate")
        .order_by("-similarity", "pk")[:limit]
    )


@dataclass
class SearchResults:
    query: str
    people: list[Person] = field(default_factory=list)
    households: list[Household] = field(default_factory=list)


def _with_current_household(people: QuerySet[Person]) -> QuerySet[Person]:
    return people.select_related("governorate").prefetch_related(
        Prefetch(
            "household_memberships",
            queryset=HouseholdMember.objects.filter(left_at__isnull=True).select_related(
                "household"
            ),
            to_attr="current_memberships",
        )
    )


def person_search(user: User, query: str, limit: int = 25) -> SearchResults:
    """People (and households by reference) the user may see, matching an ID number, a mobile
    number or a name in Arabic or Latin letters; best match first.

    At most three queries: people, their current households, households by reference.
    """
    query = " ".join((query or "").split())
    results = SearchResults(query=query)
    if not query:
        return results
    visible = people_visible_to(user)
    id_number = normalise_id_number(query)
    mobile = normalise_mobile(query)
    if _LOOKS_LIKE_ID.fullmatch(id_number) or mobile:
        # 0791234567 has the shape of both an ID and a mobile number: match either.
        exact = Q(id_number=id_number)
        if mobile:
            exact |= Q(mobile=mobile)
        results.people = list(_with_current_household(visible.filter(exact)).order_by("pk")[:limit])
    elif len(name := normalise_name(query)) >= MIN_NAME_QUERY:
        # The query as a whole close to a stretch of the name (one word misspelt), or every
        # word of it somewhere in the name ("أحمد الخطيب" for "أحمد محمد علي الخطيب"). Each
        # `%>` (word similarity at least 0.6) is served by the trigram GIN index.
        every_word = Q()
        for word in name.split():
            every_word &= Q(search_name__trigram_word_similar=word)
        matches = Q(search_name__trigram_word_similar=name) | every_word
        results.people = list(
            _with_current_household(visible.filter(matches))
            .annotate(rank=TrigramWordSimilarity(name, "search_name"))
            .order_by("-rank", "pk")[:limit]
        )
    reference = references.normalise(query)
    if reference and reference.startswith("H-"):
        results.households = list(
            households_visible_to(user).filter(reference=reference).select_related("governorate")
        )
    return results

import datetime

import factory

from apps.core.references import generate
from apps.organisations.models import Agency, Governorate
from apps.registry.models import Household, HouseholdMember, Person
from tests.organisations.factories import office

MALE_NAMES = ["محمد", "أحمد", "عمر", "خالد", "يوسف", "إبراهيم", "مصطفى", "عبد الله", "حسن", "سامي"]
FEMALE_NAMES = ["فاطمة", "مريم", "آمنة", "سارة", "رنا", "هبة", "نور", "ليلى", "سلمى", "دعاء"]
FAMILY_NAMES = ["الخطيب", "العمري", "الزعبي", "المومني", "الحوراني", "النسور", "الطراونة", "العتوم"]


def governorate(code: str = "AM") -> Governorate:
    office("MOSD", None)  # loads the reference data if a transactional test emptied it
    return Governorate.objects.get(code=code)


def agency(code: str) -> Agency:
    return office(code, None).agency


class PersonFactory(factory.django.DjangoModelFactory):
    """A Jordanian with a national number and a four-part Arabic name.

    `PersonFactory(agencies=["MOSD"])` lets those agencies hold the record.
    """

    class Meta:
        model = Person
        skip_postgeneration_save = True

    id_type = Person.IdType.NATIONAL_NUMBER
    id_number = factory.Sequence(lambda n: f"99{n:08d}")
    sex = factory.Iterator([Person.Sex.MALE, Person.Sex.FEMALE])
    first_name_ar = factory.LazyAttributeSequence(
        lambda o, n: (MALE_NAMES if o.sex == Person.Sex.MALE else FEMALE_NAMES)[n % 10]
    )
    father_name_ar = factory.Sequence(lambda n: MALE_NAMES[(n * 3 + 1) % 10])
    grandfather_name_ar = factory.Sequence(lambda n: MALE_NAMES[(n * 7 + 2) % 10])
    family_name_ar = factory.Sequence(lambda n: FAMILY_NAMES[n % len(FAMILY_NAMES)])
    name_en = ""
    # Spread over 1950–2015 however many people a test run makes.
    birth_date = factory.Sequence(
        lambda n: datetime.date(1950, 1, 1) + datetime.timedelta(days=n * 97 % 24000)
    )
    mobile = factory.Sequence(lambda n: f"+9627{7 + n % 3}{n:07d}")
    governorate = factory.LazyFunction(governorate)
    disability = Person.Disability.NONE

    @factory.post_generation
    def agencies(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.agencies.add(*(agency(code) for code in extracted))


class HouseholdFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Household

    reference = factory.LazyFunction(lambda: generate("H"))
    governorate = factory.LazyFunction(governorate)
    address = "جبل الحسين، شارع خالد بن الوليد"


def household_of(head: Person, *members: tuple[Person, str]) -> Household:
    """A household headed by `head`, with (person, relationship) members; no service involved."""
    household = HouseholdFactory(governorate=head.governorate)
    HouseholdMember.objects.create(
        household=household, person=head, relationship=HouseholdMember.Relationship.HEAD
    )
    for person, relationship in members:
        HouseholdMember.objects.create(
            household=household, person=person, relationship=relationship
        )
    return household

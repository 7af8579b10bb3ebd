import factory
import faker
from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import TOTP
from django.contrib.auth.hashers import make_password

from apps.organisations.models import Agency, Governorate, Membership, Office, User
from apps.organisations.reference import load_reference_data

_fake = faker.Faker("ar_AA")
PASSWORD = "Correct-horse-2026"
TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
_PASSWORD_HASH = None


def password_hash() -> str:
    """Argon2 is slow on purpose; hash the shared test password once."""
    global _PASSWORD_HASH
    if _PASSWORD_HASH is None:
        _PASSWORD_HASH = make_password(PASSWORD)
    return _PASSWORD_HASH


def ensure_reference_data() -> None:
    """Transactional tests (browser journeys, the real worker) empty every table when they end,
    the reference-data migration's rows included; load them again when they are gone."""
    if not Office.objects.exists():
        load_reference_data(Governorate, Agency, Office)


def office(agency: str, governorate: str | None) -> Office:
    """One of the offices the reference-data migration creates."""
    ensure_reference_data()
    if governorate is None:
        return Office.objects.get(agency__code=agency, is_head_office=True)
    return Office.objects.get(
        agency__code=agency, governorate__code=governorate, is_head_office=False
    )


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.jo")
    # first and last names only: Faker's full names carry titles ("المهندس")
    full_name = factory.LazyAttribute(lambda _: f"{_fake.first_name()} {_fake.last_name()}")
    language = "ar"
    password = factory.LazyFunction(password_hash)

    @factory.post_generation
    def verified(obj, create, extracted, **kwargs):
        if create and extracted is not False:
            EmailAddress.objects.create(user=obj, email=obj.email, verified=True, primary=True)


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    office = factory.LazyFunction(lambda: office("MOSD", "AM"))
    role = Membership.Role.SOCIAL_WORKER


def enrol_totp(user: User) -> User:
    TOTP.activate(user, TOTP_SECRET)
    return user


def staff(
    agency: str = "MOSD",
    governorate: str | None = "AM",
    role: str = Membership.Role.SOCIAL_WORKER,
    *,
    second_factor: bool = True,
    **user_fields,
) -> User:
    """A staff member holding `role` in an office, with a TOTP device unless told otherwise."""
    user = UserFactory(**user_fields)
    MembershipFactory(user=user, office=office(agency, governorate), role=role)
    return enrol_totp(user) if second_factor else user

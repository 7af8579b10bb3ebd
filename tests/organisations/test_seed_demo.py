"""`manage.py seed_demo`: demo staff for `make run`, idempotent, never in production."""

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.core.management import CommandError, call_command

from apps.organisations.demo import DEMO_CITIZEN, DEMO_PASSWORD, DEMO_STAFF
from apps.organisations.models import Membership, Office, User


def counts() -> tuple[int, ...]:
    return (
        User.objects.count(),
        Membership.objects.count(),
        Authenticator.objects.count(),
        EmailAddress.objects.count(),
        Office.objects.count(),
    )


def test_seeding_twice_changes_nothing(db):
    call_command("seed_demo")
    first = counts()
    call_command("seed_demo")
    assert counts() == first
    assert Membership.objects.count() == len(DEMO_STAFF)


def test_every_demo_staff_member_has_a_second_factor_and_a_verified_address(db):
    call_command("seed_demo")
    for *_, email, _name, _language in DEMO_STAFF:
        user = User.objects.get(email=email)
        assert Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists(), email
        assert EmailAddress.objects.filter(
            user=user, email=email, verified=True, primary=True
        ).exists(), email
        assert user.check_password(DEMO_PASSWORD), email


def test_the_demo_citizen_holds_no_staff_role(db):
    call_command("seed_demo")
    citizen = User.objects.get(email=DEMO_CITIZEN[0])
    assert not citizen.memberships.exists()


def test_seeding_refuses_to_run_in_production(db, settings):
    settings.MASAR_ENV = "production"
    before = counts()
    with pytest.raises(CommandError):
        call_command("seed_demo")
    assert counts() == before
    assert not User.objects.filter(email__endswith="@masar.demo").exists()


def test_the_demo_dashboards_have_their_figures_at_once(db):
    from apps.dashboards.models import MonthlyFigure

    call_command("seed_demo")
    domains = set(MonthlyFigure.objects.values_list("domain", flat=True))
    assert {"complaints", "applications", "referrals_sent", "referrals_received", "cases"} <= (
        domains
    )
    rows = MonthlyFigure.objects.count()
    call_command("seed_demo")
    assert MonthlyFigure.objects.count() == rows

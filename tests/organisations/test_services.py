"""apps/organisations/services.py: inviting staff and accepting an invitation."""

import hashlib
import re
from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from apps.organisations import services
from apps.organisations.models import Membership, StaffInvite, User
from tests.organisations.factories import PASSWORD, UserFactory, office

Role = Membership.Role
NEW_PASSWORD = "Olive-grove-Ajloun-7"
ARABIC_LETTER = re.compile(r"[\u0600-\u06FF]")


def invite(
    actor,
    *,
    email="new.worker@mosd.example.jo",
    language="ar",
    where=("MOSD", "IR"),
    role=Role.SOCIAL_WORKER,
):
    """Run staff_invite; return (user, invited, raw token or None)."""
    tokens = []

    def build_link(token):
        tokens.append(token)
        return f"https://masar.example.jo/ar/invite/{token}/"

    user, invited = services.staff_invite(
        email=email,
        full_name="Layla Haddad",
        office=office(*where),
        role=role,
        language=language,
        actor=actor,
        build_link=build_link,
    )
    return user, invited, (tokens[0] if tokens else None)


def test_an_agency_admin_invites_a_new_person(agency_admin, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        user, invited, token = invite(agency_admin, email="New.Worker@MOSD.example.jo")

    assert invited is True
    user.refresh_from_db()
    assert user.email == "new.worker@mosd.example.jo"
    assert not user.has_usable_password()
    membership = Membership.objects.get(user=user)
    assert (membership.office, membership.role, membership.created_by) == (
        office("MOSD", "IR"),
        Role.SOCIAL_WORKER,
        agency_admin,
    )
    stored = StaffInvite.objects.get(user=user)
    assert stored.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert not StaffInvite.objects.filter(token_hash=token).exists()
    assert stored.created_by == agency_admin
    assert stored.accepted_at is None
    assert stored.expires_at > timezone.now() + timedelta(days=6)
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["new.worker@mosd.example.jo"]
    assert token in mail.outbox[0].body


def test_the_email_is_sent_only_when_the_transaction_commits(
    agency_admin, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        invite(agency_admin)
    assert mail.outbox == []
    for callback in callbacks:
        callback()
    assert len(mail.outbox) == 1


def test_the_invitation_is_in_english_for_an_english_speaker(
    agency_admin, django_capture_on_commit_callbacks
):
    with translation.override("ar"), django_capture_on_commit_callbacks(execute=True):
        invite(agency_admin, language="en")
    message = mail.outbox[0]
    assert message.subject == "Your invitation to Masar"
    assert '"Social worker"' in message.body
    assert "Ministry of Social Development - Irbid office" in message.body


def test_the_invitation_is_in_arabic_for_an_arabic_speaker(
    agency_admin, django_capture_on_commit_callbacks
):
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        invite(agency_admin, language="ar")
    message = mail.outbox[0]
    assert ARABIC_LETTER.search(message.subject), message.subject
    assert "وزارة التنمية الاجتماعية - مكتب إربد" in message.body


def test_an_admin_cannot_invite_to_an_office_of_another_agency(
    agency_admin, django_capture_on_commit_callbacks
):
    users = User.objects.count()
    with (
        translation.override("en"),
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(ValidationError) as raised,
    ):
        invite(agency_admin, where=("NAF", "IR"))
    assert "own agency" in raised.value.messages[0]
    assert User.objects.count() == users
    assert not User.objects.filter(email="new.worker@mosd.example.jo").exists()
    assert not StaffInvite.objects.exists()
    assert mail.outbox == []


def test_a_social_worker_cannot_invite_anyone(social_worker):
    with pytest.raises(ValidationError):
        invite(social_worker, where=("MOSD", "AM"))
    assert not User.objects.filter(email="new.worker@mosd.example.jo").exists()


def test_inviting_an_existing_account_adds_the_membership_without_an_invitation(
    agency_admin, social_worker, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        user, invited, token = invite(
            agency_admin, email="WORKER@mosd.example.jo", role=Role.SUPERVISOR
        )

    assert (user, invited, token) == (social_worker, False, None)
    assert set(Membership.objects.filter(user=social_worker).values_list("role", flat=True)) == {
        Role.SOCIAL_WORKER,
        Role.SUPERVISOR,
    }
    assert not StaffInvite.objects.exists()
    assert mail.outbox == []
    social_worker.refresh_from_db()
    assert social_worker.check_password(PASSWORD)  # the existing password is kept


def test_inviting_twice_to_the_same_role_is_refused(
    agency_admin, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        user, _, _ = invite(agency_admin)
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ValidationError):
        invite(agency_admin)
    assert Membership.objects.filter(user=user).count() == 1
    assert StaffInvite.objects.filter(user=user).count() == 1
    assert len(mail.outbox) == 1


def test_accepting_sets_the_password_and_verifies_the_address(agency_admin):
    user, _, token = invite(agency_admin)

    accepted = services.staff_invite_accept(token=token, password=NEW_PASSWORD)

    assert accepted == user
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    assert StaffInvite.objects.get(user=user).accepted_at is not None
    assert EmailAddress.objects.get(user=user).verified is True
    assert EmailAddress.objects.get(user=user).primary is True


def test_an_invitation_is_accepted_once(agency_admin):
    user, _, token = invite(agency_admin)
    services.staff_invite_accept(token=token, password=NEW_PASSWORD)
    accepted_at = StaffInvite.objects.get(user=user).accepted_at

    with pytest.raises(ValidationError):
        services.staff_invite_accept(token=token, password="Another-password-99")

    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    assert StaffInvite.objects.get(user=user).accepted_at == accepted_at


def test_an_expired_invitation_cannot_be_accepted(agency_admin):
    user, _, token = invite(agency_admin)
    StaffInvite.objects.filter(user=user).update(expires_at=timezone.now() - timedelta(minutes=1))

    with translation.override("en"), pytest.raises(ValidationError) as raised:
        services.staff_invite_accept(token=token, password=NEW_PASSWORD)

    assert "expired" in raised.value.messages[0]
    user.refresh_from_db()
    assert not user.has_usable_password()
    assert StaffInvite.objects.get(user=user).accepted_at is None
    assert not EmailAddress.objects.filter(user=user, verified=True).exists()


def test_an_unknown_token_cannot_be_accepted(db):
    with pytest.raises(ValidationError):
        services.staff_invite_accept(token="not-a-real-token", password=NEW_PASSWORD)


def test_an_existing_citizen_can_be_given_a_staff_role(agency_admin):
    citizen = UserFactory(email="citizen@example.jo")
    user, invited, _ = invite(agency_admin, email="citizen@example.jo")
    assert (user, invited) == (citizen, False)
    assert Membership.objects.filter(user=citizen, role=Role.SOCIAL_WORKER).exists()

import hashlib
import secrets
from datetime import timedelta

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from .directory import staff_directory_changed
from .models import Membership, Office, StaffInvite, User
from .selectors import offices_administered_by
from .signals import invite_accepted, membership_granted

INVITE_VALIDITY = timedelta(days=7)


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _send_invite_email(*, user: User, link: str, office: Office, role: str) -> None:
    with translation.override(user.language):
        context = {
            "user": user,
            "link": link,
            "office": office,
            "role": Membership.Role(role).label,
            "days": INVITE_VALIDITY.days,
        }
        subject = render_to_string("organisations/email/invite_subject.txt", context).strip()
        body = render_to_string("organisations/email/invite_body.txt", context)
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])


@transaction.atomic
def staff_invite(
    *,
    email: str,
    full_name: str,
    office: Office,
    role: str,
    language: str,
    actor: User,
    build_link,
) -> tuple[User, bool]:
    """Give someone a role in an office of an agency the actor administers.

    A new person gets an account without a password and an emailed single-use link to set one;
    someone who already has an account is given the membership directly. Returns the user and
    whether an invitation was sent.
    """
    if not offices_administered_by(actor).filter(pk=office.pk).exists():
        raise ValidationError(_("You can only add staff to offices of your own agency."))
    email = User.objects.normalize_email(email).lower()
    user = User.objects.filter(email__iexact=email).first()
    invited = user is None
    if invited:
        user = User.objects.create_user(email=email, full_name=full_name, language=language)
        user.set_unusable_password()
        user.save(update_fields=["password"])
    membership, created = Membership.objects.get_or_create(
        user=user, office=office, role=role, defaults={"created_by": actor}
    )
    if not created:
        if membership.is_active:
            raise ValidationError(_("This person already holds that role in that office."))
        Membership.objects.filter(pk=membership.pk).update(is_active=True)
        staff_directory_changed()
    membership_granted.send(Membership, membership=membership, actor=actor, created=created)
    if invited:
        token = secrets.token_urlsafe(32)
        StaffInvite.objects.create(
            user=user,
            token_hash=_token_hash(token),
            created_by=actor,
            expires_at=timezone.now() + INVITE_VALIDITY,
        )
        with translation.override(language):
            link = build_link(token)  # the page opens in the invitee's language
        transaction.on_commit(
            lambda: _send_invite_email(user=user, link=link, office=office, role=role)
        )
    return user, invited


def staff_invite_for_token(token: str) -> StaffInvite:
    """The invitation a link stands for, or a ValidationError saying why it cannot be used."""
    invite = (
        StaffInvite.objects.select_related("user").filter(token_hash=_token_hash(token)).first()
    )
    if invite is None or invite.accepted_at is not None:
        raise ValidationError(_("This invitation link is not valid or has already been used."))
    if invite.expires_at <= timezone.now():
        raise ValidationError(
            _("This invitation has expired. Ask your agency administrator to invite you again.")
        )
    return invite


@transaction.atomic
def staff_invite_accept(*, token: str, password: str) -> User:
    invite = staff_invite_for_token(token)
    # Guarded update: a double submit or a second tab accepts the invitation once.
    accepted = StaffInvite.objects.filter(pk=invite.pk, accepted_at__isnull=True).update(
        accepted_at=timezone.now()
    )
    if not accepted:
        raise ValidationError(_("This invitation link is not valid or has already been used."))
    user = invite.user
    user.set_password(password)
    user.save(update_fields=["password"])
    # The link reached the person's mailbox: the address is verified.
    EmailAddress.objects.update_or_create(
        user=user, email=user.email, defaults={"verified": True, "primary": True}
    )
    invite_accepted.send(StaffInvite, invite=invite)
    return user

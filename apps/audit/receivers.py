"""Events the audit trail learns of through signals: sign-in and sign-out (Django and allauth),
changes to how an account signs in, and the writes of the organisations app, which sits below
the audit app and so announces them (apps.organisations.signals) instead of calling it.

Connected in AuditConfig.ready(). Nothing typed by the person signing in is recorded: a failed
sign-in names the account only by its id, and only when it exists.
"""

from allauth.account import signals as account_signals
from allauth.mfa import signals as mfa_signals
from django.contrib.auth import signals as auth_signals
from django.dispatch import receiver

from apps.organisations import signals as organisations_signals
from apps.organisations.models import User

from .selectors import users_with_email
from .services import Action, audit_record


def _signed_in_user(request):
    user = getattr(request, "user", None)
    return user if user is not None and user.is_authenticated else None


@receiver(auth_signals.user_logged_in, dispatch_uid="audit_sign_in")
def record_sign_in(sender, request, user, **kwargs):
    audit_record(actor=user, action=Action.SIGN_IN, obj=user, request=request)


@receiver(auth_signals.user_logged_out, dispatch_uid="audit_sign_out")
def record_sign_out(sender, request, user, **kwargs):
    if user is not None:
        audit_record(actor=user, action=Action.SIGN_OUT, obj=user, request=request)


@receiver(auth_signals.user_login_failed, dispatch_uid="audit_sign_in_failed")
def record_sign_in_failed(sender, credentials, request=None, **kwargs):
    """A wrong password (or an unknown address). The typed address is used only to find the
    account and is never written."""
    login = credentials.get("email") or credentials.get("username") or ""
    account = (
        users_with_email(login).only("pk").first()
        if isinstance(login, str) and login.strip()
        else None
    )
    audit_record(
        actor=_signed_in_user(request),
        action=Action.SIGN_IN_FAILED,
        obj=account,
        object_type=User._meta.label_lower,
        detail="password",
        request=request,
    )


@receiver(mfa_signals.authentication_failed, dispatch_uid="audit_second_factor_failed")
def record_second_factor_failed(sender, request, user, authenticator, **kwargs):
    """A wrong code after a right password: the account is known, and someone holds its
    password."""
    audit_record(
        actor=_signed_in_user(request),
        action=Action.SIGN_IN_FAILED,
        obj=user,
        detail=f"second factor: {authenticator.type}",
        request=request,
    )


ACCOUNT_CHANGES = {
    account_signals.password_set: "password set",
    account_signals.password_changed: "password changed",
    account_signals.password_reset: "password reset",
    account_signals.email_changed: "primary email address changed",
    account_signals.email_added: "email address added",
    account_signals.email_removed: "email address removed",
}
SECOND_FACTOR_CHANGES = {
    mfa_signals.authenticator_added: "second factor added",
    mfa_signals.authenticator_removed: "second factor removed",
    mfa_signals.authenticator_reset: "second factor reset",
}


def _record_account_change(signal, request, user, **kwargs):
    """The user changed how they sign in (a reset is done before signing in, by whoever holds
    the mailbox: the account's owner as far as anyone can tell)."""
    detail = ACCOUNT_CHANGES.get(signal)
    if detail is None:
        detail = f"{SECOND_FACTOR_CHANGES[signal]}: {kwargs['authenticator'].type}"
    audit_record(actor=user, action=Action.UPDATE, obj=user, detail=detail, request=request)


for _signal in (*ACCOUNT_CHANGES, *SECOND_FACTOR_CHANGES):
    _signal.connect(_record_account_change, dispatch_uid=f"audit_account_{id(_signal)}")


@receiver(organisations_signals.membership_granted, dispatch_uid="audit_membership_granted")
def record_membership_granted(sender, membership, actor, created, **kwargs):
    audit_record(
        actor=actor,
        action=Action.CREATE if created else Action.UPDATE,
        obj=membership,
        detail=f"role {membership.role}" if created else f"role {membership.role} restored",
    )


@receiver(organisations_signals.invite_accepted, dispatch_uid="audit_invite_accepted")
def record_invite_accepted(sender, invite, **kwargs):
    audit_record(
        actor=invite.user, action=Action.UPDATE, obj=invite.user, detail="invitation accepted"
    )

"""Sign-in, sign-out and failed sign-ins are recorded, through allauth's real flow; nothing typed
by the person signing in is."""

from apps.audit.models import AuditEvent
from tests.organisations.factories import PASSWORD
from tests.test_auth import MFA_AUTHENTICATE, a_wrong_totp_code, current_totp_code, sign_in

Action = AuditEvent.Action


def events(action: str) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action=action))


def nothing_typed_is_kept(*typed: str) -> bool:
    stored = " ".join(
        " ".join(str(value) for value in row)
        for row in AuditEvent.objects.values_list("object_type", "object_id", "detail")
    )
    return not any(text.lower() in stored.lower() for text in typed)


def test_signing_in_is_recorded(citizen, anonymous_client):
    sign_in(anonymous_client, citizen.email, PASSWORD)

    [signed_in] = events(Action.SIGN_IN)
    assert (signed_in.actor, signed_in.object_type, signed_in.object_id) == (
        citizen,
        "organisations.user",
        str(citizen.pk),
    )
    assert signed_in.ip_address == "127.0.0.1" and signed_in.request_id
    assert signed_in.agency is None  # a citizen works for no agency


def test_a_wrong_password_is_recorded_against_the_account_without_what_was_typed(
    citizen, anonymous_client
):
    sign_in(anonymous_client, citizen.email.upper(), "Not-the-password-42")

    [failed] = events(Action.SIGN_IN_FAILED)
    assert failed.actor is None
    assert (failed.object_type, failed.object_id) == ("organisations.user", str(citizen.pk))
    assert nothing_typed_is_kept(citizen.email, "Not-the-password-42")
    assert events(Action.SIGN_IN) == []


def test_an_unknown_address_is_recorded_without_naming_anyone(db, anonymous_client):
    sign_in(anonymous_client, "nobody@example.jo", "Not-the-password-42")

    [failed] = events(Action.SIGN_IN_FAILED)
    assert (failed.actor, failed.object_id, failed.agency) == (None, "", None)
    assert nothing_typed_is_kept("nobody@example.jo", "Not-the-password-42")


def test_a_failed_sign_in_to_a_staff_account_belongs_to_its_agency(social_worker, anonymous_client):
    sign_in(anonymous_client, social_worker.email, "Not-the-password-42")

    [failed] = events(Action.SIGN_IN_FAILED)
    assert failed.agency.code == "MOSD"


def test_a_wrong_second_factor_is_recorded(social_worker, anonymous_client):
    sign_in(anonymous_client, social_worker.email, PASSWORD)
    code = a_wrong_totp_code()

    anonymous_client.post(MFA_AUTHENTICATE, {"code": code})

    [failed] = events(Action.SIGN_IN_FAILED)
    assert (failed.actor, failed.object_id, failed.detail) == (
        None,
        str(social_worker.pk),
        "second factor: totp",
    )
    assert events(Action.SIGN_IN) == []
    assert nothing_typed_is_kept(code)


def test_staff_are_recorded_signing_in_once_the_second_factor_is_passed(
    social_worker, anonymous_client
):
    sign_in(anonymous_client, social_worker.email, PASSWORD)
    assert events(Action.SIGN_IN) == []

    anonymous_client.post(MFA_AUTHENTICATE, {"code": current_totp_code()})

    [signed_in] = events(Action.SIGN_IN)
    assert (signed_in.actor, signed_in.agency.code) == (social_worker, "MOSD")


def test_signing_out_is_recorded(citizen, anonymous_client):
    sign_in(anonymous_client, citizen.email, PASSWORD)

    response = anonymous_client.post("/en/accounts/logout/")

    assert response.status_code == 302
    [signed_out] = events(Action.SIGN_OUT)
    assert (signed_out.actor, signed_out.object_id) == (citizen, str(citizen.pk))


def test_signing_out_when_not_signed_in_records_nothing(db, anonymous_client):
    anonymous_client.post("/en/accounts/logout/")
    assert events(Action.SIGN_OUT) == []


def test_changing_the_password_is_recorded_without_it(citizen, client_for):
    response = client_for(citizen).post(
        "/en/accounts/password/change/",
        {
            "oldpassword": PASSWORD,
            "password1": "Olive-grove-Ajloun-7",
            "password2": "Olive-grove-Ajloun-7",
        },
    )

    assert response.status_code == 302
    [changed] = events(Action.UPDATE)
    assert (changed.actor, changed.object_id, changed.detail) == (
        citizen,
        str(citizen.pk),
        "password changed",
    )
    assert nothing_typed_is_kept(PASSWORD, "Olive-grove-Ajloun-7")

"""Sign-in (django-allauth): passwords, rate limits, sign-up, reset, and the staff second factor."""

import time

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import (
    format_hotp_value,
    hotp_value,
    yield_hotp_counters_from_time,
)
from django.core import mail
from django.core.cache import cache

from apps.organisations.models import User
from tests.organisations.factories import PASSWORD, TOTP_SECRET

LOGIN = "/en/accounts/login/"
MFA_AUTHENTICATE = "/en/accounts/2fa/authenticate/"
WRONG_PASSWORD = "The email address and/or password you specified are not correct."
TOO_MANY = "Too many failed login attempts. Try again later."


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rate limits and used TOTP codes live in the (locmem) cache: start each test without them."""
    cache.clear()
    yield
    cache.clear()


def signed_in_user_id(client):
    value = client.session.get("_auth_user_id")
    return int(value) if value else None


def sign_in(client, email, password):
    return client.post(LOGIN, {"login": email, "password": password})


def test_a_wrong_password_is_refused(citizen, anonymous_client):
    response = sign_in(anonymous_client, citizen.email, "not-the-password")
    assert response.status_code == 200
    assert WRONG_PASSWORD in response.content.decode()
    assert signed_in_user_id(anonymous_client) is None


def test_the_right_password_signs_a_citizen_in(citizen, anonymous_client):
    response = sign_in(anonymous_client, citizen.email, PASSWORD)
    assert response.status_code == 302
    assert response.url == "/en/welcome/"
    assert signed_in_user_id(anonymous_client) == citizen.pk


def test_repeated_failures_lock_the_account_even_with_the_right_password(citizen, anonymous_client):
    for _ in range(5):
        assert (
            WRONG_PASSWORD
            in sign_in(anonymous_client, citizen.email, "not-the-password").content.decode()
        )

    response = sign_in(anonymous_client, citizen.email, PASSWORD)

    assert response.status_code == 200
    assert TOO_MANY in response.content.decode()
    assert signed_in_user_id(anonymous_client) is None


def test_the_lock_is_per_account(citizen, anonymous_client):
    for _ in range(5):
        sign_in(anonymous_client, "someone.else@example.jo", "not-the-password")
    assert sign_in(anonymous_client, citizen.email, PASSWORD).status_code == 302
    assert signed_in_user_id(anonymous_client) == citizen.pk


def test_signing_up_creates_a_citizen_with_an_unverified_address(db, anonymous_client):
    response = anonymous_client.post(
        "/en/accounts/signup/",
        {
            "full_name": "Fatima Saeed Al-Ali",
            "email": "fatima@example.jo",
            "password1": "Olive-grove-Ajloun-7",
            "password2": "Olive-grove-Ajloun-7",
        },
    )

    assert response.status_code == 302
    user = User.objects.get(email="fatima@example.jo")
    assert user.full_name == "Fatima Saeed Al-Ali"
    assert user.language == "en"
    assert not user.memberships.exists()
    assert user.password.startswith("argon2")
    assert EmailAddress.objects.get(user=user).verified is False
    assert [message.to for message in mail.outbox] == [["fatima@example.jo"]]
    assert "/en/accounts/confirm-email/" in mail.outbox[0].body


def test_signing_up_in_arabic_keeps_arabic_for_messages(db, anonymous_client):
    anonymous_client.post(
        "/ar/accounts/signup/",
        {
            "full_name": "فاطمة العلي",
            "email": "fatima@example.jo",
            "password1": "Olive-grove-Ajloun-7",
            "password2": "Olive-grove-Ajloun-7",
        },
    )
    assert User.objects.get(email="fatima@example.jo").language == "ar"


def test_passwords_are_hashed_with_argon2(citizen):
    citizen.set_password("Olive-grove-Ajloun-7")
    assert citizen.password.startswith("argon2$")
    assert citizen.check_password("Olive-grove-Ajloun-7")


def test_a_password_reset_is_emailed_to_a_known_address(citizen, anonymous_client):
    response = anonymous_client.post("/en/accounts/password/reset/", {"email": citizen.email})
    assert response.status_code == 302
    assert [message.to for message in mail.outbox] == [[citizen.email]]
    assert "/en/accounts/password/reset/key/" in mail.outbox[0].body


# The staff second factor -----------------------------------------------------------------------


def current_totp_code() -> str:
    # Keep clear of the end of a 30-second period so the code is still current when it is checked.
    if 30 - time.time() % 30 < 3:
        time.sleep(3)
    return format_hotp_value(hotp_value(TOTP_SECRET, int(time.time()) // 30))


def a_wrong_totp_code() -> str:
    valid = {
        format_hotp_value(hotp_value(TOTP_SECRET, counter + shift))
        for counter in yield_hotp_counters_from_time()
        for shift in (-1, 0, 1)
    }
    return next(code for code in ("000000", "111111", "222222") if code not in valid)


def test_staff_with_a_second_factor_are_asked_for_their_code(social_worker, anonymous_client):
    response = sign_in(anonymous_client, social_worker.email, PASSWORD)
    assert response.status_code == 302
    assert response.url == MFA_AUTHENTICATE
    assert signed_in_user_id(anonymous_client) is None
    assert anonymous_client.get("/en/staff/").status_code == 302


def test_a_wrong_code_leaves_staff_signed_out(social_worker, anonymous_client):
    sign_in(anonymous_client, social_worker.email, PASSWORD)

    response = anonymous_client.post(MFA_AUTHENTICATE, {"code": a_wrong_totp_code()})

    assert response.status_code == 200
    assert "Incorrect code." in response.content.decode()
    assert signed_in_user_id(anonymous_client) is None


def test_the_right_code_signs_staff_in(social_worker, anonymous_client):
    sign_in(anonymous_client, social_worker.email, PASSWORD)
    anonymous_client.post(MFA_AUTHENTICATE, {"code": a_wrong_totp_code()})

    response = anonymous_client.post(MFA_AUTHENTICATE, {"code": current_totp_code()})

    assert response.status_code == 302
    assert response.url == "/en/welcome/"
    assert signed_in_user_id(anonymous_client) == social_worker.pk
    assert anonymous_client.get("/en/staff/").status_code == 200

"""Agency staff pages, the invitation link, the staff home, and the staff-session middleware."""

import time
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape

from apps.organisations import services
from apps.organisations.middleware import LAST_SEEN_KEY
from apps.organisations.models import Membership, StaffInvite, User
from tests.organisations.factories import MembershipFactory, UserFactory, enrol_totp, office, staff

Role = Membership.Role
STAFF_LIST = "/ar/staff/agency/staff/"
STAFF_INVITE = "/ar/staff/agency/staff/invite/"
NEW_PASSWORD = "Olive-grove-Ajloun-7"
EXPIRED = "This invitation has expired. Ask your agency administrator to invite you again."
NOT_VALID = "This invitation link is not valid or has already been used."


def login_url(language: str) -> str:
    with translation.override(language):
        return reverse("account_login")


def make_invite(actor, email="new.worker@mosd.example.jo") -> tuple[User, str]:
    tokens = []
    user, _ = services.staff_invite(
        email=email,
        full_name="Layla Haddad",
        office=office("MOSD", "IR"),
        role=Role.SOCIAL_WORKER,
        language="en",
        actor=actor,
        build_link=lambda token: tokens.append(token) or token,
    )
    return user, tokens[0]


def invite_form(**overrides) -> dict:
    data = {
        "full_name": "Layla Haddad",
        "email": "layla@mosd.example.jo",
        "office": office("MOSD", "IR").pk,
        "role": Role.SOCIAL_WORKER,
        "language": "en",
    }
    return data | overrides


# Agency staff list and invite form -------------------------------------------------------------


@pytest.mark.parametrize("url", [STAFF_LIST, STAFF_INVITE])
def test_an_agency_admin_opens_the_staff_pages(url, agency_admin, client_for):
    assert client_for(agency_admin).get(url).status_code == 200


@pytest.mark.parametrize("url", [STAFF_LIST, STAFF_INVITE])
@pytest.mark.parametrize("persona", ["social_worker", "supervisor", "citizen"])
def test_other_personas_are_refused_the_staff_pages(url, persona, request, client_for):
    response = client_for(request.getfixturevalue(persona)).get(url)
    assert response.status_code == 403


@pytest.mark.parametrize("url", [STAFF_LIST, STAFF_INVITE])
def test_anonymous_visitors_are_sent_to_sign_in(url, db, anonymous_client):
    response = anonymous_client.get(url)
    assert response.status_code == 302
    assert response.url == f"{login_url('ar')}?next={url}"


def test_an_agency_admin_sees_only_the_staff_of_their_agency(
    other_agency_admin, other_agency_worker, social_worker, agency_admin, client_for
):
    page = client_for(other_agency_admin).get(STAFF_LIST).content.decode()
    assert "worker@naf.example.jo" in page
    assert "admin@naf.example.jo" in page
    assert "worker@mosd.example.jo" not in page
    assert "admin@mosd.example.jo" not in page


def test_a_staff_member_of_two_agencies_shows_only_the_admins_agency_roles(
    other_agency_admin, client_for
):
    person = staff("NAF", "IR", Role.SOCIAL_WORKER, email="both@example.jo")
    MembershipFactory(user=person, office=office("MOSD", "AM"), role=Role.SUPERVISOR)
    with translation.override("en"):
        response = client_for(other_agency_admin).get("/en/staff/agency/staff/")
    page = response.content.decode()
    assert "both@example.jo" in page
    assert "National Aid Fund - Irbid office" in page
    assert "Ministry of Social Development - Amman office" not in page


def test_posting_the_invite_form_creates_the_person_and_redirects(
    agency_admin, client_for, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(agency_admin).post(STAFF_INVITE, invite_form())

    assert response.status_code == 302
    assert response.url == STAFF_LIST
    user = User.objects.get(email="layla@mosd.example.jo")
    assert Membership.objects.filter(
        user=user, office=office("MOSD", "IR"), role=Role.SOCIAL_WORKER
    ).exists()
    assert StaffInvite.objects.filter(user=user).count() == 1
    assert [message.to for message in mail.outbox] == [["layla@mosd.example.jo"]]


def _emailed_link() -> str:
    return next(line for line in mail.outbox[0].body.splitlines() if "/invite/" in line).strip()


def test_the_emailed_link_opens_the_accept_page(
    agency_admin, client_for, anonymous_client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client_for(agency_admin).post(STAFF_INVITE, invite_form())
    link = _emailed_link()
    assert link.startswith("http://testserver/")
    assert anonymous_client.get(link.removeprefix("http://testserver")).status_code == 200


@pytest.mark.parametrize("language", ["en", "ar"])
def test_the_emailed_link_opens_in_the_invitees_language(
    language, agency_admin, client_for, django_capture_on_commit_callbacks
):
    """The admin works in Arabic; an English-speaking invitee gets an English email and page."""
    with django_capture_on_commit_callbacks(execute=True):
        client_for(agency_admin).post(STAFF_INVITE, invite_form(language=language))
    assert _emailed_link().startswith(f"http://testserver/{language}/invite/")


def test_an_office_of_another_agency_is_a_form_error(agency_admin, client_for):
    response = client_for(agency_admin).post(
        STAFF_INVITE, invite_form(office=office("NAF", "IR").pk)
    )

    assert response.status_code == 200
    assert response.context["form"].errors["office"]
    assert not User.objects.filter(email="layla@mosd.example.jo").exists()
    assert not StaffInvite.objects.exists()


def test_inviting_someone_who_already_holds_the_role_is_a_form_error(
    agency_admin, social_worker, client_for
):
    response = client_for(agency_admin).post(
        STAFF_INVITE, invite_form(email=social_worker.email, office=office("MOSD", "AM").pk)
    )
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert Membership.objects.filter(user=social_worker).count() == 1


def test_the_staff_list_issues_a_bounded_number_of_queries(
    agency_admin, client_for, django_assert_max_num_queries
):
    offices = [office("MOSD", "AM"), office("MOSD", "IR"), office("MOSD", "ZA")]
    for n in range(30):
        MembershipFactory(office=offices[n % 3], role=Role.SOCIAL_WORKER)
    client = client_for(agency_admin)
    client.get(STAFF_LIST)  # the session's first visit also stores the idle clock

    with django_assert_max_num_queries(10):
        response = client.get(STAFF_LIST)

    assert response.status_code == 200
    assert len(response.context["page"].object_list) == 31


# The invitation link ---------------------------------------------------------------------------


def test_a_valid_invitation_opens_the_password_form(agency_admin, anonymous_client):
    _, token = make_invite(agency_admin)
    response = anonymous_client.get(f"/en/invite/{token}/")
    assert response.status_code == 200
    assert "new.worker@mosd.example.jo" in response.content.decode()


@pytest.mark.parametrize(
    ("password1", "password2"),
    [(NEW_PASSWORD, NEW_PASSWORD + "x"), ("short1!", "short1!")],
    ids=["mismatch", "too-short"],
)
def test_a_bad_password_is_refused_and_changes_nothing(
    password1, password2, agency_admin, anonymous_client
):
    user, token = make_invite(agency_admin)

    response = anonymous_client.post(
        f"/en/invite/{token}/", {"password1": password1, "password2": password2}
    )

    assert response.status_code == 200
    assert response.context["form"].errors
    user.refresh_from_db()
    assert not user.has_usable_password()
    assert StaffInvite.objects.get(user=user).accepted_at is None


def test_accepting_the_invitation_lets_the_person_sign_in(agency_admin, anonymous_client):
    user, token = make_invite(agency_admin)

    response = anonymous_client.post(
        f"/en/invite/{token}/", {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    )

    assert response.status_code == 302
    assert response.url == login_url("en")
    assert StaffInvite.objects.get(user=user).accepted_at is not None
    signed_in = anonymous_client.post(
        login_url("en"), {"login": user.email, "password": NEW_PASSWORD}
    )
    assert signed_in.status_code == 302
    assert int(anonymous_client.session["_auth_user_id"]) == user.pk
    # The link works once.
    assert anonymous_client.get(f"/en/invite/{token}/").status_code == 410


def test_an_unknown_invitation_answers_gone(db, anonymous_client):
    response = anonymous_client.get("/en/invite/no-such-token/")
    assert response.status_code == 410
    assert NOT_VALID in response.content.decode()


def test_an_expired_invitation_answers_gone_with_a_translated_message(
    agency_admin, anonymous_client
):
    user, token = make_invite(agency_admin)
    StaffInvite.objects.filter(user=user).update(expires_at=timezone.now() - timedelta(seconds=1))

    english = anonymous_client.get(f"/en/invite/{token}/")
    arabic = anonymous_client.get(f"/ar/invite/{token}/")
    posted = anonymous_client.post(
        f"/en/invite/{token}/", {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    )

    assert (english.status_code, arabic.status_code, posted.status_code) == (410, 410, 410)
    assert EXPIRED in english.content.decode()
    with translation.override("ar"):
        in_arabic = translation.gettext(EXPIRED)
    assert in_arabic != EXPIRED  # the catalogue translates it
    assert escape(in_arabic) in arabic.content.decode()
    assert EXPIRED not in arabic.content.decode()
    user.refresh_from_db()
    assert not user.has_usable_password()


# Staff home ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "role"),
    [
        ("social_worker", Role.SOCIAL_WORKER),
        ("supervisor", Role.SUPERVISOR),
        ("other_agency_worker", Role.SOCIAL_WORKER),
        ("agency_admin", Role.AGENCY_ADMIN),
        ("other_agency_admin", Role.AGENCY_ADMIN),
    ],
)
def test_each_staff_member_sees_their_role_on_the_staff_home(persona, role, request, client_for):
    response = client_for(request.getfixturevalue(persona)).get("/ar/staff/")
    assert response.status_code == 200
    with translation.override("ar"):
        label = str(Role(role).label)
    assert escape(label) in response.content.decode()


def test_the_staff_home_links_admins_to_the_staff_list_only(
    agency_admin, social_worker, client_for
):
    assert STAFF_LIST in client_for(agency_admin).get("/ar/staff/").content.decode()
    assert STAFF_LIST not in client_for(social_worker).get("/ar/staff/").content.decode()


def test_a_citizen_is_refused_the_staff_home(citizen, client_for):
    assert client_for(citizen).get("/ar/staff/").status_code == 403


def test_an_anonymous_visitor_is_sent_to_sign_in_from_the_staff_home(db, anonymous_client):
    response = anonymous_client.get("/ar/staff/")
    assert response.status_code == 302
    assert response.url == f"{login_url('ar')}?next=/ar/staff/"


# Second factor and idle timeout (apps/organisations/middleware.py) -------------------------------


def test_staff_without_a_second_factor_must_set_one_up_before_staff_pages(db, client_for):
    user = staff("MOSD", "AM", Role.SOCIAL_WORKER, second_factor=False)
    client = client_for(user)

    response = client.get("/en/staff/")

    assert response.status_code == 302
    with translation.override("en"):
        assert response.url == reverse("mfa_activate_totp")
    assert response.url.startswith("/en/")
    assert client.get("/en/").status_code == 200


def test_staff_with_a_second_factor_open_staff_pages(social_worker, client_for):
    assert client_for(social_worker).get("/en/staff/").status_code == 200


def _idle_for(client, minutes: int) -> None:
    session = client.session
    session[LAST_SEEN_KEY] = int(time.time()) - minutes * 60
    session.save()


def test_a_staff_session_ends_after_thirty_idle_minutes(social_worker, client_for):
    client = client_for(social_worker)
    _idle_for(client, 31)

    response = client.get("/en/staff/")

    assert response.status_code == 302
    assert response.url == f"{login_url('en')}?next=/en/staff/"
    assert "_auth_user_id" not in client.session
    assert client.get("/en/staff/").url.startswith(login_url("en"))


def test_a_staff_session_survives_a_short_pause(social_worker, client_for):
    client = client_for(social_worker)
    _idle_for(client, 29)
    assert client.get("/en/staff/").status_code == 200
    assert int(client.session["_auth_user_id"]) == social_worker.pk


def test_a_citizen_session_has_no_staff_idle_timeout(citizen, client_for):
    client = client_for(citizen)
    _idle_for(client, 31)

    assert client.get("/en/").status_code == 200
    assert int(client.session["_auth_user_id"]) == citizen.pk


def test_the_admin_site_requires_a_second_factor(client_for):
    admin_user = UserFactory(is_staff=True, is_superuser=True)
    response = client_for(admin_user).get("/en/admin/")
    assert response.status_code == 302
    with translation.override("en"):
        assert response["Location"] == reverse("mfa_activate_totp")

    enrol_totp(admin_user)
    assert client_for(admin_user).get("/en/admin/").status_code == 200

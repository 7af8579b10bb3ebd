"""The public shell: language prefixes, the switcher, the post-sign-in landing, static assets."""

import re

import pytest
from django.contrib.staticfiles import finders
from django.test import Client
from django.urls import reverse
from django.utils import translation


def test_the_root_redirects_to_arabic(db, anonymous_client):
    response = anonymous_client.get("/")
    assert response.status_code == 302
    assert response.url == "/ar/"


def test_the_arabic_home_is_right_to_left_with_the_rtl_bootstrap(db, anonymous_client):
    response = anonymous_client.get("/ar/")
    page = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="ar" dir="rtl">' in page
    assert "vendor/bootstrap/css/bootstrap.rtl.min.css" in page


def test_the_english_home_is_left_to_right_with_the_ltr_bootstrap(db, anonymous_client):
    response = anonymous_client.get("/en/")
    page = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="en" dir="ltr">' in page
    assert "vendor/bootstrap/css/bootstrap.min.css" in page
    assert "bootstrap.rtl" not in page


def test_an_unknown_language_prefix_is_not_found(db, anonymous_client):
    response = anonymous_client.get("/fr/")
    assert response.status_code == 404
    assert "404.html" in [template.name for template in response.templates]


@pytest.mark.parametrize(
    ("accept_language", "language", "current", "expected"),
    [
        ("ar", "en", "/ar/accounts/login/", "/en/accounts/login/"),
        ("en", "en", "/ar/accounts/login/", "/en/accounts/login/"),
        ("en", "ar", "/en/accounts/signup/", "/ar/accounts/signup/"),
        ("ar", "ar", "/en/", "/ar/"),
    ],
)
def test_the_language_switcher_keeps_the_page(
    accept_language, language, current, expected, db, anonymous_client
):
    # The switcher posts to the set_language URL rendered in the current page's language.
    with translation.override(current.split("/")[1]):
        url = reverse("set_language")
    response = anonymous_client.post(
        url, {"language": language, "next": current}, HTTP_ACCEPT_LANGUAGE=accept_language
    )
    assert response.status_code == 302
    assert response.url == expected
    assert anonymous_client.get(response.url).status_code == 200


def test_the_language_switcher_refuses_to_send_visitors_off_site(db, anonymous_client):
    response = anonymous_client.post(
        reverse("set_language"), {"language": "en", "next": "https://evil.example/"}
    )
    assert response.status_code == 302
    assert "evil.example" not in response.url


@pytest.mark.parametrize("persona", ["social_worker", "agency_admin"])
def test_after_sign_in_staff_land_on_the_staff_home(persona, request, client_for):
    response = client_for(request.getfixturevalue(persona)).get("/en/welcome/")
    assert response.status_code == 302
    assert response.url == "/en/staff/"


def test_after_sign_in_citizens_land_on_the_public_home(citizen, client_for):
    response = client_for(citizen).get("/en/welcome/")
    assert response.status_code == 302
    assert response.url == "/en/"


def test_the_landing_page_asks_anonymous_visitors_to_sign_in(db, anonymous_client):
    response = anonymous_client.get("/en/welcome/")
    assert response.status_code == 302
    assert response.url == "/en/accounts/login/?next=/en/welcome/"


@pytest.mark.parametrize(
    ("language", "stylesheet"),
    [("ar", "bootstrap.rtl.min.css"), ("en", "bootstrap.min.css")],
)
def test_the_bootstrap_stylesheet_the_page_links_is_served(language, stylesheet, db, settings):
    # Tests run without collectstatic; let whitenoise serve from the finders as under runserver.
    settings.WHITENOISE_USE_FINDERS = True
    client = Client()  # a new client builds its middleware with these settings
    page = client.get(f"/{language}/").content.decode()
    url = re.search(rf'href="([^"]*/{re.escape(stylesheet)})"', page).group(1)

    response = client.get(url)

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/css")
    assert b"Bootstrap" in b"".join(response.streaming_content)
    assert finders.find(url.removeprefix(settings.STATIC_URL)) is not None

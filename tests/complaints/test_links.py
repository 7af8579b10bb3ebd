"""Citizens find the complaint form and the tracking page from the public navigation and the
home page, in both languages; staff find the queue and the intake form in their menu."""

import pytest
from django.urls import reverse
from django.utils import translation

from apps.organisations.navigation import staff_menu

pytestmark = pytest.mark.django_db


def urls(lang: str) -> tuple[str, str]:
    with translation.override(lang):
        return reverse("complaints:new"), reverse("portal:track")


@pytest.mark.parametrize("lang", ["ar", "en"])
@pytest.mark.parametrize("page", ["/{lang}/", "/{lang}/services/"])
def test_public_pages_link_to_the_form_and_to_tracking(lang, page, anonymous_client):
    response = anonymous_client.get(page.format(lang=lang))
    assert response.status_code == 200
    body = response.content.decode()
    new, track = urls(lang)
    navbar = body[body.index("<nav") : body.index("</nav>")]
    assert f'href="{new}"' in navbar and f'href="{track}"' in navbar
    if page == "/{lang}/":
        main = body[body.index("<main") :]
        assert f'href="{new}"' in main and f'href="{track}"' in main


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("officer", {"complaints:queue", "complaints:intake"}),
        ("unit_supervisor", {"complaints:queue"}),
        ("naf_admin", {"complaints:queue", "complaints:categories"}),
        ("intake_officer", {"complaints:intake"}),
    ],
)
def test_the_staff_menu_has_the_complaint_pages_of_each_role(persona, expected, request):
    names = {item.url_name for item in staff_menu(request.getfixturevalue(persona))}
    assert {name for name in names if name.startswith("complaints:")} == expected

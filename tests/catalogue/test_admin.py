"""The admin site shows cards and their history read-only, and keeps the life events."""

import pytest
from django.contrib.auth import get_user_model

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser_client(client):
    from tests.organisations.factories import enrol_totp

    user = get_user_model().objects.create_superuser(email="root@example.jo", password="x" * 12)
    enrol_totp(user)
    client.force_login(user)
    return client


def test_cards_are_read_only_in_the_admin(superuser_client, mosd_card):
    changelist = superuser_client.get("/en/admin/catalogue/service/", {"q": "الرعايه النهاريه"})
    assert changelist.status_code == 200
    assert mosd_card.slug in changelist.content.decode()
    assert superuser_client.get("/en/admin/catalogue/service/add/").status_code == 403
    page = superuser_client.get(f"/en/admin/catalogue/service/{mosd_card.pk}/change/")
    assert page.status_code == 200
    assert 'name="name_en"' not in page.content.decode()
    history = superuser_client.get("/en/admin/catalogue/servicechange/")
    assert history.status_code == 200


def test_life_events_are_kept_in_the_admin(superuser_client, mosd_card):
    assert superuser_client.get("/en/admin/catalogue/lifeevent/add/").status_code == 200
    found = superuser_client.get(
        "/en/admin/autocomplete/",
        {
            "app_label": "catalogue",
            "model_name": "lifeeventservice",
            "field_name": "service",
            "term": "day",
        },
    )
    assert [r["id"] for r in found.json()["results"]] == [str(mosd_card.pk)]

"""The registry in Django's admin site: changelists open, and search finds people by ID or name."""

import pytest
from django.test import Client

from apps.organisations.models import User
from tests.organisations.factories import enrol_totp
from tests.registry.factories import PersonFactory, household_of


@pytest.fixture
def admin_client_signed_in(db):
    user = User.objects.create_superuser(email="root@masar.example.jo", password=None)
    client = Client()
    client.force_login(enrol_totp(user))  # the admin asks for a second factor
    return client


@pytest.mark.parametrize("model", ["person", "household", "householdmember", "consent"])
def test_the_changelists_open(model, admin_client_signed_in):
    household_of(PersonFactory(agencies=["MOSD"]))

    response = admin_client_signed_in.get(f"/en/admin/registry/{model}/")

    assert response.status_code == 200


@pytest.mark.parametrize("query", ["9791234567", "٩٧٩١٢٣٤٥٦٧", "أحمد محمد", "احمد محمد", "khatib"])
def test_the_person_search_ignores_spelling_variants(query, admin_client_signed_in):
    wanted = PersonFactory(
        first_name_ar="أحمد",
        father_name_ar="محمد",
        family_name_ar="الخطيب",
        name_en="Ahmad Al-Khatib",
        id_number="9791234567",
    )
    PersonFactory(first_name_ar="فاطمة", family_name_ar="العمري")

    response = admin_client_signed_in.get("/en/admin/registry/person/", {"q": query})

    assert list(response.context["cl"].result_list) == [wanted]


def test_a_person_opens_in_the_admin(admin_client_signed_in):
    person = PersonFactory(agencies=["MOSD"])
    household_of(person)

    response = admin_client_signed_in.get(f"/en/admin/registry/person/{person.pk}/change/")

    assert response.status_code == 200

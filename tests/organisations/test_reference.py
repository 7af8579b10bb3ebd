"""Reference data: governorates, agencies and their offices (migration organisations/0002)."""

import pytest
from django.db.models import Count, Q
from django.utils import translation

from apps.organisations.models import Agency, Governorate, Office
from apps.organisations.reference import load_reference_data
from tests.organisations.factories import ensure_reference_data


@pytest.fixture(autouse=True)
def _reference_data(db):
    ensure_reference_data()


def test_the_twelve_governorates_are_loaded(db):
    assert Governorate.objects.count() == 12
    assert Governorate.objects.first().code == "AM"  # ordered by the CSV's position


def test_the_twenty_agencies_are_loaded(db):
    assert Agency.objects.count() == 20
    assert Agency.objects.filter(social_sector=True).count() == 10


def test_social_sector_agencies_have_a_head_office_and_one_office_per_governorate(db):
    agencies = Agency.objects.annotate(
        heads=Count("offices", filter=Q(offices__is_head_office=True)),
        local=Count("offices", filter=Q(offices__is_head_office=False)),
        covered=Count(
            "offices__governorate", filter=Q(offices__is_head_office=False), distinct=True
        ),
    )
    for agency in agencies:
        assert agency.heads == 1, agency.code
        if agency.social_sector:
            assert (agency.local, agency.covered) == (12, 12), agency.code
        else:
            assert agency.local == 0, agency.code
    assert Office.objects.get(agency__code="MOSD", is_head_office=True).governorate.code == "AM"
    assert Office.objects.filter(agency__code="MOSD").count() == 13
    assert Office.objects.filter(agency__code="MOI").count() == 1


def test_loading_the_reference_data_again_creates_nothing(db):
    before = (Governorate.objects.count(), Agency.objects.count(), Office.objects.count())
    office_ids = set(Office.objects.values_list("pk", flat=True))

    load_reference_data(Governorate, Agency, Office)

    assert (Governorate.objects.count(), Agency.objects.count(), Office.objects.count()) == before
    assert set(Office.objects.values_list("pk", flat=True)) == office_ids


def test_names_follow_the_active_language(db):
    irbid = Governorate.objects.get(code="IR")
    mosd = Agency.objects.get(code="MOSD")
    with translation.override("ar"):
        assert irbid.name == "إربد"
        assert mosd.name == "وزارة التنمية الاجتماعية"
        assert str(mosd) == "وزارة التنمية الاجتماعية"
    with translation.override("en"):
        assert irbid.name == "Irbid"
        assert mosd.name == "Ministry of Social Development"
        assert str(mosd) == "Ministry of Social Development"

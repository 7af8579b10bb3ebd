"""The demo catalogue: enough cards, in both languages, idempotent, and the issue's searches."""

from apps.catalogue.demo import seed_catalogue_demo
from apps.catalogue.demo_cards import CARDS, LIFE_EVENTS
from apps.catalogue.models import LifeEvent, LifeEventService, Service, ServiceChange
from apps.catalogue.services import publish_problems

SOCIAL_AGENCIES = {"MOSD", "NAF", "ZAKAT", "HCD", "SSC", "HIA", "MOL"}


def counts() -> tuple[int, ...]:
    return (
        Service.objects.count(),
        ServiceChange.objects.count(),
        LifeEvent.objects.count(),
        LifeEventService.objects.count(),
    )


def test_the_demo_catalogue_loads_once(db):
    assert seed_catalogue_demo() == len(CARDS)
    first = counts()
    assert seed_catalogue_demo() == 0
    assert counts() == first


def test_the_demo_cards_are_published_complete_and_in_both_languages(db):
    seed_catalogue_demo()
    cards = list(Service.objects.select_related("agency").prefetch_related("documents"))
    social = [c for c in cards if c.agency.code in SOCIAL_AGENCIES]
    assert len(social) >= 40
    assert {c.agency.code for c in social} == SOCIAL_AGENCIES
    for service in cards:
        assert service.status == Service.Status.PUBLISHED, service.slug
        assert not publish_problems(service), service.slug
        for field in ("description", "eligibility"):
            assert getattr(service, f"{field}_ar") and getattr(service, f"{field}_en"), service.slug
        assert bool(service.fee_note_ar) == bool(service.fee_note_en), service.slug
        for document in service.documents.all():
            assert document.name_ar and document.name_en


def test_the_six_life_events_have_their_services_in_order(db):
    seed_catalogue_demo()
    assert list(LifeEvent.objects.values_list("code", flat=True)) == [e[0] for e in LIFE_EVENTS]
    newborn = LifeEvent.objects.get(code="newborn")
    slugs = list(newborn.links.values_list("service__slug", flat=True))
    assert slugs[:2] == ["cspd-birth-registration", "cspd-family-book"]
    for code, _names, _descriptions, expected in LIFE_EVENTS:
        event = LifeEvent.objects.get(code=code)
        assert list(event.links.values_list("service__slug", flat=True)) == expected, code


def test_the_bench_catalogue_makes_as_many_published_cards_as_asked(db):
    from apps.catalogue.benchdata import bench_catalogue
    from tests.organisations.factories import ensure_reference_data

    ensure_reference_data()
    assert bench_catalogue(total=70) == 70
    assert bench_catalogue(total=70) == 0
    assert Service.objects.filter(status=Service.Status.PUBLISHED).count() == 70
    assert Service.objects.filter(slug="naf-monthly-cash-aid-ir-1").exists()

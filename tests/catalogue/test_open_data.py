"""Open data: the published catalogue as JSON and CSV, and the HSDS 3.0 API, validated against
the HSDS schemas (tests/catalogue/hsds/, CC BY-SA 4.0, Open Referral)."""

import csv
import io
import json
from decimal import Decimal
from pathlib import Path

import pytest
from django.urls import reverse
from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from apps.catalogue import exports, services
from apps.catalogue.models import Channel, Service
from tests.catalogue.factories import card, life_event

pytestmark = pytest.mark.django_db

HSDS = Path(__file__).resolve().parent / "hsds"


def _schema(name: str) -> dict:
    return json.loads((HSDS / name).read_text(encoding="utf-8"))


def _registry() -> Registry:
    resources = [
        (path.name, Resource.from_contents(_schema(f"parts/{path.name}"), DRAFT202012))
        for path in (HSDS / "parts").glob("*.json")
    ]
    return Registry().with_resources(resources)


REGISTRY = _registry()
PAGE = _schema("openapi.json")["components"]["schemas"]["Page"]


def validate(instance, schema: dict) -> None:
    """Fail with every error the HSDS schema finds (formats checked: uuid, email, ...)."""
    validator = Draft202012Validator(schema, registry=REGISTRY, format_checker=FormatChecker())
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(instance)]
    assert not errors, errors


def assert_known_fields(record: dict, part: str, extra: frozenset = frozenset()) -> None:
    """Only fields HSDS defines (the schemas allow others; we do not invent any)."""
    known = set(_schema(f"parts/{part}.json")["properties"]) | extra
    assert set(record) <= known, set(record) - known


def url(name: str, *args) -> str:
    return reverse(f"open_data:{name}", args=args)


@pytest.fixture
def catalogue(agency_admin, mosd_card, naf_card, mosd_draft):
    """Two published cards, a draft, a retired card; the published ones in a life event."""
    retired = card("NAF", slug="naf-retired", name_en="Retired aid")
    services.service_retire(service=retired, actor=staff_admin("NAF"))
    services.service_update(
        service=mosd_card,
        actor=agency_admin,
        fee=Decimal("2.5"),
        fee_note_ar="لكل شهر",
        fee_note_en="Per month",
        channels=[Channel.OFFICE, Channel.ONLINE],
        applicable_online=True,
        description_en='Line one.\nLine two, with a comma and "quotes".',
    )
    life_event("elderly_care", mosd_card, naf_card)
    return {"published": [mosd_card, naf_card], "draft": mosd_draft, "retired": retired}


def staff_admin(agency: str):
    from apps.organisations.models import Membership
    from tests.organisations.factories import staff

    return staff(agency, None, Membership.Role.AGENCY_ADMIN)


# JSON and CSV -----------------------------------------------------------------------------------


def test_the_json_export_has_the_published_cards_in_both_languages(client, catalogue):
    response = client.get(url("services_json"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Access-Control-Allow-Origin"] == "*"
    data = json.loads(response.content)
    assert data["count"] == 2
    by_slug = {record["slug"]: record for record in data["services"]}
    assert set(by_slug) == {"mosd-day-care", "naf-emergency-aid"}
    record = by_slug["mosd-day-care"]
    assert record["name"] == {
        "ar": "مراكز الرعاية النهارية لكبار السن",
        "en": "Day-care centres for older people",
    }
    assert record["agency"]["code"] == "MOSD"
    assert record["fee_jod"] == 2.5
    assert record["fee_note"] == {"ar": "لكل شهر", "en": "Per month"}
    assert record["channels"] == ["office", "online"]
    assert record["required_documents"] == [
        {"ar": "صورة الهوية الشخصية", "en": "A copy of the ID card"}
    ]
    assert record["life_events"] == ["elderly_care"]
    assert record["url"]["ar"] == "http://testserver/ar/services/mosd-day-care/"
    assert record["url"]["en"] == "http://testserver/en/services/mosd-day-care/"
    assert record["id"] == str(catalogue["published"][0].uuid)


def test_the_csv_export_parses_back(client, catalogue):
    response = client.get(url("services_csv"))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.content.startswith("\ufeff".encode())
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [row["slug"] for row in rows] == ["mosd-day-care", "naf-emergency-aid"]
    assert list(rows[0]) == exports.CSV_COLUMNS
    row = rows[0]
    assert row["name_ar"] == "مراكز الرعاية النهارية لكبار السن"
    assert row["description_en"] == 'Line one.\nLine two, with a comma and "quotes".'
    assert row["fee_jod"] == "2.500"
    assert row["channels"] == "office | online"
    assert row["applicable_online"] == "true"
    assert row["url_en"] == "http://testserver/en/services/mosd-day-care/"


def test_the_csv_export_defuses_spreadsheet_formulas(client, db):
    card("MOL", slug="mol-formula", name_en='=HYPERLINK("http://evil.example","click")')
    rows = list(
        csv.DictReader(io.StringIO(client.get(url("services_csv")).content.decode("utf-8-sig")))
    )
    assert rows[0]["name_en"] == '\'=HYPERLINK("http://evil.example","click")'


def test_the_exports_issue_a_fixed_number_of_queries(client, db, django_assert_max_num_queries):
    cards = [
        card("NAF", slug=f"naf-{n}", documents=[("وثيقة", "A document")] * 2) for n in range(15)
    ]
    life_event("job_loss", *cards)
    for name in ("services_json", "services_csv"):
        # The catalogue's version (two), then the cards, their documents and life events.
        with django_assert_max_num_queries(5):
            assert client.get(url(name)).status_code == 200
        # The same version again: built once, kept in the cache.
        with django_assert_max_num_queries(2):
            assert client.get(url(name)).status_code == 200


def test_a_cached_export_follows_every_change(client, agency_admin, mosd_card, naf_card):
    def slugs() -> list[str]:
        return sorted(r["slug"] for r in client.get(url("services_json")).json()["services"])

    assert slugs() == ["mosd-day-care", "naf-emergency-aid"]
    services.service_retire(service=mosd_card, actor=agency_admin)
    assert slugs() == ["naf-emergency-aid"]
    services.service_return_to_draft(service=mosd_card, actor=agency_admin)
    services.service_publish(service=mosd_card, actor=agency_admin)
    services.service_update(service=mosd_card, actor=agency_admin, name_en="Day care, renamed")
    records = client.get(url("services_json")).json()["services"]
    assert {r["name"]["en"] for r in records} == {"Day care, renamed", "Emergency cash aid"}
    life_event("job_loss", naf_card)
    records = client.get(url("services_json")).json()["services"]
    assert {r["slug"]: r["life_events"] for r in records}["naf-emergency-aid"] == ["job_loss"]
    body = client.get(url("services_csv")).content.decode("utf-8-sig")
    assert {row["name_en"] for row in csv.DictReader(io.StringIO(body))} == {
        "Day care, renamed",
        "Emergency cash aid",
    }


# HSDS -------------------------------------------------------------------------------------------


def test_the_hsds_root_says_what_it_is(client, db):
    data = client.get(url("hsds_root")).json()
    assert data["version"] == "3.0"
    assert data["openapi_url"].startswith("https://")


@pytest.mark.parametrize("language", ["ar", "en"])
def test_hsds_services_are_a_valid_page_of_valid_services(client, catalogue, language):
    response = client.get(url("hsds_services"), {"lang": language})
    assert response.status_code == 200
    page = response.json()
    validate(page, PAGE)
    assert (page["total_items"], page["total_pages"], page["page_number"]) == (2, 1, 1)
    assert (page["first_page"], page["last_page"], page["empty"]) == (True, True, False)
    for item in page["contents"]:
        validate(item, _schema("service_with_definitions.json"))
        assert_known_fields(item, "service")
    names = {item["name"] for item in page["contents"]}
    expected = (
        "مراكز الرعاية النهارية لكبار السن"
        if language == "ar"
        else "Day-care centres for older people"
    )
    assert expected in names


@pytest.mark.parametrize("language", ["ar", "en"])
def test_an_hsds_service_is_fully_nested_and_valid(client, catalogue, language):
    service = catalogue["published"][0]
    response = client.get(url("hsds_service", service.uuid), {"lang": language})
    assert response.status_code == 200
    data = response.json()
    validate(data, _schema("service_with_definitions.json"))
    assert_known_fields(data, "service")
    assert_known_fields(data["organization"], "organization")
    assert data["id"] == str(service.uuid)
    assert data["organization"]["name"] == (
        "Ministry of Social Development" if language == "en" else "وزارة التنمية الاجتماعية"
    )
    assert data["cost_options"][0]["amount"] == 2.5
    assert data["cost_options"][0]["currency"] == "JOD"
    assert len(data["required_documents"]) == 1
    assert data["attributes"][0]["taxonomy_term"]["code"] == "karama"
    locations = data["service_at_locations"]
    assert len(locations) == 13  # the head office and one office per governorate
    for link in locations:
        assert_known_fields(link, "service_at_location")
        assert_known_fields(link["location"], "location")
        assert link["location"]["schedules"][0]["byday"] == "SU,MO,TU,WE,TH"
    assert len({link["location_id"] for link in locations}) == 13


def test_hsds_identifiers_are_stable(client, catalogue):
    service = catalogue["published"][0]
    first = client.get(url("hsds_service", service.uuid)).json()
    second = client.get(url("hsds_service", service.uuid)).json()
    assert first == second


def test_hsds_organizations_are_valid(client, catalogue):
    page = client.get(url("hsds_organizations"), {"lang": "en"}).json()
    validate(page, PAGE)
    assert [o["alternate_name"] for o in page["contents"]] == [
        "وزارة التنمية الاجتماعية",
        "صندوق المعونة الوطنية",
    ]
    for item in page["contents"]:
        validate(item, _schema("parts/organization.json"))
        assert_known_fields(item, "organization")
    mosd = page["contents"][0]
    detail = client.get(url("hsds_organization", mosd["id"]), {"lang": "ar"})
    assert detail.status_code == 200
    data = detail.json()
    validate(data, _schema("parts/organization.json"))
    assert_known_fields(data, "organization", extra=frozenset({"services"}))
    assert len(data["locations"]) == 13
    assert [s["id"] for s in data["services"]] == [str(catalogue["published"][0].uuid)]
    for service in data["services"]:
        validate(service, _schema("service_with_definitions.json"))


def test_hsds_lists_filter_by_organization_search_and_date(client, catalogue):
    naf = exports.organization_id(catalogue["published"][1].agency)
    page = client.get(url("hsds_services"), {"organization_id": naf}).json()
    assert [s["id"] for s in page["contents"]] == [str(catalogue["published"][1].uuid)]
    page = client.get(url("hsds_services"), {"search": "مساعدة نقدية"}).json()
    assert [s["id"] for s in page["contents"]] == [str(catalogue["published"][1].uuid)]
    page = client.get(url("hsds_services"), {"modified_after": "2999-01-01T00:00:00+03:00"}).json()
    assert page["empty"] and page["total_items"] == 0


def test_hsds_pages(client, db):
    for n in range(5):
        card("SSC", slug=f"ssc-{n}")
    page = client.get(url("hsds_services"), {"per_page": 2, "page": 3}).json()
    validate(page, PAGE)
    assert (page["total_items"], page["total_pages"], page["size"]) == (5, 3, 1)
    assert (page["first_page"], page["last_page"]) == (False, True)
    beyond = client.get(url("hsds_services"), {"per_page": 2, "page": 9}).json()
    assert beyond["empty"] and beyond["contents"] == []


@pytest.mark.parametrize(
    "query",
    [
        {"lang": "fr"},
        {"page": "0"},
        {"page": "abc"},
        {"page": "٣"},
        {"per_page": "1000"},
        {"modified_after": "yesterday"},
        {"modified_after": "2026-13-45T99:00:00"},
    ],
)
def test_bad_hsds_parameters_are_refused_with_a_reason(client, catalogue, query):
    response = client.get(url("hsds_services"), query)
    assert response.status_code == 400
    assert response.json()["error"]


def test_unpublished_and_unknown_ids_are_not_found(client, catalogue):
    for service in (catalogue["draft"], catalogue["retired"]):
        assert client.get(url("hsds_service", service.uuid)).status_code == 404
    unknown = "00000000-0000-4000-8000-000000000000"
    assert client.get(url("hsds_service", unknown)).status_code == 404
    assert client.get(url("hsds_organization", unknown)).status_code == 404
    assert client.get("/open-data/hsds/services/not-a-uuid").status_code == 404


def test_the_hsds_api_issues_a_fixed_number_of_queries(
    client, catalogue, django_assert_max_num_queries
):
    service = catalogue["published"][0]
    organization = exports.organization_id(service.agency)
    with django_assert_max_num_queries(2):
        client.get(url("hsds_services"))
    with django_assert_max_num_queries(4):
        client.get(url("hsds_service", service.uuid))
    with django_assert_max_num_queries(1):
        client.get(url("hsds_organizations"))
    with django_assert_max_num_queries(3):
        client.get(url("hsds_organization", organization))


def test_the_open_data_urls_carry_no_language_prefix(db):
    assert url("services_json") == "/open-data/services.json"
    assert url("hsds_services") == "/open-data/hsds/services"
    assert Service.objects.count() == 0

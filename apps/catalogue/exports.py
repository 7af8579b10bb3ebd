"""The published catalogue as open data: a bilingual JSON document, a CSV file, and the objects
of the Open Referral Human Services Data Specification (HSDS 3.0). See docs/open-data.md.

Builders only: they take cards (from selectors.open_data_services), offices and a function that
makes absolute URLs, and return plain dicts and rows. HSDS asks for UUIDs; cards have their own
(Service.uuid), and agencies, offices and the smaller objects get stable ones derived by uuid5
from what identifies them, so an identifier never changes between two downloads.
"""

import csv
import io
import uuid
from collections.abc import Callable, Iterable
from decimal import Decimal

from django.utils import translation
from django.utils.translation import gettext as _

from apps.organisations.models import Agency, Office

from .models import Channel, Pillar, Service

# Fixed namespace of Masar's derived open-data identifiers; never change it.
NAMESPACE = uuid.UUID("415f62fb-52f6-4912-80a9-f86b35caee75")
HSDS_VERSION = "3.0"
HSDS_PROFILE = "https://docs.openreferral.org/en/latest/hsds/overview.html"
HSDS_OPENAPI = (
    "https://raw.githubusercontent.com/openreferral/specification/3.0/schema/openapi.json"
)
# Government offices keep these hours (DESIGN.md): Sunday to Thursday, 08:00 to 15:00, UTC+3.
OFFICE_DAYS = "SU,MO,TU,WE,TH"
OFFICE_OPENS, OFFICE_CLOSES, UTC_OFFSET = "08:00", "15:00", 3
LANGUAGES = ("ar", "en")
# A spreadsheet runs a cell that starts with one of these as a formula (CSV injection).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

# (url_name, args) -> absolute URL in the active language
UrlBuilder = Callable[[str, tuple], str]


def derived_id(*parts) -> str:
    return str(uuid.uuid5(NAMESPACE, ":".join(str(p) for p in parts)))


def organization_id(agency: Agency) -> str:
    return derived_id("agency", agency.code)


def location_id(office: Office) -> str:
    return derived_id("office", office.pk)


def pillar_term_id(pillar: str) -> str:
    return derived_id("pillar", pillar)


def _pick(language: str, arabic: str, english: str) -> str:
    return (english or arabic) if language == "en" else (arabic or english)


def _other(language: str, arabic: str, english: str) -> str:
    return arabic if language == "en" else english


def _fee(service: Service) -> float:
    return float(service.fee.quantize(Decimal("0.001")))


def _urls(service: Service, url: UrlBuilder) -> dict:
    urls = {}
    for language in LANGUAGES:
        with translation.override(language):
            urls[language] = url("catalogue:detail", (service.slug,))
    return urls


# The bilingual JSON document and the CSV file --------------------------------------------------


def service_record(service: Service, url: UrlBuilder) -> dict:
    """One published card, both languages side by side."""

    def both(field: str) -> dict:
        return {language: getattr(service, f"{field}_{language}") for language in LANGUAGES}

    return {
        "id": str(service.uuid),
        "slug": service.slug,
        "url": _urls(service, url),
        "agency": {
            "code": service.agency.code,
            "name": {"ar": service.agency.name_ar, "en": service.agency.name_en},
        },
        "pillar": service.pillar,
        "name": both("name"),
        "summary": both("summary"),
        "description": both("description"),
        "eligibility": both("eligibility"),
        "required_documents": [{"ar": d.name_ar, "en": d.name_en} for d in service.documents.all()],
        "fee_jod": _fee(service),
        "fee_note": both("fee_note"),
        "channels": list(service.channels),
        "processing_days": service.processing_days,
        "referral_response_days": service.referral_response_days,
        "referrable": service.referrable,
        "applicable_online": service.applicable_online,
        "opens_case": service.opens_case,
        "life_events": [link.life_event.code for link in service.life_event_links.all()],
        "published_at": service.published_at.isoformat() if service.published_at else None,
        "updated_at": service.updated_at.isoformat(),
    }


CSV_COLUMNS = [
    "id",
    "slug",
    "agency_code",
    "agency_name_ar",
    "agency_name_en",
    "pillar",
    "name_ar",
    "name_en",
    "summary_ar",
    "summary_en",
    "description_ar",
    "description_en",
    "eligibility_ar",
    "eligibility_en",
    "required_documents_ar",
    "required_documents_en",
    "fee_jod",
    "fee_note_ar",
    "fee_note_en",
    "channels",
    "processing_days",
    "referral_response_days",
    "referrable",
    "applicable_online",
    "opens_case",
    "life_events",
    "url_ar",
    "url_en",
    "updated_at",
]
# Several values in one cell: required documents, channels, life events.
CSV_LIST_SEPARATOR = " | "


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    text = str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def services_csv(services: Iterable[Service], url: UrlBuilder) -> str:
    """The cards as CSV: one row a card, a column per field and language (CSV_COLUMNS)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for service in services:
        record = service_record(service, url)
        documents = record["required_documents"]
        row = {
            "id": record["id"],
            "slug": record["slug"],
            "agency_code": service.agency.code,
            "agency_name_ar": service.agency.name_ar,
            "agency_name_en": service.agency.name_en,
            "pillar": service.pillar,
            "fee_jod": f"{service.fee:.3f}",
            "required_documents_ar": CSV_LIST_SEPARATOR.join(d["ar"] for d in documents),
            "required_documents_en": CSV_LIST_SEPARATOR.join(d["en"] for d in documents),
            "channels": CSV_LIST_SEPARATOR.join(record["channels"]),
            "life_events": CSV_LIST_SEPARATOR.join(record["life_events"]),
            "url_ar": record["url"]["ar"],
            "url_en": record["url"]["en"],
            "updated_at": record["updated_at"],
        }
        for field in ("name", "summary", "description", "eligibility", "fee_note"):
            for language in LANGUAGES:
                row[f"{field}_{language}"] = record[field][language]
        for field in (
            "processing_days",
            "referral_response_days",
            "referrable",
            "applicable_online",
            "opens_case",
        ):
            row[field] = record[field]
        writer.writerow([_cell(row[column]) for column in CSV_COLUMNS])
    return out.getvalue()


# HSDS 3.0 ---------------------------------------------------------------------------------------


def hsds_organization(agency: Agency, language: str, url: UrlBuilder) -> dict:
    """An organization's one-to-one fields (and its identifier: the agency code)."""
    with translation.override(language):
        catalogue = url("catalogue:list", ())
        description = _("%(agency)s, a government agency of Jordan.") % {
            "agency": _pick(language, agency.name_ar, agency.name_en)
        }
    return {
        "id": organization_id(agency),
        "name": _pick(language, agency.name_ar, agency.name_en),
        "alternate_name": _other(language, agency.name_ar, agency.name_en),
        "description": description,
        "uri": f"{catalogue}?agency={agency.code}",
        "organization_identifiers": [
            {
                "id": derived_id("agency-code", agency.code),
                "organization_id": organization_id(agency),
                "identifier_scheme": "masar",
                "identifier_type": "agency code",
                "identifier": agency.code,
            }
        ],
    }


def hsds_location(office: Office, language: str) -> dict:
    governorate = _pick(language, office.governorate.name_ar, office.governorate.name_en)
    with translation.override(language):
        description = _("Office in the governorate of %(governorate)s.") % {
            "governorate": governorate
        }
        hours = _("Usual government working hours, Sunday to Thursday.")
    return {
        "id": location_id(office),
        "location_type": "physical",
        "organization_id": organization_id(office.agency),
        "name": _pick(language, office.name_ar, office.name_en),
        "alternate_name": _other(language, office.name_ar, office.name_en),
        "description": description,
        "external_identifier": office.governorate.code,
        "external_identifier_type": "governorate code",
        "schedules": [
            {
                "id": derived_id("office-hours", office.pk),
                "location_id": location_id(office),
                "freq": "WEEKLY",
                "wkst": "SU",
                "byday": OFFICE_DAYS,
                "opens_at": OFFICE_OPENS,
                "closes_at": OFFICE_CLOSES,
                "timezone": UTC_OFFSET,
                "description": hours,
            }
        ],
    }


def hsds_service_summary(service: Service, language: str, url: UrlBuilder) -> dict:
    """A service's one-to-one fields: an item of the paged /services list."""
    with translation.override(language):
        card_url = url("catalogue:detail", (service.slug,))
        channels = ", ".join(str(Channel(c).label) for c in service.channels if c in Channel.values)
        process = _("Ways to get the service: %(channels)s.") % {"channels": channels}
        if service.applicable_online:
            process += " " + _("It can be applied for online.")
        if service.fee == 0:
            fees = _("Free")
        else:
            fees = _("%(amount)s Jordanian dinars") % {"amount": f"{service.fee:.3f}"}
        note = _pick(language, service.fee_note_ar, service.fee_note_en)
    summary = _pick(language, service.summary_ar, service.summary_en)
    description = _pick(language, service.description_ar, service.description_en)
    return {
        "id": str(service.uuid),
        "organization_id": organization_id(service.agency),
        "name": _pick(language, service.name_ar, service.name_en),
        "alternate_name": _other(language, service.name_ar, service.name_en),
        "description": "\n\n".join(part for part in (summary, description) if part),
        "url": card_url,
        "status": "active",
        "application_process": process,
        "fees_description": f"{fees}. {note}".strip() if note else fees,
        "eligibility_description": _pick(language, service.eligibility_ar, service.eligibility_en),
        "last_modified": service.updated_at.isoformat(),
    }


def _pillar_attribute(service: Service, language: str) -> dict:
    with translation.override(language):
        name = str(Pillar(service.pillar).label)
        description = _("A pillar of the National Social Protection Strategy 2025–2033.")
        taxonomy = _("Pillars of the National Social Protection Strategy")
    return {
        "id": derived_id("pillar-of", service.uuid),
        "link_id": str(service.uuid),
        "link_type": "pillar",
        "link_entity": "service",
        "taxonomy_term_id": pillar_term_id(service.pillar),
        "taxonomy_term": {
            "id": pillar_term_id(service.pillar),
            "code": service.pillar,
            "name": name,
            "description": description,
            "taxonomy": taxonomy,
            "taxonomy_id": derived_id("taxonomy", "nsps-pillars"),
            "language": language,
        },
    }


def hsds_service(service: Service, offices: list[Office], language: str, url: UrlBuilder) -> dict:
    """A fully nested service: its organization, cost, documents, pillar, and each office of its
    agency as a service_at_location."""
    service_id = str(service.uuid)
    with translation.override(language):
        arabic = _("Arabic")
    record = hsds_service_summary(service, language, url)
    record.update(
        {
            "organization": hsds_organization(service.agency, language, url),
            "cost_options": [
                {
                    "id": derived_id("cost", service.uuid),
                    "service_id": service_id,
                    "currency": "JOD",
                    "amount": _fee(service),
                    "amount_description": record["fees_description"],
                }
            ],
            "required_documents": [
                {
                    "id": derived_id("document", document.pk),
                    "service_id": service_id,
                    "document": _pick(language, document.name_ar, document.name_en),
                }
                for document in service.documents.all()
            ],
            "languages": [
                {
                    "id": derived_id("language", service.uuid, "ar"),
                    "service_id": service_id,
                    "name": arabic,
                    "code": "ar",
                }
            ],
            "attributes": [_pillar_attribute(service, language)],
            "service_at_locations": [
                {
                    "id": derived_id("service-at-location", service.uuid, office.pk),
                    "service_id": service_id,
                    "location_id": location_id(office),
                    "location": hsds_location(office, language),
                }
                for office in offices
            ],
        }
    )
    return record


def hsds_page(contents: list, *, page: int, per_page: int, total: int) -> dict:
    """The HSDS API's "Page" envelope."""
    pages = max(1, -(-total // per_page))
    return {
        "total_items": total,
        "total_pages": pages,
        "page_number": page,
        "size": len(contents),
        "first_page": page == 1,
        "last_page": page >= pages,
        "empty": not contents,
        "contents": contents,
    }

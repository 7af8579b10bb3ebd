"""Service cards and life events for the catalogue tests, made through the services, so that each
card has its search columns and history as a real one."""

import itertools
from decimal import Decimal

from apps.catalogue import services
from apps.catalogue.models import Channel, LifeEvent, Pillar, Service
from apps.organisations.models import Agency
from tests.organisations.factories import ensure_reference_data

_numbers = itertools.count(1)


def complete_fields(**overrides) -> dict:
    """Everything a card needs to be published."""
    n = next(_numbers)
    fields = {
        "pillar": Pillar.KARAMA,
        "name_ar": f"خدمة تجريبية {n}",
        "name_en": f"Test service {n}",
        "summary_ar": "ملخص الخدمة للمواطن.",
        "summary_en": "What the service gives a citizen.",
        "description_ar": "",
        "description_en": "",
        "eligibility_ar": "",
        "eligibility_en": "",
        "fee": Decimal("0"),
        "channels": [Channel.OFFICE],
        "processing_days": 10,
    }
    return fields | overrides


def card(
    agency: str = "MOSD",
    *,
    slug: str | None = None,
    publish: bool = True,
    documents=(),
    **fields,
) -> Service:
    """A card of `agency` (by code), published unless told otherwise."""
    ensure_reference_data()
    fields = complete_fields(**fields)
    slug = slug or f"{agency.lower()}-test-{next(_numbers)}"
    service, _created = services.service_load(
        agency=Agency.objects.get(code=agency),
        slug=slug,
        documents=[services.Document(*d) for d in documents],
        publish=publish,
        **fields,
    )
    return service


def life_event(code: str, *cards: Service, **fields) -> LifeEvent:
    values = {"name_ar": f"حدث {code}", "name_en": f"Event {code}"} | fields
    return services.life_event_load(code=code, services=cards, **values)

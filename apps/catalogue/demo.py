"""The demo catalogue for `make run`: the cards and life events of demo_cards.py, published.

Loaded through services.service_load and life_event_load, so every card has its search columns
and history as a real one. Idempotent: a card whose web address exists is left as it is, and the
life events are set again to the same services.
"""

from django.db import transaction

from apps.organisations.models import Agency, Governorate, Office
from apps.organisations.reference import load_reference_data

from . import services
from .demo_cards import CARDS, LIFE_EVENTS
from .models import Service


@transaction.atomic
def seed_catalogue_demo() -> int:
    """Load the demo catalogue; returns the number of cards created by this run."""
    if not Agency.objects.exists():
        load_reference_data(Governorate, Agency, Office)
    agencies = {agency.code: agency for agency in Agency.objects.all()}
    created = 0
    for values in CARDS:
        fields = dict(values)
        agency = agencies[fields.pop("agency")]
        documents = [services.Document(*d) for d in fields.pop("documents")]
        _service, new = services.service_load(
            agency=agency, slug=fields.pop("slug"), documents=documents, **fields
        )
        created += new
    for position, (code, names, descriptions, slugs) in enumerate(LIFE_EVENTS):
        cards = {s.slug: s for s in Service.objects.filter(slug__in=slugs)}
        services.life_event_load(
            code=code,
            name_ar=names[0],
            name_en=names[1],
            description_ar=descriptions[0],
            description_en=descriptions[1],
            position=position,
            services=[cards[slug] for slug in slugs if slug in cards],
        )
    return created

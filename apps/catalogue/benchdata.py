"""A national-scale catalogue for `make bench`: `bench_catalogue(total=2000)` published cards,
variants of the demo cards (demo_cards.py) across the governorates, each with its search columns
and history like a real one. Idempotent by web address; returns the number of cards created."""

from django.db import transaction

from apps.organisations.models import Agency, Governorate

from . import services
from .demo_cards import CARDS


def bench_catalogue(total: int = 2000) -> int:
    agencies = {agency.code: agency for agency in Agency.objects.all()}
    governorates = list(Governorate.objects.order_by("position"))
    created = 0
    for n in range(total):
        fields = dict(CARDS[n % len(CARDS)])
        governorate = governorates[(n // len(CARDS)) % len(governorates)]
        round_ = n // (len(CARDS) * len(governorates)) + 1
        agency = agencies[fields.pop("agency")]
        documents = [services.Document(*d) for d in fields.pop("documents")]
        slug = f"{fields.pop('slug')}-{governorate.code.lower()}-{round_}"
        fields["name_ar"] = f"{fields['name_ar']} - {governorate.name_ar} ({round_})"
        fields["name_en"] = f"{fields['name_en']} - {governorate.name_en} ({round_})"
        with transaction.atomic():
            _service, new = services.service_load(
                agency=agency, slug=slug, documents=documents, **fields
            )
        created += new
    return created

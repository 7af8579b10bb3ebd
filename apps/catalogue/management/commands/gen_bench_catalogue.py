"""Load the national-scale catalogue for `make bench`: `manage.py gen_bench_catalogue --services N`.

Published cards made from the demo cards (apps/catalogue/benchdata.py), through the same service
as the demo data, so their search columns and history are what a real card has. Idempotent: a
second run only checks that the cards are there.
"""

import time

from django.core.management.base import BaseCommand

from apps.catalogue.benchdata import bench_catalogue


class Command(BaseCommand):
    help = "Load the bench catalogue (docs/benchmark.md)."

    def add_arguments(self, parser):
        parser.add_argument("--services", type=int, default=2000, help="cards (default 2000)")

    def handle(self, *args, **options):
        started = time.monotonic()
        created = bench_catalogue(total=options["services"])
        self.stdout.write(
            f"Catalogue: {options['services']:,} bench cards ({created:,} created) in "
            f"{time.monotonic() - started:.1f} s."
        )

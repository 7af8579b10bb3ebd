"""VACUUM (ANALYZE) the bench database once its data is generated.

The generators insert millions of rows. Left alone, autovacuum visits those tables later, in the
middle of the measurements, and the pages measured then pay for it (a p95 of 139 ms for a form
whose p95 is 54 ms on a settled database). Production tables are vacuumed as they grow; the
bench measures that settled state. Tables vacuumed before and not changed since are skipped by
the visibility map, so a second run is quick.
"""

import time

from django.core.management.base import BaseCommand
from django.db import connection


class Command(BaseCommand):
    help = "VACUUM (ANALYZE) every table of the database (the bench runs it before measuring)."

    def handle(self, *args, **options):
        started = time.monotonic()
        with connection.cursor() as cursor:
            cursor.execute("VACUUM (ANALYZE)")
        self.stdout.write(
            f"Vacuumed and analysed the database in {time.monotonic() - started:.0f} s."
        )

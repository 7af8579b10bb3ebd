"""VACUUM (ANALYZE) the bench database once its data is generated, then read it into memory.

The generators insert millions of rows. Left alone, autovacuum visits those tables later, in the
middle of the measurements, and the pages measured then pay for it (a p95 of 139 ms for a form
whose p95 is 54 ms on a settled database). Production tables are vacuumed as they grow; the
bench measures that settled state. Tables vacuumed before and not changed since are skipped by
the visibility map, so a second run is quick.

A server in service has its working set in memory; a bench database just generated, or read
after another one, has it on disk, and the first pages measured wait for the disk (about a fifth
of the time in I/O wait at national scale). With `pg_prewarm` (a contrib module of PostgreSQL)
the tables and indexes are read into the operating system's cache first, the largest first, so
that where memory runs short the small and busy indexes are the ones kept. Without the module
the step is skipped and says so.
"""

import time

from django.core.management.base import BaseCommand
from django.db import DatabaseError, connection, transaction

RELATIONS = """
SELECT c.oid::regclass::text, pg_relation_size(c.oid)
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'i', 'm')
ORDER BY pg_relation_size(c.oid) DESC, c.oid
"""


class Command(BaseCommand):
    help = "VACUUM (ANALYZE) every table of the database, then read it into memory (the bench)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--no-prewarm", action="store_true", help="Vacuum only; do not read into memory."
        )

    def handle(self, *args, **options):
        started = time.monotonic()
        with connection.cursor() as cursor:
            cursor.execute("VACUUM (ANALYZE)")
        self.stdout.write(
            f"Vacuumed and analysed the database in {time.monotonic() - started:.0f} s."
        )
        if not options["no_prewarm"]:
            self._prewarm()

    def _prewarm(self) -> None:
        started = time.monotonic()
        try:
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_prewarm")
        except DatabaseError as error:
            self.stdout.write(f"Not read into memory: pg_prewarm is not available ({error}).")
            return
        with connection.cursor() as cursor:
            cursor.execute(RELATIONS)
            relations = cursor.fetchall()
            for name, _size in relations:
                cursor.execute("SELECT pg_prewarm(%s::regclass, 'read')", [name])
        size = sum(size for _name, size in relations) / 1024**3
        self.stdout.write(
            f"Read {len(relations)} tables and indexes ({size:.1f} GB) into "
            f"memory in {time.monotonic() - started:.0f} s."
        )

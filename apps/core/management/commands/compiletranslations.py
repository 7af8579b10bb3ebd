"""Compile the gettext catalogues in LOCALE_PATHS with Babel.

Django's `compilemessages` needs GNU gettext installed on the machine; this needs nothing beyond
the project's own packages, so `make run` works on a machine with only Python.
"""

from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from django.conf import settings
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Compile locale/*/LC_MESSAGES/*.po into .mo files (fuzzy entries are left out)."

    def handle(self, *args, **options):
        compiled = 0
        for locale_dir in map(Path, settings.LOCALE_PATHS):
            for po_path in locale_dir.glob("*/LC_MESSAGES/*.po"):
                mo_path = po_path.with_suffix(".mo")
                if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
                    continue
                with po_path.open("rb") as po_file:
                    catalog = read_po(po_file)
                with mo_path.open("wb") as mo_file:
                    write_mo(mo_file, catalog)
                compiled += 1
        self.stdout.write(f"Compiled {compiled} catalogue(s).")

from pathlib import Path

import pytest
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from apps.notifications.sms import LocmemSmsBackend

FRAGMENT = Path(__file__).resolve().parents[2] / "apps" / "notifications" / "locale_fragment_ar.po"
TEMPLATE = "notifications.test"


@pytest.fixture(autouse=True)
def sms_outbox():
    LocmemSmsBackend.outbox.clear()
    yield LocmemSmsBackend.outbox
    LocmemSmsBackend.outbox.clear()


@pytest.fixture
def arabic(settings, tmp_path):
    """This app's Arabic, compiled from its fragment and put first on LOCALE_PATHS (the fragment
    is merged into locale/ar later; until then the project catalogue does not hold it)."""
    folder = tmp_path / "locale" / "ar" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    with FRAGMENT.open("rb") as po, (folder / "django.mo").open("wb") as mo:
        write_mo(mo, read_po(po, locale="ar"))
    settings.LOCALE_PATHS = [tmp_path / "locale", *settings.LOCALE_PATHS]

import pytest

from apps.notifications.sms import LocmemSmsBackend

TEMPLATE = "notifications.test"


@pytest.fixture(autouse=True)
def sms_outbox():
    LocmemSmsBackend.outbox.clear()
    yield LocmemSmsBackend.outbox
    LocmemSmsBackend.outbox.clear()

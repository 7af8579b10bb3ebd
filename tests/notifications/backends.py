"""SMS backends for tests that need a failure or a slow send; named by SMS_BACKEND."""

import os
import time
from pathlib import Path

from apps.notifications.sms import FileSmsBackend, SmsBackend


class FailingSmsBackend(SmsBackend):
    """A gateway that refuses every message, with the number in its error text as real
    libraries have it (last_error must not keep it)."""

    def send(self, *, to: str, body: str, key: str) -> None:
        raise ConnectionError(f"could not reach the gateway for {to}")


class SlowFileSmsBackend(FileSmsBackend):
    """Writes a line to SMS_STARTED_PATH, waits SMS_SLEEP_SECONDS (the gateway is slow: a worker
    can be killed meanwhile), then appends the message to SMS_FILE_PATH."""

    def send(self, *, to: str, body: str, key: str) -> None:
        with Path(os.environ["SMS_STARTED_PATH"]).open("a") as file:
            file.write(key + "\n")
        time.sleep(float(os.environ["SMS_SLEEP_SECONDS"]))
        super().send(to=to, body=body, key=key)

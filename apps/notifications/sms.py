"""Text-message backends, chosen by the dotted path in `settings.SMS_BACKEND`.

A backend has one method, `send(*, to, body, key)`: `to` is an E.164 number, `key` the message's
idempotency key (a string), which a gateway may use to drop a repeat. It returns nothing and
raises on any failure; the delivery service records the error and tries again later.
"""

import json
import sys
import threading
from urllib.error import HTTPError
from urllib.request import Request, urlopen

from django.conf import settings
from django.utils.module_loading import import_string


class SmsBackend:
    def send(self, *, to: str, body: str, key: str) -> None:
        raise NotImplementedError


class ConsoleSmsBackend(SmsBackend):
    """Development: the message on standard output."""

    def send(self, *, to: str, body: str, key: str) -> None:
        sys.stdout.write(f"SMS to {to} [{key}]\n{body}\n{'-' * 40}\n")
        sys.stdout.flush()


class FileSmsBackend(SmsBackend):
    """One JSON line per message appended to `settings.SMS_FILE_PATH` (tests, benchmark)."""

    _lock = threading.Lock()

    def send(self, *, to: str, body: str, key: str) -> None:
        line = json.dumps({"to": to, "body": body, "key": key}, ensure_ascii=False)
        with self._lock, open(settings.SMS_FILE_PATH, "a", encoding="utf-8") as file:
            file.write(line + "\n")


class LocmemSmsBackend(SmsBackend):
    """Keeps messages in `LocmemSmsBackend.outbox`, as Django's locmem email backend does."""

    outbox: list[dict] = []

    def send(self, *, to: str, body: str, key: str) -> None:
        LocmemSmsBackend.outbox.append({"to": to, "body": body, "key": key})


class SmsGatewayError(Exception):
    pass


class HttpSmsBackend(SmsBackend):
    """Production: POST a JSON document to `SMS_GATEWAY_URL` with a bearer token.

    Body: {"to", "text", "sender", "idempotency_key"}; the key is also sent as the
    Idempotency-Key header. Any answer but 2xx, a timeout or a refused connection raises.
    """

    def send(self, *, to: str, body: str, key: str) -> None:
        if not settings.SMS_GATEWAY_URL.startswith(("https://", "http://")):
            raise SmsGatewayError("SMS_GATEWAY_URL is not an http(s) URL")
        payload = {
            "to": to,
            "text": body,
            "sender": settings.SMS_SENDER_ID,
            "idempotency_key": key,
        }
        request = Request(  # noqa: S310 - the operator's URL, checked to be http(s) above
            settings.SMS_GATEWAY_URL,
            data=json.dumps(payload, ensure_ascii=False).encode(),
            method="POST",
            headers={
                "Content-Type": "application/json; charset=utf-8",
                "Authorization": f"Bearer {settings.SMS_GATEWAY_TOKEN}",
                "Idempotency-Key": key,
            },
        )
        try:
            with urlopen(request, timeout=settings.SMS_GATEWAY_TIMEOUT) as response:  # noqa: S310
                status = response.status
        except HTTPError as error:
            # Only the status: the gateway's answer may repeat the number or the text.
            raise SmsGatewayError(f"gateway answered HTTP {error.code}") from None
        if not 200 <= status < 300:
            raise SmsGatewayError(f"gateway answered HTTP {status}")


def sms_backend() -> SmsBackend:
    return import_string(settings.SMS_BACKEND)()

"""Where the current request came from, for code that is not handed the request.

The middleware (apps.audit.middleware) sets the request id and the client's address here for the
duration of a request, so that `audit_record` fills them in when a service writes an event, and
the log filter below stamps every log line with the request id.

Imported by the logging configuration before Django's apps are loaded: nothing here may import a
model.
"""

import ipaddress
import logging
import re
import uuid
from contextvars import ContextVar
from dataclasses import dataclass

from django.conf import settings

REQUEST_ID_HEADER = "X-Request-ID"
# What we accept from a proxy or a client as a request id: letters, digits and . _ - (a UUID, a
# load balancer's trace id), 8 to 64 characters. Anything else is replaced, so that a forged
# header can neither break a log line nor overflow the column.
_SANE_REQUEST_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{7,63}")


@dataclass(frozen=True)
class RequestContext:
    request_id: str
    ip_address: str | None


_current: ContextVar[RequestContext | None] = ContextVar("masar_request", default=None)


def current() -> RequestContext | None:
    return _current.get()


def activate(context: RequestContext):
    """Make `context` current; returns the token to give back to `deactivate`."""
    return _current.set(context)


def deactivate(token) -> None:
    _current.reset(token)


def request_id_from(header: str | None) -> str:
    """The request id a proxy sent, when it is a sane token; otherwise a new one."""
    if header and _SANE_REQUEST_ID.fullmatch(header):
        return header
    return uuid.uuid4().hex


def _valid_ip(value: str) -> str | None:
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        return None


def client_ip(meta) -> str | None:
    """The client's address from a request's META.

    REMOTE_ADDR, unless AUDIT_TRUSTED_PROXY_COUNT says that many proxies of ours stand in front
    of the application: each appends the address it was reached from to X-Forwarded-For, so the
    client is that many entries from the end. Entries further left were written by whoever sent
    the request and are never trusted. A header shorter than expected means the request did not
    come through our proxies; REMOTE_ADDR is kept then.
    """
    proxies = settings.AUDIT_TRUSTED_PROXY_COUNT
    remote = _valid_ip(meta.get("REMOTE_ADDR") or "")
    if proxies <= 0:
        return remote
    hops = [hop for hop in (meta.get("HTTP_X_FORWARDED_FOR") or "").split(",") if hop.strip()]
    if len(hops) < proxies:
        return remote
    return _valid_ip(hops[-proxies]) or remote


class RequestIdFilter(logging.Filter):
    """Adds `request_id` to every log record ("-" outside a request), for the log format."""

    def filter(self, record: logging.LogRecord) -> bool:
        context = _current.get()
        record.request_id = context.request_id if context else "-"
        return True

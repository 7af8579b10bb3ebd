"""Rate limits of the public pages (django-ratelimit), per client address: the address the audit
trail records (apps.audit.context.client_ip, which knows our proxies), IPv6 by its /64."""

import ipaddress

from django.conf import settings
from django_ratelimit.core import get_usage, is_ratelimited

from apps.audit.context import client_ip


def client_address(group, request) -> str:
    address = getattr(request, "client_ip", None) or client_ip(request.META) or ""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address
    if ip.version == 6:
        return str(ipaddress.ip_network(f"{ip}/64", strict=False).network_address)
    return str(ip)


def limited(request, group: str, rate: str, *, key=client_address, count: bool = True) -> bool:
    """True when the request goes over `rate` in `group` (and, with `count`, counts it)."""
    return is_ratelimited(request, group=f"complaints.{group}", key=key, rate=rate, increment=count)


def submit_limited(request) -> bool:
    return limited(request, "submit", settings.COMPLAINTS_SUBMIT_RATE)


def track_limited(request) -> bool:
    return limited(request, "track", settings.COMPLAINTS_TRACK_RATE)


def reference_failed(request, reference: str) -> None:
    """Count a failed look-up of one reference, whatever the address."""
    _reference_usage(request, reference, increment=True)


def reference_blocked(request, reference: str) -> bool:
    """True once a reference has had its allowance of failed look-ups: even the right number is
    refused until the period ends, so a guess that comes right is not told apart."""
    usage = _reference_usage(request, reference, increment=False)
    return usage is not None and usage["count"] >= usage["limit"]


def _reference_usage(request, reference: str, *, increment: bool):
    return get_usage(
        request,
        group="complaints.track-reference",
        key=lambda group, request: reference,
        rate=settings.COMPLAINTS_TRACK_REFERENCE_RATE,
        increment=increment,
    )

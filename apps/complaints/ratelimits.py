"""Rate limits of the public pages (django-ratelimit), per client address: the address the audit
trail records (apps.audit.context.client_ip, which knows our proxies), IPv6 by its /64."""

import ipaddress

from django.conf import settings
from django_ratelimit.core import is_ratelimited

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


def reference_limited(request, reference: str, *, count: bool) -> bool:
    """Failed look-ups of one reference, whatever the address."""
    return limited(
        request,
        "track-reference",
        settings.COMPLAINTS_TRACK_REFERENCE_RATE,
        key=lambda group, request: reference,
        count=count,
    )

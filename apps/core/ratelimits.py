"""Rate limits of the public pages (django-ratelimit), counted in the default cache.

Per client address: the address the audit trail records (apps.audit.context.client_ip, which
knows our proxies), IPv6 by its /64. Per key (a reference number, say): failed attempts counted
from any address, so guessing the number on file of one reference stops there.
"""

import ipaddress

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


def limited(request, group: str, rate: str, *, count: bool = True) -> bool:
    """True when the client address goes over `rate` in `group` (and, with `count`, counts this
    request)."""
    return is_ratelimited(request, group=group, key=client_address, rate=rate, increment=count)


def failed(request, group: str, key: str, rate: str) -> None:
    """Count a failed attempt on `key` (whatever the address)."""
    _usage(request, group, key, rate, increment=True)


def blocked(request, group: str, key: str, rate: str) -> bool:
    """True once `key` has had its allowance of failed attempts: even a right answer is refused
    until the period ends, so a guess that comes right is not told apart."""
    usage = _usage(request, group, key, rate, increment=False)
    return usage is not None and usage["count"] >= usage["limit"]


def _usage(request, group: str, key: str, rate: str, *, increment: bool):
    return get_usage(
        request, group=group, key=lambda group, request: key, rate=rate, increment=increment
    )

"""The address a request came from, seen through the proxies this deployment trusts.

A proxy in front of the app (a load balancer, an organisation's web gateway) makes every request
arrive from the proxy's own address; the proxy names the real client in `X-Forwarded-For`. Anyone
can send that header, so it is believed only when the request came straight from a proxy listed in
the `TRUSTED_PROXIES` setting, and then only as far as the first entry that is not one of ours:
the right-most address not in `TRUSTED_PROXIES`. Sign-in limits and the audit trail both use this.
"""

from __future__ import annotations

import ipaddress
from functools import cache

from django.conf import settings
from django.http import HttpRequest

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@cache
def trusted_networks(entries: tuple[str, ...]) -> tuple[Network, ...]:
    """Parse `TRUSTED_PROXIES` entries (addresses or networks); a bad entry raises ValueError."""
    return tuple(ipaddress.ip_network(entry.strip(), strict=False) for entry in entries)


def _address(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(text.strip())
    except ValueError:
        return None


def _is_trusted(address: ipaddress.IPv4Address | ipaddress.IPv6Address | None) -> bool:
    networks = trusted_networks(tuple(getattr(settings, "TRUSTED_PROXIES", ())))
    return address is not None and any(address in network for network in networks)


def client_address(request: HttpRequest) -> str | None:
    """The client's address: REMOTE_ADDR, or what a trusted proxy says it forwarded for."""
    peer = request.META.get("REMOTE_ADDR") or None
    if peer is None or not _is_trusted(_address(peer)):
        return peer
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    for entry in reversed([part for part in forwarded.split(",") if part.strip()]):
        address = _address(entry)
        if address is None:
            return peer  # a garbled header: fall back to what we know for certain
        if not _is_trusted(address):
            return str(address)
    return peer

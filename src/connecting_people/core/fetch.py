"""Fetching a web address safely, for anything the app reads from an address a user gave it.

    data = fetch_url(url, max_bytes=5 * 1024 * 1024, name="calendar address")

Only http and https. Addresses are fetched without any proxy, and only when every address their
name looks up to is public (not loopback, private, link-local such as the cloud metadata address
169.254.169.254, multicast, reserved or unspecified); the connection goes to an address so
checked, on every redirect too, so a second look-up ("DNS rebinding") never happens. A fetch has
`timeout` seconds for any one wait and `deadline` seconds in all, and reads at most
`max_bytes + 1` bytes (one more than allowed, so the caller can tell the answer was too big).
Every failure is a `FetchError` whose message is in plain words, fit to show.
"""

from __future__ import annotations

import http.client
import ipaddress
import socket
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from typing import Any

SCHEMES = ("http", "https")
PRIVATE = "This address points inside a private network, so it was not read."
# Addresses let through although private: for tests against a server on this machine only.
ALLOWED_PRIVATE_ADDRESSES: frozenset[str] = frozenset()
# NAT64 (RFC 6052): these IPv6 addresses stand for the IPv4 address in their last 32 bits.
_NAT64 = ipaddress.ip_network("64:ff9b::/96")


class FetchError(Exception):
    """An address could not be read; the message is in plain words, fit to show."""


def check_url(url: str) -> None:
    """Refuse all but http and https, and addresses written as a private IP address.

    Names are looked up, and each address they give checked, when connecting (`_connect`).
    """
    parts = urllib.parse.urlsplit(url)
    if parts.scheme.lower() not in SCHEMES or not parts.netloc:
        raise FetchError(
            f"Only web addresses starting http:// or https:// can be read, not {url[:100]!r}."
        )
    try:
        literal = ipaddress.ip_address((parts.hostname or "").split("%", 1)[0])
    except ValueError:
        return  # a name, not an IP address
    if is_private(literal):
        raise FetchError(PRIVATE)


def is_private(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    """Loopback, private, link-local (cloud metadata), multicast, reserved or unspecified."""
    if str(ip) in ALLOWED_PRIVATE_ADDRESSES:
        return False
    if isinstance(ip, ipaddress.IPv6Address):
        inner = ip.ipv4_mapped or ip.sixtofour or (ip.teredo[1] if ip.teredo else None)
        if inner is None and ip in _NAT64:
            inner = ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
        if inner is not None and is_private(inner):
            return True
    return (
        ip.is_private
        or ip.is_loopback
        or ip.is_link_local
        or ip.is_multicast
        or ip.is_reserved
        or ip.is_unspecified
        or not ip.is_global
    )


@dataclass(frozen=True)
class Fetched:
    """What an address answered: its bytes (at most `max_bytes + 1`), or nothing new (304)."""

    body: bytes
    not_modified: bool = False
    etag: str = ""
    last_modified: str = ""
    content_type: str = ""


def fetch_url(
    url: str,
    *,
    max_bytes: int,
    timeout: float = 15,
    deadline: float = 30,
    name: str = "address",
    user_agent: str = "Connecting People",
) -> bytes:
    """The address's bytes (at most `max_bytes + 1`); `name` says what it is in the messages."""
    return fetch(
        url,
        max_bytes=max_bytes,
        timeout=timeout,
        deadline=deadline,
        name=name,
        user_agent=user_agent,
    ).body


def fetch(
    url: str,
    *,
    max_bytes: int,
    timeout: float = 15,
    deadline: float = 30,
    name: str = "address",
    user_agent: str = "Connecting People",
    etag: str = "",
    last_modified: str = "",
) -> Fetched:
    """Fetch as `fetch_url` does, asking only for what changed when `etag` or `last_modified`
    (the validators of an earlier answer) are given: an answer of 304 is `not_modified`."""
    check_url(url)
    state = _Fetch(timeout=timeout, deadline=deadline, name=name)
    # No proxies: through one, the proxy would look the name up and we could not check it.
    opener = urllib.request.build_opener(
        urllib.request.ProxyHandler({}),
        _CheckedHTTPHandler(state),
        _CheckedHTTPSHandler(state),
        _SafeRedirects,
    )
    headers = {"User-Agent": user_agent}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    # Only http and https: checked just above, and again on every redirect.
    request = urllib.request.Request(url, headers=headers)  # noqa: S310 (scheme checked: http or https only)
    try:
        with opener.open(request, timeout=timeout) as response:
            body = _read_body(response, state, max_bytes)
            return Fetched(
                body,
                etag=response.headers.get("ETag", ""),
                last_modified=response.headers.get("Last-Modified", ""),
                content_type=response.headers.get("Content-Type", ""),
            )
    except urllib.error.HTTPError as error:
        if error.code == 304 and (etag or last_modified):
            return Fetched(b"", not_modified=True, etag=etag, last_modified=last_modified)
        raise FetchError(
            f"The {name} answered with an error ({error.code} {error.reason})."
        ) from None
    except urllib.error.URLError as error:
        if isinstance(error.reason, TimeoutError):
            raise state.too_slow() from None
        raise FetchError(f"Could not reach the {name} ({error.reason}).") from None
    except TimeoutError:
        raise state.too_slow() from None
    except (OSError, ValueError, http.client.HTTPException) as error:
        raise FetchError(f"Could not read the {name} ({error}).") from None


@dataclass
class _Fetch:
    """One fetch, redirects and all: when it must be over, and the sockets it opened."""

    timeout: float  # seconds for any one wait
    deadline: float  # seconds for the whole fetch
    name: str
    sockets: list[socket.socket] = field(default_factory=list)
    ends: float = field(init=False)

    def __post_init__(self) -> None:
        self.ends = time.monotonic() + self.deadline

    def remaining(self) -> float:
        left = self.ends - time.monotonic()
        if left <= 0:
            raise self.too_slow()
        return min(self.timeout, left)

    def too_slow(self) -> FetchError:
        return FetchError(
            f"The {self.name} took more than {self.timeout} seconds to answer, "
            f"or more than {self.deadline} seconds in all."
        )


def _read_body(response: Any, state: _Fetch, max_bytes: int) -> bytes:
    """At most max_bytes + 1 bytes, all by the deadline however slowly they trickle in."""
    chunks: list[bytes] = []
    size = 0
    while size <= max_bytes:
        if state.sockets:  # each read waits no longer than the time left
            state.sockets[-1].settimeout(state.remaining())
        else:
            state.remaining()
        chunk = response.read1(min(64 * 1024, max_bytes + 1 - size))
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
    return b"".join(chunks)


def _connect(host: str, port: int, fetch: _Fetch) -> socket.socket:
    """A socket connected to one of the host's addresses, after checking every one of them.

    The socket goes to the very address checked, so a second look-up of the name (which
    could answer differently: "DNS rebinding") never happens. The Host header, and for https
    the name sent in the TLS handshake and checked against the certificate, stay the name.
    """
    answers = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    for *_, sockaddr in answers:
        if is_private(ipaddress.ip_address(str(sockaddr[0]).split("%", 1)[0])):
            raise FetchError(PRIVATE)
    last_error = OSError(f"no address for {host}")
    for family, kind, proto, _, sockaddr in answers:
        sock = socket.socket(family, kind, proto)
        try:
            sock.settimeout(fetch.remaining())
            sock.connect(sockaddr)
        except OSError as error:
            sock.close()
            last_error = error
            continue
        except BaseException:
            sock.close()
            raise
        fetch.sockets.append(sock)
        return sock
    raise last_error


class _CheckedHTTPConnection(http.client.HTTPConnection):
    fetch: _Fetch

    def connect(self) -> None:
        self.sock = _connect(self.host, self.port, self.fetch)


class _CheckedHTTPSConnection(http.client.HTTPSConnection, _CheckedHTTPConnection):
    # HTTPSConnection.connect calls _CheckedHTTPConnection.connect, then wraps it in TLS.
    def connect(self) -> None:
        super().connect()
        self.fetch.sockets.append(self.sock)


def _making(kind: type[_CheckedHTTPConnection], fetch: _Fetch) -> Any:
    def make(host: str, **kwargs: Any) -> _CheckedHTTPConnection:
        connection = kind(host, **kwargs)
        connection.fetch = fetch
        return connection

    return make


class _CheckedHTTPHandler(urllib.request.HTTPHandler):
    def __init__(self, fetch: _Fetch) -> None:
        super().__init__()
        self.fetch = fetch

    def http_open(self, req: urllib.request.Request) -> Any:
        return self.do_open(_making(_CheckedHTTPConnection, self.fetch), req)


class _CheckedHTTPSHandler(urllib.request.HTTPSHandler):
    def __init__(self, fetch: _Fetch) -> None:
        super().__init__()
        self.fetch = fetch

    def https_open(self, req: urllib.request.Request) -> Any:
        return self.do_open(_making(_CheckedHTTPSConnection, self.fetch), req)


class _SafeRedirects(urllib.request.HTTPRedirectHandler):
    """Follow redirects only to other http or https addresses (and their addresses checked)."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        check_url(newurl)
        return super().redirect_request(req, fp, code, msg, headers, newurl)

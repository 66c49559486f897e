"""Calendar feeds: a service's dated sessions read from an iCalendar address or file.

    feed = feed_add(service=service, source="https://…/events.ics")   # or a local .ics path
    result = feed_read(feed)           # FeedResult(feed, sessions=12, error="")
    results = feeds_read_all()

Recurring events (RRULE, RDATE, EXDATE and moved or cancelled instances) are expanded with
`recurring_ical_events` from now to `days` ahead. A successful read replaces the feed's future
sessions in one transaction and keeps the past ones; a failed read keeps what was there and
records the problem in plain words. Times with no zone ("floating") and whole-day events are
taken as UK local time.

Addresses are fetched without any proxy, and only when every address their name looks up to is
public (not loopback, private, link-local such as the cloud metadata address 169.254.169.254,
multicast, reserved or unspecified); the connection goes to an address so checked, on every
redirect too. A fetch has TIMEOUT_SECONDS for any one wait and DEADLINE_SECONDS in all.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import http.client
import ipaddress
import socket
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import icalendar
import recurring_ical_events
from django.db import transaction
from django.utils import timezone

from connecting_people.core.audit import audit_record
from connecting_people.core.models import AuditAction
from connecting_people.directory.facts import refresh_for_services
from connecting_people.directory.models import CalendarFeed, Service, Session

LONDON = ZoneInfo("Europe/London")
DEFAULT_DAYS = 90
MAX_BYTES = 5 * 1024 * 1024
TIMEOUT_SECONDS = 15  # for any one wait on the network
DEADLINE_SECONDS = 30  # for the whole fetch, redirects and all
# A runaway rule (every minute, say) must not fill the database: a feed gives at most this many.
MAX_SESSIONS = 2000
TEXT_LIMIT = 500
SCHEMES = ("http", "https")


class FeedError(Exception):
    """A feed could not be read; the message is in plain words, fit to show."""


@dataclass(frozen=True)
class FeedResult:
    feed: CalendarFeed
    sessions: int = 0
    error: str = ""

    @property
    def ok(self) -> bool:
        return not self.error


@dataclass(frozen=True)
class ParsedSession:
    uid: str
    title: str
    starts_at: dt.datetime
    ends_at: dt.datetime | None
    where: str


@transaction.atomic
def feed_add(*, service: Service, source: str, by: Any = None) -> CalendarFeed:
    """Record a calendar feed (an http/https address or a local file) for the service."""
    source = source.strip()
    if _looks_like_url(source):
        _check_url(source)
        feed, created = CalendarFeed.objects.get_or_create(service=service, url=source)
    else:
        path = str(Path(source).expanduser().resolve())
        if len(path) > 300:
            raise FeedError("That file's path is too long to keep (300 characters at most).")
        feed, created = CalendarFeed.objects.get_or_create(service=service, file_name=path)
    if created:
        audit_record(by=by, action=AuditAction.CREATED, target=feed)
    return feed


def feed_read(
    feed: CalendarFeed, *, now: dt.datetime | None = None, days: int = DEFAULT_DAYS
) -> FeedResult:
    """Read the feed and replace its future sessions; on failure record why and keep them."""
    now = now or timezone.now()
    try:
        parsed = parse_sessions(fetch(feed), start=now, end=now + dt.timedelta(days=days))
    except FeedError as error:
        feed.last_error = str(error)[:TEXT_LIMIT]
        feed.save(update_fields=["last_error"])
        return FeedResult(feed=feed, error=feed.last_error)
    _store(feed, parsed, now)
    return FeedResult(feed=feed, sessions=len(parsed))


def feeds_read_all(*, now: dt.datetime | None = None, days: int = DEFAULT_DAYS) -> list[FeedResult]:
    """Read every stored feed again."""
    feeds = CalendarFeed.objects.select_related("service").order_by("created_at", "pk")
    return [feed_read(feed, now=now, days=days) for feed in feeds]


@transaction.atomic
def _store(feed: CalendarFeed, parsed: list[ParsedSession], now: dt.datetime) -> None:
    feed.sessions.filter(starts_at__gte=now).delete()
    Session.objects.bulk_create(
        Session(
            service_id=feed.service_id,
            feed=feed,
            uid=item.uid,
            title=item.title,
            starts_at=item.starts_at,
            ends_at=item.ends_at,
            where=item.where,
        )
        for item in parsed
    )
    feed.last_read_at = now
    feed.last_error = ""
    feed.save(update_fields=["last_read_at", "last_error"])
    audit_record(
        by=None, action=AuditAction.IMPORTED, target=feed, detail={"sessions": len(parsed)}
    )
    # The days and times a service runs, as search filters on them, include its sessions.
    refresh_for_services([feed.service_id])


# Fetching ------------------------------------------------------------------------------------


def _looks_like_url(source: str) -> bool:
    return "://" in source


PRIVATE = "This address points inside a private network, so it was not read."
# Addresses let through although private: for tests against a server on this machine only.
ALLOWED_PRIVATE_ADDRESSES: frozenset[str] = frozenset()
# NAT64 (RFC 6052): these IPv6 addresses stand for the IPv4 address in their last 32 bits.
_NAT64 = ipaddress.ip_network("64:ff9b::/96")


def _check_url(url: str) -> None:
    """Refuse all but http and https, and addresses written as a private IP address.

    Names are looked up, and each address they give checked, when connecting (`_connect`).
    """
    parts = urllib.parse.urlsplit(url)
    if parts.scheme.lower() not in SCHEMES or not parts.netloc:
        raise FeedError(
            f"Only web addresses starting http:// or https:// can be read, not {url[:100]!r}."
        )
    try:
        literal = ipaddress.ip_address((parts.hostname or "").split("%", 1)[0])
    except ValueError:
        return  # a name, not an IP address
    if _is_private(literal):
        raise FeedError(PRIVATE)


def _is_private(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    """Loopback, private, link-local (cloud metadata), multicast, reserved or unspecified."""
    if str(ip) in ALLOWED_PRIVATE_ADDRESSES:
        return False
    if isinstance(ip, ipaddress.IPv6Address):
        inner = ip.ipv4_mapped or ip.sixtofour or (ip.teredo[1] if ip.teredo else None)
        if inner is None and ip in _NAT64:
            inner = ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
        if inner is not None and _is_private(inner):
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


@dataclass
class _Fetch:
    """One fetch, redirects and all: when it must be over, and the sockets it opened."""

    deadline: float
    sockets: list[socket.socket] = field(default_factory=list)

    def remaining(self) -> float:
        left = self.deadline - time.monotonic()
        if left <= 0:
            raise _too_slow()
        return min(TIMEOUT_SECONDS, left)


def _connect(host: str, port: int, fetch: _Fetch) -> socket.socket:
    """A socket connected to one of the host's addresses, after checking every one of them.

    The socket goes to the very address checked, so a second look-up of the name (which
    could answer differently: "DNS rebinding") never happens. The Host header, and for https
    the name sent in the TLS handshake and checked against the certificate, stay the name.
    """
    answers = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    for *_, sockaddr in answers:
        if _is_private(ipaddress.ip_address(str(sockaddr[0]).split("%", 1)[0])):
            raise FeedError(PRIVATE)
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
        _check_url(newurl)
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def fetch(feed: CalendarFeed) -> bytes:
    """The feed's bytes, from its address or its file, at most MAX_BYTES."""
    if feed.url:
        return _fetch_url(feed.url)
    if feed.file_name:
        return _read_file(Path(feed.file_name))
    raise FeedError("This feed has neither an address nor a file.")


def _fetch_url(url: str) -> bytes:
    _check_url(url)
    state = _Fetch(deadline=time.monotonic() + DEADLINE_SECONDS)
    # No proxies: through one, the proxy would look the name up and we could not check it.
    opener = urllib.request.build_opener(
        urllib.request.ProxyHandler({}),
        _CheckedHTTPHandler(state),
        _CheckedHTTPSHandler(state),
        _SafeRedirects,
    )
    # Only http and https: checked just above, and again on every redirect.
    headers = {"User-Agent": "Connecting People calendar"}
    request = urllib.request.Request(url, headers=headers)  # noqa: S310
    try:
        with opener.open(request, timeout=TIMEOUT_SECONDS) as response:
            data = _read_body(response, state)
    except urllib.error.HTTPError as error:
        raise FeedError(
            f"The calendar address answered with an error ({error.code} {error.reason})."
        ) from None
    except urllib.error.URLError as error:
        if isinstance(error.reason, TimeoutError):
            raise _too_slow() from None
        raise FeedError(f"Could not reach the calendar address ({error.reason}).") from None
    except TimeoutError:
        raise _too_slow() from None
    except (OSError, ValueError, http.client.HTTPException) as error:
        raise FeedError(f"Could not read the calendar address ({error}).") from None
    return _within_limit(data)


def _read_body(response: Any, state: _Fetch) -> bytes:
    """At most MAX_BYTES + 1 bytes, all by the deadline however slowly they trickle in."""
    chunks: list[bytes] = []
    size = 0
    while size <= MAX_BYTES:
        if state.sockets:  # each read waits no longer than the time left
            state.sockets[-1].settimeout(state.remaining())
        else:
            state.remaining()
        chunk = response.read1(min(64 * 1024, MAX_BYTES + 1 - size))
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
    return b"".join(chunks)


def _too_slow() -> FeedError:
    return FeedError(
        f"The calendar address took more than {TIMEOUT_SECONDS} seconds to answer, "
        f"or more than {DEADLINE_SECONDS} seconds in all."
    )


def _read_file(path: Path) -> bytes:
    try:
        with path.open("rb") as file:
            data = file.read(MAX_BYTES + 1)
    except FileNotFoundError:
        raise FeedError(f"There is no file at {path}.") from None
    except IsADirectoryError:
        raise FeedError(f"{path} is a folder, not a calendar file.") from None
    except OSError as error:
        raise FeedError(f"Could not open {path} ({error.strerror}).") from None
    return _within_limit(data)


def _within_limit(data: bytes) -> bytes:
    if len(data) > MAX_BYTES:
        raise FeedError(f"The calendar is larger than {MAX_BYTES // (1024 * 1024)} MB.")
    return data


# Reading -------------------------------------------------------------------------------------


def parse_sessions(data: bytes, *, start: dt.datetime, end: dt.datetime) -> list[ParsedSession]:
    """The sessions starting in [start, end), recurring events expanded, in time order."""
    calendar = _calendar(data)
    found: dict[tuple[str, dt.datetime], ParsedSession] = {}
    try:
        for event in recurring_ical_events.of(calendar).after(start.astimezone(LONDON)):
            session = _session(event)
            if session is None or session.starts_at < start:
                continue
            if session.starts_at >= end:
                break
            found.setdefault((session.uid, session.starts_at), session)
            if len(found) >= MAX_SESSIONS:
                break
    except FeedError:
        raise
    except Exception as error:  # a feed is anyone's text: any failure to read it is its own
        raise FeedError(
            f"The calendar's repeating events could not be worked out ({_brief(error)})."
        ) from None
    return sorted(found.values(), key=lambda s: (s.starts_at, s.uid))


def _calendar(data: bytes) -> icalendar.Calendar:
    if not data.strip():
        raise FeedError("The calendar is empty.")
    try:
        calendar = icalendar.Calendar.from_ical(data)
    except Exception as error:  # a feed is anyone's text: any failure to read it is its own
        raise FeedError(f"This is not a calendar file we can read ({_brief(error)}).") from None
    if getattr(calendar, "name", "") != "VCALENDAR":
        raise FeedError("This is not a calendar file we can read (no VCALENDAR in it).")
    return calendar


def _brief(error: Exception) -> str:
    text = " ".join(str(error).split()) or type(error).__name__
    return text if len(text) <= 150 else text[:149] + "…"


def _session(event: Any) -> ParsedSession | None:
    if str(event.get("STATUS", "")).upper() == "CANCELLED" or event.get("DTSTART") is None:
        return None
    starts_at = _moment(event["DTSTART"].dt)
    ends_at = _moment(event["DTEND"].dt) if event.get("DTEND") is not None else None
    if ends_at is not None and ends_at <= starts_at:
        ends_at = None
    uid = str(event.get("UID", "")).strip() or _made_up_uid(event, starts_at)
    return ParsedSession(
        uid=uid[:TEXT_LIMIT],
        title=str(event.get("SUMMARY", "")).strip()[:TEXT_LIMIT],
        starts_at=starts_at,
        ends_at=ends_at,
        where=str(event.get("LOCATION", "")).strip()[:TEXT_LIMIT],
    )


def _moment(value: dt.date | dt.datetime) -> dt.datetime:
    """An aware time: whole days start at UK midnight, floating times are UK local time."""
    if not isinstance(value, dt.datetime):
        return dt.datetime.combine(value, dt.time(0), tzinfo=LONDON)
    if value.tzinfo is None:
        return value.replace(tzinfo=LONDON)
    return value.astimezone(LONDON)


def _made_up_uid(event: Any, starts_at: dt.datetime) -> str:
    """Events should carry a UID; for those that do not, one from what they say."""
    words = f"{event.get('SUMMARY', '')}|{event.get('LOCATION', '')}|{starts_at.isoformat()}"
    return "no-uid-" + hashlib.sha256(words.encode()).hexdigest()[:32]

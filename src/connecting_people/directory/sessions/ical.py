"""Calendar feeds: a service's dated sessions read from an iCalendar address or file.

    feed = feed_add(service=service, source="https://…/events.ics")   # or a local .ics path
    result = feed_read(feed)           # FeedResult(feed, sessions=12, error="")
    results = feeds_read_all()

Recurring events (RRULE, RDATE, EXDATE and moved or cancelled instances) are expanded with
`recurring_ical_events` from now to `days` ahead. A successful read replaces the feed's future
sessions in one transaction and keeps the past ones; a failed read keeps what was there and
records the problem in plain words. Times with no zone ("floating") and whole-day events are
taken as UK local time.

Addresses are fetched with `core.fetch`, which reads only public addresses (never this machine,
a private network or the cloud metadata address), on every redirect too. A fetch has
TIMEOUT_SECONDS for any one wait and DEADLINE_SECONDS in all.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import icalendar
import recurring_ical_events
from django.db import transaction
from django.utils import timezone

from connecting_people.core import fetch as safe
from connecting_people.core.audit import audit_record
from connecting_people.core.models import AuditAction
from connecting_people.directory.models import CalendarFeed, Service, Session
from connecting_people.directory.search.facts import refresh_for_services

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


def _check_url(url: str) -> None:
    try:
        safe.check_url(url)
    except safe.FetchError as error:
        raise FeedError(str(error)) from None


def fetch(feed: CalendarFeed) -> bytes:
    """The feed's bytes, from its address or its file, at most MAX_BYTES."""
    if feed.url:
        return _fetch_url(feed.url)
    if feed.file_name:
        return _read_file(Path(feed.file_name))
    raise FeedError("This feed has neither an address nor a file.")


def _fetch_url(url: str) -> bytes:
    try:
        data = safe.fetch_url(
            url,
            max_bytes=MAX_BYTES,
            timeout=TIMEOUT_SECONDS,
            deadline=DEADLINE_SECONDS,
            name="calendar address",
            user_agent="Connecting People calendar",
        )
    except safe.FetchError as error:
        raise FeedError(str(error)) from None
    return _within_limit(data)


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

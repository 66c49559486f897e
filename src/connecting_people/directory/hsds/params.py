"""Reading the HSDS API's query parameters, each refused with a message that says what is wrong."""

from __future__ import annotations

import datetime
import math
import re
import uuid
from dataclasses import dataclass

from django.http import QueryDict
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _

from connecting_people.directory.search.query import MAX_PAGE

DEFAULT_PER_PAGE = 50
MAX_PER_PAGE = 100  # the search engine's own page limit; `format=ndjson` gives everything

_TRUE = {"true", "1", "yes", "on", ""}
_FALSE = {"false", "0", "no", "off"}
# "+01:00" arrives as " 01:00" when a client forgets to encode the plus sign.
_SPACED_OFFSET = re.compile(r" (\d{2}:?\d{2})$")


class ApiError(Exception):
    """A request the API refuses, with the HTTP status and a message for whoever sent it."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


@dataclass(frozen=True)
class Paging:
    page: int
    per_page: int


def paging(query: QueryDict) -> Paging:
    page = whole_number(query, "page", default=1, most=MAX_PAGE)
    per_page = whole_number(query, "per_page", default=DEFAULT_PER_PAGE)
    return Paging(page=page, per_page=min(per_page, MAX_PER_PAGE))


_DIGITS = re.compile(r"[0-9]{1,9}")  # ASCII digits only: "²".isdigit() is true, int("²") fails


def whole_number(query: QueryDict, name: str, *, default: int, most: int = MAX_PAGE) -> int:
    """A whole number from 1 to `most`; anything else (words, signs, huge numbers) is a 400."""
    raw = query.get(name, "").strip()
    if not raw:
        return default
    value = int(raw) if _DIGITS.fullmatch(raw) else 0
    if not 1 <= value <= most:
        raise ApiError(
            400,
            _("%(name)s must be a whole number from 1 to %(most)s.")
            % {"name": name, "most": f"{most:,}"},
        )
    return value


def flag(query: QueryDict, name: str) -> bool:
    """A true/false parameter: absent is false; true, 1, yes (or just the name) are true."""
    if name not in query:
        return False
    raw = query.get(name, "").strip().lower()
    if raw in _TRUE:
        return True
    if raw in _FALSE:
        return False
    raise ApiError(400, _("%(name)s must be true or false.") % {"name": name})


def text(query: QueryDict, name: str) -> str:
    return query.get(name, "").strip()[:500]


def identifier(query: QueryDict, name: str) -> uuid.UUID | None:
    ids = identifiers(query, name)
    if len(ids) > 1:
        raise ApiError(400, _("Give only one %(name)s.") % {"name": name})
    return ids[0] if ids else None


def identifiers(query: QueryDict, name: str) -> list[uuid.UUID]:
    """Ids given as repeated parameters or separated by commas."""
    found = []
    for raw in query.getlist(name):
        for part in raw.split(","):
            if part.strip():
                found.append(_uuid(part.strip(), name))
    return found


def _uuid(raw: str, name: str) -> uuid.UUID:
    try:
        return uuid.UUID(raw)
    except ValueError:
        raise ApiError(
            400,
            _("%(name)s must be an HSDS id (a UUID), not “%(value)s”.")
            % {"name": name, "value": raw[:60]},
        ) from None


def moment(query: QueryDict, name: str) -> datetime.datetime | None:
    """An ISO 8601 date and time (or a date: its start); without an offset, UK local time."""
    raw = query.get(name, "").strip()
    if not raw:
        return None
    raw = _SPACED_OFFSET.sub(r"+\1", raw)
    try:
        parsed = parse_datetime(raw)
        if parsed is None and (day := parse_date(raw)) is not None:
            parsed = datetime.datetime.combine(day, datetime.time())
    except ValueError:
        parsed = None
    if parsed is None:
        raise ApiError(
            400,
            _(
                "%(name)s must be a date and time in ISO 8601 form, such as "
                "2024-05-01T09:00:00Z, not “%(value)s”."
            )
            % {"name": name, "value": raw[:60]},
        )
    if timezone.is_naive(parsed):
        parsed = timezone.make_aware(parsed)
    return parsed


def number(query: QueryDict, name: str, *, low: float, high: float) -> float | None:
    raw = query.get(name, "").strip()
    if not raw:
        return None
    try:
        value = float(raw)
    except ValueError:
        value = math.nan
    if not (low <= value <= high):
        raise ApiError(
            400,
            _("%(name)s must be a number from %(low)s to %(high)s.")
            % {"name": name, "low": f"{low:g}", "high": f"{high:g}"},
        )
    return value


def output_format(query: QueryDict) -> str:
    chosen = query.get("format", "").strip().lower() or "json"
    if chosen not in ("json", "ndjson"):
        raise ApiError(400, _("format must be json or ndjson."))
    return chosen

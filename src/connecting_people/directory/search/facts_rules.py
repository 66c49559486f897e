"""How a service's search facts follow from its HSDS records: pure rules, no database.

- Cost, in three states: known free (a cost option of 0 or whose words say free; or no cost
  options and fees that say free), known to cost money (anything else said about cost), or not
  known (no cost options and no fees: never counted as free). Lowest and highest cost: over the
  options with an amount.
- Stale after: the last day the facts hold as they are (a cost option or schedule ends, or the
  last calendar session of a day and part of the day is over); a search refreshes them after it.
- Days: the days in its schedules' BYDAY ("MO,WE", "2TU", "-1FR"), else the first date's
  weekday of a weekly schedule; and the days of its calendar sessions still to come.
- Times: the parts of the day its schedules and sessions cover, from when they start until when
  they end (morning before noon, afternoon noon to 5pm, evening from 5pm).
- Delivery: in person if any location is a place to go (or a schedule says in person); online if
  any location is virtual, or a schedule's way of attending says online.
- Places: the towns and postcode districts of its locations' addresses, and its areas served.
- Access (issue 17): the features recorded as attributes of its places (or of itself when it
  has none) under `fit.ACCESS_TAXONOMY`; known when any is, or any place has accessibility
  words. Audience: its attributes under `fit.AUDIENCE_TAXONOMY`. Neither is a topic.
- Ages: its own; when it has none, what its eligibility words clearly say (`fit_parse.ages`).
"""

from __future__ import annotations

import datetime
import math
import re
import uuid
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, NamedTuple, Protocol

from django.utils import timezone

from connecting_people.directory.fit import ACCESS_BITS, AUDIENCE_BITS, to_bits
from connecting_people.directory.fit_parse import ages
from connecting_people.directory.fit_records import (
    ACCESS_TAXONOMY_ID,
    AUDIENCE_TAXONOMY_ID,
    FIT_TAXONOMY_IDS,
)
from connecting_people.directory.models.hsds import LocationType, ServiceStatus
from connecting_people.directory.models.search import (
    DAY_BITS,
    DELIVERY_BITS,
    TIME_BITS,
    PlaceKind,
)

POSTCODE = str(PlaceKind.POSTCODE)  # as plain text: an enum member is slow to look up
FREE_WORDS = re.compile(r"\b(free|no charge|no cost|nothing to pay)\b", re.IGNORECASE)
MONEY = re.compile(r"[£$€]|\d")
ONLINE_WORDS = re.compile(r"\b(online|virtual|video|zoom|remote|internet|web)\b", re.IGNORECASE)
IN_PERSON_WORDS = re.compile(r"\b(in[ -]person|face[ -]to[ -]face|drop[ -]in)\b", re.IGNORECASE)
BYDAY = re.compile(r"(MO|TU|WE|TH|FR|SA|SU)\s*$")
NOON, FIVE_PM = datetime.time(12), datetime.time(17)
WEEKDAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]


class ServiceRow(NamedTuple):
    """What the facts need of a service and its organisation, as the database gives it."""

    id: Any
    name: str
    alternate_name: str
    description: str
    status: str
    fees: str
    fees_description: str
    minimum_age: float | None
    maximum_age: float | None
    last_modified: Any
    eligibility_description: str
    organization_id: Any
    organization_name: str


class Fees(Protocol):
    @property
    def fees(self) -> str: ...
    @property
    def fees_description(self) -> str: ...


@dataclass
class Parts:
    """A batch of services and their HSDS parts, keyed by service id (or location id)."""

    services: list[ServiceRow]
    locations: dict[uuid.UUID, list[Mapping[str, Any]]] = field(
        default_factory=lambda: defaultdict(list)
    )
    addresses: dict[uuid.UUID, list[Mapping[str, Any]]] = field(
        default_factory=lambda: defaultdict(list)
    )
    accessible_locations: set[uuid.UUID] = field(default_factory=set)
    # The access features recorded for each location (`directory.fit` slugs).
    location_access: dict[uuid.UUID, set[str]] = field(default_factory=lambda: defaultdict(set))
    costs: dict[uuid.UUID, list[Mapping[str, Any]]] = field(
        default_factory=lambda: defaultdict(list)
    )
    schedules: dict[uuid.UUID, list[Mapping[str, Any]]] = field(
        default_factory=lambda: defaultdict(list)
    )
    sessions: dict[uuid.UUID, list[Mapping[str, Any]]] = field(
        default_factory=lambda: defaultdict(list)
    )
    terms: dict[uuid.UUID, list[Mapping[str, Any]]] = field(
        default_factory=lambda: defaultdict(list)
    )
    areas: dict[uuid.UUID, list[str]] = field(default_factory=lambda: defaultdict(list))


# The columns of each row `facts_for` builds, in order.
FACTS_COLUMNS = (
    "service_id", "sort_name", "is_active", "organization_id", "last_modified", "is_free",
    "lowest_cost", "highest_cost", "cost_known", "stale_after", "days", "times", "delivery",
    "has_accessibility", "minimum_age", "maximum_age", "topics", "point_count", "x", "y", "z",
    "access_features", "access_known", "audience",
)  # fmt: skip
TERM_COLUMNS = ("term_id", "taxonomy_id", "name", "category_id")
PLACE_COLUMNS = ("kind", "place")
POINT_COLUMNS = ("latitude", "longitude", "x", "y", "z", "town", "town_key")


@dataclass
class Built:
    """One service's facts row and side rows (values in the order of the columns above, not
    yet saved), and its texts for the full-text index (in the order of fulltext.COLUMNS)."""

    facts: tuple[Any, ...]
    terms: list[tuple[Any, ...]]
    places: list[tuple[str, str]]
    points: list[tuple[Any, ...]]
    texts: tuple[str, ...]


def facts_for(service: ServiceRow, parts: Parts, today: datetime.date | None = None) -> Built:
    """Work out one service's search facts from its parts (`today` saves asking each time)."""
    today = today or timezone.localdate()
    costs = [c for c in parts.costs[service.id] if not c["valid_to"] or c["valid_to"] >= today]
    schedules = [s for s in parts.schedules[service.id] if _current(s, today)]
    locations = parts.locations[service.id]
    terms, fit = split_fit_terms(parts.terms[service.id])
    cost = cost_facts(service, costs)
    has_accessibility = any(row["location_id"] in parts.accessible_locations for row in locations)
    access = access_slugs(locations, fit, parts)
    minimum_age, maximum_age = ages_of(service)
    topics = topics_text(terms)
    points = point_rows(locations, parts)
    only = points[0][2:5] if len(points) == 1 else (None, None, None)
    facts = (
        service.id,
        service.name.casefold()[:255],
        service.status == ServiceStatus.ACTIVE,
        service.organization_id,
        service.last_modified,
        cost.free,
        cost.lowest,
        cost.highest,
        cost.known,
        stale_after(costs, schedules, parts.sessions[service.id]),
        day_bits(schedules, parts.sessions[service.id]),
        time_bits(schedules, parts.sessions[service.id]),
        delivery_bits(locations, schedules),
        has_accessibility,
        minimum_age,
        maximum_age,
        topics,
        len(points),
        *only,
        to_bits(access, ACCESS_BITS),
        has_accessibility or bool(access),
        to_bits(fit[AUDIENCE_TAXONOMY_ID], AUDIENCE_BITS),
    )
    places = place_rows(locations, parts.areas[service.id], parts)
    texts = (
        service.name,
        service.alternate_name,
        topics,
        service.organization_name,
        " ".join(dict.fromkeys(place for kind, place in places if kind != POSTCODE)),
        service.description,
    )
    return Built(facts, term_rows(terms), places, points, texts)


def _uuid(value: Any) -> uuid.UUID | None:
    """An id as the database gave it (32 hex digits on SQLite), as a uuid."""
    return value if value is None or isinstance(value, uuid.UUID) else uuid.UUID(str(value))


def split_fit_terms(
    terms: list[Mapping[str, Any]],
) -> tuple[list[Mapping[str, Any]], dict[uuid.UUID, set[str]]]:
    """A service's terms as topics (anything but our access and audience taxonomies: those are
    facts about fit, not what it is about), and the slugs under each of those two taxonomies."""
    topics: list[Mapping[str, Any]] = []
    fit: dict[uuid.UUID, set[str]] = {taxonomy: set() for taxonomy in FIT_TAXONOMY_IDS}
    for term in terms:
        taxonomy = _uuid(term["taxonomy_term__taxonomy_detail_id"])
        if taxonomy in fit:
            fit[taxonomy].add(term.get("taxonomy_term__code") or "")
        else:
            topics.append(term)
    return topics, fit


def access_slugs(
    locations: list[Mapping[str, Any]], fit: dict[uuid.UUID, set[str]], parts: Parts
) -> set[str]:
    """The access features recorded for a service's places, or for itself when it has none."""
    found = set(fit[ACCESS_TAXONOMY_ID])
    for row in locations:
        found |= parts.location_access.get(row["location_id"], set())
    return found


def ages_of(service: ServiceRow) -> tuple[float | None, float | None]:
    """The service's own ages; when it has none, those its eligibility words clearly say
    ("under-5s", "aged 11-18"): read here, so the HSDS record keeps what its directory said."""
    if service.minimum_age is not None or service.maximum_age is not None:
        return service.minimum_age, service.maximum_age
    said = ages(service.eligibility_description or "")
    return (
        None if said.minimum is None else float(said.minimum),
        None if said.maximum is None else float(said.maximum),
    )


def _current(schedule: Mapping[str, Any], today: datetime.date) -> bool:
    ends = [d for d in (schedule["valid_to"], schedule["until"]) if d]
    return not ends or min(ends) >= today


def says_free(text: str) -> bool:
    """Words that say it is free, and name no sum of money."""
    return bool(FREE_WORDS.search(text)) and not MONEY.search(text)


class Cost(NamedTuple):
    """What is known of a service's cost: `free` only when known free; `known` when anything
    at all is said about cost (free or not); lowest and highest amounts when there are any."""

    free: bool
    lowest: Decimal | None
    highest: Decimal | None
    known: bool


def cost_facts(service: Fees, costs: list[Mapping[str, Any]]) -> Cost:
    """The cost from the cost options, or the fees when none. Nothing said is not free."""
    amounts = [Decimal(c["amount"]) for c in costs if c["amount"] is not None]
    if not costs:
        fees = " ".join(t.strip() for t in (service.fees, service.fees_description) if t.strip())
        return Cost(bool(fees) and says_free(fees), None, None, bool(fees))
    is_free = any(a == 0 for a in amounts) or any(
        c["amount"] is None and says_free(f"{c['option']} {c['amount_description']}") for c in costs
    )
    lowest = min(amounts) if amounts else (Decimal(0) if is_free else None)
    return Cost(is_free, lowest, (max(amounts) if amounts else lowest), True)


def stale_after(
    costs: list[Mapping[str, Any]],
    schedules: list[Mapping[str, Any]],
    sessions: list[Mapping[str, Any]],
) -> datetime.date | None:
    """The last day the facts hold as they are: the earliest end of a current cost option or
    schedule, or the day the last session still to come of some day and part of the day is
    (after it, that day or part of the day may no longer be offered). None: nothing ends."""
    ends = [c["valid_to"] for c in costs if c["valid_to"]]
    ends += [d for s in schedules for d in (s["valid_to"], s["until"]) if d]
    last_of: dict[tuple[int, int], datetime.date] = {}
    for session in sessions:
        starts = timezone.localtime(session["starts_at"])
        ends_at = session["ends_at"]
        closes = timezone.localtime(ends_at).time() if ends_at else None
        key = (starts.weekday(), parts_of_day(starts.time(), closes))
        last_of[key] = max(last_of.get(key, starts.date()), starts.date())
    ends += last_of.values()
    return min(ends) if ends else None


def day_bits(schedules: list[Mapping[str, Any]], sessions: list[Mapping[str, Any]]) -> int:
    bits = 0
    for schedule in schedules:
        days = [BYDAY.search(part) for part in schedule["byday"].upper().split(",")]
        found = [m.group(1) for m in days if m]
        if not found and schedule["freq"] == "WEEKLY" and schedule["dtstart"]:
            found = [WEEKDAYS[schedule["dtstart"].weekday()]]
        for day in found:
            bits |= DAY_BITS[day]
    for session in sessions:
        bits |= DAY_BITS[WEEKDAYS[timezone.localtime(session["starts_at"]).weekday()]]
    return bits


def time_bits(schedules: list[Mapping[str, Any]], sessions: list[Mapping[str, Any]]) -> int:
    spans = [(s["opens_at"], s["closes_at"]) for s in schedules if s["opens_at"]]
    for session in sessions:
        ends = session["ends_at"]
        spans.append(
            (
                timezone.localtime(session["starts_at"]).time(),
                timezone.localtime(ends).time() if ends else None,
            )
        )
    bits = 0
    for opens, closes in spans:
        bits |= parts_of_day(opens, closes)
    return bits


def parts_of_day(opens: datetime.time, closes: datetime.time | None) -> int:
    """The parts of the day from `opens` until `closes` (or just when it opens)."""
    if closes is None or closes <= opens:  # unknown, or running past midnight: count the start
        closes = opens
    bits = 0
    if opens < NOON:
        bits |= TIME_BITS["morning"]
    if (opens < FIVE_PM and closes > NOON) or NOON <= opens < FIVE_PM:
        bits |= TIME_BITS["afternoon"]
    if closes > FIVE_PM or opens >= FIVE_PM:
        bits |= TIME_BITS["evening"]
    return bits


def delivery_bits(locations: list[Mapping[str, Any]], schedules: list[Mapping[str, Any]]) -> int:
    bits = 0
    for row in locations:
        kind = row["location__location_type"]
        if kind == LocationType.PHYSICAL:
            bits |= DELIVERY_BITS["in_person"]
        elif kind == LocationType.VIRTUAL or ONLINE_WORDS.search(row["location__url"] or ""):
            bits |= DELIVERY_BITS["online"]
    for schedule in schedules:
        if ONLINE_WORDS.search(schedule["attending_type"]):
            bits |= DELIVERY_BITS["online"]
        if IN_PERSON_WORDS.search(schedule["attending_type"]):
            bits |= DELIVERY_BITS["in_person"]
    return bits


def topics_text(terms: list[Mapping[str, Any]]) -> str:
    names = [t["taxonomy_term__name"] for t in terms]
    names += [t["taxonomy_term__interest_category__name"] or "" for t in terms]
    return " | ".join(dict.fromkeys(n for n in names if n))


def term_rows(terms: list[Mapping[str, Any]]) -> list[tuple[Any, ...]]:
    return [
        (
            t["taxonomy_term_id"],
            t["taxonomy_term__taxonomy_detail_id"],
            t["taxonomy_term__name"][:255],
            t["taxonomy_term__interest_category_id"],
        )
        for t in terms
    ]


UK_POSTCODE = re.compile(r"^([a-z]{1,2}\d[a-z\d]?) ?(\d[a-z]{2})$")
UK_DISTRICT = re.compile(r"^[a-z]{1,2}\d[a-z\d]?$")


def postcode_district(postcode: str) -> str:
    """The district (outward code) of a UK postcode, lowercased: "MB1 2AB" -> "mb1". Anything
    else that looks like a district is kept as it is; other postcodes whole, lowercased."""
    compact = " ".join(postcode.lower().split())
    if match := UK_POSTCODE.match(compact):
        return match.group(1)
    return compact[:255]


def looks_like_postcode(text: str) -> bool:
    compact = " ".join(text.lower().split())
    return bool(UK_POSTCODE.match(compact) or UK_DISTRICT.match(compact))


def normal_place(text: str) -> str:
    """A town or district as stored and searched: lowercased, single spaces."""
    return " ".join(text.lower().split())[:255]


def place_rows(
    locations: list[Mapping[str, Any]], areas: list[str], parts: Parts
) -> list[tuple[str, str]]:
    found: dict[tuple[str, str], None] = {}
    for row in locations:
        for address in parts.addresses[row["location_id"]]:
            if address["city"].strip():
                found[(PlaceKind.TOWN, normal_place(address["city"]))] = None
            if district := postcode_district(address["postal_code"]):
                found[(PlaceKind.POSTCODE, district)] = None
    for area in areas:
        found[(PlaceKind.AREA, normal_place(area))] = None
    return [(str(kind), place) for kind, place in found if place]


def point_rows(locations: list[Mapping[str, Any]], parts: Parts) -> list[tuple[Any, ...]]:
    points = []
    for row in locations:
        lat, lon = row["location__latitude"], row["location__longitude"]
        if not valid_point(lat, lon):
            continue
        town = _town(parts.addresses[row["location_id"]])
        x, y, z = unit_vector(lat, lon)
        points.append((lat, lon, x, y, z, town, normal_place(town)))
    return points


def _town(addresses: list[Mapping[str, Any]]) -> str:
    ordered = sorted(addresses, key=lambda a: a["address_type"] != "physical")
    return next((a["city"].strip() for a in ordered if a["city"].strip()), "")[:255]


def valid_point(lat: float | None, lon: float | None) -> bool:
    """A real place on Earth (and not 0, 0, where missing coordinates often end up)."""
    if lat is None or lon is None or not (math.isfinite(lat) and math.isfinite(lon)):
        return False
    return -90 <= lat <= 90 and -180 <= lon <= 180 and (lat, lon) != (0, 0)


def unit_vector(lat: float, lon: float) -> tuple[float, float, float]:
    phi, lam = math.radians(lat), math.radians(lon)
    return math.cos(phi) * math.cos(lam), math.cos(phi) * math.sin(lam), math.sin(phi)


def area_keys(area: str) -> list[str]:
    """What an area typed by someone may be stored as: a town, or a postcode's district."""
    keys = [normal_place(area)]
    if looks_like_postcode(area):
        keys.append(postcode_district(area))
    return list(dict.fromkeys(keys))

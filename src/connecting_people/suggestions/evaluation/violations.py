"""Does a suggestion break something the person told us? Judged here from the directory's own
records (HSDS services, costs, schedules, sessions, places, accessibility records and
attributes, eligibility words; the team's entry; a connector's own fields), never from the
ranking's facts or constraints, so a bug in either cannot hide itself.

`check` is pure (a profile-like object and a `Record` in, a `Verdict` out); `records_for`
reads every service and the team's connectors in a fixed number of queries. Only the shared
vocabulary (`directory.fit`) is imported; the day and time bits, the cost and delivery rules
and the eligibility words are written out again on purpose.

The rules (issue 17; a preference marked "must" is a hard limit whatever barriers are listed;
when musts were never chosen, `musts` None, the barriers decide as before: money → cost,
transport or distance → distance, time → when, physical health or access (or the old "needs
accessibility") → access; worry about groups only ever makes group size a preference):

- Always: closed; only for an audience the person is not among (their circumstances); outside
  its ages (their age, or the whole of their age band; a band partly inside is "not known";
  with neither, an adult: anything only for under-18s is out; a parent is not too old for
  what is for young children, at most 5, or for parents); online only for someone in
  person only (or with digital access a barrier), in person only for someone online only.
- Distance (as always: their own limit, or 5 km with transport as a barrier): going in person
  further than that, or to a service with no place to measure (connectors with no place: not
  known). Joining online excuses it unless digital access is a barrier.
- Cost must: not known free and not known to cost at most `max_cost` (0 = free only; the money
  barrier alone means free only). Cost not known is out.
- When must: none of its known days, or none of its known parts of the day, is one they are
  free; no schedule at all is "not known".
- Group size must: a known size outside their sizes; not known is "not known".
- Access must (going in person): every needed feature must be recorded. A recorded feature
  list lacking one is out; nothing recorded is "not known". Connectors the same.

"Not known" results must never be ranked above "known to fit" ones: `out_of_order` finds them.
"""

from __future__ import annotations

import datetime
import math
import re
import uuid
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from connecting_people.directory.fit import (
    ACCESS_FEATURES,
    ACCESS_TAXONOMY,
    AGE_BANDS,
    AUDIENCE_TAXONOMY,
    AUDIENCES,
    split_slugs,
)

EARTH_KM = 6371.0088
TRANSPORT_KM = 5.0  # with transport or distance a barrier and no limit of their own
ADULT = 18
WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
NOON, FIVE = datetime.time(12), datetime.time(17)
ACCESS_SLUGS = tuple(t.slug for t in ACCESS_FEATURES)
AUDIENCE_SLUGS = tuple(t.slug for t in AUDIENCES)
BANDS = {slug: (low, high) for slug, _label, low, high in AGE_BANDS}

FREE_WORDS = re.compile(r"\b(free|no charge|nothing to pay|pay what you can)\b", re.I)
MONEY = re.compile(r"£\s?\d")
ONLINE_WORDS = re.compile(r"\b(online|video|virtual|phone|telephone|zoom)\b", re.I)
IN_PERSON_WORDS = re.compile(r"\bin person\b", re.I)


@dataclass(frozen=True)
class Record:
    """What the directory's records say about one service (or a team's connector)."""

    key: Hashable  # ("service", uuid) or ("connector", id)
    name: str
    kind: str = "service"
    active: bool = True
    minimum_age: float | None = None
    maximum_age: float | None = None
    free: bool = False  # known free
    lowest_cost: float | None = None  # the least it says it costs; None when not known
    days: frozenset[str] = frozenset()  # empty: not known
    parts: frozenset[str] = frozenset()  # morning/afternoon/evening; empty: not known
    in_person: bool = False
    online: bool = False  # neither: not known
    points: tuple[tuple[float, float], ...] = ()
    access_features: frozenset[str] = frozenset()  # recorded features
    audience: frozenset[str] = frozenset()  # only for these; empty: anyone
    group_size: str = ""  # "" not known


@dataclass(frozen=True)
class Verdict:
    broken: tuple[str, ...] = ()
    unknown: tuple[str, ...] = ()

    @property
    def known_to_fit(self) -> bool:
        return not self.broken and not self.unknown


@dataclass
class _Found:
    broken: list[str] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)


def distance_km(a: Sequence[float], b: Sequence[float]) -> float:
    """Great-circle distance (haversine)."""
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * EARTH_KM * math.asin(math.sqrt(h))


def musts_of(profile: Any) -> frozenset[str]:
    """The person's musts: as chosen, or (never chosen) what their barriers made hard before."""
    chosen = getattr(profile, "musts", None)
    if chosen is not None:
        return frozenset(chosen)
    barriers = profile.barriers
    from_barriers = {
        "cost": "money" in barriers,
        "distance": True,  # a limit they gave always held
        "when": "time" in barriers,
        "delivery": True,
        "access": "physical-health-or-access" in barriers
        or getattr(profile, "needs_accessibility", False),
    }
    return frozenset(name for name, hard in from_barriers.items() if hard)


def needs_of(profile: Any) -> frozenset[str]:
    """The access features they need (the old "needs accessibility" meant step-free)."""
    needs = frozenset(getattr(profile, "access_needs", ()) or ())
    if not needs and getattr(profile, "needs_accessibility", False):
        return frozenset({"step_free"})
    return needs


def check(profile: Any, record: Record) -> Verdict:
    """What this suggestion breaks for this person, and what is not known about the musts."""
    found = _Found()
    musts = musts_of(profile)
    if not record.active:
        found.broken.append("closed")
    _check_audience(profile, record, found)
    _check_age(profile, record, found)
    goes = _check_delivery(profile, record, found, hard="delivery" in musts)
    if goes and "distance" in musts:
        _check_distance(profile, record, found)
    if "cost" in musts:
        _check_cost(profile, record, found)
    if "when" in musts:
        _check_when(profile, record, found)
    if "group_size" in musts:
        _check_group_size(profile, record, found)
    if "access" in musts and goes:
        _check_access(profile, record, found)
    return Verdict(tuple(found.broken), tuple(found.unknown))


def violations(profile: Any, record: Record) -> list[str]:
    """The limits broken (empty when none)."""
    return list(check(profile, record).broken)


def _check_audience(profile: Any, record: Record, found: _Found) -> None:
    circumstances = frozenset(getattr(profile, "circumstances", ()) or ())
    if record.audience and not record.audience & circumstances:
        found.broken.append(f"only for {', '.join(sorted(record.audience))}")


def _age_range(profile: Any) -> tuple[float, float] | None:
    """Their age (as a range of one), else their band; None when neither is known."""
    if getattr(profile, "age", None) is not None:
        return profile.age, profile.age
    return BANDS.get(getattr(profile, "age_band", "") or "")


def _check_age(profile: Any, record: Record, found: _Found) -> None:
    """Outside its ages: out; a band partly inside: not known. With neither age nor band the
    person is an adult (a team supports adults): only what is for under-18s is out."""
    oldest = record.maximum_age if record.maximum_age is not None else 200
    known = _age_range(profile)
    if known is None:
        if oldest < ADULT:
            found.broken.append("too old")
        return
    if "parents" in (getattr(profile, "circumstances", None) or ()) and (
        oldest <= 5 or "parents" in record.audience
    ):
        return  # for young children or for parents, so for their grown-ups: they come too
    low, high = known
    youngest = record.minimum_age if record.minimum_age is not None else 0
    if high < youngest:
        found.broken.append("too young")
    elif low > oldest:
        found.broken.append("too old")
    elif low < youngest or high > oldest:
        found.unknown.append("age band only partly inside its ages")


def _joins_online(profile: Any, record: Record) -> bool:
    return profile.online and "digital-access" not in profile.barriers and record.online


def _check_delivery(profile: Any, record: Record, found: _Found, *, hard: bool) -> bool:
    """Breaks of in person / online (when `hard`); True when they would go in person."""
    only_online = profile.online and not profile.in_person
    only_in_person = not profile.online or "digital-access" in profile.barriers
    known = record.in_person or record.online
    if not hard:
        pass
    elif only_online and known and not record.online:
        found.broken.append("in person only")
    elif only_in_person and known and not record.in_person:
        found.broken.append("online only")
    elif not known and (only_online or only_in_person):
        found.unknown.append("in person or online not known")
    return profile.in_person and not _joins_online(profile, record) and record.in_person


def _check_distance(profile: Any, record: Record, found: _Found) -> None:
    limit = profile.max_travel_km
    if limit is None and "transport-or-distance" in profile.barriers:
        limit = TRANSPORT_KM
    if limit is None or profile.point is None:
        return
    if not record.points:
        if record.kind == "connector":
            found.unknown.append("where not known")
        else:
            found.broken.append("nowhere to measure how far")
    elif min(distance_km(profile.point, p) for p in record.points) > limit:
        found.broken.append("too far")


def _check_cost(profile: Any, record: Record, found: _Found) -> None:
    limit = getattr(profile, "max_cost", None)
    if limit is None and getattr(profile, "musts", None) is not None:
        return  # cost a must with no sum given: nothing to hold it to
    if record.free:
        return
    if record.lowest_cost is None:
        found.broken.append("cost not known")
    elif record.lowest_cost > float(limit or 0):
        found.broken.append("costs more than they would pay")


def _check_when(profile: Any, record: Record, found: _Found) -> None:
    days, parts = frozenset(profile.free_days), frozenset(profile.free_times)
    if not record.days and not record.parts:
        found.unknown.append("when not known")
        return
    if days and record.days and not record.days & days:
        found.broken.append("not on a day they are free")
    if parts and record.parts and not record.parts & parts:
        found.broken.append("not at a time they are free")


def _check_group_size(profile: Any, record: Record, found: _Found) -> None:
    sizes = frozenset(getattr(profile, "group_sizes", ()) or ())
    if not sizes:
        return
    if not record.group_size:
        found.unknown.append("group size not known")
    elif record.group_size not in sizes:
        found.broken.append("group size not theirs")


def _check_access(profile: Any, record: Record, found: _Found) -> None:
    needs = needs_of(profile)
    if not needs:
        return
    if not record.access_features:
        found.unknown.append("access not known")
    elif not needs <= record.access_features:
        found.broken.append(f"lacks {', '.join(sorted(needs - record.access_features))}")


def out_of_order(verdicts: Sequence[Verdict]) -> list[int]:
    """Positions (from 0) of the not-known results ranked above a known-to-fit one."""
    last_known = max((i for i, v in enumerate(verdicts) if v.known_to_fit), default=-1)
    return [
        i
        for i, v in enumerate(verdicts)
        if i < last_known and not v.known_to_fit and not v.broken and v.unknown
    ]


# --- words and schedules, read independently ---------------------------------------------------

_ONLY = re.compile(r"\b(only|just for)\b", re.I)
_NOT_ONLY = re.compile(r"\b(welcome too|everyone welcome|anyone|mostly|especially)\b", re.I)
_PARENTS = re.compile(r"\b(with a (parent|grown-up)|families with children|parents of)\b", re.I)
_AUDIENCE_WORDS = (
    ("women", re.compile(r"^\s*women\b|\bwomen only\b|\bfor women\b", re.I)),
    ("men", re.compile(r"^\s*men\b|\bmen only\b|\bfor men\b", re.I)),
    ("carers", re.compile(r"\bcarers\b", re.I)),
    ("parents", _PARENTS),
    ("lgbtq", re.compile(r"\blgbtq?\+?", re.I)),
    ("veterans", re.compile(r"\bveterans\b", re.I)),
    ("bereaved", re.compile(r"\b(bereave\w*|lost someone)\b", re.I)),
)
_AGED = re.compile(r"\baged (\d+) to (\d+)\b", re.I)
_UNDER = re.compile(r"\bunder[- ](\d+)s?\b", re.I)
_OVER = re.compile(r"\bover[- ](\d+)s?\b", re.I)


def audience_in_words(eligibility: str, name: str = "") -> frozenset[str]:
    """Who a service is only for, by its eligibility words (and a bereavement name); words
    that open it to others ("everyone welcome", "mostly", "especially") mean anyone."""
    text = eligibility.strip()
    found = set()
    if text and not _NOT_ONLY.search(text):
        found = {slug for slug, words in _AUDIENCE_WORDS if words.search(text)}
    if re.search(r"\bbereavement\b", name, re.I):
        found.add("bereaved")
    return frozenset(found)


def ages_in_words(eligibility: str) -> tuple[float | None, float | None]:
    """Ages the eligibility words set ("aged 16 to 25", "under 5", "over 50"), when exclusive.
    Children's ages with a grown-up going too ("children under 5 with a parent") are not the
    grown-up's: those are for parents (an audience), not an age."""
    if not eligibility or _NOT_ONLY.search(eligibility) or _PARENTS.search(eligibility):
        return None, None
    if m := _AGED.search(eligibility):
        return float(m.group(1)), float(m.group(2))
    if m := _UNDER.search(eligibility):
        return None, float(m.group(1)) - 1
    if m := _OVER.search(eligibility):
        return float(m.group(1)), None
    return None, None


def parts_of_day(opens: datetime.time, closes: datetime.time | None) -> frozenset[str]:
    """Every part of the day a session from `opens` to `closes` touches."""
    if closes is None or closes <= opens:
        closes = opens
    parts = set()
    if opens < NOON:
        parts.add("morning")
    if opens < FIVE and (closes > NOON or opens >= NOON):
        parts.add("afternoon")
    if closes > FIVE or opens >= FIVE:
        parts.add("evening")
    return frozenset(parts)


def days_of(freq: str, byday: str, dtstart: datetime.date | None) -> frozenset[str]:
    """The weekdays a schedule runs on ("1SA" and "-1FR" are Saturdays and Fridays)."""
    days = {re.sub(r"[^A-Z]", "", part) for part in byday.upper().split(",")} & set(WEEKDAYS)
    if not days and freq == "DAILY":
        return frozenset(WEEKDAYS)
    if not days and dtstart is not None and freq in ("WEEKLY", "MONTHLY", ""):
        days = {WEEKDAYS[dtstart.weekday()]}
    return frozenset(days)


def days_in_words(text: str) -> frozenset[str]:
    """Weekdays named in a connector's own words ("Tuesdays, 10am"; "every day")."""
    if re.search(r"\b(every ?day|daily)\b", text, re.I):
        return frozenset(WEEKDAYS)
    names = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
    return frozenset(
        code for code, n in zip(WEEKDAYS, names, strict=True) if re.search(rf"\b{n}", text, re.I)
    )


def cost_of(options: Iterable[tuple[Decimal | None, str]], fees: str) -> tuple[bool, float | None]:
    """(known free, lowest known cost) from the cost options, else from the fees words."""
    options = list(options)
    amounts = [float(a) for a, _words in options if a is not None]
    free = any(a == 0 for a in amounts) or any(
        a is None and FREE_WORDS.search(words) and not MONEY.search(words) for a, words in options
    )
    if not options and fees:
        free = bool(FREE_WORDS.search(fees)) and not MONEY.search(fees)
    if free:
        return True, 0.0
    return False, min(amounts) if amounts else None


# --- reading the records -----------------------------------------------------------------------


def service_key(service_id: uuid.UUID) -> tuple[str, uuid.UUID]:
    return ("service", service_id)


def connector_key(connector_id: int) -> tuple[str, int]:
    return ("connector", connector_id)


def records_for(team_id: int | None = None) -> dict[Hashable, Record]:
    """Every service (and, with a team, its connectors and group sizes), by key: seven
    queries, eight with a team."""
    from connecting_people.directory.models.hsds import (
        Attribute,
        CostOption,
        Schedule,
        Service,
        ServiceAtLocation,
    )
    from connecting_people.directory.models.team import CommunityConnector, Session, TeamService

    costs: dict[uuid.UUID, list[tuple[Decimal | None, str]]] = {}
    for sid, amount, option, words in CostOption.objects.values_list(
        "service_id", "amount", "option", "amount_description"
    ):
        costs.setdefault(sid, []).append((amount, f"{option} {words}"))
    when: dict[uuid.UUID, tuple[set[str], set[str], set[str]]] = {}
    for sid, freq, byday, dtstart, opens, closes, attending in Schedule.objects.values_list(
        "service_id", "freq", "byday", "dtstart", "opens_at", "closes_at", "attending_type"
    ):
        days, parts, ways = when.setdefault(sid, (set(), set(), set()))
        days |= days_of(freq, byday, dtstart)
        if opens is not None:
            parts |= parts_of_day(opens, closes)
        ways.add(attending)
    for sid, starts, ends in Session.objects.values_list("service_id", "starts_at", "ends_at"):
        days, parts, _ways = when.setdefault(sid, (set(), set(), set()))
        local = _local(starts)
        days.add(WEEKDAYS[local.weekday()])
        parts |= parts_of_day(local.time(), _local(ends).time() if ends else None)
    places: dict[uuid.UUID, list[tuple[uuid.UUID, str, float | None, float | None]]] = {}
    for sid, lid, kind, lat, lon in ServiceAtLocation.objects.values_list(
        "service_id",
        "location_id",
        "location__location_type",
        "location__latitude",
        "location__longitude",
    ):
        places.setdefault(sid, []).append((lid, kind, lat, lon))
    features: dict[uuid.UUID, set[str]] = {}
    audiences: dict[uuid.UUID, set[str]] = {}
    for link_id, code, taxonomy in Attribute.objects.filter(
        taxonomy_term__taxonomy_detail_id__in=[ACCESS_TAXONOMY["id"], AUDIENCE_TAXONOMY["id"]]
    ).values_list("link_id", "taxonomy_term__code", "taxonomy_term__taxonomy_detail_id"):
        into = features if str(taxonomy) == ACCESS_TAXONOMY["id"] else audiences
        if link_id is not None:
            into.setdefault(link_id, set()).add(code)
    sizes = (
        dict(TeamService.objects.filter(team_id=team_id).values_list("service_id", "group_size"))
        if team_id is not None
        else {}
    )
    records: dict[Hashable, Record] = {}
    for row in Service.objects.values(
        "id", "name", "status", "minimum_age", "maximum_age", "eligibility_description",
        "fees_description",
    ):  # fmt: skip
        sid = row["id"]
        days, parts, ways = when.get(sid, (set(), set(), set()))
        located = places.get(sid, [])
        free, lowest = cost_of(costs.get(sid, []), row["fees_description"])
        low, high = ages_in_words(row["eligibility_description"])
        access = set(features.get(sid, set()))
        for lid, _kind, _lat, _lon in located:
            access |= features.get(lid, set())
        records[service_key(sid)] = Record(
            key=service_key(sid),
            name=row["name"],
            active=row["status"] == "active",
            minimum_age=row["minimum_age"] if row["minimum_age"] is not None else low,
            maximum_age=row["maximum_age"] if row["maximum_age"] is not None else high,
            free=free,
            lowest_cost=lowest,
            days=frozenset(days),
            parts=frozenset(parts),
            in_person=any(k == "physical" for _l, k, _a, _b in located)
            or any(IN_PERSON_WORDS.search(w) for w in ways),
            online=any(k == "virtual" for _l, k, _a, _b in located)
            or any(ONLINE_WORDS.search(w) for w in ways),
            points=tuple(
                (lat, lon)
                for _l, k, lat, lon in located
                if k == "physical" and lat is not None and lon is not None
            ),
            access_features=frozenset(access) & frozenset(ACCESS_SLUGS),
            audience=(
                frozenset(audiences.get(sid, set()))
                | audience_in_words(row["eligibility_description"], row["name"])
            )
            & frozenset(AUDIENCE_SLUGS),
            group_size=sizes.get(sid, "") or "",
        )
    if team_id is not None:
        for c in CommunityConnector.objects.filter(team_id=team_id):
            records[connector_key(c.pk)] = connector_record(c)
    return records


def connector_record(c: Any) -> Record:
    """A team's connector as its own fields say (in person; free or costing a sum not known)."""
    return Record(
        key=connector_key(c.pk),
        name=c.name,
        kind="connector",
        active=c.is_active,
        free=c.is_free,
        days=days_in_words(c.when),
        in_person=True,
        points=((c.latitude, c.longitude),)
        if c.latitude is not None and c.longitude is not None
        else (),
        access_features=split_slugs(c.access_features, ACCESS_SLUGS),
        group_size=c.group_size or "",
    )


def _local(moment: datetime.datetime) -> datetime.datetime:
    from django.utils import timezone

    return timezone.localtime(moment) if timezone.is_aware(moment) else moment

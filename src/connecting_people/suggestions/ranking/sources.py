# ruff: noqa: S608 (table and column names are our own constants; values go only in parameters)
"""Where candidates come from: the hard constraints in SQL, the ways of finding candidates, and
their rows, read in one query.

Ways of finding candidates, each bringing at most CANDIDATES_PER_SOURCE services:

- **near**: the nearest (in an area: the first by name; anywhere: the first in the directory);
- **matching**: the nearest listed under a kind of interest they have (or one that would fill
  a gap in their network or use their skills), or whose words in the database's full-text index
  match the words they used about their interests and what matters to them;
- **online**: for someone near a point or in an area who can join online, services listed under
  their kinds of interest (with none, matching their words) that can be joined online from
  anywhere (ONLINE_CANDIDATES of them);
- **the team's**: services the team uses (near a point with no limit of theirs, those within
  NEARBY_KM or online).

Each way is a query ordered and cut short, so the database keeps only the first of each, and
the rows found are read whole in the same statement. Near a point, the nearest are looked for in
the smallest of a few boxes around it that holds enough places (counted beforehand from the
points' index, by `candidates.categories_for`), the matching likewise, in a box holding more.
Only when a box held too few is a second query made: the full box, or, when nothing of theirs
limits how far, the whole directory sorted by distance.

Written as SQL rather than with the ORM: the same query shapes are built for every ranking, and
building and compiling them through the ORM took longer than the database took to answer. The
SQL is plain (bit tests, EXISTS, IN, LIMIT in subqueries, NULLS LAST), the same on SQLite and
PostgreSQL but for the full-text match (`text_match`).
"""

from __future__ import annotations

import datetime
import math
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import connection

from connecting_people.directory.fit import AUDIENCE_BITS, YOUNG_CHILDREN_MOST
from connecting_people.directory.models import (
    SearchFacts,
    SearchPlace,
    SearchPoint,
    SearchTerm,
    Service,
    TeamService,
)
from connecting_people.directory.models.search import DELIVERY_BITS
from connecting_people.directory.search import fulltext
from connecting_people.directory.search.engine import KM_PER_DEGREE
from connecting_people.directory.search.facts_rules import area_keys, unit_vector
from connecting_people.suggestions.profile import (
    GAP_NO_COMPANY,
    GAP_NO_EMOTIONAL_SUPPORT,
    Profile,
)
from connecting_people.suggestions.ranking.constraints import Limits
from connecting_people.suggestions.ranking.signals import SHARE_CATEGORIES
from connecting_people.suggestions.weights import CANDIDATES_PER_SOURCE, ONLINE_CANDIDATES

ONLINE, IN_PERSON = DELIVERY_BITS["online"], DELIVERY_BITS["in_person"]
NEARBY_KM = 10  # look this close (or within their limit) before the whole directory
# The nearest are looked for in the smallest box around them (of NEARBY_KM or their limit,
# half, a quarter and an eighth of it: NEARBY_STEPS) that holds NEAR_ENOUGH places, room for
# the hard constraints to leave enough; the matching in the smallest that holds MATCH_ENOUGH,
# room for their interests too. Where places are many, a smaller box is read much faster, and
# what matches further off would rank below so many near.
NEARBY_STEPS = 4
NEAR_ENOUGH = 10 * CANDIDATES_PER_SOURCE
MATCH_ENOUGH = 20 * CANDIDATES_PER_SOURCE

FACTS = SearchFacts._meta.db_table
POINTS = SearchPoint._meta.db_table
PLACES = SearchPlace._meta.db_table
TERMS = SearchTerm._meta.db_table
SERVICES = Service._meta.db_table
TEAM_SERVICES = TeamService._meta.db_table
COLUMNS = (
    "f.id, f.service_id, s.name, s.description, f.topics, f.is_free, f.lowest_cost, f.days, "
    "f.times, f.delivery, f.has_accessibility, f.minimum_age, f.maximum_age, f.point_count, "
    "f.x, f.y, f.z, f.access_features, f.access_known, f.audience"
)


@dataclass
class Sql:
    """A piece of SQL and its parameters, in order."""

    text: str
    params: list = field(default_factory=list)

    def __and__(self, other: Sql) -> Sql:
        return Sql(f"{self.text} AND {other.text}", self.params + other.params)

    def __or__(self, other: Sql) -> Sql:
        return Sql(f"({self.text} OR {other.text})", self.params + other.params)


NOTHING = Sql("1 = 0")


def wanted_categories(profile: Profile) -> set[str]:
    """The categories whose services are worth looking at for them."""
    wanted = {slug for i in profile.interests for slug in i.category_slugs}
    if profile.skills:
        wanted |= SHARE_CATEGORIES
    if GAP_NO_COMPANY in profile.network_gaps:
        wanted.add("social-groups")
    if GAP_NO_EMOTIONAL_SUPPORT in profile.network_gaps:
        wanted.add("peer-support")
    return wanted


def _online() -> Sql:
    return Sql(f"(f.delivery & {ONLINE}) > 0")


def db_uuids(values: Iterable[uuid.UUID]) -> list:
    """Service ids as the database keeps them: 32 hex digits on SQLite (as Django's UUIDField
    writes them there), uuid values elsewhere."""
    if connection.vendor == "sqlite":
        return [value.hex for value in values]
    return list(values)


def core_filter(profile: Profile, limits: Limits) -> Sql:
    """Every hard constraint but where: running, age, audience, cost, access (services only:
    connectors are not read here), online or in person, days and times, and not hidden.

    What is not known stays (`constraints.not_known` ranks it below): no access features
    recorded, no days or times recorded. Group size is the team's (checked on each candidate)."""
    q = Sql("f.is_active")
    low, high = limits.ages
    q &= Sql("(f.minimum_age IS NULL OR f.minimum_age <= %s)", [high])
    if "parents" in limits.circumstances:  # with their child: `fit.with_young_children`
        q &= Sql(
            "(f.maximum_age IS NULL OR f.maximum_age >= %s OR f.maximum_age <= %s"
            " OR (f.audience & %s) > 0)",
            [low, YOUNG_CHILDREN_MOST, AUDIENCE_BITS["parents"]],
        )
    else:
        q &= Sql("(f.maximum_age IS NULL OR f.maximum_age >= %s)", [low])
    q &= Sql("(f.audience = 0 OR (f.audience & %s) > 0)", [limits.audience_bits])
    if limits.free_only:
        q &= Sql("f.is_free")
    elif limits.max_cost is not None:
        q &= Sql("(f.is_free OR f.lowest_cost <= %s)", [limits.max_cost])
    if needs := limits.access_bits:
        q &= Sql("(f.access_features = 0 OR (f.access_features & %s) = %s)", [needs, needs])
    if limits.only_online:
        q &= _online()
    if limits.only_in_person:
        q &= Sql(f"f.delivery <> {ONLINE}")
    for column, mask in (("days", limits.day_mask), ("times", limits.time_mask)):
        if mask:
            q &= Sql(f"(f.{column} = 0 OR (f.{column} & %s) > 0)", [mask])
    if profile.hidden:
        hidden = sorted(profile.hidden)
        marks = ", ".join(["%s"] * len(hidden))
        q &= Sql(f"f.service_id NOT IN ({marks})", db_uuids(hidden))
    return q


def box_bounds(point: tuple[float, float], km: float) -> tuple[float, ...]:
    """(south, north, west, east) of a box holding every point within `km` (a little more), as
    `directory.search` draws it; just (south, north) where the box would wrap round."""
    lat, lon = point
    dlat = km / KM_PER_DEGREE * 1.001 + 1e-9
    cos_lat = math.cos(math.radians(min(89.9, abs(lat) + dlat)))
    dlon = dlat / cos_lat if cos_lat > 0 else 360
    if lon - dlon >= -180 and lon + dlon <= 180:
        return (lat - dlat, lat + dlat, lon - dlon, lon + dlon)
    return (lat - dlat, lat + dlat)


def _box_condition(point: tuple[float, float], km: float, alias: str) -> Sql:
    bounds = box_bounds(point, km)
    text = f"{alias}.latitude >= %s AND {alias}.latitude <= %s"
    if len(bounds) == 4:
        text += f" AND {alias}.longitude >= %s AND {alias}.longitude <= %s"
    return Sql(text, list(bounds))


def in_box(point: tuple[float, float], km: float, *, row_by_row: bool = False) -> Sql:
    """Located within the box: by listing every place in it (`row_by_row` False, for queries
    that start from the box), or by looking up each service's places (for a few services)."""
    box = _box_condition(point, km, "p")
    if row_by_row:
        return Sql(f"EXISTS (SELECT 1 FROM {POINTS} p WHERE p.facts_id = f.id AND {box.text})",
                   box.params)  # fmt: skip
    return Sql(f"f.id IN (SELECT p.facts_id FROM {POINTS} p WHERE {box.text})", box.params)


def in_area(area: str, *, row_by_row: bool = False) -> Sql:
    keys = area_keys(area)
    marks = ", ".join(["%s"] * len(keys))
    if row_by_row:
        return Sql(
            f"EXISTS (SELECT 1 FROM {PLACES} a WHERE a.facts_id = f.id AND a.place IN ({marks}))",
            keys,
        )
    return Sql(f"f.id IN (SELECT a.facts_id FROM {PLACES} a WHERE a.place IN ({marks}))", keys)


def where_filter(profile: Profile, limits: Limits, *, row_by_row: bool = False) -> Sql | None:
    """Where a service must be: within their limit (by its box) or their area, unless it can
    be joined online and they will (`limits.online`); None when anywhere will do."""
    online_ok = _online() if limits.online else NOTHING
    if limits.max_km is not None and profile.point is not None:
        return in_box(profile.point, limits.max_km, row_by_row=row_by_row) | online_ok
    if limits.area:
        return in_area(limits.area, row_by_row=row_by_row) | online_ok
    return None


def text_match(terms: tuple[str, ...]) -> Sql:
    """Services whose indexed words match any of `terms` (plain words), on either database."""
    if connection.vendor == "sqlite":
        expression = " OR ".join(f'"{term}"' for term in terms)
        table = fulltext.FTS_TABLE
        return Sql(f"f.id IN (SELECT rowid FROM {table} WHERE {table} MATCH %s)", [expression])
    if connection.vendor == "postgresql":
        expression = " | ".join(f"'{term}'" for term in terms)
        return Sql(f"f.{fulltext.PG_COLUMN} @@ to_tsquery('english', %s)", [expression])
    raise NotImplementedError(f"No full-text search for {connection.vendor}")  # pragma: no cover


def listed_under(category_ids: list[int]) -> Sql:
    marks = ", ".join(["%s"] * len(category_ids))
    return Sql(
        f"EXISTS (SELECT 1 FROM {TERMS} t WHERE t.facts_id = f.id AND t.category_id IN ({marks}))",
        list(category_ids),
    )


def nearest_first(point: tuple[float, float]) -> Sql:
    """Ordered by the squared chord to the service's own point (those with none or several
    places last), then id."""
    x, y, z = unit_vector(*point)
    text = "(f.x - %s) * (f.x - %s) + (f.y - %s) * (f.y - %s) + (f.z - %s) * (f.z - %s)"
    return Sql(f"{text} ASC NULLS LAST, f.id", [x, x, y, y, z, z])


def nearby_km(limits: Limits) -> float:
    """How far around them to look before the whole directory: NEARBY_KM, or their limit."""
    return NEARBY_KM if limits.max_km is None else min(NEARBY_KM, limits.max_km)


def enough_km(km: float, nearby: tuple[tuple[float, int], ...], enough: int) -> float:
    """How far around them to look: the smallest of the distances counted (`nearby`:
    (km, places), widest first, all within `km`) whose box still holds `enough` places; `km`
    (NEARBY_KM or their limit) when none does."""
    return min((within for within, places in nearby if places >= enough), default=km)


def _pick(where: Sql, order: Sql, n: int) -> Sql:
    return Sql(
        f"SELECT f.id FROM {FACTS} f WHERE {where.text} ORDER BY {order.text} LIMIT {int(n)}",
        where.params + order.params,
    )


class Sources:
    """The ways of finding candidates for one ranking, as SQL."""

    def __init__(
        self,
        profile: Profile,
        limits: Limits,
        team_id: int | None,
        wanted_ids: list[int],
        terms: tuple[str, ...],
        *,
        nearby: tuple[tuple[float, int], ...] = (),
    ) -> None:
        self.profile, self.limits, self.team_id = profile, limits, team_id
        self.core = core_filter(profile, limits)
        self.where = where_filter(profile, limits)
        self.near_km = enough_km(nearby_km(limits), nearby, NEAR_ENOUGH)
        self.match_km = enough_km(nearby_km(limits), nearby, MATCH_ENOUGH)
        self.listed = listed_under(wanted_ids) if wanted_ids else None
        worded = text_match(terms) if terms else None
        ways = [way for way in (self.listed, worded) if way is not None]
        self.matching = ways[0] | ways[1] if len(ways) == 2 else (ways[0] if ways else None)

    def base(self) -> Sql:
        return self.core if self.where is None else self.core & self.where

    def bounded(self) -> bool:
        """Their own limit is no further than NEARBY_KM: no need to look further."""
        return self.limits.max_km is not None and self.limits.max_km <= NEARBY_KM

    def picks(self) -> list[Sql]:
        """A query of facts ids for each way of finding candidates (before any fallback)."""
        n, profile, limits = CANDIDATES_PER_SOURCE, self.profile, self.limits
        if profile.point is not None:
            near = self.core & in_box(profile.point, self.near_km)
            pool = self.core & in_box(profile.point, self.match_km)
            order = nearest_first(profile.point)
        elif limits.area:
            near = pool = self.core & in_area(limits.area)
            order = Sql("f.sort_name, f.id")
        else:  # anywhere: any order will do, and the directory's own (by id) needs no sort
            near = pool = self.base()
            order = Sql("f.id")
        picks = [_pick(near, order, n)]
        if self.matching is not None:
            picks.append(_pick(pool & self.matching, order, n))
            local = profile.point is not None or bool(limits.area)
            if local and limits.online:  # online from anywhere, beyond where they are
                online = self.core & _online() & (self.listed or self.matching)
                picks.append(_pick(online, Sql("f.id"), ONLINE_CANDIDATES))
        if self.team_id is not None:
            team = f"SELECT u.service_id FROM {TEAM_SERVICES} u WHERE u.team_id = %s"
            used = Sql(f"f.service_id IN ({team})", [self.team_id])
            theirs = self.core & used
            if (where := where_filter(profile, limits, row_by_row=True)) is not None:
                theirs &= where
            elif profile.point is not None:  # no limit of theirs: those within NEARBY_KM
                near = in_box(profile.point, NEARBY_KM, row_by_row=True)
                theirs &= near | (_online() if limits.online else NOTHING)
            picks.append(_pick(theirs, Sql("f.id"), n))
        return picks

    def fallback(self, located_nearby: int) -> list[Sql]:
        """When the box for the nearest held too few services: the nearest in the full box,
        if it was made smaller; else, when nothing of theirs limits how far, the nearest and
        the nearest matching in the whole directory, sorted by distance."""
        n, point = CANDIDATES_PER_SOURCE, self.profile.point
        if point is None or located_nearby >= n:
            return []
        order = nearest_first(point)
        if self.near_km < nearby_km(self.limits):
            return [_pick(self.core & in_box(point, nearby_km(self.limits)), order, n)]
        if self.bounded():
            return []
        picks = [_pick(self.base(), order, n)]
        if self.matching is not None:
            picks.append(_pick(self.base() & self.matching, order, n))
        return picks


def read_rows(picks: list[Sql]) -> list[tuple]:
    """The found services' rows, whole (COLUMNS), in one query.

    One list of ids, not `id IN (…) OR id IN (…)`: SQLite would work out each list twice."""
    if not picks:
        return []
    union = " UNION ALL ".join(f"SELECT id FROM ({p.text}) AS pick{n}" for n, p in enumerate(picks))
    params = [value for p in picks for value in p.params]
    sql = (
        f"SELECT {COLUMNS} FROM {FACTS} f JOIN {SERVICES} s ON s.id = f.service_id "
        f"WHERE f.id IN ({union})"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    return [_row(row) for row in rows]


def _row(row: tuple) -> tuple:
    """Values as Python has them on either database (SQLite gives text ids and 0/1)."""
    fid, sid, name, desc, topics, free, low, *rest = row
    sid = sid if isinstance(sid, uuid.UUID) else uuid.UUID(sid)
    days, times, delivery, access, lo, hi, points, x, y, z, features, known, audience = rest
    return (
        fid, sid, name, desc, topics, bool(free), None if low is None else float(low), days,
        times, delivery, bool(access), lo, hi, points, x, y, z, features, bool(known), audience,
    )  # fmt: skip


def as_date(value: object) -> datetime.date | None:
    """A date column's value as a date (SQLite gives text)."""
    if value is None or isinstance(value, datetime.date):
        return value
    return datetime.date.fromisoformat(str(value))

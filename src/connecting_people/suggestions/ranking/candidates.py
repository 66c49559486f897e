# ruff: noqa: S608 (table and column names are our own constants; values go only in parameters)
"""Turning what the database found into candidates: services and the team's connectors.

- `categories_for`: the interest categories' names and ids, how many services are listed
  under each of the person's (how specific a match to it is) and, near a point, how many places
  are within a few distances of it (how far to look): one query, whose counts read only indexes.
- `service_candidates`: `sources` finds the services in one query (two when the box around
  them held too few); their rows become `Candidate`s, with their distance (one more query only
  for services with several places) and what the team knows of them (one query over the team's
  entries, never a list of candidate ids).
- `connector_candidates`: the team's connectors, in one query.

The queries are written as SQL (portable: the same on SQLite and PostgreSQL), as in `sources`:
built through the ORM they took longer to build than to answer.

At most seven queries, whatever the directory's size.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import connection

from connecting_people.accounts.models import User
from connecting_people.core.models import TeamMembership
from connecting_people.directory.fit import (
    ACCESS_BITS,
    ACCESS_FEATURES,
    AUDIENCES,
    Term,
    from_bits,
    split_slugs,
)
from connecting_people.directory.models import (
    CommunityConnector,
    Feedback,
    SearchPoint,
    ServiceKnower,
)
from connecting_people.directory.models.team import FeedbackRating
from connecting_people.directory.search.engine import EARTH_RADIUS_KM
from connecting_people.directory.search.facts_rules import unit_vector
from connecting_people.people.models import Person
from connecting_people.suggestions.models import NotForMeReason, Suggestion, SuggestionStatus
from connecting_people.suggestions.profile import Profile
from connecting_people.suggestions.ranking.candidate import Candidate
from connecting_people.suggestions.ranking.constraints import Limits
from connecting_people.suggestions.ranking.signals import specificity
from connecting_people.suggestions.ranking.sources import (
    FACTS,
    IN_PERSON,
    NEARBY_STEPS,
    POINTS,
    TEAM_SERVICES,
    TERMS,
    Sources,
    _box_condition,
    as_date,
    db_uuids,
    read_rows,
    wanted_categories,
)
from connecting_people.taxonomy.models import InterestCategory

CATEGORIES = InterestCategory._meta.db_table
KNOWERS = ServiceKnower._meta.db_table
FEEDBACK = Feedback._meta.db_table
USERS = User._meta.db_table
MEMBERSHIPS = TeamMembership._meta.db_table
SUGGESTIONS = Suggestion._meta.db_table
PEOPLE = Person._meta.db_table


@dataclass(frozen=True)
class Categories:
    """The interest categories: by name (as a service's topics give them), their ids, how
    specific each of the person's is in this directory (1.0 when not known), and around their
    point (when asked) how many located places are within each of a few distances, as
    (km, places), widest first."""

    slug_by_name: dict[str, str] = field(default_factory=dict)
    id_by_slug: dict[str, int] = field(default_factory=dict)
    specificity: dict[str, float] = field(default_factory=dict)
    nearby: tuple[tuple[float, int], ...] = ()

    def ids(self, slugs: Iterable[str]) -> list[int]:
        return sorted(self.id_by_slug[s] for s in slugs if s in self.id_by_slug)

    def names(self) -> dict[str, str]:
        """Each category's name by its slug, to say a kind of activity in."""
        return {slug: name for name, slug in self.slug_by_name.items()}


def categories_for(
    counted: Iterable[str], *, near: tuple[tuple[float, float], float] | None = None
) -> Categories:
    """Every interest category, with how many services are listed under each of `counted` and
    how many services there are, and (`near`: a point and km) how many located places are in
    the box around the point at half of km, a quarter and an eighth: one query."""
    counted = sorted(set(counted))
    marks = ", ".join(["%s"] * len(counted)) or "NULL"
    columns = [
        f"CASE WHEN c.slug IN ({marks}) THEN "
        f"(SELECT COUNT(*) FROM {TERMS} t WHERE t.category_id = c.id) END",
        f"(SELECT COUNT(*) FROM {FACTS})",
    ]
    params: list = list(counted)
    radii: list[float] = []
    if near is not None:
        point, km = near
        # The full box is looked in when no smaller one holds enough: its count is not needed.
        radii = [km / 2**k for k in range(1, NEARBY_STEPS)]
        for within in radii:
            box = _box_condition(point, within, "p")
            columns.append(f"(SELECT COUNT(*) FROM {POINTS} p WHERE {box.text})")
            params += box.params
    sql = f"SELECT c.id, c.name, c.slug, {', '.join(columns)} FROM {CATEGORIES} c"
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    slugs: dict[str, str] = {}
    ids: dict[str, int] = {}
    specific: dict[str, float] = {}
    places: list[int] = []
    for cid, name, slug, listed, services, *counts in rows:
        slugs[name], ids[slug], places = slug, cid, counts
        if slug in counted:
            specific[slug] = specificity(listed, services)
    return Categories(slugs, ids, specific, tuple(zip(radii, places, strict=False)))


def _category_slugs(
    topics: str, by_name: dict[str, str], seen: dict[str, frozenset[str]]
) -> frozenset[str]:
    """The interest categories among a service's topics (its terms' and categories' names);
    many services share their topics, so each is worked out once (`seen`)."""
    if (found := seen.get(topics)) is None:
        found = seen[topics] = frozenset(by_name[t] for t in topics.split(" | ") if t in by_name)
    return found


def service_candidates(
    profile: Profile,
    limits: Limits,
    team_id: int | None,
    *,
    categories: Categories,
    terms: tuple[str, ...] = (),
) -> list[Candidate]:
    wanted = wanted_categories(profile)
    sources = Sources(
        profile, limits, team_id, categories.ids(wanted), terms, nearby=categories.nearby
    )
    rows = read_rows(sources.picks())
    distances = _distances(profile, rows)
    if profile.point is not None:
        reach = sources.near_km * math.sqrt(2)  # the box's corners
        near = sum(1 for km in distances.values() if km <= reach)
        if more := read_rows(sources.fallback(near)):
            seen = {row[0] for row in rows}
            more = [row for row in more if row[0] not in seen]
            rows += more
            distances |= _distances(profile, more)
    found: dict = {}
    seen_topics: dict[str, frozenset[str]] = {}
    seen_bits: dict[tuple[int, int], frozenset[str]] = {}
    for row in rows:
        (fid, sid, name, desc, topics, free, low, days, times, delivery, acc, lo, hi) = row[:13]
        features, known, audience = row[17:20]
        found[sid] = Candidate(
            kind="service",
            name=name,
            service_id=sid,
            description=desc,
            topics=topics,
            category_slugs=_category_slugs(topics, categories.slug_by_name, seen_topics),
            is_free=free,
            lowest_cost=low,
            days=days,
            times=times,
            delivery=delivery,
            has_accessibility=acc,
            access_features=_slugs(features, ACCESS_FEATURES, seen_bits),
            access_known=known,
            audience=_slugs(audience, AUDIENCES, seen_bits),
            minimum_age=lo,
            maximum_age=hi,
            distance_km=distances.get(fid),
        )
    if team_id is not None and found:
        _add_team_knowledge(found, team_id)
    return list(found.values())


def _slugs(
    bits: int, terms: tuple[Term, ...], seen: dict[tuple[int, int], frozenset[str]]
) -> frozenset[str]:
    """The slugs of stored bits; many services share them, so each is worked out once."""
    key = (id(terms), bits or 0)
    if (found := seen.get(key)) is None:
        found = seen[key] = from_bits(bits or 0, terms)
    return found


def _km(chord2: float) -> float:
    return EARTH_RADIUS_KM * 2 * math.asin(min(1.0, math.sqrt(max(chord2, 0.0)) / 2))


def _chord2(a: tuple[float, float, float], b: tuple[float, float, float]) -> float:
    return (a[0] - b[0]) ** 2 + (a[1] - b[1]) ** 2 + (a[2] - b[2]) ** 2


def _distances(profile: Profile, rows: list[tuple]) -> dict[int, float]:
    """Kilometres to each service's nearest location (one query for those with several)."""
    if profile.point is None:
        return {}
    here = unit_vector(*profile.point)
    found = {row[0]: _km(_chord2(here, row[14:17])) for row in rows if row[13] == 1}
    several = [row[0] for row in rows if row[13] > 1]
    if several:
        for fid, x, y, z in SearchPoint.objects.filter(facts_id__in=several).values_list(
            "facts_id", "x", "y", "z"
        ):
            km = _km(_chord2(here, (x, y, z)))
            found[fid] = min(km, found.get(fid, km))
    return found


CONNECTORS = CommunityConnector._meta.db_table
CONNECTOR_INTERESTS = CommunityConnector.interests.through._meta.db_table
# With how the team's people fared with each connector, from their suggestions, as a service's
# outcomes reach its feedback (`suggestions.services.OUTCOME_FEEDBACK`): going regularly went
# well and they kept going; tried is mixed; not for them only when they tried it and did not
# like it.
CONNECTORS_SQL = f"""
SELECT c.id, c.name, c.offers, c."when", c.latitude, c.longitude,
    c.can_go_along, c.is_free, c.check_due_on, c.group_size, c.access_features,
    k.slug, o.regular, o.tried, o.nope
FROM {CONNECTORS} c
LEFT JOIN {CONNECTOR_INTERESTS} ci ON ci.communityconnector_id = c.id
LEFT JOIN {CATEGORIES} k ON k.id = ci.interestcategory_id
LEFT JOIN (
    SELECT s.connector_id AS connector_id,
        SUM(CASE WHEN s.status = %s THEN 1 ELSE 0 END) AS regular,
        SUM(CASE WHEN s.status = %s THEN 1 ELSE 0 END) AS tried,
        SUM(CASE WHEN s.status = %s AND s.reason = %s THEN 1 ELSE 0 END) AS nope
    FROM {SUGGESTIONS} s JOIN {PEOPLE} p ON p.id = s.person_id
    WHERE p.team_id = %s AND s.connector_id IS NOT NULL
    GROUP BY s.connector_id
) o ON o.connector_id = c.id
WHERE c.team_id = %s AND c.is_active
ORDER BY c.id
"""

TEAM_KNOWLEDGE_SQL = f"""
SELECT e.service_id, e.check_due_on, e.group_size,
    SUM(CASE WHEN b.rating = %s THEN 1 ELSE 0 END),
    SUM(CASE WHEN b.rating = %s THEN 1 ELSE 0 END),
    COUNT(b.id),
    SUM(CASE WHEN b.kept_going THEN 1 ELSE 0 END),
    (SELECT u.name FROM {KNOWERS} k
        JOIN {USERS} u ON u.id = k.user_id
        JOIN {MEMBERSHIPS} m ON m.user_id = u.id AND m.team_id = e.team_id
        WHERE k.entry_id = e.id AND k.can_go_along AND u.is_active
        ORDER BY CASE WHEN u.name = '' THEN 1 ELSE 0 END, u.name, k.id LIMIT 1)
FROM {TEAM_SERVICES} e LEFT JOIN {FEEDBACK} b ON b.entry_id = e.id
WHERE e.team_id = %s
GROUP BY e.id, e.service_id, e.check_due_on, e.group_size
"""


def _add_team_knowledge(found: dict, team_id: int) -> None:
    """Who uses it, when it is due a check, someone who could go along (an active member of the
    team; by first name, or "" when the team has no name for them: never an email address),
    what people said: one query over the team's entries (a team knows hundreds of services,
    not the directory), so no query needs the candidates' ids."""
    by_db_id = dict(zip(db_uuids(found), found.values(), strict=True))
    params: list[str | int] = [FeedbackRating.WENT_WELL.value, FeedbackRating.MIXED.value, team_id]
    with connection.cursor() as cursor:
        cursor.execute(TEAM_KNOWLEDGE_SQL, params)
        entries = cursor.fetchall()
    for service_id, due, size, well, mixed, said, kept, goer in entries:
        if (c := by_db_id.get(service_id)) is None:
            continue
        c.team_uses, c.check_due_on, c.group_size = True, as_date(due), size or ""
        well, mixed, said, kept = int(well or 0), int(mixed or 0), int(said), int(kept or 0)
        c.went_well, c.mixed, c.not_for_them, c.kept_going = well, mixed, said - well - mixed, kept
        if goer is not None:
            c.go_along.append(goer.split()[0] if goer.strip() else "")


def connector_candidates(profile: Profile, team_id: int | None) -> list[Candidate]:
    """The team's running connectors, with their kinds of interest and how the team's people
    fared with them (one query: a row for each kind, or one with none)."""
    if team_id is None:
        return []
    params: list[str | int] = [
        SuggestionStatus.GOING_REGULARLY.value,
        SuggestionStatus.TRIED.value,
        SuggestionStatus.NOT_FOR_ME.value,
        NotForMeReason.TRIED_DID_NOT_LIKE.value,
        team_id,
        team_id,
    ]
    with connection.cursor() as cursor:
        cursor.execute(CONNECTORS_SQL, params)
        found_rows = cursor.fetchall()
    rows: dict[int, tuple] = {}
    slugs: dict[int, set[str]] = defaultdict(set)
    for cid, name, offers, when, lat, lon, go, free, due, size, access, slug, *fared in found_rows:
        regular, tried, nope = (int(n or 0) for n in fared)
        rows.setdefault(
            cid,
            (cid, name, offers, when, lat, lon, bool(go), bool(free), as_date(due),
             regular, tried, nope, size or "", split_slugs(access, ACCESS_BITS)),
        )  # fmt: skip
        if slug:
            slugs[cid].add(slug)
    here = unit_vector(*profile.point) if profile.point else None
    found = []
    for (
        cid,
        name,
        offers,
        when,
        lat,
        lon,
        go,
        free,
        due,
        regular,
        tried,
        nope,
        size,
        access,
    ) in rows.values():
        km = None
        if here is not None and lat is not None and lon is not None:
            km = _km(_chord2(here, unit_vector(lat, lon)))
        found.append(
            Candidate(
                kind="connector",
                name=name,
                connector_id=cid,
                description=f"{offers} {when}",
                category_slugs=frozenset(slugs[cid]),
                is_free=free,
                delivery=IN_PERSON,
                distance_km=km,
                team_uses=True,
                check_due_on=due,
                go_along=[name] if go else [],
                located=lat is not None and lon is not None,
                when=when or "",
                went_well=regular,
                kept_going=regular,
                mixed=tried,
                not_for_them=nope,
                group_size=size,
                access_features=access,
                access_known=bool(access),  # a connector's own list: what it has said
            )
        )
    return found

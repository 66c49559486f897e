"""Finding what could be suggested: the database narrows, then reads plain rows.

The hard constraints filter in SQL on the search facts (`directory.models.search`). From what
is left, three ways of finding candidates each bring at most CANDIDATES_PER_SOURCE ids: those
listed under a kind of interest the person has (or that would fill a gap in their network, or
use their skills), those the team uses, and the nearest (or, with no point, the first by name).
Each source's query sorts only ids and reads its rows whole, as tuples; with a point, nearest
first looks within NEARBY_KM (through the points' index) and sorts the whole filtered directory
only when that box holds too few. Then the interest categories' names, three queries for what
the team knows (read for the team's entries, never a list of candidate ids) and two for the
team's connectors. At most eleven queries, whatever the directory's size.
"""

from __future__ import annotations

import math
from collections import defaultdict

from django.db.models import Count, Exists, F, FloatField, OuterRef, Q, QuerySet, Value
from django.db.models.lookups import GreaterThan

from connecting_people.directory.facts_rules import area_keys, unit_vector
from connecting_people.directory.models import (
    CommunityConnector,
    Feedback,
    SearchFacts,
    SearchPlace,
    SearchPoint,
    SearchTerm,
    ServiceKnower,
    TeamService,
)
from connecting_people.directory.models.search import DELIVERY_BITS
from connecting_people.directory.search import EARTH_RADIUS_KM, _box
from connecting_people.suggestions.profile import (
    GAP_NO_COMPANY,
    GAP_NO_EMOTIONAL_SUPPORT,
    Profile,
)
from connecting_people.suggestions.ranking.candidate import Candidate
from connecting_people.suggestions.ranking.constraints import Limits
from connecting_people.suggestions.ranking.signals import SHARE_CATEGORIES
from connecting_people.suggestions.weights import CANDIDATES_PER_SOURCE
from connecting_people.taxonomy.models import InterestCategory

ONLINE, IN_PERSON = DELIVERY_BITS["online"], DELIVERY_BITS["in_person"]
NEARBY_KM = 10  # nearest first: look this close before sorting the whole directory
FACT_COLUMNS = (
    "id", "service_id", "service__name", "service__description", "topics", "is_free",
    "lowest_cost", "days", "times", "delivery", "has_accessibility", "minimum_age",
    "maximum_age", "point_count", "x", "y", "z",
)  # fmt: skip


def wanted_categories(profile: Profile) -> set[str]:
    wanted = {slug for i in profile.interests for slug in i.category_slugs}
    if profile.skills:
        wanted |= SHARE_CATEGORIES
    if GAP_NO_COMPANY in profile.network_gaps:
        wanted.add("social-groups")
    if GAP_NO_EMOTIONAL_SUPPORT in profile.network_gaps:
        wanted.add("peer-support")
    return wanted


def hard_filter(profile: Profile, limits: Limits) -> QuerySet[SearchFacts]:
    """The running services that break none of the hard constraints (distance by its box)."""
    q = Q(is_active=True)
    if profile.age is not None:
        q &= Q(minimum_age__isnull=True) | Q(minimum_age__lte=profile.age)
        q &= Q(maximum_age__isnull=True) | Q(maximum_age__gte=profile.age)
    if limits.free_only:
        q &= Q(is_free=True)
    if profile.needs_accessibility:
        q &= Q(has_accessibility=True)
    if limits.only_online:
        q &= Q(GreaterThan(F("delivery").bitand(ONLINE), 0))
    if limits.only_in_person:
        q &= ~Q(delivery=ONLINE)
    for column, mask in (("days", limits.day_mask), ("times", limits.time_mask)):
        if mask:
            q &= Q(GreaterThan(F(column).bitand(mask), 0))
    online_ok = Q(GreaterThan(F("delivery").bitand(ONLINE), 0)) if profile.online else Q(pk=None)
    if limits.max_km is not None and profile.point is not None:
        box = _box(*profile.point, limits.max_km)
        q &= Q(id__in=SearchPoint.objects.filter(box).values("facts_id")) | online_ok
    elif limits.area:
        places = SearchPlace.objects.filter(place__in=area_keys(limits.area))
        q &= Q(id__in=places.values("facts_id")) | online_ok
    facts = SearchFacts.objects.filter(q)
    if profile.hidden:
        facts = facts.exclude(service_id__in=list(profile.hidden))
    return facts


def _nearest_first(facts: QuerySet[SearchFacts], profile: Profile) -> QuerySet[SearchFacts]:
    if profile.point is None:
        return facts.order_by("sort_name", "id")
    px, py, pz = unit_vector(*profile.point)
    d2 = (F("x") - Value(px)) ** 2 + (F("y") - Value(py)) ** 2 + (F("z") - Value(pz)) ** 2
    chord = facts.annotate(d2=Value(0.0, FloatField()) + d2)
    return chord.order_by(F("d2").asc(nulls_last=True), "id")


def candidate_rows(profile: Profile, limits: Limits, team_id: int | None) -> list[tuple]:
    """Rows worth scoring: by interest, used by the team, and nearest (three queries).

    Each query reads its rows whole (FACT_COLUMNS), so no later query needs a list of
    hundreds of ids, which costs Django more to prepare than the database to answer."""
    base = hard_filter(profile, limits)
    n = CANDIDATES_PER_SOURCE
    found: dict[int, tuple] = {}

    def add(facts: QuerySet[SearchFacts], *, nearest: bool = False) -> None:
        if nearest and profile.point is not None:
            # Nearest first: a box around them first, through the points' index; only when it
            # holds too few is the whole (filtered) directory sorted by distance.
            km = NEARBY_KM if limits.max_km is None else min(NEARBY_KM, limits.max_km)
            box = _box(*profile.point, km)
            nearby = facts.filter(id__in=SearchPoint.objects.filter(box).values("facts_id"))
            if _read(_nearest_first(nearby, profile), n, found) >= n:
                return
        _read(_nearest_first(facts, profile) if nearest else facts, n, found)

    if wanted := wanted_categories(profile):
        terms = SearchTerm.objects.filter(category__slug__in=wanted)
        if profile.point is not None:
            # Checked row by row, so the database starts from the box around them (a few
            # thousand places) rather than from every service in these categories.
            listed = base.filter(Exists(terms.filter(facts_id=OuterRef("id"))))
        else:
            listed = base.filter(id__in=terms.values("facts_id"))
        add(listed, nearest=True)
    if team_id is not None:
        used = TeamService.objects.filter(team_id=team_id).values("service_id")
        add(base.filter(service_id__in=used).order_by("id"))
    add(base, nearest=True)
    return list(found.values())


def _read(ordered: QuerySet[SearchFacts], n: int, found: dict[int, tuple]) -> int:
    """Read the first `n` rows whole; the ordering sorts only ids (a subquery). How many."""
    ids = ordered.values("id")[:n]
    rows = SearchFacts.objects.filter(id__in=ids).values_list(*FACT_COLUMNS)
    count = 0
    for row in rows:
        found.setdefault(row[0], row)
        count += 1
    return count


def _category_slugs(topics: str, by_name: dict[str, str]) -> frozenset[str]:
    """The interest categories among a service's topics (its terms' and categories' names)."""
    return frozenset(by_name[t] for t in topics.split(" | ") if t in by_name)


def service_candidates(profile: Profile, limits: Limits, team_id: int | None) -> list[Candidate]:
    rows = candidate_rows(profile, limits, team_id)
    if not rows:
        return []
    by_name = dict(InterestCategory.objects.values_list("name", "slug"))
    distances = _distances(profile, rows)
    found = {}
    for row in rows:
        (fid, sid, name, desc, topics, free, low, days, times, delivery, acc, lo, hi) = row[:13]
        found[sid] = Candidate(
            kind="service",
            name=name,
            service_id=sid,
            description=desc,
            topics=topics,
            category_slugs=_category_slugs(topics, by_name),
            is_free=free,
            lowest_cost=float(low) if low is not None else None,
            days=days,
            times=times,
            delivery=delivery,
            has_accessibility=acc,
            minimum_age=lo,
            maximum_age=hi,
            distance_km=distances.get(fid),
        )
    if team_id is not None:
        _add_team_knowledge(found, team_id)
    return list(found.values())


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


def _add_team_knowledge(found: dict, team_id: int) -> None:
    """Who uses, knows, could go along, what people said, when last checked (three queries).

    Read for all the team's entries (a team knows hundreds of services, not the directory),
    so no query needs the candidates' ids."""
    entries = TeamService.objects.filter(team_id=team_id)
    for service_id, due in entries.values_list("service_id", "check_due_on"):
        if c := found.get(service_id):
            c.team_uses, c.check_due_on = True, due
    knowers = ServiceKnower.objects.filter(entry__team_id=team_id, can_go_along=True).order_by(
        "entry__service_id", "user__name"
    )
    for service_id, name, email in knowers.values_list(
        "entry__service_id", "user__name", "user__email"
    ):
        if c := found.get(service_id):
            c.go_along.append(name.split(" ")[0] if name else email)
    said = (
        Feedback.objects.filter(entry__team_id=team_id)
        .values_list("entry__service_id", "rating", "kept_going")
        .annotate(n=Count("id"))
        .order_by()
    )
    for service_id, rating, kept, n in said:
        if (c := found.get(service_id)) is None:
            continue
        if rating == "went_well":
            c.went_well += n
        elif rating == "mixed":
            c.mixed += n
        else:
            c.not_for_them += n
        if kept:
            c.kept_going += n


def connector_candidates(profile: Profile, team_id: int | None) -> list[Candidate]:
    """The team's running connectors (two queries)."""
    if team_id is None:
        return []
    connectors = CommunityConnector.objects.filter(team_id=team_id, is_active=True)
    slugs: dict[int, set[str]] = defaultdict(set)
    through = CommunityConnector.interests.through.objects.filter(
        communityconnector__team_id=team_id
    )
    for cid, slug in through.values_list("communityconnector_id", "interestcategory__slug"):
        slugs[cid].add(slug)
    here = unit_vector(*profile.point) if profile.point else None
    found = []
    for cid, name, offers, when, lat, lon, go, free, due in connectors.values_list(
        "id", "name", "offers", "when", "latitude", "longitude", "can_go_along", "is_free",
        "check_due_on",
    ):  # fmt: skip
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
            )
        )
    return found

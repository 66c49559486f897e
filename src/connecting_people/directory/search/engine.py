"""Search and browse the directory: full text with filters, paged, each result saying why.

CONTRACT (used by the screens, the HSDS API and later the suggestions engine):

    page = search_services(SearchQuery(text="walking", free_only=True, page=2))
    page.matches -> list[Match(service, reasons: list[str], distance_km: float | None, facts)]
    page.total, page.page, page.per_page, page.total_pages
    places() -> list[Place(name, latitude, longitude)]   # towns, for a "near" picker
    refresh_for_services(service_ids)  # after adding, changing or importing services

It reads the search facts (`models.search`, kept fresh by `search.facts.refresh_for_services`) and
the database's full-text index (`search.fulltext`): SQLite FTS5 with bm25 on the embedded default,
PostgreSQL full-text search with ts_rank in production. The types it takes and gives are in
`search.query`. Every filter combines with every other. Order: by relevance when there are words,
else by distance when `near` is given, else by name. A page costs the same few queries whatever the
size of the directory.
"""

from __future__ import annotations

import contextlib
import dataclasses
import math

from django.core.cache import cache
from django.db import IntegrityError, connection
from django.db.models import (
    Case,
    Count,
    F,
    FloatField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
    Window,
)
from django.db.models.aggregates import Avg, Min
from django.db.models.expressions import CombinedExpression
from django.db.models.lookups import GreaterThan
from django.utils import timezone

from connecting_people.directory.models import (
    SearchFacts,
    SearchPlace,
    SearchPoint,
    SearchTerm,
    Service,
    TeamService,
)
from connecting_people.directory.models.search import DAY_BITS, DELIVERY_BITS, TIME_BITS
from connecting_people.directory.search import fulltext
from connecting_people.directory.search.facts import (  # also offered here, beside the search
    refresh_all,
    refresh_for_services,
    refresh_for_terms,
    refresh_missing,
)
from connecting_people.directory.search.facts_rules import area_keys, unit_vector
from connecting_people.directory.search.query import (  # the contract's types, offered here too
    LOW_COST_LIMIT,
    MAX_PAGE,
    MAX_PER_PAGE,
    Match,
    Place,
    SearchPage,
    SearchQuery,
)
from connecting_people.directory.search.reasons import gather_evidence, reasons_for

__all__ = [
    "LOW_COST_LIMIT",
    "Match",
    "Place",
    "SearchPage",
    "SearchQuery",
    "places",
    "refresh_all",
    "refresh_for_services",
    "refresh_for_terms",
    "search_services",
    "too_common",
]

EARTH_RADIUS_KM = 6371.0088
KM_PER_DEGREE = EARTH_RADIUS_KM * math.pi / 180
NEARBY_KM = 10  # nearest first: look this close before sorting the whole directory
PLACES_KEPT_FOR = 24 * 60 * 60  # seconds; a change to the facts makes a new key anyway


def search_services(query: SearchQuery) -> SearchPage:
    """One page of the services matching `query`, best first, each with its reasons."""
    per_page = max(1, min(query.per_page, MAX_PER_PAGE))
    page = min(max(1, query.page), MAX_PAGE)
    words = fulltext.words_of(query.text)
    if too_common(query.text):  # "the": nothing to look for, rather than the whole directory
        return SearchPage(matches=[], total=0, page=1, per_page=per_page)
    _index_any_missing()
    _refresh_stale()
    total, found = _page_of_ids(query, words, (page - 1) * per_page, per_page)
    if not found:
        return SearchPage(matches=[], total=total, page=page, per_page=per_page)
    services = Service.objects.select_related("organization", "search_facts").in_bulk(
        [row["service_id"] for row in found]
    )
    # A service deleted since the page was picked is left out rather than failing the page.
    found = [row for row in found if hasattr(services.get(row["service_id"]), "search_facts")]
    rows = [services[row["service_id"]].search_facts for row in found]
    evidence = gather_evidence(query, words, rows)
    matches = []
    for row, facts in zip(found, rows, strict=True):
        distance = _km(row.get("distance2")) if query.near else None
        service = services[row["service_id"]]
        reasons = reasons_for(query, service, facts, distance, evidence)
        matches.append(Match(service=service, reasons=reasons, distance_km=distance, facts=facts))
    return SearchPage(matches=matches, total=total, page=page, per_page=per_page)


def too_common(text: str) -> list[str]:
    """The words typed, when there are some and every one is too common to search for ("the",
    "in the"); else []. Both databases drop the same stop words, so both find nothing for them."""
    typed = fulltext.WORD.findall(text.lower())
    return list(dict.fromkeys(typed)) if typed and not fulltext.words_of(text) else []


def _page_of_ids(
    query: SearchQuery, words: fulltext.Words, start: int, size: int
) -> tuple[int, list[dict]]:
    """How many match, and the ids (and distance) of those on the page, in order.

    Only ids travel through the sorting: the page's rows are read afterwards, twenty at most.
    Where every match is gathered and sorted anyway (ranked by relevance, or picked out by a
    term, category, place or team), they are counted on the way; otherwise the count is apart,
    so a page by name can walk the name index and one by distance the facts table, and stop.
    """
    facts = _filtered(query, words)
    ordering = _ordering(query, words)
    columns = ["id", "service_id", *(["distance2"] if query.near else [])]
    gathered = bool(words) or (bool(_memberships(query)) and not query.near)
    if not gathered:
        if query.near and query.within_km is None and ordering[0] != "sort_name":
            # Nearest first with no limit: a full page within a few km is the page, since all
            # the others are further away; only when there is not, every service is sorted.
            nearby = _filtered(dataclasses.replace(query, within_km=NEARBY_KM), words)
            found = list(nearby.order_by(*ordering).values(*columns)[start : start + size])
            if len(found) == size:
                return facts.count(), found
        found = list(facts.order_by(*ordering).values(*columns)[start : start + size])
        return facts.count(), found
    counted = facts.annotate(found=Window(Count("id")))
    found = list(counted.order_by(*ordering).values(*columns, "found")[start : start + size])
    return (found[0]["found"] if found else facts.count()), found


def places() -> list[Place]:
    """The towns of running services' locations, each at the centre of its locations.

    Worked out once for each state of the search facts and kept in the cache: every refresh
    adds facts rows with new ids, so the newest id (and the count) says when to work it out again.
    """
    newest_id, refreshed = (
        SearchFacts.objects.order_by("-id").values_list("id", "refreshed_at").first()
    ) or (0, None)
    stamp = refreshed.timestamp() if refreshed else 0
    key = f"directory-places:{SearchFacts.objects.count()}:{newest_id}:{stamp}"
    found = cache.get(key)
    if found is None:
        towns = (
            SearchPoint.objects.filter(facts__is_active=True)
            .exclude(town_key="")
            .values("town_key")
            .annotate(name=Min("town"), lat=Avg("latitude"), lon=Avg("longitude"))
            .order_by("town_key")
        )
        found = [Place(t["name"], round(t["lat"], 5), round(t["lon"], 5)) for t in towns]
        cache.set(key, found, PLACES_KEPT_FOR)
    return found


def _index_any_missing() -> None:
    """Services added without a refresh are indexed on the next search (one query if none)."""
    services, facts = Service._meta.db_table, SearchFacts._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT (SELECT COUNT(*) FROM {services}) - (SELECT COUNT(*) FROM {facts})"  # noqa: S608 (table names from the models)
        )
        (missing,) = cursor.fetchone()
    if missing:
        with contextlib.suppress(IntegrityError):  # another request indexed them first
            refresh_missing()


STALE_PER_SEARCH = 500  # at most this many stale services refreshed by one search


def _refresh_stale() -> None:
    """Refresh the facts that have gone out of date (a cost option or schedule has ended, the
    last session of a day is over): found by their index, a bounded number each search."""
    today = timezone.localdate()
    stale = list(
        SearchFacts.objects.filter(stale_after__lt=today)
        .order_by("stale_after")
        .values_list("service_id", flat=True)[:STALE_PER_SEARCH]
    )
    if stale:
        with contextlib.suppress(IntegrityError):  # another request refreshed them first
            refresh_for_services(stale)


def _filtered(query: SearchQuery, words: fulltext.Words) -> QuerySet[SearchFacts]:
    facts = SearchFacts.objects.filter(_conditions(query))
    for kind, subquery in _memberships(query):
        facts = facts.filter(**{kind: subquery})
    if query.near:
        facts = _near(facts, query.near, query.within_km)
    if words:
        facts = fulltext.matching(facts, words)
    return facts


def _conditions(query: SearchQuery) -> Q:
    """The filters on the facts row itself."""
    q = Q() if query.include_closed else Q(is_active=True)
    if query.organization_id:
        q &= Q(organization_id=query.organization_id)
    if query.modified_after:
        q &= Q(last_modified__gte=query.modified_after)
    if query.free_only:
        q &= Q(is_free=True)
    if query.low_cost:
        q &= Q(is_free=True) | Q(lowest_cost__lte=LOW_COST_LIMIT)
    if query.accessible:
        q &= Q(has_accessibility=True)
    if query.age is not None:
        q &= Q(minimum_age__isnull=True) | Q(minimum_age__lte=query.age)
        q &= Q(maximum_age__isnull=True) | Q(maximum_age__gte=query.age)
    for column, mask in (
        ("days", day_mask(query.days)),
        ("times", TIME_BITS.get(query.time_of_day, 0)),
        ("delivery", DELIVERY_BITS.get(query.delivery, 0)),
    ):
        if mask:
            q &= Q(GreaterThan(F(column).bitand(mask), 0))
    return q


def _memberships(query: SearchQuery) -> list[tuple[str, QuerySet]]:
    """The filters answered by the side tables: terms, categories, places, teams."""
    found: list[tuple[str, QuerySet]] = []
    terms = SearchTerm.objects.values("facts_id")
    if query.categories:
        found.append(("id__in", terms.filter(category__slug__in=query.categories)))
    if query.taxonomy_term_ids:
        found.append(("id__in", terms.filter(term_id__in=query.taxonomy_term_ids)))
    if query.taxonomy_id:
        found.append(("id__in", terms.filter(taxonomy_id=query.taxonomy_id)))
    if query.area.strip():
        places = SearchPlace.objects.filter(place__in=area_keys(query.area))
        found.append(("id__in", places.values("facts_id")))
    if query.team_id:
        used = TeamService.objects.filter(team_id=query.team_id).values("service_id")
        found.append(("service_id__in", used))
    return found


def _near(
    facts: QuerySet[SearchFacts], near: tuple[float, float], within_km: float | None
) -> QuerySet[SearchFacts]:
    """Annotate `distance2` (squared chord to the nearest location); with `within_km`, only
    those that close, found first by a box around the point. A service with one location has
    its point on the facts row; only those with more look at the points table."""
    lat, lon = near
    within_km = None if within_km is None else max(within_km, 0.0)
    points = SearchPoint.objects.filter(facts=OuterRef("pk"))
    if within_km is not None:
        box = _box(lat, lon, within_km)
        facts = facts.filter(id__in=SearchPoint.objects.filter(box).values("facts_id"))
        points = points.filter(box)
    nearest = points.annotate(d2=_chord2(lat, lon)).order_by("d2").values("d2")[:1]
    facts = facts.annotate(
        distance2=Case(
            When(point_count=1, then=_chord2(lat, lon)),
            When(point_count__gt=1, then=Subquery(nearest)),
            default=None,
            output_field=FloatField(),
        )
    )
    if within_km is not None:
        chord = 2 * math.sin(min(within_km / EARTH_RADIUS_KM, math.pi) / 2)
        facts = facts.filter(distance2__lte=chord * chord)
    return facts


def _chord2(lat: float, lon: float) -> CombinedExpression:
    """The squared straight-line distance from the row's (x, y, z) to this point's."""
    dx, dy, dz = (F(axis) - Value(v) for axis, v in zip("xyz", unit_vector(lat, lon), strict=True))
    return dx * dx + dy * dy + dz * dz


def _box(lat: float, lon: float, km: float) -> Q:
    """A latitude/longitude box holding every point within `km` (a little more)."""
    dlat = km / KM_PER_DEGREE * 1.001 + 1e-9
    q = Q(latitude__gte=lat - dlat, latitude__lte=lat + dlat)
    cos_lat = math.cos(math.radians(min(89.9, abs(lat) + dlat)))
    dlon = dlat / cos_lat if cos_lat > 0 else 360
    if lon - dlon >= -180 and lon + dlon <= 180:  # else it wraps round: latitude alone will do
        q &= Q(longitude__gte=lon - dlon, longitude__lte=lon + dlon)
    return q


def _ordering(query: SearchQuery, words: fulltext.Words) -> list:
    by_name = ["sort_name", "id"]
    if query.sort == "name":
        return by_name
    if words and query.sort != "distance":
        return ["text_rank", *by_name]
    if query.near:
        return [F("distance2").asc(nulls_last=True), *by_name]
    return by_name


def _km(distance2: float | None) -> float | None:
    """Great-circle kilometres from the squared chord between unit vectors."""
    if distance2 is None:
        return None
    return EARTH_RADIUS_KM * 2 * math.asin(min(1.0, math.sqrt(max(distance2, 0.0)) / 2))


def day_mask(days: list[str]) -> int:
    mask = 0
    for day in days:
        mask |= DAY_BITS.get(day.upper()[:2], 0)
    return mask

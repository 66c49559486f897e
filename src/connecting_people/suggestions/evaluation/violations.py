"""Does a suggested service break something the person told us? Checked here from the
directory's own facts, independently of the ranking, so a ranking bug cannot hide itself.

`violations` is pure (a `ServiceFacts` and a profile-like object in, reasons out);
`facts_for` reads the facts of many services in a fixed number of queries.
"""

from __future__ import annotations

import math
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

IN_PERSON, ONLINE = 1, 2  # DELIVERY_BITS in directory.models.search
EARTH_KM = 6371.0088


@dataclass(frozen=True)
class ServiceFacts:
    service_id: uuid.UUID
    name: str
    is_active: bool
    is_free: bool
    delivery: int  # bits: 1 in person, 2 online; 0 unknown
    has_accessibility: bool
    minimum_age: float | None
    maximum_age: float | None
    points: tuple[tuple[float, float], ...]  # (latitude, longitude) of its located places


def distance_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance (haversine)."""
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * EARTH_KM * math.asin(math.sqrt(h))


def violations(profile: Any, facts: ServiceFacts) -> list[str]:
    """The hard constraints this service breaks for this person (empty when none).

    `profile` needs: barriers, age, in_person, online, needs_accessibility, point, max_travel_km.
    Rules: closed; age outside its range; money is a barrier and it is not free; they want only
    online and it is in person only, or only in person and it is online only; in person they would
    have to go further than their limit (when it cannot be done online instead); they need access
    information and it has none for going in person (when it cannot be done online instead).
    """
    found = []
    if not facts.is_active:
        found.append("closed")
    age = profile.age
    if age is not None:
        if facts.minimum_age is not None and age < facts.minimum_age:
            found.append("too young")
        if facts.maximum_age is not None and age > facts.maximum_age:
            found.append("too old")
    if "money" in profile.barriers and not facts.is_free:
        found.append("not free")
    offers_in_person = bool(facts.delivery & IN_PERSON)
    offers_online = bool(facts.delivery & ONLINE)
    if profile.online and not profile.in_person and facts.delivery and not offers_online:
        found.append("in person only")
    if profile.in_person and not profile.online and facts.delivery and not offers_in_person:
        found.append("online only")
    goes_in_person = offers_in_person and not (profile.online and offers_online)
    if goes_in_person and profile.in_person:
        if profile.point is not None and profile.max_travel_km is not None and facts.points:
            nearest = min(distance_km(tuple(profile.point), p) for p in facts.points)
            if nearest > profile.max_travel_km:
                found.append("too far")
        if profile.needs_accessibility and not facts.has_accessibility:
            found.append("no access information")
    return found


def facts_for(service_ids: Iterable[uuid.UUID] | None = None) -> dict[uuid.UUID, ServiceFacts]:
    """The facts of these services (of every service when None), by id: two queries."""
    from connecting_people.directory.models.search import SearchFacts, SearchPoint

    rows = SearchFacts.objects.all()
    points = SearchPoint.objects.all()
    if service_ids is not None:
        ids = list(service_ids)
        rows = rows.filter(service_id__in=ids)
        points = points.filter(facts__service_id__in=ids)
    located: dict[uuid.UUID, list[tuple[float, float]]] = {}
    for service_id, lat, lon in points.values_list("facts__service_id", "latitude", "longitude"):
        located.setdefault(service_id, []).append((lat, lon))
    return {
        row["service_id"]: ServiceFacts(
            service_id=row["service_id"],
            name=row["service__name"],
            is_active=row["is_active"],
            is_free=row["is_free"],
            delivery=row["delivery"],
            has_accessibility=row["has_accessibility"],
            minimum_age=row["minimum_age"],
            maximum_age=row["maximum_age"],
            points=tuple(located.get(row["service_id"], ())),
        )
        for row in rows.values(
            "service_id",
            "service__name",
            "is_active",
            "is_free",
            "delivery",
            "has_accessibility",
            "minimum_age",
            "maximum_age",
        )
    }

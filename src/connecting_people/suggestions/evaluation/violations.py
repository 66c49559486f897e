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
# As directory.models.search.DAY_BITS and TIME_BITS, written out again: this check must not
# share the ranking's code.
DAY_BITS = {"MO": 1, "TU": 2, "WE": 4, "TH": 8, "FR": 16, "SA": 32, "SU": 64}
TIME_BITS = {"morning": 1, "afternoon": 2, "evening": 4}
TRANSPORT_KM = 5.0  # with transport or distance a barrier and no limit of their own


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
    days: int = 0  # bits, as DAY_BITS; 0 not known
    times: int = 0  # bits, as TIME_BITS; 0 not known


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

    `profile` needs: barriers, age, in_person, online, needs_accessibility, point, max_travel_km,
    free_days, free_times.
    Rules (every hard rule the ranking applies, ADR 11): closed; age outside its range; money is
    a barrier and it is not free; they want only online and it is in person only, or only in
    person (or digital access is a barrier) and it is online only; time is a barrier and it is
    on none of the days, or at none of the times, they are free (not known counts as none); in
    person they would have to go further than their limit, or 5 km with transport or distance a
    barrier and no limit given, or it has no place to measure (when it cannot be done online
    instead: never with digital access a barrier); they need access information (said so, or
    physical health or access is a barrier) and it has none for going in person (when it cannot
    be done online instead).
    """
    found = []
    barriers = profile.barriers
    online = profile.online and "digital-access" not in barriers
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
    if profile.in_person and not online and facts.delivery and not offers_in_person:
        found.append("online only")
    if "time" in barriers:
        days = sum(DAY_BITS[d] for d in profile.free_days if d in DAY_BITS)
        times = sum(TIME_BITS[t] for t in profile.free_times if t in TIME_BITS)
        if days and not facts.days & days:
            found.append("not on a day they are free")
        if times and not facts.times & times:
            found.append("not at a time they are free")
    limit = profile.max_travel_km
    if limit is None and "transport-or-distance" in barriers:
        limit = TRANSPORT_KM
    goes_in_person = offers_in_person and not (online and offers_online)
    if goes_in_person and profile.in_person:
        if profile.point is not None and limit is not None:
            if not facts.points:
                found.append("nowhere to measure how far")
            elif min(distance_km(tuple(profile.point), p) for p in facts.points) > limit:
                found.append("too far")
        needs_access = profile.needs_accessibility or "physical-health-or-access" in barriers
        if needs_access and not facts.has_accessibility:
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
            days=row["days"],
            times=row["times"],
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
            "days",
            "times",
        )
    }

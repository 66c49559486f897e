"""The hard constraints: what rules a candidate out, whatever else it has going for it.

- Closed services (never fetched), and "not for me" ones still hidden.
- Age: outside the service's age range.
- Money as a barrier (or asking for free only): not free.
- Only online: no online way to join. Only in person: online only.
- Needs access: no accessibility information.
- Time as a barrier with free days or times set: none of those days or times.
- Distance: further than `max_travel_km` (or the `near_km` asked for, or TRANSPORT_BARRIER_KM
  with transport as a barrier) from where they are, unless they can join online; with no
  point for them, outside their area unless online.

The database filters by the same rules (`sources.core_filter` and `sources.where_filter`);
this is the check on each candidate that fills `Ranked.violations`, so nothing that breaks one
is ever returned.
Connectors: the team's own, local by nature, so with no location given they are kept.
"""

from __future__ import annotations

from dataclasses import dataclass

from connecting_people.directory.models.search import DAY_BITS, DELIVERY_BITS, TIME_BITS
from connecting_people.suggestions.profile import Profile
from connecting_people.suggestions.ranking.candidate import Candidate
from connecting_people.suggestions.weights import TRANSPORT_BARRIER_KM

ONLINE, IN_PERSON = DELIVERY_BITS["online"], DELIVERY_BITS["in_person"]


@dataclass(frozen=True)
class Limits:
    """The hard constraints for one ranking, from the profile and the options asked for."""

    free_only: bool
    max_km: float | None
    only_online: bool
    only_in_person: bool
    day_mask: int  # 0 = any day
    time_mask: int  # 0 = any time
    area: str  # used when there is no point to measure from


def limits_for(profile: Profile, *, free_only: bool, near_km: float | None) -> Limits:
    kms = [k for k in (profile.max_travel_km, near_km) if k is not None]
    if not kms and "transport-or-distance" in profile.barriers:
        kms = [TRANSPORT_BARRIER_KM]
    max_km = min(kms) if kms and profile.point is not None else None
    time_hard = "time" in profile.barriers
    return Limits(
        free_only=free_only or "money" in profile.barriers,
        max_km=max_km,
        only_online=profile.online and not profile.in_person,
        only_in_person=profile.in_person and not profile.online,
        day_mask=sum(DAY_BITS[d] for d in profile.free_days if d in DAY_BITS) if time_hard else 0,
        time_mask=sum(TIME_BITS[t] for t in profile.free_times if t in TIME_BITS)
        if time_hard
        else 0,
        area=profile.area.strip() if profile.point is None else "",
    )


def joins_online(profile: Profile, c: Candidate) -> bool:
    return profile.online and bool(c.delivery & ONLINE)


def violations(profile: Profile, limits: Limits, c: Candidate) -> list[str]:
    """The hard constraints `c` breaks, as short codes ("cost", "distance", …)."""
    found = []
    if c.kind == "service" and c.service_id in profile.hidden:
        found.append("hidden")
    if c.kind == "connector" and c.connector_id in profile.connectors_hidden:
        found.append("hidden")
    if profile.age is not None and (
        (c.minimum_age is not None and c.minimum_age > profile.age)
        or (c.maximum_age is not None and c.maximum_age < profile.age)
    ):
        found.append("age")
    if limits.free_only and not c.is_free:
        found.append("cost")
    if limits.only_online and not c.delivery & ONLINE:
        found.append("online")
    if limits.only_in_person and c.delivery == ONLINE:
        found.append("in_person")
    if profile.needs_accessibility and not c.has_accessibility:
        found.append("access")
    if limits.day_mask and not c.days & limits.day_mask:
        found.append("days")
    if limits.time_mask and not c.times & limits.time_mask:
        found.append("times")
    if limits.max_km is not None and not joins_online(profile, c):
        if c.distance_km is None:
            if c.kind == "service":
                found.append("distance")
        elif c.distance_km > limits.max_km:
            found.append("distance")
    return found

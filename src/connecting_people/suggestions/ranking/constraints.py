"""The hard constraints: what rules a candidate out, whatever else it has going for it.

- Closed services (never fetched), and "not for me" ones still hidden.
- Age: outside the service's age range.
- Money as a barrier (or asking for free only): not free.
- Only online: no online way to join. Only in person: online only.
- Needs access (the preference, or physical health or access as a barrier): a service with no
  accessibility information. Connectors are exempt: they are people and small groups the team
  knows, and the team arranges access with them directly (they have no accessibility facts).
- Digital access as a barrier: online only is ruled out, and nothing counts as near, or is
  said to suit them, because it can be joined online.
- Time as a barrier with free days or times set: none of those days or times.
- Distance: further than `max_travel_km` (or the `near_km` asked for, or TRANSPORT_BARRIER_KM
  with transport as a barrier) from where they are, unless they can join online; with no
  point for them, outside their area unless online (a service's places are checked here
  only when read: the ranking's are found within the area in SQL).
- "Near" asked for (`near_km`): in person nearby, so online only is ruled out, joining online
  does not excuse distance, and a connector with no location is left out.

How each barrier on a plan is taken (`plans` BarrierType slugs), hard (filters) where it is a
real clash, soft (weights, `signals`) where it is a preference:

- money: hard, free only; free counts more.
- time: hard, on a day and at a time they are free (when they gave them).
- transport-or-distance: hard, within TRANSPORT_BARRIER_KM (or their own limit); nearer counts
  more, as for everyone.
- physical-health-or-access: hard, as needing access (above): services with access information.
- digital-access: hard, no online only; joining online is no excuse for distance, and earns no
  "You can join online".
- caring-responsibilities: soft, their free days and times count (when given), as for anyone.
- confidence, worry-about-groups, self-stigma: soft, small, quiet or peer-led groups count.
- confidence, worry-about-groups, trying-new-things, language: soft, someone to go along the
  first time counts more.
- low-mood-or-motivation, stigma-from-others, external-relationships: nothing in the directory's
  facts speaks to them.

Days and times count softly for everyone who gave them (`signals.when`); only time as a
barrier makes them hard, since someone caring for another may be able to arrange cover.

The database filters by the same rules (`sources.core_filter` and `sources.where_filter`);
this is the check on each candidate that fills `Ranked.violations`, so nothing that breaks one
is ever returned.
Connectors: the team's own, local by nature, so with no location given they are kept (unless
"near" was asked for).
"""

from __future__ import annotations

from dataclasses import dataclass

from connecting_people.directory.models.search import DAY_BITS, DELIVERY_BITS, TIME_BITS
from connecting_people.directory.search.facts_rules import area_keys
from connecting_people.suggestions.profile import Profile
from connecting_people.suggestions.ranking.candidate import Candidate
from connecting_people.suggestions.weights import TRANSPORT_BARRIER_KM

ONLINE, IN_PERSON = DELIVERY_BITS["online"], DELIVERY_BITS["in_person"]
MONEY = "money"
TIME = "time"
TRANSPORT = "transport-or-distance"
PHYSICAL_ACCESS = "physical-health-or-access"
DIGITAL_ACCESS = "digital-access"


def needs_access(profile: Profile) -> bool:
    """They need to know about access: said so, or physical health or access is a barrier."""
    return profile.needs_accessibility or PHYSICAL_ACCESS in profile.barriers


def may_join_online(profile: Profile) -> bool:
    """They would join online, and nothing (digital access as a barrier) stands in the way."""
    return profile.online and DIGITAL_ACCESS not in profile.barriers


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
    needs_access: bool = False
    online: bool = True  # joining online counts (where, and what is near enough)
    near: bool = False  # "near" asked for: in person, nearby


def limits_for(profile: Profile, *, free_only: bool, near_km: float | None) -> Limits:
    kms = [k for k in (profile.max_travel_km, near_km) if k is not None]
    if not kms and TRANSPORT in profile.barriers:
        kms = [TRANSPORT_BARRIER_KM]
    max_km = min(kms) if kms and profile.point is not None else None
    time_hard = TIME in profile.barriers
    near = near_km is not None
    online = may_join_online(profile) and not near
    return Limits(
        free_only=free_only or MONEY in profile.barriers,
        max_km=max_km,
        only_online=profile.online and not profile.in_person,
        only_in_person=(profile.in_person and not profile.online)
        or DIGITAL_ACCESS in profile.barriers
        or near,
        day_mask=sum(DAY_BITS[d] for d in profile.free_days if d in DAY_BITS) if time_hard else 0,
        time_mask=sum(TIME_BITS[t] for t in profile.free_times if t in TIME_BITS)
        if time_hard
        else 0,
        area=profile.area.strip() if profile.point is None else "",
        needs_access=needs_access(profile),
        online=online,
        near=near,
    )


def joins_online(limits: Limits, c: Candidate) -> bool:
    return limits.online and bool(c.delivery & ONLINE)


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
    if limits.needs_access and c.kind == "service" and not c.has_accessibility:
        found.append("access")
    if limits.day_mask and not c.days & limits.day_mask:
        found.append("days")
    if limits.time_mask and not c.times & limits.time_mask:
        found.append("times")
    if limits.near and c.kind == "connector" and not c.located:
        found.append("distance")
    elif limits.max_km is not None and not joins_online(limits, c):
        if c.distance_km is None:
            if c.kind == "service":
                found.append("distance")
        elif c.distance_km > limits.max_km:
            found.append("distance")
    if (
        limits.area
        and c.places is not None
        and not joins_online(limits, c)
        and not c.places & frozenset(area_keys(limits.area))
    ):
        found.append("area")
    return found

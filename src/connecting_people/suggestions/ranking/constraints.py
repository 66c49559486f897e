"""The hard constraints: what rules a candidate out, whatever else it has going for it.

What the person says is a must is a must (issue 17): each preference in `directory.fit.MUSTS`
marked "must" is a hard limit whatever barriers are listed; one marked "would prefer" only
scores (`fit_signals`). Until they first choose (`Profile.musts` None), the barriers on their
plan decide which are musts (`profile.BARRIER_MUSTS`), and their distance limit and ways of
taking part are hard, as they always were.

The rule for each must (`violations` rules out; `not_known` keeps but ranks below every
candidate known to fit, and says so):

- cost: free, or from no more than `max_cost` (free only when they gave none, or 0); a cost
  that is not known is out.
- distance: further than `max_travel_km` (with transport as a barrier and no limit of
  theirs, TRANSPORT_BARRIER_KM) is out, unless they can join it online; a service whose place
  is not known is out, a connector's is kept (the team's own, local by nature).
- when: a service on none of their free days (or times) is out; one with no schedule at all
  recorded (days or times 0) is not known. A connector's days are read from its own words
  ("Tuesdays", "weekends", "every day": `connector_days`); words naming none are
  not known.
- delivery: online only is out for someone only in person, in person only for someone only
  online (never chosen: digital access as a barrier also rules online only out).
- group size: a known size outside theirs is out; no size known is not known.
- access: every feature they need must be recorded (`Candidate.access_features`). Recorded
  features lacking one of their needs: out; no features recorded: not known ("Access not
  known: worth a call before going"). Connectors count the same way: their recorded features.
  Access as a must with no specific needs listed (physical health or access as a barrier):
  nothing about access recorded is not known.

Always, must or not:

- Closed services (never fetched), and "not for me" ones still hidden.
- Audience: a service only for some people (`Candidate.audience`) is out unless their
  circumstances include one of them (women and men too).
- Age: their age, or the whole of their age band, outside the service's range is out; a band
  partly inside it is not known. With neither, they are taken as an adult (`profile.age_range`).
  A parent of young children may go to what is only for young children (`with_young_children`).
- "Near" asked for (`near_km`): in person nearby, so online only is ruled out, joining online
  does not excuse distance, and a connector with no location is left out.
- With no point for them, outside their area unless online (a service's places are checked
  here only when read: the ranking's are found within the area in SQL).
- Digital access as a barrier: nothing counts as near, or is said to suit them, because it can
  be joined online.

The barriers taken softly (weights, `signals`): caring responsibilities (free days and times
count, as for anyone); confidence, worry about groups, self-stigma (small, quiet or peer-led
groups count; worry about groups also makes small groups and one to one the sizes preferred
when they chose none); confidence, worry about groups, trying new things, language (someone to
go along the first time counts more). Low mood or motivation, stigma from others and external
relationships: nothing in the directory's facts speaks to them.

The database filters by the same rules (`sources.core_filter` and `sources.where_filter`);
this is the check on each candidate that fills `Ranked.violations`, so nothing that breaks one
is ever returned.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from connecting_people.directory.fit import (
    ACCESS_BITS,
    AUDIENCE_BITS,
    to_bits,
    with_young_children,
)
from connecting_people.directory.models.search import DAY_BITS, DELIVERY_BITS, TIME_BITS
from connecting_people.directory.search.facts_rules import area_keys
from connecting_people.suggestions.profile import (
    Profile,
    access_needs_of,
    age_range,
    musts_of,
)
from connecting_people.suggestions.ranking.candidate import Candidate
from connecting_people.suggestions.weights import TRANSPORT_BARRIER_KM

ONLINE, IN_PERSON = DELIVERY_BITS["online"], DELIVERY_BITS["in_person"]
MONEY = "money"
TIME = "time"
TRANSPORT = "transport-or-distance"
PHYSICAL_ACCESS = "physical-health-or-access"
DIGITAL_ACCESS = "digital-access"

# A connector's own words for when, read for the days they name ("Tuesdays", "Tues", "Thurs").
_DAY_WORDS = {
    "MO": r"mondays?", "TU": r"tues?(?:days?)?", "WE": r"wed(?:nesdays?)?",
    "TH": r"thu(?:rs?)?(?:days?)?", "FR": r"fri(?:days?)?", "SA": r"saturdays?",
    "SU": r"sundays?",
}  # fmt: skip
_DAY_PATTERNS = {day: re.compile(rf"\b{word}\b", re.IGNORECASE) for day, word in _DAY_WORDS.items()}
_WEEKDAYS = re.compile(r"\bweekdays?\b|\bmonday to friday\b", re.IGNORECASE)
_WEEKENDS = re.compile(r"\bweekends?\b", re.IGNORECASE)
_DAILY = re.compile(r"\bdaily\b|\bevery ?day\b|\bseven days\b", re.IGNORECASE)
ALL_DAYS = sum(DAY_BITS.values())


def connector_days(when: str) -> int:
    """The days (DAY_BITS) a connector's own words name: days by name, weekdays, weekends, or
    daily; 0 when they name none (not known)."""
    if _DAILY.search(when):
        return ALL_DAYS
    days = sum(DAY_BITS[d] for d, pattern in _DAY_PATTERNS.items() if pattern.search(when))
    if _WEEKDAYS.search(when):
        days |= sum(DAY_BITS[d] for d in ("MO", "TU", "WE", "TH", "FR"))
    if _WEEKENDS.search(when):
        days |= DAY_BITS["SA"] | DAY_BITS["SU"]
    return days


def needs_access(profile: Profile) -> bool:
    """Access is a must for them but they named no feature (physical health or access as a
    barrier alone): anything recorded about access is all that can be looked for."""
    return "access" in musts_of(profile) and not access_needs_of(profile)


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
    needs_access: bool = False  # access a must, with no feature named
    online: bool = True  # joining online counts (where, and what is near enough)
    near: bool = False  # "near" asked for: in person, nearby
    max_cost: float | None = None  # cost a must: free or from no more than this
    access_needs: frozenset[str] = frozenset()  # access a must: each must be recorded
    group_sizes: frozenset[str] = frozenset()  # group size a must: a known size among these
    ages: tuple[float, float] = (18, 130)  # their age (or band): `profile.age_range`
    circumstances: frozenset[str] = frozenset()  # open services only for these audiences

    @property
    def access_bits(self) -> int:
        return to_bits(self.access_needs, ACCESS_BITS)

    @property
    def audience_bits(self) -> int:
        return to_bits(self.circumstances, AUDIENCE_BITS)


def limits_for(profile: Profile, *, free_only: bool, near_km: float | None) -> Limits:
    musts = musts_of(profile)
    chosen = profile.musts is not None
    # Never chosen: their own distance and ways of taking part are hard, as they always were.
    distance_hard = "distance" in musts or not chosen
    delivery_hard = "delivery" in musts or not chosen
    kms = [k for k in (profile.max_travel_km if distance_hard else None, near_km) if k is not None]
    if not kms and "distance" in musts and TRANSPORT in profile.barriers:
        kms = [TRANSPORT_BARRIER_KM]
    max_km = min(kms) if kms and profile.point is not None else None
    time_hard = "when" in musts
    near = near_km is not None
    online = may_join_online(profile) and not near
    cost_hard = "cost" in musts
    pays = profile.max_cost if cost_hard and profile.max_cost else None
    return Limits(
        free_only=free_only or (cost_hard and pays is None),
        max_km=max_km,
        only_online=delivery_hard and profile.online and not profile.in_person,
        only_in_person=(delivery_hard and profile.in_person and not profile.online)
        or (DIGITAL_ACCESS in profile.barriers and not chosen)
        or near,
        day_mask=sum(DAY_BITS[d] for d in profile.free_days if d in DAY_BITS) if time_hard else 0,
        time_mask=sum(TIME_BITS[t] for t in profile.free_times if t in TIME_BITS)
        if time_hard
        else 0,
        area=profile.area.strip() if profile.point is None else "",
        needs_access=needs_access(profile),
        online=online,
        near=near,
        max_cost=None if free_only else pays,
        access_needs=access_needs_of(profile) if "access" in musts else frozenset(),
        group_sizes=profile.group_sizes if "group_size" in musts else frozenset(),
        ages=age_range(profile),
        circumstances=profile.circumstances,
    )


def joins_online(limits: Limits, c: Candidate) -> bool:
    return limits.online and bool(c.delivery & ONLINE)


def days_of(c: Candidate) -> int:
    """Its days: a service's schedule, or the days a connector's own words name."""
    if c.days or c.kind != "connector":
        return c.days
    return connector_days(c.when)


def costs_within(limits: Limits, c: Candidate) -> bool:
    """Free, or (with a most they would pay) known to cost no more; a cost not known is not."""
    if c.is_free or not (limits.free_only or limits.max_cost is not None):
        return True
    if limits.free_only or limits.max_cost is None:
        return False
    return c.lowest_cost is not None and c.lowest_cost <= limits.max_cost


def violations(profile: Profile, limits: Limits, c: Candidate) -> list[str]:
    """The hard constraints `c` breaks, as short codes ("cost", "distance", …)."""
    found = []
    if c.kind == "service" and c.service_id in profile.hidden:
        found.append("hidden")
    if c.kind == "connector" and c.connector_id in profile.connectors_hidden:
        found.append("hidden")
    low, high = limits.ages
    if (
        (c.minimum_age is not None and c.minimum_age > high)
        or (c.maximum_age is not None and c.maximum_age < low)
    ) and not with_young_children(limits.circumstances, c.maximum_age, c.audience):
        found.append("age")
    if c.audience and not c.audience & limits.circumstances:
        found.append("audience")
    if not costs_within(limits, c):
        found.append("cost")
    if limits.only_online and not c.delivery & ONLINE:
        found.append("online")
    if limits.only_in_person and c.delivery == ONLINE:
        found.append("in_person")
    if limits.access_needs and c.access_features and not limits.access_needs <= c.access_features:
        found.append("access")
    if limits.group_sizes and c.group_size and c.group_size not in limits.group_sizes:
        found.append("group_size")
    days = days_of(c) if limits.day_mask else 0
    if limits.day_mask and days and not days & limits.day_mask:
        found.append("days")
    if limits.time_mask and c.times and not c.times & limits.time_mask:
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


def not_known(limits: Limits, c: Candidate) -> list[str]:
    """The musts `c` may meet but whose facts are not recorded (codes as `violations`): kept,
    but ranked below every candidate known to fit, and said."""
    found = []
    low, high = limits.ages
    if (
        (c.minimum_age is not None and c.minimum_age > low)
        or (c.maximum_age is not None and c.maximum_age < high)
    ) and not with_young_children(limits.circumstances, c.maximum_age, c.audience):
        found.append("age")  # their band is only partly inside its range
    anything = c.access_known or c.has_accessibility or bool(c.access_features)
    if (limits.access_needs and not c.access_features) or (limits.needs_access and not anything):
        found.append("access")
    if limits.group_sizes and not c.group_size:
        found.append("group_size")
    if (limits.day_mask and not days_of(c)) or (limits.time_mask and not c.times):
        found.append("when")
    return found

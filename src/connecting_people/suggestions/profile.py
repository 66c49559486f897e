"""Everything the ranking needs to know about one person, read once, then used with no database.

`profile_for(person)` reads their interests, skills, open barriers, preferences, network (what
their current connections give, and their names, so something already in their life is known
as such) and past suggestions in a fixed handful of queries, whatever they have recorded. The
ranking (`suggestions.ranking.rank`) and the evaluation work only from the `Profile` it
returns, so a profile can also be written by hand for tests and personas.
"""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.utils import timezone

from connecting_people.directory.fit import (
    ACCESS_BITS,
    AGE_BAND_SLUGS,
    AGE_BANDS,
    AUDIENCE_BITS,
    GROUP_SIZE_SLUGS,
    MUST_SLUGS,
    split_slugs,
)
from connecting_people.directory.search.facts_rules import postcode_district
from connecting_people.network.models import Connection
from connecting_people.network.vocab import Gives
from connecting_people.people.models import Interest, Person, Skill
from connecting_people.plans.models import Barrier, BarrierStatus
from connecting_people.suggestions.models import Preferences, Suggestion, SuggestionStatus
from connecting_people.taxonomy.models import InterestCategory

WHEN_VALUES = ("used_to", "do_now", "would_like_to_try")
DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
TIMES = ("morning", "afternoon", "evening")

# The gaps in a network the ranking can help fill.
GAP_NO_OUTSIDE_SERVICES = "no_outside_services"
GAP_NO_COMPANY = "no_company"
GAP_NO_EMOTIONAL_SUPPORT = "no_emotional_support"

# The must each barrier on a plan stands for while the person has never chosen their musts
# (`Preferences.musts_chosen` False): the plan decides, as it did before musts could be chosen.
# Worry about groups is not here: it makes group size a preference ("would prefer"), not a must.
BARRIER_MUSTS = {
    "money": "cost",
    "transport-or-distance": "distance",
    "time": "when",
    "digital-access": "delivery",
    "physical-health-or-access": "access",
}
# With no date of birth and no age band, a person is taken as an adult: a social prescribing
# team supports adults, so a service only for under-18s is never theirs.
ADULT_AGES = (18, 130)

# Suggestions in these states mean the person already knows the service.
ALREADY_STATUSES = (SuggestionStatus.TRIED, SuggestionStatus.GOING_REGULARLY)


@dataclass(frozen=True)
class InterestSignal:
    category_slugs: frozenset[str]
    words: str
    when: str  # "used_to" | "do_now" | "would_like_to_try"


@dataclass(frozen=True)
class SkillSignal:
    words: str
    would_teach: bool


@dataclass(frozen=True)
class Profile:
    """What the ranking needs about one person, with no database access."""

    person_id: int | None = None
    interests: tuple[InterestSignal, ...] = ()
    what_matters: str = ""
    skills: tuple[SkillSignal, ...] = ()
    barriers: frozenset[str] = frozenset()  # open barrier type slugs
    point: tuple[float, float] | None = None  # (latitude, longitude)
    area: str = ""
    max_travel_km: float | None = None
    free_days: frozenset[str] = frozenset()  # {"MO", …}; empty = any
    free_times: frozenset[str] = frozenset()  # {"morning", "afternoon", "evening"}; empty = any
    in_person: bool = True
    online: bool = True
    needs_accessibility: bool = False
    prefers_small_groups: bool = False
    wants_company_first_time: bool = False
    age: int | None = None
    # Issue 17 (`directory.fit` slugs): access needs, acceptable group sizes (empty = any), the
    # most they would pay (0 = free only), which preferences are musts (None = never chosen:
    # the plan's barriers decide), circumstances, and an age band when no date of birth.
    access_needs: frozenset[str] = frozenset()
    group_sizes: frozenset[str] = frozenset()
    max_cost: float | None = None
    musts: frozenset[str] | None = None
    circumstances: frozenset[str] = frozenset()
    age_band: str = ""
    network_gaps: frozenset[str] = frozenset()
    # The names of their current connections, as on their map ("Tuesday walkers", "Sam").
    network_labels: frozenset[str] = frozenset()
    already: frozenset[uuid.UUID] = field(default_factory=frozenset)
    hidden: frozenset[uuid.UUID] = field(default_factory=frozenset)
    connectors_hidden: frozenset[int] = field(default_factory=frozenset)


def default_musts(barriers: frozenset[str] | set[str], *, needs_access: bool) -> frozenset[str]:
    """The musts of someone who never chose them: one for each barrier on their plan that stands
    for one (`BARRIER_MUSTS`), and access when they said they need it (the old checkbox, or
    access needs moved over from it), since needing access was always a hard limit."""
    found = {BARRIER_MUSTS[b] for b in barriers if b in BARRIER_MUSTS}
    if needs_access:
        found.add("access")
    return frozenset(found)


def musts_of(profile: Profile) -> frozenset[str]:
    """The preferences held as hard limits: as chosen, or (never chosen) from the barriers."""
    if profile.musts is not None:
        return profile.musts
    return default_musts(
        profile.barriers, needs_access=profile.needs_accessibility or bool(profile.access_needs)
    )


def access_needs_of(profile: Profile) -> frozenset[str]:
    """The access features they need; the old "needs access" alone counts as step-free access,
    as the data migration moved it over."""
    if profile.access_needs:
        return profile.access_needs
    return frozenset({"step_free"}) if profile.needs_accessibility else frozenset()


def age_range(profile: Profile) -> tuple[float, float]:
    """Their age as (lowest, highest): exact from the date of birth, else their age band, else
    taken as an adult (`ADULT_AGES`), since the team supports adults."""
    if profile.age is not None:
        return (profile.age, profile.age)
    for slug, _label, low, high in AGE_BANDS:
        if slug == profile.age_band:
            return (low, high)
    return ADULT_AGES


def profile_for(person: Person, *, today: datetime.date | None = None) -> Profile:
    """Build the profile of `person` from the database in a constant number of queries (six)."""
    today = today or timezone.localdate()
    interests = tuple(
        InterestSignal(
            category_slugs=frozenset(c.slug for c in interest.categories.all()),
            words=interest.description,
            when=interest.when,
        )
        for interest in Interest.objects.filter(person=person)
        .only("when", "description")
        .prefetch_related(Prefetch("categories", queryset=InterestCategory.objects.only("slug")))
    )
    skills = tuple(
        SkillSignal(words=d, would_teach=t)
        for d, t in Skill.objects.filter(person=person).values_list("description", "would_teach")
    )
    barriers = frozenset(
        Barrier.objects.filter(person=person)
        .exclude(status=BarrierStatus.RESOLVED)
        .values_list("kind__slug", flat=True)
    )
    prefs = Preferences.objects.filter(person=person).first()
    connections = list(
        Connection.objects.filter(person=person)
        .current(today)
        .values_list("inside_services", "gives", "label")
    )
    already: set[uuid.UUID] = set()
    hidden: set[uuid.UUID] = set()
    connectors_hidden: set[int] = set()
    for service_id, connector_id, status, hidden_until in Suggestion.objects.filter(
        person=person
    ).values_list("service_id", "connector_id", "status", "hidden_until"):
        if status in ALREADY_STATUSES and service_id:
            already.add(service_id)
        if status == SuggestionStatus.NOT_FOR_ME and (hidden_until is None or hidden_until > today):
            if service_id:
                hidden.add(service_id)
            if connector_id:
                connectors_hidden.add(connector_id)
    point = None
    if prefs and prefs.latitude is not None and prefs.longitude is not None:
        point = (prefs.latitude, prefs.longitude)
    area = (prefs.area.strip() if prefs else "") or (
        postcode_district(person.postcode) if person.postcode.strip() else ""
    )
    return Profile(
        person_id=person.pk,
        interests=interests,
        what_matters=person.what_matters,
        skills=skills,
        barriers=barriers,
        point=point,
        area=area,
        max_travel_km=prefs.max_travel_km if prefs else None,
        free_days=_split(prefs.free_days, DAYS, upper=True) if prefs else frozenset(),
        free_times=_split(prefs.free_times, TIMES) if prefs else frozenset(),
        in_person=prefs.in_person if prefs else True,
        online=prefs.online if prefs else True,
        needs_accessibility=prefs.needs_accessibility if prefs else False,
        prefers_small_groups=prefs.prefers_small_groups if prefs else False,
        wants_company_first_time=prefs.wants_company_first_time if prefs else False,
        age=age_on(person.date_of_birth, today),
        **_fit_fields(prefs),
        network_gaps=network_gaps([(inside, gives) for inside, gives, _label in connections]),
        network_labels=frozenset(label.strip() for _i, _g, label in connections if label.strip()),
        already=frozenset(already),
        hidden=frozenset(hidden),
        connectors_hidden=frozenset(connectors_hidden),
    )


def _fit_fields(prefs: Preferences | None) -> dict:
    """Issue 17's preferences as the profile holds them (`musts` None until first chosen)."""
    if prefs is None:
        return {}
    return {
        "access_needs": split_slugs(prefs.access_needs, ACCESS_BITS),
        "group_sizes": split_slugs(prefs.group_sizes, GROUP_SIZE_SLUGS),
        "max_cost": None if prefs.max_cost is None else float(prefs.max_cost),
        "musts": split_slugs(prefs.musts, MUST_SLUGS) if prefs.musts_chosen else None,
        "circumstances": split_slugs(prefs.circumstances, AUDIENCE_BITS),
        "age_band": prefs.age_band if prefs.age_band in AGE_BAND_SLUGS else "",
    }


def _split(text: str, allowed: tuple[str, ...], *, upper: bool = False) -> frozenset[str]:
    parts = (p.strip() for p in text.split(","))
    cased = (p.upper() if upper else p.lower() for p in parts)
    return frozenset(p for p in cased if p in allowed)


def age_on(born: datetime.date | None, today: datetime.date) -> int | None:
    if born is None:
        return None
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


def network_gaps(connections: list[tuple[bool, list[str]]]) -> frozenset[str]:
    """What their current connections (inside services?, what each gives) leave missing."""
    gaps = set()
    if not any(not inside for inside, _gives in connections):
        gaps.add(GAP_NO_OUTSIDE_SERVICES)
    given = {g for _inside, gives in connections for g in (gives or [])}
    if Gives.COMPANY not in given:
        gaps.add(GAP_NO_COMPANY)
    if Gives.EMOTIONAL not in given:
        gaps.add(GAP_NO_EMOTIONAL_SUPPORT)
    return frozenset(gaps)

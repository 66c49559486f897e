"""The demo's suggestions: what each person with interests would like suggestions to respect, and
the services, community connectors and ideas put to them, in every state, with their histories.

Built after the directory (`directory.py`), from what each team already uses: a service or
connector is suggested when one of its interest categories is one of the person's, and it
breaks none of the ranking's hard constraints for them (`suggestions.ranking.constraints`, from
their profile as the ranking reads it: free only when money is a barrier, access information
for services when they need it, who it is for, how far they would go or their area, online or
in person, free days when time is a barrier, and so on). The ranker itself is not called, so
the demo stays fast and stable.

Everything goes through the suggestions services, so each suggestion has its changes, each one
tried has an entry in the activity log and a connection on the map, and outcomes reach the
directory's feedback. Dates are then set back into the past, as in the rest of the demo. The
services run as the system (`by=None`, so the audit trail says so); the records then name the
person's keyworker, who would have made them.

Each team has one favourite service, suggested to everyone it fits, so the team's "what is
working" page has a row with enough people who tried it to show a share. Aisha (FRESH) has
interests but no suggestions at all, so the person screens can be tried from a clean start.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from collections import defaultdict
from dataclasses import dataclass, field, replace
from typing import Any

from django.db import transaction

from connecting_people.core.models import Team
from connecting_people.directory.fit import (
    ACCESS_BITS,
    ACCESS_FEATURES,
    AUDIENCES,
    from_bits,
    split_slugs,
)
from connecting_people.directory.models import (
    CommunityConnector,
    SearchPlace,
    SearchPoint,
    SearchTerm,
    Service,
    TeamService,
)
from connecting_people.directory.models.search import DELIVERY_BITS
from connecting_people.directory.search.engine import EARTH_RADIUS_KM
from connecting_people.directory.search.facts_rules import unit_vector
from connecting_people.network.vocab import Kind
from connecting_people.people.models import Interest, Person, Status
from connecting_people.plans.models import Barrier, BarrierStatus, Contact
from connecting_people.suggestions import services
from connecting_people.suggestions.models import (
    NotForMeReason,
    Preferences,
    Suggestion,
    SuggestionChange,
    SuggestionSource,
)
from connecting_people.suggestions.models import SuggestionStatus as S
from connecting_people.suggestions.profile import Profile, profile_for
from connecting_people.suggestions.ranking.candidate import Candidate as Facts
from connecting_people.suggestions.ranking.constraints import Limits, limits_for, violations
from connecting_people_demo.data import load
from connecting_people_demo.directory_places import AREAS

SEED = 611
FRESH = "Aisha"  # interests, and no suggestions yet: for trying the person screens afresh
FAVOURITE_SINCE = 150  # the favourite is suggested within this many days, so "6 months" shows it
_WORDS = load("suggestions")
HOME_AREAS: dict[str, list[str]] = _WORDS["home_areas"]  # town areas a team's people live in
NOT_FOR_ME: list[tuple[str, str]] = [(n["reason"], n["note"]) for n in _WORDS["not_for_me"]]
WORKER_IDEAS: list[str] = _WORDS["worker_ideas"]
OWN_IDEAS: list[str] = _WORDS["own_ideas"]
# What came of a suggestion, by weight; "tried" and "going" log the visit and add to the map.
OUTCOMES = ("suggested",) * 3 + ("talked",) * 3 + ("tried",) * 2 + ("going",) * 3 + ("nope",) * 2
# The favourite's outcomes, in turn, so enough people tried it for the team's page to show a share.
FAVOURITE_OUTCOMES = ("going", "tried", "going", "tried_nope", "going", "tried", "talked", "nope")


@dataclass(frozen=True)
class Candidate:
    """A service or connector the team uses, with what matters for fitting it to someone."""

    name: str
    slugs: frozenset[str]
    free: bool
    vector: tuple[float, float, float] | None  # None: online, or nowhere in particular
    facts: Facts  # as the ranking sees it, but for how far it is from someone
    points: tuple[tuple[float, float, float], ...] = ()  # each of its places
    service: Service | None = None
    connector: CommunityConnector | None = None


@dataclass
class Someone:
    """One person, with what the build needs to know about them."""

    person: Person
    slugs: set[str] = field(default_factory=set)
    barriers: set[str] = field(default_factory=set)  # barrier type slugs, not resolved
    preferences: Preferences | None = None
    profile: Profile | None = None  # as the ranking reads them, once their preferences are in
    limits: Limits | None = None

    @property
    def last_day(self) -> dt.date | None:
        return self.person.moved_on_on


@transaction.atomic
def suggestions_build(*, teams: dict[str, Team], today: dt.date, seed: int = SEED) -> int:
    """Give each demo team's people with interests their preferences and suggestions."""
    made = 0
    for key in sorted(teams):
        team = teams[key]
        candidates = _services(team) + _connectors(team)
        people = _people(team)
        for someone in people:
            if someone.person.preferred_name != FRESH:
                someone.preferences = _preferences(someone, key, seed)
            someone.profile = profile_for(someone.person, today=today)
            someone.limits = limits_for(someone.profile, free_only=False, near_km=None)
        favourite = _favourite(candidates, people)
        builder = _Builder(today=today, seed=seed, candidates=candidates, favourite=favourite)
        for n, someone in enumerate(people):
            if someone.person.preferred_name != FRESH:
                made += builder.person(someone, ideas=n)
    return made


# What the team uses, and who it could suit ---------------------------------------------------


def _services(team: Team) -> list[Candidate]:
    used = TeamService.objects.filter(team=team, service__search_facts__is_active=True)
    f = "service__search_facts__"
    facts = list(
        used.values_list(
            "service_id",
            *(
                f + name
                for name in (
                    "is_free", "lowest_cost", "has_accessibility", "point_count", "x", "y", "z",
                    "minimum_age", "maximum_age", "delivery", "days", "times",
                    "access_features", "access_known", "audience",
                )
            ),
            "group_size",
        )
    )  # fmt: skip
    ids = [row[0] for row in facts]
    slugs: dict[Any, set[str]] = defaultdict(set)
    terms = SearchTerm.objects.filter(facts__service_id__in=ids, category__isnull=False)
    for service_id, slug in terms.values_list("facts__service_id", "category__slug"):
        slugs[service_id].add(slug)
    points: dict[Any, list[tuple[float, float, float]]] = defaultdict(list)
    located = SearchPoint.objects.filter(facts__service_id__in=ids).order_by("id")
    for service_id, x, y, z in located.values_list("facts__service_id", "x", "y", "z"):
        points[service_id].append((x, y, z))
    places: dict[Any, set[str]] = defaultdict(set)
    where = SearchPlace.objects.filter(facts__service_id__in=ids)
    for service_id, place in where.values_list("facts__service_id", "place"):
        places[service_id].add(place)
    found = Service.objects.in_bulk(ids)
    candidates = []
    for (
        pk, free, low, access, count, x, y, z, youngest, oldest, delivery, days, times,
        features, known, audience, size,
    ) in facts:  # fmt: skip
        if not slugs[pk]:
            continue
        as_ranked = Facts(
            kind="service", name=found[pk].name, service_id=pk,
            category_slugs=frozenset(slugs[pk]), is_free=free,
            lowest_cost=None if low is None else float(low), days=days, times=times,
            delivery=delivery, has_accessibility=access, minimum_age=youngest,
            maximum_age=oldest, places=frozenset(places[pk]),
            access_features=from_bits(features, ACCESS_FEATURES), access_known=known,
            audience=from_bits(audience, AUDIENCES), group_size=size,
        )  # fmt: skip
        vector = (x, y, z) if count and None not in (x, y, z) else None
        candidates.append(
            Candidate(
                name=found[pk].name,
                slugs=frozenset(slugs[pk]),
                free=free,
                vector=vector,
                facts=as_ranked,
                points=tuple(points[pk]),
                service=found[pk],
            )
        )
    return sorted(candidates, key=lambda c: (c.name, str(c.service.pk if c.service else "")))


def _connectors(team: Team) -> list[Candidate]:
    found = CommunityConnector.objects.filter(team=team, is_active=True).prefetch_related(
        "interests"
    )
    candidates = []
    for c in sorted(found, key=lambda c: c.name):
        vector = _vector(c.latitude, c.longitude)
        slugs = frozenset(i.slug for i in c.interests.all())
        as_ranked = Facts(
            kind="connector", name=c.name, connector_id=c.pk, category_slugs=slugs,
            is_free=c.is_free, delivery=DELIVERY_BITS["in_person"], located=vector is not None,
            when=c.when, group_size=c.group_size,
            access_features=split_slugs(c.access_features, ACCESS_BITS),
            access_known=bool(c.access_features),
        )  # fmt: skip
        candidates.append(
            Candidate(
                name=c.name,
                slugs=slugs,
                free=c.is_free,
                vector=vector,
                facts=as_ranked,
                points=(vector,) if vector else (),
                connector=c,
            )
        )
    return candidates


def _vector(latitude: float | None, longitude: float | None) -> tuple[float, float, float] | None:
    return None if latitude is None or longitude is None else unit_vector(latitude, longitude)


def _people(team: Team) -> list[Someone]:
    """The team's people with interests, in the order they were added."""
    people = {
        p.pk: Someone(p) for p in Person.objects.filter(team=team).select_related("keyworker")
    }
    for pk, slug in Interest.objects.filter(person__team=team).values_list(
        "person_id", "categories__slug"
    ):
        if slug:
            people[pk].slugs.add(slug)
    barriers = Barrier.objects.filter(person__team=team).exclude(status=BarrierStatus.RESOLVED)
    for pk, slug in barriers.values_list("person_id", "kind__slug"):
        people[pk].barriers.add(slug)
    return [people[pk] for pk in sorted(people) if people[pk].slugs]


def _preferences(someone: Someone, team_key: str, seed: int) -> Preferences:
    """What suggestions should respect, in line with the person's barriers (and a little chance)."""
    rng = _rng(seed, "preferences", someone.person)
    barriers = someone.barriers
    changes: dict[str, Any] = {}
    if rng.random() < 0.6 or "transport-or-distance" in barriers:
        area = AREAS[rng.choice(HOME_AREAS.get(team_key, ("centre",)))]
        changes["area"] = rng.choice((area.name, area.district))
        changes["latitude"], changes["longitude"] = area.latitude, area.longitude
        if rng.random() < 0.5:
            changes["max_travel_km"] = rng.choice((5.0, 6.0, 8.0))
    if "caring-responsibilities" in barriers:
        changes["free_days"], changes["free_times"] = "MO,TU,WE,TH,FR", "morning"
    elif "low-mood-or-motivation" in barriers or rng.random() < 0.25:
        days = sorted(rng.sample(("MO", "TU", "WE", "TH", "FR", "SA"), k=3))
        changes["free_days"] = ",".join(days)
        changes["free_times"] = rng.choice(("afternoon", "morning,afternoon", "evening"))
    worried = bool(barriers & {"worry-about-groups", "confidence", "self-stigma"})
    changes["needs_accessibility"] = "physical-health-or-access" in barriers
    # Issue 17: the same need as a named feature, as the preferences form now records it.
    changes["access_needs"] = "step_free" if "physical-health-or-access" in barriers else ""
    changes["prefers_small_groups"] = worried
    changes["group_sizes"] = "one_to_one,small" if worried else ""
    changes["wants_company_first_time"] = worried or "language" in barriers or rng.random() < 0.15
    return services.preferences_save(person=someone.person, by=None, changes=changes, version=0)


def _fits(candidate: Candidate, someone: Someone) -> bool:
    """Whether the candidate matches an interest and breaks none of the ranking's hard
    constraints for the person (as `as_ranked_for` sees it)."""
    if not candidate.slugs & someone.slugs:
        return False
    if someone.profile is None or someone.limits is None:  # pragma: no cover (set in build)
        return False
    return not violations(someone.profile, someone.limits, as_ranked_for(candidate, someone))


def as_ranked_for(candidate: Candidate, someone: Someone) -> Facts:
    """The candidate as the ranking would see it for this person: how far its nearest place is
    from where they are."""
    point = someone.profile.point if someone.profile else None
    if point is None or not candidate.points:
        return candidate.facts
    home = unit_vector(*point)
    km = min(
        EARTH_RADIUS_KM * 2 * math.asin(min(1.0, math.dist(home, p) / 2)) for p in candidate.points
    )
    return replace(candidate.facts, distance_km=km)


def _favourite(candidates: list[Candidate], people: list[Someone]) -> Candidate | None:
    """The free service that fits the most people who could try it (first by name on a tie)."""
    trying = [s for s in people if _may_try(s)]
    scored = [
        (sum(_fits(c, s) for s in trying), c)
        for c in candidates
        if c.service is not None and c.free and c.vector is not None
    ]
    return max(scored, key=lambda pair: pair[0], default=(0, None))[1]


def _may_try(someone: Someone) -> bool:
    person = someone.person
    return person.status != Status.REFERRED and person.preferred_name != FRESH


def _rng(seed: int, what: str, person: Person) -> random.Random:
    return random.Random(f"{seed}:{what}:{person.local_id or person.pk}")  # noqa: S311 (demo)


# Putting it to them --------------------------------------------------------------------------


@dataclass
class _Builder:
    today: dt.date
    seed: int
    candidates: list[Candidate]
    favourite: Candidate | None
    favourites_given: int = 0

    def person(self, someone: Someone, *, ideas: int) -> int:
        """Suggest 2 to 6 things to one person, each taken some way along; return how many."""
        rng = _rng(self.seed, "suggestions", someone.person)
        last = min(someone.last_day or self.today, self.today)
        first = max(someone.person.started_on, last - dt.timedelta(days=330))
        may_try = _may_try(someone)
        fitting = [c for c in self.candidates if c is not self.favourite and _fits(c, someone)]
        picks = rng.sample(fitting, k=min(len(fitting), rng.randint(2, 5)))
        made = []
        if self.favourite is not None and may_try and _fits(self.favourite, someone):
            outcome = FAVOURITE_OUTCOMES[self.favourites_given % len(FAVOURITE_OUTCOMES)]
            self.favourites_given += 1
            since = max(first, last - dt.timedelta(days=FAVOURITE_SINCE))
            made.append(self._suggest(someone, self.favourite, rng, since, last, outcome))
        for candidate in picks[: 6 - len(made) - 1]:
            outcome = rng.choice(OUTCOMES) if may_try else rng.choice(("suggested", "talked"))
            made.append(self._suggest(someone, candidate, rng, first, last, outcome))
        wanted = 1 if ideas % 5 in (1, 3) else 0
        for n in range(max(wanted, 2 - len(made))):  # at least two suggestions each
            made.append(self._idea(someone, rng, first, last, ideas + n))
        self._sign(someone, made)
        return len(made)

    def _suggest(
        self,
        someone: Someone,
        candidate: Candidate,
        rng: random.Random,
        first: dt.date,
        last: dt.date,
        outcome: str,
    ) -> Suggestion:
        source = rng.choice(
            (SuggestionSource.RANKED, SuggestionSource.RANKED, SuggestionSource.WORKER)
        )
        suggestion = services.suggestion_create(
            person=someone.person,
            by=None,
            source=source,
            service=candidate.service,
            connector=candidate.connector,
            why=_why(candidate, someone),
        )
        on = _backdate(suggestion, _day(rng, first, last, share=0.6))
        self._move(suggestion, candidate, someone, rng, on, last, outcome)
        if suggestion.status == S.SUGGESTED and rng.random() < 0.4:
            services.suggestion_shortlist(suggestion=suggestion, by=None, shortlisted=True)
        return suggestion

    def _move(
        self,
        suggestion: Suggestion,
        candidate: Candidate,
        someone: Someone,
        rng: random.Random,
        on: dt.date,
        last: dt.date,
        outcome: str,
    ) -> None:
        """Take the suggestion along to `outcome`, a step every few days (never past `last`)."""

        def later() -> dt.date:
            return min(last, on + dt.timedelta(days=rng.randint(3, 21)))

        talked_first = outcome == "nope" and rng.random() < 0.5
        if talked_first or outcome in ("talked", "tried", "going", "tried_nope"):
            on = later()
            services.suggestion_move(
                suggestion=suggestion, by=None, to_status=S.TALKED_ABOUT,
                version=suggestion.version, on=on,
            )  # fmt: skip
        if outcome in ("tried", "going", "tried_nope"):
            on = later()
            prefs = someone.preferences
            services.suggestion_tried(
                suggestion=suggestion, by=None, version=suggestion.version, on=on,
                connection_label=_label(candidate), connection_kind=_kind(candidate),
                with_worker=bool(prefs and prefs.wants_company_first_time),
            )  # fmt: skip
        if outcome == "going":
            on = later()
            services.suggestion_move(
                suggestion=suggestion, by=None, to_status=S.GOING_REGULARLY,
                version=suggestion.version, on=on,
            )  # fmt: skip
        if outcome in ("nope", "tried_nope"):
            reason, note = (
                (NotForMeReason.TRIED_DID_NOT_LIKE, "Went twice; it wasn't what they hoped.")
                if outcome == "tried_nope"
                else rng.choice(NOT_FOR_ME)
            )
            services.suggestion_move(
                suggestion=suggestion, by=None, to_status=S.NOT_FOR_ME,
                version=suggestion.version, on=later(), reason=reason, note=note,
            )  # fmt: skip

    def _idea(
        self, someone: Someone, rng: random.Random, first: dt.date, last: dt.date, n: int
    ) -> Suggestion:
        """Something not in the directory: the worker's idea, or the person's own."""
        own = n % 5 == 3
        words = OWN_IDEAS if own else WORKER_IDEAS
        suggestion = services.suggestion_create(
            person=someone.person,
            by=None,
            source=SuggestionSource.PERSON if own else SuggestionSource.WORKER,
            idea=words[(n // 5) % len(words)],
        )
        on = _backdate(suggestion, _day(rng, first, last, share=0.9))
        if rng.random() < 0.6:
            services.suggestion_move(
                suggestion=suggestion, by=None, to_status=S.TALKED_ABOUT,
                version=suggestion.version, on=min(last, on + dt.timedelta(days=7)),
            )  # fmt: skip
        return suggestion

    def _sign(self, someone: Someone, made: list[Suggestion]) -> None:
        """Name the keyworker on the records (the audit trail keeps that the demo made them)."""
        keyworker = someone.person.keyworker
        if keyworker is None or not made:
            return
        ids = [s.pk for s in made]
        Suggestion.objects.filter(pk__in=ids).update(by=keyworker)
        SuggestionChange.objects.filter(suggestion__in=ids).update(by=keyworker)
        contacts = Suggestion.objects.filter(pk__in=ids, contact__isnull=False)
        Contact.objects.filter(pk__in=contacts.values("contact_id")).update(recorded_by=keyworker)


def _day(rng: random.Random, first: dt.date, last: dt.date, *, share: float) -> dt.date:
    """A day in the first `share` of the window, leaving room for what came after."""
    span = max(0, (last - first).days)
    return first + dt.timedelta(days=rng.randint(0, int(span * share)))


def _backdate(suggestion: Suggestion, on: dt.date) -> dt.date:
    """Say it was suggested on `on` (the service records today), with its first change."""
    Suggestion.objects.filter(pk=suggestion.pk).update(suggested_on=on, status_on=on)
    SuggestionChange.objects.filter(suggestion=suggestion).update(on=on)
    suggestion.suggested_on = suggestion.status_on = on
    return on


def _why(candidate: Candidate, someone: Someone) -> str:
    shared = sorted(candidate.slugs & someone.slugs)
    words = ", ".join(slug.replace("-", " ") for slug in shared)
    free = "; free" if candidate.free else ""
    return f"Fits their interest in {words}{free}."


def _label(candidate: Candidate) -> str:
    """What the map calls who they met: the group (the offer's name) or the connector's name."""
    name = candidate.name.split(" at ")[0]
    if candidate.connector is not None:
        name = name.split(" (")[0]
    return name[:60].strip()


def _kind(candidate: Candidate) -> str:
    if candidate.connector is not None:
        return Kind.GROUP if candidate.connector.kind == "group" else Kind.OTHER
    if "faith-and-belief" in candidate.slugs:
        return Kind.FAITH
    return Kind.GROUP if candidate.vector is not None else Kind.ONLINE

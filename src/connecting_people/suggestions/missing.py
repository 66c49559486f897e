"""The team's "What is missing": the interests that nothing fitting meets, across the people the
team is working with, counted per kind of activity and the limit that stood in the way.

Counts only: no names, and no one's own words (an interest is counted under its kinds of
activity, never as typed). Worked out for every open person with interests (`ranking.gaps_of`:
their profile, the candidates, one more query for each interest missing; about 15 queries a
person, no ranking) and kept in the cache for CACHE_SECONDS per team, so the page is worked out
at most once an hour, whoever opens it. Measured for a team of 100 people with two interests
each, in a directory of 300 services, on SQLite on a shared two-core machine: 1,198 queries
(12 a person), 3.6 seconds the first time; then one cache read.
"""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.cache import cache
from django.utils import timezone

from connecting_people.core.models import Team
from connecting_people.people.models import OPEN_STATUSES, Person
from connecting_people.suggestions.profile import profile_for
from connecting_people.suggestions.ranking import gaps_of
from connecting_people.taxonomy.models import InterestCategory

CACHE_SECONDS = 60 * 60
NO_KIND = ""  # an interest given in words only, with no kind of activity


@dataclass(frozen=True)
class Row:
    kind: str  # the kind of activity's name, or NO_KIND
    limit: str  # `ranking.missing` limit code; "" = nothing at all was found
    people: int


@dataclass(frozen=True)
class TeamMissing:
    rows: list[Row] = field(default_factory=list)
    people: int = 0  # open people with interests, looked at
    missing: int = 0  # of those, people with something missing
    worked_out_at: datetime.datetime | None = None


def cache_key(team: Team) -> str:
    return f"suggestions:missing:{team.pk}"


def team_missing(team: Team) -> TeamMissing:
    """What is missing for the team's people, from the cache, or worked out and kept."""
    found = cache.get(cache_key(team))
    if not isinstance(found, TeamMissing):
        found = work_out(team)
        cache.set(cache_key(team), found, CACHE_SECONDS)
    return found


def work_out(team: Team, *, today: datetime.date | None = None) -> TeamMissing:
    """Counts of people per (kind of activity, limit), most first, for the team's open people."""
    names = dict(InterestCategory.objects.values_list("slug", "name"))
    counts: Counter[tuple[str, str]] = Counter()
    looked = missing = 0
    for person in Person.objects.filter(team=team, status__in=OPEN_STATUSES).order_by("pk"):
        profile = profile_for(person, today=today)
        if not profile.interests:
            continue
        looked += 1
        theirs = {
            (kind, gap.limit)
            for gap in gaps_of(profile, team_id=team.pk, today=today)
            for kind in _kinds(gap.kinds, names)
        }
        missing += bool(theirs)
        counts.update(theirs)  # each person once per kind and limit
    rows = [Row(kind, limit, n) for (kind, limit), n in counts.items()]
    rows.sort(key=lambda r: (-r.people, r.kind == NO_KIND, r.kind.casefold(), r.limit))
    return TeamMissing(rows=rows, people=looked, missing=missing, worked_out_at=timezone.now())


def _kinds(slugs: Iterable[str], names: dict[str, str]) -> list[str]:
    return sorted(names.get(s, s) for s in slugs) or [NO_KIND]

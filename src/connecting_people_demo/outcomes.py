"""The demo's questionnaires: about two thirds of each team's people who started at least
MIN_DAYS ago answered ONS4, the three loneliness questions (UCLA-3) and the ONS direct question
near their start date, again about 3 months later and, for some, 6 months later; on average a
little better each time, as a team using the approach faithfully might see.

Everything goes through outcomes.services (so each response is started, completed, scored and
audited as if taken with the worker), with the date it was taken in the past; the records then
name the person's keyworker as having recorded them, and the scoring time is set back to the
day taken. Deterministic for a given date: one seeded random generator per person.

Maya (SHOWCASE) always has all three points, so the screens of change over time have something
to show; Tomasz (FRESH) has none, so taking a questionnaire can be tried from a clean start.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from typing import Any

from django.utils import timezone

from connecting_people.core.models import Team
from connecting_people.outcomes import schedules, services
from connecting_people.outcomes.models import CompletedBy, Instrument, Response
from connecting_people.people.models import Person

SEED = 707
SHARE = 0.65  # of each team's people who started long enough ago
MIN_DAYS = 100  # started at least this long ago: time for a 3-month follow-up
SHOWCASE = "Maya"
FRESH = "Tomasz"
INSTRUMENTS = ("ons4", "ucla3", "ons-lonely")


def _clamp(value: int, low: int, high: int) -> int:
    return max(low, min(high, value))


def _baseline(rng: random.Random) -> dict[str, dict[str, int]]:
    return {
        "ons4": {
            "satisfied": rng.randint(2, 6),
            "worthwhile": rng.randint(3, 7),
            "happy": rng.randint(2, 6),
            "anxious": rng.randint(4, 8),
        },
        "ucla3": {
            "lack_companionship": rng.choice((2, 3, 3)),
            "left_out": rng.choice((2, 2, 3)),
            "isolated": rng.choice((2, 3, 3)),
        },
        "ons-lonely": {"lonely": rng.choice((3, 4, 4, 5))},
    }


def _later(rng: random.Random, before: dict[str, dict[str, int]]) -> dict[str, dict[str, int]]:
    """Small changes, better more often than not."""
    ons4 = {
        key: _clamp(value + rng.choice((-1, 0, 1, 1, 2)), 0, 10)
        for key, value in before["ons4"].items()
        if key != "anxious"
    }
    ons4["anxious"] = _clamp(before["ons4"]["anxious"] + rng.choice((-2, -1, -1, 0, 1)), 0, 10)
    ucla3 = {
        key: _clamp(value + rng.choice((-1, -1, 0, 0, 0, 1)), 1, 3)
        for key, value in before["ucla3"].items()
    }
    lonely = _clamp(before["ons-lonely"]["lonely"] + rng.choice((-1, -1, 0, 0, 1)), 1, 5)
    return {"ons4": ons4, "ucla3": ucla3, "ons-lonely": {"lonely": lonely}}


def _chosen(people: list[Person], today: dt.date, seed: int) -> list[Person]:
    """About SHARE of those who started at least MIN_DAYS ago, the showcase always among them."""
    eligible = [
        p for p in people if (today - p.started_on).days >= MIN_DAYS and p.preferred_name != FRESH
    ]
    wanted = math.ceil(SHARE * len(eligible))
    showcase = [p for p in eligible if p.preferred_name == SHOWCASE]
    others = [p for p in eligible if p.preferred_name != SHOWCASE]
    random.Random(f"{seed}:choose:{len(eligible)}").shuffle(others)  # noqa: S311 - a demo
    return sorted(showcase + others[: wanted - len(showcase)], key=lambda p: p.pk)


def _dates(person: Person, rng: random.Random, today: dt.date) -> list[dt.date]:
    """Near the start, about 3 months on, and (for some, and the showcase) about 6 months on."""
    start = person.started_on
    found = [start + dt.timedelta(days=rng.randint(0, 10))]
    three = schedules.add_months(start, 3) + dt.timedelta(days=rng.randint(-7, 14))
    if three < today:
        found.append(three)
        six = schedules.add_months(start, 6) + dt.timedelta(days=rng.randint(-7, 14))
        if six < today and (person.preferred_name == SHOWCASE or rng.random() < 0.5):
            found.append(six)
    return found


def outcomes_build(*, teams: dict[str, Team], today: dt.date, seed: int = SEED) -> int:
    """Give the chosen people of each team their questionnaires; returns how many responses."""
    made = 0
    for team in teams.values():
        instruments = {
            i.slug: i
            for i in Instrument.objects.visible_to(team.organisation_id).filter(
                slug__in=INSTRUMENTS
            )
        }
        if len(instruments) < len(INSTRUMENTS):
            continue  # the shipped definitions are loaded after migrate; without them, nothing
        people = list(Person.objects.filter(team=team).order_by("pk"))
        for person in _chosen(people, today, seed):
            made += _person(person, instruments, today, seed)
    return made


def _person(person: Person, instruments: dict[str, Any], today: dt.date, seed: int) -> int:
    rng = random.Random(f"{seed}:{person.local_id or person.pk}")  # noqa: S311 - a demo
    answers = _baseline(rng)
    made = []
    for n, day in enumerate(_dates(person, rng, today)):
        if n:
            answers = _later(rng, answers)
        for slug in INSTRUMENTS:
            response = services.response_start(
                person=person,
                instrument=instruments[slug],
                by=None,
                completed_by=CompletedBy.WITH_WORKER if n else CompletedBy.FROM_PAPER,
                taken_on=day,
                answers=answers[slug],
            )
            services.response_complete(response=response, by=None, version=response.version)
            made.append((response.pk, day))
    for pk, day in made:  # set back to the day taken, as the rest of the demo's history is
        at = timezone.make_aware(dt.datetime.combine(day, dt.time(11)))
        Response.objects.filter(pk=pk).update(scored_at=at, created_at=at, updated_at=at)
    Response.objects.filter(person=person).update(recorded_by=person.keyworker)
    return len(made)

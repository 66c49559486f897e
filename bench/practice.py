"""Practice indicators at scale (`python -m bench.run --only practice`, or `make bench`).

1. Adds `--practice-teams` teams (200 by default) to the demo organisation, with
   `--practice-people` people (50,000) spread evenly across them, each with a small map (some
   connections dated, some not, one on a first-look snapshot), a goal with steps, a barrier,
   contacts, a suggestion and a move-on history for some, written with bulk_create.
2. Times, for one of those teams: `practice.indicators.team_summary` (today's figures),
   `by_quarter` (the four quarters), and the pages by URL name as a team lead of that team:
   `indicators:team`, `indicators:detail` and, when they resolve, `team:page` and
   `team:organisation` (the team page and the organisation view). One untimed run, then
   `--practice-runs` timed runs: the median and the 95th percentile in milliseconds, and the
   queries of one run.

Nothing asserts a time: machines differ.
"""

from __future__ import annotations

import datetime as dt
import math
import random
import statistics
import time
from collections.abc import Callable
from typing import Any

TEAMS = 200
PEOPLE = 50_000
BATCH = 5_000


def _build(teams: int, people: int) -> tuple[Any, float]:
    """The first of the new teams, and the seconds the rows took to write."""
    from django.db import transaction
    from django.utils import timezone

    from connecting_people.core.models import Organisation, Team
    from connecting_people.people.models import Person

    started = time.perf_counter()
    organisation = Organisation.objects.filter(is_demo=True).order_by("pk").first()
    made_teams = Team.objects.bulk_create(
        Team(organisation=organisation, name=f"Bench practice team {n}") for n in range(teams)
    )
    rng = random.Random("cpi-bench-practice")
    today = timezone.localdate()
    for first in range(0, people, BATCH):
        count = min(BATCH, people - first)
        with transaction.atomic():
            made = Person.objects.bulk_create(
                Person(
                    team=made_teams[(first + n) % teams],
                    preferred_name=f"Practice {first + n}",
                    started_on=today - dt.timedelta(days=30 + (first + n) % 500),
                    status="active",
                )
                for n in range(count)
            )
            _records(made, rng, today)
        print(f"  {first + count:,} people", flush=True)
    return made_teams[0], round(time.perf_counter() - started, 1)


def _records(people: list[Any], rng: random.Random, today: dt.date) -> None:
    from connecting_people.network.models import Connection, Snapshot
    from connecting_people.plans.models import Barrier, BarrierType, Contact, Goal, Step
    from connecting_people.suggestions.models import Suggestion

    kind = BarrierType.objects.order_by("pk").first()
    connections, snapshots, goals, contacts, suggestions, barriers = [], [], [], [], [], []
    for person in people:
        for n in range(rng.randint(0, 6)):
            dated = rng.random() < 0.5
            connections.append(
                Connection(
                    person=person,
                    label=f"C{n}",
                    kind="friend",
                    ring="middle",
                    inside_services=n == 0,
                    began="already" if not dated else "activity",
                    started_on=person.started_on + dt.timedelta(days=n) if dated else None,
                )
            )
        if rng.random() < 0.8:
            snapshots.append(Snapshot(person=person, taken_on=person.started_on, kind="baseline"))
        goals.append(
            Goal(person=person, text="A goal", whose_idea=rng.choice(["person", "worker"]))
        )
        contacts.append(
            Contact(person=person, kind="meeting", what_happened="x", went_along=rng.random() < 0.4)
        )
        suggestions.append(Suggestion(person=person, idea="An idea", status="talked_about"))
        barriers.append(Barrier(person=person, kind=kind, plan=rng.choice(["", "A plan"])))
    Connection.objects.bulk_create(connections, batch_size=BATCH)
    Snapshot.objects.bulk_create(snapshots, batch_size=BATCH)
    made_goals = Goal.objects.bulk_create(goals, batch_size=BATCH)
    Step.objects.bulk_create(
        (Step(goal=g, text="A step", who=rng.choice(["person", "worker"])) for g in made_goals),
        batch_size=BATCH,
    )
    Contact.objects.bulk_create(contacts, batch_size=BATCH)
    Suggestion.objects.bulk_create(suggestions, batch_size=BATCH)
    Barrier.objects.bulk_create(barriers, batch_size=BATCH)


def _time(call: Callable[[], Any], runs: int) -> dict[str, Any]:
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    reset_queries()  # a request clears the log when it starts: begin from an empty one
    with CaptureQueriesContext(connection) as queries:
        call()
    count = len(queries)
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        call()
        timings.append(time.perf_counter() - started)
    timings.sort()
    return {
        "median_ms": round(statistics.median(timings) * 1000, 1),
        "p95_ms": round(timings[math.ceil(0.95 * len(timings)) - 1] * 1000, 1),
        "queries": count,
    }


def _page(client: Any, url: str) -> Callable[[], Any]:
    def get() -> Any:
        answer = client.get(url)
        if answer.status_code != 200:
            raise RuntimeError(f"{url} answered {answer.status_code}")
        return answer

    return get


def _pages() -> list[tuple[str, list[Any]]]:
    """The pages to time, by URL name, leaving out any that do not resolve (not merged yet)."""
    from django.urls import NoReverseMatch, reverse

    found = []
    for name, args in (
        ("indicators:team", []),
        ("indicators:detail", ["has-map"]),
        ("team:page", []),
        ("team:organisation", []),
    ):
        try:
            reverse(name, args=args)
        except NoReverseMatch:
            continue
        found.append((name, args))
    return found


def run(*, teams: int = TEAMS, people: int = PEOPLE, runs: int = 5) -> dict[str, Any]:
    from django.conf import settings
    from django.test import Client
    from django.urls import reverse

    from connecting_people.accounts.models import User
    from connecting_people.core.models import TeamMembership, TeamRole
    from connecting_people.people.models import Person
    from connecting_people.practice.indicators import by_quarter, team_summary

    print(f"Adding {teams:,} teams with {people:,} people between them...", flush=True)
    team, build_s = _build(teams, people)
    result: dict[str, Any] = {"teams": teams, "people": people, "build_s": build_s, "runs": runs}
    result["team_people"] = Person.objects.filter(team=team).count()
    timed: dict[str, dict[str, Any]] = {
        "team_summary": _time(lambda: team_summary(team), runs),
        "by_quarter": _time(lambda: by_quarter(Person.objects.filter(team=team)), runs),
    }
    lead = User.objects.create_user("bench-practice-lead@bench.example", name="Bench lead")
    TeamMembership.objects.create(user=lead, team=team, role=TeamRole.TEAM_LEAD)
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    client = Client()
    client.force_login(lead)
    for name, args in _pages():
        timed[name] = _time(_page(client, reverse(name, args=args)), runs)
    result["timed"] = timed
    for what, found in timed.items():
        print(
            f"  {what}: median {found['median_ms']} ms, p95 {found['p95_ms']} ms, "
            f"{found['queries']} queries"
        )
    return result


def markdown(report: dict[str, Any], *, busy: str) -> list[str]:
    lines = [
        "## Practice",
        "",
        "The practice indicators (bench/practice.py) for one team of "
        f"{report.get('team_people', 0):,} people, among {report.get('teams', 0):,} teams and "
        f"{report.get('people', 0):,} people, each with a small map, a goal with a step, a "
        "barrier, a contact and a suggestion; and the pages by URL name, as the team's lead.",
        "",
        busy,
        "",
        "| What | Runs | Median (ms) | p95 (ms) | Queries |",
        "|---|---|---|---|---|",
    ]
    for what, found in (report.get("timed") or {}).items():
        lines.append(
            f"| `{what}` | {report.get('runs')} | {found['median_ms']} | "
            f"{found['p95_ms']} | {found['queries']} |"
        )
    return lines

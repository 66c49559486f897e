"""Suggestions at scale (`python -m bench.run --only suggestions`, or part of `make bench`).

1. Grows one directory through each size in `--suggestion-sizes` (1,000, 10,000 and 100,000
   services by default): the made-up services of `bench/directory_data.py` written directly
   (the bulk path of bench/directory.py), then their search facts (`refresh_missing`).
2. Gives a team some knowledge of it: 300 services the team uses (a third checked recently,
   some with someone who could go along, some with what people said) and 20 connectors.
3. Times `suggestions.ranking.rank` for varied profiles (interests near a town with a travel
   limit and money as a barrier; no interests; online only with time as a barrier; an area and
   no point, wanting company), a warm-up round and then `--suggestion-runs` calls cycling
   through them. Reports the median and 95th percentile in milliseconds at each size, with the
   suggestions returned and the SQL queries of one ranking. Nothing asserts a time.
"""

from __future__ import annotations

import itertools
import random
import statistics
import time
from dataclasses import asdict, dataclass, field
from typing import Any

from bench import directory as directory_bench
from bench import directory_data

SIZES = (1_000, 10_000, 100_000)
TEAM_SERVICES = 300


@dataclass
class RankTiming:
    services: int
    build_s: float
    runs: int
    median_ms: float | None = None
    p95_ms: float | None = None
    per_profile: dict[str, float] = field(default_factory=dict)  # median ms of each profile
    suggestions: int | None = None  # of the first profile
    queries: int | None = None  # one ranking's SQL queries
    error: str = ""


def profiles() -> dict[str, Any]:
    from connecting_people.suggestions.profile import InterestSignal, Profile

    centres = directory_data.town_centres()
    town, point = next(iter(centres.items()))
    gardening = InterestSignal(
        frozenset({"nature-and-gardening"}), "gardening", "would_like_to_try"
    )
    music = InterestSignal(frozenset({"music"}), "singing in a choir", "used_to")
    walking = InterestSignal(frozenset({"sport-and-movement"}), "walking", "do_now")
    return {
        "interests, near, 10 km, money": Profile(
            interests=(gardening, music), point=point, max_travel_km=10,
            barriers=frozenset({"money"}), free_days=frozenset({"TU", "TH"}), age=45,
        ),
        "no interests, near": Profile(point=point, network_gaps=frozenset({"no_company"})),
        "online only, time barrier": Profile(
            interests=(music,), in_person=False, barriers=frozenset({"time"}),
            free_days=frozenset({"MO", "WE"}), free_times=frozenset({"evening"}),
        ),
        "area, no point, wants company": Profile(
            interests=(walking,), area=town, wants_company_first_time=True,
            barriers=frozenset({"confidence", "worry-about-groups"}),
        ),
    }  # fmt: skip


def run(*, sizes: tuple[int, ...] = SIZES, runs: int = 50) -> dict[str, Any]:
    from connecting_people.core.models import Team

    team = Team.objects.order_by("pk").first()
    timings, done, notes = [], 0, []
    for size in sorted(sizes):
        print(f"Growing the directory to {size:,} services...", flush=True)
        built = _grow(done, size)
        done = size
        if team is not None:
            _team_knowledge(team)
        timings.append(_time(size, built, team.pk if team else None, runs))
        print(f"  {timings[-1]}")
    if team is None:
        notes.append("No team in the demo: ranked without a team's knowledge or connectors.")
    return {"timings": [asdict(t) for t in timings], "notes": notes}


def _grow(done: int, size: int) -> float:
    from connecting_people.directory.search.facts import refresh_missing

    started = time.perf_counter()
    new = itertools.islice(directory_data.services(size), done, None)
    for chunk in directory_bench._chunks(new, directory_bench.BATCH):
        directory_bench._write_rows(chunk)
    refresh_missing()
    return round(time.perf_counter() - started, 1)


def _team_knowledge(team: Any) -> None:
    """The team uses TEAM_SERVICES of the services, knows some, heard about some."""
    import datetime as dt

    from connecting_people.accounts.models import User
    from connecting_people.directory.models import (
        CommunityConnector,
        Feedback,
        SearchFacts,
        ServiceKnower,
        TeamService,
    )
    from connecting_people.taxonomy.models import InterestCategory

    rng = random.Random(f"cpi-bench-suggestions-{team.pk}")
    if TeamService.objects.filter(team=team).exists():
        TeamService.objects.filter(team=team).delete()
        CommunityConnector.objects.filter(team=team).delete()
    ids = list(SearchFacts.objects.values_list("service_id", flat=True)[:20_000])
    chosen = rng.sample(ids, min(TEAM_SERVICES, len(ids)))
    today = dt.date(2026, 11, 1)
    entries = TeamService.objects.bulk_create(
        TeamService(
            team=team,
            service_id=sid,
            last_checked_on=today - dt.timedelta(days=rng.choice([10, 100, 400])),
            check_due_on=today + dt.timedelta(days=rng.choice([-200, 30, 90])),
        )
        for sid in chosen
    )
    user = User.objects.filter(team_memberships__team=team).first() or User.objects.first()
    if user is not None:
        ServiceKnower.objects.bulk_create(
            ServiceKnower(entry=e, user=user, can_go_along=True) for e in entries[::4]
        )
    Feedback.objects.bulk_create(
        Feedback(
            entry=e,
            rating=rng.choice(["went_well", "mixed", "not_for_them"]),
            kept_going=rng.random() < 0.4,
        )
        for e in entries[::2]
    )
    categories = list(InterestCategory.objects.all())
    centres = list(directory_data.town_centres().values())
    for n in range(20):
        lat, lon = rng.choice(centres)
        connector = CommunityConnector.objects.create(
            team=team, kind="person", name=f"Connector {n}", offers="Walks and a chat",
            latitude=lat, longitude=lon, can_go_along=n % 2 == 0, last_checked_on=today,
        )  # fmt: skip
        connector.interests.add(rng.choice(categories))


def _time(size: int, built: float, team_id: int | None, runs: int) -> RankTiming:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from connecting_people.suggestions.ranking import rank

    timing = RankTiming(services=size, build_s=built, runs=runs)
    named = list(profiles().items())
    try:
        for _label, profile in named:  # warm-up
            rank(profile, team_id=team_id)
        with CaptureQueriesContext(connection) as queries:
            timing.suggestions = len(rank(named[0][1], team_id=team_id))
        timing.queries = len(queries)
        times: list[float] = []
        by_profile: dict[str, list[float]] = {label: [] for label, _p in named}
        for n in range(runs):
            label, profile = named[n % len(named)]
            started = time.perf_counter()
            rank(profile, team_id=team_id)
            ms = (time.perf_counter() - started) * 1000
            times.append(ms)
            by_profile[label].append(ms)
    except Exception as error:  # report and carry on
        timing.error = f"{type(error).__name__}: {error}"[:300]
        return timing
    timing.median_ms = round(statistics.median(times), 1)
    timing.p95_ms = round(_p95(times), 1)
    timing.per_profile = {k: round(statistics.median(v), 1) for k, v in by_profile.items() if v}
    return timing


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def markdown(report: dict[str, Any], *, busy: str) -> list[str]:
    lines = [
        "## Suggestions",
        "",
        "`suggestions.ranking.rank` over a growing directory (bench/suggestions.py): hard "
        "constraints filter in SQL, a few hundred candidates scored in Python. Profiles cycled: "
        + "; ".join(profiles())
        + ".",
        "",
        busy,
        "",
        "| Services | Build (s) | Runs | Median (ms) | p95 (ms) | Suggestions | Queries |",
        "|---|---|---|---|---|---|---|",
    ]
    for t in report.get("timings", []):
        cells = [
            f"{t['services']:,}", str(t["build_s"]), str(t["runs"]),
            str(t["median_ms"]), str(t["p95_ms"]), str(t["suggestions"]), str(t["queries"]),
        ]  # fmt: skip
        lines.append("| " + " | ".join(cells) + " |")
    for t in report.get("timings", []):
        if t["per_profile"]:
            each = "; ".join(f"{k} {v} ms" for k, v in t["per_profile"].items())
            lines.append(f"\nMedians by profile at {t['services']:,}: {each}.")
        if t["error"]:
            lines.append(f"\nAt {t['services']:,}: {t['error']}")
    lines += [f"\n{note}" for note in report.get("notes", [])]
    return lines

"""The team report of change at scale (`python -m bench.run --only outcomes`, or `make bench`).

1. Adds `--outcome-people` people (50,000 by default) to the first demo team, each with a
   baseline and four follow-ups (3, 6, 9 and 12 months) of the three shipped questionnaires
   (ONS4, UCLA-3 and the ONS direct question): 15 completed responses a person, 750,000 in all.
   The rows are written directly with bulk_create, their scores worked out by the real scoring
   engine once for each set of answers used (a few hundred), so the stored JSON is what the app
   stores. Each person also gets a network snapshot at each of the five points, with its counts
   of current and outside connections (as snapshot_take keeps them; the entries themselves are
   not written: the report reads only the counts).
2. Rebuilds the baseline-and-latest pairs (`outcomes.pairs.rebuild`, what `cpi rebuild_outcomes`
   runs after a bulk load; the services keep them in step one person at a time) and times it.
3. Times `outcomes.report.change_report` for that team: one untimed run, then `--outcome-runs`
   timed runs; reports the median and the slowest in milliseconds, the SQL queries of one run,
   and the n of the life satisfaction score and of the network size (every person, if the
   pairing worked).

Nothing asserts a time: machines differ.
"""

from __future__ import annotations

import datetime as dt
import random
import statistics
import time
from typing import Any

PEOPLE = 50_000
FOLLOW_UPS = (3, 6, 9, 12)
BATCH = 5_000
INSTRUMENTS = ("ons4", "ucla3", "ons-lonely")


def _answers(rng: random.Random, slug: str) -> dict[str, int]:
    if slug == "ons4":
        return {k: rng.randint(0, 10) for k in ("satisfied", "worthwhile", "happy", "anxious")}
    if slug == "ucla3":
        return {k: rng.randint(1, 3) for k in ("lack_companionship", "left_out", "isolated")}
    return {"lonely": rng.randint(1, 5)}


def _build(people: int) -> tuple[Any, float, int]:
    """The team, the seconds the rows took to write, and how many responses were written."""
    from django.db import transaction
    from django.utils import timezone

    from connecting_people.core.models import Team
    from connecting_people.network.models import Snapshot
    from connecting_people.outcomes.models import Instrument, Response, ResponseStatus
    from connecting_people.outcomes.schedules import add_months
    from connecting_people.outcomes.scoring import score
    from connecting_people.people.models import Person

    started = time.perf_counter()
    team = Team.objects.filter(organisation__is_demo=True).order_by("pk").first()
    instruments = {i.slug: i for i in Instrument.objects.current().filter(slug__in=INSTRUMENTS)}
    rng = random.Random("cpi-bench-outcomes")
    # A pool of answer sets per instrument, each scored once by the real engine.
    pools: dict[str, list[tuple[dict[str, int], dict[str, Any]]]] = {}
    for slug, instrument in instruments.items():
        pools[slug] = []
        for _ in range(200):
            answers = _answers(rng, slug)
            result = score(instrument.parsed, answers).as_json()
            pools[slug].append((answers, {**result, "version": instrument.version}))
    today = timezone.localdate()
    now = timezone.now()
    written = 0
    for first in range(0, people, BATCH):
        count = min(BATCH, people - first)
        with transaction.atomic():
            made = Person.objects.bulk_create(
                Person(
                    team=team,
                    preferred_name=f"Bench {first + n}",
                    local_id=f"BENCH-{first + n}",
                    started_on=today - dt.timedelta(days=400 + (first + n) % 300),
                    status="active",
                )
                for n in range(count)
            )
            rows = []
            snapshots = []
            for person in made:
                size = rng.randint(2, 12)
                for months in (0, *FOLLOW_UPS):
                    day = min(add_months(person.started_on, months), today)
                    size = max(0, size + rng.randint(-1, 2))
                    snapshots.append(
                        Snapshot(
                            person=person,
                            taken_on=day,
                            kind="review" if months else "baseline",
                            current_count=size,
                            outside_count=rng.randint(0, size),
                        )
                    )
                    for slug in INSTRUMENTS:
                        answers, scores = rng.choice(pools[slug])
                        rows.append(
                            Response(
                                person=person,
                                instrument=instruments[slug],
                                status=ResponseStatus.COMPLETE,
                                taken_on=day,
                                completed_by="with_worker",
                                answers=answers,
                                scores=scores,
                                scored_with=instruments[slug],
                                scored_at=now,
                            )
                        )
            Response.objects.bulk_create(rows, batch_size=BATCH)
            Snapshot.objects.bulk_create(snapshots, batch_size=BATCH)
            written += len(rows)
        print(f"  {first + count:,} people, {written:,} responses", flush=True)
    return team, round(time.perf_counter() - started, 1), written


def run(*, people: int = PEOPLE, runs: int = 5) -> dict[str, Any]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from connecting_people.outcomes.pairs import rebuild
    from connecting_people.outcomes.report import change_report

    print(f"Adding {people:,} people with a baseline and four follow-ups...", flush=True)
    team, build_s, responses = _build(people)
    result: dict[str, Any] = {
        "people": people,
        "responses": responses,
        "build_s": build_s,
        "runs": runs,
    }
    started = time.perf_counter()
    result["pairs"] = rebuild()
    result["rebuild_s"] = round(time.perf_counter() - started, 1)
    print(f"  rebuilt {result['pairs']:,} pairs in {result['rebuild_s']} s", flush=True)
    with CaptureQueriesContext(connection) as queries:
        first = change_report({team.pk})
    result["queries"] = len(queries)
    satisfied = next(r for r in first.rows if r.measure.key == "ons4:satisfied")
    result["n_satisfied"] = satisfied.n
    result["n_size"] = next(r for r in first.rows if r.measure.key == "network:size").n
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        change_report({team.pk})
        timings.append(time.perf_counter() - started)
    result["median_ms"] = round(statistics.median(timings) * 1000, 1)
    result["slowest_ms"] = round(max(timings) * 1000, 1)
    print(
        f"  change_report: median {result['median_ms']} ms, slowest {result['slowest_ms']} ms, "
        f"{result['queries']} queries, n = {satisfied.n}"
    )
    return result


def markdown(report: dict[str, Any], *, busy: str) -> list[str]:
    return [
        "## Outcomes",
        "",
        "`outcomes.report.change_report` for one team (bench/outcomes.py): paired change from "
        "baseline to the latest follow-up of every score of ONS4, UCLA-3 and the ONS direct "
        "question (added up by the database from the kept baseline-and-latest pairs), and the "
        "network size and outside share (from each snapshot's kept counts).",
        "",
        busy,
        "",
        "| People | Responses | Build (s) | Pairs | Rebuild (s) | Runs | Median (ms) | "
        "Slowest (ms) | Queries | n (life satisfaction) | n (network size) |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
        f"| {report.get('people', 0):,} | {report.get('responses', 0):,} | "
        f"{report.get('build_s')} | {report.get('pairs', 0):,} | {report.get('rebuild_s')} | "
        f"{report.get('runs')} | {report.get('median_ms')} | {report.get('slowest_ms')} | "
        f"{report.get('queries')} | {report.get('n_satisfied')} | {report.get('n_size')} |",
    ]

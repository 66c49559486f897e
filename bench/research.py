"""The research export at scale (`python -m bench.run --only research`).

On the demo built with `--people N`, adds what the demo does not make (completed questionnaires:
ONS4 and UCLA-3 at baseline and two follow-ups for each person; and three suggestions each, with
their steps), then times `cpi export_research` into a folder and the evaluator's zip stream into
nothing, and measures the peak memory Python allocated during each (tracemalloc, in a second,
untimed run, as tracing slows it). Then it adds N more people the same way and does it all
again: memory that stays level from N to 2N people is bounded (the export reads a batch of
people at a time and sorts with runs spilled to disk). Nothing here asserts a time.
"""

from __future__ import annotations

import datetime as dt
import random
import resource
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

BATCH = 2000
SEED = 7


def _answers(rng: random.Random, definition: Any) -> dict[str, int]:
    return {item.id: rng.choice([o.value for o in item.options]) for item in definition.items}


def _patterns(instrument: Any, count: int = 40) -> list[tuple[dict[str, int], dict[str, Any]]]:
    """Some complete answer sets with their scores, scored once by the real engine."""
    from connecting_people.outcomes.scoring import score

    rng = random.Random(SEED)
    definition = instrument.parsed
    patterns = []
    for _ in range(count):
        answers = _answers(rng, definition)
        scores = {**score(definition, answers).as_json(), "version": instrument.version}
        patterns.append((answers, scores))
    return patterns


def add_measures_and_suggestions(person_ids: list[int]) -> None:
    """Questionnaires at 0, 3 and 6 months, and three suggestions, for each of these people."""
    from django.utils import timezone

    from connecting_people.outcomes.models import CompletedBy, Instrument, Response
    from connecting_people.people.models import Person
    from connecting_people.suggestions.models import Suggestion, SuggestionChange

    instruments = [Instrument.objects.current().get(slug=s) for s in ("ons4", "ucla3")]
    patterns = {i.pk: _patterns(i) for i in instruments}
    rng = random.Random(SEED + len(person_ids))
    now, today = timezone.now(), timezone.localdate()
    for start in range(0, len(person_ids), BATCH):
        people = Person.objects.filter(pk__in=person_ids[start : start + BATCH])
        responses, suggestions = [], []
        for pk, started in people.values_list("pk", "started_on"):
            for months in (0, 3, 6):
                taken = min(started + dt.timedelta(days=30 * months + rng.randint(0, 20)), today)
                for instrument in instruments:
                    answers, scores = rng.choice(patterns[instrument.pk])
                    responses.append(
                        Response(
                            person_id=pk,
                            instrument=instrument,
                            scored_with=instrument,
                            status="complete",
                            taken_on=taken,
                            completed_by=rng.choice(CompletedBy.values),
                            answers=answers,
                            scores=scores,
                            scored_at=now,
                        )
                    )
            for n, status in enumerate(("tried", "not_for_me", "going_regularly")):
                suggestions.append(
                    Suggestion(
                        person_id=pk,
                        idea=f"An idea {n}",
                        source="worker",
                        status=status,
                        reason="timing" if status == "not_for_me" else "",
                        suggested_on=started,
                        status_on=started,
                    )
                )
        Response.objects.bulk_create(responses, batch_size=1000)
        made = Suggestion.objects.bulk_create(suggestions, batch_size=1000)
        changes = [
            SuggestionChange(suggestion_id=s.pk, to_status="suggested", on=s.suggested_on)
            for s in made
        ]
        changes += [
            SuggestionChange(
                suggestion_id=s.pk, from_status="suggested", to_status=s.status, on=s.status_on
            )
            for s in made
        ]
        SuggestionChange.objects.bulk_create(changes, batch_size=1000)


def _timed(call: Callable[[], Any]) -> tuple[float, Any]:
    started = time.perf_counter()
    result = call()
    return time.perf_counter() - started, result


def _peak(call: Callable[[], Any]) -> float:
    """Peak memory Python allocated while `call` ran, in MiB."""
    tracemalloc.start()
    tracemalloc.reset_peak()
    try:
        call()
        return tracemalloc.get_traced_memory()[1] / 2**20
    finally:
        tracemalloc.stop()


def measure() -> dict[str, Any]:
    """Export once to a folder and once as a zip: times, then peak memory, at today's size."""
    from connecting_people.people.models import Person
    from connecting_people.research.export import write_folder, zip_stream
    from connecting_people.research.scope import Scope

    scope, key = Scope(), b"k" * 64

    def to_folder() -> dict[str, int]:
        with tempfile.TemporaryDirectory(prefix="cpi-research-") as folder:
            return write_folder(Path(folder), scope, key)

    def to_nothing() -> int:
        return sum(len(piece) for piece in zip_stream(scope, key))

    folder_s, rows = _timed(to_folder)
    zip_s, zip_bytes = _timed(to_nothing)
    return {
        "people": Person.objects.count(),
        "rows": rows,
        "folder_s": round(folder_s, 2),
        "zip_s": round(zip_s, 2),
        "zip_mb": round(zip_bytes / 10**6, 2),
        "folder_peak_mib": round(_peak(to_folder), 2),
        "zip_peak_mib": round(_peak(to_nothing), 2),
        "max_rss_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }


def run(*, people: int) -> dict[str, Any]:
    """Measure at the demo's size, then add as many people again and measure once more."""
    from connecting_people.people.models import Person
    from connecting_people_demo.builders import demo_add_people

    results = []
    print("Adding questionnaires and suggestions to the demo's people...", flush=True)
    add_measures_and_suggestions(list(Person.objects.order_by("pk").values_list("pk", flat=True)))
    results.append(measure())
    print(f"  {results[-1]}", flush=True)
    last = Person.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    print(f"Adding {people:,} more people...", flush=True)
    demo_add_people(people)
    added = list(Person.objects.filter(pk__gt=last).order_by("pk").values_list("pk", flat=True))
    add_measures_and_suggestions(added)
    results.append(measure())
    print(f"  {results[-1]}", flush=True)
    return {"sizes": results}


def markdown(report: dict[str, Any], *, busy: str) -> list[str]:
    headings = [
        "People",
        "Questionnaires",
        "Item rows",
        "Folder s",
        "Zip s",
        "Zip MB",
        "Peak MiB (folder)",
        "Peak MiB (zip)",
    ]
    lines = [
        "## Research export",
        "",
        "`cpi export_research` into a folder, and the evaluator's zip stream, over the whole "
        "demo with completed questionnaires (ONS4 and UCLA-3 at 0, 3 and 6 months) and three "
        "suggestions per person; then again with as many people added. Peak memory is what "
        "Python allocated during the export (tracemalloc, measured in a separate run).",
        "",
        busy,
        "",
        "| " + " | ".join(headings) + " |",
        "|" + "|".join(["---"] * len(headings)) + "|",
    ]
    for size in report.get("sizes", []):
        cells = [
            f"{size['people']:,}",
            f"{size['rows'].get('measures', 0):,}",
            f"{size['rows'].get('item_responses', 0):,}",
            str(size["folder_s"]),
            str(size["zip_s"]),
            str(size["zip_mb"]),
            str(size["folder_peak_mib"]),
            str(size["zip_peak_mib"]),
        ]
        lines.append("| " + " | ".join(cells) + " |")
    return lines

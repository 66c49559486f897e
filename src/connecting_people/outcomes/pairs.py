"""Each person's baseline and latest follow-up score, kept ready for the team report.

For a person and a questionnaire, the *baseline* is their first completed response to it and the
*latest follow-up* is their latest completed response to it (by date, then by when it was
recorded), counted only when it was taken at least FOLLOW_UP_AT_LEAST_DAYS (8 weeks) after the
baseline. Each score is paired on its own: a score worked out on both dates gives one ChangePair
row; a score missing on either date gives none.

The network map is paired the same way, under the instrument id NETWORK (which no questionnaire
id can be: those start with a letter): the person's first snapshot and their latest at least as
long after it, leaving out any snapshot replaced by a correction. SIZE is the number of
connections current on the day and OUTSIDE the percentage of them outside services (no share
when the map had no current connections), from the counts each snapshot keeps.

When a person's record is erased their pairs move to the `ErasedPerson` left in its place
(`person_erasing`), and `rebuild()` leaves those alone.

`refresh(person_id, slug)` rewrites one person's rows for one questionnaire from their responses;
the services call it, in their transaction, whenever a response is completed or its answers are
corrected. `refresh_network(person_id)` does the same from their snapshots whenever one is taken
(network.signals.snapshot_taken). `rebuild()` rewrites every row (after a bulk load, or from `cpi
rebuild_outcomes`). `pairs_from` and `network_pairs_from` are the pure rules they use, so the
migration that first filled the table uses them too.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Sequence
from itertools import groupby
from typing import Any

from django.db import transaction

FOLLOW_UP_AT_LEAST_DAYS = 56
BATCH = 5_000


def follows(baseline: dt.date, later: dt.date) -> bool:
    """Is `later` far enough after `baseline` to count as a follow-up?"""
    return (later - baseline).days >= FOLLOW_UP_AT_LEAST_DAYS


def _values(scores: Any) -> dict[str, float]:
    """Score id → value, for the scores that have a number, from a response's stored scores."""
    found: dict[str, float] = {}
    if not isinstance(scores, dict):
        return found
    for score_id, score in (scores.get("scores") or {}).items():
        value = score.get("value") if isinstance(score, dict) else None
        if value is None or value == "" or isinstance(value, bool):
            continue
        try:
            found[str(score_id)] = float(value)
        except (TypeError, ValueError):
            continue
    return found


def pairs_from(
    responses: Sequence[tuple[dt.date, int, Any]],
) -> list[tuple[str, dt.date, dt.date, float, float]]:
    """(score id, baseline date, latest date, before, after) for each score of one person's
    completed responses to one questionnaire, given as (taken on, pk, stored scores)."""
    if len(responses) < 2:
        return []
    first = min(responses, key=lambda r: (r[0], r[1]))
    latest = max(responses, key=lambda r: (r[0], r[1]))
    if not follows(first[0], latest[0]):
        return []
    before, after = _values(first[2]), _values(latest[2])
    return [
        (score_id, first[0], latest[0], before[score_id], after[score_id])
        for score_id in sorted(before)
        if score_id in after
    ]


NETWORK = "_network"
SIZE, OUTSIDE = "size", "outside_share"


def network_pairs_from(
    snapshots: Sequence[tuple[dt.date, int, int | None, int | None, int | None]],
) -> list[tuple[str, dt.date, dt.date, float, float]]:
    """(measure, baseline date, latest date, before, after) for SIZE and OUTSIDE from one
    person's snapshots, given as (taken on, pk, pk of the snapshot it corrects, current
    connections, of which outside services)."""
    corrected = {s[2] for s in snapshots if s[2] is not None}
    kept = [s for s in snapshots if s[1] not in corrected]
    if len(kept) < 2:
        return []
    first = min(kept, key=lambda s: (s[0], s[1]))
    latest = max(kept, key=lambda s: (s[0], s[1]))
    if not follows(first[0], latest[0]):
        return []
    size_then, size_now = first[3] or 0, latest[3] or 0
    found = [(SIZE, first[0], latest[0], float(size_then), float(size_now))]
    if size_then and size_now:
        then = 100 * (first[4] or 0) / size_then
        now = 100 * (latest[4] or 0) / size_now
        found.append((OUTSIDE, first[0], latest[0], then, now))
    return found


def _pair_rows(
    person_id: int, slug: str, found: list[tuple[str, dt.date, dt.date, float, float]]
) -> list[Any]:
    from connecting_people.outcomes.models import ChangePair

    return [
        ChangePair(
            person_id=person_id,
            instrument=slug,
            score=score_id,
            baseline_on=baseline_on,
            latest_on=latest_on,
            before=before,
            after=after,
        )
        for score_id, baseline_on, latest_on, before, after in found
    ]


def _snapshots(person_ids: Sequence[int] | None) -> dict[int, list[Any]]:
    """person → their snapshots as network_pairs_from takes them, the counts filled in from the
    entries for any snapshot stored without them."""
    from django.db.models import Count, Q

    from connecting_people.network.models import Snapshot, SnapshotEntry

    found = Snapshot.objects.order_by("person_id")
    if person_ids is not None:
        found = found.filter(person_id__in=person_ids)
    rows = list(
        found.values_list(
            "person_id", "taken_on", "pk", "corrects_id", "current_count", "outside_count"
        )
    )
    missing = [r[2] for r in rows if r[4] is None]
    counted: dict[int, tuple[int, int]] = {}
    for start in range(0, len(missing), 500):
        counted.update(
            (pk, (size, outside))
            for pk, size, outside in SnapshotEntry.objects.filter(
                snapshot_id__in=missing[start : start + 500]
            )
            .order_by()
            .values("snapshot_id")
            .annotate(
                size=Count("pk", filter=Q(ended_on__isnull=True)),
                outside=Count("pk", filter=Q(ended_on__isnull=True, inside_services=False)),
            )
            .values_list("snapshot_id", "size", "outside")
        )
    people: dict[int, list[Any]] = {}
    for person_id, taken_on, pk, corrects_id, size, outside in rows:
        if size is None:
            size, outside = counted.get(pk, (0, 0))
        people.setdefault(person_id, []).append((taken_on, pk, corrects_id, size, outside))
    return people


def _lock(person_id: int) -> None:
    """Take the person's row for the rest of the transaction, so that two saves for one person
    at once (PostgreSQL, read committed) rewrite their pairs one after the other, not both
    deleting and then both inserting."""
    from connecting_people.people.models import Person

    list(Person.objects.select_for_update().filter(pk=person_id).values_list("pk"))


def refresh_network(person_id: int) -> None:
    """Rewrite one person's network pairs from their snapshots."""
    from connecting_people.outcomes.models import ChangePair

    with transaction.atomic():
        _lock(person_id)
        ChangePair.objects.filter(person_id=person_id, instrument=NETWORK).delete()
        snapshots = _snapshots([person_id]).get(person_id, [])
        ChangePair.objects.bulk_create(
            _pair_rows(person_id, NETWORK, network_pairs_from(snapshots))
        )


def refresh_networks(person_ids: Sequence[int]) -> None:
    """Rewrite the network pairs of many people (after their snapshots were bulk loaded)."""
    from connecting_people.outcomes.models import ChangePair

    ids = sorted(set(person_ids))
    with transaction.atomic():
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            ChangePair.objects.filter(person_id__in=chunk, instrument=NETWORK).delete()
            ChangePair.objects.bulk_create(
                row
                for person_id, snapshots in _snapshots(chunk).items()
                for row in _pair_rows(person_id, NETWORK, network_pairs_from(snapshots))
            )


def snapshot_taken(sender: Any, *, snapshot: Any, **kwargs: Any) -> None:
    """network.signals.snapshot_taken: keep the person's network pairs in step."""
    refresh_network(snapshot.person_id)


def person_erasing(sender: Any, *, person: Any, erased: Any, **kwargs: Any) -> None:
    """people.signals.person_erasing: the person's pairs (dates and numbers, nothing else) move
    to the tombstone, so the report of change counts them after the erasure as before it."""
    from connecting_people.outcomes.models import ChangePair

    ChangePair.objects.filter(person_id=person.pk).update(person=None, erased=erased)


def _rows(person_id: int, slug: str, responses: Sequence[tuple[dt.date, int, Any]]) -> list[Any]:
    return _pair_rows(person_id, slug, pairs_from(responses))


def refresh(person_id: int, slug: str) -> None:
    """Rewrite one person's pairs for one questionnaire from their completed responses."""
    from connecting_people.outcomes.models import ChangePair, Response, ResponseStatus

    with transaction.atomic():
        _lock(person_id)
        ChangePair.objects.filter(person_id=person_id, instrument=slug).delete()
        responses = list(
            Response.objects.filter(
                person_id=person_id, instrument__slug=slug, status=ResponseStatus.COMPLETE
            )
            .order_by()
            .values_list("taken_on", "pk", "scores")
        )
        ChangePair.objects.bulk_create(_rows(person_id, slug, responses))


def _grouped(
    rows: Iterable[tuple[int, str, dt.date, int, Any]],
) -> Iterator[tuple[int, str, list[tuple[dt.date, int, Any]]]]:
    for (person_id, slug), found in groupby(rows, key=lambda r: (r[0], r[1])):
        yield person_id, slug, [(r[2], r[3], r[4]) for r in found]


def rebuild() -> int:
    """Rewrite every pair from the completed responses and the snapshots; returns how many rows
    were written."""
    from connecting_people.outcomes.models import ChangePair, Response, ResponseStatus

    written = 0
    with transaction.atomic():
        # An erased person's pairs have no responses left to be worked out from: they stay.
        ChangePair.objects.filter(person__isnull=False).delete()
        rows = (
            Response.objects.filter(status=ResponseStatus.COMPLETE)
            .order_by("person_id", "instrument__slug")
            .values_list("person_id", "instrument__slug", "taken_on", "pk", "scores")
            .iterator(chunk_size=BATCH)
        )
        batch: list[Any] = []
        for person_id, slug, responses in _grouped(rows):
            batch.extend(_rows(person_id, slug, responses))
            if len(batch) >= BATCH:
                ChangePair.objects.bulk_create(batch)
                written += len(batch)
                batch = []
        for person_id, snapshots in _snapshots(None).items():
            batch.extend(_pair_rows(person_id, NETWORK, network_pairs_from(snapshots)))
            if len(batch) >= BATCH:
                ChangePair.objects.bulk_create(batch)
                written += len(batch)
                batch = []
        ChangePair.objects.bulk_create(batch)
        written += len(batch)
    return written

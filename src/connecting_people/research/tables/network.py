"""network_snapshots.csv (one row per snapshot of a map) and network_measures.csv (its measures,
by the same rules as the map page: network/measures.py). No connection appears, only counts."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from itertools import groupby

from connecting_people.network.measures import NETWORK_TYPES, network_type
from connecting_people.network.models import Snapshot, SnapshotKind
from connecting_people.network.selectors import snapshot_history
from connecting_people.network.vocab import Feels, Gives, Kind, Ring
from connecting_people.research.coarse import month
from connecting_people.research.tables.schema import (
    BOOLEAN,
    DECIMAL,
    INTEGER,
    PSEUDONYM,
    TEXT,
    Column,
    Context,
    Table,
    count_columns,
    month_column,
    person_column,
    values_of,
)

SNAPSHOT = Column("snapshot", PSEUDONYM, "the snapshot's pseudonym (as in network_snapshots)")


def _snapshots(ids: list[int]) -> Iterator[tuple[int, list[Snapshot]]]:
    """Each person's snapshots, oldest first, with their entries: two queries for the batch."""
    snapshots = (
        Snapshot.objects.filter(person_id__in=ids)
        .only("pk", "person_id", "taken_on", "kind", "ties_known", "ties", "corrects_id")
        .prefetch_related("entries")
        .order_by("person_id", "taken_on", "pk")
    )
    for person, taken in groupby(snapshots, key=lambda s: s.person_id):
        yield person, list(taken)


def _snapshot_rows(ctx: Context, ids: list[int]) -> Iterator[Sequence[object]]:
    for person, snapshots in _snapshots(ids):
        for number, snapshot in enumerate(snapshots, start=1):
            yield (
                ctx.pseudonym("snapshot", snapshot.pk),
                ctx.pseudonym("person", person),
                number,
                month(snapshot.taken_on),
                snapshot.kind,
                ctx.pseudonym("snapshot", snapshot.corrects_id),
            )


SNAPSHOTS = Table(
    name="network_snapshots",
    row_is="one snapshot of a person's network map (the map as it stood in that month)",
    columns=(
        Column("snapshot", PSEUDONYM, "the snapshot's pseudonym"),
        person_column(),
        Column("number", INTEGER, "1 for the person's first snapshot, then 2, 3, … in order"),
        month_column("month", "the month the snapshot was taken"),
        Column("kind", TEXT, "what the snapshot was for", values_of(SnapshotKind)),
        Column(
            "corrects",
            PSEUDONYM,
            "for a snapshot that corrects an earlier one, that snapshot's pseudonym",
        ),
    ),
    rows=_snapshot_rows,
)


def _measure_rows(ctx: Context, ids: list[int]) -> Iterator[Sequence[object]]:
    for _person, snapshots in _snapshots(ids):
        for view in snapshot_history(snapshots):
            m = view.measures
            yield (
                ctx.pseudonym("snapshot", view.snapshot.pk),
                m.size,
                m.outside_services,
                m.outside_share,
                m.supportive,
                m.family,
                m.diversity,
                m.new_since_baseline,
                m.ended_since_baseline,
                m.new_since_previous,
                m.ended_since_previous,
                m.ties_known,
                m.ties,
                m.density,
                m.components,
                network_type(m).code,
                *(m.by_ring[v] for v in Ring.values),
                *(m.by_feels[v] for v in Feels.values),
                *(m.by_gives[v] for v in Gives.values),
                *(m.by_kind.get(v, 0) for v in Kind.values),
            )


CURRENT = "current connections (not ended by the snapshot's date)"
MEASURES = Table(
    name="network_measures",
    row_is="the measures of one snapshot (docs/network-measures.md gives the rules)",
    columns=(
        SNAPSHOT,
        Column("size", INTEGER, f"how many {CURRENT}"),
        Column("outside_services", INTEGER, "how many of them are outside health and care"),
        Column("outside_share", DECIMAL, "outside_services / size (blank when size is 0)"),
        Column("supportive", INTEGER, "how many of them feel supportive"),
        Column("family", INTEGER, "how many of them are family or a partner"),
        Column("diversity", INTEGER, "how many different kinds of connection"),
        Column(
            "new_since_baseline",
            INTEGER,
            "how many are current now and were not at the baseline (blank before it)",
        ),
        Column(
            "ended_since_baseline",
            INTEGER,
            "how many were current at the baseline and are not now (blank before it)",
        ),
        Column(
            "new_since_previous",
            INTEGER,
            "how many are current now and were not at the previous snapshot (blank: first)",
        ),
        Column(
            "ended_since_previous",
            INTEGER,
            "how many were current at the previous snapshot and are not now (blank: first)",
        ),
        Column("ties_known", BOOLEAN, "whether anyone recorded which connections know each other"),
        Column("ties", INTEGER, "pairs of connections who know each other (if ties_known)"),
        Column("density", DECIMAL, "ties / possible ties (if ties_known and size ≥ 2)"),
        Column("components", INTEGER, "groups of connections linked by ties (if ties_known)"),
        Column(
            "network_type",
            TEXT,
            "the network's type by the app's rule (not a validated classification)",
            "; ".join(t.code for t in NETWORK_TYPES),
        ),
        *count_columns("ring", Ring, "how many current connections are in the {value} ring"),
        *count_columns("feels", Feels, "how many current connections feel {value}"),
        *count_columns("gives", Gives, "how many current connections give {value} support"),
        *count_columns("kind", Kind, "how many current connections are of the kind {value}"),
    ),
    rows=_measure_rows,
)

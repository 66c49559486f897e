"""The team and organisation report: paired change from baseline to the latest follow-up.

For each person, each questionnaire's *baseline* is their first completed response to it, and
their *latest follow-up* is their latest completed response to it taken at least
FOLLOW_UP_AT_LEAST_DAYS (8 weeks) after the baseline; someone without one does not count for that
questionnaire. Each score is paired on its own (a score that was not worked out on either date
leaves that person out of that score). The network measures pair the person's first snapshot
with their latest snapshot at least as long after it (a snapshot replaced by a correction does
not count): the size is the number of current connections (those not ended) and the outside
share is the percentage of them outside services, as network.measures counts them (a map with
no current connections has no share, so it leaves that person out of the share).

The period filters by the date of the baseline (from and to, both included). The numbers are
summarised by stats.paired_change: n, the mean at baseline and latest, the mean change with its
95% confidence interval (t distribution) and Cohen's d_z. Fewer than stats.TOO_FEW people and
only n is shown: "too few people to say". No person's own values ever leave this module.

Four queries whatever the number of people: the current instruments, the completed responses
(person, instrument, date and just the score values, read out of the stored JSON by the
database), the snapshots, and the count of current and outside connections in each snapshot.
Everything else is worked out here, in one pass.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q
from django.db.models.fields.json import KT
from django.utils.translation import gettext as _

from connecting_people.network.models import Snapshot, SnapshotEntry
from connecting_people.outcomes import schedules, stats
from connecting_people.outcomes.models import Instrument, Response, ResponseStatus

FOLLOW_UP_AT_LEAST_DAYS = 56
NETWORK = "network"
SIZE, OUTSIDE = "size", "outside_share"


@dataclass(frozen=True)
class Measure:
    """One thing the report measures: a score of a questionnaire, or a network measure."""

    group: str  # the instrument id, or NETWORK
    id: str  # the score id, or SIZE / OUTSIDE
    group_title: str
    title: str
    higher_is: str  # "better", "worse" or "neither"
    unit: str = ""  # "points", "connections", "percentage points"

    @property
    def key(self) -> str:
        return f"{self.group}:{self.id}"


@dataclass(frozen=True)
class Row:
    measure: Measure
    change: stats.PairedChange | None

    @property
    def n(self) -> int:
        return self.change.n if self.change else 0

    @property
    def too_few(self) -> bool:
        return self.change is None or self.change.too_few


@dataclass
class Report:
    rows: list[Row] = field(default_factory=list)
    people: int = 0  # people with at least one pair of anything

    def groups(self) -> list[tuple[str, list[Row]]]:
        """The rows by questionnaire (then the network), in order."""
        found: dict[str, list[Row]] = {}
        for row in self.rows:
            found.setdefault(row.measure.group_title, []).append(row)
        return list(found.items())


def _in_period(day: dt.date, since: dt.date | None, until: dt.date | None) -> bool:
    return (since is None or day >= since) and (until is None or day <= until)


def _follows(baseline: dt.date, later: dt.date) -> bool:
    return (later - baseline).days >= FOLLOW_UP_AT_LEAST_DAYS


def _instrument_measures() -> list[Measure]:
    """Each score of each current instrument that can be asked (query 1)."""
    measures = []
    rows = Instrument.objects.current().filter(needs_wording=False).order_by("short_title", "slug")
    usual = {slug: n for n, slug in enumerate(schedules.DEFAULT_INSTRUMENTS)}
    for instrument in sorted(rows, key=lambda i: usual.get(i.slug, len(usual))):
        for score in instrument.parsed.scores:
            if "__" in score.id:  # cannot be read out of the JSON by the ORM; never shipped
                continue
            measures.append(
                Measure(
                    group=instrument.slug,
                    id=score.id,
                    group_title=instrument.short_title,
                    title=score.title,
                    higher_is=score.higher_is,
                    unit=_("points"),
                )
            )
    return measures


def _number(value: Any) -> float | None:
    if value is None or value == "":
        return None
    return float(value)


def _first_and_latest(
    rows: Iterable[tuple[Any, ...]],
) -> dict[tuple[int, str], tuple[tuple[Any, ...], tuple[Any, ...]]]:
    """(person, group) → (first row, latest row), each row starting (person, group, date, pk)."""
    found: dict[tuple[int, str], tuple[tuple[Any, ...], tuple[Any, ...]]] = {}
    for row in rows:
        key = (row[0], row[1])
        seen = found.get(key)
        if seen is None:
            found[key] = (row, row)
            continue
        first, latest = seen
        if (row[2], row[3]) < (first[2], first[3]):
            first = row
        if (row[2], row[3]) > (latest[2], latest[3]):
            latest = row
        found[key] = (first, latest)
    return found


def _questionnaire_pairs(
    team_ids: Collection[int],
    measures: list[Measure],
    since: dt.date | None,
    until: dt.date | None,
) -> tuple[dict[str, list[tuple[float, float]]], set[int]]:
    """Measure key → (baseline, latest) pairs, and who had any (query 2)."""
    ids = sorted({m.id for m in measures})
    columns = {f"v{n}": KT(f"scores__scores__{score_id}__value") for n, score_id in enumerate(ids)}
    rows = (
        Response.objects.filter(
            status=ResponseStatus.COMPLETE,
            person__team_id__in=list(team_ids),
            instrument__slug__in=sorted({m.group for m in measures}),
        )
        .order_by()
        .annotate(**columns)
        .values_list("person_id", "instrument__slug", "taken_on", "pk", *columns)
    )
    position = {score_id: 4 + n for n, score_id in enumerate(ids)}
    wanted: dict[str, list[Measure]] = {}
    for measure in measures:
        wanted.setdefault(measure.group, []).append(measure)
    pairs: dict[str, list[tuple[float, float]]] = {m.key: [] for m in measures}
    people: set[int] = set()
    for (person_id, slug), (first, latest) in _first_and_latest(rows).items():
        if not _in_period(first[2], since, until) or not _follows(first[2], latest[2]):
            continue
        for measure in wanted.get(slug, ()):
            before = _number(first[position[measure.id]])
            after = _number(latest[position[measure.id]])
            if before is not None and after is not None:
                pairs[measure.key].append((before, after))
                people.add(person_id)
    return pairs, people


def network_measures_list() -> list[Measure]:
    """The network measures, each in a group of its own (their units differ)."""
    return [
        Measure(
            NETWORK,
            SIZE,
            _("Network map: size"),
            _("Connections on the map"),
            "better",
            _("connections"),
        ),
        Measure(
            NETWORK,
            OUTSIDE,
            _("Network map: outside services"),
            _("Share of connections outside services (%)"),
            "better",
            _("percentage points"),
        ),
    ]


def _network_pairs(
    team_ids: Collection[int], since: dt.date | None, until: dt.date | None
) -> tuple[dict[str, list[tuple[float, float]]], set[int]]:
    """SIZE and OUTSIDE → (first, latest) pairs, and who had any (queries 3 and 4)."""
    snapshots = list(
        Snapshot.objects.filter(person__team_id__in=list(team_ids))
        .order_by()
        .values_list("person_id", "pk", "taken_on", "corrects_id")
    )
    corrected = {row[3] for row in snapshots if row[3] is not None}
    rows = ((p, NETWORK, day, pk) for p, pk, day, _c in snapshots if pk not in corrected)
    chosen = {
        key: ends
        for key, ends in _first_and_latest(rows).items()
        if _in_period(ends[0][2], since, until) and _follows(ends[0][2], ends[1][2])
    }
    counts = {
        snapshot: (size, outside)
        for snapshot, size, outside in SnapshotEntry.objects.filter(
            snapshot__person__team_id__in=list(team_ids)
        )
        .order_by()
        .values("snapshot_id")
        .annotate(
            size=Count("pk", filter=Q(ended_on__isnull=True)),
            outside=Count("pk", filter=Q(ended_on__isnull=True, inside_services=False)),
        )
        .values_list("snapshot_id", "size", "outside")
    }
    pairs: dict[str, list[tuple[float, float]]] = {SIZE: [], OUTSIDE: []}
    people: set[int] = set()
    for (person_id, _group), (first, latest) in chosen.items():
        size_then, outside_then = counts.get(first[3], (0, 0))
        size_now, outside_now = counts.get(latest[3], (0, 0))
        pairs[SIZE].append((float(size_then), float(size_now)))
        people.add(person_id)
        if size_then and size_now:
            pairs[OUTSIDE].append((100 * outside_then / size_then, 100 * outside_now / size_now))
    return pairs, people


def change_report(
    team_ids: Collection[int],
    *,
    since: dt.date | None = None,
    until: dt.date | None = None,
) -> Report:
    """Paired change for the people of these teams whose baseline falls in the period."""
    measures = _instrument_measures()
    report = Report()
    if not team_ids:
        return report
    pairs, people = (
        _questionnaire_pairs(team_ids, measures, since, until) if measures else ({}, set())
    )
    network_pairs, network_people = _network_pairs(team_ids, since, until)
    for measure in measures:
        report.rows.append(Row(measure, stats.paired_change(pairs[measure.key])))
    for measure in network_measures_list():
        report.rows.append(Row(measure, stats.paired_change(network_pairs[measure.id])))
    report.people = len(people | network_people)
    return report

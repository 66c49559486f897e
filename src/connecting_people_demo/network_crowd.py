"""Small network maps for the people `cpi demo --people N` generates, each with snapshots.

Drawn from a seeded random.Random (the same database state and date give the same maps) and
written with bulk inserts a batch of people at a time. Each map has a keyworker and a few people
from before; between snapshots some people join (often through an outing in the person's contact
log), a few connections end and some move a ring closer. Not audited: it is seeded demo data.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections, models, transaction
from django.db.models import Model, QuerySet
from django.utils import timezone

from connecting_people.network.models import (
    Connection,
    Snapshot,
    SnapshotEntry,
    SnapshotKind,
    Tie,
)
from connecting_people.network.vocab import (
    USUALLY_INSIDE_SERVICES,
    Began,
    Feels,
    Frequency,
    Gives,
    Kind,
    Ring,
)
from connecting_people.people.models import Person, Status
from connecting_people.plans.models import Contact
from connecting_people_demo import crowd_words as words

BATCH_SIZE = 500
BASELINE_KINDS = {
    Kind.FAMILY: 26,
    Kind.FRIEND: 16,
    Kind.GROUP: 10,
    Kind.NEIGHBOUR: 8,
    Kind.PEER: 7,
    Kind.ONLINE: 7,
    Kind.WORKER: 6,
    Kind.FAITH: 4,
    Kind.COLLEAGUE: 4,
    Kind.PARTNER: 3,
    Kind.PET: 3,
}
NEW_KINDS = {
    Kind.GROUP: 35,
    Kind.FRIEND: 20,
    Kind.PEER: 12,
    Kind.NEIGHBOUR: 8,
    Kind.ONLINE: 8,
    Kind.COLLEAGUE: 7,
    Kind.FAITH: 5,
    Kind.WORKER: 5,
}
NEW_BEGAN = {
    Began.SUGGESTION: 30,
    Began.INTRODUCTION: 20,
    Began.OTHER_PERSON: 25,
    Began.ACTIVITY: 15,
    Began.OTHER: 10,
}
FEELS = {Feels.SUPPORTIVE: 75, Feels.MIXED: 18, Feels.DIFFICULT: 7}
RINGS = {Ring.CLOSE: 25, Ring.MIDDLE: 40, Ring.OUTER: 35}
FREQUENCIES = {
    Frequency.DAILY: 12,
    Frequency.WEEKLY: 38,
    Frequency.MONTHLY: 25,
    Frequency.LESS: 15,
    Frequency.NOT_NOW: 5,
    "": 5,
}
GROUPS, LABELS, END_REASONS = words.GROUPS, words.LABELS, words.END_REASONS


@dataclass
class _Planned:
    """A connection to insert, with the states it passed through (from a date) and its end."""

    row: dict[str, Any]  # the Connection's columns, by attribute name
    states: list[tuple[dt.date, dict[str, Any]]] = field(default_factory=list)
    pk: int = 0  # set once the row is inserted

    @property
    def start(self) -> dt.date:
        return self.row["started_on"] or dt.date.min

    def state_on(self, day: dt.date) -> dict[str, Any]:
        return [fields for since, fields in self.states if since <= day][-1]


@dataclass
class _Map:
    person_id: int
    planned: list[_Planned] = field(default_factory=list)
    ties: list[tuple[int, int]] = field(default_factory=list)  # indexes into planned
    snapshots: list[dt.date] = field(default_factory=list)


def crowd_networks_add(*, people: QuerySet[Person], today: dt.date, seed: int) -> int:
    """Give each of `people` a small map with snapshots; return how many got one."""
    rng = random.Random(f"cpi-demo-networks:{seed}")  # noqa: S311 (demo data, not security)
    rows = list(people.order_by("pk").values_list("pk", "status", "started_on", "moved_on_on"))
    made = 0
    with transaction.atomic():
        for start in range(0, len(rows), BATCH_SIZE):
            batch = rows[start : start + BATCH_SIZE]
            outings = _outings([pk for pk, *_ in batch])
            maps = [_plan(rng, row, outings.get(row[0], []), today) for row in batch]
            maps = [m for m in maps if m.planned]
            _save(maps)
            made += len(maps)
    return made


def _outings(person_ids: list[int]) -> dict[int, list[tuple[int, dt.date]]]:
    """Each person's logged contacts where they went along somewhere: (contact id, date)."""
    found: dict[int, list[tuple[int, dt.date]]] = defaultdict(list)
    contacts = Contact.objects.filter(person_id__in=person_ids, went_along=True)
    for person_id, pk, day in contacts.order_by("person_id", "happened_on", "pk").values_list(
        "person_id", "pk", "happened_on"
    ):
        found[person_id].append((pk, day))
    return found


def _plan(rng: random.Random, row: tuple, outings: list, today: dt.date) -> _Map:
    person_id, status, started_on, moved_on_on = row
    plan = _Map(person_id=person_id)
    end = moved_on_on or today
    if status == Status.REFERRED:
        if rng.random() < 0.5:
            for kind in _kinds(rng, BASELINE_KINDS, rng.randint(1, 3)):
                _connection(rng, plan, kind)
        return plan
    first = min(started_on + dt.timedelta(days=rng.randint(5, 25)), end)
    plan.snapshots = _snapshot_days(rng, first, end)
    count = rng.randint(3, 8) if status != Status.MOVED_ON else rng.randint(3, 5)
    for kind in [Kind.WORKER, *_kinds(rng, BASELINE_KINDS, count - 1)]:
        since = None if rng.random() < 0.6 else first - dt.timedelta(days=rng.randint(30, 3000))
        _connection(rng, plan, kind, since=since, label="Keyworker" if not plan.planned else "")
    for then, now in zip(plan.snapshots, [*plan.snapshots[1:], end], strict=True):
        least = 1 if status == Status.MOVED_ON and now != end else 0
        for _ in range(max(least, rng.choice((0, 0, 1, 1, 2, 3))) if now > then else 0):
            _newcomer(rng, plan, then, now, outings)
    _changes(rng, plan, first, end, moved_on=moved_on_on if status == Status.MOVED_ON else None)
    _ties(rng, plan)
    return plan


def _kinds(rng: random.Random, weights: Mapping[Kind, int], count: int) -> list[Kind]:
    """Kinds of connection to draw, with at most one partner and one pet."""
    kinds = rng.choices(list(weights), list(weights.values()), k=count)
    once = {Kind.PARTNER, Kind.PET}
    return [k if k not in once or kinds.index(k) == n else Kind.FRIEND for n, k in enumerate(kinds)]


def _snapshot_days(rng: random.Random, first: dt.date, end: dt.date) -> list[dt.date]:
    span = (end - first).days
    if span < 45:
        return [first]
    last = end - dt.timedelta(days=rng.randint(0, min(20, span // 4)))
    if span >= 240 and rng.random() < 0.7:
        middle = first + dt.timedelta(days=int(span * rng.uniform(0.35, 0.6)))
        return [first, middle, last]
    return [first, last]


def _connection(
    rng: random.Random,
    plan: _Map,
    kind: str,
    *,
    since: dt.date | None = None,
    label: str = "",
    ring: str = "",
    began: str = Began.ALREADY,
    contact: int | None = None,
) -> _Planned:
    used = {p.row["label"] for p in plan.planned}
    label = label or _label(rng, kind, used)
    fields = {
        "ring": ring or rng.choices(list(RINGS), list(RINGS.values()))[0],
        "feels": rng.choices(list(FEELS), list(FEELS.values()))[0],
        "frequency": rng.choices(list(FREQUENCIES), list(FREQUENCIES.values()))[0],
    }
    row = {
        "person_id": plan.person_id,
        "label": label,
        "kind": kind,
        "inside_services": kind in USUALLY_INSIDE_SERVICES,
        "gives": sorted(rng.sample(Gives.values, rng.choice((0, 1, 1, 2, 2, 3)))),
        "started_on": since,
        "ended_on": None,
        "end_reason": "",
        "began": began,
        "began_with_contact_id": contact,
        **fields,
    }
    planned = _Planned(row=row, states=[(dt.date.min, fields)])
    plan.planned.append(planned)
    return planned


def _label(rng: random.Random, kind: str, used: set[str]) -> str:
    for _ in range(6):
        pattern = rng.choice(LABELS.get(kind, ["{n}"]))
        name = rng.choice(rng.choice((words.SHE, words.HE, words.ANYONE)))
        label = pattern.format(n=name, i=rng.choice(words.INITIALS), k=rng.randint(1, 60))
        if label not in used:
            return label
    return f"{label} {rng.choice(words.INITIALS)}."


def _day_between(rng: random.Random, after: dt.date, until: dt.date) -> dt.date:
    """A day after `after`, up to and including `until` (or `until` itself if none is left)."""
    gap = (until - after).days
    return after + dt.timedelta(days=rng.randint(1, gap)) if gap >= 1 else until


def _newcomer(rng: random.Random, plan: _Map, then: dt.date, now: dt.date, outings: list) -> None:
    """Someone new between two snapshots: through a logged outing when there was one."""
    [kind] = _kinds(rng, NEW_KINDS, 1)
    there = [(pk, day) for pk, day in outings if then < day <= now]
    if there and rng.random() < 0.6:
        contact, since = rng.choice(there)
        began = Began.ACTIVITY
    else:
        contact, since = None, _day_between(rng, then, now)
        began = rng.choices(list(NEW_BEGAN), list(NEW_BEGAN.values()))[0]
    ring = Ring.OUTER if rng.random() < 0.7 else Ring.MIDDLE
    _connection(rng, plan, kind, since=since, ring=ring, began=began, contact=contact)


def _changes(
    rng: random.Random, plan: _Map, first: dt.date, end: dt.date, *, moved_on: dt.date | None
) -> None:
    """Some connections end, some move a ring closer; the keyworker ends on moving on."""
    closer = {Ring.OUTER: Ring.MIDDLE, Ring.MIDDLE: Ring.CLOSE}
    for planned in plan.planned:
        row = planned.row
        after = max(planned.start, first)
        if moved_on and row["label"] == "Keyworker":
            row.update(ended_on=moved_on, end_reason="Moved on from the team.")
        elif rng.random() < 0.08 and after < end:
            row.update(ended_on=_day_between(rng, after, end), end_reason=rng.choice(END_REASONS))
        fields = planned.states[-1][1]
        until = row["ended_on"] or end
        if rng.random() < 0.2 and fields["ring"] in closer and after < until:
            moved = {**fields, "ring": closer[fields["ring"]]}
            planned.states.append((_day_between(rng, after, until), moved))
        row.update(planned.states[-1][1])


def _ties(rng: random.Random, plan: _Map) -> None:
    """Who knows whom: family mostly know each other; people from one place often do."""
    family = {Kind.FAMILY, Kind.PARTNER}
    planned = plan.planned
    for i, one in enumerate(planned):
        for j in range(i + 1, len(planned)):
            a, b = one.row["kind"], planned[j].row["kind"]
            if Kind.WORKER in (a, b) or Kind.PET in (a, b):
                continue
            chance = 0.7 if {a, b} <= family else 0.25 if a == b else 0.04
            if rng.random() < chance:
                plan.ties.append((i, j))


def _save(maps: list[_Map]) -> None:
    """Insert the batch's connections, ties, snapshots and snapshot entries, parents first."""
    person_ids = [m.person_id for m in maps]
    planned = [p for m in maps for p in m.planned]
    for p, pk in zip(
        planned, _insert(Connection, [p.row for p in planned], person_ids), strict=True
    ):
        p.pk = pk
    ties = [
        {"person_id": m.person_id, "a_id": min(pks), "b_id": max(pks)}
        for m in maps
        for pks in ((m.planned[i].pk, m.planned[j].pk) for i, j in m.ties)
    ]
    _insert(Tie, ties)
    taken = [(m, day, _snapshot_row(m, n, day)) for m in maps for n, day in enumerate(m.snapshots)]
    snapshot_ids = _insert(Snapshot, [row for _, _, row in taken], person_ids)
    _insert(
        SnapshotEntry,
        [
            _entry(snapshot_id, p, day)
            for (m, day, _), snapshot_id in zip(taken, snapshot_ids, strict=True)
            for p in m.planned
            if p.start <= day
        ],
    )


def _snapshot_row(m: _Map, n: int, day: dt.date) -> dict[str, Any]:
    ties = sorted(
        sorted((m.planned[i].pk, m.planned[j].pk))
        for i, j in m.ties
        if m.planned[i].start <= day and m.planned[j].start <= day
    )
    kind = SnapshotKind.BASELINE if n == 0 else SnapshotKind.REVIEW
    current = [
        p.row
        for p in m.planned
        if p.start <= day and not (p.row["ended_on"] and p.row["ended_on"] <= day)
    ]
    return {
        "person_id": m.person_id,
        "taken_on": day,
        "kind": kind,
        "ties": ties,
        "ties_known": bool(ties),
        "current_count": len(current),
        "outside_count": sum(1 for row in current if not row["inside_services"]),
    }


def _entry(snapshot_id: int, planned: _Planned, day: dt.date) -> dict[str, Any]:
    row = planned.row
    ended = row["ended_on"]
    return {
        "snapshot_id": snapshot_id,
        "connection_id": planned.pk,
        **{name: row[name] for name in ("kind", "inside_services", "gives", "began", "started_on")},
        "ended_on": ended if ended and ended <= day else None,
        **planned.state_on(day),
    }


def _insert(
    model: type[Model], rows: list[dict[str, Any]], person_ids: list[int] | None = None
) -> list[int]:
    """Insert rows (column values by attribute name; defaults for the rest) with one executemany.

    Given the people the rows belong to, returns the new rows' ids in insertion order. Several
    times faster than bulk_create for tens of thousands of rows, which is the point of
    `cpi demo --people N`; only for the rows of people just made, that nothing else writes to.
    """
    if not rows:
        return []
    db = connections[DEFAULT_DB_ALIAS]
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    # Timestamps are the same for every row, so they are converted once, here.
    now = timezone.now()
    defaults = {
        f.attname: f.get_db_prep_save(now, db) if _automatic(f) else f.get_default() for f in fields
    }
    convert = [
        isinstance(f, models.DateField | models.JSONField) and not _automatic(f) for f in fields
    ]
    quote = db.ops.quote_name
    sql = "INSERT INTO {} ({}) VALUES ({})".format(  # noqa: S608 (names from the model)
        quote(str(model._meta.db_table)),
        ", ".join(quote(str(f.column)) for f in fields),
        ", ".join(["%s"] * len(fields)),
    )
    values = []
    for row in rows:
        full = {**defaults, **row}
        values.append(
            tuple(
                f.get_db_prep_save(full[f.attname], db) if slow else full[f.attname]
                for f, slow in zip(fields, convert, strict=True)
            )
        )
    with db.cursor() as cursor:
        cursor.executemany(sql, values)
    if person_ids is None:
        return []
    made = model._default_manager.filter(person_id__in=person_ids).order_by("person_id", "pk")
    pks = list(made.values_list("pk", flat=True))
    if len(pks) != len(rows):
        raise RuntimeError(f"Expected {len(rows)} new {model.__name__} rows, found {len(pks)}")
    return pks


def _automatic(f: models.Field) -> bool:
    return bool(getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False))

"""Then and now: two states of a person's map side by side, and what changed between them.

The caller has fetched the person through the access layer; the snapshots are read from that
person's own. Four queries, whatever the size of the map or the number of snapshots.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from connecting_people.network.drawing import legend_items
from connecting_people.network.measures import Measures, NetworkState, compare, network_measures
from connecting_people.network.models import Connection, Snapshot, Tie
from connecting_people.network.selectors import (
    SnapshotView,
    baseline_index,
    current_state,
    drawing_of,
    kept,
    map_node,
    snapshot_history,
    snapshots_for,
)
from connecting_people.network.vocab import Kind, Ring
from connecting_people.people.models import Person

NOW = "now"


@dataclass(frozen=True)
class Side:
    """One side of "then and now": a snapshot, or the map as it stands today."""

    key: str  # a snapshot id, or NOW
    on: dt.date
    state: NetworkState
    measures: Measures
    snapshot: Snapshot | None = None


def _sides(
    history: list[SnapshotView], today: Side, then: str | None, now: str | None
) -> tuple[Side, Side]:
    """The two states to compare: as asked, or by default the latest two snapshots (or the
    only snapshot and today). Raises LookupError for an id that is not one of the person's."""
    sides = {
        str(v.pk): Side(str(v.pk), v.snapshot.taken_on, v.state, v.measures, v.snapshot)
        for v in history
    }
    sides[NOW] = today
    keys = [str(v.pk) for v in history] + [NOW]
    default_then, default_now = keys[-3:-1] if len(keys) > 2 else keys[-2:]
    first, second = sides[then or default_then], sides[now or default_now]
    if keys.index(first.key) > keys.index(second.key):
        first, second = second, first  # "then" is always the earlier of the two
    return first, second


def _side_title(side: Side) -> str:
    if side.key == NOW:
        return _("Who is around %(name)s now")
    return _("Who was around %%(name)s on %(date)s") % {"date": date_format(side.on, "j F Y")}


def _group(
    keys: tuple[str, ...], before: NetworkState, after: NetworkState, labels: dict[str, str]
) -> list[dict[str, Any]]:
    was = {n.key: n for n in before.nodes}
    now = {n.key: n for n in after.nodes}
    rows = []
    for key in keys:
        node = now.get(key) or was[key]
        rows.append(
            {
                "key": key,
                "label": labels.get(key, ""),
                "kind": Kind(node.kind).label,
                "ring_then": Ring(was[key].ring).label if key in was else "",
                "ring_now": Ring(now[key].ring).label if key in now else "",
            }
        )
    return sorted(rows, key=lambda row: (row["label"].casefold(), row["key"]))


def network_comparison(
    person: Person, *, then: str | None = None, now: str | None = None
) -> dict[str, Any]:
    """ "Then and now": two states of the map and what changed between them, in four queries.

    Raises LookupError when `then` or `now` is not one of the person's snapshots (or "now").
    Keys: history, then and now (Sides), comparison (Comparison), then_map and now_map (each a
    dict of map, text and legend: ended connections marked on the "then" map, new ones on the
    "now" map), legend (for both maps), and new, ended, closer, further: rows of key, label,
    kind, ring_then, ring_now, sorted by label.
    """
    connections = list(Connection.objects.filter(person=person).order_by("ring", "label", "pk"))
    ties = list(Tie.objects.filter(person=person))
    history = kept(snapshot_history(snapshots_for(person)))  # a replaced snapshot does not count
    if not history:
        return {"history": history}
    labels = {str(c.pk): c.label for c in connections}
    state = current_state(person, connections, ties)
    base = baseline_index([v.snapshot for v in history])
    today = Side(
        NOW,
        state.on,
        state,
        network_measures(
            state,
            baseline=history[base].state if base is not None else None,
            previous=history[-1].state,
        ),
    )
    first, second = _sides(history, today, then, now)
    changed = compare(first.state, second.state)
    then_nodes = [
        map_node(n, key=int(n.key), label=labels.get(n.key, ""), is_ended=n.key in changed.ended)
        for n in first.state.current()
    ]
    now_nodes = [
        map_node(n, key=int(n.key), label=labels.get(n.key, ""), is_new=n.key in changed.new)
        for n in second.state.current()
    ]
    return {
        "history": history,
        "then": first,
        "now": second,
        "comparison": changed,
        "then_map": drawing_of(person, then_nodes, _side_title(first), "map-then"),
        "now_map": drawing_of(person, now_nodes, _side_title(second), "map-now"),
        "legend": legend_items([*then_nodes, *now_nodes]),
        **{
            group: _group(getattr(changed, group), first.state, second.state, labels)
            for group in ("new", "ended", "closer", "further")
        },
    }

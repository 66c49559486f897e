"""Reading the map for the faces: the current state, snapshots as states, and their measures."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext as _

from connecting_people.core.charts import LineChart
from connecting_people.network.charts import network_over_time
from connecting_people.network.drawing import (
    LABEL_FONT,
    MapNode,
    draw_map,
    legend_items,
    map_text_alternative,
)
from connecting_people.network.measures import (
    Measures,
    NetworkState,
    Node,
    compare,
    network_measures,
    network_type,
)
from connecting_people.network.models import (
    Connection,
    SharedStory,
    Snapshot,
    SnapshotEntry,
    SnapshotKind,
    Tie,
)
from connecting_people.people.models import Person


def _node(source: Connection | SnapshotEntry, key: int) -> Node:
    return Node(
        key=str(key),
        kind=source.kind,
        inside_services=source.inside_services,
        ring=source.ring,
        feels=source.feels,
        gives=frozenset(source.gives or ()),
        frequency=source.frequency,
        began=source.began,
        started_on=source.started_on,
        ended_on=source.ended_on,
    )


def current_state(
    person: Person, connections: list[Connection], ties: list[Tie], *, on: dt.date | None = None
) -> NetworkState:
    """The map as it stands now, from connections and ties already fetched."""
    return NetworkState(
        on=on or timezone.localdate(),
        nodes=tuple(_node(c, c.pk) for c in connections),
        ties=tuple((str(t.a_id), str(t.b_id)) for t in ties),
        ties_known=bool(ties),
    )


def snapshot_state(snapshot: Snapshot) -> NetworkState:
    """A snapshot as a state (its entries must be prefetched to keep the query count fixed)."""
    return NetworkState(
        on=snapshot.taken_on,
        nodes=tuple(_node(e, e.connection_id) for e in snapshot.entries.all()),
        ties=tuple((str(a), str(b)) for a, b in snapshot.ties),
        ties_known=snapshot.ties_known,
    )


def snapshots_for(person: Person) -> list[Snapshot]:
    """Every snapshot of the person's map, oldest first, with entries: two queries."""
    return list(
        Snapshot.objects.filter(person=person)
        .prefetch_related("entries")
        .order_by("taken_on", "pk")
    )


# The faces' reads. The caller has fetched the person through the access layer; each read costs a
# fixed number of queries whatever the size of the map or the number of snapshots.


@dataclass(frozen=True)
class SnapshotView:
    """A snapshot with its state and measures (against the baseline and the one before it)."""

    snapshot: Snapshot
    state: NetworkState
    measures: Measures
    number: int  # 1 for the first snapshot
    previous: NetworkState | None = None
    replaced_by: Snapshot | None = None  # the correction that replaced it, if any

    @property
    def pk(self) -> int:
        return self.snapshot.pk


def baseline_index(snapshots: list[Snapshot]) -> int | None:
    """Which snapshot is the first look together: the earliest baseline, or else the earliest."""
    if not snapshots:
        return None
    kinds = [s.kind for s in snapshots]
    return kinds.index(SnapshotKind.BASELINE) if SnapshotKind.BASELINE in kinds else 0


def snapshot_history(snapshots: list[Snapshot]) -> list[SnapshotView]:
    """Each snapshot (oldest first) measured against the baseline and the snapshot before it.

    Snapshots taken before the baseline are not compared with it. A snapshot replaced by a
    correction stays in the list, marked with `replaced_by`, but is never the baseline or the
    snapshot before another: only the kept ones count.
    """
    replaced_by = {s.corrects_id: s for s in snapshots if s.corrects_id}
    kept = [s for s in snapshots if s.pk not in replaced_by]
    base = baseline_index(kept)
    base_pk = kept[base].pk if base is not None else None
    views = []
    previous: NetworkState | None = None
    baseline: NetworkState | None = None
    for index, snapshot in enumerate(snapshots):
        state = snapshot_state(snapshot)
        measures = network_measures(
            state, baseline=baseline if snapshot.pk != base_pk else None, previous=previous
        )
        correction = replaced_by.get(snapshot.pk)
        views.append(SnapshotView(snapshot, state, measures, index + 1, previous, correction))
        if correction is None:
            previous = state
            baseline = state if snapshot.pk == base_pk else baseline
    return views


def kept(history: list[SnapshotView]) -> list[SnapshotView]:
    """The snapshots that count: those not replaced by a correction."""
    return [v for v in history if v.replaced_by is None]


def map_node(
    source: Connection | SnapshotEntry | Node,
    *,
    key: int,
    label: str,
    is_new: bool = False,
    is_ended: bool = False,
) -> MapNode:
    """A connection (or a snapshot's copy of one) as the drawing wants it."""
    return MapNode(
        key=str(key),
        label=label,
        kind=source.kind,
        ring=source.ring,
        feels=source.feels,
        inside_services=source.inside_services,
        is_new=is_new,
        is_ended=is_ended,
    )


def _over_time(history: list[SnapshotView]) -> LineChart | None:
    if not history:
        return None
    points = [(date_format(v.snapshot.taken_on, "j M Y"), v.measures) for v in history]
    return network_over_time(points, id_prefix="over-time")


def _knows(ties: list[Tie], current: set[int]) -> Counter[int]:
    """How many others on the map (current connections only) each connection knows."""
    knows: Counter[int] = Counter()
    for tie in ties:
        if tie.a_id in current and tie.b_id in current:
            knows[tie.a_id] += 1
            knows[tie.b_id] += 1
    return knows


def person_network(person: Person) -> dict[str, Any]:
    """Everything the person's map page shows, in four queries whatever the size of the map.

    Keys:
      connections   every connection, by ring then label, `began_with_contact` selected
      current       the current connections, each with `is_new` (not on the map at the latest
                    snapshot) and `knows_count` (how many others on the map they know)
      ended         the connections that have ended
      measures, type   the map now, measured against the baseline and the latest snapshot,
                    and its network type
      nodes         MapNodes for the current connections
      history       SnapshotViews, oldest first;  latest  the newest, or None
      since         the Comparison of the latest snapshot with now, or None
      chart         the over-time chart of the snapshots, or None when there are none
    """
    connections = list(
        Connection.objects.filter(person=person)
        .select_related("began_with_contact")
        .order_by("ring", "label", "pk")
    )
    ties = list(Tie.objects.filter(person=person))
    history = snapshot_history(snapshots_for(person))
    counted = kept(history)
    state = current_state(person, connections, ties)
    base = baseline_index([v.snapshot for v in counted])
    latest = counted[-1] if counted else None
    measures = network_measures(
        state,
        baseline=counted[base].state if base is not None else None,
        previous=latest.state if latest else None,
    )
    since = compare(latest.state, state) if latest else None
    current = [c for c in connections if c.is_current]
    new, knows = set(since.new if since else ()), _knows(ties, {c.pk for c in current})
    for c in current:
        c.is_new = str(c.pk) in new  # type: ignore[attr-defined]
        c.knows_count = knows[c.pk]  # type: ignore[attr-defined]
    nodes = [map_node(c, key=c.pk, label=c.label, is_new=str(c.pk) in new) for c in current]
    return {
        "connections": connections,
        "current": current,
        "ended": [c for c in connections if not c.is_current],
        "measures": measures,
        "type": network_type(measures),
        "nodes": nodes,
        **map_page_drawing(person, nodes),
        "history": history,
        "latest": latest,
        "since": since,
        "chart": _over_time(counted),
    }


def tied_to(connection: Connection) -> list[Connection]:
    """The connections this one knows (current or ended), by label: one query."""
    return list(
        Connection.objects.filter(person_id=connection.person_id).filter(
            Q(pk__in=Tie.objects.filter(a=connection).values("b"))
            | Q(pk__in=Tie.objects.filter(b=connection).values("a"))
        )
    )


# A smaller map (then and now's two halves, the person's page): drawn as the map page's phone
# drawing, since it is shown about as wide (about 330px on a phone, 360 to 450 at 1280), so its
# labels show at least at the body text size there too. "New" is its thick ring alone.
SMALL_MAP = (440, 19.5)  # (drawing size, label size), in units


def drawing_of(
    person: Person, nodes: list[MapNode], title: str, id_prefix: str, size: int = 0
) -> dict[str, Any]:
    """The map drawn small ("map"), in words ("text") and its key ("legend"); empty with nobody
    on it. A `size` draws it for paper instead (the moving-on pack), at the usual label size,
    with the word "new" beside the thick ring."""
    if not nodes:
        return {"map": "", "text": "", "legend": []}
    name = person.preferred_name
    small = not size
    size, font = SMALL_MAP if small else (size, LABEL_FONT)
    return {
        "map": draw_map(
            nodes,
            title=title % {"name": name},
            centre_label=name,
            size=size,
            id_prefix=id_prefix,
            label_font=font,
            flag_words=not small,
        ),
        "text": map_text_alternative(nodes, centre_label=name),
        "legend": legend_items(nodes),
    }


# The map on its own page, drawn twice: for a wide screen (shown up to 640px wide, about 610 in
# the page's two-thirds column at 1280) and for a phone (shown about 330px wide at 360). The
# labels are sized so that at those widths they show at least at the body text size (16px) and,
# on a phone, 14px; CSS shows one drawing or the other (assets/scss/_network-map.scss).
# On a phone a new connection is marked by its thick ring alone, leaving the room for names.
MAP_PAGE = {"wide": (640, 17.0), "phone": (440, 19.5)}  # (drawing size, label size), in units


def map_page_drawing(
    person: Person, nodes: list[MapNode], title: str = "", link: str = "connection-"
) -> dict[str, Any]:
    """The map page's drawing ("map": both drawings, each in its own box), its words and key.
    With `link`, a tap on a person on the map goes to their row in the table of everyone below
    it. A snapshot's page, whose map is as wide, draws it the same way, with a title of its own."""
    if not nodes:
        return {"map": "", "text": "", "legend": []}
    title = (title or _("Who is around %(name)s now")) % {"name": person.preferred_name}
    maps = [
        draw_map(
            nodes,
            title=title,
            centre_label=person.preferred_name,
            size=size,
            id_prefix="map" if width == "wide" else "map-phone",
            label_font=font,
            link=link,
            flag_words=width == "wide",
        )
        for width, (size, font) in MAP_PAGE.items()
    ]
    return {
        "map": format_html(
            '<div class="cp-map-at cp-map-at--wide">{}</div>'
            '<div class="cp-map-at cp-map-at--phone">{}</div>',
            *maps,
        ),
        "text": map_text_alternative(nodes, centre_label=person.preferred_name),
        "legend": legend_items(nodes),
    }


def _labels(person: Person) -> dict[str, str]:
    """Connection id → label: one query (snapshots keep no labels of their own)."""
    rows = Connection.objects.filter(person=person).values_list("pk", "label")
    return {str(pk): label for pk, label in rows}


def _entries(view: SnapshotView, labels: dict[str, str]) -> list[dict[str, Any]]:
    """The snapshot's connections for its table: current then ended, each with its label."""
    entries = sorted(
        view.snapshot.entries.all(),
        key=lambda e: (e.ended_on is not None, e.ring, labels.get(str(e.connection_id), "")),
    )
    return [{"entry": e, "label": labels.get(str(e.connection_id), "")} for e in entries]


def snapshot_page(person: Person, pk: int) -> dict[str, Any]:
    """One snapshot as it was taken, with its measures and the map: three queries.

    Raises Snapshot.DoesNotExist when the person has no snapshot with that id.
    """
    history = snapshot_history(snapshots_for(person))
    view = next((v for v in history if v.pk == pk), None)
    if view is None:
        raise Snapshot.DoesNotExist
    labels = _labels(person)
    new = set(compare(view.previous, view.state).new) if view.previous else set()
    nodes = [
        map_node(
            e,
            key=e.connection_id,
            label=labels.get(str(e.connection_id), ""),
            is_new=str(e.connection_id) in new,
        )
        for e in view.snapshot.entries.all()
        if e.ended_on is None
    ]
    index = view.number - 1
    title = _("Who was around %%(name)s on %(date)s") % {
        "date": date_format(view.snapshot.taken_on, "j F Y")
    }
    return {
        **map_page_drawing(person, nodes, title, link=""),
        "view": view,
        "snapshot": view.snapshot,
        "measures": view.measures,
        "type": network_type(view.measures),
        "nodes": nodes,
        "entries": _entries(view, labels),
        # The snapshot it is measured against: the last one before it still counted.
        "earlier": next((v for v in reversed(kept(history[:index]))), None),
        "later": history[index + 1] if index + 1 < len(history) else None,
        "history": history,
        "replaced_by": view.replaced_by,
        "corrected": next((v.snapshot for v in history if v.pk == view.snapshot.corrects_id), None),
    }


def network_overview(person: Person) -> dict[str, Any]:
    """The "Who is around" section of the person's page, in four queries at most.

    Keys: size, outside (outside services), supportive, measures, type, nodes (MapNodes, new
    since the latest snapshot marked), map (a small drawing), text (the map in words),
    snapshot_count, review_count, latest (the latest Snapshot or None), new_since and
    ended_since (counts since the latest snapshot, or None without one).
    """
    connections = list(
        Connection.objects.filter(person=person).current().order_by("ring", "label", "pk")
    )
    ties = list(Tie.objects.filter(person=person))
    every = list(Snapshot.objects.filter(person=person).order_by("taken_on", "pk"))
    replaced = {s.corrects_id for s in every if s.corrects_id is not None}
    snapshots = [s for s in every if s.pk not in replaced]  # a replaced snapshot does not count
    latest = snapshots[-1] if snapshots else None
    previous = None
    if latest is not None:
        entries = SnapshotEntry.objects.filter(snapshot=latest)
        previous = NetworkState(
            on=latest.taken_on,
            nodes=tuple(_node(e, e.connection_id) for e in entries),
            ties=tuple((str(a), str(b)) for a, b in latest.ties),
            ties_known=latest.ties_known,
        )
    state = current_state(person, connections, ties)
    measures = network_measures(state, previous=previous)
    new = set(compare(previous, state).new) if previous else set()
    nodes = [map_node(c, key=c.pk, label=c.label, is_new=str(c.pk) in new) for c in connections]
    return {
        "size": measures.size,
        "outside": measures.outside_services,
        "supportive": measures.supportive,
        "measures": measures,
        "type": network_type(measures),
        "nodes": nodes,
        **drawing_of(person, nodes, _("Who is around %(name)s"), "overview-map"),
        "snapshot_count": len(snapshots),
        "review_count": sum(1 for s in snapshots if s.kind == SnapshotKind.REVIEW),
        "latest": latest,
        "new_since": measures.new_since_previous,
        "ended_since": measures.ended_since_previous,
    }


def latest_snapshot(person: Person) -> Snapshot | None:
    """The person's most recent snapshot, if they have one."""
    return Snapshot.objects.filter(person=person).order_by("-taken_on", "-pk").first()


def current_count(person: Person) -> int:
    """How many people are on the person's map now."""
    return Connection.objects.filter(person=person).current().count()


def replacement_of(snapshot: Snapshot) -> Snapshot | None:
    """The snapshot that corrected this one, if it has been corrected."""
    return Snapshot.objects.filter(corrects=snapshot).order_by("pk").first()


def stories_of(person: Person) -> list[SharedStory]:
    """The stories this person agreed to share, newest first, with their connections."""
    return list(SharedStory.objects.filter(person=person).select_related("connection"))

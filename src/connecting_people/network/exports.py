"""Research exports of a person's network: a pseudonymised edge list (CSV) and GraphML.

Nothing that names anyone leaves in an export: no connection labels, no reasons for endings (free
text that may name people), no person's name or record id, no link to the contact log. Nodes are
pseudonyms: the person is "ego" and each connection is a keyed hash of its database id, so the
same connection has the same pseudonym in every snapshot and in every export made with the same
key. The key is the research key (core/research_key.py: RESEARCH_KEY, or `research_key` in the
data folder), the same one the research export uses, so a person has the same pseudonym here as
in its people.csv. (Before, these exports had a salt of their own, `research_salt` in the data
folder; it is no longer read.)

People who asked to be left out of research (Person.research_opt_out) are never exported.

Used by `cpi export_network` (every person, one file each) and by the person's network page
(one person's download, through `person_network_export`, which audits).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any
from xml.sax.saxutils import escape

from django.db import transaction
from django.http import Http404, HttpRequest
from django.utils import timezone

from connecting_people.core import research_key as keys
from connecting_people.core.audit import audit_record
from connecting_people.core.cells import safe_row
from connecting_people.core.models import AuditAction
from connecting_people.network.models import Connection, Snapshot, SnapshotEntry
from connecting_people.people.models import Person

EGO = "ego"
EGO_ALTER, ALTER_ALTER = "ego-alter", "alter-alter"
CURRENT = "current"

# The edge list's columns, in order, with what each holds (also written into README.txt).
COLUMNS: dict[str, str] = {
    "person": "the person's pseudonym (made with the research key: the same as in the research "
    "export's people.csv made with the same key)",
    "snapshot": '"current" for the map as it stands, or the snapshot\'s number (1 is the first)',
    "snapshot_on": "the date of the snapshot (the day of the export for the current map)",
    "snapshot_kind": "current, baseline (the first look together), review or other",
    "corrects": "for a snapshot that corrects an earlier one, that snapshot's number",
    "source": 'a node: "ego" (the person) or a connection\'s pseudonym',
    "target": "a node: a connection's pseudonym",
    "tie": "ego-alter (the person and a connection) or alter-alter (two connections who know "
    "each other); the columns below are filled in on ego-alter rows and describe the target",
    "kind": "family, partner, friend, neighbour, colleague, peer, worker, group, faith, online, "
    "pet or other",
    "inside_services": "true if the connection is part of health or social care services",
    "ring": "how close: close, middle or outer",
    "feels": "supportive, mixed or difficult",
    "gives": "what it gives, separated by semicolons: emotional, practical, information, "
    "company, access",
    "frequency": "how often in touch: daily, weekly, monthly, less, not_now (blank if not said)",
    "began": "how it began: already, activity, suggestion, introduction, other_person, other",
    "started_on": "when the connection started (blank if not known)",
    "ended_on": "when it ended (blank if it had not ended by the snapshot date)",
}
NODE_FIELDS = tuple(list(COLUMNS)[list(COLUMNS).index("kind") :])


def pseudonym(key: bytes | str, what: str, pk: int) -> str:
    """A stable, keyed pseudonym for a record, exactly as the research export makes it."""
    return keys.pseudonym(key.encode() if isinstance(key, str) else key, what, pk)


@dataclass(frozen=True)
class ExportMap:
    """One map (the current one or a snapshot), already pseudonymised and free of labels."""

    person: str
    snapshot: str
    on: dt.date
    kind: str
    corrects: str
    alters: tuple[dict[str, Any], ...]  # NODE_FIELDS plus "id", sorted by id
    ties: tuple[tuple[str, str], ...]
    ties_known: bool
    snapshot_pk: int | None = None  # to find a snapshot's map again; never written out


def _alter(source: Connection | SnapshotEntry, pk: int, key: bytes | str) -> dict[str, Any]:
    return {
        "id": pseudonym(key, "connection", pk),
        "kind": source.kind,
        "inside_services": source.inside_services,
        "ring": source.ring,
        "feels": source.feels,
        "gives": ";".join(sorted(source.gives or ())),
        "frequency": source.frequency,
        "began": source.began,
        "started_on": source.started_on,
        "ended_on": source.ended_on,
    }


def _ties(pairs: Iterable[tuple[int, int]], key: bytes | str) -> tuple[tuple[str, str], ...]:
    named = (sorted(pseudonym(key, "connection", pk) for pk in pair) for pair in pairs)
    return tuple(sorted((a, b) for a, b in named))


def person_maps(person: Person, *, key: bytes | str, snapshots: bool = True) -> list[ExportMap]:
    """The person's current map and (with `snapshots`) each snapshot, oldest first.

    Four queries, or none when the person came with `connections`, `ties` and `snapshots__entries`
    prefetched (as `cpi export_network` does, a batch of people at a time).
    """
    who = pseudonym(key, "person", person.pk)
    connections = person.connections.all()
    ties = _ties(((t.a_id, t.b_id) for t in person.ties.all()), key)
    maps = [
        ExportMap(
            person=who,
            snapshot=CURRENT,
            on=timezone.localdate(),
            kind=CURRENT,
            corrects="",
            alters=tuple(sorted((_alter(c, c.pk, key) for c in connections), key=_by_id)),
            ties=ties,
            ties_known=bool(ties),  # as on the map page: known once anyone recorded a tie
        )
    ]
    if snapshots:
        taken = sorted(_snapshots_of(person), key=lambda s: (s.taken_on, s.pk))
        numbers = {snapshot.pk: str(n) for n, snapshot in enumerate(taken, start=1)}
        maps += [_snapshot_map(s, who=who, numbers=numbers, key=key) for s in taken]
    return maps


def _snapshots_of(person: Person) -> list[Snapshot]:
    """The person's snapshots with their entries: prefetched already, or in two queries."""
    if "snapshots" in getattr(person, "_prefetched_objects_cache", {}):
        return list(person.snapshots.all())
    return list(person.snapshots.prefetch_related("entries"))


def _snapshot_map(
    snapshot: Snapshot, *, who: str, numbers: dict[int, str], key: bytes | str
) -> ExportMap:
    entries = snapshot.entries.all()
    return ExportMap(
        person=who,
        snapshot=numbers[snapshot.pk],
        on=snapshot.taken_on,
        kind=snapshot.kind,
        corrects=numbers.get(snapshot.corrects_id, "") if snapshot.corrects_id else "",
        alters=tuple(sorted((_alter(e, e.connection_id, key) for e in entries), key=_by_id)),
        ties=_ties((tuple(pair) for pair in snapshot.ties), key),
        ties_known=snapshot.ties_known,
        snapshot_pk=snapshot.pk,
    )


def _by_id(alter: dict[str, Any]) -> str:
    return alter["id"]


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def maps_csv(maps: Iterable[ExportMap]) -> str:
    """The edge list of the maps as CSV text, with a header row (see COLUMNS). Every cell is text,
    and text a spreadsheet would run as a formula is quoted (core/cells.py)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for m in maps:
        head = [m.person, m.snapshot, _text(m.on), m.kind, m.corrects]
        for alter in m.alters:
            cells = [_text(alter[name]) for name in NODE_FIELDS]
            writer.writerow(safe_row([*head, EGO, alter["id"], EGO_ALTER, *cells]))
        for a, b in m.ties:
            writer.writerow(safe_row([*head, a, b, ALTER_ALTER, *[""] * len(NODE_FIELDS)]))
    return out.getvalue()


GRAPH_KEYS = {
    "person": "string",
    "snapshot": "string",
    "snapshot_on": "string",
    "snapshot_kind": "string",
    "corrects": "string",
    "ties_known": "boolean",
}
NODE_KEYS = {"role": "string"} | {
    name: "boolean" if name == "inside_services" else "string" for name in NODE_FIELDS
}
GRAPHML_HEAD = (
    "<?xml version='1.0' encoding='utf-8'?>\n"
    '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" '
    'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
    'xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns '
    'http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">\n'
    + "".join(
        f'  <key id="{where[0]}_{name}" for="{where}" attr.name="{name}" attr.type="{kind}"/>\n'
        for where, keys in (("graph", GRAPH_KEYS), ("node", NODE_KEYS), ("edge", {"tie": "string"}))
        for name, kind in keys.items()
    )
)


def _data(where: str, values: dict[str, Any]) -> str:
    """GraphML <data> elements for the values that are known (blank and None are left off)."""
    return "".join(
        f'<data key="{where[0]}_{name}">{escape(_text(value))}</data>'
        for name, value in values.items()
        if value not in (None, "")
    )


def map_graphml(m: ExportMap) -> str:
    """One map as a GraphML document: "ego" and the connections as nodes, no labels.

    Written directly rather than through NetworkX, which is ten times slower for thousands of
    small graphs; NetworkX, Gephi and igraph all read it.
    """
    graph = {
        "person": m.person,
        "snapshot": m.snapshot,
        "snapshot_on": m.on,
        "snapshot_kind": m.kind,
        "corrects": m.corrects,
        "ties_known": m.ties_known,
    }
    lines = [GRAPHML_HEAD.rstrip(), '  <graph edgedefault="undirected">']
    lines.append(f"    {_data('graph', graph)}")
    lines.append(f'    <node id="{EGO}">{_data("node", {"role": "ego"})}</node>')
    for alter in m.alters:
        values = {"role": "alter"} | {name: alter[name] for name in NODE_FIELDS}
        lines.append(f'    <node id="{alter["id"]}">{_data("node", values)}</node>')
    edges = [(EGO, alter["id"], EGO_ALTER) for alter in m.alters]
    for source, target, tie in [*edges, *((a, b, ALTER_ALTER) for a, b in m.ties)]:
        lines.append(
            f'    <edge source="{source}" target="{target}">{_data("edge", {"tie": tie})}</edge>'
        )
    lines += ["  </graph>", "</graphml>", ""]
    return "\n".join(lines)


def person_network_csv(person: Person, *, key: bytes | str, snapshots: bool = True) -> str:
    """The person's network as a pseudonymised edge list: the current map, then each snapshot."""
    return maps_csv(person_maps(person, key=key, snapshots=snapshots))


def person_network_graphml(
    person: Person, *, key: bytes | str, snapshot: Snapshot | None = None
) -> str:
    """The person's current map (or one of their snapshots) as pseudonymised GraphML."""
    maps = person_maps(person, key=key, snapshots=snapshot is not None)
    if snapshot is None:
        return map_graphml(maps[0])
    return map_graphml(next(m for m in maps if m.snapshot_pk == snapshot.pk))


FORMATS = {
    "csv": ("text/csv; charset=utf-8", "csv"),
    "graphml": ("application/graphml+xml; charset=utf-8", "graphml"),
}


def person_network_export(
    *, person: Person, file_format: str, by: Any, request: HttpRequest | None = None
) -> tuple[str, str, str]:
    """One person's pseudonymised network for download: (content, content type, file name).

    CSV holds the current map and every snapshot; GraphML the current map. Audited as an export.
    Refused (404, audited) for someone who asked to be left out of research. Without a research
    key (production with no RESEARCH_KEY) it raises ImproperlyConfigured, saying how to set one.
    """
    if file_format not in FORMATS:
        raise ValueError(f"Unknown export format {file_format!r}: choose csv or graphml")
    if person.research_opt_out:
        audit_record(
            by=by,
            action=AuditAction.REFUSED,
            target=person,
            request=request,
            detail={"export": "network", "reason": "left out of research"},
        )
        raise Http404("They asked to be left out of research.")
    return _person_export(person=person, file_format=file_format, by=by, request=request)


@transaction.atomic
def _person_export(
    *, person: Person, file_format: str, by: Any, request: HttpRequest | None
) -> tuple[str, str, str]:
    key = keys.research_key()
    content = (
        person_network_csv(person, key=key)
        if file_format == "csv"
        else person_network_graphml(person, key=key)
    )
    content_type, extension = FORMATS[file_format]
    audit_record(
        by=by,
        action=AuditAction.EXPORTED,
        target=person,
        request=request,
        detail={"export": "network", "format": file_format, "labels": False},
    )
    return content, content_type, f"network-{pseudonym(key, 'person', person.pk)}.{extension}"

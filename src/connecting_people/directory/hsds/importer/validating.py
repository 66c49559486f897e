"""The first step: check every record, keeping only ids, content digests and links in memory.

Each record's converted values are set aside on disk (spool.py) for the second step, so the
file is read once.

A record may appear several times (the official examples repeat one phone under the service, its
location and its organization): that is fine when the copies agree, and the links each place
implies are merged. Copies that disagree are an error. Once the whole file is read, each record's
links are settled and every link is checked against the file and then the database.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from django.utils.translation import gettext as _

from connecting_people.directory.hsds.importer.fields import (
    CONTENT,
    LINKS,
    SPECS,
    Invalid,
    Warnings,
    as_uuid,
    show,
)
from connecting_people.directory.hsds.importer.kinds import KINDS, MAY_BE_EMPTY
from connecting_people.directory.hsds.importer.records import Record
from connecting_people.directory.hsds.importer.report import ImportReport
from connecting_people.directory.hsds.importer.schedules import schedule_warnings
from connecting_people.directory.hsds.importer.spool import Spool

LOOKUP_BATCH = 500
Progress = Callable[[str, int, int | None], None]


Links = tuple[Any, ...] | None  # in `LINKS` order, None where not given; None when none are


class Entry:
    """What the checker keeps of one record: enough to spot a disagreeing copy and to link it.

    Kept small, as there is one for every record in the file: the links a record gives and the
    links where it sits implies, while the file is read; then one tuple of settled links.
    """

    __slots__ = ("digest", "explicit", "links", "nested", "ok")

    def __init__(self, digest: int, explicit: Links, nested: Links) -> None:
        self.digest = digest
        self.explicit = explicit
        self.nested = nested
        self.links: tuple[Any, ...] = ()
        self.ok = True


def _as_links(kind: str, given: dict[str, Any]) -> Links:
    return tuple(given.get(spec.name) for spec in LINKS[kind]) if given else None


Note = tuple[str, str, str | None]  # (field, message, group)


# A record's values before its fields are read: the id, then its own fields, each empty.
BLANK = {
    kind: {"id": None, **{name: spec.empty for name, spec in fields}}
    for kind, fields in CONTENT.items()
}
LINK_NAMES = {kind: {spec.name for spec in specs} for kind, specs in LINKS.items()}


def read_fields(
    record: Record, notes: list[Note], problems: list[tuple[str, str]]
) -> tuple[dict[str, Any], dict[str, Any]]:
    """The record's fields converted for storage: (id and own values, links), by HSDS name.

    The values come in a fixed order, every field there (empty when not given). Warnings, with
    unknown fields, go to `notes` as (field, message, group); problems as (field, message).
    """
    specs = SPECS[record.kind]
    link_names = LINK_NAMES[record.kind]
    values = BLANK[record.kind].copy()
    links: dict[str, Any] = {}
    warnings: Warnings = []
    for key, raw in record.data.items():
        spec = specs.get(key)
        if spec is None:
            notes.append((key, _("is not an HSDS 3.0 field, so it was left out"), "unknown"))
            continue
        if raw is None:
            continue
        try:
            value = spec.convert(raw, record.from_text, warnings)
        except Invalid as error:
            problems.append((key, error.message))
            continue
        if warnings:
            notes.extend((key, message, group) for message, group in warnings)
            warnings.clear()
        if key in link_names:
            links[key] = value
        else:
            values[key] = value
    return values, links


class Checker:
    """Checks records one at a time, keeping a small entry per record id."""

    def __init__(
        self,
        report: ImportReport,
        spool: Spool,
        progress: Progress | None = None,
        *,
        strict: bool = False,
    ) -> None:
        self.report = report
        # Strict: a link to a record that is nowhere refuses the file unless the kind says it
        # may be left out (`Kind.loose_links`); otherwise only required links refuse it.
        self.strict = strict
        self.progress = progress
        self.index: dict[str, dict[uuid.UUID, Entry]] = {kind: {} for kind in KINDS}
        self.read = 0
        self.spool = spool
        self.shared: dict[Any, Any] = {}
        # Parents that list a kind of child in full, by (child kind, link field): see
        # Record.lists (JSON only; a tabular package never fills it).
        self.listed: dict[tuple[str, str], set[uuid.UUID]] = {}

    @property
    def unique(self) -> int:
        return sum(len(entries) for entries in self.index.values())

    def check(self, record: Record) -> None:
        self.read += 1
        if self.progress and self.read % 1000 == 0:
            self.progress("checking", self.read, None)
        notes: list[Note] = []
        problems = list(record.problems)
        values, explicit = read_fields(record, notes, problems)
        self._required(record, problems)
        if record.kind == "schedule" and not problems:
            notes += [(name, message, None) for name, message in schedule_warnings(values)]
        for name, message in problems:
            self.report.error(record.label, name, message)
        record_id = values["id"]
        entries = self.index[record.kind]
        entry = entries.get(record_id) if record_id is not None else None
        if entry is None:  # a repeated copy's warnings were given with the first copy
            for name, message, group in notes:
                self.report.warn(record.label, name, message, group)
        if record_id is None:
            return
        for listed in record.lists:
            self.listed.setdefault(listed, set()).add(record_id)
        nested = _as_links(record.kind, self._nested_links(record, explicit))
        explicit_links = _as_links(record.kind, explicit)
        row = tuple(values.values())  # the id, then the record's own fields in order
        if entry is None:
            entry = entries[record_id] = Entry(hash(row), explicit_links, nested)
            if not problems:
                self.spool.add(record.kind, row)
        else:
            self._merge(record, entry, hash(row), explicit_links, nested)
        if problems:
            entry.ok = False

    def _required(self, record: Record, problems: list[tuple[str, str]]) -> None:
        already = {name for name, _message in problems}
        for name in KINDS[record.kind].required:
            given = record.data.get(name)
            blank = given is None or (given == "" and (record.kind, name) not in MAY_BE_EMPTY)
            if blank and name not in already:
                problems.append((name, _("is required, but it is missing")))

    def _nested_links(self, record: Record, explicit: dict[str, Any]) -> dict[str, Any]:
        any_link = KINDS[record.kind].any_link
        if any_link and any_link[0] in explicit:
            id_field, entity_field = any_link
            parent = record.links.get(id_field)
            if parent and not explicit.get(entity_field) and as_uuid(parent) == explicit[id_field]:
                # It names the record it sits in but not what kind that is: the nesting says.
                return {entity_field: record.links.get(entity_field)}
            return {}  # it says for itself what it describes
        nested: dict[str, Any] = {}
        for name, value in record.links.items():
            nested[name] = value if any_link and name == any_link[1] else as_uuid(value)
        return nested

    def _merge(
        self, record: Record, entry: Entry, digest: int, explicit: Links, nested: Links
    ) -> None:
        """Another copy of a record already seen: it must agree; links from both are kept."""
        if digest != entry.digest:
            entry.ok = False
            self.report.error(
                record.label,
                "",
                _(
                    "appears more than once with different details (this copy is at %(where)s); "
                    "the same id must always carry the same details"
                )
                % {"where": record.where},
            )
        entry.explicit = self._together(record, entry, entry.explicit, explicit, True)
        entry.nested = self._together(record, entry, entry.nested, nested, False)

    def _together(
        self, record: Record, entry: Entry, first: Links, then: Links, said: bool
    ) -> Links:
        """Two copies' links as one: each link from whichever copy has it; a clash is an error."""
        if first is None or then is None:
            return first if then is None else then
        merged = []
        for spec, mine, theirs in zip(LINKS[record.kind], first, then, strict=True):
            if mine is not None and theirs is not None and mine != theirs:
                entry.ok = False
                self._disagree(record, spec.name, mine, theirs, said)
            merged.append(mine if mine is not None else theirs)
        return tuple(merged)

    def _disagree(self, record: Record, name: str, first: Any, then: Any, said: bool) -> None:
        if said:
            wording = _("is given as %(a)s in one place and %(b)s in another")
        else:
            wording = _(
                "is listed under two different records (%(a)s and %(b)s); it can belong to only one"
            )
        self.report.error(
            record.label, name, wording % {"a": show(str(first)), "b": show(str(then))}
        )

    def finish(self) -> None:
        """Settle every record's links, then check each points at something that exists."""
        missing: dict[str, dict[uuid.UUID, list[tuple[str, uuid.UUID, str]]]] = {}
        for kind, entries in self.index.items():
            for record_id, entry in entries.items():
                if not entry.ok:
                    continue
                entry.links = self._settle(kind, record_id, entry)
                for spec, target in zip(LINKS[kind], entry.links, strict=True):
                    to = spec.link_to
                    if to is None or target is None or target in self.index[to]:
                        continue
                    missing.setdefault(to, {}).setdefault(target, []).append(
                        (kind, record_id, spec.name)
                    )
        for target_kind, targets in missing.items():
            self._look_up(target_kind, targets)
        self.report.close_groups()

    def _settle(self, kind: str, record_id: uuid.UUID, entry: Entry) -> tuple[Any, ...]:
        """The record's links, in `LINKS` order: where it sits wins over what it says."""
        links = []
        any_link = KINDS[kind].any_link or ()
        nothing = (None,) * len(LINKS[kind])
        for spec, given, implied in zip(
            LINKS[kind], entry.explicit or nothing, entry.nested or nothing, strict=True
        ):
            if spec.name in any_link:  # an empty kind of record is not said
                value = given if given not in (None, "") else implied
            else:
                if implied is not None and given is not None and implied != given:
                    self.report.warn(
                        f"{kind} {record_id}",
                        spec.name,
                        _(
                            "says %(given)s, but where the record sits in the file says "
                            "%(implied)s, so that is used"
                        )
                        % {"given": given, "implied": implied},
                    )
                value = implied if implied is not None else given
            # Many records link to the same few: keep one copy of each id.
            links.append(spec.empty if value is None else self.shared.setdefault(value, value))
        entry.explicit = entry.nested = None  # no longer needed: free the memory
        return tuple(links)

    def _loose(self, kind: str, name: str) -> bool:
        """Whether a link to a record that is nowhere may be left out, with a warning."""
        spec = KINDS[kind]
        if name in spec.loose_links:
            return True
        return not self.strict and name not in spec.required_links

    def _look_up(
        self, kind: str, targets: dict[uuid.UUID, list[tuple[str, uuid.UUID, str]]]
    ) -> None:
        """Links to records not in the file must point at records already in the directory."""
        model = KINDS[kind].model
        wanted = list(targets)
        found: set[uuid.UUID] = set()
        for start in range(0, len(wanted), LOOKUP_BATCH):
            batch = wanted[start : start + LOOKUP_BATCH]
            found.update(model._default_manager.filter(pk__in=batch).values_list("pk", flat=True))
        for target in wanted:
            if target in found:
                continue
            for source_kind, record_id, name in targets[target]:
                label = f"{source_kind} {record_id}"
                entry = self.index[source_kind][record_id]
                if self._loose(source_kind, name):
                    at = [spec.name for spec in LINKS[source_kind]].index(name)
                    entry.links = (*entry.links[:at], None, *entry.links[at + 1 :])
                    self.report.warn(
                        label,
                        name,
                        _(
                            "points to %(kind)s %(id)s, which is neither in this file nor in "
                            "the directory; the link was left out"
                        )
                        % {"kind": kind, "id": target},
                    )
                else:
                    entry.ok = False
                    self.report.error(
                        label,
                        name,
                        _(
                            "points to %(kind)s %(id)s, which is neither in this file nor in "
                            "the directory"
                        )
                        % {"kind": kind, "id": target},
                    )

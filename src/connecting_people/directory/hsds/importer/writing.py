"""The second step: write each checked record once, a batch at a time, new or changed rows only.

Each batch is compared with what the database holds, so the report can say what was new,
updated or unchanged, and unchanged rows are not written at all (running an import twice
changes nothing). Changed rows go in as one `INSERT … ON CONFLICT (id) DO UPDATE` run with
`executemany` (SQLite and PostgreSQL both write it so): what `bulk_create(update_conflicts=True)`
does, without building a model instance and compiling SQL for every row, which at 100,000
services was most of the time. HSDS fields are updated; our own fields are left alone (a
service's `version` goes up by one, so an edit opened before the import is refused).

Then, in the same transaction, what a JSON parent no longer lists goes: when a record gives a
list of children in full (`"phones": […]`, even `[]`), those the directory links to it through
that list and the file leaves out are unlinked from it, and deleted when no other parent has them
(kinds.REMOVABLE says which kinds; what hangs from a deleted record goes with it). A parent
without the list keeps its children, a record anywhere in the file is the file's to say, and our
team layer is never touched. Tabular packages only add and update. Removals are counted per kind
(`removed`); a dry run counts them inside a savepoint it rolls back.
"""

from __future__ import annotations

import functools
import json
import uuid
from collections import Counter
from collections.abc import Callable, Iterable
from typing import Any, cast

from django.db import connections, models, transaction
from django.utils import timezone

from connecting_people.directory.fit_records import record_from_words
from connecting_people.directory.hsds.importer.fields import CONTENT, LINKS, model_field
from connecting_people.directory.hsds.importer.kinds import KINDS, PARENT_LINKS, WRITE_ORDER
from connecting_people.directory.hsds.importer.report import Counts, ImportReport
from connecting_people.directory.hsds.importer.spool import Spool
from connecting_people.directory.hsds.importer.validating import Checker, Progress
from connecting_people.directory.models import Attribute, Service, ServiceAtLocation
from connecting_people.directory.search import engine as search

BATCH = 1000
LOOKUP_BATCH = 500
# The attributes that may list a service under a term (search counts those that say nothing
# of what they describe when they name a service's id).
SERVICE_ENTITIES = ("service", "")
# Where a change to a location shows in search: through the services offered there.
LOCATED = {"location", "address", "accessibility", "phone", "schedule", "language", "contact"}
MODEL_KINDS = {kind.model._meta.label: name for name, kind in KINDS.items()}
AS_IS = (models.CharField, models.TextField, models.FloatField, models.IntegerField)


class Table:
    """How one kind's rows are laid out, compared and written."""

    def __init__(self, kind: str) -> None:
        self.kind = kind
        self.model = model = KINDS[kind].model
        self.columns = ["id"] + [spec.attname for _n, spec in CONTENT[kind]]
        self.columns += [spec.attname for spec in LINKS[kind]]
        self.at = {column: position for position, column in enumerate(self.columns)}
        self.versioned = model is Service
        fields = [model_field(model, column) for column in self.columns]
        # Ours, not HSDS: stamped on every write, or given their default when a row is new.
        self.stamped = [f for f in model._meta.concrete_fields if getattr(f, "auto_now", False)]
        self.defaults = [
            f
            for f in model._meta.concrete_fields
            if f.attname not in self.at and f not in self.stamped
        ]
        written = fields + self.stamped + self.defaults
        self.connection = connections[model._default_manager.db]
        # The columns the database needs in another form (ids, dates, amounts), by position.
        self.prepare = [
            (position, _preparer(f, self.connection))
            for position, f in enumerate(fields)
            if not isinstance(f, AS_IS)
        ]
        self.compared = (
            model._default_manager.values_list("pk", *self.columns[1:], "version")
            if self.versioned
            else model._default_manager.values_list("pk", *self.columns[1:])
        )
        updated = [str(f.column) for f in fields[1:] + self.stamped]
        if self.versioned:
            updated.append("version")
        self.sql = _upsert_sql(model, [str(f.column) for f in written], updated)
        # How an id is written, and read back, by this database; a batch of ids as one value.
        self.key: Callable[[uuid.UUID], Any] = _preparer(fields[0], self.connection)
        quote = self.connection.ops.quote_name
        table, key = quote(model._meta.db_table), quote(str(model._meta.pk.column))
        self.batch: Callable[[list[uuid.UUID]], Any]
        if self.connection.vendor == "postgresql":
            within, self.batch = "= ANY(%s::uuid[])", list
        else:
            within = "IN (SELECT value FROM json_each(%s))"
            self.batch = lambda ids: json.dumps([self.key(i) for i in ids])
        self.held_sql = f"SELECT {key} FROM {table} WHERE {key} {within}"  # noqa: S608 (our names)
        self.within = within
        # Our own columns' defaults, as the database takes them (`version` is set per row).
        self.constant = [
            None if f.attname == "version" else f.get_db_prep_save(f.get_default(), self.connection)
            for f in self.defaults
            if not callable(f.default)
        ]
        self.version_at = next(
            (at for at, f in enumerate(self.defaults) if f.attname == "version"), None
        )
        self.varying = [f for f in self.defaults if callable(f.default)]

    def existing(self, ids: list[uuid.UUID]) -> dict[uuid.UUID, tuple[Any, ...]]:
        """What the directory holds for these ids. Which of them it holds at all is asked
        first, in one plain query: in a first import, or for new records, that is all."""
        held = self.held(ids)
        return {
            found[0]: found
            for chunk in _chunks([i for i in ids if self.key(i) in held], LOOKUP_BATCH)
            for found in self.compared.filter(pk__in=chunk)
        }

    def held(self, ids: list[uuid.UUID]) -> set[Any]:
        """Which of these ids the table holds, as the database gives them back (`key`)."""
        with self.connection.cursor() as cursor:
            cursor.execute(self.held_sql, [self.batch(ids)])
            return {row[0] for row in cursor.fetchall()}

    def same(self, row: tuple[Any, ...], before: tuple[Any, ...]) -> bool:
        if row[1:] == before[1 : len(row)]:
            return True
        if not self.versioned or row[self.at["last_modified"]] is not None:
            return False
        # Without a date in the file, a service's last change is when we saw it change.
        at = self.at["last_modified"]
        return row[1:at] + row[at + 1 :] == before[1:at] + before[at + 1 : len(row)]

    def params(self, row: tuple[Any, ...], now: Any, version: int) -> list[Any]:
        """The row's values as the database takes them, with our own columns added."""
        values = list(row)
        for position, prepare in self.prepare:
            values[position] = prepare(values[position])
        values += [now] * len(self.stamped)  # already as the database takes it
        if self.varying:  # none of ours so far; computed afresh for each row if ever there are
            return values + [
                f.get_db_prep_save(
                    version if f.attname == "version" else f.get_default(), self.connection
                )
                for f in self.defaults
            ]
        values += self.constant
        if self.version_at is not None:
            values[len(values) - len(self.constant) + self.version_at] = version
        return values


def _uuid_hex(value: uuid.UUID | None) -> str | None:
    return None if value is None else value.hex


def _preparer(field: models.Field, connection: Any) -> Callable[[Any], Any]:
    """How one column's values go to the database: as `get_db_prep_save` does it.

    Ids are most of the work, so they skip Django's general path: the UUID itself where the
    database has a UUID type (PostgreSQL), else its 32 hex digits (as UUIDField stores them).
    """
    target = cast(Any, field).target_field if field.is_relation else field
    if isinstance(target, models.UUIDField):
        return (lambda value: value) if connection.features.has_native_uuid_field else _uuid_hex
    return functools.partial(field.get_db_prep_save, connection=connection)


def _upsert_sql(model: type[models.Model], columns: list[str], updated: list[str]) -> str:
    """One row's INSERT … ON CONFLICT (id) DO UPDATE, as SQLite and PostgreSQL both write it."""
    quote = connections[model._default_manager.db].ops.quote_name
    names = ", ".join(quote(c) for c in columns)
    marks = ", ".join(["%s"] * len(columns))
    sets = ", ".join(f"{quote(c)} = EXCLUDED.{quote(c)}" for c in updated)
    table, key = quote(model._meta.db_table), quote(str(model._meta.pk.column))
    # Names from our own models, quoted; the values go as parameters.
    insert = f"INSERT INTO {table} ({names}) VALUES ({marks})"  # noqa: S608 (our own table and column names; values go in parameters)
    return f"{insert} ON CONFLICT ({key}) DO UPDATE SET {sets}"


class Writer:
    """Writes the spooled rows, with their settled links, in batches of one kind."""

    def __init__(
        self,
        checker: Checker,
        report: ImportReport,
        *,
        dry_run: bool = False,
        progress: Progress | None = None,
    ) -> None:
        self.index = checker.index
        self.listed = checker.listed
        self.total = checker.unique
        self.report = report
        self.dry_run = dry_run
        self.progress = progress
        self.done = 0
        self.tables = {kind: Table(kind) for kind in KINDS}
        # Whether the directory held any of a kind before: if not, every row is new.
        self.held: dict[str, bool] = {}
        self.batches: dict[str, list[tuple[Any, ...]]] = {kind: [] for kind in KINDS}
        self.now = timezone.now()
        # Services, and the records services are found through, that this import changed.
        self.touched: dict[str, set[uuid.UUID]] = {
            kind: set() for kind in ("service", "location", "organization", "taxonomy_term")
        }
        self.created: dict[str, set[uuid.UUID]] = {kind: set() for kind in self.touched}
        self.touched_offers: set[uuid.UUID] = set()  # services at locations that lost a part
        self._file_links: dict[tuple[str, str], Counter[Any]] = {}
        self.counted_new: set[uuid.UUID] = set()  # the last batch's rows new to the directory

    def write(self, spool: Spool) -> None:
        """Every spooled row with its settled links, in batches of one kind; then search."""
        for kind, row in spool.rows():
            batch = self.batches[kind]
            batch.append(row + self.index[kind][row[0]].links)
            if len(batch) >= BATCH:
                self._flush(kind)
        for kind in WRITE_ORDER:  # what is left, parents first
            if self.batches[kind]:
                self._flush(kind)
        if self.listed:
            self._remove_left_out()
        if not self.dry_run:
            touched = self._services_touched()
            if touched:  # access and audience read from the words, before search reads them
                self.report.read_from_words = record_from_words(sorted(touched))
            _refresh_search(touched)

    def _remove_left_out(self) -> None:
        """Take out the children a JSON parent lists in full and the file leaves out.

        In a dry run they are taken out inside a savepoint that is then rolled back, so what
        would go is counted exactly but nothing changes.
        """
        rollback = transaction.savepoint() if self.dry_run else None
        # What records in the file point at stays, whoever stopped listing it.
        linked = {
            value
            for entries in self.index.values()
            for entry in entries.values()
            for value in entry.links
            if isinstance(value, uuid.UUID)
        }
        pending: dict[str, dict[str, set[uuid.UUID]]] = {}
        for (kind, field), parents in self.listed.items():
            pending.setdefault(kind, {}).setdefault(field, set()).update(parents)
        for kind in WRITE_ORDER:  # parents first: what goes with a removed record is added
            # A table empty before this import holds only the file's rows: none to remove.
            if kind in pending and self.held.get(kind) is not False:
                self._remove(kind, pending.pop(kind), pending, linked)
        for chunk in _chunks(list(self.touched_offers), LOOKUP_BATCH):
            found = ServiceAtLocation.objects.filter(pk__in=chunk).values_list("service_id")
            self.touched["service"].update(service for (service,) in found)
        if rollback is not None:
            transaction.savepoint_rollback(rollback)

    def _remove(
        self,
        kind: str,
        dropped: dict[str, set[uuid.UUID]],
        pending: dict[str, dict[str, set[uuid.UUID]]],
        linked: set[uuid.UUID],
    ) -> None:
        """Unlink `kind` rows from the parents in `dropped` (link field: parent ids) that no
        longer list them; rows left with no parent are deleted. Rows in the file are the file's."""
        model = KINDS[kind].model
        manager = model._default_manager
        fields = ("link_entity", "link_id") if kind == "attribute" else PARENT_LINKS[kind]
        rows: dict[uuid.UUID, dict[str, Any]] = {}
        for field, parents in dropped.items():
            for chunk in _chunks(list(parents), LOOKUP_BATCH):
                if self._only_the_files(kind, field, chunk):
                    continue
                found = (
                    manager.filter(link_entity=field, link_id__in=chunk)
                    if kind == "attribute"
                    else manager.filter(**{f"{field}__in": chunk})
                )
                for pk, *values in found.values_list("pk", *fields):
                    if pk not in self.index[kind]:
                        rows[pk] = dict(zip(fields, values, strict=True))
        gone: list[uuid.UUID] = []
        unlink: dict[str, list[uuid.UUID]] = {}
        for pk, links in rows.items():
            if kind == "attribute":
                self._note_removed_links({links["link_entity"] + "_id": links["link_id"]})
                if pk not in linked:
                    gone.append(pk)
                continue
            leaving = [f for f, v in links.items() if v is not None and v in dropped.get(f, ())]
            self._note_removed_links({f: links[f] for f in leaving})
            if pk in linked or len(leaving) < sum(v is not None for v in links.values()):
                for field in leaving:  # it stays, for the parents that still have it
                    unlink.setdefault(field, []).append(pk)
            else:
                gone.append(pk)
        counts = self.report.counts.setdefault(kind, Counts())
        counts.updated += len({pk for pks in unlink.values() for pk in pks})
        for field, pks in unlink.items():
            for chunk in _chunks(pks, LOOKUP_BATCH):
                manager.filter(pk__in=chunk).update(**{field: None})
        if not gone:
            return
        through = f"{kind}_id"  # what hangs from a removed record is left out with it
        for child, parent_links in PARENT_LINKS.items():
            if through in parent_links:
                pending.setdefault(child, {}).setdefault(through, set()).update(gone)
        pending.setdefault("attribute", {}).setdefault(kind, set()).update(gone)
        for chunk in _chunks(gone, LOOKUP_BATCH):
            _total, by_model = manager.filter(pk__in=chunk).delete()
            for label, number in by_model.items():
                removed = MODEL_KINDS[label]
                self.report.counts.setdefault(removed, Counts()).removed += number

    def _only_the_files(self, kind: str, field: str, parents: list[uuid.UUID]) -> bool:
        """Whether the directory links only the file's own `kind` rows to these parents, so
        none is left out: counted in one query rather than read back. Every row of the file
        is in the directory by now with the links it settled on, so the count is the file's
        exactly when no other row hangs from these parents. Not in a dry run, where the
        file's rows are not written (they are read back then)."""
        if self.dry_run:
            return False
        counted = self._file_links.get((kind, field))
        if counted is None:
            counted = self._file_links[kind, field] = self._count_file_links(kind, field)
        expected = sum(counted.get(parent, 0) for parent in parents)
        table = self.tables[kind]
        quote = table.connection.ops.quote_name
        if kind == "attribute":
            where = f"{quote('link_entity')} = %s AND {quote('link_id')} {table.within}"
            params: list[Any] = [field, table.batch(parents)]
        else:
            column = str(model_field(table.model, field).column)
            where, params = f"{quote(column)} {table.within}", [table.batch(parents)]
        with table.connection.cursor() as cursor:
            cursor.execute(
                f"SELECT COUNT(*) FROM {quote(table.model._meta.db_table)} WHERE {where}",  # noqa: S608 (our own table and column names; values go in parameters)
                params,
            )
            (held,) = cursor.fetchone()
        return bool(held == expected)

    def _count_file_links(self, kind: str, field: str) -> Counter[Any]:
        """How many of the file's `kind` rows link to each parent through `field` (for an
        attribute: describe a record of that kind)."""
        names = [spec.name for spec in LINKS[kind]]
        entries = self.index[kind].values()
        if kind == "attribute":
            entity, at = names.index("link_entity"), names.index("link_id")
            return Counter(e.links[at] for e in entries if e.links[entity] == field)
        if field not in names:  # none counted: then only a parent with no rows is skipped
            return Counter()
        at = names.index(field)
        return Counter(e.links[at] for e in entries)

    def _note_removed_links(self, links: dict[str, Any]) -> None:
        """Services whose search facts change when a part of theirs (or of where they are
        offered) is removed."""
        for field, value in links.items():
            if value is None:
                continue
            if field == "service_id":
                self.touched["service"].add(value)
            elif field == "location_id":
                self.touched["location"].add(value)
            elif field == "service_at_location_id":
                self.touched_offers.add(value)

    def _flush(self, kind: str) -> None:
        rows, self.batches[kind] = self.batches[kind], []
        table = self.tables[kind]
        changed = self._changed(table, rows)
        self._note_touched(table, changed, self.counted_new)
        if changed and not self.dry_run:
            connection = connections[table.model._default_manager.db]
            now = connection.ops.adapt_datetimefield_value(self.now)
            params = [table.params(row, now, version) for row, version in changed]
            with connection.cursor() as cursor:
                cursor.executemany(table.sql, params)
        self.done += len(rows)
        if self.progress:
            self.progress("comparing" if self.dry_run else "saving", self.done, self.total)

    def _changed(self, table: Table, rows: list[tuple[Any, ...]]) -> list[tuple[tuple, int]]:
        """The new and changed rows, each with its version (1 when new); the rest are counted."""
        if table.kind not in self.held:  # asked before the first write of this kind
            self.held[table.kind] = table.compared.exists()
        existing = table.existing([row[0] for row in rows]) if self.held[table.kind] else {}
        counts = self.report.counts.setdefault(table.kind, Counts())
        changed = []
        self.counted_new = set()
        for row in rows:
            before = existing.get(row[0])
            version = 1
            if before is None:
                counts.created += 1
                self.counted_new.add(row[0])
            elif table.same(row, before):
                counts.unchanged += 1
                continue
            else:
                counts.updated += 1
                version = before[-1] + 1 if table.versioned else 1
            if table.versioned and row[table.at["last_modified"]] is None:
                at = table.at["last_modified"]
                row = (*row[:at], self.now, *row[at + 1 :])
            changed.append((row, version))
        return changed

    def _note_touched(
        self, table: Table, changed: list[tuple[tuple, int]], new: set[uuid.UUID]
    ) -> None:
        at, kind = table.at, table.kind
        for row, _version in changed:
            if kind in self.touched:
                # Nothing in the directory can point at a record new to it: only this file.
                # (A version of 1 is not enough: only services count their versions.)
                (self.created if row[0] in new and kind != "service" else self.touched)[kind].add(
                    row[0]
                )
            if "service_id" in at and row[at["service_id"]]:
                self.touched["service"].add(row[at["service_id"]])
            if kind in LOCATED and "location_id" in at and row[at["location_id"]]:
                self.touched["location"].add(row[at["location_id"]])
            if kind == "attribute" and row[at["link_entity"]] in SERVICE_ENTITIES:
                self.touched["service"].add(row[at["link_id"]])  # "": it may be a service's

    def _services_touched(self) -> set[uuid.UUID]:
        """Services whose search facts may have changed: their own rows or their parts'."""
        services = set(self.touched["service"])
        lookups = (
            ("location", ServiceAtLocation.objects, "service_id"),
            ("organization", Service.objects, "pk"),
            (
                "taxonomy_term",
                Attribute.objects.filter(link_entity__in=SERVICE_ENTITIES),
                "link_id",
            ),
        )
        for kind, queryset, wanted in lookups:
            # What links to a record new to the directory came in this file, and is touched.
            ids = self.touched[kind] - self.created[kind]
            for batch in _chunks(list(ids), LOOKUP_BATCH):
                found = queryset.filter(**{f"{kind}_id__in": batch}).values_list(wanted, flat=True)
                services.update(found.iterator(chunk_size=2000))
        services.discard(None)
        return services


def _chunks(items: list[Any], size: int) -> Iterable[list[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _refresh_search(service_ids: set[uuid.UUID]) -> None:
    """Keep search facts fresh for the services the import touched."""
    if service_ids:
        search.refresh_for_services(sorted(service_ids))

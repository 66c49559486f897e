"""The directory as an HSDS 3.0 tabular data package: `datapackage.json` and one CSV per table.

File names and column order are those of the official `compiled/tabular.json` (the columns are
each model's `hsds_fields`, which the tests check against it). Rows are in id order, so the same
directory always gives the same files. Tables are read in chunks, so memory stays bounded however
large the directory. We keep no `meta_table_description` records, so that table is not written.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from django.db import models

from connecting_people.core.cells import safe_cell
from connecting_people.directory import models as d
from connecting_people.directory.hsds.values import (
    ENTITY,
    REQUIRED,
    attribute_name,
    cell,
    field_names,
)

CHUNK_SIZE = 2000
PACKAGE_NAME = "connecting-people-directory"


@dataclass(frozen=True)
class Table:
    model: type[models.Model]
    path: str

    @property
    def name(self) -> str:
        return ENTITY[self.model]


# In the order of compiled/tabular.json (its `datapackage_metadata.order`).
TABLES: tuple[Table, ...] = (
    Table(d.Organization, "organizations.csv"),
    Table(d.Program, "programs.csv"),
    Table(d.Service, "services.csv"),
    Table(d.Attribute, "attributes.csv"),
    Table(d.ServiceAtLocation, "service_at_location.csv"),
    Table(d.Location, "locations.csv"),
    Table(d.Phone, "phones.csv"),
    Table(d.Contact, "contacts.csv"),
    Table(d.Address, "addresses.csv"),
    Table(d.Schedule, "schedules.csv"),
    Table(d.Funding, "funding.csv"),
    Table(d.ServiceArea, "service_areas.csv"),
    Table(d.RequiredDocument, "required_documents.csv"),
    Table(d.Language, "languages.csv"),
    Table(d.Accessibility, "accessibility.csv"),
    Table(d.TaxonomyTerm, "taxonomy_terms.csv"),
    Table(d.Metadata, "metadata.csv"),
    Table(d.CostOption, "cost_options.csv"),
    Table(d.OrganizationIdentifier, "organization_identifiers.csv"),
    Table(d.Taxonomy, "taxonomies.csv"),
)

_EMAIL = {"email", "assurer_email"}
_URI = {"url", "website", "uri", "term_uri", "schedule_link"}
_NO_FORMAT = {(d.ServiceArea, "uri")}
_DATE_ONLY = {(d.Metadata, "last_action_date")}


def write_tabular(folder: Path, *, chunk_size: int = CHUNK_SIZE) -> dict[str, int]:
    """Write every table and `datapackage.json` into `folder`; return the rows per file."""
    folder.mkdir(parents=True, exist_ok=True)
    counts: dict[str, int] = {}
    for table in TABLES:
        counts[table.path] = _write_table(folder / table.path, table, chunk_size)
    with replacing(folder / "datapackage.json") as out:
        out.write(json.dumps(datapackage(), indent=2, ensure_ascii=False) + "\n")
    return counts


@contextmanager
def replacing(path: Path) -> Iterator[IO[str]]:
    """Write beside `path`, then move the finished file into place."""
    partial = path.with_name(path.name + ".part")
    try:
        with partial.open("w", encoding="utf-8", newline="") as out:
            yield out
        partial.replace(path)
    finally:
        partial.unlink(missing_ok=True)


def _write_table(path: Path, table: Table, chunk_size: int) -> int:
    names = field_names(table.model)
    with replacing(path) as out:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(names)
        count = 0
        for row in _rows(table, names, chunk_size):
            writer.writerow(row)
            count += 1
    return count


def _rows(table: Table, names: tuple[str, ...], chunk_size: int) -> Iterator[list[str]]:
    """The table's rows as CSV cells. Text cells that a spreadsheet would run as a formula get a
    leading quote (core/cells.py; the importer takes it off again); numbers are left as they are,
    so a longitude of -0.12 stays a number."""
    model = table.model
    columns = [attribute_name(model, n) for n in names]
    text = [_field(model, n)["type"] == "string" for n in names]
    stored = model._default_manager.order_by("id").values_list(*columns)
    for values in stored.iterator(chunk_size=chunk_size):
        cells = (cell(model, n, v) for n, v in zip(names, values, strict=True))
        yield [safe_cell(c) if t else c for c, t in zip(cells, text, strict=True)]


def datapackage() -> dict[str, Any]:
    """The Frictionless data package descriptor for the tables."""
    return {
        "name": PACKAGE_NAME,
        "title": "Community directory (Open Referral HSDS 3.0)",
        "profile": "tabular-data-package",
        "resources": [_resource(table) for table in TABLES],
    }


def _resource(table: Table) -> dict[str, Any]:
    return {
        "name": table.name,
        "path": table.path,
        "profile": "tabular-data-resource",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "schema": {
            "fields": [_field(table.model, name) for name in field_names(table.model)],
            "primaryKey": "id",
        },
    }


def _field(model: type[models.Model], name: str) -> dict[str, Any]:
    field = model._meta.get_field(attribute_name(model, name))  # also finds `<fk>_id`
    described: dict[str, Any] = {"name": name, "type": "string"}
    if isinstance(field, (models.UUIDField, models.ForeignKey)):
        described["format"] = "uuid"
    elif isinstance(field, (models.FloatField, models.DecimalField, models.IntegerField)):
        described["type"] = "number"
    elif isinstance(field, models.DateTimeField):
        described["type"] = "date" if (model, name) in _DATE_ONLY else "datetime"
    elif isinstance(field, models.DateField):
        described["type"] = "date"
    elif isinstance(field, models.TimeField):
        described["type"] = "time"
    elif name in _EMAIL:
        described["format"] = "email"
    elif name in _URI and (model, name) not in _NO_FORMAT:
        described["format"] = "uri"
    if name == "id" or name in REQUIRED.get(model, ()):
        described["constraints"] = {"required": True}
    return described

"""`cpi export_hsds`: the whole directory as HSDS 3.0 JSON and as a tabular data package.

JSON (`json/`), one file per top-level object type, each one HSDS API `Page` holding every record
(so each file is also what the API's list gives, and the importer reads it back):

    services.json        every service, fully nested (compiled/service.json), closed ones too
    organizations.json   every organisation, nested (compiled/organization.json), its services
                         by their own fields (they are in full in services.json)
    taxonomies.json      every taxonomy (taxonomy.json)
    taxonomy_terms.json  every term, with its taxonomy as `taxonomy_detail` (taxonomy_term.json)

The `contents` list comes first and the page counts after it, so records stream out in batches
(bounded memory) and the counts are exactly what was written. One record per line, in id order:
the same directory always gives the same files. Files are written beside their final name and
moved into place when complete. The tabular package is written by `tabular.py`.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import IO, Any, TypeVar

from django.db import models, transaction

from connecting_people.directory.hsds import serialise, tabular
from connecting_people.directory.models import Organization, Service, Taxonomy, TaxonomyTerm

M = TypeVar("M", bound=models.Model)

BATCH_SIZE = 500
JSON_FILES: tuple[tuple[str, type[models.Model], Callable[[Any], list[dict[str, Any]]]], ...] = (
    ("services.json", Service, serialise.services_full_json),
    ("organizations.json", Organization, serialise.organizations_full_json),
    ("taxonomies.json", Taxonomy, lambda batch: [serialise.taxonomy_json(t) for t in batch]),
    ("taxonomy_terms.json", TaxonomyTerm, serialise.taxonomy_terms_json),
)


def export_hsds(
    folder: Path, *, json_files: bool = True, tables: bool = True, batch_size: int = BATCH_SIZE
) -> dict[str, int]:
    """Write the directory into `folder` (json/ and tabular/); return records per file.

    One read transaction, so on the embedded database every file shows the same moment.
    """
    counts: dict[str, int] = {}
    with transaction.atomic():
        if json_files:
            counts.update(write_json(folder / "json", batch_size=batch_size))
        if tables:
            written = tabular.write_tabular(folder / "tabular", chunk_size=batch_size * 4)
            counts.update({f"tabular/{name}": n for name, n in written.items()})
    return counts


def write_json(folder: Path, *, batch_size: int = BATCH_SIZE) -> dict[str, int]:
    folder.mkdir(parents=True, exist_ok=True)
    counts = {}
    for name, model, shape in JSON_FILES:
        records = model._default_manager.order_by("id")
        with tabular.replacing(folder / name) as out:
            counts[f"json/{name}"] = write_page(out, _batches(records, batch_size), shape)
    return counts


def write_page(
    out: IO[str], batches: Iterator[Sequence[M]], shape: Callable[[Sequence[M]], list[Any]]
) -> int:
    """Write one HSDS Page holding every record of every batch, shaped batch by batch."""
    out.write('{"contents": [')
    total = 0
    for batch in batches:
        for item in shape(batch):
            out.write(",\n" if total else "\n")
            out.write(json.dumps(item, ensure_ascii=False, separators=(",", ":")))
            total += 1
    page = {
        "total_items": total,
        "total_pages": 1,
        "page_number": 1,
        "size": total,
        "first_page": True,
        "last_page": True,
        "empty": total == 0,
    }
    out.write("\n], " + json.dumps(page)[1:] + "\n")
    return total


def _batches(records: models.QuerySet[M], size: int) -> Iterator[list[M]]:
    batch: list[M] = []
    for record in records.iterator(chunk_size=size):
        batch.append(record)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch

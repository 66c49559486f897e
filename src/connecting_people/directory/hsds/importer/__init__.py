"""Bringing Open Referral HSDS 3.0 records in: every record of a file, or none of them.

    report = import_path("services.json")            # or a folder, datapackage.json or .zip
    report.ok, report.counts["service"], report.errors, report.warnings

Two steps, so memory stays small whatever the file's size:
- the first (validating.py) reads the file as it streams and checks every record, keeping only
  ids, digests and links in memory (the converted rows wait on disk, spool.py), then checks each
  link against the file and the database;
- only if nothing is wrong, the second (writing.py) writes the rows in batches, new and changed
  ones only, in one transaction; takes out the children a JSON parent lists in full and the
  file leaves out (a parent without the list keeps them; tabular packages only add and update);
  and asks search to refresh the services touched.
Reading is in reading_json.py (one record, a list or an API page) and reading_tables.py (a
tabular data package); nested objects are flattened in records.py; fields are read in fields.py.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from django.db import DatabaseError, transaction
from django.utils.translation import gettext as _

from connecting_people.core.audit import audit_record
from connecting_people.core.models import AuditAction
from connecting_people.directory.hsds.importer.kinds import KINDS
from connecting_people.directory.hsds.importer.older import OlderPackage
from connecting_people.directory.hsds.importer.reading_json import json_records
from connecting_people.directory.hsds.importer.reading_tables import Package
from connecting_people.directory.hsds.importer.records import Record, flatten
from connecting_people.directory.hsds.importer.report import (
    Counts,
    ImportReport,
    Problem,
    SourceError,
)
from connecting_people.directory.hsds.importer.spool import Spool
from connecting_people.directory.hsds.importer.validating import Checker, Progress
from connecting_people.directory.hsds.importer.writing import Writer
from connecting_people.directory.hsds.interests import match_terms_by_name
from connecting_people.directory.search.facts import roomy_cache

__all__ = ["Counts", "ImportReport", "Problem", "Progress", "import_path"]

Reading = Callable[[ImportReport | None], Iterator[Record]]


def import_path(
    path: str | Path,
    *,
    dry_run: bool = False,
    progress: Progress | None = None,
    kind: str | None = None,
    by: Any = None,
    strict: bool = False,
    keep_ids: bool = False,
) -> ImportReport:
    """Import one HSDS file (JSON, or a tabular package): all its records, or none and why.

    `kind` says what a JSON file holds when its shape does not (service, organization, …).
    `progress(stage, done, total)` is called every thousand records: "checking", then "saving"
    ("comparing" in a dry run).
    `dry_run` checks and compares with the directory but writes nothing. `by` is the user
    (None for the command line), for the audit trail.
    A link to a record that is neither in the file nor in the directory is left out with a
    warning when HSDS makes it optional, and refuses the file when it is required (a service's
    organisation, say); `strict` refuses the file for any such link but a parent's.
    `keep_ids` keeps the ids of the services in the file on the report (`service_ids`).
    """
    path = Path(path)
    report = ImportReport(source=path.name or str(path), dry_run=dry_run)
    try:
        reading = _reading(path, kind)
        with Spool() as spool:
            checker = Checker(report, spool, progress, strict=strict)
            for record in _records(reading, report):
                checker.check(record)
            checker.finish()
            if keep_ids:
                report.service_ids = frozenset(checker.index["service"])
            if report.ok:
                _write(spool, checker, report, dry_run=dry_run, progress=progress, by=by)
    except SourceError as error:  # what was found before it is beside the point
        report.counts.clear()
        report.forget_problems()
        report.error("", "", error.message)
    except OSError as error:
        report.counts.clear()
        report.error(
            "", "", _("The file cannot be read (%(reason)s).") % {"reason": error.strerror or error}
        )
    except DatabaseError as error:
        report.counts.clear()
        report.error("", "", _("The database refused the import (%(reason)s).") % {"reason": error})
    return report


def _write(
    spool: Spool,
    checker: Checker,
    report: ImportReport,
    *,
    dry_run: bool,
    progress: Progress | None,
    by: Any,
) -> None:
    with roomy_cache(), transaction.atomic():
        Writer(checker, report, dry_run=dry_run, progress=progress).write(spool)
        terms = report.counts.get("taxonomy_term")
        if not dry_run and terms and (terms.created or terms.updated):
            report.terms_matched = match_terms_by_name()
        if not dry_run:
            audit_record(
                by=by,
                action=AuditAction.IMPORTED,
                actor_label="" if by is not None else "cpi import_hsds",
                detail={
                    "import": "hsds",
                    "file": report.source,
                    **{kind: counts.audited() for kind, counts in report.counts.items()},
                },
            )


def _records(reading: Reading, report: ImportReport | None) -> Iterator[Record]:
    try:
        for record in reading(report):
            yield from flatten(record)
    except RecursionError:
        raise SourceError(_("The records in the file are nested too deeply to read.")) from None
    except OSError as error:
        raise SourceError(
            _("The file cannot be read (%(reason)s).") % {"reason": error.strerror or error}
        ) from None


def _reading(path: Path, kind: str | None) -> Reading:
    """How to read the file: as a tabular package, or as JSON."""
    if kind is not None and kind not in KINDS:
        raise SourceError(
            _("%(kind)s is not an HSDS record type; use one of: %(kinds)s.")
            % {"kind": kind, "kinds": ", ".join(KINDS)}
        )
    if not path.exists():
        raise SourceError(_("There is no file or folder at %(path)s.") % {"path": path})
    if path.is_dir() or path.suffix.lower() in (".zip", ".csv") or path.name == "datapackage.json":
        package = Package(path)
        source = OlderPackage(package, package.older) if package.older else package

        def tables(report: ImportReport | None) -> Iterator[Record]:
            return source.records(report.warn if report else None)

        return tables
    return lambda report: json_records(path, kind)

"""Reading an HSDS tabular data package: `datapackage.json` and a CSV file per kind of record.

The package may be a folder, its `datapackage.json`, a `.zip` of either, or a lone CSV named as
the standard names it (`services.csv`). Without a `datapackage.json`, files are known by name.
Rows stream one at a time; an empty cell means the field is not given.
"""

from __future__ import annotations

import csv
import io
import json
import posixpath
import zipfile
import zlib
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import Any, NamedTuple, TextIO

from django.utils.translation import gettext as _

from connecting_people.core.archives import ArchiveTooLarge, Budget, check_zip, size_text
from connecting_people.core.cells import unescape_cell
from connecting_people.directory.hsds.importer.kinds import (
    IGNORED_CSV,
    KINDS,
    MAY_BE_EMPTY,
    WRITE_ORDER,
    kind_for_csv,
    older_version,
)
from connecting_people.directory.hsds.importer.records import Record
from connecting_people.directory.hsds.importer.report import SourceError, not_utf8

# Long descriptions are fine here (the models' own limits apply). The csv module's limit is
# process-wide, so it is raised only while a table is read and put back afterwards: other
# importers (the caseload's) rely on the default.
CELL_LIMIT = 16 * 1024 * 1024
# A line is read whole before the csv module sees it, so one with no end would be read into memory
# however long: a line longer than this is refused. So is a datapackage.json longer than this
# (it describes the tables; ours is a few tens of KB).
LINE_LIMIT = 2 * CELL_LIMIT
DESCRIPTOR_LIMIT = 16 * 1024 * 1024


# What reading a damaged zip entry raises (a wrong checksum, a broken or cut-short stream).
_DAMAGED = (zipfile.BadZipFile, zlib.error, EOFError)


class Table(NamedTuple):
    kind: str
    name: str  # as messages show it
    member: str  # its path in the folder or zip


Notes = Callable[[str, str, str], None]  # (record, field, message): a warning


class Package:
    """The package's files: a folder on disk or a zip, opened afresh for each reading. A zip is
    refused before it is read if it would unpack to too much or holds too many files, and reading
    stops if it unpacks to more than it said (core/archives.py)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.zipped = path.suffix.lower() == ".zip"
        self.budget: Budget | None = None
        if self.zipped:
            try:
                with zipfile.ZipFile(path) as archive:
                    limits = check_zip(archive, name=path.name)
                    self.members = [n for n in archive.namelist() if not n.endswith("/")]
            except (zipfile.BadZipFile, OSError) as error:
                raise SourceError(
                    _("%(name)s is not a zip file that can be opened (%(reason)s).")
                    % {"name": path.name, "reason": error}
                ) from None
            except ArchiveTooLarge as error:
                raise SourceError(error.message) from None
            self.budget = Budget(name=path.name, limit=limits.unpacked_bytes)
        elif path.is_dir() or path.name == "datapackage.json":
            self.path = path if path.is_dir() else path.parent
            self.members = sorted(
                p.relative_to(self.path).as_posix() for p in self.path.rglob("*") if p.is_file()
            )
        else:  # a lone CSV
            self.members = [path.name]
            self.path = path.parent
        # An HSDS 1.x or 2.0 package is read by `older.OlderPackage`, not table by table here.
        self.older = older_version(self.members)
        self.tables, self.skipped = ([], []) if self.older else self._find_tables(path)

    def open(self, stack: ExitStack, member: str) -> TextIO:
        if self.budget is not None:
            archive = stack.enter_context(zipfile.ZipFile(self.path))
            raw = stack.enter_context(self.budget.reader(archive.open(member)))
            return stack.enter_context(io.TextIOWrapper(raw, encoding="utf-8-sig", newline=""))
        return stack.enter_context((self.path / member).open(encoding="utf-8-sig", newline=""))

    def _find_tables(self, given: Path) -> tuple[list[Table], list[str]]:
        described = [m for m in self.members if posixpath.basename(m) == "datapackage.json"]
        if described:
            return self._described(min(described, key=len))
        tables, skipped = [], []
        for member in self.members:
            name = posixpath.basename(member)
            kind = kind_for_csv(name)
            if kind:
                tables.append(Table(kind, member, member))
            elif name.lower().endswith(".csv"):
                skipped.append(member)
        if not tables:
            raise SourceError(
                _(
                    "%(name)s holds no HSDS tables: expected a datapackage.json, or CSV files "
                    "named as the standard names them (services.csv, organizations.csv, …)."
                )
                % {"name": given.name}
            )
        return _ordered(tables), skipped

    def _described(self, member: str) -> tuple[list[Table], list[str]]:
        with ExitStack() as stack:
            try:
                text = self.open(stack, member).read(DESCRIPTOR_LIMIT + 1)
                if len(text) > DESCRIPTOR_LIMIT:
                    raise SourceError(
                        _("%(name)s is longer than a package description can be (%(limit)s).")
                        % {"name": member, "limit": size_text(DESCRIPTOR_LIMIT)}
                    )
                package = json.loads(text)
            except ArchiveTooLarge as error:
                raise SourceError(error.message) from None
            except _DAMAGED as error:
                raise self.damaged(member, error) from None
            except UnicodeDecodeError:
                raise not_utf8(member, 1) from None
            except json.JSONDecodeError as error:
                raise SourceError(
                    _("%(name)s is not valid JSON: %(reason)s (line %(line)s).")
                    % {"name": member, "reason": error.msg, "line": error.lineno}
                ) from None
        resources = package.get("resources") if isinstance(package, dict) else None
        if not isinstance(resources, list):
            raise SourceError(_("%(name)s has no list of “resources”.") % {"name": member})
        base = posixpath.dirname(member)
        tables, skipped = [], []
        for resource in resources:
            table = self._table(resource, base, member)
            if isinstance(table, Table):
                tables.append(table)
            else:
                skipped.append(table)
        return _ordered(tables), skipped

    def _table(self, resource: Any, base: str, described_in: str) -> Table | str:
        path = resource.get("path") if isinstance(resource, dict) else None
        if isinstance(path, list) and len(path) == 1:
            path = path[0]
        if not isinstance(path, str) or not path:
            raise SourceError(
                _("%(name)s lists a resource without a single file “path”.")
                % {"name": described_in}
            )
        member = posixpath.normpath(posixpath.join(base, path))
        if member.startswith("../") or posixpath.isabs(path) or member not in self.members:
            raise SourceError(
                _("%(name)s lists %(path)s, but the package has no such file.")
                % {"name": described_in, "path": path}
            )
        name = resource.get("name")
        kind = name if name in KINDS else kind_for_csv(posixpath.basename(path))
        return Table(kind, path, member) if kind else path

    def records(self, notes: Notes | None) -> Iterator[Record]:
        """Every row of every table, parents' tables first."""
        if notes:
            for member in self.skipped:
                name = posixpath.basename(member)
                why = (
                    _("holds table descriptions, which are not kept")
                    if name in IGNORED_CSV
                    else _("is not an HSDS 3.0 table")
                )
                notes(
                    "", "", _("%(name)s was left out: it %(why)s.") % {"name": member, "why": why}
                )
        for table in self.tables:
            with ExitStack() as stack:
                try:
                    yield from _rows(table, self.open(stack, table.member))
                except ArchiveTooLarge as error:
                    raise SourceError(error.message) from None
                except _DAMAGED as error:
                    raise self.damaged(table.member, error) from None

    def damaged(self, member: str, error: Exception) -> SourceError:
        return SourceError(
            _("%(member)s in %(name)s is damaged, so it cannot be read (%(reason)s).")
            % {"member": member, "name": self.path.name, "reason": error}
        )


def _ordered(tables: list[Table]) -> list[Table]:
    return sorted(tables, key=lambda table: WRITE_ORDER.index(table.kind))


def _rows(table: Table, file: TextIO) -> Iterator[Record]:
    before = csv.field_size_limit(CELL_LIMIT)
    try:
        yield from _table_rows(table, file)
    finally:
        csv.field_size_limit(before)


def _lines(table: Table, file: TextIO) -> Iterator[str]:
    """The file's lines, refusing one longer than LINE_LIMIT before it is all in memory."""
    number = 0
    while line := file.readline(LINE_LIMIT):
        number += 1
        if len(line) == LINE_LIMIT and not line.endswith(("\n", "\r")):
            raise SourceError(
                _("%(name)s has a line longer than %(limit)s (line %(line)s): is it a CSV file?")
                % {"name": table.name, "limit": size_text(LINE_LIMIT), "line": f"{number:,}"}
            )
        yield line


def _table_rows(table: Table, file: TextIO) -> Iterator[Record]:
    reader = csv.reader(_lines(table, file))
    row_number = 1
    try:
        header = [name.strip() for name in next(reader, [])]
        repeated = {name for name in header if header.count(name) > 1 and name}
        if repeated:
            raise SourceError(
                _("%(name)s has the column %(column)s more than once.")
                % {"name": table.name, "column": ", ".join(sorted(repeated))}
            )
        for row in reader:
            row_number += 1
            if not any(row):
                continue
            data = {
                name: unescape_cell(cell)  # our export quotes text a spreadsheet would run
                for name, cell in zip(header, row, strict=False)
                if name and (cell != "" or (table.kind, name) in MAY_BE_EMPTY)
            }
            record = Record(table.kind, data, f"{table.name} row {row_number:,}", from_text=True)
            if len(row) > len(header):
                record.problems.append(("", _("has more cells than there are column headings")))
            yield record
    except UnicodeDecodeError:
        raise not_utf8(table.name, reader.line_num + 1) from None
    except csv.Error as error:
        raise SourceError(
            _("%(name)s is not valid CSV: %(reason)s (line %(line)s).")
            % {"name": table.name, "reason": error, "line": f"{reader.line_num:,}"}
        ) from None

"""Reading a whole file: its headings, its rows as they stream, and clashes with the team."""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import itertools
import zipfile
from collections import defaultdict
from collections.abc import Generator, Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any
from xml.etree.ElementTree import ParseError

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from openpyxl import load_workbook

from connecting_people.core.archives import ArchiveTooLarge, Limits, archive_limits, check_zip
from connecting_people.core.models import Team
from connecting_people.people.importing.rows import (
    COLUMNS,
    HEADINGS,
    IDENTIFIERS,
    LABELS,
    ImportFileError,
    ImportReport,
    ImportRow,
    RowError,
    cell_text,
    clean_row,
    heading_key,
)
from connecting_people.people.models import Person

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 5_000
MAX_UNPACKED_BYTES = 100 * 1024 * 1024  # a workbook's own limits, under the settings' for archives
MAX_ENTRIES = 1_000  # a workbook has a few dozen parts
EXTENSIONS = (".csv", ".xlsx")
_EXCEL_ERRORS = (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError, ParseError)
_UNREADABLE_EXCEL = gettext_lazy(
    "We could not open this Excel workbook. Save it again as .xlsx or CSV and try again."
)


def map_columns(headings: Sequence[Any]) -> tuple[dict[str, int], list[str]]:
    """Which column holds which field, and warnings about the columns that are left out."""
    found: dict[str, tuple[int, int]] = {}
    warnings = []
    for index, cell in enumerate(headings):
        heading = cell_text(cell)
        name, rank = HEADINGS.get(heading_key(heading), (None, 0))
        if name is None:
            if heading:
                warnings.append(
                    _("The column '%(column)s' was ignored: it is not something we bring in.")
                    % {"column": heading}
                )
            continue
        if name in found:
            keep, drop = sorted([found[name], (rank, index)])
            found[name] = keep
            warnings.append(
                _("The column '%(column)s' was ignored: '%(used)s' was used for %(field)s.")
                % {
                    "column": cell_text(headings[drop[1]]),
                    "used": cell_text(headings[keep[1]]),
                    "field": str(LABELS[name]).lower(),
                }
            )
        else:
            found[name] = (rank, index)
    if not found:
        raise ImportFileError(
            _(
                "We could not find the column headings. The first row of the file should name "
                "each column, such as 'Preferred name', 'NHS number' and 'Keyworker'."
            )
        )
    if "preferred_name" not in found:
        raise ImportFileError(
            _(
                "The file needs a column for each person's preferred name, headed 'Preferred "
                "name' (or 'Name' or 'Known as')."
            )
        )
    order = [column.name for column in COLUMNS]
    positions = {name: found[name][1] for name in sorted(found, key=order.index)}
    return positions, warnings


def parse_table(table: Iterable[Sequence[Any]], *, today: dt.date | None = None) -> ImportReport:
    """Read a table whose first filled row names the columns; blank rows are skipped."""
    today = today or timezone.localdate()
    numbered = ((n, cells) for n, cells in enumerate(table, start=1) if any(map(cell_text, cells)))
    first = next(numbered, None)
    if first is None:
        raise ImportFileError(_("The file is empty."))
    positions, warnings = map_columns(first[1])
    report = ImportReport(columns=list(positions), warnings=warnings)
    for number, cells in numbered:
        if len(report.rows) == MAX_ROWS:
            raise ImportFileError(
                _(
                    "The file has more than %(max)s people in it. Split it into files of "
                    "%(max)s rows or fewer, and bring each one in."
                )
                % {"max": f"{MAX_ROWS:,}"}
            )
        row, errors = clean_row(cells, positions, number=number, today=today)
        report.rows.append(row)
        report.errors.extend(errors)
    if not report.rows:
        raise ImportFileError(_("The file has column headings but no people in it."))
    report.errors.extend(_duplicates_in_file(report.rows))
    return report


def _rows_text(numbers: list[int]) -> str:
    if len(numbers) == 1:
        return str(numbers[0])
    return _("%(first)s and %(last)d") % {
        "first": ", ".join(map(str, numbers[:-1])),
        "last": numbers[-1],
    }


def _duplicates_in_file(rows: list[ImportRow]) -> list[RowError]:
    """Rows that share an NHS number or a local ID: each one names the others."""
    errors = []
    for name, what in IDENTIFIERS.items():
        seen: dict[str, list[int]] = defaultdict(list)
        for row in rows:
            if row.values.get(name) and name not in row.bad:
                seen[row.values[name]].append(row.number)
        for row in rows:
            numbers = [n for n in seen.get(row.values.get(name, ""), []) if n != row.number]
            if numbers and name not in row.bad:
                row.bad.add(name)
                message = ngettext(
                    "the same %(what)s is also on row %(rows)s",
                    "the same %(what)s is also on rows %(rows)s",
                    len(numbers),
                ) % {"what": what, "rows": _rows_text(numbers)}
                errors.append(RowError(row.number, str(LABELS[name]), message))
    return errors


# Against the database -----------------------------------------------------------------------


def keyworkers_in(team: Team) -> dict[str, Any]:
    """Email (lower case) → active staff member in this team."""
    memberships = team.memberships.select_related("user").filter(user__is_active=True)
    return {m.user.email.lower(): m.user for m in memberships}


def _existing(team: Team, name: str, values: set[str]) -> dict[str, str]:
    """Of these NHS numbers (or local IDs), the ones already in the team → preferred name."""
    found: dict[str, str] = {}
    ordered = sorted(values)
    for start in range(0, len(ordered), 500):
        chunk = ordered[start : start + 500]
        people = Person.objects.filter(team=team, **{f"{name}__in": chunk})
        found.update(people.values_list(name, "preferred_name"))
    return found


def check_against_team(rows: list[ImportRow], team: Team) -> list[RowError]:
    """People already in this team (never another), and keyworkers who are not in it."""
    errors = []
    keyworkers = keyworkers_in(team)
    existing = {
        name: _existing(
            team, name, {r.values[name] for r in rows if r.values.get(name) and name not in r.bad}
        )
        for name in IDENTIFIERS
    }
    for row in rows:
        for name, there in existing.items():
            value = row.values.get(name)
            if value and name not in row.bad and value in there:
                message = _("someone with this %(what)s is already in the team, as %(name)s") % {
                    "what": IDENTIFIERS[name],
                    "name": there[value],
                }
                errors.append(RowError(row.number, str(LABELS[name]), message))
        keyworker = row.values.get("keyworker")
        if keyworker and "keyworker" not in row.bad and keyworker not in keyworkers:
            message = _(
                "nobody with the email %(email)s works in %(team)s. Add them to the team "
                "first, or leave the keyworker blank."
            ) % {"email": keyworker, "team": team}
            errors.append(RowError(row.number, str(LABELS["keyworker"]), message))
    return errors


# Reading files ------------------------------------------------------------------------------


def check_upload(upload: Any) -> str:
    """'csv' or 'xlsx', or ImportFileError saying why this file will not do."""
    name = (getattr(upload, "name", "") or "").lower()
    kind = next((ext[1:] for ext in EXTENSIONS if name.endswith(ext)), None)
    if kind is None:
        message = _("The file must be a CSV file or an Excel workbook (.xlsx).")
        if name.endswith((".xls", ".ods", ".numbers")):
            message += " " + _("Save it again as .xlsx or CSV, then upload that.")
        raise ImportFileError(message)
    if not upload.size:
        raise ImportFileError(_("The file is empty."))
    if upload.size > MAX_BYTES:
        raise ImportFileError(
            _("The file is bigger than 5 MB. Split it into smaller files and bring each one in.")
        )
    upload.seek(0)
    is_zip = upload.read(4) == b"PK\x03\x04"
    upload.seek(0)
    if kind == "csv" and is_zip:
        raise ImportFileError(_("This is an Excel workbook: its name should end in .xlsx."))
    if kind == "xlsx" and not is_zip:
        raise ImportFileError(_("This file's name ends in .xlsx, but it is not an Excel workbook."))
    return kind


def _encoding(binary: Any) -> str:
    """UTF-8 (with or without a byte order mark) if the whole file reads so; else Windows-1252."""
    for encoding in ("utf-8-sig", "cp1252"):
        decoder = codecs.getincrementaldecoder(encoding)()
        binary.seek(0)
        try:
            for chunk in iter(lambda: binary.read(64 * 1024), b""):
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            continue
        binary.seek(0)
        return encoding
    raise ImportFileError(
        _("We could not read the text in this file. Save it as 'CSV UTF-8' and try again.")
    )


def read_csv(binary: Any) -> Generator[list[str], None, None]:
    """The rows of a CSV file (comma, semicolon or tab separated), read as they stream."""
    text = io.TextIOWrapper(binary, encoding=_encoding(binary), newline="")
    try:
        first = text.readline()
        reader = csv.reader(itertools.chain([first], text), delimiter=max(",;\t", key=first.count))
        yield from reader
    except csv.Error:  # such as a cell longer than the csv module allows
        raise ImportFileError(
            _("We could not read line %(line)d of the file. Check it was saved as a CSV file.")
            % {"line": reader.line_num}
        ) from None
    finally:
        text.detach()  # leave the upload open: it is Django's to close


@contextmanager
def _table(upload: Any, kind: str) -> Iterator[tuple[Iterable[Sequence[Any]], list[str]]]:
    """The file's rows, streamed, with any warning about parts that were not read."""
    binary = getattr(upload, "file", upload)
    if kind == "csv":
        rows = read_csv(binary)
        try:
            yield rows, []
        finally:
            rows.close()
        return
    _check_unpacked_size(binary)
    try:
        workbook = load_workbook(binary, read_only=True, data_only=True)
    except _EXCEL_ERRORS:
        raise ImportFileError(_UNREADABLE_EXCEL) from None
    try:
        sheets = workbook.worksheets
        sheet = sheets[0]
        sheet.reset_dimensions()  # some exporters record the wrong size; read every row
        warnings = []
        if len(sheets) > 1:
            warnings.append(
                _("Only the first sheet, '%(sheet)s', was read.") % {"sheet": sheet.title}
            )
        yield _guarded(sheet.iter_rows(values_only=True)), warnings
    finally:
        workbook.close()


def _check_unpacked_size(binary: Any) -> None:
    """Refuse a workbook that would unpack to far more than any caseload, or holds far more parts
    than a workbook has (a 'zip bomb'), before openpyxl reads any of it (core/archives.py).
    Python's zipfile stops each part at the size the workbook gives for it, and those sizes
    are what is checked here."""
    settings = archive_limits()
    limits = Limits(
        unpacked_bytes=min(MAX_UNPACKED_BYTES, settings.unpacked_bytes),
        entries=min(MAX_ENTRIES, settings.entries),
    )
    try:
        with zipfile.ZipFile(binary) as archive:
            check_zip(archive, name="", limits=limits)
    except zipfile.BadZipFile:
        raise ImportFileError(_UNREADABLE_EXCEL) from None
    except ArchiveTooLarge:
        raise ImportFileError(
            _("This workbook is too big to read. Save the sheet as a CSV file and upload that.")
        ) from None
    binary.seek(0)


def _guarded(rows: Iterable[Sequence[Any]]) -> Iterator[Sequence[Any]]:
    """The workbook's rows, with damage found part-way through reported in plain words."""
    try:
        yield from rows
    except _EXCEL_ERRORS:
        raise ImportFileError(_UNREADABLE_EXCEL) from None


def parse_upload(upload: Any, *, team: Team, today: dt.date | None = None) -> ImportReport:
    """Read and check an uploaded file for this team. ImportFileError if it cannot be read."""
    kind = check_upload(upload)
    with _table(upload, kind) as (table, warnings):
        report = parse_table(table, today=today)
    report.warnings[:0] = warnings
    report.file_name = upload.name
    report.errors.extend(check_against_team(report.rows, team))
    report.errors.sort(key=lambda error: error.row)
    return report

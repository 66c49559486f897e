"""The research export: one tidy CSV per table, aggregates.csv, data_dictionary.csv and
README.txt, written to a folder (`cpi export_research`) or streamed as a zip (the evaluator's
download).

Reproducible: the same data and key give byte-identical files. Columns are in a fixed order,
rows are sorted by their text, lines end in "\\n", nothing records when the export was made, and
the zip's entries carry a fixed date.

Bounded memory: each table reads its rows a batch of people at a time (scope.BATCH_SIZE), and
sorting spills to temporary files past sorting.RUN_SIZE lines, so memory does not grow with the
number of people.

One snapshot: the tables are read one after another, so both ways out (`write_folder` and
`zip_stream`) read them all inside one read-only transaction (snapshot.read_snapshot): a row saved
while the export runs is in none of its files, rather than in the tables read after it.

The download streams: zipfile writes into a pipe that the response drains after each batch of
lines (`zip_stream`). We chose that over building the zip in a SpooledTemporaryFile first: the
first bytes leave at once (no proxy timeout on a large export), nothing larger than a batch is
held, and no copy of the export is left on the server's disk. The cost is no Content-Length,
and a failure half way leaves a zip that will not open (the download is audited before it starts).
"""

from __future__ import annotations

import csv
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

from connecting_people.research import aggregates
from connecting_people.research.coarse import cell
from connecting_people.research.describe import readme_text
from connecting_people.research.keys import Pseudonyms
from connecting_people.research.scope import Scope
from connecting_people.research.snapshot import read_snapshot
from connecting_people.research.sorting import SortedLines
from connecting_people.research.tables import TABLES, Column, Context, Table
from connecting_people.research.tables.schema import TEXT

DICTIONARY = "data_dictionary"
AGGREGATES = "aggregates"
README = "README.txt"
ZIP_DATE = (1980, 1, 1, 0, 0, 0)  # the earliest date a zip can hold: fixed, so zips reproduce
FLUSH_BYTES = 256 * 1024  # hand the response what the zip has written once it has this much

DICTIONARY_COLUMNS = (
    Column("table", TEXT, "the file the column is in, without .csv"),
    Column("column", TEXT, "the column's name, as in the file's first row"),
    Column("type", TEXT, "the kind of value: pseudonym, code, integer, decimal, month, …"),
    Column("meaning", TEXT, "what the column holds"),
    Column("allowed", TEXT, "the values it may hold, separated by ; (blank: see meaning)"),
)
NOT_EXPORTED = (
    "practice_indicators",
    "",
    "",
    "Not in this export: the app does not compute practice indicators yet. When it does, "
    "they will be added as their own table.",
    "",
)
# A note on the whole export (no table of its own): who is never in it. It says nothing of how
# many, which for a team could itself be a count small enough to pick someone out.
LEFT_OUT = (
    "people",
    "",
    "",
    "People who asked to be left out of research are not in this export: not in any file, and "
    "in none of the counts in aggregates.csv.",
    "",
)


class _Line:
    """Where csv.writer puts one row: it writes each row with a single call."""

    text = ""

    def write(self, text: str) -> None:
        self.text = text


class _Csv:
    def __init__(self) -> None:
        self._line = _Line()
        self._writer = csv.writer(self._line, lineterminator="\n")

    def line(self, row: Sequence[object]) -> str:
        self._writer.writerow([cell(value) for value in row])
        return self._line.text


def table_lines(
    table: Table, scope: Scope, context: Context, counts: dict[str, int]
) -> Iterator[str]:
    """The table's header, then its rows sorted, read a batch of people at a time."""
    out = _Csv()
    rows = SortedLines()
    width = len(table.columns)
    for batch in scope.person_batches():
        for row in table.rows(context, batch):
            if len(row) != width:
                raise ValueError(f"{table.name}: a row has {len(row)} cells, not {width}")
            rows.add(out.line(row))
    counts[table.name] = rows.count
    yield out.line(table.header)
    yield from rows


def _plain_lines(header: Iterable[Column], rows: Iterable[Sequence[object]]) -> Iterator[str]:
    out = _Csv()
    yield out.line([column.name for column in header])
    for row in rows:
        yield out.line(row)


def dictionary_rows() -> list[tuple[str, ...]]:
    """Every column of every file, in file and column order."""
    described = [
        *((table.name, table.columns) for table in TABLES),
        (AGGREGATES, aggregates.COLUMNS),
        (DICTIONARY, DICTIONARY_COLUMNS),
    ]
    rows = [
        (name, c.name, c.type, c.meaning, c.allowed) for name, columns in described for c in columns
    ]
    return [*rows, LEFT_OUT, NOT_EXPORTED]


def export_files(scope: Scope, key: bytes) -> Iterator[tuple[str, Iterator[str]]]:
    """(file name, its lines) for every file of the export, README.txt last. Read lazily: consume
    it all inside one read_snapshot(), as write_folder and zip_stream do."""
    pseudonym = Pseudonyms(key)
    context = Context(pseudonym=pseudonym)
    counts: dict[str, int] = {}
    for table in TABLES:
        yield f"{table.name}.csv", table_lines(table, scope, context, counts)
    rows = aggregates.aggregate_rows(scope, pseudonym)
    counts[AGGREGATES] = len(rows)
    yield f"{AGGREGATES}.csv", _plain_lines(aggregates.COLUMNS, rows)
    yield f"{DICTIONARY}.csv", _plain_lines(DICTIONARY_COLUMNS, dictionary_rows())
    yield README, iter([readme_text(scope, counts, key_id=pseudonym.key_id)])


def write_folder(folder: Path, scope: Scope, key: bytes) -> dict[str, int]:
    """Write every file into `folder` (which must exist); returns the rows in each table."""
    counts: dict[str, int] = {}
    with read_snapshot():
        for name, lines in export_files(scope, key):
            path = folder / name
            path.touch(mode=0o600)  # readable by this account only, like the folder
            with path.open("w", encoding="utf-8", newline="") as file:
                rows = -1
                for line in lines:
                    file.write(line)
                    rows += 1
            counts[name.removesuffix(".csv")] = rows
    counts.pop(README, None)
    return counts


class _Pipe:
    """A write-only stream the zip writes into and the response drains (not seekable, so zipfile
    streams each entry with a data descriptor instead of going back to fill in sizes)."""

    def __init__(self) -> None:
        self._chunks: list[bytes] = []
        self.size = 0

    def write(self, data: bytes) -> int:
        self._chunks.append(bytes(data))
        self.size += len(data)
        return len(data)

    def flush(self) -> None:
        pass

    def close(self) -> None:
        pass

    def drain(self) -> bytes:
        data = b"".join(self._chunks)
        self._chunks, self.size = [], 0
        return data


def _blocks(lines: Iterable[str], size: int = 64 * 1024) -> Iterator[bytes]:
    """Lines gathered into blocks of about `size` bytes (compressing line by line is slow)."""
    block: list[str] = []
    length = 0
    for line in lines:
        block.append(line)
        length += len(line)
        if length >= size:
            yield "".join(block).encode()
            block, length = [], 0
    if block:
        yield "".join(block).encode()


def zip_stream(scope: Scope, key: bytes) -> Iterator[bytes]:
    """The export as a zip, yielded in pieces as it is made.

    The response iterates this after the view has returned, so the snapshot's transaction is
    opened here, at the first piece, and closed here too: when the last piece is taken, or when
    the generator is closed early. Django's response.close() (which the server calls when the
    client goes away) closes the generator first, raising GeneratorExit at the paused yield; the
    `with` below (a try/finally) then rolls the transaction back before the request ends.
    """
    pipe = _Pipe()
    with (
        read_snapshot(),
        zipfile.ZipFile(pipe, "w", compression=zipfile.ZIP_DEFLATED) as archive,
    ):
        for name, lines in export_files(scope, key):
            info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o600 << 16
            with archive.open(info, "w") as entry:
                for block in _blocks(lines):
                    entry.write(block)
                    if pipe.size >= FLUSH_BYTES:
                        yield pipe.drain()
            yield pipe.drain()
    yield pipe.drain()

"""Reading HSDS JSON a record at a time, so a file of any size needs little memory.

The file may hold one record, a list of records, or an API `Page` (`{"total_items": …,
"contents": […]}`). Lists, and a page's contents, are read item by item with
`json.JSONDecoder.raw_decode` over a growing buffer; anything else is read whole.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any, TextIO

from django.utils.translation import gettext as _

from connecting_people.directory.hsds.importer.kinds import PAGE_FIELDS
from connecting_people.directory.hsds.importer.records import Record, guess_kind
from connecting_people.directory.hsds.importer.report import SourceError, not_utf8

CHUNK = 1 << 16
WHITESPACE = re.compile(r"[ \t\n\r]*")
NUMBER_END = re.compile(r"[ \t\n\r,\]}:]")
DECODER = json.JSONDecoder()


class JSONStream:
    """A JSON text read in chunks; values come out one at a time."""

    def __init__(self, file: TextIO, name: str) -> None:
        self.file = file
        self.name = name
        self.buffer = ""
        self.pos = 0
        self.eof = False
        self.lines_before = 0  # line breaks in the text already let go

    def _more(self) -> bool:
        if self.eof:
            return False
        if self.pos:
            self.lines_before += self.buffer.count("\n", 0, self.pos)
            self.buffer = self.buffer[self.pos :]
            self.pos = 0
        try:
            chunk = self.file.read(max(CHUNK, len(self.buffer)))
        except UnicodeDecodeError:
            line = self.lines_before + self.buffer.count("\n") + 1
            raise not_utf8(self.name, line) from None
        if not chunk:
            self.eof = True
            return False
        self.buffer += chunk
        return True

    def peek(self) -> str:
        """The next character that is not white space ("" at the end of the file)."""
        while True:
            self.pos = WHITESPACE.match(self.buffer, self.pos).end()  # type: ignore[union-attr]
            if self.pos < len(self.buffer):
                return self.buffer[self.pos]
            if not self._more():
                return ""

    def take(self, expected: str) -> None:
        found = self.peek()
        if found != expected:
            raise self.error(
                _("expected %(expected)s but found %(found)s")
                % {"expected": f"“{expected}”", "found": f"“{found}”" if found else _("the end")}
            )
        self.pos += 1

    def value(self) -> Any:
        """The next whole JSON value."""
        self.peek()
        while True:
            try:
                value, end = DECODER.raw_decode(self.buffer, self.pos)
            except json.JSONDecodeError as error:
                cut_short = (
                    error.msg.startswith("Unterminated") or error.pos >= len(self.buffer) - 8
                )
                if self.eof or not cut_short:
                    raise self.error(_json_reason(error), error.pos) from None
            except RecursionError:
                raise self.error(_("the records are nested too deeply")) from None
            else:
                # A number may go on in the next chunk ("0." now, "0.5" then): wait for the
                # character that ends it.
                number = type(value) in (int, float)
                if self.eof or not number or NUMBER_END.search(self.buffer, end):
                    self.pos = end
                    return value
            self._more()

    def error(self, reason: str, pos: int | None = None) -> SourceError:
        at = self.pos if pos is None else pos
        line = self.lines_before + self.buffer.count("\n", 0, at) + 1
        return SourceError(
            _("%(name)s is not valid JSON: %(reason)s (line %(line)s).")
            % {"name": self.name, "reason": reason, "line": f"{line:,}"}
        )

    def items(self) -> Iterator[Any]:
        """The values of the list that starts here."""
        self.take("[")
        if self.peek() == "]":
            self.pos += 1
            return
        while True:
            yield self.value()
            following = self.peek()
            if following not in (",", "]"):
                raise self.error(
                    _("the list ends too soon")
                    if not following
                    else _("expected “,” or “]” after a record")
                )
            self.pos += 1
            if following == "]":
                return

    def end(self) -> None:
        if self.peek():
            raise self.error(_("there is more after the end of the JSON"))


def _json_reason(error: json.JSONDecodeError) -> str:
    if error.pos >= len(error.doc) - 1 or error.msg.startswith("Unterminated"):
        return _("the file ends in the middle of a record (is it cut short?)")
    return error.msg


def _page_or_record(stream: JSONStream) -> Iterator[tuple[str, Any]]:
    """Read an object key by key: a page's `contents` item by item; any other object whole."""
    stream.take("{")
    fields: dict[str, Any] = {}
    paged = False
    while stream.peek() != "}":
        if fields or paged:
            stream.take(",")
        key = stream.value()
        if not isinstance(key, str):
            raise stream.error(_("a field name must be text"))
        stream.take(":")
        if key == "contents" and stream.peek() == "[":
            paged = True
            for position, item in enumerate(stream.items(), 1):
                yield f"contents[{position}]", item
        else:
            fields[key] = stream.value()
    stream.pos += 1
    stream.end()
    if paged and set(fields) <= PAGE_FIELDS:
        return
    if paged:
        raise stream.error(_("it has “contents” but is not an HSDS page"))
    yield "", fields


def json_records(path: Path, kind: str | None) -> Iterator[Record]:
    """Every top-level record in the file (nested records come out of records.flatten)."""
    with path.open(encoding="utf-8-sig") as file:
        stream = JSONStream(file, path.name)
        first = stream.peek()
        if first == "[":
            entries: Iterator[tuple[str, Any]] = (
                (f"[{position}]", item) for position, item in enumerate(stream.items(), 1)
            )
        elif first == "{":
            entries = _page_or_record(stream)
        else:
            raise stream.error(_("it should be a record, a list of records or a page"))
        in_file = _("record %(where)s in the file")
        for where, item in entries:
            if kind is None:
                kind = guess_kind(item)
                if kind is None and isinstance(item, dict):
                    raise SourceError(
                        _(
                            "Cannot tell what kind of HSDS records %(name)s holds. Say which "
                            "with --type (service, organization, service_at_location, "
                            "taxonomy or taxonomy_term)."
                        )
                        % {"name": path.name}
                    )
            place = in_file % {"where": where} if where else str(path.name)
            yield Record(kind or "service", item, place)
        if first == "[":
            stream.end()

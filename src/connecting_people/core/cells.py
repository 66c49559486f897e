"""Cells that a spreadsheet will not run: text written to CSV or XLSX cannot become a formula.

Excel, LibreOffice and Google Sheets may treat a cell that starts with `=`, `+`, `-`, `@`, a tab
or a carriage return (and some of them the full-width forms of the first four) as a formula, so a
service named `=HYPERLINK("http://…", "Click")` would run when someone opened the export.
Following OWASP's advice on CSV injection, such a text cell is written with a single quote in
front (`'=HYPERLINK(…)`), which spreadsheets show as text.

Only text is escaped: numbers stay numbers (`-3` is data, not a formula). Pass the value itself
(an int stays as it is), or, where everything is already text, escape only the text columns. So
that reading our own files back is lossless, text that already starts with quotes before one of
those characters gets one more quote, and `unescape_cell` takes exactly one away:
`unescape_cell(safe_cell(text)) == text` for any text.
"""

from __future__ import annotations

from typing import TypeVar

# What a spreadsheet may read as the start of a formula (OWASP), with the full-width forms.
FORMULA_STARTS = frozenset("=+-@\t\r\uff1d\uff0b\uff0d\uff20")
QUOTE = "'"

T = TypeVar("T")


def _needs_quote(text: str) -> bool:
    return text.lstrip(QUOTE)[:1] in FORMULA_STARTS


def safe_cell(value: T) -> T | str:
    """`value` as a cell that is never a formula: text that could start one gets a leading `'`;
    anything else (numbers, dates, None) is returned as it is."""
    if isinstance(value, str) and value and _needs_quote(value):
        return QUOTE + value
    return value


def safe_row(values: list[T]) -> list[T | str]:
    """Every cell of a row through `safe_cell`."""
    return [safe_cell(value) for value in values]


def unescape_cell(text: str) -> str:
    """Undo `safe_cell` on a cell read back from one of our files."""
    if text.startswith(QUOTE) and _needs_quote(text):
        return text[1:]
    return text

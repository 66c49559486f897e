"""How a table of the export is described: its columns (which the data dictionary lists) and a
function giving its rows for a batch of people."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from enum import Enum

from connecting_people.research.keys import Pseudonyms

PSEUDONYM = "pseudonym"
TEXT = "code"
INTEGER = "integer"
DECIMAL = "decimal"
MONTH = "month (YYYY-MM)"
BOOLEAN = "boolean (true/false)"
UUID = "uuid"


def values_of(choices: type[Enum]) -> str:
    """The allowed values of a set of choices, as the dictionary lists them."""
    return "; ".join(str(choice.value) for choice in choices)


@dataclass(frozen=True)
class Column:
    name: str
    type: str
    meaning: str
    allowed: str = ""


@dataclass(frozen=True)
class Context:
    """What every table's rows need: the pseudonyms."""

    pseudonym: Pseudonyms


Rows = Callable[[Context, list[int]], Iterable[Sequence[object]]]


@dataclass(frozen=True)
class Table:
    """One CSV file: its name, what one row is, its columns, and its rows for a batch of people."""

    name: str
    row_is: str
    columns: tuple[Column, ...]
    rows: Rows

    @property
    def header(self) -> list[str]:
        return [column.name for column in self.columns]


def person_column(meaning: str = "the person's pseudonym (as in people.csv)") -> Column:
    return Column("person", PSEUDONYM, meaning)


def month_column(name: str, meaning: str) -> Column:
    return Column(name, MONTH, meaning)


def count_columns(prefix: str, choices: type[Enum], meaning: str) -> tuple[Column, ...]:
    """One count column per choice, named prefix_value, in the choices' own order; `meaning`
    says what is counted, with {value} for the choice."""
    return tuple(
        Column(f"{prefix}_{value}", INTEGER, meaning.format(value=value))
        for value in (str(choice.value) for choice in choices)
    )

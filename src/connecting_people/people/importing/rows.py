"""What the file's columns are, and how each cell and row is read and checked (no database)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import formats
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from connecting_people.people.models import Status
from connecting_people.people.validators import normalise_nhs_number, validate_nhs_number


class ImportFileError(Exception):
    """The file as a whole cannot be brought in (wrong type, empty, no headings, too long)."""


@dataclass(frozen=True)
class RowError:
    """One problem in one row, numbered as in the user's spreadsheet (the headings are row 1)."""

    row: int
    field_label: str
    message: str

    def __str__(self) -> str:
        if not self.field_label:
            return _("Row %(row)d: %(message)s") % {"row": self.row, "message": self.message}
        return _("Row %(row)d, %(field)s: %(message)s") % {
            "row": self.row,
            "field": self.field_label,
            "message": self.message,
        }


@dataclass(frozen=True)
class Column:
    """A field we bring in: its heading, the other headings that mean it, and what goes in it."""

    name: str
    label: Promise
    also: tuple[str, ...]
    hint: Promise
    required: bool = False


COLUMNS = (
    Column(
        "preferred_name",
        gettext_lazy("Preferred name"),
        ("Name", "Known as", "First name", "Forename"),
        gettext_lazy("The name the person likes to be called. Every row needs one."),
        required=True,
    ),
    Column(
        "other_names",
        gettext_lazy("Other names"),
        ("Surname", "Last name", "Family name"),
        gettext_lazy("Any other names, such as a family name."),
    ),
    Column("pronouns", gettext_lazy("Pronouns"), (), gettext_lazy("For example, she/her.")),
    Column(
        "date_of_birth",
        gettext_lazy("Date of birth"),
        ("DOB", "Birth date"),
        gettext_lazy("Like 26/11/1980 or 1980-11-26, or an Excel date."),
    ),
    Column(
        "nhs_number",
        gettext_lazy("NHS number"),
        ("NHS no", "NHS"),
        gettext_lazy("10 digits; spaces are fine. We check the last digit."),
    ),
    Column(
        "local_id",
        gettext_lazy("Local ID"),
        ("ID", "Client ID", "Patient ID", "Person ID", "Reference"),
        gettext_lazy("The person's number in your other system."),
    ),
    Column("email", gettext_lazy("Email address"), ("Email",), gettext_lazy("Their email.")),
    Column(
        "phone",
        gettext_lazy("Phone number"),
        ("Phone", "Telephone", "Mobile"),
        gettext_lazy("Their phone number."),
    ),
    Column("address", gettext_lazy("Address"), (), gettext_lazy("Their address.")),
    Column("postcode", gettext_lazy("Postcode"), ("Post code",), gettext_lazy("Their postcode.")),
    Column(
        "started_on",
        gettext_lazy("Date started"),
        ("Start date", "Started", "Referral date", "Date referred"),
        gettext_lazy("When they started with the team. Left blank, it is today."),
    ),
    Column(
        "status",
        gettext_lazy("Status"),
        (),
        gettext_lazy(
            "Referred, active or moving on. Left blank, it is referred. People who have moved "
            "on are not brought in: add them if they come back."
        ),
    ),
    Column(
        "keyworker",
        gettext_lazy("Keyworker"),
        ("Key worker", "Keyworker email", "Worker email", "Worker"),
        gettext_lazy("The work email of their keyworker, who must be in the team."),
    ),
)
LABELS = {column.name: column.label for column in COLUMNS}
# The identifiers that mark the same person twice, as named mid-sentence.
IDENTIFIERS = {"nhs_number": gettext_lazy("NHS number"), "local_id": gettext_lazy("local ID")}
_MAX_LENGTHS = {
    "preferred_name": 100,
    "other_names": 200,
    "pronouns": 40,
    "local_id": 50,
    "email": 254,
    "phone": 40,
    "address": 500,
    "postcode": 10,
}


def heading_key(heading: str) -> str:
    """'NHS No.' → 'nhsno': headings compared without case, spaces or punctuation."""
    heading = re.sub(r"\(.*?\)", "", heading.lower())
    return re.sub(r"[\W_]+", "", heading)


# Heading key → (field name, rank): a field's own label outranks its aliases.
HEADINGS = {
    heading_key(heading): (column.name, rank)
    for column in COLUMNS
    for rank, heading in enumerate((str(column.label), column.name, *column.also))
}


@dataclass
class ImportRow:
    """One person as read from the file: text values ready to save, and the fields in doubt."""

    number: int
    values: dict[str, str]
    bad: set[str] = field(default_factory=set)


@dataclass
class ImportReport:
    """What a file holds: its rows, every problem by row, and warnings about what was left out."""

    columns: list[str]
    rows: list[ImportRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    file_name: str = ""

    def preview(self, limit: int = 20) -> list[dict[str, Any]]:
        """The first rows as they will be saved, for people to check."""
        return [
            {
                "number": row.number,
                "cells": [
                    {"text": _display(name, row.values.get(name, "")), "bad": name in row.bad}
                    for name in self.columns
                ],
            }
            for row in self.rows[:limit]
        ]

    @property
    def headings(self) -> list[Promise]:
        return [LABELS[name] for name in self.columns]


def _display(name: str, value: str) -> str:
    if not value:
        return ""
    try:
        if name in ("date_of_birth", "started_on"):
            return formats.date_format(dt.date.fromisoformat(value), "SHORT_DATE_FORMAT")
        if name == "status":
            return str(Status(value).label)
    except ValueError:
        return value  # a value that failed its check is shown as it was typed
    if name == "nhs_number" and len(value) == 10 and value.isdigit():
        return f"{value[:3]} {value[3:6]} {value[6:]}"
    return value


# Reading cells ------------------------------------------------------------------------------


def cell_text(value: Any) -> str:
    """A cell as text: Excel numbers lose their '.0', dates become ISO dates."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).replace("\x00", "").strip()


_DMY = re.compile(r"(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})(?:[ T][\d:.]+)?")
_YMD = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T][\d:.]+)?")
_SHORT_YEAR = re.compile(r"\d{1,2}[/.\-]\d{1,2}[/.\-]\d{2}")


def parse_date(value: Any) -> dt.date:
    """26/11/1980, 26-11-1980, 1980-11-26, 26 November 1980 or an Excel date cell.

    A bare number is refused rather than taken as a day count: 1980 is far likelier a year.
    """
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = cell_text(value)
    if match := _DMY.fullmatch(text):
        day, month, year = (int(part) for part in match.groups())
    elif match := _YMD.fullmatch(text):
        year, month, day = (int(part) for part in match.groups())
    else:
        for pattern in ("%d %B %Y", "%d %b %Y"):
            try:
                return dt.datetime.strptime(text, pattern).date()
            except ValueError:
                pass
        if _SHORT_YEAR.fullmatch(text):
            raise ValidationError(_("write the year in full, like 26/11/1980"))
        raise ValidationError(_("enter a date like 26/11/1980"))
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise ValidationError(_("there is no such date as %(date)s") % {"date": text}) from None


def _clean_date(value: Any, *, today: dt.date, default: dt.date | None = None) -> str:
    if cell_text(value) == "":
        return default.isoformat() if default else ""
    date = parse_date(value)
    if date > today:
        raise ValidationError(_("this date is in the future"))
    if date.year < 1900:
        raise ValidationError(_("check the year: %(year)d is too long ago") % {"year": date.year})
    return date.isoformat()


def _clean_status(value: Any) -> str:
    key = heading_key(cell_text(value))
    if not key:
        return Status.REFERRED.value
    known = {heading_key(s.value): s.value for s in Status} | {
        heading_key(str(s.label)): s.value for s in Status
    }
    status = known.get(key)
    if status == Status.MOVED_ON:
        raise ValidationError(
            _(
                "people who have moved on are not brought in. Add them when they come back "
                "to the service."
            )
        )
    if status is None:
        raise ValidationError(_("use one of: referred, active or moving on"))
    return status


def _clean_email(value: str) -> str:
    try:
        validate_email(value)
    except ValidationError:
        raise ValidationError(
            _("enter an email address in the right format, like name@example.org")
        ) from None
    return value


def _clean(name: str, value: Any, *, today: dt.date) -> str:
    """One field, ready to save, or ValidationError saying what is wrong with it."""
    if name == "date_of_birth":
        return _clean_date(value, today=today)
    if name == "started_on":
        return _clean_date(value, today=today, default=today)
    if name == "status":
        return _clean_status(value)
    text = cell_text(value)
    if name == "preferred_name" and not text:
        raise ValidationError(_("every person needs a preferred name"))
    if name == "nhs_number" and text:
        validate_nhs_number(text)
        text = normalise_nhs_number(text)
    if name == "postcode":
        text = " ".join(text.upper().split())
    limit = _MAX_LENGTHS.get(name)
    if limit and len(text) > limit:
        raise ValidationError(
            _("this is %(count)d characters long; it can be up to %(limit)d")
            % {"count": len(text), "limit": limit}
        )
    if text and name in ("email", "keyworker"):
        text = _clean_email(text)
    return text.lower() if name == "keyworker" else text


def _message(error: ValidationError) -> str:
    """'This is not…' → 'this is not…', to follow 'Row 7, NHS number:'."""
    message = " ".join(error.messages)
    if len(message) > 1 and message[1].islower():
        message = message[0].lower() + message[1:]
    return message


def clean_row(
    cells: Sequence[Any], positions: dict[str, int], *, number: int, today: dt.date
) -> tuple[ImportRow, list[RowError]]:
    """Check one row; every field in doubt is named, and its text kept as it was typed."""
    row, errors = ImportRow(number=number, values={}), []
    for name, index in positions.items():
        value = cells[index] if index < len(cells) else None
        try:
            row.values[name] = _clean(name, value, today=today)
        except ValidationError as problem:
            row.values[name] = cell_text(value)
            row.bad.add(name)
            errors.append(RowError(number, str(LABELS[name]), _message(problem)))
    if "status" not in positions:
        row.values["status"] = Status.REFERRED.value
    if "started_on" not in positions:
        row.values["started_on"] = today.isoformat()
    born, started = row.values.get("date_of_birth"), row.values["started_on"]
    if born and not row.bad & {"date_of_birth", "started_on"} and started < born:
        row.bad.add("started_on")
        errors.append(
            RowError(number, str(LABELS["started_on"]), _("this is before their date of birth"))
        )
    return row, errors

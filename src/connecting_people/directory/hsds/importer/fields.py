"""Reading one field's value into what the model stores, or saying in plain words why it cannot be.

Each model field gets a converter chosen from its Django type (so lengths, choices and ranges are
the model's own). A converter returns the value to store, or raises `Invalid` with the reason; it
may add warnings (value kept, or left empty) to the list it is given.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import math
import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any, cast

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _

from connecting_people.directory.hsds.importer.kinds import KINDS, Kind
from connecting_people.directory.models import TaxonomyTerm

UUID_SHAPE = re.compile(
    r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"
)
NUMBER_SHAPE = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")
EMAIL_SHAPE = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
URI_SHAPE = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:\S+")
INT_LIMITS = {"PositiveSmallIntegerField": 32767, "PositiveIntegerField": 2147483647}
EXAMPLE_ID = "3f7b145d-84af-42d7-8fae-eaca714b02b2"

Warnings = list[tuple[str, str | None]]  # (message, group: warnings of one group are counted)
Converter = Callable[[Any, bool, Warnings], Any]


class Invalid(Exception):
    """The value cannot be stored; the message says why, in plain words."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class FieldSpec:
    name: str  # as HSDS names it
    attname: str  # the model attribute it is stored in
    convert: Converter
    empty: Any  # what is stored when the file leaves it out
    link_to: str | None = None  # for links: the kind of record it points at


def show(value: Any) -> str:
    """A short quotation of a value for a message."""
    text = value if isinstance(value, str) else json.dumps(value, default=str)
    return f"“{text[:40]}…”" if len(text) > 40 else f"“{text}”"


def what_is(value: Any) -> str:
    if value is None:
        return _("empty (null)")
    if isinstance(value, bool):
        return _("true or false")
    if isinstance(value, (int, float)):
        return _("a number")
    if isinstance(value, str):
        return _("text")
    if isinstance(value, list):
        return _("a list")
    return _("a record (an object)")


def _wrong_type(value: Any, wanted: str) -> Invalid:
    return Invalid(
        _("should be %(wanted)s, but it is %(got)s (%(value)s)")
        % {"wanted": wanted, "got": what_is(value), "value": show(value)}
    )


def _text(value: Any, from_text: bool, max_length: int | None) -> str:
    if type(value) is not str:
        raise _wrong_type(value, _("text"))
    if "\x00" in value:
        raise Invalid(_("contains a NUL character (\\u0000), which cannot be stored"))
    if not value.isascii():
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            raise Invalid(
                _("contains characters that are not valid text (lone surrogates)")
            ) from None
    if max_length is not None and len(value) > max_length:
        raise Invalid(
            _("is %(length)s characters long; at most %(max)s fit")
            % {"length": f"{len(value):,}", "max": f"{max_length:,}"}
        )
    return value


def text_converter(field: models.Field) -> Converter:
    max_length = field.max_length if isinstance(field, models.CharField) else None
    choices = [str(value) for value, _label in field.flatchoices] if field.choices else []
    is_email = field.name.endswith("email")

    def convert(value: Any, from_text: bool, warnings: Warnings) -> str:
        text = _text(value, from_text, max_length)
        if choices and text not in choices:
            raise Invalid(
                _("%(value)s is not one of the allowed values: %(allowed)s")
                % {"value": show(text), "allowed": ", ".join(choices)}
            )
        if is_email and text and not EMAIL_SHAPE.fullmatch(text):
            warnings.append(
                (_("%(value)s does not look like an email address") % {"value": show(text)}, None)
            )
        return text

    return convert


def uri_converter(field: models.Field) -> Converter:
    plain = text_converter(field)

    def convert(value: Any, from_text: bool, warnings: Warnings) -> str:
        text = plain(value, from_text, warnings)
        if text and not URI_SHAPE.fullmatch(text):
            warnings.append(
                (
                    _(
                        "%(value)s does not look like a web address (it has no scheme, such "
                        "as https:)"
                    )
                    % {"value": show(text)},
                    None,
                )
            )
        return text

    return convert


def parse_uuid(value: Any, from_text: bool = False) -> uuid.UUID:
    if type(value) is not str:
        raise _wrong_type(value, _("an id (a UUID, as text)"))
    if from_text:
        value = value.strip()
    if not UUID_SHAPE.fullmatch(value):
        raise Invalid(
            _("%(value)s is not a UUID (ids look like %(example)s)")
            % {"value": show(value), "example": EXAMPLE_ID}
        )
    return as_uuid(value)


_UNKNOWN = uuid.SafeUUID.unknown
_new = object.__new__
_set = object.__setattr__


def uuid_from_int(number: int) -> uuid.UUID:
    """A UUID from its 128-bit number, as `uuid.UUID(int=…)` makes it, with less work: there
    is one for every record, and more for their links."""
    made = _new(uuid.UUID)
    _set(made, "int", number)
    _set(made, "is_safe", _UNKNOWN)
    return made


@functools.lru_cache(maxsize=8192)
def as_uuid(text: str) -> uuid.UUID:
    """A UUID from text already of UUID_SHAPE. Cached: a record's id comes again in its parts'
    links."""
    return uuid_from_int(int(text.replace("-", ""), 16))


def uuid_converter(value: Any, from_text: bool, warnings: Warnings) -> uuid.UUID:
    return parse_uuid(value, from_text)


def _number(value: Any, from_text: bool, warnings: Warnings) -> float | int:
    if type(value) in (int, float):
        number = value
    elif type(value) is str and NUMBER_SHAPE.fullmatch(value.strip()):
        number = float(value) if any(c in value for c in ".eE") else int(value)
        if not from_text:
            warnings.append(
                (
                    _("numbers given as text (such as %(value)s) were read as numbers")
                    % {"value": show(value)},
                    "number-as-text",
                )
            )
    else:
        raise _wrong_type(value, _("a number"))
    if isinstance(number, float) and not math.isfinite(number):
        raise Invalid(_("%(value)s is not a usable number") % {"value": show(value)})
    return number


def float_converter(field: models.Field) -> Converter:
    limit = {"latitude": 90, "longitude": 180}.get(field.name)

    def convert(value: Any, from_text: bool, warnings: Warnings) -> float | None:
        try:
            number = float(_number(value, from_text, warnings))
        except OverflowError:
            raise Invalid(_("%(value)s is too large a number") % {"value": show(value)}) from None
        if limit is not None and not -limit <= number <= limit:
            warnings.append(
                (
                    _(
                        "%(value)s is not a %(field)s (it must be between -%(limit)s and "
                        "%(limit)s); left empty, so distance search leaves this place out"
                    )
                    % {"value": show(value), "field": field.name, "limit": limit},
                    None,
                )
            )
            return None
        return number

    return convert


def int_converter(field: models.Field) -> Converter:
    highest = INT_LIMITS.get(field.get_internal_type(), 2147483647)

    def convert(value: Any, from_text: bool, warnings: Warnings) -> int:
        number = _number(value, from_text, warnings)
        if isinstance(number, float):
            if not number.is_integer():
                raise Invalid(_("%(value)s should be a whole number") % {"value": show(value)})
            number = int(number)
        if not 0 <= number <= highest:
            raise Invalid(
                _("%(value)s should be a whole number from 0 to %(highest)s")
                % {"value": show(value), "highest": f"{highest:,}"}
            )
        return number

    return convert


def decimal_converter(field: models.DecimalField) -> Converter:
    places = Decimal(1).scaleb(-field.decimal_places)
    highest = Decimal(10) ** (field.max_digits - field.decimal_places)

    def convert(value: Any, from_text: bool, warnings: Warnings) -> Decimal:
        number = _number(value, from_text, warnings)
        try:
            amount = Decimal(str(number))
            rounded = amount.quantize(places, rounding=ROUND_HALF_UP)
        except InvalidOperation:
            raise Invalid(_("%(value)s is too large a number") % {"value": show(value)}) from None
        if abs(rounded) >= highest:
            raise Invalid(_("%(value)s is too large an amount") % {"value": show(value)})
        if rounded != amount:
            warnings.append(
                (
                    _("%(value)s was rounded to %(rounded)s")
                    % {"value": show(value), "rounded": rounded},
                    None,
                )
            )
        return rounded

    return convert


def _parsed(value: Any, from_text: bool, parse: Callable[[str], Any], what: str) -> Any:
    if type(value) is str:
        try:
            return parse(value.strip() if from_text else value)
        except (ValueError, OverflowError):
            pass
    wanted, hint = {
        "date": (_("a date"), _("use YYYY-MM-DD, like 2025-03-31")),
        "time": (_("a time"), _("use the 24-hour clock, like 09:30 or 18:00:00")),
        "datetime": (_("a date and time"), _("like 2025-03-31T09:30:00Z")),
    }[what]
    if type(value) is not str:
        raise _wrong_type(value, wanted)
    raise Invalid(
        _("%(value)s is not %(wanted)s (%(hint)s)")
        % {"value": show(value), "wanted": wanted, "hint": hint}
    )


def _parse_datetime(text: str) -> dt.datetime:
    """A date and time; one with no offset is UK time (as the API reads `modified_after`)."""
    if len(text) == 10:  # a date alone means the start of that day
        moment = dt.datetime.combine(dt.date.fromisoformat(text), dt.time())
    else:
        moment = dt.datetime.fromisoformat(text)
    return moment if moment.tzinfo else timezone.make_aware(moment)


def _parse_date(text: str) -> dt.date:
    if len(text) != 10:
        raise ValueError(text)
    return dt.date.fromisoformat(text)


def _parse_time(text: str) -> dt.time:
    # The schedule's own `timezone` says which zone; the database keeps plain clock times.
    return dt.time.fromisoformat(text).replace(tzinfo=None)


def date_converter(value: Any, from_text: bool, warnings: Warnings) -> dt.date:
    return _parsed(value, from_text, _parse_date, "date")


def time_converter(value: Any, from_text: bool, warnings: Warnings) -> dt.time:
    return _parsed(value, from_text, _parse_time, "time")


def datetime_converter(value: Any, from_text: bool, warnings: Warnings) -> dt.datetime:
    return _parsed(value, from_text, _parse_datetime, "datetime")


URI_FIELDS = {"url", "website", "uri", "term_uri", "schedule_link"}


def _converter(field: models.Field) -> Converter:
    if isinstance(field, (models.ForeignKey, models.UUIDField)):
        return uuid_converter
    if isinstance(field, models.DateTimeField):
        return datetime_converter
    if isinstance(field, models.DateField):
        return date_converter
    if isinstance(field, models.TimeField):
        return time_converter
    if isinstance(field, models.FloatField):
        return float_converter(field)
    if isinstance(field, models.DecimalField):
        return decimal_converter(field)
    if isinstance(field, models.IntegerField):
        return int_converter(field)
    if field.name in URI_FIELDS:
        return uri_converter(field)
    return text_converter(field)


def model_field(model: type[models.Model], name: str) -> models.Field:
    """The model field an HSDS field is kept in (by its name or attname)."""
    if model is TaxonomyTerm and name == "taxonomy_id":
        name = "taxonomy_detail"
    return cast(models.Field, model._meta.get_field(name))


def _kind_of(model: Any) -> str:
    return next(k.name for k in KINDS.values() if k.model is model)


def field_specs(kind: Kind) -> dict[str, FieldSpec]:
    """The kind's one-to-one HSDS fields, by HSDS name, each with its converter."""
    specs = {}
    for name in kind.model.hsds_fields:  # type: ignore[attr-defined]
        field = model_field(kind.model, name)
        link_to = _kind_of(field.related_model) if field.is_relation else None
        empty = "" if isinstance(field, (models.CharField, models.TextField)) else None
        specs[name] = FieldSpec(name, field.attname, _converter(field), empty, link_to)
    return specs


SPECS = {name: field_specs(kind) for name, kind in KINDS.items()}


def _content(kind: str) -> list[tuple[str, FieldSpec]]:
    any_link = KINDS[kind].any_link or ()
    return [
        (name, spec)
        for name, spec in SPECS[kind].items()
        if name != "id" and spec.link_to is None and name not in any_link
    ]


# The record's own values (what copies must agree on), and its links (merged across copies).
CONTENT = {kind: _content(kind) for kind in KINDS}
LINKS = {
    kind: [
        spec
        for name, spec in SPECS[kind].items()
        if (name, spec) not in CONTENT[kind] and name != "id"
    ]
    for kind in KINDS
}

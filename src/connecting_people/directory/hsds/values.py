"""One record's own (one-to-one) fields as HSDS 3.0 values, shared by the JSON and tabular exports.

Empty text and missing values are left out: the schemas allow no nulls, and their `email` and
`uri` formats reject "". So is a stored email or web address that would fail its format (the
import keeps "www.example.org" or "bob at example" with a warning, and staff still see it on the
service page): what we publish is always valid HSDS. Fields a schema requires are always given
(as "" when we hold nothing), so an object never loses a required key. Only the fields in each
model's `hsds_fields` are read: our own fields (`version`, `updated_at`, `interest_category`) and
the team layer never appear.
"""

from __future__ import annotations

import datetime
import decimal
import re
import uuid
from typing import Any
from urllib.parse import urlsplit

from django.db import models
from django.utils import timezone

from connecting_people.directory.models import (
    Accessibility,
    Address,
    Attribute,
    Contact,
    CostOption,
    Funding,
    Language,
    Location,
    Metadata,
    Organization,
    OrganizationIdentifier,
    Phone,
    Program,
    RequiredDocument,
    Schedule,
    Service,
    ServiceArea,
    ServiceAtLocation,
    Taxonomy,
    TaxonomyTerm,
)

# The HSDS name of each kind of record: the `link_entity` of attributes, the `resource_type` of
# metadata, and the object names in the schemas.
ENTITY: dict[type[models.Model], str] = {
    Organization: "organization",
    OrganizationIdentifier: "organization_identifier",
    Program: "program",
    Service: "service",
    ServiceArea: "service_area",
    Location: "location",
    Address: "address",
    ServiceAtLocation: "service_at_location",
    Contact: "contact",
    Phone: "phone",
    Schedule: "schedule",
    CostOption: "cost_option",
    Funding: "funding",
    Language: "language",
    Accessibility: "accessibility",
    RequiredDocument: "required_document",
    Taxonomy: "taxonomy",
    TaxonomyTerm: "taxonomy_term",
    Attribute: "attribute",
    Metadata: "metadata",
}

# What each schema requires (besides `id`), from the official HSDS 3.0 schemas.
REQUIRED: dict[type[models.Model], frozenset[str]] = {
    Organization: frozenset({"name", "description"}),
    OrganizationIdentifier: frozenset({"identifier_type", "identifier"}),
    Program: frozenset({"name", "description"}),
    Service: frozenset({"name", "status"}),
    Location: frozenset({"location_type"}),
    Address: frozenset(
        {"address_1", "city", "state_province", "postal_code", "country", "address_type"}
    ),
    Phone: frozenset({"number"}),
    Taxonomy: frozenset({"name", "description"}),
    TaxonomyTerm: frozenset({"name", "description"}),
    Metadata: frozenset(
        {
            "last_action_date",
            "last_action_type",
            "field_name",
            "previous_value",
            "replacement_value",
            "updated_by",
        }
    ),
}

# Where an HSDS field name is not the model's attribute name.
_ATTRIBUTE: dict[tuple[type[models.Model], str], str] = {
    (TaxonomyTerm, "taxonomy_id"): "taxonomy_detail_id"
}

# The fields whose schema gives them a `format`, from the official HSDS 3.0 schemas (a service
# area's `uri` has none).
FORMAT: dict[tuple[type[models.Model], str], str] = {
    (Service, "url"): "uri",
    (Service, "email"): "email",
    (Service, "assurer_email"): "email",
    (Organization, "email"): "email",
    (Organization, "website"): "uri",
    (Organization, "uri"): "uri",
    (Contact, "email"): "email",
    (Location, "url"): "uri",
    (Accessibility, "url"): "uri",
    (RequiredDocument, "uri"): "uri",
    (Schedule, "schedule_link"): "uri",
    (Taxonomy, "uri"): "uri",
    (TaxonomyTerm, "term_uri"): "uri",
}

# Strict on purpose: a web address needs its scheme and host ("www.example.org" is not one), and
# only schemes people use for a service's details are published.
_WEB_SCHEMES = frozenset({"http", "https", "ftp", "ftps", "webcal"})
_OTHER_SCHEMES = frozenset({"mailto", "tel", "sms", "urn", "geo"})
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+")
_UNSAFE = re.compile(r"[\s\x00-\x1f\x7f<>\"{}|\\^`]")


def is_valid(kind: str, value: str) -> bool:
    """Whether `value` passes the schema's `email` or `uri` format, checked strictly."""
    if kind == "email":
        return bool(_EMAIL.fullmatch(value))
    if _UNSAFE.search(value):
        return False
    try:
        parts = urlsplit(value)
        host = parts.hostname
    except ValueError:  # "http://[::1" and the like
        return False
    scheme = parts.scheme.lower()
    if scheme in _WEB_SCHEMES:
        return bool(host)
    return scheme in _OTHER_SCHEMES and bool(parts.path or parts.netloc)


# HSDS gives the date of a change, not its time.
_DATE_ONLY: set[tuple[type[models.Model], str]] = {(Metadata, "last_action_date")}


def hsds_value(value: Any, *, date_only: bool = False) -> Any:
    """A Python value as HSDS has it: ids and dates as text, numbers as integers when whole."""
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, datetime.datetime):
        if date_only:  # the UK date, as the importer reads a bare date as the start of UK day
            return (
                timezone.localdate(value).isoformat()
                if timezone.is_aware(value)
                else (value.date().isoformat())
            )
        return _rfc3339(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, datetime.time):
        return value.replace(microsecond=0).isoformat()
    if isinstance(value, bool):
        return value
    if isinstance(value, (float, decimal.Decimal)):
        return int(value) if value == int(value) else float(value)
    return value


def _rfc3339(moment: datetime.datetime) -> str:
    """RFC 3339 in UTC with milliseconds, as the schema's `last_modified` example has it."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=datetime.UTC)
    text = moment.astimezone(datetime.UTC).isoformat(timespec="milliseconds")
    return text.replace("+00:00", "Z")


def field_names(model: type[models.Model]) -> tuple[str, ...]:
    """The model's one-to-one HSDS fields, in the schema's order."""
    return model.hsds_fields  # type: ignore[attr-defined]


def attribute_name(model: type[models.Model], name: str) -> str:
    """The model attribute behind an HSDS field name."""
    return _ATTRIBUTE.get((model, name), name)


def raw_value(record: models.Model, name: str) -> Any:
    """The stored value behind one HSDS field of a record."""
    return getattr(record, attribute_name(type(record), name))


def shaped_value(model: type[models.Model], name: str, value: Any) -> Any:
    """A stored value of one field as HSDS writes it (None or "" when there is nothing, or
    when an email or web address would fail the schema's format)."""
    if value is None or value == "":
        return value
    kind = FORMAT.get((model, name))
    if kind and not is_valid(kind, str(value)):
        return ""
    return hsds_value(value, date_only=(model, name) in _DATE_ONLY)


def record_fields(record: models.Model) -> dict[str, Any]:
    """A record's one-to-one fields as an HSDS object, leaving out what is empty."""
    model = type(record)
    required = REQUIRED.get(model, frozenset())
    shaped: dict[str, Any] = {}
    for name in field_names(model):
        value = shaped_value(model, name, raw_value(record, name))
        if value is None or value == "":
            if name in required:
                shaped[name] = ""
            continue
        shaped[name] = value
    return shaped


def cell(model: type[models.Model], name: str, value: Any) -> str:
    """A stored value as a CSV cell: the same text as the JSON export, empty when missing."""
    shaped = shaped_value(model, name, value)
    return "" if shaped is None else str(shaped)

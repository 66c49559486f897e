"""The HSDS 3.0 record kinds the importer knows: their models, required fields, nesting and files.

Field types, lengths and choices come from the models themselves (see fields.py); what the
models cannot say is written here: which fields the schemas require, which lists and objects nest
inside which records (and which link field the nesting stands for), and the tabular file names.
"""

from __future__ import annotations

import dataclasses
import posixpath
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import models

from connecting_people.directory import models as directory

# Nested under a parent, a record links to it through this field of its own.
CHILD = "child"
# The parent nests the record it points to (a service's `organization`), through the parent's field.
TARGET = "target"
# Attributes and metadata point at any record: nesting fills `link_id`/`resource_id` if not given.
ANY = "any"


@dataclass(frozen=True)
class Nested:
    kind: str
    how: str  # CHILD, TARGET or ANY
    field: str = ""  # CHILD: the child's link field; TARGET: the parent's link field
    many: bool = True


def _children(**links: tuple[str, str]) -> dict[str, Nested]:
    return {key: Nested(kind, CHILD, field) for key, (kind, field) in links.items()}


_TAGS = {"attributes": Nested("attribute", ANY), "metadata": Nested("metadata", ANY)}


@dataclass(frozen=True)
class Kind:
    name: str
    model: type[models.Model]
    required: tuple[str, ...]
    nested: dict[str, Nested]
    csv: str
    # Links whose target may be missing without harm, even in a strict import: the link is left
    # empty, with a warning.
    loose_links: tuple[str, ...] = ()
    # Links the record means nothing without (HSDS 3.0's tabular schema marks them required): a
    # target that is neither in the file nor in the directory refuses the file. Every other link
    # is optional: unless the import is strict, a missing target is left out with a warning.
    required_links: tuple[str, ...] = ()
    # Generic links (to any kind of record) and the field saying which kind it is.
    any_link: tuple[str, str] | None = None


def _kinds() -> dict[str, Kind]:
    service_children = _children(
        phones=("phone", "service_id"),
        schedules=("schedule", "service_id"),
        service_areas=("service_area", "service_id"),
        service_at_locations=("service_at_location", "service_id"),
        languages=("language", "service_id"),
        funding=("funding", "service_id"),
        cost_options=("cost_option", "service_id"),
        required_documents=("required_document", "service_id"),
        contacts=("contact", "service_id"),
    )
    kinds = [
        Kind(
            "organization",
            directory.Organization,
            ("id", "name", "description"),
            {
                **_children(
                    funding=("funding", "organization_id"),
                    contacts=("contact", "organization_id"),
                    phones=("phone", "organization_id"),
                    locations=("location", "organization_id"),
                    programs=("program", "organization_id"),
                    organization_identifiers=("organization_identifier", "organization_id"),
                    services=("service", "organization_id"),
                ),
                **_TAGS,
            },
            "organizations.csv",
            loose_links=("parent_organization_id",),
        ),
        Kind(
            "organization_identifier",
            directory.OrganizationIdentifier,
            ("id", "identifier_type", "identifier"),
            dict(_TAGS),
            "organization_identifiers.csv",
        ),
        Kind(
            "program",
            directory.Program,
            ("id", "name", "description"),
            dict(_TAGS),
            "programs.csv",
        ),
        Kind(
            "service",
            directory.Service,
            ("id", "name", "status"),
            {
                **service_children,
                "organization": Nested("organization", TARGET, "organization_id", many=False),
                "program": Nested("program", TARGET, "program_id", many=False),
                **_TAGS,
            },
            "services.csv",
        ),
        Kind("service_area", directory.ServiceArea, ("id",), dict(_TAGS), "service_areas.csv"),
        Kind(
            "location",
            directory.Location,
            ("id", "location_type"),
            {
                **_children(
                    languages=("language", "location_id"),
                    addresses=("address", "location_id"),
                    contacts=("contact", "location_id"),
                    accessibility=("accessibility", "location_id"),
                    phones=("phone", "location_id"),
                    schedules=("schedule", "location_id"),
                ),
                **_TAGS,
            },
            "locations.csv",
        ),
        Kind(
            "address",
            directory.Address,
            (
                "id",
                "address_1",
                "city",
                "state_province",
                "postal_code",
                "country",
                "address_type",
            ),
            dict(_TAGS),
            "addresses.csv",
        ),
        Kind(
            "service_at_location",
            directory.ServiceAtLocation,
            ("id",),
            {
                **_children(
                    contacts=("contact", "service_at_location_id"),
                    phones=("phone", "service_at_location_id"),
                    schedules=("schedule", "service_at_location_id"),
                ),
                "location": Nested("location", TARGET, "location_id", many=False),
                "service": Nested("service", TARGET, "service_id", many=False),
                **_TAGS,
            },
            "service_at_location.csv",
        ),
        Kind(
            "contact",
            directory.Contact,
            ("id",),
            {**_children(phones=("phone", "contact_id")), **_TAGS},
            "contacts.csv",
        ),
        Kind(
            "phone",
            directory.Phone,
            ("id", "number"),
            {**_children(languages=("language", "phone_id")), **_TAGS},
            "phones.csv",
        ),
        Kind("schedule", directory.Schedule, ("id",), dict(_TAGS), "schedules.csv"),
        Kind("cost_option", directory.CostOption, ("id",), dict(_TAGS), "cost_options.csv"),
        Kind("funding", directory.Funding, ("id",), dict(_TAGS), "funding.csv"),
        Kind("language", directory.Language, ("id",), dict(_TAGS), "languages.csv"),
        Kind("accessibility", directory.Accessibility, ("id",), dict(_TAGS), "accessibility.csv"),
        Kind(
            "required_document",
            directory.RequiredDocument,
            ("id",),
            dict(_TAGS),
            "required_documents.csv",
        ),
        Kind(
            "taxonomy",
            directory.Taxonomy,
            ("id", "name", "description"),
            {"metadata": _TAGS["metadata"]},
            "taxonomies.csv",
        ),
        Kind(
            "taxonomy_term",
            directory.TaxonomyTerm,
            ("id", "name", "description"),
            {
                "taxonomy_detail": Nested("taxonomy", TARGET, "taxonomy_id", many=False),
                "metadata": _TAGS["metadata"],
            },
            "taxonomy_terms.csv",
            loose_links=("parent_id",),
        ),
        Kind(
            "attribute",
            directory.Attribute,
            ("id",),
            {
                "taxonomy_term": Nested("taxonomy_term", TARGET, "taxonomy_term_id", many=False),
                "metadata": _TAGS["metadata"],
            },
            "attributes.csv",
            any_link=("link_id", "link_entity"),
        ),
        Kind(
            "metadata",
            directory.Metadata,
            (
                "id",
                "last_action_date",
                "last_action_type",
                "field_name",
                "previous_value",
                "replacement_value",
                "updated_by",
            ),
            {},
            "metadata.csv",
            any_link=("resource_id", "resource_type"),
        ),
    ]
    return {
        kind.name: dataclasses.replace(kind, required_links=REQUIRED_LINKS.get(kind.name, ()))
        for kind in kinds
    }


# The links HSDS 3.0's tabular schema (the specification's datapackage.json) marks required.
REQUIRED_LINKS = {
    "program": ("organization_id",),
    "service": ("organization_id",),
    "service_at_location": ("service_id", "location_id"),
    "cost_option": ("service_id",),
    "organization_identifier": ("organization_id",),
    "attribute": ("taxonomy_term_id",),
}

KINDS = _kinds()

# Parents before the records that point at them (the order tables are written in).
WRITE_ORDER = (
    "taxonomy",
    "taxonomy_term",
    "organization",
    "organization_identifier",
    "program",
    "service",
    "service_area",
    "location",
    "address",
    "service_at_location",
    "contact",
    "phone",
    "schedule",
    "cost_option",
    "funding",
    "language",
    "accessibility",
    "required_document",
    "attribute",
    "metadata",
)

# Children a JSON parent lists in full: those the directory links to it through that list's
# field and the file leaves out are removed (a parent without the list keeps its children).
# Not services, locations, programs or services at locations (they carry records of their own,
# and our team layer hangs on services), nor metadata (the history of changes).
REMOVABLE = frozenset(
    {
        "organization_identifier",
        "service_area",
        "address",
        "contact",
        "phone",
        "schedule",
        "cost_option",
        "funding",
        "language",
        "accessibility",
        "required_document",
        "attribute",
    }
)

# Each removable kind's links to the parents that nest it (CHILD nesting), by field name.
PARENT_LINKS: dict[str, tuple[str, ...]] = {
    child: tuple(
        dict.fromkeys(
            spec.field
            for kind in KINDS.values()
            for spec in kind.nested.values()
            if spec.kind == child and spec.how == CHILD
        )
    )
    for child in REMOVABLE
}

# Metadata may record that a field was empty before (or after) a change.
MAY_BE_EMPTY = {("metadata", "previous_value"), ("metadata", "replacement_value")}

# The kinds a whole file (or --type) may hold at the top level.
TOP_LEVEL = ("service", "organization", "service_at_location", "taxonomy", "taxonomy_term")

# Fields of an API Page object around its `contents`.
PAGE_FIELDS = frozenset(
    {
        "total_items",
        "total_pages",
        "page_number",
        "size",
        "first_page",
        "last_page",
        "empty",
        "contents",
    }
)

# Tables in the tabular package that hold nothing we keep.
IGNORED_CSV = {"meta_table_descriptions.csv": "meta_table_description"}
# Other spellings of file names seen in the wild.
CSV_ALIASES = {"service_at_locations.csv": "service_at_location"}


def kind_for_csv(file_name: str) -> str | None:
    """The record kind a tabular file holds, from its file name (None if not an HSDS table)."""
    if file_name in CSV_ALIASES:
        return CSV_ALIASES[file_name]
    for kind in KINDS.values():
        if kind.csv == file_name:
            return kind.name
    return None


# File names only the older versions use; any of them marks a package as older.
OLDER_ONLY = {
    "physical_addresses.csv",
    "postal_addresses.csv",
    "services_at_location.csv",
    "accessibility_for_disabilities.csv",
    "regular_schedules.csv",
    "holiday_schedules.csv",
    "taxonomy.csv",
    "services_taxonomy.csv",
    "service_attributes.csv",
    "other_attributes.csv",
    "eligibility.csv",
    "payments_accepted.csv",
    "fees.csv",
    "interpretation_services.csv",
}
# Of those, the ones only 1.x has (2.0 has schedules.csv, taxonomy_terms.csv, *_attributes.csv).
ONE_ONLY = {
    "regular_schedules.csv",
    "holiday_schedules.csv",
    "taxonomy.csv",
    "services_taxonomy.csv",
}


def older_version(members: Iterable[str]) -> str | None:
    """ "1.x" or "2.0" when the package's file names are those of an older HSDS, else None."""
    names = {posixpath.basename(m).lower() for m in members}
    if not names & OLDER_ONLY:
        return None
    return "1.x" if names & ONE_ONLY else "2.0"

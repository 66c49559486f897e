"""Nested HSDS objects flattened into one record per object, each knowing where it sat.

A phone inside a service inside an organization becomes three records; the nesting itself says
how they link (the phone's `service_id`, the service's `organization_id`), and those links travel
with the record as `links` so the checker can merge them with what the file says outright.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from connecting_people.directory.hsds.importer.fields import UUID_SHAPE, what_is
from connecting_people.directory.hsds.importer.kinds import ANY, CHILD, KINDS, REMOVABLE, TARGET


@dataclass(slots=True)
class Record:
    kind: str
    data: Any  # the record's own fields as the file gives them (a dict, unless the file is wrong)
    where: str  # where it sits in the file, for messages when its id cannot be used
    links: dict[str, str] = field(default_factory=dict)  # link fields the nesting implies
    from_text: bool = False  # from a CSV cell: numbers come as text, and that is fine
    problems: list[tuple[str, str]] = field(default_factory=list)  # (field, message)
    # The lists of children the record gives in full (JSON only), as (child kind, link field):
    # what the directory links to it through that field and the file leaves out is removed.
    # An attribute's link field is the parent's kind (`link_entity`).
    lists: list[tuple[str, str]] = field(default_factory=list)

    @property
    def label(self) -> str:
        """How messages name the record: its kind and id, or where it is when its id is unusable."""
        given = self.data.get("id") if isinstance(self.data, dict) else None
        if isinstance(given, str) and UUID_SHAPE.fullmatch(given):
            return f"{self.kind} {given.lower()}"
        return _("%(kind)s at %(where)s (no usable id)") % {"kind": self.kind, "where": self.where}


def _usable_id(obj: dict[str, Any]) -> str | None:
    given = obj.get("id")
    return given if isinstance(given, str) and UUID_SHAPE.fullmatch(given) else None


def _split(record: Record) -> list[tuple[str, list[dict[str, Any]], Any]]:
    """Take the nested lists and objects out of the record's data, noting any of the wrong shape."""
    kind = KINDS[record.kind]
    own: dict[str, Any] = {}
    nested = []
    for key, value in record.data.items():
        # A CSV cell cannot hold nested records: such a column is just an unknown field.
        spec = None if record.from_text else kind.nested.get(key)
        if spec is None:
            own[key] = value
        elif value is None:
            continue
        elif spec.many and not isinstance(value, list):
            record.problems.append(
                (key, _("should be a list of records, but it is %(got)s") % {"got": what_is(value)})
            )
        elif not spec.many and not isinstance(value, dict):
            record.problems.append(
                (
                    key,
                    _("should be a record (an object), but it is %(got)s")
                    % {"got": what_is(value)},
                )
            )
        else:
            items = value if spec.many else [value]
            for position, item in enumerate(items, 1):
                if not isinstance(item, dict):
                    record.problems.append(
                        (
                            f"{key}[{position}]",
                            _("should be a record (an object), but it is %(got)s")
                            % {"got": what_is(item)},
                        )
                    )
            nested.append((key, [item for item in items if isinstance(item, dict)], spec))
            if spec.many and spec.kind in REMOVABLE:  # the key is there, even as []
                record.lists.append((spec.kind, record.kind if spec.how == ANY else spec.field))
            if spec.how == TARGET and (target := _usable_id(value)):
                record.links[spec.field] = target
    record.data = own
    return nested


def flatten(record: Record) -> Iterator[Record]:
    """The record, then every record nested inside it (depth first), each with its links."""
    if not isinstance(record.data, dict):
        record.problems.append(
            (
                "",
                _("should be a record (an object), but it is %(got)s")
                % {"got": what_is(record.data)},
            )
        )
        record.data = {}
        yield record
        return
    nested = _split(record)
    yield record
    parent_id = _usable_id(record.data)
    parent = f"{record.kind} {parent_id}" if parent_id else record.where
    for key, items, spec in nested:
        for position, item in enumerate(items, 1):
            where = f"{parent} / {key}[{position}]" if spec.many else f"{parent} / {key}"
            links: dict[str, str] = {}
            if parent_id and spec.how == CHILD:
                links[spec.field] = parent_id
            elif parent_id and spec.how == ANY:
                id_field, entity_field = KINDS[spec.kind].any_link or ("", "")
                links = {id_field: parent_id, entity_field: record.kind}
            yield from flatten(Record(spec.kind, item, where, links, record.from_text))


SIGNS = {
    "service": {
        "status",
        "program_id",
        "interpretation_services",
        "application_process",
        "fees_description",
        "wait_time",
        "fees",
        "accreditations",
        "eligibility_description",
        "minimum_age",
        "maximum_age",
        "assured_date",
        "assurer_email",
        "licenses",
        "alert",
        "last_modified",
        "service_areas",
        "service_at_locations",
        "cost_options",
        "required_documents",
        "schedules",
        "program",
    },
    "organization": {
        "website",
        "tax_status",
        "tax_id",
        "year_incorporated",
        "legal_status",
        "logo",
        "parent_organization_id",
        "locations",
        "programs",
        "organization_identifiers",
        "services",
    },
    "service_at_location": {"service_id", "location_id", "location", "service"},
    "taxonomy_term": {
        "code",
        "parent_id",
        "taxonomy",
        "taxonomy_detail",
        "language",
        "taxonomy_id",
        "term_uri",
    },
    "taxonomy": {"version"},
}


def guess_kind(obj: Any) -> str | None:
    """Which kind of record this top-level object looks like (None when it is not clear)."""
    if not isinstance(obj, dict):
        return None
    keys = set(obj)
    scores = sorted(((len(keys & signs), kind) for kind, signs in SIGNS.items()), reverse=True)
    (best, kind), (runner_up, _other) = scores[0], scores[1]
    return kind if best > runner_up else None

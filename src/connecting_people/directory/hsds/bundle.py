"""Everything nested under a page of services, organisations or locations, in a fixed number of
queries whatever the page size.

Each kind of nested record is fetched once for the whole page (one query per table, every link
to the page's records in the same `WHERE ... IN` clause), then grouped by the record it hangs
from. Attributes and metadata can hang from any record: they are fetched once, for every id the
page holds. Very long id lists are split (`MAX_IDS` per query) to stay within what databases
accept, which only happens beyond a few hundred services a page.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, TypeVar

from django.db import models
from django.db.models import Q

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
)

M = TypeVar("M", bound=models.Model)

MAX_IDS = 5000


def fetch(model: type[M], links: Mapping[str, Iterable[Any]], *select: str) -> list[M]:
    """Records of `model` whose link fields point at any of the given ids, ordered by id."""
    pairs = [(field, pk) for field, ids in links.items() for pk in ids if pk is not None]
    found: dict[Any, M] = {}
    for start in range(0, len(pairs), MAX_IDS):
        grouped: dict[str, list[Any]] = defaultdict(list)
        for field, pk in pairs[start : start + MAX_IDS]:
            grouped[field].append(pk)
        condition = Q()
        for field, ids in grouped.items():
            condition |= Q(**{f"{field}__in": ids})
        for record in (
            model._default_manager.filter(condition).select_related(*select).order_by("id")
        ):
            found[record.pk] = record
    return sorted(found.values(), key=lambda record: record.pk)


class Bundle:
    """The nested parts of some services, organisations and locations, grouped by parent."""

    def __init__(self) -> None:
        self._children: dict[tuple[type, str], dict[Any, list[Any]]] = defaultdict(
            lambda: defaultdict(list)
        )
        self.organizations: dict[uuid.UUID | None, Organization] = {}
        self.programs: dict[uuid.UUID | None, Program] = {}
        self.attributes: dict[uuid.UUID | None, list[Attribute]] = defaultdict(list)
        self.metadata: dict[uuid.UUID | None, list[Metadata]] = defaultdict(list)
        self._ids: set[uuid.UUID] = set()

    def children(self, model: type[M], field: str, parent: Any) -> list[M]:
        """The records of `model` that point at `parent` through `field`."""
        return self._children[(model, field)].get(parent, [])

    def _load(self, model: type[M], links: Mapping[str, Iterable[Any]], *select: str) -> list[M]:
        records = fetch(model, links, *select)
        for record in records:
            self._ids.add(record.pk)
            for field in links:
                parent = getattr(record, field)
                if parent is not None:
                    self._children[(model, field)][parent].append(record)
        return records

    def note(self, records: Iterable[models.Model]) -> None:
        """Records given by the caller, whose attributes and metadata should be fetched too."""
        self._ids.update(record.pk for record in records)

    @classmethod
    def for_records(
        cls,
        *,
        services: Sequence[Service] = (),
        organizations: Sequence[Organization] = (),
        service_at_locations: Sequence[ServiceAtLocation] = (),
        nest_service_locations: bool = True,
    ) -> Bundle:
        """Load everything that nests under these records (and their organisations, programmes).

        With `nest_service_locations`, the services' own services-at-locations are loaded too;
        `service_at_locations` given here get their locations set from one query.
        """
        bundle = cls()
        bundle.note([*services, *organizations, *service_at_locations])
        bundle.load_heads(services, organizations)
        sals = list(service_at_locations)
        if nest_service_locations and services:
            sals += bundle._load(
                ServiceAtLocation, {"service_id": {s.pk for s in services}}, "location"
            )
        given = fetch(Location, {"id": {s.location_id for s in service_at_locations}})
        by_id = {loc.pk: loc for loc in given}
        for sal in service_at_locations:
            if sal.location_id in by_id:
                sal.location = by_id[sal.location_id]
        org_ids = {o.pk for o in organizations}
        org_locations = bundle._load(Location, {"organization_id": org_ids})
        locations = [*(s.location for s in sals if s.location is not None), *org_locations]
        bundle.note(locations)
        bundle._load_parts(
            {s.pk for s in services}, org_ids, {loc.pk for loc in locations}, {s.pk for s in sals}
        )
        bundle._load_tags()
        return bundle

    def load_heads(
        self, services: Sequence[Service], organizations: Sequence[Organization] = ()
    ) -> None:
        """The organisations and programmes the services name, and the organisations' programmes."""
        org_ids = {s.organization_id for s in services} - {None}
        self.organizations = {o.pk: o for o in fetch(Organization, {"id": org_ids})}
        program_links: dict[str, set[Any]] = {
            "id": {s.program_id for s in services} - {None},
            "organization_id": {o.pk for o in organizations},
        }
        programs = self._load(Program, program_links)
        self.programs = {p.pk: p for p in programs}
        self.note(self.organizations.values())

    def _load_parts(
        self,
        service_ids: set[Any],
        org_ids: set[Any],
        location_ids: set[Any],
        sal_ids: set[Any],
    ) -> None:
        by_service = {"service_id": service_ids}
        self._load(Address, {"location_id": location_ids})
        self._load(Accessibility, {"location_id": location_ids})
        contacts = self._load(
            Contact,
            {
                **by_service,
                "organization_id": org_ids,
                "location_id": location_ids,
                "service_at_location_id": sal_ids,
            },
        )
        phones = self._load(
            Phone,
            {
                **by_service,
                "organization_id": org_ids,
                "location_id": location_ids,
                "service_at_location_id": sal_ids,
                "contact_id": {c.pk for c in contacts},
            },
        )
        self._load(
            Language,
            {**by_service, "location_id": location_ids, "phone_id": {p.pk for p in phones}},
        )
        self._load(
            Schedule, {**by_service, "location_id": location_ids, "service_at_location_id": sal_ids}
        )
        self._load(ServiceArea, by_service)
        self._load(Funding, {**by_service, "organization_id": org_ids})
        self._load(CostOption, by_service)
        self._load(RequiredDocument, by_service)
        self._load(OrganizationIdentifier, {"organization_id": org_ids})

    def _load_tags(self) -> None:
        """Attributes (with their terms and taxonomies) and metadata of every record loaded."""
        ids = sorted(self._ids)
        for attribute in fetch(
            Attribute, {"link_id": ids}, "taxonomy_term", "taxonomy_term__taxonomy_detail"
        ):
            self.attributes[attribute.link_id].append(attribute)
        for change in fetch(Metadata, {"resource_id": ids}):
            self.metadata[change.resource_id].append(change)

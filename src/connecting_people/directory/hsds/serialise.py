"""Directory records in the exact JSON shapes of HSDS 3.0 (the API's and the export's).

    services_list_json(services)            compiled/service_list.json, one per service
    services_full_json(services)            compiled/service.json, everything nested
    service_json(service)                   one full service
    services_minimal_json(services)         just `id` and `last_modified`
    organizations_list_json(organizations)  compiled/organization_list.json
    organizations_full_json(orgs, full_service=False)  compiled/organization.json
    organization_json(organization, full_service=False)
    service_at_locations_list_json(sals)    compiled/service_at_location_list.json
    service_at_locations_full_json(sals)    compiled/service_at_location.json
    service_at_location_json(sal)
    taxonomy_json(taxonomy)                 taxonomy.json
    taxonomy_terms_json(terms)              taxonomy_term.json, with `taxonomy_detail` when known
    taxonomy_term_json(term)

The plural functions take a page of records and cost a fixed number of queries whatever its size
(see bundle.py). Empty text and missing values are left out. In a full object, the top-level
object always carries every list the schema gives it (empty when there is nothing), and nested
objects carry only the lists that have something in them. Attributes attach to any record by
`link_entity` + `link_id` (an attribute with no `link_entity` attaches by id alone).

Nothing of the team layer, and none of our own fields, can appear: only `hsds_fields` are read.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import models

from connecting_people.directory.hsds.bundle import Bundle, fetch
from connecting_people.directory.hsds.values import ENTITY, record_fields
from connecting_people.directory.models import (
    Accessibility,
    Address,
    Attribute,
    Contact,
    CostOption,
    Funding,
    Language,
    Location,
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

JSON = dict[str, Any]


# Taxonomies ------------------------------------------------------------------------------------


def taxonomy_json(taxonomy: Taxonomy) -> JSON:
    return record_fields(taxonomy)


def taxonomy_term_json(term: TaxonomyTerm) -> JSON:
    """A term, with its taxonomy nested as `taxonomy_detail` when it has one (select_related)."""
    shaped = record_fields(term)
    if term.taxonomy_detail_id is not None and term.taxonomy_detail is not None:
        shaped["taxonomy_detail"] = taxonomy_json(term.taxonomy_detail)
    return shaped


def taxonomy_terms_json(terms: Sequence[TaxonomyTerm]) -> list[JSON]:
    taxonomy_ids = {t.taxonomy_detail_id for t in terms} - {None}
    taxonomies = {t.pk: t for t in fetch(Taxonomy, {"id": taxonomy_ids})}
    for term in terms:
        if term.taxonomy_detail_id in taxonomies:
            term.taxonomy_detail = taxonomies[term.taxonomy_detail_id]
    return [taxonomy_term_json(term) for term in terms]


# Services -------------------------------------------------------------------------------------


def services_minimal_json(services: Sequence[Service]) -> list[JSON]:
    """What the API's `minimal` option gives: each service's id and when it last changed."""
    return [
        {k: v for k, v in record_fields(s).items() if k in ("id", "last_modified")}
        for s in services
    ]


def services_list_json(services: Sequence[Service]) -> list[JSON]:
    """The one-to-one fields of each service, with its organisation and programme."""
    bundle = Bundle()
    bundle.load_heads(services)
    return [_service_short(bundle, service) for service in services]


def services_full_json(services: Sequence[Service]) -> list[JSON]:
    """Each service with everything that hangs from it (compiled/service.json)."""
    bundle = Bundle.for_records(services=services)
    return [_service_full(bundle, service, top=True) for service in services]


def service_json(service: Service) -> JSON:
    return services_full_json([service])[0]


def _service_short(bundle: Bundle, service: Service) -> JSON:
    shaped = record_fields(service)
    organization = bundle.organizations.get(service.organization_id)
    if organization is not None:
        shaped["organization"] = record_fields(organization)
    program = bundle.programs.get(service.program_id)
    if program is not None:
        shaped["program"] = record_fields(program)
    return shaped


def _service_full(
    bundle: Bundle, service: Service, *, top: bool, with_locations: bool = True
) -> JSON:
    pk = service.pk
    parts: dict[str, list[JSON]] = {
        "phones": [_phone(bundle, p) for p in bundle.children(Phone, "service_id", pk)],
        "schedules": _tagged_all(bundle, bundle.children(Schedule, "service_id", pk)),
        "service_areas": _tagged_all(bundle, bundle.children(ServiceArea, "service_id", pk)),
    }
    if with_locations:
        parts["service_at_locations"] = [
            _sal_full(bundle, sal, top=False)
            for sal in bundle.children(ServiceAtLocation, "service_id", pk)
        ]
    parts["languages"] = _tagged_all(bundle, bundle.children(Language, "service_id", pk))
    shaped = _with_lists(record_fields(service), parts, keep_empty=top)
    organization = bundle.organizations.get(service.organization_id)
    if organization is not None:
        shaped["organization"] = record_fields(organization)
    later: dict[str, list[JSON]] = {
        "funding": _tagged_all(bundle, bundle.children(Funding, "service_id", pk)),
        "cost_options": _tagged_all(bundle, bundle.children(CostOption, "service_id", pk)),
    }
    shaped = _with_lists(shaped, later, keep_empty=top)
    program = bundle.programs.get(service.program_id)
    if program is not None:
        shaped["program"] = _tagged(bundle, program)
    tail = {
        "required_documents": _tagged_all(
            bundle, bundle.children(RequiredDocument, "service_id", pk)
        ),
        "contacts": [_contact(bundle, c) for c in bundle.children(Contact, "service_id", pk)],
    }
    return _with_tags(bundle, _with_lists(shaped, tail, keep_empty=top), service, keep_empty=top)


# Service at location ----------------------------------------------------------------------------


def service_at_locations_list_json(sals: Sequence[ServiceAtLocation]) -> list[JSON]:
    """Each service at a location with its location's and service's one-to-one fields."""
    services = fetch(Service, {"id": {s.service_id for s in sals}})
    locations: dict[Any, Location] = {
        loc.pk: loc for loc in fetch(Location, {"id": {s.location_id for s in sals}})
    }
    bundle = Bundle()
    bundle.load_heads(services)
    service_by_id: dict[Any, Service] = {s.pk: s for s in services}
    shaped = []
    for sal in sals:
        item = record_fields(sal)
        location = locations.get(sal.location_id)
        if location is not None:
            item["location"] = record_fields(location)
        service = service_by_id.get(sal.service_id)
        if service is not None:
            item["service"] = _service_short(bundle, service)
        shaped.append(item)
    return shaped


def service_at_locations_full_json(sals: Sequence[ServiceAtLocation]) -> list[JSON]:
    """Each service at a location with its location and its service, fully nested."""
    services = fetch(Service, {"id": {s.service_id for s in sals}})
    bundle = Bundle.for_records(
        services=services, service_at_locations=sals, nest_service_locations=False
    )
    service_by_id: dict[Any, Service] = {s.pk: s for s in services}
    shaped = []
    for sal in sals:
        item = _sal_full(bundle, sal, top=True)
        service = service_by_id.get(sal.service_id)
        if service is not None:
            item["service"] = _service_full(bundle, service, top=False, with_locations=False)
        shaped.append(item)
    return shaped


def service_at_location_json(sal: ServiceAtLocation) -> JSON:
    return service_at_locations_full_json([sal])[0]


def _sal_full(bundle: Bundle, sal: ServiceAtLocation, *, top: bool) -> JSON:
    pk = sal.pk
    field = "service_at_location_id"
    parts = {
        "contacts": [_contact(bundle, c) for c in bundle.children(Contact, field, pk)],
        "phones": [_phone(bundle, p) for p in bundle.children(Phone, field, pk)],
        "schedules": _tagged_all(bundle, bundle.children(Schedule, field, pk)),
    }
    shaped = _with_lists(record_fields(sal), parts, keep_empty=top)
    if sal.location_id is not None and sal.location is not None:
        shaped["location"] = _location(bundle, sal.location)
    return _with_tags(bundle, shaped, sal, keep_empty=top)


def _location(bundle: Bundle, location: Location) -> JSON:
    pk = location.pk
    field = "location_id"
    parts = {
        "languages": _tagged_all(bundle, bundle.children(Language, field, pk)),
        "addresses": _tagged_all(bundle, bundle.children(Address, field, pk)),
        "contacts": [_contact(bundle, c) for c in bundle.children(Contact, field, pk)],
        "accessibility": _tagged_all(bundle, bundle.children(Accessibility, field, pk)),
        "phones": [_phone(bundle, p) for p in bundle.children(Phone, field, pk)],
        "schedules": _tagged_all(bundle, bundle.children(Schedule, field, pk)),
    }
    return _with_tags(
        bundle, _with_lists(record_fields(location), parts, keep_empty=False), location
    )


# Organisations ---------------------------------------------------------------------------------


def organizations_list_json(organizations: Sequence[Organization]) -> list[JSON]:
    return [record_fields(o) for o in organizations]


def organizations_full_json(
    organizations: Sequence[Organization], *, full_service: bool = False
) -> list[JSON]:
    """Each organisation with its nested parts and its services.

    The services are given by their own fields only, unless `full_service` asks for each to be
    fully nested (without repeating the organisation inside it).
    """
    org_ids = {o.pk for o in organizations}
    services = fetch(Service, {"organization_id": org_ids})
    if full_service:
        bundle = Bundle.for_records(services=services, organizations=organizations)
    else:
        bundle = Bundle.for_records(organizations=organizations)
    by_org: dict[Any, list[Service]] = {}
    for service in services:
        by_org.setdefault(service.organization_id, []).append(service)
    shaped = []
    for organization in organizations:
        item = _organization_full(bundle, organization)
        own = by_org.get(organization.pk, [])
        if full_service:
            item["services"] = [_without_org(_service_full(bundle, s, top=False)) for s in own]
        else:
            item["services"] = [record_fields(s) for s in own]
        shaped.append(item)
    return shaped


def organization_json(organization: Organization, *, full_service: bool = False) -> JSON:
    return organizations_full_json([organization], full_service=full_service)[0]


def _organization_full(bundle: Bundle, organization: Organization) -> JSON:
    pk = organization.pk
    field = "organization_id"
    parts = {
        "funding": _tagged_all(bundle, bundle.children(Funding, field, pk)),
        "contacts": [_contact(bundle, c) for c in bundle.children(Contact, field, pk)],
        "phones": [_phone(bundle, p) for p in bundle.children(Phone, field, pk)],
        "locations": [_location(bundle, loc) for loc in bundle.children(Location, field, pk)],
        "programs": _tagged_all(bundle, bundle.children(Program, field, pk)),
        "organization_identifiers": _tagged_all(
            bundle, bundle.children(OrganizationIdentifier, field, pk)
        ),
    }
    shaped = _with_lists(record_fields(organization), parts, keep_empty=True)
    return _with_tags(bundle, shaped, organization, keep_empty=True)


def _without_org(service: JSON) -> JSON:
    service.pop("organization", None)
    return service


# Small parts -----------------------------------------------------------------------------------


def _phone(bundle: Bundle, phone: Phone) -> JSON:
    languages = _tagged_all(bundle, bundle.children(Language, "phone_id", phone.pk))
    shaped = _with_lists(record_fields(phone), {"languages": languages}, keep_empty=False)
    return _with_tags(bundle, shaped, phone)


def _contact(bundle: Bundle, contact: Contact) -> JSON:
    phones = [_phone(bundle, p) for p in bundle.children(Phone, "contact_id", contact.pk)]
    shaped = _with_lists(record_fields(contact), {"phones": phones}, keep_empty=False)
    return _with_tags(bundle, shaped, contact)


def _tagged_all(bundle: Bundle, records: Sequence[models.Model]) -> list[JSON]:
    return [_tagged(bundle, record) for record in records]


def _tagged(bundle: Bundle, record: models.Model) -> JSON:
    return _with_tags(bundle, record_fields(record), record)


def _with_tags(
    bundle: Bundle, shaped: JSON, record: models.Model, *, keep_empty: bool = False
) -> JSON:
    """Add the attributes and metadata that point at this record."""
    entity = ENTITY[type(record)]
    attributes = [
        _attribute(a) for a in bundle.attributes.get(record.pk, []) if a.link_entity in ("", entity)
    ]
    changes = [
        record_fields(m)
        for m in bundle.metadata.get(record.pk, [])
        if m.resource_type in ("", entity)
    ]
    return _with_lists(shaped, {"attributes": attributes, "metadata": changes}, keep_empty)


def _attribute(attribute: Attribute) -> JSON:
    shaped = record_fields(attribute)
    if attribute.taxonomy_term_id is not None and attribute.taxonomy_term is not None:
        shaped["taxonomy_term"] = taxonomy_term_json(attribute.taxonomy_term)
    return shaped


def _with_lists(shaped: JSON, lists: dict[str, list[JSON]], keep_empty: bool) -> JSON:
    for key, items in lists.items():
        if items or keep_empty:
            shaped[key] = items
    return shaped

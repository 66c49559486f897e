"""The reads behind the HSDS read API: the published directory, filtered as the API's query
parameters ask. Nothing of the team layer is ever read here."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from connecting_people.directory.hsds import params
from connecting_people.directory.models import (
    Attribute,
    Organization,
    Service,
    ServiceAtLocation,
    Taxonomy,
    TaxonomyTerm,
)


def services() -> QuerySet[Service]:
    return Service.objects.all()


def organizations(query: Any = None) -> QuerySet[Organization]:
    """Organisations by name; `search` matches their names and description."""
    found = Organization.objects.order_by("name", "id")
    if query is not None and (words := params.text(query, "search")):
        found = found.filter(
            Q(name__icontains=words)
            | Q(alternate_name__icontains=words)
            | Q(description__icontains=words)
        )
    return found


def taxonomies(query: Any = None) -> QuerySet[Taxonomy]:
    """Taxonomies by name; `search` matches their name and description."""
    found = Taxonomy.objects.order_by("name", "id")
    if query is not None and (words := params.text(query, "search")):
        found = found.filter(Q(name__icontains=words) | Q(description__icontains=words))
    return found


def taxonomy_terms(query: Any = None) -> QuerySet[TaxonomyTerm]:
    """Terms by name, filtered by `search`, `taxonomy_id`, `parent_id` and `top_only`."""
    terms = TaxonomyTerm.objects.order_by("name", "id")
    if query is None:
        return terms.select_related("taxonomy_detail")
    if words := params.text(query, "search"):
        terms = terms.filter(
            Q(name__icontains=words) | Q(code__iexact=words) | Q(description__icontains=words)
        )
    if taxonomy_id := params.identifier(query, "taxonomy_id"):
        terms = terms.filter(taxonomy_detail_id=taxonomy_id)
    if parent_id := params.identifier(query, "parent_id"):
        terms = terms.filter(parent_id=parent_id)
    if params.flag(query, "top_only"):
        terms = terms.filter(parent__isnull=True)
    return terms


def service_at_locations(query: Any = None) -> QuerySet[ServiceAtLocation]:
    """Services at locations, filtered by `search`, `taxonomy_term_id`, `taxonomy_id`,
    `organization_id` and `modified_after` (unordered: the caller orders or ranks by distance)."""
    found = ServiceAtLocation.objects.all()
    if query is None:
        return found
    if words := params.text(query, "search"):
        found = found.filter(
            Q(service__name__icontains=words)
            | Q(service__description__icontains=words)
            | Q(location__name__icontains=words)
            | Q(service__organization__name__icontains=words)
        )
    terms = params.identifiers(query, "taxonomy_term_id")
    if terms:
        found = found.filter(_tagged(Q(taxonomy_term_id__in=terms)))
    if taxonomy_id := params.identifier(query, "taxonomy_id"):
        found = found.filter(_tagged(Q(taxonomy_term__taxonomy_detail_id=taxonomy_id)))
    if organization_id := params.identifier(query, "organization_id"):
        found = found.filter(service__organization_id=organization_id)
    if modified_after := params.moment(query, "modified_after"):
        found = found.filter(service__last_modified__gte=modified_after)
    return found


def _tagged(terms: Q) -> Q:
    """Services at locations whose service, or which themselves, carry one of these terms."""
    attributes = Attribute.objects.filter(terms)
    on_service = attributes.filter(link_entity__in=("service", "")).values("link_id")
    on_itself = attributes.filter(link_entity__in=("service_at_location", "")).values("link_id")
    return Q(service_id__in=on_service) | Q(id__in=on_itself)

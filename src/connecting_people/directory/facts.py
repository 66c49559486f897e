"""Keep each service's search facts fresh: `refresh_for_services` after any change to a service.

The importer calls it after an import, the screens after an add or edit, `cpi rebuild_search`
for everything. It reads a batch of services with all their HSDS parts in a fixed number of
queries, works out the facts in Python (`directory.facts_rules`), and replaces the batch's rows
and indexed words in one transaction.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Callable, Iterable
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from connecting_people.directory import fulltext
from connecting_people.directory.facts_rules import Parts, facts_for
from connecting_people.directory.models import (
    Accessibility,
    Address,
    Attribute,
    CostOption,
    Schedule,
    SearchFacts,
    SearchPlace,
    SearchPoint,
    SearchTerm,
    Service,
    ServiceArea,
    ServiceAtLocation,
    Session,
)

BATCH = 500


def refresh_for_services(service_ids: Iterable[uuid.UUID | str]) -> int:
    """Rebuild the search facts of these services (gone ones are forgotten); returns how many."""
    ids = list(dict.fromkeys(uuid.UUID(str(i)) for i in service_ids))
    done = 0
    for start in range(0, len(ids), BATCH):
        done += _refresh_batch(ids[start : start + BATCH])
    return done


def refresh_for_terms(term_ids: Iterable[uuid.UUID | str]) -> int:
    """Rebuild the facts of every service listed under these terms (after a term changes)."""
    service_ids = Attribute.objects.filter(
        link_entity="service", taxonomy_term_id__in=list(term_ids)
    ).values_list("link_id", flat=True)
    return refresh_for_services(i for i in service_ids if i is not None)


def refresh_all(*, batch: int = 2000, progress: Callable[[int, int], None] | None = None) -> int:
    """Rebuild every service's facts, a batch at a time (bounded memory); returns how many."""
    fulltext.install()
    total = Service.objects.count()
    done = 0
    ids = Service.objects.order_by().values_list("id", flat=True).iterator(chunk_size=batch)
    chunk: list[uuid.UUID] = []
    for service_id in ids:
        chunk.append(service_id)
        if len(chunk) >= batch:
            done += refresh_for_services(chunk)
            chunk = []
            if progress:
                progress(done, total)
    done += refresh_for_services(chunk)
    SearchFacts.objects.exclude(service_id__in=Service.objects.values("id")).delete()
    fulltext.forget_orphans()
    if progress:
        progress(done, total)
    return done


def refresh_missing() -> int:
    """Index services that have no facts yet (added without a refresh); returns how many."""
    missing = Service.objects.filter(search_facts__isnull=True).values_list("id", flat=True)
    return refresh_for_services(list(missing))


@transaction.atomic
def _refresh_batch(ids: list[uuid.UUID]) -> int:
    parts = _read(ids)
    SearchFacts.objects.filter(service_id__in=ids).delete()
    built = [facts_for(service, parts) for service in parts.services]
    SearchFacts.objects.bulk_create([b.facts for b in built])
    terms, places, points = [], [], []
    for b in built:
        for row in b.terms:
            row.facts = b.facts
            terms.append(row)
        for row in b.places:
            row.facts = b.facts
            places.append(row)
        for row in b.points:
            row.facts = b.facts
            points.append(row)
    SearchTerm.objects.bulk_create(terms)
    SearchPlace.objects.bulk_create(places)
    SearchPoint.objects.bulk_create(points)
    fulltext.write((b.facts.pk, b.texts) for b in built)
    return len(built)


def _read(ids: list[uuid.UUID]) -> Parts:
    """Everything the facts come from, for a batch of services, in nine queries."""
    services = list(
        Service.objects.filter(id__in=ids)
        .select_related("organization")
        .only(
            "id",
            "name",
            "alternate_name",
            "description",
            "status",
            "fees",
            "fees_description",
            "minimum_age",
            "maximum_age",
            "last_modified",
            "organization__name",
            "organization_id",
        )
    )
    found = [s.id for s in services]
    at = list(
        ServiceAtLocation.objects.filter(service_id__in=found, location__isnull=False).values(
            "service_id",
            "location_id",
            "location__location_type",
            "location__latitude",
            "location__longitude",
            "location__url",
        )
    )
    location_ids = {row["location_id"] for row in at}
    parts = Parts(services=services)
    for row in at:
        parts.locations[row["service_id"]].append(row)
    for address in Address.objects.filter(location_id__in=location_ids).values(
        "location_id", "city", "postal_code", "address_type"
    ):
        parts.addresses[address["location_id"]].append(address)
    parts.accessible_locations = set(
        Accessibility.objects.filter(location_id__in=location_ids)
        .exclude(description="", details="", url="")
        .values_list("location_id", flat=True)
    )
    for cost in CostOption.objects.filter(service_id__in=found).values(
        "service_id", "option", "amount", "amount_description", "valid_to"
    ):
        parts.costs[cost["service_id"]].append(cost)
    _read_times(found, parts)
    _read_terms(found, parts)
    for area in (
        ServiceArea.objects.filter(service_id__in=found)
        .exclude(name="")
        .values("service_id", "name")
    ):
        parts.areas[area["service_id"]].append(area["name"])
    return parts


def _read_times(found: list[uuid.UUID], parts: Parts) -> None:
    schedules = Schedule.objects.filter(
        Q(service_id__in=found) | Q(service_at_location__service_id__in=found)
    ).values(
        "service_id",
        "service_at_location__service_id",
        "byday",
        "freq",
        "dtstart",
        "valid_to",
        "until",
        "opens_at",
        "closes_at",
        "attending_type",
    )
    for schedule in schedules:
        owner = schedule["service_id"] or schedule["service_at_location__service_id"]
        parts.schedules[owner].append(schedule)
    sessions = Session.objects.filter(service_id__in=found, starts_at__gte=timezone.now())
    for session in sessions.values("service_id", "starts_at", "ends_at"):
        parts.sessions[session["service_id"]].append(session)


def _read_terms(found: list[uuid.UUID], parts: Parts) -> None:
    attributes = Attribute.objects.filter(
        link_entity="service", link_id__in=found, taxonomy_term__isnull=False
    ).values(
        "link_id",
        "taxonomy_term_id",
        "taxonomy_term__name",
        "taxonomy_term__taxonomy_detail_id",
        "taxonomy_term__interest_category_id",
        "taxonomy_term__interest_category__name",
    )
    seen: dict[Any, set[Any]] = defaultdict(set)
    for attribute in attributes:
        service_id = attribute["link_id"]
        if attribute["taxonomy_term_id"] in seen[service_id]:
            continue
        seen[service_id].add(attribute["taxonomy_term_id"])
        parts.terms[service_id].append(attribute)

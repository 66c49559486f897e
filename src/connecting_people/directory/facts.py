"""Keep each service's search facts fresh: `refresh_for_services` after any change to a service.

The importer calls it after an import, the screens after an add or edit, `cpi rebuild_search`
for everything. It reads a batch of services with all their HSDS parts in a fixed number of
queries, works out the facts in Python (`directory.facts_rules`), and replaces the batch's rows
and indexed words in one transaction.
"""

from __future__ import annotations

import json
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterable
from typing import Any, cast

from django.db import connection, transaction
from django.db.models import Field, ForeignKey, Model
from django.db.models.expressions import RawSQL
from django.utils import timezone

from connecting_people.directory import fulltext
from connecting_people.directory.facts_rules import (
    FACTS_COLUMNS,
    PLACE_COLUMNS,
    POINT_COLUMNS,
    TERM_COLUMNS,
    Parts,
    facts_for,
)
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


@transaction.atomic  # one commit for the lot (a commit can cost more than a batch's work)
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


def _ids(ids: list[uuid.UUID]) -> RawSQL:
    """A batch's ids as a subquery of one parameter, not hundreds (each costs Django time)."""
    if connection.vendor == "postgresql":
        return RawSQL("SELECT unnest(%s::uuid[])", [ids])
    return RawSQL("SELECT value FROM json_each(%s)", [json.dumps([i.hex for i in ids])])


def _forget(ids: list[uuid.UUID]) -> None:
    """Delete these services' facts, side rows and words (the words by trigger or with the row)."""
    batch = _ids(ids)
    facts = f"SELECT id FROM {SearchFacts._meta.db_table} WHERE service_id IN ({batch.sql})"  # noqa: S608
    with connection.cursor() as cursor:
        for model in (SearchTerm, SearchPlace, SearchPoint):
            cursor.execute(
                f"DELETE FROM {model._meta.db_table} WHERE facts_id IN ({facts})",  # noqa: S608 (names from the models)
                batch.params,
            )
        cursor.execute(
            f"DELETE FROM {SearchFacts._meta.db_table} WHERE service_id IN ({batch.sql})",  # noqa: S608
            batch.params,
        )


def _refresh_batch(ids: list[uuid.UUID]) -> int:
    parts = _read(ids)
    _forget(ids)
    built = [facts_for(service, parts) for service in parts.services]
    if not built:
        return 0
    now = timezone.now()
    _insert(SearchFacts, (*FACTS_COLUMNS, "refreshed_at"), [(*b.facts, now) for b in built])
    facts_ids = dict(
        SearchFacts.objects.filter(service_id__in=_ids([b.facts[0] for b in built])).values_list(
            "service_id", "id"
        )
    )
    for model, columns, rows_of in (
        (SearchTerm, TERM_COLUMNS, lambda b: b.terms),
        (SearchPlace, PLACE_COLUMNS, lambda b: b.places),
        (SearchPoint, POINT_COLUMNS, lambda b: b.points),
    ):
        rows = [(facts_ids[b.facts[0]], *row) for b in built for row in rows_of(b)]
        _insert(model, ("facts_id", *columns), rows)
    fulltext.write((facts_ids[b.facts[0]], b.texts) for b in built)
    return len(built)


def _insert(model: type[Model], columns: tuple[str, ...], rows: list[tuple[Any, ...]]) -> None:
    """Insert many rows at once, without building model objects (a batch has thousands)."""
    if not rows:
        return
    fields = [cast(Field, model._meta.get_field(column)) for column in columns]
    adapt = [_adapter(field) for field in fields]
    names = ", ".join(connection.ops.quote_name(str(field.column)) for field in fields)
    marks = ", ".join(["%s"] * len(columns))
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {connection.ops.quote_name(model._meta.db_table)} ({names}) "  # noqa: S608 (names from the model)
            f"VALUES ({marks})",
            [
                [a(value) if a else value for a, value in zip(adapt, row, strict=True)]
                for row in rows
            ],
        )


def _hex(value: Any) -> str | None:
    return None if value is None else uuid.UUID(str(value)).hex


def _adapter(field: Field) -> Callable[[Any], Any] | None:
    """How the database driver needs a column's value, where it differs from the Python one."""
    target = cast(Field, field.target_field) if isinstance(field, ForeignKey) else field
    kind = target.get_internal_type()
    if kind == "UUIDField" and connection.vendor != "postgresql":
        return lambda value: value.hex if isinstance(value, uuid.UUID) else _hex(value)
    if kind == "DateTimeField":
        return connection.ops.adapt_datetimefield_value
    if kind == "DecimalField":
        return lambda value: connection.ops.adapt_decimalfield_value(value, 12, 2)
    return None


def _read(ids: list[uuid.UUID]) -> Parts:
    """Everything the facts come from, for a batch of services, in nine queries."""
    services = list(
        Service.objects.filter(id__in=_ids(ids))
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
        ServiceAtLocation.objects.filter(service_id__in=_ids(found), location__isnull=False).values(
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
    for address in Address.objects.filter(location_id__in=_ids(list(location_ids))).values(
        "location_id", "city", "postal_code", "address_type"
    ):
        parts.addresses[address["location_id"]].append(address)
    parts.accessible_locations = set(
        Accessibility.objects.filter(location_id__in=_ids(list(location_ids)))
        .exclude(description="", details="", url="")
        .values_list("location_id", flat=True)
    )
    for cost in CostOption.objects.filter(service_id__in=_ids(found)).values(
        "service_id", "option", "amount", "amount_description", "valid_to"
    ):
        parts.costs[cost["service_id"]].append(cost)
    _read_times(found, parts)
    _read_terms(found, parts)
    for area in (
        ServiceArea.objects.filter(service_id__in=_ids(found))
        .exclude(name="")
        .values("service_id", "name")
    ):
        parts.areas[area["service_id"]].append(area["name"])
    return parts


def _read_times(found: list[uuid.UUID], parts: Parts) -> None:
    columns = (
        "byday",
        "freq",
        "dtstart",
        "valid_to",
        "until",
        "opens_at",
        "closes_at",
        "attending_type",
    )
    of_services = Schedule.objects.filter(service_id__in=_ids(found)).values("service_id", *columns)
    for schedule in of_services:
        parts.schedules[schedule["service_id"]].append(schedule)
    at_locations = (
        Schedule.objects.filter(service_at_location__service_id__in=_ids(found))
        .exclude(service_id__in=_ids(found))
        .values("service_at_location__service_id", *columns)
    )
    for schedule in at_locations:
        parts.schedules[schedule["service_at_location__service_id"]].append(schedule)
    sessions = Session.objects.filter(service_id__in=_ids(found), starts_at__gte=timezone.now())
    for session in sessions.values("service_id", "starts_at", "ends_at"):
        parts.sessions[session["service_id"]].append(session)


def _read_terms(found: list[uuid.UUID], parts: Parts) -> None:
    attributes = Attribute.objects.filter(
        link_entity="service", link_id__in=_ids(found), taxonomy_term__isnull=False
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
        if service_id is None or attribute["taxonomy_term_id"] in seen[service_id]:
            continue
        seen[service_id].add(attribute["taxonomy_term_id"])
        parts.terms[service_id].append(attribute)

"""Keep each service's search facts fresh: `refresh_for_services` after any change to a service.

The importer calls it after an import, the screens after an add or edit, `cpi rebuild_search`
for everything. It reads a batch of services with all their HSDS parts in a fixed number of
queries, works out the facts in Python (`directory.facts_rules`), and replaces the batch's rows
and indexed words in one transaction.
"""

from __future__ import annotations

import contextlib
import datetime
import json
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from decimal import Decimal
from typing import Any, cast

from django.db import connection, transaction
from django.db.models import DecimalField, Field, Model
from django.utils import timezone

from connecting_people.directory.fit_records import ACCESS_TAXONOMY_ID
from connecting_people.directory.models import (
    Accessibility,
    Address,
    Attribute,
    CostOption,
    Location,
    Organization,
    Schedule,
    SearchFacts,
    SearchPlace,
    SearchPoint,
    SearchTerm,
    Service,
    ServiceArea,
    ServiceAtLocation,
    Session,
    TaxonomyTerm,
)
from connecting_people.directory.search import fulltext
from connecting_people.directory.search.facts_rules import (
    FACTS_COLUMNS,
    PLACE_COLUMNS,
    POINT_COLUMNS,
    TERM_COLUMNS,
    Parts,
    ServiceRow,
    facts_for,
)
from connecting_people.taxonomy.models import InterestCategory

BATCH = 500
# An attribute describes a service when it says so, or says nothing and names a service's id.
SERVICE_ENTITIES = ("service", "")
# SQLite's page cache while a large write runs, in KiB (its own default is 2 MB): writing rows
# keyed by random UUIDs touches pages all over each index, and a small cache spills them to
# disk again and again. Only pages actually read take memory.
WRITING_CACHE_KIB = 131072


@contextlib.contextmanager
def roomy_cache() -> Iterator[None]:
    """A larger SQLite page cache while a large write runs (nothing changes on PostgreSQL).

    Durability is untouched: journalling and synchronous stay as they are."""
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        (before,) = cursor.fetchone()
        if before < 0 and -before >= WRITING_CACHE_KIB:
            before = None
        else:
            cursor.execute(f"PRAGMA cache_size = -{WRITING_CACHE_KIB}")
    try:
        yield
    finally:
        if before is not None and not connection.needs_rollback:  # else it waits till closed
            with connection.cursor() as cursor:
                cursor.execute(f"PRAGMA cache_size = {int(before)}")


@transaction.atomic  # one commit for the lot (a commit can cost more than a batch's work)
def refresh_for_services(service_ids: Iterable[uuid.UUID | str]) -> int:
    """Rebuild the search facts of these services (gone ones are forgotten); returns how many."""
    ids = list(dict.fromkeys(i if type(i) is uuid.UUID else uuid.UUID(str(i)) for i in service_ids))
    done = 0
    for start in range(0, len(ids), BATCH):
        done += _refresh_batch(ids[start : start + BATCH])
    return done


def refresh_for_terms(term_ids: Iterable[uuid.UUID | str]) -> int:
    """Rebuild the facts of every service listed under these terms (after a term changes)."""
    service_ids = Attribute.objects.filter(
        link_entity__in=SERVICE_ENTITIES, taxonomy_term_id__in=list(term_ids)
    ).values_list("link_id", flat=True)
    return refresh_for_services(i for i in service_ids if i is not None)


def refresh_all(*, batch: int = 2000, progress: Callable[[int, int], None] | None = None) -> int:
    """Rebuild every service's facts, a batch at a time (bounded memory); returns how many."""
    fulltext.install()
    with roomy_cache():
        return _refresh_all(batch, progress)


def _refresh_all(batch: int, progress: Callable[[int, int], None] | None) -> int:
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


def _ids(ids: Sequence[Any]) -> tuple[str, list[Any]]:
    """A batch's ids as a subquery of one parameter, not hundreds (each costs Django time).

    The ids are UUIDs, or as the database gave them back (32 hex digits on SQLite)."""
    if connection.vendor == "postgresql":
        return "SELECT unnest(%s::uuid[])", [list(ids)]
    hexes = [i.hex if isinstance(i, uuid.UUID) else i for i in ids]
    return "SELECT value FROM json_each(%s)", [json.dumps(hexes)]


def _db_uuid(value: uuid.UUID) -> Any:
    """A uuid parameter as the database keeps it (32 hex digits on SQLite)."""
    return value.hex if connection.vendor == "sqlite" else value


def _rows(sql: str, params: Sequence[Any]) -> list[tuple[Any, ...]]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _forget(ids: list[uuid.UUID]) -> None:
    """Delete these services' facts, side rows and words (the words by trigger or with the row)."""
    batch, params = _ids(ids)
    table = SearchFacts._meta.db_table
    facts = f"SELECT id FROM {table} WHERE service_id IN ({batch})"  # noqa: S608 (our own table and column names; values go in parameters)
    with connection.cursor() as cursor:
        cursor.execute(f"{facts} LIMIT 1", params)
        if cursor.fetchone() is None:
            return  # new services (a fresh import): nothing to forget
        for model in (SearchTerm, SearchPlace, SearchPoint):
            cursor.execute(
                f"DELETE FROM {model._meta.db_table} WHERE facts_id IN ({facts})",  # noqa: S608 (names from the models)
                params,
            )
        cursor.execute(
            f"DELETE FROM {table} WHERE service_id IN ({batch})",  # noqa: S608 (our own table and column names; values go in parameters)
            params,
        )


def _refresh_batch(ids: list[uuid.UUID]) -> int:
    parts = _read(ids)
    _forget(ids)
    today = timezone.localdate()
    built = [facts_for(service, parts, today) for service in parts.services]
    if not built:
        return 0
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    money = _money_adapter()
    day = connection.ops.adapt_datefield_value
    adapters = {LOWEST: money, LOWEST + 1: money, STALE: day}
    _insert(
        SearchFacts,
        (*FACTS_COLUMNS, "refreshed_at"),
        [
            (*(adapters[i](v) if i in adapters else v for i, v in enumerate(b.facts)), now)
            for b in built
        ],
    )
    batch, params = _ids([b.facts[0] for b in built])
    facts_ids = dict(
        _rows(
            f"SELECT service_id, id FROM {SearchFacts._meta.db_table} "  # noqa: S608 (our own table and column names; values go in parameters)
            f"WHERE service_id IN ({batch})",
            params,
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


LOWEST = FACTS_COLUMNS.index("lowest_cost")
STALE = FACTS_COLUMNS.index("stale_after")


def _money_adapter() -> Callable[[Any], Any]:
    field = cast(DecimalField, SearchFacts._meta.get_field("lowest_cost"))
    adapt = connection.ops.adapt_decimalfield_value
    return lambda value: adapt(value, field.max_digits, field.decimal_places)


def _insert(model: type[Model], columns: tuple[str, ...], rows: list[tuple[Any, ...]]) -> None:
    """Insert many rows at once, without building model objects (a batch has thousands).

    The values are as the database takes them: ids as it gave them back, dates adapted."""
    if not rows:
        return
    fields = [cast(Field, model._meta.get_field(column)) for column in columns]
    names = ", ".join(connection.ops.quote_name(str(field.column)) for field in fields)
    marks = ", ".join(["%s"] * len(columns))
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {connection.ops.quote_name(model._meta.db_table)} ({names}) "  # noqa: S608 (names from the model)
            f"VALUES ({marks})",
            rows,
        )


def _table(model: type[Model]) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _read(ids: list[uuid.UUID]) -> Parts:
    """Everything the facts come from, for a batch of services, in ten queries.

    Plain rows straight from the database cursor, not model instances: ids stay as the
    database gives them (32 hex digits on SQLite), and only the dates, times and amounts the
    rules look at are turned into Python's own types."""
    batch, params = _ids(ids)
    services = [
        ServiceRow(*row)
        for row in _rows(
            "SELECT s.id, s.name, s.alternate_name, s.description, s.status, s.fees, "  # noqa: S608 (our own table and column names; values go in parameters)
            "s.fees_description, s.minimum_age, s.maximum_age, s.last_modified, "
            "s.eligibility_description, "
            f"s.organization_id, COALESCE(o.name, '') FROM {_table(Service)} s "
            f"LEFT JOIN {_table(Organization)} o ON o.id = s.organization_id "
            f"WHERE s.id IN ({batch})",
            params,
        )
    ]
    parts = Parts(services=services)
    if not services:
        return parts
    found, found_params = _ids([s.id for s in services])
    locations: set[Any] = set()
    for row in _rows(
        "SELECT a.service_id, a.location_id, l.location_type, l.latitude, l.longitude, "  # noqa: S608 (our own table and column names; values go in parameters)
        f"l.url FROM {_table(ServiceAtLocation)} a "
        f"JOIN {_table(Location)} l ON l.id = a.location_id WHERE a.service_id IN ({found})",
        found_params,
    ):
        parts.locations[row[0]].append(dict(zip(LOCATION_KEYS, row, strict=True)))
        locations.add(row[1])
    if locations:
        _read_places(list(locations), parts)
    for row in _rows(
        "SELECT service_id, option, amount, amount_description, valid_to "  # noqa: S608 (our own table and column names; values go in parameters)
        f"FROM {_table(CostOption)} WHERE service_id IN ({found})",
        found_params,
    ):
        parts.costs[row[0]].append(
            {"option": row[1], "amount": _decimal(row[2]), "amount_description": row[3],
             "valid_to": _date(row[4])}
        )  # fmt: skip
    _read_times(found, found_params, parts)
    _read_terms(found, found_params, parts)
    for service_id, name in _rows(
        f"SELECT service_id, name FROM {_table(ServiceArea)} "  # noqa: S608 (our own table and column names; values go in parameters)
        f"WHERE service_id IN ({found}) AND name <> ''",
        found_params,
    ):
        parts.areas[service_id].append(name)
    return parts


LOCATION_KEYS = (
    "service_id",
    "location_id",
    "location__location_type",
    "location__latitude",
    "location__longitude",
    "location__url",
)
SCHEDULE_KEYS = (
    "byday",
    "freq",
    "dtstart",
    "valid_to",
    "until",
    "opens_at",
    "closes_at",
    "attending_type",
)
SCHEDULE_COLUMNS = ", ".join(f"sc.{name}" for name in SCHEDULE_KEYS)


def _read_places(location_ids: list[Any], parts: Parts) -> None:
    at, params = _ids(location_ids)
    for row in _rows(
        "SELECT location_id, city, postal_code, address_type "  # noqa: S608 (our own table and column names; values go in parameters)
        f"FROM {_table(Address)} WHERE location_id IN ({at})",
        params,
    ):
        parts.addresses[row[0]].append(
            {"city": row[1], "postal_code": row[2], "address_type": row[3]}
        )
    # The places with accessibility words (code ''), and their recorded access features: one
    # query, so a batch's reads stay as many as before issue 17.
    for location_id, code in _rows(
        f"SELECT location_id, '' FROM {_table(Accessibility)} "  # noqa: S608 (our own table and column names; values go in parameters)
        f"WHERE location_id IN ({at}) AND NOT (description = '' AND details = '' AND url = '') "
        f"UNION ALL SELECT a.link_id, t.code FROM {_table(Attribute)} a "
        f"JOIN {_table(TaxonomyTerm)} t ON t.id = a.taxonomy_term_id "
        f"WHERE a.link_entity = 'location' AND a.link_id IN ({at}) AND t.taxonomy_id = %s",
        [*params, *params, _db_uuid(ACCESS_TAXONOMY_ID)],
    ):
        if code:
            parts.location_access[location_id].add(code)
        else:
            parts.accessible_locations.add(location_id)


def _schedule(row: tuple[Any, ...]) -> dict[str, Any]:
    byday, freq, dtstart, valid_to, until, opens_at, closes_at, attending_type = row
    return {
        "byday": byday,
        "freq": freq,
        "dtstart": _date(dtstart),
        "valid_to": _date(valid_to),
        "until": _date(until),
        "opens_at": _time(opens_at),
        "closes_at": _time(closes_at),
        "attending_type": attending_type,
    }


def _read_times(found: str, params: list[Any], parts: Parts) -> None:
    schedules = _table(Schedule)
    for row in _rows(
        f"SELECT sc.service_id, {SCHEDULE_COLUMNS} FROM {schedules} sc "  # noqa: S608 (our own table and column names; values go in parameters)
        f"WHERE sc.service_id IN ({found})",
        params,
    ):
        parts.schedules[row[0]].append(_schedule(row[1:]))
    for row in _rows(
        f"SELECT a.service_id, {SCHEDULE_COLUMNS} FROM {schedules} sc "  # noqa: S608 (our own table and column names; values go in parameters)
        f"JOIN {_table(ServiceAtLocation)} a ON a.id = sc.service_at_location_id "
        f"WHERE a.service_id IN ({found}) "
        f"AND (sc.service_id IS NULL OR sc.service_id NOT IN ({found}))",
        params * 2,
    ):
        parts.schedules[row[0]].append(_schedule(row[1:]))
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    for service_id, starts_at, ends_at in _rows(
        f"SELECT service_id, starts_at, ends_at FROM {_table(Session)} "  # noqa: S608 (our own table and column names; values go in parameters)
        f"WHERE service_id IN ({found}) AND starts_at >= %s",
        [*params, now],
    ):
        parts.sessions[service_id].append(
            {"starts_at": _datetime(starts_at), "ends_at": _datetime(ends_at)}
        )


def _read_terms(found: str, params: list[Any], parts: Parts) -> None:
    """The terms a service is listed under: its attributes, those that say they are a
    service's and those that do not say what they describe but name a service's id."""
    seen: dict[Any, set[Any]] = defaultdict(set)
    for row in _rows(
        "SELECT a.link_id, a.taxonomy_term_id, t.name, t.taxonomy_id, "  # noqa: S608 (our own table and column names; values go in parameters)
        f"t.interest_category_id, c.name, t.code FROM {_table(Attribute)} a "
        f"JOIN {_table(TaxonomyTerm)} t ON t.id = a.taxonomy_term_id "
        f"LEFT JOIN {_table(InterestCategory)} c ON c.id = t.interest_category_id "
        f"WHERE a.link_entity IN ('service', '') AND a.link_id IN ({found})",
        params,
    ):
        service_id = row[0]
        if service_id is None or row[1] in seen[service_id]:
            continue
        seen[service_id].add(row[1])
        parts.terms[service_id].append(dict(zip(TERM_KEYS, row, strict=True)))


TERM_KEYS = (
    "link_id",
    "taxonomy_term_id",
    "taxonomy_term__name",
    "taxonomy_term__taxonomy_detail_id",
    "taxonomy_term__interest_category_id",
    "taxonomy_term__interest_category__name",
    "taxonomy_term__code",
)
CENT = Decimal("0.01")


# What SQLite gives back as text or numbers (PostgreSQL gives Python's types already).
def _date(value: Any) -> datetime.date | None:
    return datetime.date.fromisoformat(value) if isinstance(value, str) else value


def _time(value: Any) -> datetime.time | None:
    return datetime.time.fromisoformat(value) if isinstance(value, str) else value


def _datetime(value: Any) -> datetime.datetime | None:
    if isinstance(value, str):
        value = datetime.datetime.fromisoformat(value)
    if isinstance(value, datetime.datetime) and value.tzinfo is None:
        value = value.replace(tzinfo=datetime.UTC)  # stored in UTC
    return value


def _decimal(value: Any) -> Decimal | None:
    if value is None or isinstance(value, Decimal):
        return value
    return Decimal(str(value)).quantize(CENT)

"""The directory at scale (`make bench`, or alone: `python -m bench.run --only directory`).

1. Builds a directory of `--services` services (100,000 by default; `bench/directory_data.py`):
   through the HSDS importer (`cpi import_hsds`'s `import_path`, which also refreshes the search
   facts) from one HSDS API page of services written to a temporary file, timed as services a
   second; or, with `--directory-build bulk` (or when the importer fails), by writing the rows
   directly and then `refresh_all`.
2. Times `cpi rebuild_search` (every service's search facts and words again), services a second.
3. Times `search_services` over realistic queries (words; words and free; a category and a day;
   near a town within 5 km; an area; a plain browse; near with no limit, by distance): a warm-up
   round, then each query set `--search-runs` times, cycling through its variants. Reports the
   median and 95th percentile in milliseconds, the matches, and the SQL queries of one search.
4. Asks for the directory page (`directory:browse`), plain and with words, as the other page
   benchmarks do, for its query count and time; skipped with a note if it does not resolve.
"""

from __future__ import annotations

import io
import itertools
import math
import statistics
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from bench import directory_data

BATCH = 2000


@dataclass
class SearchTiming:
    label: str
    runs: int
    median_ms: float | None = None
    p95_ms: float | None = None
    matches: int | None = None  # of the first variant
    queries: int | None = None  # one search's SQL queries
    error: str = ""


@dataclass
class DirectoryReport:
    services: int
    build: dict[str, Any] = field(default_factory=dict)
    flat_build: dict[str, Any] = field(default_factory=dict)
    rebuild: dict[str, Any] = field(default_factory=dict)
    searches: list[SearchTiming] = field(default_factory=list)
    pages: list[dict[str, Any]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def run(
    *, services: int, how: str, search_runs: int, time_page: Callable[..., Any] | None
) -> dict[str, Any]:
    """Build, index, search and (if the screens exist) page through a directory at scale."""
    report = DirectoryReport(services=services)
    print(f"Building a directory of {services:,} services ({how})...", flush=True)
    report.build = _build(services, how, report.notes)
    print(f"  {report.build}")
    report.rebuild = _rebuild()
    print(f"  cpi rebuild_search: {report.rebuild}")
    report.searches = [_time_searches(label, make(), search_runs) for label, make in QUERY_SETS]
    for timing in report.searches:
        print(f"  {timing}")
    if time_page is not None:
        report.pages = _time_pages(time_page, report.notes)
    # Last, so the searches above see only the rich services: as many flat ones, with ids of
    # their own, imported into the directory that now holds the rich ones.
    print(f"Importing {services:,} flat services as well...", flush=True)
    try:
        report.flat_build = _import(services, report.notes, flat=True)
    except Exception as error:  # report and carry on
        report.notes.append(f"The flat import failed ({type(error).__name__}: {error})"[:300])
    print(f"  {report.flat_build}")
    return asdict(report)


# Building -------------------------------------------------------------------------------------


def _build(count: int, how: str, notes: list[str]) -> dict[str, Any]:
    if how == "import":
        try:
            return _import(count, notes)
        except ImportError:
            notes.append("The HSDS importer is not there yet: rows were written directly.")
        except Exception as error:  # report and carry on with the other numbers
            reason = f"{type(error).__name__}: {error}"[:300]
            notes.append(f"The import failed ({reason}); rows were written directly instead.")
        _clear()
    return _bulk(count)


def _import(count: int, notes: list[str], *, flat: bool = False) -> dict[str, Any]:
    from connecting_people.directory.hsds.importer import import_path
    from connecting_people.directory.models import Service

    held = Service.objects.count()
    with tempfile.TemporaryDirectory(prefix="cpi-bench-hsds-") as folder:
        path = Path(folder) / "services.json"
        started = time.perf_counter()
        directory_data.write_page(path, count, flat=flat)
        written = time.perf_counter() - started
        size_mb = path.stat().st_size / 1e6
        started = time.perf_counter()
        result = import_path(path)
        seconds = time.perf_counter() - started
    if not result.ok:
        raise RuntimeError("; ".join(result.lines()[:5]))
    if result.warnings:
        notes.append(f"The import gave {len(result.warnings)} warnings.")
    records = result.total().total
    shape = (
        "flat services (each with its organisation, one cost option and one category)"
        if flat
        else "rich services (organisation, location, address, schedule, cost, categories…)"
    )
    return {
        "method": f"import_path (HSDS API page of {shape}), search facts included",
        "services": count,
        "held_before": held,
        "records": records,
        "file_mb": round(size_mb, 1),
        "write_file_s": round(written, 1),
        "seconds": round(seconds, 1),
        "services_per_s": round(count / seconds),
        "records_per_s": round(records / seconds),
    }


def _clear() -> None:
    from connecting_people.directory.models import Location, Organization, Service

    Service.objects.all().delete()
    Location.objects.all().delete()
    Organization.objects.all().delete()


def _bulk(count: int) -> dict[str, Any]:
    from connecting_people.directory.search.facts import refresh_all

    started = time.perf_counter()
    for chunk in _chunks(directory_data.services(count), BATCH):
        _write_rows(chunk)
    written = time.perf_counter() - started
    started = time.perf_counter()
    refresh_all(batch=BATCH)
    indexed = time.perf_counter() - started
    return {
        "method": "rows written directly (bulk_create), then refresh_all",
        "write_rows_s": round(written, 1),
        "search_facts_s": round(indexed, 1),
        "seconds": round(written + indexed, 1),
        "services_per_s": round(count / (written + indexed)),
    }


def _chunks(items: Iterator[dict[str, Any]], size: int) -> Iterator[list[dict[str, Any]]]:
    while chunk := list(itertools.islice(items, size)):
        yield chunk


def _write_rows(chunk: list[dict[str, Any]]) -> None:
    from django.db import transaction

    from connecting_people.directory import models as m

    rows: dict[type, list[Any]] = {
        model: []
        for model in (
            m.Organization, m.Service, m.Location, m.Address, m.Accessibility,
            m.ServiceAtLocation, m.Schedule, m.CostOption, m.Attribute,
        )
    }  # fmt: skip
    organisations = {}
    for s in chunk:
        organisations[s["organization"]["id"]] = m.Organization(**s["organization"])
        plain = {k: v for k, v in s.items() if not isinstance(v, list | dict)}
        rows[m.Service].append(m.Service(**plain))
        rows[m.Schedule] += [m.Schedule(**x) for x in s["schedules"]]
        rows[m.CostOption] += [
            m.CostOption(**x | {"amount": Decimal(str(x["amount"]))}) for x in s["cost_options"]
        ]
        rows[m.Attribute] += [m.Attribute(**x) for x in s["attributes"]]
        for at in s["service_at_locations"]:
            location = at["location"]
            rows[m.Location].append(
                m.Location(**{k: v for k, v in location.items() if not isinstance(v, list)})
            )
            rows[m.Address] += [m.Address(**a) for a in location.get("addresses", [])]
            rows[m.Accessibility] += [
                m.Accessibility(**a) for a in location.get("accessibility", [])
            ]
            rows[m.ServiceAtLocation].append(
                m.ServiceAtLocation(**{k: v for k, v in at.items() if k != "location"})
            )
    existing = set(
        m.Organization.objects.filter(id__in=list(organisations)).values_list("id", flat=True)
    )
    rows[m.Organization] = [
        o for key, o in organisations.items() if key not in {str(e) for e in existing}
    ]
    with transaction.atomic():
        for model, objects in rows.items():
            model.objects.bulk_create(objects, batch_size=500)


def _rebuild() -> dict[str, Any]:
    from django.core.management import call_command

    from connecting_people.directory.models import Service

    count = Service.objects.count()
    started = time.perf_counter()
    call_command("rebuild_search", "--batch", str(BATCH), stdout=io.StringIO())
    seconds = time.perf_counter() - started
    return {
        "services": count,
        "seconds": round(seconds, 1),
        "services_per_s": round(count / seconds),
    }


# Searching ------------------------------------------------------------------------------------

WORDS = ["gardening", "walking group", "coffee morning", "knit", "choir", "yoga", "pottery", "quiz"]


def _near_towns() -> list[tuple[float, float]]:
    return list(directory_data.town_centres().values())[:8]


def _queries_words() -> list[dict[str, Any]]:
    return [{"text": w} for w in WORDS]


def _queries_words_free() -> list[dict[str, Any]]:
    return [{"text": w, "free_only": True} for w in WORDS]


def _queries_category_day() -> list[dict[str, Any]]:
    slugs = ["nature-and-gardening", "music", "social-groups", "sport-and-movement"]
    return [
        {"categories": [s], "days": [d]}
        for s, d in zip(slugs * 2, directory_data.DAYS, strict=False)
    ]


def _queries_near() -> list[dict[str, Any]]:
    return [{"near": point, "within_km": 5} for point in _near_towns()]


def _queries_area() -> list[dict[str, Any]]:
    towns = directory_data.TOWNS
    return [{"area": t} for t in towns[:4]] + [{"area": f"ZY{n}"} for n in (3, 9, 17, 30)]


def _queries_browse() -> list[dict[str, Any]]:
    return [{"page": p} for p in (1, 2, 50, 500)]


def _queries_near_unbounded() -> list[dict[str, Any]]:
    return [{"near": point} for point in _near_towns()[:4]]


QUERY_SETS: list[tuple[str, Callable[[], list[dict[str, Any]]]]] = [
    ("Words only", _queries_words),
    ("Words and free", _queries_words_free),
    ("A category and a day", _queries_category_day),
    ("Near a town, within 5 km", _queries_near),
    ("An area (town or postcode district)", _queries_area),
    ("Plain browse, by name (pages 1 to 500)", _queries_browse),
    ("Near a town, no limit (by distance)", _queries_near_unbounded),
]


def _time_searches(label: str, variants: list[dict[str, Any]], runs: int) -> SearchTiming:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from connecting_people.directory.search.engine import SearchQuery, search_services

    timing = SearchTiming(label=label, runs=runs)
    try:
        queries = [SearchQuery(**v) for v in variants]
        for query in queries:  # warm-up: caches, prepared statements
            search_services(query)
        with CaptureQueriesContext(connection) as captured:
            timing.matches = search_services(queries[0]).total
        timing.queries = len(captured)
        timings = []
        for query in itertools.islice(itertools.cycle(queries), runs):
            started = time.perf_counter()
            search_services(query)
            timings.append(time.perf_counter() - started)
    except Exception as error:  # report it, carry on with the others
        timing.error = f"{type(error).__name__}: {error}"[:300]
        return timing
    timings.sort()
    timing.median_ms = round(statistics.median(timings) * 1000, 1)
    timing.p95_ms = round(timings[math.ceil(0.95 * len(timings)) - 1] * 1000, 1)
    return timing


def _time_pages(time_page: Callable[..., Any], notes: list[str]) -> list[dict[str, Any]]:
    pages = [
        ("Directory, browse", ""),
        ("Directory, words", "q=gardening"),
        ("Directory, words and free", "q=walking+group&cost=free"),
    ]
    results = []
    for label, query in pages:
        result = time_page(label, "directory:browse", query)
        if result is None:
            notes.append("The directory page (directory:browse) does not resolve yet.")
            break
        results += result
    return results


# Reporting ------------------------------------------------------------------------------------


def _build_line(build: dict[str, Any]) -> str:
    line = f"- Built by {build['method']}: **{build['services_per_s']:,} services a second**"
    if "records_per_s" in build:
        line += f" ({build['records']:,} records, {build['records_per_s']:,} a second)"
    line += f" ({build['seconds']} s"
    if build.get("held_before"):
        line += f", into a directory already holding {build['held_before']:,} services"
    if "file_mb" in build:
        line += f"; the {build['file_mb']} MB file took {build['write_file_s']} s to write"
    if "write_rows_s" in build:
        line += f"; rows {build['write_rows_s']} s, search facts {build['search_facts_s']} s"
    return line + ")."


def markdown(directory: dict[str, Any], *, busy: str) -> list[str]:
    """The "Directory" section of results/latest.md."""
    build, rebuild = directory["build"], directory["rebuild"]
    lines = [
        "## Directory",
        "",
        f"{directory['services']:,} generated services (`bench/directory_data.py`). {busy}",
        "",
        "Aims (issue 5): import at 5,000 or more services a second; search p95 under 50 ms on "
        "the embedded default; the same number of queries per page whatever the size.",
        "",
        _build_line(build),
        *([_build_line(directory["flat_build"])] if directory.get("flat_build") else []),
        f"- `cpi rebuild_search` over {rebuild['services']:,} services: {rebuild['seconds']} s "
        f"(**{rebuild['services_per_s']:,} services a second**).",
        "",
        "Search (`search_services`, one page of 20): a warm-up round, then timed calls cycling "
        "through each set's variants.",
        "",
        "| Query set | Runs | Median ms | p95 ms | Matches (first) | Queries | Error |",
        "|---|---|---|---|---|---|---|",
    ]
    for s in directory["searches"]:
        cells = [
            s["label"],
            s["runs"],
            s["median_ms"],
            s["p95_ms"],
            s["matches"],
            s["queries"],
            s["error"],
        ]
        lines.append(
            "| "
            + " | ".join(
                "-" if c is None else f"{c:,}" if isinstance(c, int) else str(c) for c in cells
            )
            + " |"
        )
    if directory["pages"]:
        lines += [
            "",
            "| Page | As | Status | Queries | Median ms | p95 ms | KB | URL (or error) |",
            "|---|---|---|---|---|---|---|---|",
        ]
        for p in directory["pages"]:
            cells = [
                p["label"],
                p["user"],
                p["status"],
                p["queries"],
                p["median_ms"],
                p["p95_ms"],
                p["kilobytes"],
                p["error"] or f"`{p['url']}`",
            ]
            lines.append("| " + " | ".join("-" if c is None else str(c) for c in cells) + " |")
    if directory["notes"]:
        lines += ["", *[f"- {note}" for note in directory["notes"]]]
    return lines

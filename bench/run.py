"""`make bench`: time the pages that grow with the data, on a fresh database at scale.

Makes a database of its own (SQLite in a temporary folder; or, when DATABASE_URL is set, a new
PostgreSQL database on that server, dropped afterwards), migrates it, runs `cpi demo --people N`
(timed: that is a benchmark too), then asks for each page in PAGES as each user in USERS with
Django's test client: warm-ups first, then timed requests. For each it reports the median and
95th-percentile wall-clock time and the SQL queries one request makes. Then it times the engines
in ENGINES, pure functions with no database, many times each, and the directory at scale
(bench/directory.py: 100,000 services imported, indexed and searched). Results go to
bench/results/latest.json and latest.md. Nothing here asserts a time: machines differ.

    python -m bench.run [--people 5000] [--runs 20] [--warmups 2] [--engine-runs 200]
                        [--only all|pages|directory|suggestions|research|outcomes|practice]
                        [--services 100000]
                        [--search-runs 100] [--suggestion-sizes 1000,10000,100000]
                        [--suggestion-runs 50] [--outcome-people 50000] [--outcome-runs 5]
                        [--practice-teams 200] [--practice-people 50000] [--practice-runs 5]

`--only suggestions` times the suggestions ranking alone (bench/suggestions.py) on a directory
of its own, and replaces just the Suggestions section of the last results.
`--only research` times the research export and its peak memory at N and 2N people
(bench/research.py), and replaces just the Research export section.
`--only outcomes` times the team report of change over 50,000 people with a baseline and four
follow-ups each (bench/outcomes.py), and replaces just the Outcomes section.
`--only practice` times the practice indicators and the team pages over 200 teams and 50,000
people (bench/practice.py), and replaces just the Practice section. (Not part of `all`.)
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import io
import json
import math
import os
import platform
import statistics
import sys
import tempfile
import time
import urllib.parse
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from bench import directory as directory_bench
from bench import outcomes as outcomes_bench
from bench import practice as practice_bench
from bench import research as research_bench
from bench import suggestions as suggestions_bench

RESULTS = Path(__file__).resolve().parent / "results"


@dataclass(frozen=True)
class Page:
    """A page to time: its URL name, and how to fill in its arguments and query string."""

    label: str
    url_name: str
    query: str = ""
    kwargs: Callable[[dict[str, Any]], dict[str, Any]] | None = None


# Add pages here as they are built. Names that do not resolve yet are skipped, with a note.
PAGES = [
    Page("Caseload, team view", "practice:caseload", "view=team"),
    Page("Caseload, my people", "practice:caseload", "view=mine"),
    Page(
        "Caseload, active with review overdue", "practice:caseload", "status=active&review=overdue"
    ),
    Page("Caseload, page 20", "practice:caseload", "page=20"),
    Page(
        "Person overview (busiest person)", "practice:person", kwargs=lambda c: {"pk": c["busiest"]}
    ),
    Page(
        "Network map (busiest person)",
        "network:map",
        kwargs=lambda c: {"person_pk": c["busiest"]},
    ),
]
USERS = [("practitioner", "sam@riverside.example"), ("team lead", "priya@riverside.example")]


@dataclass
class Result:
    label: str
    url_name: str
    url: str
    user: str
    status: int | None = None
    queries: int | None = None
    median_ms: float | None = None
    p95_ms: float | None = None
    kilobytes: float | None = None
    error: str = ""


@dataclass
class EngineResult:
    label: str
    runs: int
    median_ms: float | None = None
    p95_ms: float | None = None
    error: str = ""


@dataclass
class Report:
    when: str
    environment: dict[str, Any]
    build: dict[str, Any]
    scale: dict[str, int]
    requests: dict[str, int]
    results: list[Result] = field(default_factory=list)
    skipped: list[dict[str, str]] = field(default_factory=list)
    engines: list[EngineResult] = field(default_factory=list)
    directory: dict[str, Any] | None = None
    suggestions: dict[str, Any] | None = None
    outcomes: dict[str, Any] | None = None
    practice: dict[str, Any] | None = None
    research: dict[str, Any] | None = None


def main(argv: list[str] | None = None) -> int:
    args = _arguments(argv)
    with tempfile.TemporaryDirectory(prefix="cpi-bench-") as folder:
        _environment(Path(folder))
        with _own_database() as database:
            import django

            django.setup()
            report = _run(args, database)
    stem = "latest" if database == "sqlite" else f"latest-{database}"
    if args.only == "directory":
        _write_directory_only(report, args.output, stem)
    elif args.only == "suggestions":
        _write_suggestions_only(report, args.output, stem)
    elif args.only == "outcomes":
        _write_outcomes_only(report, args.output, stem)
    elif args.only == "practice":
        _write_practice_only(report, args.output, stem)
    elif args.only == "research":
        _write_research_only(report, args.output, stem)
    else:
        _write(report, args.output, stem)
    return 0


def _arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--people", type=int, default=5000, help="generated people to add")
    parser.add_argument("--runs", type=int, default=20, help="timed requests per page and user")
    parser.add_argument("--warmups", type=int, default=2, help="untimed requests first")
    parser.add_argument(
        "--engine-runs", type=int, default=200, help="timed calls of each engine in ENGINES"
    )
    parser.add_argument("--output", type=Path, default=RESULTS, help="where results go")
    parser.add_argument(
        "--only",
        choices=["all", "pages", "directory", "suggestions", "research", "outcomes", "practice"],
        default="all",
        help="pages and engines only, or the directory or suggestions only (which update just "
        "their section)",
    )
    parser.add_argument(
        "--suggestion-sizes",
        type=lambda text: tuple(int(n) for n in text.split(",")),
        default=suggestions_bench.SIZES,
        help="directory sizes to time the suggestions ranking at, comma-separated",
    )
    parser.add_argument(
        "--suggestion-runs", type=int, default=50, help="timed rankings at each size"
    )
    parser.add_argument(
        "--outcome-people",
        type=int,
        default=outcomes_bench.PEOPLE,
        help="people with a baseline and four follow-ups for the team report of change",
    )
    parser.add_argument(
        "--outcome-runs", type=int, default=5, help="timed runs of the team report of change"
    )
    parser.add_argument("--practice-teams", type=int, default=practice_bench.TEAMS)
    parser.add_argument(
        "--practice-people",
        type=int,
        default=practice_bench.PEOPLE,
        help="people spread across the practice teams",
    )
    parser.add_argument(
        "--practice-runs", type=int, default=5, help="timed runs of the practice indicators"
    )
    parser.add_argument(
        "--services", type=int, default=100_000, help="generated directory services"
    )
    parser.add_argument(
        "--directory-build",
        choices=["import", "bulk"],
        default="import",
        help="build the directory through the HSDS importer, or by writing rows directly",
    )
    parser.add_argument(
        "--search-runs", type=int, default=100, help="timed searches of each directory query set"
    )
    return parser.parse_args(argv)


def _environment(folder: Path) -> None:
    """Settings for a throwaway deployment: never the real data folder, never real secrets."""
    os.environ["CPI_DATA_DIR"] = str(folder)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "connecting_people.settings")
    os.environ.setdefault("SECRET_KEY", "insecure-key-for-benchmarks-only")
    os.environ.setdefault("CPI_DEMO", "true")  # the demo package: `cpi demo`
    os.environ.setdefault("EMAIL_URL", "memorymail://")
    os.environ.setdefault("HTTPS", "false")
    hosts = [h for h in os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h]
    os.environ["ALLOWED_HOSTS"] = ",".join([*hosts, "testserver"])
    static_root = Path(os.environ.get("STATIC_ROOT", Path.cwd() / "staticfiles"))
    if not (static_root / "staticfiles.json").exists():
        # Without collected files, plain storage still renders pages (`make bench` collects).
        os.environ.setdefault(
            "STATICFILES_BACKEND", "django.contrib.staticfiles.storage.StaticFilesStorage"
        )


@contextlib.contextmanager
def _own_database() -> Iterator[str]:
    """SQLite in the temporary folder, or a fresh PostgreSQL database dropped at the end."""
    url = os.environ.get("DATABASE_URL")
    if not url:
        yield "sqlite"
        return
    import psycopg

    name = f"cpi_bench_{os.getpid()}"
    parts = urllib.parse.urlsplit(url)
    admin_url = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin_url, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
        os.environ["DATABASE_URL"] = parts._replace(path=f"/{name}").geturl()
        try:
            yield "postgresql"
        finally:
            from django.db import connections

            connections.close_all()
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _run(args: argparse.Namespace, database: str) -> Report:
    from django.core.management import call_command

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    migrated = time.perf_counter() - started
    print(f"Migrated a fresh {database} database in {migrated:.1f} s.")
    # The directory and the suggestions need only the demo's users and teams.
    people = 0 if args.only in ("directory", "suggestions", "outcomes", "practice") else args.people
    print(f"Building the demo with {people:,} generated people...", flush=True)
    started = time.perf_counter()
    call_command("demo", "--people", str(people), stdout=io.StringIO())
    built = time.perf_counter() - started
    print(f"`cpi demo --people {people}` took {built:.1f} s.")
    report = Report(
        when=dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        environment=_describe_environment(database),
        build={
            "migrate_s": round(migrated, 2),
            "demo_people": people,
            "demo_s": round(built, 2),
        },
        scale=_scale(),
        requests={"warmups": args.warmups, "timed": args.runs},
    )
    if args.only not in ("directory", "suggestions", "research", "outcomes", "practice"):
        _run_pages(args, report)
    if args.only == "research":
        report.research = research_bench.run(people=args.people)
    elif args.only == "suggestions":
        report.suggestions = suggestions_bench.run(
            sizes=args.suggestion_sizes, runs=args.suggestion_runs
        )
    elif args.only not in ("pages", "outcomes", "practice"):
        report.directory = directory_bench.run(
            services=args.services,
            how=args.directory_build,
            search_runs=args.search_runs,
            time_page=lambda label, url_name, query: _time_named_page(label, url_name, query, args),
        )
    if args.only == "practice":  # on its own: its 50,000 people would slow everything after it
        report.practice = practice_bench.run(
            teams=args.practice_teams, people=args.practice_people, runs=args.practice_runs
        )
    if args.only in ("all", "outcomes"):  # last: its many people would slow everything after it
        report.outcomes = outcomes_bench.run(people=args.outcome_people, runs=args.outcome_runs)
    _print_table(report)
    return report


def _run_pages(args: argparse.Namespace, report: Report) -> None:
    context = {"busiest": _busiest_person()}
    for page in PAGES:
        url = _url(page, context)
        if url is None or isinstance(url, Exception):
            reason = f"{page.url_name} does not resolve yet" if url is None else repr(url)
            print(f"  skipped {page.label}: {reason}")
            report.skipped.append(
                {"label": page.label, "url_name": page.url_name, "reason": reason}
            )
            continue
        for role, email in USERS:
            report.results.append(_time_page(page, url, role, email, args))
    report.engines = [_time_engine(label, make, args.engine_runs) for label, make in ENGINES]


def _time_named_page(
    label: str, url_name: str, query: str, args: argparse.Namespace
) -> list[dict[str, Any]] | None:
    """Time a page for each user in USERS, as the page benchmarks do; None if it is not there."""
    page = Page(label, url_name, query)
    url = _url(page, {})
    if url is None or isinstance(url, Exception):
        return None
    return [asdict(_time_page(page, url, role, email, args)) for role, email in USERS]


def _url(page: Page, context: dict[str, Any]) -> str | Exception | None:
    from django.urls import NoReverseMatch, reverse

    try:
        path = reverse(page.url_name, kwargs=page.kwargs(context) if page.kwargs else None)
    except NoReverseMatch:
        return None
    except Exception as error:  # a URLconf still being written should not stop the rest
        return error
    return f"{path}?{page.query}" if page.query else path


def _time_page(page: Page, url: str, role: str, email: str, args: argparse.Namespace) -> Result:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from connecting_people.accounts.models import User

    client = Client()
    client.force_login(User.objects.get(email=email))
    result = Result(label=page.label, url_name=page.url_name, url=url, user=role)
    try:
        for _ in range(max(args.warmups, 1)):
            with CaptureQueriesContext(connection) as queries:
                response = client.get(url)
            count = len(queries)  # now: the log is cleared when the next request starts
        timings = []
        for _ in range(args.runs):
            started = time.perf_counter()
            response = client.get(url)
            timings.append(time.perf_counter() - started)
    except Exception as error:  # report the failure and carry on with the other pages
        result.error = f"{type(error).__name__}: {error}"[:300]
        return result
    result.status, result.queries = response.status_code, count
    result.kilobytes = round(len(response.content) / 1024, 1)
    if timings:
        timings.sort()
        result.median_ms = round(statistics.median(timings) * 1000, 1)
        result.p95_ms = round(timings[math.ceil(0.95 * len(timings)) - 1] * 1000, 1)
    return result


def _time_engine(label: str, make: Callable[[], Callable[[], Any]], runs: int) -> EngineResult:
    """Time a pure function: `make` builds its input once and returns the call to time."""
    result = EngineResult(label=label, runs=runs)
    try:
        call = make()
        call()  # warm-up: imports, caches
        timings = []
        for _ in range(runs):
            started = time.perf_counter()
            call()
            timings.append(time.perf_counter() - started)
    except Exception as error:  # an engine still being written should not stop the rest
        result.error = f"{type(error).__name__}: {error}"[:300]
        return result
    timings.sort()
    result.median_ms = round(statistics.median(timings) * 1000, 2)
    result.p95_ms = round(timings[math.ceil(0.95 * len(timings)) - 1] * 1000, 2)
    return result


# A busy map for the engines: 60 connections of every kind, ring and feeling, with labels of
# mixed length; for the measures, each is tied to those 1, 3 and 7 places on (169 ties).
ENGINE_CONNECTIONS = 60
ENGINE_LABELS = [
    "Mum", "Dad", "Nan", "Auntie Pearl", "Jas", "K.", "Dev", "Lorna", "Sam", "Dr A.",
    "Pete next door", "Gary", "Hannah", "Saturday riders", "Farida", "Nasreen", "Ruth",
    "Friday prayers", "Game squad", "Biscuit", "Kemi", "Millbrook Harriers", "Jean", "Dot",
]  # fmt: skip


def _engine_nodes() -> list[dict[str, Any]]:
    from connecting_people.network.vocab import Feels, Kind, Ring

    kinds, rings, feels = Kind.values, Ring.values, Feels.values
    return [
        {
            "key": str(1000 + n),
            "label": f"{ENGINE_LABELS[n % len(ENGINE_LABELS)]}{'' if n < 24 else f' {n}'}",
            "kind": kinds[n % len(kinds)],
            "ring": rings[(n * 7) % len(rings)],
            "feels": feels[0] if n % 5 else feels[1 + n % 2],
            "inside_services": kinds[n % len(kinds)] in ("worker", "peer"),
        }
        for n in range(ENGINE_CONNECTIONS)
    ]


def _draw_map_60() -> Callable[[], Any]:
    from connecting_people.network.drawing import MapNode, draw_map

    nodes = [MapNode(**node, is_new=n % 9 == 0) for n, node in enumerate(_engine_nodes())]
    return lambda: draw_map(nodes, title="Benchmark map", centre_label="Maya")


def _network_measures_60() -> Callable[[], Any]:
    from connecting_people.network.measures import NetworkState, Node, network_measures

    today = dt.date.today()
    made = _engine_nodes()
    nodes = tuple(
        Node(
            key=n["key"],
            kind=n["kind"],
            inside_services=n["inside_services"],
            ring=n["ring"],
            feels=n["feels"],
            gives=frozenset({"company"}),
            ended_on=today if i % 13 == 0 else None,
        )
        for i, n in enumerate(made)
    )
    keys = [n.key for n in nodes]
    ties = tuple(
        (keys[i], keys[j]) for i in range(len(keys)) for j in (i + 1, i + 3, i + 7) if j < len(keys)
    )
    now = NetworkState(on=today, nodes=nodes, ties=ties, ties_known=True)
    then = NetworkState(
        on=today - dt.timedelta(days=180), nodes=nodes[:40], ties=ties[:60], ties_known=True
    )
    return lambda: network_measures(now, baseline=then, previous=then)


ENGINES: list[tuple[str, Callable[[], Callable[[], Any]]]] = [
    (f"draw_map, {ENGINE_CONNECTIONS} connections", _draw_map_60),
    (f"network_measures, {ENGINE_CONNECTIONS} connections with ties", _network_measures_60),
]


def _busiest_person() -> int | None:
    """The person in the first demo team with the most contacts and steps."""
    from django.db.models import Count, IntegerField, OuterRef, Subquery
    from django.db.models.functions import Coalesce

    from connecting_people.core.models import Team
    from connecting_people.people.models import Person
    from connecting_people.plans.models import Contact, Step

    def count(queryset: Any, person: str) -> Coalesce:
        counted = queryset.order_by().values(person).annotate(n=Count("pk")).values("n")
        return Coalesce(Subquery(counted, output_field=IntegerField()), 0)

    team = Team.objects.filter(organisation__is_demo=True).order_by("pk").first()
    contacts = count(Contact.objects.filter(person=OuterRef("pk")), "person")
    steps = count(Step.objects.filter(goal__person=OuterRef("pk")), "goal__person")
    busiest = (
        Person.objects.filter(team=team)
        .annotate(records=contacts + steps)
        .order_by("-records", "pk")
        .first()
    )
    return busiest.pk if busiest else None


def _scale() -> dict[str, int]:
    from connecting_people.network.models import Connection, Snapshot
    from connecting_people.people.models import Interest, Person
    from connecting_people.plans.models import Barrier, Contact, Goal, Step

    models = {"people": Person, "interests": Interest, "goals": Goal, "steps": Step}
    models |= {"barriers": Barrier, "contacts": Contact}
    models |= {"connections": Connection, "snapshots": Snapshot}
    return {name: model._default_manager.count() for name, model in models.items()}


def _describe_environment(database: str) -> dict[str, Any]:
    import django
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("select sqlite_version()" if database == "sqlite" else "show server_version")
        version = cursor.fetchone()[0]
    return {
        "python": platform.python_version(),
        "django": django.get_version(),
        "database": f"{'SQLite' if database == 'sqlite' else 'PostgreSQL'} {version}",
        "cpus": os.cpu_count(),
        "processor": _processor(),
        "platform": platform.platform(terse=True),
        # Other work on the machine skews times: the load when the run started says how busy.
        "load_average": [round(load, 2) for load in os.getloadavg()],
    }


def _processor() -> str:
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    return platform.processor() or platform.machine()


def _rows(report: Report) -> list[list[str]]:
    def show(value: Any) -> str:
        return "-" if value is None else str(value)

    return [
        [
            r.label,
            r.user,
            *map(show, (r.status, r.queries, r.median_ms, r.p95_ms, r.kilobytes)),
            r.error or r.url,
        ]
        for r in report.results
    ]


HEADINGS = ["Page", "As", "Status", "Queries", "Median ms", "p95 ms", "KB", "URL (or error)"]


ENGINE_HEADINGS = ["Engine", "Runs", "Median ms", "p95 ms", "Error"]


def _engine_rows(report: Report) -> list[list[str]]:
    def show(value: Any) -> str:
        return "-" if value is None else str(value)

    return [
        [e.label, str(e.runs), show(e.median_ms), show(e.p95_ms), e.error] for e in report.engines
    ]


def _print_table(report: Report) -> None:
    for headings, rows in ((HEADINGS, _rows(report)), (ENGINE_HEADINGS, _engine_rows(report))):
        rows = [headings, *rows]
        widths = [max(len(row[i]) for row in rows) for i in range(len(headings))]
        print()
        for row in rows:
            print("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)))


def _markdown(report: Report) -> str:
    env, build, scale = report.environment, report.build, report.scale
    lines = [
        "# Benchmark results",
        "",
        f"Run {report.when} on {env['cpus']} CPUs ({env['processor']}), {env['platform']}; "
        f"Python {env['python']}, Django {env['django']}, {env['database']}; "
        f"load average {', '.join(map(str, env['load_average']))} when it started.",
        "",
        f"`cpi demo --people {build['demo_people']}` took **{build['demo_s']} s** "
        f"(migrations {build['migrate_s']} s). Scale: "
        + ", ".join(f"{count:,} {name}" for name, count in scale.items())
        + ".",
        "",
        f"Each page: {report.requests['warmups']} warm-up requests (the last one's SQL queries "
        f"counted), then {report.requests['timed']} timed requests with Django's test client.",
        "",
        "| " + " | ".join(HEADINGS) + " |",
        "|" + "|".join(["---"] * len(HEADINGS)) + "|",
    ]
    lines += [
        "| " + " | ".join(f"`{c}`" if c.startswith("/") else c for c in row) + " |"
        for row in _rows(report)
    ]
    if report.skipped:
        lines += ["", "Skipped (not built yet):", ""]
        lines += [f"- {s['label']} (`{s['url_name']}`): {s['reason']}" for s in report.skipped]
    if report.engines:
        lines += [
            "",
            "Engines: pure functions, no database; one untimed call, then each call timed.",
            "",
            "| " + " | ".join(ENGINE_HEADINGS) + " |",
            "|" + "|".join(["---"] * len(ENGINE_HEADINGS)) + "|",
        ]
        lines += ["| " + " | ".join(row) + " |" for row in _engine_rows(report)]
    if report.suggestions:
        lines += ["", *suggestions_bench.markdown(report.suggestions, busy=_busy(env))]
    if report.research:
        lines += ["", *research_bench.markdown(report.research, busy=_busy(env))]
    if report.outcomes:
        lines += ["", *outcomes_bench.markdown(report.outcomes, busy=_busy(env))]
    if report.directory:
        lines += ["", *directory_bench.markdown(report.directory, busy=_busy(env))]
    return "\n".join(lines) + "\n"


def _busy(env: dict[str, Any]) -> str:
    loads = ", ".join(map(str, env["load_average"]))
    return (
        f"Measured on a shared, busy machine ({env['cpus']} CPUs, load average {loads} when the "
        f"run started; {env['database']}): compare runs on the same machine, not across machines."
    )


def _write_directory_only(report: Report, folder: Path, stem: str) -> None:
    """Replace only the Directory section (and its JSON) of the last full results."""
    md, js = folder / f"{stem}.md", folder / f"{stem}.json"
    if not md.exists() or not js.exists():
        _write(report, folder, stem)
        return
    section = directory_bench.markdown(report.directory or {}, busy=_busy(report.environment))
    kept = md.read_text().split("\n## Directory\n")[0].rstrip("\n")
    md.write_text(kept + "\n\n" + "\n".join(section) + "\n")
    data = json.loads(js.read_text())
    data["directory"] = report.directory
    data["directory_environment"] = report.environment
    js.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n")
    print(f"\nUpdated the directory section of {folder / stem}.md and .json.")


def _write_section_only(
    report: Report, folder: Path, stem: str, *, title: str, key: str, lines: list[str]
) -> None:
    """Replace (or add, before the Directory section) only one section and its JSON."""
    md, js = folder / f"{stem}.md", folder / f"{stem}.json"
    if not md.exists() or not js.exists():
        _write(report, folder, stem)
        return
    section = "\n".join(lines)
    heading = f"\n## {title}\n"
    text = md.read_text()
    if heading in text:
        before, rest = text.split(heading, 1)
        after = rest.split("\n## ", 1)[1] if "\n## " in rest else ""
        text = before.rstrip("\n") + "\n\n" + section + ("\n\n## " + after if after else "\n")
    elif "\n## Directory\n" in text:
        before, after = text.split("\n## Directory\n", 1)
        text = before.rstrip("\n") + "\n\n" + section + "\n\n## Directory\n" + after
    else:
        text = text.rstrip("\n") + "\n\n" + section + "\n"
    md.write_text(text)
    data = json.loads(js.read_text())
    data[key] = getattr(report, key)
    data[f"{key}_environment"] = report.environment
    js.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n")
    print(f"\nUpdated the {key} section of {folder / stem}.md and .json.")


def _write_suggestions_only(report: Report, folder: Path, stem: str) -> None:
    lines = suggestions_bench.markdown(report.suggestions or {}, busy=_busy(report.environment))
    _write_section_only(report, folder, stem, title="Suggestions", key="suggestions", lines=lines)


def _write_practice_only(report: Report, folder: Path, stem: str) -> None:
    lines = practice_bench.markdown(report.practice or {}, busy=_busy(report.environment))
    _write_section_only(report, folder, stem, title="Practice", key="practice", lines=lines)


def _write_outcomes_only(report: Report, folder: Path, stem: str) -> None:
    lines = outcomes_bench.markdown(report.outcomes or {}, busy=_busy(report.environment))
    _write_section_only(report, folder, stem, title="Outcomes", key="outcomes", lines=lines)


def _write(report: Report, folder: Path, stem: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    data = json.dumps(asdict(report), indent=2, ensure_ascii=False) + "\n"
    (folder / f"{stem}.json").write_text(data)
    (folder / f"{stem}.md").write_text(_markdown(report))
    print(f"\nWrote {folder / stem}.json and {stem}.md.")


def _write_research_only(report: Report, folder: Path, stem: str) -> None:
    """Replace (or add at the end) only the Research export section and its JSON."""
    md, js = folder / f"{stem}.md", folder / f"{stem}.json"
    if not md.exists() or not js.exists():
        _write(report, folder, stem)
        return
    lines = research_bench.markdown(report.research or {}, busy=_busy(report.environment))
    text, heading = md.read_text(), "\n## Research export\n"
    if heading in text:
        before, rest = text.split(heading, 1)
        after = rest.split("\n## ", 1)[1] if "\n## " in rest else ""
        text = before.rstrip("\n") + ("\n\n## " + after.rstrip("\n") if after else "")
    md.write_text(text.rstrip("\n") + "\n\n" + "\n".join(lines) + "\n")
    data = json.loads(js.read_text())
    data["research"] = report.research
    data["research_environment"] = report.environment
    js.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n")
    print(f"\nUpdated the research export section of {folder / stem}.md and .json.")


if __name__ == "__main__":
    sys.exit(main())

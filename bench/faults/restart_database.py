"""Restart PostgreSQL under load (issue 15, "Fault and load tests").

    .venv/bin/python -m bench.faults.restart_database [--restarts 3] [--clients 4]

Never the machine's shared PostgreSQL: the script makes a PostgreSQL cluster of its own in a
temporary folder (initdb, run as the `postgres` account when started as root, since PostgreSQL
refuses to run as root), on a free port of 127.0.0.1, and removes it at the end. It builds the
demo in it, starts the real server (`cpi serve`) against it, and has a few browsers save goals
(a goal, its interests and barriers, an audit event) and open the caseload without pause, while a
prober asks the health check every 50 ms. Meanwhile the cluster is restarted (`pg_ctl restart -m
fast`) a few times.

Measured: every answer while the database was down is a clean error (our own "not available"
page, 503; never a traceback, in the page or in the server's log); how long after the database
is back the first health check and the first save succeed (recovery); and, afterwards in the
database, that no acknowledged save was lost or left partial. Exits 1 when any answer was not
clean, when the app did not recover, or when a count is not 0.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import subprocess
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from bench.faults import harness

PG_BIN = Path(os.environ.get("PG_BIN", "/usr/lib/postgresql/15/bin"))
# Our page for a database that does not answer (templates/503.html); whatever else a 5xx says
# is not clean.
UNAVAILABLE = "Sorry, Connecting People is not available just now"


def _as_postgres(command: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command


@contextlib.contextmanager
def own_cluster(folder: Path) -> Iterator[tuple[str, list[str]]]:
    """A PostgreSQL cluster of our own in `folder`: (its URL, the command that restarts it)."""
    data = folder / "pgdata"
    data.mkdir()
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres")
        shutil.chown(data, "postgres")
    subprocess.run(
        _as_postgres(
            [str(PG_BIN / "initdb"), "-D", str(data), "-A", "trust", "-U", "postgres", "-N"]
        ),
        check=True,
        stdout=subprocess.DEVNULL,
    )
    port = harness.free_port()
    ctl = [str(PG_BIN / "pg_ctl"), "-D", str(data), "-l", str(data / "postgres.log"), "-w"]
    options = ["-o", f"-p {port} -k {data} -c listen_addresses={harness.HOST} -c fsync=off"]
    subprocess.run(_as_postgres([*ctl, *options, "start"]), check=True, stdout=subprocess.DEVNULL)
    try:
        yield (
            f"postgres://postgres@{harness.HOST}:{port}/postgres",
            _as_postgres([*ctl, *options, "-m", "fast", "restart"]),
        )
    finally:
        subprocess.run(
            _as_postgres([*ctl, "-m", "immediate", "stop"]), check=False, stdout=subprocess.DEVNULL
        )


@dataclass
class Record:
    at: float
    what: str  # "save", "page" or "health"
    status: int
    clean: bool  # a success, or our own error page with no traceback
    marker: str = ""
    goal_pk: int | None = None
    note: str = ""  # the start of an answer that was not clean


@dataclass
class Restart:
    down: float  # when the restart began
    up: float  # when pg_ctl said the cluster was back
    health: float | None = None  # the first health check answered after `up`
    save: float | None = None  # the first save acknowledged after `up`


@dataclass
class Load:
    records: list[Record] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    stop: threading.Event = field(default_factory=threading.Event)

    def add(self, record: Record) -> None:
        with self.lock:
            self.records.append(record)


def _clean(answer: harness.Answer) -> bool:
    """A page or a redirect (every request here is one that succeeds when the database is up),
    or our own unavailable page; never a traceback."""
    if answer.traceback:
        return False
    return answer.status in (200, 302) or (answer.status == 503 and UNAVAILABLE in answer.body)


def _record(
    what: str, answer: harness.Answer, clean: bool, marker: str = "", goal_pk: int | None = None
) -> Record:
    note = "" if clean else (answer.error or " ".join(answer.body.split())[:300])
    return Record(time.monotonic(), what, answer.status, clean, marker, goal_pk, note)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--restarts", type=int, default=3)
    parser.add_argument("--clients", type=int, default=4, help="browsers saving at once")
    parser.add_argument("--between", type=float, default=8, help="seconds between restarts")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    args = parser.parse_args(argv)
    folder = Path(tempfile.mkdtemp(prefix="cpi-faults-pg-"))
    harness.environment(folder)
    try:
        with own_cluster(folder) as (url, restart), harness.own_database(url) as database:
            print(f"Restart {database} {args.restarts} times under load, in {folder}.")
            world = harness.prepare()
            return _run(args, world, folder, restart)
    finally:
        if not args.keep:
            shutil.rmtree(folder, ignore_errors=True)


def _run(
    args: argparse.Namespace, world: harness.World, folder: Path, restart_command: list[str]
) -> int:
    load = Load()
    restarts: list[Restart] = []
    with harness.Server(folder / "server.log") as server:
        browsers = []
        for _ in range(args.clients):
            browser = harness.Browser(server.port, timeout=60)
            browser.sign_in(world.email, world.password)
            browsers.append(browser)

        def client(number: int, browser: harness.Browser) -> None:
            count = 0
            while not load.stop.is_set():
                count += 1
                marker = f"{number}-{count:05d}"
                answer, goal_pk = harness.save_goal(browser, world, marker)
                clean = goal_pk is not None or _clean(answer)
                load.add(_record("save", answer, clean, marker, goal_pk))
                page = browser.get("/people/")
                load.add(_record("page", page, _clean(page)))

        def prober() -> None:
            browser = harness.Browser(server.port, timeout=60)
            while not load.stop.wait(0.05):
                answer = browser.get("/healthz")
                load.add(_record("health", answer, _clean(answer)))

        threads = [threading.Thread(target=client, args=(n, b)) for n, b in enumerate(browsers)]
        threads.append(threading.Thread(target=prober))
        load_before = harness.machine_load()
        started = time.monotonic()
        for thread in threads:
            thread.start()
        for _ in range(args.restarts):
            time.sleep(args.between)
            down = time.monotonic()
            subprocess.run(restart_command, check=True, stdout=subprocess.DEVNULL)
            restarts.append(Restart(down, time.monotonic()))
        time.sleep(args.between)
        load.stop.set()
        for thread in threads:
            thread.join()
        took = time.monotonic() - started
        load_after = harness.machine_load()
        log = server.log_text()
    return _report(args, world, load, restarts, log, took, (load_before, load_after))


def _report(
    args: argparse.Namespace,
    world: harness.World,
    load: Load,
    restarts: list[Restart],
    log: str,
    took: float,
    loads: tuple[str, str],
) -> int:
    records = sorted(load.records, key=lambda r: r.at)
    for restart in restarts:
        after = [r for r in records if r.at >= restart.up and r.status in (200, 302)]
        restart.health = next((r.at for r in after if r.what == "health"), None)
        restart.save = next((r.at for r in after if r.what == "save" and r.goal_pk), None)
    failed = [r for r in records if r.status not in (200, 302)]
    unclean = [r for r in records if not r.clean]
    statuses = Counter(f"{r.what} {r.status or 'no answer'}" for r in records)
    acknowledged = {r.marker: r.goal_pk for r in records if r.goal_pk is not None}
    checked = harness.check_goals(world, acknowledged)
    log_tracebacks = len(harness.TRACEBACK.findall(log))
    never = sum(1 for r in restarts if r.health is None or r.save is None)

    def seconds(value: float | None, since: float) -> str:
        return "never" if value is None else f"{value - since:.2f} s"

    rows = [
        ("requests", f"{len(records)} in {took:.0f} s ({args.clients} browsers and a prober)"),
        ("answers", ", ".join(f"{k}: {v}" for k, v in sorted(statuses.items()))),
        ("failed answers", len(failed)),
        ("  of which not clean", len(unclean)),
        ("tracebacks in the server log", log_tracebacks),
    ]
    for n, restart in enumerate(restarts, 1):
        rows.append(
            (
                f"restart {n}",
                f"pg_ctl restart took {restart.up - restart.down:.2f} s; after it, first "
                f"health check {seconds(restart.health, restart.up)}, first save "
                f"{seconds(restart.save, restart.up)}",
            )
        )
    rows += [
        ("acknowledged saves", checked.acknowledged),
        ("acknowledged but missing", checked.missing),
        ("partial writes", checked.partial),
        ("audit/data mismatches", checked.without_event + checked.event_without_goal),
        ("audit chain (cpi verify_audit)", checked.audit_chain),
        ("machine load before", loads[0]),
        ("machine load after", loads[1]),
    ]
    print(harness.table(rows))
    for record in unclean[:5]:
        print(f"  not clean: {record.what} answered {record.status}: {record.note}")
    bad = len(unclean) + log_tracebacks + never + checked.failures
    print("FAILED" if bad else "All clean: every failure our own page, recovered, nothing lost.")
    return 1 if bad else 0


if __name__ == "__main__":
    raise SystemExit(main())

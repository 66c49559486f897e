"""Kill a server worker at random during 500 multi-table saves (issue 15, "Fault and load tests").

    .venv/bin/python -m bench.faults.kill_worker [--saves 500] [--clients 4] [--workers 2]

Starts the real server (`cpi serve`: gunicorn, gthread workers) on a throwaway database (SQLite in
a temporary folder; with DATABASE_URL set, a new PostgreSQL database on that server, dropped at
the end), signs in a few browsers as the demo's practitioner, and has them save goals over HTTP:
each goal links to two interests and two barriers and writes an audit event, all in one
transaction. Meanwhile a killer sends SIGKILL to a random worker at random moments (gunicorn
starts a new one). Every save the server acknowledged (a redirect to the new goal) is noted.

Afterwards, in the database: every acknowledged goal is there (acknowledged but missing), none
lacks an interest or barrier it was saved with (partial writes), every goal of the run has its
audit event and every such event its goal (audit/data mismatches), and `cpi verify_audit` finds
the audit chain intact. Prints a table; exits 1 when any of those counts is not 0.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import signal
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

from bench.faults import harness


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--saves", type=int, default=500)
    parser.add_argument("--clients", type=int, default=4, help="browsers saving at once")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument("--seed", type=int, default=15)
    parser.add_argument(
        "--pause", type=float, default=1.0, help="longest wait between two kills, in seconds"
    )
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    args = parser.parse_args(argv)
    folder = Path(tempfile.mkdtemp(prefix="cpi-faults-"))
    harness.environment(folder)
    with harness.own_database(os.environ.get("DATABASE_URL")) as database:
        print(f"Kill a worker during {args.saves} saves, on {database} in {folder}.")
        world = harness.prepare()
        try:
            return _run(args, world, folder, database)
        finally:
            if not args.keep:
                shutil.rmtree(folder, ignore_errors=True)


def _run(args: argparse.Namespace, world: harness.World, folder: Path, database: str) -> int:
    rng = random.Random(args.seed)
    acknowledged: dict[str, int] = {}
    answers: Counter[str] = Counter()
    tracebacks = 0
    lock = threading.Lock()
    numbers = iter(range(args.saves))
    kills: list[int] = []
    done = threading.Event()

    with harness.Server(folder / "server.log", workers=args.workers) as server:
        browsers = []
        for _ in range(args.clients):
            browser = harness.Browser(server.port)
            browser.sign_in(world.email, world.password)
            browsers.append(browser)

        def save(browser: harness.Browser) -> None:
            nonlocal tracebacks
            while True:
                with lock:
                    number = next(numbers, None)
                if number is None:
                    return
                marker = f"{number:04d}"
                answer, goal_pk = harness.save_goal(browser, world, marker)
                with lock:
                    answers[str(answer.status or answer.error)] += 1
                    tracebacks += answer.traceback
                    if goal_pk is not None:
                        acknowledged[marker] = goal_pk

        def killer() -> None:
            while not done.wait(rng.uniform(0.05, args.pause)):
                pids = server.worker_pids()
                if pids:
                    pid = rng.choice(pids)
                    try:
                        os.kill(pid, signal.SIGKILL)
                    except ProcessLookupError:
                        continue
                    kills.append(pid)

        load_before = harness.machine_load()
        started = time.monotonic()
        threads = [threading.Thread(target=save, args=(b,)) for b in browsers]
        kill_thread = threading.Thread(target=killer)
        kill_thread.start()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        done.set()
        kill_thread.join()
        took = time.monotonic() - started
        load_after = harness.machine_load()
        log = server.log_text()
    checked = harness.check_goals(world, acknowledged)
    log_tracebacks = len(harness.TRACEBACK.findall(log))
    rows = [
        ("database", database),
        ("saves sent", args.saves),
        ("browsers / workers", f"{args.clients} / {args.workers} (4 threads each)"),
        ("workers killed (SIGKILL)", len(kills)),
        ("took", f"{took:.1f} s"),
        ("answers", ", ".join(f"{k}: {v}" for k, v in sorted(answers.items()))),
        ("acknowledged", checked.acknowledged),
        ("goals of the run in the database", checked.found),
        ("acknowledged but missing", checked.missing),
        ("partial writes", checked.partial),
        ("goals without their audit event", checked.without_event),
        ("audit events without their goal", checked.event_without_goal),
        ("audit chain (cpi verify_audit)", checked.audit_chain),
        ("tracebacks in pages / in the log", f"{tracebacks} / {log_tracebacks}"),
        ("machine load before", load_before),
        ("machine load after", load_after),
    ]
    print(harness.table(rows))
    if args.keep:
        print(f"Kept {folder} (server.log has the server's output).")
    failed = checked.failures + tracebacks
    print("FAILED" if failed else "All counts are 0.")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())

"""The HSDS import alone, timed in wall-clock and processor seconds, with its peak memory.

    python -m bench.import_speed [--services 10000] [--profile PREFIX]

On a throwaway database, as `make bench` makes one (SQLite in a temporary folder, or with
DATABASE_URL a new PostgreSQL database, dropped afterwards): migrates it, builds the demo with no
people, then imports `--services` rich services (`bench/directory_data.py`) and as many flat ones
through `import_path`, search facts and audiences included. For each it prints services a second
in wall-clock time and per processor second of this process (on a shared machine the second
moves far less with the load; PostgreSQL's own work is not in it), and the process's peak
resident memory before and after. `--profile` writes a cProfile of each import. Nothing is
asserted and nothing written to results/: `make bench` keeps the figures.
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import io
import os
import resource
import tempfile
import time
from pathlib import Path

from bench import directory_data
from bench import run as bench_run


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--services", type=int, default=10_000)
    parser.add_argument("--profile", help="write a cProfile of each import to PREFIX-…prof")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="cpi-import-speed-") as folder:
        bench_run._environment(Path(folder))
        with bench_run._own_database() as database:
            import django

            django.setup()
            from django.core.management import call_command

            from connecting_people.directory.hsds.importer import import_path

            call_command("migrate", verbosity=0)
            call_command("demo", "--people", "0", stdout=io.StringIO())
            print(f"{database}, load average {os.getloadavg()[0]:.1f}", flush=True)
            for flat in (False, True):
                shape = "flat" if flat else "rich"
                path = Path(folder) / f"{shape}.json"
                directory_data.write_page(path, args.services, flat=flat)
                gc.collect()
                before = _peak_mb()
                profile = cProfile.Profile() if args.profile else None
                started, processor = time.perf_counter(), time.process_time()
                if profile:
                    profile.enable()
                report = import_path(path)
                if profile:
                    profile.disable()
                    profile.dump_stats(f"{args.profile}-{database}-{shape}.prof")
                wall = time.perf_counter() - started
                cpu = time.process_time() - processor
                if not report.ok:
                    print("; ".join(report.lines()[:5]))
                    return 1
                print(
                    f"  {args.services:,} {shape} services ({report.total().total:,} records, "
                    f"{path.stat().st_size / 1e6:.0f} MB): {wall:.1f} s, "
                    f"{args.services / wall:,.0f} a second; {cpu:.1f} processor s, "
                    f"{args.services / cpu:,.0f} a processor second; peak memory "
                    f"{before:.0f} MB before, {_peak_mb():.0f} MB after; load average "
                    f"{os.getloadavg()[0]:.1f}",
                    flush=True,
                )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""`python -m connecting_people.suggestions.evaluation` (`make eval-suggestions`): build a
throwaway database with the demo, rank for every labelled persona of both sets (the tuning
set, eval/personas.json, and the held-out set, eval/held_out.json), check each suggestion
against the directory's records and write eval/results/latest.md and latest.json, with the
held-out aims passed or failed.

    python -m connecting_people.suggestions.evaluation [--personas PATH] [--held-out PATH]
                                        [--output FOLDER] [--team NAME | --no-team]
"""

from __future__ import annotations

import argparse
import datetime as dt
import subprocess
import sys
from pathlib import Path

from .database import throwaway_demo
from .personas import DEFAULT_PATH, HELD_OUT_PATH, load

RESULTS = DEFAULT_PATH.parent / "results"
DEMO_TEAM = "Riverside Community Mental Health Team"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--personas", type=Path, default=DEFAULT_PATH, help="the tuning set")
    parser.add_argument("--held-out", type=Path, default=HELD_OUT_PATH, help="the held-out set")
    parser.add_argument("--output", type=Path, default=RESULTS)
    parser.add_argument("--team", default=DEMO_TEAM, help="the demo team whose knowledge counts")
    parser.add_argument("--no-team", action="store_true", help="rank with no team's knowledge")
    args = parser.parse_args(argv)
    sets = {"tuning": load(args.personas), "held-out": load(args.held_out)}
    with throwaway_demo():
        from connecting_people.core.models import Team
        from connecting_people.suggestions.ranking import rank

        from .run import aims, evaluate, write
        from .violations import records_for

        team_id = None if args.no_team else Team.objects.get(name=args.team).pk
        records = records_for(team_id)
        results = {
            name: evaluate(personas, rank=rank, records=records, team_id=team_id)
            for name, personas in sets.items()
        }
    about = {
        "when": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "tuning set": str(args.personas.name),
        "held-out set": str(args.held_out.name),
        "team": "none" if team_id is None else args.team,
        "limit": 10,
        "commit": _commit(),
    }
    write(results, args.output, about)
    for name, (summary, _rows) in results.items():
        print(
            f"{name}: precision@5 {_number(summary.precision_at_5)}, "
            f"nDCG@10 {_number(summary.ndcg_at_10)}, violations {summary.violations} "
            f"({summary.violating} breaking, {summary.out_of_order} out of order), largest "
            f"share {summary.largest_share:.0%}, coverage {summary.coverage:.1%}"
        )
    for what, seen, met in aims(results["held-out"][0]):
        print(f"Held-out aim {what}: {seen} — {'pass' if met else 'FAIL'}")
    print(f"Written to {args.output}/latest.md")
    return 0


def _number(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.3f}"


def _commit() -> str:
    """The checked-out commit (and whether files differ from it), so results can be traced."""
    try:
        head = subprocess.run(
            ["git", "describe", "--always", "--dirty"],  # noqa: S607 (git from PATH)
            capture_output=True,
            text=True,
            check=True,
            cwd=DEFAULT_PATH.parent,
        )
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return head.stdout.strip()


if __name__ == "__main__":
    sys.exit(main())

"""`python -m connecting_people.suggestions.evaluation` (`make eval-suggestions`): build a
throwaway database with the demo, rank for every labelled persona (eval/personas.json) and
write eval/results/latest.md and latest.json.

    python -m connecting_people.suggestions.evaluation [--personas PATH] [--output FOLDER]
                                                       [--team NAME | --no-team]
"""

from __future__ import annotations

import argparse
import datetime as dt
import subprocess
import sys
from pathlib import Path

from .database import throwaway_demo
from .personas import DEFAULT_PATH, load

RESULTS = DEFAULT_PATH.parent / "results"
DEMO_TEAM = "Riverside Community Mental Health Team"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--personas", type=Path, default=DEFAULT_PATH)
    parser.add_argument("--output", type=Path, default=RESULTS)
    parser.add_argument("--team", default=DEMO_TEAM, help="the demo team whose knowledge counts")
    parser.add_argument("--no-team", action="store_true", help="rank with no team's knowledge")
    args = parser.parse_args(argv)
    personas = load(args.personas)
    with throwaway_demo():
        from connecting_people.core.models import Team
        from connecting_people.suggestions.ranking import rank

        from .run import evaluate, write
        from .violations import facts_for

        team_id = None if args.no_team else Team.objects.get(name=args.team).pk
        facts = facts_for()
        summary, rows = evaluate(personas, rank=rank, facts=facts, team_id=team_id)
    about = {
        "when": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "personas file": str(args.personas.name),
        "team": "none" if team_id is None else args.team,
        "limit": 10,
        "commit": _commit(),
    }
    write(summary, rows, args.output, about)
    print(
        f"Precision@5 {summary.precision_at_5}, nDCG@10 {summary.ndcg_at_10}, "
        f"breaking a barrier {summary.violating}/{summary.suggestions}, "
        f"coverage {summary.coverage:.1%}. Written to {args.output}/latest.md"
    )
    return 0


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

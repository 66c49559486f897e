"""`cpi practice_indicators --team ID [--json] [--on YYYY-MM-DD]`: the team's practice indicators,
the same figures as its page (team/indicators/): now, and for each of the last four quarters.

Counts only, never a name. For a scheduler, a spreadsheet or checking a figure by hand.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from connecting_people.core.models import Team
from connecting_people.people.models import Person
from connecting_people.practice.indicators import IndicatorResult, by_quarter, team_summary


class Command(BaseCommand):
    help = "Print a team's practice indicators, now and for each of the last four quarters."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--team", type=int, required=True, help="the team's id")
        parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
        parser.add_argument(
            "--on", type=dt.date.fromisoformat, default=None, help="as at this day (YYYY-MM-DD)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        team = Team.objects.filter(pk=options["team"]).first()
        if team is None:
            raise CommandError(f"There is no team with id {options['team']}.")
        today = options["on"]
        now = team_summary(team, today=today)
        quarters = by_quarter(Person.objects.filter(team=team), today=today)
        if options["json"]:
            found = {
                "team": {"id": team.pk, "name": team.name},
                "indicators": [_row(r, definition=True) for r in now],
                "quarters": [
                    {
                        "label": q.label,
                        "on": q.on.isoformat(),
                        "indicators": [_row(r) for r in q.results],
                    }
                    for q in quarters
                ],
            }
            self.stdout.write(json.dumps(found, indent=2, ensure_ascii=False))
            return
        self.stdout.write(f"{team.name}: how fully we practise")
        for result in now:
            share = f"{result.percent}%" if result.percent is not None else "-"
            self.stdout.write(f"  {result.name:<50} {result.met:>5} of {result.of:<5} {share:>5}")


def _row(result: IndicatorResult, *, definition: bool = False) -> dict[str, Any]:
    row: dict[str, Any] = {
        "key": result.key,
        "met": result.met,
        "of": result.of,
        "percent": result.percent,
    }
    if definition:
        row = {"key": result.key, "name": result.name, "definition": result.definition} | row
    return row

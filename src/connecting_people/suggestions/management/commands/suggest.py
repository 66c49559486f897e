"""`cpi suggest PERSON_ID [--json] [--limit N] [--team TEAM_ID] [--this-week] [--free-only]
[--near-km KM]`: the ranked suggestions for one person, each with its score, every signal's
contribution and the reasons in plain words; the options are the suggestions panel's filters.

The team whose knowledge counts (who could go along, what people said, its connectors) is the
person's own unless `--team` names another. Looking is recorded in the audit log, as viewing
the person's record would be.
"""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from connecting_people.core.audit import audit_record
from connecting_people.core.models import AuditAction, Team
from connecting_people.people.models import Person
from connecting_people.suggestions.profile import profile_for
from connecting_people.suggestions.ranking import Ranked, rank


class Command(BaseCommand):
    help = (
        "Show the ranked suggestions for one person: each with its score, how much each signal "
        "added, and the reasons in plain words."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("person_id", type=int, help="the person's ID")
        parser.add_argument("--json", action="store_true", help="print JSON instead of text")
        parser.add_argument("--limit", type=int, default=20, help="how many (default 20)")
        parser.add_argument("--team", type=int, metavar="TEAM_ID", help="use this team's knowledge")
        parser.add_argument(
            "--this-week", action="store_true", help="only what is on in the next seven days"
        )
        parser.add_argument("--free-only", action="store_true", help="only what is free")
        parser.add_argument("--near-km", type=float, metavar="KM", help="only within KM km")

    def handle(
        self, *args: Any, person_id: int, json: bool, limit: int, team: int | None, **opts: Any
    ) -> None:
        person = Person.objects.filter(pk=person_id).first()
        if person is None:
            raise CommandError(f"There is no person with ID {person_id}.")
        if limit < 1:
            raise CommandError("--limit must be 1 or more.")
        team_id = person.team_id if team is None else team
        if team is not None and not Team.objects.filter(pk=team).exists():
            raise CommandError(f"There is no team with ID {team}.")
        if opts.get("near_km") is not None and opts["near_km"] <= 0:
            raise CommandError("--near-km must be more than 0.")
        ranked = rank(
            profile_for(person),
            team_id=team_id,
            limit=limit,
            this_week=opts.get("this_week", False),
            free_only=opts.get("free_only", False),
            near_km=opts.get("near_km"),
        )
        audit_record(
            by=None,
            action=AuditAction.VIEWED,
            target=person,
            actor_label="cpi suggest",
            detail={"suggestions": len(ranked), "team": team_id},
        )
        if json:
            self.stdout.write(_json(ranked))
        else:
            self.stdout.write(_text(ranked))


def as_dict(r: Ranked) -> dict[str, Any]:
    return {
        "kind": r.kind,
        "service_id": str(r.service_id) if r.service_id else None,
        "connector_id": r.connector_id,
        "name": r.name,
        "score": r.score,
        "distance_km": None if r.distance_km is None else round(r.distance_km, 2),
        "contributions": r.contributions,
        "reasons": [str(reason) for reason in r.reasons],
    }


def _json(ranked: list[Ranked]) -> str:
    return json.dumps({"suggestions": [as_dict(r) for r in ranked]}, indent=2, ensure_ascii=False)


def _text(ranked: list[Ranked]) -> str:
    if not ranked:
        return "Nothing to suggest with what is recorded and the directory as it is."
    lines = []
    for n, r in enumerate(ranked, 1):
        what = "connector" if r.kind == "connector" else "service"
        lines.append(f"{n}. {r.name} ({what}) score {r.score:.2f}")
        for reason in r.reasons:
            lines.append(f"   - {reason}")
        parts = ", ".join(
            f"{name} {value:+.2f}"
            for name, value in sorted(r.contributions.items(), key=lambda kv: -abs(kv[1]))
        )
        lines.append(f"   signals: {parts}")
    return "\n".join(lines)

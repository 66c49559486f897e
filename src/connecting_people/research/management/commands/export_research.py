"""`cpi export_research DIR [--organisation SLUG] [--team ID]`: the research export, into a new or
empty folder: one CSV per table, aggregates.csv, data_dictionary.csv and README.txt, with
pseudonyms made with the research key (research/keys.py). Audited."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError

from connecting_people.core.audit import audit_record
from connecting_people.core.models import AuditAction, Organisation, Team
from connecting_people.research.export import write_folder
from connecting_people.research.keys import research_key
from connecting_people.research.scope import Scope


class Command(BaseCommand):
    help = (
        "Write the research export (pseudonymised tables, counts with small ones held back, a "
        "data dictionary) into a new or empty folder, read in one snapshot of the database. "
        "People who asked to be left out of research are not included."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("folder", type=Path, help="a new or empty folder to write into")
        parser.add_argument(
            "--organisation", metavar="SLUG", help="only this organisation's people (short name)"
        )
        parser.add_argument("--team", type=int, metavar="ID", help="only this team's people")

    def handle(
        self,
        *args: Any,
        folder: Path,
        organisation: str | None,
        team: int | None,
        **options: Any,
    ) -> None:
        scope = _scope(organisation, team)
        _check_folder(folder)
        try:
            key = research_key()
        except ImproperlyConfigured as error:
            raise CommandError(str(error)) from error
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        counts = write_folder(folder, scope, key)
        audit_record(
            by=None,
            action=AuditAction.EXPORTED,
            target=scope.team or scope.organisation,
            actor_label="cpi export_research",
            detail={"export": "research", "folder": str(folder.resolve()), "rows": counts},
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"Wrote the research export of {scope.describe()} to {folder}: "
                f"{counts.get('people', 0):,} people, {counts.get('measures', 0):,} "
                f"questionnaires, {counts.get('network_snapshots', 0):,} network snapshots and "
                f"{counts.get('suggestions', 0):,} suggestions. README.txt says what is in it."
            )
        )
        self.stdout.write(
            "Pseudonyms come from the research key: keep it secret, and keep it, so that later "
            "exports use the same pseudonyms."
        )


def _scope(slug: str | None, team_id: int | None) -> Scope:
    organisation = team = None
    if slug is not None:
        organisation = Organisation.objects.filter(slug=slug).first()
        if organisation is None:
            raise CommandError(f"There is no organisation with the short name {slug!r}.")
    if team_id is not None:
        team = Team.objects.select_related("organisation").filter(pk=team_id).first()
        if team is None:
            raise CommandError(f"There is no team with ID {team_id}.")
        if organisation is not None and team.organisation_id != organisation.pk:
            raise CommandError(f"Team {team_id} is not part of the organisation {slug!r}.")
    return Scope(organisation=organisation, team=team)


def _check_folder(folder: Path) -> None:
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise CommandError(
            f"{folder} is not an empty folder. Choose a new or empty one, so files from an "
            "earlier export are never mixed with this one."
        )

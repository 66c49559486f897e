"""Which people an export covers: an organisation's, one team's, or everyone's, never anyone who
asked to be left out of research (Person.research_opt_out)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from connecting_people.core.models import Organisation, Team
from connecting_people.people.models import Person, PersonQuerySet

BATCH_SIZE = 1000  # people per batch: each table reads its rows a batch of people at a time


@dataclass(frozen=True)
class Scope:
    organisation: Organisation | None = None
    team: Team | None = None

    def team_ids(self) -> list[int]:
        teams = Team.objects.order_by("pk")
        if self.team is not None:
            teams = teams.filter(pk=self.team.pk)
        if self.organisation is not None:
            teams = teams.filter(organisation=self.organisation)
        return list(teams.values_list("pk", flat=True))

    def describe(self) -> str:
        if self.team is not None:
            return "one team"
        if self.organisation is not None:
            return f"the organisation {self.organisation.slug}"
        return "every organisation"

    def people(self, teams: list[int] | None = None) -> PersonQuerySet:
        """The people covered: in the scope's teams, and not left out of research."""
        team_ids = self.team_ids() if teams is None else teams
        return Person.objects.in_research().filter(team_id__in=team_ids)

    def person_batches(self, size: int = BATCH_SIZE) -> Iterator[list[int]]:
        """The ids of the people covered, in batches, streamed from the database."""
        ids = self.people().order_by("pk").values_list("pk", flat=True).iterator(chunk_size=size)
        batch: list[int] = []
        for pk in ids:
            batch.append(pk)
            if len(batch) == size:
                yield batch
                batch = []
        if batch:
            yield batch

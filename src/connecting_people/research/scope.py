"""Which people an export covers: an organisation's, one team's, or everyone's."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from connecting_people.accounts.models import Organisation, Team
from connecting_people.people.models import Person

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

    def person_batches(self, size: int = BATCH_SIZE) -> Iterator[list[int]]:
        """The ids of the people covered, in batches, streamed from the database."""
        ids = (
            Person.objects.filter(team_id__in=self.team_ids())
            .order_by("pk")
            .values_list("pk", flat=True)
            .iterator(chunk_size=size)
        )
        batch: list[int] = []
        for pk in ids:
            batch.append(pk)
            if len(batch) == size:
                yield batch
                batch = []
        if batch:
            yield batch

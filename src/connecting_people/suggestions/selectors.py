"""Reads of suggestions: one person's, grouped by how they are going, and the team's "what is
working" — counts per service and per community connector, naming no one. Each runs a fixed
number of queries. Also what the ideas page reads beside them: the person's preferences and open
barriers, and the directory's services and the team's connectors to pick from."""

from __future__ import annotations

import datetime as dt
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from connecting_people.core.models import Team
from connecting_people.directory.models import CommunityConnector, Service
from connecting_people.directory.models.hsds import ServiceStatus
from connecting_people.people.models import Person
from connecting_people.plans.models import Barrier, BarrierStatus
from connecting_people.suggestions.models import (
    NotForMeReason,
    Preferences,
    Suggestion,
    SuggestionChange,
    SuggestionSource,
    SuggestionStatus,
)

S = SuggestionStatus

# Below this many people who tried something, a share of them who kept going says more about
# chance than about the service: the team page says "too few to say" instead.
TOO_FEW_TO_SAY = 5

# How the team's rows may be ordered: most going regularly (the default), most tried, by name.
SORTS = ("going", "tried", "name")


@dataclass(frozen=True)
class WhatIsWorkingRow:
    """How one service (or community connector) has gone for the people the team suggested it
    to: counts only."""

    service_id: uuid.UUID | None
    name: str
    suggested: int
    tried: int
    going_regularly: int
    not_for_me: int
    top_reason: str  # a NotForMeReason value, or "" when no one said "not for me"
    connector_id: int | None = None

    @property
    def keep_going_share(self) -> float | None:
        """Of those who tried it, the share now going regularly (None if no one tried it yet)."""
        return self.going_regularly / self.tried if self.tried else None

    @property
    def keep_going_percent(self) -> int | None:
        """The share as a whole percentage, or None when too few tried it to say."""
        share = self.keep_going_share
        return None if share is None or self.too_few_to_say else round(share * 100)

    @property
    def too_few_to_say(self) -> bool:
        return self.tried < TOO_FEW_TO_SAY

    @property
    def top_reason_label(self) -> str:
        return str(NotForMeReason(self.top_reason).label) if self.top_reason else ""


@dataclass(frozen=True)
class TeamWorking:
    """The team's "what is working": a row per service and per connector, and how many ideas
    people brought themselves."""

    services: list[WhatIsWorkingRow] = field(default_factory=list)
    connectors: list[WhatIsWorkingRow] = field(default_factory=list)
    own_ideas: int = 0

    @property
    def is_empty(self) -> bool:
        return not (self.services or self.connectors or self.own_ideas)


def team_working(
    team: Team, *, since: dt.date | None = None, sort: str = "going", research_only: bool = False
) -> TeamWorking:
    """Everything the team suggested (since `since`, if given), counted per service and per
    community connector, in the order `sort` asks for (one of SORTS). Two queries.

    "Tried" counts, from where each suggestion is now: tried or going regularly; "not for me"
    because they tried it and did not enjoy it, or after it had been marked tried (so they went
    before saying no); or ever going regularly (they kept going for a while, whatever came
    after). A suggestion marked tried and then moved back to talked about or suggested is not
    counted: moving back below tried is how a slip is put right, and the directory's feedback
    forgets it too. "Ideas people brought themselves" counts suggestions recorded as the
    person's own idea, whatever they were. research_only leaves out the people who asked to be
    left out of research (for evaluators).
    """
    suggestions = Suggestion.objects.filter(person__team=team)
    if research_only:
        suggestions = suggestions.filter(person__research_opt_out=False)
    if since is not None:
        suggestions = suggestions.filter(suggested_on__gte=since)
    counts = list(_counts(suggestions))
    reasons = _top_reasons(suggestions)
    services, connectors = [], []
    for row in counts:
        key = (row["service_id"], row["connector_id"])
        if row["service_id"] is not None:
            services.append(_row(row, name=row["service__name"], top_reason=reasons.get(key, "")))
        elif row["connector_id"] is not None:
            connectors.append(
                _row(row, name=row["connector__name"], top_reason=reasons.get(key, ""))
            )
    return TeamWorking(
        services=sort_rows(services, sort),
        connectors=sort_rows(connectors, sort),
        own_ideas=sum(row["own"] for row in counts),
    )


def team_what_is_working(team: Team, *, since: dt.date | None = None) -> list[WhatIsWorkingRow]:
    """Per service the team suggested (since `since`, if given): how many were suggested it,
    tried it, go regularly, and said not for me (with the commonest reason), most going
    regularly first. Two queries (see `team_working`)."""
    return team_working(team, since=since).services


def sort_rows(rows: list[WhatIsWorkingRow], sort: str) -> list[WhatIsWorkingRow]:
    """Most going regularly first ("going", the default), most tried first, or by name."""
    if sort == "name":
        return sorted(rows, key=lambda r: (r.name.casefold(), -r.going_regularly))
    if sort == "tried":
        return sorted(rows, key=lambda r: (-r.tried, -r.going_regularly, -r.suggested, _fold(r)))
    return sorted(rows, key=lambda r: (-r.going_regularly, -r.tried, -r.suggested, _fold(r)))


def _fold(row: WhatIsWorkingRow) -> str:
    return row.name.casefold()


def _counts(suggestions: QuerySet[Suggestion]) -> QuerySet:
    changes = SuggestionChange.objects.filter(suggestion=OuterRef("pk"))
    ever_tried = changes.filter(to_status__in=[S.TRIED, S.GOING_REGULARLY])
    ever_going = changes.filter(to_status=S.GOING_REGULARLY)
    not_for_me_after_trying = Q(status=S.NOT_FOR_ME) & (
        Q(reason=NotForMeReason.TRIED_DID_NOT_LIKE) | Q(ever_tried=True)
    )
    tried = (
        Q(status__in=[S.TRIED, S.GOING_REGULARLY]) | not_for_me_after_trying | Q(ever_going=True)
    )
    return (
        suggestions.annotate(ever_tried=Exists(ever_tried), ever_going=Exists(ever_going))
        .values("service_id", "service__name", "connector_id", "connector__name")
        .annotate(
            suggested=Count("pk"),
            tried=Count("pk", filter=tried),
            going_regularly=Count("pk", filter=Q(status=S.GOING_REGULARLY)),
            not_for_me=Count("pk", filter=Q(status=S.NOT_FOR_ME)),
            own=Count("pk", filter=Q(source=SuggestionSource.PERSON)),
        )
        .order_by()
    )


def _row(row: dict, *, name: str, top_reason: str) -> WhatIsWorkingRow:
    return WhatIsWorkingRow(
        service_id=row["service_id"],
        connector_id=row["connector_id"] if row["service_id"] is None else None,
        name=name,
        suggested=row["suggested"],
        tried=row["tried"],
        going_regularly=row["going_regularly"],
        not_for_me=row["not_for_me"],
        top_reason=top_reason,
    )


def _top_reasons(suggestions: QuerySet[Suggestion]) -> dict[tuple, str]:
    """The commonest "not for me" reason per (service, connector); ties go to the reason listed
    first."""
    order = {reason: index for index, reason in enumerate(NotForMeReason.values)}
    tallies: dict[tuple, list[tuple[int, int, str]]] = defaultdict(list)
    for row in (
        suggestions.filter(status=S.NOT_FOR_ME)
        .exclude(reason="")
        .values("service_id", "connector_id", "reason")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        key = (row["service_id"], row["connector_id"])
        tallies[key].append((-row["n"], order[row["reason"]], row["reason"]))
    return {key: min(found)[2] for key, found in tallies.items()}


def person_suggestions(person: Person) -> dict[str, list[Suggestion]]:
    """The person's suggestions by status, in the order of the journey (every status present,
    possibly empty), each with its service and connector loaded. One query."""
    grouped: dict[str, list[Suggestion]] = {status: [] for status in S.values}
    found = Suggestion.objects.filter(person=person).select_related(
        "service", "service__organization", "connector", "connection", "contact"
    )
    for suggestion in found:
        grouped[suggestion.status].append(suggestion)
    return grouped


def suggestions_with_targets() -> QuerySet[Suggestion]:
    """Suggestions with what they suggest, for one to be picked among a person's own."""
    return Suggestion.objects.select_related("service", "connector", "contact", "connection")


def preferences_of(person: Person) -> Preferences | None:
    """What suggestions for the person respect, if anything was said yet."""
    return Preferences.objects.filter(person=person).first()


def open_barriers(person: Person) -> list[Barrier]:
    """The barriers on the person's plan that are not resolved, with their kind."""
    found = Barrier.objects.filter(person=person).exclude(status=BarrierStatus.RESOLVED)
    return list(found.select_related("kind"))


def services_by_pk(pks: list[Any]) -> dict[Any, Service]:
    """These services, with their organisation, by primary key."""
    return Service.objects.select_related("organization").in_bulk(pks)


def active_connectors(team_id: int) -> QuerySet[CommunityConnector]:
    """The team's community connectors still in use."""
    return CommunityConnector.objects.filter(team_id=team_id, is_active=True)


def services_named(search: str, *, limit: int) -> list[Service]:
    """Active services in the whole directory whose name has `search` in it, by name."""
    found = Service.objects.filter(status=ServiceStatus.ACTIVE, name__icontains=search)
    return list(found.select_related("organization").order_by("name")[:limit])


def nothing_to_suggest(team_id: int) -> bool:
    """Whether the directory has no active service and the team no connector at all."""
    return not (
        Service.objects.filter(status=ServiceStatus.ACTIVE).exists()
        or active_connectors(team_id).exists()
    )

"""Ranking suggestions for one person: hard constraints filter, signals score, reasons explain.

    ranked = rank(profile_for(person), team_id=person.team_id, limit=20)
    ranked[0].score, ranked[0].contributions, ranked[0].reasons

Candidates come from the directory's search facts and the team's community connectors
(`candidates`); what rules one out is in `constraints`; each signal is a small pure function in
`signals`, weighted from `suggestions.weights`. The contributions of a result add up to its
score, and its reasons are the words of its biggest contributions, most important first, with
any warning (not checked for a while) always kept.
"""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext as _

from connecting_people.directory.models.search import DAY_BITS
from connecting_people.suggestions.profile import Profile
from connecting_people.suggestions.ranking import signals
from connecting_people.suggestions.ranking.candidate import Candidate
from connecting_people.suggestions.ranking.candidates import (
    connector_candidates,
    service_candidates,
)
from connecting_people.suggestions.ranking.constraints import limits_for, violations
from connecting_people.suggestions.weights import MAX_REASONS

__all__ = ["Candidate", "Ranked", "rank", "ranked_for"]

WARNINGS = ("fresh",)  # signals whose (negative) reason is always said


@dataclass
class Ranked:
    kind: str  # "service" | "connector"
    service_id: uuid.UUID | None
    connector_id: int | None
    name: str
    score: float
    contributions: dict[str, float] = field(default_factory=dict)
    reasons: list[str] = field(default_factory=list)
    violations: list[str] = field(default_factory=list)
    distance_km: float | None = None


def rank(
    profile: Profile,
    *,
    team_id: int | None,
    limit: int = 20,
    today: datetime.date | None = None,
    this_week: bool = False,
    free_only: bool = False,
    near_km: float | None = None,
) -> list[Ranked]:
    """The best `limit` suggestions for `profile`, best first; none breaks a hard constraint.

    `this_week`: only services on at least one day (their days are weekly, so any known day
    comes round within the week). Ties go by name, then id, so the order is stable.
    """
    today = today or timezone.localdate()
    limits = limits_for(profile, free_only=free_only, near_km=near_km)
    candidates = service_candidates(profile, limits, team_id) + connector_candidates(
        profile, team_id
    )
    return ranked_for(profile, candidates, limits=limits, limit=limit, today=today,
                      this_week=this_week, has_team=team_id is not None)  # fmt: skip


def ranked_for(
    profile: Profile,
    candidates: list[Candidate],
    *,
    limits,
    limit: int,
    today: datetime.date,
    this_week: bool = False,
    has_team: bool = True,
) -> list[Ranked]:
    """Score, filter and explain candidates already found (no database)."""
    ctx = signals.context_for(profile, has_team=has_team)
    results: list[tuple[Ranked, dict[str, str]]] = []
    all_days = sum(DAY_BITS.values())
    for c in candidates:
        if this_week and c.kind == "service" and not c.days & all_days:
            continue
        if violations(profile, limits, c):
            continue
        score, contributions, reasons = signals.score(profile, c, ctx, today)
        ranked = Ranked(
            kind=c.kind,
            service_id=c.service_id,
            connector_id=c.connector_id,
            name=c.name,
            score=round(score, 4),
            contributions=contributions,
            distance_km=c.distance_km,
        )
        results.append((ranked, reasons))
    results.sort(
        key=lambda pair: (
            -pair[0].score,
            pair[0].name.casefold(),
            str(pair[0].service_id or pair[0].connector_id),
        )
    )
    kept = results[: max(0, limit)]
    for ranked, reasons in kept:  # explained only once chosen
        ranked.reasons = explain(ranked.contributions, reasons, ctx)
    return [ranked for ranked, _reasons in kept]


def explain(contributions: dict[str, float], reasons: dict[str, str], ctx) -> list[str]:
    """The reasons of the biggest positive contributions, then any warning."""
    positive = sorted(
        (name for name, value in contributions.items() if value > 0 and name in reasons),
        key=lambda name: -contributions[name],
    )
    said = [reasons[name] for name in positive[:MAX_REASONS]]
    said += [reasons[name] for name in WARNINGS if name in reasons]
    if ctx.no_interests:
        said.insert(
            0, _("You haven't said what you enjoy yet, so these are what others have liked")
        )
    return said

"""Ranking suggestions for one person: hard constraints filter, signals score, reasons explain.

    ranked = rank(profile_for(person), team_id=person.team_id, limit=20)
    ranked[0].score, ranked[0].contributions, ranked[0].reasons

Candidates come from the directory's search facts (found in SQL by `sources`) and the team's
community connectors (`candidates`), narrowed to this week's by `week` when asked; what rules one
out is in `constraints`; each signal is a small pure function in
`signals`, weighted from `suggestions.weights`. The contributions of a result add up to its
score, and its reasons are the words of its biggest contributions, most important first, with
any warning (already in their life, not checked for a while) always kept. `diversity` shares
the top of the list out among their interests: first among those known to meet every must,
then, below them, among those not known to (`constraints.not_known`, said on each), so a "not
known" is never above a known fit.
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext as _

from connecting_people.suggestions.profile import Profile
from connecting_people.suggestions.ranking import diversity, fit_signals, signals
from connecting_people.suggestions.ranking.candidate import Candidate
from connecting_people.suggestions.ranking.candidates import (
    categories_for,
    connector_candidates,
    service_candidates,
)
from connecting_people.suggestions.ranking.constraints import (
    Limits,
    limits_for,
    not_known,
    violations,
)
from connecting_people.suggestions.ranking.often import say_how_often
from connecting_people.suggestions.ranking.sources import nearby_km
from connecting_people.suggestions.ranking.week import on_this_week
from connecting_people.suggestions.ranking.words import search_terms
from connecting_people.suggestions.weights import MAX_REASONS, VARIETY_MOST, WEIGHTS

__all__ = ["Candidate", "Ranked", "rank", "ranked_for"]

WARNINGS = ("already", "fresh")  # signals whose (negative) reason is always said
FIRST = ("this_week",)  # signals whose reason is always said, first: what was asked for


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
    # Said to be worth a call first: the team uses it and its check is overdue or it was never
    # checked, or a connector is overdue (not the small penalty for a service the team does not
    # use, which is not said).
    unchecked: bool = False
    # The musts it may meet but whose facts are not recorded ("access", "group_size", "when",
    # "age"): ranked below every suggestion known to fit, and said.
    not_known: list[str] = field(default_factory=list)
    # How often it runs ("Every Tuesday afternoon"), from its schedules and dated sessions
    # (`often`); "" when not known, and for connectors (their own words say when).
    often: str = ""
    often_said: bool = False  # one of the reasons says it ("…, when you're free")


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

    `this_week`: only services with a dated session in the seven days from `today`, or a
    schedule that comes round in them (one more query, for the candidates found), and
    connectors whose "when" names a day or says daily (`week`); a dated session is said ("On
    this week: Tuesday 2 December"). `near_km`: in person within that distance (online only,
    and connectors with no location, left out). Ties go by name, then id, so the order is
    stable. How often each chosen service runs is read for them only (one more query) and
    said (`often`).
    """
    today = today or timezone.localdate()
    limits = limits_for(profile, free_only=free_only, near_km=near_km)
    near = (profile.point, nearby_km(limits)) if profile.point is not None else None
    categories = categories_for(
        (slug for i in profile.interests for slug in i.category_slugs), near=near
    )
    terms = search_terms(*(i.words for i in profile.interests), profile.what_matters)
    candidates = service_candidates(
        profile, limits, team_id, categories=categories, terms=terms
    ) + connector_candidates(profile, team_id)
    if this_week:
        candidates = on_this_week(candidates, today)
    found = ranked_for(profile, candidates, limits=limits, limit=limit, today=today,
                       has_team=team_id is not None, specificity=categories.specificity,
                       category_names=categories.names())  # fmt: skip
    say_how_often(found, candidates, profile, today)
    return found


def ranked_for(
    profile: Profile,
    candidates: list[Candidate],
    *,
    limits: Limits,
    limit: int,
    today: datetime.date,
    has_team: bool = True,
    specificity: Mapping[str, float] | None = None,
    category_names: Mapping[str, str] | None = None,
) -> list[Ranked]:
    """Score, filter, share out and explain candidates already found (no database)."""
    ctx = signals.context_for(
        profile,
        has_team=has_team,
        specificity=specificity,
        category_names=category_names,
        limits=limits,
    )
    ctx = signals.with_word_specificity(ctx, candidates)
    scored: list[tuple[Ranked, dict[str, str], frozenset]] = []
    for c in candidates:
        if violations(profile, limits, c):
            continue
        score, contributions, reasons = signals.score(profile, c, ctx, today)
        ranked = Ranked(
            kind=c.kind,
            service_id=c.service_id,
            connector_id=c.connector_id,
            name=c.name,
            score=score,
            contributions=contributions,
            distance_km=c.distance_km,
            not_known=not_known(limits, c),
        )
        scored.append((ranked, reasons, variety_keys(profile, c, ctx)))
    kept = _known_first(scored, limit)
    found = []
    for (ranked, reasons, _keys), penalty in kept:  # explained only once chosen
        if penalty:
            ranked.contributions["variety"] = round(penalty, 4)
        ranked.score = round(sum(ranked.contributions.values()), 4)
        ranked.reasons = explain(ranked.contributions, reasons, ctx)
        ranked.unchecked = "fresh" in reasons  # only a warning worth saying has a reason
        ranked.reasons += fit_signals.not_known_reasons(ranked.not_known)
        found.append(ranked)
    return found


Scored = tuple[Ranked, dict[str, str], frozenset]


def _known_first(scored: list[Scored], limit: int) -> list[tuple[Scored, float]]:
    """Shared out (`diversity`) among those known to meet every must, then, below them and
    only in the room left, among those not known to: a "not known" is never above a known fit."""
    known = [item for item in scored if not item[0].not_known]
    unknown = [item for item in scored if item[0].not_known]
    kept: list[tuple[Scored, float]] = []
    for items in (known, unknown):
        kept += diversity.rerank(
            items,
            score=lambda item: item[0].score,
            keys=lambda item: item[2],
            tie=_tie,
            weight=WEIGHTS["variety"],
            most=VARIETY_MOST,
            limit=limit - len(kept),
        )
    return kept


def _tie(item: tuple[Ranked, dict, frozenset]) -> tuple:
    """Equal scores go by name, then id (a service's as a number, as its text would sort)."""
    ranked = item[0]
    return (
        ranked.name.casefold(),
        ranked.service_id.int if ranked.service_id else ranked.connector_id or 0,
    )


def variety_keys(profile: Profile, c: Candidate, ctx: signals.Context) -> frozenset:
    """What a candidate is shared out by: the interests it meets (with two or more to share
    out), or its kinds of activity (with none recorded)."""
    if not profile.interests:
        return c.category_slugs
    if len(profile.interests) == 1:
        return frozenset()
    return signals.met_interests(profile, c, ctx)


def explain(contributions: dict[str, float], reasons: dict[str, str], ctx) -> list[str]:
    """What was asked for ("On this week: …"), the reasons of the biggest positive
    contributions, then any warning."""
    positive = sorted(
        (
            name
            for name, value in contributions.items()
            if value > 0 and name in reasons and name not in FIRST
        ),
        key=lambda name: -contributions[name],
    )
    said = [reasons[name] for name in FIRST if name in reasons]
    said += [reasons[name] for name in positive[:MAX_REASONS]]
    said += [reasons[name] for name in WARNINGS if name in reasons]
    if ctx.no_interests:
        said.insert(
            0, _("You haven't said what you enjoy yet, so these are what others have liked")
        )
    return said

"""Ranking suggestions for one person: hard constraints filter, signals score, reasons explain.

    ranked = rank(profile_for(person), team_id=person.team_id, limit=20)
    ranked[0].score, ranked[0].contributions, ranked[0].reasons

Candidates come from the directory's search facts (found in SQL by `sources`) and the team's
community connectors (`candidates`), narrowed to this week's by `week` when asked; what rules one
out is in `constraints`; each signal is a small pure function in
`signals`, weighted from `suggestions.weights`. The contributions of a result add up to its
score, and its reasons are the words of its biggest contributions, most important first, with
any warning (already in their life, not checked for a while) always kept. `diversity` shares
the top of the list out among their interests, and no more than two of one kind of activity in
the top five unless they asked for more of it: first among those known to meet every must,
then, below them, among those not known to (`constraints.not_known`, said on each), so a "not
known" is never above a known fit. `popularity` damps a service listed under many kinds, or
that is only handy, so one cannot fill every list. `rank_with_gaps` also says which of their
interests nothing fitting meets, with the nearest alternative breaking one limit (`missing`);
`gaps_of` says only that, for the team's "What is missing".
"""

from __future__ import annotations

import datetime
import uuid
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field, replace

from django.utils import timezone
from django.utils.translation import gettext as _

from connecting_people.suggestions.profile import Profile
from connecting_people.suggestions.ranking import (
    diversity,
    fit_signals,
    missing,
    popularity,
    signals,
)
from connecting_people.suggestions.ranking.candidate import Candidate
from connecting_people.suggestions.ranking.candidates import (
    Categories,
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
from connecting_people.suggestions.ranking.missing import Missing
from connecting_people.suggestions.ranking.often import say_how_often
from connecting_people.suggestions.ranking.sources import nearby_km
from connecting_people.suggestions.ranking.week import on_this_week
from connecting_people.suggestions.ranking.words import search_terms
from connecting_people.suggestions.weights import (
    MAX_REASONS,
    VARIETY_KIND_MOST,
    VARIETY_MOST,
    VARIETY_TOP,
    WEIGHTS,
)

__all__ = ["Candidate", "Missing", "Ranked", "gaps_of", "rank", "rank_with_gaps", "ranked_for"]

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
    found = _found(profile, team_id, today, this_week=this_week, free_only=free_only,
                   near_km=near_km)  # fmt: skip
    return _ranked(profile, found, team_id=team_id, limit=limit, today=today)


def rank_with_gaps(
    profile: Profile,
    *,
    team_id: int | None,
    limit: int = 20,
    today: datetime.date | None = None,
    this_week: bool = False,
    free_only: bool = False,
    near_km: float | None = None,
) -> tuple[list[Ranked], list[Missing]]:
    """`rank`, and their interests that nothing fitting meets, each with the nearest
    alternative that breaks only one limit (`missing`): one more query for each such
    interest, none when every one is met. "This week" asked for: no gaps are looked for (what
    is missing this week is not missing)."""
    today = today or timezone.localdate()
    found = _found(profile, team_id, today, this_week=this_week, free_only=free_only,
                   near_km=near_km)  # fmt: skip
    ranked = _ranked(profile, found, team_id=team_id, limit=limit, today=today)
    return ranked, ([] if this_week else gaps_for(profile, found, team_id=team_id))


def gaps_of(
    profile: Profile, *, team_id: int | None, today: datetime.date | None = None
) -> list[Missing]:
    """Only what is missing for them (`rank_with_gaps` without the ranking): for the team's
    "What is missing" page, which needs no ideas."""
    today = today or timezone.localdate()
    found = _found(profile, team_id, today, this_week=False, free_only=False, near_km=None)
    return gaps_for(profile, found, team_id=team_id)


@dataclass(frozen=True)
class _Found:
    limits: Limits
    categories: Categories
    candidates: list[Candidate]


def _found(
    profile: Profile,
    team_id: int | None,
    today: datetime.date,
    *,
    this_week: bool,
    free_only: bool,
    near_km: float | None,
) -> _Found:
    """The limits, the interest categories and the candidates for one ranking."""
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
    return _Found(limits, categories, candidates)


def _ranked(
    profile: Profile, found: _Found, *, team_id: int | None, limit: int, today: datetime.date
) -> list[Ranked]:
    ranked = ranked_for(profile, found.candidates, limits=found.limits, limit=limit,
                        today=today, has_team=team_id is not None,
                        specificity=found.categories.specificity,
                        category_names=found.categories.names())  # fmt: skip
    say_how_often(ranked, found.candidates, profile, today)
    return ranked


def gaps_for(profile: Profile, found: _Found, *, team_id: int | None) -> list[Missing]:
    """Each of their interests that no candidate breaking no limit meets, with the nearest
    alternative breaking one (`missing`)."""
    limits, names = found.limits, found.categories.names()
    ctx = signals.context_for(profile, has_team=team_id is not None, limits=limits)
    fitting = [c for c in found.candidates if not violations(profile, limits, c)]
    connectors = [c for c in found.candidates if c.kind == "connector"]
    gaps = []
    for n, interest in missing.unmet(profile, fitting, ctx):
        alone = replace(profile, interests=(interest,))
        more = service_candidates(
            alone, missing.loosened(limits), team_id, categories=found.categories,
            terms=search_terms(interest.words),
        )  # fmt: skip
        broken, nearest = missing.nearest(
            profile, limits, more + connectors,
            lambda c, n=n: n in signals.met_interests(profile, c, ctx),
        )  # fmt: skip
        gaps.append(
            Missing(what=missing.what_of(interest, names), kinds=interest.category_slugs,
                    limit=broken, nearest=nearest, within_km=limits.max_km)
        )  # fmt: skip
    return gaps


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
    fitting = [c for c in candidates if not violations(profile, limits, c)]
    scored: list[tuple[Ranked, dict[str, str], frozenset, tuple[frozenset[str], bool]]] = []
    for c, broad in zip(fitting, popularity.shares(profile, fitting, ctx), strict=True):
        score, contributions, reasons = signals.score(profile, c, ctx, today)
        if not suits(profile, c, ctx, contributions):
            continue
        fits = ctx.no_interests or bool(signals.met_interests(profile, c, ctx))
        if damper := popularity.damper(contributions, broad, fits=fits):
            contributions["damper"] = damper
            score += damper
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
        kinds = kinds_of(profile, c, ctx)
        scored.append((ranked, reasons, variety_keys(profile, c, ctx), (kinds, fits)))
    kept = _known_first(profile, scored, limit)
    found = []
    for (ranked, reasons, _keys, _kind), penalty in kept:  # explained only once chosen
        if penalty:
            ranked.contributions["variety"] = round(penalty, 4)
        ranked.score = round(sum(ranked.contributions.values()), 4)
        ranked.reasons = explain(ranked.contributions, reasons, ctx)
        ranked.unchecked = "fresh" in reasons  # only a warning worth saying has a reason
        ranked.reasons += fit_signals.not_known_reasons(ranked.not_known)
        found.append(ranked)
    return found


Scored = tuple[Ranked, dict[str, str], frozenset, tuple[frozenset[str], bool]]


def suits(profile: Profile, c: Candidate, ctx: signals.Context, contributions: dict) -> bool:
    """Worth putting in front of them at all: for someone who has said what they enjoy, it
    meets one of their interests (by kind or in its own words), their words, or asks for what
    they can do, or brings company or understanding their network lacks, or is meant for
    people like them (a carers' café for a carer). Free, near and at a
    good time is handy, not a fit: a library's job club is no idea for someone who wants
    gentle exercise, however close. With no interests recorded, anything may be."""
    return (
        ctx.no_interests
        or "interest" in contributions
        or "text" in contributions
        or signals.uses_their_skills(profile, c, ctx)
        or signals.fills_a_gap(profile, c)
        or fit_signals.meant_for_them(profile, c)
    )


def _known_first(profile: Profile, scored: list[Scored], limit: int) -> list[tuple[Scored, float]]:
    """Shared out (`diversity`: among their interests, then no more than two of a kind in the
    top five) among those known to meet every must, then, below them and only in the room
    left, among those not known to: a "not known" is never above a known fit."""
    known = [item for item in scored if not item[0].not_known]
    unknown = [item for item in scored if item[0].not_known]
    kept: list[tuple[Scored, float]] = []
    for items in (known, unknown):
        room = limit - len(kept)
        if room <= 0:
            break
        shared = diversity.rerank(
            items,
            score=lambda item: item[0].score,
            keys=lambda item: item[2],
            tie=_tie,
            weight=WEIGHTS["variety"],
            most=VARIETY_MOST,
            limit=room + VARIETY_TOP,  # enough below the top to fill it with other kinds
        )
        kept += diversity.cap_kinds(
            shared, kinds=lambda item: item[0][3][0], fits=lambda item: item[0][3][1],
            asked=asked_kinds(profile), top=VARIETY_TOP, most=VARIETY_KIND_MOST,
        )[:room]  # fmt: skip
    return kept


def _tie(item: Scored) -> tuple:
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


def kinds_of(profile: Profile, c: Candidate, ctx: signals.Context) -> frozenset[str]:
    """A candidate's kinds of activity, for sharing out the top of the list: those of its kinds
    their interests have, else its most specific of all; none when it has none."""
    if not c.category_slugs:
        return frozenset()
    theirs = c.category_slugs & frozenset().union(*(i.category_slugs for i in profile.interests))
    if theirs:
        return theirs
    return frozenset({min(c.category_slugs, key=lambda s: (-ctx.specificity.get(s, 1.0), s))})


def asked_kinds(profile: Profile) -> dict[str, int]:
    """How many of their interests are of each kind of activity; a kind every one of their
    interests is of (all of one interest's kinds, when they have one) counts as VARIETY_TOP:
    no limit."""
    if not profile.interests:
        return {}
    asked = Counter(slug for i in profile.interests for slug in i.category_slugs)
    every = frozenset.intersection(*(i.category_slugs for i in profile.interests))
    return {slug: VARIETY_TOP if slug in every else n for slug, n in asked.items()}


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

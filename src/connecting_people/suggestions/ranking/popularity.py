"""The popularity damper: one broadly listed service should not fill everyone's list.

A service filed under many kinds of activity (a health walk under walking, health, social
groups, outdoors and wellbeing) meets a little of nearly everyone's interests: it earned the
full interest match, the extra for each further interest, and the gap signals, so it came top
of nine lists in ten while the one that fits (budget cooking, for someone who wants to learn to
cook) sat lower. As a search engine weighs a match in a long document less, a candidate listed
under n > BROAD_FROM kinds keeps BROAD_FROM / n of its interest match: the rest is taken off as
its own contribution ("broad", weighted by `WEIGHTS["broad"]`), so contributions still add up
and a specific service loses nothing.

Handy is not a fit: for someone with interests recorded, a candidate that meets none of them
keeps only UNFIT_HANDY_SHARE of what being free, near and at a good time adds (as what the
team knows counts only a share for what does not fit them, `signals.score`), and a broad one
loses its damping share of the rest too, so one free service round the corner does not fill
the foot of every list.

It never makes the only fit disappear: a candidate that is the only one (among those that
break no limit) meeting one of the person's interests is not damped at all; nor one whose own
name or description says what they said of an interest (a men's shed listed under five kinds
is still the shed they asked about). Pure and cheap:
the kinds are on the candidate already, and which interests each candidate meets is worked out
once for all of them, only when some candidate is broad.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from connecting_people.suggestions.profile import Profile
from connecting_people.suggestions.ranking import signals
from connecting_people.suggestions.ranking.candidate import Candidate
from connecting_people.suggestions.weights import BROAD_FROM, UNFIT_HANDY_SHARE, WEIGHTS

# The signals that say a candidate is handy, not that it suits them.
HANDY = ("cost", "distance", "when")


def broad_share(c: Candidate) -> float:
    """The share of its interest match a candidate loses for its breadth (0 for one listed
    under BROAD_FROM kinds or fewer)."""
    kinds = len(c.category_slugs)
    return 0.0 if kinds <= BROAD_FROM else 1.0 - BROAD_FROM / kinds


def shares(profile: Profile, candidates: Sequence[Candidate], ctx: signals.Context) -> list[float]:
    """Each candidate's damping share, in the order given: 0 for a specific one, and for the
    only one meeting one of their interests (by kind or by their words)."""
    found = [broad_share(c) for c in candidates]
    if not WEIGHTS["broad"] or not any(found):
        return [0.0] * len(candidates)
    met = [signals.met_interests(profile, c, ctx) for c in candidates]
    meeting: Counter[int] = Counter(i for its in met for i in its)  # candidates per interest
    theirs = frozenset().union(*ctx.words_by_interest)
    return [
        0.0
        if any(meeting[i] == 1 for i in its) or (share and theirs & signals.own_words(c))
        else share
        for share, its, c in zip(found, met, candidates, strict=True)
    ]


def damper(contributions: dict[str, float], share: float, *, fits: bool = True) -> float:
    """What the damper takes off (0 or negative): `share` of the interest match, and of what
    it has only for being handy (free, near, at a good time) all but UNFIT_HANDY_SHARE, in
    proportion to how little it fits: fully for a candidate that meets none of their interests
    (`fits` False, for someone with interests), `share` of it for a broad one. A free service
    round the corner that suits no one's interests, or everyone's a little, would otherwise
    fill the foot of every list."""
    unfit = 1.0 if not fits else share
    handy = sum(max(0.0, contributions.get(name, 0.0)) for name in HANDY)
    taken = WEIGHTS["broad"] * (
        share * contributions.get("interest", 0.0) + unfit * (1.0 - UNFIT_HANDY_SHARE) * handy
    )
    return round(taken, 4)

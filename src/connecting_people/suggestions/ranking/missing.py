""" "Nothing found for …": an interest that nothing fitting meets, and the nearest alternative.

A prescriber would say "Nothing free for swimming within 5 km; the nearest is Kingsmead Leisure
Centre, from £4.20 a swim — ask about a leisure card", not leave the list silent. For each of
the person's interests that no candidate breaking no limit meets (by kind or by their words),
`alternatives` looks once more, for that interest alone, with the limits that can be loosened
(cost, distance, days and times, in person or online, access) loosened: one more query per
interest missing, none when every interest is met. Of what it finds that meets the interest,
the nearest that breaks exactly one limit is the alternative, and that limit is what is said
to be missing. Age, "not for me" and the area are never loosened.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from django.utils.translation import gettext as _

from connecting_people.suggestions.profile import InterestSignal, Profile
from connecting_people.suggestions.ranking import signals
from connecting_people.suggestions.ranking.candidate import Candidate
from connecting_people.suggestions.ranking.constraints import Limits, violations

# The limits an alternative may break (`constraints.violations` codes), each said below.
LOOSENED = ("cost", "distance", "days", "times", "online", "in_person", "access")


@dataclass(frozen=True)
class Missing:
    """An interest nothing fitting meets: in their words (or its kind of activity), the kinds
    it is of, the one limit the nearest alternative breaks ("" when there is none), that
    alternative, and how far they would go."""

    what: str
    kinds: frozenset[str]
    limit: str = ""
    nearest: Candidate | None = None
    within_km: float | None = None  # how far they would go, when there is a limit

    @property
    def said(self) -> str:
        """In words, for the ideas page."""
        return said(self)


def loosened(limits: Limits) -> Limits:
    """The limits with every one an alternative may break taken off."""
    return replace(
        limits,
        free_only=False,
        max_km=None,
        only_online=False,
        only_in_person=False,
        day_mask=0,
        time_mask=0,
        needs_access=False,
    )


def unmet(
    profile: Profile, fitting: Sequence[Candidate], ctx: signals.Context
) -> list[tuple[int, InterestSignal]]:
    """Their interests (with position) that no candidate breaking no limit meets."""
    met: set[int] = set()
    for c in fitting:
        met |= signals.met_interests(profile, c, ctx)
        if len(met) == len(profile.interests):
            break
    return [(n, i) for n, i in enumerate(profile.interests) if n not in met]


def nearest(
    profile: Profile, limits: Limits, candidates: Sequence[Candidate], meets: Callable
) -> tuple[str, Candidate | None]:
    """The limit broken, and the candidate: the nearest (then cheapest, then by name) of
    those that meet the interest and break exactly one loosened limit."""
    found = []
    for c in candidates:
        if not meets(c):
            continue
        broken = violations(profile, limits, c)
        if len(broken) == 1 and broken[0] in LOOSENED:
            found.append((broken[0], c))
    if not found:
        return "", None
    limit, c = min(found, key=lambda f: _nearness(f[1]))
    return limit, c


def _nearness(c: Candidate) -> tuple:
    km = c.distance_km if c.distance_km is not None else float("inf")
    cost = 0.0 if c.is_free else (c.lowest_cost if c.lowest_cost is not None else float("inf"))
    return (km, cost, c.name.casefold())


def kind_in_sentence(name: str) -> str:
    """A category's name as it reads inside a sentence: "Social groups" → "social groups"
    ("LGBTQ+ groups" is kept as it is)."""
    if name[1:] == name[1:].lower():
        return name[:1].lower() + name[1:]
    return name


def what_of(interest: InterestSignal, names: dict[str, str]) -> str:
    """An interest as said: their words, else the name of its kind of activity."""
    if interest.words.strip():
        return signals.in_sentence(interest.words.strip())
    kinds = sorted(names.get(s, s.replace("-", " ")) for s in interest.category_slugs)
    return kind_in_sentence(kinds[0]) if kinds else _("something they enjoy")


def said(missing: Missing) -> str:
    """ "Nothing free for swimming within 5 km. The nearest is …" in our words."""
    what, c, km = missing.what, missing.nearest, missing.within_km
    within = _(" within %(km)s km") % {"km": f"{km:g}"} if km is not None else ""
    headline = {
        "cost": _("Nothing free for %(what)s%(within)s."),
        "distance": _("Nothing for %(what)s%(within)s."),
        "days": _("Nothing for %(what)s on the days you're free%(within)s."),
        "times": _("Nothing for %(what)s at the times you're free%(within)s."),
        "online": _("Nothing for %(what)s online."),
        "in_person": _("Nothing for %(what)s in person%(within)s."),
        "access": _("Nothing for %(what)s with access information recorded%(within)s."),
    }.get(missing.limit, _("Nothing found for %(what)s that fits."))
    first = headline % {"what": what, "within": within}
    if c is None:
        return first
    return f"{first} {_nearest_said(missing.limit, c)}"


def _nearest_said(limit: str, c: Candidate) -> str:
    name = c.name
    if limit == "cost":
        if c.lowest_cost is not None:
            return _(
                "The nearest is %(name)s, from £%(cost).2f — ask whether there is a "
                "concession or a leisure card."
            ) % {"name": name, "cost": c.lowest_cost}
        return _("The nearest is %(name)s, which charges — ask whether there is a concession.") % {
            "name": name
        }
    if limit == "distance" and c.distance_km is not None:
        return _("The nearest is %(name)s, about %(km)d km away.") % {
            "name": name,
            "km": max(1, round(c.distance_km)),
        }
    if limit in ("days", "times"):
        return _("The nearest is %(name)s, at other times — ask whether that could work.") % {
            "name": name
        }
    if limit == "online":
        return _("The nearest is %(name)s, in person.") % {"name": name}
    if limit == "in_person":
        return _("The nearest is %(name)s, online.") % {"name": name}
    if limit == "access":
        return _(
            "The nearest is %(name)s, with nothing recorded about access — worth a call to ask."
        ) % {"name": name}
    return _("The nearest is %(name)s.") % {"name": name}

"""How well a candidate fits what the person would prefer (issue 17): small pure functions.

A preference marked "must" is a hard limit (`constraints`); these score the same preferences
when they are only "would prefer", and give a known fit its reason in the person's own terms
("Step-free, as you need"), must or not. Each returns `(contribution, reason)` as the signals
in `signals` do; `score` gives those worth counting, by name, for `signals.score` to add.

What is not known scores nothing here: a must not known to be met is ranked below every known
fit by the ranking itself (`constraints.not_known`), and said (`not_known_reasons`).
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from connecting_people.directory.fit import ACCESS_FEATURES
from connecting_people.directory.models.search import DELIVERY_BITS
from connecting_people.suggestions.profile import Profile, access_needs_of
from connecting_people.suggestions.ranking.candidate import Candidate

Signal = tuple[float, str | None]
NOTHING: Signal = (0.0, None)
ONLINE, IN_PERSON = DELIVERY_BITS["online"], DELIVERY_BITS["in_person"]

# How much each counts (beside `weights.WEIGHTS`, kept here so the two tables do not clash).
FIT_WEIGHTS: dict[str, float] = {
    "access_fit": 1.0,  # every access feature they need is recorded
    "access_miss": -1.5,  # recorded features lack one they need (only when "would prefer")
    "group_size_fit": 0.8,  # a size they are happy with
    "group_size_miss": -0.8,  # a known size they would rather not
    "cost_over": -1.0,  # more than they would pay (only when "would prefer")
    "distance_over": -3.0,  # further than they would go (only when "would prefer")
    "delivery_miss": -1.0,  # only a way they would rather not take part
    "audience_fit": 2.0,  # meant for people like them (women, carers, bereaved…), as they said
}

# Worry about groups, with no sizes chosen: small groups and one to one are the ones preferred.
WORRIES_ABOUT_GROUPS = frozenset({"worry-about-groups"})
SMALL_SIZES = frozenset({"small", "one_to_one"})

# Each access feature as said at the start of a reason, then within a list.
ACCESS_SAID = {
    "step_free": (gettext_lazy("Step-free"), gettext_lazy("step-free")),
    "lift": (gettext_lazy("A lift"), gettext_lazy("a lift")),
    "accessible_toilet": (
        gettext_lazy("An accessible toilet"),
        gettext_lazy("an accessible toilet"),
    ),
    "hearing_loop": (gettext_lazy("A hearing loop"), gettext_lazy("a hearing loop")),
    "bsl": (gettext_lazy("British Sign Language"), gettext_lazy("British Sign Language")),
    "large_print": (gettext_lazy("Large print"), gettext_lazy("large print")),
    "easy_read": (gettext_lazy("Easy read"), gettext_lazy("easy read")),
    "quiet_space": (gettext_lazy("A quiet space"), gettext_lazy("a quiet space")),
    "seating": (gettext_lazy("Seating throughout"), gettext_lazy("seating throughout")),
    "blue_badge_parking": (gettext_lazy("Blue Badge parking"), gettext_lazy("Blue Badge parking")),
    "assistance_dogs": (
        gettext_lazy("Assistance dogs welcome"),
        gettext_lazy("assistance dogs welcome"),
    ),
}
ACCESS_ORDER = tuple(t.slug for t in ACCESS_FEATURES)
GROUP_SIZE_SAID = {
    "one_to_one": gettext_lazy("One to one, as you'd like"),
    "small": gettext_lazy("A small group, as you'd like"),
    "medium": gettext_lazy("A medium-sized group, as you'd like"),
    "large": gettext_lazy("A large group, as you'd like"),
}
# Meant for people like them, said in a reason: only audiences that say who someone is ("a
# particular condition" or "members" could be any condition or any club: not a fit by itself).
AUDIENCE_SAID = {
    "women": gettext_lazy("Meant for women"),
    "men": gettext_lazy("Meant for men"),
    "carers": gettext_lazy("Meant for carers, like you"),
    "bereaved": gettext_lazy("Meant for people who have lost someone"),
    "parents": gettext_lazy("Meant for parents and their children"),
    "lgbtq": gettext_lazy("Meant for LGBTQ+ people"),
    "veterans": gettext_lazy("Meant for veterans, like you"),
}
NOT_KNOWN_SAID = {
    "access": gettext_lazy("Access not known: worth a call before going"),
    "group_size": gettext_lazy("Group size not known: worth asking before going"),
    "when": gettext_lazy("Days and times not known: worth asking when it meets"),
    "age": gettext_lazy("Worth checking it is open to people your age"),
}


def access_said(needs: frozenset[str]) -> str:
    """ "Step-free, as you need" or "Step-free, a hearing loop and large print, as you need"."""
    ordered = [slug for slug in ACCESS_ORDER if slug in needs]
    parts = [str(ACCESS_SAID[ordered[0]][0])] + [str(ACCESS_SAID[s][1]) for s in ordered[1:]]
    listed = (
        parts[0]
        if len(parts) == 1
        else _("%(most)s and %(last)s")
        % {
            "most": ", ".join(parts[:-1]),
            "last": parts[-1],
        }
    )
    return _("%(features)s, as you need") % {"features": listed}


def access_fit(profile: Profile, c: Candidate) -> Signal:
    """Every feature they need recorded counts, and is said; recorded features lacking one
    count against it (a must would have ruled it out); nothing recorded counts nothing."""
    needs = access_needs_of(profile)
    if not needs or not c.access_features:
        return NOTHING
    if needs <= c.access_features:
        return FIT_WEIGHTS["access_fit"], access_said(needs)
    return FIT_WEIGHTS["access_miss"], None


def preferred_sizes(profile: Profile) -> frozenset[str]:
    """The group sizes they would prefer: chosen, else small or one to one when groups are a
    worry (the old "small or quiet groups", or worry about groups on their plan)."""
    if profile.group_sizes:
        return profile.group_sizes
    if profile.prefers_small_groups or profile.barriers & WORRIES_ABOUT_GROUPS:
        return SMALL_SIZES
    return frozenset()


def group_size_fit(profile: Profile, c: Candidate) -> Signal:
    sizes = preferred_sizes(profile)
    if not sizes or not c.group_size:
        return NOTHING
    if c.group_size in sizes:
        return FIT_WEIGHTS["group_size_fit"], str(GROUP_SIZE_SAID[c.group_size])
    return FIT_WEIGHTS["group_size_miss"], None


def cost_fit(profile: Profile, c: Candidate) -> Signal:
    """More than they would pay counts against it (free only: anything not free)."""
    if profile.max_cost is None or c.is_free:
        return NOTHING
    if c.lowest_cost is None or c.lowest_cost <= profile.max_cost:
        return NOTHING  # not known: nothing either way; within it: `signals.cost` says how little
    return FIT_WEIGHTS["cost_over"], None


def distance_fit(profile: Profile, c: Candidate) -> Signal:
    """Further than they would go counts against it (joining online aside)."""
    limit, km = profile.max_travel_km, c.distance_km
    if limit is None or km is None or km <= limit or (profile.online and c.delivery & ONLINE):
        return NOTHING
    return FIT_WEIGHTS["distance_over"], None


def delivery_fit(profile: Profile, c: Candidate) -> Signal:
    """Only online for someone who would take part in person, or the other way round."""
    if not c.delivery:
        return NOTHING
    online_only = c.delivery == ONLINE and not profile.online
    in_person_only = not c.delivery & ONLINE and not profile.in_person
    return (FIT_WEIGHTS["delivery_miss"], None) if online_only or in_person_only else NOTHING


def audience_fit(profile: Profile, c: Candidate) -> Signal:
    """Meant for people like them, by what they said of themselves (their circumstances):
    a women's walking group for a woman who asked for women-only spaces, a carers' café for a
    carer. A service only for others never gets here (`constraints` rules it out)."""
    theirs = c.audience & profile.circumstances & AUDIENCE_SAID.keys()
    if not theirs:
        return NOTHING
    first = next(slug for slug in AUDIENCE_SAID if slug in theirs)
    return FIT_WEIGHTS["audience_fit"], str(AUDIENCE_SAID[first])


def meant_for_them(profile: Profile, c: Candidate) -> bool:
    return bool(c.audience & profile.circumstances & AUDIENCE_SAID.keys())


FIT_SIGNALS = {
    "audience_fit": audience_fit,
    "access_fit": access_fit,
    "group_size_fit": group_size_fit,
    "cost_fit": cost_fit,
    "distance_fit": distance_fit,
    "delivery_fit": delivery_fit,
}


def score(profile: Profile, c: Candidate) -> dict[str, Signal]:
    """The fit signals that count for `c`, by name (those adding nothing are left out)."""
    found = {}
    for name, signal in FIT_SIGNALS.items():
        result = signal(profile, c)
        if result[0]:
            found[name] = result
    return found


def not_known_reasons(codes: list[str]) -> list[str]:
    """What to say of a candidate kept though whether it meets a must is not known."""
    return [str(NOT_KNOWN_SAID[code]) for code in NOT_KNOWN_SAID if code in codes]

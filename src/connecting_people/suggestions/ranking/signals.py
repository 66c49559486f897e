"""The signals: each a small pure function of the profile and one candidate.

Each returns `(contribution, reason)`: how much it adds to the score (from `weights.WEIGHTS`)
and, when it adds or takes away something worth saying, the words to say it in. Hard
constraints are not here: `constraints.violations` says what rules a candidate out.

`score` adds them up. What the team knows (how others fared, someone to go along, what others
liked, how fresh the entry is) counts fully only for a candidate that fits the person (one of
their interests or words, their skills, a gap in their network); otherwise a share of it
(`weights.TEAM_KNOWLEDGE_UNFIT`), so what the team likes does not crowd out what suits them.
"""

from __future__ import annotations

import datetime
import functools
import math
from collections.abc import Mapping
from dataclasses import replace

from django.utils import formats
from django.utils.translation import get_language

from connecting_people.directory.models.search import DAY_BITS, DELIVERY_BITS, TIME_BITS
from connecting_people.suggestions.profile import (
    GAP_NO_COMPANY,
    GAP_NO_EMOTIONAL_SUPPORT,
    GAP_NO_OUTSIDE_SERVICES,
    Profile,
)
from connecting_people.suggestions.ranking import fit_signals
from connecting_people.suggestions.ranking.candidate import Candidate
from connecting_people.suggestions.ranking.constraints import (
    Limits,
    may_join_online,
    needs_access,
)
from connecting_people.suggestions.ranking.context import (
    DAY_NAMES,
    DAYS_PLURAL,
    TIMES_PLURAL,
    Context,
    Signal,
    SignalFunction,
    _candidate_words,
    specificity,
    with_word_specificity,
)
from connecting_people.suggestions.ranking.words import (
    STOP_WORDS,
    name_key,
    said_words,
    stems,
    words,
)
from connecting_people.suggestions.weights import (
    DISTANCE_SCALE_KM,
    GAP_SHARE_WITH_INTERESTS,
    KIND_ONLY_SHARE,
    LOW_COST_POUNDS,
    TEAM_KNOWLEDGE_UNFIT,
    WEIGHTS,
)

__all__ = [
    "STOP_WORDS",
    "Context",
    "context_for",
    "score",
    "specificity",
    "with_word_specificity",
    "words",
]

NOTHING: Signal = (0.0, None)

# Word lists are stemmed as a candidate's words are (`words.stem`), so "welcoming" is found.
SMALL_GROUP_WORDS = stems(
    "small", "quiet", "calm", "gentle", "peer", "peers", "friendly", "relaxed", "informal",
    "welcoming", "drop"
)  # fmt: skip
# ("share" alone is not one: a shared lunch or "share a meal" asks for no one's skills.)
SHARE_WORDS = stems("volunteer", "volunteers", "volunteering", "teach", "teaching", "mentor")
# Words in what someone can do that say how, or how well, not what: a skill is found in a
# candidate's words by its subject only ("teaching beginners to knit" → "knit").
SKILL_GENERIC_WORDS = stems(
    "beginner", "beginners", "basic", "basics", "show", "showing", "shown", "teach", "teaching",
    "taught", "know", "knows", "knowing", "knowledge", "skill", "skills", "skilled", "experience",
    "experienced", "good", "great", "expert", "others", "someone", "anyone", "people", "kids",
    "how", "help", "helping", "share", "sharing", "learn", "learning", "work", "working",
    "years", "year", "level", "simple", "little", "bit", "fairly", "quite", "pretty", "happy",
    "doing", "done", "give", "giving", "start", "starting", "started", "new", "qualified",
    "trained", "training", "able", "used", "once", "all", "sorts", "kind", "kinds", "stuff",
)  # fmt: skip
SHARE_CATEGORIES = frozenset({"volunteering", "learning"})
VOLUNTEERING = frozenset({"volunteering"})
# Topics that mark a service as part of health or social care, not the wider community.
CARE_WORDS = frozenset(
    [
        "health", "nhs", "clinic", "counselling", "therapy", "therapist", "mental", "psychiatric",
        "recovery", "care"
    ]
)  # fmt: skip
CARE_CATEGORIES = frozenset({"peer-support"})
COMPANY_CATEGORIES = frozenset({"social-groups"})
EMOTIONAL_CATEGORIES = frozenset({"peer-support"})
# Barriers taken softly (`constraints` has the whole mapping): small, quiet or peer-led groups
# count for these; someone to go along the first time counts more for those (language among
# them: someone to go along with, rather than a quiet group, is what helps).
WORRIES_ABOUT_GROUPS = frozenset({"confidence", "worry-about-groups", "self-stigma"})
NEEDS_COMPANY = frozenset({"confidence", "worry-about-groups", "trying-new-things", "language"})
INTEREST_ORDER = {"would_like_to_try": 0, "used_to": 1, "do_now": 2}
# What the team knows: counts fully only for what fits the person.
TEAM_KNOWLEDGE = ("go_along", "fared", "popular", "fresh")


def context_for(
    profile: Profile,
    *,
    has_team: bool = True,
    specificity: Mapping[str, float] | None = None,
    category_names: Mapping[str, str] | None = None,
    limits: Limits | None = None,
) -> Context:
    """What the signals share for ranking for `profile`. `category_names`: the interest
    categories' names by slug (read with the categories, once per ranking); `limits`: the
    ranking's hard constraints (joining online, needing access), else worked out from the
    profile."""
    texts = [*(i.words for i in profile.interests), profile.what_matters]
    said: dict[str, str] = {}
    for text in texts:
        for found, word in said_words(text).items():
            said.setdefault(found, word)
    ctx = Context(
        interest_words=frozenset(said),
        skill_words=words(" ".join(s.words for s in profile.skills)) - SKILL_GENERIC_WORDS,
        no_interests=not profile.interests,
        language=get_language(),
        has_team=has_team,
        specificity=dict(specificity or {}),
        words_by_interest=tuple(words(i.words) for i in profile.interests),
        network_names=frozenset(k for label in profile.network_labels if (k := name_key(label))),
        day_mask=sum(DAY_BITS[d] for d in profile.free_days if d in DAY_BITS),
        time_mask=sum(TIME_BITS[t] for t in profile.free_times if t in TIME_BITS),
        said=said,
        category_names=dict(category_names or {}),
        online=limits.online if limits is not None else may_join_online(profile),
        needs_access=limits.needs_access if limits is not None else needs_access(profile),
    )
    return replace(ctx, signals=applicable(profile, ctx))


def in_sentence(words: str) -> str:
    """Their words as they read inside a sentence: "Helping out at a café" → "helping out at a
    café". Only a phrase written in sentence case changes; anything with another capital in it
    ("Watching Riverside Rovers", "BBC quiz") or a single word (perhaps a name) is kept as typed."""
    first, _, rest = words.partition(" ")
    if (
        rest
        and (first == "A" or (first[:1].isupper() and first[1:].islower()))
        and rest == rest.lower()
    ):
        return words[0].lower() + words[1:]
    return words


def interest(profile: Profile, c: Candidate, ctx: Context) -> Signal:
    """Their interests it is listed under: the best by when they enjoyed it and how specific
    the kind of activity is; each further one adds a little (as much as it is specific).

    Said in their own words only when the service's own text (its name and description, not
    the names it is listed under) meets that interest's words: a computer club is not "a tea
    dance, which you'd like to try". Those words count here, once (`text` leaves them out).
    Otherwise it is said as the kind of activity it is listed under: the term whose name
    has their words ("Knitting, which you'd like to try"), else the category they share."""
    best = best_interest(profile, c, ctx)
    if best is None:
        return NOTHING
    n, score, shared = best
    chosen = profile.interests[n]
    own = ctx.words_by_interest[n] if n < len(ctx.words_by_interest) else frozenset()
    said = chosen.words.strip()
    quoted = own & own_words(c) if said else frozenset()
    if quoted and telling(own, quoted, ctx):
        score += word_score(quoted, ctx)
        return score, _in_their_words(chosen.when, in_sentence(said), ctx)
    if said and (listed := own & listed_words(c)) and telling(own, listed, ctx):
        score += word_score(listed, ctx)
        return score, _as_kind(chosen.when, listed_under(c, listed), ctx)
    if own & ctx.word_specificity.keys():
        # They said what they meant, other services say it, and this one does not (or says
        # only a common word of it): it shares only the kind ("LGBTQ+ friends" meets a
        # recovery course only as peer support; "kitchen volunteering" a talking newspaper
        # only as volunteering). When no service says it, the kind is all anyone can go by.
        score = score * KIND_ONLY_SHARE + word_score(quoted, ctx)
    return score, _by_kind(chosen.when, shared, ctx)


def telling(own: frozenset[str], found: frozenset[str], ctx: Context) -> bool:
    """Whether the words of theirs a service has say what they meant: all of them, or the one
    fewest candidates use (for "cooking Syrian food", "syrian" — not "food", which any food
    bank has). Only then are their words quoted back to them."""
    if found >= own:
        return True
    share = ctx.word_specificity
    used = [share[w] for w in own if w in share]
    if not used:  # how rare each word is, not known: any of theirs will do
        return True
    return any(share.get(w, 0.0) >= max(used) for w in found)


def best_interest(
    profile: Profile, c: Candidate, ctx: Context
) -> tuple[int, float, frozenset[str]] | None:
    """The interest it is listed under that counts most (its position), the score of the
    kinds it shares with all their interests, and the kinds shared with that one."""
    matched = []
    for n, i in enumerate(profile.interests):
        if shared := i.category_slugs & c.category_slugs:
            share = ctx.specific(shared)
            value = WEIGHTS[f"interest_{i.when}"] * share
            matched.append((value, -INTEREST_ORDER.get(i.when, 3), share, n, shared))
    if not matched:
        return None
    value, _order, share, n, shared = max(matched, key=lambda m: m[:2])
    return n, value + WEIGHTS["interest_extra"] * (sum(m[2] for m in matched) - share), shared


def _in_their_words(when: str, what: str, ctx: Context) -> str:
    if when == "would_like_to_try":
        return ctx.gettext("You'd like to try %(what)s") % {"what": what}
    if when == "used_to":
        return ctx.gettext("You used to enjoy %(what)s — a chance to pick it up again") % {
            "what": what
        }
    return ctx.gettext("More of %(what)s, which you enjoy now") % {"what": what}


def _by_kind(when: str, shared: frozenset[str], ctx: Context) -> str:
    """The kind of activity an interest and a candidate share (its most specific), in our
    words."""
    slug = min(shared, key=lambda s: (-ctx.specificity.get(s, 1.0), s))
    return _as_kind(when, ctx.category_names.get(slug) or slug.replace("-", " "), ctx)


def _as_kind(when: str, kind: str, ctx: Context) -> str:
    """A kind of activity it is listed under, said as such: "Arts and crafts, which you'd
    like to try"."""
    kind = kind[:1].upper() + kind[1:]
    if when == "would_like_to_try":
        return ctx.gettext("%(kind)s, which you'd like to try") % {"kind": kind}
    if when == "used_to":
        return ctx.gettext("%(kind)s, which you used to enjoy") % {"kind": kind}
    return ctx.gettext("%(kind)s, which you enjoy now") % {"kind": kind}


def own_words(c: Candidate) -> frozenset[str]:
    """The words of its own text: its name and description (what it says of itself)."""
    return _own_words(c.name, c.description)


@functools.lru_cache(maxsize=8192)
def _own_words(name: str, description: str) -> frozenset[str]:
    return words(f"{name} {description}")


def listed_words(c: Candidate) -> frozenset[str]:
    """The words only in the names of what it is listed under (not in its own text)."""
    return _topic_words(c.topics) - own_words(c)


def listed_under(c: Candidate, found: frozenset[str]) -> str:
    """The first name it is listed under that has one of `found` (stems) in it."""
    for topic in c.topics.split(" | "):
        if words(topic) & found:
            return topic.strip()
    return c.topics.split(" | ")[0].strip()  # not reached: `found` came from these names


def word_score(found: frozenset[str], ctx: Context) -> float:
    """What their words found count for: each by how few candidates use it, up to a most."""
    share = ctx.word_specificity
    return min(
        WEIGHTS["text_per_word"] * sum(share.get(w, 1.0) for w in found), WEIGHTS["text_most"]
    )


def met_interests(profile: Profile, c: Candidate, ctx: Context) -> frozenset[int]:
    """Which of their interests (by position) it meets: by kind of activity, or by their words."""
    found = []
    for n, i in enumerate(profile.interests):
        if i.category_slugs & c.category_slugs or (
            n < len(ctx.words_by_interest) and ctx.words_by_interest[n] & _candidate_words(c)
        ):
            found.append(n)
    return frozenset(found)


def text(profile: Profile, c: Candidate, ctx: Context) -> Signal:
    """Their words (about their interests and what matters to them) in its name or
    description, quoted; or only in the names of what it is listed under, said as those
    names. A word few candidates use counts for more than one many do. The words of the
    interest `interest` speaks for are left out: one match is counted and said once."""
    if not ctx.interest_words:
        return NOTHING
    mine = ctx.interest_words
    if profile.interests and (best := best_interest(profile, c, ctx)) is not None:
        n = best[0]
        if n < len(ctx.words_by_interest) and profile.interests[n].words.strip():
            mine = mine - ctx.words_by_interest[n]
    own = mine & own_words(c)
    if own:
        share = ctx.word_specificity
        telling = sorted(own, key=lambda w: (-share.get(w, 1.0), w))
        said: list[str] = []  # the words they used, each once
        for w in telling:
            if (word := ctx.said.get(w, w)) not in said:
                said.append(word)
        listed = ", ".join(said[:3])
        return word_score(own, ctx), ctx.gettext("Mentions things you talked about: %(words)s") % {
            "words": listed
        }
    listed_only = mine & listed_words(c)
    if not listed_only:
        return NOTHING
    return word_score(listed_only, ctx), ctx.gettext(
        "Listed under %(kind)s, which you talked about"
    ) % {"kind": listed_under(c, listed_only)}


def skills(profile: Profile, c: Candidate, ctx: Context) -> Signal:
    """Somewhere to share their skills: volunteering, or somewhere that asks for volunteers or
    teachers, or mentions the subject of what they can do (a class that needs someone who knows
    joinery), not any class at all, nor one that only shares a word like "beginners"."""
    if not profile.skills:
        return NOTHING
    its_words = _candidate_words(c)
    if ctx.skill_words & its_words:  # asks for what they can do, by name
        if any(s.would_teach for s in profile.skills):
            return WEIGHTS["skills_would_teach"], ctx.gettext("A place to share what you know")
        return WEIGHTS["skills_share"], ctx.gettext("Could use your skills")
    if c.category_slugs & VOLUNTEERING or SHARE_WORDS & its_words:  # any skills at all
        return WEIGHTS["skills_any"], ctx.gettext("Could use your skills")
    return NOTHING


def uses_their_skills(profile: Profile, c: Candidate, ctx: Context) -> bool:
    """It asks for what they can do, by name (a fit; volunteering of any kind is not, alone)."""
    return bool(profile.skills and ctx.skill_words & _candidate_words(c))


def cost(profile: Profile, c: Candidate, ctx: Context) -> Signal:
    if c.is_free:
        if "money" in profile.barriers:
            return WEIGHTS["cost_free_money_barrier"], ctx.gettext("Free")
        return WEIGHTS["cost_free"], ctx.gettext("Free")
    if c.lowest_cost is None:
        return NOTHING
    if c.lowest_cost <= LOW_COST_POUNDS:
        return WEIGHTS["cost_low"], ctx.gettext("Low cost (from £%(cost).2f)") % {
            "cost": c.lowest_cost
        }
    return WEIGHTS["cost_dear"], None


def distance(profile: Profile, c: Candidate, ctx: Context) -> Signal:
    if c.distance_km is None:
        if ctx.online and c.delivery & DELIVERY_BITS["online"]:
            return WEIGHTS["online_when_no_point"], ctx.gettext("You can join online")
        return NOTHING
    km = c.distance_km
    score = WEIGHTS["distance_best"] * math.exp(-km / DISTANCE_SCALE_KM)
    if km < 1:
        return score, ctx.gettext("Less than 1 km away")
    return score, ctx.gettext("About %(km)d km away") % {"km": round(km)}


def when(profile: Profile, c: Candidate, ctx: Context) -> Signal:
    day_mask, time_mask = ctx.day_mask, ctx.time_mask
    if not (day_mask and c.days) and not (time_mask and c.times):
        return NOTHING
    score, reason = 0.0, None
    fit_days = [d for d, bit in DAY_BITS.items() if c.days & bit & day_mask]
    fit_times = [t for t, bit in TIME_BITS.items() if c.times & bit & time_mask]
    if day_mask and c.days:
        score += WEIGHTS["days_fit"] if fit_days else WEIGHTS["days_miss"]
    if time_mask and c.times:
        score += WEIGHTS["times_fit"] if fit_times else WEIGHTS["times_miss"]
    if fit_days and fit_times:
        day, time = ctx.gettext(DAY_NAMES[fit_days[0]]), ctx.gettext(TIMES_PLURAL[fit_times[0]])
        reason = ctx.gettext("%(day)s %(time)s, when you're free") % {"day": day, "time": time}
    elif fit_days:
        reason = ctx.gettext("%(days)s, when you're free") % {
            "days": ctx.gettext(DAYS_PLURAL[fit_days[0]])
        }
    elif fit_times and not day_mask:
        time = ctx.gettext(TIMES_PLURAL[fit_times[0]])
        reason = ctx.gettext("In the %(time)s, when you're free") % {"time": time}
    return score, reason


def access(profile: Profile, c: Candidate, ctx: Context) -> Signal:
    if ctx.needs_access and c.has_accessibility:
        return WEIGHTS["accessible"], ctx.gettext("Has information about access")
    return NOTHING


def small_group(profile: Profile, c: Candidate, ctx: Context) -> Signal:
    worried = profile.prefers_small_groups or profile.barriers & WORRIES_ABOUT_GROUPS
    if not worried:
        return NOTHING
    if SMALL_GROUP_WORDS & _candidate_words(c) or c.category_slugs & {"peer-support"}:
        return WEIGHTS["small_group"], ctx.gettext("A small, friendly or peer-led group")
    return NOTHING


def go_along(profile: Profile, c: Candidate, ctx: Context) -> Signal:
    if not c.go_along:
        return NOTHING
    wanted = profile.wants_company_first_time or profile.barriers & NEEDS_COMPANY
    score = WEIGHTS["go_along_wanted"] if wanted else WEIGHTS["go_along"]
    if c.kind == "connector":
        return score, ctx.gettext("Happy to go along with you the first time")
    if not c.go_along[0]:  # someone whose name the team has not given
        return score, ctx.gettext("Someone from the team knows it and could go along with you")
    return score, ctx.gettext("%(name)s from the team knows it and could go along with you") % {
        "name": c.go_along[0]
    }


def already(profile: Profile, c: Candidate, ctx: Context) -> Signal:
    """Tried or going already (their suggestions say so), or already on their network map
    under its name: pushed down, and said."""
    if c.service_id is not None and c.service_id in profile.already:
        return WEIGHTS["already"], ctx.gettext("You've already been")
    if ctx.network_names and name_key(c.name) in ctx.network_names:
        return WEIGHTS["already"], ctx.gettext("Already in your network")
    return NOTHING


def fared(profile: Profile, c: Candidate, ctx: Context) -> Signal:
    raw = (
        WEIGHTS["fared_went_well"] * c.went_well
        + WEIGHTS["fared_kept_going"] * c.kept_going
        + WEIGHTS["fared_not_for_them"] * c.not_for_them
    )
    most = WEIGHTS["fared_most"]
    score = max(-most, min(most, raw))
    if c.kept_going:
        return score, ctx.ngettext(
            "%(n)d person from the team goes regularly",
            "%(n)d people from the team go regularly",
            c.kept_going,
        ) % {"n": c.kept_going}
    if c.went_well:
        return score, ctx.ngettext(
            "It went well for %(n)d person the team knows",
            "It went well for %(n)d people the team knows",
            c.went_well,
        ) % {"n": c.went_well}
    return score, None


def fresh(profile: Profile, c: Candidate, ctx: Context, today: datetime.date) -> Signal:
    if c.kind == "connector":
        if c.check_due_on is not None and c.check_due_on < today:
            return WEIGHTS["fresh_overdue"], ctx.gettext(
                "Not checked for a while — worth a call first"
            )
        return NOTHING
    if not c.team_uses:
        return (WEIGHTS["fresh_not_used_by_team"] if ctx.has_team else 0.0), None
    if c.check_due_on is None:
        return WEIGHTS["fresh_never_checked"], ctx.gettext("Not checked yet — worth a call first")
    if c.check_due_on < today:
        return WEIGHTS["fresh_overdue"], ctx.gettext("Not checked for a while — worth a call first")
    return NOTHING


def is_care_service(c: Candidate) -> bool:
    return bool(c.category_slugs & CARE_CATEGORIES or CARE_WORDS & _topic_words(c.topics))


@functools.lru_cache(maxsize=4096)
def _topic_words(topics: str) -> frozenset[str]:
    return words(topics)


def gaps(profile: Profile, c: Candidate, ctx: Context) -> Signal:
    """Company, understanding or life beyond services where their network has none. For
    someone with interests recorded, only a share of it (`GAP_SHARE_WITH_INTERESTS`): it breaks
    ties between ideas that suit them equally; with none recorded, it may lead."""
    share = 1.0 if ctx.no_interests else GAP_SHARE_WITH_INTERESTS
    score, reason = 0.0, None
    if GAP_NO_COMPANY in profile.network_gaps and c.category_slugs & COMPANY_CATEGORIES:
        score += WEIGHTS["gap_company"]
        reason = ctx.gettext("A chance to meet people")
    if GAP_NO_EMOTIONAL_SUPPORT in profile.network_gaps and c.category_slugs & EMOTIONAL_CATEGORIES:
        score += WEIGHTS["gap_emotional_support"]
        reason = reason or ctx.gettext("People who understand")
    if GAP_NO_OUTSIDE_SERVICES in profile.network_gaps and not is_care_service(c):
        score += WEIGHTS["gap_outside_services"]
        reason = reason or ctx.gettext("Out in the community, beyond services")
    return score * share, reason


def fills_a_gap(profile: Profile, c: Candidate) -> bool:
    """Company or understanding where their network has none (being outside services, which
    almost anything is, does not count as a fit on its own)."""
    return bool(
        (GAP_NO_COMPANY in profile.network_gaps and c.category_slugs & COMPANY_CATEGORIES)
        or (
            GAP_NO_EMOTIONAL_SUPPORT in profile.network_gaps
            and c.category_slugs & EMOTIONAL_CATEGORIES
        )
    )


def popular(profile: Profile, c: Candidate, ctx: Context) -> Signal:
    """With no interests recorded, what others from the team liked counts a little more."""
    if not ctx.no_interests or not (c.kept_going or c.went_well):
        return NOTHING
    return WEIGHTS["popular"] * min(3, c.kept_going + c.went_well), ctx.gettext(
        "Others have liked it"
    )


def this_week(profile: Profile, c: Candidate, ctx: Context) -> Signal:
    """A dated session (an event) in the seven days asked about ("this week" only)."""
    if c.session_on is None:
        return NOTHING
    day = formats.date_format(c.session_on, "l j F")
    return WEIGHTS["this_week_session"], ctx.gettext("On this week: %(day)s") % {"day": day}


SIGNALS: dict[str, SignalFunction] = {
    "interest": interest,
    "text": text,
    "skills": skills,
    "cost": cost,
    "distance": distance,
    "when": when,
    "access": access,
    "small_group": small_group,
    "go_along": go_along,
    "already": already,
    "fared": fared,
    "gaps": gaps,
    "popular": popular,
    "this_week": this_week,
}


def applicable(profile: Profile, ctx: Context) -> tuple[tuple[str, SignalFunction], ...]:
    """The signals that can add anything for this person (the others are left out of every
    candidate's scoring: a ranking scores hundreds)."""
    worried = profile.prefers_small_groups or bool(profile.barriers & WORRIES_ABOUT_GROUPS)
    needed = {
        "interest": bool(profile.interests),
        "text": bool(ctx.interest_words),
        "skills": bool(profile.skills),
        "when": bool(ctx.day_mask or ctx.time_mask),
        "access": ctx.needs_access,
        "small_group": worried,
        "already": bool(profile.already or ctx.network_names),
        "gaps": bool(profile.network_gaps),
        "popular": ctx.no_interests,
    }
    return tuple((name, f) for name, f in SIGNALS.items() if needed.get(name, True))


def score(
    profile: Profile, c: Candidate, ctx: Context, today: datetime.date
) -> tuple[float, dict[str, float], dict[str, str]]:
    """The score, each signal's contribution (summing to it), and each signal's reason."""
    results: dict[str, Signal] = {}
    for name, signal in ctx.signals or applicable(profile, ctx):
        found = signal(profile, c, ctx)
        if found[0]:
            results[name] = found
    found = fresh(profile, c, ctx, today)
    if found[0]:
        results["fresh"] = found
    results.update(fit_signals.score(profile, c))  # what they would prefer (issue 17)
    fit = "interest" in results or "text" in results or uses_their_skills(profile, c, ctx)
    unfit = not (fit or fills_a_gap(profile, c))
    contributions: dict[str, float] = {}
    reasons: dict[str, str] = {}
    for name, (value, reason) in results.items():
        if unfit and name in TEAM_KNOWLEDGE:
            value *= TEAM_KNOWLEDGE_UNFIT
        contributions[name] = round(value, 4)
        if reason:
            reasons[name] = reason
    return sum(contributions.values()), contributions, reasons

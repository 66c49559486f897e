"""The signals: each a small pure function of the profile and one candidate.

Each returns `(contribution, reason)`: how much it adds to the score (from `weights.WEIGHTS`)
and, when it adds or takes away something worth saying, the words to say it in. Hard
constraints are not here: `constraints.violations` says what rules a candidate out.
"""

from __future__ import annotations

import datetime
import functools
import math
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import get_language, gettext, gettext_noop
from django.utils.translation import ngettext as django_ngettext

from connecting_people.directory.models.search import DAY_BITS, DELIVERY_BITS, TIME_BITS
from connecting_people.suggestions.profile import (
    GAP_NO_COMPANY,
    GAP_NO_EMOTIONAL_SUPPORT,
    GAP_NO_OUTSIDE_SERVICES,
    Profile,
)
from connecting_people.suggestions.ranking.candidate import Candidate
from connecting_people.suggestions.weights import DISTANCE_SCALE_KM, LOW_COST_POUNDS, WEIGHTS

Signal = tuple[float, str | None]


@functools.lru_cache(maxsize=512)
def _translated(language: str | None, message: str) -> str:
    return gettext(message)


@functools.lru_cache(maxsize=512)
def _translated_plural(language: str | None, singular: str, plural: str, n: int) -> str:
    return django_ngettext(singular, plural, n)


NOTHING: Signal = (0.0, None)

STOP_WORDS = frozenset(
    (
        "a",
        "about",
        "again",
        "all",
        "am",
        "an",
        "and",
        "any",
        "are",
        "as",
        "at",
        "be",
        "been",
        "being",
        "but",
        "by",
        "can",
        "could",
        "did",
        "do",
        "does",
        "doing",
        "don",
        "for",
        "from",
        "get",
        "go",
        "going",
        "had",
        "has",
        "have",
        "having",
        "he",
        "her",
        "here",
        "him",
        "his",
        "how",
        "i",
        "if",
        "in",
        "into",
        "is",
        "it",
        "its",
        "just",
        "like",
        "me",
        "more",
        "most",
        "my",
        "myself",
        "no",
        "nor",
        "not",
        "now",
        "of",
        "off",
        "on",
        "once",
        "only",
        "or",
        "other",
        "our",
        "out",
        "over",
        "own",
        "really",
        "same",
        "she",
        "so",
        "some",
        "something",
        "such",
        "than",
        "that",
        "the",
        "their",
        "them",
        "then",
        "there",
        "these",
        "they",
        "this",
        "those",
        "through",
        "to",
        "too",
        "try",
        "under",
        "up",
        "very",
        "was",
        "we",
        "were",
        "what",
        "when",
        "where",
        "which",
        "while",
        "who",
        "why",
        "will",
        "with",
        "would",
        "you",
        "your",
        "used",
        "new",
        "things",
        "thing",
        "want",
        "wants",
        "lot",
        "bit",
        "again",
        "enjoy",
        "enjoyed",
        "love",
        "loved",
        "people",
        "person",
    )
)
WORD = re.compile(r"[a-z0-9]+")
SMALL_GROUP_WORDS = frozenset(
    (
        "small",
        "quiet",
        "calm",
        "gentle",
        "peer",
        "peers",
        "friendly",
        "relaxed",
        "informal",
        "welcoming",
        "drop",
    )
)
SHARE_WORDS = frozenset(
    (
        "volunteer",
        "volunteers",
        "volunteering",
        "teach",
        "teaching",
        "mentor",
        "share",
    )
)
SHARE_CATEGORIES = frozenset({"volunteering", "learning"})
# Topics that mark a service as part of health or social care, not the wider community.
CARE_WORDS = frozenset(
    (
        "health",
        "nhs",
        "clinic",
        "counselling",
        "therapy",
        "therapist",
        "mental",
        "psychiatric",
        "recovery",
        "care",
    )
)
CARE_CATEGORIES = frozenset({"peer-support"})
COMPANY_CATEGORIES = frozenset({"social-groups"})
EMOTIONAL_CATEGORIES = frozenset({"peer-support"})
WORRIES_ABOUT_GROUPS = frozenset({"confidence", "worry-about-groups"})
NEEDS_COMPANY = frozenset({"confidence", "worry-about-groups", "trying-new-things"})
DAY_NAMES = {
    "MO": gettext_noop("Monday"),
    "TU": gettext_noop("Tuesday"),
    "WE": gettext_noop("Wednesday"),
    "TH": gettext_noop("Thursday"),
    "FR": gettext_noop("Friday"),
    "SA": gettext_noop("Saturday"),
    "SU": gettext_noop("Sunday"),
}
DAYS_PLURAL = {
    "MO": gettext_noop("Mondays"),
    "TU": gettext_noop("Tuesdays"),
    "WE": gettext_noop("Wednesdays"),
    "TH": gettext_noop("Thursdays"),
    "FR": gettext_noop("Fridays"),
    "SA": gettext_noop("Saturdays"),
    "SU": gettext_noop("Sundays"),
}
TIMES_PLURAL = {
    "morning": gettext_noop("mornings"),
    "afternoon": gettext_noop("afternoons"),
    "evening": gettext_noop("evenings"),
}


@functools.lru_cache(maxsize=8192)
def words(text: str) -> frozenset[str]:
    """Lowercased words without accents, stop words or very short words, crudely singular."""
    folded = text.lower()
    if not folded.isascii():
        folded = unicodedata.normalize("NFKD", folded)
        folded = "".join(c for c in folded if not unicodedata.combining(c))
    return frozenset(_stem(w) for w in WORD.findall(folded) if w not in STOP_WORDS and len(w) > 2)


def _stem(word: str) -> str:
    for ending in ("ing", "s"):
        if word.endswith(ending) and len(word) - len(ending) >= 4:
            return word[: -len(ending)]
    return word


@dataclass(frozen=True)
class Context:
    """What signals share about the person, worked out once for a ranking, and the words to
    say things in: gettext remembered for the language in use, since signals ask for the same
    words thousands of times in one ranking and Django's looks through every catalogue.
    (`ctx.gettext("…")` is still found by makemessages: xgettext knows the name.)"""

    interest_words: frozenset[str]
    skill_words: frozenset[str]
    no_interests: bool
    language: str | None = None
    has_team: bool = True  # ranking with a team's knowledge: not used by it counts a little

    def gettext(self, message: str) -> str:
        return _translated(self.language, message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return _translated_plural(self.language, singular, plural, n)


def context_for(profile: Profile, *, has_team: bool = True) -> Context:
    said = " ".join([*(i.words for i in profile.interests), profile.what_matters])
    return Context(
        interest_words=words(said),
        skill_words=words(" ".join(s.words for s in profile.skills)),
        no_interests=not profile.interests,
        language=get_language(),
        has_team=has_team,
    )


def _candidate_words(candidate: Candidate) -> frozenset[str]:
    if candidate.words is None:
        candidate.words = words(f"{candidate.name} {candidate.description} {candidate.topics}")
    return candidate.words


def interest(profile: Profile, c: Candidate, ctx: Context) -> Signal:
    matched = [i for i in profile.interests if i.category_slugs & c.category_slugs]
    if not matched:
        return NOTHING
    order = {"would_like_to_try": 0, "used_to": 1, "do_now": 2}
    best = min(matched, key=lambda i: order.get(i.when, 3))
    score = WEIGHTS[f"interest_{best.when}"] + WEIGHTS["interest_extra"] * (len(matched) - 1)
    what = best.words.strip() or ctx.gettext("this")
    if best.when == "would_like_to_try":
        return score, ctx.gettext("You'd like to try %(what)s") % {"what": what}
    if best.when == "used_to":
        return score, ctx.gettext("You used to enjoy %(what)s — a chance to pick it up again") % {
            "what": what
        }
    return score, ctx.gettext("More of %(what)s, which you enjoy now") % {"what": what}


def text(profile: Profile, c: Candidate, ctx: Context) -> Signal:
    if not ctx.interest_words:
        return NOTHING
    shared = ctx.interest_words & _candidate_words(c)
    if not shared:
        return NOTHING
    score = min(WEIGHTS["text_per_word"] * len(shared), WEIGHTS["text_most"])
    listed = ", ".join(sorted(shared)[:3])
    return score, ctx.gettext("Mentions things you talked about: %(words)s") % {"words": listed}


def skills(profile: Profile, c: Candidate, ctx: Context) -> Signal:
    if not profile.skills:
        return NOTHING
    if not (c.category_slugs & SHARE_CATEGORIES or SHARE_WORDS & _candidate_words(c)):
        return NOTHING
    if any(s.would_teach for s in profile.skills):
        return WEIGHTS["skills_would_teach"], ctx.gettext("A place to share what you know")
    return WEIGHTS["skills_share"], ctx.gettext("Could use your skills")


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
        if profile.online and c.delivery & DELIVERY_BITS["online"]:
            return WEIGHTS["online_when_no_point"], ctx.gettext("You can join online")
        return NOTHING
    km = c.distance_km
    score = WEIGHTS["distance_best"] * math.exp(-km / DISTANCE_SCALE_KM)
    if km < 1:
        return score, ctx.gettext("Less than 1 km away")
    return score, ctx.gettext("About %(km)d km away") % {"km": round(km)}


def when(profile: Profile, c: Candidate, ctx: Context) -> Signal:
    score, reason = 0.0, None
    day_mask = sum(DAY_BITS[d] for d in profile.free_days if d in DAY_BITS)
    time_mask = sum(TIME_BITS[t] for t in profile.free_times if t in TIME_BITS)
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
    if profile.needs_accessibility and c.has_accessibility:
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
    return score, ctx.gettext("%(name)s in your team knows it and could go along") % {
        "name": c.go_along[0]
    }


def already(profile: Profile, c: Candidate, ctx: Context) -> Signal:
    if c.service_id is not None and c.service_id in profile.already:
        return WEIGHTS["already"], ctx.gettext("You've already been")
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
    return score, reason


def popular(profile: Profile, c: Candidate, ctx: Context) -> Signal:
    """With no interests recorded, what others from the team liked counts a little more."""
    if not ctx.no_interests or not (c.kept_going or c.went_well):
        return NOTHING
    return WEIGHTS["popular"] * min(3, c.kept_going + c.went_well), ctx.gettext(
        "Others have liked it"
    )


SIGNALS: dict[str, Callable[[Profile, Candidate, Context], Signal]] = {
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
}


def score(
    profile: Profile, c: Candidate, ctx: Context, today: datetime.date
) -> tuple[float, dict[str, float], dict[str, str]]:
    """The score, each signal's contribution (summing to it), and each signal's reason."""
    contributions: dict[str, float] = {}
    reasons: dict[str, str] = {}
    results = {name: signal(profile, c, ctx) for name, signal in SIGNALS.items()}
    results["fresh"] = fresh(profile, c, ctx, today)
    for name, (value, reason) in results.items():
        if value:
            contributions[name] = round(value, 4)
        if reason and value:
            reasons[name] = reason
    return sum(contributions.values()), contributions, reasons

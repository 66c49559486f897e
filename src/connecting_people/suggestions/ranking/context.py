"""What the signals share for one ranking: the person's words, masks and specificities, worked
out once, and the words to say things in.

- `Context`: made by `signals.context_for` for a ranking.
- `specificity(listed, out_of)`: how much a match counts, by how few share it (an IDF).
- `with_word_specificity`: the context, knowing how specific each of their words is among the
  candidates found.
"""

from __future__ import annotations

import functools
import math
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from django.utils.translation import gettext, gettext_noop
from django.utils.translation import ngettext as django_ngettext

from connecting_people.suggestions.ranking.candidate import Candidate
from connecting_people.suggestions.ranking.words import words
from connecting_people.suggestions.weights import (
    SPECIFIC_SHARE,
    SPECIFICITY_FLOOR,
    SPECIFICITY_FROM,
)

if TYPE_CHECKING:
    from connecting_people.suggestions.profile import Profile

Signal = tuple[float, str | None]
SignalFunction = Callable[["Profile", Candidate, "Context"], Signal]


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


@functools.lru_cache(maxsize=512)
def _translated(language: str | None, message: str) -> str:
    return gettext(message)


@functools.lru_cache(maxsize=512)
def _translated_plural(language: str | None, singular: str, plural: str, n: int) -> str:
    return django_ngettext(singular, plural, n)


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
    # How specific each interest category is in this directory, and each of their words among
    # the candidates (1.0 when not known).
    specificity: Mapping[str, float] = field(default_factory=dict)
    word_specificity: Mapping[str, float] = field(default_factory=dict)
    # Each interest's own words, for telling which of them a candidate meets.
    words_by_interest: tuple[frozenset[str], ...] = ()
    # The names on their network map (`words.name_key`): already in their life.
    network_names: frozenset[str] = frozenset()
    # Each of their words' stems with the word they used for it ("danc": "dancing"), to say.
    said: Mapping[str, str] = field(default_factory=dict)
    # The interest categories' names by slug ("Social groups"), to say a kind of activity in.
    category_names: Mapping[str, str] = field(default_factory=dict)
    # Joining online counts for them (`constraints.may_join_online`, and "near" not asked for).
    online: bool = True
    # They need to know about access (`constraints.needs_access`).
    needs_access: bool = False
    day_mask: int = 0
    time_mask: int = 0
    # The signals that can add anything for this person (`applicable`); empty: all of them.
    signals: tuple[tuple[str, SignalFunction], ...] = ()

    def gettext(self, message: str) -> str:
        return _translated(self.language, message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return _translated_plural(self.language, singular, plural, n)

    def specific(self, slugs: frozenset[str]) -> float:
        """How much a match through these categories counts: its most specific one's share."""
        return max((self.specificity.get(slug, 1.0) for slug in slugs), default=1.0)


def _candidate_words(candidate: Candidate) -> frozenset[str]:
    if candidate.words is None:
        candidate.words = words(f"{candidate.name} {candidate.description} {candidate.topics}")
    return candidate.words


def with_word_specificity(ctx: Context, candidates: list[Candidate]) -> Context:
    """The context, knowing how specific each of their words is among these candidates."""
    if not ctx.interest_words or not candidates:
        return ctx
    used: Counter[str] = Counter()
    for c in candidates:
        used.update(ctx.interest_words & _candidate_words(c))
    n = len(candidates)
    return replace(ctx, word_specificity={w: specificity(k, n) for w, k in used.items()})


def specificity(listed: int | None, out_of: int | None) -> float:
    """How much a match counts (SPECIFICITY_FLOOR to 1): fully for a category or word given to
    at most SPECIFIC_SHARE of them, less the broader it is (by its inverse document frequency,
    log(out_of / listed)). Not known, or too few to judge by (SPECIFICITY_FROM): fully."""
    if not listed or not out_of or out_of < SPECIFICITY_FROM:
        return 1.0
    idf = math.log(out_of / listed) / math.log(1 / SPECIFIC_SHARE)
    return SPECIFICITY_FLOOR + (1 - SPECIFICITY_FLOOR) * min(1.0, max(0.0, idf))

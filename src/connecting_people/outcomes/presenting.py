"""Scores, schedules and conflicts in plain words for the screens.

Every sentence here is ours. Only the question wording and answer labels come from the
instrument's definition, and bands are shown only where the definition gives them.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from connecting_people.core.concurrency import Difference, EditConflict
from connecting_people.outcomes import schedules
from connecting_people.outcomes.instrument import ITEM, Definition
from connecting_people.outcomes.models import Response
from connecting_people.outcomes.scoring import Problem

# What each shipped score means, in our words (instrument id, score id).
MEANINGS = {
    ("ons4", "satisfied"): gettext_lazy(
        "How satisfied with life nowadays, from 0 (not at all) to 10 (completely). "
        "A higher number is better."
    ),
    ("ons4", "worthwhile"): gettext_lazy(
        "How far the things done in life feel worthwhile, from 0 (not at all) to 10 "
        "(completely). A higher number is better."
    ),
    ("ons4", "happy"): gettext_lazy(
        "How happy the day before felt, from 0 (not at all) to 10 (completely). "
        "A higher number is better."
    ),
    ("ons4", "anxious"): gettext_lazy(
        "How anxious the day before felt, from 0 (not at all) to 10 (completely). "
        "Here a lower number is better."
    ),
    ("ucla3", "total"): gettext_lazy(
        "The three answers added up. It goes from 3 to 9: a higher number means feeling "
        "lonely more often. There are no bands."
    ),
    ("ons-lonely", "lonely"): gettext_lazy(
        "The answer itself is what counts: it is not added to anything and has no band."
    ),
}


@dataclass(frozen=True)
class ScoreLine:
    id: str
    title: str
    shown: str  # "7 out of 10", "6, on a scale from 3 to 9", or an answer such as "Often"
    value: Any  # the stored number, or None when not scored
    band: str | None  # the definition's band label, if it gives bands
    meaning: str
    prorated: bool
    answered: int
    of: int


def number(value: Any) -> str:
    """7 as "7", 9.5 as "9.5": never a trailing ".0"."""
    if isinstance(value, float):
        return f"{value:.2f}".rstrip("0").rstrip(".")
    return str(value)


def _meaning(slug: str, score: dict[str, Any]) -> str:
    known = MEANINGS.get((slug, score["id"]))
    if known is not None:
        return str(known)
    low, high = (number(v) for v in score["range"])
    if score["higher_is"] == "better":
        return _("From %(low)s to %(high)s: a higher score is better.") % {"low": low, "high": high}
    if score["higher_is"] == "worse":
        return _("From %(low)s to %(high)s: a lower score is better.") % {"low": low, "high": high}
    return _("From %(low)s to %(high)s.") % {"low": low, "high": high}


def _answer_label(definition: Definition, score_id: str, stored: dict[str, Any]) -> str | None:
    """For a one-question score whose answers are words ("Often"), the answer given."""
    score = next((s for s in definition.scores if s.id == score_id), None)
    if score is None or score.method != ITEM:
        return None
    label = (stored.get("items", {}).get(score.items[0]) or {}).get("label")
    answer = (stored.get("items", {}).get(score.items[0]) or {}).get("answer")
    if label is None or label.split()[0] == str(answer):
        return None  # the answer is the number itself ("7", "10 - completely satisfied")
    return label


def _shown(value: Any, low: Any, high: Any) -> str:
    if value is None:
        return _("Not answered")
    if low == 0:
        return _("%(value)s out of %(high)s") % {"value": number(value), "high": number(high)}
    return _("%(value)s, on a scale from %(low)s to %(high)s") % {
        "value": number(value),
        "low": number(low),
        "high": number(high),
    }


def score_lines(response: Response) -> list[ScoreLine]:
    """Each stored score of a complete response, with its band and what it means."""
    if not response.is_complete:
        return []
    instrument = response.scored_with or response.instrument
    definition = instrument.parsed
    lines = []
    for score_id, score in (response.scores.get("scores") or {}).items():
        label = _answer_label(definition, score_id, response.scores)
        low, high = score["range"]
        band = score.get("band") or {}
        lines.append(
            ScoreLine(
                id=score_id,
                title=score["title"],
                shown=label or _shown(score["value"], low, high),
                value=score["value"],
                band=band.get("label"),
                meaning=_meaning(instrument.slug, {"id": score_id, **score}),
                prorated=bool(score.get("prorated")),
                answered=score.get("answered", 0),
                of=score.get("of", 0),
            )
        )
    return lines


def answered(response: Response) -> int:
    return sum(1 for value in response.answers.values() if value is not None)


def answer_rows(response: Response) -> list[dict[str, Any]]:
    """Each question in order with the answer given (its label), for summaries."""
    definition = response.instrument.parsed
    rows = []
    for item in definition.items:
        value = response.answers.get(item.id)
        label = None if value is None else (item.label_for(value) or str(value))
        rows.append({"item": item, "value": value, "label": label})
    return rows


# Schedules ----------------------------------------------------------------------------------------


def point_label(point: schedules.Point) -> str:
    if point.is_baseline:
        return _("at the start")
    return ngettext("at %(months)d month", "at %(months)d months", point.months) % {
        "months": point.months
    }


def join_words(words: Sequence[str], *, either: bool = False) -> str:
    """ "a", "a and b", "a, b and c" (or "a, b or c" when `either`)."""
    if len(words) <= 1:
        return "".join(words)
    parts = {"rest": ", ".join(words[:-1]), "last": words[-1]}
    return (_("%(rest)s or %(last)s") if either else _("%(rest)s and %(last)s")) % parts


def months_summary(plan: schedules.Plan) -> str:
    """ "at the start and at 3, 6, 9 and 12 months"."""
    if not plan.months:
        return _("at the start only")
    months = join_words([str(m) for m in plan.months])
    return ngettext(
        "at the start and at %(months)s month",
        "at the start and at %(months)s months",
        plan.months[-1],
    ) % {"months": months}


# Answers still needed -----------------------------------------------------------------------------


def needed_messages(definition: Definition, problems: Iterable[Problem]) -> list[str]:
    """What to answer before the scores can be worked out, by question number."""
    messages = []
    for problem in problems:
        numbers = [str(definition.by_id[item].position) for item in problem.items]
        listed = join_words(numbers)
        if problem.at_least >= len(numbers):
            messages.append(
                ngettext(
                    "To work out the scores, answer question %(listed)s.",
                    "To work out the scores, answer questions %(listed)s.",
                    len(numbers),
                )
                % {"listed": listed}
            )
        else:
            messages.append(
                ngettext(
                    "To work out the scores, answer at least %(count)d more of questions "
                    "%(listed)s.",
                    "To work out the scores, answer at least %(count)d more of questions "
                    "%(listed)s.",
                    problem.at_least,
                )
                % {"count": problem.at_least, "listed": listed}
            )
    return messages


def needed_items(problems: Iterable[Problem]) -> list[str]:
    seen: dict[str, None] = {}
    for problem in problems:
        seen.update(dict.fromkeys(problem.items))
    return list(seen)


# Conflicts ----------------------------------------------------------------------------------------


def readable_conflict(
    conflict: EditConflict, definition: Definition, *, was_complete: bool
) -> EditConflict:
    """The conflict table by question, with answers in words, rather than the stored JSON."""
    current = conflict.current
    rows: list[Difference] = []
    if current.is_complete and not was_complete:  # type: ignore[attr-defined]
        rows.append(Difference("status", _("Finished"), _("Yes"), _("Not yet")))
    found = next((d.yours for d in conflict.differences if d.field == "answers"), None)
    mine: dict[str, Any] = found if isinstance(found, dict) else {}
    theirs = current.answers  # type: ignore[attr-defined]
    for item in definition.items if found is not None else ():
        if theirs.get(item.id) != mine.get(item.id):
            rows.append(
                Difference(
                    item.id,
                    _("Question %(number)d") % {"number": item.position},
                    _label(item, theirs.get(item.id)),
                    _label(item, mine.get(item.id)),
                )
            )
    conflict.differences = rows
    return conflict


def _label(item: Any, value: Any) -> str:
    return "" if value is None else (item.label_for(value) or str(value))

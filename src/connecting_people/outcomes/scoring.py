"""Scoring a response exactly as the instrument's definition says. Pure: no Django, no database.

    result = score(definition, {"lack_companionship": 2, "left_out": 1, "isolated": 3})
    result.scores["total"].value  # Fraction(6)

Answers are an object of question id → answer value (None, or left out, for unanswered), or a
list in the published order. Every number is a Fraction, so a prorated 41/3 is rounded by the
definition's stated rule and never by binary floating point. Invalid answers raise
InvalidAnswers; answers that the missing-data rule cannot score raise IncompleteAnswers. Both
carry every problem found, each in plain English with a code screens can translate.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from connecting_people.outcomes.instrument import (
    ALL_REQUIRED,
    ITEM,
    MEAN,
    SCORE_ANSWERED,
    Definition,
    Score,
)

Answers = Mapping[str, Any] | Sequence[Any]


@dataclass(frozen=True)
class Problem:
    code: str  # not_answers, wrong_count, unknown_item, not_whole_number, not_an_option,
    #            unanswered, nothing_answered
    item: str | None
    message: str
    # For unanswered and nothing_answered: the unanswered questions concerned, and how many of
    # them must be answered before the scores can be worked out.
    items: tuple[str, ...] = ()
    at_least: int = 0

    def __str__(self) -> str:
        return self.message


class ScoringError(ValueError):
    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__(" ".join(p.message for p in problems))


class InvalidAnswers(ScoringError):
    """An answer names no question of the instrument, or is not one of its answers."""


class IncompleteAnswers(ScoringError):
    """Too many questions are unanswered for the instrument's missing-data rule."""


@dataclass(frozen=True)
class ItemAnswer:
    answer: int | None
    scored: int | None
    label: str | None


@dataclass(frozen=True)
class ScoreValue:
    id: str
    title: str
    value: Fraction | None  # None: not scored (an unanswered question under score_answered)
    raw: Fraction | None  # before the lookup table, when there is one
    band_id: str | None
    band_label: str | None
    answered: int
    of: int
    prorated: bool
    score: Score


@dataclass(frozen=True)
class Result:
    definition: Definition
    items: Mapping[str, ItemAnswer]
    scores: Mapping[str, ScoreValue]

    @property
    def complete(self) -> bool:
        return all(a.answer is not None for a in self.items.values())

    def as_json(self) -> dict[str, Any]:
        """The result as plain JSON values: whole numbers as integers, others as decimals."""
        return {
            "instrument": self.definition.id,
            "definition_version": self.definition.version,
            "title": self.definition.title,
            "complete": self.complete,
            "scores": {key: _score_json(value) for key, value in self.scores.items()},
            "items": {
                key: {"answer": a.answer, "scored": a.scored, "label": a.label}
                for key, a in self.items.items()
            },
        }


def number(x: Fraction | None) -> int | float | None:
    """A JSON number for an exact value: 7 for 7/1, 9.51 for 951/100."""
    if x is None:
        return None
    if x.denominator == 1:
        return x.numerator
    return float(x)


def _score_json(value: ScoreValue) -> dict[str, Any]:
    data: dict[str, Any] = {
        "title": value.title,
        "value": number(value.value),
        "band": None if value.band_id is None else {"id": value.band_id, "label": value.band_label},
        "range": [number(value.score.range[0]), number(value.score.range[1])],
        "higher_is": value.score.higher_is,
        "subscale": value.score.subscale,
        "answered": value.answered,
        "of": value.of,
        "prorated": value.prorated,
    }
    if value.score.lookup is not None:
        data["raw"] = number(value.raw)
    return data


# Reading the answers ------------------------------------------------------------------------------


def _question(definition: Definition, item_id: str) -> str:
    item = definition.by_id[item_id]
    return f"question {item.position} ({item_id})"


def _shown(value: Any) -> str:
    try:
        return json.dumps(value, ensure_ascii=False)
    except (TypeError, ValueError):
        return repr(value)


def _allowed(values: tuple[int, ...]) -> str:
    ordered = sorted(values)
    if len(ordered) > 3 and ordered == list(range(ordered[0], ordered[-1] + 1)):
        return f"{ordered[0]} to {ordered[-1]}"
    return ", ".join(str(v) for v in values)


def _as_mapping(definition: Definition, answers: Any, problems: list[Problem]) -> dict[str, Any]:
    if isinstance(answers, Mapping):
        known = ", ".join(item.id for item in definition.items)
        problems.extend(
            Problem(
                "unknown_item",
                str(key),
                f"{definition.short_title} has no question {str(key)!r} (its questions are "
                f"{known}).",
            )
            for key in answers
            if key not in definition.by_id
        )
        return dict(answers)
    if isinstance(answers, Sequence) and not isinstance(answers, str | bytes):
        if len(answers) != len(definition.items):
            raise InvalidAnswers(
                [
                    Problem(
                        "wrong_count",
                        None,
                        f"{definition.short_title} has {len(definition.items)} questions, but "
                        f"{len(answers)} answers were given. Give one answer per question in "
                        "the published order, with null for a question not answered.",
                    )
                ]
            )
        return {item.id: value for item, value in zip(definition.items, answers, strict=True)}
    raise InvalidAnswers(
        [
            Problem(
                "not_answers",
                None,
                "Answers must be an object of question id to answer value, or a list in the "
                "published order, with null for a question not answered.",
            )
        ]
    )


def read_answers(definition: Definition, answers: Any) -> dict[str, int | None]:
    """Every question's answer value (None when unanswered), or InvalidAnswers listing each
    answer that names no question, is not a whole number, or is not one of the answers."""
    problems: list[Problem] = []
    given = _as_mapping(definition, answers, problems)
    values: dict[str, int | None] = {}
    for item in definition.items:
        value = given.get(item.id)
        if value is None:
            values[item.id] = None
        elif not isinstance(value, int) or isinstance(value, bool):
            problems.append(
                Problem(
                    "not_whole_number",
                    item.id,
                    f"The answer to {_question(definition, item.id)} must be a whole number, "
                    f"or null if it was not answered; {_shown(value)} was given.",
                )
            )
        elif value not in item.values:
            problems.append(
                Problem(
                    "not_an_option",
                    item.id,
                    f"{value} is not one of the answers to {_question(definition, item.id)}: "
                    f"the answers are {_allowed(item.values)}.",
                )
            )
        else:
            values[item.id] = value
    if problems:
        raise InvalidAnswers(problems)
    return values


# Scoring ------------------------------------------------------------------------------------------


def _unanswered_problem(
    definition: Definition, missing: list[str], why: str, at_least: int | None = None
) -> Problem:
    names = ", ".join(_question(definition, item_id) for item_id in missing)
    return Problem(
        "unanswered",
        missing[0],
        f"{why} Not answered: {names}.",
        items=tuple(missing),
        at_least=len(missing) if at_least is None else at_least,
    )


def _check_missing(definition: Definition, values: Mapping[str, int | None]) -> None:
    rule = definition.missing
    unanswered = [item.id for item in definition.items if values[item.id] is None]
    if not unanswered:
        return
    if rule.rule == ALL_REQUIRED:
        raise IncompleteAnswers(
            [
                _unanswered_problem(
                    definition,
                    unanswered,
                    f"{definition.short_title} can only be scored when every question is answered.",
                )
            ]
        )
    if rule.rule == SCORE_ANSWERED:
        if len(unanswered) == len(definition.items):
            raise IncompleteAnswers(
                [
                    Problem(
                        "nothing_answered",
                        None,
                        "No question was answered, so nothing can be scored.",
                        items=tuple(unanswered),
                        at_least=1,
                    )
                ]
            )
        return
    problems = []
    for score in definition.scores:
        missing = [item_id for item_id in score.items if values[item_id] is None]
        allowed = 0 if score.method == ITEM else rule.max_missing
        if len(missing) > allowed:
            why = (
                f"{score.title} needs its question answered."
                if score.method == ITEM
                else f"{score.title} can be scored with at most {allowed} of its "
                f"{len(score.items)} questions unanswered; {len(missing)} are."
            )
            problems.append(
                _unanswered_problem(definition, missing, why, at_least=len(missing) - allowed)
            )
    if problems:
        raise IncompleteAnswers(problems)


def _value(score: Score, scored: list[int]) -> tuple[Fraction, bool]:
    """The score's value before any lookup, and whether it was prorated."""
    total = Fraction(sum(scored))
    prorated = len(scored) < len(score.items)
    if score.method == ITEM:
        return total, False
    if score.method == MEAN:
        value = total / len(scored)
    elif prorated:
        value = total * len(score.items) / len(scored)
    else:
        value = total
    if score.rounding is not None:
        value = score.rounding.apply(value)
    return value, prorated


def _score_one(
    definition: Definition, score: Score, values: Mapping[str, int | None]
) -> ScoreValue:
    scored = [
        definition.by_id[item_id].scored(answer)
        for item_id in score.items
        if (answer := values[item_id]) is not None
    ]
    if not scored:  # only under score_answered: this question was not answered
        return ScoreValue(
            id=score.id,
            title=score.title,
            value=None,
            raw=None,
            band_id=None,
            band_label=None,
            answered=0,
            of=len(score.items),
            prorated=False,
            score=score,
        )
    raw, prorated = _value(score, scored)
    value = raw if score.lookup is None else score.lookup.table[int(raw)]
    band = score.band_for(value)
    return ScoreValue(
        id=score.id,
        title=score.title,
        value=value,
        raw=raw,
        band_id=None if band is None else band.id,
        band_label=None if band is None else band.label,
        answered=len(scored),
        of=len(score.items),
        prorated=prorated,
        score=score,
    )


def score(definition: Definition, answers: Answers) -> Result:
    """Score the answers by the definition's rules, or raise InvalidAnswers / IncompleteAnswers."""
    values = read_answers(definition, answers)
    _check_missing(definition, values)
    items = {
        item.id: ItemAnswer(
            answer=value,
            scored=None if value is None else item.scored(value),
            label=None if value is None else item.label_for(value),
        )
        for item in definition.items
        for value in [values[item.id]]
    }
    scores = {s.id: _score_one(definition, s, values) for s in definition.scores}
    return Result(definition=definition, items=items, scores=scores)


def still_needed(definition: Definition, answers: Answers) -> list[Problem]:
    """What stops these (valid) answers being scored under the missing-data rule: each problem
    names the unanswered questions concerned and how many of them must be answered. Empty when
    the answers can be scored."""
    try:
        score(definition, answers)
    except IncompleteAnswers as error:
        return error.problems
    return []

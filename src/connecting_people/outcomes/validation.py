"""Checking an instrument definition: its JSON Schema, then what a schema cannot say.

`validate(data)` returns every problem found, each with the JSON path of the part at fault:

    $.items[2].options[0].value: must be a whole number
    $.scores[0].bands[1].lower: overlaps the band before it ('low')

The schema (definitions/instrument.schema.json, checked by schema.py) checks shapes and types.
The semantic checks then make sure the parts fit: ids are unique and every reference exists,
recoding covers every answer, the stated range is the range the items give, a lookup table has
one row for every possible raw score, and the bands cover every possible score exactly once.
Semantic checks run once the schema is satisfied, so they can rely on the shapes. Nothing here
needs Django.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from fractions import Fraction
from typing import Any

from connecting_people.outcomes import instrument as defn
from connecting_people.outcomes.ranges import possible_values, raw_range, score_range
from connecting_people.outcomes.schema import (
    DEFINITIONS_DIR,
    SCHEMA_PATH,
    DefinitionProblem,
    InvalidDefinition,
    PathPart,
    json_path,
    read_definition,
    schema,
    schema_problems,
    shipped_paths,
)

__all__ = [
    "DEFINITIONS_DIR",
    "SCHEMA_PATH",
    "DefinitionProblem",
    "InvalidDefinition",
    "checked",
    "json_path",
    "read_definition",
    "schema",
    "shipped_paths",
    "validate",
]


def fmt(x: Fraction) -> str:
    """A number as people write it: 4, 2.5, 9.51."""
    if x.denominator == 1:
        return str(x.numerator)
    return f"{float(x):g}"


# Semantic checks: references --------------------------------------------------------------------


class _Problems(list[DefinitionProblem]):
    def add(self, parts: Sequence[PathPart], message: str) -> None:
        self.append(DefinitionProblem(json_path(parts), message))


def _duplicates(values: Sequence[Any]) -> list[int]:
    """Positions of values that appeared earlier in the list."""
    seen: set[Any] = set()
    repeats = []
    for n, value in enumerate(values):
        if value in seen:
            repeats.append(n)
        seen.add(value)
    return repeats


def _check_item(item: Mapping[str, Any], n: int, wording: bool, out: _Problems) -> None:
    at: list[PathPart] = ["items", n]
    values = [option["value"] for option in item["options"]]
    for k in _duplicates(values):
        out.add([*at, "options", k, "value"], f"{values[k]} is already an answer to this question")
    if wording and "text" not in item:
        out.add([*at, "text"], "is required: licence.wording_included is true")
    if not wording and "text" in item:
        out.add(
            [*at, "text"],
            "must be left out: licence.wording_included is false, so this file may not carry "
            "the question wording",
        )
    if wording:
        for k, option in enumerate(item["options"]):
            if "label" not in option:
                out.add(
                    [*at, "options", k, "label"], "is required: licence.wording_included is true"
                )
    if "recode" not in item:
        return
    if item.get("reverse"):
        out.add([*at, "recode"], "give reverse or recode, not both")
    answers = [row["answer"] for row in item["recode"]]
    for k, answer in enumerate(answers):
        if answer not in values:
            out.add([*at, "recode", k, "answer"], f"{answer} is not one of this question's answers")
    for k in _duplicates(answers):
        out.add([*at, "recode", k, "answer"], f"{answers[k]} is recoded twice")
    for value in values:
        if value not in answers:
            out.add([*at, "recode"], f"says nothing about answer {value}")


def _check_subscales(data: Mapping[str, Any], items: set[str], out: _Problems) -> None:
    subscales = data.get("subscales", [])
    ids = [s["id"] for s in subscales]
    for n in _duplicates(ids):
        out.add(["subscales", n, "id"], f"{ids[n]!r} is already the id of another subscale")
    for n, subscale in enumerate(subscales):
        for k, item_id in enumerate(subscale["items"]):
            if item_id not in items:
                out.add(["subscales", n, "items", k], f"there is no question {item_id!r}")
        for k in _duplicates(subscale["items"]):
            out.add(["subscales", n, "items", k], "lists this question twice")


def _check_score_refs(data: Mapping[str, Any], items: set[str], out: _Problems) -> None:
    subscales = {s["id"]: s for s in data.get("subscales", [])}
    ids = [s["id"] for s in data["scores"]]
    for n in _duplicates(ids):
        out.add(["scores", n, "id"], f"{ids[n]!r} is already the id of another score")
    for n, score in enumerate(data["scores"]):
        at: list[PathPart] = ["scores", n]
        members: list[str] = [*items]
        if "items" in score and "subscale" in score:
            out.add(at, "give items or subscale, not both")
        elif "items" in score:
            members = score["items"]
            for k, item_id in enumerate(members):
                if item_id not in items:
                    out.add([*at, "items", k], f"there is no question {item_id!r}")
            for k in _duplicates(members):
                out.add([*at, "items", k], "lists this question twice")
        elif "subscale" in score:
            if score["subscale"] not in subscales:
                out.add([*at, "subscale"], f"there is no subscale {score['subscale']!r}")
            else:
                members = subscales[score["subscale"]]["items"]
        if score["method"] == defn.ITEM and len(members) != 1:
            out.add([*at, "method"], "a per-question score (item) takes exactly one question")
        band_ids = [band["id"] for band in score.get("bands", [])]
        for k in _duplicates(band_ids):
            out.add([*at, "bands", k, "id"], f"{band_ids[k]!r} is already a band of this score")


def _reference_problems(data: Mapping[str, Any]) -> _Problems:
    out = _Problems()
    ids = [item["id"] for item in data["items"]]
    for n in _duplicates(ids):
        out.add(["items", n, "id"], f"{ids[n]!r} is already the id of another question")
    wording = data["licence"]["wording_included"]
    for n, item in enumerate(data["items"]):
        _check_item(item, n, wording, out)
    _check_subscales(data, set(ids), out)
    _check_score_refs(data, set(ids), out)
    missing = data["missing"]
    if "max_missing" in missing and missing["rule"] != defn.PRORATE:
        out.add(["missing", "max_missing"], "only applies to the prorate rule")
    return out


# Semantic checks: numbers -----------------------------------------------------------------------


def _check_rules(d: defn.Definition, n: int, score: defn.Score, out: _Problems) -> bool:
    """The score's rules fit the missing-data rule. False when its range cannot be worked out."""
    at: list[PathPart] = ["scores", n]
    rule = d.missing.rule
    if rule == defn.SCORE_ANSWERED and score.method != defn.ITEM:
        out.add(
            [*at, "method"],
            'must be "item" under the score_answered rule (each answered question is scored '
            "on its own)",
        )
    if (
        rule == defn.PRORATE
        and score.method != defn.ITEM
        and d.missing.max_missing >= len(score.items)
    ):
        out.add(
            ["missing", "max_missing"],
            f"{d.missing.max_missing} would let score {score.id!r} ({len(score.items)} "
            "questions) be worked out from no answers at all",
        )
    prorated = rule == defn.PRORATE and score.method == defn.SUM
    if (score.method == defn.MEAN or prorated) and score.rounding is None:
        out.add(
            [*at, "rounding"],
            "is required: a mean or a prorated total can fall between whole numbers, so say "
            "how it is rounded",
        )
        return False
    if score.lookup is not None:
        whole = score.method != defn.MEAN and (
            score.rounding is None or score.rounding.decimals == 0
        )
        if not whole:
            out.add(
                [*at, "lookup"],
                "needs a whole-number raw score: a sum or one question, rounded to 0 decimals "
                "when it is prorated",
            )
            return False
    return True


LOOKUP_MAX_ROWS = 10_000


def _check_lookup(
    d: defn.Definition, n: int, score: defn.Score, rows: list[Any], out: _Problems
) -> None:
    low, high = raw_range(d, score)
    at: list[PathPart] = ["scores", n, "lookup", "table"]
    if high - low >= LOOKUP_MAX_ROWS:
        out.add(at, f"the raw score runs from {fmt(low)} to {fmt(high)}: too many for a table")
        return
    raws = [row["raw"] for row in rows]
    for k, value in enumerate(raws):
        if not low <= value <= high:
            out.add(
                [*at, k, "raw"],
                f"{value} is outside the raw score's range ({fmt(low)} to {fmt(high)})",
            )
    for k in _duplicates(raws):
        out.add([*at, k, "raw"], f"{raws[k]} has a row already")
    present = set(raws)
    absent = [v for v in range(math.ceil(low), math.floor(high) + 1) if v not in present]
    if absent:
        shown = ", ".join(str(v) for v in absent[:10]) + (" …" if len(absent) > 10 else "")
        out.add(at, f"has no row for raw score {shown}")


def _check_range(d: defn.Definition, n: int, score: defn.Score, out: _Problems) -> None:
    low, high = score_range(d, score)
    stated_low, stated_high = score.range
    if (stated_low, stated_high) != (low, high):
        out.add(
            ["scores", n, "range"],
            f"says {fmt(stated_low)} to {fmt(stated_high)}, but the questions and rules give "
            f"{fmt(low)} to {fmt(high)}",
        )


def _bound_text(bound: defn.Bound) -> str:
    return f"{fmt(bound.value)} ({'inclusive' if bound.inclusive else 'exclusive'})"


def _check_band_shapes(score: defn.Score, at: list[PathPart], out: _Problems) -> bool:
    low, high = score.range
    fine = True
    for k, band in enumerate(score.bands):
        lo, hi = band.lower, band.upper
        if lo.value > hi.value or (lo.value == hi.value and not (lo.inclusive and hi.inclusive)):
            out.add([*at, k], f"is empty: from {_bound_text(lo)} to {_bound_text(hi)}")
            fine = False
        if lo.value < low or hi.value > high:
            out.add([*at, k], f"goes outside the score's range ({fmt(low)} to {fmt(high)})")
            fine = False
        if k == 0:
            continue
        before = score.bands[k - 1]
        if lo.value < before.lower.value:
            out.add([*at, k], "bands must be listed from lowest to highest")
            fine = False
        elif lo.value < before.upper.value or (
            lo.value == before.upper.value and lo.inclusive and before.upper.inclusive
        ):
            out.add([*at, k, "lower"], f"overlaps the band before it ({before.id!r})")
            fine = False
    return fine


def _grid_next(bound: defn.Bound, step: Fraction) -> Fraction:
    """The first value on the grid of rounded scores that a band ending at `bound` leaves out."""
    q = bound.value / step
    k = math.floor(q)
    if q.denominator != 1 or bound.inclusive:
        k += 1  # past a value the band includes, or up to the next grid point
    return k * step


def _check_band_cover(d: defn.Definition, n: int, score: defn.Score, out: _Problems) -> None:
    at: list[PathPart] = ["scores", n, "bands"]
    if not score.bands or not _check_band_shapes(score, at, out):
        return
    low, high = score.range
    values = possible_values(d, score)
    if values is not None:
        gaps = sorted(v for v in values if score.band_for(v) is None)
    else:
        step = Fraction(1, 10 ** (score.rounding.decimals if score.rounding else 0))
        candidates = [low, high] + [_grid_next(b.upper, step) for b in score.bands[:-1]]
        gaps = sorted({v for v in candidates if low <= v <= high and score.band_for(v) is None})
    if gaps:
        shown = ", ".join(fmt(v) for v in gaps[:10]) + (" …" if len(gaps) > 10 else "")
        out.add(at, f"leave out possible score{'s' if len(gaps) > 1 else ''} {shown}")


def _number_problems(data: Mapping[str, Any]) -> _Problems:
    out = _Problems()
    d = defn.parse(data)
    for n, (raw, score) in enumerate(zip(data["scores"], d.scores, strict=True)):
        if not _check_rules(d, n, score, out):
            continue
        if score.lookup is not None:
            before = len(out)
            _check_lookup(d, n, score, raw["lookup"]["table"], out)
            if len(out) > before:
                continue
        before = len(out)
        _check_range(d, n, score, out)
        if len(out) == before:
            _check_band_cover(d, n, score, out)
    return out


def validate(data: Any) -> list[DefinitionProblem]:
    """Every problem with the definition, each with its JSON path; an empty list when it is fine.

    Semantic checks run only once the schema is satisfied, and the number checks only once every
    reference resolves, so each message is about a real fault rather than a consequence of one.
    """
    problems = schema_problems(data)
    if problems:
        return problems
    references = _reference_problems(data)
    if references:
        return list(references)
    return list(_number_problems(data))


def checked(data: Any) -> defn.Definition:
    """The parsed definition, or InvalidDefinition listing every problem."""
    problems = validate(data)
    if problems:
        raise InvalidDefinition(problems)
    return defn.parse(data)

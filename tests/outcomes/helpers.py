"""Definitions for the outcomes tests: the shipped ones, and a small made-up scale that uses
every scoring rule (reverse and recoded items, subscales, prorating, means, a lookup table and
bands with exclusive bounds), so each rule can be checked by hand."""

from __future__ import annotations

import copy
import json
from typing import Any

from connecting_people.outcomes.instrument import Definition
from connecting_people.outcomes.validation import DEFINITIONS_DIR, checked


def shipped_data(name: str) -> dict[str, Any]:
    return json.loads((DEFINITIONS_DIR / f"{name}.json").read_text(encoding="utf-8"))


def shipped(name: str) -> Definition:
    return checked(shipped_data(name))


def licensed_swemwbs_data(holder: str = "Riverside Trust") -> dict[str, Any]:
    """The shipped SWEMWBS with wording filled in, as a licensed organisation would load it."""
    data = shipped_data("swemwbs")
    data["licence"]["wording_included"] = True
    data["licence"]["holder"] = holder
    for n, item in enumerate(data["items"], 1):
        item["text"] = f"Licensed wording {n}"
        for option in item["options"]:
            option["label"] = f"Label {option['value']}"
    return data


def _options(*values: int) -> list[dict[str, Any]]:
    return [{"value": v, "label": f"Answer {v}"} for v in values]


# Four questions answered 1 to 4. Question b is reversed (1↔4, 2↔3); question d is recoded
# (1→0, 2→0, 3→1, 4→1). Totals: a sum prorated when one answer is missing (rounded half up to
# a whole number), a mean of a and b (two decimals, half even), and a converted total.
_TEST_SCALE: dict[str, Any] = {
    "format": 1,
    "id": "test-scale",
    "version": "1",
    "title": "A made-up scale for tests",
    "short_title": "Test scale",
    "citation": "Made up for the tests.",
    "licence": {"name": "None", "terms": "Made up for the tests.", "wording_included": True},
    "recall_period": "The last week.",
    "instructions": "Answer each question.",
    "items": [
        {"id": "a", "text": "Question A?", "options": _options(1, 2, 3, 4)},
        {"id": "b", "text": "Question B?", "options": _options(1, 2, 3, 4), "reverse": True},
        {"id": "c", "text": "Question C?", "options": _options(1, 2, 3, 4)},
        {
            "id": "d",
            "text": "Question D?",
            "options": _options(1, 2, 3, 4),
            "recode": [
                {"answer": 1, "scored": 0},
                {"answer": 2, "scored": 0},
                {"answer": 3, "scored": 1},
                {"answer": 4, "scored": 1},
            ],
        },
    ],
    "subscales": [{"id": "first_two", "title": "The first two", "items": ["a", "b"]}],
    "scores": [
        {
            "id": "total",
            "title": "Total",
            "method": "sum",
            "items": ["a", "b", "c"],
            "rounding": {"method": "half_up", "decimals": 0},
            "range": {"min": 3, "max": 12},
            "higher_is": "better",
            "bands": [
                {
                    "id": "low",
                    "label": "Low",
                    "lower": {"value": 3, "inclusive": True},
                    "upper": {"value": 6, "inclusive": False},
                },
                {
                    "id": "middle",
                    "label": "Middle",
                    "lower": {"value": 6, "inclusive": True},
                    "upper": {"value": 9, "inclusive": True},
                },
                {
                    "id": "high",
                    "label": "High",
                    "lower": {"value": 9, "inclusive": False},
                    "upper": {"value": 12, "inclusive": True},
                },
            ],
        },
        {
            "id": "first_two",
            "title": "Mean of the first two",
            "method": "mean",
            "subscale": "first_two",
            "rounding": {"method": "half_even", "decimals": 2},
            "range": {"min": 1, "max": 4},
            "higher_is": "better",
            "bands": [
                {
                    "id": "under_half",
                    "label": "Under 2.5",
                    "lower": {"value": 1, "inclusive": True},
                    "upper": {"value": 2.5, "inclusive": False},
                },
                {
                    "id": "half_and_over",
                    "label": "2.5 and over",
                    "lower": {"value": 2.5, "inclusive": True},
                    "upper": {"value": 4, "inclusive": True},
                },
            ],
        },
        {
            "id": "d",
            "title": "Question D, recoded",
            "method": "item",
            "items": ["d"],
            "range": {"min": 0, "max": 1},
            "higher_is": "neither",
        },
        {
            "id": "converted",
            "title": "Converted total",
            "method": "sum",
            "items": ["a", "b", "c"],
            "rounding": {"method": "half_up", "decimals": 0},
            "lookup": {
                "title": "Made-up conversion",
                "table": [
                    {"raw": raw, "value": value}
                    for raw, value in zip(
                        range(3, 13),
                        [0, 12.5, 20.25, 31, 40, 48.75, 57, 66.6, 80, 100],
                        strict=True,
                    )
                ],
            },
            "range": {"min": 0, "max": 100},
            "higher_is": "better",
        },
    ],
    "missing": {"rule": "prorate", "max_missing": 1},
}


def made_up_data() -> dict[str, Any]:
    return copy.deepcopy(_TEST_SCALE)


def made_up() -> Definition:
    return checked(made_up_data())

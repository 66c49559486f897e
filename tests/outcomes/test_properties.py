"""Property tests: scoring stays within each instrument's range; invalid answers are refused
with a clear message; and the validator survives any mutation of a valid definition, never
accepting one the engine cannot score within its stated range."""

from __future__ import annotations

import contextlib
import copy
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from connecting_people.outcomes.instrument import PRORATE, Definition, parse
from connecting_people.outcomes.scoring import IncompleteAnswers, InvalidAnswers, score
from connecting_people.outcomes.validation import validate
from tests.outcomes.helpers import made_up, made_up_data, shipped, shipped_data

NAMES = ["ons4", "ucla3", "ons-lonely", "lsns6", "swemwbs"]
DEFINITIONS = {name: shipped(name) for name in NAMES} | {"made-up": made_up()}


def complete_answers(definition: Definition) -> st.SearchStrategy[dict[str, int]]:
    return st.fixed_dictionaries(
        {item.id: st.sampled_from(item.values) for item in definition.items}
    )


def assert_within_range(definition: Definition, answers: Any) -> None:
    result = score(definition, answers)
    for score_def in definition.scores:
        value = result.scores[score_def.id].value
        if value is None:
            continue
        low, high = score_def.range
        assert low <= value <= high, (score_def.id, value)
        if score_def.bands:
            assert result.scores[score_def.id].band_id is not None, (score_def.id, value)


@pytest.mark.parametrize("name", sorted(DEFINITIONS))
@given(data=st.data())
def test_any_complete_valid_response_scores_within_range(name, data):
    definition = DEFINITIONS[name]
    answers = data.draw(complete_answers(definition))
    assert_within_range(definition, answers)
    # The same answers as a list in the published order score the same.
    as_list = [answers[item.id] for item in definition.items]
    assert score(definition, as_list).as_json() == score(definition, answers).as_json()


@given(data=st.data())
def test_prorated_responses_score_within_range(data):
    definition = DEFINITIONS["made-up"]
    answers: dict[str, int | None] = data.draw(complete_answers(definition))
    left_out = data.draw(st.sampled_from(["a", "b", "c", None]))
    if left_out is not None:
        answers[left_out] = None
    assert_within_range(definition, answers)


def _not_an_answer(values: tuple[int, ...]) -> st.SearchStrategy[Any]:
    return st.one_of(
        st.integers().filter(lambda v: v not in values),
        st.text(max_size=5),
        st.floats(allow_nan=False),
        st.booleans(),
        st.lists(st.integers(), max_size=2),
    )


@pytest.mark.parametrize("name", sorted(DEFINITIONS))
@given(data=st.data())
def test_invalid_answers_are_refused_with_a_clear_message(name, data):
    definition = DEFINITIONS[name]
    answers: dict[str, Any] = data.draw(complete_answers(definition))
    bad = data.draw(st.sampled_from(definition.items))
    answers[bad.id] = data.draw(_not_an_answer(bad.values))
    with pytest.raises(InvalidAnswers) as caught:
        score(definition, answers)
    (problem,) = caught.value.problems
    assert problem.item == bad.id
    assert f"question {bad.position} ({bad.id})" in problem.message
    assert problem.code in {"not_whole_number", "not_an_option"}


@pytest.mark.parametrize("name", sorted(DEFINITIONS))
@given(extra=st.text(min_size=1, max_size=10))
def test_unknown_questions_are_refused(name, extra):
    definition = DEFINITIONS[name]
    if extra in definition.by_id:
        return
    with pytest.raises(InvalidAnswers, match="has no question"):
        score(definition, {extra: 1})


# Mutating valid definitions -------------------------------------------------------------------

JSON_LEAVES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-20, max_value=40),
    st.integers(),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=8),
    st.sampled_from(["sum", "mean", "item", "prorate", "all_required", "score_answered", "a"]),
)
JSON_VALUES = st.recursive(
    JSON_LEAVES,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3)
    ),
    max_leaves=6,
)


def _paths(node: Any, at: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [at]
    if isinstance(node, dict):
        for key, value in node.items():
            found += _paths(value, (*at, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found += _paths(value, (*at, index))
    return found


def _mutate(document: dict[str, Any], data: st.DataObject) -> Any:
    """One random change: a value replaced or deleted, a list entry repeated, or - most often,
    as it is the change most likely to give another valid definition - a number or a true/false
    nudged."""
    document = copy.deepcopy(document)
    how = data.draw(st.sampled_from(["replace", "delete", "duplicate", "nudge", "nudge"]))
    paths = _paths(document)[1:]
    if how == "nudge":
        paths = [p for p in paths if isinstance(_at(document, p), int | float)] or paths
    path = data.draw(st.sampled_from(paths))
    parent, key = _at(document, path[:-1]), path[-1]
    current = parent[key]
    if how == "delete":
        del parent[key]
    elif how == "duplicate" and isinstance(parent, list):
        parent.insert(key, copy.deepcopy(current))
    elif how == "nudge" and isinstance(current, bool):
        parent[key] = not current
    elif how == "nudge" and isinstance(current, int | float):
        parent[key] = current + data.draw(st.sampled_from([-2, -1, 1, 2, 0.5]))
    else:
        parent[key] = data.draw(JSON_VALUES)
    return document


def _at(document: Any, path: tuple[Any, ...]) -> Any:
    for part in path:
        document = document[part]
    return document


@pytest.mark.parametrize("name", ["ons4", "ucla3", "lsns6", "made-up"])
@settings(max_examples=150)
@given(data=st.data())
def test_mutated_definitions_are_rejected_or_score_within_range(name, data):
    original = made_up_data() if name == "made-up" else shipped_data(name)
    mutated = _mutate(original, data)
    for _ in range(data.draw(st.integers(min_value=0, max_value=2))):
        mutated = _mutate(mutated, data) if isinstance(mutated, dict) else mutated

    problems = validate(mutated)  # must never raise

    assert all(p.path.startswith("$") and p.message for p in problems)
    if problems:
        return
    definition = parse(mutated)
    answers = data.draw(complete_answers(definition))
    try:
        assert_within_range(definition, answers)
    except IncompleteAnswers:  # pragma: no cover - complete answers are never incomplete
        pytest.fail("complete answers were refused as incomplete")
    if definition.missing.rule == PRORATE:
        answers[definition.items[0].id] = None  # type: ignore[assignment]
        with contextlib.suppress(IncompleteAnswers):
            assert_within_range(definition, answers)

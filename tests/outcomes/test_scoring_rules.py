"""Each scoring rule worked by hand on the made-up scale (tests/outcomes/helpers.py): reversed
and recoded questions, prorating with its stated rounding, means, a lookup table, and band
bounds that are inclusive or not."""

from __future__ import annotations

import json
from fractions import Fraction

import pytest

from connecting_people.outcomes.instrument import Rounding, exact
from connecting_people.outcomes.ranges import raw_range, score_range
from connecting_people.outcomes.scoring import IncompleteAnswers, InvalidAnswers, number, score
from tests.outcomes.helpers import made_up


@pytest.fixture(scope="module")
def scale():
    return made_up()


def test_reversed_question_scores_the_other_way_round(scale):
    # b is reversed over 1..4: 1 scores 4, 2 scores 3, 3 scores 2, 4 scores 1.
    for answer, scored in [(1, 4), (2, 3), (3, 2), (4, 1)]:
        result = score(scale, {"a": 1, "b": answer, "c": 1, "d": 1})
        assert result.items["b"].answer == answer
        assert result.items["b"].scored == scored
        assert result.scores["total"].value == 2 + scored


def test_recoded_question_scores_its_stated_values(scale):
    for answer, scored in [(1, 0), (2, 0), (3, 1), (4, 1)]:
        result = score(scale, {"a": 1, "b": 1, "c": 1, "d": answer})
        assert result.scores["d"].value == scored


@pytest.mark.parametrize(
    ("a", "b", "c", "total", "band"),
    [
        (2, 4, 2, 5, "low"),  # 2 + 1 + 2: below the exclusive 6
        (1, 1, 1, 6, "middle"),  # 1 + 4 + 1: 6 is the middle band's inclusive lower bound
        (4, 4, 4, 9, "middle"),  # 4 + 1 + 4: 9 is the middle band's inclusive upper bound
        (4, 1, 2, 10, "high"),  # 4 + 4 + 2: above the high band's exclusive 9
        (1, 4, 1, 3, "low"),  # the lowest possible
        (4, 1, 4, 12, "high"),  # the highest possible
    ],
)
def test_total_and_its_band_at_each_boundary(scale, a, b, c, total, band):
    result = score(scale, {"a": a, "b": b, "c": c, "d": 1})
    assert result.scores["total"].value == total
    assert result.scores["total"].band_id == band
    assert result.scores["total"].prorated is False


def test_prorated_total_rounds_half_up(scale):
    # a = 4 and c = 3, b unanswered: 7 * 3 / 2 = 10.5, which rounds half up to 11.
    result = score(scale, {"a": 4, "b": None, "c": 3, "d": 2})
    total = result.scores["total"]
    assert (total.value, total.prorated, total.answered, total.of) == (11, True, 2, 3)
    assert total.band_id == "high"
    # a = 1 and c = 2: 3 * 3 / 2 = 4.5, which rounds to 5.
    assert score(scale, {"a": 1, "c": 2, "d": 2}).scores["total"].value == 5


def test_mean_of_the_answered_questions(scale):
    both = score(scale, {"a": 1, "b": 1, "c": 1, "d": 1})  # (1 + 4) / 2
    assert both.scores["first_two"].value == Fraction(5, 2)
    assert both.scores["first_two"].band_id == "half_and_over"  # 2.5 inclusive
    one = score(scale, {"a": 2, "c": 1, "d": 1})  # only a: 2 / 1
    assert one.scores["first_two"].value == 2
    assert one.scores["first_two"].band_id == "under_half"


def test_lookup_converts_the_raw_total(scale):
    result = score(scale, {"a": 4, "b": 1, "c": 2, "d": 4})  # raw 10
    converted = result.scores["converted"]
    assert converted.raw == 10
    assert converted.value == Fraction("66.6")
    data = result.as_json()["scores"]["converted"]
    assert (data["raw"], data["value"]) == (10, 66.6)
    prorated = score(scale, {"a": 4, "c": 3, "d": 1}).scores["converted"]  # 10.5 → 11 → 80
    assert (prorated.raw, prorated.value) == (11, 80)


def test_too_many_unanswered_is_refused_with_the_reason(scale):
    with pytest.raises(IncompleteAnswers) as caught:
        score(scale, {"a": 1, "d": 3})
    messages = [p.message for p in caught.value.problems]
    assert messages[0] == (
        "Total can be scored with at most 1 of its 3 questions unanswered; 2 are. "
        "Not answered: question 2 (b), question 3 (c)."
    )
    assert len(messages) == 2  # the converted total, with the same questions


def test_a_per_question_score_needs_its_question(scale):
    with pytest.raises(IncompleteAnswers, match=r"Question D, recoded needs its question"):
        score(scale, {"a": 1, "b": 1, "c": 1})


def test_answers_as_a_list_in_the_published_order(scale):
    assert score(scale, [4, 1, 2, 4]).scores["total"].value == 10
    assert score(scale, [4, None, 3, 2]).scores["total"].value == 11


@pytest.mark.parametrize(
    ("answers", "code", "message"),
    [
        ([1, 1, 1], "wrong_count", "Test scale has 4 questions, but 3 answers were given."),
        ({"a": 1, "e": 2}, "unknown_item", "Test scale has no question 'e'"),
        ({"a": "3"}, "not_whole_number", "must be a whole number, or null if it was not"),
        ({"a": 2.0}, "not_whole_number", "2.0 was given"),
        ({"a": True}, "not_whole_number", "true was given"),
        ({"a": 5}, "not_an_option", "5 is not one of the answers to question 1 (a)"),
        ("1,2,3,4", "not_answers", "Answers must be an object of question id"),
        (7, "not_answers", "or a list in the published order"),
    ],
)
def test_invalid_answers_are_refused_with_a_clear_message(scale, answers, code, message):
    with pytest.raises(InvalidAnswers) as caught:
        score(scale, answers)
    assert caught.value.problems[0].code == code
    assert message in caught.value.problems[0].message


def test_every_invalid_answer_is_reported_at_once(scale):
    with pytest.raises(InvalidAnswers) as caught:
        score(scale, {"a": 9, "b": "x", "zz": 1})
    assert [p.code for p in caught.value.problems] == [
        "unknown_item",
        "not_an_option",
        "not_whole_number",
    ]


@pytest.mark.parametrize(
    ("method", "value", "decimals", "expected"),
    [
        ("half_up", "2.5", 0, "3"),
        ("half_even", "2.5", 0, "2"),
        ("half_even", "3.5", 0, "4"),
        ("half_up", "-2.5", 0, "-3"),
        ("half_up", "2.345", 2, "2.35"),
        ("half_even", "2.345", 2, "2.34"),
        ("half_even", "0.125", 2, "0.12"),
        ("half_up", "41/3", 1, "13.7"),
    ],
)
def test_rounding_rules(method, value, decimals, expected):
    assert Rounding(method, decimals).apply(Fraction(value)) == Fraction(expected)


def test_numbers_are_exact_and_print_as_people_write_them():
    assert exact(9.51) == Fraction(951, 100)
    assert number(Fraction(7)) == 7
    assert json.dumps(number(Fraction("66.6"))) == "66.6"


def test_ranges_follow_from_the_items_and_rules(scale):
    by_id = {s.id: s for s in scale.scores}
    assert raw_range(scale, by_id["total"]) == (3, 12)
    assert raw_range(scale, by_id["first_two"]) == (1, 4)
    assert raw_range(scale, by_id["d"]) == (0, 1)
    assert score_range(scale, by_id["converted"]) == (0, 100)

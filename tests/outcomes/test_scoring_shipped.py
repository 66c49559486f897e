"""The shipped instruments scored by hand from their published rules (../shared/cpi/FACTS.md):

- ONS4: four answers 0-10, reported one by one, no total. Bands for satisfaction, worthwhile and
  happiness: low 0-4, medium 5-6, high 7-8, very high 9-10. Anxiety the other way: very low
  0-1, low 2-3, medium 4-5, high 6-10.
- UCLA 3-item: hardly ever or never 1, some of the time 2, often 3; total 3-9, higher lonelier.
- ONS direct question: the answer itself.
- LSNS-6 (no wording shipped): 0-5 each, total 0-30, family and friends 0-15 each.
- SWEMWBS (no wording shipped): seven answers 1-5, raw total 7-35.
"""

from __future__ import annotations

from fractions import Fraction

import pytest

from connecting_people.outcomes.scoring import IncompleteAnswers, InvalidAnswers, score
from tests.outcomes.helpers import shipped

POSITIVE = {0: "low", 1: "low", 2: "low", 3: "low", 4: "low", 5: "medium", 6: "medium"}
POSITIVE |= {7: "high", 8: "high", 9: "very_high", 10: "very_high"}
ANXIETY = {0: "very_low", 1: "very_low", 2: "low", 3: "low", 4: "medium", 5: "medium"}
ANXIETY |= {6: "high", 7: "high", 8: "high", 9: "high", 10: "high"}


@pytest.fixture(scope="module")
def ons4():
    return shipped("ons4")


@pytest.mark.parametrize("answer", range(11))
def test_ons4_every_answer_falls_in_the_published_band(ons4, answer):
    result = score(ons4, [answer, answer, answer, answer])

    for item in ("satisfied", "worthwhile", "happy"):
        assert result.scores[item].value == answer
        assert result.scores[item].band_id == POSITIVE[answer]
    assert result.scores["anxious"].value == answer
    assert result.scores["anxious"].band_id == ANXIETY[answer]


def test_ons4_band_boundaries_by_label(ons4):
    low_edge = score(ons4, {"satisfied": 4, "worthwhile": 5, "happy": 8, "anxious": 1})
    assert [low_edge.scores[k].band_label for k in ("satisfied", "worthwhile", "happy")] == [
        "Low",
        "Medium",
        "High",
    ]
    assert low_edge.scores["anxious"].band_label == "Very low"
    high_edge = score(ons4, {"satisfied": 9, "worthwhile": 6, "happy": 7, "anxious": 6})
    assert high_edge.scores["satisfied"].band_label == "Very high"
    assert high_edge.scores["worthwhile"].band_label == "Medium"
    assert high_edge.scores["happy"].band_label == "High"
    assert high_edge.scores["anxious"].band_label == "High"


def test_ons4_anxiety_is_the_one_where_higher_is_worse(ons4):
    assert {s.id: s.higher_is for s in ons4.scores} == {
        "satisfied": "better",
        "worthwhile": "better",
        "happy": "better",
        "anxious": "worse",
    }


def test_ons4_has_no_total(ons4):
    result = score(ons4, [7, 8, 6, 3])
    assert set(result.scores) == {"satisfied", "worthwhile", "happy", "anxious"}
    assert "total" not in result.as_json()["scores"]


def test_ons4_scores_the_answered_questions_and_leaves_the_rest_unscored(ons4):
    result = score(ons4, {"satisfied": 7, "happy": 10})

    assert result.complete is False
    assert result.scores["satisfied"].value == 7
    assert result.scores["happy"].band_id == "very_high"
    assert result.scores["worthwhile"].value is None
    assert result.scores["anxious"].value is None
    assert result.as_json()["scores"]["anxious"]["value"] is None


def test_ons4_with_nothing_answered_cannot_be_scored(ons4):
    with pytest.raises(IncompleteAnswers) as caught:
        score(ons4, [None, None, None, None])
    assert caught.value.problems[0].code == "nothing_answered"
    assert "No question was answered" in str(caught.value)


def test_ons4_refuses_eleven_and_minus_one(ons4):
    with pytest.raises(InvalidAnswers) as caught:
        score(ons4, {"satisfied": 11, "anxious": -1})
    messages = [p.message for p in caught.value.problems]
    assert messages == [
        "11 is not one of the answers to question 1 (satisfied): the answers are 0 to 10.",
        "-1 is not one of the answers to question 4 (anxious): the answers are 0 to 10.",
    ]


def test_ons4_reports_each_answer_with_its_published_label(ons4):
    result = score(ons4, [0, 10, 5, 0])
    assert result.items["satisfied"].label == "0 \u2013 not at all satisfied"
    assert result.items["worthwhile"].label == "10 \u2013 completely worthwhile"
    assert result.items["happy"].label == "5"
    assert result.items["anxious"].label == "0 \u2013 not at all anxious"


# UCLA three-item loneliness scale -----------------------------------------------------------


@pytest.fixture(scope="module")
def ucla3():
    return shipped("ucla3")


@pytest.mark.parametrize(
    ("answers", "total"),
    [
        ([1, 1, 1], 3),  # hardly ever or never, three times: the least lonely
        ([3, 3, 3], 9),  # often, three times: the loneliest
        ([2, 1, 3], 6),
        ([1, 2, 2], 5),
        ({"isolated": 3, "left_out": 3, "lack_companionship": 1}, 7),
    ],
)
def test_ucla3_total_is_the_sum_of_the_answers(ucla3, answers, total):
    result = score(ucla3, answers)
    assert result.scores["total"].value == total
    assert result.scores["total"].band_id is None  # the published scale sets no bands


def test_ucla3_labels_are_the_ons_wording(ucla3):
    result = score(ucla3, [1, 2, 3])
    assert [a.label for a in result.items.values()] == [
        "Hardly ever or never",
        "Some of the time",
        "Often",
    ]


def test_ucla3_needs_every_answer(ucla3):
    with pytest.raises(IncompleteAnswers) as caught:
        score(ucla3, [2, None, 3])
    (problem,) = caught.value.problems
    assert problem.code == "unanswered"
    assert problem.message == (
        "Loneliness (three questions) can only be scored when every question is answered. "
        "Not answered: question 2 (left_out)."
    )


def test_ucla3_refuses_zero_and_four(ucla3):
    with pytest.raises(InvalidAnswers, match=r"0 is not one of the answers to question 1"):
        score(ucla3, [0, 1, 1])
    with pytest.raises(InvalidAnswers, match=r"the answers are 1, 2, 3"):
        score(ucla3, [1, 1, 4])


# The ONS direct question ----------------------------------------------------------------------


def test_ons_lonely_reports_the_answer_in_the_published_order():
    definition = shipped("ons-lonely")
    labels = [o.label for o in definition.items[0].options]
    assert labels == ["Often or always", "Some of the time", "Occasionally", "Hardly ever", "Never"]
    often = score(definition, {"lonely": 5})
    assert often.scores["lonely"].value == 5
    assert often.items["lonely"].label == "Often or always"
    never = score(definition, [1])
    assert never.items["lonely"].label == "Never"
    with pytest.raises(IncompleteAnswers):
        score(definition, [None])


# Definitions shipped without wording ----------------------------------------------------------


def test_lsns6_total_and_subscales():
    definition = shipped("lsns6")
    assert definition.needs_wording
    result = score(definition, [0, 1, 2, 3, 4, 5])
    assert result.scores["family"].value == 3
    assert result.scores["friends"].value == 12
    assert result.scores["total"].value == 15
    assert result.as_json()["scores"]["family"]["subscale"] == "family"
    top = score(definition, [5] * 6)
    assert (top.scores["total"].value, top.scores["family"].value) == (30, 15)


def test_swemwbs_template_has_no_wording_and_stops_at_the_raw_total():
    definition = shipped("swemwbs")
    assert definition.needs_wording
    assert all(item.text is None for item in definition.items)
    assert "must be supplied by a licensed organisation" in definition.licence.terms
    assert score(definition, [1] * 7).scores["raw_total"].value == 7
    assert score(definition, [5] * 7).scores["raw_total"].value == Fraction(35)
    assert all(s.lookup is None for s in definition.scores)


@pytest.mark.parametrize("name", ["ons4", "ucla3", "ons-lonely"])
def test_instruments_we_may_ship_carry_their_wording_and_cite_their_source(name):
    definition = shipped(name)
    assert not definition.needs_wording
    assert all(item.text for item in definition.items)
    assert "Office for National Statistics" in definition.citation
    assert (definition.licence.url or "").startswith("https://www.ons.gov.uk/")

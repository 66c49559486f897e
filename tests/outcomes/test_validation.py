"""The definition validator: the JSON Schema and the semantic checks, each problem with the exact
JSON path of the part at fault."""

from __future__ import annotations

import pytest
from jsonschema import Draft202012Validator

from connecting_people.outcomes.validation import (
    InvalidDefinition,
    checked,
    json_path,
    schema,
    shipped_paths,
    validate,
)
from tests.outcomes.helpers import made_up_data, shipped_data


def problems(data):
    return [str(p) for p in validate(data)]


def test_the_schema_is_valid_draft_2020_12():
    Draft202012Validator.check_schema(schema())
    assert schema()["$schema"] == "https://json-schema.org/draft/2020-12/schema"


@pytest.mark.parametrize("path", shipped_paths(), ids=lambda p: p.stem)
def test_every_shipped_definition_is_valid(path):
    assert problems(shipped_data(path.stem)) == []


def test_the_made_up_scale_is_valid():
    assert problems(made_up_data()) == []


def test_json_path_spelling():
    assert json_path(["items", 2, "options", 0, "value"]) == "$.items[2].options[0].value"
    assert json_path(["$schema"]) == '$["$schema"]'
    assert json_path([]) == "$"


# The schema -----------------------------------------------------------------------------------


def test_option_value_must_be_a_whole_number():
    data = made_up_data()
    data["items"][2]["options"][0]["value"] = "1"
    assert problems(data) == ["$.items[2].options[0].value: must be a whole number"]
    data["items"][2]["options"][0]["value"] = 1.0
    assert problems(data) == ["$.items[2].options[0].value: must be a whole number"]


def test_missing_and_unknown_fields_are_named():
    data = made_up_data()
    del data["citation"]
    data["items"][0]["colour"] = "blue"
    assert problems(data) == [
        "$.citation: is required",
        "$.items[0].colour: is not part of the format (check the spelling)",
    ]


def test_choices_patterns_and_numbers():
    data = made_up_data()
    data["id"] = "Test Scale"
    data["scores"][0]["method"] = "median"
    data["scores"][1]["rounding"]["decimals"] = 7
    data["scores"][0]["bands"][0]["lower"]["value"] = float("inf")
    assert problems(data) == [
        "$.id: must be lower-case letters and digits, words joined by single hyphens, "
        "starting with a letter (like ons-lonely)",
        "$.scores[0].bands[0].lower.value: must be a number",
        '$.scores[0].method: must be one of: "sum", "mean", "item"',
        "$.scores[1].rounding.decimals: must be at most 3",
    ]


def test_prorate_needs_its_limit():
    data = made_up_data()
    del data["missing"]["max_missing"]
    assert problems(data) == ["$.missing.max_missing: is required"]


def test_not_an_object_at_all():
    assert problems([1, 2]) == ["$: must be an object"]


def test_empty_lists_and_text():
    data = made_up_data()
    data["items"][0]["options"] = [{"value": 1, "label": "Only"}]
    data["title"] = ""
    assert problems(data) == [
        "$.items[0].options: must have at least 2 entries",
        "$.title: must not be empty",
    ]


# References -----------------------------------------------------------------------------------


def test_question_ids_must_be_unique():
    data = made_up_data()
    data["items"][1]["id"] = "a"
    found = problems(data)
    assert "$.items[1].id: 'a' is already the id of another question" in found


def test_subscales_and_scores_must_name_real_questions():
    data = made_up_data()
    data["subscales"][0]["items"] = ["a", "zz", "a"]
    data["scores"][0]["items"] = ["a", "b", "nope"]
    data["scores"][1]["subscale"] = "missing_one"
    assert problems(data) == [
        "$.subscales[0].items[1]: there is no question 'zz'",
        "$.subscales[0].items[2]: lists this question twice",
        "$.scores[0].items[2]: there is no question 'nope'",
        "$.scores[1].subscale: there is no subscale 'missing_one'",
    ]


def test_reverse_and_recode_rules():
    data = made_up_data()
    data["items"][3]["reverse"] = True
    data["items"][3]["recode"] = [*data["items"][3]["recode"][:3], {"answer": 9, "scored": 1}]
    assert problems(data) == [
        "$.items[3].recode: give reverse or recode, not both",
        "$.items[3].recode[3].answer: 9 is not one of this question's answers",
        "$.items[3].recode: says nothing about answer 4",
    ]


def test_option_values_must_be_unique_within_a_question():
    data = made_up_data()
    data["items"][0]["options"][3]["value"] = 1
    assert "$.items[0].options[3].value: 1 is already an answer to this question" in problems(data)


def test_wording_must_match_the_licence():
    withheld = made_up_data()
    withheld["licence"]["wording_included"] = False
    assert problems(withheld)[0] == (
        "$.items[0].text: must be left out: licence.wording_included is false, so this file "
        "may not carry the question wording"
    )
    included = made_up_data()
    del included["items"][1]["text"]
    del included["items"][2]["options"][0]["label"]
    assert problems(included) == [
        "$.items[1].text: is required: licence.wording_included is true",
        "$.items[2].options[0].label: is required: licence.wording_included is true",
    ]


def test_a_per_question_score_takes_one_question():
    data = made_up_data()
    data["scores"][2]["items"] = ["c", "d"]
    assert problems(data) == [
        "$.scores[2].method: a per-question score (item) takes exactly one question"
    ]


def test_max_missing_only_for_prorating():
    data = shipped_data("ucla3")
    data["missing"]["max_missing"] = 1
    assert problems(data) == ["$.missing.max_missing: only applies to the prorate rule"]


# Numbers: rules, ranges, lookup tables and bands ----------------------------------------------


def test_stated_range_must_be_the_range_the_questions_give():
    data = shipped_data("ucla3")
    data["scores"][0]["range"] = {"min": 0, "max": 9}
    assert problems(data) == [
        "$.scores[0].range: says 0 to 9, but the questions and rules give 3 to 9"
    ]


def test_mean_needs_a_rounding_rule():
    data = made_up_data()
    del data["scores"][1]["rounding"]
    assert problems(data) == [
        "$.scores[1].rounding: is required: a mean or a prorated total can fall between whole "
        "numbers, so say how it is rounded"
    ]


def test_score_answered_means_per_question_scores_only():
    data = shipped_data("ucla3")
    data["missing"] = {"rule": "score_answered"}
    assert problems(data) == [
        '$.scores[0].method: must be "item" under the score_answered rule (each answered '
        "question is scored on its own)"
    ]


def test_prorating_may_not_leave_nothing_to_score():
    data = made_up_data()
    data["missing"]["max_missing"] = 2
    assert problems(data) == [
        "$.missing.max_missing: 2 would let score 'first_two' (2 questions) be worked out from "
        "no answers at all"
    ]


def test_lookup_table_must_cover_every_raw_score_once():
    data = made_up_data()
    table = data["scores"][3]["lookup"]["table"]
    del table[4]  # raw 7
    table.append({"raw": 13, "value": 100})
    table.append({"raw": 3, "value": 1})
    assert problems(data) == [
        "$.scores[3].lookup.table[9].raw: 13 is outside the raw score's range (3 to 12)",
        "$.scores[3].lookup.table[10].raw: 3 has a row already",
        "$.scores[3].lookup.table: has no row for raw score 7",
    ]


def test_lookup_needs_a_whole_number_raw_score():
    data = made_up_data()
    data["scores"][3]["rounding"]["decimals"] = 1
    assert problems(data) == [
        "$.scores[3].lookup: needs a whole-number raw score: a sum or one question, rounded to "
        "0 decimals when it is prorated"
    ]


def test_overlapping_bands():
    data = shipped_data("ons4")
    data["scores"][3]["bands"][1]["lower"]["value"] = 1  # low now starts at 1, inside very low
    assert problems(data) == [
        "$.scores[3].bands[1].lower: overlaps the band before it ('very_low')"
    ]


def test_bands_that_leave_a_score_out():
    data = shipped_data("ons4")
    data["scores"][0]["bands"][0]["upper"]["inclusive"] = False  # low is now 0 up to, not with, 4
    assert problems(data) == ["$.scores[0].bands: leave out possible score 4"]
    data = made_up_data()
    data["scores"][1]["bands"][1]["lower"]["inclusive"] = False  # 2.5 itself in neither band
    assert problems(data) == ["$.scores[1].bands: leave out possible score 2.5"]


def test_bands_outside_the_range_out_of_order_or_empty():
    data = shipped_data("ons4")
    bands = data["scores"][1]["bands"]
    bands[3]["upper"]["value"] = 11
    bands[1], bands[2] = bands[2], bands[1]
    data["scores"][2]["bands"][1]["upper"] = {"value": 5, "inclusive": False}
    data["scores"][2]["bands"][1]["lower"] = {"value": 5, "inclusive": True}
    assert problems(data) == [
        "$.scores[1].bands[2]: bands must be listed from lowest to highest",
        "$.scores[1].bands[3]: goes outside the score's range (0 to 10)",
        "$.scores[2].bands[1]: is empty: from 5 (inclusive) to 5 (exclusive)",
    ]


def test_checked_raises_with_every_problem():
    data = made_up_data()
    data["items"][0]["options"][0]["value"] = "x"
    data["version"] = 2
    with pytest.raises(InvalidDefinition) as caught:
        checked(data)
    assert [str(p) for p in caught.value.problems] == [
        "$.items[0].options[0].value: must be a whole number",
        "$.version: must be text",
    ]

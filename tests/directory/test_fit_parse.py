"""Reading access features, audiences and ages from a directory's own words (issue 17)."""

from __future__ import annotations

import pytest

from connecting_people.directory import fit_parse
from connecting_people.directory.fit import ACCESS_BITS, AUDIENCE_BITS
from connecting_people.directory.fit_parse import (
    Ages,
    access_features,
    ages,
    audience,
    parse_service,
)

ACCESS_CASES = [
    # Step-free: said plainly
    ("Fully step-free throughout.", {"step_free"}),
    ("Level access from the car park", {"step_free"}),
    ("The hall is wheelchair accessible.", {"step_free"}),
    ("Step free entrance at the front", {"step_free"}),
    ("Wheelchair access via the side door", {"step_free"}),
    ("No steps at the entrance.", {"step_free"}),
    ("Ramped entrance and a lift to the first floor.", {"step_free", "lift"}),
    ("A step-free entrance at the back", {"step_free"}),
    # Step-free: not said, or taken back
    ("Two steps at the door; a portable ramp on request", set()),
    ("No step-free access", set()),
    ("Not step-free: three steps up to the door", set()),
    ("Mostly step-free, with a short flight of stairs to the café", set()),
    ("There are 4 steps into the building", set()),
    ("Upstairs room, reached by stairs only", set()),
    ("A ramp is available on request", set()),
    ("Step-free access is not available at present", set()),
    ("Partly step-free", set()),
    ("Unfortunately the building is not wheelchair accessible", set()),
    ("Wheelchair accessible, but there are two steps at the door", set()),
    ("One small step at the entrance.", set()),
    ("Step-free entrance at the rear. Two steps at the front door.", {"step_free"}),
    # Hearing loop
    ("Hearing loop in the main hall", {"hearing_loop"}),
    ("An induction loop is fitted at reception", {"hearing_loop"}),
    ("Portable loop system available", {"hearing_loop"}),
    ("No hearing loop.", set()),
    ("The hearing loop is out of order", set()),
    # BSL
    ("BSL interpreter at every session", {"bsl"}),
    ("British Sign Language interpreters can join", {"bsl"}),
    ("Sorry, no BSL interpreter", set()),
    # Toilets
    ("Accessible toilet on the ground floor", {"accessible_toilet"}),
    ("Disabled toilet available", {"accessible_toilet"}),
    ("A Changing Places toilet in the foyer", {"accessible_toilet"}),
    ("Wheelchair accessible toilet", {"accessible_toilet"}),
    ("No accessible toilet on site", set()),
    ("Toilets upstairs", set()),
    # Quiet space
    ("A quiet room if you need a break", {"quiet_space"}),
    ("Calm space away from the main hall", {"quiet_space"}),
    ("Sensory room on site", {"quiet_space"}),
    ("No quiet space, the hall can be noisy", set()),
    # Lift
    ("Lift to all floors", {"lift"}),
    ("There is no lift", set()),
    ("The lift is out of order until March", set()),
    # The rest
    ("Large print song sheets", {"large_print"}),
    ("Easy read leaflets at the door", {"easy_read"}),
    ("Plenty of seating throughout", {"seating"}),
    ("Benches along the route", {"seating"}),
    ("Limited seating", set()),
    ("Blue Badge parking outside", {"blue_badge_parking"}),
    ("Two disabled parking bays", {"blue_badge_parking"}),
    ("No dogs except assistance dogs", {"assistance_dogs"}),
    ("Guide dogs welcome", {"assistance_dogs"}),
    # Nothing about access that counts
    ("Friendly volunteers will help you", set()),
    ("", set()),
    # Several at once
    (
        "Step-free access throughout, accessible toilet, hearing loop in the hall, a quiet room.",
        {"step_free", "accessible_toilet", "hearing_loop", "quiet_space"},
    ),
    (
        "Level access. No hearing loop. Accessible toilet.",
        {"step_free", "accessible_toilet"},
    ),
]


@pytest.mark.parametrize(("text", "expected"), ACCESS_CASES)
def test_access_features_are_read_only_when_clearly_said(text: str, expected: set[str]) -> None:
    assert access_features(text) == frozenset(expected)


def test_every_parsed_access_feature_is_in_the_vocabulary() -> None:
    found = set().union(*(access_features(text) for text, _ in ACCESS_CASES))
    assert found <= set(ACCESS_BITS)
    assert found == set(ACCESS_BITS)  # every feature has at least one phrasing tested


def test_access_reads_description_and_details_together() -> None:
    assert access_features("Step-free entrance", "Hearing loop") == {"step_free", "hearing_loop"}
    assert access_features("Wheelchair accessible", "Two steps at the door") == frozenset()


AUDIENCE_CASES = [
    # (eligibility, name, description, expected)
    ("For carers looking after someone at home", "", "", {"carers"}),
    ("Unpaid carers of any age", "", "", {"carers"}),
    ("", "Carers' Café", "", {"carers"}),
    ("Anyone who has been bereaved", "", "", {"bereaved"}),
    ("", "Bereavement café", "A gentle space to talk", {"bereaved"}),
    ("For people who have lost a loved one", "", "", {"bereaved"}),
    ("Women only", "", "", {"women"}),
    ("For women aged 18 and over", "", "", {"women"}),
    ("", "Women's walking group", "", {"women"}),
    ("Men and women welcome", "", "", set()),
    ("", "Men's Shed", "Woodwork and a cuppa", set()),
    ("Open to all", "Men's Shed", "", set()),
    ("Men only", "Men's Shed", "", {"men"}),
    ("For men who want to talk", "", "", {"men"}),
    ("For members of the club", "", "", {"members"}),
    ("Members only", "", "", {"members"}),
    ("New members welcome", "", "", set()),
    ("For people living with dementia and their carers", "", "", {"condition", "carers"}),
    ("For people who have had a stroke", "", "", {"condition"}),
    ("Stroke survivors", "", "", {"condition"}),
    ("", "Parkinson's support group", "", {"condition"}),
    ("Dementia-friendly: everyone welcome", "", "", set()),
    ("Parents and carers of under-5s", "", "", {"parents"}),
    ("Under-5s with their grown-up", "Rhyme time", "", {"parents"}),
    ("", "Parent and toddler group", "", {"parents"}),
    ("Families with children under 11.", "Family learning", "", {"parents"}),
    ("For parents of teenagers", "", "", {"parents"}),
    ("LGBTQ+ people aged 16 to 25", "", "", {"lgbtq"}),
    ("Veterans and their families", "", "", {"veterans"}),
    ("Ex-forces", "", "", {"veterans"}),
    ("Anyone over 18", "", "", set()),
    ("", "Community garden", "Carers welcome too", set()),
    ("", "Tuesday walk", "We walk at a gentle pace; you needn't be fit", set()),
    ("You do not need to be a carer", "", "", set()),
    ("Women.", "Sewing group", "", {"women"}),
    ("Women and girls.", "", "", {"women"}),
    ("Men.", "Breakfast club", "", {"men"}),
    ("Especially for people living with memory loss, and their carers.", "", "", set()),
    ("Mostly older people; everyone welcome.", "", "", set()),
    ("Children 5 to 11 with a grown-up; adults who love Lego welcome too.", "", "", set()),
    ("Open to all carers", "", "", {"carers"}),
]


@pytest.mark.parametrize(("eligibility", "name", "description", "expected"), AUDIENCE_CASES)
def test_audience_is_read_only_from_clear_words(
    eligibility: str, name: str, description: str, expected: set[str]
) -> None:
    assert audience(eligibility, name, description) == frozenset(expected)


def test_every_parsed_audience_is_in_the_vocabulary() -> None:
    found = set().union(*(audience(e, n, d) for e, n, d, _ in AUDIENCE_CASES))
    assert found == set(AUDIENCE_BITS)


AGE_CASES = [
    ("Rhyme time for under-5s", Ages(None, 4)),
    ("Under 5s and their parents", Ages(None, 4)),
    ("For under fives", Ages(None, 4)),
    ("Young people aged 11\u201318", Ages(11, 18)),  # an en dash
    ("Ages 11-18", Ages(11, 18)),
    ("For 16 to 25 year olds", Ages(16, 25)),
    ("16 to 25", Ages(16, 25)),
    ("Youth club for 11-18s", Ages(11, 18)),
    ("Children between 5 and 11", Ages(5, 11)),
    ("Over 50s", Ages(50, None)),
    ("For the over-60s", Ages(60, None)),
    ("Over sixties", Ages(60, None)),
    ("Anyone aged 65 or over", Ages(65, None)),
    ("50 and over", Ages(50, None)),
    ("18+", Ages(18, None)),
    ("Adults only", Ages(18, None)),
    ("Adults", Ages(18, None)),
    ("Young people", Ages()),
    ("Adults and children welcome", Ages()),
    ("All ages", Ages()),
    ("Open to everyone", Ages()),
    ("Sessions 10 to 12 each Tuesday", Ages()),
    ("Meets 2-4pm", Ages()),
    ("Groups of 6 to 8 people", Ages()),
    ("", Ages()),
    ("Under 18s must come with an adult", Ages(None, 17)),
    ("Mostly over-50s; anyone who would like a slower game.", Ages()),
    ("Children 5 to 11 with a grown-up; adults who love Lego welcome too.", Ages()),
    ("Over 50s; all welcome", Ages()),
    ("Carers aged 16 to 25.", Ages(16, 25)),
]


@pytest.mark.parametrize(("text", "expected"), AGE_CASES)
def test_ages_are_read_only_from_confident_patterns(text: str, expected: Ages) -> None:
    assert ages(text) == expected


def test_empty_ages_are_false_and_found_ones_true() -> None:
    assert not Ages()
    assert Ages(None, 4)
    assert Ages(18, None)


def test_a_service_is_parsed_whole() -> None:
    parsed = parse_service(
        "Parents and carers of under-5s",
        "Rhyme time",
        "Songs and stories",
        ("Level access", "Baby changing"),
    )
    assert parsed.access == {"step_free"}
    assert parsed.audience == {"parents"}
    assert parsed.ages == Ages(None, 4)


CONDITIONS_SAID = [
    "dementia", "Alzheimer's", "alzheimers", "a stroke", "Parkinson's", "MS", "cancer",
    "diabetes", "COPD", "long Covid", "sight loss", "hearing loss", "learning disabilities",
    "a learning disability", "autism", "Autistic", "arthritis", "heart failure",
    "a heart condition", "chronic pain", "fibromyalgia", "mental health problems",
    "mental health conditions", "a brain injury", "epilepsy", "motor neurone disease", "MND",
    "aphasia", "a lung condition",
]  # fmt: skip


@pytest.mark.parametrize("condition", CONDITIONS_SAID)
@pytest.mark.parametrize(
    "words",
    ["For people living with {}.", "ADULTS WHO HAVE {}", "{} support group", "{} survivors"],
)
def test_every_condition_is_read_though_sentences_are_first_tried_by_their_words(words, condition):
    # The quick test for words a condition must contain passes over none that says one.
    sentence = words.format(condition)
    assert fit_parse._may_say(sentence, fit_parse.ANY_NAME)
    assert fit_parse.CONDITION.search(sentence)
    assert "condition" in audience(sentence)


def test_a_sentence_saying_no_audience_is_passed_over_and_the_rest_still_read():
    assert not fit_parse._may_say("Beginners are very welcome.", fit_parse.ANY_NAME)
    assert audience("", "Carers' café", "Tea and cake. Beginners are welcome.") == {"carers"}
    assert audience("Only for women. Beginners are welcome.") == {"women"}


NAMES_SAID = [
    ("Women's walking group", "women"),
    ("LADIES ONLY swim", "women"),
    ("Men-only breakfast", "men"),
    ("Carers' café", "carers"),
    ("A morning for unpaid carers", "carers"),
    ("Bereavement café", "bereaved"),
    ("For the bereaved", "bereaved"),
    ("Parent and toddler group", "parents"),
    ("Mums & tots", "parents"),
    ("Dads n' babies", "parents"),
    ("Mothers and bumps", "parents"),
    ("Baby & toddler singing", "parents"),
    ("LGBTQ+ book club", "lgbtq"),
    ("Veterans' breakfast club", "veterans"),
    ("Ex-forces walking group", "veterans"),
    ("Stroke survivors group", "condition"),
    ("Members only", "members"),
    ("Membership is required", "members"),
]


@pytest.mark.parametrize(("name", "slug"), NAMES_SAID)
def test_a_name_saying_who_it_is_for_is_read_though_tried_by_its_words_first(name, slug):
    assert set(fit_parse.NAME_WORDS) == {s for s, _pattern in fit_parse.NAME_PATTERNS}
    assert slug in audience("", name, "")
    assert slug in audience("", name.upper(), "")
    assert slug in audience("", f"{name} \u2713", "")  # not ASCII: read the long way

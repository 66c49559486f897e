"""Specificity: a match to a narrow kind of activity (or a rare word) counts for more than a
match to a broad one."""

from __future__ import annotations

import math

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from connecting_people.suggestions.profile import InterestSignal, Profile
from connecting_people.suggestions.ranking import rank, signals
from connecting_people.suggestions.ranking.candidates import categories_for
from connecting_people.suggestions.weights import (
    SPECIFIC_SHARE,
    SPECIFICITY_FLOOR,
    SPECIFICITY_FROM,
    WEIGHTS,
)
from tests.suggestions.test_ranking import LEEDS, TODAY, cand, make_service

CHAT = InterestSignal(frozenset({"social-groups"}), "a cup of tea and a chat", "would_like_to_try")
GROWING = InterestSignal(frozenset({"nature-and-gardening"}), "growing vegetables", "used_to")


def test_specificity_from_how_many_services_a_category_is_given_to():
    assert signals.specificity(10, 1000) == 1.0  # 1%: narrow
    assert signals.specificity(int(1000 * SPECIFIC_SHARE), 1000) == pytest.approx(1.0)
    assert signals.specificity(1000, 1000) == SPECIFICITY_FLOOR  # everything has it
    half = signals.specificity(500, 1000)
    expected = SPECIFICITY_FLOOR + (1 - SPECIFICITY_FLOOR) * math.log(2) / math.log(10)
    assert half == pytest.approx(expected)
    assert SPECIFICITY_FLOOR < half < 1.0


def test_specificity_not_known_or_too_few_to_judge_counts_fully():
    assert signals.specificity(None, 1000) == 1.0
    assert signals.specificity(0, 1000) == 1.0
    assert signals.specificity(5, None) == 1.0
    assert signals.specificity(SPECIFICITY_FROM - 1, SPECIFICITY_FROM - 1) == 1.0


def test_a_specific_match_beats_a_broad_one_even_when_the_broad_is_new():
    profile = Profile(interests=(CHAT, GROWING))
    ctx = signals.context_for(profile, specificity={"social-groups": 0.4})
    social = cand(category_slugs=frozenset({"social-groups"}))
    garden = cand(category_slugs=frozenset({"nature-and-gardening"}))
    broad, reason = signals.interest(profile, social, ctx)
    narrow, _ = signals.interest(profile, garden, ctx)
    assert broad == pytest.approx(WEIGHTS["interest_would_like_to_try"] * 0.4)
    assert reason == "Social groups, which you'd like to try"
    assert narrow == WEIGHTS["interest_used_to"] > broad


def test_the_best_interest_is_chosen_by_its_worth_and_the_others_add_by_theirs():
    profile = Profile(interests=(CHAT, GROWING))
    ctx = signals.context_for(profile, specificity={"social-groups": 0.4})
    both = cand(
        name="Vegetable growing club",
        category_slugs=frozenset({"social-groups", "nature-and-gardening"}),
    )
    score, reason = signals.interest(profile, both, ctx)
    words = min(2 * WEIGHTS["text_per_word"], WEIGHTS["text_most"])  # grow, vegetables
    assert score == pytest.approx(
        WEIGHTS["interest_used_to"] + WEIGHTS["interest_extra"] * 0.4 + words
    )
    assert reason.startswith("You used to enjoy growing vegetables")
    assert signals.text(profile, both, ctx) == (0.0, None)  # counted and said once, above


def test_a_rare_word_of_theirs_counts_for_more_than_a_common_one():
    profile = Profile(what_matters="Meeting other LGBTQ+ people and friends")
    common = [cand(name=f"Friends club {n}") for n in range(30)]
    rare = cand(name="LGBTQ+ friends evening")
    ctx = signals.with_word_specificity(signals.context_for(profile), [*common, rare])
    assert ctx.word_specificity["lgbtq"] == 1.0
    assert ctx.word_specificity["friend"] < ctx.word_specificity["lgbtq"]
    both, reason = signals.text(profile, rare, ctx)
    one, _ = signals.text(profile, common[0], ctx)
    assert both > one > 0
    assert reason == "Mentions things you talked about: lgbtq, friends"  # most telling first
    assert signals.with_word_specificity(ctx, []) is ctx


@pytest.mark.django_db
def test_categories_for_counts_services_and_places_in_one_query():
    for n in range(20):
        make_service(f"Social {n}", categories=("social-groups",), point=LEEDS)
    for n in range(2):
        make_service(f"Garden {n}", categories=("nature-and-gardening",), point=(53.9, -1.5))
    with CaptureQueriesContext(connection) as queries:
        found = categories_for(["social-groups", "nature-and-gardening"], near=(LEEDS, 10))
    assert len(queries) == 1
    assert found.slug_by_name["Social groups and clubs"] == "social-groups"
    assert set(found.specificity) == {"social-groups", "nature-and-gardening"}
    assert found.specificity["nature-and-gardening"] == 1.0  # 2 of 22
    assert found.specificity["social-groups"] == signals.specificity(20, 22)
    assert [km for km, _places in found.nearby] == [5, 2.5, 1.25]
    assert all(places == 20 for _km, places in found.nearby)  # the gardens are 11 km away
    nothing = categories_for([])
    assert nothing.specificity == {}
    assert nothing.nearby == ()


@pytest.mark.django_db
def test_in_a_directory_where_chat_is_everywhere_the_garden_comes_first():
    for n in range(24):
        make_service(f"Chat {n}", categories=("social-groups",), point=LEEDS)
    make_service("Garden", categories=("nature-and-gardening",), point=LEEDS)
    ranked = rank(Profile(interests=(CHAT, GROWING)), team_id=None, today=TODAY, limit=3)
    assert ranked[0].name == "Garden"

"""Variety: the top of the list shares out their interests, and the penalty is said and summed."""

from __future__ import annotations

import pytest

from connecting_people.suggestions.profile import InterestSignal, Profile
from connecting_people.suggestions.ranking import rank, ranked_for, signals, variety_keys
from connecting_people.suggestions.ranking.constraints import limits_for
from connecting_people.suggestions.ranking.diversity import rerank
from connecting_people.suggestions.weights import VARIETY_MOST, WEIGHTS
from tests.suggestions.test_ranking import TODAY, cand, make_service

SINGING = InterestSignal(frozenset({"music"}), "singing", "would_like_to_try")
GARDENING = InterestSignal(frozenset({"nature-and-gardening"}), "gardening", "used_to")


def take(items: dict[str, tuple[float, frozenset]], *, weight=-1.0, most=9, limit=10):
    """Names and penalties, best first, for {name: (score, keys)}."""
    chosen = rerank(
        list(items.items()),
        score=lambda item: item[1][0],
        keys=lambda item: item[1][1],
        tie=lambda item: (item[0],),
        weight=weight,
        most=most,
        limit=limit,
    )
    return [(name, penalty) for (name, _value), penalty in chosen]


def test_each_further_pick_of_the_same_interest_pays_a_little_more():
    a = frozenset({"a"})
    picked = take({"a1": (10, a), "a2": (9.5, a), "a3": (9.4, a), "b1": (9.0, frozenset({"b"}))})
    assert picked == [("a1", 0.0), ("b1", 0.0), ("a2", -1.0), ("a3", -2.0)]


def test_the_penalty_stops_growing_at_most():
    a = frozenset({"a"})
    picked = take({f"a{n}": (10 - n / 10, a) for n in range(5)}, most=2)
    assert [penalty for _name, penalty in picked] == [0.0, -1.0, -2.0, -2.0, -2.0]


def test_something_meeting_a_new_interest_is_not_penalised_for_an_old_one():
    a, both = frozenset({"a"}), frozenset({"a", "b"})
    picked = take({"a1": (10, a), "both": (9.0, both), "a2": (8.9, a)})
    assert picked == [("a1", 0.0), ("both", 0.0), ("a2", -2.0)]  # "a" met twice above it


def test_no_keys_and_no_weight_mean_no_penalty_and_order_is_kept():
    items = {"x": (3.0, frozenset()), "y": (2.0, frozenset()), "z": (2.0, frozenset())}
    assert take(items) == [("x", 0.0), ("y", 0.0), ("z", 0.0)]  # ties by the tie key
    a = frozenset({"a"})
    assert take({"p": (2.0, a), "q": (1.0, a)}, weight=0.0) == [("p", 0.0), ("q", 0.0)]
    assert take({}, limit=3) == []
    assert take({"p": (2.0, a)}, limit=0) == []


def test_the_list_stays_in_score_order_after_penalties():
    a, b = frozenset({"a"}), frozenset({"b"})
    items = {f"a{n}": (10 - n * 0.3, a) for n in range(6)} | {
        f"b{n}": (9 - n * 0.3, b) for n in range(6)
    }
    picked = take(items, weight=-0.6, most=2, limit=12)
    final = [items[name][0] + penalty for name, penalty in picked]
    assert final == sorted(final, reverse=True)
    assert {name[0] for name, _penalty in picked[:4]} == {"a", "b"}


def test_keys_are_met_interests_with_two_or_more_and_kinds_with_none():
    two = Profile(interests=(SINGING, GARDENING))
    choir = cand(category_slugs=frozenset({"music", "social-groups"}))
    worded = cand(name="Allotment and gardening chat")  # by their words, not filed
    ctx = signals.context_for(two)
    assert variety_keys(two, choir, ctx) == {0}
    assert variety_keys(two, worded, ctx) == {1}
    one = Profile(interests=(SINGING,))
    assert variety_keys(one, choir, signals.context_for(one)) == frozenset()
    assert variety_keys(Profile(), choir, signals.context_for(Profile())) == {
        "music",
        "social-groups",
    }


@pytest.mark.django_db
def test_the_top_meets_both_interests_and_variety_is_a_contribution():
    """Five choirs score higher than any garden; the second interest still comes up near the
    top, the penalty is its own contribution, and contributions still add up."""
    for n in range(5):
        make_service(f"Choir {n}", categories=("music",), is_free=True)
    make_service("Garden", categories=("nature-and-gardening",))
    profile = Profile(interests=(SINGING, GARDENING))
    ranked = rank(profile, team_id=None, today=TODAY, limit=6)
    names = [r.name for r in ranked]
    assert names.index("Garden") < 3
    penalised = [r for r in ranked if "variety" in r.contributions]
    assert penalised
    assert all(r.contributions["variety"] < 0 for r in penalised)
    most = WEIGHTS["variety"] * VARIETY_MOST
    assert min(r.contributions["variety"] for r in penalised) >= most
    for r in ranked:
        assert r.score == pytest.approx(sum(r.contributions.values()))
    scores = [r.score for r in ranked]
    assert scores == sorted(scores, reverse=True)


def test_without_variety_the_same_candidates_keep_their_plain_order(monkeypatch):
    monkeypatch.setattr("connecting_people.suggestions.ranking.VARIETY_KIND_MOST", 9)
    profile = Profile(interests=(SINGING, GARDENING))
    candidates = [
        cand(name=f"Choir {n}", category_slugs=frozenset({"music"}), is_free=True) for n in range(3)
    ] + [cand(name="Garden", category_slugs=frozenset({"nature-and-gardening"}))]
    limits = limits_for(profile, free_only=False, near_km=None)
    weight = WEIGHTS["variety"]
    try:
        WEIGHTS["variety"] = 0.0
        plain = ranked_for(profile, candidates, limits=limits, limit=4, today=TODAY)
    finally:
        WEIGHTS["variety"] = weight
    shared = ranked_for(profile, candidates, limits=limits, limit=4, today=TODAY)
    assert [r.name for r in plain][-1] == "Garden"
    assert [r.name for r in shared].index("Garden") < 3

"""Variety and fit (issue 17, part 4): kinds shared out at the top, the popularity damper, gaps
as a tie-breaker, and "nothing found for …" with the nearest alternative."""

from __future__ import annotations

import random
from collections import Counter

import pytest

from connecting_people.suggestions.profile import (
    GAP_NO_COMPANY,
    GAP_NO_OUTSIDE_SERVICES,
    InterestSignal,
    Profile,
)
from connecting_people.suggestions.ranking import (
    asked_kinds,
    rank_with_gaps,
    ranked_for,
    signals,
)
from connecting_people.suggestions.ranking.constraints import limits_for
from connecting_people.suggestions.ranking.diversity import cap_kinds
from connecting_people.suggestions.ranking.missing import Missing
from connecting_people.suggestions.ranking.popularity import broad_share, shares
from connecting_people.suggestions.weights import VARIETY_KIND_MOST, VARIETY_TOP, WEIGHTS
from tests.suggestions.test_ranking import LEEDS, TODAY, cand, make_service

KINDS = (
    "arts-and-crafts", "music", "sport-and-movement", "nature-and-gardening", "learning",
    "food-and-cooking", "animals", "reading-and-writing", "film-and-performance",
    "heritage-and-local-history",
)  # fmt: skip


def wants(kind: str, words: str = "", when: str = "would_like_to_try") -> InterestSignal:
    return InterestSignal(frozenset({kind}), words, when)


def ranked(profile: Profile, candidates, *, limit=10, free_only=False):
    limits = limits_for(profile, free_only=free_only, near_km=None)
    return ranked_for(profile, candidates, limits=limits, limit=limit, today=TODAY)


# Kinds at the top ---------------------------------------------------------------------------


def cap(items, *, asked, top, most, kinds=lambda s: frozenset(s[:-1]), fits=lambda s: True):
    """Items named by their kinds ("a1": of kind "a"; "ab1": of "a" and "b")."""
    return cap_kinds(items, kinds=kinds, fits=fits, asked=asked, top=top, most=most)


def test_cap_kinds_holds_a_third_of_a_kind_below_the_top():
    items = ["a1", "a2", "a3", "b1", "a4", "c1", "b2"]
    capped = cap(items, asked={}, top=5, most=2)
    assert capped[:5] == ["a1", "a2", "b1", "c1", "b2"]
    assert capped[5:] == ["a3", "a4"]  # waiting, in their order


def test_an_item_of_two_kinds_takes_the_place_of_the_one_with_room():
    items = ["a1", "a2", "ab1", "a3", "b1", "b2"]
    capped = cap(items, asked={}, top=5, most=2)
    assert capped[:5] == ["a1", "a2", "ab1", "b1", "a3"]  # ab1 counted as "b"; b2 would be a third


def test_cap_kinds_never_brings_up_what_does_not_fit():
    items = ["a1", "a2", "a3", "x1", "b1"]
    capped = cap(items, asked={}, top=4, most=2, fits=lambda s: s[0] != "x")
    assert capped == ["a1", "a2", "a3", "x1", "b1"]


def test_cap_kinds_keeps_an_asked_kind_and_items_without_a_kind():
    items = ["a1", "a2", "a3", "b1"]
    asked = cap(items, asked={"a": 2}, top=4, most=2)  # two of their interests are of "a"
    assert asked == items
    kindless = cap(items, asked={}, top=3, most=1, kinds=lambda s: frozenset())
    assert kindless == items


def test_cap_kinds_fills_the_top_as_before_when_there_is_nothing_else():
    items = ["a1", "a2", "a3", "a4"]
    capped = cap(items, asked={}, top=3, most=2)
    assert sorted(capped) == items
    assert capped[:2] == ["a1", "a2"]


def test_no_more_than_two_of_one_kind_in_the_top_five():
    """Cooking scores higher than anything (free, as they asked), yet the top five share out
    their three interests."""
    profile = Profile(
        interests=(wants("food-and-cooking"), wants("music"), wants("animals", when="do_now"))
    )
    candidates = [
        cand(name=f"Cooking {n}", category_slugs=frozenset({"food-and-cooking"}), is_free=True)
        for n in range(5)
    ] + [cand(name=f"Choir {n}", category_slugs=frozenset({"music"})) for n in range(2)]
    candidates += [cand(name="Dog walk", category_slugs=frozenset({"animals"}))]
    top = [r.name for r in ranked(profile, candidates)][:VARIETY_TOP]
    kinds = Counter(name.split()[0] for name in top)
    assert max(kinds.values()) <= VARIETY_KIND_MOST
    assert "Dog walk" in top


def test_one_interest_is_a_kind_asked_for():
    profile = Profile(interests=(wants("food-and-cooking"),))
    assert asked_kinds(profile) == {"food-and-cooking": VARIETY_TOP}
    candidates = [
        cand(name=f"Cooking {n}", category_slugs=frozenset({"food-and-cooking"}), is_free=True)
        for n in range(5)
    ] + [cand(name="Choir", category_slugs=frozenset({"music"}))]
    top = [r.name for r in ranked(profile, candidates)][:VARIETY_TOP]
    assert top == [f"Cooking {n}" for n in range(5)]
    two = Profile(interests=(wants("music"), wants("music"), wants("animals")))
    assert asked_kinds(two) == {"music": 2, "animals": 1}


# The popularity damper ----------------------------------------------------------------------


def test_broad_share_grows_with_the_kinds_listed():
    assert broad_share(cand(category_slugs=frozenset(KINDS[:2]))) == 0.0
    assert broad_share(cand(category_slugs=frozenset(KINDS[:4]))) == pytest.approx(0.5)
    assert broad_share(cand(category_slugs=frozenset(KINDS))) == pytest.approx(0.8)


def test_the_only_fit_is_never_damped():
    profile = Profile(interests=(wants("animals"), wants("music")))
    broad = cand(name="Everything centre", category_slugs=frozenset(KINDS))
    choirs = [cand(name=f"Choir {n}", category_slugs=frozenset({"music"})) for n in range(3)]
    found = shares(profile, [broad, *choirs], signals.context_for(profile))
    assert found == [0.0, 0.0, 0.0, 0.0]  # the only one for animals
    both = Profile(interests=(wants("music"),))
    found = shares(both, [broad, *choirs], signals.context_for(both))
    assert found[0] == pytest.approx(0.8)
    result = ranked(profile, [broad, *choirs])
    assert "damper" not in next(r for r in result if r.name == "Everything centre").contributions


def test_a_specific_fit_outranks_a_generic_one():
    """Budget cooking, for someone who wants to learn to cook, above a community centre that
    lists cooking among everything else (and is free and nearer)."""
    profile = Profile(
        interests=(wants("food-and-cooking", "learning to cook"), wants("music", when="do_now"))
    )
    centre = cand(
        name="Community centre",
        category_slugs=frozenset({"food-and-cooking", "music", "learning", "arts-and-crafts",
                                  "sport-and-movement"}),
        is_free=True, distance_km=0.3,
    )  # fmt: skip
    cooking = cand(
        name="Budget cooking",
        category_slugs=frozenset({"food-and-cooking"}),
        lowest_cost=2.0,
        distance_km=2.0,
    )
    extra = [cand(name=f"Choir {n}", category_slugs=frozenset({"music"})) for n in range(2)]
    result = ranked(profile, [centre, cooking, *extra])
    names = [r.name for r in result]
    assert names.index("Budget cooking") < names.index("Community centre")
    damped = result[names.index("Community centre")]
    assert damped.contributions["damper"] < 0
    assert damped.score == pytest.approx(sum(damped.contributions.values()))


def generated_lists(*, people: int = 20) -> list[list[str]]:
    """A generated directory: six services of each of ten kinds, and one free service listed
    under all ten (the health walk), otherwise like the others; the top tens of `people`
    people with two interests each and gaps in their networks."""
    rng = random.Random(17)
    directory = [
        cand(
            name=f"{kind} {n}",
            category_slugs=frozenset({kind}),
            is_free=rng.random() < 0.5,
            lowest_cost=rng.choice([2.0, 4.0, 8.0]),
            distance_km=rng.uniform(0.5, 5.0),
        )
        for kind in KINDS
        for n in range(6)
    ]
    broad = cand(
        name="Health walk",
        description="A friendly walk for everyone",
        category_slugs=frozenset(KINDS),
        is_free=True,
        distance_km=rng.uniform(0.5, 5.0),
    )
    lists = []
    for _person in range(people):
        two = rng.sample(KINDS, 2)
        profile = Profile(
            interests=(wants(two[0]), wants(two[1], when="do_now")),
            network_gaps=frozenset({GAP_NO_COMPANY, GAP_NO_OUTSIDE_SERVICES}),
        )
        lists.append([r.name for r in ranked(profile, [broad, *directory], limit=10)])
    return lists


def largest_share(lists: list[list[str]]) -> tuple[str, float]:
    shown = Counter(name for names in lists for name in names)
    name, count = shown.most_common(1)[0]
    return name, count / len(lists)


def test_no_service_in_more_than_30_percent_of_lists(monkeypatch):
    """Without the damper the broad one is in nearly every top ten; with it, in no more than
    30% of top tens, and no service is in more than 30% of top fives."""
    monkeypatch.setitem(WEIGHTS, "broad", 0.0)
    assert share_of("Health walk", generated_lists()) > 0.3
    monkeypatch.undo()
    lists = generated_lists()
    assert share_of("Health walk", lists) <= 0.3
    _name, share = largest_share([names[:5] for names in lists])
    assert share <= 0.3


def share_of(name: str, lists: list[list[str]]) -> float:
    return sum(name in names for names in lists) / len(lists)


# Gaps as a tie-breaker ----------------------------------------------------------------------


def test_gaps_break_ties_for_someone_with_interests():
    """A social group fills a gap in their network, but the garden they'd like to try leads."""
    gaps = frozenset({GAP_NO_COMPANY, GAP_NO_OUTSIDE_SERVICES})
    profile = Profile(interests=(wants("nature-and-gardening", when="do_now"),), network_gaps=gaps)
    garden = cand(name="Garden", category_slugs=frozenset({"nature-and-gardening"}))
    social = cand(name="Coffee morning", category_slugs=frozenset({"social-groups"}), is_free=True)
    assert ranked(profile, [social, garden])[0].name == "Garden"
    twin = cand(name="A garden club", category_slugs=frozenset({"nature-and-gardening"}))
    both = cand(
        name="Z garden group", category_slugs=frozenset({"nature-and-gardening", "social-groups"})
    )
    assert ranked(profile, [twin, both])[0].name == "Z garden group"  # the tie


def test_gaps_may_lead_with_no_interests():
    gaps = frozenset({GAP_NO_COMPANY})
    profile = Profile(network_gaps=gaps)
    social = cand(name="Coffee morning", category_slugs=frozenset({"social-groups"}))
    other = cand(name="A library", category_slugs=frozenset({"reading-and-writing"}))
    result = ranked(profile, [other, social])
    assert result[0].name == "Coffee morning"
    assert result[0].contributions["gaps"] == pytest.approx(0.8)
    with_interest = Profile(interests=(wants("music"),), network_gaps=gaps)
    found = ranked(with_interest, [social])[0].contributions["gaps"]
    assert found == pytest.approx(0.8 * 0.2)


# Nothing found for … ------------------------------------------------------------------------


@pytest.mark.django_db
def test_nothing_free_for_swimming_names_the_nearest_that_charges():
    """Free only (money is a barrier) and 5 km: no free swimming; the nearest that breaks only
    cost is named, with its price; one further away and free (two limits broken) is not."""
    near = (LEEDS[0] + 0.01, LEEDS[1])
    make_service("Kingsmead Leisure Centre", description="Swimming lanes",
                 categories=("sport-and-movement",), point=near, lowest_cost=4.20)  # fmt: skip
    make_service("Far lido", description="Swimming outdoors",
                 categories=("sport-and-movement",), point=(LEEDS[0] + 0.5, LEEDS[1]),
                 is_free=True)  # fmt: skip
    make_service("Free choir", categories=("music",), point=near, is_free=True)
    profile = Profile(
        interests=(wants("sport-and-movement", "Swimming"), wants("music", "singing")),
        barriers=frozenset({"money"}),
        point=LEEDS,
        max_travel_km=5.0,
    )
    result, gaps = rank_with_gaps(profile, team_id=None, today=TODAY)
    assert [r.name for r in result] == ["Free choir"]
    assert len(gaps) == 1
    gap = gaps[0]
    assert (gap.what, gap.limit, gap.nearest.name) == (
        "Swimming",
        "cost",
        "Kingsmead Leisure Centre",
    )
    assert gap.said.startswith("Nothing free for Swimming within 5 km. The nearest is Kingsmead")
    assert "£4.20" in gap.said


@pytest.mark.django_db
def test_every_interest_met_means_no_gaps_and_no_more_queries(django_assert_max_num_queries):
    make_service("Choir", categories=("music",), is_free=True)
    profile = Profile(interests=(wants("music", "singing"),))
    _result, gaps = rank_with_gaps(profile, team_id=None, today=TODAY)
    assert gaps == []


@pytest.mark.django_db
def test_nothing_at_all_is_said_plainly():
    make_service("Choir", categories=("music",), is_free=True)
    profile = Profile(interests=(wants("animals", "dog walking"),))
    _result, gaps = rank_with_gaps(profile, team_id=None, today=TODAY)
    assert gaps == [Missing(what="dog walking", kinds=frozenset({"animals"}))]
    assert gaps[0].said == "Nothing found for dog walking that fits."


def test_each_limit_is_said():
    nearest = cand(name="Pool", lowest_cost=3.5, distance_km=7.6)
    for limit, words in (
        ("cost", "from £3.50"),
        ("distance", "about 8 km away"),
        ("days", "at other times"),
        ("online", "in person"),
        ("in_person", "online"),
        ("access", "nothing recorded about access"),
    ):
        gap = Missing(what="swimming", kinds=frozenset(), limit=limit, nearest=nearest)
        assert "swimming" in gap.said
        assert words in gap.said.partition("Pool")[2]

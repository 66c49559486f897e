"""What makes an idea worth putting in front of someone at all, and what makes it the best one
(issue 17's held-out evaluation): their words over a shared kind, meant for people like them,
a parent with a young child, and a broad service that says what they said."""

from __future__ import annotations

import pytest

from connecting_people.directory.fit import AUDIENCE_BITS, YOUNG_CHILDREN_MOST, with_young_children
from connecting_people.suggestions.evaluation.violations import Record, check
from connecting_people.suggestions.profile import InterestSignal, Profile
from connecting_people.suggestions.ranking import fit_signals, popularity, rank, signals
from connecting_people.suggestions.ranking.constraints import limits_for, not_known, violations
from connecting_people.suggestions.weights import KIND_ONLY_SHARE, WEIGHTS
from tests.suggestions.test_ranking import TODAY, cand, ctx, gardening, make_service

FRIENDS = InterestSignal(frozenset({"peer-support"}), "LGBTQ+ friends", "would_like_to_try")


def test_their_words_elsewhere_make_a_match_by_kind_alone_count_for_less():
    p = Profile(interests=(FRIENDS,))
    course = cand(name="Recovery course", category_slugs=frozenset({"peer-support"}))
    theirs = cand(name="LGBTQ+ social", category_slugs=frozenset({"peer-support"}))
    plain = ctx(p)
    alone, _ = signals.interest(p, course, plain)  # no service says their words: kind counts
    beside = signals.with_word_specificity(plain, [course, theirs])
    damped, reason = signals.interest(p, course, beside)
    assert damped == pytest.approx(alone * KIND_ONLY_SHARE)
    assert reason == "Peer support, which you'd like to try"
    best, said = signals.interest(p, theirs, beside)
    assert best > alone
    assert said == "You'd like to try LGBTQ+ friends"


def test_meant_for_people_like_them_counts_and_is_said():
    carer = Profile(circumstances=frozenset({"carers"}))
    cafe = cand(name="Carers' café", audience=frozenset({"carers"}))
    assert fit_signals.audience_fit(carer, cafe) == (
        fit_signals.FIT_WEIGHTS["audience_fit"],
        "Meant for carers, like you",
    )
    assert fit_signals.meant_for_them(carer, cafe)
    # "a particular condition" could be any: not a fit by itself
    anyone = Profile(circumstances=frozenset({"condition"}))
    clinic = cand(name="Sight loss group", audience=frozenset({"condition"}))
    assert fit_signals.audience_fit(anyone, clinic) == fit_signals.NOTHING
    assert not fit_signals.meant_for_them(anyone, clinic)


@pytest.mark.django_db
def test_a_service_meant_for_them_is_an_idea_though_it_meets_no_interest():
    make_service("Garden club", categories=("nature-and-gardening",), is_free=True)
    make_service("Carers' café", categories=("food-and-cooking",), is_free=True,
                 audience=AUDIENCE_BITS["carers"])  # fmt: skip
    carer = Profile(interests=(gardening(),), circumstances=frozenset({"carers"}))
    assert {r.name for r in rank(carer, team_id=None, today=TODAY)} == {
        "Garden club",
        "Carers' café",
    }
    gardener = Profile(interests=(gardening(),))  # not a carer: it is not for them
    assert [r.name for r in rank(gardener, team_id=None, today=TODAY)] == ["Garden club"]


def test_a_parent_is_not_too_old_for_rhyme_time():
    rhymes = cand(name="Rhyme time", minimum_age=0, maximum_age=5)
    youth = cand(name="Youth club", minimum_age=11, maximum_age=18)
    mum = Profile(age=22, circumstances=frozenset({"parents"}))
    adult = Profile(age=22)
    for profile, c, out in [(mum, rhymes, False), (adult, rhymes, True), (mum, youth, True)]:
        limits = limits_for(profile, free_only=False, near_km=None)
        assert ("age" in violations(profile, limits, c)) is out, (profile, c.name)
        if not out:  # kept, and known to fit: never "worth checking it is open to you"
            assert "age" not in not_known(limits, c)
    assert with_young_children({"parents"}, YOUNG_CHILDREN_MOST)
    assert not with_young_children({"parents"}, YOUNG_CHILDREN_MOST + 1)
    assert not with_young_children(set(), 3)


def test_the_checker_agrees_a_parent_may_go_to_rhyme_time():
    record = Record(key=("service", 1), name="Rhyme time", minimum_age=0, maximum_age=5)
    assert check(Profile(age=22, circumstances=frozenset({"parents"})), record).broken == ()
    assert check(Profile(age=22), record).broken == ("too old",)


@pytest.mark.django_db
def test_a_parent_finds_rhyme_time_from_the_database():
    make_service("Rhyme time", categories=("music",), minimum_age=0, maximum_age=5)
    singing = InterestSignal(frozenset({"music"}), "singing with my little one", "do_now")
    mum = Profile(age=22, interests=(singing,), circumstances=frozenset({"parents"}))
    assert [r.name for r in rank(mum, team_id=None, today=TODAY)] == ["Rhyme time"]
    assert rank(Profile(age=22, interests=(singing,)), team_id=None, today=TODAY) == []


def test_a_broad_service_that_says_what_they_said_is_not_damped():
    shed = InterestSignal(frozenset({"arts-and-crafts"}), "a men's shed", "would_like_to_try")
    p = Profile(interests=(shed,))
    kinds = frozenset({"arts-and-crafts", "social-groups", "volunteering", "learning"})
    theirs = cand(name="Shed sessions", category_slugs=kinds)
    broad = cand(name="Community hub", category_slugs=kinds)
    other = cand(name="Pottery", category_slugs=frozenset({"arts-and-crafts"}))
    shares = popularity.shares(p, [theirs, broad, other], ctx(p))
    assert shares[0] == 0.0  # its own name says "shed"
    assert shares[1] == pytest.approx(1 - 2 / 4)
    assert WEIGHTS["broad"] < 0


def test_their_words_are_quoted_only_when_the_telling_one_is_there():
    """ "Kitchen volunteering" is not said of a talking newspaper that only asks for volunteers:
    "kitchen", the word fewest services use, is what they meant."""
    kitchen = InterestSignal(
        frozenset({"volunteering"}), "kitchen volunteering", "would_like_to_try"
    )
    p = Profile(interests=(kitchen,))
    kinds = frozenset({"volunteering"})
    paper = cand(name="Talking newspaper", description="Volunteering: read the news aloud.",
                 category_slugs=kinds)  # fmt: skip
    cafe = cand(name="Kitchen volunteering", description="Help in our kitchen.",
                category_slugs=kinds)  # fmt: skip
    others = [cand(name=f"Volunteering {n}", category_slugs=kinds) for n in range(25)]
    c = signals.with_word_specificity(ctx(p), [paper, cafe, *others])
    paper_score, paper_said = signals.interest(p, paper, c)
    cafe_score, cafe_said = signals.interest(p, cafe, c)
    assert paper_said == "Volunteering, which you'd like to try"
    assert cafe_said == "You'd like to try kitchen volunteering"
    assert cafe_score > paper_score


def test_a_parent_is_not_too_old_for_what_is_for_families():
    family = cand(name="Family learning", maximum_age=10, audience=frozenset({"parents"}))
    mum = Profile(age=30, circumstances=frozenset({"parents"}))
    limits = limits_for(mum, free_only=False, near_km=None)
    assert violations(mum, limits, family) == []
    someone = Profile(age=30)  # not a parent: it is not for them, whatever the ages
    assert "audience" in violations(someone, limits_for(someone, free_only=False, near_km=None),
                                    family)  # fmt: skip
    record = Record(key=("service", 2), name="Family learning", maximum_age=10,
                    audience=frozenset({"parents"}))  # fmt: skip
    assert check(mum, record).broken == ()

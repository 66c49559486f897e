"""What the person says is a must is a must (issue 17): each must rules out what breaks it,
for services and connectors alike; what is not known is kept but never ranked above a known
fit; "would prefer" only scores; with musts never chosen, the plan's barriers decide."""

from __future__ import annotations

from dataclasses import replace

import pytest
from django.db import connection
from hypothesis import given, settings
from hypothesis import strategies as st

from connecting_people.directory.fit import ACCESS_BITS, AUDIENCE_BITS, MUST_SLUGS
from connecting_people.directory.models.search import DAY_BITS, TIME_BITS
from connecting_people.suggestions.profile import (
    InterestSignal,
    Profile,
    default_musts,
    musts_of,
)
from connecting_people.suggestions.ranking import ranked_for, signals
from connecting_people.suggestions.ranking.constraints import (
    connector_days,
    limits_for,
    not_known,
    violations,
)
from connecting_people.suggestions.ranking.fit_signals import FIT_WEIGHTS, access_said
from connecting_people.suggestions.ranking.sources import FACTS, SERVICES, Sources
from tests.suggestions.test_ranking import IN_PERSON, LEEDS, ONLINE, TODAY, cand, make_service

KINDS = ("service", "connector")


def of_kind(kind: str, **facts):
    """A candidate of either kind, with the same facts."""
    if kind == "connector":
        return cand(kind="connector", service_id=None, connector_id=7, **facts)
    return cand(**facts)


def judged(profile: Profile, c, **options) -> tuple[list[str], list[str]]:
    limits = limits_for(profile, free_only=False, near_km=None, **options)
    return violations(profile, limits, c), not_known(limits, c)


def must(*slugs: str, **fields) -> Profile:
    return Profile(musts=frozenset(slugs), **fields)


# --- the plan's barriers decide until musts are chosen ---------------------------------------


@pytest.mark.parametrize(
    ("barrier", "expected"),
    [
        ("money", "cost"),
        ("transport-or-distance", "distance"),
        ("time", "when"),
        ("digital-access", "delivery"),
        ("physical-health-or-access", "access"),
        ("worry-about-groups", None),  # a preference for small groups, not a must
        ("low-mood-or-motivation", None),
    ],
)
def test_each_barrier_stands_for_its_must_until_musts_are_chosen(barrier, expected):
    never = Profile(barriers=frozenset({barrier}))
    assert musts_of(never) == ({expected} if expected else set())
    chosen = replace(never, musts=frozenset())
    assert musts_of(chosen) == set()  # once chosen, whatever barriers are listed


def test_needing_access_was_always_a_must():
    assert default_musts(frozenset(), needs_access=True) == {"access"}
    assert musts_of(Profile(access_needs=frozenset({"hearing_loop"}))) == {"access"}
    assert musts_of(Profile(needs_accessibility=True, musts=frozenset())) == set()


def test_chosen_musts_hold_whatever_barriers_are_listed():
    dear = cand(is_free=False, lowest_cost=12)
    assert judged(Profile(barriers=frozenset({"money"})), dear)[0] == ["cost"]
    assert judged(Profile(barriers=frozenset({"money"}), musts=frozenset()), dear)[0] == []
    assert judged(must("cost", max_cost=5.0), dear)[0] == ["cost"]


# --- each must, for services and connectors ---------------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
def test_cost_must(kind):
    p = must("cost", max_cost=5.0)
    assert judged(p, of_kind(kind, is_free=True))[0] == []
    assert judged(p, of_kind(kind, lowest_cost=4.5))[0] == []
    assert judged(p, of_kind(kind, lowest_cost=6))[0] == ["cost"]
    assert judged(p, of_kind(kind))[0] == ["cost"]  # cost not known: out
    free_only = must("cost", max_cost=0.0)
    assert judged(free_only, of_kind(kind, lowest_cost=1))[0] == ["cost"]
    assert judged(must("cost"), of_kind(kind, lowest_cost=1))[0] == ["cost"]  # none given: free


@pytest.mark.parametrize("kind", KINDS)
def test_distance_must(kind):
    p = must("distance", point=LEEDS, max_travel_km=3.0)
    assert judged(p, of_kind(kind, distance_km=2))[0] == []
    assert judged(p, of_kind(kind, distance_km=8))[0] == ["distance"]
    assert judged(p, of_kind(kind, distance_km=8, delivery=IN_PERSON | ONLINE))[0] == []
    transport = must("distance", point=LEEDS, barriers=frozenset({"transport-or-distance"}))
    assert judged(transport, of_kind(kind, distance_km=30))[0] == ["distance"]
    prefer = Profile(musts=frozenset(), point=LEEDS, max_travel_km=3.0)
    assert judged(prefer, of_kind(kind, distance_km=8))[0] == []


@pytest.mark.parametrize("kind", KINDS)
def test_when_must(kind):
    p = must("when", free_days=frozenset({"SA", "SU"}), free_times=frozenset({"morning"}))
    saturday = of_kind(kind, days=DAY_BITS["SA"], times=TIME_BITS["morning"])
    tuesday = of_kind(kind, days=DAY_BITS["TU"], times=TIME_BITS["morning"])
    evening = of_kind(kind, days=DAY_BITS["SA"], times=TIME_BITS["evening"])
    assert judged(p, saturday) == ([], [])
    assert judged(p, tuesday)[0] == ["days"]
    assert judged(p, evening)[0] == ["times"]
    assert judged(p, of_kind(kind)) == ([], ["when"])  # no schedule: not known
    prefer = replace(p, musts=frozenset())
    assert judged(prefer, tuesday) == ([], [])


def test_a_connectors_own_words_say_its_days():
    p = must("when", free_days=frozenset({"SA"}))
    assert judged(p, of_kind("connector", when="Saturday mornings")) == ([], [])
    assert judged(p, of_kind("connector", when="Weekends, 10am")) == ([], [])
    assert judged(p, of_kind("connector", when="Tuesdays at 2"))[0] == ["days"]
    assert judged(p, of_kind("connector", when="By arrangement")) == ([], ["when"])
    assert connector_days("Tues and Thurs") == DAY_BITS["TU"] | DAY_BITS["TH"]
    assert connector_days("every day") == sum(DAY_BITS.values())
    assert connector_days("weekdays") == sum(DAY_BITS[d] for d in ("MO", "TU", "WE", "TH", "FR"))
    assert connector_days("a sunny afternoon, in the monastery") == 0


@pytest.mark.parametrize("kind", KINDS)
def test_delivery_must(kind):
    in_person_only = must("delivery", online=False)
    assert judged(in_person_only, of_kind(kind, delivery=ONLINE))[0] == ["in_person"]
    assert judged(in_person_only, of_kind(kind, delivery=IN_PERSON))[0] == []
    online_only = must("delivery", in_person=False)
    assert judged(online_only, of_kind(kind, delivery=IN_PERSON))[0] == ["online"]
    prefer = Profile(musts=frozenset(), online=False)
    assert judged(prefer, of_kind(kind, delivery=ONLINE))[0] == []


@pytest.mark.parametrize("kind", KINDS)
def test_group_size_must(kind):
    p = must("group_size", group_sizes=frozenset({"small", "one_to_one"}))
    assert judged(p, of_kind(kind, group_size="small")) == ([], [])
    assert judged(p, of_kind(kind, group_size="large"))[0] == ["group_size"]
    assert judged(p, of_kind(kind)) == ([], ["group_size"])
    prefer = replace(p, musts=frozenset())
    assert judged(prefer, of_kind(kind, group_size="large")) == ([], [])


@pytest.mark.parametrize("kind", KINDS)
def test_access_must_needs_every_feature_recorded(kind):
    p = must("access", access_needs=frozenset({"step_free", "hearing_loop"}))
    both = of_kind(kind, access_features=frozenset({"step_free", "hearing_loop", "lift"}))
    assert judged(p, both) == ([], [])
    lacking = of_kind(kind, access_features=frozenset({"hearing_loop"}), access_known=True)
    assert judged(p, lacking)[0] == ["access"]
    words_only = of_kind(kind, access_known=True, has_accessibility=True)  # "two steps…"
    assert judged(p, words_only) == ([], ["access"])
    assert judged(p, of_kind(kind)) == ([], ["access"])
    prefer = replace(p, musts=frozenset())
    assert judged(prefer, lacking) == ([], [])


@pytest.mark.parametrize("kind", KINDS)
def test_audience_is_always_checked(kind):
    for_carers = of_kind(kind, audience=frozenset({"carers"}))
    assert judged(Profile(), for_carers)[0] == ["audience"]
    carer = Profile(circumstances=frozenset({"carers", "veterans"}))
    assert judged(carer, for_carers)[0] == []
    women = of_kind(kind, audience=frozenset({"women"}))
    assert judged(Profile(circumstances=frozenset({"men"})), women)[0] == ["audience"]
    assert judged(Profile(circumstances=frozenset({"women"})), women)[0] == []


@pytest.mark.parametrize("kind", KINDS)
def test_ages_from_birth_then_band_then_adult(kind):
    youth = of_kind(kind, minimum_age=11, maximum_age=17)
    over_50s = of_kind(kind, minimum_age=50)
    assert judged(Profile(age=40), over_50s)[0] == ["age"]
    assert judged(Profile(age=60), over_50s) == ([], [])
    assert judged(Profile(age_band="65_74"), over_50s) == ([], [])
    assert judged(Profile(age_band="25_34"), over_50s)[0] == ["age"]
    assert judged(Profile(age_band="35_49"), of_kind(kind, minimum_age=40)) == ([], ["age"])
    assert judged(Profile(), youth)[0] == ["age"]  # neither: an adult
    assert judged(Profile(), over_50s) == ([], ["age"])
    assert judged(Profile(age_band="under_18"), youth) == ([], ["age"])  # 0 to 17: partly
    assert judged(Profile(age=15, age_band="75_plus"), youth) == ([], [])  # birth first


# --- "would prefer" scores, and known fits say so ---------------------------------------------


def _score(profile: Profile, c) -> dict[str, float]:
    return signals.score(profile, c, signals.context_for(profile), TODAY)[1]


def test_access_known_fit_is_said_in_their_terms():
    p = Profile(access_needs=frozenset({"step_free"}))
    c = cand(access_features=frozenset({"step_free", "lift"}))
    _total, contributions, reasons = signals.score(p, c, signals.context_for(p), TODAY)
    assert contributions["access_fit"] == FIT_WEIGHTS["access_fit"]
    assert reasons["access_fit"] == "Step-free, as you need"
    many = frozenset({"hearing_loop", "step_free", "large_print"})
    assert access_said(many) == "Step-free, a hearing loop and large print, as you need"
    lacking = cand(access_features=frozenset({"lift"}))
    assert _score(replace(p, musts=frozenset()), lacking)["access_fit"] < 0
    assert "access_fit" not in _score(p, cand())  # not known: nothing either way


def test_preferences_score_up_and_down():
    sizes = Profile(group_sizes=frozenset({"small"}))
    assert _score(sizes, cand(group_size="small"))["group_size_fit"] > 0
    assert _score(sizes, cand(group_size="large"))["group_size_fit"] < 0
    worried = Profile(barriers=frozenset({"worry-about-groups"}))
    assert _score(worried, cand(group_size="one_to_one"))["group_size_fit"] > 0
    pays = Profile(musts=frozenset(), max_cost=3.0)
    assert _score(pays, cand(lowest_cost=8))["cost_fit"] < 0
    assert "cost_fit" not in _score(pays, cand(lowest_cost=2))
    far = Profile(musts=frozenset(), point=LEEDS, max_travel_km=3.0)
    assert _score(far, cand(distance_km=9))["distance_fit"] < 0
    assert "distance_fit" not in _score(far, cand(distance_km=2))
    in_person = Profile(musts=frozenset(), online=False)
    assert _score(in_person, cand(delivery=ONLINE))["delivery_fit"] < 0
    assert "delivery_fit" not in _score(in_person, cand(delivery=IN_PERSON | ONLINE))


# --- "not known" is never above a known fit ---------------------------------------------------

candidates = st.lists(
    st.builds(
        lambda n, kind, features, size, days, score_words: of_kind(
            kind,
            name=f"Idea {n}",
            description=score_words,
            access_features=features,
            group_size=size,
            days=days,
            category_slugs=frozenset({"music"}) if n % 2 else frozenset(),
        ),
        n=st.integers(0, 10_000),
        kind=st.sampled_from(KINDS),
        features=st.frozensets(st.sampled_from(["step_free", "hearing_loop", "lift"])),
        size=st.sampled_from(["", "small", "large"]),
        days=st.sampled_from([0, DAY_BITS["SA"], DAY_BITS["TU"] | DAY_BITS["SA"]]),
        score_words=st.sampled_from(["", "singing together", "a choir for everyone"]),
    ),
    max_size=25,
)


def suits_them(c) -> bool:
    """Meets their one interest (music, said as "singing"): anything else is no idea for them."""
    return "music" in c.category_slugs or "singing" in c.description


@settings(max_examples=60, deadline=None)
@given(
    cs=candidates,
    chosen=st.frozensets(st.sampled_from(MUST_SLUGS)),
    limit=st.integers(1, 30),
)
def test_not_known_is_never_above_a_known_fit(cs, chosen, limit):
    p = Profile(
        interests=(InterestSignal(frozenset({"music"}), "singing", "do_now"),),
        musts=chosen,
        access_needs=frozenset({"step_free"}),
        group_sizes=frozenset({"small"}),
        free_days=frozenset({"SA"}),
    )
    limits = limits_for(p, free_only=False, near_km=None)
    ranked = ranked_for(p, cs, limits=limits, limit=limit, today=TODAY, has_team=False)
    tiers = [bool(r.not_known) for r in ranked]
    assert tiers == sorted(tiers)
    kept = [c for c in cs if not violations(p, limits, c)]
    known = [c for c in kept if not not_known(limits, c) and suits_them(c)]
    assert sum(not t for t in tiers) == min(limit, len(known))  # known fits come first
    for r in ranked:
        assert all(code in ("access", "group_size", "when", "age") for code in r.not_known)


# --- the database filters by the same rules ---------------------------------------------------


def _found(profile: Profile) -> set[str]:
    limits = limits_for(profile, free_only=False, near_km=None)
    base = Sources(profile, limits, None, [], ()).base()
    sql = f"SELECT s.name FROM {FACTS} f JOIN {SERVICES} s ON s.id = f.service_id WHERE "  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql + base.text, base.params)
        return {name for (name,) in cursor.fetchall()}


@pytest.mark.django_db
def test_the_database_filters_each_must_as_the_check_does():
    step, loop = ACCESS_BITS["step_free"], ACCESS_BITS["hearing_loop"]
    make_service("Step-free", access_features=step | loop, access_known=True, is_free=True)
    make_service("Loop only", access_features=loop, access_known=True, is_free=True)
    make_service("Not recorded", is_free=True)
    make_service("Carers", audience=AUDIENCE_BITS["carers"], is_free=True)
    make_service("Three pounds", lowest_cost=3)
    make_service("Cost not known")
    make_service("Tuesdays", days=DAY_BITS["TU"], is_free=True)
    make_service("Youth", maximum_age=17, is_free=True)
    make_service("Over 65s", minimum_age=65, is_free=True)
    everyone = {"Step-free", "Loop only", "Not recorded", "Three pounds", "Cost not known"}
    everyone |= {"Tuesdays", "Over 65s"}
    assert _found(Profile()) == everyone
    assert _found(Profile(circumstances=frozenset({"carers"}))) == everyone | {"Carers"}
    access = must("access", access_needs=frozenset({"step_free"}))
    assert _found(access) == everyone - {"Loop only"}
    assert _found(must("cost", max_cost=5.0)) == everyone - {"Cost not known"}
    assert _found(must("cost")) == everyone - {"Cost not known", "Three pounds"}
    assert _found(must("when", free_days=frozenset({"SA"}))) == everyone - {"Tuesdays"}
    assert _found(Profile(age_band="18_24")) == everyone - {"Over 65s"}
    assert _found(Profile(age_band="under_18")) == everyone - {"Over 65s"} | {"Youth"}

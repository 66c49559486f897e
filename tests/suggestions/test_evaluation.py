"""The suggestions evaluation: its measures (worked by hand), the labelled personas, and the
barrier checker that judges the ranking independently of it."""

from __future__ import annotations

import json
import math
import uuid
from dataclasses import dataclass, field, replace

import pytest

from connecting_people.suggestions.evaluation import metrics
from connecting_people.suggestions.evaluation.personas import PersonaError, check, load, profile_of
from connecting_people.suggestions.evaluation.run import evaluate, write
from connecting_people.suggestions.evaluation.violations import (
    ServiceFacts,
    distance_km,
    facts_for,
    violations,
)
from connecting_people_demo.directory import plan
from tests.directory.search_helpers import make_service, place

# --- precision@k -------------------------------------------------------------------------------


def test_precision_counts_relevant_in_the_first_k():
    ranked = ["a", "b", "c", "d", "e", "f"]
    relevant = {"a": 2, "c": 1, "f": 2, "z": 2}
    assert metrics.precision_at_k(ranked, relevant, 5) == pytest.approx(2 / 5)  # f is 6th
    assert metrics.precision_at_k(ranked, relevant, 1) == 1.0
    assert metrics.precision_at_k(ranked, relevant, 2) == 0.5


def test_precision_counts_empty_places_as_misses():
    assert metrics.precision_at_k(["a", "c"], {"a": 2, "c": 1}, 5) == pytest.approx(0.4)
    assert metrics.precision_at_k([], {"a": 2}, 5) == 0.0


def test_precision_with_nothing_relevant_is_zero():
    assert metrics.precision_at_k(["a", "b"], {}, 5) == 0.0


def test_precision_needs_a_positive_k():
    with pytest.raises(ValueError, match="at least 1"):
        metrics.precision_at_k(["a"], {"a": 1}, 0)


# --- nDCG@k ------------------------------------------------------------------------------------


def test_ndcg_worked_by_hand():
    # Ranked b (0), a (2), c (1): DCG = 0 + 3/log2(3) + 1/log2(4) = 1.892789 + 0.5 = 2.392789.
    # Ideal a, c: 3/log2(2) + 1/log2(3) = 3 + 0.630930 = 3.630930. nDCG = 0.659001.
    value = metrics.ndcg_at_k(["b", "a", "c"], {"a": 2, "c": 1}, 10)
    assert value == pytest.approx(2.392789 / 3.630930, abs=1e-6)
    assert value == pytest.approx(0.659001, abs=1e-6)


def test_ndcg_of_the_ideal_order_is_one_even_with_fewer_than_k_results():
    assert metrics.ndcg_at_k(["a", "c"], {"a": 2, "c": 1}, 10) == pytest.approx(1.0)


def test_ndcg_penalises_missing_relevant_items():
    # Only a returned; ideal has a and c: 3 / (3 + 1/log2(3)).
    value = metrics.ndcg_at_k(["a"], {"a": 2, "c": 1}, 10)
    assert value == pytest.approx(3 / (3 + 1 / math.log2(3)))


def test_ndcg_ideal_is_cut_at_k():
    # Two relevant but k = 1: getting the best one first is perfect.
    assert metrics.ndcg_at_k(["a", "b"], {"a": 2, "b": 2}, 1) == pytest.approx(1.0)
    # A grade-1 first when a grade-2 exists: (2^1 - 1) / (2^2 - 1) = 1/3.
    assert metrics.ndcg_at_k(["c", "a"], {"a": 2, "c": 1}, 1) == pytest.approx(1 / 3)


def test_ndcg_with_nothing_relevant_is_none_and_left_out_of_means():
    assert metrics.ndcg_at_k(["a", "b"], {}, 10) is None
    assert metrics.ndcg_at_k([], {}, 10) is None
    assert metrics.ndcg_at_k([], {"a": 1}, 10) == 0.0
    assert metrics.mean([1.0, None, 0.5]) == pytest.approx(0.75)
    assert metrics.mean([None]) is None


def test_coverage_is_the_share_of_the_catalogue_suggested_to_anyone():
    assert metrics.coverage([["a", "b"], ["b", "x"]], ["a", "b", "c", "d"]) == 0.5
    assert metrics.coverage([], ["a"]) == 0.0
    assert metrics.coverage([["a"]], []) == 0.0


# --- the labelled personas ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def personas():
    return load()


def test_there_are_at_least_thirty_valid_personas_with_unique_keys(personas):
    assert len(personas) >= 30
    assert len({p.key for p in personas}) == len(personas)
    assert sum(bool(p.relevant) for p in personas) >= 30


def test_every_labelled_service_is_a_running_demo_service(personas):
    running = {item.name for item in plan() if item.offer.status == "active"}
    missing = {(p.key, name) for p in personas for name in p.relevant if name not in running}
    assert not missing


def test_the_hard_cases_are_there(personas):
    data = [p.data for p in personas]
    assert any(not d.get("interests") for d in data), "nobody's interests recorded"
    assert any(d.get("online") and not d.get("in_person", True) for d in data), "online only"
    assert any(d.get("age") == 18 for d in data), "a very young adult"
    assert any((d.get("age") or 0) >= 70 for d in data), "70 or over"
    assert any(len(d.get("barriers", [])) >= 6 for d in data), "almost everything a barrier"
    assert any(
        "money" in d.get("barriers", []) and not any(g == 2 for g in p.relevant.values())
        for p, d in zip(personas, data, strict=True)
    ), "money a barrier and what they want is only paid for"


def test_every_persona_becomes_a_profile_with_no_database(personas):
    for persona in personas:
        profile = profile_of(persona)
        assert profile.person_id is None
        assert profile.barriers == frozenset(persona.data.get("barriers", []))
        assert len(profile.interests) == len(persona.data.get("interests", []))


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"colour": "blue"}, "unknown fields"),
        ({"relevant": {"Health walks": 3}}, "grades"),
        ({"interests": [{"categories": ["music"], "words": "", "when": "sometimes"}]}, "when"),
        ({"interests": [{"categories": ["knitting"], "words": "", "when": "do_now"}]}, "categ"),
        ({"barriers": ["grumpy"]}, "barriers"),
        ({"free_days": ["Monday"]}, "free_days"),
        ({"in_person": False, "online": False}, "neither"),
        ({"point": [53, -1.5]}, "point"),
    ],
)
def test_a_bad_persona_is_refused(change, message):
    good = {"key": "k", "point": [53.0, -1.5], "interests": [], "relevant": {"Health walks": 2}}
    check(good)
    with pytest.raises(PersonaError, match=message):
        check({**good, **change})


def test_the_file_loader_refuses_duplicate_keys(tmp_path):
    path = tmp_path / "p.json"
    path.write_text(json.dumps({"personas": [{"key": "a"}, {"key": "a"}]}))
    with pytest.raises(PersonaError, match="share a key"):
        load(path)


# --- the barrier checker -----------------------------------------------------------------------

HOME = (53.0, -1.5)
NEAR = (53.005, -1.5)  # about 0.56 km north
FAR = (53.05, -1.5)  # about 5.6 km north


@dataclass(frozen=True)
class Person:
    barriers: frozenset[str] = frozenset()
    age: int | None = 40
    in_person: bool = True
    online: bool = False
    needs_accessibility: bool = False
    point: tuple[float, float] | None = HOME
    max_travel_km: float | None = 3.0
    free_days: frozenset[str] = frozenset()
    free_times: frozenset[str] = frozenset()
    extra: dict = field(default_factory=dict)


FINE = ServiceFacts(
    service_id=uuid.uuid4(),
    name="Fine",
    is_active=True,
    is_free=True,
    delivery=1,
    has_accessibility=True,
    minimum_age=None,
    maximum_age=None,
    points=(NEAR,),
)


def test_distance_is_great_circle():
    assert distance_km(HOME, NEAR) == pytest.approx(0.556, abs=0.01)
    assert distance_km(HOME, HOME) == 0.0


def test_a_service_that_suits_breaks_nothing():
    assert violations(Person(barriers=frozenset({"money"}), needs_accessibility=True), FINE) == []


@pytest.mark.parametrize(
    ("person", "facts", "expected"),
    [
        (Person(), replace(FINE, is_active=False), ["closed"]),
        (Person(age=17), replace(FINE, minimum_age=18.0), ["too young"]),
        (Person(age=30), replace(FINE, maximum_age=25.0), ["too old"]),
        (Person(barriers=frozenset({"money"})), replace(FINE, is_free=False), ["not free"]),
        (Person(in_person=False, online=True), FINE, ["in person only"]),
        (Person(), replace(FINE, delivery=2, points=()), ["online only"]),
        (Person(), replace(FINE, points=(FAR,)), ["too far"]),
        (Person(needs_accessibility=True), replace(FINE, has_accessibility=False),
         ["no access information"]),
        (
            Person(barriers=frozenset({"money"}), needs_accessibility=True),
            replace(FINE, is_active=False, is_free=False, has_accessibility=False, points=(FAR,)),
            ["closed", "not free", "too far", "no access information"],
        ),
    ],
)  # fmt: skip
def test_planted_violations_are_caught(person, facts, expected):
    assert violations(person, facts) == expected


TIME = frozenset({"time"})


@pytest.mark.parametrize(
    ("person", "facts", "expected"),
    [
        (Person(barriers=TIME, free_days=frozenset({"MO"})), replace(FINE, days=2),
         ["not on a day they are free"]),
        (Person(barriers=TIME, free_days=frozenset({"MO"})), FINE,  # days not known
         ["not on a day they are free"]),
        (Person(barriers=TIME, free_times=frozenset({"evening"})), replace(FINE, times=1),
         ["not at a time they are free"]),
        (Person(free_days=frozenset({"MO"})), replace(FINE, days=2), []),  # soft without time
        (Person(barriers=TIME, free_days=frozenset({"MO", "TU"})), replace(FINE, days=2), []),
        (Person(barriers=frozenset({"transport-or-distance"}), max_travel_km=None),
         replace(FINE, points=(FAR,)), ["too far"]),  # 5.6 km, over the 5 km default
        (Person(barriers=frozenset({"transport-or-distance"}), max_travel_km=8.0),
         replace(FINE, points=(FAR,)), []),  # their own limit wins
        (Person(), replace(FINE, points=()), ["nowhere to measure how far"]),
        (Person(online=True, barriers=frozenset({"digital-access"})),
         replace(FINE, delivery=2, points=()), ["online only"]),
        (Person(online=True, barriers=frozenset({"digital-access"})),
         replace(FINE, delivery=3, points=(FAR,)), ["too far"]),  # online is no excuse
        (Person(barriers=frozenset({"physical-health-or-access"})),
         replace(FINE, has_accessibility=False), ["no access information"]),
    ],
)  # fmt: skip
def test_every_hard_rule_of_the_ranking_is_checked(person, facts, expected):
    assert violations(person, facts) == expected


def test_what_can_be_done_online_is_not_too_far_for_someone_who_will_go_online():
    both = replace(FINE, delivery=3, points=(FAR,), has_accessibility=False)
    assert violations(Person(online=True, needs_accessibility=True), both) == []
    assert violations(Person(online=False), both) == ["too far"]


def test_unknown_age_or_limit_cannot_break_anything():
    facts = replace(FINE, minimum_age=18.0, points=(FAR,))
    assert violations(Person(age=None, max_travel_km=None), facts) == []


# --- the run -----------------------------------------------------------------------------------


@dataclass
class Suggested:
    name: str
    service_id: uuid.UUID | None
    kind: str = "service"
    score: float = 1.0
    reasons: list[str] = field(default_factory=list)


def test_evaluate_measures_each_persona_and_counts_violations(personas, tmp_path):
    persona = next(p for p in personas if "money" in p.data.get("barriers", []))
    great = next(n for n, g in persona.relevant.items() if g >= 1)
    ids = {great: uuid.uuid4(), "Paid thing": uuid.uuid4(), "Other": uuid.uuid4()}
    here = (tuple(persona.data["point"]),) if persona.data.get("point") else ()  # at their door
    facts = {
        ids[great]: replace(FINE, service_id=ids[great], name=great, points=here),
        ids["Paid thing"]: replace(FINE, service_id=ids["Paid thing"], is_free=False, points=here),
        ids["Other"]: replace(FINE, service_id=ids["Other"], name="Other", is_active=False),
    }
    calls = []

    def rank(profile, *, team_id, limit):
        calls.append((profile.person_id, team_id, limit))
        return [
            Suggested("Paid thing", ids["Paid thing"]),
            Suggested(great, ids[great]),
            Suggested("A connector", None, kind="connector"),
        ]

    summary, rows = evaluate([persona], rank=rank, facts=facts, team_id=7)
    assert calls == [(None, 7, 10)]
    (row,) = rows
    assert row.returned == 2
    assert row.connectors == 1
    assert row.precision_at_5 == pytest.approx(1 / 5)
    assert row.violating == 1
    assert row.top[0]["violations"] == ["not free"]
    assert summary.violating == 1
    assert summary.suggestions == 2
    assert summary.violation_share == pytest.approx(0.5)
    assert summary.active_services == 2
    assert summary.coverage == pytest.approx(1.0)  # both running services suggested

    write(summary, rows, tmp_path, {"team": "test"})
    saved = json.loads((tmp_path / "latest.json").read_text())
    assert saved["summary"]["violating"] == 1
    text = (tmp_path / "latest.md").read_text()
    assert persona.key in text
    assert "BREAKS: not free" in text


@pytest.mark.django_db
def test_facts_for_reads_the_directory_in_two_queries(django_assert_num_queries):
    online = make_service(
        "Online chat", costs=[(0, "Free")], places=[place(kind="virtual", at=None)]
    )
    walk = make_service(
        "Walking group",
        costs=[(3, "Each session")],
        places=[place(at=(53.0, -1.5), accessibility="Step-free.")],
        minimum_age=18,
    )
    with django_assert_num_queries(2):
        facts = facts_for()
    assert facts[online.id].is_free
    assert facts[online.id].delivery == 2
    assert facts[online.id].points == ()
    assert not facts[walk.id].is_free
    assert facts[walk.id].has_accessibility
    assert facts[walk.id].points == ((53.0, -1.5),)
    assert facts[walk.id].minimum_age == 18
    assert set(facts_for([walk.id])) == {walk.id}

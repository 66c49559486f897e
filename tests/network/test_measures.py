"""Network measures, the network type and "then and now", against examples worked by hand."""

import dataclasses
import json
import re
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from connecting_people.network import measures
from connecting_people.network.measures import (
    NETWORK_TYPES,
    Comparison,
    NetworkState,
    Node,
    compare,
    network_measures,
    network_type,
)
from connecting_people.network.vocab import Feels, Gives, Kind, Ring

ON = date(2026, 11, 1)
ENDED = date(2026, 6, 1)


def node(key: str, kind: str = "friend", **fields) -> Node:
    """A current, supportive, close connection outside services unless said otherwise."""
    fields.setdefault("inside_services", kind in {"worker", "peer"})
    fields.setdefault("ring", "close")
    fields.setdefault("feels", "supportive")
    return Node(key=key, kind=kind, **fields)


def state(*nodes: Node, ties=None, on: date = ON) -> NetworkState:
    """A network on a date; ties=None means nobody recorded who knows whom."""
    return NetworkState(on=on, nodes=nodes, ties=tuple(ties or ()), ties_known=ties is not None)


def of_kinds(*kinds: str) -> NetworkState:
    """A network with one current connection of each kind given (keys k0, k1, …)."""
    return state(*(node(f"k{index}", kind) for index, kind in enumerate(kinds)))


def type_of(network: NetworkState, *, new_since_previous: int | None = None) -> str:
    m = dataclasses.replace(network_measures(network), new_since_previous=new_since_previous)
    return network_type(m).code


# Measures -----------------------------------------------------------------------------------------


def test_measures_of_an_empty_network_are_zeros_and_nones():
    m = network_measures(state())

    assert m.size == 0
    assert m.by_ring == {"close": 0, "middle": 0, "outer": 0}
    assert m.by_kind == {}
    assert m.diversity == 0
    assert m.outside_services == 0
    assert m.outside_share is None
    assert m.supportive == 0
    assert m.by_gives == dict.fromkeys(Gives.values, 0)
    assert m.new_since_baseline is None
    assert m.ended_since_previous is None
    assert (m.ties_known, m.ties, m.density, m.components) == (False, None, None, None)


def test_measures_of_an_empty_network_with_ties_recorded_have_no_components():
    m = network_measures(state(ties=[]))

    assert (m.ties_known, m.ties, m.density, m.components) == (True, 0, None, 0)


def test_measures_of_only_ended_connections_count_nobody():
    network = state(
        node("a", ended_on=ENDED),
        node("b", "worker", ended_on=ENDED),
        ties=[("a", "b")],
    )

    m = network_measures(network)

    assert m.size == 0
    assert m.by_ring == {"close": 0, "middle": 0, "outer": 0}
    assert m.outside_share is None
    assert (m.ties, m.density, m.components) == (0, None, 0)
    assert network_type(m).code == "none"


def test_measures_count_a_small_network_by_hand():
    network = state(
        node("mum", "family", ring="close", gives=frozenset({"emotional", "practical"})),
        node("sam", "friend", ring="middle", feels="mixed", gives=frozenset({"company"})),
        node("kay", "worker", ring="middle", gives=frozenset({"information", "practical"})),
        node("choir", "group", ring="outer", gives=frozenset({"company"})),
        node("old", "friend", ring="close", ended_on=ENDED, gives=frozenset({"emotional"})),
    )

    m = network_measures(network)

    # current: mum, sam, kay, choir (old has ended)                     → size 4
    assert m.size == 4
    # close: mum; middle: sam, kay; outer: choir
    assert m.by_ring == {"close": 1, "middle": 2, "outer": 1}
    assert m.by_kind == {"family": 1, "friend": 1, "group": 1, "worker": 1}
    assert m.diversity == 4
    assert m.family == 1
    # outside: mum, sam, choir = 3 of 4
    assert m.outside_services == 3
    assert m.outside_share == 0.75
    # supportive: mum, kay, choir; sam is mixed
    assert m.supportive == 3
    assert m.by_feels == {"supportive": 3, "mixed": 1, "difficult": 0}
    # emotional: mum (old has ended); practical: mum, kay; company: sam, choir; information: kay
    assert m.by_gives == {
        "emotional": 1,
        "practical": 2,
        "information": 1,
        "company": 2,
        "access": 0,
    }


def test_measures_outside_share_follows_the_flag_not_the_kind():
    # a peer met outside services and a friend who is also a support worker: 1 of 2 outside
    network = state(node("p", "peer", inside_services=False), node("f", inside_services=True))

    assert network_measures(network).outside_share == 0.5


def test_measures_density_of_four_connections_and_three_ties_is_a_half():
    # a - b - c - d: 3 ties of the 4 x 3 ÷ 2 = 6 possible → 0.5, all in one component
    network = state(
        node("a"), node("b"), node("c"), node("d"), ties=[("a", "b"), ("b", "c"), ("c", "d")]
    )

    m = network_measures(network)

    assert (m.ties, m.density, m.components) == (3, 0.5, 1)


def test_measures_density_counts_each_tie_once_whichever_way_it_is_written():
    # a - b written twice (once backwards): 1 tie of 3 possible; c on its own → 2 components
    network = state(node("a"), node("b"), node("c"), ties=[("a", "b"), ("b", "a")])

    m = network_measures(network)

    assert m.ties == 1
    assert m.density == pytest.approx(1 / 3)
    assert m.components == 2


def test_measures_density_when_everyone_knows_everyone_is_one():
    network = state(node("a"), node("b"), node("c"), ties=[("a", "b"), ("b", "c"), ("a", "c")])

    assert network_measures(network).density == 1.0


def test_measures_density_when_nobody_knows_each_other_is_zero():
    # 5 connections, ties recorded but none: density 0, each connection its own component
    network = state(*(node(key) for key in "abcde"), ties=[])

    m = network_measures(network)

    assert (m.ties, m.density, m.components) == (0, 0.0, 5)


def test_measures_leave_out_ties_to_ended_unknown_or_the_same_connection():
    network = state(
        node("a"),
        node("b"),
        node("c"),
        node("d", ended_on=ENDED),
        ties=[("a", "b"), ("b", "d"), ("c", "d"), ("a", "nobody"), ("c", "c")],
    )

    m = network_measures(network)

    # usable: a - b only; current a, b, c → 1 of 3 possible; groups {a, b} and {c}
    assert m.ties == 1
    assert m.density == pytest.approx(1 / 3)
    assert m.components == 2


def test_measures_have_no_density_without_recorded_ties_or_with_one_connection():
    assert network_measures(state(node("a"), node("b"))).density is None
    one = network_measures(state(node("a"), ties=[]))
    assert (one.density, one.components) == (None, 1)


def test_measures_count_new_and_ended_since_the_baseline_and_the_previous_snapshot():
    baseline = state(node("a"), node("b"), node("c"), on=date(2025, 11, 1))
    previous = state(node("a"), node("b"), node("c", ended_on=ENDED), node("d"), on=ENDED)
    now = state(node("a"), node("d"), node("e"), node("f"), node("b", ended_on=date(2026, 9, 1)))

    m = network_measures(now, baseline=baseline, previous=previous)

    # current: baseline {a, b, c}; previous {a, b, d} (c ended); now {a, d, e, f} (b ended)
    # since baseline: new = {d, e, f} → 3; ended = {b, c} → 2
    assert (m.new_since_baseline, m.ended_since_baseline) == (3, 2)
    # since previous: new = {e, f} → 2; ended = {b} → 1
    assert (m.new_since_previous, m.ended_since_previous) == (2, 1)


def test_measures_count_a_connection_taken_up_again_as_new():
    # "r" had ended at the previous snapshot and is current again now
    previous = state(node("a"), node("r", ended_on=ENDED), on=ENDED)
    now = state(node("a"), node("r"))

    m = network_measures(now, previous=previous)

    assert (m.new_since_previous, m.ended_since_previous) == (1, 0)


def test_measures_to_dict_is_json_with_rounded_shares():
    network = state(node("a"), node("b", "worker"), node("c", "worker"), ties=[("a", "b")])

    data = network_measures(network).to_dict()

    # outside 1 of 3 = 0.33333… → 0.3333; density 1 of 3 → 0.3333
    assert data["outside_share"] == 0.3333
    assert data["density"] == 0.3333
    assert data["on"] == "2026-11-01"
    assert json.loads(json.dumps(data)) == data


# The network type ---------------------------------------------------------------------------------


def test_network_type_with_nobody_current_is_none():
    assert type_of(state()) == "none"
    assert type_of(state(node("a", ended_on=ENDED))) == "none"


def test_network_type_formal_needs_more_than_half_inside_services():
    # 1 of 1, 2 of 3 and 4 of 6 inside services → formal
    assert type_of(of_kinds("worker")) == "formal"
    assert type_of(of_kinds("worker", "peer", "friend")) == "formal"
    assert type_of(of_kinds("worker", "worker", "peer", "peer", "friend", "friend")) == "formal"
    # exactly half (1 of 2, 3 of 6) is not "mostly"
    assert type_of(of_kinds("worker", "friend")) == "small"
    assert type_of(of_kinds("worker", "worker", "peer", "friend", "friend", "friend")) == "focused"


def test_network_type_small_is_five_or_fewer():
    assert type_of(of_kinds("friend")) == "small"
    assert type_of(of_kinds(*["friend"] * 5)) == "small"
    assert type_of(of_kinds(*["friend"] * 6)) == "focused"


def test_network_type_small_comes_before_family_and_diverse():
    assert type_of(of_kinds("family", "family", "family", "partner", "family")) == "small"
    assert type_of(of_kinds("family", "friend", "group", "faith", "online")) == "small"


def test_network_type_family_needs_at_least_half_family_or_partner():
    # 3 of 6 (family and partner count together) → family; 2 of 6 → not
    assert (
        type_of(of_kinds("family", "family", "partner", "friend", "friend", "friend")) == "family"
    )
    assert (
        type_of(of_kinds("family", "partner", "friend", "friend", "friend", "friend")) == "focused"
    )


def test_network_type_family_needs_fewer_than_two_new_since_the_previous_snapshot():
    network = of_kinds("family", "family", "family", "friend", "friend", "friend")

    assert type_of(network, new_since_previous=None) == "family"
    assert type_of(network, new_since_previous=0) == "family"
    assert type_of(network, new_since_previous=1) == "family"
    assert type_of(network, new_since_previous=2) == "growing"


def test_network_type_family_comes_before_diverse():
    network = of_kinds("family", "family", "family", "friend", "group", "faith")

    assert type_of(network) == "family"
    # the same people with 2 new since the previous snapshot: 4 kinds → diverse
    assert type_of(network, new_since_previous=2) == "diverse"


def test_network_type_diverse_needs_four_kinds():
    # 4 kinds among 6 → diverse; 3 kinds → focused
    assert (
        type_of(of_kinds("friend", "friend", "friend", "neighbour", "group", "faith")) == "diverse"
    )
    assert (
        type_of(of_kinds("friend", "friend", "friend", "neighbour", "group", "group")) == "focused"
    )


def test_network_type_counts_inside_kinds_towards_diverse():
    # 2 of 6 inside services (not formal); kinds friend, worker, peer, group → 4
    network = of_kinds("friend", "friend", "friend", "worker", "peer", "group")

    assert type_of(network) == "diverse"


def test_network_type_growing_needs_two_new_since_the_previous_snapshot():
    network = of_kinds(*["friend"] * 6)

    assert type_of(network, new_since_previous=1) == "focused"
    assert type_of(network, new_since_previous=2) == "growing"


def test_network_type_diverse_comes_before_growing():
    network = of_kinds("friend", "friend", "friend", "neighbour", "group", "faith")

    assert type_of(network, new_since_previous=5) == "diverse"


def test_network_type_growing_counts_new_from_real_snapshots():
    previous = of_kinds(*["friend"] * 6)
    now = state(*previous.nodes, node("x"), node("y"))

    m = network_measures(now, previous=previous)

    # 8 friends, 2 new (x, y) → growing
    assert network_type(m).code == "growing"


@pytest.mark.parametrize("kind", NETWORK_TYPES, ids=lambda kind: kind.code)
def test_network_type_texts_are_plain_two_sentences(kind):
    explanation = str(kind.explanation)

    assert str(kind.title)
    assert len(re.findall(r"[.!?](?:\s|$)", explanation)) == 2
    for word in ("poor", "weak", "bad", "isolated", "lack", "only", "should", "deficit", "patient"):
        assert not re.search(rf"\b{word}\b", explanation.lower()), word


def test_network_type_rules_quote_the_thresholds_in_use():
    assert f"{measures.SMALL_AT_MOST} or fewer" in str(measures.SMALL.rule)
    assert f"{measures.DIVERSE_KINDS_AT_LEAST} or more" in str(measures.DIVERSE.rule)
    assert f"{measures.GROWING_NEW_AT_LEAST} or more" in str(measures.GROWING.rule)


def test_network_type_to_dict_is_plain_text():
    data = network_type(network_measures(state())).to_dict()

    assert data["code"] == "none"
    assert data["title"] == "No connections yet"
    assert json.loads(json.dumps(data)) == data


# Then and now -------------------------------------------------------------------------------------


def test_compare_sorts_connections_into_new_ended_closer_further_and_same():
    then = state(
        node("a", ring="middle"),
        node("b", ring="close"),
        node("c", ring="outer"),
        node("d", ring="close"),
        node("gone", ring="outer", ended_on=ENDED),
        on=ENDED,
    )
    now = state(
        node("a", ring="close"),  # middle → close: closer
        node("b", ring="outer"),  # close → outer: further
        node("c", ring="outer"),  # same ring
        node("d", ring="close", ended_on=date(2026, 9, 1)),  # ended since
        node("e", ring="middle"),  # new
        node("gone", ring="outer", ended_on=ENDED),  # ended before either: in no group
    )

    assert compare(then, now) == Comparison(
        new=("e",), ended=("d",), closer=("a",), further=("b",), same=("c",)
    )
    assert compare(then, now).to_dict() == {
        "new": ["e"],
        "ended": ["d"],
        "closer": ["a"],
        "further": ["b"],
        "same": ["c"],
    }


def test_compare_with_empty_networks_is_empty():
    assert compare(state(), state()) == Comparison()


# Properties ---------------------------------------------------------------------------------------

KEYS = [f"k{index}" for index in range(10)]
nodes = st.builds(
    Node,
    key=st.sampled_from(KEYS),
    kind=st.sampled_from(Kind.values),
    inside_services=st.booleans(),
    ring=st.sampled_from(Ring.values),
    feels=st.sampled_from(Feels.values),
    gives=st.frozensets(st.sampled_from(Gives.values)),
    ended_on=st.none() | st.just(ENDED),
)
networks = st.builds(
    NetworkState,
    on=st.just(ON),
    nodes=st.lists(nodes, max_size=10, unique_by=lambda n: n.key).map(tuple),
    ties=st.lists(st.tuples(st.sampled_from([*KEYS, "stranger"]), st.sampled_from(KEYS))).map(
        tuple
    ),
    ties_known=st.booleans(),
)


@given(networks)
def test_measures_always_add_up(network):
    m = network_measures(network)

    assert sum(m.by_ring.values()) == m.size
    assert sum(m.by_feels.values()) == m.size
    assert sum(m.by_kind.values()) == m.size
    assert m.diversity == len(m.by_kind) <= m.size
    assert m.supportive == m.by_feels["supportive"]
    assert all(0 <= count <= m.size for count in m.by_gives.values())
    assert (m.outside_share is None) == (m.size == 0)
    assert m.outside_share is None or 0 <= m.outside_share <= 1
    assert m.density is None or 0 <= m.density <= 1
    assert m.components is None or m.components <= m.size
    assert json.loads(json.dumps(m.to_dict())) == m.to_dict()


@given(networks)
def test_network_type_always_gives_one_of_the_types(network):
    assert network_type(network_measures(network)) in NETWORK_TYPES


@given(networks)
def test_compare_with_itself_shows_no_change(network):
    comparison = compare(network, network)

    assert comparison.new == comparison.ended == comparison.closer == comparison.further == ()
    assert comparison.same == tuple(sorted(network.current_keys()))


@given(networks, networks)
def test_compare_agrees_with_the_measures(then, now):
    comparison = compare(then, now)
    m = network_measures(now, previous=then)

    assert len(comparison.new) == m.new_since_previous
    assert len(comparison.ended) == m.ended_since_previous
    assert m.size - len(then.current()) == m.new_since_previous - m.ended_since_previous
    kept = comparison.closer + comparison.further + comparison.same
    assert sorted(kept + comparison.new) == sorted(now.current_keys())

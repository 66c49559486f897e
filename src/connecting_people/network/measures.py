"""Measures of a person's network as it stood on a date, and a plain-words summary of its type.

Pure Python with NetworkX: no database. The snapshot code, the map page, the team reports and
`cpi network_measures` all build a `NetworkState` and call `network_measures`, so they agree.

Counting rules
    A connection is *current* when it has no end date; ended connections stay in a snapshot for its
    history but count nowhere except in "ended since". "New since" a comparison state means current
    now and not current then (matched by key); "ended since" means current then and not current now.
    Ties are used only when someone recorded who knows whom (`ties_known`); ties that name an ended
    or unknown connection, or the same connection twice, are left out.

The network type (our own rule, in the spirit of the Personal Well-being Networks types "formal
and sparse; family and stable; diverse and active"; not a validated classification). The first rule
that fits, in this order, gives the type:

    1. none     No connections yet               no current connections
    2. formal   Mostly through services          more than half of the current connections are
                                                 inside services (FORMAL_MORE_THAN = 1/2)
    3. small    A few important people           5 or fewer current connections (SMALL_AT_MOST)
    4. family   Family-centred and steady        at least half are family or a partner
                                                 (FAMILY_AT_LEAST = 1/2) and fewer than 2 new
                                                 since the previous snapshot (GROWING_NEW_AT_LEAST)
    5. diverse  Wide and varied                  4 or more different kinds (DIVERSE_KINDS_AT_LEAST)
    6. growing  Making new connections           2 or more new since the previous snapshot
    7. focused  Centred on a few parts of life   anything else

Without a previous snapshot, "new since the previous snapshot" counts as 0 for this rule.

By the time rules 4 to 7 are reached, at least half the connections are outside services and there
are at least 6 of them. docs/network-measures.md explains why each threshold is where it is.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass, fields
from datetime import date
from fractions import Fraction
from typing import Any

import networkx as nx
from django.utils.functional import Promise
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from connecting_people.network.vocab import Feels, Gives, Kind, Ring

FORMAL_MORE_THAN = Fraction(1, 2)
SMALL_AT_MOST = 5
FAMILY_AT_LEAST = Fraction(1, 2)
FAMILY_KINDS = frozenset({Kind.FAMILY.value, Kind.PARTNER.value})
DIVERSE_KINDS_AT_LEAST = 4
GROWING_NEW_AT_LEAST = 2

# Rings from the centre outwards: a smaller number is closer to the person.
RING_ORDER = {ring: position for position, ring in enumerate(Ring.values)}
SHARE_DECIMALS = 4


@dataclass(frozen=True)
class Node:
    """One connection as it stood on the snapshot date."""

    key: str
    kind: str
    inside_services: bool
    ring: str
    feels: str
    gives: frozenset[str] = frozenset()
    frequency: str = ""
    began: str = ""
    started_on: date | None = None
    ended_on: date | None = None

    @property
    def is_current(self) -> bool:
        """Whether the connection had not ended (ended ones are kept only for history)."""
        return self.ended_on is None


@dataclass(frozen=True)
class NetworkState:
    """The whole map on one date: its connections and, when recorded, who knows whom."""

    on: date
    nodes: tuple[Node, ...]
    ties: tuple[tuple[str, str], ...] = ()
    ties_known: bool = False

    def current(self) -> tuple[Node, ...]:
        """The connections that had not ended."""
        return tuple(node for node in self.nodes if node.is_current)

    def current_keys(self) -> frozenset[str]:
        """The keys of the connections that had not ended."""
        return frozenset(node.key for node in self.current())


@dataclass(frozen=True)
class Measures:
    """The numbers that describe one network state (see the module docstring for the rules)."""

    on: date
    size: int
    by_ring: dict[str, int]
    by_kind: dict[str, int]
    diversity: int
    family: int
    outside_services: int
    outside_share: float | None
    supportive: int
    by_feels: dict[str, int]
    by_gives: dict[str, int]
    new_since_baseline: int | None
    ended_since_baseline: int | None
    new_since_previous: int | None
    ended_since_previous: int | None
    ties_known: bool
    ties: int | None
    density: float | None
    components: int | None

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready values: the date as ISO text, shares rounded to 4 decimal places."""
        data = asdict(self)
        data["on"] = self.on.isoformat()
        for name in ("outside_share", "density"):
            if data[name] is not None:
                data[name] = round(data[name], SHARE_DECIMALS)
        return data


@dataclass(frozen=True)
class NetworkType:
    """A one-line summary of a network's shape, with a warm two-sentence explanation."""

    code: str
    title: str | Promise
    explanation: str | Promise
    rule: str | Promise

    def to_dict(self) -> dict[str, str]:
        """The code and the texts in the active language."""
        return {
            "code": self.code,
            "title": str(self.title),
            "explanation": str(self.explanation),
            "rule": str(self.rule),
        }


@dataclass(frozen=True)
class Comparison:
    """What changed between two states of one person's network, matched by key."""

    new: tuple[str, ...] = ()
    ended: tuple[str, ...] = ()
    closer: tuple[str, ...] = ()
    further: tuple[str, ...] = ()
    same: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, list[str]]:
        """Each group of keys as a sorted list."""
        return {group.name: list(getattr(self, group.name)) for group in fields(self)}


def network_measures(
    state: NetworkState,
    *,
    baseline: NetworkState | None = None,
    previous: NetworkState | None = None,
) -> Measures:
    """Measure one network state, comparing it with the baseline and previous states if given."""
    current = state.current()
    kinds = Counter(node.kind for node in current)
    outside = sum(1 for node in current if not node.inside_services)
    new_baseline, ended_baseline = _turnover(baseline, state)
    new_previous, ended_previous = _turnover(previous, state)
    graph = _graph(state) if state.ties_known else None
    return Measures(
        on=state.on,
        size=len(current),
        by_ring=_count_each(Ring.values, (node.ring for node in current)),
        by_kind=dict(sorted(kinds.items())),
        diversity=len(kinds),
        family=sum(kinds[kind] for kind in FAMILY_KINDS),
        outside_services=outside,
        outside_share=outside / len(current) if current else None,
        supportive=sum(1 for node in current if node.feels == Feels.SUPPORTIVE),
        by_feels=_count_each(Feels.values, (node.feels for node in current)),
        by_gives=_count_each(Gives.values, (gift for node in current for gift in node.gives)),
        new_since_baseline=new_baseline,
        ended_since_baseline=ended_baseline,
        new_since_previous=new_previous,
        ended_since_previous=ended_previous,
        ties_known=state.ties_known,
        ties=graph.number_of_edges() if graph is not None else None,
        density=nx.density(graph) if graph is not None and len(graph) >= 2 else None,
        components=nx.number_connected_components(graph) if graph is not None else None,
    )


def _count_each(names: list[str], values: Any) -> dict[str, int]:
    """How many of each name occur in values, listing every name (zeros included) in order."""
    counts = Counter(values)
    return {name: counts[name] for name in names}


def _turnover(then: NetworkState | None, now: NetworkState) -> tuple[int | None, int | None]:
    """How many connections are new and how many ended since `then` (None without `then`)."""
    if then is None:
        return None, None
    before, after = then.current_keys(), now.current_keys()
    return len(after - before), len(before - after)


def _graph(state: NetworkState) -> nx.Graph:
    """The current connections as a graph, with the ties between them that can be used."""
    graph = nx.Graph()
    keys = state.current_keys()
    graph.add_nodes_from(keys)
    graph.add_edges_from(
        (one, other) for one, other in state.ties if one in keys and other in keys and one != other
    )
    return graph


NONE = NetworkType(
    "none",
    _("No connections yet"),
    _(
        "There is nobody on the map yet. Adding the people and groups that matter to you, "
        "however few, is a good first step."
    ),
    _("There are no current connections."),
)
FORMAL = NetworkType(
    "formal",
    _("Mostly through services"),
    _(
        "Most of the people around you at the moment come through services, such as workers "
        "and peers. They can be a good base for meeting people in other places too."
    ),
    _("More than half of the current connections are inside services."),
)
SMALL = NetworkType(
    "small",
    _("A few important people"),
    _(
        "There are a few people on your map right now. A small network can mean a great deal, "
        "and it can grow at its own pace."
    ),
    format_lazy(
        _("There are {small} or fewer current connections, at least half outside services."),
        small=SMALL_AT_MOST,
    ),
)
FAMILY = NetworkType(
    "family",
    _("Family-centred and steady"),
    _(
        "Family is at the heart of your network: at least half of the people around you are "
        "family or a partner. Ties like these are often long-standing and steady."
    ),
    format_lazy(
        _(
            "More than {small} current connections, at least half of them family or a partner, "
            "and fewer than {new} new since the previous snapshot."
        ),
        small=SMALL_AT_MOST,
        new=GROWING_NEW_AT_LEAST,
    ),
)
DIVERSE = NetworkType(
    "diverse",
    _("Wide and varied"),
    _(
        "Your connections come from many different parts of your life. Having people in "
        "different places can mean there is often someone to turn to."
    ),
    format_lazy(
        _("More than {small} current connections, of {kinds} or more different kinds."),
        small=SMALL_AT_MOST,
        kinds=DIVERSE_KINDS_AT_LEAST,
    ),
)
GROWING = NetworkType(
    "growing",
    _("Making new connections"),
    _(
        "New people or groups have joined your map since last time. Your network is changing, "
        "and new ties can grow stronger with time."
    ),
    format_lazy(
        _(
            "More than {small} current connections, and {new} or more new since the previous "
            "snapshot."
        ),
        small=SMALL_AT_MOST,
        new=GROWING_NEW_AT_LEAST,
    ),
)
FOCUSED = NetworkType(
    "focused",
    _("Centred on a few parts of life"),
    _(
        "Your connections come from a few parts of your life, such as friends or neighbours. "
        "That can be a steady base, and new activities can open up others."
    ),
    format_lazy(
        _(
            "More than {small} current connections, at least half outside services, fewer than "
            "half family, fewer than {kinds} kinds and fewer than {new} new since the previous "
            "snapshot."
        ),
        small=SMALL_AT_MOST,
        kinds=DIVERSE_KINDS_AT_LEAST,
        new=GROWING_NEW_AT_LEAST,
    ),
)
NETWORK_TYPES = (NONE, FORMAL, SMALL, FAMILY, DIVERSE, GROWING, FOCUSED)


def network_type(m: Measures) -> NetworkType:
    """The first type in the rule (see the module docstring) that fits the measures."""
    inside = m.size - m.outside_services
    new = m.new_since_previous or 0
    if m.size == 0:
        return NONE
    if Fraction(inside, m.size) > FORMAL_MORE_THAN:
        return FORMAL
    if m.size <= SMALL_AT_MOST:
        return SMALL
    if Fraction(m.family, m.size) >= FAMILY_AT_LEAST and new < GROWING_NEW_AT_LEAST:
        return FAMILY
    if m.diversity >= DIVERSE_KINDS_AT_LEAST:
        return DIVERSE
    if new >= GROWING_NEW_AT_LEAST:
        return GROWING
    return FOCUSED


def compare(then: NetworkState, now: NetworkState) -> Comparison:
    """Which connections are new, ended, closer, further out or in the same ring, then to now."""
    before = {node.key: node for node in then.current()}
    after = {node.key: node for node in now.current()}
    kept = before.keys() & after.keys()
    moves = {key: RING_ORDER[after[key].ring] - RING_ORDER[before[key].ring] for key in kept}
    return Comparison(
        new=tuple(sorted(after.keys() - before.keys())),
        ended=tuple(sorted(before.keys() - after.keys())),
        closer=tuple(sorted(key for key, move in moves.items() if move < 0)),
        further=tuple(sorted(key for key, move in moves.items() if move > 0)),
        same=tuple(sorted(key for key, move in moves.items() if move == 0)),
    )

"""Variety: the top of the list should meet several of their interests, not one many times.

Suggestions are taken best first; each one that meets only interests already met higher up
takes a small penalty (`WEIGHTS["variety"]`) for each time the least-met of them has been met,
up to `VARIETY_MOST` times, so something that suits them less is never pushed far up. With no
interests recorded, the kinds of activity (categories) are shared out instead; with one, there
is nothing to share out. The penalty is a contribution of its own ("variety"), so contributions
still add up to the score, and the list stays in score order.

Penalties only grow as suggestions are taken, so a score worked out earlier is an upper bound:
the best is taken lazily from a heap, its penalty worked out again only when it comes to the top.
"""

from __future__ import annotations

import heapq
from collections import Counter
from collections.abc import Callable, Hashable, Sequence
from typing import TypeVar

T = TypeVar("T")
Key = Hashable


def rerank(
    items: Sequence[T],
    *,
    score: Callable[[T], float],
    keys: Callable[[T], frozenset[Key]],
    tie: Callable[[T], tuple],
    weight: float,
    most: int,
    limit: int,
) -> list[tuple[T, float]]:
    """The best `limit` items with their variety penalty (0 or negative), best first.

    `score` is an item's score before variety, `keys` what it meets (its interests, or kinds
    of activity), `tie` orders equal scores, `weight` the penalty for each time its least-met
    key has been met above it, counted up to `most` times."""
    if limit <= 0 or not items:
        return []
    every = [keys(item) for item in items]
    met: Counter[Key] = Counter()
    heap = [(-score(item), tie(item), n, 0.0) for n, item in enumerate(items)]
    heapq.heapify(heap)
    chosen: list[tuple[T, float]] = []
    while heap and len(chosen) < limit:
        _negative, order, n, penalty = heapq.heappop(heap)
        its = every[n]
        now = weight * min(most, min((met[k] for k in its), default=0)) if weight else 0.0
        if now != penalty:  # met more since last worked out: back in with the new score
            heapq.heappush(heap, (-(score(items[n]) + now), order, n, now))
            continue
        chosen.append((items[n], penalty))
        met.update(its)
    return chosen

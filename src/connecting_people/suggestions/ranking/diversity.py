"""Variety: the top of the list should meet several of their interests, not one many times.

Suggestions are taken best first; each one that meets only interests already met higher up
takes a small penalty (`WEIGHTS["variety"]`) for each time the least-met of them has been met,
up to `VARIETY_MOST` times, so something that suits them less is never pushed far up. With no
interests recorded, the kinds of activity (categories) are shared out instead; with one, there
is nothing to share out. The penalty is a contribution of its own ("variety"), so contributions
still add up to the score, and the list stays in score order.

Penalties only grow as suggestions are taken, so a score worked out earlier is an upper bound:
the best is taken lazily from a heap, its penalty worked out again only when it comes to the top.

Kinds of activity at the top (`cap_kinds`): no more than two ideas of one kind in the top five
(`VARIETY_KIND_MOST`, `VARIETY_TOP`), whatever the scores, unless the person asked for more
of it: two for each of their interests of that kind (two interests in local history, four),
and no limit when every one of their interests is of it (one interest, or several of one
kind), as a list of it is then what they want. A candidate's kinds are those of its kinds their
interests have, else its most specific of all (`ranking.kinds_of`).
"""

from __future__ import annotations

import heapq
from collections import Counter
from collections.abc import Callable, Hashable, Mapping, Sequence
from typing import Any, TypeVar

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


def cap_kinds(
    chosen: Sequence[T],
    *,
    kinds: Callable[[T], frozenset[Any]],
    fits: Callable[[T], bool],
    asked: Mapping[Any, int],
    top: int,
    most: int,
) -> list[T]:
    """`chosen` with no more than `most` of one kind among the first `top` for each of their
    interests of that kind (`asked`: how many of their interests are of each kind; none counts
    as one). An item of several kinds (a family-history drop-in: local history and learning)
    takes a place of whichever of them has most room; one with no kind is never held back. A
    further one of a full kind waits just below the top, in its order, so the top is filled by
    the best of other kinds that `fits` them (meets one of their interests): never by
    something that does not suit them, brought up for variety's sake. With too few of those,
    the top is filled as before. The list is in score order but for those that waited."""
    head: list[T] = []
    counts: Counter[Any] = Counter()
    taken: set[int] = set()
    waiting = False
    for n, item in enumerate(chosen):
        if len(head) == top or (waiting and not fits(item)):
            break
        if its := kinds(item):
            room = {k: most * max(1, asked.get(k, 0)) - counts[k] for k in its}
            best = max(sorted(room, key=str), key=lambda k: room[k])
            if room[best] <= 0:
                waiting = True
                continue
            counts[best] += 1
        head.append(item)
        taken.add(n)
    return head + [item for n, item in enumerate(chosen) if n not in taken]

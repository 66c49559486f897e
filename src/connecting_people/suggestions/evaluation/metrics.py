"""Pure measures of a ranked list against graded labels (no database, no Django).

Relevance is graded: 2 a great fit, 1 acceptable, anything unlabelled 0.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Iterable, Mapping, Sequence


def precision_at_k(ranked: Sequence[str], relevant: Mapping[str, int], k: int) -> float:
    """Share of the first k places holding something relevant (grade 1 or more).

    Places the ranker left empty count as misses: 2 relevant of 3 returned at k=5 is 0.4.
    """
    if k <= 0:
        raise ValueError("k must be at least 1")
    hits = sum(1 for name in ranked[:k] if relevant.get(name, 0) > 0)
    return hits / k


def dcg_at_k(gains: Sequence[float], k: int) -> float:
    """Discounted cumulative gain: sum of (2^gain - 1) / log2(position + 1), positions from 1."""
    return sum((2**gain - 1) / math.log2(i + 2) for i, gain in enumerate(gains[:k]))


def ndcg_at_k(ranked: Sequence[str], relevant: Mapping[str, int], k: int) -> float | None:
    """DCG of the ranking over the best DCG the labels allow; None when nothing is relevant
    (the measure means nothing then, and is left out of averages rather than counted as 0 or 1).
    """
    if k <= 0:
        raise ValueError("k must be at least 1")
    ideal = dcg_at_k(sorted((g for g in relevant.values() if g > 0), reverse=True), k)
    if ideal == 0:
        return None
    return dcg_at_k([relevant.get(name, 0) for name in ranked], k) / ideal


def coverage(top_lists: Iterable[Iterable[Hashable]], catalogue: Iterable[Hashable]) -> float:
    """Share of the catalogue that appears in at least one list (0 when the catalogue is empty)."""
    every = set(catalogue)
    if not every:
        return 0.0
    seen = {name for names in top_lists for name in names} & every
    return len(seen) / len(every)


def mean(values: Iterable[float | None]) -> float | None:
    """Average of the values that are not None; None when there are none."""
    present = [v for v in values if v is not None]
    return sum(present) / len(present) if present else None


def largest_share(top_lists: Sequence[Iterable[Hashable]]) -> tuple[float, list[Hashable]]:
    """The largest share of the lists any one item appears in, and the items that reach it
    (sameness: one service in every list is a damper missing). (0, []) with no lists."""
    lists = [set(names) for names in top_lists]
    if not lists:
        return 0.0, []
    counts: dict[Hashable, int] = {}
    for names in lists:
        for name in names:
            counts[name] = counts.get(name, 0) + 1
    if not counts:
        return 0.0, []
    most = max(counts.values())
    return most / len(lists), sorted((n for n, c in counts.items() if c == most), key=str)

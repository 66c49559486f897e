"""What a score can be: its range and, where it is a short list, every value it can take.

Used by the definition checks (a stated range must be the range the items give; bands must
cover every possible score) and by the property tests. Pure: no Django.
"""

from __future__ import annotations

from fractions import Fraction

from connecting_people.outcomes.instrument import ITEM, MEAN, PRORATE, SUM, Definition, Score


def _item_ranges(definition: Definition, score: Score) -> list[tuple[int, int]]:
    return [
        (min(item.scored_values), max(item.scored_values))
        for item in (definition.by_id[item_id] for item_id in score.items)
    ]


def _extreme_mean(values: list[int], fewest: int, *, lowest: bool) -> Fraction:
    """The lowest (or highest) mean of at least `fewest` of these values."""
    ordered = sorted(values, reverse=not lowest)
    means = [Fraction(sum(ordered[:k]), k) for k in range(fewest, len(ordered) + 1)]
    return min(means) if lowest else max(means)


def raw_range(definition: Definition, score: Score) -> tuple[Fraction, Fraction]:
    """The lowest and highest value the score can take before any lookup table."""
    ranges = _item_ranges(definition, score)
    lows, highs = [lo for lo, _ in ranges], [hi for _, hi in ranges]
    if score.method == ITEM:
        return Fraction(lows[0]), Fraction(highs[0])
    allowed = definition.missing.max_missing if definition.missing.rule == PRORATE else 0
    fewest = max(len(ranges) - allowed, 1)
    low = _extreme_mean(lows, fewest, lowest=True)
    high = _extreme_mean(highs, fewest, lowest=False)
    if score.method == SUM:
        low, high = low * len(ranges), high * len(ranges)
    if score.rounding is not None:
        low, high = score.rounding.apply(low), score.rounding.apply(high)
    return low, high


def score_range(definition: Definition, score: Score) -> tuple[Fraction, Fraction]:
    """The lowest and highest value the score can take, after any lookup table."""
    if score.lookup is None:
        return raw_range(definition, score)
    values = score.lookup.table.values()
    return min(values), max(values)


def possible_values(
    definition: Definition, score: Score, limit: int = 20_000
) -> set[Fraction] | None:
    """Every value the score can take, when that is a short list: a question's scored answers,
    an unprorated sum, or a lookup table's values. None when it is a grid of rounded values."""
    if score.lookup is not None:
        return set(score.lookup.table.values())
    prorates = definition.missing.rule == PRORATE and score.method == SUM
    if score.method == MEAN or prorates:
        return None
    sums = {0}
    for item_id in score.items:
        scored = set(definition.by_id[item_id].scored_values)
        sums = {total + value for total in sums for value in scored}
        if len(sums) > limit:
            return None
    return {Fraction(total) for total in sums}

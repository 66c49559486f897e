"""Statistics for paired change: mean, standard deviation, the t distribution's quantiles, a 95%
confidence interval of a mean change and a standardised effect size. Pure Python, no Django, no
SciPy, so each number can be worked by hand in the tests.

The t quantile is exact (to about 1e-10): the t distribution's CDF is worked out from the
regularised incomplete beta function (a continued fraction, evaluated by the modified Lentz
method), and the quantile is found by bisection on it. t(0.975, 4) = 2.7764, t(0.975, 29) = 2.0452.

The effect size is Cohen's d_z: the mean of the changes divided by the standard deviation of the
changes (each person's latest minus baseline). It is the paired design's own effect size; it is
not comparable with a d worked out from two independent groups' standard deviations.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

TOO_FEW = 5  # fewer people than this and the report says "too few people to say"
CONFIDENCE = 0.95

_EPSILON = 1e-15
_TINY = 1e-300


def mean(values: Sequence[float]) -> float:
    """The arithmetic mean; at least one value."""
    if not values:
        raise ValueError("the mean of no values is not defined")
    return math.fsum(values) / len(values)


def sd(values: Sequence[float]) -> float:
    """The sample standard deviation (divided by n - 1); at least two values."""
    if len(values) < 2:
        raise ValueError("a standard deviation needs at least two values")
    centre = mean(values)
    return math.sqrt(math.fsum((v - centre) ** 2 for v in values) / (len(values) - 1))


def _beta_fraction(a: float, b: float, x: float) -> float:
    """The continued fraction of the incomplete beta function (modified Lentz)."""
    qab, qap, qam = a + b, a + 1.0, a - 1.0
    c, d = 1.0, 1.0 - qab * x / qap
    d = 1.0 / (d if abs(d) > _TINY else _TINY)
    result = d
    for m in range(1, 500):
        m2 = 2 * m
        aa = m * (b - m) * x / ((qam + m2) * (a + m2))
        d = 1.0 + aa * d
        d = 1.0 / (d if abs(d) > _TINY else _TINY)
        c = 1.0 + aa / c
        c = c if abs(c) > _TINY else _TINY
        result *= d * c
        aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2))
        d = 1.0 + aa * d
        d = 1.0 / (d if abs(d) > _TINY else _TINY)
        c = 1.0 + aa / c
        c = c if abs(c) > _TINY else _TINY
        step = d * c
        result *= step
        if abs(step - 1.0) < _EPSILON:
            break
    return result


def incomplete_beta(a: float, b: float, x: float) -> float:
    """The regularised incomplete beta function I_x(a, b), for a, b > 0 and 0 <= x <= 1."""
    if not 0.0 <= x <= 1.0:
        raise ValueError("x must be from 0 to 1")
    if x in (0.0, 1.0):
        return x
    log_front = (
        math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b) + a * math.log(x) + b * math.log1p(-x)
    )
    front = math.exp(log_front)
    if x < (a + 1.0) / (a + b + 2.0):
        return front * _beta_fraction(a, b, x) / a
    return 1.0 - front * _beta_fraction(b, a, 1.0 - x) / b


def t_cdf(t: float, df: float) -> float:
    """P(T <= t) for Student's t distribution with df degrees of freedom."""
    if df <= 0:
        raise ValueError("degrees of freedom must be positive")
    tail = 0.5 * incomplete_beta(df / 2.0, 0.5, df / (df + t * t))
    return 1.0 - tail if t >= 0 else tail


def t_quantile(p: float, df: float) -> float:
    """The t value below which a share p of the distribution lies (0 < p < 1)."""
    if not 0.0 < p < 1.0:
        raise ValueError("p must be between 0 and 1")
    if p < 0.5:
        return -t_quantile(1.0 - p, df)
    if p == 0.5:
        return 0.0
    low, high = 0.0, 1.0
    while t_cdf(high, df) < p:
        high *= 2.0
    for _ in range(200):
        middle = (low + high) / 2.0
        if t_cdf(middle, df) < p:
            low = middle
        else:
            high = middle
        if high - low < 1e-12:
            break
    return (low + high) / 2.0


@dataclass(frozen=True)
class PairedChange:
    """Change from baseline to latest for n people: the means, and how sure we can be."""

    n: int
    mean_before: float
    mean_after: float
    mean_change: float
    sd_change: float | None  # None with one person
    ci_low: float | None  # 95% confidence interval of the mean change (t distribution)
    ci_high: float | None
    d_z: float | None  # mean change / SD of the changes; None when every change is the same

    @property
    def too_few(self) -> bool:
        return self.n < TOO_FEW


def paired_change(pairs: Sequence[tuple[float, float]]) -> PairedChange | None:
    """Summarise (baseline, latest) pairs, one per person; None for no pairs."""
    if not pairs:
        return None
    before = [b for b, _ in pairs]
    after = [a for _, a in pairs]
    changes = [a - b for b, a in pairs]
    n = len(pairs)
    return _summarise(n, mean(before), mean(after), mean(changes), sd(changes) if n > 1 else None)


@dataclass(frozen=True)
class Sums:
    """What a database adds up for a paired change: n and the sums of the baselines, the latest
    values, the changes and the squared changes."""

    n: int
    before: float
    after: float
    change: float
    change_squared: float


def paired_change_from_sums(sums: Sums) -> PairedChange | None:
    """The same summary as paired_change, from the sums (None for no pairs).

    The variance of the changes is (sum of squares - n * mean^2) / (n - 1). Worked from sums it
    can come out a hair above or below zero when every change is the same; anything within a
    rounding error of zero, relative to the size of the changes, counts as no spread.
    """
    n = sums.n
    if n < 1:
        return None
    centre = sums.change / n
    if n < 2:
        return _summarise(n, sums.before / n, sums.after / n, centre, None)
    variance = (sums.change_squared - n * centre * centre) / (n - 1)
    if variance <= 1e-9 * max(1.0, sums.change_squared / n):
        variance = 0.0
    return _summarise(n, sums.before / n, sums.after / n, centre, math.sqrt(variance))


def _summarise(
    n: int, mean_before: float, mean_after: float, centre: float, spread: float | None
) -> PairedChange:
    if spread is None:
        return PairedChange(n, mean_before, mean_after, centre, None, None, None, None)
    half = t_quantile(1 - (1 - CONFIDENCE) / 2, n - 1) * spread / math.sqrt(n)
    return PairedChange(
        n=n,
        mean_before=mean_before,
        mean_after=mean_after,
        mean_change=centre,
        sd_change=spread,
        ci_low=centre - half,
        ci_high=centre + half,
        d_z=centre / spread if spread > 0 else None,
    )

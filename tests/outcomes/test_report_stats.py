"""The statistics of paired change, against numbers worked by hand (shown beside each test) and
against published tables of the t distribution."""

import math

import pytest

from connecting_people.outcomes import stats


def test_mean_and_sd_by_hand():
    # 2, 4, 4, 4, 5, 5, 7, 9: sum 40, mean 5; squared deviations 9+1+1+1+0+0+4+16 = 32;
    # sample variance 32 / 7 = 4.5714..., SD 2.1381 (to 4 places).
    values = [2, 4, 4, 4, 5, 5, 7, 9]
    assert stats.mean(values) == 5
    assert stats.sd(values) == pytest.approx(math.sqrt(32 / 7))
    assert round(stats.sd(values), 4) == 2.1381


def test_mean_and_sd_refuse_too_few_values():
    with pytest.raises(ValueError, match="mean"):
        stats.mean([])
    with pytest.raises(ValueError, match="two values"):
        stats.sd([3])


@pytest.mark.parametrize(
    ("p", "df", "expected"),
    [
        # Published two-sided 95% (p = 0.975) and 99% (p = 0.995) critical values, to 3 places.
        (0.975, 1, 12.706),
        (0.975, 2, 4.303),
        (0.975, 4, 2.776),
        (0.975, 10, 2.228),
        (0.975, 29, 2.045),
        (0.975, 30, 2.042),
        (0.975, 120, 1.980),
        (0.995, 5, 4.032),
        (0.95, 9, 1.833),
    ],
)
def test_t_quantile_matches_the_tables(p, df, expected):
    assert round(stats.t_quantile(p, df), 3) == expected


def test_t_quantile_is_symmetric_and_tends_to_the_normal():
    assert stats.t_quantile(0.025, 4) == pytest.approx(-stats.t_quantile(0.975, 4))
    assert stats.t_quantile(0.5, 7) == 0
    assert stats.t_quantile(0.975, 100_000) == pytest.approx(1.95996, abs=1e-4)


def test_t_cdf_inverts_the_quantile():
    for df in (1, 3, 8, 40):
        assert stats.t_cdf(stats.t_quantile(0.9, df), df) == pytest.approx(0.9, abs=1e-9)


def test_t_quantile_refuses_a_probability_outside_0_and_1():
    with pytest.raises(ValueError, match="between 0 and 1"):
        stats.t_quantile(1.0, 5)


def test_paired_change_by_hand():
    # Baseline → latest: 4→6, 5→6, 3→5, 6→6, 2→5. Changes 2, 1, 2, 0, 3: mean 8/5 = 1.6.
    # Deviations 0.4, -0.6, 0.4, -1.6, 1.4; squares sum 5.2; variance 5.2/4 = 1.3; SD 1.1402.
    # Standard error 1.1402 / sqrt(5) = 0.5099; t(0.975, 4) = 2.7764; half-width 1.4157;
    # 95% CI 0.1843 to 3.0157. d_z = 1.6 / 1.1402 = 1.4033. Means: baseline 4.0, latest 5.6.
    change = stats.paired_change([(4, 6), (5, 6), (3, 5), (6, 6), (2, 5)])
    assert change is not None
    assert change.n == 5
    assert (change.mean_before, change.mean_after) == (4.0, 5.6)
    assert change.mean_change == pytest.approx(1.6)
    assert change.sd_change == pytest.approx(math.sqrt(1.3))
    assert round(change.ci_low, 4) == 0.1843
    assert round(change.ci_high, 4) == 3.0157
    assert round(change.d_z, 4) == 1.4033
    assert not change.too_few


def test_paired_change_of_a_decrease_has_a_negative_effect():
    # Changes -1, -2, -3, -1, -3: mean -2, squares of deviations 1+0+1+1+1 = 4, SD 1;
    # d_z = -2; CI -2 ± 2.7764 * 1/sqrt(5) = -2 ± 1.2417.
    change = stats.paired_change([(5, 4), (6, 4), (7, 4), (5, 4), (7, 4)])
    assert change.d_z == pytest.approx(-2)
    assert change.ci_low == pytest.approx(-2 - stats.t_quantile(0.975, 4) / math.sqrt(5))
    assert round(change.ci_high, 4) == -0.7583


def test_paired_change_with_no_spread_or_one_person():
    same = stats.paired_change([(3, 4)] * 6)
    assert same.mean_change == 1
    assert same.sd_change == 0
    assert same.d_z is None
    assert same.ci_low == same.ci_high == 1
    one = stats.paired_change([(3, 5)])
    assert one.n == 1
    assert one.ci_low is None
    assert one.d_z is None
    assert one.too_few
    assert stats.paired_change([]) is None


def test_fewer_than_five_is_too_few():
    assert stats.paired_change([(1, 2), (2, 3), (3, 5), (4, 4)]).too_few
    assert not stats.paired_change([(1, 2), (2, 3), (3, 5), (4, 4), (1, 1)]).too_few

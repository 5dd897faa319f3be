"""Campaign statistics against hand-computed values and statsmodels."""

from __future__ import annotations

import math

import numpy as np
import pytest
from statsmodels.stats.power import NormalIndPower
from statsmodels.stats.proportion import confint_proportions_2indep, proportion_confint, proportions_ztest

from crm.campaigns.stats import (
    control_needed,
    holdout_needed,
    minimum_detectable_uplift,
    segment_needed,
    two_proportions,
    welch,
    wilson,
)

CASES = [(120, 1000, 80, 1000), (15, 200, 3, 50), (0, 40, 0, 10), (9, 10, 1, 10), (3000, 90000, 290, 10000)]


@pytest.mark.parametrize(("k", "n"), [(0, 10), (3, 10), (10, 10), (56, 1000)])
def test_wilson_equals_statsmodels(k, n):
    assert wilson(k, n) == pytest.approx(proportion_confint(k, n, method="wilson"), abs=1e-12)


@pytest.mark.parametrize(("k1", "n1", "k2", "n2"), CASES)
def test_uplift_interval_and_test_equal_statsmodels(k1, n1, k2, n2):
    u = two_proportions(k1, n1, k2, n2)
    low, high = confint_proportions_2indep(k1, n1, k2, n2, method="newcomb", compare="diff")
    assert (u.ci_low, u.ci_high) == pytest.approx((low, high), abs=1e-9)
    if k1 + k2 > 0:
        _, p = proportions_ztest([k1, k2], [n1, n2])
        assert u.p_value == pytest.approx(p, rel=1e-9)
    else:
        assert u.p_value == 1.0  # nobody converted: no evidence either way
    assert u.uplift == pytest.approx(k1 / n1 - k2 / n2)
    assert u.ci_low <= u.uplift <= u.ci_high


def test_uplift_by_hand():
    u = two_proportions(120, 1000, 80, 1000)
    assert (u.rate_target, u.rate_control, u.uplift) == pytest.approx((0.12, 0.08, 0.04))
    assert u.relative == pytest.approx(0.5) and u.incremental == pytest.approx(40)
    # pooled z: p = 0.1, se = sqrt(0.09 · 2/1000) = 0.013416; z = 2.9814; p = 0.00287
    assert u.p_value == pytest.approx(2 * (1 - 0.998566), abs=2e-5)
    assert two_proportions(5, 10, 0, 10).relative is None
    with pytest.raises(ValueError):
        two_proportions(1, 10, 0, 0)


def test_welch_equals_scipy_and_the_hand_formula():
    from scipy import stats as sps

    rng = np.random.default_rng(3)
    a, b = rng.exponential(50, 400) * (rng.random(400) < 0.2), rng.exponential(50, 90) * (rng.random(90) < 0.1)
    w = welch(a, b)
    t = sps.ttest_ind(a, b, equal_var=False)
    assert w.p_value == pytest.approx(t.pvalue, rel=1e-9)
    ci = t.confidence_interval(0.95)
    assert (w.ci_low, w.ci_high) == pytest.approx((ci.low, ci.high), rel=1e-9)
    same = welch(np.zeros(5), np.zeros(4))
    assert (same.difference, same.ci_low, same.ci_high, same.p_value) == (0.0, 0.0, 0.0, 1.0)


def test_the_minimum_detectable_uplift_has_the_wanted_power():
    mde = minimum_detectable_uplift(9000, 1000, 0.05)
    # statsmodels: the effect size (in standard deviations) with power 0.8 at these sizes; it also
    # counts the far tail's sliver of power, which the usual formula leaves out (a 2e-6 difference)
    effect = NormalIndPower().solve_power(nobs1=9000, ratio=1000 / 9000, alpha=0.05, power=0.8)
    assert mde == pytest.approx(effect * math.sqrt(0.05 * 0.95), rel=1e-5)
    assert mde == pytest.approx(2.8016 * math.sqrt(0.0475 * (1 / 9000 + 1 / 1000)), rel=1e-4)
    with pytest.raises(ValueError):
        minimum_detectable_uplift(10, 0, 0.05)


def test_sizes_that_an_uplift_needs_are_the_inverse_of_the_minimum():
    base, uplift = 0.05, 0.01
    c = control_needed(20000, base, uplift)
    assert minimum_detectable_uplift(20000, c, base) <= uplift < minimum_detectable_uplift(20000, c - 1, base)
    assert control_needed(100, base, uplift) is None  # the target group alone is too small
    h = holdout_needed(30000, base, uplift)
    n = 30000
    assert minimum_detectable_uplift(round(n * (1 - h)), round(n * h), base) == pytest.approx(uplift, rel=1e-3)
    assert holdout_needed(500, base, uplift) is None
    size = segment_needed(0.1, base, uplift)
    assert minimum_detectable_uplift(size * 0.9, size * 0.1, base) <= uplift

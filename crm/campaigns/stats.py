"""The statistics of a campaign test: uplift with its interval, the test, revenue per head, power.

- **Conversion uplift** (target rate − control rate): Newcombe's hybrid score interval (the
  difference of two Wilson score intervals, Newcombe 1998, method 10), which keeps its coverage
  for small groups and rates near 0 where the Wald interval does not; the test is the pooled
  two-proportion z-test (two-sided).
- **Revenue per head** (mean revenue of each group's members, zeros included): Welch's t interval
  for the difference of the means.
- **Power**: the minimum detectable absolute uplift of a two-sided test at ``alpha`` with ``power``
  (normal approximation, variance at the base rate:
  ``(z_{1-α/2} + z_{power}) · sqrt(p(1-p)(1/n_t + 1/n_c))``), and, the other way round, the control
  group or the holdout share a wanted uplift needs.

Pure functions of counts and arrays: no database, no Dash.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from scipy import stats

CONFIDENCE = 0.95
POWER = 0.8


def _z(confidence: float) -> float:
    return float(stats.norm.ppf(0.5 + confidence / 2))


def wilson(k: int, n: int, confidence: float = CONFIDENCE) -> tuple[float, float]:
    """Wilson score interval of a proportion ``k / n`` (``(nan, nan)`` for ``n == 0``)."""
    if n <= 0:
        return math.nan, math.nan
    z = _z(confidence)
    p = k / n
    denominator = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denominator
    half = z / denominator * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return max(0.0, centre - half), min(1.0, centre + half)


@dataclass(frozen=True)
class Uplift:
    """Target against control: rates, absolute uplift with its interval, the test, relative uplift."""

    target: int
    control: int
    converted_target: int
    converted_control: int
    rate_target: float
    rate_control: float
    uplift: float  # absolute: rate_target − rate_control
    ci_low: float
    ci_high: float
    p_value: float
    relative: float | None  # uplift / rate_control; None when the control never converted

    @property
    def incremental(self) -> float:
        """Conversions the campaign added among the targeted: uplift × target size."""
        return self.uplift * self.target

    @property
    def incremental_ci(self) -> tuple[float, float]:
        return self.ci_low * self.target, self.ci_high * self.target


def two_proportions(
    converted_target: int, target: int, converted_control: int, control: int, confidence: float = CONFIDENCE
) -> Uplift:
    """The uplift of the target group's conversion rate over the control group's.

    Needs at least one member in each group (``ValueError`` otherwise).
    """
    if target <= 0 or control <= 0:
        raise ValueError("both groups need members")
    p1, p2 = converted_target / target, converted_control / control
    l1, u1 = wilson(converted_target, target, confidence)
    l2, u2 = wilson(converted_control, control, confidence)
    d = p1 - p2
    low = d - math.sqrt((p1 - l1) ** 2 + (u2 - p2) ** 2)
    high = d + math.sqrt((u1 - p1) ** 2 + (p2 - l2) ** 2)
    pooled = (converted_target + converted_control) / (target + control)
    se = math.sqrt(pooled * (1 - pooled) * (1 / target + 1 / control))
    p_value = 1.0 if se == 0 else float(2 * stats.norm.sf(abs(d) / se))
    relative = d / p2 if p2 > 0 else None
    return Uplift(target, control, converted_target, converted_control, p1, p2, d, low, high, p_value, relative)


@dataclass(frozen=True)
class MeanDifference:
    """Mean of the target group minus mean of the control group, with Welch's interval."""

    mean_target: float
    mean_control: float
    difference: float
    ci_low: float
    ci_high: float
    p_value: float


def welch(target: np.ndarray, control: np.ndarray, confidence: float = CONFIDENCE) -> MeanDifference:
    """Welch's t interval and test for ``mean(target) − mean(control)`` (each group ≥ 2 values)."""
    a, b = np.asarray(target, dtype=float), np.asarray(control, dtype=float)
    if len(a) < 2 or len(b) < 2:
        raise ValueError("each group needs two values at least")
    return welch_moments(
        float(a.mean()), float(a.var(ddof=1)), len(a), float(b.mean()), float(b.var(ddof=1)), len(b), confidence
    )


def welch_moments(
    m1: float, var1: float, n1: int, m2: float, var2: float, n2: int, confidence: float = CONFIDENCE
) -> MeanDifference:
    """``welch`` from each group's mean, sample variance (ddof 1) and size: what a database aggregates."""
    if n1 < 2 or n2 < 2:
        raise ValueError("each group needs two values at least")
    v1, v2 = max(var1, 0.0) / n1, max(var2, 0.0) / n2
    d, se = m1 - m2, math.sqrt(v1 + v2)
    if se == 0:
        return MeanDifference(m1, m2, d, d, d, 1.0 if d == 0 else 0.0)
    df = (v1 + v2) ** 2 / (v1**2 / (n1 - 1) + v2**2 / (n2 - 1))
    t = float(stats.t.ppf(0.5 + confidence / 2, df))
    p_value = float(2 * stats.t.sf(abs(d) / se, df))
    return MeanDifference(m1, m2, d, d - t * se, d + t * se, p_value)


# ---------------------------------------------------------------- power


def _zz(alpha: float, power: float) -> float:
    return float(stats.norm.ppf(1 - alpha / 2) + stats.norm.ppf(power))


def minimum_detectable_uplift(
    target: int, control: int, base_rate: float, alpha: float = 1 - CONFIDENCE, power: float = POWER
) -> float:
    """The smallest absolute uplift a two-sided test at ``alpha`` detects with probability ``power``."""
    if target <= 0 or control <= 0:
        raise ValueError("both groups need members")
    if not 0 < base_rate < 1:
        raise ValueError("the base rate must be between 0 and 1")
    return _zz(alpha, power) * math.sqrt(base_rate * (1 - base_rate) * (1 / target + 1 / control))


def control_needed(
    target: int, base_rate: float, uplift: float, alpha: float = 1 - CONFIDENCE, power: float = POWER
) -> int | None:
    """The control group that lets ``target`` contacts show ``uplift``; None when no control is enough
    (the target group alone is too small)."""
    room = uplift**2 / (_zz(alpha, power) ** 2 * base_rate * (1 - base_rate)) - 1 / target
    return None if room <= 0 else math.ceil(1 / room)


def holdout_needed(
    size: int, base_rate: float, uplift: float, alpha: float = 1 - CONFIDENCE, power: float = POWER
) -> float | None:
    """The smallest holdout share of a segment of ``size`` that shows ``uplift``; None when no share
    is enough (then the segment is too small: see ``segment_needed``)."""
    c = _zz(alpha, power) ** 2 * base_rate * (1 - base_rate) / (size * uplift**2)
    return None if c > 0.25 else (1 - math.sqrt(1 - 4 * c)) / 2


def segment_needed(
    holdout: float, base_rate: float, uplift: float, alpha: float = 1 - CONFIDENCE, power: float = POWER
) -> int:
    """The segment size that shows ``uplift`` with a holdout share of ``holdout``."""
    return math.ceil(_zz(alpha, power) ** 2 * base_rate * (1 - base_rate) / (uplift**2 * holdout * (1 - holdout)))

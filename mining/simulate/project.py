"""The range of an offer's outcome: draws of responders, revenue, profit and ROI.

The range combines the chance of who responds (a Poisson-binomial sum, simulated one customer
at a time for small segments, by its normal approximation for large ones) with the uncertainty
of the channel's and the control's rates (beta posteriors from their contacts and conversions,
scaled so their mean is the observed rate), in ``DRAWS`` vectorised draws with a fixed seed.
``mean`` is the exact expectation; the percentiles come from the draws.
"""

from __future__ import annotations

import math

import numpy as np

DRAWS = 2000
SAMPLE = 200  # profit draws kept for the page's histogram
EXACT_MAX = 1000  # segments up to this size are simulated customer by customer
METRICS = (
    "responders",
    "incremental_responders",
    "revenue",
    "cost",
    "gross_profit",
    "profit",
    "incremental_profit",
    "roi",
    "incremental_roi",
)


def _beta_factor(rng, successes: int, trials: int, draws: int) -> np.ndarray:
    """Draws of rate / observed rate from the rate's beta posterior (mean 1)."""
    a, b = max(successes, 0.5), max(trials - successes, 0.5)
    return rng.beta(a, b, draws) / (a / (a + b))


def _responders(rng, p: np.ndarray, factor: np.ndarray) -> np.ndarray:
    """Draws of the number of responders when every p is multiplied by ``factor[k]``."""
    if len(p) <= EXACT_MAX:
        out = np.empty(len(factor), dtype=np.int64)
        step = max(1, 2_000_000 // max(len(p), 1))
        for i in range(0, len(factor), step):  # chunks keep the matrix small
            f = factor[i : i + step, None]
            out[i : i + step] = (rng.random((len(f), len(p))) < np.minimum(p[None, :] * f, 1.0)).sum(axis=1)
        return out
    s1, s2 = float(p.sum()), float((p * p).sum())
    mean = factor * s1
    var = np.maximum(factor * s1 - factor**2 * s2, 0.0)
    return np.clip(np.rint(rng.normal(mean, np.sqrt(var))), 0, len(p)).astype(np.int64)


def _summary(mean: float | None, draws: np.ndarray | None) -> dict[str, float | None]:
    if mean is None or draws is None:
        return {"mean": None, "p10": None, "p50": None, "p90": None}
    if not np.isfinite(mean):
        return {"mean": float("nan"), "p10": float("nan"), "p50": float("nan"), "p90": float("nan")}
    p10, p50, p90 = np.percentile(draws, [10, 50, 90])
    return {"mean": float(mean), "p10": float(p10), "p50": float(p50), "p90": float(p90)}


def project(
    p: np.ndarray,
    *,
    order_value: float,
    margin_pct: float,
    discount_pct: float,
    cost: float,
    responses: int,
    contacts: int,
    baseline_ratio: float | None,
    control_responses: int = 0,
    control_contacts: int = 0,
    draws: int = DRAWS,
    random_state: int = 0,
) -> tuple[dict[str, dict[str, float | None]], np.ndarray]:
    """Expected values and ranges of ``METRICS`` for response probabilities ``p``.

    ``responses``/``contacts`` give the channel rate's uncertainty (0 contacts: none);
    ``baseline_ratio`` is control_rate / rate (None: no control group, incremental values
    NaN). Returns (expected, profit draws).
    """
    rng = np.random.default_rng(random_state)
    value, m, d = float(order_value), margin_pct / 100.0, discount_pct / 100.0
    factor = _beta_factor(rng, responses, contacts, draws) if contacts > 0 else np.ones(draws)
    resp = _responders(rng, np.asarray(p, dtype=float), factor)
    s1 = float(np.sum(p))
    gp_per = value * (m - d)
    gross = resp * gp_per
    profit = gross - cost
    exp = {
        "responders": _summary(s1, resp),
        "revenue": _summary(s1 * value * (1 - d), resp * value * (1 - d)),
        "cost": _summary(cost, np.full(draws, cost)),
        "gross_profit": _summary(s1 * gp_per, gross),
        "profit": _summary(s1 * gp_per - cost, profit),
    }
    if baseline_ratio is None:
        nan = np.full(draws, np.nan)
        inc_mean, inc, inc_profit_mean, inc_profit = math.nan, nan, math.nan, nan
    else:
        if control_contacts > 0 and baseline_ratio > 0:
            ratio = baseline_ratio * _beta_factor(rng, control_responses, control_contacts, draws) / factor
        else:
            ratio = np.full(draws, float(baseline_ratio))
        base = rng.binomial(resp, np.clip(ratio, 0.0, 1.0)) + resp * np.maximum(ratio - 1.0, 0.0)
        inc = resp - base
        inc_mean = s1 * (1.0 - baseline_ratio)
        inc_profit = gross - base * value * m - cost
        inc_profit_mean = s1 * gp_per - s1 * baseline_ratio * value * m - cost
    exp["incremental_responders"] = _summary(inc_mean, inc)
    exp["incremental_profit"] = _summary(inc_profit_mean, inc_profit)
    if cost > 0:
        exp["roi"] = _summary((s1 * gp_per - cost) / cost, profit / cost)
        exp["incremental_roi"] = _summary(inc_profit_mean / cost, inc_profit / cost)
    else:
        exp["roi"] = _summary(None, None)
        exp["incremental_roi"] = _summary(None, None)
    return {k: exp[k] for k in METRICS}, profit

"""Customer lifetime value from the buy-till-you-die models: BG/NBD and Gamma-Gamma.

- BG/NBD (Fader, Hardie & Lee 2005, "Counting your customers the easy way"): while
  alive a customer buys as a Poisson process with rate λ ~ Gamma(r, α); after every
  purchase they drop out with probability p ~ Beta(a, b). Inputs per customer:
  ``x`` repeat purchases, ``t_x`` time of the last purchase and ``T`` age, both since
  the first purchase. Time unit: weeks.
- Gamma-Gamma (Fader & Hardie 2013, "The Gamma-Gamma model of monetary value"): each
  purchase value is Gamma(p, ν), the customer's ν is Gamma(q, γ) across customers, so
  a customer's mean value is p/ν; fitted on customers with ``x >= 1`` repeat purchases
  and their mean repeat purchase value ``m_x``.

A *purchase* here is a day whose orders have a positive net revenue (several orders on
one day are one purchase, as BG/NBD counts purchase occasions), its value that net
revenue: a return or cancellation booked the same day (its own order with negative
lines) nets the day's value, so an order cancelled minutes later is no purchase.
Customers enter at their first purchase; guest customers are left out.

Both models are fitted by maximum likelihood in log-parameter space with analytic
gradients (L-BFGS-B, bounded), from moment-based starting values, and raise
``MiningError`` when there are too few customers or the optimiser does not converge.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import optimize, special

from mining.errors import MiningError

WEEK_DAYS = 7.0
MONTH_WEEKS = 365.25 / 12 / WEEK_DAYS
LOG_BOUND = (-12.0, 12.0)  # every parameter between e^-12 and e^12
MIN_CUSTOMERS = 20
MIN_REPEATERS = 10

_DAYS_SQL = """
    WITH orders AS (
        SELECT customer_id, order_id, min(order_ts) AS ts, sum(revenue) AS revenue
        FROM fact_order_line
        WHERE order_ts < ? AND customer_id IS NOT NULL AND {not_guest}
        GROUP BY customer_id, order_id
    ), days AS (  -- a day's net value: an order cancelled the same day (its own return order) nets it out
        SELECT customer_id, ts::DATE AS day, sum(revenue) AS value
        FROM orders GROUP BY customer_id, ts::DATE HAVING sum(revenue) > 0
    )
"""

_SUMMARY_SQL = (
    _DAYS_SQL
    + """
    SELECT customer_id,
           count(*) - 1 AS x,
           date_diff('day', min(day), max(day)) AS t_x_days,
           date_diff('day', min(day), ?::DATE) AS T_days,
           (sum(value) - arg_min(value, day)) / greatest(count(*) - 1, 1) AS m_x,
           sum(value) AS total_value
    FROM days GROUP BY customer_id ORDER BY customer_id
"""
)

_HOLDOUT_SQL = (
    _DAYS_SQL
    + """
    SELECT customer_id, count(*) AS purchases, sum(value) AS value
    FROM days WHERE day > ?::DATE GROUP BY customer_id
"""
)


def _without_guests(cursor, sql: str) -> str:
    from data.guests import not_guest_sql

    return sql.replace("{not_guest}", not_guest_sql(cursor))


def _end(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day + dt.timedelta(days=1), dt.time())


def purchase_summary(cursor, as_of: dt.date) -> pd.DataFrame:
    """Per buyer up to ``as_of``: x, t_x, T (weeks), m_x (mean repeat purchase value)."""
    df = cursor.execute(_without_guests(cursor, _SUMMARY_SQL), [_end(as_of), as_of]).df()
    df["x"] = df["x"].astype("int64")
    df["t_x"] = df.pop("t_x_days").astype(float) / WEEK_DAYS
    df["T"] = df.pop("T_days").astype(float) / WEEK_DAYS
    df.loc[df["x"] == 0, "m_x"] = np.nan
    return df[["customer_id", "x", "t_x", "T", "m_x", "total_value"]]


def no_positive_spend(cursor, as_of: dt.date) -> int:
    """Customers with orders up to ``as_of`` but none of positive net revenue (e.g. only
    zero-amount orders, or only returns): no purchase, so no RFM and no CLV describes them."""
    sql = """
        WITH orders AS (
            SELECT customer_id, order_id, sum(revenue) AS revenue
            FROM fact_order_line
            WHERE order_ts < ? AND customer_id IS NOT NULL AND {not_guest}
            GROUP BY customer_id, order_id
        )
        SELECT count(*) FROM (
            SELECT customer_id FROM orders GROUP BY customer_id HAVING count(*) FILTER (WHERE revenue > 0) = 0
        )
    """  # guest checkouts are no customers: never counted here
    return int(cursor.execute(_without_guests(cursor, sql), [_end(as_of)]).fetchone()[0])


def holdout_purchases(cursor, cutoff: dt.date, end: dt.date) -> pd.DataFrame:
    """Purchases (days) and their value per customer after ``cutoff`` up to ``end``."""
    return cursor.execute(_without_guests(cursor, _HOLDOUT_SQL), [_end(end), cutoff]).df()


def _check_rfm(x, t_x, T):
    x, t_x, T = (np.asarray(v, dtype=float) for v in (x, t_x, T))
    if not (x.shape == t_x.shape == T.shape):
        raise ValueError("x, t_x and T need the same length")
    bad = (x < 0) | (t_x < 0) | (T < t_x) | ~np.isfinite(x + t_x + T) | ((x > 0) & (t_x <= 0))
    if bad.any():
        raise MiningError("mining.clv.bad_input", rows=int(bad.sum()))
    return x, t_x, T


# ------------------------------------------------------------------ BG/NBD


def _bgnbd_terms(params, x, t_x, T):
    r, alpha, a, b = params
    lA1 = special.gammaln(r + x) - special.gammaln(r) + r * np.log(alpha)
    lA2 = special.gammaln(a + b) + special.gammaln(b + x) - special.gammaln(b) - special.gammaln(a + b + x)
    l3 = -(r + x) * np.log(alpha + T)
    rep = x > 0
    l4 = np.full_like(x, -np.inf)
    l4[rep] = np.log(a) - np.log(b + x[rep] - 1) - (r + x[rep]) * np.log(alpha + t_x[rep])
    return lA1, lA2, l3, l4


def bgnbd_loglik(params, x, t_x, T) -> np.ndarray:
    """Log-likelihood of each customer under BG/NBD with params (r, alpha, a, b)."""
    lA1, lA2, l3, l4 = _bgnbd_terms(params, x, t_x, T)
    return lA1 + lA2 + np.logaddexp(l3, l4)


def _bgnbd_objective(log_params, x, t_x, T, w):
    params = np.exp(log_params)
    r, alpha, a, b = params
    lA1, lA2, l3, l4 = _bgnbd_terms(params, x, t_x, T)
    lse = np.logaddexp(l3, l4)
    ll = lA1 + lA2 + lse
    w3 = np.exp(l3 - lse)
    w4 = 1.0 - w3
    rep = x > 0
    inv_bx1 = np.zeros_like(x)
    inv_bx1[rep] = 1.0 / (b + x[rep] - 1)
    log_at = np.log(alpha + t_x)
    d_r = special.digamma(r + x) - special.digamma(r) + np.log(alpha) - w3 * np.log(alpha + T) - w4 * log_at
    d_alpha = r / alpha - w3 * (r + x) / (alpha + T) - w4 * (r + x) / (alpha + t_x)
    common = special.digamma(a + b) - special.digamma(a + b + x)
    d_a = common + w4 / a
    d_b = common + special.digamma(b + x) - special.digamma(b) - w4 * inv_bx1
    total = w.sum()
    grad = np.array([(w * g).sum() for g in (d_r, d_alpha, d_a, d_b)]) * params
    return -(w * ll).sum() / total, -grad / total


def _compress(*columns):
    """Unique rows and their counts: the likelihood only needs each distinct customer once."""
    stacked = np.column_stack(columns)
    unique, counts = np.unique(stacked, axis=0, return_counts=True)
    return [unique[:, i] for i in range(unique.shape[1])], counts.astype(float)


def _minimize(objective, start, args, key):
    best = None
    for x0 in start:
        res = optimize.minimize(
            objective,
            np.clip(x0, *LOG_BOUND),
            args=args,
            jac=True,
            method="L-BFGS-B",
            bounds=[LOG_BOUND] * len(x0),
            options={"maxiter": 2000, "ftol": 1e-12, "gtol": 1e-8},
        )
        # L-BFGS-B may stop with ABNORMAL in the last line search at the optimum (the
        # gradient already at rounding level): accept a tiny gradient as converged.
        res.converged = bool(res.success or np.max(np.abs(res.jac)) < 1e-6)
        if np.isfinite(res.fun) and res.converged and (best is None or res.fun < best.fun):
            best = res
    if best is None or not np.all(np.isfinite(best.x)):
        raise MiningError(key, reason=getattr(best, "message", "no finite likelihood"))
    at_bound = np.isclose(best.x, LOG_BOUND[0], atol=1e-6) | np.isclose(best.x, LOG_BOUND[1], atol=1e-6)
    if at_bound.any():
        raise MiningError(key, reason="a parameter ran to its bound")
    return best


@dataclass
class BetaGeoModel:
    """BG/NBD purchase model (sklearn-like: ``fit`` returns self, learned attributes end in ``_``)."""

    min_customers: int = MIN_CUSTOMERS

    def fit(self, x, t_x, T) -> BetaGeoModel:
        x, t_x, T = _check_rfm(x, t_x, T)
        if len(x) < self.min_customers:
            raise MiningError("mining.clv.too_few", customers=len(x), needed=self.min_customers)
        if (x > 0).sum() < MIN_REPEATERS:
            raise MiningError("mining.clv.too_few_repeat", customers=int((x > 0).sum()), needed=MIN_REPEATERS)
        if T.max() <= 0:
            raise MiningError("mining.clv.no_history")
        (ux, ut, uT), w = _compress(x, t_x, T)
        # Starting values: rate r/alpha near the observed purchase rate, unit shapes for
        # the dropout Beta; a second start guards against a poor basin.
        rate = max((x.sum() + len(x)) / max(T.sum(), 1e-9), 1e-6)
        starts = [
            np.log([1.0, 1.0 / rate, 1.0, 3.0]),
            np.log([0.5, 0.5 / rate, 0.5, 1.0]),
        ]
        res = _minimize(_bgnbd_objective, starts, (ux, ut, uT, w), "mining.clv.no_convergence")
        self.r_, self.alpha_, self.a_, self.b_ = (float(v) for v in np.exp(res.x))
        self.loglik_ = float(-res.fun * len(x))
        self.n_customers_ = len(x)
        self.iterations_ = int(res.nit)
        return self

    @property
    def params_(self) -> dict:
        return {"r": self.r_, "alpha": self.alpha_, "a": self.a_, "b": self.b_}

    def p_alive(self, x, t_x, T) -> np.ndarray:
        """P(still active at T | x, t_x, T); 1 for customers with no repeat purchase."""
        x, t_x, T = _check_rfm(x, t_x, T)
        r, alpha, a, b = self.r_, self.alpha_, self.a_, self.b_
        out = np.ones_like(x)
        rep = x > 0
        xr = x[rep]
        log_odds = np.log(a) - np.log(b + xr - 1) + (r + xr) * (np.log(alpha + T[rep]) - np.log(alpha + t_x[rep]))
        out[rep] = special.expit(-log_odds)
        return out

    def expected_purchases(self, t, x, t_x, T) -> np.ndarray:
        """E[purchases in (T, T + t] | x, t_x, T] (FHL 2005, eq. 10)."""
        x, t_x, T = _check_rfm(x, t_x, T)
        t = np.broadcast_to(np.asarray(t, dtype=float), x.shape)
        r, alpha, a, b = self.r_, self.alpha_, self.a_, self.b_
        if a <= 1.0:
            # eq. 10's (a + b + x - 1) / (a - 1) form needs a > 1; the integral form is
            # the same expectation without that restriction.
            return self._expected_purchases_integral(t, x, t_x, T)
        z = t / (alpha + T + t)
        hyp = special.hyp2f1(r + x, b + x, a + b + x - 1, z)
        log_ratio = (r + x) * (np.log(alpha + T) - np.log(alpha + T + t))
        head = (a + b + x - 1) / (a - 1) * (1.0 - np.exp(log_ratio) * hyp)
        return head * self.p_alive(x, t_x, T)

    def _expected_purchases_integral(self, t, x, t_x, T):
        return self._integral_path(np.asarray(t, dtype=float)[None, :], x, T)[0] * self.p_alive(x, t_x, T)

    def _integral_path(self, horizons, x, T):
        # Alive at T, a customer's lambda and p have independent posteriors Gamma(r + x,
        # alpha + T) and Beta(a, b + x); given them the remaining life is Exp(lambda p), so
        # E[Y(t)] = P(alive) E[(1 - exp(-lambda p t)) / p]. Lambda integrates in closed
        # form, p by Gauss-Jacobi quadrature carrying the p^(a-1) factor (exact at p -> 0).
        # ``horizons`` is (h, n) or (h, 1): every horizon shares the quadrature weights.
        r, alpha, a, b = self.r_, self.alpha_, self.a_, self.b_
        nodes, weights = special.roots_jacobi(80, 0.0, a - 1.0)
        p = (nodes + 1.0) / 2.0
        out = np.zeros(np.broadcast_shapes(horizons.shape, x.shape))
        log_norm = -a * np.log(2.0) - special.betaln(a, b + x)
        for pi, wi in zip(p, weights, strict=True):
            dens = wi * np.exp((b + x - 1.0) * np.log1p(-pi) + log_norm)
            out += dens * (-np.expm1(-(r + x) * np.log1p(pi * horizons / (alpha + T)))) / pi
        return out

    def expected_purchases_path(self, horizons, x, t_x, T) -> np.ndarray:
        """E[purchases in (T, T + h]] for each horizon h (rows) and customer (columns)."""
        x, t_x, T = _check_rfm(x, t_x, T)
        horizons = np.asarray(horizons, dtype=float)
        if self.a_ <= 1.0:
            return self._integral_path(horizons[:, None], x, T) * self.p_alive(x, t_x, T)
        return np.stack([self.expected_purchases(h, x, t_x, T) for h in horizons])

    def expected_purchases_new(self, t) -> np.ndarray:
        """E[X(t)] for a customer just acquired (unconditional, FHL 2005 eq. 9)."""
        t = np.asarray(t, dtype=float)
        r, alpha, a, b = self.r_, self.alpha_, self.a_, self.b_
        hyp = special.hyp2f1(r, b, a + b - 1, t / (alpha + t))
        return (a + b - 1) / (a - 1) * (1.0 - (alpha / (alpha + t)) ** r * hyp)


# ------------------------------------------------------------------ Gamma-Gamma


def _gg_objective(log_params, x, m, w):
    p, q, gamma = np.exp(log_params)
    px = p * x
    s = gamma + m * x
    ll = (
        special.gammaln(px + q)
        - special.gammaln(px)
        - special.gammaln(q)
        + q * np.log(gamma)
        + (px - 1) * np.log(m)
        + px * np.log(x)
        - (px + q) * np.log(s)
    )
    d_p = x * (special.digamma(px + q) - special.digamma(px) + np.log(m) + np.log(x) - np.log(s))
    d_q = special.digamma(px + q) - special.digamma(q) + np.log(gamma) - np.log(s)
    d_gamma = q / gamma - (px + q) / s
    total = w.sum()
    grad = np.array([(w * g).sum() for g in (d_p, d_q, d_gamma)]) * np.exp(log_params)
    return -(w * ll).sum() / total, -grad / total


@dataclass
class GammaGammaModel:
    """Gamma-Gamma spend model of the mean purchase value of repeat customers."""

    min_customers: int = MIN_REPEATERS

    def fit(self, x, m_x) -> GammaGammaModel:
        x = np.asarray(x, dtype=float)
        m = np.asarray(m_x, dtype=float)
        keep = (x > 0) & np.isfinite(m)
        if (keep & (m <= 0)).any():
            raise MiningError("mining.clv.bad_value", rows=int((keep & (m <= 0)).sum()))
        x, m = x[keep], m[keep]
        if len(x) < self.min_customers:
            raise MiningError("mining.clv.too_few_repeat", customers=len(x), needed=self.min_customers)
        if np.ptp(m) <= 0:
            raise MiningError("mining.clv.constant_value")
        (ux, um), w = _compress(x, m)
        # Method-of-moments start: spend per purchase ~ Gamma(p, ν), ν ~ Gamma(q, γ).
        mean, var = m.mean(), m.var()
        p0 = max(mean**2 / max(var, 1e-12), 0.1)
        starts = [np.log([p0, 3.0, 2.0 * mean / p0 + 1e-9]), np.log([1.0, 2.0, mean])]
        res = _minimize(_gg_objective, starts, (ux, um, w), "mining.clv.no_convergence")
        self.p_, self.q_, self.gamma_ = (float(v) for v in np.exp(res.x))
        if self.q_ <= 1.0:
            raise MiningError("mining.clv.no_convergence", reason="spend variance too heavy-tailed (q <= 1)")
        self.n_customers_ = len(x)
        return self

    @property
    def params_(self) -> dict:
        return {"p": self.p_, "q": self.q_, "gamma": self.gamma_}

    @property
    def population_mean_(self) -> float:
        return self.p_ * self.gamma_ / (self.q_ - 1.0)

    def expected_value(self, x, m_x) -> np.ndarray:
        """E[mean purchase value | x, m_x]; the population mean for customers without repeats."""
        x = np.asarray(x, dtype=float)
        m = np.nan_to_num(np.asarray(m_x, dtype=float), nan=0.0)
        p, q, gamma = self.p_, self.q_, self.gamma_
        cond = (gamma + m * x) * p / (p * x + q - 1.0)
        return np.where(x > 0, cond, self.population_mean_)


# ------------------------------------------------------------------ CLV and the holdout check


def clv(
    bg: BetaGeoModel,
    gg: GammaGammaModel,
    summary: pd.DataFrame,
    months: int = 12,
    monthly_discount: float = 0.01,
    margin: float = 1.0,
) -> np.ndarray:
    """Discounted value of each customer's expected purchases over the next ``months``.

    Sum over months i of (E[Y(i)] - E[Y(i-1)]) × E[value] × margin / (1 + d)^i.
    """
    if months < 1:
        raise MiningError("mining.clv.bad_horizon", months=months)
    x, t_x, T = (summary[c].to_numpy(dtype=float) for c in ("x", "t_x", "T"))
    value = gg.expected_value(x, summary["m_x"].to_numpy(dtype=float)) * margin
    month = np.arange(1, months + 1)
    cumulative = bg.expected_purchases_path(month * MONTH_WEEKS, x, t_x, T)
    per_month = np.diff(cumulative, axis=0, prepend=0.0)
    discount = (1.0 + monthly_discount) ** -month.astype(float)
    return (discount @ per_month) * value


FREQ_BUCKETS = (0, 1, 2, 3, 4, 5, 7, 10, 15)  # lower bounds of the repeat-purchase buckets
CALIBRATION_TOP = 7  # the classic calibration view: 0, 1, …, 6, 7+ repeat purchases before the cutoff
TRUST_MIN_CUSTOMERS = 30  # buckets with fewer customers are left out of the trust verdict
TRUST_LIMITS = ((10.0, 20.0, "close"), (25.0, 40.0, "fair"))  # (|total error| %, mean |bucket error| %, verdict)


def calibration_table(x: np.ndarray, actual: np.ndarray, predicted: np.ndarray) -> pd.DataFrame:
    """Mean actual and predicted holdout purchases per customer by repeat purchases before the
    cutoff (0 … ``CALIBRATION_TOP``, the last one for that many or more): ``purchases`` (label),
    ``customers``, ``actual``, ``predicted``, ``error_pct`` (predicted vs actual, None without any)."""
    group = np.minimum(np.asarray(x, dtype=np.int64), CALIBRATION_TOP)
    df = pd.DataFrame({"group": group, "actual": actual, "predicted": predicted})
    out = df.groupby("group").agg(
        customers=("actual", "size"), actual=("actual", "mean"), predicted=("predicted", "mean")
    )
    out = out.reset_index()
    out["purchases"] = [f"{g}+" if g == CALIBRATION_TOP else str(g) for g in out["group"]]
    out["error_pct"] = 100.0 * (out["predicted"] - out["actual"]) / out["actual"].where(out["actual"] > 0)
    return out[["purchases", "customers", "actual", "predicted", "error_pct"]]


def calibration_trust(table: pd.DataFrame, total_error_pct: float | None) -> str:
    """``close``, ``fair`` or ``rough``: the total error and the customer-weighted mean absolute
    error of the buckets with at least ``TRUST_MIN_CUSTOMERS`` customers against ``TRUST_LIMITS``."""
    big = table[(table["customers"] >= TRUST_MIN_CUSTOMERS) & table["error_pct"].notna()]
    if total_error_pct is None or big.empty:
        return "rough"
    bucket = float(np.average(big["error_pct"].abs(), weights=big["customers"]))
    for total_limit, bucket_limit, verdict in TRUST_LIMITS:
        if abs(total_error_pct) <= total_limit and bucket <= bucket_limit:
            return verdict
    return "rough"


def _bucket_labels(x: np.ndarray) -> np.ndarray:
    edges = np.asarray(FREQ_BUCKETS)
    idx = np.searchsorted(edges, x, side="right") - 1
    labels = []
    for i, lo in enumerate(edges):
        hi = edges[i + 1] - 1 if i + 1 < len(edges) else None
        labels.append(str(lo) if hi == lo else (f"{lo}-{hi}" if hi is not None else f"{lo}+"))
    return np.asarray(labels, dtype=object)[idx]


def holdout_check(cursor, cutoff: dt.date, end: dt.date) -> tuple[pd.DataFrame, dict]:
    """Fit on purchases up to ``cutoff``, predict ``(cutoff, end]`` and compare with what happened.

    Returns a tidy frame, one row per calibration repeat-purchase bucket (``bucket``,
    ``customers``, ``actual``, ``predicted`` purchases, ``error_pct``, and the revenue
    ``actual_value`` / ``predicted_value``), and summary metrics: totals, their errors
    in percent, the mean absolute error per customer and the correlation of predicted
    and actual purchases per customer.
    """
    if end <= cutoff:
        raise MiningError("mining.rfm.dates_order", first=cutoff, second=end)
    summary = purchase_summary(cursor, cutoff)
    bg = BetaGeoModel().fit(summary["x"], summary["t_x"], summary["T"])
    gg = GammaGammaModel().fit(summary["x"], summary["m_x"])
    x, t_x, T = (summary[c].to_numpy(dtype=float) for c in ("x", "t_x", "T"))
    weeks = (end - cutoff).days / WEEK_DAYS
    predicted = bg.expected_purchases(weeks, x, t_x, T)
    predicted_value = predicted * gg.expected_value(x, summary["m_x"].to_numpy(dtype=float))
    actual = holdout_purchases(cursor, cutoff, end).set_index("customer_id").reindex(summary["customer_id"])
    per = pd.DataFrame(
        {
            "bucket": _bucket_labels(summary["x"].to_numpy()),
            "order": np.searchsorted(np.asarray(FREQ_BUCKETS), summary["x"].to_numpy(), side="right"),
            "actual": actual["purchases"].fillna(0).to_numpy(dtype=float),
            "predicted": predicted,
            "actual_value": actual["value"].fillna(0.0).to_numpy(dtype=float),
            "predicted_value": predicted_value,
        }
    )
    table = (
        per.groupby(["order", "bucket"])
        .agg(
            customers=("actual", "size"),
            actual=("actual", "sum"),
            predicted=("predicted", "sum"),
            actual_value=("actual_value", "sum"),
            predicted_value=("predicted_value", "sum"),
        )
        .reset_index()
        .drop(columns="order")
    )
    table["error_pct"] = 100.0 * (table["predicted"] - table["actual"]) / table["actual"].where(table["actual"] > 0)
    total_a, total_p = per["actual"].sum(), per["predicted"].sum()
    value_a, value_p = per["actual_value"].sum(), per["predicted_value"].sum()
    corr = np.corrcoef(per["actual"], per["predicted"])[0, 1] if per["actual"].std() > 0 else float("nan")
    metrics = {
        "cutoff": cutoff.isoformat(),
        "end": end.isoformat(),
        "customers": len(per),
        "actual_purchases": float(total_a),
        "predicted_purchases": float(total_p),
        "purchases_error_pct": float(100.0 * (total_p - total_a) / total_a) if total_a > 0 else None,
        "actual_value": float(value_a),
        "predicted_value": float(value_p),
        "value_error_pct": float(100.0 * (value_p - value_a) / value_a) if value_a > 0 else None,
        "mae_per_customer": float(np.abs(per["predicted"] - per["actual"]).mean()),
        "calibration": calibration_table(summary["x"].to_numpy(), per["actual"].to_numpy(), predicted).to_dict(
            orient="records"
        ),
        "correlation": float(corr),
        "bgnbd": bg.params_,
        "gamma_gamma": gg.params_,
    }
    metrics["trust"] = calibration_trust(pd.DataFrame(metrics["calibration"]), metrics["purchases_error_pct"])
    return table, metrics


def score_clv(
    cursor,
    as_of: dt.date,
    months: int = 12,
    monthly_discount: float = 0.01,
    margin: float = 1.0,
    summary: pd.DataFrame | None = None,
):
    """Fit both models on everything up to ``as_of`` and score every buyer.

    Returns (scores, models): scores has customer_id, x, t_x, T, m_x, p_alive,
    expected_purchases (over ``months``), expected_value and clv. ``summary`` is
    ``purchase_summary(cursor, as_of)`` when the caller already has it.
    """
    summary = purchase_summary(cursor, as_of) if summary is None else summary
    bg = BetaGeoModel().fit(summary["x"], summary["t_x"], summary["T"])
    gg = GammaGammaModel().fit(summary["x"], summary["m_x"])
    x, t_x, T = (summary[c].to_numpy(dtype=float) for c in ("x", "t_x", "T"))
    out = summary[["customer_id", "x", "t_x", "T", "m_x"]].copy()
    out["p_alive"] = bg.p_alive(x, t_x, T)
    out["expected_purchases"] = bg.expected_purchases(months * MONTH_WEEKS, x, t_x, T)
    out["expected_value"] = gg.expected_value(x, summary["m_x"].to_numpy(dtype=float))
    out["clv"] = clv(bg, gg, summary, months, monthly_discount, margin)
    return out, {"bgnbd": bg, "gamma_gamma": gg}

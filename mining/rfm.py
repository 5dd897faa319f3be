"""RFM: recency, frequency and monetary value per customer, scores, named segments, tiers.

Definitions (as of the end of the day ``as_of``; with ``window_days`` only the last
``window_days`` days up to and including ``as_of`` count):

- a *purchase* is an order whose net revenue is positive; return orders (negative
  quantities booked as their own orders) are not purchases, but their revenue is
  subtracted from ``monetary``;
- guest customers (``dim_customer.is_guest``: order lines without a customer id) are not scored;
- ``recency_days``: days from the last purchase to ``as_of`` (0 = bought that day);
- ``frequency``: number of distinct purchase orders;
- ``monetary``: net revenue of all orders in the period (returns included);
- customers without a purchase in the period are **excluded**: RFM describes buyers.
  ``movement`` reports them explicitly as arrived (not a buyer at the first date) or
  gone (not a buyer at the second date).

Scores 1–5 use the population's quintiles, ties resolved so that equal values always get
equal scores: ``score = 1 + floor(5 × share of customers strictly worse)`` (at most 5).
With distinct values that is exactly the quintile; when many customers share a value
(most have one order) they share the lowest score that value can have and some scores
stay empty, which is honest rather than an arbitrary split of identical customers.
For R "worse" means a larger recency, so the most recent buyers get 5.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from mining.errors import MiningError
from mining.jobs import stepper

# The widely published R×F grid (the RFM segment map used with Putler's segment names:
# key "RF" -> segment), with its bottom-left cell R=1,F=1 split off as "lost" so the
# eleven usual names are all there. Every one of the 25 cells maps to one segment.
SEGMENT_CELLS: dict[str, tuple[str, ...]] = {
    "champions": ("54", "55"),
    "loyal": ("34", "35", "44", "45"),
    "potential_loyalists": ("42", "43", "52", "53"),
    "new": ("51",),
    "promising": ("41",),
    "need_attention": ("33",),
    "about_to_sleep": ("31", "32"),
    "at_risk": ("13", "14", "23", "24"),
    "cant_lose": ("15", "25"),
    "hibernating": ("12", "21", "22"),
    "lost": ("11",),
}
SEGMENTS = tuple(SEGMENT_CELLS)
_CELL_SEGMENT = {cell: seg for seg, cells in SEGMENT_CELLS.items() for cell in cells}
# segment of cell (r, f) at SEGMENT_GRID[r - 1, f - 1]
SEGMENT_GRID = np.array([[_CELL_SEGMENT[f"{r}{f}"] for f in range(1, 6)] for r in range(1, 6)], dtype=object)

# VIP tiers: (name, minimum monetary percentile, minimum purchases), best first. The
# percentile is the share of customers who spent strictly less. A customer gets the
# best tier whose two conditions they both meet; everyone else is bronze.
TIERS: tuple[tuple[str, float, int], ...] = (
    ("platinum", 0.95, 4),
    ("gold", 0.85, 3),
    ("silver", 0.65, 2),
)
BASE_TIER = "bronze"
TIER_NAMES = tuple(name for name, _, _ in TIERS) + (BASE_TIER,)

# Labels of movement for customers present at only one of the two dates.
ARRIVED = "arrived"  # not a buyer at the first date ("new" is already a segment's name)
GONE = "gone"  # not a buyer at the second date (only possible with a window)

_RFM_SQL = """
    WITH orders AS (
        SELECT customer_id, order_id, min(order_ts) AS ts, sum(revenue) AS revenue
        FROM fact_order_line
        WHERE order_ts < ? AND order_ts >= ? AND customer_id IS NOT NULL AND {not_guest}
        GROUP BY customer_id, order_id
    )
    SELECT customer_id,
           date_diff('day', max(ts) FILTER (WHERE revenue > 0)::DATE, ?::DATE) AS recency_days,
           count(*) FILTER (WHERE revenue > 0) AS frequency,
           sum(revenue) AS monetary
    FROM orders
    GROUP BY customer_id
    HAVING count(*) FILTER (WHERE revenue > 0) > 0
    ORDER BY customer_id
"""

_EARLIEST = dt.datetime(1900, 1, 1)


def _period(as_of: dt.date, window_days: int | None) -> tuple[dt.datetime, dt.datetime]:
    end = dt.datetime.combine(as_of + dt.timedelta(days=1), dt.time())
    if window_days is None:
        return _EARLIEST, end
    if int(window_days) < 1:
        raise MiningError("mining.rfm.bad_window", days=window_days)
    return end - dt.timedelta(days=int(window_days)), end


def rfm_values(cursor, as_of: dt.date, window_days: int | None = None) -> pd.DataFrame:
    """Recency, frequency and monetary of every buyer (SQL, one row per customer)."""
    from data.guests import not_guest_sql

    start, end = _period(as_of, window_days)
    return cursor.execute(_RFM_SQL.replace("{not_guest}", not_guest_sql(cursor)), [end, start, as_of]).df()


def quintile_score(values, higher_is_better: bool = True) -> np.ndarray:
    """Scores 1..5: ``1 + floor(5 × share strictly worse)``; equal values get equal scores."""
    v = np.asarray(values, dtype=float)
    n = len(v)
    if n == 0:
        return np.zeros(0, dtype=np.int8)
    s = np.sort(v)
    if higher_is_better:
        worse = np.searchsorted(s, v, side="left")
    else:
        worse = n - np.searchsorted(s, v, side="right")
    return np.minimum(1 + (5 * worse) // n, 5).astype(np.int8)


def segment_of(r, f) -> np.ndarray:
    """The named segment of each (R, F) score pair."""
    return SEGMENT_GRID[np.asarray(r, dtype=int) - 1, np.asarray(f, dtype=int) - 1]


def value_tiers(monetary, frequency, tiers=TIERS) -> np.ndarray:
    """VIP tier of each customer from their spend percentile and purchase count."""
    m = np.asarray(monetary, dtype=float)
    freq = np.asarray(frequency)
    n = len(m)
    out = np.full(n, BASE_TIER, dtype=object)
    if n == 0:
        return out
    pct = np.searchsorted(np.sort(m), m, side="left") / n
    # worst first, so a better tier overwrites
    for name, min_pct, min_orders in reversed(tiers):
        out[(pct >= min_pct) & (freq >= min_orders)] = name
    return out


def score_table(values: pd.DataFrame, tiers=TIERS) -> pd.DataFrame:
    """Add r, f, m scores, segment and tier to a frame of recency_days, frequency, monetary."""
    out = values.copy()
    out["r"] = quintile_score(out["recency_days"], higher_is_better=False)
    out["f"] = quintile_score(out["frequency"])
    out["m"] = quintile_score(out["monetary"])
    out["segment"] = segment_of(out["r"], out["f"]) if len(out) else np.array([], dtype=object)
    out["tier"] = value_tiers(out["monetary"], out["frequency"], tiers)
    return out


def rfm_table(cursor, as_of: dt.date, window_days: int | None = None, min_customers: int = 5) -> pd.DataFrame:
    """RFM of every customer with a purchase by ``as_of`` (within ``window_days`` if given).

    Parameters
    ----------
    cursor : a DuckDB cursor on the warehouse.
    as_of : the day the scores describe (its orders count).
    window_days : only the last N days count; None = the whole history.
    min_customers : fewer buyers than this raise ``MiningError("mining.rfm.too_few")``.

    Returns
    -------
    DataFrame with customer_id, recency_days, frequency, monetary, r, f, m (1–5),
    segment (one of ``SEGMENTS``) and tier (one of ``TIER_NAMES``), sorted by customer_id.

    Example
    -------
    >>> rfm_table(cur, dt.date(2025, 12, 31)).groupby("segment").size()
    """
    values = rfm_values(cursor, as_of, window_days)
    if len(values) < min_customers:
        raise MiningError("mining.rfm.too_few", customers=len(values), needed=min_customers, date=as_of)
    return score_table(values)


def rf_grid(table: pd.DataFrame) -> pd.DataFrame:
    """The 25 cells of the R×F heat-map: r, f, segment, customers, monetary (empty cells are 0)."""
    cells = pd.MultiIndex.from_product([range(1, 6), range(1, 6)], names=["r", "f"])
    grouped = table.groupby([table["r"].astype(int), table["f"].astype(int)])
    out = pd.DataFrame({"customers": grouped.size(), "monetary": grouped["monetary"].sum()})
    out = out.reindex(cells, fill_value=0).reset_index()
    out["customers"] = out["customers"].astype("int64")
    out["monetary"] = out["monetary"].astype(float)
    out.insert(2, "segment", segment_of(out["r"], out["f"]))
    return out


def movement(cursor, date_a: dt.date, date_b: dt.date, window_days: int | None = None) -> pd.DataFrame:
    """How many customers moved from each segment at ``date_a`` to each segment at ``date_b``.

    Returns rows (from_segment, to_segment, customers) for every non-empty pair. A
    customer who was not a buyer at ``date_a`` comes from ``ARRIVED``; one who is not a
    buyer at ``date_b`` (possible with a window) goes to ``GONE``. So the counts from
    each real segment add up to that segment's size at ``date_a``, and the counts into
    each real segment add up to its size at ``date_b``.
    """
    if date_b <= date_a:
        raise MiningError("mining.rfm.dates_order", first=date_a, second=date_b)
    a = rfm_table(cursor, date_a, window_days)[["customer_id", "segment"]]
    b = rfm_table(cursor, date_b, window_days)[["customer_id", "segment"]]
    return movement_between(a, b)


def movement_between(a: pd.DataFrame, b: pd.DataFrame) -> pd.DataFrame:
    """Transition counts between two (customer_id, segment) frames; see ``movement``."""
    both = a.merge(b, on="customer_id", how="outer", suffixes=("_a", "_b"))
    both["from_segment"] = both["segment_a"].astype(object).where(both["segment_a"].notna(), ARRIVED)
    both["to_segment"] = both["segment_b"].astype(object).where(both["segment_b"].notna(), GONE)
    out = both.groupby(["from_segment", "to_segment"]).size().rename("customers").reset_index()
    order = {name: i for i, name in enumerate((ARRIVED,) + SEGMENTS + (GONE,))}
    out = out.sort_values(["from_segment", "to_segment"], key=lambda s: s.map(order)).reset_index(drop=True)
    out["customers"] = out["customers"].astype("int64")
    return out


# ------------------------------------------------------------------ one scoring run

HORIZON_MONTHS = 12  # the stored run's CLV horizon (its columns say 12m; segments read them)
DEFAULT_PARAMS = {"window_days": None, "monthly_discount": 0.01, "margin": 1.0, "holdout_days": 365}
CLV_COLUMNS = ("p_alive", "expected_purchases_12m", "clv_12m")
SCORE_COLUMNS = (
    "customer_id",
    "recency_days",
    "frequency",
    "monetary",
    "r",
    "f",
    "m",
    "segment",
    "tier",
    "repeat_purchases",  # BG/NBD's x (purchase days after the first): 0 = one-time buyer, P(alive) 1 by construction
    *CLV_COLUMNS,
)
CLV_FITTED, CLV_ABSENT = "fitted", "absent"


def _fit_clv(cursor, as_of: dt.date, summary: pd.DataFrame, p: dict) -> tuple[pd.DataFrame | None, dict]:
    """CLV columns per customer and the metrics that describe them; when the models cannot be
    fitted, no columns and the reason (``clv_status`` absent, ``clv_reason`` key and values)."""
    from mining import clv as clv_model

    try:
        scored, models = clv_model.score_clv(
            cursor, as_of, HORIZON_MONTHS, p["monthly_discount"], p["margin"], summary=summary
        )
    except MiningError as error:  # e.g. spend without heterogeneity: RFM stands, CLV says why it is missing
        return None, {"clv_status": CLV_ABSENT, "clv_reason": {"key": error.key, "values": error.values}}
    except (ArithmeticError, ValueError, np.linalg.LinAlgError) as error:
        reason = {"key": "mining.clv.no_convergence", "values": {"reason": type(error).__name__}}
        return None, {"clv_status": CLV_ABSENT, "clv_reason": reason}
    scored = scored.rename(columns={"expected_purchases": "expected_purchases_12m", "clv": "clv_12m"})
    metrics = {
        "clv_status": CLV_FITTED,
        "clv_12m": float(scored["clv_12m"].sum()),
        "bgnbd": models["bgnbd"].params_,
        "gamma_gamma": models["gamma_gamma"].params_,
    }
    return scored[["customer_id", *CLV_COLUMNS]], metrics


def score_rfm(cursor, as_of: dt.date, user: str, params: dict | None = None, progress=None, cancelled=None) -> int:
    """Compute RFM, tiers and CLV as of ``as_of`` and store them as one "rfm" run; returns its id.

    ``params``: ``window_days`` (RFM period, None = all history), ``monthly_discount``
    and ``margin`` (CLV), ``holdout_days`` (length of the calibration/holdout check that
    ends at ``as_of``; 0 skips it). The run's metrics hold the segment and tier counts,
    the number of one-time buyers (``one_time_buyers``: P(alive) is 1 for them by
    construction) and of customers with orders but no positive spend (``no_positive_spend``:
    neither RFM nor CLV describes them), both models' parameters and the holdout check.
    RFM segments and tiers are always stored: when the CLV models cannot be fitted the CLV
    columns are empty and ``clv_status`` / ``clv_reason`` say why.
    ``progress(fraction, key)`` and ``cancelled()`` let a background job report and stop.
    """
    from mining import clv as clv_model
    from mining.runs import save_run

    unknown = set(params or {}) - set(DEFAULT_PARAMS)
    if unknown:
        raise MiningError("mining.rfm.unknown_param", names=", ".join(sorted(unknown)))
    p = {**DEFAULT_PARAMS, **(params or {})}

    step = stepper(progress, cancelled)
    step(0.0, "mining.rfm.progress.rfm")
    table = rfm_table(cursor, as_of, p["window_days"])
    step(0.2, "mining.rfm.progress.clv")
    summary = clv_model.purchase_summary(cursor, as_of)
    repeats = summary[["customer_id", "x"]].rename(columns={"x": "repeat_purchases"})
    scores = table.merge(repeats, on="customer_id", how="left")
    scored, clv_metrics = _fit_clv(cursor, as_of, summary, p)
    if scored is None:
        scores = scores.assign(**{c: np.nan for c in CLV_COLUMNS})
    else:
        scores = scores.merge(scored, on="customer_id", how="left")
    metrics = {
        "customers": len(scores),
        "segments": {k: int(v) for k, v in scores["segment"].value_counts().items()},
        "tiers": {k: int(v) for k, v in scores["tier"].value_counts().items()},
        "monetary": float(scores["monetary"].sum()),
        "one_time_buyers": int((scores["repeat_purchases"] == 0).sum()),
        "no_positive_spend": clv_model.no_positive_spend(cursor, as_of),
        **clv_metrics,
    }
    if p["holdout_days"] and scored is not None:
        step(0.5, "mining.rfm.progress.holdout")
        cutoff = as_of - dt.timedelta(days=int(p["holdout_days"]))
        try:
            check, summary = clv_model.holdout_check(cursor, cutoff, as_of)
        except MiningError as error:  # a short history: the scores stand, the check says why it is missing
            metrics["holdout"] = {"error": error.key, "values": error.values}
        else:
            metrics["holdout"] = {**summary, "table": check.to_dict(orient="records")}
    step(0.9, "mining.rfm.progress.save")
    run_id = save_run("rfm", as_of, p, scores[list(SCORE_COLUMNS)], metrics, user, cursor=cursor)
    step(1.0, "mining.rfm.progress.save")
    return run_id

"""The partner valuation scorecard: ten metrics per partner for a period, normalised, weighted, tiered.

Definitions (``start``–``end`` are days, both included; the page's "Definitions" say the same):

- **revenue**: net revenue (returns included) of the order lines through the partner in the period.
- **growth**: revenue against the previous period — the same number of months just before for a
  span of whole months (a quarter against the quarter before), otherwise the same number of days
  just before (``olap.period.previous_span``): ``revenue / previous revenue − 1``. A partner with
  no (or no positive) revenue in the previous period has **no growth (None)**, normalised as
  neutral (see below): a newcomer is neither rewarded nor punished for starting from nothing.
- **gross_margin**: ``(revenue − cost) / revenue`` of its lines in the period (None without revenue).
- **active_customers**: customers with an order line through the partner in the period.
- **new_customers**: customers whose first order line through the partner (ever) is in the period.
- **pipeline**: amount of the partner's opportunities open at the period's end (created on or before
  ``end``, not closed by ``end``).
- **win_rate**: won / closed among the partner's opportunities closed in the period (None: none closed).
- **satisfaction**: mean satisfaction (1..5) of the tickets opened in the period by the partner's
  customers of the period (its active customers); None when they rated none.
- **tenure**: years from ``onboarded_date`` to ``end``; when ``onboarded_date`` is NULL, from the
  partner's first sale (through ``end``); None when neither exists.
- **loyalty**: of the purchases (lines of positive revenue) the partner's active customers made in
  the period through any channel, the share that went through the partner.

A partner onboarded after ``end`` did not exist yet: its row carries ``note = "not_onboarded"``,
every metric NaN, no score and no tier. A partner that existed but sold nothing in the period has
``note = "no_sales"`` and revenue 0, active and new customers 0, and is scored like the others.

**Normalisation** (``score``): each metric becomes its percentile rank among the partners that
have a value for it (ties share their average rank), scaled to 0..1 — ``(rank − 1) / (n − 1)``,
0.5 when only one partner has a value. Ranks, not min-max: one distributor selling ten times
the rest would squash everyone else to 0. The metrics earned by selling (all but pipeline and
tenure) are ranked among the partners that sold in the period; a partner without sales gets
**0** on them (it earns nothing on sales it did not make, and a crowd of idle partners tied at
zero would otherwise share a middling rank). Among sellers, a missing value (no growth, no
closed opportunity, no rated ticket) is **neutral, 0.5**. All metrics are higher-is-better.
**Score** = 100 × Σ weight × normalised / Σ weight; the tier is the first of platinum, gold,
silver whose threshold the score reaches, else bronze.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd

from crm.partners.weights import TIERS, Weights, current_weights
from data.warehouse import get_warehouse, table_names
from olap import engine
from olap.catalog import catalog
from olap.period import ONE_DAY, add_months, default_period, previous_span
from olap.scope import partner_scope

NEUTRAL = 0.5  # the normalised value of a missing metric
NOT_ONBOARDED, NO_SALES = "not_onboarded", "no_sales"


@dataclass(frozen=True)
class Metric:
    name: str
    kind: str  # money | percent | count | score | years
    higher_is_better: bool = True
    from_sales: bool = True  # earned by selling in the period (a partner without sales gets 0)


METRICS = {
    m.name: m
    for m in (
        Metric("revenue", "money"),
        Metric("growth", "percent"),
        Metric("gross_margin", "percent"),
        Metric("active_customers", "count"),
        Metric("new_customers", "count"),
        Metric("pipeline", "money", from_sales=False),
        Metric("win_rate", "percent"),
        Metric("satisfaction", "score"),
        Metric("tenure", "years", from_sales=False),
        Metric("loyalty", "percent"),
    )
}
ACTIONS = {tier: f"partners.scorecard.action.{tier}" for tier in TIERS}  # the suggested reward or action per tier

# Each (partner, customer) pair's first day of trade: small (one row per pair) and the same for every
# period, so it is read once per warehouse version (``first_pairs``); new customers and a partner's first
# sale come from it. The period's own query then reads only the period's and the previous period's lines.
_PAIRS_SQL = """
SELECT partner_id, customer_id, min(order_ts)::DATE AS first_day FROM fact_order_line
WHERE partner_id IS NOT NULL GROUP BY partner_id, customer_id
"""
_METRICS_SQL = """
WITH period AS (
    SELECT partner_id, customer_id, revenue, cost FROM fact_order_line
    WHERE order_ts >= $start AND order_ts < $after_end
),
pc AS MATERIALIZED (  -- each partner's customers of the period
    SELECT partner_id, customer_id, sum(revenue) AS revenue, sum(cost) AS cost,
           sum(revenue) FILTER (revenue > 0) AS bought
    FROM period WHERE partner_id IS NOT NULL GROUP BY partner_id, customer_id
),
customer AS (  -- every customer's purchases of the period, through any channel
    SELECT customer_id, sum(revenue) FILTER (revenue > 0) AS bought FROM period GROUP BY customer_id
),
sales AS (
    SELECT pc.partner_id, sum(pc.revenue) AS revenue, sum(pc.cost) AS cost, count(*) AS active_customers,
           sum(pc.bought) AS partner_bought, sum(c.bought) AS all_bought
    FROM pc LEFT JOIN customer c ON c.customer_id = pc.customer_id
    GROUP BY pc.partner_id
),
prev AS (
    SELECT partner_id, sum(revenue) AS prev_revenue FROM fact_order_line
    WHERE partner_id IS NOT NULL AND order_ts >= $prev_start AND order_ts < $prev_after GROUP BY partner_id
),
opp AS ({opportunities}),
sat AS ({satisfaction})
SELECT p.partner_id, p.name, p.onboarded_date,
       coalesce(s.revenue, 0) AS revenue, coalesce(s.cost, 0) AS cost, coalesce(l.prev_revenue, 0) AS prev_revenue,
       coalesce(s.active_customers, 0) AS active_customers, s.partner_bought, s.all_bought, o.pipeline, o.won, o.closed, sat.satisfaction, sat.tickets
FROM dim_partner p
LEFT JOIN sales s ON s.partner_id = p.partner_id
LEFT JOIN prev l ON l.partner_id = p.partner_id
LEFT JOIN opp o ON o.partner_id = p.partner_id
LEFT JOIN sat ON sat.partner_id = p.partner_id
ORDER BY p.partner_id
"""
_OPPORTUNITIES_SQL = """
    SELECT partner_id,
           coalesce(sum(amount) FILTER (created_date <= $end AND (closed_date IS NULL OR closed_date > $end)), 0)
               AS pipeline,
           count(*) FILTER (won AND closed_date BETWEEN $start AND $end) AS won,
           count(*) FILTER (closed_date BETWEEN $start AND $end) AS closed
    FROM fact_opportunity WHERE partner_id IS NOT NULL GROUP BY partner_id"""
_NO_OPPORTUNITIES = "SELECT NULL::INTEGER AS partner_id, NULL::DOUBLE AS pipeline, NULL::BIGINT AS won, NULL::BIGINT AS closed WHERE false"
_SATISFACTION_SQL = """
    SELECT pc.partner_id, avg(t.satisfaction) AS satisfaction, count(t.satisfaction) AS tickets
    FROM fact_service_ticket t JOIN pc ON pc.customer_id = t.customer_id
    WHERE t.opened_ts >= $start AND t.opened_ts < $after_end
    GROUP BY pc.partner_id"""
_NO_SATISFACTION = (
    "SELECT NULL::INTEGER AS partner_id, NULL::DOUBLE AS satisfaction, NULL::BIGINT AS tickets WHERE false"
)

COLUMNS = ["partner_id", "name", "note", *METRICS, "prev_revenue", "won", "closed", "tickets"]


def _ratio(numerator: pd.Series, denominator: pd.Series) -> pd.Series:
    numerator, denominator = numerator.astype(float), denominator.astype(float)
    return (numerator / denominator).where(denominator > 0)


def first_pairs(cursor) -> pd.DataFrame:
    """Every (partner, customer) pair's first day of trade: ``partner_id``, ``customer_id``, ``first_day``."""
    pairs = cursor.execute(_PAIRS_SQL).df()
    pairs["first_day"] = pd.to_datetime(pairs["first_day"])
    return pairs


def read_metrics(cursor, start: dt.date, end: dt.date, pairs: pd.DataFrame | None = None) -> pd.DataFrame:
    """``partner_metrics`` from a cursor, uncached (``COLUMNS``); ``pairs``: ``first_pairs`` of the same
    version when the caller has them."""
    tables = table_names(cursor)
    if not {"dim_partner", "fact_order_line"} <= tables:
        return pd.DataFrame(columns=COLUMNS)
    if pairs is None:
        pairs = first_pairs(cursor)
    prev_start, prev_end = previous_span(start, end)
    sql = _METRICS_SQL.format(
        opportunities=_OPPORTUNITIES_SQL if "fact_opportunity" in tables else _NO_OPPORTUNITIES,
        satisfaction=_SATISFACTION_SQL if "fact_service_ticket" in tables else _NO_SATISFACTION,
    )
    params = {"start": start, "end": end, "after_end": end + ONE_DAY, "prev_start": prev_start,
              "prev_after": prev_end + ONE_DAY}  # fmt: skip
    raw = cursor.execute(sql, params).df()
    if raw.empty:  # no partner at all (an orders-only warehouse): nothing to map dates onto
        return pd.DataFrame(columns=COLUMNS)
    upto = pairs[pairs["first_day"] <= pd.Timestamp(end)]
    raw["first_sale"] = raw["partner_id"].map(upto.groupby("partner_id")["first_day"].min())
    new = upto[upto["first_day"] >= pd.Timestamp(start)].groupby("partner_id").size()
    raw["new_customers"] = raw["partner_id"].map(new).fillna(0)
    return _metrics_frame(raw, start, end, "fact_opportunity" in tables)


def _metrics_frame(raw: pd.DataFrame, start: dt.date, end: dt.date, has_opportunities: bool) -> pd.DataFrame:
    out = pd.DataFrame({"partner_id": raw["partner_id"].astype(int), "name": raw["name"]})
    onboarded = pd.to_datetime(raw["onboarded_date"])
    since = onboarded.fillna(pd.to_datetime(raw["first_sale"]))
    out["revenue"] = raw["revenue"].astype(float)
    out["growth"] = _ratio(raw["revenue"], raw["prev_revenue"]) - 1
    out["gross_margin"] = _ratio(raw["revenue"] - raw["cost"], raw["revenue"])
    out["active_customers"] = raw["active_customers"].astype(float)
    out["new_customers"] = raw["new_customers"].astype(float)
    out["pipeline"] = raw["pipeline"].astype(float).fillna(0.0) if has_opportunities else np.nan
    out["win_rate"] = _ratio(raw["won"].fillna(0), raw["closed"].fillna(0))
    out["satisfaction"] = raw["satisfaction"].astype(float)
    out["tenure"] = ((pd.Timestamp(end) - since).dt.days / 365.25).astype(float)
    out["loyalty"] = _ratio(raw["partner_bought"], raw["all_bought"])
    out["prev_revenue"] = raw["prev_revenue"].astype(float)
    out["won"] = raw["won"].fillna(0).astype(float)
    out["closed"] = raw["closed"].fillna(0).astype(float)
    out["tickets"] = raw["tickets"].fillna(0).astype(float)
    later = (onboarded > pd.Timestamp(end)).fillna(False).to_numpy(bool)
    out["note"] = np.where(later, NOT_ONBOARDED, np.where(raw["active_customers"].fillna(0) > 0, "", NO_SALES))
    out.loc[later, [*METRICS, "prev_revenue", "won", "closed", "tickets"]] = np.nan
    return out[COLUMNS].reset_index(drop=True)


def partner_metrics(start: dt.date, end: dt.date, warehouse=None) -> pd.DataFrame:
    """One row per partner of ``dim_partner`` with its metrics for ``start``–``end`` (module docstring),
    kept in the shared result cache per warehouse version and period; every partner, whatever the scope."""
    warehouse = warehouse or get_warehouse()
    version = warehouse.version()
    pairs = cached_pairs(warehouse)
    frame = engine.cached(
        ("partners", "metrics", start.isoformat(), end.isoformat()),
        lambda cursor: read_metrics(cursor, start, end, pairs),
        warehouse,
        keep=lambda _: warehouse.version() == version,  # a load in between: the pairs may be the old version's
    )
    return frame.copy()


def cached_pairs(warehouse=None) -> pd.DataFrame | None:
    """``first_pairs`` of the current version, kept in the shared result cache (None without partner data)."""

    def compute(cursor):
        return first_pairs(cursor) if {"dim_partner", "fact_order_line"} <= table_names(cursor) else None

    return engine.cached(("partners", "first_pairs"), compute, warehouse)


def normalised(values: pd.Series, higher_is_better: bool = True) -> pd.Series:
    """Percentile rank 0..1 among the values present (ties share their average rank); NaN stays NaN."""
    ranks = values.rank(method="average", ascending=higher_is_better)
    n = int(values.notna().sum())
    if n <= 1:
        return pd.Series(np.where(values.notna(), NEUTRAL, np.nan), index=values.index, dtype=float)
    return (ranks - 1) / (n - 1)


def score(metrics: pd.DataFrame, weights: Weights) -> pd.DataFrame:
    """``metrics`` with ``norm_<metric>`` (0..1, missing → ``NEUTRAL``), ``score`` (0..100), ``tier``
    and ``action`` (an i18n key) added; partners not onboarded yet get none. Raises ``PartnerError``
    for unusable weights."""
    weights.validate()
    out = metrics.copy()
    existing = (out["note"] != NOT_ONBOARDED).to_numpy(bool) if len(out) else np.zeros(0, bool)
    selling = existing & (out["note"] != NO_SALES).to_numpy(bool) if len(out) else existing
    total = sum(weights.weight(m) for m in METRICS)
    points = np.zeros(len(out))
    for name, metric in METRICS.items():
        ranked = selling if metric.from_sales else existing
        values = out[name].astype(float).where(ranked)
        norm = normalised(values, metric.higher_is_better).fillna(NEUTRAL).where(ranked, 0.0).where(existing)
        out[f"norm_{name}"] = norm
        points = points + weights.weight(name) * norm.fillna(0.0).to_numpy()
    out["score"] = np.where(existing, 100.0 * points / total, np.nan)
    tiers = [weights.tier(s) for s in out["score"]]  # object columns: None (not NaN) for no tier
    out["tier"] = pd.Series(tiers, index=out.index, dtype=object)
    out["action"] = pd.Series([ACTIONS.get(t) for t in tiers], index=out.index, dtype=object)
    return out


def in_scope(frame: pd.DataFrame) -> pd.DataFrame:
    """Only the partners the current request may see (``olap.scope``)."""
    scope = partner_scope()
    if scope is None:
        return frame
    return frame[frame["partner_id"].isin(scope)].reset_index(drop=True)


def scorecard(start: dt.date, end: dt.date, weights: Weights | None = None, warehouse=None) -> pd.DataFrame:
    """Every partner's metrics, normalised values, score and tier for ``start``–``end``, scored among
    all partners and returned for the partners in the request's scope; sorted by score, best first."""
    scored = score(partner_metrics(start, end, warehouse), weights or current_weights())
    scored = scored.sort_values(["score", "partner_id"], ascending=[False, True], na_position="last")
    return in_scope(scored.reset_index(drop=True))


# --------------------------------------------------------------------------- quarters and tiers


def quarter_of(day: dt.date) -> tuple[str, dt.date, dt.date]:
    """The quarter holding ``day``: its label ``YYYY-Qn``, first and last day."""
    q = (day.month - 1) // 3
    first = dt.date(day.year, 3 * q + 1, 1)
    return f"{day.year}-Q{q + 1}", first, add_months(first, 3) - ONE_DAY


def last_complete_quarter(warehouse=None) -> tuple[dt.date, dt.date] | None:
    """The default period: the data's last complete quarter (``olap.period.default_period``); None
    without order lines."""
    cat = catalog(warehouse)
    if cat.empty:
        return None
    period = default_period(cat.data_end, cat.data_start)
    return period.first_day, period.last_day


def _quarters(end: dt.date | None, count: int, warehouse) -> list[tuple[str, dt.date, dt.date]]:
    """Up to ``count`` complete quarters ending on or before ``end`` (the data's last day by default),
    oldest first, none wholly before the data's first day."""
    cat = catalog(warehouse)
    if cat.empty:
        return []
    limit = min(end or cat.data_end, cat.data_end)
    label, first, last = quarter_of(limit)
    if last > limit:
        label, first, last = quarter_of(first - ONE_DAY)
    out = []
    while len(out) < count and last >= cat.data_start:
        out.append((label, first, last))
        label, first, last = quarter_of(first - ONE_DAY)
    return out[::-1]


def tier_history(weights: Weights | None = None, end: dt.date | None = None, quarters: int = 8,
                 warehouse=None) -> pd.DataFrame:  # fmt: skip
    """Each partner's score and tier per complete quarter (the last ``quarters`` ending by ``end``),
    scored with ``weights`` (the current ones by default); partners in scope, oldest quarter first."""
    weights = (weights or current_weights()).validate()
    frames = []
    for label, first, last in _quarters(end, quarters, warehouse):
        scored = score(partner_metrics(first, last, warehouse), weights)
        scored = scored[scored["tier"].notna()]
        frames.append(pd.DataFrame({"partner_id": scored["partner_id"], "quarter": label, "score": scored["score"],
                                    "tier": scored["tier"]}))  # fmt: skip
    if not frames:
        return pd.DataFrame(columns=["partner_id", "quarter", "score", "tier"])
    history = pd.concat(frames, ignore_index=True).sort_values(["partner_id", "quarter"], kind="stable")
    return in_scope(history.reset_index(drop=True))


def tier_changes(history: pd.DataFrame) -> pd.DataFrame:
    """The quarters in which a partner's tier differs from its previous quarter's (its first is no change)."""
    columns = ["partner_id", "quarter", "from_tier", "to_tier"]
    if history.empty:
        return pd.DataFrame(columns=columns)
    ordered = history.sort_values(["partner_id", "quarter"], kind="stable")
    before = ordered.groupby("partner_id")["tier"].shift(1)
    moved = before.notna() & (before != ordered["tier"])
    out = pd.DataFrame({"partner_id": ordered["partner_id"], "quarter": ordered["quarter"], "from_tier": before,
                        "to_tier": ordered["tier"]})[moved]  # fmt: skip
    return out[columns].reset_index(drop=True)


def current_tiers(warehouse=None, *, scoped: bool = True) -> dict[int, str]:
    """Each partner's tier in the last complete quarter with the current weights (the directory's
    filter, the cube); ``scoped=False`` for every partner whatever the request's scope."""
    period = last_complete_quarter(warehouse)
    if period is None:
        return {}
    scored = score(partner_metrics(*period, warehouse), current_weights())
    if scoped:
        scored = in_scope(scored)
    return {int(p): t for p, t in zip(scored["partner_id"], scored["tier"], strict=True) if t is not None}


# --------------------------------------------------------------------------- the page's one call


def named_tier_changes(weights: Weights, end: dt.date | None = None, quarters: int = 8, warehouse=None) -> pd.DataFrame:
    """``tier_changes`` of the ``quarters`` complete quarters ending by ``end`` with ``weights`` (an edit
    not saved yet, or the current ones) and each partner's name; newest quarter first."""
    history = tier_history(weights, end, quarters, warehouse)
    changes = tier_changes(history)
    names = {}
    if len(history):
        last = _quarters(end, 1, warehouse)[0]
        metrics = partner_metrics(last[1], last[2], warehouse)
        names = dict(zip(metrics["partner_id"], metrics["name"], strict=True))
    changes.insert(1, "name", [names.get(p, "") for p in changes["partner_id"]])
    return changes.sort_values(["quarter", "partner_id"], ascending=[False, True]).reset_index(drop=True)

"""What-if campaign simulation: responders, revenue, cost and ROI of an offer to a segment,
with a range, from response propensities and past campaign response, before money is spent.

Definitions (every rate per *target contact sent*, from completed campaigns only: a
running campaign's responses are not all in yet):

- a channel's ``rate`` is the share of its target contacts that converted
  (``fact_campaign_contact.converted_ts``), ``control_rate`` the same share in the
  holdout (never contacted) and ``uplift = rate − control_rate``;
- ``deliverability`` (delivered / sent) is reported but not multiplied in again: the
  rate is per contact *sent*, so undelivered contacts are already inside it;
- response probabilities come from the latest ``propensity_response`` run, calibrated
  to the chosen channel by a shift of their log-odds so that their mean over the
  channel's past target contacts equals its historical rate (a shift keeps every
  probability inside 0..1, where scaling would not); customers without a score get the
  channel's rate. Without scores everybody gets the channel's rate;
- the *baseline* (customers who would have bought anyway) is the same probabilities
  times ``control_rate / rate``; incremental responders = responders − baseline;
- revenue = responders × order value × (1 − discount); the margin is on revenue before
  the discount, so gross profit = responders × order value × (margin − discount);
  cost = contacts × cost per contact + fixed cost; profit = gross profit − cost;
  ROI = profit / cost;
- incremental profit counts the discount given to the baseline buyers too (they would
  have paid full price): incremental gross profit = responders × value × (margin −
  discount) − baseline × value × margin;
- the range combines the chance of who responds (a Poisson-binomial sum, simulated one
  customer at a time for small segments, by its normal approximation for large ones)
  with the uncertainty of the channel's and the control's rates (beta posteriors from
  their contacts and conversions, scaled so their mean is the observed rate), in
  ``DRAWS`` vectorised draws with a fixed seed. ``mean`` is the exact expectation; the
  percentiles come from the draws.
"""

from __future__ import annotations

import math
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from mining.errors import Cancelled, MiningError

RUN_KIND = "propensity_response"
DRAWS = 2000
SAMPLE = 200  # profit draws kept for the page's histogram
EXACT_MAX = 1000  # segments up to this size are simulated customer by customer
FEW_CONTACTS = 500  # fewer past target contacts than this: the range is wide
FEW_CONTROL = 100
MIN_SEGMENT_ORDERS = 30  # the segment's own order value needs at least this many orders
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
HISTORY_COLUMNS = (
    "channel",
    "contacts",
    "responses",
    "rate",
    "control_contacts",
    "control_responses",
    "control_rate",
    "uplift",
    "avg_order_value",
    "deliverability",
)
ORDER_VALUE_SOURCES = ("offer", "segment", "channel", "warehouse")

_HISTORY_SQL = """
    WITH orders AS (  -- only the converted orders: a fraction of the lines
        SELECT f.order_id, sum(f.revenue) AS order_value
        FROM fact_order_line f
        SEMI JOIN fact_campaign_contact k ON k.converted_order_id = f.order_id
        GROUP BY f.order_id
    ),
    c AS (
        SELECT ch.name AS channel, f.group_name, f.sent_ts, f.delivered, f.converted_ts, o.order_value
        FROM fact_campaign_contact f
        JOIN dim_campaign k ON k.campaign_id = f.campaign_id
        JOIN dim_channel ch ON ch.channel_id = f.channel_id
        LEFT JOIN orders o ON o.order_id = f.converted_order_id
        WHERE k.status = ?
    )
    SELECT channel,
           count(*) FILTER (WHERE group_name = ?) AS contacts,
           count(*) FILTER (WHERE group_name = ? AND converted_ts IS NOT NULL) AS responses,
           count(*) FILTER (WHERE group_name = ?) AS control_contacts,
           count(*) FILTER (WHERE group_name = ? AND converted_ts IS NOT NULL) AS control_responses,
           avg(order_value) FILTER (WHERE group_name = ? AND converted_ts IS NOT NULL) AS avg_order_value,
           count(*) FILTER (WHERE group_name = ? AND sent_ts IS NOT NULL) AS sent,
           count(*) FILTER (WHERE group_name = ? AND sent_ts IS NOT NULL AND delivered) AS delivered
    FROM c
    GROUP BY channel
    ORDER BY channel
"""
_HISTORY_PARAMS = ["completed", "target", "target", "control", "control", "target", "target", "target"]

_CONTACTED_SQL = """
    SELECT f.customer_id, count(*) AS contacts
    FROM fact_campaign_contact f
    JOIN dim_campaign k ON k.campaign_id = f.campaign_id
    JOIN dim_channel ch ON ch.channel_id = f.channel_id
    WHERE k.status = ? AND f.group_name = ? AND ch.name = ?
    GROUP BY f.customer_id
"""


@dataclass(frozen=True)
class Offer:
    """What is sent, through which channel, at what cost.

    ``discount_pct`` (0..100) is given on converted orders; ``margin_pct`` (0..100) is
    the gross margin of revenue before the discount (None: the warehouse's
    ``sum(revenue − cost) / sum(revenue)``); ``expected_order_value`` None: from history.
    """

    channel: str
    cost_per_contact: float
    fixed_cost: float = 0.0
    discount_pct: float = 0.0
    margin_pct: float | None = None
    expected_order_value: float | None = None


@dataclass
class SimulationResult:
    """Expected outcome of one offer to one segment.

    ``expected[metric]`` is a dict of mean, p10, p50, p90 for each of ``METRICS`` (ROI
    values None when the cost is zero; incremental values NaN without a control group).
    ``notes`` are (translation key, values) pairs for the page.
    """

    channel: str
    contacts: int
    scored: int
    expected: dict[str, dict[str, float | None]]
    expected_rate: float
    break_even_rate: float | None
    order_value: float
    order_value_source: str
    margin_pct: float
    discount_pct: float
    expected_delivered: float | None
    history: dict | None
    calibration: dict
    notes: list[tuple[str, dict]] = field(default_factory=list)
    profit_sample: np.ndarray = field(default_factory=lambda: np.zeros(0))
    draws: int = DRAWS
    seed: int = 0


# ------------------------------------------------------------------ warehouse facts


def channel_history(cursor) -> pd.DataFrame:
    """Past response of every channel campaigns used (completed campaigns only).

    Returns
    -------
    DataFrame with ``HISTORY_COLUMNS``: channel (dim_channel name), contacts and responses
    of the target group, rate, control_contacts, control_responses, control_rate,
    uplift (rate − control_rate), avg_order_value (mean revenue of the target's converted
    orders) and deliverability (delivered / sent; NaN when nothing was sent), by channel.

    Example
    -------
    >>> channel_history(cur).set_index("channel").loc["Email", "rate"]
    """
    raw = cursor.execute(_HISTORY_SQL, _HISTORY_PARAMS).df()
    out = pd.DataFrame({"channel": raw["channel"].astype(str)})
    for col in ("contacts", "responses", "control_contacts", "control_responses"):
        out[col] = raw[col].astype("int64")
    with np.errstate(invalid="ignore", divide="ignore"):
        out["rate"] = out["responses"] / out["contacts"].where(out["contacts"] > 0)
        out["control_rate"] = out["control_responses"] / out["control_contacts"].where(out["control_contacts"] > 0)
        out["uplift"] = out["rate"] - out["control_rate"]
        out["avg_order_value"] = raw["avg_order_value"].astype(float)
        out["deliverability"] = raw["delivered"].astype(float) / raw["sent"].where(raw["sent"] > 0).astype(float)
    return out[list(HISTORY_COLUMNS)].reset_index(drop=True)


def campaign_channels(cursor) -> list[str]:
    """Names of the channels campaigns have used (the choices for an offer)."""
    rows = cursor.execute(
        """SELECT DISTINCT ch.name FROM fact_campaign_contact f
           JOIN dim_channel ch ON ch.channel_id = f.channel_id ORDER BY ch.name"""
    ).fetchall()
    return [r[0] for r in rows]


def warehouse_margin(cursor) -> float | None:
    """Gross margin of all revenue in percent: ``100 × sum(revenue − cost) / sum(revenue)``."""
    ((revenue, cost),) = cursor.execute("SELECT sum(revenue), sum(cost) FROM fact_order_line").fetchall()
    if revenue is None or revenue <= 0:
        return None
    return 100.0 * (revenue - cost) / revenue


def segment_order_value(cursor, customer_ids: np.ndarray) -> tuple[float | None, int]:
    """(average net revenue of the customers' purchase orders, number of those orders)."""
    view = f"sim_customers_{uuid.uuid4().hex}"
    cursor.register(view, pd.DataFrame({"customer_id": customer_ids}))
    try:
        ((orders, value),) = cursor.execute(
            f"""WITH o AS (
                    SELECT f.order_id, sum(f.revenue) AS v
                    FROM fact_order_line f SEMI JOIN {view} c ON c.customer_id = f.customer_id
                    GROUP BY f.order_id)
                SELECT count(*) FILTER (WHERE v > 0), avg(v) FILTER (WHERE v > 0) FROM o"""
        ).fetchall()
    finally:
        cursor.unregister(view)
    return (float(value) if value is not None else None), int(orders or 0)


def _warehouse_order_value(cursor) -> float | None:
    ((value,),) = cursor.execute(
        """SELECT avg(v) FROM (SELECT sum(revenue) AS v FROM fact_order_line GROUP BY order_id) WHERE v > 0"""
    ).fetchall()
    return float(value) if value is not None else None


def _channel_names(cursor) -> list[str]:
    return [r[0] for r in cursor.execute("SELECT DISTINCT name FROM dim_channel ORDER BY name").fetchall()]


def past_contacts(cursor, channel: str) -> pd.Series:
    """Number of past target contacts per customer on ``channel`` (completed campaigns)."""
    frame = cursor.execute(_CONTACTED_SQL, ["completed", "target", channel]).df()
    return pd.Series(frame["contacts"].to_numpy(dtype="int64"), index=frame["customer_id"].to_numpy())


def response_scores(lineage: str | None = None) -> tuple[pd.Series | None, dict | None]:
    """The latest ``propensity_response`` run's scores (indexed by customer_id) and its meta,
    or (None, None) when no model was trained on ``lineage`` (default: the current warehouse's)."""
    from mining.runs import latest_run, load_run

    meta = latest_run(RUN_KIND, lineage)
    if meta is None:
        return None, None
    meta, frame = load_run(meta["run_id"])
    return pd.Series(frame["score"].to_numpy(dtype=float), index=frame["customer_id"].to_numpy()), meta


# ------------------------------------------------------------------ calibration


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return 0.5 * (1.0 + np.tanh(0.5 * x))


def calibrate(scores: pd.Series, contacts: pd.Series, rate: float) -> tuple[pd.Series, dict]:
    """Shift the scores' log-odds so that their mean over past contacts equals ``rate``.

    ``contacts`` is the number of past target contacts per customer id (a customer
    contacted twice counts twice). Returns the calibrated scores and a dict with the
    shift, the raw and calibrated means and how many contacts had a score; with no
    scored contact the scores are returned unchanged (``shift`` None).
    """
    weights = contacts.reindex(scores.index).fillna(0).to_numpy(dtype=float)
    info = {"contacts_scored": int(weights.sum()), "target_rate": float(rate), "shift": None}
    s = scores.to_numpy(dtype=float)
    if weights.sum() == 0:
        info.update(raw_mean=None, calibrated_mean=None)
        return scores.astype(float), info
    raw_mean = float(np.average(s, weights=weights))
    if rate <= 0.0 or rate >= 1.0:  # a certain outcome: every score follows it
        out = np.full(len(s), float(rate))
        info.update(raw_mean=raw_mean, calibrated_mean=float(rate), shift=math.copysign(math.inf, rate - 0.5))
        return pd.Series(out, index=scores.index), info
    eps = 1e-9
    logit = np.log(np.clip(s, eps, 1 - eps) / (1 - np.clip(s, eps, 1 - eps)))
    lo, hi = -40.0, 40.0
    for _ in range(100):  # the weighted mean rises with the shift: bisection
        mid = 0.5 * (lo + hi)
        if np.average(_sigmoid(logit + mid), weights=weights) < rate:
            lo = mid
        else:
            hi = mid
    shift = 0.5 * (lo + hi)
    out = _sigmoid(logit + shift)
    info.update(raw_mean=raw_mean, calibrated_mean=float(np.average(out, weights=weights)), shift=shift)
    return pd.Series(out, index=scores.index), info


# ------------------------------------------------------------------ simulation


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
    seed: int = 0,
) -> tuple[dict[str, dict[str, float | None]], np.ndarray]:
    """Expected values and ranges of ``METRICS`` for response probabilities ``p``.

    ``responses``/``contacts`` give the channel rate's uncertainty (0 contacts: none);
    ``baseline_ratio`` is control_rate / rate (None: no control group, incremental values
    NaN). Returns (expected, profit draws).
    """
    rng = np.random.default_rng(seed)
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


# ------------------------------------------------------------------ the public entry


def _check_offer(offer: Offer, channels: list[str]) -> None:
    if offer.channel not in channels:
        raise MiningError("mining.simulate.unknown_channel", channel=offer.channel, allowed=", ".join(channels))
    for name in ("cost_per_contact", "fixed_cost"):
        value = getattr(offer, name)
        if not isinstance(value, int | float) or not math.isfinite(value) or value < 0:
            raise MiningError("mining.simulate.negative_cost", value=value)
    if not isinstance(offer.discount_pct, int | float) or not 0 <= offer.discount_pct <= 100:
        raise MiningError("mining.simulate.bad_discount", value=offer.discount_pct)
    if offer.margin_pct is not None and (
        not isinstance(offer.margin_pct, int | float) or not 0 <= offer.margin_pct <= 100
    ):
        raise MiningError("mining.simulate.bad_margin", value=offer.margin_pct)
    value = offer.expected_order_value
    if value is not None and (not isinstance(value, int | float) or not math.isfinite(value) or value <= 0):
        raise MiningError("mining.simulate.bad_order_value", value=value)


CONSENT_CHANNELS = ("email",)  # channel names (lower case) that may only contact customers who opted in


def reachable(cursor, customer_ids: np.ndarray, channel: str) -> np.ndarray:
    """The customers an offer on ``channel`` may contact: e-mail only those with
    ``dim_customer.email_opt_in``; other channels everybody given."""
    ids = np.asarray(customer_ids, dtype="int64")
    if channel.strip().lower() not in CONSENT_CHANNELS:
        return ids
    view = f"sim_reach_{uuid.uuid4().hex}"
    cursor.register(view, pd.DataFrame({"customer_id": ids}))
    try:
        rows = cursor.execute(
            f"""SELECT v.customer_id FROM {view} v JOIN dim_customer c ON c.customer_id = v.customer_id
                WHERE c.email_opt_in ORDER BY 1"""
        ).fetchall()
    finally:
        cursor.unregister(view)
    return np.array([r[0] for r in rows], dtype="int64")


def _customer_ids(customer_ids) -> np.ndarray:
    ids = pd.unique(np.asarray(list(customer_ids) if not isinstance(customer_ids, np.ndarray) else customer_ids))
    if len(ids) == 0:
        raise MiningError("mining.simulate.empty_segment")
    try:
        return ids.astype("int64")
    except (TypeError, ValueError):
        raise MiningError("mining.simulate.bad_customer_ids") from None


def _check_scores(scores) -> pd.Series | None:
    if scores is None:
        return None
    s = pd.Series(scores, dtype=float) if not isinstance(scores, pd.Series) else scores.astype(float)
    s = s[~s.index.duplicated(keep="last")]
    bad = ~np.isfinite(s.to_numpy()) | (s.to_numpy() < 0) | (s.to_numpy() > 1)
    if bad.any():
        raise MiningError("mining.simulate.bad_scores", count=int(bad.sum()))
    return s


def _plain(row: dict) -> dict:
    """A history row with plain Python numbers (the page stores it as JSON)."""
    return {k: v.item() if isinstance(v, np.generic) else v for k, v in row.items()}


def _order_value(cursor, ids, offer, row, notes) -> tuple[float, str]:
    if offer.expected_order_value is not None:
        return float(offer.expected_order_value), "offer"
    value, orders = segment_order_value(cursor, ids)
    if value is not None and orders >= MIN_SEGMENT_ORDERS:
        notes.append(("mining.simulate.note.value_segment", {"value": value, "orders": orders}))
        return value, "segment"
    if row is not None and row["avg_order_value"] is not None and np.isfinite(row["avg_order_value"]):
        notes.append(
            (
                "mining.simulate.note.value_channel",
                {"value": row["avg_order_value"], "orders": orders, "needed": MIN_SEGMENT_ORDERS},
            )
        )
        return float(row["avg_order_value"]), "channel"
    value = _warehouse_order_value(cursor)
    if value is None:
        raise MiningError("mining.simulate.no_order_value")
    notes.append(("mining.simulate.note.value_warehouse", {"value": value}))
    return value, "warehouse"


def simulate(
    cursor,
    customer_ids: Sequence[int],
    offer: Offer,
    scores: pd.Series | None = None,
    seed: int = 0,
    *,
    draws: int = DRAWS,
    history: pd.DataFrame | None = None,
    progress: Callable[[float, str], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
    consent: bool = False,
) -> SimulationResult:
    """Expected responders, revenue, cost, profit and ROI of ``offer`` to ``customer_ids``.

    Parameters
    ----------
    cursor : a DuckDB cursor on the warehouse.
    customer_ids : the segment's customers (duplicates count once).
    offer : channel (a dim_channel name, see ``campaign_channels``), costs, discount, margin.
    scores : response probabilities indexed by customer_id (``response_scores()``), or
        None to use the channel's historical rate for everybody.
    seed : seed of the simulation (same seed, same range).
    history : ``channel_history(cursor)`` when the caller has it already.

    Returns
    -------
    SimulationResult (see its docstring); ``expected[metric]`` has mean, p10, p50, p90.

    Example
    -------
    >>> r = simulate(cur, ids, Offer("Email", cost_per_contact=0.08, fixed_cost=3000))
    >>> r.expected["roi"]["mean"], r.expected["incremental_roi"]["p10"]
    """
    progress = progress or (lambda fraction, key: None)
    cancelled = cancelled or (lambda: False)

    def step(fraction: float, key: str) -> None:
        if cancelled():
            raise Cancelled()
        progress(fraction, key)

    ids = _customer_ids(customer_ids)
    if int(draws) < 10:
        raise MiningError("mining.simulate.bad_draws", value=draws)
    step(0.0, "mining.simulate.step.history")
    _check_offer(offer, _channel_names(cursor))
    scores = _check_scores(scores)
    history = channel_history(cursor) if history is None else history
    match = history[history["channel"] == offer.channel]
    row = _plain(match.iloc[0].to_dict()) if len(match) and match.iloc[0]["contacts"] > 0 else None
    if row is None and scores is None:
        raise MiningError("mining.simulate.no_history", channel=offer.channel)
    notes: list[tuple[str, dict]] = []
    if consent:
        asked = len(ids)
        ids = reachable(cursor, ids, offer.channel)
        if len(ids) < asked:
            notes.append(("mining.simulate.note.consent", {"reachable": len(ids), "asked": asked}))
        if len(ids) == 0:
            raise MiningError("mining.simulate.no_consent", channel=offer.channel, asked=asked)
    margin = offer.margin_pct if offer.margin_pct is not None else warehouse_margin(cursor)
    if margin is None:
        raise MiningError("mining.simulate.no_margin")
    if offer.margin_pct is None:
        notes.append(("mining.simulate.note.margin_default", {"margin": margin}))

    step(0.3, "mining.simulate.step.scores")
    rate = float(row["rate"]) if row is not None else None
    if scores is None:
        p = np.full(len(ids), rate)
        scored = 0
        calibration = {"method": "history", "target_rate": rate, "shift": None}
        notes.append(("mining.simulate.note.history_only", {"channel": offer.channel, "rate": rate}))
    else:
        if row is not None:
            calibrated, info = calibrate(scores, past_contacts(cursor, offer.channel), rate)
            if info["shift"] is None:
                notes.append(("mining.simulate.note.not_calibrated", {"channel": offer.channel}))
                calibration = {"method": "none", **info}
            else:
                notes.append(
                    (
                        "mining.simulate.note.calibrated",
                        {
                            "channel": offer.channel,
                            "rate": rate,
                            "raw_mean": info["raw_mean"],
                            "contacts": info["contacts_scored"],
                        },
                    )
                )
                calibration = {"method": "logit_shift", **info}
        else:
            calibrated = scores
            calibration = {"method": "none", "target_rate": None, "shift": None}
            notes.append(("mining.simulate.note.no_history_scores", {"channel": offer.channel}))
        mapped = calibrated.reindex(ids).to_numpy(dtype=float, copy=True)
        missing = np.isnan(mapped)
        scored = int((~missing).sum())
        if missing.any():
            fill = rate if rate is not None else float(np.nanmean(mapped)) if scored else math.nan
            if not np.isfinite(fill):
                raise MiningError("mining.simulate.no_history", channel=offer.channel)
            mapped[missing] = fill
            notes.append(
                (
                    "mining.simulate.note.unscored",
                    {"customers": int(missing.sum()), "share": float(missing.mean()), "rate": fill},
                )
            )
        p = mapped

    contacts = len(ids)
    cost = contacts * float(offer.cost_per_contact) + float(offer.fixed_cost)
    value, source = _order_value(cursor, ids, offer, row, notes)
    if row is not None and row["contacts"] < FEW_CONTACTS:
        notes.append(
            ("mining.simulate.note.few_contacts", {"channel": offer.channel, "contacts": int(row["contacts"])})
        )
    baseline_ratio = None
    if row is None or row["control_contacts"] == 0:
        notes.append(("mining.simulate.note.no_control", {"channel": offer.channel}))
    else:
        baseline_ratio = float(row["control_rate"]) / rate if rate > 0 else 0.0
        if row["control_contacts"] < FEW_CONTROL:
            notes.append(
                (
                    "mining.simulate.note.few_control",
                    {"channel": offer.channel, "contacts": int(row["control_contacts"])},
                )
            )
        if row["uplift"] <= 0:
            notes.append(("mining.simulate.note.no_uplift", {"channel": offer.channel, "uplift": float(row["uplift"])}))
    if offer.discount_pct >= margin:
        notes.append(("mining.simulate.note.discount_over_margin", {"discount": offer.discount_pct, "margin": margin}))
    if cost == 0:
        notes.append(("mining.simulate.note.roi_na", {}))

    step(0.6, "mining.simulate.step.simulate")
    expected, profit = project(
        p,
        order_value=value,
        margin_pct=margin,
        discount_pct=offer.discount_pct,
        cost=cost,
        responses=int(row["responses"]) if row is not None else 0,
        contacts=int(row["contacts"]) if row is not None else 0,
        baseline_ratio=baseline_ratio,
        control_responses=int(row["control_responses"]) if row is not None else 0,
        control_contacts=int(row["control_contacts"]) if row is not None else 0,
        draws=int(draws),
        seed=seed,
    )
    per_responder = value * (margin - offer.discount_pct) / 100.0
    break_even = cost / (contacts * per_responder) if per_responder > 0 else None
    deliverability = row["deliverability"] if row is not None else None
    delivered = contacts * deliverability if deliverability is not None and np.isfinite(deliverability) else None
    step(1.0, "mining.simulate.step.done")
    return SimulationResult(
        channel=offer.channel,
        contacts=contacts,
        scored=scored,
        expected=expected,
        expected_rate=float(np.sum(p)) / contacts,
        break_even_rate=break_even,
        order_value=value,
        order_value_source=source,
        margin_pct=float(margin),
        discount_pct=float(offer.discount_pct),
        expected_delivered=delivered,
        history=row,
        calibration=calibration,
        notes=notes,
        profit_sample=profit[:SAMPLE].copy(),
        draws=int(draws),
        seed=seed,
    )


COMPARE_COLUMNS = (
    "channel",
    "cost_per_contact",
    "fixed_cost",
    "discount_pct",
    "contacts",
    "order_value",
    "responders_mean",
    "responders_p10",
    "responders_p90",
    "incremental_responders_mean",
    "revenue_mean",
    "cost",
    "profit_mean",
    "profit_p10",
    "profit_p90",
    "incremental_profit_mean",
    "roi_mean",
    "roi_p10",
    "roi_p90",
    "incremental_roi_mean",
    "break_even_rate",
    "expected_rate",
)


def compare_offers(
    cursor,
    customer_ids: Sequence[int],
    offers: Sequence[Offer],
    scores: pd.Series | None = None,
    seed: int = 0,
    *,
    progress: Callable[[float, str], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
    consent: bool = False,
) -> pd.DataFrame:
    """One row per offer (``COMPARE_COLUMNS``: mean and range of responders, profit, ROI),
    every offer simulated on the same segment with the same seed (with ``consent``, each
    on the customers its channel may contact; a channel that may contact none is left out)."""
    if not offers:
        raise MiningError("mining.simulate.no_offers")
    progress = progress or (lambda fraction, key: None)
    history = channel_history(cursor)
    rows = []
    for i, offer in enumerate(offers):
        if cancelled is not None and cancelled():
            raise Cancelled()
        progress(i / len(offers), "mining.simulate.step.simulate")
        try:
            r = simulate(cursor, customer_ids, offer, scores, seed, history=history, consent=consent)
        except MiningError as exc:
            if exc.key == "mining.simulate.no_consent":
                continue
            raise
        e = r.expected
        rows.append(
            {
                "channel": offer.channel,
                "cost_per_contact": float(offer.cost_per_contact),
                "fixed_cost": float(offer.fixed_cost),
                "discount_pct": float(offer.discount_pct),
                "contacts": r.contacts,
                "order_value": r.order_value,
                "responders_mean": e["responders"]["mean"],
                "responders_p10": e["responders"]["p10"],
                "responders_p90": e["responders"]["p90"],
                "incremental_responders_mean": e["incremental_responders"]["mean"],
                "revenue_mean": e["revenue"]["mean"],
                "cost": e["cost"]["mean"],
                "profit_mean": e["profit"]["mean"],
                "profit_p10": e["profit"]["p10"],
                "profit_p90": e["profit"]["p90"],
                "incremental_profit_mean": e["incremental_profit"]["mean"],
                "roi_mean": e["roi"]["mean"],
                "roi_p10": e["roi"]["p10"],
                "roi_p90": e["roi"]["p90"],
                "incremental_roi_mean": e["incremental_roi"]["mean"],
                "break_even_rate": r.break_even_rate,
                "expected_rate": r.expected_rate,
            }
        )
    progress(1.0, "mining.simulate.step.done")
    return pd.DataFrame(rows, columns=list(COMPARE_COLUMNS))

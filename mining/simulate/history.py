"""What the warehouse says about past campaigns: each channel's response, margins, order values,
consent, typical costs and the latest response scores. Every query of the simulation is here."""

from __future__ import annotations

import uuid

import numpy as np
import pandas as pd

from mining.errors import MiningError

RUN_KIND = "propensity_response"
MIN_SEGMENT_ORDERS = 30  # the segment's own order value needs at least this many orders
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

_TYPICAL_COST = """
    SELECT ch.name, avg(k.cost_per_contact) AS cost_per_contact
    FROM dim_campaign k JOIN dim_channel ch ON ch.channel_id = k.channel_id
    GROUP BY ch.name
"""

CONSENT_CHANNELS = ("email",)  # channel names (lower case) that may only contact customers who opted in


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


def channel_names(cursor) -> list[str]:
    """Every channel of the warehouse (an offer must name one of them)."""
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


def typical_costs(cursor) -> dict[str, float]:
    """What a contact cost on each channel in past campaigns (the default of an offer)."""
    return {name: float(cost) for name, cost in cursor.execute(_TYPICAL_COST).fetchall() if cost is not None}


def channel_row(history: pd.DataFrame, channel: str) -> dict | None:
    """The channel's history row with plain Python numbers (the page stores it as JSON); None
    when the channel has no past target contact."""
    match = history[history["channel"] == channel]
    if not len(match) or not match.iloc[0]["contacts"] > 0:
        return None
    return {k: v.item() if isinstance(v, np.generic) else v for k, v in match.iloc[0].to_dict().items()}


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


def order_value(cursor, ids, offer, row, notes) -> tuple[float, str]:
    """The order value of a responder and where it comes from: the offer, the segment's own orders
    (enough of them), the channel's converted orders or the whole warehouse (noted)."""
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

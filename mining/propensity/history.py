"""Campaign-response history of every customer as of a date: features of the response model.

``contact_history(cursor, last_day)`` reads once, for every target-group contact of a campaign
that started by ``last_day``: its campaign's dates, when it was sent, whether it was delivered,
when it was opened, clicked and (where the warehouse has the column ``unsubscribed_ts``)
unsubscribed, and when it converted. ``history_features(history, as_of, index)`` then gives
each customer's features as of the end of ``as_of`` from that frame, using only what was
known by then:

- a contact counts when its campaign started on or before ``as_of`` and it was sent before
  the end of that day (a contact without a send time: its campaign's first day);
- an event (open, click, conversion, unsubscribe) counts when it happened before the end
  of ``as_of``; a campaign still running on ``as_of`` counts what it had returned so far.

The features (``HISTORY_FEATURES``):

- ``contacts_12m``: contacts of campaigns that started in the 365 days up to ``as_of``;
- ``delivered_rate``, ``opened_rate``, ``clicked_rate``: the share of the customer's counted
  contacts with a reported delivery (``delivered`` not NULL: a launched plan's contacts have
  none until its response file) that were delivered / opened / clicked (missing: none such);
- ``past_conversions``: counted contacts that converted. A conversion is attributed as
  ``crm.campaigns.results`` does — a line of positive revenue (``fact_order_line``) in the
  campaign's window, its first to its last day — not from the stored ``converted_ts``:
  orders are in every warehouse, whereas ``converted_ts`` is whatever each source filled in
  (an import with only target/control has none), and the marketer's results page counts
  conversions this way. (The model's label is still the stored ``converted_ts``.)
- ``days_since_response``: days from the last such conversion to ``as_of`` (missing: never);
- ``unsubscribed``: 1 when a counted contact unsubscribed (needs ``unsubscribed_ts``).

A warehouse whose contacts carry no open or click times, no delivery failures or no
unsubscribe column still works: those features come out constant (or all missing), and
``Design`` leaves a feature that does not vary out of the model, saying so.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd

HISTORY_FEATURES = (
    "contacts_12m",
    "delivered_rate",
    "opened_rate",
    "clicked_rate",
    "past_conversions",
    "days_since_response",
    "unsubscribed",
)
RECENT_DAYS = 365  # "the last 12 months" of contacts_12m
UNSUBSCRIBED = "unsubscribed_ts"  # a column of fact_campaign_contact some warehouses have

# {unsubscribed}: the column or NULL, from the code constant above, never from input
_HISTORY_SQL = """
WITH c AS (
    SELECT campaign_id, start_date, end_date FROM dim_campaign WHERE start_date <= $last_day
),
k AS (
    SELECT k.campaign_id, k.customer_id, c.start_date, c.end_date,
           coalesce(k.sent_ts, c.start_date::TIMESTAMP) AS sent_ts, k.delivered, k.opened_ts, k.clicked_ts,
           {unsubscribed} AS unsubscribed_ts
    FROM fact_campaign_contact k JOIN c USING (campaign_id)
    WHERE k.group_name = 'target'
),
d AS (  -- every day of every window: lines meet their campaigns by an equality on the day (as in results)
    SELECT campaign_id, unnest(range(start_date, end_date + INTERVAL 1 DAY, INTERVAL 1 DAY))::DATE AS day FROM c
),
r AS (  -- the first line of positive revenue of each contacted customer in each window
    SELECT d.campaign_id, f.customer_id, min(f.order_ts) AS converted_ts
    FROM fact_order_line f JOIN d ON f.order_ts::DATE = d.day
    WHERE f.revenue > 0 AND f.order_ts >= $first_day AND f.order_ts < $after_last_window
      AND f.customer_id IN (SELECT customer_id FROM k)
    GROUP BY d.campaign_id, f.customer_id
)
SELECT k.*, r.converted_ts FROM k LEFT JOIN r USING (campaign_id, customer_id)
ORDER BY k.customer_id, k.start_date, k.campaign_id
"""


@dataclass(frozen=True)
class ContactHistory:
    """Every target contact of the campaigns that started by ``last_day``, with its events."""

    contacts: pd.DataFrame  # campaign_id, customer_id, start_date, end_date, sent_ts, delivered, opened_ts, …
    last_day: dt.date
    has_unsubscribed: bool  # the warehouse has fact_campaign_contact.unsubscribed_ts


def contact_columns(cursor, table: str) -> set[str]:
    """The columns of ``table`` (a table or a view) in the database ``cursor`` reads."""
    rows = cursor.execute(
        "SELECT column_name FROM duckdb_columns() WHERE database_name = current_database() AND table_name = ?",
        [table],
    )
    return {r[0] for r in rows.fetchall()}


def contact_history(cursor, last_day: dt.date) -> ContactHistory:
    """The target contacts of every campaign that started by ``last_day`` and their first conversion
    (a positive order line in the campaign's window; later orders are cut per date by ``history_features``)."""
    has_unsubscribed = UNSUBSCRIBED in contact_columns(cursor, "fact_campaign_contact")
    sql = _HISTORY_SQL.format(unsubscribed="k." + UNSUBSCRIBED if has_unsubscribed else "NULL::TIMESTAMP")
    span = cursor.execute(
        "SELECT min(start_date), max(end_date) FROM dim_campaign WHERE start_date <= ?", [last_day]
    ).fetchone()
    first, last = span if span and span[0] is not None else (last_day, last_day)
    params = {
        "last_day": last_day,
        "first_day": dt.datetime.combine(first, dt.time()),
        "after_last_window": dt.datetime.combine(last + dt.timedelta(days=1), dt.time()),
    }
    frame = cursor.execute(sql, params).df()
    for col in ("start_date", "end_date"):
        frame[col] = pd.to_datetime(frame[col])
    for col in ("sent_ts", "opened_ts", "clicked_ts", "unsubscribed_ts", "converted_ts"):
        frame[col] = pd.to_datetime(frame[col])
    frame["reported"] = frame["delivered"].notna()
    frame["delivered"] = frame["delivered"].astype("boolean").fillna(False).astype(bool)
    return ContactHistory(frame, last_day, has_unsubscribed)


def history_features(history: ContactHistory, as_of: dt.date, index: pd.Index) -> pd.DataFrame:
    """``HISTORY_FEATURES`` of the customers ``index`` as of the end of ``as_of`` (see the module)."""
    pairs = pd.DataFrame({"customer_id": np.asarray(index), "as_of": as_of})
    out = history_features_at(history, pairs)
    out.index = index
    return out


def history_features_at(history: ContactHistory, pairs: pd.DataFrame) -> pd.DataFrame:
    """``HISTORY_FEATURES`` of every (customer_id, as_of) row of ``pairs`` at once, each as of the
    end of its own day (see the module); one row per row of ``pairs``, same index."""
    days = pd.to_datetime(pairs["as_of"])
    if len(days) and days.max() > pd.Timestamp(history.last_day):
        raise ValueError(f"the history was read up to {history.last_day}, not {days.max().date()}")
    keys = pd.DataFrame({"customer_id": pairs["customer_id"].to_numpy(np.int64), "day": days.to_numpy()})
    distinct = keys.drop_duplicates(ignore_index=True)
    k = history.contacts
    m = distinct.merge(k, on="customer_id", how="inner", sort=False)
    end = m["day"] + pd.Timedelta(days=1)
    m = m[(m["start_date"] <= m["day"]) & (m["sent_ts"] < end)]
    end = end[m.index]
    before = lambda col: (m[col] < end).to_numpy()  # noqa: E731  (NaT compares False: no event)
    reported = m["reported"].to_numpy()
    parts = pd.DataFrame(
        {
            "customer_id": m["customer_id"].to_numpy(),
            "day": m["day"].to_numpy(),
            "recent": (m["start_date"] > m["day"] - pd.Timedelta(days=RECENT_DAYS)).to_numpy().astype(np.int64),
            "reported": reported.astype(np.int64),
            "delivered": m["delivered"].to_numpy().astype(np.int64),
            "opened": (before("opened_ts") & reported).astype(np.int64),
            "clicked": (before("clicked_ts") & reported).astype(np.int64),
            "converted": before("converted_ts").astype(np.int64),
            "unsubscribed": before("unsubscribed_ts").astype(np.int64),
            "last_converted": m["converted_ts"].where(m["converted_ts"] < end).to_numpy(),
        }
    )
    sums = parts.groupby(["customer_id", "day"]).agg(
        recent=("recent", "sum"),
        reported=("reported", "sum"),
        delivered=("delivered", "sum"),
        opened=("opened", "sum"),
        clicked=("clicked", "sum"),
        converted=("converted", "sum"),
        unsubscribed=("unsubscribed", "max"),
        last_converted=("last_converted", "max"),
    )
    sums = sums.reindex(pd.MultiIndex.from_frame(keys))
    reported = sums["reported"].where(sums["reported"] > 0)
    out = pd.DataFrame(index=pairs.index)
    out["contacts_12m"] = sums["recent"].fillna(0).astype("int64").to_numpy()
    out["delivered_rate"] = (sums["delivered"] / reported).to_numpy()
    out["opened_rate"] = (sums["opened"] / reported).to_numpy()
    out["clicked_rate"] = (sums["clicked"] / reported).to_numpy()
    out["past_conversions"] = sums["converted"].fillna(0).astype("int64").to_numpy()
    last = pd.to_datetime(sums["last_converted"]).dt.normalize()
    out["days_since_response"] = (keys["day"].to_numpy() - last.to_numpy()) / np.timedelta64(1, "D")
    out["unsubscribed"] = sums["unsubscribed"].fillna(0).astype("int64").to_numpy()
    return out[list(HISTORY_FEATURES)]

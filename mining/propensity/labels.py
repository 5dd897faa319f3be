"""Labelled rows for the propensity targets, and the SQL that finds the labels.

- ``repurchase``: does a customer place a purchase order (net revenue > 0; returns are not
  purchases) in the ``horizon_days`` after a cutoff? ``1 - score`` is the churn risk.
  Time split without leakage: the test cutoff is ``as_of - horizon``, validation one
  horizon earlier, training one horizon before that (and ``train_cutoffs - 1`` more
  cutoffs, one horizon apart, stacked). Each row has features as of its cutoff and its
  label from (cutoff, cutoff + horizon], so every training label ends before (or on)
  the validation cutoff and every validation label before the test cutoff.
- ``response``: does a contacted customer (``fact_campaign_contact`` rows of the target
  group that were sent) convert in the campaign window (``converted_ts`` set)? Features
  as of the day before the campaign start; only campaigns that ended by ``as_of`` are
  labelled. Contacts are split by campaign start date, whole campaigns at a time: the
  earliest ~60 % of contacts train, the next ~20 % validate, the latest ~20 % test.
  Its features also hold each customer's campaign-response history as of that day
  (``mining.propensity.history``: earlier campaigns' contacts, opens, clicks, conversions).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from mining.errors import MiningError
from mining.features import customer_features, customer_features_at
from mining.propensity.design import Design
from mining.propensity.history import ContactHistory, contact_history, history_features, history_features_at

SPLITS = ("train", "valid", "test")
# None for campaign_dates: as many latest start dates as keep (dates × customers) within
# this budget, at least AUTO_MIN_DATES, so a big warehouse trains on fewer, later campaigns
# (the features of every contact of every date come from one customer_features_at pass).
FEATURE_BUDGET = 1_600_000
AUTO_MIN_DATES = 6
RESPONSE_SPLIT = (0.6, 0.8)  # cumulative share of contacts where validation and test start
MIN_ROWS = 30  # per split
MIN_CLASS = 5  # positives and negatives per split

Report = Callable[[float, str], None]  # a job's step(fraction, key)


@dataclass
class Labelled:
    """Features (model columns) and labels of one split, with where each row came from."""

    X: np.ndarray  # float columns in the order of ``Design.columns_``
    y: np.ndarray
    customer_id: np.ndarray
    dates: list[dt.date]  # feature dates (cutoffs or the days before campaign starts)
    periods: list[tuple[dt.date, dt.date]]  # label windows, first and last day


_PURCHASERS = """
    SELECT DISTINCT customer_id FROM (
        SELECT customer_id, order_id FROM fact_order_line
        WHERE order_ts >= ? AND order_ts < ?
        GROUP BY customer_id, order_id
        HAVING sum(revenue) > 0
    )
"""

_CONTACTS = """
    SELECT k.campaign_id, k.customer_id, c.start_date, c.end_date,
           (k.converted_ts IS NOT NULL) AS converted
    FROM fact_campaign_contact k
    JOIN dim_campaign c ON c.campaign_id = k.campaign_id
    WHERE k.group_name = 'target' AND k.sent_ts IS NOT NULL AND c.end_date <= ?
    ORDER BY c.start_date, k.campaign_id, k.customer_id
"""


def _day_start(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time())


def repurchase_cutoffs(as_of: dt.date, horizon: int, train_cutoffs: int = 1) -> dict[str, list[dt.date]]:
    """Cutoffs of each split: test = as_of - horizon, valid one horizon earlier, train before that."""
    h = dt.timedelta(days=horizon)
    test = as_of - h
    valid = test - h
    return {"train": [valid - k * h for k in range(train_cutoffs, 0, -1)], "valid": [valid], "test": [test]}


def _first_order_day(cursor) -> dt.date | None:
    row = cursor.execute("SELECT min(order_ts)::DATE FROM fact_order_line").fetchone()
    return row[0] if row else None


def repurchase_frame(cursor, cutoff: dt.date, horizon: int) -> tuple[pd.DataFrame, np.ndarray]:
    """Features as of ``cutoff`` and 1 for customers with a purchase in (cutoff, cutoff + horizon]."""
    features = customer_features(cursor, cutoff)
    start = _day_start(cutoff + dt.timedelta(days=1))
    bought = cursor.execute(_PURCHASERS, [start, start + dt.timedelta(days=horizon)]).df()["customer_id"]
    return features, features.index.isin(bought.to_numpy()).astype(np.int64)


def repurchase_data(cursor, as_of: dt.date, p: dict, step: Report) -> tuple[dict, list[dict], None]:
    horizon = int(p["horizon_days"])
    first = _first_order_day(cursor)
    h = dt.timedelta(days=horizon)
    # the oldest cutoff needs one horizon of history before it
    n_train = int(p["train_cutoffs"])
    notes = []
    while n_train >= 1:
        oldest = repurchase_cutoffs(as_of, horizon, n_train)["train"][0]
        if first is not None and oldest - h >= first:
            break
        n_train -= 1
    if n_train < 1:
        earliest = (first or as_of) + 4 * h
        raise MiningError("mining.propensity.too_early", as_of=as_of, earliest=earliest, horizon=horizon)
    if n_train < int(p["train_cutoffs"]):
        notes.append({"key": "mining.propensity.note.fewer_cutoffs", "values": {"used": n_train}})
    cutoffs = repurchase_cutoffs(as_of, horizon, n_train)
    raw = {}
    total = sum(len(v) for v in cutoffs.values())
    done = 0
    for split in SPLITS:
        raw[split] = []
        for cutoff in cutoffs[split]:
            step(0.02 + 0.3 * done / total, "mining.propensity.progress.features")
            features, y = repurchase_frame(cursor, cutoff, horizon)
            raw[split].append((cutoff, features, y))
            done += 1
    return raw, notes, None


def response_split(start_dates: pd.Series) -> dict:
    """Split of each campaign start date: by where the middle of its contacts falls in time order.

    Contacts are counted per start date (all campaigns starting that day stay together);
    a date whose contacts' midpoint lies in the first 60 % trains, up to 80 % validates,
    the rest tests. With three or more dates every split gets at least one.
    """
    counts = start_dates.value_counts().sort_index()
    share = counts.to_numpy() / counts.sum()
    middle = np.cumsum(share) - share / 2
    split = np.where(middle < RESPONSE_SPLIT[0], "train", np.where(middle < RESPONSE_SPLIT[1], "valid", "test"))
    if len(split) >= 3:
        if "test" not in split:
            split[-1] = "test"
        if "valid" not in split:
            split[np.flatnonzero(split == "train")[-1]] = "valid"
    return dict(zip(counts.index, split, strict=True))


def response_features_at(cursor, pairs: pd.DataFrame, history: ContactHistory | None) -> pd.DataFrame:
    """``customer_features_at`` of the (customer_id, as_of) ``pairs`` with the campaign-history
    features of each pair beside them (none without a history): one set-based pass for all dates."""
    features = customer_features_at(cursor, pairs)
    if history is None or features.empty:
        return features
    return pd.concat([features, history_features_at(history, features[["customer_id", "as_of"]])], axis=1)


def response_features(cursor, day: dt.date, history: ContactHistory | None) -> pd.DataFrame:
    """``customer_features`` as of ``day`` with the campaign-history features beside them (none without a history)."""
    features = customer_features(cursor, day)
    if history is None:
        return features
    return features.join(history_features(history, day, features.index))


def response_data(cursor, as_of: dt.date, p: dict, step: Report) -> tuple[dict, list[dict], ContactHistory | None]:
    contacts = cursor.execute(_CONTACTS, [as_of]).df()
    if contacts.empty:
        raise MiningError("mining.propensity.no_contacts", as_of=as_of)
    contacts["start_date"] = pd.to_datetime(contacts["start_date"]).dt.date
    contacts["end_date"] = pd.to_datetime(contacts["end_date"]).dt.date
    dates = sorted(contacts["start_date"].unique())
    limit = p["campaign_dates"]
    if limit is None:
        customers = cursor.execute("SELECT count(*) FROM dim_customer WHERE is_guest IS NOT TRUE").fetchone()[0]
        limit = max(AUTO_MIN_DATES, FEATURE_BUDGET // max(customers, 1))
    notes = []
    if len(dates) > limit:
        dates = dates[-limit:]
        notes.append(
            {"key": "mining.propensity.note.latest_campaigns", "values": {"dates": len(dates), "since": str(dates[0])}}
        )
        contacts = contacts[contacts["start_date"] >= dates[0]].reset_index(drop=True)
    contacts["split"] = contacts["start_date"].map(response_split(contacts["start_date"]))
    # a campaign still running when the next split's features are taken would teach the
    # model outcomes from the period that split is judged on: it is left out
    for split, later in (("train", "valid"), ("valid", "test")):
        starts = contacts.loc[contacts["split"] == later, "start_date"]
        if starts.empty:
            continue
        late = (contacts["split"] == split) & (contacts["end_date"] > starts.min() - dt.timedelta(days=1))
        if late.any():
            notes.append(
                {
                    "key": "mining.propensity.note.overlap_left_out",
                    "values": {"split": split, "campaigns": int(contacts.loc[late, "campaign_id"].nunique())},
                }
            )
            contacts = contacts[~late]
    history = contact_history(cursor, as_of) if p.get("campaign_history", 1) else None
    step(0.02, "mining.propensity.progress.features")
    # every contact's features as of the day before its campaign started, all dates in one pass
    contacts["as_of"] = contacts["start_date"] - dt.timedelta(days=1)
    features = response_features_at(cursor, contacts[["customer_id", "as_of"]], history)
    rows = contacts.merge(features, on=["customer_id", "as_of"], how="inner", sort=False)  # contacts' order
    y = rows["converted"].astype(np.int64).to_numpy()
    frame = rows.drop(columns=[c for c in contacts.columns if c != "customer_id"]).set_index("customer_id")
    raw = {split: [] for split in SPLITS}
    for (start, split), at in sorted(rows.groupby(["start_date", "split"]).indices.items()):
        raw[split].append((start - dt.timedelta(days=1), frame.iloc[at], y[at], rows["end_date"].iloc[at].max()))
    return raw, notes, history


def _check_split(split: str, y: np.ndarray) -> None:
    positives = int(y.sum())
    if positives < MIN_CLASS:
        raise MiningError("mining.propensity.too_few_positives", split=split, positives=positives, needed=MIN_CLASS)
    if len(y) - positives < MIN_CLASS:
        raise MiningError(
            "mining.propensity.too_few_negatives", split=split, negatives=len(y) - positives, needed=MIN_CLASS
        )


def sample_rows(n: int, size: int, random_state: int) -> np.ndarray | None:
    """A seeded sample of row positions, or None when all ``n`` rows fit in ``size``."""
    if n <= size:
        return None
    return np.sort(np.random.default_rng(random_state).choice(n, size, replace=False))


def labelled(target: str, raw: dict, design: Design, horizon: int) -> dict[str, Labelled]:
    for split in SPLITS:  # sizes first: "too few rows" says more than "no positives" in a tiny split
        rows = sum(len(part[2]) for part in raw[split])
        if rows < MIN_ROWS:
            raise MiningError("mining.propensity.too_few_rows", split=split, rows=rows, needed=MIN_ROWS)
    for split in SPLITS:
        _check_split(split, np.concatenate([part[2] for part in raw[split]]))
    out = {}
    for split in SPLITS:
        parts = raw[split]
        X = pd.concat([design.transform(part[1]) for part in parts])
        y = np.concatenate([part[2] for part in parts])
        ids = np.concatenate([part[1].index.to_numpy() for part in parts])
        dates = sorted({part[0] for part in parts})
        if target == "repurchase":
            periods = [(d + dt.timedelta(days=1), d + dt.timedelta(days=horizon)) for d in dates]
        else:
            periods = [(min(part[0] for part in parts) + dt.timedelta(days=1), max(part[3] for part in parts))]
        out[split] = Labelled(X.to_numpy(dtype=float), y, ids, dates, periods)
    return out

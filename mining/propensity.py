"""Propensity models: who will buy again, and who will respond to a campaign contact.

Two targets (``TARGETS``):

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

Features come from ``mining.features.customer_features`` (explicit list below): numbers
as they are, yes/no flags as 0/1, categories one-hot. Two models are always trained and
reported: a decision tree (CART; depth 3..6 and class weighting chosen on validation;
gaps filled with the training median plus a 0/1 "missing" indicator, because CART cannot
split on NaN; probabilities are the unweighted positive rates of its leaves) and
histogram gradient boosting (missing values handled natively; early stopping off, fixed
seed; the number of iterations chosen on validation). The one with the better validation
AUC is "chosen". ``score_propensity`` refits it with the same hyper-parameters on every
labelled row (train + valid + test) and scores every customer as of ``as_of``.

The measures (``auc``, ``gains_table``, ``confusion``, ``threshold_curve``…) live in
``mining.classifier_metrics`` and the tree in ``mining.rule_tree``; both are re-exported here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from mining.classifier_metrics import (  # noqa: F401  (part of this module's API)
    auc,
    best_f1_threshold,
    confusion,
    deciles,
    gains_table,
    rank_order,
    roc_points,
    threshold_curve,
)
from mining.errors import Cancelled, MiningError
from mining.features import column_name, customer_features
from mining.rule_tree import ImputedTree, rule_lines

TARGETS = ("repurchase", "response")
MODELS = ("cart", "hgb")
SPLITS = ("train", "valid", "test")

DEFAULT_PARAMS = {
    "horizon_days": 180,  # repurchase: the label window after each cutoff
    "train_cutoffs": 2,  # repurchase: stacked training cutoffs, one horizon apart
    "campaign_dates": None,  # response: use the campaigns of the latest N start dates; None = auto
    "max_train_rows": 100_000,  # a larger training set is sampled (seeded) to keep fits quick
    "hgb_max_iter": 100,  # the most boosting iterations tried; the best count is chosen on validation
    "importance_rows": 5_000,  # permutation importance on at most this many test rows
    "importance_repeats": 3,
    "seed": 0,
    "threads": 1,  # OpenMP threads for boosting (see _threads)
}
PARAM_RANGES = {  # name: (lowest, highest) accepted
    "horizon_days": (14, 730),
    "train_cutoffs": (1, 4),
    "campaign_dates": (3, 200),
    "max_train_rows": (1_000, 5_000_000),
    "hgb_max_iter": (10, 1_000),
    "importance_rows": (100, 1_000_000),
    "importance_repeats": (1, 20),
    "seed": (0, 2**31 - 1),
    "threads": (1, 256),
}
# None for campaign_dates: as many latest start dates as keep (dates × customers) within
# this budget, at least AUTO_MIN_DATES; every date is one pass of customer_features over
# the whole history (~10 s at 200,000 customers), so a big warehouse uses fewer.
FEATURE_BUDGET = 1_600_000
AUTO_MIN_DATES = 6
RESPONSE_SPLIT = (0.6, 0.8)  # cumulative share of contacts where validation and test start
CART_DEPTHS = (3, 4, 5, 6)
HGB_STEP = 10  # iteration counts tried: 10, 20, … up to hgb_max_iter
MIN_ROWS = 30  # per split
MIN_CLASS = 5  # positives and negatives per split

# ------------------------------------------------------------------ the explicit feature list

NUMERIC_FEATURES = (
    "recency_days",
    "orders",
    "revenue",
    "units",
    "aov",
    "tenure_days",
    "online_share",
    "partner_share",
    "tickets",
    "avg_satisfaction",
    "contacts",
    "responses",
    "response_rate",
    "sessions",
)
FLAG_FEATURES = ("email_opt_in", "has_partner")
CATEGORY_SHARE_PREFIX = "cat_"  # revenue share per product category (the categories of the data)
CATEGORICAL_FEATURES = ("customer_type", "segment", "region", "gender", "age_band")
# CART's gap filling: a missing value gets the training median and a 0/1 indicator
MISSING_INDICATORS = {
    "recency_days": "never_ordered",
    "avg_satisfaction": "no_rated_ticket",
    "response_rate": "never_contacted",
}
ZERO_WHEN_MISSING = ("aov",)  # nothing spent per order by a customer who never ordered

Progress = Callable[[float, str], None] | None
IsCancelled = Callable[[], bool] | None


def _step(progress: Progress, cancelled: IsCancelled, fraction: float, key: str) -> None:
    if cancelled is not None and cancelled():
        raise Cancelled()
    if progress is not None:
        progress(round(float(fraction), 4), key)


# ------------------------------------------------------------------ features


@dataclass
class Design:
    """The model columns: explicit numeric features, flags, category shares, one-hot categories."""

    category_shares: list[str]
    levels: dict[str, list[str]]

    @classmethod
    def fit(cls, frames: list[pd.DataFrame]) -> Design:
        shares = sorted({c for f in frames for c in f.columns if c.startswith(CATEGORY_SHARE_PREFIX)})
        levels = {}
        for col in CATEGORICAL_FEATURES:
            values = set()
            for f in frames:
                if col in f.columns:
                    values.update(str(v) for v in f[col].dropna().unique())
            levels[col] = sorted(values)
        return cls(shares, levels)

    @property
    def columns(self) -> list[str]:
        onehot = [f"{col}={value}" for col in CATEGORICAL_FEATURES for value in self.levels[col]]
        return [*NUMERIC_FEATURES, *FLAG_FEATURES, *self.category_shares, *onehot]

    def transform(self, features: pd.DataFrame) -> pd.DataFrame:
        """One row per row of ``features`` (same index), ``self.columns`` as floats."""
        parts = {name: features[name].astype(float) for name in NUMERIC_FEATURES}
        parts["email_opt_in"] = features["email_opt_in"].astype(float)
        parts["has_partner"] = features["home_partner_id"].notna().astype(float)
        for name in self.category_shares:
            parts[name] = features[name].astype(float) if name in features.columns else 0.0
        for col in CATEGORICAL_FEATURES:
            values = features[col].astype(object)
            for value in self.levels[col]:
                parts[f"{col}={value}"] = (values == value).astype(float)
        return pd.DataFrame(parts, index=features.index)[self.columns]


def feature_info(name: str, category_names: dict[str, str] | None = None) -> dict:
    """How a page labels a model column: an i18n key and the values that fill it."""
    if "=" in name:
        col, value = name.split("=", 1)
        return {"name": name, "key": f"mining.propensity.feature.{col}_is", "values": {"value": value}}
    if name.startswith(CATEGORY_SHARE_PREFIX):
        category = (category_names or {}).get(name, name[len(CATEGORY_SHARE_PREFIX) :].replace("_", " "))
        return {"name": name, "key": "mining.propensity.feature.category_share", "values": {"category": category}}
    return {"name": name, "key": f"mining.propensity.feature.{name}", "values": {}}


def _category_names(cursor) -> dict[str, str]:
    try:
        rows = cursor.execute("SELECT DISTINCT category FROM dim_product").fetchall()
    except Exception:  # a warehouse without products: the slug stands in for the name
        return {}
    return {column_name("cat", c): str(c) for (c,) in rows}


# ------------------------------------------------------------------ the two models


def _threads(n: int):
    """Limit OpenMP (boosting's fit and predict) to ``n`` threads while the block runs.

    Boosting runs many short parallel loops; when the CPUs are shared (the web server,
    other jobs) a descheduled thread stalls all the others at every barrier, which
    measured 10–20× slower than one thread on a busy 2-CPU machine. One thread is the
    predictable default for a background job; ``threads`` in the params raises it.
    """
    from threadpoolctl import threadpool_limits

    return threadpool_limits(int(n), user_api="openmp")


def _fit_hgb(X: np.ndarray, y: np.ndarray, max_iter: int, seed: int):
    from sklearn.ensemble import HistGradientBoostingClassifier

    model = HistGradientBoostingClassifier(
        max_iter=int(max_iter), learning_rate=0.1, max_leaf_nodes=31, min_samples_leaf=20,
        early_stopping=False, random_state=seed,
    )  # fmt: skip
    return model.fit(X, y)


def _class_weight(y: np.ndarray):
    rate = float(np.mean(y))
    return "balanced" if min(rate, 1 - rate) < 0.2 else None


def _tree(names, depth: int, rows: int, class_weight, seed: int) -> ImputedTree:
    # leaves of at least 1/500 of the rows: rules a person can read, stable between runs
    return ImputedTree(
        feature_names=tuple(names),
        indicators=tuple(MISSING_INDICATORS.items()),
        zero_fill=ZERO_WHEN_MISSING,
        max_depth=depth,
        min_samples_leaf=max(10, rows // 500),
        class_weight=class_weight,
        random_state=seed,
    )


def _choose_cart(names, Xtr, ytr, Xva, yva, seed: int) -> tuple[ImputedTree, dict, list[dict]]:
    """Depth 3..6 (and class weighting for a rare outcome) by validation AUC; the shallower tree wins ties."""
    weights = [None] if _class_weight(ytr) is None else [None, "balanced"]
    tried, best = [], None
    for depth in CART_DEPTHS:
        for weight in weights:
            model = _tree(names, depth, len(ytr), weight, seed).fit(Xtr, ytr)
            score = auc(yva, model.predict_proba(Xva)[:, 1])
            tried.append({"max_depth": depth, "class_weight": weight or "none", "valid_auc": score})
            if best is None or score > best[0] + 1e-9:
                best = (score, model, {"max_depth": depth, "class_weight": weight})
    return best[1], best[2], tried


def _choose_hgb(Xtr, ytr, Xva, yva, max_iter: int, seed: int):
    """The iteration count (a multiple of 10) with the best validation AUC; the model refit with it."""
    full = _fit_hgb(Xtr, ytr, max_iter, seed)
    tried, best = [], None
    for i, proba in enumerate(full.staged_predict_proba(Xva), start=1):
        if i % HGB_STEP and i != max_iter:
            continue
        score = auc(yva, proba[:, 1])
        tried.append({"max_iter": i, "valid_auc": score})
        if best is None or score > best[0] + 1e-9:
            best = (score, i)
    n_iter = best[1]
    # no early stopping, no subsampling: the refit's first n_iter trees equal the full fit's
    model = full if n_iter == full.n_iter_ else _fit_hgb(Xtr, ytr, n_iter, seed)
    return model, {"max_iter": n_iter}, tried


def _fit_chosen(name: str, hyper: dict, names, X, y, seed: int):
    """Fit model ``name`` with hyper-parameters chosen earlier (the refit before scoring)."""
    if name == "cart":
        return _tree(names, hyper["max_depth"], len(y), hyper["class_weight"], seed).fit(X, y)
    return _fit_hgb(X, y, hyper["max_iter"], seed)


# ------------------------------------------------------------------ labelled data


@dataclass
class Labelled:
    """Features (model columns) and labels of one split, with where each row came from."""

    X: np.ndarray  # float columns in the order of ``Design.columns``
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


def _repurchase_data(cursor, as_of, p, step) -> tuple[dict, list[dict]]:
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
    return raw, notes


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


def _response_data(cursor, as_of, p, step) -> tuple[dict, list[dict]]:
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
    dates = sorted(contacts["start_date"].unique())
    raw = {split: [] for split in SPLITS}
    for i, start in enumerate(dates):
        step(0.02 + 0.3 * i / len(dates), "mining.propensity.progress.features")
        day = start - dt.timedelta(days=1)
        features = customer_features(cursor, day)
        for split, rows in contacts[contacts["start_date"] == start].groupby("split"):
            rows = rows[rows["customer_id"].isin(features.index)]
            frame = features.loc[rows["customer_id"].to_numpy()]
            raw[split].append((day, frame, rows["converted"].astype(np.int64).to_numpy(), rows["end_date"].max()))
    return raw, notes


def _check_split(split: str, y: np.ndarray) -> None:
    positives = int(y.sum())
    if positives < MIN_CLASS:
        raise MiningError("mining.propensity.too_few_positives", split=split, positives=positives, needed=MIN_CLASS)
    if len(y) - positives < MIN_CLASS:
        raise MiningError(
            "mining.propensity.too_few_negatives", split=split, negatives=len(y) - positives, needed=MIN_CLASS
        )


def _sample(n: int, size: int, seed: int) -> np.ndarray | None:
    if n <= size:
        return None
    return np.sort(np.random.default_rng(seed).choice(n, size, replace=False))


def _labelled(target: str, raw: dict, design: Design, horizon: int) -> dict[str, Labelled]:
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


# ------------------------------------------------------------------ training


@dataclass
class ModelResult:
    """One fitted model and how it did (test-set tables; AUC on every split)."""

    name: str
    estimator: object
    hyper: dict
    tried: list[dict]
    auc: dict[str, float]
    threshold: float
    gains: pd.DataFrame
    curve: pd.DataFrame
    roc: pd.DataFrame
    importance: pd.DataFrame
    confusion: dict  # on the test set at ``threshold``
    rules: list[str] = field(default_factory=list)
    rule_records: list[dict] = field(default_factory=list)


@dataclass
class TrainResult:
    """Both models of one target, the split they were judged on, and the chosen one."""

    target: str
    as_of: dt.date
    params: dict
    features: list[str]
    models: dict[str, ModelResult]
    chosen: str
    threshold: float
    splits: pd.DataFrame
    base_rate: float
    design: Design
    data: dict[str, Labelled]
    category_names: dict[str, str] = field(default_factory=dict)
    notes: list[dict] = field(default_factory=list)


def _params(target: str, params: dict | None) -> dict:
    if target not in TARGETS:
        raise MiningError("mining.propensity.unknown_target", target=target, allowed=", ".join(TARGETS))
    unknown = set(params or {}) - set(DEFAULT_PARAMS)
    if unknown:
        raise MiningError("mining.propensity.unknown_param", names=", ".join(sorted(unknown)))
    p = {**DEFAULT_PARAMS, **(params or {})}
    for name, (low, high) in PARAM_RANGES.items():
        value = p[name]
        if value is None and DEFAULT_PARAMS[name] is None:
            continue
        if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or not low <= value <= high:
            raise MiningError("mining.propensity.bad_param", name=name, value=value, low=low, high=high)
    return p


def _importance(model, names: list[str], X: np.ndarray, y: np.ndarray, p: dict) -> pd.DataFrame:
    from sklearn.inspection import permutation_importance

    pick = _sample(len(y), int(p["importance_rows"]), int(p["seed"]))
    if pick is not None:
        X, y = X[pick], y[pick]
    result = permutation_importance(
        model, X, y, scoring="roc_auc", n_repeats=int(p["importance_repeats"]), random_state=int(p["seed"])
    )
    table = pd.DataFrame({"feature": list(names), "importance": result.importances_mean, "std": result.importances_std})
    return table.sort_values(["importance", "feature"], ascending=[False, True]).reset_index(drop=True)


def _evaluate(name, model, hyper, tried, names, data: dict[str, Labelled], p: dict) -> ModelResult:
    scores = {split: model.predict_proba(data[split].X)[:, 1] for split in SPLITS}
    test = data["test"]
    threshold = best_f1_threshold(data["valid"].y, scores["valid"])
    result = ModelResult(
        name=name,
        estimator=model,
        hyper=hyper,
        tried=tried,
        auc={split: auc(data[split].y, scores[split]) for split in SPLITS},
        threshold=threshold,
        gains=gains_table(test.y, scores["test"]),
        curve=threshold_curve(test.y, scores["test"]),
        roc=roc_points(test.y, scores["test"]),
        importance=_importance(model, names, test.X, test.y, p),
        confusion=confusion(test.y, scores["test"], threshold),
    )
    if name == "cart":
        result.rule_records = model.rules()
        result.rules = rule_lines(result.rule_records)
    return result


def train_models(cursor, target: str, as_of: dt.date, params=None, progress=None, cancelled=None) -> TrainResult:
    """Train, tune and test both models for ``target`` (see the module notes for the split).

    Parameters
    ----------
    cursor : a DuckDB cursor on the warehouse.
    target : "repurchase" or "response".
    as_of : the last day whose data may be used; the test labels end on it.
    params : overrides of ``DEFAULT_PARAMS`` (unknown names raise ``MiningError``).
    progress, cancelled : ``progress(fraction, key)`` and ``cancelled()`` for a background job.

    Returns
    -------
    ``TrainResult`` with, per model ("cart", "hgb"): AUC on train/valid/test, the test
    gains table, threshold curve, ROC points and permutation importance, CART's rules,
    the hyper-parameters chosen on validation and the F1-best validation threshold; the
    split sizes; the chosen model (best validation AUC; CART wins an exact tie).

    Example
    -------
    >>> result = train_models(cur, "repurchase", dt.date(2025, 12, 31))
    >>> result.models[result.chosen].auc["test"]
    """
    p = _params(target, params)
    with _threads(p["threads"]):
        return _train(cursor, target, as_of, p, progress, cancelled)


def _train(cursor, target: str, as_of: dt.date, p: dict, progress, cancelled) -> TrainResult:

    def step(fraction: float, key: str) -> None:
        _step(progress, cancelled, fraction, key)

    step(0.0, "mining.propensity.progress.features")
    if target == "repurchase":
        raw, notes = _repurchase_data(cursor, as_of, p, step)
    else:
        raw, notes = _response_data(cursor, as_of, p, step)
    design = Design.fit([part[1] for parts in raw.values() for part in parts])
    data = _labelled(target, raw, design, int(p["horizon_days"]))
    del raw
    seed = int(p["seed"])
    train = data["train"]
    sampled = _sample(len(train.y), int(p["max_train_rows"]), seed)
    fit_X, fit_y = (train.X, train.y) if sampled is None else (train.X[sampled], train.y[sampled])
    if sampled is not None:
        notes.append({"key": "mining.propensity.note.sampled", "values": {"rows": len(fit_y), "of": len(train.y)}})
    valid = data["valid"]
    step(0.35, "mining.propensity.progress.cart")
    names = design.columns
    cart, cart_hyper, cart_tried = _choose_cart(names, fit_X, fit_y, valid.X, valid.y, seed)
    step(0.5, "mining.propensity.progress.hgb")
    hgb, hgb_hyper, hgb_tried = _choose_hgb(fit_X, fit_y, valid.X, valid.y, int(p["hgb_max_iter"]), seed)
    step(0.7, "mining.propensity.progress.evaluate")
    models = {
        "cart": _evaluate("cart", cart, cart_hyper, cart_tried, names, data, p),
        "hgb": _evaluate("hgb", hgb, hgb_hyper, hgb_tried, names, data, p),
    }
    chosen = "hgb" if models["hgb"].auc["valid"] > models["cart"].auc["valid"] else "cart"
    splits = pd.DataFrame(
        [
            {
                "split": split,
                "rows": len(d.y),
                "positives": int(d.y.sum()),
                "rate": float(d.y.mean()),
                "feature_dates": [str(x) for x in d.dates],
                "label_start": str(min(a for a, _ in d.periods)),
                "label_end": str(max(b for _, b in d.periods)),
            }
            for split, d in data.items()
        ]
    )
    step(0.9, "mining.propensity.progress.evaluate")
    return TrainResult(
        target=target,
        as_of=as_of,
        params=p,
        features=design.columns,
        models=models,
        chosen=chosen,
        threshold=models[chosen].threshold,
        splits=splits,
        base_rate=float(data["test"].y.mean()),
        design=design,
        data=data,
        category_names=_category_names(cursor),
        notes=notes,
    )


# ------------------------------------------------------------------ scoring run

SCORE_COLUMNS = ("customer_id", "score", "decile")


def _records(table: pd.DataFrame) -> list[dict]:
    """JSON-ready rows: numpy numbers as Python numbers, NaN as None."""
    clean = table.astype(object).where(table.notna(), None)
    return [
        {k: (v.item() if isinstance(v, np.generic) else v) for k, v in row.items()} for row in clean.to_dict("records")
    ]


def refit(result: TrainResult):
    """The chosen model refit with its hyper-parameters on every labelled row (sampled if too many)."""
    X = np.vstack([result.data[s].X for s in SPLITS])
    y = np.concatenate([result.data[s].y for s in SPLITS])
    seed = int(result.params["seed"])
    pick = _sample(len(y), int(result.params["max_train_rows"]), seed)
    if pick is not None:
        X, y = X[pick], y[pick]
    hyper = result.models[result.chosen].hyper
    return _fit_chosen(result.chosen, hyper, result.features, X, y, seed), len(y)


def metrics_of(result: TrainResult, refit_rows: int, customers: int) -> dict:
    """Everything a page shows about the models, JSON-serialisable."""
    models = {}
    for name, m in result.models.items():
        models[name] = {
            "auc": m.auc,
            "hyper": {k: (v if v is not None else "none") for k, v in m.hyper.items()},
            "tried": m.tried,
            "threshold": m.threshold,
            "confusion_test": m.confusion,
            "gains": _records(m.gains),
            "threshold_curve": _records(m.curve),
            "roc": _records(m.roc),
            "importance": _records(m.importance),
            "rules": m.rules,
            "rule_records": m.rule_records,
        }
    return {
        "target": result.target,
        "models": models,
        "chosen": result.chosen,
        "threshold": result.threshold,
        "base_rate": result.base_rate,
        "splits": _records(result.splits),
        "features": [feature_info(name, result.category_names) for name in result.features],
        # the tree's own 0/1 columns for gaps (its rules may name them)
        "missing_indicators": [
            {**feature_info(flag), "of": col} for col, flag in MISSING_INDICATORS.items() if col in result.features
        ],
        "refit_on": "train+valid+test",
        "refit_rows": refit_rows,
        "customers": customers,
        "notes": result.notes,
    }


def score_propensity(cursor, target: str, as_of: dt.date, user: str, params=None, progress=None, cancelled=None) -> int:
    """Train both models, refit the chosen one on all labelled rows, score every customer as of
    ``as_of`` and store a ``propensity_<target>`` run (customer_id, score, decile); returns its id.

    ``score`` is the model's probability (0..1) of a purchase in the next ``horizon_days``
    (repurchase) or of converting when contacted (response); ``decile`` 1 holds the 10 %
    most likely customers (see ``deciles``). The run's metrics hold both models'
    evaluation (``metrics_of``), so a page can show them without retraining.
    """
    from mining.runs import save_run

    training = None if progress is None else (lambda fraction, key: progress(0.8 * fraction, key))
    result = train_models(cursor, target, as_of, params, progress=training, cancelled=cancelled)

    def step(fraction: float, key: str) -> None:
        _step(progress, cancelled, fraction, key)

    step(0.8, "mining.propensity.progress.refit")
    with _threads(result.params["threads"]):
        model, refit_rows = refit(result)
        step(0.9, "mining.propensity.progress.score")
        features = customer_features(cursor, as_of)
        X = result.design.transform(features).to_numpy(dtype=float)
        score = model.predict_proba(X)[:, 1] if len(X) else np.zeros(0)
    scores = pd.DataFrame(
        {"customer_id": features.index.to_numpy(), "score": score.astype(float), "decile": deciles(score)}
    )
    metrics = metrics_of(result, refit_rows, len(scores))
    metrics["score_deciles"] = _records(
        scores.groupby("decile")["score"]
        .agg(customers="size", min_score="min", max_score="max", mean_score="mean")
        .reset_index()
    )
    step(0.95, "mining.propensity.progress.save")
    run_id = save_run(
        f"propensity_{target}", as_of, result.params, scores[list(SCORE_COLUMNS)], metrics, user, cursor=cursor
    )
    step(1.0, "mining.propensity.progress.save")
    return run_id

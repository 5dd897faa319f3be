"""Methods that recommend as of a date, and the time-split backtest that compares them.

Methods (each uses only purchases up to the date; products by id):

- ``model`` — ``BlendRecommender`` with the blend ``tune`` picked on the 90 days before the date;
- ``bestsellers`` — the ``k`` products with most buyers in the year before the date, the same
  list for everyone (owned products are not skipped);
- ``popular_new`` — the most popular products the customer has not bought yet (the baseline
  the rules page showed before);
- ``rules`` — the rules method (``mining.rules``: confidence × lift of product pairs in
  orders of the year before), which recommends only to customers whose products start a rule.

``backtest`` fits every method up to ``cutoff = as_of − horizon`` and checks what the
customers bought in the ``horizon`` days after it. The customers checked are those with a
purchase up to the cutoff and one in the horizon (a customer who buys nothing can be hit by
no method, so leaving them out changes no ratio between methods). Per method:

- hit rate@k: share of those customers who bought at least one of their ``k`` products;
- precision@k: mean over customers of (products bought among the ``k``) / k;
- recall@k: mean over customers of (products bought among the ``k``) / (products they bought);
- coverage: distinct products recommended to them / products sold in the year before the cutoff.

The baseline is the stronger popularity list (``bestsellers`` or ``popular_new``); the verdict
says whether the model beats it and by how much; ``chosen`` is the method with the highest hit
rate (the model on a tie only when it is strictly better), which downstream uses take.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from mining.errors import MiningError
from mining.recommend.history import (
    History,
    bought_between,
    check_date,
    customer_groups,
    read_history,
)
from mining.recommend.model import BlendRecommender, top_k, tune

METHODS = ("model", "bestsellers", "popular_new", "rules")
BASELINES = ("bestsellers", "popular_new")
TARGET = 1.2  # hit rate@k the model should reach, as a multiple of the baseline's
POPULARITY_DAYS = 365
REC_COLUMNS = ["customer_id", "rank", "product_id", "score", "because"]


def check_k(k) -> int:
    if isinstance(k, bool) or not isinstance(k, int | np.integer) or not 1 <= k <= 50:
        raise MiningError("mining.nbp.bad_top_n", value=k)
    return int(k)


def check_horizon(days) -> int:
    if isinstance(days, bool) or not isinstance(days, int | np.integer) or days < 1:
        raise MiningError("mining.nbp.bad_horizon", value=days)
    return int(days)


# ---------------------------------------------------------------------- metrics


def hit_metrics(recs: pd.DataFrame, truth: pd.DataFrame, customers, k: int, catalogue: int) -> dict:
    """Hit rate, precision, recall @k and coverage of ``recs`` (customer_id, product_id) against
    ``truth`` (customer_id, product_id bought) over ``customers``; see the module doc."""
    customers = pd.Index(pd.unique(np.asarray(customers, dtype=np.int64)))
    n = len(customers)
    if n == 0:
        return {"customers": 0, "hit_rate": None, "precision": None, "recall": None, "coverage": None}
    recs = recs[recs["customer_id"].isin(customers)][["customer_id", "product_id"]].drop_duplicates()
    truth = truth[truth["customer_id"].isin(customers)][["customer_id", "product_id"]].drop_duplicates()
    hits = recs.merge(truth, on=["customer_id", "product_id"]).groupby("customer_id").size()
    hits = hits.reindex(customers, fill_value=0)
    bought = truth.groupby("customer_id").size().reindex(customers, fill_value=0)
    recall = np.divide(hits.to_numpy(float), bought.to_numpy(float), out=np.zeros(n), where=bought.to_numpy() > 0)
    return {
        "customers": int(n),
        "hit_rate": float((hits > 0).mean()),
        "precision": float((hits / k).mean()),
        "recall": float(recall.mean()),
        "coverage": float(recs["product_id"].nunique() / catalogue) if catalogue else None,
    }


# ---------------------------------------------------------------------- methods


def fitted_model(
    cursor, as_of: dt.date, k: int = 3, *, history: History | None = None
) -> tuple[BlendRecommender, dict]:
    """The model fitted on purchases up to ``as_of``, its blend tuned on the 90 days before.

    Returns (model, tuning): ``tuning`` holds ``params``, the ``validation`` hit rates per
    blend and ``validated`` (False when there was no history before those 90 days: the
    default blend is used).
    """
    history = history if history is not None else read_history(cursor, as_of)
    model = BlendRecommender()
    start = as_of - dt.timedelta(days=90)
    earlier = read_history(cursor, start)
    tuning = {"validated": False, "params": model.get_params(), "validation": {}}
    if not earlier.empty:
        truth = bought_between(cursor, start + dt.timedelta(days=1), as_of)
        params, scores = tune(BlendRecommender().fit(earlier), truth, k)
        if scores:
            model.set_params(**params)
            tuning = {"validated": True, "params": model.get_params(), "validation": scores}
    return model.fit(history), tuning


def popularity(history: History) -> np.ndarray:
    """Buyers of each product (``history.products``) in the year before the date."""
    recent = history.age < POPULARITY_DAYS
    return np.bincount(history.prod[recent], minlength=len(history.products)).astype(np.float64)


def popular_recs(history: History, customer_ids, k: int, *, skip_owned: bool) -> pd.DataFrame:
    """``bestsellers`` (skip_owned=False) or ``popular_new`` (True) for ``customer_ids``."""
    customer_ids = np.asarray(customer_ids, dtype=np.int64)
    pop = popularity(history)
    order = top_k(pop[None, :], len(pop))[0]
    order = order[pop[order] > 0]
    if not skip_owned:
        top = order[:k]
        return pd.DataFrame(
            {
                "customer_id": np.repeat(customer_ids, len(top)),
                "rank": np.tile(np.arange(1, len(top) + 1), len(customer_ids)),
                "product_id": np.tile(history.products[top], len(customer_ids)),
                "score": np.tile(pop[top], len(customer_ids)),
                "because": -1,
            }
        )
    # a customer owning m products needs at most the k + m most popular ones
    owned = pd.DataFrame({"customer_id": history.customers[history.cust], "col": history.prod})
    owned = owned[owned["customer_id"].isin(customer_ids)]
    most = int(owned.groupby("customer_id").size().max()) if len(owned) else 0
    head = order[: k + most]
    cand = pd.DataFrame(
        {
            "customer_id": np.repeat(customer_ids, len(head)),
            "col": np.tile(head, len(customer_ids)),
            "pos": np.tile(np.arange(len(head)), len(customer_ids)),
        }
    )
    cand = cand.merge(owned, on=["customer_id", "col"], how="left", indicator=True)
    cand = cand[cand["_merge"] == "left_only"].sort_values(["customer_id", "pos"], kind="stable")
    cand["rank"] = cand.groupby("customer_id").cumcount() + 1
    cand = cand[cand["rank"] <= k]
    return pd.DataFrame(
        {
            "customer_id": cand["customer_id"].to_numpy(np.int64),
            "rank": cand["rank"].to_numpy(np.int64),
            "product_id": history.products[cand["col"].to_numpy()],
            "score": pop[cand["col"].to_numpy()],
            "because": -1,
        }
    )


def rules_recs(cursor, as_of: dt.date, customer_ids, k: int) -> tuple[pd.DataFrame, str | None]:
    """The rules method's products (and None), or no rows and the reason's key."""
    from mining.rules import mine_rules, nbp_spec, recommend

    try:
        result = mine_rules(cursor, nbp_spec(as_of, {"level": "product"}))
    except MiningError as exc:
        return pd.DataFrame(columns=REC_COLUMNS), exc.key
    if result.rules.empty:
        return pd.DataFrame(columns=REC_COLUMNS), result.note or "mining.nbp.no_rules"
    recs = recommend(cursor, result, as_of, top_n=k)
    recs = recs[recs["customer_id"].isin(np.asarray(customer_ids, dtype=np.int64))]
    return (
        pd.DataFrame(
            {
                "customer_id": recs["customer_id"].to_numpy(np.int64),
                "rank": recs["rank"].to_numpy(np.int64),
                "product_id": recs["item"].astype("int64").to_numpy(),
                "score": recs["score"].to_numpy(float),
                "because": recs["because"].astype("int64").to_numpy(),
            }
        ),
        None,
    )


def recommend_with(cursor, method: str, as_of: dt.date, customer_ids, k: int, *, history=None, model=None):
    """``method``'s recommendations (``REC_COLUMNS``) as of ``as_of`` for ``customer_ids``, and a
    note key (why a method had nothing to offer) or None."""
    if method not in METHODS:
        raise MiningError("mining.reco.bad_method", value=method, allowed=", ".join(METHODS))
    check_date(as_of)
    k = check_k(k)
    customer_ids = np.asarray(customer_ids, dtype=np.int64)
    if method == "rules":
        return rules_recs(cursor, as_of, customer_ids, k)
    history = history if history is not None else read_history(cursor, as_of)
    if history.empty:
        raise MiningError("mining.reco.no_history", as_of=as_of)
    if method == "model":
        model = model if model is not None else fitted_model(cursor, as_of, k, history=history)[0]
        return model.recommend(customer_ids, k, customer_groups(cursor, customer_ids)), None
    return popular_recs(history, customer_ids, k, skip_owned=method == "popular_new"), None


# ---------------------------------------------------------------------- backtest


def backtest(cursor, as_of: dt.date, k: int = 3, *, horizon_days: int = 90, methods=METHODS) -> dict:
    """Every method fitted up to ``as_of − horizon_days`` against what was bought up to ``as_of``."""
    check_date(as_of)
    k, horizon_days = check_k(k), check_horizon(horizon_days)
    cutoff = as_of - dt.timedelta(days=horizon_days)
    history = read_history(cursor, cutoff)
    if history.empty:
        raise MiningError("mining.reco.no_history", as_of=cutoff)
    truth = bought_between(cursor, cutoff + dt.timedelta(days=1), as_of)
    customers = np.intersect1d(pd.unique(truth["customer_id"]).astype(np.int64), history.customers)
    if len(customers) == 0:
        raise MiningError("mining.reco.no_buyers", cutoff=cutoff, end=as_of)
    catalogue = int((popularity(history) > 0).sum())
    out = {
        "cutoff": cutoff.isoformat(),
        "as_of": as_of.isoformat(),
        "horizon_days": horizon_days,
        "k": k,
        "customers": int(len(customers)),
        "catalogue": catalogue,
        "methods": {},
        "notes": {},
    }
    for method in methods:
        model = None
        if method == "model":
            model, tuning = fitted_model(cursor, cutoff, k, history=history)
            out["tuning"] = tuning
        recs, note = recommend_with(cursor, method, cutoff, customers, k, history=history, model=model)
        out["methods"][method] = hit_metrics(recs, truth, customers, k, catalogue)
        if note:
            out["notes"][method] = note
    out["verdict"] = verdict(out["methods"])
    return out


def verdict(methods: dict) -> dict:
    """The baseline (stronger popularity list), the model's ratio to it, and the method to use."""

    def rate(name):
        value = (methods.get(name) or {}).get("hit_rate")
        return -1.0 if value is None else value

    baseline = max((m for m in BASELINES if m in methods), key=rate, default=None)
    ranked = [m for m in ("bestsellers", "popular_new", "rules", "model") if m in methods]
    chosen = ranked[0] if ranked else None
    for name in ranked[1:]:
        if rate(name) > rate(chosen):
            chosen = name
    out = {"baseline": baseline, "chosen": chosen, "target": TARGET}
    if "model" in methods and baseline is not None:
        model_rate, base_rate = rate("model"), rate(baseline)
        out["ratio"] = model_rate / base_rate if base_rate > 0 else None
        out["beats"] = bool(model_rate > base_rate)
        out["meets_target"] = bool(out["ratio"] is not None and out["ratio"] >= TARGET)
    return out

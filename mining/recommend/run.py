"""A stored recommendation run: backtest every method, recommend with the winner, save as "nbp".

The run's rows are the ``chosen`` method's products for every customer known on the date
(``NBP_COLUMNS`` of ``mining.rules`` plus ``method``), so Customer 360 and the campaign
contact files, which read the latest "nbp" run, use the model only where it won its
backtest and popularity (or the rules) otherwise; ``metrics["backtest"]`` holds the
comparison and ``metrics["verdict"]`` the decision they state.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from mining.errors import MiningError
from mining.jobs import IsCancelled, Progress, stepper
from mining.recommend.evaluate import backtest, check_horizon, check_k, recommend_with
from mining.recommend.history import known_customers, product_names
from mining.rules import NBP_COLUMNS

KIND = "nbp"
RUN_COLUMNS = [*NBP_COLUMNS, "method"]


def run_rows(cursor, recs: pd.DataFrame, method: str) -> pd.DataFrame:
    """Recommendations (``REC_COLUMNS``) as a run's rows: text keys and product names."""
    names = product_names(cursor, np.concatenate([recs["product_id"].to_numpy(np.int64),
                                                  recs["because"].to_numpy(np.int64)]))  # fmt: skip
    because = recs["because"].to_numpy(np.int64)
    return pd.DataFrame(
        {
            "customer_id": recs["customer_id"].to_numpy(np.int64),
            "rank": recs["rank"].to_numpy(np.int64),
            "item_level": "product",
            "item": recs["product_id"].astype("int64").astype(str).to_numpy(),
            "item_name": recs["product_id"].map(names).fillna(recs["product_id"].astype(str)).to_numpy(),
            "score": recs["score"].to_numpy(float),
            "because": np.where(because >= 0, because.astype(str), ""),
            "because_name": [names.get(int(b), "") if b >= 0 else "" for b in because],
            "method": method,
        }
    )[RUN_COLUMNS]


def score_recommendations(
    cursor,
    as_of: dt.date,
    params: dict,
    user: str,
    *,
    progress: Progress = None,
    cancelled: IsCancelled = None,
) -> int:
    """Backtest the methods over the ``backtest_days`` (90) before ``as_of``, recommend ``k`` (3)
    products to every customer known on ``as_of`` with the winner, and store an "nbp" run."""
    from mining.runs import save_run

    k = check_k(params.get("k", 3))
    days = check_horizon(params.get("backtest_days", 90))
    report = stepper(progress, cancelled)
    report(0.05, "mining.reco.step.backtest")
    try:
        check = backtest(cursor, as_of, k, horizon_days=days)
        chosen = check["verdict"]["chosen"]
    except MiningError as exc:  # too little history before the cutoff: recommend, say it is unchecked
        check, chosen = {"error": exc.key, **{k_: str(v) for k_, v in exc.values.items()}}, "model"
    report(0.6, "mining.reco.step.recommend")
    customers = known_customers(cursor, as_of)
    recs, note = recommend_with(cursor, chosen, as_of, customers, k)
    rows = run_rows(cursor, recs, chosen)
    report(0.95, "mining.reco.step.save")
    metrics = {
        "engine": "recommend",
        "method": chosen,
        "customers": int(rows["customer_id"].nunique()),
        "recommendations": int(len(rows)),
        "backtest": check,
        "verdict": check.get("verdict"),
        "note": note,
    }
    stored = {"k": k, "backtest_days": days, "level": "product"}
    return save_run(KIND, as_of, stored, rows, metrics, user, cursor=cursor)


def method_of(meta: dict) -> str | None:
    """The method a stored "nbp" run recommends with (None for a run of the older rules job)."""
    metrics = meta.get("metrics") or {}
    return metrics.get("method") if metrics.get("engine") == "recommend" else None

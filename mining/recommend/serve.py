"""Next best products on request: the model fitted once per warehouse version, then looked up.

A recommendation for one customer (Customer 360) or a whole audience (a contact file) needs the
model of ``evaluate.fitted_model`` — two reads of the purchase history, the blend tuned on the 90
days before the date, the similarity fitted — which costs seconds on a large warehouse. Here it
is computed once per warehouse version and date and kept in the shared result cache
(``olap.engine.cached``: every process of the server reads the same fit; a load makes a new
version, so a kept model never outlives its data). After that:

- ``recommend_for(ids, as_of)``: the customers' rows of the model's recommendations — one small
  sparse row × similarity product per customer, no refit;
- ``all_recommendations(as_of)``: every customer known on the date, computed once per version
  and date and kept as well (the frame a contact file or an export reads).

Both give exactly what ``evaluate.recommend_with(cursor, "model", as_of, ids, k)`` gives (the
same fit, the same scores: ``model.py`` is not changed, only when it runs).
"""

from __future__ import annotations

import datetime as dt
import threading

import numpy as np
import pandas as pd

from mining.errors import MiningError
from mining.recommend.evaluate import REC_COLUMNS, check_k, fitted_model
from mining.recommend.history import check_date, customer_groups, known_customers, read_history
from mining.recommend.model import BlendRecommender

_MODEL = "mining.recommend.model"
MEMO = 2  # fitted models a process keeps in memory (~60 MB each at 200,000 customers)
_memo: dict[tuple, tuple[BlendRecommender, dict]] = {}
_memo_lock = threading.Lock()
_ALL = "mining.recommend.all"


def last_day(cursor) -> dt.date | None:
    """The day of the latest order line (the date a live recommendation is made as of)."""
    row = cursor.execute("SELECT max(order_ts)::DATE FROM fact_order_line").fetchone()
    return row[0] if row else None


def _fit(cursor, as_of: dt.date, k: int) -> tuple[BlendRecommender, dict]:
    history = read_history(cursor, as_of)
    if history.empty:
        raise MiningError("mining.reco.no_history", as_of=as_of)
    return fitted_model(cursor, as_of, k, history=history)


def kept_model(as_of: dt.date, k: int = 3, *, warehouse=None) -> tuple[BlendRecommender, dict]:
    """``fitted_model`` as of ``as_of`` (model, tuning), fitted once per warehouse version.

    The shared cache holds it for every process; this process also keeps the last few it read
    (``MEMO`` of them, by warehouse file and version), so a request does not unpickle it again."""
    from olap import engine

    as_of, k = check_date(as_of), check_k(k)
    _, version = (warehouse or engine.get_warehouse()).cursor_with_version()
    name = (version, as_of, k)
    with _memo_lock:
        kept = _memo.get(name)
    if kept is None:
        kept = engine.cached((_MODEL, as_of.isoformat(), k), lambda cursor: _fit(cursor, as_of, k), warehouse)
        with _memo_lock:
            _memo[name] = kept
            while len(_memo) > MEMO:
                _memo.pop(next(iter(_memo)))
    return kept


def recommend_for(customer_ids, as_of: dt.date, k: int = 3, *, warehouse=None) -> pd.DataFrame:
    """``REC_COLUMNS`` of the model's top ``k`` products for ``customer_ids`` as of ``as_of``."""
    from olap import engine

    model, _ = kept_model(as_of, k, warehouse=warehouse)
    ids = np.asarray(customer_ids, dtype=np.int64)
    if len(ids) == 0:
        return pd.DataFrame(columns=REC_COLUMNS)
    cursor = (warehouse or engine.get_warehouse()).cursor()
    return model.recommend(ids, k, customer_groups(cursor, ids))[REC_COLUMNS]


def all_recommendations(as_of: dt.date, k: int = 3, *, warehouse=None) -> pd.DataFrame:
    """``REC_COLUMNS`` for every customer known on ``as_of`` (kept per warehouse version and date)."""
    from olap import engine

    model, _ = kept_model(as_of, k, warehouse=warehouse)

    def compute(cursor) -> pd.DataFrame:
        ids = known_customers(cursor, as_of)
        return model.recommend(ids, k, customer_groups(cursor, ids))[REC_COLUMNS]

    return engine.cached((_ALL, as_of.isoformat(), check_k(k)), compute, warehouse)

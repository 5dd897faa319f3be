"""The recommender: item-to-item similarity over purchase histories, blended with popularity.

For customer *c* and product *p* the score is

    score(c, p) = pop_g(p) + alpha · n_c / (n_c + shrink) · sim(c, p) + beta · own(c, p)

- ``pop_g`` — the product's buyers in the ``popularity_days`` before the date, each weighted
  by the recency of their last purchase (``2^(−age / half_life_days)``), within the
  customer's group (customer type) when ``by_group``, else over everyone; scaled to max 1.
- ``sim`` — Σ_j w(c, j) · cos(j, p) over the products *j* the customer bought, where cos is
  the cosine of two products' buyer sets and ``w(c, j) = (1 + ln orders) · 2^(−age / half_life)``
  favours what was bought often and lately; scaled to max 1 per customer. ``n_c`` is the
  number of products bought: a thin history leans on popularity.
- ``own`` — the customer's own recency weight of *p* (a repurchase), scaled to max 1.
- ``exclude_owned`` drops what the customer already bought.

Ties go to the smaller product id. ``alpha``, ``beta``, ``by_group`` and ``exclude_owned``
are chosen by ``tune`` on the 90 days before the date (fitted on what came before them),
so the blend follows whatever the data rewards: on a shop where products are picked by
popularity per customer type, it ends as popularity per type; where customers keep to
their own tastes, the similarity and repurchase terms win.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import numpy as np
import pandas as pd
import scipy.sparse as sp

from mining.recommend.history import History

CHUNK = 20_000  # customers scored at once (a chunk × products block of float32)
GRID = {
    "by_group": (True, False),
    "alpha": (0.0, 0.3, 1.0, 3.0),
    "beta": (0.0, 0.3, 1.0),
    "exclude_owned": (False, True),
}


@dataclass
class Components:
    """The three score terms of a block of customers (rows) over all products (columns)."""

    pop_group: np.ndarray
    pop_all: np.ndarray
    personal: np.ndarray
    own: np.ndarray
    thin: np.ndarray  # n_c / (n_c + shrink), one column


class BlendRecommender:
    """Item-to-item similarity + repurchase + popularity per customer group (scikit-learn style).

    ``fit(history)`` learns the similarity and popularity from a ``History``;
    ``recommend(customer_ids, k)`` ranks products for any customers (unknown ones get their
    group's popular products).
    """

    def __init__(
        self,
        *,
        alpha: float = 0.3,
        beta: float = 0.1,
        by_group: bool = True,
        exclude_owned: bool = False,
        half_life_days: float = 90.0,
        popularity_days: int = 365,
        shrink: float = 5.0,
    ):
        self.alpha = alpha
        self.beta = beta
        self.by_group = by_group
        self.exclude_owned = exclude_owned
        self.half_life_days = half_life_days
        self.popularity_days = popularity_days
        self.shrink = shrink

    def get_params(self) -> dict:
        return {k: getattr(self, k) for k in ("alpha", "beta", "by_group", "exclude_owned", "half_life_days",
                                              "popularity_days", "shrink")}  # fmt: skip

    def set_params(self, **params) -> BlendRecommender:
        for key, value in params.items():
            setattr(self, key, value)
        return self

    # ------------------------------------------------------------------ fitting
    def fit(self, history: History) -> BlendRecommender:
        n, p = len(history.customers), len(history.products)
        decay = np.exp2(-history.age / float(self.half_life_days))
        weight = (1.0 + np.log(np.maximum(history.orders, 1.0))) * decay
        self.products_ = history.products
        self.customers_ = history.customers
        self.groups_ = history.group
        self.weights_ = sp.csr_matrix((weight, (history.cust, history.prod)), shape=(n, p), dtype=np.float64)
        bought = sp.csr_matrix((np.ones(len(history.cust)), (history.cust, history.prod)), shape=(n, p))
        co = (bought.T @ bought).toarray()
        norm = np.sqrt(np.diag(co))
        with np.errstate(divide="ignore", invalid="ignore"):
            sim = np.where(np.outer(norm, norm) > 0, co / np.outer(norm, norm), 0.0)
        np.fill_diagonal(sim, 0.0)
        self.similarity_ = sim.astype(np.float32)
        recent = history.age < self.popularity_days
        self.popularity_ = _scaled(np.bincount(history.prod[recent], weights=decay[recent], minlength=p))
        self.group_popularity_ = {}
        cust_group = history.group[history.cust]
        for group in pd.unique(history.group):
            mask = recent & (cust_group == group)
            self.group_popularity_[group] = _scaled(np.bincount(history.prod[mask], weights=decay[mask], minlength=p))
        return self

    # ------------------------------------------------------------------ scoring
    def components(self, customer_ids: np.ndarray, groups: np.ndarray | None = None) -> Components:
        """The score terms for ``customer_ids`` (a block: call per chunk)."""
        customer_ids = np.asarray(customer_ids, dtype=np.int64)
        p = len(self.products_)
        pos, known = self._positions(customer_ids)
        if groups is None:
            groups = np.where(known, self.groups_[pos] if len(self.groups_) else "", "")
        rows = sp.csr_matrix((len(customer_ids), p), dtype=np.float64)
        if known.any():
            select = sp.csr_matrix(
                (np.ones(int(known.sum())), (np.flatnonzero(known), pos[known])),
                shape=(len(customer_ids), len(self.customers_)),
            )
            rows = select @ self.weights_
        own = rows.toarray().astype(np.float32)
        personal = np.asarray(rows @ self.similarity_, dtype=np.float32)
        count = np.diff(rows.indptr).astype(np.float32)
        pop_group = np.empty((len(customer_ids), p), dtype=np.float32)
        for group in pd.unique(groups):
            pop_group[groups == group] = self.group_popularity_.get(group, self.popularity_)
        return Components(
            pop_group=pop_group,
            pop_all=np.broadcast_to(self.popularity_.astype(np.float32), (len(customer_ids), p)),
            personal=_row_scaled(personal),
            own=_row_scaled(own),
            thin=(count / (count + np.float32(self.shrink)))[:, None],
        )

    def combine(self, c: Components, **params) -> np.ndarray:
        """Scores of a block from its components, with this model's (or the given) blend."""
        q = {**self.get_params(), **params}
        score = (c.pop_group if q["by_group"] else c.pop_all) + np.float32(q["alpha"]) * c.thin * c.personal
        score = score + np.float32(q["beta"]) * c.own
        if q["exclude_owned"]:
            score = np.where(c.own > 0, -np.inf, score)
        return score

    def recommend(self, customer_ids, k: int = 3, groups: np.ndarray | None = None) -> pd.DataFrame:
        """Top ``k`` products per customer: customer_id, rank, product_id, score, because
        (the bought product that contributed most to the similarity term; -1 when none)."""
        customer_ids = np.asarray(customer_ids, dtype=np.int64)
        frames = []
        for start in range(0, len(customer_ids), CHUNK):
            ids = customer_ids[start : start + CHUNK]
            part_groups = None if groups is None else np.asarray(groups)[start : start + CHUNK]
            comp = self.components(ids, part_groups)
            score = self.combine(comp)
            top = top_k(score, k)
            top_score = np.take_along_axis(score, top, axis=1)
            because = self._because(ids, top) if self.alpha > 0 else np.full(top.shape, -1, dtype=np.int64)
            keep = np.isfinite(top_score)
            rows, ranks = np.nonzero(keep)
            frames.append(
                pd.DataFrame(
                    {
                        "customer_id": ids[rows],
                        "rank": ranks.astype(np.int64) + 1,
                        "product_id": self.products_[top[keep]],
                        "score": top_score[keep].astype(np.float64),
                        "because": because[keep],
                    }
                )
            )
        if not frames:
            return pd.DataFrame(columns=["customer_id", "rank", "product_id", "score", "because"])
        return pd.concat(frames, ignore_index=True)

    def _positions(self, ids: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Each id's row in the fitted history and whether it has one."""
        if len(self.customers_) == 0:
            return np.zeros(len(ids), dtype=np.int64), np.zeros(len(ids), dtype=bool)
        pos = np.minimum(np.searchsorted(self.customers_, ids), len(self.customers_) - 1)
        return pos, self.customers_[pos] == ids

    def _because(self, ids: np.ndarray, top: np.ndarray) -> np.ndarray:
        pos, known = self._positions(ids)
        out = np.full(top.shape, -1, dtype=np.int64)
        if not known.any():
            return out
        owned = self.weights_[pos[known]].toarray().astype(np.float32)  # customers × products
        sims = self.similarity_[:, top[known]]  # products × customers × k
        contrib = owned.T[:, :, None] * sims
        best = contrib.argmax(axis=0)
        has = contrib.max(axis=0) > 0
        out[known] = np.where(has, self.products_[best], -1)
        return out


def top_k(score: np.ndarray, k: int) -> np.ndarray:
    """Column indices of each row's ``k`` highest scores, best first; ties to the lower column
    (the order of a stable sort of ``-score``; a few ``argmax`` passes when ``k`` is small)."""
    k = min(int(k), score.shape[1])
    if k == 0:
        return np.zeros((score.shape[0], 0), dtype=np.int64)
    if k > 8:
        return np.argsort(-score, axis=1, kind="stable")[:, :k]
    work = np.where(np.isneginf(score), np.finfo(score.dtype).min, score)  # excluded, still ranked last
    rows = np.arange(score.shape[0])
    out = np.empty((score.shape[0], k), dtype=np.int64)
    for i in range(k):
        out[:, i] = work.argmax(axis=1)  # the first maximum: the lowest column on a tie
        work[rows, out[:, i]] = -np.inf
    return out


def _scaled(v: np.ndarray) -> np.ndarray:
    top = v.max() if len(v) else 0.0
    return v / top if top > 0 else v


def _row_scaled(m: np.ndarray) -> np.ndarray:
    top = m.max(axis=1, keepdims=True) if m.shape[1] else np.zeros((m.shape[0], 1), dtype=m.dtype)
    return np.divide(m, top, out=np.zeros_like(m), where=top > 0)


def grid() -> list[dict]:
    """Every blend ``tune`` tries, the plainest first (so a tie keeps the plainer one)."""
    keys = list(GRID)
    combos = [dict(zip(keys, values, strict=True)) for values in itertools.product(*GRID.values())]
    return sorted(combos, key=lambda q: (q["alpha"] > 0) + (q["beta"] > 0) + q["exclude_owned"] + q["by_group"])


def tune(model: BlendRecommender, truth: pd.DataFrame, k: int, *, max_customers: int = 20_000, seed: int = 0):
    """The blend of ``grid()`` with the best hit rate@k on ``truth`` (customer_id, product_id bought
    after the fitted history), over at most ``max_customers`` of its buyers who have a history
    (a seeded sample). Returns (params, {str(params): hit rate}); sets the best on ``model``."""
    buyers = np.intersect1d(pd.unique(truth["customer_id"]).astype(np.int64), model.customers_)
    if len(buyers) > max_customers:
        buyers = np.sort(np.random.default_rng(seed).choice(buyers, max_customers, replace=False))
    scores: dict[str, float] = {}
    best, best_rate = None, -1.0
    if len(buyers) == 0:
        return model.get_params(), scores
    truth = truth[truth["customer_id"].isin(buyers)]
    col = np.searchsorted(model.products_, truth["product_id"].to_numpy(np.int64))
    valid = (col < len(model.products_)) & (model.products_[np.minimum(col, len(model.products_) - 1)] ==
                                            truth["product_id"].to_numpy(np.int64))  # fmt: skip
    row = np.searchsorted(buyers, truth["customer_id"].to_numpy(np.int64))
    bought = sp.csr_matrix((np.ones(int(valid.sum()), dtype=bool), (row[valid], col[valid])),
                           shape=(len(buyers), len(model.products_))).toarray()  # fmt: skip
    combos = grid()
    hits = np.zeros(len(combos))
    for start in range(0, len(buyers), CHUNK):
        comp = model.components(buyers[start : start + CHUNK])
        part = bought[start : start + CHUNK]
        for i, q in enumerate(combos):
            score = model.combine(comp, **q)
            top = top_k(score, k)
            hit = np.take_along_axis(part, top, axis=1) & np.isfinite(np.take_along_axis(score, top, axis=1))
            hits[i] += hit.any(axis=1).sum()
    for i, q in enumerate(combos):
        rate = hits[i] / len(buyers)
        scores[_label(q)] = float(rate)
        if rate > best_rate:
            best, best_rate = q, rate
    model.set_params(**best)
    return best, scores


def _label(q: dict) -> str:
    return ",".join(f"{k}={q[k]}" for k in GRID)

"""Each propensity model beside what a marketer could do without it.

Two baselines, judged on the same test rows as the model:

- **recency alone** — rank customers by days since their last order (never ordered last): the
  one-feature model every CRM starts from. Any model that is monotone in recency ranks the
  customers the same way, so its AUC and gains are those of this ranking.
- **random** — AUC 0.5 and a top tenth that finds a tenth of the buyers.

The verdict compares the model's test AUC with recency's by a paired bootstrap over the test
customers (the same resample for both): "beats" when the 95 % interval of the difference lies above
zero, "worse" when below, else "no_better" (a model that cannot be told apart from sorting by
recency is not worth its complexity).
"""

from __future__ import annotations

import numpy as np

from mining.classifier_metrics import auc

TOP = 0.10  # the top tenth of the ranking: the share of buyers found there
RESAMPLES = 200
MAX_ROWS = 20_000  # bootstrap on a seeded sample of the test rows beyond this


def recency_score(X: np.ndarray, columns: list[str]) -> np.ndarray:
    """Higher for a more recent last order; customers who never ordered rank last."""
    days = X[:, columns.index("recency_days")].astype(float)
    worst = np.nanmax(days) + 1.0 if np.isfinite(days).any() else 0.0
    return -np.where(np.isnan(days), worst, days)


def top_share(y: np.ndarray, score: np.ndarray, fraction: float = TOP) -> float:
    """Share of all positives among the ``fraction`` highest scores, ties shared out evenly.

    A run of equal scores straddling the cut counts with the part of it inside the cut (the
    expected value of breaking the tie at random), so no ranking gains from the input order.
    """
    y = np.asarray(y, dtype=float)
    total = y.sum()
    if total == 0 or len(y) == 0:
        return 0.0
    cut = fraction * len(y)
    values, inverse = np.unique(-np.asarray(score, dtype=float), return_inverse=True)  # best first
    rows = np.bincount(inverse, minlength=len(values)).astype(float)
    hits = np.bincount(inverse, weights=y, minlength=len(values))
    before = np.concatenate([[0.0], np.cumsum(rows)[:-1]])
    inside = np.clip((cut - before) / rows, 0.0, 1.0)
    return float((hits * inside).sum() / total)


def _auc_difference_interval(y, model, base, seed: int) -> tuple[float, float]:
    rng = np.random.default_rng(seed)
    if len(y) > MAX_ROWS:
        pick = np.sort(rng.choice(len(y), MAX_ROWS, replace=False))
        y, model, base = y[pick], model[pick], base[pick]
    diffs = []
    for _ in range(RESAMPLES):
        rows = rng.integers(0, len(y), len(y))
        yy = y[rows]
        if 0 < yy.sum() < len(yy):
            diffs.append(auc(yy, model[rows]) - auc(yy, base[rows]))
    if not diffs:
        return float("nan"), float("nan")
    low, high = np.percentile(diffs, [2.5, 97.5])
    return float(low), float(high)


def compare(y, model_score, X, columns: list[str], seed: int = 0) -> dict:
    """The model, recency alone and random on the same rows: AUC, top-tenth share and the verdict."""
    y = np.asarray(y, dtype=int)
    model_score = np.asarray(model_score, dtype=float)
    base = recency_score(X, columns)
    low, high = _auc_difference_interval(y, model_score, base, seed)
    verdict = "beats" if low > 0 else "worse" if high < 0 else "no_better"
    return {
        "model": {"auc": auc(y, model_score), "top_share": top_share(y, model_score)},
        "recency": {"auc": auc(y, base), "top_share": top_share(y, base)},
        "random": {"auc": 0.5, "top_share": TOP},
        "auc_difference": [low, high],
        "verdict": verdict,
        "rows": int(len(y)),
    }

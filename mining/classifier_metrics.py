"""Measures of a binary classifier's scores: AUC, gains by decile, confusion at a threshold,
the confusion at every threshold 0.00..1.00, ROC points.

Every function takes the true outcomes ``y`` (0/1) and the scores ``p`` (higher = more
likely 1). A score equal to a threshold counts as called positive. Ranks put the highest
score first and keep the input order among equal scores, so results never depend on how
a sort breaks ties.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from mining.errors import MiningError

ROC_POINTS = 200
THRESHOLDS = np.arange(101) / 100


def _arrays(y, p) -> tuple[np.ndarray, np.ndarray]:
    y = np.asarray(y, dtype=int).ravel()
    p = np.asarray(p, dtype=float).ravel()
    if len(y) != len(p):
        raise ValueError(f"{len(y)} labels but {len(p)} scores")
    return y, p


def auc(y, p) -> float:
    """Area under the ROC curve (ties count one half); needs both outcomes in ``y``."""
    from sklearn.metrics import roc_auc_score

    y, p = _arrays(y, p)
    positives = int(y.sum())
    if positives == 0 or positives == len(y):
        raise MiningError("mining.propensity.one_class", rows=len(y), positives=positives)
    return float(roc_auc_score(y, p))


def rank_order(p) -> np.ndarray:
    """Row indices from the highest score down; equal scores keep their input order."""
    p = np.asarray(p, dtype=float)
    return np.lexsort((np.arange(len(p)), -p))


def deciles(p, bins: int = 10) -> np.ndarray:
    """Group 1..bins of each row by rank (1 = highest scores), groups as equal as possible.

    Row of rank ``r`` (0-based, ties in input order) is in group ``1 + floor(r × bins / n)``,
    so group sizes differ by at most one and a run of equal scores may straddle two groups.
    """
    n = len(p)
    out = np.empty(n, dtype=np.int64)
    out[rank_order(p)] = np.arange(n) * bins // max(n, 1) + 1
    return out


def gains_table(y, p, bins: int = 10) -> pd.DataFrame:
    """Cumulative gains and lift by score decile (1 = highest scores; see ``deciles``).

    Columns: decile, customers, positives, rate, cum_positives, cum_gain_pct (share of
    all positives found in deciles 1..d, in %), lift (rate / overall rate) and cum_lift.
    Empty groups (fewer rows than bins) are left out.
    """
    y, p = _arrays(y, p)
    group = deciles(p, bins)
    counts = np.bincount(group, minlength=bins + 1)[1:]
    hits = np.bincount(group, weights=y, minlength=bins + 1)[1:]
    table = pd.DataFrame({"decile": np.arange(1, bins + 1), "customers": counts, "positives": hits.astype(np.int64)})
    table = table[table["customers"] > 0].reset_index(drop=True)
    total, overall = int(y.sum()), y.mean() if len(y) else 0.0
    table["rate"] = table["positives"] / table["customers"]
    table["cum_positives"] = table["positives"].cumsum()
    cum_rate = table["cum_positives"] / table["customers"].cumsum()
    table["cum_gain_pct"] = 100.0 * table["cum_positives"] / total if total else 0.0
    table["lift"] = table["rate"] / overall if overall else 0.0
    table["cum_lift"] = cum_rate / overall if overall else 0.0
    return table


def _rates(tp, fp, tn, fn) -> dict:
    tp, fp, tn, fn = (np.asarray(v, dtype=float) for v in (tp, fp, tn, fn))
    with np.errstate(invalid="ignore", divide="ignore"):
        precision = np.where(tp + fp > 0, tp / (tp + fp), 0.0)
        recall = np.where(tp + fn > 0, tp / (tp + fn), 0.0)
        accuracy = (tp + tn) / np.maximum(tp + fp + tn + fn, 1)
        f1 = np.where(precision + recall > 0, 2 * precision * recall / (precision + recall), 0.0)
    return {"precision": precision, "recall": recall, "accuracy": accuracy, "f1": f1}


def confusion(y, p, threshold: float) -> dict:
    """Counts and rates when every score ``>= threshold`` is called positive.

    Precision (recall, F1) is 0 when nothing is called positive (no positives exist).
    """
    y, p = _arrays(y, p)
    called = p >= threshold
    tp, fp = int((called & (y == 1)).sum()), int((called & (y == 0)).sum())
    fn, tn = int((~called & (y == 1)).sum()), int((~called & (y == 0)).sum())
    return {"tp": tp, "fp": fp, "tn": tn, "fn": fn, **{k: float(v) for k, v in _rates(tp, fp, tn, fn).items()}}


def threshold_curve(y, p) -> pd.DataFrame:
    """``confusion`` at every threshold 0.00, 0.01, … 1.00 (one row each), from one sort."""
    y, p = _arrays(y, p)
    order = np.argsort(p, kind="stable")
    ps, ys = p[order], y[order]
    # rows at index >= first are called positive: scores >= threshold
    first = np.searchsorted(ps, THRESHOLDS, side="left")
    pos_after = np.concatenate([np.cumsum(ys[::-1])[::-1], [0]])  # positives from index i on
    called = len(p) - first
    tp = pos_after[first]
    fp = called - tp
    fn = int(y.sum()) - tp
    tn = len(p) - called - fn
    table = pd.DataFrame({"threshold": THRESHOLDS, "tp": tp, "fp": fp, "tn": tn, "fn": fn})
    for name, values in _rates(tp, fp, tn, fn).items():
        table[name] = values
    return table


def best_f1_threshold(y, p) -> float:
    """The threshold of the curve with the highest F1 (the lowest such threshold on ties)."""
    curve = threshold_curve(y, p)
    return float(curve["threshold"].iloc[int(np.argmax(curve["f1"].to_numpy()))])


def roc_points(y, p, max_points: int = ROC_POINTS) -> pd.DataFrame:
    """False and true positive rates along the ROC curve, thinned to at most ``max_points``."""
    from sklearn.metrics import roc_curve

    y, p = _arrays(y, p)
    fpr, tpr, _ = roc_curve(y, p, drop_intermediate=True)
    if len(fpr) > max_points:
        keep = np.unique(np.round(np.linspace(0, len(fpr) - 1, max_points)).astype(int))
        fpr, tpr = fpr[keep], tpr[keep]
    return pd.DataFrame({"fpr": fpr, "tpr": tpr})

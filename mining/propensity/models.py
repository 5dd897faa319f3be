"""The two propensity models and the choice of their hyper-parameters on validation.

- CART (``mining.rule_tree.ImputedTree``): depth 3..6 and class weighting chosen on
  validation; gaps filled with the training median plus a 0/1 "missing" indicator,
  because CART cannot split on NaN; probabilities are the unweighted positive rates of
  its leaves.
- histogram gradient boosting: missing values handled natively; early stopping off,
  fixed seed; the number of iterations chosen on validation.

``ValidatedModel(model, ...).fit(X, y, X_valid, y_valid)`` makes that choice; learned:
``estimator_``, ``hyper_`` and ``tried_`` (every candidate with its validation AUC).
"""

from __future__ import annotations

import copy

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin

from mining.classifier_metrics import auc
from mining.propensity.design import MISSING_INDICATORS, ZERO_WHEN_MISSING
from mining.rule_tree import ImputedTree

MODELS = ("cart", "hgb")
CART_DEPTHS = (3, 4, 5, 6)
HGB_STEP = 10  # iteration counts tried: 10, 20, … up to max_iter


def threads(n: int):
    """Limit OpenMP (boosting's fit and predict) to ``n`` threads while the block runs.

    Boosting runs many short parallel loops; when the CPUs are shared (the web server,
    other jobs) a descheduled thread stalls all the others at every barrier, which
    measured 10–20× slower than one thread on a busy 2-CPU machine. One thread is the
    predictable default for a background job; ``threads`` in the params raises it.
    """
    from threadpoolctl import threadpool_limits

    return threadpool_limits(int(n), user_api="openmp")


def _fit_hgb(X: np.ndarray, y: np.ndarray, max_iter: int, random_state: int):
    from sklearn.ensemble import HistGradientBoostingClassifier

    empty = np.isnan(X).all(axis=0) if len(X) else np.zeros(X.shape[1], dtype=bool)
    if empty.any():  # a column with no value at all (a warehouse without rated tickets): boosting cannot
        X = X.copy()  # bin it (a ValueError); as a constant it teaches nothing, as when it was empty
        X[:, empty] = 0.0

    model = HistGradientBoostingClassifier(
        max_iter=int(max_iter), learning_rate=0.1, max_leaf_nodes=31, min_samples_leaf=20,
        early_stopping=False, random_state=random_state,
    )  # fmt: skip
    return model.fit(X, y)


def _class_weight(y: np.ndarray):
    rate = float(np.mean(y))
    return "balanced" if min(rate, 1 - rate) < 0.2 else None


def _tree(names, depth: int, rows: int, class_weight, random_state: int) -> ImputedTree:
    # leaves of at least 1/500 of the rows: rules a person can read, stable between runs
    return ImputedTree(
        feature_names=tuple(names),
        indicators=tuple(MISSING_INDICATORS.items()),
        zero_fill=ZERO_WHEN_MISSING,
        max_depth=depth,
        min_samples_leaf=max(10, rows // 500),
        class_weight=class_weight,
        random_state=random_state,
    )


def _choose_cart(names, Xtr, ytr, Xva, yva, random_state: int) -> tuple[ImputedTree, dict, list[dict]]:
    """Depth 3..6 (and class weighting for a rare outcome) by validation AUC; the shallower tree wins ties."""
    weights = [None] if _class_weight(ytr) is None else [None, "balanced"]
    tried, best = [], None
    for depth in CART_DEPTHS:
        for weight in weights:
            model = _tree(names, depth, len(ytr), weight, random_state).fit(Xtr, ytr)
            score = auc(yva, model.predict_proba(Xva)[:, 1])
            tried.append({"max_depth": depth, "class_weight": weight or "none", "valid_auc": score})
            if best is None or score > best[0] + 1e-9:
                best = (score, model, {"max_depth": depth, "class_weight": weight})
    return best[1], best[2], tried


def _choose_hgb(Xtr, ytr, Xva, yva, max_iter: int, random_state: int):
    """The iteration count (a multiple of 10) with the best validation AUC; the model refit with it."""
    full = _fit_hgb(Xtr, ytr, max_iter, random_state)
    tried, best = [], None
    for i, proba in enumerate(full.staged_predict_proba(Xva), start=1):
        if i % HGB_STEP and i != max_iter:
            continue
        score = auc(yva, proba[:, 1])
        tried.append({"max_iter": i, "valid_auc": score})
        if best is None or score > best[0] + 1e-9:
            best = (score, i)
    n_iter = best[1]
    return first_trees(full, n_iter), {"max_iter": n_iter}, tried


def first_trees(model, n_iter: int):
    """The boosting model of the first ``n_iter`` trees of ``model``: what a fit with
    ``max_iter=n_iter`` gives (no early stopping, no subsampling: the same trees in the same
    order, the same bins and baseline), without fitting again."""
    if n_iter >= model.n_iter_:
        return model
    out = copy.copy(model)
    out._predictors = model._predictors[:n_iter]
    out.max_iter = n_iter
    out.train_score_ = model.train_score_[: n_iter + 1] if len(model.train_score_) else model.train_score_
    return out


def fit_with(model: str, hyper: dict, names, X, y, random_state: int):
    """Fit ``model`` with hyper-parameters chosen earlier (the refit before scoring)."""
    if model == "cart":
        return _tree(names, hyper["max_depth"], len(y), hyper["class_weight"], random_state).fit(X, y)
    return _fit_hgb(X, y, hyper["max_iter"], random_state)


class ValidatedModel(ClassifierMixin, BaseEstimator):
    """``model`` ("cart" | "hgb") with its hyper-parameters chosen on a validation set."""

    def __init__(self, model: str = "cart", feature_names=(), max_iter: int = 100, random_state: int = 0):
        self.model = model
        self.feature_names = feature_names
        self.max_iter = max_iter
        self.random_state = random_state

    def fit(self, X, y, X_valid, y_valid) -> ValidatedModel:
        if self.model == "cart":
            chosen = _choose_cart(self.feature_names, X, y, X_valid, y_valid, self.random_state)
        else:
            chosen = _choose_hgb(X, y, X_valid, y_valid, int(self.max_iter), self.random_state)
        self.estimator_, self.hyper_, self.tried_ = chosen
        self.classes_ = self.estimator_.classes_
        return self

    def predict_proba(self, X) -> np.ndarray:
        return self.estimator_.predict_proba(X)

    def predict(self, X) -> np.ndarray:
        return self.classes_[np.argmax(self.predict_proba(X), axis=1)]

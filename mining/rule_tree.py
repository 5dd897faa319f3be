"""A decision tree (CART) that fills its own gaps and reads out as rules.

``ImputedTree`` wraps scikit-learn's ``DecisionTreeClassifier``: a missing value gets the
training median (0 for the ``zero_fill`` columns) and, for the ``indicators`` columns, a
0/1 column that says it was missing, so the tree can split "no value" from any value.
Its probabilities are each leaf's unweighted share of positives in training, so they
stay real rates even when ``class_weight="balanced"`` shaped the splits. ``rules()``
lists every leaf as the path of conditions that leads to it.
"""

from __future__ import annotations

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.tree import DecisionTreeClassifier


class ImputedTree(ClassifierMixin, BaseEstimator):
    """CART on a float array whose columns are ``feature_names``, gaps filled, leaf rates as probabilities.

    ``indicators``: (column, flag name) pairs; each adds a 0/1 column ``flag name`` that
    is 1 where ``column`` was missing. ``zero_fill``: columns whose gaps become 0 rather
    than the training median.
    """

    def __init__(
        self,
        feature_names=(),
        indicators=(),
        zero_fill=(),
        max_depth: int = 4,
        min_samples_leaf: int = 10,
        class_weight=None,
        random_state=0,
    ):
        self.feature_names = feature_names
        self.indicators = indicators
        self.zero_fill = zero_fill
        self.max_depth = max_depth
        self.min_samples_leaf = min_samples_leaf
        self.class_weight = class_weight
        self.random_state = random_state

    def _prepare(self, X) -> np.ndarray:
        X = np.asarray(X, dtype=float)
        flags = np.isnan(X[:, self.flag_source_])
        filled = np.where(np.isnan(X), self.fill_, X)
        return np.hstack([filled, flags.astype(float)])

    def fit(self, X, y) -> ImputedTree:
        X = np.asarray(X, dtype=float)
        y = np.asarray(y, dtype=int)
        names = list(self.feature_names) or [f"x{i}" for i in range(X.shape[1])]
        if len(names) != X.shape[1]:
            raise ValueError(f"{len(names)} feature names for {X.shape[1]} columns")
        # an all-NaN column has no median: 0 (asked of its known columns only, so numpy has nothing to
        # warn about; a filter around the call is not thread-safe, and the full test run showed its warning)
        fill = np.zeros(X.shape[1])
        known = ~np.isnan(X).all(axis=0) if len(X) else np.zeros(X.shape[1], dtype=bool)
        if known.any():
            fill[known] = np.nanmedian(X[:, known], axis=0)
        for col in self.zero_fill:
            if col in names:
                fill[names.index(col)] = 0.0
        self.fill_ = fill
        present = [(names.index(col), flag) for col, flag in self.indicators if col in names]
        self.flag_source_ = np.array([i for i, _ in present], dtype=int)
        self.columns_ = names + [flag for _, flag in present]
        prepared = self._prepare(X)
        # 0/1 columns read as "is …" / "not …" in the rules
        self.binary_ = np.all((prepared == 0) | (prepared == 1), axis=0)
        self.model_ = DecisionTreeClassifier(
            max_depth=self.max_depth,
            min_samples_leaf=self.min_samples_leaf,
            class_weight=self.class_weight,
            random_state=self.random_state,
        ).fit(prepared, y)
        leaves = self.model_.apply(prepared)
        nodes = self.model_.tree_.node_count
        count = np.bincount(leaves, minlength=nodes)
        self.leaf_samples_ = count
        self.leaf_rate_ = np.bincount(leaves, weights=y, minlength=nodes) / np.maximum(count, 1)
        self.classes_ = np.array([0, 1])
        return self

    def predict_proba(self, X) -> np.ndarray:
        rate = self.leaf_rate_[self.model_.apply(self._prepare(X))]
        return np.column_stack([1.0 - rate, rate])

    def predict(self, X) -> np.ndarray:
        return (self.predict_proba(X)[:, 1] >= 0.5).astype(int)

    def rules(self) -> list[dict]:
        """Every leaf as a path of conditions, its positive rate and training rows, most likely first.

        A condition is ``{"feature", "op" ("<=" or ">"), "threshold", "binary"}``; ``text``
        reads the path in plain words (``recency_days <= 70 and not never_ordered``).
        """
        tree = self.model_.tree_
        out = []

        def walk(node: int, path: list[dict]) -> None:
            if tree.children_left[node] == tree.children_right[node]:  # a leaf
                rate, samples = float(self.leaf_rate_[node]), int(self.leaf_samples_[node])
                out.append({"conditions": path, "probability": rate, "samples": samples, "text": rule_text(path)})
                return
            col = int(tree.feature[node])
            cut, binary = float(tree.threshold[node]), bool(self.binary_[col])
            name = self.columns_[col]
            walk(tree.children_left[node], [*path, {"feature": name, "op": "<=", "threshold": cut, "binary": binary}])
            walk(tree.children_right[node], [*path, {"feature": name, "op": ">", "threshold": cut, "binary": binary}])

        walk(0, [])
        out.sort(key=lambda r: (-r["probability"], -r["samples"]))
        return out


def condition_text(c: dict) -> str:
    """``name``/``not name`` for a 0/1 column, else ``name <= 70``."""
    if c.get("binary"):
        return c["feature"] if c["op"] == ">" else f"not {c['feature']}"
    return f"{c['feature']} {c['op']} {c['threshold']:.4g}"


def rule_text(path: list[dict]) -> str:
    return " and ".join(condition_text(c) for c in path) or "all customers"


def rule_lines(rules: list[dict]) -> list[str]:
    """Rules as plain text: ``path -> probability (samples customers)``."""
    return [f"{r['text']} -> {r['probability']:.3f} ({r['samples']} customers)" for r in rules]

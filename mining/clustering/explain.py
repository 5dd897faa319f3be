"""What sets each cluster apart: profiles against the overall mean, traits, and plain rules.

- ``profiles``: size, share, value and feature means per cluster against the overall mean
  (ratio and z for the heat-map), its most distinctive traits and a language-free
  ``key`` that names it (``mining.clustering.names`` turns it into words at display time).
- ``explain``: a shallow decision tree on the *unscaled* features predicting the cluster,
  read out as rules per cluster, with its fidelity (share of customers the rules put in
  their own cluster), overall and per cluster.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from mining.errors import MiningError

# How a distinctive feature reads in a cluster's name: feature -> trait (i18n key part).
TRAITS = {
    "revenue": "value",
    "orders": "frequency",
    "recency_days": "recency",
    "aov": "basket",
    "units": "units",
    "tenure_days": "tenure",
    "online_share": "online",
    "chan_online": "online",
    "chan_offline": "offline",
    "partner_share": "partner",
    "tickets": "tickets",
    "avg_satisfaction": "satisfaction",
    "sessions": "sessions",
    "contacts": "contacts",
    "response_rate": "response",
}
NAME_Z = 0.25  # a feature names a cluster only if its mean is at least this many SDs from the overall
TYPICAL = "typical"  # the key of a cluster without traits


@dataclass
class Profiles:
    table: pd.DataFrame  # per cluster: size, share, value_total, value_avg, value_share, traits, key
    means: pd.DataFrame  # cluster × feature means (original units), plus an "overall" row
    ratio: pd.DataFrame  # cluster mean / overall mean
    z: pd.DataFrame  # (cluster mean − overall mean) / overall standard deviation


def _meaning(feature: str, direction: str) -> tuple[str, str]:
    base = TRAITS.get(feature, feature)
    if base == "offline":
        return "online", "low" if direction == "high" else "high"
    return base, direction


def traits_of(z_row: pd.Series, limit: int = 2) -> list[tuple[str, str]]:
    """The most distinctive features of a cluster as (feature, 'high'|'low'), strongest first."""
    ranked = z_row.dropna().abs().sort_values(ascending=False, kind="stable")
    out: list[tuple[str, str]] = []
    seen: set[tuple[str, str]] = set()
    for feature in ranked.index:
        if ranked[feature] < NAME_Z or len(out) == limit:
            break
        if feature.endswith("_missing"):
            continue
        direction = "high" if z_row[feature] > 0 else "low"
        if feature.startswith("cat_") and direction == "low":
            continue  # "buys little cookware" does not name a group; what they buy does
        meaning = _meaning(feature, direction)
        if meaning in seen:
            continue  # online share high and offline share low say the same thing once
        seen.add(meaning)
        out.append((feature, direction))
    return out


def cluster_keys(traits: Sequence[Sequence[tuple[str, str]]]) -> list[str]:
    """Language-free names: ``revenue:high+chan_online:high``, ``typical``; a repeated wording
    gets ``#2``, ``#3``… so every cluster reads differently in every language."""
    seen: dict[tuple, int] = {}
    out = []
    for tr in traits:
        wording = tuple(_meaning(f, d) for f, d in tr)  # what the words depend on
        seen[wording] = seen.get(wording, 0) + 1
        key = "+".join(f"{f}:{d}" for f, d in tr) or TYPICAL
        out.append(key if seen[wording] == 1 else f"{key}#{seen[wording]}")
    return out


def profiles(raw: pd.DataFrame, labels: np.ndarray, value: pd.Series | None = None) -> Profiles:
    """Per-cluster size, share and value, feature means against the overall, traits and key.

    ``raw`` holds the features in original units (``Prepared.raw``), ``value`` the money
    per customer (revenue), aligned with ``raw``'s rows.
    """
    labels = np.asarray(labels)
    if len(labels) != len(raw) or len(raw) == 0:
        raise MiningError("mining.cluster.empty")
    groups = pd.Series(labels, index=raw.index, name="cluster")
    means = raw.groupby(groups).mean()
    overall = raw.mean()
    std = raw.std(ddof=0)
    ratio = means / overall.where(overall != 0)
    z = (means - overall) / std.where(std > 0)
    size = groups.value_counts().sort_index()
    table = pd.DataFrame({"size": size, "share": size / size.sum()})
    table.index.name = "cluster"
    if value is not None:
        v = pd.Series(np.asarray(value, dtype=float), index=raw.index).groupby(groups)
        table["value_total"] = v.sum()
        table["value_avg"] = v.mean()
        total = table["value_total"].sum()
        table["value_share"] = table["value_total"] / total if total else np.nan
    table["traits"] = [traits_of(z.loc[c]) for c in table.index]
    table["key"] = cluster_keys(table["traits"])
    means_all = pd.concat([means, overall.to_frame("overall").T])
    return Profiles(table=table, means=means_all, ratio=ratio, z=z)


# --------------------------------------------------------------------------- rules


@dataclass
class Rule:
    conditions: list[tuple[str, str, float]]  # (feature, "<=" | ">", threshold), tightest per feature
    customers: int  # customers in the leaf
    precision: float  # share of them in the rule's cluster


@dataclass
class Explanation:
    rules: dict[int, list[Rule]]  # cluster -> rules (leaves of the tree that predict it)
    fidelity: float  # share of all customers the tree puts in their own cluster
    fidelity_by_cluster: dict[int, float]
    depth: int


def _simplify(path: list[tuple[str, str, float]]) -> list[tuple[str, str, float]]:
    """Keep the tightest bound per feature and direction, in first-use order."""
    best: dict[tuple[str, str], float] = {}
    for feature, op, threshold in path:
        key = (feature, op)
        if key not in best:
            best[key] = threshold
        else:
            best[key] = min(best[key], threshold) if op == "<=" else max(best[key], threshold)
    return [(f, op, thr) for (f, op), thr in best.items()]


def explain(X_raw: pd.DataFrame, labels: np.ndarray, max_depth: int = 3, random_state: int = 0) -> Explanation:
    """A shallow decision tree on the unscaled features that predicts the cluster, as rules.

    Each leaf becomes one rule for the cluster it predicts; a cluster whose customers the
    tree never predicts has no rule and fidelity 0.
    """
    from sklearn.tree import DecisionTreeClassifier

    labels = np.asarray(labels)
    if len(X_raw) == 0 or len(labels) != len(X_raw):
        raise MiningError("mining.cluster.empty")
    tree = DecisionTreeClassifier(max_depth=max_depth, random_state=random_state)
    tree.fit(X_raw.to_numpy(dtype=np.float64), labels)
    predicted = tree.predict(X_raw.to_numpy(dtype=np.float64))
    hit = predicted == labels
    clusters = np.unique(labels)
    per = pd.Series(hit).groupby(labels).mean()
    fidelity_by = {int(c): float(per.get(c, 0.0)) for c in clusters}
    t_ = tree.tree_
    names = list(X_raw.columns)
    rules: dict[int, list[Rule]] = {int(c): [] for c in clusters}
    stack: list[tuple[int, list]] = [(0, [])]
    while stack:  # walks the tree's nodes (at most 2^(depth+1)), not the customers
        node, path = stack.pop()
        left, right = t_.children_left[node], t_.children_right[node]
        if left == right:  # leaf
            counts = t_.value[node][0] * t_.weighted_n_node_samples[node]
            cluster = int(tree.classes_[int(np.argmax(counts))])
            n = int(t_.n_node_samples[node])
            precision = float(counts.max() / counts.sum()) if counts.sum() else 0.0
            rules[cluster].append(Rule(_simplify(path), n, precision))
            continue
        feature, threshold = names[t_.feature[node]], float(t_.threshold[node])
        stack.append((right, [*path, (feature, ">", threshold)]))
        stack.append((left, [*path, (feature, "<=", threshold)]))
    for cluster in rules:
        rules[cluster].sort(key=lambda r: -r.customers)
    return Explanation(
        rules=rules, fidelity=float(hit.mean()), fidelity_by_cluster=fidelity_by, depth=int(tree.get_depth())
    )

"""Customer clustering: features chosen by name, K-means (or a SOM), choice of k, profiles,
a 2-D map and plain rules that explain each cluster.

Pipeline (each step is a plain function over arrays/DataFrames, so it is testable alone;
``cluster_customers`` runs them in order and ``score_clusters`` stores the result):

1. ``prepare(features, sets, scaling)`` picks the columns of the named feature sets and
   handles what is missing or useless, explicitly:

   - ``recency_days`` of a customer who never bought is the larger of their tenure and the
     longest recency of any buyer: a non-buyer is at least as cold as the coldest buyer.
   - ``aov`` of a non-buyer is 0 (nothing spent per order).
   - any other gap (``avg_satisfaction`` without tickets, ``response_rate`` without
     contacts) becomes the population median plus a 0/1 indicator ``<name>_missing``, so
     "no tickets" stays distinguishable from "average satisfaction".
   - money and counts (revenue, orders, units, aov, sessions, tickets, contacts,
     responses) are strongly right-skewed (a few customers buy 100× the median), so the
     model sees ``sign(x)·log1p(|x|)`` of them; otherwise a handful of big accounts would
     become their own clusters and everyone else one blob. Profiles and rules use the
     original values.
   - a feature with a single value carries no information: it is dropped with a note;
     if every chosen feature is constant the clustering cannot run (``MiningError``).
   - scaling: ``standard`` (z-scores), ``robust`` (median / IQR, less pulled by
     outliers) or ``minmax`` (0..1).

2. ``choose_k(X, k_range)``: inertia (for the elbow) and silhouette for every k. The
   silhouette is computed on one seeded sample of at most 5,000 customers (the full
   silhouette is quadratic: 200,000 customers would mean 4·10¹⁰ distances); the same
   sample is used for every k. Suggested k: the best silhouette; k within 0.002 of it
   count as a tie and the smaller k wins.
3. ``fit_kmeans(X, k)``: ``KMeans`` up to ``MINIBATCH_ABOVE`` (50,000) customers,
   ``MiniBatchKMeans`` above (same objective, mini-batches of 4,096: seconds instead of
   minutes at 200,000 customers, with inertia within about 1 % of the full algorithm).
   Clusters are numbered by size, largest first.
4. ``profiles``: size, share, value and feature means per cluster against the overall
   mean (ratio and z for the heat-map) and a short automatic name.
5. ``pca_2d``: every customer's coordinates on the first two principal components; the
   scatter draws a seeded, cluster-stratified sample of at most 5,000 (a browser chart
   with 200,000 markers is slow and unreadable).
6. ``explain``: a shallow decision tree on the *unscaled* features predicting the cluster,
   read out as rules per cluster, with its fidelity (share of customers the rules put in
   their own cluster), overall and per cluster.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from mining.errors import Cancelled, MiningError

# --------------------------------------------------------------------------- feature sets

FEATURE_SETS: dict[str, tuple[str, ...]] = {
    "rfm": ("recency_days", "orders", "revenue"),
    "basket": ("aov", "units"),
    "category_mix": ("cat_*",),
    "channel_mix": ("chan_*", "partner_share"),
    "tenure": ("tenure_days",),
    "service": ("tickets", "avg_satisfaction"),
    "engagement": ("sessions", "contacts", "response_rate"),
}
DEFAULT_SETS = ("rfm", "category_mix", "channel_mix")
LOG_FEATURES = frozenset({"revenue", "orders", "units", "aov", "sessions", "tickets", "contacts", "responses"})
SCALINGS = ("standard", "robust", "minmax")
MIN_CUSTOMERS = 10
MINIBATCH_ABOVE = 50_000
SILHOUETTE_SAMPLE = 5_000
PLOT_SAMPLE = 5_000
TIE = 0.002

Progress = Callable[[float, str], None] | None
IsCancelled = Callable[[], bool] | None


def _step(progress: Progress, cancelled: IsCancelled, fraction: float, message: str) -> None:
    """Report progress and stop if the user cancelled (checked between steps)."""
    if cancelled is not None and cancelled():
        raise Cancelled()
    if progress is not None:
        progress(round(float(fraction), 4), message)


def _within(progress: Progress, start: float, end: float) -> Progress:
    """A callback that maps a sub-step's 0..1 onto ``start..end`` of the whole job."""
    if progress is None:
        return None
    return lambda fraction, message: progress(round(start + (end - start) * fraction, 4), message)


def feature_columns(features: pd.DataFrame, sets: Iterable[str]) -> list[str]:
    """The columns of ``features`` that the named sets select, in set order, without repeats."""
    sets = list(sets)
    if not sets:
        raise MiningError("mining.cluster.no_features")
    out: list[str] = []
    for name in sets:
        if name not in FEATURE_SETS:
            raise MiningError("mining.cluster.unknown_feature_set", name=name)
        for pattern in FEATURE_SETS[name]:
            if pattern.endswith("*"):
                cols = sorted(c for c in features.columns if c.startswith(pattern[:-1]))
            else:
                cols = [pattern] if pattern in features.columns else []
            out.extend(c for c in cols if c not in out)
    if not out:
        raise MiningError("mining.cluster.no_features")
    return out


@dataclass
class Prepared:
    """Model input: ``X`` (scaled, transformed), ``raw`` (imputed, original units) and notes."""

    X: np.ndarray
    raw: pd.DataFrame
    columns: list[str]
    scaling: str
    notes: list[dict] = field(default_factory=list)


def signed_log1p(values: np.ndarray) -> np.ndarray:
    return np.sign(values) * np.log1p(np.abs(values))


def _scale(values: np.ndarray, scaling: str) -> np.ndarray:
    if scaling == "standard":
        centre, spread = values.mean(axis=0), values.std(axis=0)
    elif scaling == "robust":
        q1, centre, q3 = np.percentile(values, [25, 50, 75], axis=0)
        spread = q3 - q1
        # A feature whose middle half is one value (most customers have no ticket) falls
        # back to its standard deviation rather than exploding.
        spread = np.where(spread > 0, spread, values.std(axis=0))
    else:
        centre = values.min(axis=0)
        spread = values.max(axis=0) - centre
    return (values - centre) / np.where(spread > 0, spread, 1.0)


def prepare(features: pd.DataFrame, sets: Sequence[str] = DEFAULT_SETS, scaling: str = "standard") -> Prepared:
    """Select, impute, transform and scale the features of the named sets (see the module notes)."""
    if scaling not in SCALINGS:
        raise MiningError("mining.cluster.unknown_scaling", scaling=scaling)
    if len(features) < MIN_CUSTOMERS:
        raise MiningError("mining.cluster.too_few_customers", n=len(features), minimum=MIN_CUSTOMERS)
    columns = feature_columns(features, sets)
    raw = features[columns].astype("float64").copy()
    notes: list[dict] = []
    if "recency_days" in raw and raw["recency_days"].isna().any():
        gap = raw["recency_days"].isna()
        longest = raw["recency_days"].max()
        fill = features["tenure_days"].astype("float64") if "tenure_days" in features else pd.Series(0.0, raw.index)
        fill = np.maximum(fill, 0.0 if np.isnan(longest) else longest)
        raw.loc[gap, "recency_days"] = fill[gap]
        notes.append({"key": "mining.cluster.note.recency_filled", "count": int(gap.sum())})
    if "aov" in raw and raw["aov"].isna().any():
        notes.append({"key": "mining.cluster.note.aov_zero", "count": int(raw["aov"].isna().sum())})
        raw["aov"] = raw["aov"].fillna(0.0)
    for col in list(raw.columns):
        gap = raw[col].isna()
        if not gap.any():
            continue
        median = raw[col].median()
        raw[col] = raw[col].fillna(0.0 if np.isnan(median) else median)
        raw[f"{col}_missing"] = gap.astype("float64")
        notes.append({"key": "mining.cluster.note.median_filled", "feature": col, "count": int(gap.sum())})
    constant = [c for c in raw.columns if raw[c].nunique(dropna=False) <= 1]
    for col in constant:
        notes.append({"key": "mining.cluster.note.constant_dropped", "feature": col})
    raw = raw.drop(columns=constant)
    if raw.shape[1] == 0:
        raise MiningError("mining.cluster.all_constant", features=", ".join(columns))
    values = raw.to_numpy(dtype=np.float64, copy=True)
    if not np.isfinite(values).all():
        raise MiningError("mining.cluster.not_finite")
    for j, col in enumerate(raw.columns):
        if col in LOG_FEATURES:
            values[:, j] = signed_log1p(values[:, j])
    X = _scale(values, scaling)
    return Prepared(X=X, raw=raw, columns=list(raw.columns), scaling=scaling, notes=notes)


# --------------------------------------------------------------------------- k-means


@dataclass
class KMeansFit:
    labels: np.ndarray  # cluster per row, 0 = largest cluster
    centers: np.ndarray  # in the scaled space, row c = cluster c
    inertia: float
    algorithm: str  # "kmeans" | "minibatch"


def distinct_rows(X: np.ndarray) -> int:
    return int(np.unique(np.ascontiguousarray(X), axis=0).shape[0])


def _check_k(X: np.ndarray, k: int, distinct: int | None = None) -> None:
    if X.ndim != 2 or X.shape[0] == 0:
        raise MiningError("mining.cluster.empty")
    if k < 2:
        raise MiningError("mining.cluster.k_too_small", k=k)
    if k > X.shape[0]:
        raise MiningError("mining.cluster.k_too_large", k=k, distinct=X.shape[0])
    distinct = distinct if distinct is not None else distinct_rows(X)
    if k > distinct:
        raise MiningError("mining.cluster.k_too_large", k=k, distinct=distinct)


def fit_kmeans(X: np.ndarray, k: int, seed: int = 0, distinct: int | None = None) -> KMeansFit:
    """K-means with ``k`` clusters; MiniBatch above ``MINIBATCH_ABOVE`` rows. Labels ordered by size."""
    from sklearn.cluster import KMeans, MiniBatchKMeans

    X = np.asarray(X, dtype=np.float64)
    _check_k(X, k, distinct)
    if X.shape[0] > MINIBATCH_ABOVE:
        model = MiniBatchKMeans(n_clusters=k, batch_size=4096, n_init=3, max_no_improvement=20, random_state=seed)
        algorithm = "minibatch"
    else:
        model = KMeans(n_clusters=k, n_init=4, random_state=seed)
        algorithm = "kmeans"
    labels = model.fit_predict(X)
    sizes = np.bincount(labels, minlength=k)
    order = np.argsort(-sizes, kind="stable")  # new cluster i = old cluster order[i]
    rank = np.empty(k, dtype=np.int64)
    rank[order] = np.arange(k)
    labels = rank[labels]
    centers = model.cluster_centers_[order]
    inertia = float(((X - centers[labels]) ** 2).sum())
    return KMeansFit(labels=labels, centers=centers, inertia=inertia, algorithm=algorithm)


def sample_index(n: int, size: int, seed: int) -> np.ndarray:
    """A seeded sample of row positions (all rows, sorted, when ``n <= size``)."""
    if n <= size:
        return np.arange(n)
    return np.sort(np.random.default_rng(seed).choice(n, size=size, replace=False))


def sampled_silhouette(X: np.ndarray, labels: np.ndarray, sample: int = SILHOUETTE_SAMPLE, seed: int = 0) -> float:
    """Silhouette on a seeded sample of at most ``sample`` rows (NaN if the sample has one cluster)."""
    from sklearn.metrics import silhouette_score

    idx = sample_index(X.shape[0], sample, seed)
    found = np.unique(labels[idx]).size
    if found < 2 or found >= idx.size:
        return float("nan")
    return float(silhouette_score(X[idx], labels[idx]))


def elbow_k(ks: Sequence[int], inertia: Sequence[float]) -> int:
    """The k farthest below the straight line from the first to the last inertia (the knee)."""
    ks = np.asarray(ks, dtype=float)
    y = np.asarray(inertia, dtype=float)
    if len(ks) < 3:
        return int(ks[0])
    xn = (ks - ks[0]) / (ks[-1] - ks[0])
    yn = (y - y[-1]) / ((y[0] - y[-1]) or 1.0)
    return int(ks[int(np.argmax((1 - xn) - yn))])


@dataclass
class KChoice:
    table: pd.DataFrame  # k, inertia, silhouette
    suggested_k: int
    elbow_k: int


def choose_k(
    X: np.ndarray,
    k_range: Iterable[int] = range(2, 11),
    seed: int = 0,
    sample: int = SILHOUETTE_SAMPLE,
    progress: Progress = None,
    cancelled: IsCancelled = None,
) -> KChoice:
    """Inertia and sampled silhouette for every k; the suggested k has the best silhouette."""
    X = np.asarray(X, dtype=np.float64)
    ks = sorted({int(k) for k in k_range})
    if not ks:
        raise MiningError("mining.cluster.no_k")
    distinct = distinct_rows(X)
    _check_k(X, ks[0], distinct)
    _check_k(X, ks[-1], distinct)
    rows = []
    for i, k in enumerate(ks):
        _step(progress, cancelled, i / len(ks), "mining.cluster.progress.choose_k")
        fit = fit_kmeans(X, k, seed, distinct)
        rows.append({"k": k, "inertia": fit.inertia, "silhouette": sampled_silhouette(X, fit.labels, sample, seed)})
    _step(progress, cancelled, 1.0, "mining.cluster.progress.choose_k")
    table = pd.DataFrame(rows)
    sil = table["silhouette"]
    if sil.notna().any():
        suggested = int(table.loc[sil >= sil.max() - TIE, "k"].min())
    else:
        suggested = ks[0]
    return KChoice(table=table, suggested_k=suggested, elbow_k=elbow_k(table["k"], table["inertia"]))


# --------------------------------------------------------------------------- profiles

# How a distinctive feature reads in a cluster's name: (feature, direction) -> i18n key.
_TRAITS = {
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


@dataclass
class Profiles:
    table: pd.DataFrame  # per cluster: size, share, value_total, value_avg, value_share, name, traits
    means: pd.DataFrame  # cluster × feature means (original units), plus an "overall" row
    ratio: pd.DataFrame  # cluster mean / overall mean
    z: pd.DataFrame  # (cluster mean − overall mean) / overall standard deviation

    def names(self, lang: str = "en") -> dict[int, str]:
        """Cluster -> its name in ``lang`` (repeated names numbered)."""
        names = _unique([cluster_name(traits, lang) for traits in self.table["traits"]])
        return {int(c): name for c, name in zip(self.table.index, names, strict=True)}


def _traits(z_row: pd.Series, limit: int = 2) -> list[tuple[str, str]]:
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


def _meaning(feature: str, direction: str) -> tuple[str, str]:
    base = _TRAITS.get(feature, feature)
    if base == "offline":
        return "online", "low" if direction == "high" else "high"
    return base, direction


def trait_label(feature: str, direction: str, lang: str = "en") -> str:
    from i18n import t

    if feature.startswith("cat_"):
        return t("mining.cluster.trait.category", lang, category=feature[4:].replace("_", " "))
    base = _TRAITS.get(feature)
    if base is None:
        return t(f"mining.cluster.trait.other.{direction}", lang, feature=feature)
    return t(f"mining.cluster.trait.{base}.{direction}", lang)


def cluster_name(traits: Sequence[tuple[str, str]], lang: str = "en") -> str:
    """A short name from a cluster's traits, e.g. "High value · Online"; "Typical" without traits."""
    from i18n import t

    if not traits:
        label = t("mining.cluster.trait.typical", lang)
    else:
        label = " · ".join(trait_label(f, d, lang) for f, d in traits)
    return label


def profiles(raw: pd.DataFrame, labels: np.ndarray, value: pd.Series | None = None) -> Profiles:
    """Per-cluster size, share and value, feature means against the overall, and a name.

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
    table["traits"] = [_traits(z.loc[c]) for c in table.index]
    names = [cluster_name(tr) for tr in table["traits"]]
    table["name"] = _unique(names)
    means_all = pd.concat([means, overall.to_frame("overall").T])
    return Profiles(table=table, means=means_all, ratio=ratio, z=z)


def _unique(names: list[str]) -> list[str]:
    """Number repeated names ("Typical", "Typical 2") so every cluster reads differently."""
    seen: dict[str, int] = {}
    out = []
    for name in names:
        seen[name] = seen.get(name, 0) + 1
        out.append(name if seen[name] == 1 else f"{name} {seen[name]}")
    return out


# --------------------------------------------------------------------------- projection


@dataclass
class Projection:
    xy: np.ndarray  # (n, 2) coordinates of every row
    explained: tuple[float, float]  # share of variance on each axis
    plot_index: np.ndarray  # row positions to draw


def plot_sample(labels: np.ndarray, size: int = PLOT_SAMPLE, seed: int = 0, floor: int = 50) -> np.ndarray:
    """A seeded sample of at most ``size`` rows, proportional by cluster, every cluster at least ``floor``."""
    n = len(labels)
    if n <= size:
        return np.arange(n)
    rng = np.random.default_rng(seed)
    counts = np.bincount(labels)
    quota = np.minimum(counts, np.maximum(np.floor(counts * size / n), floor)).astype(np.int64)
    order = rng.permutation(n)
    shuffled = labels[order]
    # rank of each row within its cluster, in the shuffled order
    rank = pd.Series(shuffled).groupby(shuffled).cumcount().to_numpy()
    return np.sort(order[rank < quota[shuffled]])


def pca_2d(X: np.ndarray, labels: np.ndarray | None = None, seed: int = 0, plot_size: int = PLOT_SAMPLE) -> Projection:
    """Coordinates on the first two principal components and their explained variance."""
    from sklearn.decomposition import PCA

    X = np.asarray(X, dtype=np.float64)
    if X.ndim != 2 or X.shape[0] < 2:
        raise MiningError("mining.cluster.too_few_customers", n=X.shape[0], minimum=2)
    components = min(2, X.shape[1])
    pca = PCA(n_components=components, random_state=seed).fit(X)
    xy = pca.transform(X)
    explained = list(pca.explained_variance_ratio_)
    if components == 1:
        xy = np.column_stack([xy[:, 0], np.zeros(len(xy))])
        explained.append(0.0)
    if labels is None:
        idx = sample_index(X.shape[0], plot_size, seed)
    else:
        idx = plot_sample(np.asarray(labels), plot_size, seed)
    return Projection(xy=xy, explained=(float(explained[0]), float(explained[1])), plot_index=idx)


# --------------------------------------------------------------------------- explanation


@dataclass
class Rule:
    conditions: list[tuple[str, str, float]]  # (feature, "<=" | ">", threshold), tightest per feature
    customers: int  # customers in the leaf
    precision: float  # share of them in the rule's cluster

    def text(self, lang: str = "en") -> str:
        return rule_text(self.conditions, lang)


@dataclass
class Explanation:
    rules: dict[int, list[Rule]]  # cluster -> rules (leaves of the tree that predict it)
    fidelity: float  # share of all customers the tree puts in their own cluster
    fidelity_by_cluster: dict[int, float]
    depth: int


def format_threshold(value: float) -> str:
    """1,250 / 12.5 / 0.3: readable thresholds for people."""
    if abs(value) >= 100:
        return f"{value:,.0f}"
    if abs(value) >= 1:
        return f"{value:,.2f}".rstrip("0").rstrip(".")
    return f"{value:.2g}"


def rule_text(conditions: Sequence[tuple[str, str, float]], lang: str = "en") -> str:
    from i18n import t

    if not conditions:
        return t("mining.cluster.rule.everyone", lang)
    parts = []
    for feature, op, threshold in conditions:
        sign = "≤" if op == "<=" else ">"
        parts.append(f"{feature} {sign} {format_threshold(threshold)}")
    return t("mining.cluster.rule.and", lang).join(parts)


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


def explain(X_raw: pd.DataFrame, labels: np.ndarray, max_depth: int = 3, seed: int = 0) -> Explanation:
    """A shallow decision tree on the unscaled features that predicts the cluster, as rules.

    Each leaf becomes one rule for the cluster it predicts; a cluster whose customers the
    tree never predicts has no rule and fidelity 0.
    """
    from sklearn.tree import DecisionTreeClassifier

    labels = np.asarray(labels)
    if len(X_raw) == 0 or len(labels) != len(X_raw):
        raise MiningError("mining.cluster.empty")
    tree = DecisionTreeClassifier(max_depth=max_depth, random_state=seed)
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


# --------------------------------------------------------------------------- whole run


@dataclass
class ClusterResult:
    prepared: Prepared
    labels: np.ndarray
    k: int
    method: str
    choice: KChoice | None
    profiles: Profiles
    projection: Projection
    explanation: Explanation
    silhouette: float
    inertia: float
    som: object | None = None

    def scores(self, index: pd.Index, lang: str = "en") -> pd.DataFrame:
        names = self.profiles.table["name"] if lang == "en" else pd.Series(self.profiles.names(lang))
        return pd.DataFrame(
            {
                "customer_id": np.asarray(index),
                "cluster": self.labels.astype(np.int32),
                "cluster_name": names.reindex(self.labels).to_numpy(),
                "x": self.projection.xy[:, 0].astype(np.float32),
                "y": self.projection.xy[:, 1].astype(np.float32),
            }
        )


def _som_labels(X: np.ndarray, k: int, params: dict, progress: Progress, cancelled: IsCancelled):
    from mining.som import SOM

    som = SOM(
        rows=int(params.get("som_rows", 10)),
        cols=int(params.get("som_cols", 10)),
        topology=params.get("som_topology", "rect"),
        epochs=int(params.get("som_epochs", 20)),
        random_state=int(params.get("seed", 0)),
    )
    som.fit(X, progress=_within(progress, 0.3, 0.7), cancelled=cancelled)
    winners = som.winners(X)
    hits = np.bincount(winners, minlength=som.rows * som.cols)
    som.cluster_units(k, hits)
    raw = som.unit_labels_[winners]
    sizes = np.bincount(raw, minlength=k)
    order = np.argsort(-sizes, kind="stable")
    rank = np.empty(k, dtype=np.int64)
    rank[order] = np.arange(k)
    som.unit_labels_ = rank[som.unit_labels_]
    labels = rank[raw]
    centers = np.vstack(
        [X[labels == c].mean(axis=0) if (labels == c).any() else np.zeros(X.shape[1]) for c in range(k)]
    )
    return som, labels, float(((X - centers[labels]) ** 2).sum())


def cluster_customers(
    features: pd.DataFrame,
    params: dict | None = None,
    progress: Progress = None,
    cancelled: IsCancelled = None,
) -> ClusterResult:
    """Run the whole clustering on a customer-features frame (see the module notes).

    ``params``: ``feature_sets`` (names of FEATURE_SETS), ``scaling``, ``k`` (None → chosen
    by silhouette over ``k_min..k_max``), ``method`` ("kmeans" | "som"), ``seed``,
    ``max_depth`` of the explaining tree; for the SOM ``som_rows``, ``som_cols``,
    ``som_topology``, ``som_epochs``.
    """
    params = dict(params or {})
    seed = int(params.get("seed", 0))
    method = params.get("method", "kmeans")
    if method not in ("kmeans", "som"):
        raise MiningError("mining.cluster.unknown_method", method=method)
    _step(progress, cancelled, 0.05, "mining.cluster.progress.prepare")
    prepared = prepare(features, params.get("feature_sets", DEFAULT_SETS), params.get("scaling", "standard"))
    X = prepared.X
    distinct = distinct_rows(X)
    choice = None
    k = params.get("k")
    if k is None:
        top = min(int(params.get("k_max", 10)), distinct, X.shape[0] - 1)
        low = int(params.get("k_min", 2))
        if top < low:
            raise MiningError("mining.cluster.k_too_large", k=low, distinct=distinct)
        choice = choose_k(
            X,
            range(low, top + 1),
            seed,
            progress=_within(progress, 0.1, 0.3),
            cancelled=cancelled,
        )
        k = choice.suggested_k
    k = int(k)
    _step(progress, cancelled, 0.3, "mining.cluster.progress.fit")
    som = None
    if method == "som":
        _check_k(X, k, distinct)
        som, labels, inertia = _som_labels(X, k, params, progress, cancelled)
    else:
        fit = fit_kmeans(X, k, seed, distinct)
        labels, inertia = fit.labels, fit.inertia
    _step(progress, cancelled, 0.7, "mining.cluster.progress.profile")
    value = features["revenue"] if "revenue" in features else None
    prof = profiles(prepared.raw, labels, value)
    _step(progress, cancelled, 0.8, "mining.cluster.progress.project")
    projection = pca_2d(X, labels, seed)
    _step(progress, cancelled, 0.85, "mining.cluster.progress.explain")
    explanation = explain(prepared.raw, labels, int(params.get("max_depth", 3)), seed)
    silhouette = sampled_silhouette(X, labels, SILHOUETTE_SAMPLE, seed)
    _step(progress, cancelled, 0.95, "mining.cluster.progress.done")
    return ClusterResult(prepared, labels, k, method, choice, prof, projection, explanation, silhouette, inertia, som)


def _metrics(result: ClusterResult) -> dict:
    """The run's JSON summary: what the page shows without reading the scores file."""
    table = result.profiles.table
    names_ko = result.profiles.names("ko")
    clusters = []
    for c, row in table.iterrows():  # one row per cluster (k ≤ a few dozen)
        rules = result.explanation.rules.get(int(c), [])
        clusters.append(
            {
                "cluster": int(c),
                "name": row["name"],
                "name_ko": names_ko[int(c)],
                "traits": [list(tr) for tr in row["traits"]],
                "size": int(row["size"]),
                "share": float(row["share"]),
                "value_total": float(row.get("value_total", np.nan)),
                "value_avg": float(row.get("value_avg", np.nan)),
                "fidelity": result.explanation.fidelity_by_cluster.get(int(c), 0.0),
                "rules": [
                    {
                        "conditions": [[f, op, float(v)] for f, op, v in r.conditions],
                        "text": r.text("en"),
                        "text_ko": r.text("ko"),
                        "customers": r.customers,
                        "precision": r.precision,
                    }
                    for r in rules
                ],
                "means": {col: float(v) for col, v in result.profiles.means.loc[c].items()},
            }
        )
    out = {
        "k": result.k,
        "method": result.method,
        "features": result.prepared.columns,
        "notes": result.prepared.notes,
        "silhouette": result.silhouette,
        "inertia": result.inertia,
        "explained_variance": list(result.projection.explained),
        "fidelity": result.explanation.fidelity,
        "overall_means": {col: float(v) for col, v in result.profiles.means.loc["overall"].items()},
        "clusters": clusters,
    }
    if result.choice is not None:
        out["choose_k"] = result.choice.table.to_dict("records")
        out["suggested_k"] = result.choice.suggested_k
        out["elbow_k"] = result.choice.elbow_k
    if result.som is not None:
        out["som"] = {
            "rows": result.som.rows,
            "cols": result.som.cols,
            "u_matrix": result.som.u_matrix().tolist(),
            "unit_labels": result.som.unit_labels_.tolist(),
        }
    return out


def score_clusters(
    cursor,
    as_of: dt.date,
    params: dict | None,
    user: str,
    progress: Progress = None,
    cancelled: IsCancelled = None,
) -> int:
    """Cluster every customer as of ``as_of`` and store the run (kind "cluster"); returns its id.

    Scores: ``customer_id, cluster, cluster_name, x, y`` (x, y = PCA coordinates).
    """
    from mining.features import customer_features
    from mining.runs import save_run

    params = dict(params or {})
    _step(progress, cancelled, 0.0, "mining.cluster.progress.features")
    features = customer_features(cursor, as_of)
    result = cluster_customers(features, params, progress, cancelled)
    scores = result.scores(features.index, params.get("lang", "en"))
    _step(progress, cancelled, 0.97, "mining.cluster.progress.save")
    run_id = save_run("cluster", as_of, params, scores, _metrics(result), user, cursor=cursor)
    if progress is not None:
        progress(1.0, "mining.cluster.progress.done")
    return run_id

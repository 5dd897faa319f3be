"""Clusters of customers: K-means (or a SOM), the choice of k by silhouette, the elbow.

``CustomerClusterer(k=None, k_range=(2, 10), method="kmeans", random_state=0).fit(X)``:

- ``k=None``: inertia (for the elbow) and silhouette for every k in ``k_range``. The
  silhouette is computed on one seeded sample of at most 5,000 customers (the full
  silhouette is quadratic: 200,000 customers would mean 4·10¹⁰ distances); the same
  sample is used for every k. Suggested k: the best silhouette; k within 0.002 of it
  count as a tie and the smaller k wins.
- ``kmeans``: ``KMeans`` up to ``MINIBATCH_ABOVE`` (50,000) customers, ``MiniBatchKMeans``
  above (same objective, mini-batches of 4,096: seconds instead of minutes at 200,000
  customers, with inertia within about 1 % of the full algorithm).
- ``som``: a self-organising map (``mining.som``) whose units are grouped into k clusters.

Clusters are numbered by size, largest first.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator, ClusterMixin

from mining.errors import MiningError
from mining.jobs import IsCancelled, Progress, step, within

MINIBATCH_ABOVE = 50_000
SILHOUETTE_SAMPLE = 5_000
TIE = 0.002
METHODS = ("kmeans", "som")


@dataclass
class KMeansFit:
    labels: np.ndarray  # cluster per row, 0 = largest cluster
    centers: np.ndarray  # in the scaled space, row c = cluster c
    inertia: float
    algorithm: str  # "kmeans" | "minibatch"


def distinct_rows(X: np.ndarray) -> int:
    return int(np.unique(np.ascontiguousarray(X), axis=0).shape[0])


def check_k(X: np.ndarray, k: int, distinct: int | None = None) -> None:
    """Refuse a k below 2 or above the number of distinct rows."""
    if X.ndim != 2 or X.shape[0] == 0:
        raise MiningError("mining.cluster.empty")
    if k < 2:
        raise MiningError("mining.cluster.k_too_small", k=k)
    if k > X.shape[0]:
        raise MiningError("mining.cluster.k_too_large", k=k, distinct=X.shape[0])
    distinct = distinct if distinct is not None else distinct_rows(X)
    if k > distinct:
        raise MiningError("mining.cluster.k_too_large", k=k, distinct=distinct)


def by_size(labels: np.ndarray, k: int) -> np.ndarray:
    """``rank`` with ``rank[old] = new``: cluster 0 the largest (ties keep their order)."""
    order = np.argsort(-np.bincount(labels, minlength=k), kind="stable")  # new cluster i = old cluster order[i]
    rank = np.empty(k, dtype=np.int64)
    rank[order] = np.arange(k)
    return rank


def fit_kmeans(X: np.ndarray, k: int, random_state: int = 0, distinct: int | None = None) -> KMeansFit:
    """K-means with ``k`` clusters; MiniBatch above ``MINIBATCH_ABOVE`` rows. Labels ordered by size."""
    from sklearn.cluster import KMeans, MiniBatchKMeans

    X = np.asarray(X, dtype=np.float64)
    check_k(X, k, distinct)
    if X.shape[0] > MINIBATCH_ABOVE:
        model = MiniBatchKMeans(
            n_clusters=k, batch_size=4096, n_init=3, max_no_improvement=20, random_state=random_state
        )
        algorithm = "minibatch"
    else:
        model = KMeans(n_clusters=k, n_init=4, random_state=random_state)
        algorithm = "kmeans"
    labels = model.fit_predict(X)
    rank = by_size(labels, k)
    labels = rank[labels]
    centers = model.cluster_centers_[np.argsort(rank)]
    inertia = float(((X - centers[labels]) ** 2).sum())
    return KMeansFit(labels=labels, centers=centers, inertia=inertia, algorithm=algorithm)


def sample_index(n: int, size: int, random_state: int) -> np.ndarray:
    """A seeded sample of row positions (all rows, sorted, when ``n <= size``)."""
    if n <= size:
        return np.arange(n)
    return np.sort(np.random.default_rng(random_state).choice(n, size=size, replace=False))


def sampled_silhouette(
    X: np.ndarray, labels: np.ndarray, sample: int = SILHOUETTE_SAMPLE, random_state: int = 0
) -> float:
    """Silhouette on a seeded sample of at most ``sample`` rows (NaN if the sample has one cluster)."""
    from sklearn.metrics import silhouette_score

    idx = sample_index(X.shape[0], sample, random_state)
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
    random_state: int = 0,
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
    check_k(X, ks[0], distinct)
    check_k(X, ks[-1], distinct)
    rows = []
    for i, k in enumerate(ks):
        step(progress, cancelled, i / len(ks), "mining.cluster.progress.choose_k")
        fit = fit_kmeans(X, k, random_state, distinct)
        silhouette = sampled_silhouette(X, fit.labels, sample, random_state)
        rows.append({"k": k, "inertia": fit.inertia, "silhouette": silhouette})
    step(progress, cancelled, 1.0, "mining.cluster.progress.choose_k")
    table = pd.DataFrame(rows)
    sil = table["silhouette"]
    if sil.notna().any():
        suggested = int(table.loc[sil >= sil.max() - TIE, "k"].min())
    else:
        suggested = ks[0]
    return KChoice(table=table, suggested_k=suggested, elbow_k=elbow_k(table["k"], table["inertia"]))


class CustomerClusterer(ClusterMixin, BaseEstimator):
    """Cluster the rows of a prepared matrix (see the module notes).

    Learned: ``labels_`` (0 = largest cluster), ``centers_`` (scaled space), ``inertia_``,
    ``k_`` (the k used), ``k_choice_`` (``KChoice`` when k was chosen, else None),
    ``algorithm_`` ("kmeans" | "minibatch" | "som") and ``som_`` (the map, or None).
    ``fit`` reports its own 0..1 through ``progress`` and stops when ``cancelled()``.
    """

    def __init__(
        self,
        k: int | None = None,
        k_range: tuple[int, int] = (2, 10),
        method: str = "kmeans",
        random_state: int = 0,
        som_rows: int = 10,
        som_cols: int = 10,
        som_topology: str = "rect",
        som_epochs: int = 20,
    ):
        self.k = k
        self.k_range = k_range
        self.method = method
        self.random_state = random_state
        self.som_rows = som_rows
        self.som_cols = som_cols
        self.som_topology = som_topology
        self.som_epochs = som_epochs

    def check_method(self) -> None:
        if self.method not in METHODS:
            raise MiningError("mining.cluster.unknown_method", method=self.method)

    def fit(self, X, y=None, progress: Progress = None, cancelled: IsCancelled = None) -> CustomerClusterer:
        self.check_method()
        X = np.asarray(X, dtype=np.float64)
        distinct = distinct_rows(X)
        self.k_choice_ = None
        k = self.k
        if k is None:
            low, high = (int(v) for v in self.k_range)
            top = min(high, distinct, X.shape[0] - 1)
            if top < low:
                raise MiningError("mining.cluster.k_too_large", k=low, distinct=distinct)
            self.k_choice_ = choose_k(
                X, range(low, top + 1), self.random_state, progress=within(progress, 0.0, 1 / 3), cancelled=cancelled
            )
            k = self.k_choice_.suggested_k
        self.k_ = int(k)
        step(progress, cancelled, 1 / 3, "mining.cluster.progress.fit")
        self.som_ = None
        if self.method == "som":
            check_k(X, self.k_, distinct)
            self._fit_som(X, within(progress, 1 / 3, 1.0), cancelled)
        else:
            fit = fit_kmeans(X, self.k_, self.random_state, distinct)
            self.labels_, self.centers_, self.inertia_, self.algorithm_ = (
                fit.labels, fit.centers, fit.inertia, fit.algorithm
            )  # fmt: skip
        self.n_features_in_ = X.shape[1]
        return self

    def _fit_som(self, X: np.ndarray, progress: Progress, cancelled: IsCancelled) -> None:
        from mining.som import SOM

        k = self.k_
        som = SOM(
            rows=int(self.som_rows),
            cols=int(self.som_cols),
            topology=self.som_topology,
            epochs=int(self.som_epochs),
            random_state=int(self.random_state),
        )
        som.fit(X, progress=progress, cancelled=cancelled)
        winners = som.winners(X)
        som.cluster_units(k, np.bincount(winners, minlength=som.rows * som.cols))
        raw = som.unit_labels_[winners]
        rank = by_size(raw, k)
        som.unit_labels_ = rank[som.unit_labels_]
        labels = rank[raw]
        centers = np.vstack(
            [X[labels == c].mean(axis=0) if (labels == c).any() else np.zeros(X.shape[1]) for c in range(k)]
        )
        self.labels_, self.centers_, self.som_, self.algorithm_ = labels, centers, som, "som"
        self.inertia_ = float(((X - centers[labels]) ** 2).sum())

"""A 2-D map of the customers: the first two principal components, and the sample to draw.

Every customer gets coordinates; the scatter draws a seeded, cluster-stratified sample of
at most 5,000 (a browser chart with 200,000 markers is slow and unreadable).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from mining.clustering.model import sample_index
from mining.errors import MiningError

PLOT_SAMPLE = 5_000


@dataclass
class Projection:
    xy: np.ndarray  # (n, 2) coordinates of every row
    explained: tuple[float, float]  # share of variance on each axis
    plot_index: np.ndarray  # row positions to draw


def plot_sample(labels: np.ndarray, size: int = PLOT_SAMPLE, random_state: int = 0, floor: int = 50) -> np.ndarray:
    """A seeded sample of at most ``size`` rows, proportional by cluster, every cluster at least ``floor``."""
    n = len(labels)
    if n <= size:
        return np.arange(n)
    rng = np.random.default_rng(random_state)
    counts = np.bincount(labels)
    quota = np.minimum(counts, np.maximum(np.floor(counts * size / n), floor)).astype(np.int64)
    order = rng.permutation(n)
    shuffled = labels[order]
    # rank of each row within its cluster, in the shuffled order
    rank = pd.Series(shuffled).groupby(shuffled).cumcount().to_numpy()
    return np.sort(order[rank < quota[shuffled]])


def pca_2d(
    X: np.ndarray, labels: np.ndarray | None = None, random_state: int = 0, plot_size: int = PLOT_SAMPLE
) -> Projection:
    """Coordinates on the first two principal components and their explained variance."""
    from sklearn.decomposition import PCA

    X = np.asarray(X, dtype=np.float64)
    if X.ndim != 2 or X.shape[0] < 2:
        raise MiningError("mining.cluster.too_few_customers", n=X.shape[0], minimum=2)
    components = min(2, X.shape[1])
    pca = PCA(n_components=components, random_state=random_state).fit(X)
    xy = pca.transform(X)
    explained = list(pca.explained_variance_ratio_)
    if components == 1:
        xy = np.column_stack([xy[:, 0], np.zeros(len(xy))])
        explained.append(0.0)
    if labels is None:
        idx = sample_index(X.shape[0], plot_size, random_state)
    else:
        idx = plot_sample(np.asarray(labels), plot_size, random_state)
    return Projection(xy=xy, explained=(float(explained[0]), float(explained[1])), plot_index=idx)

"""A self-organising map (Kohonen), batch-trained with NumPy on a rectangular or hexagonal grid.

The seeds ask for SOMs beside K-means: a SOM lays customers out on a small grid so that
similar customers land on the same or neighbouring units, which a marketer reads as a
map (the U-matrix shows where the borders between groups are).

Training is the *batch* SOM: each epoch assigns every row to its best-matching unit
(BMU), then sets every unit to the neighbourhood-weighted mean of the rows won by the
units around it. The neighbourhood is Gaussian in grid distance; its width shrinks
exponentially from ``sigma_start`` (half the larger grid side) to ``sigma_end`` over the
epochs. Batch training has no learning rate to tune and, from the PCA initialisation,
is deterministic; ``random_state`` only matters for ``init="random"``.

Memory: distances are computed ``chunk_size`` rows at a time (``chunk × units`` floats),
so 200,000 customers × 20 features on a 10 × 10 grid never needs more than a few tens of
megabytes beyond the data itself.

Example::

    som = SOM(rows=8, cols=8, random_state=0).fit(X)
    bmu = som.winners(X)              # unit index per row, 0 .. rows*cols-1
    som.quantization_error(X), som.topographic_error(X)
    som.cluster_units(4)              # k-means on the unit weights -> som.unit_labels_
    segments = som.unit_labels_[bmu]
"""

from __future__ import annotations

import numpy as np

from mining.errors import MiningError
from mining.jobs import IsCancelled, Progress, step

TOPOLOGIES = ("rect", "hex")


def grid_positions(rows: int, cols: int, topology: str = "rect") -> np.ndarray:
    """(rows*cols, 2) planar positions of the units; unit ``r*cols + c`` is at row r, column c.

    On the hexagonal grid odd rows shift half a unit right and rows are sqrt(3)/2 apart, so
    every unit has its six neighbours at distance exactly 1.
    """
    r, c = np.divmod(np.arange(rows * cols), cols)
    if topology == "hex":
        return np.column_stack([c + 0.5 * (r % 2), r * np.sqrt(3) / 2])
    return np.column_stack([c, r]).astype(float)


def _check_matrix(X) -> np.ndarray:
    X = np.asarray(X, dtype=np.float64)
    if X.ndim != 2 or X.shape[0] == 0 or X.shape[1] == 0:
        raise MiningError("mining.cluster.empty")
    if not np.isfinite(X).all():
        raise MiningError("mining.cluster.not_finite")
    return X


class SOM:
    """Batch self-organising map. ``fit`` learns ``weights_`` (units × features)."""

    def __init__(
        self,
        rows: int = 10,
        cols: int = 10,
        topology: str = "rect",
        epochs: int = 20,
        sigma_start: float | None = None,
        sigma_end: float = 0.5,
        init: str = "pca",
        random_state: int = 0,
        chunk_size: int = 20_000,
    ):
        self.rows = rows
        self.cols = cols
        self.topology = topology
        self.epochs = epochs
        self.sigma_start = sigma_start
        self.sigma_end = sigma_end
        self.init = init
        self.random_state = random_state
        self.chunk_size = chunk_size

    # ------------------------------------------------------------------ training

    def _validate(self, X: np.ndarray) -> None:
        if self.topology not in TOPOLOGIES:
            raise MiningError("mining.som.bad_topology", topology=self.topology)
        if self.rows < 1 or self.cols < 1 or self.rows * self.cols < 2:
            raise MiningError("mining.som.bad_grid", rows=self.rows, cols=self.cols)
        if self.epochs < 1:
            raise MiningError("mining.som.bad_epochs", epochs=self.epochs)
        if X.shape[0] < 2:
            raise MiningError("mining.cluster.too_few_customers", n=X.shape[0], minimum=2)

    def _initial_weights(self, X: np.ndarray) -> np.ndarray:
        units = self.rows * self.cols
        if self.init == "random":
            rng = np.random.default_rng(self.random_state)
            picks = rng.choice(X.shape[0], size=units, replace=X.shape[0] < units)
            return X[picks].copy()
        if self.init != "pca":
            raise MiningError("mining.som.bad_init", init=self.init)
        # The grid spans the plane of the two main components, ±2 standard deviations.
        mean = X.mean(axis=0)
        cov = np.atleast_2d(np.cov(X - mean, rowvar=False))
        values, vectors = np.linalg.eigh(cov)
        order = np.argsort(values)[::-1][:2]
        axes = vectors[:, order] * np.sqrt(np.maximum(values[order], 0.0))
        if axes.shape[1] == 1:
            axes = np.column_stack([axes, np.zeros_like(axes)])
        pos = self.positions_
        span = np.ptp(pos, axis=0)
        span[span == 0] = 1.0
        unit = (pos - pos.min(axis=0)) / span * 4.0 - 2.0  # -2 .. 2 on each grid axis
        # Longer grid side along the first component.
        if np.ptp(pos[:, 1]) > np.ptp(pos[:, 0]):
            unit = unit[:, ::-1]
        return mean + unit @ axes.T

    def fit(
        self,
        X,
        progress: Progress = None,
        cancelled: IsCancelled = None,
    ) -> SOM:
        """Train on X (rows × features, already scaled); returns ``self``."""
        X = _check_matrix(X)
        self._validate(X)
        self.positions_ = grid_positions(self.rows, self.cols, self.topology)
        diff = self.positions_[:, None, :] - self.positions_[None, :, :]
        self.grid_dist2_ = (diff**2).sum(axis=2)
        weights = self._initial_weights(X)
        start = self.sigma_start if self.sigma_start is not None else max(self.rows, self.cols) / 2.0
        end = min(self.sigma_end, start)
        sq_norms = np.einsum("ij,ij->i", X, X)
        self.qe_history_ = []
        for epoch in range(self.epochs):
            step(None, cancelled, epoch / self.epochs, "mining.som.progress.epoch")  # stop before an epoch
            sigma = start * (end / start) ** (epoch / max(1, self.epochs - 1))
            bmu, dist2 = self._bmu(X, weights, sq_norms)
            self.qe_history_.append(float(np.sqrt(dist2).mean()))
            counts = np.bincount(bmu, minlength=weights.shape[0]).astype(float)
            sums = np.column_stack(
                [np.bincount(bmu, weights=X[:, j], minlength=weights.shape[0]) for j in range(X.shape[1])]
            )
            h = np.exp(-self.grid_dist2_ / (2.0 * sigma**2))
            numerator = h @ sums
            denominator = h @ counts
            moved = denominator > 1e-12
            weights[moved] = numerator[moved] / denominator[moved, None]
            step(progress, None, (epoch + 1) / self.epochs, "mining.som.progress.epoch")
        self.weights_ = weights
        self.n_features_in_ = X.shape[1]
        return self

    # ------------------------------------------------------------------ mapping

    def _bmu(self, X: np.ndarray, weights: np.ndarray, sq_norms: np.ndarray | None = None, second: bool = False):
        """Best (and optionally second-best) unit per row, with the squared distance to the best."""
        w_norms = np.einsum("ij,ij->i", weights, weights)
        n = X.shape[0]
        best = np.empty(n, dtype=np.int64)
        best_d2 = np.empty(n)
        runner = np.empty(n, dtype=np.int64) if second else None
        for start in range(0, n, self.chunk_size):
            chunk = X[start : start + self.chunk_size]
            x_norms = (
                sq_norms[start : start + self.chunk_size]
                if sq_norms is not None
                else np.einsum("ij,ij->i", chunk, chunk)
            )
            d2 = x_norms[:, None] - 2.0 * chunk @ weights.T + w_norms[None, :]
            if second:
                two = np.argpartition(d2, 1, axis=1)[:, :2]
                pair = np.take_along_axis(d2, two, axis=1)
                swap = pair[:, 1] < pair[:, 0]
                two[swap] = two[swap][:, ::-1]
                best[start : start + len(chunk)] = two[:, 0]
                runner[start : start + len(chunk)] = two[:, 1]
                best_d2[start : start + len(chunk)] = np.minimum(pair[:, 0], pair[:, 1])
            else:
                idx = d2.argmin(axis=1)
                best[start : start + len(chunk)] = idx
                best_d2[start : start + len(chunk)] = np.take_along_axis(d2, idx[:, None], axis=1)[:, 0]
        np.maximum(best_d2, 0.0, out=best_d2)  # rounding can make a zero distance slightly negative
        return (best, best_d2, runner) if second else (best, best_d2)

    def _fitted(self, X) -> np.ndarray:
        if not hasattr(self, "weights_"):
            raise RuntimeError("fit the SOM first")
        X = _check_matrix(X)
        if X.shape[1] != self.n_features_in_:
            raise MiningError("mining.som.feature_mismatch", expected=self.n_features_in_, got=X.shape[1])
        return X

    def winners(self, X) -> np.ndarray:
        """Index of the best-matching unit (``row * cols + col``) for every row of X."""
        X = self._fitted(X)
        return self._bmu(X, self.weights_)[0]

    def quantization_error(self, X) -> float:
        """Mean Euclidean distance from each row to its best-matching unit's weights."""
        X = self._fitted(X)
        return float(np.sqrt(self._bmu(X, self.weights_)[1]).mean())

    def adjacency(self) -> np.ndarray:
        """(units × units) bool: grid neighbours, 8 on the rectangular grid (diagonals count,
        as in MiniSom and the SOM Toolbox) and 6 on the hexagonal."""
        reach = 2.0 if self.topology == "rect" else 1.0
        return (self.grid_dist2_ > 0) & (self.grid_dist2_ <= reach + 1e-9)

    def topographic_error(self, X) -> float:
        """Share of rows whose best and second-best units are not grid neighbours."""
        X = self._fitted(X)
        best, _, runner = self._bmu(X, self.weights_, second=True)
        return float((~self.adjacency()[best, runner]).mean())

    def u_matrix(self) -> np.ndarray:
        """(rows × cols) mean distance of every unit's weights to its grid neighbours' weights."""
        if not hasattr(self, "weights_"):
            raise RuntimeError("fit the SOM first")
        w = self.weights_
        d = np.sqrt(np.maximum(((w[:, None, :] - w[None, :, :]) ** 2).sum(axis=2), 0.0))
        adj = self.adjacency()
        mean = (d * adj).sum(axis=1) / np.maximum(adj.sum(axis=1), 1)
        return mean.reshape(self.rows, self.cols)

    def hits(self, X) -> np.ndarray:
        """(rows × cols) number of rows won by each unit."""
        return np.bincount(self.winners(X), minlength=self.rows * self.cols).reshape(self.rows, self.cols)

    def cluster_units(self, k: int, hits: np.ndarray | None = None) -> np.ndarray:
        """Group the units into ``k`` segments with k-means on their weights (weighted by hits).

        Sets and returns ``unit_labels_``; a row's segment is ``unit_labels_[winners(X)]``.
        """
        from sklearn.cluster import KMeans

        if not hasattr(self, "weights_"):
            raise RuntimeError("fit the SOM first")
        units = self.weights_.shape[0]
        if k < 2 or k > units:
            raise MiningError("mining.som.k_vs_units", k=k, units=units)
        # Units that won nobody still carry a little weight so every unit gets a segment.
        weight = None if hits is None else np.asarray(hits, dtype=float).ravel() + 1e-3
        model = KMeans(n_clusters=k, n_init=10, random_state=self.random_state)
        self.unit_labels_ = model.fit_predict(self.weights_, sample_weight=weight)
        return self.unit_labels_

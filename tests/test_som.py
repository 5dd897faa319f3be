"""Self-organising map: it learns (error falls), keeps topology, is reproducible, and maps rows
to the same units as a brute-force search."""

import numpy as np
import pytest
from sklearn.datasets import make_blobs
from sklearn.metrics import adjusted_rand_score

from mining.errors import MiningError
from mining.som import SOM, grid_positions


@pytest.fixture(scope="module")
def square():
    """A smooth 2-D manifold: points spread evenly over the unit square."""
    return np.random.default_rng(0).uniform(0, 1, size=(2000, 2))


@pytest.fixture(scope="module")
def blobs():
    return make_blobs(n_samples=600, centers=[[0, 0, 0], [8, 8, 0], [0, 8, 8]], cluster_std=0.7, random_state=1)


def test_grid_neighbours_are_at_distance_one():
    for topology, interior in (("rect", 4), ("hex", 6)):
        pos = grid_positions(5, 5, topology)
        d = np.sqrt(((pos[:, None] - pos[None]) ** 2).sum(axis=2))
        neighbours = np.isclose(d, 1.0).sum(axis=1)
        assert neighbours[2 * 5 + 2] == interior  # the centre unit
        assert d[d > 0].min() == pytest.approx(1.0)
    assert grid_positions(2, 3).tolist() == [[0, 0], [1, 0], [2, 0], [0, 1], [1, 1], [2, 1]]


def test_quantization_error_decreases_with_training(blobs):
    X, _ = blobs
    short = SOM(6, 6, epochs=1, init="random", random_state=2).fit(X)
    long = SOM(6, 6, epochs=25, init="random", random_state=2).fit(X)
    assert long.quantization_error(X) < short.quantization_error(X)
    # the first wide neighbourhood pulls every unit to the middle; from there on, every epoch fits better
    history = long.qe_history_[1:]
    assert np.all(np.diff(history) < 0) and long.quantization_error(X) < history[0] / 5
    assert short.quantization_error(X) == pytest.approx(
        np.sqrt(((X - short.weights_[short.winners(X)]) ** 2).sum(axis=1)).mean()
    )


def test_same_seed_same_map_other_seed_other_map(blobs):
    X, _ = blobs
    a = SOM(5, 5, epochs=10, init="random", random_state=7).fit(X)
    b = SOM(5, 5, epochs=10, init="random", random_state=7).fit(X)
    c = SOM(5, 5, epochs=10, init="random", random_state=8).fit(X)
    assert np.array_equal(a.weights_, b.weights_) and np.array_equal(a.winners(X), b.winners(X))
    assert not np.allclose(a.weights_, c.weights_)


def test_topographic_error_is_low_on_a_smooth_manifold(square):
    for topology in ("rect", "hex"):
        som = SOM(8, 8, topology=topology, epochs=30, random_state=0).fit(square)
        assert som.topographic_error(square) < 0.1, topology
    # a map trained too briefly from random weights folds, and its topographic error shows it
    folded = SOM(8, 8, epochs=1, sigma_start=0.5, init="random", random_state=0).fit(square)
    assert folded.topographic_error(square) > 0.3


def test_neighbouring_units_have_similar_weights(square):
    som = SOM(8, 8, epochs=30, random_state=0).fit(square)
    w = som.weights_
    d = np.sqrt(((w[:, None] - w[None]) ** 2).sum(axis=2))
    adjacent = d[som.adjacency()].mean()
    anywhere = d[~np.eye(len(w), dtype=bool)].mean()
    assert adjacent < anywhere / 3


def test_winners_equal_a_brute_force_search_in_chunks(blobs):
    X, _ = blobs
    som = SOM(4, 5, epochs=5, random_state=0, chunk_size=7).fit(X)  # many uneven chunks
    brute = np.argmin(((X[:, None, :] - som.weights_[None]) ** 2).sum(axis=2), axis=1)
    assert np.array_equal(som.winners(X), brute)
    d2 = ((X[:, None, :] - som.weights_[None]) ** 2).sum(axis=2)
    second = np.argsort(d2, axis=1)[:, 1]
    expected_te = (~som.adjacency()[brute, second]).mean()
    assert som.topographic_error(X) == pytest.approx(expected_te)
    assert som.hits(X).sum() == len(X) and som.hits(X).shape == (4, 5)


def test_u_matrix_marks_the_border_between_groups(blobs):
    X, _ = blobs
    som = SOM(8, 8, epochs=20, random_state=0).fit(X)
    u = som.u_matrix()
    assert u.shape == (8, 8)
    # units inside a group are close to their neighbours, units on a border between groups far
    centres = np.array([[0, 0, 0], [8, 8, 0], [0, 8, 8]])
    group = np.argmin(((som.weights_[:, None] - centres[None]) ** 2).sum(axis=2), axis=1)
    border = (som.adjacency() & (group[:, None] != group[None, :])).any(axis=1).reshape(8, 8)
    assert border.any() and (~border).any()
    assert u[border].mean() > 2 * u[~border].mean()
    w, adj = som.weights_, som.adjacency()
    first = np.mean([np.linalg.norm(w[0] - w[j]) for j in np.flatnonzero(adj[0])])
    assert u[0, 0] == pytest.approx(first)


def test_units_clustered_into_segments_recover_the_groups(blobs):
    X, y = blobs
    som = SOM(6, 6, epochs=20, random_state=0).fit(X)
    bmu = som.winners(X)
    labels = som.cluster_units(3, np.bincount(bmu, minlength=36))[bmu]
    assert adjusted_rand_score(y, labels) > 0.95
    with pytest.raises(MiningError, match="k_vs_units"):
        som.cluster_units(37)


def test_bad_input_is_refused(blobs):
    X, _ = blobs
    with pytest.raises(MiningError, match="not_finite"):
        SOM(3, 3).fit(np.array([[0.0, 1.0], [np.nan, 2.0], [1.0, 1.0]]))
    with pytest.raises(MiningError, match="empty"):
        SOM(3, 3).fit(np.empty((0, 2)))
    with pytest.raises(MiningError, match="bad_topology"):
        SOM(3, 3, topology="torus").fit(X)
    with pytest.raises(MiningError, match="bad_grid"):
        SOM(1, 1).fit(X)
    with pytest.raises(MiningError, match="too_few_customers"):
        SOM(3, 3).fit(X[:1])
    som = SOM(3, 3, epochs=2).fit(X)
    with pytest.raises(MiningError, match="feature_mismatch"):
        som.winners(X[:, :2])
    with pytest.raises(RuntimeError, match="fit"):
        SOM(3, 3).winners(X)


def test_one_feature_and_constant_rows_still_train():
    X = np.linspace(0, 1, 200)[:, None]
    som = SOM(1, 10, epochs=20, random_state=0).fit(X)
    w = som.weights_[:, 0]
    assert np.all(np.diff(w) > 0) or np.all(np.diff(w) < 0)  # a 1-D map orders itself along the line
    assert som.topographic_error(X) < 0.05
    flat = SOM(2, 2, epochs=3).fit(np.ones((50, 3)))
    assert np.allclose(flat.weights_, 1.0) and flat.quantization_error(np.ones((50, 3))) == pytest.approx(0.0)

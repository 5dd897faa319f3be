"""The clustering estimators on plain arrays (no warehouse): scikit-learn's contract, the planted k,
FeaturePrep as a transformer, and cluster names made in the reader's language."""

import numpy as np
import pandas as pd
import pytest
from sklearn.base import clone
from sklearn.datasets import make_blobs
from sklearn.metrics import adjusted_rand_score

from mining.clustering import CustomerClusterer, FeaturePrep, name_of_key, names_of_run, prepare
from mining.errors import Cancelled, MiningError


@pytest.fixture(scope="module")
def blobs():
    return make_blobs(n_samples=600, centers=4, n_features=3, cluster_std=0.6, random_state=3)


def test_clusterer_init_only_stores_its_parameters():
    model = CustomerClusterer(k=3, random_state=5)
    assert model.get_params()["k"] == 3 and model.get_params()["random_state"] == 5
    assert not [name for name in vars(model) if name.endswith("_")]  # nothing learned yet
    assert clone(model).get_params() == model.get_params()


def test_clusterer_finds_the_planted_k(blobs):
    X, y = blobs
    model = CustomerClusterer(k_range=(2, 8), random_state=0)
    assert model.fit(X) is model
    assert model.k_ == model.k_choice_.suggested_k == 4
    assert adjusted_rand_score(y, model.labels_) > 0.9
    assert model.centers_.shape == (4, 3) and list(np.bincount(model.labels_)) == sorted(np.bincount(y), reverse=True)
    assert model.inertia_ == pytest.approx(((X - model.centers_[model.labels_]) ** 2).sum())


def test_clusterer_with_a_given_k_and_the_same_seed_gives_the_same_labels(blobs):
    X, _ = blobs
    a = CustomerClusterer(k=3, random_state=7).fit(X)
    b = clone(a).fit(X)
    assert a.k_choice_ is None and a.algorithm_ == "kmeans"
    assert (a.labels_ == b.labels_).all()


def test_clusterer_as_a_som(blobs):
    X, y = blobs
    model = CustomerClusterer(k=4, method="som", som_rows=5, som_cols=5, som_epochs=10).fit(X)
    assert model.algorithm_ == "som" and model.som_.unit_labels_.shape == (25,)
    assert adjusted_rand_score(y, model.labels_) > 0.9


def test_clusterer_reports_progress_refuses_and_stops(blobs):
    X, _ = blobs
    seen = []
    CustomerClusterer(k_range=(2, 4)).fit(X, progress=lambda f, k: seen.append(f))
    assert seen == sorted(seen) and seen[-1] == pytest.approx(1 / 3, abs=1e-4)
    with pytest.raises(MiningError, match="unknown_method"):
        CustomerClusterer(method="dbscan").fit(X)
    with pytest.raises(Cancelled):
        CustomerClusterer(k=3).fit(X, cancelled=lambda: True)


def features(n=60, seed=0) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    revenue = rng.gamma(1.0, 500.0, n)
    recency = rng.uniform(1, 300, n)
    recency[::7] = np.nan  # never bought
    return pd.DataFrame(
        {
            "recency_days": recency,
            "orders": rng.integers(0, 20, n).astype(float),
            "revenue": revenue,
            "tenure_days": rng.uniform(100, 900, n),
            "tickets": rng.integers(0, 3, n).astype(float),
            "avg_satisfaction": np.where(rng.uniform(size=n) < 0.5, np.nan, rng.uniform(1, 5, n)),
        }
    )


def test_feature_prep_is_a_transformer_equal_to_prepare():
    f = features()
    prep = FeaturePrep(sets=["rfm", "service"], scaling="robust")
    X = prep.fit_transform(f)
    prepared = prepare(f, ["rfm", "service"], "robust")
    assert np.array_equal(X, prepared.X) and prep.columns_ == prepared.columns
    assert prep.notes_ == prepared.notes
    assert np.array_equal(prep.transform(f), X)  # fit then transform: the same matrix


def test_feature_prep_fills_new_rows_with_what_it_learned():
    f = features()
    prep = FeaturePrep(sets=["rfm", "service"]).fit(f)
    new = f.head(3).assign(avg_satisfaction=np.nan, recency_days=np.nan, tenure_days=[1.0, 1.0, 5000.0])
    raw = prep.raw(new)
    assert raw["avg_satisfaction"].tolist() == [prep.medians_["avg_satisfaction"]] * 3
    assert raw["avg_satisfaction_missing"].tolist() == [1.0, 1.0, 1.0]
    # a non-buyer is at least as cold as the coldest buyer seen in fitting
    assert raw["recency_days"].tolist() == [prep.longest_recency_, prep.longest_recency_, 5000.0]
    assert prep.transform(new).shape == (3, len(prep.columns_))


def test_names_are_made_for_the_reader_and_old_names_stay():
    assert name_of_key("revenue:high+chan_online:high") == "High value · Online"
    assert name_of_key("revenue:high+chan_online:high", "ko") == "고가치 · 온라인"
    assert name_of_key("cat_home_garden:high#2") == "home garden buyers 2"
    assert name_of_key("High value · Online") == "High value · Online"  # stored by an older run
    new = {"clusters": [{"cluster": 0, "key": "typical"}, {"cluster": 1, "key": "typical#2"}]}
    assert names_of_run(new, "ko") == {0: "평균형", 1: "평균형 2"}
    old = {"clusters": [{"cluster": 0, "name": "Online", "name_ko": "온라인"}]}
    assert names_of_run(old, "en") == {0: "Online"} and names_of_run(old, "ko") == {0: "온라인"}

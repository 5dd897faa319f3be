"""Clustering: planted clusters recovered, k chosen, features prepared as documented,
profiles and rules checked by hand, and a stored run on the demo warehouse against pandas/SQL."""

import datetime as dt

import duckdb
import numpy as np
import pandas as pd
import pytest
from sklearn.datasets import make_blobs
from sklearn.metrics import adjusted_rand_score, silhouette_score

from mining.clustering import (
    choose_k,
    cluster_customers,
    elbow_k,
    explain,
    feature_columns,
    fit_kmeans,
    format_threshold,
    name_of_key,
    pca_2d,
    plot_sample,
    prepare,
    profiles,
    rule_text,
    sampled_silhouette,
    score_clusters,
)
from mining.clustering import model as clustering_model
from mining.errors import Cancelled, MiningError

AS_OF = dt.date(2024, 12, 31)


@pytest.fixture(scope="module")
def blobs():
    X, y = make_blobs(n_samples=800, centers=4, n_features=3, cluster_std=0.6, random_state=3)
    return X, y


# --------------------------------------------------------------------------- k-means and k


def test_kmeans_recovers_planted_clusters(blobs):
    X, y = blobs
    fit = fit_kmeans(X, 4, random_state=1)
    assert fit.algorithm == "kmeans"
    assert adjusted_rand_score(y, fit.labels) > 0.9


def test_clusters_are_numbered_largest_first():
    X, y = make_blobs(n_samples=[300, 50, 150], centers=[[0, 0], [10, 10], [-10, 10]], random_state=0)
    fit = fit_kmeans(X, 3, random_state=0)
    assert list(np.bincount(fit.labels)) == [300, 150, 50]
    assert np.allclose(fit.centers[2], X[y == 1].mean(axis=0))  # the 50-point blob is cluster 2
    assert fit.inertia == pytest.approx(((X - fit.centers[fit.labels]) ** 2).sum())


def test_minibatch_above_the_threshold_recovers_clusters_too(blobs, monkeypatch):
    X, y = blobs
    monkeypatch.setattr(clustering_model, "MINIBATCH_ABOVE", 100)
    fit = fit_kmeans(X, 4, random_state=1)
    assert fit.algorithm == "minibatch"
    assert adjusted_rand_score(y, fit.labels) > 0.9


def test_choose_k_suggests_the_planted_k(blobs):
    X, _ = blobs
    choice = choose_k(X, range(2, 9), random_state=0)
    assert list(choice.table["k"]) == list(range(2, 9))
    assert choice.suggested_k == 4
    assert choice.elbow_k == 4
    assert choice.table["inertia"].is_monotonic_decreasing


def test_choose_k_tie_goes_to_the_smaller_k(monkeypatch):
    X, _ = make_blobs(n_samples=200, centers=3, random_state=0)
    # every k gets the same silhouette: the smallest k wins
    monkeypatch.setattr(clustering_model, "sampled_silhouette", lambda *a, **k: 0.5)
    assert choose_k(X, [5, 3, 4]).suggested_k == 3


def test_elbow_on_a_hand_made_curve():
    # normalised distances below the chord: k3 0.515, k4 0.576, k5 0.432 -> 4
    assert elbow_k([2, 3, 4, 5, 6, 7, 8], [100, 40, 20, 18, 16, 14, 12]) == 4


def test_sampled_silhouette_is_close_to_the_full_one():
    X, _ = make_blobs(n_samples=3000, centers=5, cluster_std=1.5, random_state=2)
    labels = fit_kmeans(X, 5, random_state=0).labels
    full = silhouette_score(X, labels)
    assert sampled_silhouette(X, labels, sample=800, random_state=1) == pytest.approx(full, abs=0.03)
    assert sampled_silhouette(X, labels, sample=5000, random_state=1) == pytest.approx(full)  # n <= sample: all rows


def test_k_larger_than_the_distinct_points_is_refused():
    X = np.repeat(np.array([[0.0, 0.0], [1.0, 1.0], [5.0, 0.0]]), 10, axis=0)
    with pytest.raises(MiningError, match="k_too_large") as err:
        fit_kmeans(X, 4)
    assert err.value.values == {"k": 4, "distinct": 3}
    with pytest.raises(MiningError, match="k_too_large"):
        choose_k(X, range(2, 6))
    with pytest.raises(MiningError, match="k_too_small"):
        fit_kmeans(X, 1)
    assert adjusted_rand_score(np.repeat([0, 1, 2], 10), fit_kmeans(X, 3).labels) == 1.0


# --------------------------------------------------------------------------- preparing features


def hand_features() -> pd.DataFrame:
    """Twelve customers; three never bought, four have tickets, one column is constant."""
    return pd.DataFrame(
        {
            "recency_days": [5, 10, 40, 100, 300, np.nan, 20, 60, np.nan, 200, 7, np.nan],
            "orders": [10, 8, 3, 2, 1, 0, 5, 2, 0, 1, 12, 0],
            "revenue": [900.0, 700, 200, 90, 30, 0, 400, 100, 0, 50, 1500, 0],
            "tenure_days": [900, 800, 700, 600, 500, 400, 350, 320, 310, 305, 301, 1000],
            "tickets": [1, 0, 0, 2, 0, 0, 0, 1, 0, 3, 0, 0],
            "avg_satisfaction": [5.0, np.nan, np.nan, 2.0, np.nan, np.nan, np.nan, 4.0, np.nan, 1.0, np.nan, np.nan],
            "cat_a": [1.0, 0.5, 0, 1, 1, 0, 0.2, 0, 0, 1, 0.7, 0],
            "cat_b": [0.0, 0.5, 1, 0, 0, 0, 0.8, 1, 0, 0, 0.3, 0],
            "chan_online": [1.0, 0, 1, 0, 1, 0, 1, 0, 0, 1, 0.5, 0],
            "partner_share": [0.0] * 12,
        },
        index=pd.Index(range(101, 113), name="customer_id"),
    )


def test_feature_sets_select_their_columns():
    f = hand_features()
    assert feature_columns(f, ["rfm"]) == ["recency_days", "orders", "revenue"]
    assert feature_columns(f, ["category_mix", "channel_mix", "rfm"]) == [
        "cat_a",
        "cat_b",
        "chan_online",
        "partner_share",
        "recency_days",
        "orders",
        "revenue",
    ]
    with pytest.raises(MiningError, match="unknown_feature_set"):
        feature_columns(f, ["rfm", "horoscope"])
    with pytest.raises(MiningError, match="no_features"):
        feature_columns(f, [])


def test_recency_of_non_buyers_is_tenure_at_least_the_longest_recency():
    p = prepare(hand_features(), ["rfm", "tenure"], "standard")
    # longest buyer recency is 300; non-buyers 106 (tenure 400), 109 (310), 112 (1000)
    assert p.raw.loc[[106, 109, 112], "recency_days"].tolist() == [400.0, 310.0, 1000.0]
    assert {"key": "mining.cluster.note.recency_filled", "count": 3} in p.notes


def test_missing_satisfaction_is_median_plus_indicator():
    p = prepare(hand_features(), ["service"], "standard")
    assert p.columns == ["tickets", "avg_satisfaction", "avg_satisfaction_missing"]
    # median of 5, 2, 4, 1 is 3
    assert (p.raw.loc[p.raw["avg_satisfaction_missing"] == 1, "avg_satisfaction"] == 3.0).all()
    assert p.raw["avg_satisfaction_missing"].sum() == 8


def test_money_and_counts_are_log_scaled_then_standardised():
    p = prepare(hand_features(), ["rfm"], "standard")
    revenue = np.log1p(hand_features()["revenue"].to_numpy())
    expected = (revenue - revenue.mean()) / revenue.std()
    assert np.allclose(p.X[:, p.columns.index("revenue")], expected)
    assert np.allclose(p.X.mean(axis=0), 0) and np.allclose(p.X.std(axis=0), 1)
    assert p.raw["revenue"].tolist() == hand_features()["revenue"].tolist()  # profiles read original units


def test_robust_and_minmax_scaling():
    robust = prepare(hand_features(), ["rfm"], "robust")
    assert np.allclose(np.median(robust.X, axis=0), 0)
    orders = np.log1p(hand_features()["orders"].to_numpy())
    q1, q3 = np.percentile(orders, [25, 75])
    assert np.allclose(robust.X[:, 1], (orders - np.median(orders)) / (q3 - q1))
    minmax = prepare(hand_features(), ["rfm"], "minmax")
    assert np.allclose(minmax.X.min(axis=0), 0) and np.allclose(minmax.X.max(axis=0), 1)
    with pytest.raises(MiningError, match="unknown_scaling"):
        prepare(hand_features(), ["rfm"], "zscore")


def test_constant_feature_is_dropped_with_a_note():
    p = prepare(hand_features(), ["channel_mix"], "standard")
    assert p.columns == ["chan_online"]
    assert {"key": "mining.cluster.note.constant_dropped", "feature": "partner_share"} in p.notes


def test_all_constant_features_are_refused():
    f = hand_features().assign(tenure_days=365)
    with pytest.raises(MiningError, match="all_constant") as err:
        prepare(f, ["tenure"], "standard")
    assert err.value.values == {"features": "tenure_days"}


def test_infinite_values_are_refused():
    with pytest.raises(MiningError, match="not_finite"):
        prepare(hand_features().replace({"revenue": {1500.0: np.inf}}), ["rfm"])


def test_too_few_customers_are_refused():
    with pytest.raises(MiningError, match="too_few_customers"):
        prepare(hand_features().head(5), ["rfm"])
    with pytest.raises(MiningError, match="too_few_customers"):
        prepare(hand_features().iloc[0:0], ["rfm"])


# --------------------------------------------------------------------------- profiles, projection, rules


def test_profiles_by_hand():
    raw = pd.DataFrame({"revenue": [100.0, 300, 1000, 1400, 0, 0], "online_share": [0.5, 0.5, 0.9, 0.7, 0.1, 0.3]})
    labels = np.array([0, 0, 1, 1, 2, 2])
    prof = profiles(raw, labels, raw["revenue"])
    assert prof.table["size"].tolist() == [2, 2, 2]
    assert prof.table["share"].tolist() == pytest.approx([1 / 3] * 3)
    assert prof.table["value_total"].tolist() == [400, 2400, 0]
    assert prof.table["value_avg"].tolist() == [200, 1200, 0]
    assert prof.table["value_share"].tolist() == pytest.approx([400 / 2800, 2400 / 2800, 0])
    assert prof.means.loc[1, "revenue"] == 1200 and prof.means.loc["overall", "revenue"] == pytest.approx(2800 / 6)
    assert prof.ratio.loc[1, "online_share"] == pytest.approx(0.8 / 0.5)
    std = raw["online_share"].std(ddof=0)
    assert prof.z.loc[2, "online_share"] == pytest.approx((0.2 - 0.5) / std)
    assert prof.table.loc[1, "key"] == "revenue:high+online_share:high"  # stored: no language
    assert name_of_key(prof.table.loc[1, "key"]) == "High value · Online"
    assert name_of_key(prof.table.loc[2, "key"]) == "Offline · Low value"
    assert name_of_key(prof.table.loc[1, "key"], "ko") == "고가치 · 온라인"


def test_names_say_one_thing_once_and_repeat_with_a_number():
    raw = pd.DataFrame({"chan_online": [1.0, 1, 0, 0, 0.5, 0.5], "chan_offline": [0.0, 0, 1, 1, 0.5, 0.5]})
    prof = profiles(raw, np.array([0, 0, 1, 1, 2, 2]))
    assert [name_of_key(k) for k in prof.table["key"]] == ["Online", "Offline", "Typical"]
    same = pd.DataFrame({"x": [1.0, 1, 1, 1]})
    keys = profiles(same, np.array([0, 0, 1, 1])).table["key"].tolist()
    assert keys == ["typical", "typical#2"]
    assert [name_of_key(k) for k in keys] == ["Typical", "Typical 2"]
    assert [name_of_key(k, "ko") for k in keys] == ["평균형", "평균형 2"]


def test_pca_2d_matches_an_svd():
    X, labels = make_blobs(n_samples=500, centers=3, n_features=4, random_state=1)
    proj = pca_2d(X, labels)
    centred = X - X.mean(axis=0)
    s = np.linalg.svd(centred, compute_uv=False)
    ratio = s**2 / (s**2).sum()
    assert proj.explained == pytest.approx((ratio[0], ratio[1]))
    assert proj.xy.shape == (500, 2) and len(proj.plot_index) == 500
    assert np.var(proj.xy[:, 0]) * 500 == pytest.approx(s[0] ** 2)
    one = pca_2d(X[:, :1])
    assert one.explained == (pytest.approx(1.0), 0.0) and (one.xy[:, 1] == 0).all()


def test_plot_sample_keeps_every_cluster():
    labels = np.r_[np.zeros(20_000, dtype=int), np.ones(30, dtype=int), np.full(5_000, 2)]
    idx = plot_sample(labels, size=2_000, random_state=0, floor=50)
    counts = np.bincount(labels[idx])
    assert counts[1] == 30  # a small cluster is kept whole
    assert len(idx) <= 2_000 + 50 and len(np.unique(idx)) == len(idx)
    assert counts[0] == 20_000 * 2_000 // 25_030 and counts[2] == 5_000 * 2_000 // 25_030
    assert (plot_sample(labels, size=2_000, random_state=0, floor=50) == idx).all()


def planted_bands(n: int = 300, seed: int = 0):
    rng = np.random.default_rng(seed)
    band = rng.integers(0, 3, n)
    low, high = np.array([0, 1000, 5000]), np.array([100, 2000, 9000])
    revenue = rng.uniform(low[band], high[band])
    raw = pd.DataFrame({"online_share": rng.uniform(0, 1, n), "revenue": revenue})
    return raw, band


def test_explain_is_faithful_on_separable_clusters_and_names_the_feature():
    raw, labels = planted_bands()
    ex = explain(raw, labels, max_depth=3)
    assert ex.fidelity == 1.0
    assert ex.fidelity_by_cluster == {0: 1.0, 1: 1.0, 2: 1.0}
    for rules in ex.rules.values():
        assert len(rules) == 1 and rules[0].precision == 1.0
        assert {f for f, _, _ in rules[0].conditions} == {"revenue"}
        assert "online_share" not in rule_text(rules[0].conditions)
    rev = raw["revenue"]
    (_, op, thr), *rest = ex.rules[0][0].conditions
    assert op == "<=" and rev[labels == 0].max() < thr < rev[labels == 1].min() and not rest
    middle = dict(((f, op), v) for f, op, v in ex.rules[1][0].conditions)
    assert rev[labels == 0].max() < middle[("revenue", ">")] < rev[labels == 1].min()
    assert rev[labels == 1].max() < middle[("revenue", "<=")] < rev[labels == 2].min()
    text = rule_text(ex.rules[1][0].conditions)
    assert text.startswith("Revenue ") and " and Revenue " in text
    korean = rule_text(ex.rules[1][0].conditions, "ko")
    assert korean.startswith("매출 ") and " 그리고 매출 " in korean


def test_explain_uses_two_features_for_quadrant_clusters():
    rng = np.random.default_rng(4)
    raw = pd.DataFrame({"revenue": rng.uniform(0, 2000, 400), "online_share": rng.uniform(0, 1, 400)})
    labels = (raw["revenue"] > 1000).astype(int) * 2 + (raw["online_share"] > 0.5).astype(int)
    ex = explain(raw, labels.to_numpy(), max_depth=2)
    assert ex.fidelity == 1.0
    top = ex.rules[3][0]
    assert {(f, op) for f, op, _ in top.conditions} == {("revenue", ">"), ("online_share", ">")}


def test_shallow_tree_fidelity_below_one_is_reported_per_cluster():
    raw, labels = planted_bands(600, seed=1)
    ex = explain(raw[["online_share"]], labels, max_depth=1)  # cannot see revenue: poor rules
    assert ex.fidelity < 0.6
    hit = np.mean([ex.fidelity_by_cluster[c] * (labels == c).sum() for c in range(3)]) * 3 / len(labels)
    assert hit == pytest.approx(ex.fidelity)
    assert sum(not rules for rules in ex.rules.values()) >= 1  # a depth-1 tree has two leaves for three clusters


def test_threshold_format():
    assert format_threshold(1250.4) == "1,250"
    assert format_threshold(12.5) == "12.5"
    assert format_threshold(0.3) == "0.3"
    assert format_threshold(0.0375) == "0.037" or format_threshold(0.0375) == "0.038"


# --------------------------------------------------------------------------- the whole run


def test_cluster_customers_reports_progress_and_can_be_cancelled():
    X, _ = make_blobs(n_samples=300, centers=3, n_features=3, random_state=5)
    f = pd.DataFrame(np.abs(X) * 100, columns=["revenue", "orders", "tenure_days"]).assign(recency_days=10.0)
    steps = []
    result = cluster_customers(
        f, {"feature_sets": ["rfm", "tenure"], "k_max": 5}, progress=lambda x, m: steps.append(x)
    )
    assert steps == sorted(steps) and steps[-1] == pytest.approx(0.95)
    assert result.choice is not None and result.k == result.choice.suggested_k
    assert {"key": "mining.cluster.note.constant_dropped", "feature": "recency_days"} in result.prepared.notes
    calls = iter(range(100))
    with pytest.raises(Cancelled):
        cluster_customers(f, {"feature_sets": ["rfm"], "k": 3}, cancelled=lambda: next(calls) >= 2)
    with pytest.raises(MiningError, match="unknown_method"):
        cluster_customers(f, {"method": "dbscan"})


@pytest.fixture(scope="module")
def demo(demo_pointer):
    from data.warehouse import Warehouse

    return Warehouse(demo_pointer).cursor()


@pytest.fixture(scope="module")
def stored_run(demo, instance_dir):
    from mining.runs import load_run

    params = {"feature_sets": ["rfm", "category_mix", "channel_mix", "service"], "k": 4, "random_state": 3}
    return load_run(score_clusters(demo, AS_OF, params, "u_analyst"))


def test_demo_run_covers_every_customer(stored_run, demo_pointer):
    meta, scores = stored_run
    con = duckdb.connect(str(_current(demo_pointer)), read_only=True)
    customers = con.execute("SELECT count(*) FROM dim_customer WHERE signup_date <= ?", [AS_OF]).fetchone()[0]
    con.close()
    assert meta["kind"] == "cluster" and meta["rows"] == customers == len(scores)
    assert list(scores.columns) == ["customer_id", "cluster", "cluster_name", "x", "y"]
    assert scores["customer_id"].is_unique
    sizes = [c["size"] for c in meta["metrics"]["clusters"]]
    assert sum(sizes) == customers and sizes == sorted(sizes, reverse=True)
    assert scores["cluster"].value_counts().sort_index().tolist() == sizes
    keys = {c["cluster"]: c["key"] for c in meta["metrics"]["clusters"]}
    assert (scores["cluster"].map(keys) == scores["cluster_name"]).all()  # language-free, named when shown
    assert 0 < meta["metrics"]["fidelity"] <= 1 and meta["metrics"]["k"] == 4


def test_demo_profiles_equal_pandas_and_sql(stored_run, demo, demo_pointer):
    from mining.features import customer_features

    meta, scores = stored_run
    features = customer_features(demo, AS_OF)
    labels = scores.set_index("customer_id")["cluster"].reindex(features.index)
    tickets = features["tickets"].groupby(labels).mean()
    online = features["chan_online"].groupby(labels).mean()
    for c in meta["metrics"]["clusters"]:
        assert c["means"]["tickets"] == pytest.approx(tickets[c["cluster"]])
        assert c["means"]["chan_online"] == pytest.approx(online[c["cluster"]])
    # value per cluster against revenue summed straight from the order lines
    con = duckdb.connect(str(_current(demo_pointer)), read_only=True)
    con.register("labels", scores[["customer_id", "cluster"]])
    sql = con.execute(
        """SELECT l.cluster, coalesce(sum(f.revenue), 0) AS revenue
           FROM labels l LEFT JOIN fact_order_line f ON f.customer_id = l.customer_id AND f.order_ts < ?
           GROUP BY l.cluster ORDER BY l.cluster""",
        [AS_OF + dt.timedelta(days=1)],
    ).df()
    con.close()
    got = [c["value_total"] for c in sorted(meta["metrics"]["clusters"], key=lambda c: c["cluster"])]
    assert got == pytest.approx(sql["revenue"].tolist())


def test_demo_run_with_som_and_chosen_k(demo, instance_dir):
    from mining.runs import load_run

    params = {"feature_sets": ["rfm", "channel_mix"], "method": "som", "som_rows": 5, "som_cols": 5, "k_max": 6}
    meta, scores = load_run(score_clusters(demo, AS_OF, params, "u_analyst"))
    metrics = meta["metrics"]
    assert 2 <= metrics["k"] <= 6 and metrics["k"] == metrics["suggested_k"]
    assert len(metrics["choose_k"]) == 5 and len(metrics["som"]["unit_labels"]) == 25
    assert scores["cluster"].nunique() == metrics["k"]


def _current(pointer):
    from data.warehouse import current_path

    return current_path(pointer)

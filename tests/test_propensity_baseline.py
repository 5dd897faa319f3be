"""Propensity models beside recency alone and random (``mining.propensity.baseline``)."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest
from sklearn.metrics import roc_auc_score

from mining.propensity.baseline import TOP, compare, recency_score, top_share

AS_OF = dt.date(2025, 6, 30)


def test_top_share_counts_only_the_top_tenth():
    y = np.array([1, 1, 0, 0, 0, 0, 0, 0, 0, 1] * 2)  # 6 positives in 20 rows
    score = np.arange(20, 0, -1, dtype=float)  # row 0 best
    assert top_share(y, score) == pytest.approx(2 / 6)  # the top 2 rows are both positives


def test_top_share_shares_out_ties_evenly_whatever_the_input_order():
    y = np.array([1, 0, 0, 0, 0, 0, 0, 0, 0, 0])
    flat = np.zeros(10)  # every score equal: the top tenth holds a tenth of every row
    assert top_share(y, flat) == pytest.approx(0.1)
    assert top_share(y[::-1], flat) == pytest.approx(0.1)
    # a tie of 4 rows across the cut of 2 rows (of 20), holding 2 positives of 2: half of them inside
    y = np.zeros(20)
    y[[0, 1]] = 1
    score = np.r_[np.full(4, 5.0), np.arange(16, dtype=float) * -1]
    assert top_share(y, score) == pytest.approx(0.5)


def test_recency_ranks_recent_buyers_first_and_never_buyers_last():
    X = np.array([[30.0, 1], [5.0, 2], [np.nan, 3], [400.0, 4]])
    score = recency_score(X, ["recency_days", "orders"])
    assert list(np.argsort(-score)) == [1, 0, 3, 2]


def _synthetic(seed=1, n=6000):
    rng = np.random.default_rng(seed)
    days = rng.integers(0, 720, n).astype(float)
    days[rng.random(n) < 0.05] = np.nan
    other = rng.normal(size=n)
    logit = -1.0 - np.nan_to_num(days, nan=900) / 200 + 1.2 * other
    y = (rng.random(n) < 1 / (1 + np.exp(-logit))).astype(int)
    X = np.c_[days, other]
    return X, y, ["recency_days", "other"], -np.nan_to_num(days, nan=900) / 200 + 1.2 * other


def test_verdicts_follow_the_auc_difference():
    X, y, columns, informed = _synthetic()
    assert compare(y, informed, X, columns)["verdict"] == "beats"  # knows recency and more
    assert compare(y, recency_score(X, columns), X, columns)["verdict"] == "no_better"  # recency itself
    assert compare(y, X[:, 1], X, columns)["verdict"] in ("worse", "no_better")
    weak = np.random.default_rng(5).random(len(y))  # a random score: clearly below recency here
    result = compare(y, weak, X, columns)
    assert result["verdict"] == "worse"
    low, high = result["auc_difference"]
    assert low <= result["model"]["auc"] - result["recency"]["auc"] <= high


def test_compare_numbers_equal_an_independent_computation():
    X, y, columns, informed = _synthetic(seed=2)
    result = compare(y, informed, X, columns)
    days = np.where(np.isnan(X[:, 0]), 10_000, X[:, 0])
    assert result["recency"]["auc"] == pytest.approx(roc_auc_score(y, -days))
    assert result["model"]["auc"] == pytest.approx(roc_auc_score(y, informed))
    top = np.argsort(-informed, kind="stable")[: int(TOP * len(y))]  # continuous scores: no ties
    assert result["model"]["top_share"] == pytest.approx(y[top].sum() / y.sum())
    assert result["random"] == {"auc": 0.5, "top_share": TOP}


@pytest.fixture(scope="module")
def repurchase(demo_pointer):
    from data.warehouse import Warehouse
    from mining.propensity.job import train_models

    return train_models(Warehouse(demo_pointer).cursor(), "repurchase", AS_OF)


def test_a_trained_run_carries_the_comparison_on_its_test_rows(repurchase):
    from mining.propensity.evaluate import baselines_of

    result = baselines_of(repurchase)
    test = repurchase.data["test"]
    days = test.X[:, repurchase.features.index("recency_days")]
    days = np.where(np.isnan(days), np.nanmax(days) + 1, days)
    assert result["rows"] == len(test.y)
    assert result["recency"]["auc"] == pytest.approx(roc_auc_score(test.y, -days))
    assert result["model"]["auc"] == pytest.approx(repurchase.models[repurchase.chosen].auc["test"])
    assert result["verdict"] in ("beats", "no_better", "worse")


def test_the_page_says_the_verdict_in_both_languages(repurchase):
    from components.models_view import baseline_line
    from mining.propensity.evaluate import baselines_of

    metrics = {"target": "repurchase", "baselines": baselines_of(repurchase)}
    english, korean = baseline_line(metrics, "en"), baseline_line(metrics, "ko")
    assert "recency" in english and "AUC" in english and "{" not in english
    assert "경과일" in korean and "{" not in korean
    assert "train again" in baseline_line({"target": "repurchase"}, "en")

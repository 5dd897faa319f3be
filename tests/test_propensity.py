"""Propensity models: metrics on hand-computed examples, the tree's rules, the time split,
models that find the demo generator's planted signal, a stored scoring run, bad input."""

import datetime as dt

import duckdb
import numpy as np
import pytest

from mining.classifier_metrics import auc, confusion, deciles, gains_table, threshold_curve
from mining.errors import Cancelled, MiningError
from mining.propensity import (
    FLAG_FEATURES,
    MISSING_INDICATORS,
    NUMERIC_FEATURES,
    SCORE_COLUMNS,
    TARGETS,
    Design,
    feature_info,
    repurchase_cutoffs,
    response_split,
    score_propensity,
    train_models,
)
from mining.rule_tree import ImputedTree, rule_lines

AS_OF = dt.date(2025, 12, 31)

# ------------------------------------------------------------------ known answers

# ten customers, best score first; positives at ranks 1, 2, 4 and 7
P = np.array([0.95, 0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3, 0.2, 0.1])
Y = np.array([1, 1, 0, 1, 0, 0, 1, 0, 0, 0])


def test_auc_by_hand():
    # pairs (positive, negative) ranked right: 0.8 beats 0.1 and 0.4, 0.35 beats 0.1 -> 3 of 4
    assert auc([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]) == pytest.approx(0.75)
    assert auc([0, 1], [0.5, 0.5]) == pytest.approx(0.5)  # a tie counts one half
    # P, Y: of 4 × 6 pairs the positive at 0.4 loses to 3 negatives, the one at 0.7 to 1
    assert auc(Y, P) == pytest.approx(20 / 24)


def test_auc_of_one_class_is_refused():
    with pytest.raises(MiningError, match="mining.propensity.one_class") as info:
        auc([1, 1, 1], [0.1, 0.2, 0.3])
    assert info.value.values == {"rows": 3, "positives": 3}


def test_gains_table_by_hand():
    table = gains_table(Y, P, bins=5)
    assert table["decile"].tolist() == [1, 2, 3, 4, 5]
    assert table["customers"].tolist() == [2, 2, 2, 2, 2]
    assert table["positives"].tolist() == [2, 1, 0, 1, 0]
    assert table["rate"].tolist() == pytest.approx([1.0, 0.5, 0.0, 0.5, 0.0])
    assert table["cum_positives"].tolist() == [2, 3, 3, 4, 4]
    assert table["cum_gain_pct"].tolist() == pytest.approx([50.0, 75.0, 75.0, 100.0, 100.0])
    # overall rate 0.4
    assert table["lift"].tolist() == pytest.approx([2.5, 1.25, 0.0, 1.25, 0.0])
    assert table["cum_lift"].tolist() == pytest.approx([2.5, 1.875, 1.25, 1.25, 1.0])


def test_gains_table_does_not_depend_on_row_order_and_ties_follow_input_order():
    shuffle = np.random.default_rng(3).permutation(len(P))
    assert gains_table(Y[shuffle], P[shuffle], bins=5).equals(gains_table(Y, P, bins=5))
    # all scores equal: rows keep their input order, so the first two rows form decile 1
    tied = gains_table([1, 1, 0, 0, 0, 0], [0.5] * 6, bins=3)
    assert tied["positives"].tolist() == [2, 0, 0]
    assert deciles([0.5] * 6, bins=3).tolist() == [1, 1, 2, 2, 3, 3]


def test_deciles_are_as_equal_as_possible():
    groups = deciles(np.linspace(1, 0, 25))
    assert np.bincount(groups)[1:].tolist() == [3, 2, 3, 2, 3, 2, 3, 2, 3, 2]
    assert groups.tolist() == sorted(groups.tolist())  # highest score first


def test_confusion_by_hand():
    got = confusion(Y, P, 0.65)  # called: 0.95, 0.9, 0.8, 0.7
    assert {k: got[k] for k in ("tp", "fp", "tn", "fn")} == {"tp": 3, "fp": 1, "tn": 5, "fn": 1}
    assert got["precision"] == pytest.approx(0.75) and got["recall"] == pytest.approx(0.75)
    assert got["accuracy"] == pytest.approx(0.8) and got["f1"] == pytest.approx(0.75)
    assert confusion(Y, P, 0.7)["tp"] == 3  # a score equal to the threshold is called positive
    nothing = confusion(Y, P, 0.99)
    assert (nothing["tp"], nothing["fp"], nothing["precision"], nothing["f1"]) == (0, 0, 0.0, 0.0)


def test_threshold_curve_equals_confusion_at_every_threshold():
    rng = np.random.default_rng(5)
    y = rng.integers(0, 2, 300)
    p = np.round(rng.random(300), 2)  # many scores exactly on a threshold
    curve = threshold_curve(y, p)
    assert len(curve) == 101 and curve["threshold"].iloc[37] == 0.37
    assert curve[["tp", "fp"]].iloc[0].tolist() == [y.sum(), len(y) - y.sum()]  # threshold 0 calls everyone
    for row in curve.itertuples():
        want = confusion(y, p, row.threshold)
        assert (row.tp, row.fp, row.tn, row.fn) == (want["tp"], want["fp"], want["tn"], want["fn"])
        assert row.f1 == pytest.approx(want["f1"])


# ------------------------------------------------------------------ the decision tree


def test_tree_fills_gaps_and_reads_out_rules():
    # the never-buyers (NaN) are the ones who buy; filled with the median 35 they sit among
    # the known recencies, so only the indicator can tell them apart
    recency = np.array([10, 20, 30, 40, 50, 60, np.nan, np.nan, np.nan, np.nan])
    y = np.array([0, 0, 0, 0, 0, 0, 1, 1, 1, 1])
    never = (("recency_days", "never_ordered"),)
    tree = ImputedTree(("recency_days",), never, max_depth=2, min_samples_leaf=1).fit(recency[:, None], y)
    assert tree.columns_ == ["recency_days", "never_ordered"]
    assert tree.fill_[0] == pytest.approx(35.0)
    rules = tree.rules()
    assert [(r["text"], r["probability"], r["samples"]) for r in rules] == [
        ("never_ordered", 1.0, 4),
        ("not never_ordered", 0.0, 6),
    ]
    assert rules[0]["conditions"] == [{"feature": "never_ordered", "op": ">", "threshold": 0.5, "binary": True}]
    p = tree.predict_proba(np.array([[np.nan], [35.0], [500.0]]))[:, 1]
    assert p.tolist() == [1.0, 0.0, 0.0]


def test_tree_rules_with_numeric_thresholds():
    x = np.array([[5, 0], [10, 0], [20, 1], [100, 0], [150, 1], [200, 1]], dtype=float)
    y = np.array([1, 1, 1, 0, 0, 0])
    tree = ImputedTree(("recency_days", "email_opt_in"), max_depth=3, min_samples_leaf=1).fit(x, y)
    assert tree.binary_.tolist() == [False, True]
    assert rule_lines(tree.rules()) == [
        "recency_days <= 60 -> 1.000 (3 customers)",
        "recency_days > 60 -> 0.000 (3 customers)",
    ]


def test_balanced_tree_still_gives_real_rates():
    rng = np.random.default_rng(0)
    x = rng.random((400, 1))
    y = (rng.random(400) < np.where(x[:, 0] > 0.7, 0.3, 0.02)).astype(int)
    tree = ImputedTree(("orders",), max_depth=1, min_samples_leaf=20, class_weight="balanced").fit(x, y)
    assert tree.model_.tree_.node_count == 3  # the weights did make it split
    leaf = tree.model_.apply(tree._prepare(x))
    for node in np.unique(leaf):
        assert tree.leaf_rate_[node] == pytest.approx(y[leaf == node].mean())


# ------------------------------------------------------------------ features


def _profile(**columns):
    import pandas as pd

    base = {name: [1.0, np.nan] for name in NUMERIC_FEATURES}
    base.update(email_opt_in=[True, False], home_partner_id=[7, None], cat_cookware=[0.25, 0.0])
    base.update(customer_type=["B2C", "B2B"], segment=["Consumer", "Enterprise"], region=["Asia", "Europe"])
    base.update(gender=["F", None], age_band=["25-34", None])
    base.update(columns)
    return pd.DataFrame(base, index=pd.Index([11, 12], name="customer_id"))


def test_design_lists_its_columns_and_one_hot_encodes():
    design = Design().fit([_profile()])
    assert design.columns_[: len(NUMERIC_FEATURES)] == list(NUMERIC_FEATURES)
    assert design.columns_[len(NUMERIC_FEATURES) :] == [
        "email_opt_in", "has_partner", "cat_cookware", "customer_type=B2B", "customer_type=B2C",
        "segment=Consumer", "segment=Enterprise", "region=Asia", "region=Europe", "gender=F", "age_band=25-34",
    ]  # fmt: skip
    X = design.transform(_profile(region=["Oceania", "Asia"]).drop(columns="cat_cookware"))
    row = X.loc[11]
    assert (row["email_opt_in"], row["has_partner"], row["cat_cookware"]) == (1.0, 1.0, 0.0)
    assert (row["region=Asia"], row["region=Europe"]) == (0.0, 0.0)  # a region unseen in training: no column
    assert X.loc[12, "region=Asia"] == 1.0 and np.isnan(X.loc[12, "recency_days"])
    assert X.loc[12, ["gender=F", "age_band=25-34"]].tolist() == [0.0, 0.0]


def test_feature_info_names_a_translation_key():
    assert feature_info("recency_days") == {
        "name": "recency_days",
        "key": "mining.propensity.feature.recency_days",
        "values": {},
    }
    assert feature_info("segment=Mid-market")["values"] == {"value": "Mid-market"}
    assert feature_info("cat_cookware", {"cat_cookware": "Cookware"})["values"] == {"category": "Cookware"}
    keys = set(_i18n_keys())
    for name in [*NUMERIC_FEATURES, *FLAG_FEATURES, "segment=X", "cat_x", *MISSING_INDICATORS.values()]:
        assert feature_info(name)["key"] in keys, name


# ------------------------------------------------------------------ the time split


def test_repurchase_cutoffs_leave_no_overlap():
    cuts = repurchase_cutoffs(AS_OF, 180, train_cutoffs=2)
    assert cuts["test"] == [dt.date(2025, 7, 4)]
    assert cuts["valid"] == [dt.date(2025, 1, 5)]
    assert cuts["train"] == [dt.date(2024, 1, 11), dt.date(2024, 7, 9)]
    # every label window (cutoff, cutoff + 180] ends on or before the next split's cutoff
    assert max(cuts["train"]) + dt.timedelta(days=180) <= cuts["valid"][0]
    assert cuts["valid"][0] + dt.timedelta(days=180) <= cuts["test"][0]
    assert cuts["test"][0] + dt.timedelta(days=180) == AS_OF


# ------------------------------------------------------------------ the demo warehouse


@pytest.fixture(scope="module")
def demo(demo_pointer):
    from data.warehouse import Warehouse

    return Warehouse(demo_pointer).cursor()


@pytest.fixture(scope="module")
def repurchase(demo):
    return train_models(demo, "repurchase", AS_OF)


@pytest.fixture(scope="module")
def response_run(demo, instance_dir):
    from mining.runs import load_run

    steps = []
    run_id = score_propensity(demo, "response", AS_OF, "u_analyst", progress=lambda f, k: steps.append((f, k)))
    return load_run(run_id), steps


def test_repurchase_models_find_the_planted_signal(repurchase):
    # lapsing customers stop buying: recency ranks them (test AUC about 0.88 on this demo)
    for name in ("cart", "hgb"):
        model = repurchase.models[name]
        assert model.auc["test"] > 0.75, name
        assert model.gains["cum_gain_pct"].iloc[2] > 40  # the top 30 % hold well over 30 % of buyers
    assert repurchase.models["hgb"].importance["feature"].iloc[0] == "recency_days"
    chosen = repurchase.chosen
    assert repurchase.models[chosen].auc["valid"] >= max(m.auc["valid"] for m in repurchase.models.values())
    assert 0 < repurchase.threshold < 1


def test_repurchase_splits_follow_the_cutoffs(repurchase):
    splits = repurchase.splits.set_index("split")
    cuts = repurchase_cutoffs(AS_OF, 180, 2)
    for split in ("train", "valid", "test"):
        assert splits.loc[split, "feature_dates"] == [str(c) for c in cuts[split]]
        assert splits.loc[split, "rows"] == len(repurchase.data[split].y)
    assert splits.loc["train", "label_end"] <= splits.loc["valid", "feature_dates"][0]
    assert splits.loc["valid", "label_end"] <= splits.loc["test", "feature_dates"][0]
    assert splits.loc["test", "label_end"] == str(AS_OF)


def test_repurchase_label_is_a_purchase_in_the_horizon(repurchase, demo):
    test = repurchase.data["test"]
    cutoff = dt.date(2025, 7, 4)
    buyers = demo.execute(
        """SELECT customer_id FROM fact_order_line WHERE order_ts >= ? AND order_ts < ?
           GROUP BY customer_id, order_id HAVING sum(revenue) > 0""",
        [cutoff + dt.timedelta(days=1), AS_OF + dt.timedelta(days=1)],
    ).df()["customer_id"]
    signed_up = demo.execute("SELECT count(*) FROM dim_customer WHERE signup_date <= ?", [cutoff]).fetchone()[0]
    assert len(test.y) == signed_up
    assert set(test.customer_id[test.y == 1]) == set(buyers) & set(test.customer_id)


def test_cart_rules_cover_the_training_rows(repurchase):
    cart = repurchase.models["cart"]
    assert sum(r["samples"] for r in cart.rule_records) == len(repurchase.data["train"].y)
    assert all(" -> " in line for line in cart.rules)
    assert 3 <= cart.hyper["max_depth"] <= 6


def test_response_run_scores_every_customer(response_run, demo):
    (meta, scores), steps = response_run
    metrics = meta["metrics"]
    assert meta["kind"] == "propensity_response"
    assert tuple(scores.columns) == SCORE_COLUMNS
    customers = demo.execute("SELECT count(*) FROM dim_customer WHERE signup_date <= ?", [AS_OF]).fetchone()[0]
    assert len(scores) == customers == metrics["customers"] and scores["customer_id"].is_unique
    assert scores["score"].between(0, 1).all()
    assert sorted(scores["decile"].unique()) == list(range(1, 11))
    by_decile = scores.groupby("decile")["score"]
    assert (by_decile.min().iloc[:-1].to_numpy() >= by_decile.max().iloc[1:].to_numpy()).all()
    assert [f for f, _ in steps] == sorted(f for f, _ in steps) and steps[-1][0] == 1.0
    assert all(k.startswith("mining.propensity.progress.") for _, k in steps)


def test_response_models_beat_chance_and_metrics_hold_the_page(response_run):
    (meta, _), _ = response_run
    metrics = meta["metrics"]
    # converting contacts are the recent, active buyers: test AUC about 0.82 on this demo
    for name in ("cart", "hgb"):
        m = metrics["models"][name]
        assert m["auc"]["test"] > 0.7, name
        assert len(m["threshold_curve"]) == 101 and len(m["roc"]) <= 200
        assert m["gains"][0]["decile"] == 1 and m["importance"]
    assert metrics["chosen"] in ("cart", "hgb") and metrics["refit_on"] == "train+valid+test"
    assert metrics["models"]["cart"]["rules"] and 0 < metrics["base_rate"] < 1
    names = [f["name"] for f in metrics["features"]]
    assert "recency_days" in names and "segment=Consumer" in names
    assert {f["key"] for f in metrics["features"]} <= set(_i18n_keys())
    splits = {s["split"]: s for s in metrics["splits"]}
    # whole campaigns in time order; no label window reaches into the next split's features
    assert splits["train"]["feature_dates"][-1] < splits["valid"]["feature_dates"][0]
    assert splits["valid"]["feature_dates"][-1] < splits["test"]["feature_dates"][0]
    assert splits["train"]["label_end"] <= splits["valid"]["feature_dates"][0]
    assert splits["valid"]["label_end"] <= splits["test"]["feature_dates"][0]
    assert splits["test"]["label_end"] <= str(AS_OF)
    total = sum(s["rows"] for s in splits.values())
    assert 0.5 < splits["train"]["rows"] / total < 0.7


def test_response_run_says_what_it_did_with_the_campaign_history(response_run):
    from mining.propensity.history import HISTORY_FEATURES

    (meta, _), _ = response_run
    history = meta["metrics"]["history"]
    names = {key: [f["name"] for f in history[key]] for key in ("used", "left_out", "unavailable")}
    # every history feature is either in the model, left out on validation, or without data here
    assert sorted(sum(names.values(), [])) == sorted(HISTORY_FEATURES)
    assert not names["used"] or not names["left_out"]  # all kept or all left out
    assert set(names["unavailable"]) <= {"unsubscribed"}  # the demo has opens, clicks and failed deliveries
    in_model = {f["name"] for f in meta["metrics"]["features"]}
    assert set(names["used"]) <= in_model and not (set(names["left_out"]) | set(names["unavailable"])) & in_model
    kept = history["valid_auc_with"] >= history["valid_auc_without"]
    assert bool(names["used"]) == kept
    chosen = meta["metrics"]["chosen"]
    best = history["valid_auc_with"] if kept else history["valid_auc_without"]
    assert meta["metrics"]["models"][chosen]["auc"]["valid"] == pytest.approx(best)


def _i18n_keys():
    from i18n.parts.mining_propensity import ENTRIES

    return ENTRIES


# ------------------------------------------------------------------ bad input


def _warehouse(customers: int, last_order: dt.date) -> duckdb.DuckDBPyConnection:
    """Customers who each ordered on the first of every month from 2023 until ``last_order``."""
    from data.schema import create_schema

    con = duckdb.connect()
    create_schema(con)
    con.execute("INSERT INTO dim_channel VALUES (1, 'Web shop', 'online')")
    con.execute("INSERT INTO dim_product VALUES (1, 'Kettle', 'Kitchen', 'Kettles', 10, 6, DATE '2020-01-01', 'K1')")
    con.execute(
        """INSERT INTO dim_customer
           SELECT i, 'C' || i, 'B2C', 'F', 1980, NULL, NULL, 'Japan', 'Asia', 'Tokyo', DATE '2022-12-01',
                  1, 1, true, NULL, 'Consumer', 'c' || i || '@x.jp', NULL, false, false
           FROM range(1, ? + 1) t(i)""",
        [customers],
    )
    con.execute(
        """INSERT INTO fact_order_line
           SELECT row_number() OVER (), 1, m.d + INTERVAL 10 HOUR, c.i, 1, 1, NULL, NULL, 1, 10, 0, 10, 6
           FROM range(1, ? + 1) c(i), (SELECT unnest(generate_series(DATE '2023-01-01', ?, INTERVAL 1 MONTH)) AS d) m""",
        [customers, last_order],
    )
    return con


def test_bad_targets_and_params():
    con = duckdb.connect()
    with pytest.raises(MiningError, match="mining.propensity.unknown_target") as info:
        train_models(con, "churn", AS_OF)
    assert info.value.values["allowed"] == ", ".join(TARGETS)
    with pytest.raises(MiningError, match="mining.propensity.unknown_param") as info:
        train_models(con, "repurchase", AS_OF, {"horizon": 90})
    assert info.value.values == {"names": "horizon"}
    with pytest.raises(MiningError, match="mining.propensity.bad_param") as info:
        train_models(con, "repurchase", AS_OF, {"horizon_days": 3})
    assert info.value.values["name"] == "horizon_days" and info.value.values["low"] == 14


def test_as_of_too_early_for_the_horizon():
    con = _warehouse(40, dt.date(2025, 12, 1))
    with pytest.raises(MiningError, match="mining.propensity.too_early") as info:
        train_models(con, "repurchase", dt.date(2024, 6, 30), {"horizon_days": 180})
    # the first order is on 2023-01-01: one horizon of history and three of labels
    assert info.value.values["earliest"] == dt.date(2023, 1, 1) + dt.timedelta(days=720)


def test_too_few_customers_positives_or_negatives():
    with pytest.raises(MiningError, match="mining.propensity.too_few_rows") as info:
        train_models(
            _warehouse(20, dt.date(2025, 12, 1)), "repurchase", AS_OF, {"horizon_days": 90, "train_cutoffs": 1}
        )
    assert info.value.values == {"split": "train", "rows": 20, "needed": 30}
    # nobody buys after mid-2024: the training labels have no positive
    with pytest.raises(MiningError, match="mining.propensity.too_few_positives") as info:
        train_models(_warehouse(40, dt.date(2024, 6, 1)), "repurchase", AS_OF, {"horizon_days": 90})
    assert info.value.values == {"split": "train", "positives": 0, "needed": 5}
    # everybody buys every month: no negative
    with pytest.raises(MiningError, match="mining.propensity.too_few_negatives") as info:
        train_models(_warehouse(40, AS_OF), "repurchase", AS_OF, {"horizon_days": 90})
    assert info.value.values == {"split": "train", "negatives": 0, "needed": 5}


def test_response_split_keeps_dates_whole_and_in_order():
    import pandas as pd

    # contacts per start date: 50, 10, 20, 10, 10 -> midpoints 0.25, 0.55, 0.7, 0.85, 0.95
    days = [dt.date(2025, m, 1) for m in (1, 2, 3, 4, 5)]
    starts = pd.Series([d for d, n in zip(days, (50, 10, 20, 10, 10), strict=True) for _ in range(n)])
    assert list(response_split(starts).values()) == ["train", "train", "valid", "test", "test"]
    # one big last date still leaves a validation date
    starts = pd.Series([days[0]] * 5 + [days[1]] * 5 + [days[2]] * 90)
    assert list(response_split(starts).values()) == ["train", "valid", "test"]


def test_response_needs_finished_campaign_contacts(demo):
    with pytest.raises(MiningError, match="mining.propensity.no_contacts") as info:
        train_models(demo, "response", dt.date(2023, 1, 10))
    assert info.value.values == {"as_of": dt.date(2023, 1, 10)}


def test_training_can_be_cancelled(demo):
    calls = iter(range(100))
    with pytest.raises(Cancelled):
        train_models(demo, "repurchase", AS_OF, cancelled=lambda: next(calls) >= 2)

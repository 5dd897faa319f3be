"""Association rules and next-best-product: hand-computed baskets, brute force on the demo data."""

import datetime as dt
import itertools
import re
from fractions import Fraction as F
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pytest

from i18n.translations import TRANSLATIONS
from mining.errors import MiningError
from mining.rules import (
    NBP_COLUMNS,
    RULE_COLUMNS,
    RuleSpec,
    backtest_nbp,
    mine_rules,
    nbp_spec,
    popular_items,
    recommend,
    rules_network,
    score_nbp,
)

# ---------------------------------------------------------------- the hand-made basket set

PRODUCTS = [  # product_id, name, category
    (1, "Bread", "Bakery"),
    (2, "Croissant", "Bakery"),
    (3, "Milk", "Dairy"),
    (4, "Butter", "Dairy"),
    (5, "Beer", "Drinks"),
    (6, "Diapers", "Baby"),
]
CUSTOMERS = [(1, "KR", "B2B"), (2, "KR", "B2C"), (3, "US", "B2C"), (4, "US", "B2C")]
ORDERS = {  # order_id: (customer, day of January 2025, channel, products; negative = returned)
    1: (1, 1, 1, [1, 3, 1]),  # bread twice: still one basket item
    2: (1, 2, 1, [1, 6, 5, 2]),
    3: (2, 3, 1, [3, 6, 5]),
    4: (2, 4, 1, [1, 3, 6, 5]),
    5: (3, 5, 2, [1, 3, 6, 4]),
    6: (3, 6, 2, [3]),
    7: (4, 7, 2, [5]),
    8: (4, 8, 2, [-4]),  # a return is not a purchase
}


@pytest.fixture(scope="module")
def shop():
    con = duckdb.connect()
    con.execute("CREATE TABLE dim_product (product_id INTEGER, name VARCHAR, category VARCHAR, subcategory VARCHAR)")
    con.executemany("INSERT INTO dim_product VALUES (?, ?, ?, ?)", [(i, n, c, n) for i, n, c in PRODUCTS])
    con.execute(
        "CREATE TABLE dim_customer (customer_id INTEGER, country VARCHAR, region VARCHAR, customer_type VARCHAR)"
    )
    con.executemany("INSERT INTO dim_customer VALUES (?, ?, ?, ?)", [(i, c, c, t) for i, c, t in CUSTOMERS])
    con.execute("CREATE TABLE dim_channel (channel_id INTEGER, channel_group VARCHAR)")
    con.execute("INSERT INTO dim_channel VALUES (1, 'online'), (2, 'offline')")
    con.execute(
        """CREATE TABLE fact_order_line (order_id BIGINT, line_no INTEGER, order_ts TIMESTAMP, customer_id INTEGER,
           product_id INTEGER, channel_id INTEGER, quantity INTEGER)"""
    )
    rows = [
        (o, i + 1, dt.datetime(2025, 1, day, 12), cust, abs(p), ch, 1 if p > 0 else -1)
        for o, (cust, day, ch, products) in ORDERS.items()
        for i, p in enumerate(products)
    ]
    con.executemany("INSERT INTO fact_order_line VALUES (?, ?, ?, ?, ?, ?, ?)", rows)
    yield con
    con.close()


def by_rule(result):
    return result.rules.set_index(["antecedent", "consequent"])


def assert_rule(row, n, n_a, n_b, n_ab):
    """Every measure equals the fraction computed by hand, exactly."""
    assert (row.antecedent_count, row.consequent_count, row.pair_count) == (n_a, n_b, n_ab)
    assert row.support == float(F(n_ab, n))
    assert row.confidence == float(F(n_ab, n_a))
    assert row.lift == float(F(n_ab * n, n_a * n_b))
    assert row.leverage == float(F(n_ab, n) - F(n_a, n) * F(n_b, n))
    if n_ab == n_a:
        assert row.conviction == np.inf
    else:
        assert row.conviction == float((1 - F(n_b, n)) / (1 - F(n_ab, n_a)))


def test_product_rules_equal_the_hand_computation(shop):
    # 7 baskets (the return-only order is none); bread, milk, beer, diapers reach 0.4 (3 of 7)
    result = mine_rules(shop, RuleSpec(level="product", min_support=0.4, min_lift=0))
    assert result.n_baskets == 7
    items = result.items.set_index("item")
    assert items["count"].to_dict() == {"3": 5, "1": 4, "5": 4, "6": 4, "2": 1, "4": 1}
    assert items["frequent"].to_dict() == {"3": True, "1": True, "5": True, "6": True, "2": False, "4": False}
    rules = by_rule(result)
    # frequent pairs (3 baskets each): bread-milk, bread-diapers, milk-diapers, beer-diapers
    assert sorted(rules.index) == sorted(
        [("1", "3"), ("3", "1"), ("1", "6"), ("6", "1"), ("3", "6"), ("6", "3"), ("5", "6"), ("6", "5")]
    )
    counts = {"1": 4, "3": 5, "5": 4, "6": 4}
    for (a, b), row in rules.iterrows():
        assert_rule(row, 7, counts[a], counts[b], 3)
    # spot values written out: bread -> milk has confidence 3/4, lift 21/20, conviction 8/7
    assert rules.loc[("1", "3"), "confidence"] == 0.75
    assert rules.loc[("1", "3"), "lift"] == 21 / 20
    assert rules.loc[("1", "3"), "conviction"] == 8 / 7
    assert rules.loc[("6", "5"), "lift"] == 21 / 16
    assert rules.loc[("1", "3"), ["antecedent_name", "consequent_name"]].tolist() == ["Bread", "Milk"]
    # sorted by lift, then confidence, then support, then keys
    assert result.rules["lift"].is_monotonic_decreasing
    assert result.rules[["antecedent", "consequent"]].iloc[0].tolist() == ["1", "6"]
    assert list(result.rules.columns) == RULE_COLUMNS


def test_category_rules_with_customers_as_baskets(shop):
    # customers: {Bakery, Dairy, Baby, Drinks} twice, {Bakery, Dairy, Baby}, {Drinks}
    result = mine_rules(shop, RuleSpec(level="category", basket="customer", min_support=0.5, min_lift=0))
    assert result.n_baskets == 4
    rules = by_rule(result)
    assert len(rules) == 12
    assert_rule(rules.loc[("Bakery", "Dairy")], 4, 3, 3, 3)  # confidence 1: infinite conviction
    assert rules.loc[("Bakery", "Dairy"), "lift"] == 4 / 3
    assert_rule(rules.loc[("Drinks", "Bakery")], 4, 3, 3, 2)
    assert rules.loc[("Drinks", "Bakery"), "lift"] == 8 / 9
    # a lift threshold of 1 drops the negative associations with drinks
    positive = mine_rules(shop, RuleSpec(level="category", basket="customer", min_support=0.5, min_lift=1.0))
    assert sorted(set(positive.rules["antecedent"])) == ["Baby", "Bakery", "Dairy"]
    assert len(positive.rules) == 6 and positive.rules_before_limit == 6


def test_thresholds_and_max_rules(shop):
    spec = RuleSpec(level="product", min_support=0.4, min_lift=0)
    confident = mine_rules(shop, RuleSpec(**{**spec.__dict__, "min_confidence": 0.7}))
    assert (confident.rules["confidence"] >= 0.7).all() and len(confident.rules) == 6  # all but milk -> x
    top = mine_rules(shop, RuleSpec(**{**spec.__dict__, "max_rules": 3}))
    assert len(top.rules) == 3 and top.rules_before_limit == 8
    assert top.rules["lift"].tolist() == [21 / 16] * 3


def test_filters_select_baskets(shop):
    # orders 3, 4, 5 only
    period = mine_rules(shop, RuleSpec(start=dt.date(2025, 1, 3), end=dt.date(2025, 1, 5), min_support=0.1, min_lift=0))
    assert period.n_baskets == 3
    assert by_rule(period).loc[("Baby", "Dairy"), "pair_count"] == 3
    korea = mine_rules(shop, RuleSpec(countries=("KR",), min_support=0.1, min_lift=0))
    assert korea.n_baskets == 4  # orders 1-4
    consumers = mine_rules(shop, RuleSpec(customer_types=("B2C",), min_support=0.1, min_lift=0))
    assert consumers.n_baskets == 5  # orders 3-7
    offline = mine_rules(shop, RuleSpec(channel_groups=("offline",), min_support=0.1, min_lift=0))
    assert offline.n_baskets == 3 and by_rule(offline).loc[("Bakery", "Baby"), "pair_count"] == 1


def test_network_nodes_and_edges(shop):
    result = mine_rules(shop, RuleSpec(level="product", min_support=0.4, min_lift=0))
    net = rules_network(result)
    assert set(net["nodes"]["item"]) == {"1", "3", "5", "6"}
    assert len(net["edges"]) == 8
    nodes = net["nodes"].set_index("item")
    assert nodes.loc["6", "degree"] == 6 and nodes.loc["6", "support"] == 4 / 7
    assert np.allclose(nodes["x"] ** 2 + nodes["y"] ** 2, 1)
    undirected = rules_network(result, directed=False)["edges"]
    assert len(undirected) == 4 and (undirected["source"] < undirected["target"]).all()
    bm = undirected.set_index(["source", "target"]).loc[("1", "3")]
    assert bm["confidence"] == 0.75 and bm["lift"] == 21 / 20


# ---------------------------------------------------------------- next best product on the fixture


def test_nbp_scores_follow_the_formula(shop):
    # support 2/7 adds bread-beer and milk-beer; beer's rules: diapers 3/4 x 21/16, bread 2/4 x 7/8, milk 2/4 x 7/10
    result = mine_rules(shop, RuleSpec(level="product", min_support=2 / 7, min_lift=0))
    recs = recommend(shop, result, dt.date(2025, 1, 31), top_n=3)
    assert list(recs.columns) == [*NBP_COLUMNS, "confidence", "lift"]
    beer_buyer = recs[recs["customer_id"] == 4]
    assert beer_buyer["item"].tolist() == ["6", "1", "3"]
    assert beer_buyer["rank"].tolist() == [1, 2, 3]
    assert beer_buyer["score"].tolist() == [0.75 * (21 / 16), 0.5 * (7 / 8), 0.5 * (7 / 10)]
    assert beer_buyer["because"].tolist() == ["5"] * 3
    assert beer_buyer["item_name"].tolist() == ["Diapers", "Bread", "Milk"]
    # customer 3 has bread, milk, butter, diapers: only beer is new; best reason is diapers (3/4 x 21/16)
    c3 = recs[recs["customer_id"] == 3]
    assert c3["item"].tolist() == ["5"] and c3["because_name"].tolist() == ["Diapers"]
    assert c3["score"].iloc[0] == 0.75 * (21 / 16)
    # customers 1 and 2 already bought every item a rule leads to
    assert set(recs["customer_id"]) == {3, 4}
    assert (recs["item_level"] == "product").all()


def test_nbp_history_stops_at_as_of(shop):
    result = mine_rules(shop, RuleSpec(level="product", min_support=2 / 7, min_lift=0))
    early = recommend(shop, result, dt.date(2025, 1, 3), top_n=5)
    # by 3 January customers 3 and 4 have bought nothing, customer 1 every item in a rule,
    # customer 2 milk, diapers and beer: bread is new
    assert early["customer_id"].unique().tolist() == [2]
    c2 = early[early["customer_id"] == 2]
    assert c2["item"].tolist() == ["1"]
    # bread from diapers: 3/4 x 21/16 beats milk (3/5 x 21/20) and beer (2/4 x 7/8)
    assert c2["because"].tolist() == ["6"] and c2["score"].iloc[0] == 0.75 * 21 / 16


def test_nbp_top_n_and_bad_top_n(shop):
    result = mine_rules(shop, RuleSpec(level="product", min_support=2 / 7, min_lift=0))
    one = recommend(shop, result, dt.date(2025, 1, 31), top_n=1)
    assert one.groupby("customer_id").size().max() == 1
    for bad in (0, -2, 1.5, True):
        with pytest.raises(MiningError) as err:
            recommend(shop, result, dt.date(2025, 1, 31), top_n=bad)
        assert err.value.key == "mining.nbp.bad_top_n"


# ---------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    "changes,key",
    [
        ({"level": "brand"}, "mining.rules.bad_level"),
        ({"basket": "session"}, "mining.rules.bad_basket"),
        ({"start": dt.date(2025, 2, 1), "end": dt.date(2025, 1, 1)}, "mining.rules.bad_period"),
        ({"min_support": 0}, "mining.rules.bad_support"),
        ({"min_support": 1.5}, "mining.rules.bad_support"),
        ({"min_support": float("nan")}, "mining.rules.bad_support"),
        ({"min_confidence": 2}, "mining.rules.bad_confidence"),
        ({"min_lift": -1}, "mining.rules.bad_lift"),
        ({"max_rules": 0}, "mining.rules.bad_max_rules"),
    ],
)
def test_bad_spec_raises_a_translated_error(shop, changes, key):
    with pytest.raises(MiningError, match=re.escape(key)) as err:
        mine_rules(shop, RuleSpec(**changes))
    message = TRANSLATIONS[key]["en"].format(**err.value.values)
    assert "{" not in message


def test_empty_period_raises(shop):
    with pytest.raises(MiningError) as err:
        mine_rules(shop, RuleSpec(start=dt.date(2024, 1, 1), end=dt.date(2024, 12, 31)))
    assert err.value.key == "mining.rules.no_baskets"
    assert err.value.values == {"start": dt.date(2024, 1, 1), "end": dt.date(2024, 12, 31)}


def test_one_item_baskets_only_raise(shop):
    with pytest.raises(MiningError) as err:  # customer 4: one beer, and a return
        mine_rules(shop, RuleSpec(level="product", start=dt.date(2025, 1, 6), min_support=0.1))
    assert err.value.key == "mining.rules.single_item_baskets" and err.value.values == {"baskets": 2}


def test_too_high_support_is_an_empty_result_with_a_note(shop):
    none = mine_rules(shop, RuleSpec(level="product", min_support=1.0))
    assert none.rules.empty and list(none.rules.columns) == RULE_COLUMNS
    assert none.note == "mining.rules.note.no_frequent_items" and not none.items["frequent"].any()
    pairs = mine_rules(shop, RuleSpec(level="product", min_support=0.6))  # only milk reaches 5 of 7
    assert pairs.rules.empty and pairs.note == "mining.rules.note.no_frequent_items"
    high = mine_rules(shop, RuleSpec(level="product", min_support=4 / 7 - 1e-9))  # bread, milk, beer, diapers
    assert high.note == "mining.rules.note.no_frequent_pairs" and high.frequent_pairs == 0
    strict = mine_rules(shop, RuleSpec(level="product", min_support=0.4, min_lift=2))
    assert strict.rules.empty and strict.note == "mining.rules.note.none_pass"
    for r in (none, high, strict):
        assert "{" not in TRANSLATIONS[r.note]["ko"].format(**r.note_values)
    assert rules_network(strict)["nodes"].empty
    assert recommend(shop, strict, dt.date(2025, 1, 31)).empty


def test_every_error_key_is_translated_with_its_values():
    source = (Path(__file__).resolve().parents[1] / "mining" / "rules.py").read_text()
    raised = re.findall(r'MiningError\(\s*"([\w.]+)"((?:,\s*\w+=)?[^)]*)\)', source)
    notes = re.findall(r'"(mining\.rules\.note\.[\w.]+)"', source)
    assert len(raised) >= 12 and len(notes) == 3
    for key, args in raised:
        given = set(re.findall(r"(\w+)=", args))
        wanted = set(re.findall(r"{(\w+)}", TRANSLATIONS[key]["en"]))
        assert wanted <= given, key
    assert all(n in TRANSLATIONS for n in notes)


# ---------------------------------------------------------------- the demo warehouse


@pytest.fixture(scope="module")
def demo(demo_pointer):
    from data.warehouse import Warehouse

    return Warehouse(demo_pointer).cursor()


@pytest.fixture(scope="module")
def baskets(demo):
    return demo.execute(
        """SELECT f.order_id, f.customer_id, f.order_ts, f.product_id, p.category, c.country, c.customer_type
           FROM fact_order_line f JOIN dim_product p USING (product_id) JOIN dim_customer c USING (customer_id)
           WHERE f.quantity > 0"""
    ).df()


def brute_force_pairs(frame: pd.DataFrame, basket: str, item: str) -> tuple[int, pd.Series, dict]:
    sets = frame.groupby(basket)[item].agg(lambda s: sorted(set(s)))
    singles = pd.Series([i for s in sets for i in s]).value_counts()
    pairs: dict = {}
    for s in sets:
        for a, b in itertools.combinations(s, 2):
            pairs[(a, b)] = pairs.get((a, b), 0) + 1
    return len(sets), singles, pairs


def test_category_pairs_equal_brute_force(demo, baskets):
    lines = baskets[(baskets["order_ts"] >= "2024-01-01") & (baskets["country"] != "South Korea")]
    spec = RuleSpec(
        start=dt.date(2024, 1, 1), countries=tuple(sorted(set(lines["country"]))), min_support=0.001, min_lift=0
    )
    result = mine_rules(demo, spec, prune=False)
    n, singles, pairs = brute_force_pairs(lines, "order_id", "category")
    assert result.n_baskets == n > 1000
    assert result.items.set_index("item")["count"].to_dict() == singles.to_dict()
    got = by_rule(result)
    kept = {k: v for k, v in pairs.items() if v >= 0.001 * n}
    assert len(got) == 2 * len(kept) > 20
    for (a, b), n_ab in kept.items():
        assert_rule(got.loc[(a, b)], n, singles[a], singles[b], n_ab)
        assert_rule(got.loc[(b, a)], n, singles[b], singles[a], n_ab)


def test_customer_baskets_equal_brute_force(demo, baskets):
    result = mine_rules(demo, RuleSpec(basket="customer", customer_types=("B2B",), min_support=0.01, min_lift=0))
    n, singles, pairs = brute_force_pairs(baskets[baskets["customer_type"] == "B2B"], "customer_id", "category")
    assert result.n_baskets == n
    got = by_rule(result)
    assert len(got) == 2 * sum(v >= 0.01 * n for v in pairs.values())
    for (a, b), n_ab in pairs.items():
        if n_ab >= 0.01 * n:
            assert got.loc[(a, b), "pair_count"] == n_ab


@pytest.mark.parametrize(
    "level,basket,support", [("product", "order", 0.002), ("product", "customer", 0.02), ("category", "customer", 0.4)]
)
def test_pruning_does_not_change_the_rules(demo, level, basket, support):
    spec = RuleSpec(level=level, basket=basket, min_support=support, min_lift=0, max_rules=100_000)
    pruned, full = mine_rules(demo, spec), mine_rules(demo, spec, prune=False)
    assert not pruned.items["frequent"].all()  # pruning had something to drop
    assert len(pruned.rules) > 0
    pd.testing.assert_frame_equal(pruned.rules, full.rules)


def reference_nbp(history: pd.DataFrame, rules: pd.DataFrame, top_n: int, numeric: bool = False) -> pd.DataFrame:
    """The documented formula in plain pandas: best confidence x lift per new item, top N
    (ties: higher support, then the smaller item key — product ids compare as numbers)."""
    cand = history.merge(rules, left_on="item", right_on="antecedent")
    cand = cand.rename(columns={"item": "_had"})[
        ["customer_id", "consequent", "antecedent", "confidence", "lift", "support"]
    ]
    cand = cand.rename(columns={"consequent": "item", "antecedent": "because"})
    owned = history.assign(owned=True)
    cand = cand.merge(owned, on=["customer_id", "item"], how="left")
    cand = cand[cand["owned"].isna()].drop(columns="owned")
    cand["score"] = cand["confidence"] * cand["lift"]
    key = (lambda s: pd.to_numeric(s)) if numeric else None
    cand["_because"] = key(cand["because"]) if numeric else cand["because"]
    cand["_item"] = key(cand["item"]) if numeric else cand["item"]
    cand = cand.sort_values(
        ["customer_id", "item", "score", "support", "_because"], ascending=[True, True, False, False, True]
    )
    best = cand.drop_duplicates(["customer_id", "item"])
    best = best.sort_values(["customer_id", "score", "support", "_item"], ascending=[True, False, False, True])
    best["rank"] = best.groupby("customer_id").cumcount() + 1
    return best[best["rank"] <= top_n].reset_index(drop=True)


@pytest.mark.parametrize("level,support", [("category", 0.01), ("product", 0.001)])
def test_nbp_equals_pandas_and_never_recommends_what_was_bought(demo, baskets, level, support):
    as_of = dt.date(2025, 6, 30)
    spec = RuleSpec(level=level, start=dt.date(2024, 7, 1), end=as_of, min_support=support, min_lift=1.0, max_rules=300)
    result = mine_rules(demo, spec)
    recs = recommend(demo, result, as_of, top_n=3)
    key = "category" if level == "category" else "product_id"
    past = baskets[baskets["order_ts"] < pd.Timestamp(as_of + dt.timedelta(days=1))]
    history = past[["customer_id", key]].drop_duplicates().rename(columns={key: "item"})
    history["item"] = history["item"].astype(str)
    bought = set(map(tuple, history[["customer_id", "item"]].to_numpy()))
    assert len(recs) > 100
    assert not any((c, i) in bought for c, i in recs[["customer_id", "item"]].to_numpy())
    expected = reference_nbp(history, result.rules, 3, numeric=level == "product")
    got = recs.sort_values(["customer_id", "rank"]).reset_index(drop=True)
    assert got[["customer_id", "rank", "item", "because"]].values.tolist() == (
        expected[["customer_id", "rank", "item", "because"]].values.tolist()
    )
    assert (got["score"].to_numpy() == expected["score"].to_numpy()).all()


def test_score_nbp_stores_a_run(demo, instance_dir):
    from data.warehouse import lineage_of
    from mining.runs import latest_run, load_run

    as_of = dt.date(2025, 9, 30)
    run_id = score_nbp(demo, as_of, {"level": "category", "top_n": 2, "lookback_days": 180}, "u_analyst")
    meta, scores = load_run(run_id)
    assert latest_run("nbp", lineage_of(demo))["run_id"] == run_id  # a run of the warehouse it was computed on
    assert meta["params"]["start"] == "2025-04-04" and meta["params"]["top_n"] == 2
    assert list(scores.columns)[: len(NBP_COLUMNS)] == NBP_COLUMNS
    assert meta["metrics"]["recommendations"] == len(scores) > 0
    assert meta["metrics"]["backtest"]["cutoff"] == "2025-07-02"
    assert 0 <= meta["metrics"]["backtest"]["hit_rate"] <= 1
    again = recommend(
        demo, mine_rules(demo, nbp_spec(as_of, {"level": "category", "lookback_days": 180})), as_of, top_n=2
    )
    pd.testing.assert_frame_equal(scores, again.reset_index(drop=True), check_dtype=False)


def test_popularity_baseline_on_the_fixture(shop):
    # popularity over all 7 baskets: milk 5, then bread, beer, diapers 4 (by key), croissant, butter 1
    result = mine_rules(shop, RuleSpec(level="product", min_support=0.1, min_lift=0))
    base = popular_items(shop, result, dt.date(2025, 1, 31), pd.Series([1, 3, 4, 99]), top_n=2)
    got = base.groupby("customer_id")["item"].agg(list).to_dict()
    # customer 1 has all but butter; 3 lacks beer and croissant; 4 has beer; 99 has bought nothing
    assert got == {1: ["4"], 3: ["5", "2"], 4: ["3", "1"], 99: ["3", "1"]}


def test_backtest_equals_pandas(demo, baskets):
    as_of, params = dt.date(2025, 12, 31), {"level": "category", "top_n": 2, "lookback_days": 365}
    got = backtest_nbp(demo, as_of, params, horizon_days=120)
    cutoff = as_of - dt.timedelta(days=120)
    assert got["cutoff"] == cutoff.isoformat()
    result = mine_rules(demo, nbp_spec(cutoff, params))
    recs = recommend(demo, result, cutoff, top_n=2)
    after = baskets[(baskets["order_ts"] >= pd.Timestamp(cutoff + dt.timedelta(days=1)))]
    future = after[["customer_id", "category"]].drop_duplicates()
    bought = set(map(tuple, future.to_numpy()))
    hit = np.array([(c, i) in bought for c, i in recs[["customer_id", "item"]].to_numpy()])
    assert got["customers"] == recs["customer_id"].nunique() > 50
    assert got["precision"] == pytest.approx(hit.mean())
    assert got["hit_rate"] == pytest.approx(pd.Series(hit).groupby(recs["customer_id"].to_numpy()).any().mean())
    # the baseline: the two most frequent categories of the rules window each customer lacks
    window = baskets[(baskets["order_ts"] >= pd.Timestamp(cutoff - dt.timedelta(days=364)))]
    window = window[window["order_ts"] < pd.Timestamp(cutoff + dt.timedelta(days=1))]
    order = (
        window.groupby("category")["order_id"]
        .nunique()
        .reset_index()
        .sort_values(["order_id", "category"], ascending=[False, True])["category"]
    )
    past = baskets[baskets["order_ts"] < pd.Timestamp(cutoff + dt.timedelta(days=1))]
    owned = past.groupby("customer_id")["category"].agg(set)
    base_hits = [
        [(c, i) in bought for i in [x for x in order if x not in owned.get(c, set())][:2]]
        for c in recs["customer_id"].unique()
    ]
    assert got["baseline_hit_rate"] == pytest.approx(np.mean([any(h) for h in base_hits]))
    assert got["baseline_precision"] == pytest.approx(np.mean([x for h in base_hits for x in h]))
    with pytest.raises(MiningError) as err:
        backtest_nbp(demo, as_of, params, horizon_days=0)
    assert err.value.key == "mining.nbp.bad_horizon"


def test_score_nbp_without_rules_raises(demo, instance_dir):
    with pytest.raises(MiningError) as err:
        score_nbp(demo, dt.date(2025, 9, 30), {"min_support": 0.99}, "u_analyst")
    assert err.value.key == "mining.nbp.no_rules"
    with pytest.raises(MiningError) as err:
        score_nbp(demo, dt.date(2025, 9, 30), {"lookback_days": 0}, "u_analyst")
    assert err.value.key == "mining.nbp.bad_lookback"

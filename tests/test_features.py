"""Customer features as of a date equal pandas on the same data; scoring runs round-trip."""

import datetime as dt

import duckdb
import numpy as np
import pandas as pd
import pytest

from mining.features import column_name, customer_features
from mining.runs import latest_run, list_runs, load_run, save_run

AS_OF = dt.date(2024, 6, 30)


@pytest.fixture(scope="module")
def con(demo_pointer):
    c = duckdb.connect(str(demo_pointer), read_only=True)
    yield c
    c.close()


@pytest.fixture(scope="module")
def features(con):
    return customer_features(con, AS_OF)


@pytest.fixture(scope="module")
def lines(con):
    df = con.execute(
        """SELECT f.*, p.category, ch.channel_group FROM fact_order_line f
           JOIN dim_product p USING (product_id) JOIN dim_channel ch ON ch.channel_id = f.channel_id"""
    ).df()
    return df[df["order_ts"] < pd.Timestamp(AS_OF + dt.timedelta(days=1))]


def test_behaviour_equals_pandas_and_ignores_the_future(features, lines, con):
    by = lines.groupby("customer_id")
    expected = pd.DataFrame(
        {
            "orders": by["order_id"].nunique(),
            "revenue": by["revenue"].sum(),
            "last": by["order_ts"].max().dt.normalize(),
        }
    )
    got = features.loc[expected.index]
    assert (got["orders"] == expected["orders"]).all()
    assert np.allclose(got["revenue"], expected["revenue"])
    recency = (pd.Timestamp(AS_OF) - expected["last"]).dt.days
    assert (got["recency_days"] == recency).all()
    # customers without an order by then have zero orders and no recency
    quiet = features.index.difference(expected.index)
    assert (features.loc[quiet, "orders"] == 0).all() and features.loc[quiet, "recency_days"].isna().all()
    later = con.execute("SELECT count(*) FROM fact_order_line WHERE order_ts >= ?", [AS_OF + dt.timedelta(days=1)])
    assert later.fetchone()[0] > 0  # there is a future to ignore
    signed = con.execute("SELECT count(*) FROM dim_customer WHERE signup_date IS NULL OR signup_date <= ?", [AS_OF])
    assert len(features) == signed.fetchone()[0]


def test_mixes_are_shares_of_revenue(features, lines):
    net = lines.groupby("customer_id")["revenue"].transform("sum")
    returned = lines.loc[net == 0, "customer_id"].unique()  # every order returned: no mix, zero shares
    assert (features.loc[returned, features.columns.str.startswith(("cat_", "chan_", "online_"))] == 0).all().all()
    lines = lines[net != 0]
    cat = lines.pivot_table(index="customer_id", columns="category", values="revenue", aggfunc="sum", fill_value=0)
    shares = cat.div(cat.sum(axis=1), axis=0)
    for category in cat.columns:
        got = features.loc[shares.index, column_name("cat", category)]
        assert np.allclose(got, shares[category])
    cat_cols = [c for c in features.columns if c.startswith("cat_")]
    buyers = features["revenue"] > 0
    assert np.allclose(features.loc[buyers, cat_cols].sum(axis=1), 1.0)
    assert np.allclose(features.loc[buyers, ["chan_online", "chan_offline"]].sum(axis=1), 1.0)
    online = lines[lines["channel_group"] == "online"].groupby("customer_id")["revenue"].sum()
    total = lines.groupby("customer_id")["revenue"].sum()
    assert np.allclose(features.loc[total.index, "online_share"], (online.reindex(total.index, fill_value=0) / total))


def test_scoring_runs_round_trip(instance_dir):
    scores = pd.DataFrame({"customer_id": [3, 1, 2], "score": [0.2, 0.9, 0.5]})
    first = save_run("test_kind", AS_OF, {"k": 3}, scores, {"auc": 0.71}, "u_analyst", lineage="lineage-a")
    second = save_run(
        "test_kind", AS_OF, {"k": 4}, scores.assign(score=0.1), {"auc": 0.6}, "u_analyst", lineage="lineage-a"
    )
    other = save_run("test_kind", AS_OF, {"k": 5}, scores, {}, "u_analyst", lineage="lineage-b")
    meta, loaded = load_run(first)
    assert meta["params"] == {"k": 3} and meta["metrics"] == {"auc": 0.71} and meta["rows"] == 3
    assert meta["lineage"] == "lineage-a"
    pd.testing.assert_frame_equal(loaded, scores)
    assert [r["run_id"] for r in list_runs("test_kind", "lineage-a")] == [second, first]
    assert latest_run("test_kind", "lineage-a")["run_id"] == second and latest_run("no_such_kind", "lineage-a") is None
    assert [r["run_id"] for r in list_runs("test_kind", "lineage-b")] == [other]  # each lineage sees its own
    assert latest_run("test_kind", "lineage-c") is None
    with pytest.raises(KeyError):
        load_run(10**9)
    with pytest.raises(ValueError):
        save_run("test_kind", AS_OF, {}, pd.DataFrame({"x": [1]}), {}, "u")


def test_column_names_keep_every_script_and_keep_similar_values_apart():
    assert column_name("cat", "Kitchen Appliances") == "cat_kitchen_appliances"
    assert column_name("cat", "주방 가전") == "cat_주방_가전"
    korean = {column_name("cat", v) for v in ("주방가전", "조리도구", "생활가전", "부품")}
    assert len(korean) == 4  # once every Korean name became "cat_other": one column for all
    assert column_name("cat", "Parts & Tools") != column_name("cat", "Parts / Tools")
    assert column_name("cat", "Parts & Tools").startswith("cat_parts_tools__")
    assert column_name("cat", "kitchen  Appliances") == column_name("cat", "Kitchen Appliances")  # one category


KOREAN = {
    "Kitchen Appliances": "주방가전",
    "Cookware": "조리도구",
    "Home Comfort": "생활가전",
    "Beauty Devices": "뷰티기기",
    "Personal Care": "퍼스널케어",
    "Commercial Kitchen": "업소용 주방",
    "Spare Parts & Consumables": "부품 & 소모품",
}


@pytest.fixture(scope="module")
def korean_con(demo_pointer, tmp_path_factory):
    """The demo warehouse with Korean category names, as a Korean manufacturer's own data would have them."""
    path = tmp_path_factory.mktemp("ko") / "ko.duckdb"
    c = duckdb.connect(str(path))
    c.execute(f"ATTACH '{demo_pointer}' AS demo (READ_ONLY)")
    for (table,) in c.execute(
        "SELECT table_name FROM duckdb_tables() WHERE database_name = 'demo' AND schema_name = 'main'"
    ).fetchall():
        c.execute(f'CREATE TABLE "{table}" AS SELECT * FROM demo."{table}"')
    c.execute("DETACH demo")
    for english, korean in KOREAN.items():
        c.execute("UPDATE dim_product SET category = ? WHERE category = ?", [korean, english])
    yield c
    c.close()


def test_korean_categories_are_one_column_each_with_the_right_shares(korean_con):
    from mining.features import value_names

    features = customer_features(korean_con, AS_OF)
    lines = korean_con.execute(
        """SELECT f.customer_id, f.revenue, p.category FROM fact_order_line f JOIN dim_product p USING (product_id)
           WHERE f.order_ts < ?""",
        [AS_OF + dt.timedelta(days=1)],
    ).df()
    cat = lines.pivot_table(index="customer_id", columns="category", values="revenue", aggfunc="sum", fill_value=0)
    cat = cat[cat.sum(axis=1) != 0]
    shares = cat.div(cat.sum(axis=1), axis=0)
    cat_cols = [c for c in features.columns if c.startswith("cat_")]
    assert len(cat_cols) == len(cat.columns) == len(KOREAN)
    for category in cat.columns:
        assert np.allclose(features.loc[shares.index, column_name("cat", category)], shares[category])
    names = value_names(korean_con)
    assert {names[c] for c in cat_cols} == set(KOREAN.values())


def test_cluster_names_and_rules_show_the_data_s_own_category_names():
    from mining.clustering.names import name_of_key, names_of_run, rule_text

    column = column_name("cat", "부품 & 소모품")
    names = {column: "부품 & 소모품", "chan_online": "online"}
    assert name_of_key(f"{column}:high+chan_online:high", "ko", names) == "부품 & 소모품 구매층 · 온라인"
    assert name_of_key(f"{column}:high#2", "en", names) == "부품 & 소모품 buyers 2"
    assert name_of_key(f"{column}:high", "en") == "부품 소모품 buyers"  # an old run without names: the column's words
    metrics = {"clusters": [{"cluster": 0, "key": f"{column}:high"}], "value_names": names}
    assert names_of_run(metrics, "ko") == {0: "부품 & 소모품 구매층"}
    assert rule_text([[column, ">", 0.4], ["recency_days", "<=", 30]], "ko", names) == (
        "매출 비중: 부품 & 소모품 > 0.4 그리고 마지막 주문 후 경과 일수 ≤ 30"
    )


def test_cluster_notes_and_channel_columns_read_in_the_reader_s_language():
    from components.clusters_view import _note_values
    from mining.clustering.names import feature_words

    assert feature_words("chan_online", "ko") == "매출 비중: 온라인"
    assert feature_words("chan_direct_sales", "en") == "Revenue share: direct sales"  # not a contract group: as stored
    note = {"key": "mining.cluster.note.recency_filled", "count": 12345}  # runs store values beside the key
    assert _note_values(note, {}, "en") == {"count": "12,345"}
    note = {"key": "mining.cluster.note.median_filled", "feature": "avg_satisfaction", "count": 3}
    assert _note_values(note, {}, "ko")["feature"] == feature_words("avg_satisfaction", "ko") != "avg_satisfaction"

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

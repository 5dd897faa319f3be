"""Recommendations on request: the model fitted once per warehouse version gives exactly what a
fresh fit gives, for one customer and for every customer, and is not fitted again on a second call."""

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from mining.errors import MiningError
from mining.recommend import serve
from mining.recommend.evaluate import recommend_with
from mining.recommend.history import MANY_IDS, customer_groups, known_customers


@pytest.fixture(scope="module")
def warehouse(demo_pointer, instance_dir):
    from data.warehouse import Warehouse
    from olap import engine

    engine.clear_cache()
    return Warehouse(demo_pointer)


@pytest.fixture(scope="module")
def as_of(warehouse):
    return serve.last_day(warehouse.cursor())


def test_all_customers_equal_a_fresh_fit(warehouse, as_of):
    cursor = warehouse.cursor()
    ids = known_customers(cursor, as_of)
    fresh, note = recommend_with(cursor, "model", as_of, ids, 3)
    assert note is None and len(ids) > 100
    got = serve.all_recommendations(as_of, 3, warehouse=warehouse)
    pd.testing.assert_frame_equal(got.reset_index(drop=True), fresh.reset_index(drop=True))
    assert set(got["customer_id"]) == set(ids) and got.groupby("customer_id").size().max() == 3


def test_one_customer_is_a_lookup_of_the_kept_model(warehouse, as_of, monkeypatch):
    cursor = warehouse.cursor()
    ids = known_customers(cursor, as_of)
    fresh, _ = recommend_with(cursor, "model", as_of, ids, 3)
    serve.kept_model(as_of, 3, warehouse=warehouse)  # fitted (or already kept)
    fits = []
    monkeypatch.setattr(serve, "_fit", lambda *a: fits.append(a))  # a second fit would record itself
    for customer in ids[[0, len(ids) // 2, -1]]:
        one = serve.recommend_for([customer], as_of, 3, warehouse=warehouse)
        want = fresh[fresh["customer_id"] == customer]
        pd.testing.assert_frame_equal(one.reset_index(drop=True), want.reset_index(drop=True))
    assert fits == []
    # a customer with no purchase (or unknown) gets their group's popular products, as a fresh fit gives
    unknown = serve.recommend_for([10**9], as_of, 3, warehouse=warehouse)
    want, _ = recommend_with(cursor, "model", as_of, [10**9], 3)
    pd.testing.assert_frame_equal(unknown.reset_index(drop=True), want.reset_index(drop=True))
    assert serve.recommend_for([], as_of, 3, warehouse=warehouse).empty


def test_bad_requests_and_an_empty_history_are_refused(warehouse):
    with pytest.raises(MiningError, match="bad_top_n"):
        serve.recommend_for([1], dt.date(2025, 1, 1), 0, warehouse=warehouse)
    with pytest.raises(MiningError, match="bad_date"):
        serve.kept_model("2025-01-01", warehouse=warehouse)
    with pytest.raises(MiningError, match="no_history"):
        serve.recommend_for([1], dt.date(1990, 1, 1), 3, warehouse=warehouse)


def test_groups_of_a_long_list_equal_the_short_way(warehouse):
    cursor = warehouse.cursor()
    ids = cursor.execute("SELECT customer_id FROM dim_customer ORDER BY random()").df()["customer_id"].to_numpy()
    ids = np.concatenate([ids, [10**9, ids[0]]])  # an unknown id and a repeat
    long = np.resize(ids, MANY_IDS + 1)
    got = customer_groups(cursor, long)
    short = np.concatenate([customer_groups(cursor, part) for part in np.array_split(long, 3)])
    assert got.tolist() == short.tolist() and "" in got.tolist() and len(set(got.tolist())) > 2

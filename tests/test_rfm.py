"""RFM: hand-made orders with known scores, segments and tiers; grid and movement
bookkeeping; the demo warehouse against pandas; a stored scoring run."""

import datetime as dt

import duckdb
import numpy as np
import pandas as pd
import pytest

from mining.errors import MiningError
from mining.rfm import (
    ARRIVED,
    GONE,
    SCORE_COLUMNS,
    SEGMENT_CELLS,
    SEGMENTS,
    movement,
    movement_between,
    quintile_score,
    rf_grid,
    rfm_table,
    score_rfm,
    segment_of,
    value_tiers,
)

AS_OF = dt.date(2025, 1, 31)
# customer: (recency days, purchase orders, net revenue)
HAND = {
    1: (0, 1, 100.0),
    2: (5, 8, 1600.0),
    3: (10, 2, 200.0),
    4: (20, 6, 900.0),
    5: (40, 3, 300.0),
    6: (60, 10, 2000.0),  # 2100 bought, 100 returned
    7: (90, 4, 400.0),
    8: (150, 9, 5000.0),
    9: (300, 5, 700.0),
    10: (500, 7, 800.0),
}
# worked by hand from score = 1 + floor(5 × share strictly worse), n = 10
EXPECTED = {  # customer: (r, f, m, segment)
    1: (5, 1, 1, "new"),
    2: (5, 4, 4, "champions"),
    3: (4, 1, 1, "promising"),
    4: (4, 3, 4, "potential_loyalists"),
    5: (3, 2, 2, "about_to_sleep"),
    6: (3, 5, 5, "loyal"),
    7: (2, 2, 2, "hibernating"),
    8: (2, 5, 5, "cant_lose"),
    9: (1, 3, 3, "at_risk"),
    10: (1, 4, 3, "at_risk"),
}


def _hand_orders() -> pd.DataFrame:
    rows, order_id = [], 0
    end = dt.datetime.combine(AS_OF, dt.time(23, 59, 59))
    for cust, (recency, n, net) in HAND.items():
        gross = net + (100.0 if cust == 6 else 0.0)
        for j in range(n):  # the last purchase `recency` days before, the others a week apart
            order_id += 1
            ts = end - dt.timedelta(days=recency + 7 * j)
            # two lines per order, so an order is not a line
            rows += [(order_id, 1, ts, cust, gross / n / 2), (order_id, 2, ts, cust, gross / n / 2)]
    order_id += 1
    rows.append((order_id, 1, end - dt.timedelta(days=1), 6, -100.0))  # a return: not a purchase
    order_id += 1
    rows.append((order_id, 1, end - dt.timedelta(days=3), 11, -50.0))  # only a return: not a buyer
    order_id += 1
    rows.append((order_id, 1, end + dt.timedelta(seconds=1), 12, 70.0))  # the next day: not yet
    order_id += 1
    rows.append((order_id, 1, end + dt.timedelta(seconds=1), 2, 999.0))  # a known buyer's future order
    return pd.DataFrame(rows, columns=["order_id", "line_no", "order_ts", "customer_id", "revenue"])


@pytest.fixture(scope="module")
def hand():
    con = duckdb.connect()
    con.register("hand_orders", _hand_orders())
    con.execute("CREATE TABLE fact_order_line AS SELECT * FROM hand_orders")
    yield con
    con.close()


@pytest.fixture(scope="module")
def demo(demo_pointer):
    con = duckdb.connect(str(demo_pointer), read_only=True)
    yield con
    con.close()


# ------------------------------------------------------------------ known answers


def test_hand_values_scores_and_segments(hand):
    table = rfm_table(hand, AS_OF).set_index("customer_id")
    assert list(table.index) == list(range(1, 11))  # 11 (only a return) and 12 (future) are not buyers
    for cust, (recency, n, net) in HAND.items():
        row = table.loc[cust]
        assert (row["recency_days"], row["frequency"]) == (recency, n)
        assert row["monetary"] == pytest.approx(net)
        assert (row["r"], row["f"], row["m"], row["segment"]) == EXPECTED[cust], cust


def test_window_keeps_only_recent_purchases(hand):
    table = rfm_table(hand, AS_OF, window_days=100).set_index("customer_id")
    assert list(table.index) == [1, 2, 3, 4, 5, 6, 7]  # 8 last bought 150 days ago
    assert table.loc[7, "frequency"] == 2  # bought 90 and 97 days ago, not 104 or 111
    assert table.loc[6, "monetary"] == pytest.approx(2100 / 10 * 6 - 100)  # 60..95 days ago, minus the return


def test_tiers_by_spend_percentile_and_order_count(hand):
    table = rfm_table(hand, AS_OF).set_index("customer_id")
    # defaults: 8 is at the 90th percentile (gold needs 85% and 3 orders); 6 and 2 silver
    assert table["tier"].to_dict() == {c: "bronze" for c in range(1, 11)} | {8: "gold", 6: "silver", 2: "silver"}
    tiers = (("platinum", 0.9, 5), ("gold", 0.7, 9), ("silver", 0.5, 1))
    got = value_tiers(table["monetary"], table["frequency"], tiers)
    # customer 2 spends enough for gold (70th pct) but has 8 orders, not 9: silver
    assert dict(zip(table.index, got, strict=True)) == {
        8: "platinum",
        6: "gold",
        2: "silver",
        4: "silver",
        10: "silver",
    } | {c: "bronze" for c in (1, 3, 5, 7, 9)}


def test_quintile_scores_with_ties_are_equal_and_order_free():
    values = np.array([1, 1, 1, 1, 1, 1, 2, 2, 3, 4])
    assert quintile_score(values).tolist() == [1, 1, 1, 1, 1, 1, 4, 4, 5, 5]
    # lower is better (recency): 4 is worst, the six 1s have four worse values -> 1 + floor(20 / 10)
    assert quintile_score(values, higher_is_better=False).tolist() == [3] * 6 + [2, 2, 1, 1]
    perm = np.random.default_rng(3).permutation(10)
    assert (quintile_score(values[perm]) == quintile_score(values)[perm]).all()
    assert quintile_score(np.arange(100)).tolist() == sorted(list(range(1, 6)) * 20)


def test_every_grid_cell_has_exactly_one_segment():
    cells = [c for cs in SEGMENT_CELLS.values() for c in cs]
    assert sorted(cells) == sorted(f"{r}{f}" for r in range(1, 6) for f in range(1, 6))
    assert len(SEGMENTS) == 11
    r, f = np.meshgrid(np.arange(1, 6), np.arange(1, 6), indexing="ij")
    assert set(segment_of(r.ravel(), f.ravel())) == set(SEGMENTS)
    assert segment_of([5, 1, 1, 3], [5, 1, 5, 3]).tolist() == ["champions", "lost", "cant_lose", "need_attention"]


def test_grid_sums_equal_the_table(hand, demo):
    for table in (rfm_table(hand, AS_OF), rfm_table(demo, dt.date(2025, 6, 30))):
        grid = rf_grid(table)
        assert len(grid) == 25 and grid[["r", "f"]].drop_duplicates().shape[0] == 25
        assert grid["customers"].sum() == len(table)
        assert grid["monetary"].sum() == pytest.approx(table["monetary"].sum())
        cell = grid.set_index(["r", "f"])
        for (r, f), part in table.groupby(["r", "f"]):
            assert cell.loc[(r, f), "customers"] == len(part)
            assert cell.loc[(r, f), "monetary"] == pytest.approx(part["monetary"].sum())
    hand_grid = rf_grid(rfm_table(hand, AS_OF)).set_index(["r", "f"])
    assert hand_grid.loc[(1, 1), "customers"] == 0 and hand_grid.loc[(1, 1), "segment"] == "lost"
    assert hand_grid.loc[(1, 3), "monetary"] == pytest.approx(700.0)


def test_movement_by_hand():
    a = pd.DataFrame({"customer_id": [1, 2, 3, 4], "segment": ["new", "new", "loyal", "lost"]})
    b = pd.DataFrame({"customer_id": [1, 2, 3, 5], "segment": ["champions", "new", "at_risk", "new"]})
    got = movement_between(a, b)
    expected = [
        (ARRIVED, "new", 1),
        ("loyal", "at_risk", 1),
        ("new", "champions", 1),
        ("new", "new", 1),
        ("lost", GONE, 1),
    ]
    assert list(got.itertuples(index=False, name=None)) == expected


@pytest.mark.parametrize("window", [None, 180])
def test_movement_conserves_customers(demo, window):
    a_day, b_day = dt.date(2024, 12, 31), dt.date(2025, 12, 31)
    moves = movement(demo, a_day, b_day, window_days=window)
    a = rfm_table(demo, a_day, window).groupby("segment").size()
    b = rfm_table(demo, b_day, window).groupby("segment").size()
    out = moves[moves["from_segment"] != ARRIVED].groupby("from_segment")["customers"].sum()
    into = moves[moves["to_segment"] != GONE].groupby("to_segment")["customers"].sum()
    assert out.sort_index().to_dict() == a.sort_index().to_dict()
    assert into.sort_index().to_dict() == b.sort_index().to_dict()
    assert (moves["customers"] > 0).all()
    assert (GONE in set(moves["to_segment"])) == (window is not None)  # without a window nobody leaves


# ------------------------------------------------------------------ the demo warehouse against pandas


@pytest.mark.parametrize("window", [None, 365])
def test_demo_values_equal_pandas(demo, window):
    as_of = dt.date(2025, 3, 15)
    lines = demo.execute("SELECT order_id, customer_id, order_ts, revenue FROM fact_order_line").df()
    end = pd.Timestamp(as_of) + pd.Timedelta(days=1)
    start = end - pd.Timedelta(days=window) if window else pd.Timestamp.min
    lines = lines[(lines["order_ts"] < end) & (lines["order_ts"] >= start)]
    orders = lines.groupby(["customer_id", "order_id"]).agg(ts=("order_ts", "min"), revenue=("revenue", "sum"))
    orders = orders.reset_index()
    buys = orders[orders["revenue"] > 0]
    expected = pd.DataFrame(
        {
            "recency_days": (pd.Timestamp(as_of) - buys.groupby("customer_id")["ts"].max().dt.normalize()).dt.days,
            "frequency": buys.groupby("customer_id").size(),
        }
    )
    expected["monetary"] = orders.groupby("customer_id")["revenue"].sum().reindex(expected.index)
    got = rfm_table(demo, as_of, window).set_index("customer_id")
    assert list(got.index) == list(expected.index)
    assert (got["recency_days"] == expected["recency_days"]).all()
    assert (got["frequency"] == expected["frequency"]).all()
    assert np.allclose(got["monetary"], expected["monetary"])
    # scores equal the rank rule computed independently with pandas' rank(method="min")
    n = len(got)
    f_rank = expected["frequency"].rank(method="min") - 1
    assert (got["f"] == np.minimum(1 + (5 * f_rank) // n, 5).astype(int)).all()
    r_worse = n - expected["recency_days"].rank(method="max")
    assert (got["r"] == np.minimum(1 + (5 * r_worse) // n, 5).astype(int)).all()


def test_demo_segments_follow_behaviour(demo):
    table = rfm_table(demo, dt.date(2025, 12, 31))
    by = table.groupby("segment")
    assert by["recency_days"].median()["champions"] < by["recency_days"].median()["lost"]
    assert by["frequency"].mean()["champions"] > by["frequency"].mean()["hibernating"]
    share = table.groupby("tier")["monetary"].sum() / table["monetary"].sum()
    assert (
        share["platinum"] > share["bronze"] * (table["tier"] == "platinum").mean() / (table["tier"] == "bronze").mean()
    )


# ------------------------------------------------------------------ bad input


def test_bad_input_raises_mining_errors(hand):
    with pytest.raises(MiningError, match="mining.rfm.too_few") as info:
        rfm_table(hand, dt.date(2020, 1, 1))
    assert info.value.values["customers"] == 0
    with pytest.raises(MiningError, match="mining.rfm.bad_window"):
        rfm_table(hand, AS_OF, window_days=0)
    with pytest.raises(MiningError, match="mining.rfm.dates_order"):
        movement(hand, AS_OF, AS_OF)
    with pytest.raises(MiningError, match="mining.rfm.unknown_param"):
        score_rfm(hand, AS_OF, "tester", {"windows": 3})


# ------------------------------------------------------------------ one stored run


def test_score_run_is_stored_with_every_column(demo, instance_dir):
    from mining.runs import load_run

    as_of = dt.date(2025, 12, 31)
    steps = []
    run_id = score_rfm(demo, as_of, "tester", {"holdout_days": 365}, progress=lambda f, k: steps.append(f))
    meta, scores = load_run(run_id)
    assert meta["kind"] == "rfm" and meta["created_by"] == "tester"
    assert tuple(scores.columns) == SCORE_COLUMNS
    table = rfm_table(demo, as_of)
    assert list(scores["customer_id"]) == list(table["customer_id"])
    assert (scores["segment"] == table["segment"]).all()
    assert scores["p_alive"].between(0, 1).all() and (scores["clv_12m"] >= 0).all()
    assert meta["metrics"]["segments"] == table["segment"].value_counts().to_dict()
    holdout = meta["metrics"]["holdout"]
    assert holdout["cutoff"] == "2024-12-31" and len(holdout["table"]) > 3
    assert steps[0] == 0.0 and steps[-1] == 1.0 and steps == sorted(steps)

"""Differential: what the Explore page shows equals pandas on the same generated data."""

import datetime as dt

import duckdb
import pandas as pd
import pytest

from components import explore_view as explore
from components.explore_chart import table_rows
from data import warehouse as wh
from olap.catalog import Catalog
from olap.explore_state import ExploreState, view_frame


@pytest.fixture(scope="module")
def demo(demo_pointer):
    """Point the process's warehouse at the demo data for these tests."""
    with wh.use_warehouse(demo_pointer) as reader:
        yield reader


@pytest.fixture(scope="module")
def lines(demo_pointer):
    con = duckdb.connect(str(demo_pointer), read_only=True)
    df = con.execute(
        """SELECT f.order_id, f.order_ts, f.customer_id, f.revenue, f.cost, c.region, c.country,
                  c.customer_type, p.category
           FROM fact_order_line f JOIN dim_customer c USING (customer_id) JOIN dim_product p USING (product_id)"""
    ).df()
    con.close()
    df["quarter"] = df["order_ts"].dt.year.astype(str) + "-Q" + df["order_ts"].dt.quarter.astype(str)
    return df


def between(df, start, end):
    return df[(df["order_ts"] >= pd.Timestamp(start)) & (df["order_ts"] < pd.Timestamp(end) + pd.Timedelta(days=1))]


def test_chart_view_with_comparison_equals_pandas(demo, lines):
    state = ExploreState.from_query(
        {
            "m": ["revenue", "orders", "margin_pct"],
            "r": "geo.country",
            "f.geo.region": "Europe",
            "p": "2025-Q2",
            "cmp": "1",
        },
        Catalog(data_start=dt.date(2023, 1, 1), data_end=dt.date(2025, 12, 31)),
    )
    df = view_frame(state).set_index("geo.country")
    europe = lines[lines["region"] == "Europe"]
    now = between(europe, "2025-04-01", "2025-06-30").groupby("country")
    before = between(europe, "2025-01-01", "2025-03-31").groupby("country")
    pd.testing.assert_series_equal(df["revenue"].sort_index(), now["revenue"].sum().sort_index(), check_names=False)
    pd.testing.assert_series_equal(
        df["orders"].sort_index(), now["order_id"].nunique().astype(float).sort_index(), check_names=False
    )
    margin = (now["revenue"].sum() - now["cost"].sum()) / now["revenue"].sum()
    pd.testing.assert_series_equal(df["margin_pct"].sort_index(), margin.sort_index(), check_names=False)
    pd.testing.assert_series_equal(
        df["revenue__prev"].sort_index(), before["revenue"].sum().reindex(df.index).sort_index(), check_names=False
    )
    rows = {r["_member"]: r for r in table_rows(state, df.reset_index(), "en")}
    germany = rows["Germany"]
    assert germany["revenue__change"] == pytest.approx(germany["revenue"] / germany["revenue__prev"] - 1)


def test_pivot_of_a_distinct_count_has_exact_totals(demo, lines):
    state = ExploreState.from_query(
        {"m": "customers", "r": "customer.type", "c": "time.quarter", "view": "pivot", "p": "2025"},
        Catalog(data_start=dt.date(2023, 1, 1), data_end=dt.date(2025, 12, 31)),
    )
    rows, columns, total, members = explore.pivot_table(state, "en")
    year = between(lines, "2025-01-01", "2025-12-31")
    assert members == ["2025-Q1", "2025-Q2", "2025-Q3", "2025-Q4"]
    cells = year.groupby(["customer_type", "quarter"])["customer_id"].nunique()
    for row in rows:
        for i, quarter in enumerate(members):
            assert row[f"c{i}"] == cells[(row["_member"], quarter)]
        # a customer buying in two quarters counts once in the row total
        assert row["_total"] == year[year["customer_type"] == row["_member"]]["customer_id"].nunique()
        assert row["_total"] < sum(row[f"c{i}"] for i in range(4))
    (grand,) = total
    assert grand["_total"] == year["customer_id"].nunique()
    for i, quarter in enumerate(members):
        assert grand[f"c{i}"] == year[year["quarter"] == quarter]["customer_id"].nunique()
    assert [c["headerName"] for c in columns[1:-1]] == ["Q1 2025", "Q2 2025", "Q3 2025", "Q4 2025"]


def test_the_answers_sent_ahead_are_the_drills_of_the_biggest_members(demo, lines, monkeypatch):
    """``steps_ahead``: the drill-down of each of the chart's biggest members (what a click on it shows),
    numbers equal to pandas, filed under the version they were read from; nothing for another view or
    with anticipation turned off."""
    valid = Catalog(data_start=dt.date(2023, 1, 1), data_end=dt.date(2025, 12, 31))
    state = ExploreState.from_query({"m": "revenue", "r": "geo.region", "p": "2025"}, valid)
    ahead = explore.steps_ahead(state, "en")
    year = between(lines, "2025-01-01", "2025-12-31")
    by_region = year.groupby("region")["revenue"].sum().sort_values(ascending=False)
    assert list(ahead["steps"]) == list(by_region.index[: explore.AHEAD_MEMBERS])
    assert ahead["version"] == wh.get_warehouse().version()
    for region, step in ahead["steps"].items():
        assert step == explore.payload(
            ExploreState.from_query({"m": "revenue", "r": "geo.country", "p": "2025", "f.geo.region": region}, valid),
            "en",
        )
        shown = {row["_member"]: row["revenue"] for row in step["rows"]}
        expected = year[year["region"] == region].groupby("country")["revenue"].sum()
        expected = expected[expected != 0]
        assert shown.keys() == set(expected.index)
        for country, value in expected.items():
            assert shown[country] == pytest.approx(value, abs=0.01)
    pivot = ExploreState.from_query({"m": "revenue", "r": "geo.region", "p": "2025", "view": "pivot"}, valid)
    assert explore.steps_ahead(pivot, "en")["steps"] == {}
    monkeypatch.setenv("XRM_ANTICIPATE", "0")
    assert explore.steps_ahead(state, "en")["steps"] == {}

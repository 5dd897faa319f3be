"""KPIs on the tiny fixture warehouse against values computed by hand (see tests/fixtures.py)."""

import datetime as dt

import duckdb
import pytest

from olap.catalog import read_catalog
from olap.filters import Filters
from olap.kpi import compute_kpis, top_customers, top_products
from olap.period import parse_period
from tests.fixtures import build_tiny_warehouse


@pytest.fixture(scope="module")
def cur(tmp_path_factory):
    path = build_tiny_warehouse(tmp_path_factory.mktemp("tiny") / "tiny.duckdb")
    con = duckdb.connect(str(path), read_only=True)
    yield con.cursor()
    con.close()


def period(token):
    return parse_period(token, dt.date(2024, 10, 1), dt.date(2025, 12, 31))


def test_q4_kpis_match_hand_computation(cur):
    k = compute_kpis(cur, period("2025-Q4"), Filters()).current
    # orders 2 (10), 3 (100), 4 (400), 6 (-10 return), 8 (50)
    assert k["revenue"] == pytest.approx(550)
    assert k["gross_margin"] == pytest.approx(550 - 390)
    assert k["orders"] == 5
    assert k["active_customers"] == 4
    assert k["new_customers"] == 1  # customer 4's first order is in Dec 2025
    assert k["repeat_rate"] == pytest.approx(1 / 4)  # only customer 1 ordered twice
    assert k["aov"] == pytest.approx(110)
    assert k["online_share"] == pytest.approx(50 / 550)


def test_comparison_periods(cur):
    result = compute_kpis(cur, period("2025-Q4"), Filters())
    assert result.previous["revenue"] == pytest.approx(30)  # Q3 2025: order 5
    assert result.previous["new_customers"] == 1
    assert result.last_year["revenue"] == pytest.approx(65 + 200)  # Q4 2024: orders 1 and 7
    assert result.last_year["gross_margin"] == pytest.approx(265 - 162)
    # customers 1 and 2 first ordered in Q4 2024, but customer 2 signed up in 2019,
    # before the data begins: only customer 1 counts as new
    assert result.last_year["new_customers"] == 1
    assert result.last_year["online_share"] == pytest.approx(65 / 265)


def test_region_filter(cur):
    k = compute_kpis(cur, period("2025-Q4"), Filters(regions=("Asia",))).current
    assert k["revenue"] == pytest.approx(160)
    assert (k["orders"], k["active_customers"], k["new_customers"]) == (3, 2, 1)
    assert k["repeat_rate"] == pytest.approx(0.5)


def test_channel_filter_counts_orders_in_scope_only(cur):
    k = compute_kpis(cur, period("2025-Q4"), Filters(channel_group="offline")).current
    assert k["revenue"] == pytest.approx(500)
    assert (k["orders"], k["active_customers"], k["new_customers"]) == (2, 2, 0)
    assert k["repeat_rate"] == 0
    assert k["online_share"] == 0


def test_empty_filter_gives_zeros_not_errors(cur):
    k = compute_kpis(cur, period("2025-Q4"), Filters(regions=("Europe",), countries=("Japan",))).current
    assert k["revenue"] == 0 and k["orders"] == 0 and k["aov"] is None and k["repeat_rate"] is None


def test_sparkline_is_monthly_over_twelve_months(cur):
    result = compute_kpis(cur, period("2025-Q4"), Filters())
    assert len(result.spark_months) == 12 and result.spark_months[-1] == dt.date(2025, 12, 1)
    assert result.spark["revenue"][-1] == pytest.approx(400 - 10 + 50)
    assert result.spark["revenue"][-3] == pytest.approx(10)  # October
    assert result.spark["revenue"][0] == 0  # January 2025


def test_sparkline_bars_stand_from_zero_with_each_month_value_on_hover():
    from components.kpi_card import sparkline

    months = [dt.date(2025, m, 1) for m in (1, 2, 3, 4)]
    spark = sparkline([0, 50.0, None, 200.0], months, "revenue", "en").to_plotly_json()["props"]
    cells = [c.to_plotly_json()["props"] for c in spark["children"]]
    assert [c["style"].get("--height") for c in cells] == ["0.00%", "25.00%", None, "100.00%"]
    assert all(c["style"]["--bottom"] == "0.00%" for c in cells if c["style"])
    assert "none" in cells[2]["className"] and "now" in cells[3]["className"]  # a month without a value
    assert cells[1]["data-tip"] == "Feb 2025: $50"
    assert spark["role"] == "img" and spark["aria-label"].count(";") == 3
    # a month below zero hangs below the zero line, the others stand on it
    below = sparkline([-25.0, 75.0], months[:2], "revenue", "en").to_plotly_json()["props"]["children"]
    low, high = (c.to_plotly_json()["props"]["style"] for c in below)
    assert low == {"--bottom": "0.00%", "--height": "25.00%"} and high == {"--bottom": "25.00%", "--height": "75.00%"}


def test_quotes_and_unicode_in_filter_values_are_just_values(cur):
    k = compute_kpis(cur, period("2025"), Filters(countries=("Germany' OR '1'='1", "Deutschland ü"))).current
    assert k["orders"] == 0


def test_top_lists(cur):
    customers = top_customers(cur, period("2025-Q4"), Filters())
    assert list(customers["customer_id"]) == [2, 1, 4, 3]
    assert customers["revenue"].tolist() == pytest.approx([400, 110, 50, -10])
    products = top_products(cur, period("2025-Q4"), Filters())
    assert products.iloc[0]["name"] == "Blender" and products.iloc[0]["units"] == 12


def test_the_catalog_of_the_tiny_warehouse(cur):
    m = read_catalog(cur)
    assert set(m.regions) == {"Asia", "Europe", "North America"}
    assert m.countries["Japan"] == "Asia"
    assert m.data_start == dt.date(2024, 10, 2) and m.data_end == dt.date(2025, 12, 24)
    assert m.channels == tuple(r[0] for r in cur.execute("SELECT name FROM dim_channel ORDER BY channel_id").fetchall())
    assert m.campaign_channels == ()  # the tiny warehouse has no campaign tables
    revenue, cost = cur.execute("SELECT sum(revenue), sum(cost) FROM fact_order_line").fetchone()
    assert m.margin == pytest.approx(100 * (revenue - cost) / revenue)
    assert not m.empty


def test_a_catalog_is_read_once_per_warehouse_version(tmp_path):
    from olap import catalog as cat

    class Reader:  # a warehouse whose version the test sets
        version = "v1"

        def cursor_with_version(self):
            return None, self.version

    reader, calls = Reader(), []
    compute = lambda cursor: calls.append(reader.version) or len(calls)  # noqa: E731
    assert cat.versioned(reader, "t", compute) == cat.versioned(reader, "t", compute) == 1
    reader.version = "v2"
    assert cat.versioned(reader, "t", compute) == 2 and calls == ["v1", "v2"]


def test_partial_quarter_on_the_tiny_data(cur):
    # the tiny data really ends on 2025-12-24: Q4 covers 85 days, Q3 and Q4 2024 their first 86 and 85
    q4 = parse_period("2025-Q4", dt.date(2024, 10, 1), dt.date(2025, 12, 24))
    result = compute_kpis(cur, q4, Filters())
    assert result.current["revenue"] == pytest.approx(550)  # as the whole quarter: no data after Dec 24
    assert result.previous["revenue"] == pytest.approx(30)  # order 5 on Jul 15, inside Jul 1 – Sep 24
    assert result.last_year["revenue"] == pytest.approx(265)  # Oct 2 and Nov 10, inside Oct 1 – Dec 24
    assert result.compared_days == {"previous": 86, "last_year": 85}
    # cut on Dec 14 instead: customer 4's order of Dec 15 and the return of Dec 24 fall outside
    cut = compute_kpis(cur, parse_period("2025-Q4", dt.date(2024, 10, 1), dt.date(2025, 12, 14)), Filters())
    assert cut.current["revenue"] == pytest.approx(510) and cut.current["new_customers"] == 0
    assert cut.current["orders"] == 3

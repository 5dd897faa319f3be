"""Issue 9, defect 3: a partial last period is compared like for like, and never chosen by default.

Two generated warehouses: one whose data ends 8 days into Q3 2025 (2025-07-08), one that ends
exactly on Q2 2025's last day. Every figure is compared with SQL written here on the fact table
over the same day ranges (the definitions of olap/kpi.py, not its aggregates).
"""

import datetime as dt

import duckdb
import pytest

from components.executive_view import render_state
from data.warehouse import Warehouse
from olap import engine, insights, kpi
from olap.analyses import AnalysesState, Context, run_analysis
from olap.catalog import Catalog, catalog
from olap.dashboard import DashboardState
from olap.explore_state import load_state
from olap.filters import Filters
from olap.period import default_period, like_for_like, parse_period, previous_span

D = dt.date
MID_QUARTER_END = D(2025, 7, 8)
QUARTER_END = D(2025, 6, 30)


def _build(folder, end_date: dt.date):
    from data.demo import generate
    from data.warehouse import write_version
    from jobs.derive import build_derived

    pointer = folder / "xrm.duckdb"

    def write(con):
        generate(con, scale=0.02, seed=11, end_date=end_date)
        build_derived(con)

    write_version(write, pointer)
    return Warehouse(pointer)


@pytest.fixture(scope="module")
def mid(tmp_path_factory):
    return _build(tmp_path_factory.mktemp("mid-quarter"), MID_QUARTER_END)


@pytest.fixture(scope="module")
def whole(tmp_path_factory):
    return _build(tmp_path_factory.mktemp("quarter-end"), QUARTER_END)


FILTERS = [
    Filters(),
    Filters(channel_group="online"),
    Filters(customer_type="B2B"),
    Filters(regions=("Europe",), channel_group="offline"),
]

KPI_SQL = """
WITH firsts AS (SELECT customer_id, min(order_ts)::DATE AS first_day FROM fact_order_line GROUP BY customer_id),
history AS (SELECT min(first_day) AS start FROM firsts),
scope AS (
    SELECT f.order_id, f.customer_id, f.revenue, f.cost, ch.channel_group
    FROM fact_order_line f JOIN dim_customer c USING (customer_id) JOIN dim_channel ch USING (channel_id)
    WHERE f.order_ts >= $first AND f.order_ts < $after AND {where}
),
per_customer AS (SELECT customer_id, count(DISTINCT order_id) AS n FROM scope GROUP BY customer_id)
SELECT (SELECT coalesce(sum(revenue), 0) FROM scope) AS revenue,
       (SELECT coalesce(sum(revenue - cost), 0) FROM scope) AS gross_margin,
       (SELECT count(DISTINCT order_id) FROM scope) AS orders,
       (SELECT count(*) FROM per_customer) AS active_customers,
       (SELECT count(*) FROM per_customer WHERE n >= 2) AS repeat_customers,
       (SELECT count(*) FROM per_customer p JOIN firsts f USING (customer_id) JOIN dim_customer c USING (customer_id)
        CROSS JOIN history h
        WHERE f.first_day BETWEEN $first AND $last AND coalesce(c.signup_date, f.first_day) >= h.start)
           AS new_customers,
       (SELECT coalesce(sum(revenue), 0) FROM scope WHERE channel_group = 'online') AS online_revenue
"""


def _where(f: Filters) -> tuple[str, dict]:
    clauses, params = [], {}
    if f.regions:
        clauses.append("c.region IN (SELECT unnest($regions))")
        params["regions"] = list(f.regions)
    if f.channel_group:
        clauses.append("ch.channel_group = $channel")
        params["channel"] = f.channel_group
    if f.customer_type:
        clauses.append("c.customer_type = $ctype")
        params["ctype"] = f.customer_type
    return " AND ".join(clauses) or "TRUE", params


def sql_kpis(warehouse, first: dt.date, last: dt.date, f: Filters | None = None) -> dict:
    """The eight KPIs over exactly the days ``first``–``last``, from the fact table."""
    where, params = _where(f or Filters())
    params.update(first=first, last=last, after=last + dt.timedelta(days=1))
    row = warehouse.cursor().execute(KPI_SQL.format(where=where), params).df().iloc[0]
    revenue, orders, active = float(row["revenue"]), int(row["orders"]), int(row["active_customers"])
    return {
        "revenue": revenue,
        "gross_margin": float(row["gross_margin"]),
        "orders": orders,
        "active_customers": active,
        "new_customers": int(row["new_customers"]),
        "repeat_rate": int(row["repeat_customers"]) / active if active else None,
        "aov": revenue / orders if orders else None,
        "online_share": float(row["online_revenue"]) / revenue if revenue else None,
    }


def _assert_kpis(got: dict, want: dict, label) -> None:
    for key in kpi.KPI_KEYS:
        assert got[key] == pytest.approx(want[key], rel=1e-9, abs=1e-6), (label, key)


# --------------------------------------------------------------------------- the rule (no data)


def test_the_quarter_holding_the_last_day_is_the_default_only_when_complete():
    assert default_period(D(2025, 7, 8)).token == "2025-Q2"
    assert default_period(D(2025, 6, 30)).token == "2025-Q2"
    assert not default_period(D(2025, 6, 30)).partial
    # data ending on a month's last day that is not the quarter's: the quarter is still partial
    assert default_period(D(2025, 8, 31)).token == "2025-Q2"
    assert default_period(D(2025, 9, 30)).token == "2025-Q3"
    # no complete quarter in the data: the only quarter, compared like for like
    only = default_period(D(2025, 8, 20), data_start=D(2025, 7, 3))
    assert (only.token, only.partial, only.days) == ("2025-Q3", True, 51)


def test_like_for_like_offsets_clip_to_shorter_months():
    # 8 days into Q3 → the first 8 days of Q2 and of Q3 last year
    assert like_for_like(D(2025, 7, 1), D(2025, 9, 30), D(2025, 7, 8), 3) == (D(2025, 4, 1), D(2025, 4, 8))
    # March 1–30 → all of February (28 days), never into March
    assert like_for_like(D(2025, 3, 1), D(2025, 3, 31), D(2025, 3, 30), 1) == (D(2025, 2, 1), D(2025, 2, 28))
    # Q1 2025 through March 30 → October, November and December 1–30
    assert like_for_like(D(2025, 1, 1), D(2025, 3, 31), D(2025, 3, 30), 3) == (D(2024, 10, 1), D(2024, 12, 30))
    # a year through February 29 is two whole months: January and February of the year before
    assert like_for_like(D(2024, 1, 1), D(2024, 12, 31), D(2024, 2, 29), 12) == (D(2023, 1, 1), D(2023, 2, 28))
    # a custom range of days the data cuts short keeps as many days as it covers
    assert previous_span(D(2025, 7, 5), D(2025, 7, 14), D(2025, 7, 8)) == (D(2025, 6, 25), D(2025, 6, 28))


def test_rolling_twelve_months_and_year_to_date_end_on_the_last_day():
    start = D(2023, 1, 1)
    l12m = parse_period("L12M", start, MID_QUARTER_END)
    assert (l12m.first_day, l12m.last_day, l12m.partial) == (D(2024, 7, 9), D(2025, 7, 8), False)
    assert (l12m.previous().first_day, l12m.previous().last_day) == (D(2023, 7, 9), D(2024, 7, 8))
    assert l12m.last_year() == l12m.previous()
    ytd = parse_period("YTD", start, MID_QUARTER_END)
    assert (ytd.first_day, ytd.last_day, ytd.partial, ytd.days) == (D(2025, 1, 1), D(2025, 7, 8), True, 189)
    assert (ytd.last_year().first_day, ytd.last_year().last_day) == (D(2024, 1, 1), D(2024, 7, 8))
    # data ending on a month's last day: twelve whole months, as before
    whole = parse_period("L12M", start, QUARTER_END)
    assert (whole.first_day, whole.last_day, whole.whole_months) == (D(2024, 7, 1), D(2025, 6, 30), True)


# --------------------------------------------------------------------------- dashboard


def test_the_generated_data_ends_where_the_test_says(mid, whole):
    assert catalog(mid).data_end == MID_QUARTER_END
    assert catalog(whole).data_end == QUARTER_END


def test_dashboard_defaults_to_the_last_complete_quarter(mid, whole):
    state = DashboardState.from_query({}, catalog(mid))
    assert (state.period.token, state.period.partial) == ("2025-Q2", False)
    assert state.problems == ()
    # data ending on the quarter's last day: that quarter is complete and the default
    state = DashboardState.from_query({}, catalog(whole))
    assert (state.period.token, state.period.partial, state.period.last_day) == ("2025-Q2", False, QUARTER_END)
    result = kpi.compute_kpis(whole.cursor(), state.period, Filters())
    _assert_kpis(result.current, sql_kpis(whole, D(2025, 4, 1), D(2025, 6, 30)), "Q2")
    _assert_kpis(result.previous, sql_kpis(whole, D(2025, 1, 1), D(2025, 3, 31)), "Q1")
    assert result.compared_days is None


@pytest.mark.parametrize("f", FILTERS, ids=["all", "online", "b2b", "europe-offline"])
def test_partial_quarter_is_compared_with_the_same_days(mid, f):
    period = DashboardState.from_query({"period": "2025-Q3"}, catalog(mid)).period
    assert (period.partial, period.days, period.span_days) == (True, 8, 92)
    result = kpi.compute_kpis(mid.cursor(), period, f)
    _assert_kpis(result.current, sql_kpis(mid, D(2025, 7, 1), D(2025, 7, 8), f), "current")
    _assert_kpis(result.previous, sql_kpis(mid, D(2025, 4, 1), D(2025, 4, 8), f), "previous")
    _assert_kpis(result.last_year, sql_kpis(mid, D(2024, 7, 1), D(2024, 7, 8), f), "last_year")
    assert result.compared_days == {"previous": 8, "last_year": 8}


def test_partial_quarter_change_is_not_the_whole_quarter_change(mid):
    period = parse_period("2025-Q3", *_bounds(mid))
    result = kpi.compute_kpis(mid.cursor(), period, Filters())
    whole_q2 = sql_kpis(mid, D(2025, 4, 1), D(2025, 6, 30))
    naive = kpi.change(result.current["revenue"], whole_q2["revenue"])
    fair = kpi.change(result.current["revenue"], result.previous["revenue"])
    lfl = sql_kpis(mid, D(2025, 4, 1), D(2025, 4, 8))
    assert fair == pytest.approx((result.current["revenue"] - lfl["revenue"]) / abs(lfl["revenue"]))
    assert naive < -0.8 and abs(fair) < abs(naive)  # 8 days against 91: the defect the issue saw


def test_partial_month_and_year_and_l12m_equal_sql(mid):
    cases = {
        "2025-07": [(D(2025, 7, 1), D(2025, 7, 8)), (D(2025, 6, 1), D(2025, 6, 8)), (D(2024, 7, 1), D(2024, 7, 8))],
        "2025": [(D(2025, 1, 1), D(2025, 7, 8)), (D(2024, 1, 1), D(2024, 7, 8)), (D(2024, 1, 1), D(2024, 7, 8))],
        "L12M": [(D(2024, 7, 9), D(2025, 7, 8)), (D(2023, 7, 9), D(2024, 7, 8)), (D(2023, 7, 9), D(2024, 7, 8))],
        "YTD": [(D(2025, 1, 1), D(2025, 7, 8)), (D(2024, 1, 1), D(2024, 7, 8)), (D(2024, 1, 1), D(2024, 7, 8))],
    }
    for token, windows in cases.items():
        period = parse_period(token, *_bounds(mid))
        result = kpi.compute_kpis(mid.cursor(), period, Filters(channel_group="online"))
        for got, (first, last) in zip((result.current, result.previous, result.last_year), windows, strict=True):
            _assert_kpis(got, sql_kpis(mid, first, last, Filters(channel_group="online")), (token, first))


def test_top_lists_and_geography_of_a_partial_quarter_equal_sql(mid):
    period = parse_period("2025-Q3", *_bounds(mid))
    cursor = mid.cursor()
    want = dict(
        cursor.execute(
            """SELECT c.region, sum(f.revenue) FROM fact_order_line f JOIN dim_customer c USING (customer_id)
               WHERE f.order_ts >= ? AND f.order_ts < ? GROUP BY 1""",
            [D(2025, 7, 1), D(2025, 7, 9)],
        ).fetchall()
    )
    got = kpi.revenue_by_geography(cursor, period, Filters(), "region")
    assert dict(zip(got["member"], got["revenue"], strict=True)) == pytest.approx(want)
    top = kpi.top_products(cursor, period, Filters(), limit=5)
    products = dict(
        cursor.execute(
            """SELECT product_id, sum(revenue) FROM fact_order_line WHERE order_ts >= ? AND order_ts < ?
               GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 5""",
            [D(2025, 7, 1), D(2025, 7, 9)],
        ).fetchall()
    )
    assert dict(zip(top["product_id"], top["revenue"], strict=True)) == pytest.approx(products)


def test_the_page_says_partial_in_both_languages(mid):
    state = DashboardState.from_query({"period": "2025-Q3"}, catalog(mid))
    compare, _message, cards, *_ = render_state(mid.cursor(), state, "en")
    assert compare == (
        "Q3 2025 (partial: 8 of 92 days, to Jul 8, 2025) vs the same part of the previous period "
        "(Apr 1, 2025 – Apr 8, 2025) and of last year (Jul 1, 2024 – Jul 8, 2024)"
    )
    text = str(cards)
    assert "vs previous (its first 8 days)" in text and "vs last year (first 8 days)" in text
    compare_ko, _message, cards_ko, *_ = render_state(mid.cursor(), state, "ko")
    assert compare_ko.startswith("2025년 3분기 (부분 기간: 92일 중 8일, 2025. 7. 8.까지)")
    assert "전년 대비 (처음 8일)" in str(cards_ko)
    # a complete period keeps the plain words
    full = DashboardState.from_query({}, catalog(mid))
    compare_full, _message, cards_full, *_ = render_state(mid.cursor(), full, "en")
    assert compare_full == "Q2 2025 vs previous period (Jan–Mar 2025) and last year (Apr–Jun 2024)"
    assert "first 8 days" not in str(cards_full)


def test_period_picker_marks_the_partial_periods(mid):
    from olap.labels import period_options

    options = {o["value"]: o["label"] for o in period_options(*_bounds(mid), "en")}
    assert options["2025-Q3"] == "Q3 2025 (partial)" and options["2025-07"] == "Jul 2025 (partial)"
    assert options["2025"] == "2025 (partial)"
    assert options["2025-Q2"] == "Q2 2025" and options["L12M"] == "Last 12 months"
    ko = {o["value"]: o["label"] for o in period_options(*_bounds(mid), "ko")}
    assert ko["2025-Q3"] == "2025년 3분기 (부분 기간)"


# --------------------------------------------------------------------------- Explore and Analyses


def _bounds(warehouse) -> tuple[dt.date, dt.date]:
    valid = catalog(warehouse)
    return valid.data_start, valid.data_end


def _revenue_by_region(warehouse, first, last) -> dict:
    rows = warehouse.cursor().execute(
        """SELECT c.region, sum(f.revenue) FROM fact_order_line f JOIN dim_customer c USING (customer_id)
           WHERE f.order_ts >= ? AND f.order_ts < ? GROUP BY 1""",
        [first, last + dt.timedelta(days=1)],
    )
    return dict(rows.fetchall())


def test_explore_compares_a_partial_quarter_like_for_like(mid):
    state = load_state({"p": "2025-Q3", "cmp": "1"}, mid)
    assert (state.spec.start, state.spec.end, state.partial) == (D(2025, 7, 1), D(2025, 9, 30), True)
    frame = engine.execute_compared(state.spec, mid)
    now = _revenue_by_region(mid, D(2025, 7, 1), D(2025, 7, 8))
    before = _revenue_by_region(mid, D(2025, 4, 1), D(2025, 4, 8))
    assert dict(zip(frame["geo.region"], frame["revenue"], strict=True)) == pytest.approx(now)
    previous = frame.dropna(subset=["revenue__prev"])
    assert dict(zip(previous["geo.region"], previous["revenue__prev"], strict=True)) == pytest.approx(before)
    from components.explore_chart import table_columns

    headers = [c["headerName"] for c in table_columns(state, "en")]
    assert "Revenue (previous, same part)" in headers
    assert "매출 (직전 기간의 같은 부분)" in [c["headerName"] for c in table_columns(state, "ko")]
    found = insights.contributions(state.spec, mid)
    assert (found.previous_start, found.previous_end, found.partial) == (D(2025, 4, 1), D(2025, 4, 8), True)
    assert found.previous == pytest.approx(sum(before.values()))
    assert found.current == pytest.approx(sum(now.values()))
    en = insights.sentences_for(state.spec, "en", mid)
    assert en[0] == (
        "Q3 2025 is partial: the data ends on Jul 8, 2025 (8 of 92 days), "
        "so it is compared with the same part of the period before."
    )
    assert en[1].endswith("against the same days of Q2 2025 (Apr 1, 2025 – Apr 8, 2025).")
    ko = insights.sentences_for(state.spec, "ko", mid)
    assert ko[0].startswith("부분 기간: 2025년 3분기") and "2025년 2분기의 같은 기간" in ko[1]


def test_explore_and_analyses_l12m_match_the_dashboard(mid):
    start, end = _bounds(mid)
    dashboard = parse_period("L12M", start, end)
    explore = load_state({"p": "L12M"}, mid)
    analyses = AnalysesState.from_query({"p": "L12M"}, Catalog(start, end))
    assert explore.period == analyses.period == "L12M"
    assert (explore.spec.start, explore.spec.end) == (dashboard.first_day, dashboard.last_day)
    assert (analyses.start, analyses.end) == (dashboard.first_day, dashboard.last_day)
    assert not explore.partial
    found = insights.contributions(explore.spec, mid)
    previous = dashboard.previous()
    assert (found.previous_start, found.previous_end) == (previous.first_day, previous.last_day)
    result = kpi.compute_kpis(mid.cursor(), dashboard, Filters())
    assert found.current == pytest.approx(result.current["revenue"])
    assert found.previous == pytest.approx(result.previous["revenue"])


def test_every_page_opens_on_the_dashboards_default_period(mid):
    start, end = _bounds(mid)
    valid = Catalog(start, end)
    expected = DashboardState.from_query({}, valid).period.token
    assert load_state({}, mid).period == AnalysesState.from_query({}, valid).period == expected


def test_analyses_insights_say_partial(mid):
    start, end = _bounds(mid)
    state = AnalysesState.from_query({"a": "region_period", "p": "2025-Q3"}, Catalog(start, end))
    assert (state.start, state.end) == (D(2025, 7, 1), D(2025, 9, 30))
    result = run_analysis(state.analysis, Context(state.start, state.end, end, "en", mid), state.period)
    assert any(s.startswith("Q3 2025 is partial: the data ends on Jul 8, 2025") for s in result.sentences)
    assert any("against the same days of Q2 2025 (Apr 1, 2025 – Apr 8, 2025)" in s for s in result.sentences)


def test_a_complete_quarter_is_compared_whole(whole):
    state = load_state({"p": "2025-Q2", "cmp": "1"}, whole)
    assert not state.partial
    from components.explore_chart import table_columns

    assert "Revenue (previous)" in [c["headerName"] for c in table_columns(state, "en")]
    found = insights.contributions(state.spec, whole)
    assert (found.previous_start, found.previous_end, found.partial) == (D(2025, 1, 1), D(2025, 3, 31), False)
    assert found.previous == pytest.approx(sum(_revenue_by_region(whole, D(2025, 1, 1), D(2025, 3, 31)).values()))
    assert not any("partial" in s for s in insights.sentences_for(state.spec, "en", whole))


def test_demo_data_keeps_whole_quarters(demo_pointer):
    con = duckdb.connect(str(demo_pointer), read_only=True)
    (last,) = con.execute("SELECT max(order_ts)::DATE FROM fact_order_line").fetchone()
    con.close()
    assert last == D(2025, 12, 31)
    period = default_period(last)
    assert (period.token, period.partial, period.previous().last_day) == ("2025-Q4", False, D(2025, 9, 30))

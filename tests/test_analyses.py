"""Ready-made analyses: every number against an independent pandas computation on the demo data."""

import datetime as dt
from dataclasses import replace
from urllib.parse import parse_qs

import duckdb
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from data.warehouse import Warehouse
from olap import analyses
from olap.analyses import AnalysesState, Context, run_analysis
from olap.catalog import Catalog
from olap.engine import execute
from olap.query import make_spec

START, END = dt.date(2025, 1, 1), dt.date(2025, 6, 30)


@pytest.fixture(scope="module")
def demo(demo_pointer):
    return Warehouse(demo_pointer)


@pytest.fixture(scope="module")
def data_end(demo_pointer):
    con = duckdb.connect(str(demo_pointer), read_only=True)
    end = con.execute("SELECT max(order_ts)::DATE FROM fact_order_line").fetchone()[0]
    con.close()
    return end


@pytest.fixture(scope="module")
def ctx(demo, data_end):
    return Context(START, END, data_end, "en", demo)


@pytest.fixture(scope="module")
def tables(demo_pointer):
    con = duckdb.connect(str(demo_pointer), read_only=True)
    out = {
        "lines": con.execute(
            "SELECT f.*, ch.name AS channel, ch.channel_group FROM fact_order_line f JOIN dim_channel ch USING (channel_id)"
        ).df(),
        "customers": con.execute("SELECT customer_id, signup_date, region FROM dim_customer").df(),
        "tickets": con.execute("SELECT * FROM fact_service_ticket").df(),
    }
    con.close()
    return out


@pytest.fixture(scope="module")
def firsts(tables):
    """Each customer's first order, and whether they were acquired within the history (pandas)."""
    lines = tables["lines"].sort_values(["order_ts", "order_id", "line_no"])
    first = lines.groupby("customer_id").first().reset_index()
    first["first_date"] = first["order_ts"].dt.normalize()
    history_start = first["first_date"].min()
    first = first.merge(tables["customers"], on="customer_id", how="left")
    first["acquired"] = first["signup_date"].fillna(first["first_date"]).astype("datetime64[ns]") >= history_start
    first["first_month"] = first["first_date"].dt.to_period("M")
    return first


def in_period(frame, column, start=START, end=END):
    return frame[(frame[column] >= pd.Timestamp(start)) & (frame[column] < pd.Timestamp(end) + pd.Timedelta(days=1))]


# --------------------------------------------------------------------------- marketing


def test_cohort_retention_equals_pandas(ctx, tables, firsts, data_end):
    result = run_analysis("cohorts", ctx)
    got = result.tables[0].frame.set_index("cohort")
    cohorts = firsts[firsts["acquired"] & firsts["first_month"].between(pd.Period("2025-01"), pd.Period("2025-06"))]
    bought = tables["lines"][tables["lines"]["quantity"] > 0].copy()
    bought["month"] = bought["order_ts"].dt.to_period("M")
    active = bought[["customer_id", "month"]].drop_duplicates()
    last = pd.Period(data_end, "M")
    assert len(cohorts) > 10
    assert sorted(got.index) == sorted(str(p) for p in cohorts["first_month"].unique())
    for month, members in cohorts.groupby("first_month"):
        row = got.loc[str(month)]
        assert row["size"] == len(members)
        mine = active[active["customer_id"].isin(members["customer_id"])]
        for age in range(1, analyses.COHORT_MONTHS + 1):
            if month + age > last:
                assert row[f"m{age}"] is None or pd.isna(row[f"m{age}"])
                continue
            expected = mine[mine["month"] == month + age]["customer_id"].nunique() / len(members)
            assert row[f"m{age}"] == pytest.approx(expected), (month, age)
    curve = result.tables[1].frame.set_index("age")
    seen = got[got["m1"].notna()]
    assert curve.loc[1, "retention"] == pytest.approx((seen["m1"] * seen["size"]).sum() / seen["size"].sum())


def test_new_vs_returning_equals_pandas(ctx, tables, firsts):
    result = run_analysis("new_returning", ctx)
    got = result.tables[1].frame.set_index("month")
    lines = in_period(tables["lines"], "order_ts").merge(
        firsts[["customer_id", "first_month", "acquired"]], on="customer_id"
    )
    lines["month"] = lines["order_ts"].dt.to_period("M")
    lines["new"] = lines["acquired"] & (lines["month"] == lines["first_month"])
    for month, part in lines.groupby("month"):
        row = got.loc[str(month)]
        assert row["new_revenue"] == pytest.approx(part.loc[part["new"], "revenue"].sum())
        assert row["returning_revenue"] == pytest.approx(part.loc[~part["new"], "revenue"].sum())
        assert row["new_customers"] == part.loc[part["new"], "customer_id"].nunique()
        assert row["returning_customers"] == part.loc[~part["new"], "customer_id"].nunique()
    # new customers in their first month are exactly the cube's new customers by month
    cube = execute(make_spec(["new_customers"], rows=["time.month"], start=START, end=END), ctx.warehouse)
    assert dict(zip(cube["time.month"], cube["new_customers"], strict=True)) == got["new_customers"].to_dict()


def test_acquisition_by_first_order_channel_equals_pandas(ctx, firsts, tables):
    result = run_analysis("acquisition", ctx)
    got = result.tables[0].frame.set_index("channel")
    new = firsts[firsts["acquired"] & firsts["first_date"].between(pd.Timestamp(START), pd.Timestamp(END))]
    expected = new.groupby("channel")["customer_id"].count()
    assert got["new_customers"].to_dict() == expected.to_dict()
    spend = in_period(tables["lines"], "order_ts")
    spend = spend[spend["customer_id"].isin(new["customer_id"])].merge(
        new[["customer_id", "channel"]].rename(columns={"channel": "first_channel"}), on="customer_id"
    )
    revenue = spend.groupby("first_channel")["revenue"].sum()
    for channel, value in revenue.items():
        assert got.loc[channel, "revenue"] == pytest.approx(value)
    total = execute(make_spec(["new_customers"], start=START, end=END), ctx.warehouse)["new_customers"].iloc[0]
    assert got["new_customers"].sum() == total
    assert result.sentences and f"{int(total):,}" in result.sentences[0]


# --------------------------------------------------------------------------- service


def test_satisfaction_vs_repurchase_equals_pandas(ctx, tables, data_end):
    days = analyses.REPURCHASE_DAYS
    result = run_analysis("satisfaction", ctx)
    got = result.tables[0].frame.set_index("score")
    cutoff = pd.Timestamp(data_end) + pd.Timedelta(days=1) - pd.Timedelta(days=days)
    tickets = in_period(tables["tickets"], "opened_ts")
    tickets = tickets[tickets["satisfaction"].notna() & (tickets["opened_ts"] < cutoff)]
    first = tickets.sort_values(["opened_ts", "ticket_id"]).groupby("customer_id").first().reset_index()
    bought = tables["lines"][tables["lines"]["quantity"] > 0][["customer_id", "order_ts"]]
    pairs = first.merge(bought, on="customer_id")
    window = (pairs["order_ts"] > pairs["opened_ts"]) & (
        pairs["order_ts"] <= pairs["opened_ts"] + pd.Timedelta(days=days)
    )
    again = set(pairs.loc[window, "customer_id"])
    first["again"] = first["customer_id"].isin(again)
    assert 0 < len(again) < len(first)
    for score in range(1, 6):
        part = first[first["satisfaction"] == score]
        row = got.loc[str(score)]
        assert row["customers"] == len(part)
        assert row["repurchased"] == part["again"].sum()
        if len(part):
            assert row["rate"] == pytest.approx(part["again"].mean())


def test_tickets_by_category_and_channel(ctx, tables):
    result = run_analysis("tickets", ctx)
    got = result.tables[0].frame
    tickets = in_period(tables["tickets"], "opened_ts")
    assert got["tickets"].sum() == len(tickets)
    by_category = got.groupby("category")["tickets"].sum()
    assert by_category.to_dict() == tickets.groupby("category")["ticket_id"].count().to_dict()
    assert result.explore["r"] == "channel.channel" and result.explore["m"][0] == "tickets"


def test_resolution_time(ctx, tables):
    result = run_analysis("resolution", ctx)
    buckets, by_category = result.tables[0].frame, result.tables[1].frame.set_index("category")
    tickets = in_period(tables["tickets"], "opened_ts").copy()
    tickets["hours"] = (tickets["closed_ts"] - tickets["opened_ts"]).dt.total_seconds() / 3600
    assert buckets["tickets"].sum() == len(tickets)
    assert buckets.set_index("bucket").loc["open", "tickets"] == tickets["closed_ts"].isna().sum()
    under4 = ((tickets["hours"] >= 0) & (tickets["hours"] < 4)).sum()
    assert buckets.set_index("bucket").loc["lt4h", "tickets"] == under4
    for category, part in tickets.groupby("category"):
        assert by_category.loc[category, "median_hours"] == pytest.approx(part["hours"].median())
        assert by_category.loc[category, "p90_hours"] == pytest.approx(part["hours"].quantile(0.9))


# --------------------------------------------------------------------------- sales


def test_region_and_top_customers(ctx, tables):
    lines = in_period(tables["lines"], "order_ts").merge(tables["customers"], on="customer_id")
    region = run_analysis("region_period", ctx, "2025-Q1").tables[0].frame.set_index("geo.region")
    expected = lines.groupby("region")["revenue"].sum()
    np.testing.assert_allclose(region.loc[expected.index, "revenue"], expected)
    assert region["share"].sum() == pytest.approx(1.0)
    top = run_analysis("customers", ctx).tables[0].frame
    by_customer = lines.groupby("customer_id")["revenue"].sum().sort_values(ascending=False)
    assert list(top["customer.customer"].astype(int)) == list(by_customer.index[:10])
    np.testing.assert_allclose(top["revenue"], by_customer.iloc[:10])
    bottom = run_analysis("customers", ctx).tables[1].frame
    np.testing.assert_allclose(bottom["revenue"], by_customer.sort_values().iloc[:10])


def test_product_mix_and_partner_share_add_up(ctx, tables):
    total = in_period(tables["lines"], "order_ts")["revenue"].sum()
    mix = run_analysis("product_mix", ctx).tables[0].frame
    assert mix["revenue"].sum() == pytest.approx(total) and mix["share"].sum() == pytest.approx(1.0)
    tiers = run_analysis("partner_share", ctx).tables[0].frame.set_index("partner.tier")
    assert tiers["revenue"].sum() == pytest.approx(total)
    direct = in_period(tables["lines"], "order_ts")
    assert tiers.loc["Direct", "revenue"] == pytest.approx(direct.loc[direct["partner_id"].isna(), "revenue"].sum())


def test_every_analysis_runs_in_both_languages(demo, data_end):
    for lang in ("en", "ko"):
        context = Context(dt.date(2025, 4, 1), dt.date(2025, 6, 30), data_end, lang, demo)
        for analysis_id, analysis in analyses.ANALYSES.items():
            result = run_analysis(analysis_id, context, "2025-Q2")
            assert result.tables and all(isinstance(s, str) for s in result.sentences), analysis_id
            assert analysis.group in analyses.GROUPS


def test_missing_tables_are_reported(tiny_published):
    context = Context(
        dt.date(2025, 10, 1), dt.date(2025, 12, 31), dt.date(2025, 12, 31), "en", Warehouse(tiny_published)
    )
    with pytest.raises(analyses.AnalysisUnavailable, match="fact_service_ticket"):
        run_analysis("tickets", context)
    # the sales analyses work on the tiny warehouse, with its hand-known total
    region = run_analysis("region_period", context, "2025-Q4").tables[0].frame
    assert region["revenue"].sum() == pytest.approx(550.0)


# --------------------------------------------------------------------------- URL state


URL_CATALOG = Catalog(dt.date(2023, 1, 1), dt.date(2025, 12, 31))


@pytest.mark.parametrize(
    ("query", "analysis", "period", "span", "problems"),
    [
        ({"a": "cohorts", "p": "2025-Q2"}, "cohorts", "2025-Q2", (dt.date(2025, 4, 1), dt.date(2025, 6, 30)), []),
        (
            {"a": ["cohorts", "tickets"], "p": "2024"},
            "cohorts",
            "2024",
            (dt.date(2024, 1, 1), dt.date(2024, 12, 31)),
            [],
        ),
        # without a period: the last complete quarter, as on every analytical page (olap.flow)
        ({}, analyses.DEFAULT_ANALYSIS, "2025-Q4", (dt.date(2025, 10, 1), dt.date(2025, 12, 31)), []),
        (
            {"a": "<script>", "p": "1999"},
            analyses.DEFAULT_ANALYSIS,
            "2025-Q4",
            None,
            ["analyses.unknown", "analyses.bad_period"],
        ),
        ({"a": "cohorts", "p": "2031-Q1"}, "cohorts", "2025-Q4", None, ["analyses.bad_period"]),
        ({"a": "", "p": ""}, analyses.DEFAULT_ANALYSIS, "2025-Q4", None, []),
    ],
)
def test_url_state_from_query(query, analysis, period, span, problems):
    state = AnalysesState.from_query(query, URL_CATALOG)
    assert (state.analysis, state.period) == (analysis, period)
    if span:
        assert (state.start, state.end) == span
    assert [p.key for p in state.problems] == problems
    assert AnalysesState.from_query(state.to_query(), URL_CATALOG) == replace(state, problems=())


def test_url_state_problems_say_what_was_wrong():
    bad = AnalysesState.from_query({"a": "<script>"}, URL_CATALOG)
    assert "<script>" in bad.problems[0].message("en")
    assert bad.to_search() == f"?a={analyses.DEFAULT_ANALYSIS}&p=2025-Q4"
    assert bad.with_period("2024") == {"a": analyses.DEFAULT_ANALYSIS, "p": "2024"}


@settings(max_examples=60, deadline=None)
@given(
    analysis=st.sampled_from(sorted(analyses.ANALYSES)),
    token=st.sampled_from(["L12M", "YTD", "2024", "2025", "2024-Q3", "2025-Q4", "2025-02", "2023-12"]),
)
def test_url_state_round_trips(analysis, token):
    state = AnalysesState.from_query({"a": analysis, "p": token}, URL_CATALOG)
    assert AnalysesState.from_query(state.to_query(), URL_CATALOG) == state
    assert parse_qs(state.to_search()[1:]) == {k: [v] for k, v in state.to_query().items()}

"""Pipeline analytics: hand-computed numbers on a nine-deal fixture, and the demo warehouse
checked against independent pandas computations."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import replace

import duckdb
import numpy as np
import pandas as pd
import pytest

from components.pipeline_view import pipeline_view
from crm import pipeline as pl
from crm.pipeline_report import compute_report
from crm.pipeline_state import PipelineState, next_state
from data.schema import TABLES

D = dt.date
AS_OF = D(2025, 6, 30)

# id, customer, partner, owner, created, stage, amount, expected_close, closed, won
DEALS = [
    (1, 1, None, "Ann", D(2025, 1, 1), "Closed Won", 1000, D(2025, 3, 1), D(2025, 2, 15), True),
    # lost after 20 of 50 planned days: 4·20/50 = 1.6 → reached Qualification
    (2, 1, 1, "Ann", D(2025, 1, 10), "Closed Lost", 500, D(2025, 3, 1), D(2025, 1, 30), False),
    # lost after 5 of 40 days → Prospecting only
    (3, 2, 1, "Bob", D(2025, 2, 1), "Closed Lost", 2000, D(2025, 3, 13), D(2025, 2, 6), False),
    (4, 2, None, "Bob", D(2025, 2, 1), "Closed Won", 3000, D(2025, 4, 1), D(2025, 4, 11), True),
    (5, 1, 1, "Ann", D(2025, 5, 1), "Proposal", 4000, D(2025, 8, 15), None, None),
    (6, 2, None, "Bob", D(2025, 6, 1), "Prospecting", 1000, D(2025, 7, 20), None, None),
    (7, 2, 1, "Bob", D(2025, 3, 1), "Negotiation", 600, D(2025, 5, 1), None, None),
    # lost after its whole planned cycle → Negotiation
    (8, 1, None, "Ann", D(2025, 4, 1), "Closed Lost", 800, D(2025, 5, 31), D(2025, 5, 31), False),
    (9, 2, 1, "Ann", D(2025, 6, 10), "Closed Won", 2000, D(2025, 7, 10), D(2025, 6, 30), True),
]


@pytest.fixture(scope="module")
def con():
    c = duckdb.connect()
    for table in ("fact_opportunity", "dim_customer", "dim_partner"):
        c.execute(TABLES[table])
    for cid, region in ((1, "Asia"), (2, "Europe")):
        c.execute(
            "INSERT INTO dim_customer VALUES (?, ?, 'B2B', NULL, NULL, NULL, 'Retail', 'X', ?, 'Y', DATE '2024-01-01',"
            " 1, 1, TRUE, NULL, 'Enterprise', 'a@b.c', 'Co', false, false)",
            [cid, f"Customer {cid}", region],
        )
    c.execute(
        "INSERT INTO dim_partner VALUES (1, 'Partner One', 'Agent', 'X', 'Asia', 'Gold', DATE '2024-01-01',"
        " 'active', 'mature', NULL)"
    )
    for d in DEALS:
        c.execute(
            "INSERT INTO fact_opportunity VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL)",
            list(d),
        )
    return c


def test_bounds_and_options(con):
    assert pl.data_bounds(con) == (D(2025, 1, 1), AS_OF)
    opts = pl.filter_options(con)
    assert opts["owners"] == ["Ann", "Bob"]
    assert opts["partners"] == {0: "Direct", 1: "Partner One"}
    assert opts["regions"] == ["Asia", "Europe"]


def test_funnel_counts_reached_stages(con):
    df = pl.funnel(con, pl.ALL, D(2025, 1, 1), D(2025, 3, 31))  # deals 1, 2, 3, 4, 7
    assert list(df["stage"]) == list(pl.FUNNEL_STAGES)
    assert list(df["deals"]) == [5, 4, 3, 3, 2]
    assert list(df["value"]) == [7100, 5100, 4600, 4600, 4000]
    assert df["conversion"].iloc[0] is None or math.isnan(df["conversion"].iloc[0])
    assert list(df["conversion"].iloc[1:]) == pytest.approx([0.8, 0.75, 1.0, 2 / 3])
    assert list(df["share"]) == pytest.approx([1.0, 0.8, 0.6, 0.6, 0.4])


def test_funnel_with_filters(con):
    asia = pl.funnel(con, pl.PipelineFilters(regions=("Asia",)), D(2025, 1, 1), D(2025, 12, 31))
    assert list(asia["deals"]) == [4, 4, 3, 2, 1]  # deals 1 (won), 2 (lost at 1), 5 (open at 2), 8 (lost at 3)
    direct = pl.funnel(con, pl.PipelineFilters(partners=(0,)), D(2025, 1, 1), D(2025, 12, 31))
    assert list(direct["deals"]) == [4, 3, 3, 3, 2]  # deals 1, 4, 6 (open, Prospecting), 8
    assert list(direct["deals"]) != list(asia["deals"])
    empty = pl.funnel(con, pl.ALL, D(2024, 1, 1), D(2024, 12, 31))
    assert list(empty["deals"]) == [0] * 5


def test_outcomes_win_rate_deal_size_and_cycles(con):
    o = pl.outcomes(con, pl.ALL, D(2025, 4, 1), D(2025, 6, 30))  # deals 4 (won), 8 (lost), 9 (won)
    assert (o.closed, o.won, o.lost, o.won_value) == (3, 2, 1, 5000)
    assert o.win_rate == pytest.approx(2 / 3)
    assert o.avg_deal == pytest.approx(2500)
    assert o.cycle_won == pytest.approx((69 + 20) / 2)
    assert o.cycle_lost == pytest.approx(60)
    none = pl.outcomes(con, pl.ALL, D(2024, 1, 1), D(2024, 3, 31))
    assert none.closed == 0 and none.win_rate is None and none.avg_deal is None


def test_open_pipeline_snapshots(con):
    assert pl.open_pipeline(con, pl.ALL, AS_OF) == (3, 5600)  # deals 5, 6, 7
    assert pl.open_pipeline(con, pl.ALL, D(2025, 3, 31)) == (2, 3600)  # deals 4 (closes 11 April), 7
    assert pl.open_pipeline(con, pl.PipelineFilters(owners=("Ann",)), AS_OF) == (1, 4000)


def test_stage_probabilities(con):
    probs = pl.stage_probabilities(con, AS_OF)
    assert list(probs["reached"]) == [6, 5, 4, 4]
    assert list(probs["won"]) == [3, 3, 3, 3]
    assert list(probs["probability"]) == pytest.approx([0.5, 0.6, 0.75, 0.75])


def test_weighted_forecast_of_next_quarter(con):
    fc = pl.weighted_forecast(con, pl.ALL, AS_OF, sims=20000, seed=1)
    assert (fc.quarter, fc.start, fc.end) == ("2025-Q3", D(2025, 7, 1), D(2025, 9, 30))
    assert sorted(fc.deals["opportunity_id"]) == [5, 6]  # deal 7 was due in May: stale, not forecast
    assert fc.expected == pytest.approx(0.75 * 4000 + 0.5 * 1000)
    # outcomes 0, 1000, 4000, 5000 with probabilities .125, .125, .375, .375
    assert (fc.p10, fc.p90) == (0.0, 5000.0)
    assert fc.pipeline == 5000


def test_forecast_is_reproducible_and_filtered(con):
    a = pl.weighted_forecast(con, pl.ALL, AS_OF, seed=3)
    b = pl.weighted_forecast(con, pl.ALL, AS_OF, seed=3)
    assert (a.p10, a.p50, a.p90) == (b.p10, b.p50, b.p90)
    bob = pl.weighted_forecast(con, pl.PipelineFilters(owners=("Bob",)), AS_OF)
    assert bob.expected == pytest.approx(500)  # deal 6 only; probabilities stay global


def test_simulation_mean_matches_the_weighted_sum():
    rng = np.random.default_rng(0)
    amounts, probs = rng.uniform(100, 10000, 300), rng.uniform(0, 1, 300)
    totals = pl.simulate_won(amounts, probs, sims=4000, seed=2)
    expected = float(amounts @ probs)
    sd = math.sqrt(float((amounts**2 * probs * (1 - probs)).sum()))
    assert abs(totals.mean() - expected) < 4 * sd / math.sqrt(4000)
    assert totals.std() == pytest.approx(sd, rel=0.1)


def test_backtest_rebuilds_last_quarters_pipeline(con):
    bt = pl.backtest(con, pl.ALL, AS_OF)
    fc = bt.forecast
    assert (fc.quarter, fc.made_on) == ("2025-Q2", D(2025, 3, 31))
    # probabilities from deals closed by 31 March: 1 (won), 2 (lost at Qualification), 3 (lost at Prospecting)
    assert list(fc.probabilities["probability"]) == pytest.approx([1 / 3, 0.5, 1.0, 1.0])
    stages = dict(zip(fc.deals["opportunity_id"], fc.deals["stage"], strict=True))
    # deal 4: 58 of 59 planned days → Negotiation; deal 7: 30 of 61 days → Qualification (below its recorded stage)
    assert stages == {4: "Negotiation", 7: "Qualification"}
    assert fc.expected == pytest.approx(3000 * 1.0 + 600 * 0.5)
    assert bt.actual_from_pipeline == 3000
    assert bt.actual_total == 5000  # deal 9 was created and won within the quarter
    assert bt.error == pytest.approx(0.1)


def test_backtest_of_an_unfinished_quarter_uses_the_one_before(con):
    bt = pl.backtest(con, pl.ALL, D(2025, 5, 15))
    assert bt.forecast.quarter == "2025-Q1" and bt.forecast.made_on == D(2024, 12, 31)


def test_stale_opportunities(con):
    stale = pl.stale_opportunities(con, pl.ALL, AS_OF)
    assert list(stale["opportunity_id"]) == [7]
    row = stale.iloc[0]
    assert (row["days_overdue"], row["age_days"], bool(row["overdue"]), bool(row["aged"])) == (60, 121, True, True)
    assert row["owner"] == "Bob" and row["partner"] == "Partner One" and row["amount"] == 600
    # won cycles 45, 69, 20: median 45; stage limits 11.25, 22.5, 33.75, 45 days
    assert pl.stage_age_limits(con, AS_OF) == pytest.approx(
        {"Prospecting": 11.25, "Qualification": 22.5, "Proposal": 33.75, "Negotiation": 45}
    )
    strict = pl.stale_opportunities(con, pl.ALL, AS_OF, grace_days=0)
    assert list(strict["opportunity_id"]) == [7, 5, 6]  # 5: 60 days in Proposal, 6: 29 in Prospecting


def test_breakdown_by_owner_and_quarter(con):
    df = pl.breakdown(con, pl.ALL, D(2025, 4, 1), D(2025, 6, 30), "owner", AS_OF).set_index("key")
    assert df.loc["Ann", ["created", "created_value", "won", "lost", "won_value", "open_value"]].tolist() == [
        3,
        6800,
        1,
        1,
        2000,
        4000,
    ]
    assert df.loc["Bob", ["created", "created_value", "won", "lost", "won_value", "open_value"]].tolist() == [
        1,
        1000,
        1,
        0,
        3000,
        1600,
    ]
    assert df.loc["Ann", "win_rate"] == 0.5 and df.loc["Bob", "win_rate"] == 1.0
    assert df.loc["Bob", "cycle_won"] == 69
    q = pl.breakdown(con, pl.ALL, D(2025, 1, 1), D(2025, 12, 31), "quarter", AS_OF)
    assert list(q["key"]) == ["2025-Q1", "2025-Q2"]
    assert list(q["created"]) == [5, 4] and list(q["won"]) == [1, 2] and list(q["lost"]) == [2, 1]
    partners = pl.breakdown(con, pl.ALL, D(2025, 1, 1), D(2025, 12, 31), "partner", AS_OF).set_index("key")
    assert partners.loc[0, "label"] == "Direct" and partners.loc[1, "label"] == "Partner One"
    with pytest.raises(ValueError, match="unknown breakdown"):
        pl.breakdown(con, pl.ALL, D(2025, 1, 1), D(2025, 12, 31), "colour", AS_OF)


def test_filter_values_are_bound_not_pasted(con):
    evil = pl.PipelineFilters(owners=("Ann' OR 1=1 --",), regions=("Asia'); DROP TABLE fact_opportunity; --",))
    assert list(pl.funnel(con, evil, D(2025, 1, 1), D(2025, 12, 31))["deals"]) == [0] * 5
    assert con.execute("SELECT count(*) FROM fact_opportunity").fetchone()[0] == len(DEALS)


def test_state_reads_and_rejects_url_values(con):
    catalog = pl.read_catalog(con)
    state = PipelineState.from_query(
        {"p": "2025-Q1", "owner": "Bob", "f.partner.partner": "1", "f.geo.region": "Europe", "by": "partner"}, catalog
    )
    assert state.period.token == "2025-Q1" and state.filters == pl.PipelineFilters(("Bob",), (1,), ("Europe",))
    assert PipelineState.from_query(state.to_query(), catalog) == state
    bad = PipelineState.from_query(
        {"period": "1999", "owner": "Eve", "partner": "x", "region": "Mars", "by": "colour"}, catalog
    )
    assert [p.key for p in bad.problems] == [
        f"pipeline.rejected.{n}" for n in ("period", "owner", "partner", "region", "by")
    ]
    assert bad.period.token == "2025-Q2" and bad.filters == pl.ALL and bad.by == "owner"
    assert PipelineState.from_query({}, catalog).to_search() == "?p=2025-Q2"


# --------------------------------------------------------------------------- demo warehouse vs pandas


@pytest.fixture(scope="module")
def demo(demo_pointer):
    c = duckdb.connect(str(demo_pointer), read_only=True)
    deals = c.execute(
        "SELECT o.*, c.region, coalesce(o.partner_id, 0) AS pid FROM fact_opportunity o"
        " JOIN dim_customer c USING (customer_id)"
    ).df()
    for col in ("created_date", "expected_close", "closed_date"):
        deals[col] = pd.to_datetime(deals[col])
    yield c, deals
    c.close()


def _reached(deals: pd.DataFrame) -> pd.Series:
    """The reached-stage rule written again in pandas."""
    elapsed = (deals["closed_date"] - deals["created_date"]).dt.days
    planned = (deals["expected_close"] - deals["created_date"]).dt.days.clip(lower=1)
    lost = np.minimum(3, np.floor(4 * elapsed / planned).clip(lower=0))
    open_index = deals["stage"].map({s: i for i, s in enumerate(pl.OPEN_STAGES)})
    won = deals["won"].astype("boolean")
    return pd.Series(np.where(won.fillna(False), 4, np.where(won.isna(), open_index, lost)), index=deals.index)


def test_demo_funnel_and_outcomes_equal_pandas(demo):
    con, deals = demo
    first, as_of = pl.data_bounds(con)
    start, end = D(as_of.year, 1, 1), as_of
    deals = deals.assign(reached=_reached(deals))
    cohort = deals[deals["created_date"].between(pd.Timestamp(start), pd.Timestamp(end))]
    df = pl.funnel(con, pl.ALL, start, end)
    assert list(df["deals"]) == [int((cohort["reached"] >= i).sum()) for i in range(5)]
    assert list(df["value"]) == pytest.approx([cohort.loc[cohort["reached"] >= i, "amount"].sum() for i in range(5)])
    closed = deals[deals["closed_date"].between(pd.Timestamp(start), pd.Timestamp(end))]
    won = closed[closed["won"].astype(bool)]
    o = pl.outcomes(con, pl.ALL, start, end)
    assert (o.closed, o.won) == (len(closed), len(won))
    assert o.win_rate == pytest.approx(len(won) / len(closed))
    assert o.avg_deal == pytest.approx(won["amount"].mean())
    assert o.cycle_won == pytest.approx((won["closed_date"] - won["created_date"]).dt.days.mean())


def test_demo_breakdowns_add_up_to_the_totals(demo):
    con, deals = demo
    _, as_of = pl.data_bounds(con)
    start = D(as_of.year, 1, 1)
    o = pl.outcomes(con, pl.ALL, start, as_of)
    created = pl.funnel(con, pl.ALL, start, as_of)["deals"].iloc[0]
    open_deals, open_value = pl.open_pipeline(con, pl.ALL, as_of)
    for by in pl.BREAKDOWNS:
        df = pl.breakdown(con, pl.ALL, start, as_of, by, as_of)
        assert df["created"].sum() == created, by
        assert (df["won"].sum(), df["lost"].sum()) == (o.won, o.lost), by
        assert df["won_value"].sum() == pytest.approx(o.won_value), by
        if by in ("owner", "partner", "region"):
            assert df["open_value"].sum() == pytest.approx(open_value), by
    region = deals["region"].iloc[0]
    by_region = pl.breakdown(con, pl.ALL, start, as_of, "region", as_of).set_index("key")
    only = pl.outcomes(con, pl.PipelineFilters(regions=(region,)), start, as_of)
    assert by_region.loc[region, "won"] == only.won


def test_demo_forecast_equals_pandas(demo):
    con, deals = demo
    _, as_of = pl.data_bounds(con)
    deals = deals.assign(reached=_reached(deals))
    closed = deals[deals["closed_date"] <= pd.Timestamp(as_of)]
    probs = [closed.loc[closed["reached"] >= i, "won"].astype(bool).mean() for i in range(4)]
    fc = pl.weighted_forecast(con, pl.ALL, as_of)
    assert list(fc.probabilities["probability"]) == pytest.approx(probs)
    q_start, q_end = pd.Timestamp(fc.start), pd.Timestamp(fc.end)
    open_now = deals[deals["won"].isna() & deals["expected_close"].between(q_start, q_end)]
    weights = open_now["stage"].map({s: probs[i] for i, s in enumerate(pl.OPEN_STAGES)})
    assert len(fc.deals) == len(open_now)
    assert fc.expected == pytest.approx(float((weights * open_now["amount"]).sum()))
    assert fc.p10 <= fc.expected <= fc.p90


def test_demo_stale_list_equals_pandas(demo):
    con, deals = demo
    _, as_of = pl.data_bounds(con)
    stale = pl.stale_opportunities(con, pl.ALL, as_of)
    limits = pl.stage_age_limits(con, as_of)
    now = pd.Timestamp(as_of)
    open_now = deals[deals["won"].isna()]
    overdue = open_now["expected_close"] < now
    aged = (now - open_now["created_date"]).dt.days > open_now["stage"].map(limits) + pl.STALE_GRACE_DAYS
    assert set(stale["opportunity_id"]) == set(open_now.loc[overdue | aged, "opportunity_id"])
    assert list(stale["days_overdue"]) == sorted(stale["days_overdue"], reverse=True)


# --------------------------------------------------------------------------- the page's callbacks as functions


def render_state(con, state: PipelineState, lang: str) -> tuple:
    return pipeline_view(compute_report(con, state), state, lang).outputs()


def test_render_state_shows_the_logics_numbers(con):
    state = PipelineState.from_query({"p": "2025-Q2"}, pl.read_catalog(con))
    for lang in ("en", "ko"):
        out = render_state(con, state, lang)
        cards = {c.children.children.children[1].id: c.children.children.children[1] for c in out[2]}
        values = {k: float(v.__dict__["data-value"]) for k, v in cards.items()}
        assert values["pl-kpi-open_value"] == 5600
        assert values["pl-kpi-forecast"] == pytest.approx(3500)
        assert values["pl-kpi-win_rate"] == pytest.approx(2 / 3)
        assert values["pl-kpi-cycle"] == pytest.approx(44.5)
        assert [r["deals"] for r in out[5]] == [
            4,
            3,
            3,
            2,
            1,
        ]  # created in Q2: 5 (at 2), 6 (at 0), 8 (lost at 3), 9 (won)
        assert len(out[13]) == 1 and out[13][0]["days_overdue"] == 60
    assert "2 of 3 closed deals were won (66.7%)" in render_state(con, state, "en")[3]


def test_next_state_from_controls_and_row_clicks(con):
    bounds = pl.read_catalog(con)
    state = PipelineState.from_query({}, bounds)
    assert next_state(state, "pl-owner", "Bob", None, bounds).to_search() == "?p=2025-Q2&owner=Bob"
    assert next_state(state, "pl-partner", "0", None, bounds).filters.partners == (0,)
    assert next_state(state, "pl-period", "2025-Q1", None, bounds).period.token == "2025-Q1"
    assert next_state(state, "pl-period", "nonsense", None, bounds) == state
    by_quarter = next_state(state, "pl-by", "quarter", None, bounds)
    assert next_state(by_quarter, "pl-breakdown", None, {"rowId": "2025-Q1"}, bounds).period.token == "2025-Q1"
    by_region = next_state(state, "pl-by", "region", None, bounds)
    assert next_state(by_region, "pl-breakdown", None, {"rowId": "Asia"}, bounds).shared.regions == ("Asia",)


def test_a_partial_quarter_is_compared_with_the_same_part_of_the_one_before(con):
    # the data ends May 10: Q2 is partial (Apr 1 - May 10), so Q1 counts Jan 1 - Feb 10 only
    catalog = replace(pl.read_catalog(con), data_end=D(2025, 5, 10))
    state = PipelineState.from_query({"p": "2025-Q2"}, catalog)
    assert state.period.partial and state.period.days == 40
    report = compute_report(con, state)
    assert (report.now.start, report.now.end) == (D(2025, 4, 1), D(2025, 5, 10))
    assert (report.before.start, report.before.end) == (D(2025, 1, 1), D(2025, 2, 10))
    before = report.before.outcomes
    closed = [d for d in DEALS if d[8] is not None and D(2025, 1, 1) <= d[8] <= D(2025, 2, 10)]
    assert (before.closed, before.won) == (len(closed), sum(bool(d[9]) for d in closed)) == (2, 0)
    assert "partial: 40 of 91 days" in render_state(con, state, "en")[0]
    assert "부분 기간" in render_state(con, state, "ko")[0]

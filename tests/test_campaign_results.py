"""Campaign results: attribution edges on a hand-made warehouse, every demo campaign against pandas,
the command line as a subprocess."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys

import duckdb
import pandas as pd
import pytest

from crm.campaigns import stats
from crm.campaigns.results import (
    BREAKDOWNS,
    cached_results,
    campaign_breakdown,
    campaign_results,
)

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# campaign_id, name, objective, channel, segment, start, end, budget, cpc, holdout, status
CAMPAIGNS = [
    (1, "Spring", "Cross-sell", 1, None, "2024-03-01", "2024-03-10", 1000.0, 1.0, 0.5, "completed"),
    (2, "Still running", "Up-sell", 1, None, "2024-03-05", "2024-03-20", 500.0, 2.0, 0.5, "active"),
]
# customer_id, country, customer_type, segment
CUSTOMERS = [
    (1, "Korea", "B2C", "Consumer"),
    (2, "Korea", "B2C", "Consumer"),
    (3, "Japan", "B2C", "Consumer"),
    (4, "Japan", "B2B", "Enterprise"),
    (5, "Korea", "B2C", "Consumer"),
    (6, "Japan", "B2C", "Consumer"),
]
# campaign, customer, group
CONTACTS = [(1, 1, "target"), (1, 2, "target"), (1, 3, "target"), (1, 4, "target"), (1, 5, "control"),
            (1, 6, "control"), (2, 1, "target"), (2, 6, "control")]  # fmt: skip
# order_id, ts, customer, revenue
LINES = [
    (1, "2024-03-01 00:00:00", 1, 100.0),  # first day of the window, at midnight: counts
    (2, "2024-03-10 23:59:59", 2, 50.0),  # last day of the window: counts
    (3, "2024-03-11 00:00:00", 3, 70.0),  # the day after: does not
    (4, "2024-02-29 23:59:59", 3, 60.0),  # the day before: does not
    (5, "2024-03-04 10:00:00", 4, -30.0),  # a return: revenue, never a conversion
    (6, "2024-03-05 12:00:00", 5, 80.0),  # a control customer's order counts for the control group
    (7, "2024-03-06 09:00:00", 6, 0.0),  # a free line (a sample): no conversion
]


def build_campaign_warehouse(path) -> str:
    con = duckdb.connect(str(path))
    con.execute("CREATE TABLE dim_channel(channel_id INTEGER, name VARCHAR, channel_group VARCHAR)")
    con.execute("INSERT INTO dim_channel VALUES (1, 'Email', 'online')")
    con.execute(
        "CREATE TABLE dim_customer(customer_id INTEGER, country VARCHAR, customer_type VARCHAR, segment VARCHAR)"
    )
    con.executemany("INSERT INTO dim_customer VALUES (?, ?, ?, ?)", CUSTOMERS)
    con.execute(
        """CREATE TABLE dim_campaign(campaign_id INTEGER, name VARCHAR, objective VARCHAR, channel_id INTEGER,
        segment_id INTEGER, start_date DATE, end_date DATE, budget DOUBLE, cost_per_contact DOUBLE,
        holdout_pct DOUBLE, status VARCHAR)"""
    )
    con.executemany("INSERT INTO dim_campaign VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", CAMPAIGNS)
    con.execute(
        """CREATE TABLE fact_campaign_contact(campaign_id INTEGER, customer_id INTEGER, group_name VARCHAR,
        channel_id INTEGER, sent_ts TIMESTAMP, delivered BOOLEAN, opened_ts TIMESTAMP, clicked_ts TIMESTAMP,
        converted_ts TIMESTAMP, converted_order_id BIGINT)"""
    )
    for campaign, customer, group in CONTACTS:
        target = group == "target"
        sent = "2024-03-01 09:00:00" if target else None
        opened = sent if target and customer in (1, 2) else None
        clicked = sent if target and customer == 1 else None
        con.execute(
            "INSERT INTO fact_campaign_contact VALUES (?, ?, ?, 1, ?, ?, ?, ?, NULL, NULL)",
            [campaign, customer, group, sent, target, opened, clicked],
        )
    con.execute(
        """CREATE TABLE fact_order_line(order_id BIGINT, line_no INTEGER, order_ts TIMESTAMP, customer_id INTEGER,
        product_id INTEGER, channel_id INTEGER, partner_id INTEGER, campaign_id INTEGER, quantity INTEGER,
        unit_price DOUBLE, discount DOUBLE, revenue DOUBLE, cost DOUBLE)"""
    )
    for n, (order, ts, customer, revenue) in enumerate(LINES):
        con.execute(
            "INSERT INTO fact_order_line VALUES (?, ?, ?, ?, 1, 1, NULL, NULL, 1, ?, 0, ?, 0)",
            [order, n, ts, customer, revenue, revenue],
        )
    con.close()
    return str(path)


@pytest.fixture(scope="module")
def tiny(tmp_path_factory):
    path = build_campaign_warehouse(tmp_path_factory.mktemp("campaigns") / "c.duckdb")
    con = duckdb.connect(path, read_only=True)
    yield con
    con.close()


def test_attribution_window_edges(tiny):
    spring = campaign_results(tiny, 1)[0]
    assert (spring.target, spring.control) == (4, 2)
    assert spring.converted_target == 2  # the first and the last day count; the day after, a return do not
    assert spring.converted_control == 1  # customer 5's order; customer 6's free line does not
    assert spring.revenue_target == pytest.approx((100 + 50 - 30) / 4)
    assert spring.revenue_control == pytest.approx(80 / 2)
    assert spring.revenue_target_total == pytest.approx(120)


def test_funnel_and_uplift(tiny):
    spring = campaign_results(tiny, 1)[0]
    assert (spring.delivered, spring.opened, spring.clicked) == (4, 2, 1)
    expected = stats.two_proportions(2, 4, 1, 2)
    assert spring.uplift == pytest.approx(expected.uplift)
    assert (spring.uplift_ci_low, spring.uplift_ci_high) == pytest.approx((expected.ci_low, expected.ci_high))
    assert spring.p_value == pytest.approx(expected.p_value)
    assert spring.incremental_conversions == pytest.approx(0.0)


def test_revenue_cost_and_returns(tiny):
    spring = campaign_results(tiny, 1)[0]
    money = stats.welch([100, 50, 0, -30], [80, 0])
    assert spring.incremental_revenue == pytest.approx(money.difference * 4)
    assert spring.incremental_revenue_low == pytest.approx(money.ci_low * 4)
    assert spring.cost == 1000 and spring.cost_contacts == 4 and spring.cost_fixed == 996
    assert spring.roas == pytest.approx(120 / 1000)
    assert spring.roi == pytest.approx((120 - 1000) / 1000)
    assert spring.incremental_roi == pytest.approx((money.difference * 4 - 1000) / 1000)
    assert spring.cost_per_incremental_conversion is None  # no incremental conversion


def test_verdicts(tiny):
    spring, running = campaign_results(tiny)
    assert not spring.window_open and spring.verdict == "too_small"
    assert spring.mde > spring.meaningful_uplift
    assert spring.holdout_needed is not None or spring.segment_needed is not None
    assert running.window_open and running.verdict == "too_early"  # ends after the data's last day (11 March)
    assert campaign_results(tiny, data_end=dt.date(2024, 3, 31))[1].verdict != "too_early"


def test_breakdown_sums_to_the_campaign(tiny):
    groups = campaign_breakdown(tiny, 1, "country")
    assert {g.key for g in groups} == {"Korea", "Japan"}
    assert sum(g.target for g in groups) == 4 and sum(g.converted_control for g in groups) == 1
    assert all(g.too_small for g in groups)  # fewer than 30 contacts per group
    assert campaign_breakdown(tiny, 1, "rfm") == []  # no published scores in this warehouse
    with pytest.raises(ValueError, match="unknown breakdown"):
        campaign_breakdown(tiny, 1, "name; DROP TABLE x")


# ---------------------------------------------------------------- every demo campaign


def _pandas_results(path) -> pd.DataFrame:
    """An independent computation on the contact and order tables (pandas, no shared code)."""
    con = duckdb.connect(str(path), read_only=True)
    contacts = con.execute("SELECT campaign_id, customer_id, group_name FROM fact_campaign_contact").df()
    campaigns = con.execute("SELECT campaign_id, start_date, end_date FROM dim_campaign").df()
    lines = con.execute("SELECT order_id, order_ts, customer_id, revenue FROM fact_order_line").df()
    con.close()
    lines["day"] = lines["order_ts"].dt.normalize()
    joined = contacts.merge(campaigns, on="campaign_id").merge(lines, on="customer_id", how="left")
    inside = (joined["day"] >= pd.to_datetime(joined["start_date"])) & (
        joined["day"] <= pd.to_datetime(joined["end_date"])
    )
    joined["revenue"] = joined["revenue"].where(inside, 0.0).fillna(0.0)
    joined["converted"] = inside & (joined["revenue"] > 0)
    per_contact = joined.groupby(["campaign_id", "customer_id", "group_name"], as_index=False).agg(
        revenue=("revenue", "sum"), converted=("converted", "any")
    )
    return per_contact.groupby(["campaign_id", "group_name"]).agg(
        n=("customer_id", "size"), converted=("converted", "sum"), revenue=("revenue", "mean")
    )


def test_every_demo_campaign_against_pandas(demo_pointer):
    from data.warehouse import current_path

    path = current_path(demo_pointer)
    expected = _pandas_results(path)
    con = duckdb.connect(str(path), read_only=True)
    results = campaign_results(con)
    con.close()
    assert len(results) == expected.index.get_level_values(0).nunique()
    for r in results:
        target = expected.loc[(r.campaign_id, "target")]
        assert (r.target, r.converted_target) == (target.n, target.converted), r.name
        assert r.revenue_target == pytest.approx(target.revenue), r.name
        if r.control:
            control = expected.loc[(r.campaign_id, "control")]
            assert (r.control, r.converted_control) == (control.n, control.converted), r.name
            assert r.revenue_control == pytest.approx(control.revenue), r.name


def test_cached_results_equal_the_function(demo_pointer):
    from data.warehouse import Warehouse

    warehouse = Warehouse(demo_pointer)
    direct = campaign_results(warehouse.cursor())
    assert cached_results(warehouse=warehouse) == direct
    assert cached_results(warehouse=warehouse) == direct  # from the cache
    assert cached_results(direct[0].campaign_id, warehouse=warehouse) == direct[:1]


def test_every_breakdown_answers_on_the_demo(demo_pointer):
    from data.warehouse import Warehouse

    cursor = Warehouse(demo_pointer).cursor()
    first = campaign_results(cursor)[0]
    for by in BREAKDOWNS:
        groups = campaign_breakdown(cursor, first.campaign_id, by)
        if groups:
            assert sum(g.target for g in groups) == first.target, by
            assert sum(g.converted_control for g in groups) == first.converted_control, by


# ---------------------------------------------------------------- the command line


def _cli(*args, pointer=None):
    env = {**os.environ, **({"XRM_DB": str(pointer)} if pointer else {})}
    return subprocess.run(
        [sys.executable, "-m", "crm.campaigns", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


FIELDS = ("campaign_id name target control converted_target converted_control uplift uplift_ci_low uplift_ci_high "
          "p_value revenue_target revenue_control incremental_revenue cost roi verdict").split()  # fmt: skip


def test_cli_results_json_equal_the_function(demo_pointer):
    from data.warehouse import Warehouse

    run = _cli("results", "--json", pointer=demo_pointer)
    assert run.returncode == 0, run.stderr
    printed = json.loads(run.stdout)
    expected = campaign_results(Warehouse(demo_pointer).cursor())
    assert [p["campaign_id"] for p in printed] == [r.campaign_id for r in expected]
    for p, r in zip(printed, expected, strict=True):
        assert set(FIELDS) <= set(p)
        for field in FIELDS:
            value = getattr(r, field)
            assert p[field] == (pytest.approx(value) if isinstance(value, float) else value), field
    one = json.loads(_cli("results", "--campaign", str(expected[0].campaign_id), "--json", pointer=demo_pointer).stdout)
    assert [p["campaign_id"] for p in one] == [expected[0].campaign_id]
    table = _cli("results", pointer=demo_pointer)
    assert table.returncode == 0 and expected[0].name[:20] in table.stdout


def test_cli_power():
    run = _cli("power", "--target", "1000", "--control", "200", "--base-rate", "0.05", "--uplift", "0.02", "--json")
    assert run.returncode == 0, run.stderr
    answer = json.loads(run.stdout)
    assert answer["mde"] == pytest.approx(stats.minimum_detectable_uplift(1000, 200, 0.05))
    assert answer["detectable"] is (0.02 >= answer["mde"])


@pytest.mark.parametrize(
    "args",
    [
        ("power", "--target", "0", "--control", "10", "--base-rate", "0.1"),
        ("power", "--target", "10", "--control", "10", "--base-rate", "5"),
        ("power", "--target", "ten", "--control", "10", "--base-rate", "0.1"),
        ("power", "--target", "10", "--control", "10", "--base-rate", "0.1", "--uplift", "-1"),
        ("results", "--campaign", "99999"),
        ("nonsense",),
    ],
)
def test_cli_bad_arguments_exit_2_without_traceback(args, demo_pointer):
    run = _cli(*args, pointer=demo_pointer)
    assert run.returncode == 2
    assert "Traceback" not in run.stderr and "error:" in run.stderr

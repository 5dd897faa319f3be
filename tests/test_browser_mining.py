"""The mining studio's pages in real headless Chromium: RFM scoring as a background job and the
basket rules, each checked against the mining functions run on the same data."""

import datetime as dt

import duckdb
import pytest

from tests.apprun import AppProcess, sign_in

pytestmark = pytest.mark.browser
playwright = pytest.importorskip("playwright.sync_api")


@pytest.fixture(scope="module")
def server(dash_app, demo_pointer):  # dash_app creates the users in the shared store
    with AppProcess({"XRM_DB": str(demo_pointer)}) as app:
        yield app


def login(page, server, path):
    sign_in(page, server, path)


def test_rfm_scoring_runs_in_the_background_and_matches_the_model(server, browser, demo_pointer):
    from data.warehouse import Warehouse
    from mining.rfm import rfm_table
    from mining.runs import list_runs

    lineage = Warehouse(demo_pointer).lineage()  # the server's warehouse: runs are kept per warehouse
    assert not [r for r in list_runs("rfm", lineage) if r["created_by"] == "u_marketer"]  # the wait relies on it
    page = browser.new_page(viewport={"width": 1400, "height": 1100})
    login(page, server, "/mining/rfm")
    page.wait_for_selector("#rfm-run", timeout=20000)
    page.click("#rfm-run")
    # the store is shared: the page may first show another test's run; wait for this one's
    page.wait_for_function(
        "(document.querySelector('#rfm-run-info')?.innerText || '').includes('by u_marketer')", timeout=120000
    )
    con = duckdb.connect(str(demo_pointer), read_only=True)
    last = con.execute("SELECT max(order_ts)::DATE FROM fact_order_line").fetchone()[0]
    expected = rfm_table(con, last)
    shown = int(page.locator("[data-kpi=customers]").inner_text().replace(",", ""))
    assert shown == len(expected)
    page.wait_for_selector("#rfm-movement-graph", timeout=30000)
    champions = page.evaluate("[...document.querySelectorAll('#rfm-segment-table .ag-row')].map(r => r.innerText)")
    assert any(str((expected["segment"] == "champions").sum()) in row for row in champions)


def test_basket_rules_match_the_miner(server, browser, demo_pointer):
    from mining.rules import RuleSpec, mine_rules
    from olap.period import add_months, parse_period

    page = browser.new_page(viewport={"width": 1400, "height": 1100})
    login(page, server, "/mining/rules")
    summary = page.wait_for_selector("#rules-summary, #rules-empty", timeout=30000).inner_text()
    con = duckdb.connect(str(demo_pointer), read_only=True)
    first, last = con.execute("SELECT min(order_ts)::DATE, max(order_ts)::DATE FROM fact_order_line").fetchone()
    period = parse_period("L12M", first, last)
    spec = RuleSpec(
        level="subcategory",
        start=period.start,
        end=add_months(period.end, 1) - dt.timedelta(days=1),
        min_support=0.005,
        min_confidence=0.1,
        min_lift=1.2,
        max_rules=500,
    )
    result = mine_rules(con, spec)
    assert f"{len(result.rules):,} rules" in summary and f"{result.n_baskets:,} baskets" in summary

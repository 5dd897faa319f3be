"""Data health and the partial-warehouse notices in real headless Chromium, on an orders-only warehouse."""

from __future__ import annotations

import duckdb
import pytest

from tests.apprun import AppProcess, sign_in
from tests.test_health import load_orders_only

pytestmark = pytest.mark.browser
playwright = pytest.importorskip("playwright.sync_api")


@pytest.fixture(scope="module")
def orders_only(tmp_path_factory):
    return load_orders_only(tmp_path_factory.mktemp("orders_only_browser"))


@pytest.fixture(scope="module")
def server(dash_app, orders_only):  # dash_app creates the users in the shared store
    with AppProcess({"XRM_DB": str(orders_only)}) as app:
        yield app


def test_data_health_page_shows_counts_and_what_pages_cannot_show(server, browser, orders_only):
    con = duckdb.connect(str(orders_only.resolve()), read_only=True)
    lines = con.execute("SELECT count(*) FROM fact_order_line").fetchone()[0]
    con.close()
    page = browser.new_page(viewport={"width": 1400, "height": 1100})
    sign_in(page, server, "/admin/data-health", user="u_analyst")
    page.wait_for_selector("#health-tables .ag-row", timeout=30000)
    first_row = page.locator("#health-tables .ag-center-cols-container .ag-row[row-index='0']")
    assert first_row.locator("[col-id='table']").inner_text() == "fact_order_line"
    assert first_row.locator("[col-id='rows']").inner_text() == f"{lines:,}"
    pipeline = page.locator("#health-pages .ag-center-cols-container .ag-row[row-id='pipeline']")
    assert pipeline.locator("[col-id='status']").inner_text() == "not available"
    assert pipeline.locator("[col-id='import']").inner_text() == "opportunities, opportunity_stages"
    assert "--entity campaign_contacts" in page.inner_text("#health-missing")
    page.click("#nav-group-admin")
    assert page.is_visible("#nav-data_health")
    page.close()


def test_pages_on_an_orders_only_warehouse_say_what_to_import(server, browser):
    page = browser.new_page(viewport={"width": 1400, "height": 1100})
    sign_in(page, server, "/analyses?a=tickets", user="u_admin")
    page.wait_for_selector("#analyses-body #coverage-unavailable", timeout=30000)
    assert "--entity service_tickets" in page.inner_text("#analyses-body #coverage-unavailable")
    assert page.locator("#analysis-empty").count() == 0  # never "no data in this period" for a missing file
    page.goto(server.url + "/mining/whatif")
    page.wait_for_selector("#coverage-page", timeout=30000)
    assert "--entity campaign_contacts" in page.inner_text("#coverage-unavailable")
    page.goto(server.url + "/")
    page.wait_for_selector("#coverage-limited", timeout=30000)
    said = page.inner_text("#coverage-limited")
    assert "No customer countries" in said and "No product costs" in said
    page.wait_for_selector("#exec-cards .kpi-card", timeout=30000)
    page.close()


def test_dashboard_draws_and_says_the_unknown_channel(dash_app, browser, tmp_path):
    from data.warehouse import publish
    from tests.test_unknown_channel import tiny_with_unknown_channel

    pointer = tmp_path / "wh" / "xrm.duckdb"
    pointer.parent.mkdir()
    built = tmp_path / "built.duckdb"
    tiny_with_unknown_channel(built).close()
    publish(built, pointer)
    with AppProcess({"XRM_DB": str(pointer)}) as app:
        page = browser.new_page(viewport={"width": 1400, "height": 1100})
        sign_in(page, app, "/?period=2025-Q4", user="u_executive")
        page.wait_for_selector("#exec-unknown-channel", timeout=30000)
        assert "of revenue has no known channel" in page.inner_text("#exec-unknown-channel")
        assert page.is_visible("#exec-channel >> text=Unknown channel")  # a filter value of its own
        page.wait_for_selector("#exec-trend .legendtext", timeout=30000)
        legend = [e.text_content() for e in page.query_selector_all("#exec-trend .legendtext")]
        assert "Unknown channel" in legend
        page.close()

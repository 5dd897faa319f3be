"""Customer 360 in real headless Chromium: open a profile from search, check it against SQL,
correct data (and be refused a wrong e-mail), erase a customer as an admin."""

from __future__ import annotations

import duckdb
import pytest

from data import warehouse as wh
from tests.apprun import AppProcess, sign_in
from tests.fixtures import private_copy

pytestmark = pytest.mark.browser
playwright = pytest.importorskip("playwright.sync_api")


@pytest.fixture(scope="module")
def pointer(demo_pointer, tmp_path_factory):
    """A private copy of the demo warehouse: corrections and erasures publish new versions."""
    return private_copy(demo_pointer, tmp_path_factory.mktemp("c360b"))


@pytest.fixture(scope="module")
def server(dash_app, pointer):  # dash_app creates the users in the shared store
    with AppProcess({"XRM_DB": str(pointer)}) as app:
        yield app


def login(page, server, user="u_marketer", path="/customers"):
    sign_in(page, server, path, user)


def query(pointer, sql, params=()):
    con = duckdb.connect(str(wh.current_path(pointer)), read_only=True)
    try:
        return con.execute(sql, list(params)).fetchone()
    finally:
        con.close()


def test_search_opens_the_profile_and_it_matches_sql(server, browser, pointer):
    from crm.customers import pending_overlay

    touched = set(
        pending_overlay(None, wh.Warehouse(pointer).lineage())
    )  # the store is shared: other tests corrected or erased some
    con = duckdb.connect(str(wh.current_path(pointer)), read_only=True)
    busiest = con.execute(
        """SELECT c.customer_id, c.email, c.name FROM dim_customer c JOIN fact_order_line f USING (customer_id)
           GROUP BY ALL ORDER BY count(DISTINCT f.order_id) DESC, c.customer_id LIMIT 50"""
    ).fetchall()
    con.close()
    cid, email, name = next(row for row in busiest if row[0] not in touched)
    orders, sessions = query(
        pointer,
        """SELECT (SELECT count(DISTINCT order_id) FROM fact_order_line WHERE customer_id = ?),
                  (SELECT count(*) FROM fact_web_session WHERE customer_id = ?)""",
        [cid, cid],
    )
    page = browser.new_page(viewport={"width": 1400, "height": 1100})
    login(page, server)
    page.wait_for_selector("#cust-q", timeout=20000)
    page.fill("#cust-q", email)
    page.press("#cust-q", "Enter")
    page.wait_for_selector(f"#cust-found .ag-row[row-id='{cid}']", timeout=20000)
    page.click(f"#cust-found .ag-center-cols-container .ag-row[row-id='{cid}'] .ag-cell >> nth=0")
    page.wait_for_selector("#cust-name", timeout=20000)
    assert f"id={cid}" in page.url
    assert name in page.inner_text("#cust-name")
    assert page.inner_text("#cust-orders") == f"{orders:,}"
    counts = page.wait_for_selector("#cust-timeline-counts", timeout=20000).inner_text()
    assert f"Orders {orders:,}" in counts
    assert (f"Web visits {sessions:,}" in counts) == (sessions > 0)
    # a wrong e-mail is refused in words and nothing is recorded
    page.fill("#cust-edit-email", "not an e-mail")
    page.click("#cust-save")
    assert "is not an e-mail address" in page.wait_for_selector("#cust-problem", timeout=20000).inner_text()
    assert "No corrections so far." in page.inner_text("#cust-profile")
    # a right one is saved with its history and written into the warehouse
    page.fill("#cust-edit-email", "corrected@example.com")
    page.click("#cust-save")
    page.wait_for_selector("#cust-saved-ok", timeout=20000)
    page.wait_for_selector("#cust-applied", timeout=60000)
    assert page.inner_text("#cust-email") == "corrected@example.com"
    assert query(pointer, "SELECT email FROM dim_customer WHERE customer_id = ?", [cid])[0] == "corrected@example.com"
    history = page.inner_text("#cust-history")
    assert email in history and "corrected@example.com" in history and "u_marketer" in history


def test_an_admin_erases_a_customer_and_totals_stay(server, browser, pointer):
    from crm.customers import pending_overlay

    touched = set(pending_overlay(None, wh.Warehouse(pointer).lineage()))
    cid = next(
        c
        for (c,) in duckdb.connect(str(wh.current_path(pointer)), read_only=True)
        .execute("SELECT customer_id FROM dim_customer ORDER BY customer_id LIMIT 50 OFFSET 11")
        .fetchall()
        if c not in touched
    )
    totals_sql = "SELECT count(*), sum(revenue) FROM fact_order_line"
    totals = query(pointer, totals_sql)
    page = browser.new_page(viewport={"width": 1400, "height": 1100})
    login(page, server, user="u_admin", path=f"/customers?id={cid}")
    page.wait_for_selector("#cust-erase", timeout=20000)
    page.fill("#cust-erase-reason", "request 2026-117")
    page.click("#cust-erase")
    page.wait_for_selector("text=Tick the box to confirm", timeout=20000)
    page.click("#cust-erase-confirm")
    page.click("#cust-erase")
    page.wait_for_selector("#cust-erased-ok", timeout=60000)
    page.wait_for_selector("#cust-erased", timeout=20000)
    assert f"Anonymised customer {cid}" in page.inner_text("#cust-name")
    assert query(pointer, "SELECT name, email FROM dim_customer WHERE customer_id = ?", [cid]) == (
        f"Anonymised customer {cid}",
        "",
    )
    assert query(pointer, totals_sql) == totals
    assert wh.list_versions(pointer) == [wh.current_path(pointer)]


def test_a_marketer_cannot_erase(server, browser, pointer):
    cid = query(pointer, "SELECT customer_id FROM dim_customer ORDER BY customer_id LIMIT 1 OFFSET 12")[0]
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    login(page, server, path=f"/customers?id={cid}")
    page.wait_for_selector("#cust-name", timeout=20000)
    assert not page.is_visible("#cust-erase")


def test_rows_and_ids_lead_to_the_customer_and_the_product(server, browser, pointer):
    """Issue 17 item 5: the dashboard's top customer opens Customer 360, its top product opens Explore
    on that product (same period), and an exact id typed in the search opens the profile directly."""
    page = browser.new_page(viewport={"width": 1400, "height": 1400})
    login(page, server, user="u_executive", path="/?p=2025")
    page.wait_for_selector("#exec-top-customers .ag-center-cols-container .ag-row", timeout=30000)
    top = page.locator("#exec-top-customers .ag-center-cols-container .ag-row").first
    cid = top.get_attribute("row-id")
    name = query(pointer, "SELECT name FROM dim_customer WHERE customer_id = ?", [int(cid)])[0]
    page.locator("#exec-top-customers .ag-pinned-left-cols-container .ag-row").first.click()
    page.wait_for_selector("#cust-name", timeout=20000)
    assert "/customers" in page.url and f"id={cid}" in page.url
    assert name in page.inner_text("#cust-name")

    page.go_back()
    page.wait_for_selector("#exec-top-products .ag-center-cols-container .ag-row", timeout=30000)
    pid = page.locator("#exec-top-products .ag-center-cols-container .ag-row").first.get_attribute("row-id")
    page.locator("#exec-top-products .ag-pinned-left-cols-container .ag-row").first.click()
    page.wait_for_url("**/explore?**", timeout=20000)
    assert f"f.product.product={pid}" in page.url and "p=2025" in page.url and "r=time.month" in page.url
    product = query(pointer, "SELECT name FROM dim_product WHERE product_id = ?", [int(pid)])[0]
    chip = page.wait_for_selector(".filter-chip", timeout=20000).inner_text()
    assert product in chip or pid in chip

    other = query(pointer, "SELECT min(customer_id) FROM dim_customer WHERE is_guest IS NOT TRUE")[0]
    page.goto(server.url + "/customers")
    page.wait_for_selector("#cust-q", timeout=20000)
    page.fill("#cust-q", str(other))
    page.press("#cust-q", "Enter")
    page.wait_for_selector("#cust-name", timeout=20000)
    assert f"id={other}" in page.url

    # a KPI's definition is one click away, and its card opens its breakdown with the same period
    page.goto(server.url + "/?p=2025")
    page.wait_for_selector("#kpi-info-revenue", timeout=30000)
    page.click("#kpi-info-revenue")
    assert "revenue" in page.wait_for_selector(".popover-body", timeout=10000).inner_text().lower()
    page.click("#kpi-explore-active_customers")
    page.wait_for_url("**/explore?**", timeout=20000)
    assert "m=customers" in page.url and "r=geo.region" in page.url and "p=2025" in page.url
    page.wait_for_selector("#explore-table .ag-row", timeout=30000)
    page.close()

"""The executive journey in real headless Chromium: log in, read KPIs, click a region, go back."""

import duckdb
import pytest

from tests.apprun import AppProcess, sign_in
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser
playwright = pytest.importorskip("playwright.sync_api")


@pytest.fixture(scope="module")
def server(dash_app):  # dash_app creates the users in the shared store
    with AppProcess() as app:
        yield app


def expected_q4_revenue(path, region=None):
    """Independent SQL on the fact table, not on the aggregates the app reads."""
    con = duckdb.connect(str(path), read_only=True)
    sql = """SELECT sum(f.revenue), count(DISTINCT f.order_id) FROM fact_order_line f JOIN dim_customer c USING (customer_id)
             WHERE f.order_ts >= '2025-10-01' AND f.order_ts < '2026-01-01'"""
    params = []
    if region:
        sql += " AND c.region = ?"
        params.append(region)
    revenue, orders = con.execute(sql, params).fetchone()
    con.close()
    return revenue, orders


def kpi(page, key):
    return float(page.locator(f"[data-kpi={key}]").get_attribute("data-value"))


def test_login_read_kpis_drill_region_and_go_back(server, browser, tiny_published):
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.goto(server.url + "/?period=2025-Q4")
    assert "/login" in page.url
    page.fill("#username", "u_executive")
    page.fill("#password", "wrong-password")
    page.click("#login-submit")
    assert "not right" in page.locator("#login-message").inner_text()
    page.fill("#password", PASSWORD)
    page.click("#login-submit")
    page.wait_for_selector("[data-kpi=revenue]", timeout=20000)
    revenue, orders = expected_q4_revenue(tiny_published)
    assert kpi(page, "revenue") == pytest.approx(revenue)
    assert kpi(page, "orders") == orders
    assert page.locator("[data-kpi=revenue]").inner_text() == f"${revenue:,.0f}"

    # Clicking the Asia bar opens its menu: drill to its countries, filter the page, detail rows, Explore.
    bar = page.locator("#exec-regions .bars .point path").nth(1)
    bar.scroll_into_view_if_needed()
    box = bar.bounding_box()  # ascending: NA, Asia, Europe
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)  # as a person clicks the bar
    menu = page.wait_for_selector("#exec-regions-menu .exec-click-menu", timeout=10000)
    assert "Asia" in menu.inner_text() and "Drill to its countries" in menu.inner_text()
    drill = page.get_attribute("#exec-regions-menu a:has-text('Drill to its countries')", "href")
    assert drill.startswith("/explore?") and "r=geo.country" in drill and "f.geo.region=Asia" in drill
    detail = page.get_attribute("#exec-regions-menu a:has-text('See its detail rows')", "href")
    assert "view=detail" in detail and "d.geo.region=Asia" in detail
    page.click("#exec-regions-menu a:has-text('Filter this page to it')")  # narrows the whole page to Asia
    page.wait_for_url("**region=Asia**", timeout=10000)
    page.wait_for_function(
        "document.querySelector('[data-kpi=revenue]') && document.querySelector('[data-kpi=revenue]').dataset.value == '160.0'",
        timeout=10000,
    )
    asia_revenue, _ = expected_q4_revenue(tiny_published, "Asia")
    assert kpi(page, "revenue") == pytest.approx(asia_revenue)
    assert "Asia" in page.locator("#exec-chips").inner_text()
    # the other regions stay in the chart, greyed, instead of one bar
    page.wait_for_function("document.querySelectorAll('#exec-regions .bars .point path').length == 3")
    fills = [p.evaluate("e => getComputedStyle(e).fill") for p in page.locator("#exec-regions .bars .point path").all()]
    assert len(set(fills)) == 2 and fills.count(fills[1]) == 1  # Asia in colour, the two others grey

    # The back button undoes the click.
    page.go_back()
    page.wait_for_function(
        f"document.querySelector('[data-kpi=revenue]') && document.querySelector('[data-kpi=revenue]').dataset.value == '{float(revenue)!r}'",
        timeout=10000,
    )
    assert "region=" not in page.url


def test_bad_url_values_get_a_message_not_a_traceback(server, browser):
    page = browser.new_page()
    page.goto(server.url + "/login")
    page.fill("#username", "u_analyst")
    page.fill("#password", PASSWORD)
    page.click("#login-submit")
    page.goto(server.url + "/?period=1999-Q9&region=Atlantis&ctype=robot")
    alert = page.wait_for_selector("#exec-rejected", timeout=20000).inner_text()
    assert "1999-Q9" in alert and "Atlantis" in alert and "robot" in alert
    page.wait_for_selector("[data-kpi=revenue]")
    page.goto(server.url + "/?region=Europe&country=Japan&period=2025-Q4")
    assert "Nothing matches" in page.wait_for_selector("#exec-empty", timeout=20000).inner_text()
    page.goto(server.url + "/no/such/page")
    assert "Page not found" in page.wait_for_selector("#not-found", timeout=20000).inner_text()


def test_a_filter_change_keeps_the_page_and_back_and_forward_answer_in_place(server, browser, tiny_published):
    """A control, a chip and back/forward change the dashboard's state in place (the page is not built
    again: a mark put on it stays), one history entry per change, the numbers those of SQL each time;
    a shared address opens the same state as a fresh page."""
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    sign_in(page, server, "/?p=2025-Q4", "u_executive")
    page.wait_for_selector("[data-kpi=revenue]", timeout=20000)
    all_revenue, _ = expected_q4_revenue(tiny_published)
    asia_revenue, asia_orders = expected_q4_revenue(tiny_published, "Asia")
    page.evaluate("document.getElementById('exec-page').dataset.mark = 'kept'")
    entries = page.evaluate("history.length")

    def shows(revenue):
        page.wait_for_function(
            f"document.querySelector('[data-kpi=revenue]').dataset.value == '{float(revenue)!r}'", timeout=15000
        )

    page.locator("#exec-region").click()
    page.get_by_role("option").first.wait_for(timeout=10000)
    page.get_by_role("option", name="Asia", exact=True).first.click()
    page.wait_for_url("**f.geo.region=Asia**", timeout=10000)
    shows(asia_revenue)
    assert kpi(page, "orders") == asia_orders and "Asia" in page.locator("#exec-chips").inner_text()
    assert page.evaluate("history.length") == entries + 1  # one entry for the change
    page.keyboard.press("Escape")
    # the region's chip removes it again, in place
    page.locator("#exec-chips button", has_text="Asia").click()
    page.wait_for_function("!location.search.includes('Asia')", timeout=10000)
    shows(all_revenue)
    assert page.evaluate("history.length") == entries + 2
    page.go_back()  # to Asia
    shows(asia_revenue)
    assert "f.geo.region=Asia" in page.url and "Asia" in page.locator("#exec-region").inner_text()
    page.go_back()  # to the page as opened
    shows(all_revenue)
    assert "region" not in page.url
    page.go_forward()
    shows(asia_revenue)
    assert page.evaluate("document.getElementById('exec-page').dataset.mark") == "kept"  # never built again
    # the address of a state changed in place is that state for anyone who opens it
    fresh = browser.new_page(viewport={"width": 1400, "height": 1000})
    sign_in(fresh, server, page.url.removeprefix(server.url), "u_executive")
    fresh.wait_for_selector("[data-kpi=revenue]", timeout=20000)
    assert kpi(fresh, "revenue") == pytest.approx(asia_revenue)
    # leaving for another page and coming back with the back button still works (the router's turn)
    page.click("#nav-explore")
    page.wait_for_url("**/explore**", timeout=10000)
    page.wait_for_selector("#explore-page", timeout=20000)
    page.go_back()
    page.wait_for_selector("#exec-page", timeout=20000)
    shows(asia_revenue)

"""The dashboard's first paint in real headless Chromium (issue 15 item 3): opened again (its numbers
kept), the page comes with the app's layout, its charts and grids drawn, and no request asks for them; the partner and
campaign cards follow once the charts are painted; the numbers are SQL's; a page whose numbers are
not kept yet is drawn by its callback as before."""

import json

import duckdb
import pytest

from tests.apprun import AppProcess, sign_in

pytestmark = pytest.mark.browser
playwright = pytest.importorskip("playwright.sync_api")

ROWS = "(id) => { const rows = []; dash_ag_grid.getApi(id).forEachNode(n => rows.push(n.data)); return rows; }"
DRAWN = (
    "['exec-trend', 'exec-regions', 'exec-countries'].every(id => document.querySelector(`#${id} .main-svg .trace`))"
)


@pytest.fixture(scope="module")
def server(dash_app, demo_pointer):  # dash_app creates the users in the shared store
    with AppProcess({"XRM_DB": str(demo_pointer)}) as app:
        yield app


def top_customers(path) -> list[tuple[int, float]]:
    """Independent SQL: the ten biggest customers of 2025 by revenue."""
    con = duckdb.connect(str(path), read_only=True)
    try:
        return con.execute(
            """SELECT customer_id, sum(revenue) FROM fact_order_line
               WHERE order_ts >= DATE '2025-01-01' AND order_ts < DATE '2026-01-01'
               GROUP BY 1 ORDER BY 2 DESC LIMIT 10"""
        ).fetchall()
    finally:
        con.close()


def callbacks_asked(page, action) -> list[str]:
    """The outputs of every callback request the page makes during ``action()``."""
    asked: list[str] = []

    def seen(request):
        if "_dash-update-component" in request.url and request.post_data:
            asked.append(str(json.loads(request.post_data).get("output")))

    page.on("request", seen)
    try:
        action()
    finally:
        page.remove_listener("request", seen)
    return asked


def test_the_dashboard_opens_drawn_with_no_request_for_its_numbers(server, browser, demo_pointer):
    page = browser.new_page(viewport={"width": 1400, "height": 1100})
    sign_in(page, server, "/?p=2025", user="u_executive")
    page.wait_for_function(DRAWN, timeout=60000)  # the first open keeps the numbers (drawn either way)

    def open_again():
        page.goto(server.url + "/?p=2025")
        page.wait_for_function(DRAWN, timeout=60000)
        page.wait_for_selector("#exec-partner-card", timeout=30000)  # asked for after the paint

    asked = callbacks_asked(page, open_again)
    # the page itself comes with the app's layout (components/routing.py): no router request either
    assert not any("_pages_content.children" in out for out in asked), asked
    assert not any("exec-trend.figure" in out or "exec-cards" in out for out in asked), asked
    assert any("exec-partners.children" in out for out in asked)
    rows = page.evaluate(ROWS, "exec-top-customers")
    want = top_customers(demo_pointer)
    assert [int(r["customer_id"]) for r in rows] == [c for c, _ in want]
    assert [r["revenue"] for r in rows] == pytest.approx([v for _, v in want])
    assert page.locator("#exec-pending").count() == 0
    page.close()


def test_a_state_not_kept_is_drawn_by_its_callback(server, browser, demo_pointer):
    """A period nobody opened yet: the page comes at once and its callback draws the numbers."""
    page = browser.new_page(viewport={"width": 1400, "height": 1100})
    sign_in(page, server, "/?p=2023-Q2", user="u_executive")
    page.wait_for_function(DRAWN, timeout=60000)
    page.wait_for_selector("#exec-partner-card", timeout=30000)

    def open_another():
        page.goto(server.url + "/?p=2024-Q3&ctype=B2B")
        page.wait_for_function(DRAWN, timeout=60000)
        page.wait_for_selector("#exec-partner-card", timeout=30000)

    asked = callbacks_asked(page, open_another)
    assert any("exec-trend.figure" in out for out in asked)  # render drew it
    assert any("exec-partners.children" in out for out in asked)
    page.close()


def test_every_page_comes_with_the_frame_and_a_long_address_goes_through_the_router(server, browser):
    """Pages opened by address are built into the app's layout (components/routing.py): no router
    request. An address too long to send with the layout request still opens its page, by the router."""
    page = browser.new_page(viewport={"width": 1400, "height": 1100})
    sign_in(page, server, "/explore?r=geo.region&p=2025", user="u_analyst")
    page.wait_for_selector("#explore-graph .main-svg", timeout=60000)
    for path, shown in (("/explore?r=geo.country&p=2025", "#explore-graph .main-svg"), ("/glossary", "#glossary-title"),
                        ("/no-such-page", "#not-found"), ("/admin/users", "#access-denied")):  # fmt: skip
        asked = callbacks_asked(page, lambda p=path, s=shown: (page.goto(server.url + p), page.wait_for_selector(s)))
        assert not any("_pages_content.children" in out for out in asked), (path, asked)
        assert page.evaluate("() => location.pathname + location.search") == path
    page.goto(server.url + "/glossary")
    page.wait_for_function("() => document.title === 'XRM · Glossary'", timeout=10000)  # the page's own title

    long_path = "/explore?r=geo.region&p=2025&note=" + "x" * 2100
    asked = callbacks_asked(
        page, lambda: (page.goto(server.url + long_path), page.wait_for_selector("#explore-graph .main-svg"))
    )
    assert any("_pages_content.children" in out for out in asked), asked
    assert page.evaluate("() => location.search.length") > 2000
    page.close()

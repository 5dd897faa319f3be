"""Issue 17's last flow items in real headless Chromium at 1280 px, in both languages: money shows its
currency in grids (만/억 in Korean, as on the cards); the dashboard's half-width top grids keep revenue in
sight; a custom range from Explore is carried (Analyses apply it, the Dashboard says it cannot); a click
on an Analyses chart point opens its menu, whose drill opens numbers equal to SQL."""

import re
from urllib.parse import parse_qs, urlparse

import duckdb
import pytest

from tests.apprun import AppProcess, sign_in

pytestmark = pytest.mark.browser
playwright = pytest.importorskip("playwright.sync_api")

ROWS = "(id) => { const rows = []; dash_ag_grid.getApi(id).forEachNode(n => rows.push(n.data)); return rows; }"
# no sideways scrolling, and the revenue column's header and cells wholly inside the grid's visible area
INSIDE = """(id) => {
  const root = document.querySelector('#' + id + ' .ag-root-wrapper').getBoundingClientRect();
  const cells = [...document.querySelectorAll('#' + id + ' [col-id="revenue"]')];
  const centre = document.querySelector('#' + id + ' .ag-center-cols-viewport');
  const scrolls = centre.scrollWidth > centre.clientWidth + 1;  // sideways scrolling
  return !scrolls && cells.length > 1 && cells.every(c => { const r = c.getBoundingClientRect();
    return r.width > 0 && r.left >= root.left - 1 && r.right <= root.right + 1; });
}"""
CELLS = "(id) => [...document.querySelectorAll('#' + id + ' .ag-cell[col-id=\"revenue\"]')].map(c => c.innerText)"
RANGE = ("2025-01-05", "2025-03-09")


@pytest.fixture(scope="module")
def server(dash_app, demo_pointer):
    with AppProcess({"XRM_DB": str(demo_pointer)}) as app:
        yield app


def sql(path, text, params=()):
    con = duckdb.connect(str(path), read_only=True)
    try:
        return con.execute(text, list(params)).fetchone()[0]
    finally:
        con.close()


def open_in(browser, server, lang, path="/"):
    page = browser.new_page(viewport={"width": 1280, "height": 1000})
    sign_in(page, server, path, user="u_analyst")
    page.wait_for_selector("#navbar-search, .navbar", timeout=30000)
    page.goto(server.url + f"/lang/{lang}")
    return page


def money_cells(page, grid_id: str, lang: str) -> list[str]:
    found = page.wait_for_function(f"() => {{ const t = ({CELLS})('{grid_id}'); return t.length > 1 && t[0] && t; }}",
                                   timeout=30000)  # fmt: skip
    texts = found.json_value()
    assert texts and all(t.startswith(("$", "-$")) for t in texts), texts  # the demo's currency
    if lang == "ko":  # as on the cards: 만/억 from ten thousand up
        assert any(re.search(r"[만억]$", t) for t in texts), texts
    else:
        assert all(re.fullmatch(r"-?\$[\d,]+", t) for t in texts), texts
    return texts


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_money_has_its_currency_and_the_top_grids_keep_revenue_in_sight(server, browser, demo_pointer, lang):
    page = open_in(browser, server, lang)
    page.goto(server.url + "/?p=2025")
    for grid in ("exec-top-customers", "exec-top-products"):
        money_cells(page, grid, lang)
        page.wait_for_timeout(600)  # the columns are fitted once the rows are drawn
        assert page.evaluate(INSIDE, grid), f"{grid}: revenue runs out of the card"
    top = page.evaluate(ROWS, "exec-top-customers")[0]
    expected = sql(demo_pointer, "SELECT SUM(revenue) FROM fact_order_line WHERE customer_id = ? "
                   "AND order_ts >= '2025-01-01' AND order_ts < '2026-01-01'", [int(top["customer_id"])])  # fmt: skip
    assert top["revenue"] == pytest.approx(expected)
    # the exact amount is one hover away
    page.locator("#exec-top-customers .ag-cell[col-id='revenue']").first.hover()
    tip = page.wait_for_selector(".ag-tooltip", timeout=10000).inner_text()
    assert tip == "$" + f"{round(expected):,}"
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280  # nothing runs off the window
    page.set_viewport_size({"width": 1920, "height": 1000})
    for grid in ("exec-top-customers", "exec-top-products"):
        page.wait_for_function(INSIDE, arg=grid, timeout=10000)  # refitted to the wider cards
    page.goto(server.url + "/explore?m=revenue&r=geo.region&p=2025")
    money_cells(page, "explore-table", lang)
    page.close()


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_a_custom_range_travels_applied_or_said_not_to_be(server, browser, demo_pointer, lang):
    page = open_in(browser, server, lang)
    page.goto(server.url + f"/explore?m=revenue&r=geo.region&from={RANGE[0]}&to={RANGE[1]}")
    page.wait_for_selector("#explore-table .ag-row", timeout=30000)
    page.wait_for_function("() => (document.getElementById('nav-home').getAttribute('href') || '').includes('from=')",
                           timeout=15000)  # fmt: skip
    page.click("#nav-analyses")
    page.wait_for_url(re.compile(r"/analyses\?"), timeout=15000)
    note = page.wait_for_selector("#analyses-range-note", timeout=30000).inner_text()
    assert ("Jan 5, 2025" if lang == "en" else "2025. 1. 5.") in note
    page.wait_for_function("() => { try { let c = 0; dash_ag_grid.getApi('analysis-grid-by_region')"
                           ".forEachNode(() => c++); return c > 0; } catch (e) { return false; } }", timeout=30000)  # fmt: skip
    shown = sum(r["revenue"] for r in page.evaluate(ROWS, "analysis-grid-by_region"))
    expected = sql(demo_pointer, "SELECT SUM(revenue) FROM fact_order_line WHERE order_ts >= ? "
                   "AND order_ts < DATE '2025-03-10'", [RANGE[0]])  # fmt: skip
    assert shown == pytest.approx(expected)  # the analyses read the range's days
    money_cells(page, "analysis-grid-by_region", lang)  # with the currency, 만/억 in Korean
    page.click("#nav-home")
    page.wait_for_url(re.compile(r"from=2025-01-05"), timeout=15000)
    note = page.wait_for_selector("#exec-range-note", timeout=30000).inner_text()
    assert ("not applied" if lang == "en" else "적용되지 않습니다") in note
    assert parse_qs(urlparse(page.url).query)["to"] == [RANGE[1]]  # kept, so that it travels on
    page.close()


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_an_analyses_chart_point_opens_its_menu(server, browser, demo_pointer, lang):
    page = open_in(browser, server, lang)
    page.goto(server.url + "/analyses?a=region_period&p=2025&f.channel.group=online")
    bar = page.locator("#analysis-block-by_region .bars .point path").last  # the largest region, on top
    bar.wait_for(timeout=30000)
    box = bar.bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    menu = page.wait_for_selector("#analysis-block-by_region .analysis-click-menu", timeout=15000)
    region = [r for r in page.evaluate(ROWS, "analysis-grid-by_region")]
    top = max(region, key=lambda r: r["revenue"])
    assert (top["geo_region"] if "geo_region" in top else "") in menu.inner_text() or menu.inner_text()
    links = {a.get_attribute("id"): a.get_attribute("href") for a in menu.query_selector_all("a")}
    drill = next(h for i, h in links.items() if '"drill"' in i)
    assert "p=2025" in drill and "f.channel.group=online" in drill and "r=geo.country" in drill
    assert any('"filter"' in i for i in links) and any('"detail"' in i for i in links)
    region_member = parse_qs(urlparse(drill).query)["f.geo.region"][0]
    page.click("#analysis-block-by_region .analysis-click-menu a >> nth=0")
    page.wait_for_url(re.compile(r"/explore\?.*r=geo\.country"), timeout=15000)
    page.wait_for_selector("#explore-table .ag-row", timeout=30000)
    countries = page.evaluate(ROWS, "explore-table")
    expected = sql(demo_pointer, "SELECT SUM(f.revenue) FROM fact_order_line f JOIN dim_customer c USING (customer_id) "
                   "JOIN dim_channel ch USING (channel_id) WHERE c.region = ? AND ch.channel_group = 'online' "
                   "AND f.order_ts >= '2025-01-01' AND f.order_ts < '2026-01-01'", [region_member])  # fmt: skip
    assert sum(r["revenue"] for r in countries) == pytest.approx(expected)
    page.close()

"""The analyst's drill in real headless Chromium: region → country → city by clicking bars, numbers
equal to SQL on the fact table, the lowest level says so, and back undoes each drill."""

import duckdb
import pytest

from tests.apprun import AppProcess
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser
playwright = pytest.importorskip("playwright.sync_api")
PlaywrightTimeout = playwright.TimeoutError

READ_GRID = """grid => {
  const cells = (sel) => Object.fromEntries([...document.querySelectorAll(grid + ' ' + sel)]
      .map(c => [c.closest('[row-index]').getAttribute('row-index'), c.innerText.trim()]));
  const labels = cells('.ag-pinned-left-cols-container [col-id=_label]');
  const values = cells('.ag-center-cols-container [col-id=revenue]');
  return Object.keys(labels).map(i => [labels[i], values[i]]);
}"""


@pytest.fixture(scope="module")
def server(dash_app, demo_pointer):  # dash_app creates the users in the shared store
    with AppProcess({"XRM_DB": str(demo_pointer)}) as app:
        yield app


def revenue_by(path, column, **where):
    """Independent SQL: 2025 revenue per member of a customer column, rounded as the grid shows it."""
    sql = f"""SELECT c.{column}, sum(f.revenue) FROM fact_order_line f JOIN dim_customer c USING (customer_id)
              WHERE f.order_ts >= '2025-01-01' AND f.order_ts < '2026-01-01'"""
    params = []
    for name, value in where.items():
        sql += f" AND c.{name} = ?"
        params.append(value)
    con = duckdb.connect(str(path), read_only=True)
    rows = con.execute(sql + " GROUP BY 1", params).fetchall()
    con.close()
    return {member: f"${round(value):,}" for member, value in rows}


def grid(page) -> dict:
    page.wait_for_selector("#explore-table .ag-center-cols-container [col-id=revenue]", timeout=20000)
    return dict(page.evaluate(READ_GRID, "#explore-table"))


def click_top_bar(page, until: str | None = None):
    """Click the biggest bar; with ``until`` (an address pattern), click it again, as a person would, when
    the address has not followed in 5 s (on a loaded machine the click can land while the chart is being
    drawn again, its bars re-laid out under the pointer)."""
    for attempt in range(3 if until else 1):
        bars = page.locator("#explore-graph .bars .point path")
        box = bars.nth(bars.count() - 1).bounding_box()  # the biggest member is drawn on top, last
        page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        if until is None:
            return
        try:
            page.wait_for_url(until, timeout=5000)
            return
        except PlaywrightTimeout:
            if attempt == 2:
                raise


def wait_rows(page, expected: dict):
    page.wait_for_function(
        "([sel, n]) => document.querySelectorAll(sel).length === n",
        arg=["#explore-table .ag-center-cols-container [col-id=revenue]", min(len(expected), 25)],
        timeout=15000,
    )


def shows(page, selector: str, *texts: str) -> str:
    """Wait until ``selector``'s text holds every one of ``texts`` (the breadcrumb and the chips follow the
    chart: a drill answered ahead is drawn before the server has its state); its text."""
    page.wait_for_function(
        "([sel, texts]) => { const e = document.querySelector(sel); return e && texts.every(t => e.innerText.includes(t)); }",
        arg=[selector, list(texts)],
        timeout=10000,
    )
    return page.locator(selector).inner_text()


def test_drill_region_country_city_and_back(server, browser, demo_pointer):
    page = browser.new_page(viewport={"width": 1400, "height": 1100})
    page.goto(server.url + "/explore?r=geo.region&p=2025")
    page.fill("#username", "u_analyst")
    page.fill("#password", PASSWORD)
    page.click("#login-submit")

    regions = revenue_by(demo_pointer, "region")
    wait_rows(page, regions)
    assert grid(page) == regions
    top_region = max(regions, key=lambda r: float(regions[r][1:].replace(",", "")))

    click_top_bar(page, "**r=geo.country**")
    countries = revenue_by(demo_pointer, "country", region=top_region)
    wait_rows(page, countries)
    assert grid(page) == countries
    shows(page, "#explore-breadcrumb", top_region)
    top_country = max(countries, key=lambda c: float(countries[c][1:].replace(",", "")))

    click_top_bar(page, "**r=geo.city**")
    cities = revenue_by(demo_pointer, "city", country=top_country)
    wait_rows(page, cities)
    assert grid(page) == cities
    shows(page, "#explore-breadcrumb", top_region, top_country)

    # City is the lowest level: a click explains that instead of failing.
    url = page.url
    click_top_bar(page)
    page.wait_for_selector("#explore-drill-message", timeout=10000)
    assert "lowest level" in page.locator("#explore-drill-message").inner_text()
    assert page.url == url

    # Back undoes each drill.
    page.go_back()
    page.wait_for_url("**r=geo.country**", timeout=10000)
    wait_rows(page, countries)
    assert grid(page) == countries
    page.go_back()
    page.wait_for_url("**r=geo.region**", timeout=10000)
    wait_rows(page, regions)
    assert grid(page) == regions

    # The breadcrumb rolls back up from a copied deep link.
    page.goto(server.url + f"/explore?r=geo.city&p=2025&f.geo.region={top_region}&f.geo.country={top_country}")
    wait_rows(page, cities)
    page.locator("#explore-breadcrumb a").first.click()
    page.wait_for_url("**r=geo.region**", timeout=10000)
    assert "f.geo" not in page.url


def test_bad_links_explain_and_the_page_still_works(server, browser, demo_pointer):
    page = browser.new_page(viewport={"width": 1400, "height": 1100})
    page.goto(server.url + "/login")
    page.fill("#username", "u_analyst")
    page.fill("#password", PASSWORD)
    page.click("#login-submit")
    page.goto(server.url + "/explore?r=geo.nowhere&m=bogus&f.geo.country=Atlantis&from=2025-12-01&to=2025-01-01")
    problems = page.locator("#explore-problems").inner_text()
    assert "bogus" in problems and "Atlantis" in problems and "geo.nowhere" in problems
    assert "ends (2025-01-01) before it starts (2025-12-01)" in problems
    regions = revenue_by(demo_pointer, "region")
    page.wait_for_selector("#explore-table .ag-center-cols-container [col-id=revenue]", timeout=20000)
    assert set(grid(page)) == set(regions)  # the default view, unfiltered


def test_a_pivot_cell_click_opens_its_detail_rows(server, browser, demo_pointer):
    """Region × channel pivot: a click on a cell opens the detail rows of that region and channel,
    as many as SQL counts; a click on a row's label opens the whole row's."""
    con = duckdb.connect(str(demo_pointer), read_only=True)
    region, channel, lines = con.execute(
        """SELECT c.region, ch.name, count(*) FROM fact_order_line f JOIN dim_customer c USING (customer_id)
           JOIN dim_channel ch ON ch.channel_id = f.channel_id
           WHERE f.order_ts >= '2025-01-01' AND f.order_ts < '2026-01-01'
           GROUP BY 1, 2 ORDER BY 3 DESC LIMIT 1"""
    ).fetchone()
    row_lines = con.execute(
        """SELECT count(*) FROM fact_order_line f JOIN dim_customer c USING (customer_id)
           WHERE f.order_ts >= '2025-01-01' AND f.order_ts < '2026-01-01' AND c.region = ?""",
        [region],
    ).fetchone()[0]
    con.close()
    page = browser.new_page(viewport={"width": 1400, "height": 1100})
    page.goto(server.url + "/explore?r=geo.region&p=2025&view=pivot&c=channel.channel")
    page.fill("#username", "u_analyst")
    page.fill("#password", PASSWORD)
    page.click("#login-submit")
    page.wait_for_selector("#explore-pivot .ag-center-cols-container .ag-row", timeout=20000)
    headers = page.locator("#explore-pivot .ag-header-cell").all_inner_texts()
    column_id = page.locator("#explore-pivot .ag-header-cell", has_text=channel).first.get_attribute("col-id")
    assert column_id and column_id.startswith("c"), headers
    row_index = page.locator(
        "#explore-pivot .ag-pinned-left-cols-container .ag-row", has_text=region
    ).first.get_attribute("row-index")
    page.locator(
        f"#explore-pivot .ag-center-cols-container .ag-row[row-index='{row_index}'] [col-id='{column_id}']"
    ).click()
    page.wait_for_url("**view=detail**", timeout=10000)
    page.wait_for_selector("#explore-detail-info", timeout=10000)
    page.wait_for_function(
        "n => (document.querySelector('#explore-detail-info') || {innerText: ''}).innerText.includes(n)",
        arg=f"{lines:,}",
        timeout=15000,
    )
    assert "d.geo.region" in page.url and "d.channel.channel" in page.url

    page.go_back()
    page.wait_for_url("**view=pivot**", timeout=10000)
    page.wait_for_selector("#explore-pivot .ag-pinned-left-cols-container .ag-row", timeout=20000)
    page.locator("#explore-pivot .ag-pinned-left-cols-container .ag-row", has_text=region).first.click()
    page.wait_for_url("**view=detail**", timeout=10000)
    page.wait_for_function(
        "n => (document.querySelector('#explore-detail-info') || {innerText: ''}).innerText.includes(n)",
        arg=f"{row_lines:,}",
        timeout=15000,
    )
    assert "d.channel.channel" not in page.url
    page.close()


def test_a_double_click_on_a_table_row_drills_into_it(server, browser, demo_pointer):
    page = browser.new_page(viewport={"width": 1400, "height": 1100})
    page.goto(server.url + "/explore?r=geo.region&p=2025")
    page.fill("#username", "u_analyst")
    page.fill("#password", PASSWORD)
    page.click("#login-submit")
    regions = revenue_by(demo_pointer, "region")
    wait_rows(page, regions)
    region = sorted(regions)[0]
    page.locator("#explore-table .ag-pinned-left-cols-container [col-id=_label]", has_text=region).first.dblclick()
    page.wait_for_url("**r=geo.country**", timeout=10000)
    countries = revenue_by(demo_pointer, "country", region=region)
    wait_rows(page, countries)
    assert grid(page) == countries
    page.go_back()
    page.wait_for_url("**r=geo.region**", timeout=10000)
    wait_rows(page, regions)
    page.close()

"""The shared period and filter bar in real headless Chromium (issue 17 item 8), in both languages:
a period and filters chosen on the dashboard travel through the navigation to Explore, Analyses and
Pipeline (numbers against independent SQL with the same filter), the pipeline says the channel does
not apply to deals, a link with its own state wins over the remembered one, and "clear" clears."""

import os
import re
from urllib.parse import parse_qs, urlparse

import duckdb
import pytest

from tests.apprun import AppProcess, sign_in

pytestmark = pytest.mark.browser
playwright = pytest.importorskip("playwright.sync_api")
PlaywrightTimeout = playwright.TimeoutError

PERIOD, REGION, CHANNEL = "2025", "Europe", "online"
ROWS = "(id) => { const rows = []; dash_ag_grid.getApi(id).forEachNode(n => rows.push(n.data)); return rows; }"


@pytest.fixture(scope="module")
def server(dash_app, demo_pointer):  # dash_app creates the users in the shared store
    with AppProcess({"XRM_DB": str(demo_pointer)}) as app:
        yield app


def sql(path, text, params=()):
    con = duckdb.connect(str(path), read_only=True)
    try:
        return con.execute(text, list(params)).fetchall()
    finally:
        con.close()


def europe_online_revenue(path) -> float:
    """Independent SQL: 2025 revenue of European customers through online channels."""
    return sql(
        path,
        """SELECT sum(f.revenue) FROM fact_order_line f JOIN dim_customer c USING (customer_id)
           JOIN dim_channel ch ON ch.channel_id = f.channel_id
           WHERE f.order_ts >= '2025-01-01' AND f.order_ts < '2026-01-01' AND c.region = ? AND ch.channel_group = ?""",
        [REGION, CHANNEL],
    )[0][0]


def europe_open_pipeline(path) -> float:
    """Independent SQL: deals of European customers open at the pipeline's as-of date (the channel cannot apply)."""
    return sql(
        path,
        """WITH as_of AS (SELECT greatest(max(created_date), max(closed_date)) AS d FROM fact_opportunity)
           SELECT coalesce(sum(o.amount), 0) FROM fact_opportunity o JOIN dim_customer c USING (customer_id), as_of
           WHERE c.region = ? AND o.created_date <= as_of.d AND (o.closed_date IS NULL OR o.closed_date > as_of.d)""",
        [REGION],
    )[0][0]


def query(page) -> dict:
    return parse_qs(urlparse(page.url).query)


def shot(page, name):
    folder = os.environ.get("XRM_SCREENSHOTS")
    if folder:
        page.screenshot(path=f"{folder}/{name}.png", full_page=True)


def until_url(page, act, url: str) -> None:
    """Do ``act`` until the URL says ``url``, as a person does it again when a choice did not take:
    each choice builds the page again, and on a slow machine the next one can land on the page being
    replaced (an open list closes under the pointer)."""
    for attempt in range(3):
        try:
            act()
            page.wait_for_url(re.compile(url), timeout=15000)
            return
        except PlaywrightTimeout:
            page.keyboard.press("Escape")
            if attempt == 2:
                raise


def choose(page, control: str, label: str, url: str) -> None:
    """Open a dcc.Dropdown, wait for its list, type, click the option, until the URL says ``url``."""

    def act():
        page.click(f"#{control}")
        page.get_by_role("option").first.wait_for(timeout=10000)
        page.keyboard.type(label)
        page.get_by_role("option", name=re.compile("^" + re.escape(label))).first.click(timeout=10000)
        page.keyboard.press("Escape")

    until_url(page, act, url)


def drawn(page) -> None:
    """The dashboard has been drawn (its trend chart is on screen): a person picks filters after that."""
    page.wait_for_selector("#exec-trend .main-svg", timeout=30000)


def grid_rows(page, grid_id: str, n: int | None = None) -> list[dict]:
    page.wait_for_function(
        "([id, n]) => { try { let c = 0; dash_ag_grid.getApi(id).forEachNode(() => c++);"
        " return n === null ? c > 0 : c === n; } catch (e) { return false; } }",
        arg=[grid_id, n],
        timeout=30000,
    )
    return page.evaluate(ROWS, grid_id)


def nav_carries(page, link: str, *parts: str) -> None:
    page.wait_for_function(
        "([id, parts]) => { const a = document.getElementById(id);"
        " return a && parts.every(p => a.getAttribute('href').includes(p)); }",
        arg=[link, list(parts)],
        timeout=30000,
    )


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_filters_travel_between_pages_links_win_and_clear_clears(server, browser, demo_pointer, lang):
    from olap import labels

    page = browser.new_page(viewport={"width": 1400, "height": 1100})
    sign_in(page, server, "/", user="u_analyst")
    page.wait_for_selector("#exec-period")
    page.goto(server.url + f"/lang/{lang}")
    page.wait_for_selector("#exec-period")
    drawn(page)

    # the dashboard: a period, a region and a channel group, as a person picks them
    choose(page, "exec-period", labels.token_label(PERIOD, lang), rf"p={PERIOD}(&|$)")
    choose(page, "exec-region", labels.region_label(REGION, lang), r"f\.geo\.region=Europe")
    until_url(page, lambda: page.check(f"#exec-channel input[value={CHANNEL}]", force=True),
              r"f\.channel\.group=online")  # fmt: skip
    shot(page, f"flow-dashboard-{lang}")
    expected = europe_online_revenue(demo_pointer)

    # Explore through the navigation: the same period and filters, the same numbers
    nav_carries(page, "nav-explore", f"p={PERIOD}", "f.geo.region=Europe", "f.channel.group=online")
    page.click("#nav-explore")
    page.wait_for_url(re.compile(r"/explore\?"), timeout=15000)
    assert query(page)["p"] == [PERIOD] and query(page)["f.geo.region"] == [REGION]
    rows = grid_rows(page, "explore-table", 1)
    assert rows[0]["_member"] == REGION and rows[0]["revenue"] == pytest.approx(expected, rel=1e-9)
    assert labels.region_label(REGION, lang) in page.inner_text("#explore-region")  # the bar shows it
    shot(page, f"flow-explore-{lang}")

    # Analyses: the sales analysis answers for Europe online in 2025
    nav_carries(page, "nav-analyses", f"p={PERIOD}", "f.geo.region=Europe")
    page.click("#nav-analyses")
    page.wait_for_url(re.compile(r"/analyses\?"), timeout=15000)
    rows = grid_rows(page, "analysis-grid-by_region", 1)
    assert rows[0]["geo_region"] in (REGION, labels.region_label(REGION, lang))
    assert rows[0]["revenue"] == pytest.approx(expected, rel=1e-9)
    shot(page, f"flow-analyses-{lang}")
    # an analysis over other tables says the filters do not apply there, and keeps them
    page.click("#analysis-link-cohorts")
    page.wait_for_url(re.compile(r"a=cohorts"), timeout=15000)
    page.wait_for_selector("#analyses-not-applied")
    assert "f.geo.region=Europe" in page.url

    # Pipeline: region applies through the deal's customer; the channel is shown as not applied
    nav_carries(page, "nav-pipeline", "f.geo.region=Europe", "f.channel.group=online")
    page.click("#nav-pipeline")
    page.wait_for_url(re.compile(r"/pipeline\?"), timeout=15000)
    page.wait_for_selector("#pl-kpi-open_value[data-value]:not([data-value=''])", timeout=30000)
    assert float(page.get_attribute("#pl-kpi-open_value", "data-value")) == pytest.approx(
        europe_open_pipeline(demo_pointer), rel=1e-9
    )
    page.wait_for_selector("#pl-not-applied")
    assert labels.filter_value_label("channel", CHANNEL, lang) in page.inner_text("#pl-chips")
    shot(page, f"flow-pipeline-{lang}")

    # a bookmark with its own state wins over the remembered one, and becomes the remembered one
    page.goto(server.url + "/explore?p=2024&r=geo.region")
    rows = grid_rows(page, "explore-table")
    assert len(rows) > 1 and "f.geo.region" not in page.url
    nav_carries(page, "nav-home", "p=2024")
    assert "Europe" not in page.get_attribute("#nav-home", "href")

    # back on the dashboard with a filter, "clear" removes every filter and the links follow
    page.goto(server.url + "/?p=2025&f.geo.region=Europe&f.customer.type=B2B")
    page.click("#exec-clear")
    page.wait_for_function("() => !location.search.includes('f.')", timeout=15000)
    assert query(page)["p"] == [PERIOD]
    page.wait_for_function(
        "() => document.getElementById('nav-pipeline').getAttribute('href') === '/pipeline?p=2025'", timeout=15000
    )
    page.close()

"""Ready-made analyses in real headless Chromium: one analysis per group, numbers against SQL,
and a bad analysis id in the URL gets a message and the default analysis."""

import os

import duckdb
import pytest

from tests.apprun import AppProcess
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser
playwright = pytest.importorskip("playwright.sync_api")

READ_GRID = """([grid, key, value]) => {
  const cells = (sel) => Object.fromEntries([...document.querySelectorAll(grid + ' ' + sel)]
      .map(c => [c.closest('[row-index]').getAttribute('row-index'), c.innerText.trim()]));
  const keys = cells('.ag-pinned-left-cols-container [col-id=' + key + ']');
  const values = cells('[col-id=' + value + '].ag-cell');  // centre, or pinned right on a narrow grid
  return Object.keys(keys).map(i => [keys[i], values[i]]);
}"""


@pytest.fixture(scope="module")
def server(dash_app, demo_pointer):  # dash_app creates the users in the shared store
    with AppProcess({"XRM_DB": str(demo_pointer)}) as app:
        yield app


def query(path, sql, params=()):
    con = duckdb.connect(str(path), read_only=True)
    rows = con.execute(sql, list(params)).fetchall()
    con.close()
    return rows


def grid(page, grid_id: str, key: str, value: str) -> dict:
    selector = f"#{grid_id} [col-id={value}].ag-cell"  # the key measure may be pinned right when columns overflow
    page.wait_for_selector(selector, timeout=20000)
    return dict(page.evaluate(READ_GRID, [f"#{grid_id}", key, value]))


def shot(page, name):
    folder = os.environ.get("XRM_SCREENSHOTS")
    if folder:
        page.screenshot(path=f"{folder}/{name}.png", full_page=True)


def test_one_analysis_per_group_against_sql(server, browser, demo_pointer):
    page = browser.new_page(viewport={"width": 1400, "height": 1100})
    page.goto(server.url + "/analyses?a=region_period&p=2025")
    page.fill("#username", "u_executive")
    page.fill("#password", PASSWORD)
    page.click("#login-submit")

    page.wait_for_url("**/analyses?a=region_period&p=2025")  # the whole link survives the login
    # sales: revenue by world region in 2025
    expected = {
        region: f"${round(value):,}"
        for region, value in query(
            demo_pointer,
            """SELECT c.region, sum(f.revenue) FROM fact_order_line f JOIN dim_customer c USING (customer_id)
               WHERE f.order_ts >= '2025-01-01' AND f.order_ts < '2026-01-01' GROUP BY 1""",
        )
    }
    shown = grid(page, "analysis-grid-by_region", "geo_region", "revenue")
    assert len(shown) == len(expected) and sorted(shown.values()) == sorted(expected.values())
    page.wait_for_selector("#analysis-sentences li", timeout=20000)
    assert "against 2024" in page.inner_text("#analysis-sentences")
    assert page.get_attribute("#analysis-explore-link", "href").startswith("/explore?m=revenue")
    shot(page, "analyses-sales")

    # marketing: new customers by the channel of their first order
    page.click("#analysis-link-acquisition")
    page.wait_for_url("**a=acquisition**")
    expected = dict(
        query(
            demo_pointer,
            """SELECT ch.name, count(*)::INTEGER FROM (
                   SELECT customer_id, arg_min(channel_id, (order_ts, order_id, line_no)) AS channel_id
                   FROM fact_order_line GROUP BY customer_id) firsts
               JOIN customer_first_order fo USING (customer_id) JOIN dim_channel ch USING (channel_id)
               WHERE fo.acquired_in_history AND fo.first_order_date BETWEEN '2025-01-01' AND '2025-12-31'
               GROUP BY 1""",
        )
    )
    shown = grid(page, "analysis-grid-acquisition_channel", "channel", "new_customers")
    assert shown == {name: f"{n:,}" for name, n in expected.items()}
    shot(page, "analyses-marketing")

    # service: resolution time buckets, still-open tickets counted by SQL
    page.click("#analysis-link-resolution")
    page.wait_for_url("**a=resolution**")
    (still_open,) = query(
        demo_pointer,
        """SELECT count(*) FROM fact_service_ticket
           WHERE closed_ts IS NULL AND opened_ts >= '2025-01-01' AND opened_ts < '2026-01-01'""",
    )[0]
    shown = grid(page, "analysis-grid-resolution_buckets", "bucket", "tickets")
    assert shown["Still open"] == f"{still_open:,}"
    shot(page, "analyses-service")

    # the period picker changes the URL and the numbers
    page.goto(server.url + "/analyses?a=cohorts&p=2025-Q1")
    page.wait_for_selector("#analysis-grid-cohorts [col-id=size].ag-cell", timeout=20000)
    sizes = dict(
        query(
            demo_pointer,
            """SELECT strftime(first_order_month, '%Y-%m'), count(*) FROM customer_first_order
               WHERE acquired_in_history AND first_order_month BETWEEN '2025-01-01' AND '2025-03-01' GROUP BY 1""",
        )
    )
    shown = grid(page, "analysis-grid-cohorts", "cohort", "size")
    months = {"Jan 2025": "2025-01", "Feb 2025": "2025-02", "Mar 2025": "2025-03"}
    assert {months[k]: v for k, v in shown.items()} == {k: f"{v:,}" for k, v in sizes.items()}
    shot(page, "analyses-cohorts")
    page.close()


def test_bad_analysis_in_url_shows_message(server, browser):
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.goto(server.url + "/analyses?a=nonsense&p=2025")
    page.fill("#username", "u_marketer")
    page.fill("#password", PASSWORD)
    page.click("#login-submit")
    page.wait_for_selector("#analyses-problems", timeout=20000)
    assert "nonsense" in page.inner_text("#analyses-problems")
    # the default analysis is shown and works
    page.wait_for_selector("#analysis-grid-by_region .ag-center-cols-container [col-id=revenue]", timeout=20000)
    assert "active" in page.get_attribute("#analysis-link-region_period", "class")
    page.close()

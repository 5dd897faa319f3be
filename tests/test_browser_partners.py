"""The partners page in real headless Chromium: search the directory, open a profile by its row,
see the sales chart and its figures, follow the Explore link filtered to the partner."""

from urllib.parse import parse_qs, urlparse

import pytest

from tests.apprun import AppProcess, sign_in

pytestmark = pytest.mark.browser
playwright = pytest.importorskip("playwright.sync_api")


@pytest.fixture(scope="module")
def server(dash_app, demo_pointer):  # dash_app creates the users in the shared store
    with AppProcess({"XRM_DB": str(demo_pointer)}) as app:
        yield app


def test_search_open_a_profile_and_go_to_explore(server, browser, demo_pointer):
    from data.warehouse import Warehouse

    name, pid = (
        Warehouse(demo_pointer)
        .cursor()
        .execute(
            "SELECT name, partner_id FROM dim_partner WHERE partner_id IN "
            "(SELECT partner_id FROM fact_order_line WHERE partner_id IS NOT NULL) ORDER BY partner_id LIMIT 1"
        )
        .fetchone()
    )
    page = browser.new_page(viewport={"width": 1400, "height": 1100})
    sign_in(page, server, "/partners", user="u_analyst")  # every partner (a manager sees only theirs)
    page.wait_for_selector("#pt-grid .ag-row", timeout=30000)
    page.fill("#pt-q", name)
    page.press("#pt-q", "Enter")
    page.wait_for_function("document.querySelectorAll('#pt-grid .ag-center-cols-container .ag-row').length === 1",
                           timeout=20000)  # fmt: skip
    page.locator("#pt-grid .ag-row .ag-cell[col-id=name]").first.click()
    page.wait_for_url(lambda url: "partner=" in url, timeout=20000)
    assert parse_qs(urlparse(page.url).query)["partner"] == [str(pid)]
    page.wait_for_selector("#pt-name", timeout=30000)
    assert page.inner_text("#pt-name") == name
    page.wait_for_selector("#pt-sales .main-svg", timeout=20000)
    assert page.locator("#pt-sales .bars path, #pt-sales .trace.bars").count() > 0
    assert page.inner_text("#pt-kpi-revenue").strip() not in ("", "–")
    href = page.get_attribute("#pt-explore", "href")
    assert parse_qs(urlparse(href).query)["f.partner.partner"] == [str(pid)]
    page.click("#pt-explore")
    page.wait_for_url(lambda url: "/explore" in url, timeout=20000)
    assert parse_qs(urlparse(page.url).query)["f.partner.partner"] == [str(pid)]
    page.wait_for_selector("#explore-chart, .js-plotly-plot", timeout=30000)
    page.close()


def test_a_bad_partner_link_says_so(server, browser):
    page = browser.new_page()
    sign_in(page, server, "/partners?partner=987654", user="u_partner_manager")
    page.wait_for_selector("#pt-refusal", timeout=30000)
    assert "was not found" in page.inner_text("#pt-refusal")
    page.close()

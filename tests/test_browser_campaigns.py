"""The campaigns page in real headless Chromium: the table lists every campaign, a row click picks
one through the URL, and its verdict and numbers equal ``campaign_results``."""

from urllib.parse import parse_qs, urlparse

import pytest

from tests.apprun import AppProcess, sign_in

pytestmark = pytest.mark.browser
playwright = pytest.importorskip("playwright.sync_api")


@pytest.fixture(scope="module")
def server(dash_app, demo_pointer):  # dash_app creates the users in the shared store
    with AppProcess({"XRM_DB": str(demo_pointer)}) as app:
        yield app


@pytest.fixture(scope="module")
def results(demo_pointer):
    from crm.campaigns.results import campaign_results
    from data.warehouse import Warehouse

    return campaign_results(Warehouse(demo_pointer).cursor())


def kpi(page, key: str) -> float:
    return float(page.get_attribute(f"#cp-kpi-{key}", "data-value"))


def test_pick_a_campaign_and_read_its_verdict(server, browser, results):
    chosen = max((r for r in results if r.uplift is not None), key=lambda r: r.target)
    page = browser.new_page(viewport={"width": 1400, "height": 1100})
    sign_in(page, server, "/campaigns", user="u_analyst")
    page.wait_for_selector("#cp-table .ag-row", timeout=30000)
    assert "Campaign results" in page.inner_text("h2")
    page.locator(f"#cp-table .ag-row .ag-cell[col-id=name]:text-is('{chosen.name}')").first.click()
    page.wait_for_url(lambda url: "c=" in url, timeout=20000)
    assert parse_qs(urlparse(page.url).query)["c"] == [str(chosen.campaign_id)]
    page.wait_for_selector("#cp-verdict", timeout=30000)
    assert page.get_attribute("#cp-verdict", "data-verdict") == chosen.verdict
    assert page.inner_text("#cp-name") == chosen.name
    assert kpi(page, "uplift") == pytest.approx(chosen.uplift)
    assert kpi(page, "incremental_revenue") == pytest.approx(chosen.incremental_revenue)
    assert kpi(page, "cost") == pytest.approx(chosen.cost)
    assert kpi(page, "roi") == pytest.approx(chosen.roi)
    page.wait_for_selector("#cp-groups .ag-row", timeout=20000)
    assert page.locator("#cp-export-groups-csv").count() == 1  # analysts may export

    # a copied link reopens the same campaign, in Korean too
    page.goto(server.url + "/lang/ko")
    page.goto(f"{server.url}/campaigns?c={chosen.campaign_id}")
    page.wait_for_selector("#cp-verdict", timeout=30000)
    assert page.get_attribute("#cp-verdict", "data-verdict") == chosen.verdict
    page.goto(server.url + "/lang/en")
    page.close()


def test_a_bad_link_says_what_was_dropped(server, browser):
    page = browser.new_page(viewport={"width": 1400, "height": 1100})
    sign_in(page, server, "/campaigns?c=abc", user="u_executive")
    page.wait_for_selector("#cp-table .ag-row", timeout=30000)
    assert "abc" in page.inner_text("body")
    assert page.locator("#cp-export-all-csv").count() == 0  # executives read, they do not export
    page.close()

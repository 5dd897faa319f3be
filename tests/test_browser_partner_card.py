"""The executive dashboard's partner contribution card in real headless Chromium: its share equals
the cube's (and SQL's, tests/test_partner_cube.py), clicking it opens Explore on partner tier for the
same period, and clicking the attention line opens the lifecycle page."""

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
def expected(demo_pointer):
    from crm.partners.contribution import contribution
    from data.warehouse import Warehouse
    from olap.catalog import catalog
    from olap.dashboard import DashboardState

    reader = Warehouse(demo_pointer)
    return contribution(DashboardState.from_query({"p": "2025-Q2"}, catalog(reader)), reader)


def test_click_the_partner_share_and_the_attention_line(server, browser, expected):
    page = browser.new_page(viewport={"width": 1400, "height": 1100})
    sign_in(page, server, "/?p=2025-Q2", user="u_executive")
    page.wait_for_selector("#exec-partners-share-value", timeout=30000)
    assert float(page.get_attribute("#exec-partners-share-value", "data-share")) == pytest.approx(
        expected.figures.share
    )
    assert str(expected.attention) in page.inner_text("#exec-partners-attention")
    page.click("#exec-partners-share")
    page.wait_for_url("**/explore?**", timeout=20000)
    query = parse_qs(urlparse(page.url).query)
    assert query["r"] == ["partner.tier"] and query["p"] == ["2025-Q2"] and "partner_share" in query["m"]
    page.wait_for_selector("#explore-table .ag-center-cols-container [col-id=partner_share]", timeout=30000)
    labels = page.locator("#explore-table .ag-pinned-left-cols-container [col-id=_label]").all_inner_texts()
    published = {"Platinum", "Gold", "Silver", "Bronze", "Not rated yet", "Direct (no partner)"}  # translated
    assert "Direct (no partner)" in labels and {x.strip() for x in labels} <= published

    page.go_back()
    page.wait_for_selector("#exec-partners-attention", timeout=30000)
    page.click("#exec-partners-attention")
    page.wait_for_url("**/partners/lifecycle**", timeout=20000)
    # the address changes before the router has drawn the new page: wait for its heading, not any heading
    page.wait_for_function(
        "() => [...document.querySelectorAll('h2')].some(h => h.innerText.includes('Partner lifecycle'))",
        timeout=30000,
    )
    page.close()

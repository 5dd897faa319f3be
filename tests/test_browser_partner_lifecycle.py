"""The partner lifecycle page in real headless Chromium on the hand-made trajectories: the Sankey
is drawn, new dates in the URL redraw it, reversed dates are said in words, and the attention list
shows each partner with its sentence and a link to its profile."""

from urllib.parse import parse_qs, urlparse

import pytest

from tests.apprun import AppProcess, sign_in
from tests.partner_trajectories import build_trajectory_warehouse

pytestmark = pytest.mark.browser
playwright = pytest.importorskip("playwright.sync_api")


@pytest.fixture(scope="module")
def server(dash_app, tmp_path_factory):  # dash_app creates the users in the shared store
    from data.warehouse import new_version_path, publish

    pointer = tmp_path_factory.mktemp("lifecycle-browser") / "w.duckdb"
    publish(build_trajectory_warehouse(new_version_path(pointer)), pointer)
    with AppProcess({"XRM_DB": str(pointer)}) as app:
        yield app


def test_sankey_dates_and_attention(server, browser):
    page = browser.new_page(viewport={"width": 1400, "height": 1100})
    sign_in(page, server, "/partners/lifecycle", user="u_analyst")  # every partner (a manager sees only theirs)
    page.wait_for_selector("#pl-sankey .sankey .sankey-node", timeout=30000)
    assert "Partner lifecycle" in page.inner_text("h2")
    assert "of 9 partners changed stage" in page.inner_text("#pl-moves-sentence")
    page.wait_for_selector("#pl-attention-grid .ag-row", timeout=20000)
    assert page.locator("#pl-attention-grid .ag-center-cols-container .ag-row").count() == 3
    link = page.locator("#pl-attention-grid a", has_text="Stopped Agencies").first
    assert link.get_attribute("href") == "/partners?partner=4"
    assert "no sale for 8 months" in page.inner_text("#pl-attention-grid")

    # other dates through the URL: the sentence and the Sankey follow
    page.goto(f"{server.url}/partners/lifecycle?from=2023-06-30&to=2025-08-31")
    page.wait_for_selector("#pl-moves-sentence", timeout=30000)
    sentence = page.inner_text("#pl-moves-sentence")
    assert "2023" in sentence and "2025" in sentence
    page.wait_for_selector("#pl-sankey .sankey .sankey-node", timeout=30000)

    # a date typed into the picker becomes the URL
    picker = page.locator("#pl-to")
    picker.fill("2025-03-31")
    picker.press("Enter")
    page.wait_for_url(lambda url: "to=2025-03-31" in url, timeout=20000)
    assert parse_qs(urlparse(page.url).query)["from"] == ["2023-06-30"]

    # reversed dates: a clear message, no chart
    page.goto(f"{server.url}/partners/lifecycle?from=2025-06-30&to=2025-01-31")
    page.wait_for_selector("#pl-moves-error", timeout=30000)
    assert "before the start date" in page.inner_text("#pl-moves-error")
    page.close()


def test_a_marketer_is_refused(server, browser):
    page = browser.new_page()
    sign_in(page, server, "/partners/lifecycle", user="u_marketer")
    page.wait_for_selector("#access-denied", timeout=30000)
    assert page.locator("#pl-sankey").count() == 0
    page.close()

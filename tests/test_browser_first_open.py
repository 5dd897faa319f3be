"""An answer on first open, in real headless Chromium: after a load and its automatic job, a person
who never ran anything opens RFM, clusters and the forecast and sees numbers, not "press Run"."""

from __future__ import annotations

import duckdb
import pytest

from tests.apprun import AppProcess
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser
playwright = pytest.importorskip("playwright.sync_api")


@pytest.fixture(scope="module")
def loaded(dash_app, tmp_path_factory):  # dash_app: the shared store has its users
    from auth import users
    from jobs import defaults
    from jobs.build import build_demo

    pointer = tmp_path_factory.mktemp("first-open") / "xrm.duckdb"
    build_demo(scale=0.02, seed=7, pointer=pointer)
    [done] = defaults.run_defaults(pointer)  # what the load starts in the background, here in-process
    if users.get_user("first_visitor") is None:
        users.add_user("first_visitor", PASSWORD, "analyst")
    return pointer, done


@pytest.fixture(scope="module")
def server(loaded):
    with AppProcess({"XRM_DB": str(loaded[0])}) as app:
        yield app


def _open(browser, server, path: str):
    page = browser.new_page(viewport={"width": 1400, "height": 1100})
    page.goto(server.url + "/login?next=" + path)
    page.fill("#username", "first_visitor")
    page.fill("#password", PASSWORD)
    page.click("#login-submit")
    return page


def test_rfm_and_clusters_open_on_the_automatic_runs(server, browser, loaded):
    from mining.runs import run_meta

    pointer, done = loaded
    rfm = run_meta(done.steps["rfm"]["run_id"])
    page = _open(browser, server, "/mining/rfm")
    info = page.wait_for_selector("#rfm-run-info", timeout=30000).inner_text()
    assert f"Run #{rfm['run_id']}" in info and f"{rfm['rows']:,} buyers scored" in info
    assert "computed automatically after the load of" in page.locator("#auto-badge").inner_text()
    page.wait_for_selector("#rfm-grid .main-svg", timeout=20000)  # the R×F grid is drawn
    assert page.locator("#rfm-none").count() == 0
    page.close()

    customers = duckdb.connect(str(pointer), read_only=True).execute("SELECT count(*) FROM dim_customer").fetchone()[0]
    page = _open(browser, server, "/mining/clusters")
    info = page.wait_for_selector("#clu-run-info", timeout=30000).inner_text()
    assert f"Run #{done.steps['cluster']['run_id']}" in info
    cells = "#clu-profiles .ag-center-cols-container [col-id=size]"
    page.wait_for_function(f"document.querySelectorAll('{cells}').length > 1", timeout=20000)
    sizes = page.evaluate(f"[...document.querySelectorAll('{cells}')].map(c => Number(c.innerText.replace(/,/g, '')))")
    assert sum(sizes) == customers  # every customer in one cluster
    assert page.locator("#clu-none").count() == 0
    page.close()


def test_the_forecast_opens_with_the_default_forecast_drawn(server, browser, loaded):
    from components.forecast_view import _num
    from data.warehouse import use_warehouse
    from jobs import defaults
    from mining.forecast.kept import kept_forecast

    pointer, _ = loaded
    with use_warehouse(pointer) as reader:
        kept = kept_forecast(defaults.default_forecast_request(reader), reader)
    page = _open(browser, server, "/mining/forecast")
    page.wait_for_selector("#fc-sentence", timeout=30000)
    assert page.locator("#fc-next").inner_text() == _num(float(kept.forecast["mean"].iloc[0]), "en", "revenue")
    assert page.locator("#fc-total").inner_text() == _num(float(kept.forecast["mean"].sum()), "en", "revenue")
    assert "press Forecast" not in page.locator("#fc-body").inner_text()
    assert page.locator("#fc-progress .progress-bar").get_attribute("aria-valuenow") in (None, "0")  # no job ran
    page.close()

"""Clustering in real headless Chromium: the run is a background job with a progress bar,
its profiles add up to every customer, and a cluster saved as a segment keeps its members."""

import duckdb
import pytest

from tests.apprun import AppProcess
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser
playwright = pytest.importorskip("playwright.sync_api")


@pytest.fixture(scope="module")
def server(dash_app, demo_pointer):  # dash_app creates the users in the shared store
    with AppProcess({"XRM_DB": str(demo_pointer)}) as app:
        yield app


def test_run_clustering_with_progress_and_save_a_cluster(server, browser, demo_pointer):
    page = browser.new_page(viewport={"width": 1400, "height": 1100})
    page.goto(server.url + "/login?next=/mining/clusters")
    page.fill("#username", "u_analyst")
    page.fill("#password", PASSWORD)
    page.click("#login-submit")
    page.wait_for_selector("#clu-run", timeout=20000)
    page.fill("#clu-k", "3")
    page.click("#clu-run")
    # the progress bar moves while the job runs in the background, and the page stays usable
    page.wait_for_function(
        "Number(document.querySelector('#clu-progress .progress-bar').getAttribute('aria-valuenow')) > 0", timeout=60000
    )
    info = page.wait_for_selector("#clu-run-info", timeout=120000).inner_text()
    assert "3 clusters" in info
    customers = (
        duckdb.connect(str(demo_pointer), read_only=True).execute("SELECT count(*) FROM dim_customer").fetchone()[0]
    )
    cells = "#clu-profiles .ag-center-cols-container [col-id=size]"
    page.wait_for_function(f"document.querySelectorAll('{cells}').length === 3", timeout=20000)  # the grid draws after
    sizes = page.evaluate(f"[...document.querySelectorAll('{cells}')].map(c => Number(c.innerText.replace(/,/g, '')))")
    assert len(sizes) == 3 and sum(sizes) == customers

    # save the first cluster as a segment: its snapshot has exactly the cluster's customers
    page.locator("#clu-save-cluster").click()
    page.get_by_role("option").first.click()
    page.fill("#clu-save-name", "First cluster")
    page.click("#clu-save")
    page.wait_for_selector("#clu-save-message .alert", timeout=20000)
    assert "First cluster" in page.locator("#clu-save-message").inner_text()
    from crm.segments import list_segments, segment_members
    from data.warehouse import Warehouse
    from mining.runs import latest_run, load_run

    saved = next(s for s in list_segments() if s["name"] == "First cluster")
    _, scores = load_run(latest_run("cluster", Warehouse(demo_pointer).lineage())["run_id"])  # the server's
    assert sorted(segment_members(saved["segment_id"])) == sorted(scores.loc[scores["cluster"] == 0, "customer_id"])


def test_executives_cannot_start_a_clustering_job(server, browser):
    page = browser.new_page()
    page.goto(server.url + "/login?next=/mining/clusters")
    page.fill("#username", "u_executive")
    page.fill("#password", PASSWORD)
    page.click("#login-submit")
    page.wait_for_selector("#access-denied", timeout=20000)
    body = {"output": "..clu-run-id.data...clu-run-message.children..", "inputs": [], "state": []}
    status = page.evaluate(
        "async (body) => (await fetch('/_dash-update-component', {method: 'POST', headers: {'Content-Type': 'application/json'}, body: JSON.stringify(body)})).status",
        body,
    )
    assert status == 403

"""The pipeline page in real headless Chromium: its KPIs equal the logic's numbers, and filters
(a dropdown or a breakdown row) are written to the URL and re-render the page."""

import datetime as dt
from urllib.parse import parse_qs, urlparse

import duckdb
import pytest

from tests.apprun import AppProcess, sign_in

pytestmark = pytest.mark.browser
playwright = pytest.importorskip("playwright.sync_api")


@pytest.fixture(scope="module")
def server(dash_app, demo_pointer):  # dash_app creates the users in the shared store
    with AppProcess({"XRM_DB": str(demo_pointer)}) as app:
        yield app


@pytest.fixture(scope="module")
def numbers(demo_pointer):
    from crm import pipeline as pl
    from crm import pipeline_stages as ps
    from olap.period import add_months, default_period

    con = duckdb.connect(str(demo_pointer), read_only=True)
    _, as_of = pl.data_bounds(con)
    period = default_period(as_of)
    end = add_months(period.end, 1) - dt.timedelta(days=1)
    owners = pl.breakdown(con, pl.ALL, period.start, end, "owner", as_of)
    owner = owners["key"].iloc[0]
    result = {
        "as_of": as_of,
        "open_value": pl.open_pipeline(con, pl.ALL, as_of)[1],
        "forecast": ps.stage_report(con, pl.ALL, as_of).forecast.p50,  # the demo has stage history
        "win_rate": pl.outcomes(con, pl.ALL, period.start, end).win_rate,
        "owner": owner,
        "owner_open": pl.open_pipeline(con, pl.PipelineFilters(owners=(owner,)), as_of)[1],
    }
    con.close()
    return result


def login(page, server, path):
    sign_in(page, server, path)


def kpi(page, key: str) -> float:
    return float(page.get_attribute(f"#pl-kpi-{key}", "data-value"))


def query(page) -> dict:
    return {k: v[-1] for k, v in parse_qs(urlparse(page.url).query).items()}


def test_kpis_equal_the_logic_and_filters_go_to_the_url(server, browser, numbers):
    page = browser.new_page(viewport={"width": 1400, "height": 1100})
    login(page, server, "/pipeline")
    page.wait_for_selector("#pl-kpi-open_value", timeout=30000)
    assert kpi(page, "open_value") == pytest.approx(numbers["open_value"])
    assert kpi(page, "forecast") == pytest.approx(numbers["forecast"])
    assert kpi(page, "win_rate") == pytest.approx(numbers["win_rate"])
    assert "Sales pipeline" in page.inner_text("h2")
    page.wait_for_selector("#pl-stage-backtest", timeout=20000)
    assert page.locator("#pl-stage-backtest tbody tr").count() == 10
    assert "quarters" in page.inner_text("#pl-stage-verdict")

    # a breakdown row filters the page by that owner, through the URL
    page.wait_for_selector("#pl-breakdown .ag-row", timeout=20000)
    page.locator(f"#pl-breakdown .ag-row .ag-cell[col-id=label]:text-is('{numbers['owner']}')").first.click()
    page.wait_for_url(lambda url: "owner=" in url, timeout=20000)
    assert query(page)["owner"] == numbers["owner"]
    page.wait_for_function(
        "v => Math.abs(parseFloat(document.querySelector('#pl-kpi-open_value')?.dataset.value) - v) < 0.01",
        arg=numbers["owner_open"],
        timeout=20000,
    )
    assert kpi(page, "open_value") == pytest.approx(numbers["owner_open"])

    # the breakdown choice goes to the URL too; the owner filter stays
    page.locator("#pl-by label", has_text="Quarter").click()
    page.wait_for_url(lambda url: "by=quarter" in url, timeout=20000)
    assert query(page)["owner"] == numbers["owner"]

    # a copied link reopens the same view
    page.goto(page.url)
    page.wait_for_selector("#pl-kpi-open_value", timeout=30000)
    assert kpi(page, "open_value") == pytest.approx(numbers["owner_open"])
    page.close()


def test_a_bad_link_says_what_was_dropped(server, browser):
    page = browser.new_page(viewport={"width": 1400, "height": 1100})
    login(page, server, "/pipeline?owner=Nobody&period=1999")
    page.wait_for_selector("#pl-rejected", timeout=30000)
    text = page.inner_text("#pl-rejected")
    assert "Nobody" in text and "1999" in text
    page.wait_for_selector("#pl-kpi-open_value", timeout=30000)
    page.close()

"""The analyst's downloads in real headless Chromium: the view's CSV equals SQL, detail rows arrive
in full, and the chart comes down as a PNG made in the browser."""

import csv
import io

import duckdb
import pytest

from tests.apprun import CHROMIUM_ARGS, AppProcess
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser
playwright = pytest.importorskip("playwright.sync_api")


@pytest.fixture(scope="module")
def server(dash_app, demo_pointer):  # dash_app creates the users in the shared store
    with AppProcess({"XRM_DB": str(demo_pointer)}) as app:
        yield app


@pytest.fixture(scope="module")
def page(server):
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        context = browser.new_context(accept_downloads=True, viewport={"width": 1400, "height": 1100})
        page = context.new_page()
        page.goto(server.url + "/login")
        page.fill("#username", "u_analyst")
        page.fill("#password", PASSWORD)
        page.click("#login-submit")
        page.wait_for_url(server.url + "/", timeout=20000)
        yield page
        browser.close()


def sql(path, query, params=()):
    con = duckdb.connect(str(path), read_only=True)
    try:
        return con.execute(query, list(params)).fetchall()
    finally:
        con.close()


def downloaded(page, selector: str):
    with page.expect_download(timeout=30000) as info:
        page.click(selector)
    download = info.value
    return download.suggested_filename, open(download.path(), "rb").read()


def test_download_csv_of_the_view_equals_sql(server, page, demo_pointer):
    page.goto(server.url + "/explore?r=geo.country&f.geo.region=Europe&p=2025")
    page.wait_for_selector("#explore-table .ag-center-cols-container [col-id=revenue]", timeout=20000)
    name, data = downloaded(page, "#explore-export-csv")
    assert name == "xrm-revenue-by-country-2025-01-01_2025-12-31.csv"
    assert data.startswith(b"\xef\xbb\xbf")
    header, *rows = list(csv.reader(io.StringIO(data[3:].decode("utf-8"))))
    assert header == ["Country", "Revenue (USD)"]
    expected = sql(
        demo_pointer,
        """SELECT c.country, sum(f.revenue) FROM fact_order_line f JOIN dim_customer c USING (customer_id)
           WHERE f.order_ts >= DATE '2025-01-01' AND f.order_ts < DATE '2026-01-01' AND c.region = 'Europe'
           GROUP BY 1 ORDER BY 2 DESC""",
    )
    # a summary export rounds money to cents (detail exports keep every stored digit)
    assert [r[0] for r in rows] == [c for c, _ in expected]
    for (_, got), (_, want) in zip(rows, expected, strict=True):
        assert len(got.partition(".")[2]) <= 2 and abs(float(got) - want) <= 0.005 + 1e-9


def test_download_png_of_the_chart(server, page):
    page.goto(server.url + "/explore?r=geo.region&p=2025")
    page.wait_for_selector("#explore-graph .bars .point path", timeout=20000)
    name, data = downloaded(page, "#explore-export-png")
    assert name == "xrm-revenue-by-region-2025-01-01_2025-12-31.png"
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    assert width > 1000 and height >= 800  # scale 2 of the drawn chart


def test_download_all_detail_rows(server, page, demo_pointer):
    page.goto(server.url + "/explore?r=geo.country&p=2025&view=detail&d.geo.country=Germany")
    page.wait_for_selector("#explore-export-detail", timeout=20000)
    name, data = downloaded(page, "#explore-export-detail")
    assert name == "xrm-detail-sales-country-Germany-2025-01-01_2025-12-31.csv"
    _, *rows = list(csv.reader(io.StringIO(data[3:].decode("utf-8"))))
    (count,) = sql(
        demo_pointer,
        """SELECT count(*) FROM fact_order_line f JOIN dim_customer c USING (customer_id)
           WHERE f.order_ts >= DATE '2025-01-01' AND f.order_ts < DATE '2026-01-01' AND c.country = 'Germany'""",
    )[0]
    assert len(rows) == count > 0

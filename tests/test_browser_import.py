"""The admin import page in real headless Chromium: upload a Korean transactions file whose amount
column detection misses, correct the mapping, validate, load, and find the rows in the new
warehouse version and the import in the history; a 0-byte file and a non-admin are refused."""

from __future__ import annotations

import duckdb
import pytest

from data import warehouse as wh
from tests.apprun import AppProcess, sign_in
from tests.conftest import PASSWORD
from tests.fixtures import private_copy

pytestmark = pytest.mark.browser
playwright = pytest.importorskip("playwright.sync_api")

# 구매금액 (purchase amount) is no synonym of revenue: detection leaves it out and the mapping is refused
ROWS = [
    ("IMP-1", "K-9001", "2024-11-03", "120.50", "2"),
    ("IMP-2", "K-9001", "2024-11-20", "80.00", "1"),
    ("IMP-3", "K-9002", "2024-12-01", "1,250.00", "5"),
    ("IMP-4", "K-9003", "2024/12/15", "42.25", "1"),
    ("IMP-5", "K-9002", "2024-12-24", "310.00", "3"),
]
CSV = (
    "주문번호,고객번호,주문일자,구매금액,수량\n" + "\n".join(",".join(f'"{v}"' for v in r) for r in ROWS) + "\n"
).encode()
TOTAL = sum(float(r[3].replace(",", "")) for r in ROWS)


@pytest.fixture(scope="module")
def pointer(demo_pointer, tmp_path_factory):
    """A private copy of the demo warehouse: the load publishes a new version."""
    return private_copy(demo_pointer, tmp_path_factory.mktemp("importb"))


@pytest.fixture(scope="module")
def server(dash_app, pointer):  # dash_app creates the users in the shared store
    with AppProcess({"XRM_DB": str(pointer)}) as app:
        yield app


def login(page, server, user="u_admin", path="/admin/import"):
    sign_in(page, server, path, user)


def query(pointer, sql, params=()):
    con = duckdb.connect(str(wh.current_path(pointer)), read_only=True)
    try:
        return con.execute(sql, list(params)).fetchone()
    finally:
        con.close()


def upload(page, name, data, mime="text/csv"):
    page.set_input_files("#imp-upload input[type=file]", files=[{"name": name, "mimeType": mime, "buffer": data}])


def select_for(page, column):
    return page.locator(f"#imp-mapping-form [data-column='{column}'] select")


def test_upload_correct_validate_load(server, browser, pointer):
    before_version = wh.current_path(pointer)
    rows_before, revenue_before = query(pointer, "SELECT count(*), sum(revenue) FROM fact_order_line")
    page = browser.new_page(viewport={"width": 1400, "height": 1200})
    login(page, server)
    page.wait_for_selector("#imp-upload", timeout=20000)
    upload(page, "korean_orders.csv", CSV)
    page.wait_for_selector("#imp-source-ok", timeout=20000)
    # detection: the Korean headers it knows, and nothing for 구매금액
    assert select_for(page, "고객번호").input_value() == "customer_id"
    assert select_for(page, "주문일자").input_value() == "order_ts"
    assert select_for(page, "주문번호").input_value() == "order_id"
    assert select_for(page, "구매금액").input_value() == "-"  # not imported
    problem = page.wait_for_selector("#imp-mapping-check .imp-problem", timeout=20000).inner_text()
    assert "amount column" in problem
    assert page.is_disabled("#imp-validate")
    # two columns on one field: refused in words
    select_for(page, "구매금액").select_option("quantity")
    duplicate = page.locator("#imp-mapping-check .imp-problem", has_text="are all mapped to the field quantity")
    duplicate.wait_for(timeout=20000)
    # the correction
    select_for(page, "구매금액").select_option("revenue")
    page.wait_for_selector("#imp-mapping-ok", timeout=20000)
    page.fill("#imp-save-name", "korean orders")
    page.click("#imp-save")
    page.wait_for_selector("#imp-saved-ok", timeout=20000)
    page.click("#imp-validate")
    summary = page.wait_for_selector("#imp-summary", timeout=30000).inner_text()
    assert summary == "5 rows read: 5 valid, 0 with problems."
    derive = page.inner_text("#imp-derive")
    assert "customers the warehouse does not know yet" in derive and "Unknown product" in derive
    page.wait_for_selector("#imp-load:not([disabled])", timeout=10000)
    page.click("#imp-load")
    page.wait_for_selector("#imp-loaded-ok", timeout=60000)
    version = page.inner_text("#imp-kpi-version")
    assert page.inner_text("#imp-kpi-loaded") == "5"
    # the new version holds the rows; the old one is untouched
    assert wh.current_path(pointer) != before_version and version in wh.current_path(pointer).name
    rows_after, revenue_after = query(pointer, "SELECT count(*), sum(revenue) FROM fact_order_line")
    assert rows_after - rows_before == len(ROWS)
    assert revenue_after - revenue_before == pytest.approx(TOTAL)
    con = duckdb.connect(str(before_version), read_only=True)
    assert con.execute("SELECT count(*) FROM fact_order_line").fetchone()[0] == rows_before
    con.close()
    # the history shows the import
    page.wait_for_selector("#imp-history .ag-row", timeout=20000)
    history = page.inner_text("#imp-history")
    assert "korean_orders.csv" in history and "u_admin" in history
    page.screenshot(path=str(server.log_path.parent / "import-en.png"), full_page=True)


BAD = [
    ("Q-1", "K-9101", "2024-12-02", "99.00", "1"),
    ("Q-2", "K-9102", "next tuesday", "15.00", "1"),
    ("Q-3", "K-9101", "2024-12-09", "-40.00", "1"),
    ("Q-4", "K-9103", "2024-12-10", "60.00", "2"),
]
BAD_CSV = ("주문번호,고객번호,주문일자,구매금액,수량\n" + "\n".join(",".join(r) for r in BAD) + "\n").encode()


def test_saved_mapping_problems_report_and_quarantine(server, browser, pointer):
    rows_before, revenue_before = query(pointer, "SELECT count(*), sum(revenue) FROM fact_order_line")
    page = browser.new_page(viewport={"width": 1400, "height": 1200})
    login(page, server)
    page.wait_for_selector("#imp-upload", timeout=20000)
    upload(page, "orders_with_problems.csv", BAD_CSV)
    page.wait_for_selector("#imp-source-ok", timeout=20000)
    # the mapping saved by the first test fills in the amount column
    page.click("#imp-saved")
    page.get_by_role("option", name="korean orders").click()
    page.wait_for_selector("#imp-mapping-ok", timeout=20000)
    assert select_for(page, "구매금액").input_value() == "revenue"
    page.click("#imp-validate")
    summary = page.wait_for_selector("#imp-summary", timeout=30000).inner_text()
    assert summary == "4 rows read: 2 valid, 2 with problems."
    assert page.get_attribute("#imp-rules [data-rule=type_date]", "data-rule") == "type_date"
    assert page.get_attribute("#imp-rules [data-rule=negative_amount]", "data-rule") == "negative_amount"
    page.wait_for_selector("#imp-problems .ag-row", timeout=20000)
    shown = page.evaluate("[...document.querySelectorAll('#imp-problems .ag-center-cols-container .ag-row')].length")
    assert shown == 2
    with page.expect_download() as info:
        page.click("#imp-download-btn")
    report = info.value.path().read_text().splitlines()
    assert report[0].startswith("row,column,field,value,rule")
    assert [line.split(",")[0] for line in report[1:]] == ["2", "3"]
    assert "next tuesday" in report[1] and "negative_amount" in report[2]
    page.screenshot(path=str(server.log_path.parent / "import-problems-en.png"), full_page=True)
    page.check("#imp-policy input[value=quarantine]")
    page.click("#imp-load")
    page.wait_for_selector("#imp-loaded-ok", timeout=60000)
    assert page.inner_text("#imp-kpi-loaded") == "2" and page.inner_text("#imp-kpi-quarantined") == "2"
    rows_after, revenue_after = query(pointer, "SELECT count(*), sum(revenue) FROM fact_order_line")
    assert (rows_after - rows_before, revenue_after - revenue_before) == (2, pytest.approx(99.0 + 60.0))


GUESTS_CSV = (
    b"order_id,customer_id,order_date,quantity,unit_price,country\n"
    b"G-1,K-9201,2024-12-03,2,10.00,Korea\n"
    b"G-2,,2024-12-04,1,30.00,Korea\n"  # a guest checkout
    b"CG-3,K-9201,2024-12-05,-1,10.00,Korea\n"  # a return
)


def test_guest_rows_and_the_files_channel_as_options(server, browser, pointer):
    rows_before, revenue_before = query(pointer, "SELECT count(*), sum(revenue) FROM fact_order_line")
    page = browser.new_page(viewport={"width": 1400, "height": 1200})
    login(page, server)
    page.wait_for_selector("#imp-upload", timeout=20000)
    upload(page, "guest_orders.csv", GUESTS_CSV)
    page.wait_for_selector("#imp-mapping-ok", timeout=20000)
    page.click("#imp-options summary")
    assert page.is_checked("#imp-guests input[value=keep]")  # the default
    page.fill("#imp-channel", "Pop-up web shop")
    page.click("#imp-validate")
    summary = page.wait_for_selector("#imp-summary", timeout=30000).inner_text()
    assert summary == "3 rows read: 3 valid, 0 with problems."
    assert "named in the order-line options" in page.inner_text("#imp-derive")
    page.wait_for_selector("#imp-load:not([disabled])", timeout=10000)
    page.click("#imp-load")
    done = page.wait_for_selector("#imp-loaded-ok", timeout=60000).inner_text()
    assert "1 guest lines kept" in done and "1 return lines" in done
    rows_after, revenue_after = query(pointer, "SELECT count(*), sum(revenue) FROM fact_order_line")
    assert (rows_after - rows_before, revenue_after - revenue_before) == (3, pytest.approx(20.0 + 30.0 - 10.0))
    group = query(pointer, "SELECT channel_group FROM dim_channel WHERE name = ?", ["Pop-up web shop"])
    assert group == ("online",)


def test_empty_file_is_refused_in_words(server, browser):
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    login(page, server)
    page.wait_for_selector("#imp-upload", timeout=20000)
    upload(page, "empty.csv", b"")
    text = page.wait_for_selector("#imp-source-info .imp-problem", timeout=20000).inner_text()
    assert "empty.csv is empty (0 bytes)" in text
    assert page.is_disabled("#imp-validate")


def test_a_non_admin_is_refused(server, browser, client):
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    login(page, server, user="u_analyst")
    page.wait_for_selector("#access-denied", timeout=20000)
    assert not page.is_visible("#imp-upload")
    # and the server refuses the page's callbacks to that role
    client.post("/login", data={"username": "u_analyst", "password": PASSWORD})
    body = {
        "output": "imp-history.rowData",
        "outputs": {"id": "imp-history", "property": "rowData"},
        "inputs": [{"id": "imp-loaded", "property": "data", "value": None}],
        "changedPropIds": [],
    }
    assert client.post("/_dash-update-component", json=body).status_code == 403

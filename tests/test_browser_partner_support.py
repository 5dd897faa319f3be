"""The partner support page in real headless Chromium: a partner manager posts a notice whose title
looks like markup (shown as text), registers a deal for a prospect and approves it."""

import datetime as dt

import pytest

from tests.apprun import AppProcess, sign_in

pytestmark = pytest.mark.browser
playwright = pytest.importorskip("playwright.sync_api")

TITLE = "<b>Spring</b> price list <script>window.hacked = 1</script>"


@pytest.fixture(scope="module")
def server(dash_app, demo_pointer):  # dash_app creates the users in the shared store
    with AppProcess({"XRM_DB": str(demo_pointer)}) as app:
        yield app


@pytest.fixture(scope="module")
def partner(dash_app, demo_pointer):
    """A partner manager ``ps_manager`` with two assigned partners (row-level security); the first."""
    from auth import users
    from crm.partners.access import set_assignment
    from data.warehouse import Warehouse
    from tests.conftest import PASSWORD

    cursor = Warehouse(demo_pointer).cursor()
    two = cursor.execute("SELECT partner_id, name FROM dim_partner ORDER BY partner_id LIMIT 2").fetchall()
    if users.get_user("ps_manager") is None:
        users.add_user("ps_manager", PASSWORD, "partner_manager")
    set_assignment("ps_manager", [p for p, _ in two], actor="test", cursor=cursor)
    return two[0]


def test_post_a_notice_register_a_deal_and_approve_it(server, browser, partner):
    pid, name = partner
    page = browser.new_page(viewport={"width": 1400, "height": 1100})
    sign_in(page, server, f"/partners/support?partner={pid}", user="ps_manager")
    page.wait_for_selector("#ps-board-title", timeout=30000)
    page.wait_for_function(f"document.querySelector('#ps-partner').innerText.includes({name!r})")

    page.locator("#ps-partner").click()  # only the manager's own partners are offered
    page.get_by_role("option").first.wait_for(timeout=20000)
    assert page.get_by_role("option").count() == 3  # all (of mine) + two
    page.keyboard.press("Escape")

    page.fill("#ps-board-title", TITLE)
    page.fill("#ps-board-body", "New prices from April.\nAsk us for the sheet.")
    page.click("#ps-board-post")
    page.wait_for_selector("#ps-board-posted", timeout=20000)
    row = page.locator("#ps-board-grid .ag-row", has_text="price list").first
    row.wait_for(timeout=20000)
    assert "<b>Spring</b>" in row.inner_text()  # the title as written, never markup
    assert page.evaluate("window.hacked === undefined")
    row.click()
    page.wait_for_selector("#ps-notice-title", timeout=20000)
    assert page.inner_text("#ps-notice-title") == TITLE
    page.click("#ps-board-done")
    page.wait_for_selector("#ps-board-done-ok", timeout=20000)
    page.wait_for_function("document.querySelector('#ps-notice-done').innerText.includes('ps_manager')")

    page.get_by_role("tab", name="Deals").click()
    assert (
        "tab=deals" in page.wait_for_function("location.search.includes('tab=deals') && location.search").json_value()
    )
    page.fill("#ps-deal-prospect", "Browser Prospect Ltd")
    page.fill("#ps-deal-amount", "12500")
    page.fill("#ps-deal-close", (dt.date.today() + dt.timedelta(days=45)).isoformat())
    page.fill("#ps-deal-description", "Kitchen line for three stores")
    page.click("#ps-deal-register")
    page.wait_for_selector("#ps-deal-registered", timeout=20000)

    deal = page.locator("#ps-deal-grid .ag-row", has_text="Browser Prospect Ltd").first
    deal.wait_for(timeout=20000)
    assert "Registered" in deal.inner_text()
    deal.click()
    page.click("#ps-deal-approve")
    page.wait_for_selector("#ps-deal-decided", timeout=20000)
    page.wait_for_function(
        "[...document.querySelectorAll('#ps-deal-grid .ag-row')]"
        ".some(r => r.innerText.includes('Browser Prospect Ltd') && r.innerText.includes('Approved'))",
        timeout=20000,
    )
    page.locator("#ps-deal-grid .ag-row", has_text="Browser Prospect Ltd").first.click()
    page.fill("#ps-deal-reason", "Too late")
    page.click("#ps-deal-reject")  # deciding twice is refused, in the page
    assert "already decided" in page.wait_for_selector("#ps-deal-problem", timeout=20000).inner_text()

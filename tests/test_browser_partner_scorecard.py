"""The partner scorecard in real headless Chromium: a changed weight re-scores the grid before saving
and a partner's tier moves; thresholds out of order are said in the page and the tiers stay."""

import pytest

from tests.apprun import AppProcess, sign_in

pytestmark = pytest.mark.browser
playwright = pytest.importorskip("playwright.sync_api")


@pytest.fixture(scope="module")
def server(dash_app, demo_pointer):  # dash_app creates the users in the shared store
    with AppProcess({"XRM_DB": str(demo_pointer)}) as app:
        yield app


@pytest.fixture(scope="module")
def moved(demo_pointer):
    """A metric, a weight for it and a partner whose tier that weight changes (with both tiers)."""
    from crm.partners.scorecard import last_complete_quarter, scorecard
    from crm.partners.weights import DEFAULT_WEIGHTS
    from data.warehouse import Warehouse

    warehouse = Warehouse(demo_pointer)
    period = last_complete_quarter(warehouse)
    before = scorecard(*period, DEFAULT_WEIGHTS, warehouse).set_index("partner_id")["tier"]
    for metric in ("loyalty", "satisfaction", "tenure", "win_rate", "gross_margin"):
        after = scorecard(*period, DEFAULT_WEIGHTS.changed({metric: 100}), warehouse).set_index("partner_id")["tier"]
        changed = [p for p in before.index if before[p] is not None and before[p] != after[p]]
        if changed:
            return metric, int(changed[0]), before[changed[0]], after[changed[0]]
    pytest.fail("no single weight moves a tier on the demo")


def tier_cell(page, partner_id: int):
    return page.locator(f"#ps-grid .ag-center-cols-container .ag-row[row-id='{partner_id}'] .ag-cell[col-id='tier']")


def test_a_changed_weight_moves_a_tier(server, browser, moved):
    metric, partner, before, after = moved
    page = browser.new_page(viewport={"width": 1500, "height": 1200})
    sign_in(page, server, "/partners/scorecard", user="u_partner_manager")
    page.wait_for_selector("#ps-grid .ag-row", timeout=30000)
    assert "Partner scorecard" in page.inner_text("h2")
    cell = tier_cell(page, partner)
    cell.wait_for(timeout=20000)
    assert cell.inner_text() == before.capitalize()
    page.fill(f"#ps-w-{metric}", "100")
    page.press(f"#ps-w-{metric}", "Enter")
    page.wait_for_function(
        "([sel, text]) => { const e = document.querySelector(sel); return e && e.innerText.trim() === text; }",
        arg=[f"#ps-grid .ag-center-cols-container .ag-row[row-id='{partner}'] .ag-cell[col-id='tier']",
             after.capitalize()],
        timeout=20000,
    )  # fmt: skip
    # thresholds out of order: said in the page, tiers kept
    page.fill("#ps-t-gold", "95")
    page.press("#ps-t-gold", "Enter")
    page.wait_for_selector("#ps-problem", timeout=20000)
    assert "out of order" in page.inner_text("#ps-problem")
    assert tier_cell(page, partner).inner_text() == after.capitalize()
    page.close()


def test_an_executive_reads_the_weights_but_cannot_save(server, browser):
    page = browser.new_page(viewport={"width": 1500, "height": 1200})
    sign_in(page, server, "/partners/scorecard", user="u_executive")
    page.wait_for_selector("#ps-grid .ag-row", timeout=30000)
    assert page.locator("#ps-read-only").count() == 1 and page.locator("#ps-save").count() == 0
    assert page.is_disabled("#ps-w-revenue")
    page.close()

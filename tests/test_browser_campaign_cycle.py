"""Closing the loop in real headless Chromium: open a campaign's result, save its responders as a
segment under an edited name, find it (with its origin) on the segments page and on the strategy cycle."""

import uuid

import pytest

from tests.apprun import AppProcess, sign_in

pytestmark = pytest.mark.browser
playwright = pytest.importorskip("playwright.sync_api")


@pytest.fixture(scope="module")
def server(dash_app, demo_pointer):  # dash_app creates the users in the shared store
    with AppProcess({"XRM_DB": str(demo_pointer)}) as app:
        yield app


@pytest.fixture(scope="module")
def chosen(demo_pointer):
    from crm.campaigns.results import campaign_results
    from data.warehouse import Warehouse

    finished = [r for r in campaign_results(Warehouse(demo_pointer).cursor()) if not r.window_open]
    return max(finished, key=lambda r: r.converted_target)


def test_save_responders_and_see_them_on_the_segments_and_cycle_pages(server, browser, chosen):
    name = f"Responders {uuid.uuid4().hex[:6]}"
    page = browser.new_page(viewport={"width": 1400, "height": 1100})
    sign_in(page, server, f"/campaigns?c={chosen.campaign_id}", user="u_marketer")
    page.wait_for_selector("#cp-pick-responders input", timeout=30000)
    assert page.input_value("#cp-pick-responders input") == f"Responders — {chosen.name}"
    page.fill("#cp-pick-responders input", name)
    page.click("#cp-pick-responders button")
    page.wait_for_selector("#cp-pick-saved", timeout=30000)
    assert name in page.inner_text("#cp-pick-saved")

    # the decision form records what was decided, listed under the result at once
    page.locator("#cp-decision-choice").click()
    page.get_by_role("option", name="Scale up", exact=True).click(timeout=20000)
    page.wait_for_function("document.querySelector('#cp-decision-choice').innerText.includes('Scale up')")
    page.fill("#cp-decision-note", "Scale up to the responders")
    page.click("#cp-decision-save")
    page.wait_for_selector("#cp-decision-list :text('Scale up to the responders')", timeout=20000)

    page.goto(server.url + "/segments")
    page.wait_for_selector(f"#seg-saved .ag-row :text('{name}')", timeout=30000)
    index = page.locator("#seg-saved .ag-row", has_text=name).first.get_attribute("row-index")
    row_text = " ".join(page.locator(f"#seg-saved .ag-row[row-index='{index}']").all_inner_texts())  # pinned + centre
    assert f"From campaign “{chosen.name}”: responders" in row_text
    row = page.locator(f"#seg-saved .ag-row[row-index='{index}']")
    assert row.locator(f"a[href='/campaigns?c={chosen.campaign_id}']").count() == 1

    page.goto(server.url + "/campaigns/cycle")
    page.wait_for_selector("#cycle-timeline", timeout=30000)
    card = page.locator(".cycle-card", has_text=name).first
    card.wait_for(timeout=20000)
    assert f"Result of “{chosen.name}”" in card.inner_text()
    assert "Scale up to the responders" in card.inner_text()  # the origin campaign's decision
    page.close()

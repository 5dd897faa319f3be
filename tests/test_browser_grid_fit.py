"""Grids fit their columns in real headless Chromium (issue 17 item 11, assets/grids.js): on a wide
screen every column is in sight, sized to its header and content; on a narrow one the first column
stays pinned on the left and the key measure on the right while the rest scrolls."""

import pytest

from tests.apprun import AppProcess, sign_in

pytestmark = pytest.mark.browser
playwright = pytest.importorskip("playwright.sync_api")

VIEW = "/explore?m=revenue&m=orders&m=customers&m=aov&r=geo.country&p=2025"
STATE = "() => dash_ag_grid.getApi('explore-table').getColumnState().map(s => [s.colId, s.width, s.pinned || ''])"
HEADERS_FIT = """() => [...document.querySelectorAll('#explore-table .ag-header-cell-text')]
  .every(e => e.scrollWidth <= e.clientWidth + 1)"""


@pytest.fixture(scope="module")
def server(dash_app, demo_pointer):  # dash_app creates the users in the shared store
    with AppProcess({"XRM_DB": str(demo_pointer)}) as app:
        yield app


def columns(page) -> dict:
    page.wait_for_selector("#explore-table .ag-row", timeout=30000)
    page.wait_for_timeout(500)  # the fit runs once the rows are drawn
    return {col: (width, pinned) for col, width, pinned in page.evaluate(STATE)}


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_wide_grids_show_every_column_narrow_ones_keep_the_key_measure(server, browser, lang):
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    sign_in(page, server, VIEW, user="u_analyst")
    page.wait_for_selector("#explore-table .ag-row", timeout=30000)
    page.goto(server.url + f"/lang/{lang}")
    page.goto(server.url + VIEW)
    wide = columns(page)
    assert wide["_label"][1] == "left" and all(p != "right" for _, p in wide.values())
    assert page.evaluate(HEADERS_FIT), "every header reads whole"

    page.set_viewport_size({"width": 600, "height": 1000})
    page.wait_for_function(
        "() => dash_ag_grid.getApi('explore-table').getColumnState().some(s => s.pinned === 'right')", timeout=10000
    )
    narrow = columns(page)
    assert narrow["_label"][1] == "left" and narrow["revenue"][1] == "right"  # the sorted measure stays in sight

    page.set_viewport_size({"width": 1400, "height": 1000})
    page.wait_for_function(
        "() => !dash_ag_grid.getApi('explore-table').getColumnState().some(s => s.pinned === 'right')", timeout=10000
    )
    page.close()

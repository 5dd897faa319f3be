"""Explore changes its state in place (issue 15, item 1), in real headless Chromium: a drill keeps the
page, changes the address and adds exactly one history entry; back and a copied link open the same
view with the same numbers as SQL; the controls and the breadcrumb show the state after the drill."""

import pytest

from tests.apprun import AppProcess
from tests.conftest import PASSWORD
from tests.test_browser_explore import click_top_bar, grid, revenue_by, shows, wait_rows

pytestmark = pytest.mark.browser
playwright = pytest.importorskip("playwright.sync_api")

# The page's root element is remembered: after an update in place it is the very same element
# (the page router would have built a new one).
MARK = "() => { window.__explorePage = document.getElementById('explore-page'); return true; }"
SAME_PAGE = "() => document.getElementById('explore-page') === window.__explorePage"


@pytest.fixture(scope="module")
def server(dash_app, demo_pointer):  # dash_app creates the users in the shared store
    with AppProcess({"XRM_DB": str(demo_pointer)}) as app:
        yield app


def signed_in(browser, server, path):
    page = browser.new_page(viewport={"width": 1400, "height": 1100})
    page.goto(server.url + path)
    page.fill("#username", "u_analyst")
    page.fill("#password", PASSWORD)
    page.click("#login-submit")
    return page


def biggest(members: dict) -> str:
    return max(members, key=lambda m: float(members[m][1:].replace(",", "")))


def test_a_drill_keeps_the_page_and_adds_one_history_entry(server, browser, demo_pointer):
    page = signed_in(browser, server, "/explore?r=geo.region&p=2025")
    regions = revenue_by(demo_pointer, "region")
    wait_rows(page, regions)
    assert grid(page) == regions
    page.evaluate(MARK)
    entries = page.evaluate("() => history.length")
    asked = []  # the outputs of every callback request the browser makes from here on
    page.on(
        "request",
        lambda r: (
            asked.append((r.post_data_json or {}).get("output", "")) if "_dash-update-component" in r.url else None
        ),
    )

    click_top_bar(page)
    page.wait_for_url("**r=geo.country**", timeout=10000)
    region = biggest(regions)
    countries = revenue_by(demo_pointer, "country", region=region)
    wait_rows(page, countries)
    assert grid(page) == countries
    assert page.evaluate("() => history.length") == entries + 1
    assert page.evaluate(SAME_PAGE), "the page was built again instead of updated in place"
    assert not [o for o in asked if "_pages_content" in o], "the page router built the page again"
    chart_requests = [o for o in asked if "explore-payload.data" in o or "explore-graph.figure" in o]
    assert len(chart_requests) == 1, asked  # one round trip brought the chart
    assert f"f.geo.region={region}".replace(" ", "+") in page.url

    # Back restores the regions with the same numbers, and the same page still shows them.
    page.go_back()
    page.wait_for_url("**r=geo.region**", timeout=10000)
    wait_rows(page, regions)
    assert grid(page) == regions
    assert "f.geo.region" not in page.url
    assert page.evaluate(SAME_PAGE)
    assert not [o for o in asked if "_pages_content" in o]
    # Forward goes to the countries again.
    page.go_forward()
    page.wait_for_url("**r=geo.country**", timeout=10000)
    wait_rows(page, countries)
    assert grid(page) == countries
    page.close()


def test_the_controls_and_breadcrumb_show_the_state_after_a_drill(server, browser, demo_pointer):
    page = signed_in(browser, server, "/explore?r=geo.region&p=2025")
    regions = revenue_by(demo_pointer, "region")
    wait_rows(page, regions)
    page.evaluate(MARK)
    assert "World region" in page.locator("#explore-row").inner_text()

    click_top_bar(page)
    page.wait_for_url("**r=geo.country**", timeout=10000)
    region = biggest(regions)
    wait_rows(page, revenue_by(demo_pointer, "country", region=region))
    page.wait_for_function("() => document.querySelector('#explore-row').innerText.includes('Country')", timeout=10000)
    shows(page, "#explore-breadcrumb", region)
    shows(page, "#explore-chips", region)  # the drill's filter, removable

    # The breadcrumb rolls back up in place: the regions again, the control says so, one more entry.
    entries = page.evaluate("() => history.length")
    page.locator("#explore-breadcrumb a").first.click()
    page.wait_for_url("**r=geo.region**", timeout=10000)
    wait_rows(page, regions)
    assert grid(page) == regions
    page.wait_for_function(
        "() => document.querySelector('#explore-row').innerText.includes('World region')", timeout=10000
    )
    assert page.evaluate("() => history.length") == entries + 1
    assert page.evaluate(SAME_PAGE)
    page.wait_for_function(
        "r => !document.querySelector('#explore-chips').innerText.includes(r)", arg=region, timeout=10000
    )
    page.close()


def test_a_copied_link_opens_the_same_view(server, browser, demo_pointer):
    page = signed_in(browser, server, "/explore?r=geo.region&p=2025")
    regions = revenue_by(demo_pointer, "region")
    wait_rows(page, regions)
    click_top_bar(page)
    page.wait_for_url("**r=geo.country**", timeout=10000)
    region = biggest(regions)
    countries = revenue_by(demo_pointer, "country", region=region)
    wait_rows(page, countries)
    # the breadcrumb follows the chart (a drill answered ahead is drawn before the server has its state)
    shows(page, "#explore-breadcrumb", region)
    shown, crumbs, link = grid(page), page.locator("#explore-breadcrumb").inner_text(), page.url

    other = signed_in(browser, server, link.removeprefix(server.url))  # another browser, the copied address
    assert other.url == link
    wait_rows(other, countries)
    assert grid(other) == shown == countries
    assert other.locator("#explore-breadcrumb").inner_text() == crumbs
    assert "Country" in other.locator("#explore-row").inner_text()
    other.close()
    page.close()


# Counts, in the page, when the chart first names a member and when the answer to the click's own
# request (the state for the new view) comes back.
WATCH = """name => {
  window.__seen = null; window.__stateBack = null; window.__asked = [];
  const of = window.fetch;
  window.fetch = function (url, opts) {
    const body = (opts && opts.body) || '';
    const state = String(url).includes('_dash-update-component') && body.includes('explore-state.data');
    if (state) { window.__asked.push(JSON.parse(body).changedPropIds.join(',').split('.')[0].replace('explore-', '')); }
    return of.apply(this, arguments).then(r => { if (state && window.__stateBack === null) window.__stateBack = performance.now(); return r; });
  };
  const look = () => {
    if ([...document.querySelectorAll('#explore-graph .ytick text')].some(t => t.textContent === name)) {
      window.__seen = performance.now();
    } else { requestAnimationFrame(look); }
  };
  requestAnimationFrame(look);
  return true;
}"""


def top_country(path, region: str) -> str:
    countries = revenue_by(path, "country", region=region)
    return max(countries, key=lambda m: float(countries[m][1:].replace(",", "")))


def test_a_drill_answered_ahead_is_drawn_before_the_server_is_asked(server, browser, demo_pointer):
    """Once the chart is drawn its biggest bars' answers come ahead: a click on one draws the drill from
    them before any request returns; the server then learns the state (controls, breadcrumb, history and
    the insights follow) without sending the answer again; the numbers are SQL's."""
    page = signed_in(browser, server, "/explore?r=geo.region&p=2025")
    regions = revenue_by(demo_pointer, "region")
    wait_rows(page, regions)
    region = biggest(regions)
    page.wait_for_function(f"() => window.dash_clientside.explore.held().includes({region!r})", timeout=15000)
    held = page.evaluate("() => window.dash_clientside.explore.held()")
    assert len(held) == min(len(regions), 6) and set(held) <= set(regions)
    page.evaluate(MARK)
    entries = page.evaluate("() => history.length")
    country = top_country(demo_pointer, region)
    page.evaluate(WATCH, country)
    answers = []
    page.on(
        "response",
        lambda r: answers.append(r.text()) if "explore-state.data" in (r.request.post_data or "") else None,
    )

    click_top_bar(page)
    page.wait_for_function("() => window.__seen !== null && window.__stateBack !== null", timeout=15000)
    assert page.evaluate("() => window.__asked") == ["nav"]  # the state was told; no drill was asked for
    page.wait_for_function("() => window.__asked.length === 1", timeout=5000)
    page.wait_for_url("**r=geo.country**", timeout=10000)
    countries = revenue_by(demo_pointer, "country", region=region)
    wait_rows(page, countries)
    assert grid(page) == countries
    page.wait_for_function("() => document.querySelector('#explore-row').innerText.includes('Country')", timeout=10000)
    shows(page, "#explore-breadcrumb", region)
    assert page.evaluate("() => history.length") == entries + 1
    assert page.evaluate(SAME_PAGE)
    page.wait_for_selector("#explore-insights li, #explore-insights .text-muted", timeout=15000)
    assert answers and all('"explore-payload"' not in a for a in answers)  # the answer was not sent again

    # Back: the regions again, as SQL says; a bar the answers ahead do not hold asks the server.
    page.go_back()
    page.wait_for_url("**r=geo.region**", timeout=10000)
    wait_rows(page, regions)
    assert grid(page) == regions
    page.close()


def test_a_bar_without_an_answer_ahead_asks_the_server(dash_app, browser, demo_pointer):
    """With nothing sent ahead (anticipation turned off here) a click asks the server for the drill."""
    with AppProcess({"XRM_DB": str(demo_pointer), "XRM_ANTICIPATE": "0"}) as quiet:
        page = signed_in(browser, quiet, "/explore?r=geo.region&p=2025")
        regions = revenue_by(demo_pointer, "region")
        wait_rows(page, regions)
        region = biggest(regions)
        page.evaluate(WATCH, top_country(demo_pointer, region))
        click_top_bar(page)
        page.wait_for_function("() => window.__seen !== null && window.__stateBack !== null", timeout=15000)
        assert page.evaluate("() => window.__asked") == ["drill"]
        assert page.evaluate("() => window.dash_clientside.explore.held()") == []
        page.wait_for_url("**r=geo.country**", timeout=10000)
        countries = revenue_by(demo_pointer, "country", region=region)
        wait_rows(page, countries)
        assert grid(page) == countries
        page.close()

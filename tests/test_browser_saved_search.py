"""Saved views, the top bar's search and the glossary in real headless Chromium, in English and Korean:
save an Explore view shared with analysts, find and open it as an analyst (not as an executive), see the
same state; search a customer by name and land on the profile by keyboard; open the glossary from an (ⓘ)."""

from __future__ import annotations

import os
import uuid
from pathlib import Path

import duckdb
import pytest

from data import warehouse as wh
from tests.apprun import AppProcess, sign_in

pytestmark = pytest.mark.browser
playwright = pytest.importorskip("playwright.sync_api")
SHOTS = Path(os.environ.get("XRM_SHOTS", "/tmp/xrm-shots"))
WORDS = {
    "en": {"saved": "Saved", "shared": "Shared with me", "nothing": "Nothing found", "glossary": "Glossary"},
    "ko": {"saved": "저장됨", "shared": "나와 공유된 보기", "nothing": "결과가 없습니다", "glossary": "용어집"},
}


@pytest.fixture(scope="module")
def server(dash_app, demo_pointer):  # dash_app creates the users in the shared store
    with AppProcess({"XRM_DB": str(demo_pointer)}) as app:
        yield app


def shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"))


def signed_in(browser, server, user: str, lang: str, path: str = "/"):
    context = browser.new_context(viewport={"width": 1400, "height": 950})
    page = context.new_page()
    sign_in(page, server, path, user)
    page.wait_for_selector("#gs-q", timeout=30000)
    page.goto(server.url + f"/lang/{lang}")  # the language is remembered per user: always say which
    page.goto(server.url + path)
    page.wait_for_selector("#gs-q", timeout=30000)
    return context, page


def open_panel(page):
    page.click("#saved-open")
    page.wait_for_selector("#saved-panel #saved-list #saved-mine", timeout=20000)


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_save_an_explore_view_shared_with_analysts_and_open_it_as_one(server, browser, lang):
    name = f"{'B2B regions' if lang == 'en' else 'B2B 지역별'} {uuid.uuid4().hex[:5]}"
    address = "/explore?m=revenue&r=geo.region&f.customer.type=B2B"
    context, page = signed_in(browser, server, "u_marketer", lang, address)
    page.wait_for_selector("#explore-chips", timeout=30000)
    chips = page.inner_text("#explore-chips")
    assert "B2B" in chips
    open_panel(page)
    assert page.is_visible("#saved-form")
    page.fill("#saved-name", name)
    page.locator("#saved-roles input[value=analyst]").check()
    page.click("#saved-save")
    note = page.wait_for_selector("#saved-note", timeout=20000).inner_text()
    assert name in note
    page.wait_for_selector(f"#saved-mine >> text={name}", timeout=20000)
    shot(page, f"saved-panel-{lang}")
    context.close()

    # an analyst finds it under "shared with me" and opens the same state
    context, page = signed_in(browser, server, "u_analyst", lang)
    open_panel(page)
    shared = page.inner_text("#saved-shared")
    assert WORDS[lang]["shared"] in shared and name in shared
    assert page.locator("#saved-shared details").count() == 0 or name not in page.inner_text(
        "#saved-shared details"
    )  # not theirs: no rename or delete
    page.click(f"#saved-shared a:has-text('{name}')")
    page.wait_for_selector("#explore-chips", timeout=30000)
    assert page.url.endswith(address.replace("f.customer.type", "f.customer.type"))
    assert page.inner_text("#explore-chips") == chips
    context.close()

    # an executive does not see it
    context, page = signed_in(browser, server, "u_executive", lang)
    open_panel(page)
    assert name not in page.inner_text("#saved-list")
    context.close()


def test_rename_copy_and_delete_a_view_and_a_page_that_cannot_be_saved(server, browser):
    name = f"Dashboard Q {uuid.uuid4().hex[:5]}"
    context, page = signed_in(browser, server, "u_analyst", "en", "/")
    page.wait_for_selector("#saved-open", timeout=20000)
    open_panel(page)
    page.fill("#saved-name", name)
    page.click("#saved-save")
    page.wait_for_selector(f"#saved-mine >> text={name}", timeout=20000)
    item = page.locator("#saved-mine li", has_text=name)
    copied = item.locator(".saved-copy")
    assert copied.count() == 1
    item.locator("summary").click()
    item.locator("input").fill(name + " renamed")
    item.locator("button", has_text="Rename").click()
    page.wait_for_selector("#saved-note >> text=Renamed to", timeout=20000)
    page.wait_for_selector(f"#saved-mine >> text={name} renamed", timeout=20000)
    item = page.locator("#saved-mine li", has_text=name + " renamed")
    item.locator("summary").click()
    page.once("dialog", lambda dialog: dialog.accept())
    item.locator("button", has_text="Delete").click()
    page.wait_for_selector("#saved-note >> text=Deleted", timeout=20000)
    assert name not in page.inner_text("#saved-mine")
    page.keyboard.press("Escape")
    context.close()
    # Customer 360 has no view to save: the panel says which pages do
    context, page = signed_in(browser, server, "u_analyst", "en", "/customers")
    open_panel(page)
    assert page.is_visible("#saved-cannot") and not page.is_visible("#saved-form")
    context.close()


def customer_to_find(pointer) -> tuple[int, str]:
    con = duckdb.connect(str(wh.current_path(pointer)), read_only=True)
    try:
        return con.execute(
            """SELECT customer_id, name FROM dim_customer c WHERE is_guest IS NOT TRUE
               AND (SELECT count(*) FROM dim_customer d WHERE d.name = c.name) = 1
               ORDER BY customer_id LIMIT 1 OFFSET 5"""
        ).fetchone()
    finally:
        con.close()


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_search_a_customer_by_name_and_land_on_the_profile(server, browser, demo_pointer, lang):
    cid, name = customer_to_find(demo_pointer)
    context, page = signed_in(browser, server, "u_marketer", lang)
    page.fill("#gs-q", name)
    page.wait_for_selector("#gs-group-customers .gs-hit", timeout=20000)
    shot(page, f"search-{lang}")
    labels = page.locator("#gs-group-customers .gs-hit .gs-label").all_inner_texts()
    assert f"{name} ({cid})" in labels
    index = labels.index(f"{name} ({cid})")
    page.focus("#gs-q")
    for _ in range(index + 1):
        page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    page.wait_for_selector("#cust-name", timeout=30000)
    assert f"id={cid}" in page.url and name in page.inner_text("#cust-name")
    # nothing found says so; a page title in the reader's language is found
    page.fill("#gs-q", "zzqq-no-such-thing")
    assert WORDS[lang]["nothing"] in page.wait_for_selector("#gs-nothing", timeout=20000).inner_text()
    page.fill("#gs-q", WORDS[lang]["glossary"])
    page.wait_for_selector("#gs-group-pages", timeout=20000)
    page.focus("#gs-q")
    page.keyboard.press("Enter")
    page.wait_for_selector("#glossary-terms", timeout=30000)
    context.close()


def test_partner_search_is_for_partner_roles_only(server, browser, demo_pointer):
    con = duckdb.connect(str(wh.current_path(demo_pointer)), read_only=True)
    partner = con.execute("SELECT name FROM dim_partner ORDER BY partner_id LIMIT 1").fetchone()[0]
    con.close()
    context, page = signed_in(browser, server, "u_executive", "en")
    page.fill("#gs-q", partner)
    page.wait_for_selector("#gs-group-partners", timeout=20000)
    context.close()
    context, page = signed_in(browser, server, "u_marketer", "en")
    page.fill("#gs-q", partner)
    page.wait_for_selector("#gs-results .gs-note", timeout=20000)
    assert page.locator("#gs-group-partners").count() == 0
    context.close()


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_the_glossary_opens_from_an_info_button(server, browser, demo_pointer, lang):
    con = duckdb.connect(str(wh.current_path(demo_pointer)), read_only=True)
    campaign = con.execute(
        """SELECT campaign_id FROM fact_campaign_contact GROUP BY 1
           HAVING count(DISTINCT group_name) = 2 ORDER BY count(*) DESC LIMIT 1"""
    ).fetchone()[0]
    con.close()
    context, page = signed_in(browser, server, "u_analyst", lang, f"/campaigns?c={campaign}")
    page.wait_for_selector("#gloss-uplift-card", timeout=60000)
    page.click("#gloss-uplift-card")
    link = page.wait_for_selector("#gloss-uplift-card-link", timeout=10000)
    shot(page, f"glossary-popover-{lang}")
    link.click()
    page.wait_for_selector("#term-uplift.gloss-target", timeout=30000)
    assert page.url.endswith("/glossary#term-uplift")
    text = page.inner_text("#term-uplift")
    assert ("random control group" in text) if lang == "en" else ("무작위 대조군" in text)
    shot(page, f"glossary-{lang}")
    context.close()

"""The users page in real headless Chromium (issue 17 item 9): click a user to edit them (the page says
whom), disable them (their open session ends and they cannot sign in), re-enable them; an administrator
cannot disable their own account."""

from __future__ import annotations

import uuid

import pytest

from auth import users
from tests.apprun import AppProcess, sign_in
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser
playwright = pytest.importorskip("playwright.sync_api")


@pytest.fixture(scope="module")
def server(dash_app, demo_pointer):  # dash_app creates the users in the shared store
    with AppProcess({"XRM_DB": str(demo_pointer)}) as app:
        yield app


def pick(page, username: str) -> None:
    page.locator("#admin-users-grid .ag-row", has_text=username).first.locator(".ag-cell").first.click()
    page.wait_for_function(
        "u => document.querySelector('#admin-editing').innerText.includes(u)", arg=username, timeout=15000
    )


def test_disable_and_re_enable_a_user(server, browser):
    name = f"walker_{uuid.uuid4().hex[:6]}"
    users.add_user(name, PASSWORD, "analyst")
    theirs = browser.new_context().new_page()
    sign_in(theirs, server, "/", name)

    page = browser.new_page(viewport={"width": 1400, "height": 1100})
    sign_in(page, server, "/admin/users", "u_admin")
    page.wait_for_selector("#admin-users-grid .ag-row", timeout=30000)
    pick(page, "u_admin")
    assert page.is_disabled("#admin-disable")  # never oneself

    pick(page, name)
    assert "Active" in page.inner_text("#admin-editing") and page.is_disabled("#admin-enable")
    page.click("#admin-disable")
    assert "is disabled" in page.wait_for_selector("#admin-message .alert-success", timeout=15000).inner_text()
    assert not users.get_user(name).active
    page.wait_for_function(
        "u => [...document.querySelectorAll('#admin-users-grid .ag-row')].some("
        "r => r.innerText.includes(u) && r.innerText.includes('Disabled'))",
        arg=name,
        timeout=15000,
    )
    theirs.goto(server.url + "/explore")  # their open session has ended
    theirs.wait_for_selector("#login-submit", timeout=15000)

    pick(page, name)
    page.click("#admin-enable")
    page.wait_for_function(
        "document.querySelector('#admin-message').innerText.includes('can sign in again')", timeout=15000
    )
    assert users.get_user(name).active
    sign_in(theirs, server, "/", name)
    theirs.wait_for_selector("#_pages_content", timeout=20000)
    page.close()

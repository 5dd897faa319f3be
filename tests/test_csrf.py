"""CSRF (issue 13, finding 6): a state-changing request without the session's token is refused;
the login and sign-out forms carry it; the browser's callbacks send it by themselves."""

from __future__ import annotations

import re

import pytest

from tests.conftest import PASSWORD
from tests.test_auth import admin_callback_payload


def form_token(client, path="/login") -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', client.get(path).get_data(as_text=True)).group(1)


def signed_in(raw_client, user="u_admin"):
    token = form_token(raw_client)
    answer = raw_client.post("/login", data={"username": user, "password": PASSWORD, "csrf_token": token})
    assert answer.status_code == 302
    return raw_client.get_cookie("_csrf_token").value


def test_a_forged_callback_is_refused(raw_client):
    token = signed_in(raw_client)
    body = admin_callback_payload()  # an admin adding an admin: what a forged page would send
    assert raw_client.post("/_dash-update-component", json=body).status_code == 403
    wrong = raw_client.post("/_dash-update-component", json=body, headers={"X-CSRFToken": "guess" + token[5:]})
    assert wrong.status_code == 403
    from auth.users import get_user

    assert get_user("mallory") is None
    assert raw_client.post("/_dash-update-component", json=body, headers={"X-CSRFToken": token}).status_code == 200
    from data import opstore

    assert get_user("mallory") is not None  # with the token, the same request is the admin's own
    with opstore.engine().begin() as con:  # other tests check nobody made her
        con.execute(opstore.users.delete().where(opstore.users.c.username == "mallory"))


def test_the_token_changes_at_sign_in(raw_client):
    before = form_token(raw_client)
    after = signed_in(raw_client, "u_analyst")
    assert before != after


def test_a_login_form_from_elsewhere_is_refused(raw_client, dash_app):
    plain = raw_client.post("/login", data={"username": "u_analyst", "password": PASSWORD})
    assert plain.status_code == 400 and "expired" in plain.get_data(as_text=True)
    other = dash_app.server.test_client()
    foreign = form_token(other)  # a token of another browser's session
    answer = raw_client.post("/login", data={"username": "u_analyst", "password": PASSWORD, "csrf_token": foreign})
    assert answer.status_code == 400
    assert raw_client.get("/explore").status_code == 302  # still signed out


def test_signing_out_needs_the_form(raw_client):
    token = signed_in(raw_client, "u_analyst")
    page = raw_client.get("/logout")  # a link (or another site's image) does not sign out: it asks
    assert page.status_code == 200 and 'id="logout-submit"' in page.get_data(as_text=True)
    assert raw_client.post("/logout").status_code == 200  # no token: asked again
    assert raw_client.get("/explore").status_code == 200
    done = raw_client.post("/logout", data={"csrf_token": token})
    assert done.status_code == 302 and done.headers["Location"].endswith("/login?bye=1")
    assert raw_client.get("/explore").status_code == 302


@pytest.mark.browser
def test_the_browser_sends_the_token_and_signs_out(dash_app, demo_pointer, browser):
    from tests.apprun import AppProcess, sign_in

    with AppProcess({"XRM_DB": str(demo_pointer)}) as server:
        page = browser.new_page()
        sign_in(page, server, "/explore", user="u_analyst")
        page.wait_for_selector(
            "#explore-table .ag-center-cols-container [col-id=revenue]", timeout=30000
        )  # callbacks answered
        page.click("#user-menu")
        page.click("#logout-link")
        page.wait_for_url("**/login?bye=1", timeout=10000)
        page.goto(server.url + "/explore")
        assert "/login" in page.url
        page.close()

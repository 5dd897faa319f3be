"""Auth: every route behind login, roles checked on the server, throttled failures."""

import json

import pytest
import sqlalchemy as sa

from tests.conftest import PASSWORD, login


def admin_callback_payload():
    """The request the admin page's browser sends to list/add users."""
    outputs = [{"id": "admin-users-grid", "property": "rowData"}, {"id": "admin-message", "property": "children"}]
    inputs = [
        {"id": "admin-add", "property": "n_clicks", "value": 1},
        {"id": "admin-save", "property": "n_clicks", "value": None},
        {"id": "admin-disable", "property": "n_clicks", "value": None},
        {"id": "admin-enable", "property": "n_clicks", "value": None},
    ]
    state_ids = [
        "admin-new-username",
        "admin-new-name",
        "admin-new-role",
        "admin-new-password",
        "admin-edit-username",
        "admin-edit-role",
        "admin-edit-password",
    ]
    values = ["mallory", "Mallory", "admin", "mallory-pass-1", None, None, None]
    return {
        "output": "..admin-users-grid.rowData...admin-message.children..",
        "outputs": outputs,
        "inputs": inputs,
        "state": [{"id": i, "property": "value", "value": v} for i, v in zip(state_ids, values, strict=False)],
        "changedPropIds": ["admin-add.n_clicks"],
    }


def test_anonymous_dash_endpoints_get_401(client):
    for path in ("/_dash-layout", "/_dash-dependencies"):
        assert client.get(path).status_code == 401
    response = client.post("/_dash-update-component", json=admin_callback_payload())
    assert response.status_code == 401


def test_anonymous_pages_redirect_to_login(client):
    response = client.get("/admin/users?x=1")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login?next=/admin/users")
    assert client.get("/login").status_code == 200


def test_wrong_password_gets_a_clear_message(client):
    response = login(client, "u_analyst", "wrong-password")
    assert response.status_code == 401
    assert "not right" in response.get_data(as_text=True)
    assert client.get("/_dash-layout").status_code == 401


def test_login_then_dash_endpoints_answer(client):
    response = login(client, "u_executive")
    assert response.status_code == 302 and response.headers["Location"] == "/"
    assert client.get("/_dash-layout").status_code == 200
    assert client.get("/_dash-dependencies").status_code == 200


def test_login_never_redirects_off_site(client):
    response = client.post("/login?next=//evil.example/x", data={"username": "u_analyst", "password": PASSWORD})
    assert response.headers["Location"] == "/"


def test_marketer_cannot_call_admin_callback(client):
    login(client, "u_marketer")
    response = client.post("/_dash-update-component", json=admin_callback_payload())
    assert response.status_code == 403
    from auth.users import get_user

    assert get_user("mallory") is None


def test_admin_can_call_admin_callback(client):
    login(client, "u_admin")
    response = client.post("/_dash-update-component", json=admin_callback_payload())
    assert response.status_code == 200
    body = json.loads(response.get_data(as_text=True))
    names = [row["username"] for row in body["response"]["admin-users-grid"]["rowData"]]
    assert "mallory" in names
    from data import opstore

    with opstore.engine().begin() as con:  # test_csrf checks nobody made her before its own request
        con.execute(opstore.users.delete().where(opstore.users.c.username == "mallory"))


def test_admin_page_refused_to_other_roles_on_the_server(dash_app):
    from flask_login import login_user

    from auth.users import get_user
    from pages.admin_users import layout

    with dash_app.server.test_request_context("/"):
        login_user(get_user("u_analyst"))
        assert "access-denied" in str(layout())
        login_user(get_user("u_admin"))
        assert "admin-users-grid" in str(layout())


def test_passwords_are_stored_hashed(dash_app):
    from data import opstore

    with opstore.engine().connect() as con:
        stored = con.execute(
            sa.select(opstore.users.c.password_hash).where(opstore.users.c.username == "u_admin")
        ).scalar()
    assert PASSWORD not in stored and stored.startswith(("scrypt:", "pbkdf2:"))


def test_repeated_failures_are_slowed_down(client):
    from auth.users import add_user

    add_user("victim", PASSWORD, "analyst")
    statuses = [login(client, "victim", f"guess-{i}").status_code for i in range(5)]
    assert statuses[:3] == [401, 401, 401]
    assert 429 in statuses
    response = login(client, "victim", PASSWORD)  # even the right password waits, from that address
    assert response.status_code == 429
    assert "Wait" in response.get_data(as_text=True)


def test_a_guesser_elsewhere_cannot_lock_the_real_user_out(client):
    """Throttling is per name and address together (issue 13, finding 5)."""
    from auth.users import add_user

    add_user("target", PASSWORD, "analyst")
    attacker = {"REMOTE_ADDR": "203.0.113.9"}
    statuses = [
        client.post("/login", data={"username": "target", "password": f"g{i}"}, environ_base=attacker).status_code
        for i in range(6)
    ]
    assert 429 in statuses
    real = client.post(
        "/login", data={"username": "target", "password": PASSWORD}, environ_base={"REMOTE_ADDR": "198.51.100.7"}
    )
    assert real.status_code == 302  # signed in from the user's own address


def test_unknown_names_are_checked_against_a_hash_like_known_ones(monkeypatch):
    """The same work for an unknown name as for a known one, so timing does not tell names apart."""
    from auth import users

    checked = []
    real = users.check_password_hash
    monkeypatch.setattr(users, "check_password_hash", lambda h, p: checked.append(h) or real(h, p))
    assert users.authenticate("no-such-user-xyz", "whatever", "192.0.2.80") is None
    assert users.authenticate("u_admin", "wrong", "192.0.2.80") is None
    assert len(checked) == 2 and checked[0].split(":")[0] == checked[1].split(":")[0]  # the same kind of hash


@pytest.mark.parametrize("username,role", [("u_partner_manager", "partner_manager")])
def test_navigation_follows_role(client, username, role):
    login(client, username)
    layout = client.get("/_dash-layout").get_data(as_text=True)
    assert "nav-home" in layout and "nav-admin_users" not in layout
    client.post("/logout")
    login(client, "u_admin")
    assert "nav-admin_users" in client.get("/_dash-layout").get_data(as_text=True)


def test_every_server_callback_checks_roles_on_the_server(dash_app):
    """A callback without ``callback_for`` would answer any signed-in role: none may exist."""
    from dash import _callback

    # Dash moves the global registry into the app's map on its first request
    callbacks = {**_callback.GLOBAL_CALLBACK_MAP, **dash_app.callback_map}
    unguarded = []
    for output, spec in callbacks.items():
        func = spec.get("callback")
        if func is None:  # clientside: runs in the browser, has no server endpoint
            continue
        if "_pages_content.children" in output:  # Dash's page router: each page's layout checks roles
            continue
        if "cancel_call" in getattr(func, "__qualname__", ""):
            continue  # Dash's job cancel: it only stops jobs whose signed id the same session holds
        while func is not None and not hasattr(func, "roles"):
            func = getattr(func, "__wrapped__", None)
        if func is None:
            unguarded.append(output)
    assert len(callbacks) > 20
    assert unguarded == []


def test_background_callbacks_check_roles_before_the_job_starts(client, monkeypatch):
    """A background job runs outside the request, so its role is checked on the request itself."""
    from components import access

    monkeypatch.setitem(access.BACKGROUND_ROLES, "some-job.children", ("admin",))
    body = {"output": "some-job.children", "outputs": {"id": "some-job", "property": "children"}, "inputs": []}
    login(client, "u_marketer")
    refused = client.post("/_dash-update-component", json=body)
    assert refused.status_code == 403
    client.post("/logout")
    login(client, "u_admin")
    allowed = client.post("/_dash-update-component", json=body)
    assert allowed.status_code != 403  # past the guard (Dash itself then answers for the unknown output)


def test_a_callback_request_that_does_not_match_the_callback_is_a_400_not_a_500(client):
    """A page from before an upgrade (or a made-up body) sends fewer inputs than the callback takes: Dash
    fails reading it, before any callback or role check runs. The client's fault, said as a 400."""
    login(client, "u_admin")
    payload = admin_callback_payload()
    payload["inputs"] = payload["inputs"][:2]
    response = client.post("/_dash-update-component", json=payload)
    assert response.status_code == 400 and "reload the page" in response.get_json()["error"]

"""Sessions end when they should (issue 13, finding 4): a cookie copied before logout, a new
password, a new role or disabling stops working; idle and long sessions end."""

from __future__ import annotations

import pytest

from tests.conftest import PASSWORD, login


@pytest.fixture
def person():
    import uuid

    from auth import users

    name = f"s_{uuid.uuid4().hex[:10]}"
    users.add_user(name, PASSWORD, "analyst")
    return name


def _signed_in(dash_app, name):
    client = dash_app.server.test_client()
    assert login(client, name).status_code == 302
    assert client.get("/explore").status_code == 200
    return client


def _copy_of(dash_app, client):
    """Another browser holding a copy of ``client``'s session cookie."""
    thief = dash_app.server.test_client()
    cookie = client.get_cookie("session")
    thief.set_cookie("session", cookie.value)
    assert thief.get("/explore").status_code == 200  # the copy works while the session lives
    return thief


def test_logout_ends_a_copied_cookie(dash_app, person):
    client = _signed_in(dash_app, person)
    thief = _copy_of(dash_app, client)
    client.get("/logout")
    assert thief.get("/explore").status_code == 302 and thief.post("/_dash-update-component").status_code == 401


@pytest.mark.parametrize("change", ["password", "role", "disable"])
def test_account_changes_end_every_session(dash_app, person, change):
    from auth import users

    client = _signed_in(dash_app, person)
    {
        "password": lambda: users.set_password(person, "another-password-9"),
        "role": lambda: users.set_role(person, "marketer"),
        "disable": lambda: users.set_active(person, False),
    }[change]()
    assert client.get("/explore").status_code == 302


def test_a_language_change_keeps_the_session(dash_app, person):
    from auth import users

    client = _signed_in(dash_app, person)
    users.set_language(person, "ko")
    assert client.get("/explore").status_code == 200


def test_idle_and_old_sessions_end(dash_app, person, monkeypatch):
    import time

    client = _signed_in(dash_app, person)
    now = time.time()
    monkeypatch.setattr(time, "time", lambda: now + 119 * 60)  # within the idle limit (120 minutes)
    assert client.get("/explore").status_code == 200
    monkeypatch.setattr(time, "time", lambda: now + 119 * 60 + 121 * 60)  # idle for 121 minutes
    assert client.get("/explore").status_code == 302
    client = _signed_in(dash_app, person)
    start = time.time()
    for hour in range(1, 13):  # busy all day: never idle, but 12 hours is the most
        monkeypatch.setattr(time, "time", lambda h=hour: start + h * 3600 - 30)
        assert client.get("/explore").status_code == 200
    monkeypatch.setattr(time, "time", lambda: start + 12 * 3600 + 60)
    assert client.get("/explore").status_code == 302

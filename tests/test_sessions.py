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
    client.post("/logout")
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


def test_a_user_store_from_before_session_numbers_is_upgraded(tmp_path):
    """An operational store made by an older XRM gains users.session_epoch (0) and its users sign in."""
    import sqlalchemy as sa
    from werkzeug.security import generate_password_hash

    from data import opstore

    url = f"sqlite:///{tmp_path / 'old.sqlite'}"
    old = sa.create_engine(url)
    with old.begin() as con:
        con.execute(
            sa.text(
                "CREATE TABLE users (username VARCHAR(64) PRIMARY KEY, password_hash VARCHAR(256) NOT NULL, "
                "role VARCHAR(32) NOT NULL, display_name VARCHAR(128), language VARCHAR(8) NOT NULL DEFAULT 'en', "
                "active BOOLEAN NOT NULL DEFAULT 1, is_demo BOOLEAN NOT NULL DEFAULT 0, "
                "created_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP)"
            )
        )
        con.execute(
            sa.text("INSERT INTO users (username, password_hash, role) VALUES ('old', :h, 'analyst')"),
            {"h": generate_password_hash(PASSWORD)},
        )
    old.dispose()
    with opstore.engine(url).connect() as con:
        row = con.execute(sa.select(opstore.users).where(opstore.users.c.username == "old")).mappings().one()
    assert row["session_epoch"] == 0

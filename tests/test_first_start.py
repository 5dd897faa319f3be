"""First start on one's own data (issue 9, defect 6): how the first admin gets in."""

from __future__ import annotations

import pytest

from auth import cli, users
from tests.apprun import AppProcess
from tests.test_health import load_orders_only


@pytest.fixture
def own_store(tmp_path, monkeypatch):
    """An operational store of its own, with no user in it."""
    monkeypatch.setenv("XRM_STORE_URL", f"sqlite:///{tmp_path / 'store.sqlite'}")
    assert users.user_count() == 0


def test_no_admin_the_start_message_names_the_command(own_store):
    note = users.first_start(None)
    assert "python -m auth.cli add NAME --role admin" in note and "XRM_ADMIN_PASSWORD" in note
    assert users.user_count() == 0  # nothing created without a password


def test_admin_password_creates_one_admin_once(own_store):
    note = users.first_start("first-admin-pw-1")
    assert "Created the admin user 'admin'" in note
    assert users.get_user("admin").role == "admin"
    assert users.authenticate("admin", "first-admin-pw-1") is not None
    # the next start finds the admin and changes nothing, whatever the variable says now
    assert users.first_start("another-password-2") is None
    assert users.user_count() == 1 and users.authenticate("admin", "another-password-2") is None


def test_admin_password_never_takes_over_an_existing_user_named_admin(own_store):
    users.add_user("admin", "someone-else-1", "analyst")
    note = users.first_start("first-admin-pw-1")
    assert "already exists" in note and users.get_user("admin").role == "analyst"
    assert not users.has_admin()


def test_a_short_admin_password_is_refused_with_the_reason(own_store):
    note = users.first_start("short")
    assert "at least 8 characters" in note and "python -m auth.cli add NAME --role admin" in note
    assert users.user_count() == 0


@pytest.mark.parametrize(
    ("word", "role"),
    [("exec", "executive"), ("Executive", "executive"), ("marketing", "marketer"), ("partners", "partner_manager"),
     ("analyst", "analyst"), ("admin", "admin")],
)  # fmt: skip
def test_cli_takes_the_words_people_type_for_roles(own_store, word, role):
    assert cli.main(["add", "x", "--role", word, "--password", "long-enough-1"]) == 0
    assert users.get_user("x").role == role


def test_cli_refuses_an_unknown_role_listing_the_valid_ones(own_store, capsys):
    assert cli.main(["add", "x", "--role", "boss", "--password", "long-enough-1"]) == 1
    err = capsys.readouterr().err
    assert "Unknown role 'boss'" in err and all(r in err for r in ("executive", "marketer", "partner_manager"))
    assert "exec = executive" in err and users.get_user("x") is None
    assert cli.main(["add", "y", "--role", "exec", "--password", "long-enough-1"]) == 0
    assert cli.main(["set-role", "y", "marketing"]) == 0 and users.get_user("y").role == "marketer"


def test_login_page_says_how_to_create_the_first_user(own_store, client):
    body = client.get("/login").get_data(as_text=True)
    assert "No user exists yet" in body and "python -m auth.cli add NAME --role admin" in body
    assert "첫 관리자" in client.get("/login?lang=ko").get_data(as_text=True)
    users.add_user("someone", "long-enough-1", "analyst")
    assert "No user exists yet" not in client.get("/login?lang=en").get_data(as_text=True)


def test_python_app_py_on_an_imported_warehouse_prints_the_command_then_honours_the_password(tmp_path):
    pointer = load_orders_only(tmp_path)
    (tmp_path / "inst").mkdir()
    env = {"XRM_INSTANCE": str(tmp_path / "inst"), "XRM_DB": str(pointer), "XRM_STORE_URL": ""}
    with AppProcess(env=env) as server:
        pass
    log = server.log_path.read_text()
    assert "no admin user yet" in log and "python -m auth.cli add NAME --role admin" in log
    with AppProcess(env={**env, "XRM_ADMIN_PASSWORD": "first-admin-pw-1"}) as server:
        pass
    assert "Created the admin user 'admin'" in server.log_path.read_text()
    with AppProcess(env={**env, "XRM_ADMIN_PASSWORD": "first-admin-pw-1"}) as server:
        pass
    log = server.log_path.read_text()
    assert "Created the admin user" not in log and "no admin user yet" not in log

"""The app's registry: pages, navigation per role, users CLI, settings."""

import os
import stat

import dash

from auth import ROLES, cli
from auth.users import get_user
from components.access import page_for
from components.shell import nav_pages


def test_every_nav_page_has_roles_a_label_and_a_server_side_guard(dash_app):
    from i18n.translations import TRANSLATIONS

    for page in dash.page_registry.values():
        if not page.get("nav"):
            continue
        assert page["roles"] and set(page["roles"]) <= set(ROLES), page["module"]
        assert page["label_key"] in TRANSLATIONS
        assert tuple(getattr(page["layout"], "roles", ())) == tuple(page["roles"]), (
            f"{page['module']} layout is not wrapped by page_for"
        )


def test_navigation_per_role(dash_app):
    assert [p["path"] for p in nav_pages("admin")][-3:] == ["/admin/users", "/admin/import", "/admin/mail"]
    for role in ROLES:
        paths = [p["path"] for p in nav_pages(role)]
        assert "/" in paths
        assert ("/admin/users" in paths) == (role == "admin") == ("/admin/import" in paths) == ("/admin/mail" in paths)


def test_page_for_marks_roles():
    assert page_for("admin")(lambda **q: "x").roles == ("admin",)


def test_user_cli(dash_app, capsys):
    assert cli.main(["add", "clia", "--role", "analyst", "--password", "long-enough-1"]) == 0
    assert cli.main(["add", "clia", "--role", "analyst", "--password", "long-enough-1"]) == 1
    assert "already exists" in capsys.readouterr().err
    assert cli.main(["set-role", "clia", "marketer"]) == 0 and get_user("clia").role == "marketer"
    assert cli.main(["reset", "clia", "--password", "short"]) == 1
    assert cli.main(["reset", "clia", "--password", "another-pass-2"]) == 0
    assert cli.main(["disable", "clia"]) == 0 and not get_user("clia").active
    assert cli.main(["list"]) == 0 and "clia" in capsys.readouterr().out
    assert cli.main(["add", "x", "--role", "king", "--password", "long-enough-1"]) == 1
    assert "Unknown role 'king'" in capsys.readouterr().err and get_user("x") is None


def test_secrets_are_created_once_with_private_mode(instance_dir, monkeypatch):
    import settings

    monkeypatch.delenv("XRM_DEMO_PASSWORD")
    first = settings.demo_password()
    assert settings.demo_password() == first and len(first) >= 12
    mode = stat.S_IMODE(os.stat(instance_dir / "demo_password").st_mode)
    assert mode == 0o600


def test_language_switch_is_remembered(client):
    from tests.conftest import login

    assert login(client, "u_analyst").status_code == 302
    response = client.get("/lang/ko", headers={"Referer": "http://localhost/?period=2025"})
    assert response.headers["Location"] == "/?period=2025"
    assert get_user("u_analyst").language == "ko"
    assert "대시보드" in str(client.get("/_dash-layout").get_json())
    client.get("/lang/en")


def test_pages_of_a_group_share_one_dropdown_where_the_first_one_stands():
    from components.shell import nav_links

    pages = [
        {"module": "pages.home", "label_key": "nav.home", "path": "/"},
        {"module": "pages.segments", "label_key": "nav.segments", "path": "/segments", "nav_group": "mining"},
        {"module": "pages.explore", "label_key": "nav.explore", "path": "/explore"},
        {"module": "pages.analyses", "label_key": "nav.analyses", "path": "/analyses", "nav_group": "mining"},
    ]
    links = nav_links(pages, "ko")
    assert len(links) == 3
    group = links[1]
    assert group.id == "nav-group-mining" and group.label == "마이닝"
    assert [item.id for item in group.children] == ["nav-segments", "nav-analyses"]
    assert [item.href for item in group.children] == ["/segments", "/analyses"]

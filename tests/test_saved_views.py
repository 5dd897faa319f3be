"""Saved views in the operational store: private or shared by role, owner and admin rights, audit."""

from __future__ import annotations

import uuid

import pytest
import sqlalchemy as sa

from crm import saved_views as sv
from data import opstore


@pytest.fixture
def owner():
    return f"owner_{uuid.uuid4().hex[:8]}"


def audit_rows(actor: str) -> list[tuple[str, str, str]]:
    a = opstore.audit_log
    with opstore.engine().connect() as con:
        rows = con.execute(sa.select(a.c.actor, a.c.action, a.c.subject).where(a.c.actor == actor).order_by(a.c.id))
        return [tuple(r) for r in rows]


def ids(views) -> set[int]:
    return {v.view_id for v in views}


def test_address_is_kept_as_the_page_wrote_it_and_only_for_the_three_pages():
    assert sv.normalise_address("/explore?m=revenue&r=geo.region&f.geo.country=S%C3%BCd") == (
        "/explore",
        "m=revenue&r=geo.region&f.geo.country=S%C3%BCd",
    )
    assert sv.normalise_address("http://elsewhere.example/analyses?a=x#top") == ("/analyses", "a=x")
    assert sv.normalise_address("/") == ("/", "")
    for bad in ("/admin/users", "/customers?id=3", "javascript:alert(1)", ""):
        if bad == "":
            assert sv.normalise_address(bad) == ("/", "")  # the dashboard
            continue
        with pytest.raises(sv.SavedViewError, match="saved.error.page"):
            sv.normalise_address(bad)
    with pytest.raises(sv.SavedViewError, match="too_long"):
        sv.normalise_address("/explore?m=" + "x" * (sv.QUERY_LIMIT + 1))


def test_private_view_is_seen_by_its_owner_only(owner, dash_app):
    view = sv.save_view(owner, "  My   regions ", "/explore?m=revenue&r=geo.region", roles=())
    assert view.name == "My regions" and view.roles == () and view.address == "/explore?m=revenue&r=geo.region"
    assert view.view_id in ids(sv.list_views(owner, "marketer"))
    for role in ("executive", "marketer", "analyst", "partner_manager", "admin"):
        assert view.view_id not in ids(sv.list_views("someone_else", role)), role
        with pytest.raises(sv.SavedViewError, match="not_found"):
            sv.get_view(view.view_id, "someone_else", role)


def test_shared_view_is_seen_by_the_roles_it_is_shared_with(owner, dash_app):
    view = sv.save_view(owner, "Q4 by channel", "/?p=2025-Q4&f.channel.group=online", roles=["marketer", "analyst"])
    assert view.roles == ("marketer", "analyst")
    assert view.view_id in ids(sv.list_views("a_marketer", "marketer"))
    assert view.view_id in ids(sv.list_views("an_analyst", "analyst"))
    assert view.view_id not in ids(sv.list_views("an_exec", "executive"))
    assert view.view_id not in ids(sv.list_views("a_partner_mgr", "partner_manager"))
    assert view.view_id in ids(sv.list_views("an_admin", "admin"))  # admins see every shared view
    assert sv.get_view(view.view_id, "an_analyst", "analyst").address == "/?p=2025-Q4&f.channel.group=online"


def test_only_owner_or_admin_rename_and_delete(owner, dash_app):
    view = sv.save_view(owner, "Shared one", "/analyses?a=sales.top_products", roles=["marketer"])
    with pytest.raises(sv.SavedViewError, match="not_yours"):
        sv.rename_view(view.view_id, "Taken over", "a_marketer", "marketer")
    with pytest.raises(sv.SavedViewError, match="not_yours"):
        sv.delete_view(view.view_id, "a_marketer", "marketer")
    with pytest.raises(sv.SavedViewError, match="not_found"):  # cannot even see it
        sv.delete_view(view.view_id, "an_exec", "executive")
    renamed = sv.rename_view(view.view_id, "Top products", owner, "analyst")
    assert renamed.name == "Top products" and renamed.updated_at is not None
    assert sv.rename_view(view.view_id, "Top products (admin)", "an_admin", "admin").name == "Top products (admin)"
    sv.delete_view(view.view_id, "an_admin", "admin")
    assert view.view_id not in ids(sv.list_views(owner, "analyst"))
    with pytest.raises(sv.SavedViewError, match="not_found"):
        sv.get_view(view.view_id, owner, "analyst")


def test_save_and_delete_are_audited(owner, dash_app):
    view = sv.save_view(owner, "Audited", "/explore?m=orders", roles=["executive"])
    sv.delete_view(view.view_id, owner, "marketer")
    assert audit_rows(owner) == [
        (owner, "view.save", f"Audited#{view.view_id}"),
        (owner, "view.delete", f"Audited#{view.view_id}"),
    ]


def test_names_and_roles_are_checked(owner, dash_app):
    with pytest.raises(sv.SavedViewError, match="name_missing"):
        sv.save_view(owner, "   ", "/explore")
    with pytest.raises(sv.SavedViewError, match="name_too_long"):
        sv.save_view(owner, "x" * (sv.NAME_LIMIT + 1), "/explore")
    with pytest.raises(sv.SavedViewError, match="saved.error.role"):
        sv.save_view(owner, "Roles", "/explore", roles=["king"])
    sv.save_view(owner, "Twice", "/explore")
    with pytest.raises(sv.SavedViewError, match="duplicate"):
        sv.save_view(owner, "twice", "/explore?m=orders")
    sv.save_view("another_" + owner, "Twice", "/explore")  # another owner may use the name
    with pytest.raises(sv.SavedViewError, match="not_found"):
        sv.get_view("1; DROP TABLE saved_views", owner, "admin")


def test_a_saved_state_survives_as_text_and_reports_a_gone_member(owner, dash_app, tiny_published):
    """A view stores the state, not numbers: one whose filter member no longer exists opens with the
    page's own problem list."""
    from urllib.parse import parse_qs

    from olap.explore_state import load_state

    view = sv.save_view(owner, "Gone member", "/explore?m=revenue&f.geo.country=Atlantis")
    stored = sv.get_view(view.view_id, owner, "marketer")
    assert stored.query == "m=revenue&f.geo.country=Atlantis"
    state = load_state(parse_qs(stored.query))
    assert state.problems and "Atlantis" in repr(state.problems)
    assert "geo.country" not in state.spec.filters  # the rest of the view opens

"""Saved views: a Dashboard, Explore or Analyses address saved by name, private or shared with roles.

A view is its page's URL state (path and query string), never its numbers: opened after a new load
it shows the new data, and a state that no longer parses (a filter member gone) opens the page with
the page's own message. Views live in the operational store (``saved_views``, ``saved_view_roles``).

Who sees what: the owner sees their views; a view shared with roles is seen by every user of those
roles; an administrator also sees every shared view (to tidy them up), never another's private one.
Renaming and deleting are for the owner and administrators. Every function checks this itself, so
a made-up request from the browser gets no further than the menu would let it.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlencode, urlsplit

import sqlalchemy as sa

from auth import ROLES
from data import opstore
from errors import KeyedError

# the pages whose state can be saved: path -> the translation key of the page's name
PAGES = {"/": "nav.home", "/explore": "nav.explore", "/analyses": "nav.analyses"}
ADMIN = "admin"
NAME_LIMIT = 128
QUERY_LIMIT = 4000


class SavedViewError(KeyedError, ValueError):
    """A request about saved views that is refused; ``key`` and ``values`` make the message."""


@dataclass(frozen=True)
class SavedView:
    view_id: int
    name: str
    path: str
    query: str
    owner: str
    roles: tuple[str, ...]  # the roles it is shared with; () = private
    created_at: dt.datetime
    updated_at: dt.datetime | None
    warehouse_version: str | None

    @property
    def address(self) -> str:
        """Where it opens: the path and, when there is one, the query string."""
        return self.path + (f"?{self.query}" if self.query else "")

    def visible_to(self, username: str, role: str) -> bool:
        return self.owner == username or role in self.roles or (role == ADMIN and bool(self.roles))

    def manageable_by(self, username: str, role: str) -> bool:
        return self.owner == username or role == ADMIN


def normalise_address(address: str) -> tuple[str, str]:
    """``(path, query)`` of a page address such as ``/explore?m=revenue&r=geo.region``.

    Only the pages in ``PAGES`` are saved; anything else of a URL (a host, a fragment) is dropped and
    the query string is re-encoded from its pairs (so what is stored is always a plain query string).
    """
    parts = urlsplit(str(address or "").strip())
    path = parts.path.rstrip("/") or "/"
    if path not in PAGES:
        raise SavedViewError("saved.error.page", path=path[:80])
    pairs = parse_qsl(parts.query, keep_blank_values=True)
    query = urlencode(pairs)
    if len(query) > QUERY_LIMIT:
        raise SavedViewError("saved.error.too_long", limit=QUERY_LIMIT)
    return path, query


def _name(value) -> str:
    name = " ".join(str(value or "").split())  # one line, single spaces
    name = "".join(c for c in name if unicodedata.category(c)[0] != "C")
    if not name:
        raise SavedViewError("saved.error.name_missing")
    if len(name) > NAME_LIMIT:
        raise SavedViewError("saved.error.name_too_long", limit=NAME_LIMIT)
    return name


def _roles(values) -> tuple[str, ...]:
    chosen = [str(r) for r in (values or ())]
    unknown = sorted(set(chosen) - set(ROLES))
    if unknown:
        raise SavedViewError("saved.error.role", roles=", ".join(unknown))
    return tuple(r for r in ROLES if r in chosen)


def _rows(where) -> list[SavedView]:
    v, r = opstore.saved_views, opstore.saved_view_roles
    with opstore.engine().connect() as con:
        rows = con.execute(sa.select(v).where(where).order_by(sa.func.lower(v.c.name), v.c.view_id)).fetchall()
        ids = [row.view_id for row in rows]
        shared: dict[int, list[str]] = {}
        if ids:
            for view_id, role in con.execute(sa.select(r.c.view_id, r.c.role).where(r.c.view_id.in_(ids))):
                shared.setdefault(view_id, []).append(role)
    return [
        SavedView(
            view_id=row.view_id,
            name=row.name,
            path=row.path,
            query=row.query,
            owner=row.created_by,
            roles=tuple(x for x in ROLES if x in shared.get(row.view_id, ())),
            created_at=row.created_at,
            updated_at=row.updated_at,
            warehouse_version=row.warehouse_version,
        )
        for row in rows
    ]


def _check_name_free(con, owner: str, name: str, except_id: int | None = None) -> None:
    v = opstore.saved_views
    query = sa.select(v.c.view_id).where(v.c.created_by == owner, sa.func.lower(v.c.name) == name.lower())
    if except_id is not None:
        query = query.where(v.c.view_id != except_id)
    if con.execute(query).first() is not None:
        raise SavedViewError("saved.error.duplicate", name=name)


def save_view(owner: str, name, address: str, roles=(), warehouse_version: str | None = None) -> SavedView:
    """Save ``address`` as ``name`` for ``owner``, shared with ``roles`` (none: private); audited."""
    name, (path, query), shared = _name(name), normalise_address(address), _roles(roles)
    v, r = opstore.saved_views, opstore.saved_view_roles
    with opstore.engine().begin() as con:
        _check_name_free(con, owner, name)
        view_id = con.execute(
            v.insert().values(name=name, path=path, query=query, created_by=owner, warehouse_version=warehouse_version)
        ).inserted_primary_key[0]
        if shared:
            con.execute(r.insert(), [{"view_id": view_id, "role": role} for role in shared])
    opstore.audit(owner, "view.save", f"{name}#{view_id}", f"{path}?{query} shared={','.join(shared) or 'private'}")
    return _rows(v.c.view_id == view_id)[0]


def list_views(username: str, role: str) -> list[SavedView]:
    """Every view ``username`` (of ``role``) may open, by name."""
    v, r = opstore.saved_views, opstore.saved_view_roles
    shared = sa.select(r.c.view_id)
    if role != ADMIN:
        shared = shared.where(r.c.role == role)
    return _rows(sa.or_(v.c.created_by == username, v.c.view_id.in_(shared)))


def get_view(view_id, username: str, role: str) -> SavedView:
    """One view the user may open; ``saved.error.not_found`` for any other id (another's private
    view reads exactly like one that does not exist)."""
    try:
        view_id = int(view_id)
    except (TypeError, ValueError):
        raise SavedViewError("saved.error.not_found", id=str(view_id)[:20]) from None
    found = _rows(opstore.saved_views.c.view_id == view_id)
    if not found or not found[0].visible_to(username, role):
        raise SavedViewError("saved.error.not_found", id=view_id)
    return found[0]


def _manageable(view_id, username: str, role: str) -> SavedView:
    view = get_view(view_id, username, role)
    if not view.manageable_by(username, role):
        raise SavedViewError("saved.error.not_yours", name=view.name, owner=view.owner)
    return view


def rename_view(view_id, name, username: str, role: str) -> SavedView:
    """Rename a view (its owner or an administrator); audited."""
    view, name = _manageable(view_id, username, role), _name(name)
    v = opstore.saved_views
    with opstore.engine().begin() as con:
        _check_name_free(con, view.owner, name, except_id=view.view_id)
        con.execute(v.update().where(v.c.view_id == view.view_id).values(name=name, updated_at=dt.datetime.now()))
    opstore.audit(username, "view.rename", f"{name}#{view.view_id}", f"was {view.name}")
    return _rows(v.c.view_id == view.view_id)[0]


def delete_view(view_id, username: str, role: str) -> SavedView:
    """Delete a view (its owner or an administrator); audited. Returns what was deleted."""
    view = _manageable(view_id, username, role)
    v, r = opstore.saved_views, opstore.saved_view_roles
    with opstore.engine().begin() as con:
        con.execute(r.delete().where(r.c.view_id == view.view_id))
        con.execute(v.delete().where(v.c.view_id == view.view_id))
    opstore.audit(username, "view.delete", f"{view.name}#{view.view_id}", f"{view.address} owner={view.owner}")
    return view

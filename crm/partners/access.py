"""Which partners a partner manager may see: row-level security's assignments.

An admin assigns partners to each partner manager (``partner_assignments`` in the operational
store; the admin users page and ``python -m auth.cli partners NAME --set ID,ID``). ``scope_for``
turns a user into the request's scope (``olap.scope``): every role but the partner manager sees
all partners (None); a partner manager sees exactly their assigned partners, and none without an
assignment. The web layer sets the scope per request (``auth.web``); the cube compiler adds the
filter (``olap.query``), so no page has to remember it.
"""

from __future__ import annotations

from collections.abc import Iterable

import duckdb
import sqlalchemy as sa

from crm.partners import PartnerError
from data import opstore

MANAGER_ROLE = "partner_manager"


def assigned_partners(username: str) -> frozenset[int]:
    """The partner ids assigned to ``username`` (empty when none)."""
    t = opstore.partner_assignments
    with opstore.engine().connect() as con:
        rows = con.execute(sa.select(t.c.partner_id).where(t.c.username == username)).scalars()
        return frozenset(int(p) for p in rows)


def managers_by_partner() -> dict[int, list[str]]:
    """Partner id -> the names of the managers it is assigned to, sorted."""
    t = opstore.partner_assignments
    out: dict[int, list[str]] = {}
    with opstore.engine().connect() as con:
        for pid, username in con.execute(sa.select(t.c.partner_id, t.c.username).order_by(t.c.username)):
            out.setdefault(int(pid), []).append(username)
    return out


def scope_for(username: str | None, role: str | None) -> frozenset[int] | None:
    """The request scope of a user: None (every partner) for every role but the partner manager."""
    if role != MANAGER_ROLE:
        return None
    return assigned_partners(username) if username else frozenset()


def scope_of_user(username: str | None) -> frozenset[int] | None:
    """``scope_for`` from the user's stored role; an unknown or disabled user sees no partner.

    For work outside a request (background jobs), which learn who started them from a signed token.
    """
    t = opstore.users
    with opstore.engine().connect() as con:
        row = con.execute(sa.select(t.c.role, t.c.active).where(t.c.username == (username or ""))).first()
    if row is None or not row.active:
        return frozenset()
    return scope_for(username, row.role)


def parse_ids(text: str | Iterable) -> list[int]:
    """Partner ids from ``"3, 5,7"`` (or an iterable of ids); refuses anything that is not an id."""
    items = [x.strip() for x in text.split(",")] if isinstance(text, str) else [str(x).strip() for x in text]
    items = [x for x in items if x]
    bad = [x for x in items if not x.lstrip("-").isdigit()]
    if bad:
        raise PartnerError("partners.error.not_ids", ids=", ".join(bad))
    return sorted({int(x) for x in items})


def known_partner_ids(cursor) -> set[int]:
    """Every partner id of the warehouse ``cursor`` reads (none when it has no partner table)."""
    try:
        return {int(p) for (p,) in cursor.execute("SELECT partner_id FROM dim_partner").fetchall()}
    except duckdb.Error:  # a warehouse without partners: nothing can be assigned
        return set()


def set_assignment(username: str, partner_ids: Iterable[int], actor: str, cursor=None) -> None:
    """Replace ``username``'s assigned partners with ``partner_ids`` (audited).

    The user must exist and be a partner manager; every id must be a partner of the current
    warehouse (``cursor``, default the process's), else ``PartnerError`` naming the unknown ids.
    """
    ids = parse_ids(partner_ids)
    users = opstore.users
    with opstore.engine().connect() as con:
        role = con.execute(sa.select(users.c.role).where(users.c.username == username)).scalar()
    if role is None:
        raise PartnerError("partners.error.no_user", user=username)
    if role != MANAGER_ROLE:
        raise PartnerError("partners.error.not_manager", user=username, role=role)
    if cursor is None:
        from data.warehouse import get_warehouse

        cursor = get_warehouse().cursor()
    unknown = sorted(set(ids) - known_partner_ids(cursor))
    if unknown:
        raise PartnerError("partners.error.unknown_ids", ids=", ".join(str(p) for p in unknown))
    t = opstore.partner_assignments
    with opstore.engine().begin() as con:
        con.execute(t.delete().where(t.c.username == username))
        if ids:
            con.execute(t.insert(), [{"username": username, "partner_id": p, "assigned_by": actor} for p in ids])
    opstore.audit(actor, "partners.assign", username, ",".join(str(p) for p in ids) or "(none)")


def assign_every_partner(username: str, actor: str, cursor=None) -> list[int]:
    """Assign every partner of the warehouse to ``username`` (the demo's ``partners`` account)."""
    if cursor is None:
        from data.warehouse import get_warehouse

        cursor = get_warehouse().cursor()
    ids = sorted(known_partner_ids(cursor))
    set_assignment(username, ids, actor, cursor=cursor)
    return ids


def partner_choices(cursor) -> list[dict]:
    """Every partner of the warehouse as ``{partner_id, name, country}``, by name (for pickers)."""
    try:
        rows = cursor.execute("SELECT partner_id, name, country FROM dim_partner ORDER BY name, partner_id").fetchall()
    except duckdb.Error:  # a warehouse without partners
        return []
    return [{"partner_id": int(p), "name": name, "country": country} for p, name, country in rows]

"""The notices and suggestions board: a partner manager posts to one partner or to all partners;
each reader marks what they have read; anyone who may write marks a notice done (who and when).

Titles and bodies are plain text, kept as written and never rendered as markup (the page shows them
as text). Scope (``olap.scope``): a reader sees the all-partner notices and those of the partners in
scope; posting to all partners is for a reader without a restriction, since it reaches partners
outside a manager's scope. Every change is audited.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import sqlalchemy as sa

from crm.partners import PartnerError
from crm.partners.support_inputs import checked_partner, identifier, partner_in_scope, text
from data import opstore
from olap.scope import partner_scope

KINDS = ("notice", "suggestion")
TITLE_MAX = 200
BODY_MAX = 5000


@dataclass(frozen=True)
class Notice:
    """One notice or suggestion; ``partner_id`` None is to all partners, ``read_at`` is when the
    asking user read it (None: unread)."""

    notice_id: int
    partner_id: int | None
    kind: str
    title: str
    body: str
    created_by: str
    created_at: dt.datetime
    done_by: str | None
    done_at: dt.datetime | None
    read_at: dt.datetime | None

    @property
    def done(self) -> bool:
        return self.done_at is not None


def post_notice(user: str, title, body, *, partner_id=None, kind: str = "notice", warehouse=None) -> int:
    """Post a notice or suggestion to ``partner_id`` (None: to all partners); returns its id."""
    if kind not in KINDS:
        raise PartnerError("partners.error.board_bad_kind", value=str(kind), allowed=", ".join(KINDS))
    title = text(title, "title", limit=TITLE_MAX)
    body = text(body, "body", limit=BODY_MAX)
    if partner_id is None or partner_id == "":
        if partner_scope() is not None:
            raise PartnerError("partners.error.board_all_needs_all")
        partner_id = None
    else:
        partner_id = checked_partner(partner_id, warehouse)
    with opstore.engine().begin() as con:
        notice_id = con.execute(
            opstore.partner_notices.insert().values(
                partner_id=partner_id, kind=kind, title=title, body=body, created_by=user
            )
        ).inserted_primary_key[0]
    opstore.audit(user, "partner.notice.post", f"notice#{notice_id}", f"partner={partner_id or 'all'} kind={kind}")
    return int(notice_id)


def _visible():
    """The notices the current scope may see: to all partners, or to a partner in scope."""
    n = opstore.partner_notices
    scope = partner_scope()
    if scope is None:
        return sa.true()
    return sa.or_(n.c.partner_id.is_(None), n.c.partner_id.in_(sorted(scope)))


def _with_reads(user: str):
    """The visible notices joined to ``user``'s reads, newest first."""
    n, r = opstore.partner_notices, opstore.partner_notice_reads
    return (
        sa.select(n, r.c.read_at)
        .select_from(n.outerjoin(r, sa.and_(r.c.notice_id == n.c.notice_id, r.c.username == user)))
        .where(_visible())
        .order_by(n.c.created_at.desc(), n.c.notice_id.desc())
    )


def list_notices(user: str, partner_id=None, *, include_done: bool = True) -> list[Notice]:
    """The notices ``user`` may see, newest first: a partner's own and the all-partner ones, or
    (``partner_id`` None) every visible one; ``read_at`` says whether ``user`` read each."""
    n = opstore.partner_notices
    query = _with_reads(user)
    if partner_id is not None and partner_id != "":
        pid = partner_in_scope(partner_id)
        query = query.where(sa.or_(n.c.partner_id.is_(None), n.c.partner_id == pid))
    if not include_done:
        query = query.where(n.c.done_at.is_(None))
    with opstore.engine().connect() as con:
        return [Notice(**row._mapping) for row in con.execute(query)]


def notice(notice_id, user: str) -> Notice:
    """One visible notice, with whether ``user`` read it (refused when unknown or out of scope)."""
    notice_id = identifier(notice_id, "notice")
    with opstore.engine().connect() as con:
        row = con.execute(_with_reads(user).where(opstore.partner_notices.c.notice_id == notice_id)).first()
    if row is None:
        raise PartnerError("partners.error.board_unknown", notice=notice_id)
    return Notice(**row._mapping)


def _notice(con, notice_id: int):
    n = opstore.partner_notices
    row = con.execute(sa.select(n).where(n.c.notice_id == notice_id, _visible())).first()
    if row is None:  # unknown, or outside the scope: said the same way
        raise PartnerError("partners.error.board_unknown", notice=notice_id)
    return row


def mark_read(notice_id, user: str) -> None:
    """Record that ``user`` read the notice (reading it again keeps the first time)."""
    notice_id = identifier(notice_id, "notice")
    r = opstore.partner_notice_reads
    with opstore.engine().begin() as con:
        _notice(con, notice_id)
        seen = con.execute(sa.select(r.c.read_at).where(r.c.notice_id == notice_id, r.c.username == user)).first()
        if seen is None:
            con.execute(r.insert().values(notice_id=notice_id, username=user))
    if seen is None:
        opstore.audit(user, "partner.notice.read", f"notice#{notice_id}")


def mark_done(notice_id, user: str) -> None:
    """Mark the notice done by ``user`` now; a notice already done is refused (it keeps who and when)."""
    notice_id = identifier(notice_id, "notice")
    n = opstore.partner_notices
    with opstore.engine().begin() as con:
        _notice(con, notice_id)
        changed = con.execute(
            n.update()
            .where(n.c.notice_id == notice_id, n.c.done_at.is_(None))
            .values(done_by=user, done_at=sa.func.current_timestamp())
        ).rowcount
    if not changed:
        raise PartnerError("partners.error.board_already_done", notice=notice_id)
    opstore.audit(user, "partner.notice.done", f"notice#{notice_id}")


def unread_counts(user: str) -> dict[int | None, int]:
    """How many visible notices ``user`` has not read, per partner (None: the all-partner ones)."""
    n, r = opstore.partner_notices, opstore.partner_notice_reads
    query = (
        sa.select(n.c.partner_id, sa.func.count())
        .select_from(n.outerjoin(r, sa.and_(r.c.notice_id == n.c.notice_id, r.c.username == user)))
        .where(_visible(), r.c.read_at.is_(None))
        .group_by(n.c.partner_id)
    )
    with opstore.engine().connect() as con:
        return {pid: int(count) for pid, count in con.execute(query)}

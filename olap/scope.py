"""Row-level security: the partners the current request may see.

``None`` means no restriction (every role but the partner manager). A frozenset of partner ids
restricts every read of partner business to those partners: the cube compiler adds the filter
(``olap.query``), and the partner, customer and export readers filter by it. The web layer sets it
for each request from the signed-in user (``auth.web``); commands and tests use ``scoped``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

_SCOPE: ContextVar[frozenset[int] | None] = ContextVar("partner_scope", default=None)


def partner_scope() -> frozenset[int] | None:
    """The partner ids the current request may see, or None for all."""
    return _SCOPE.get()


def set_partner_scope(partner_ids: Iterable[int] | None):
    """Restrict the current context to ``partner_ids`` (None: no restriction); returns a reset token."""
    return _SCOPE.set(None if partner_ids is None else frozenset(int(p) for p in partner_ids))


def reset_partner_scope(token) -> None:
    _SCOPE.reset(token)


@contextmanager
def scoped(partner_ids: Iterable[int] | None) -> Iterator[None]:
    """Run a block restricted to ``partner_ids`` (None: unrestricted)."""
    token = set_partner_scope(partner_ids)
    try:
        yield
    finally:
        reset_partner_scope(token)


def allows(partner_id) -> bool:
    """Whether the current scope lets a reader see ``partner_id``."""
    scope = partner_scope()
    if scope is None:
        return True
    try:
        return int(partner_id) in scope
    except (TypeError, ValueError):
        return False


def scope_key() -> str:
    """A cache-key part naming the scope, so answers for one manager never serve another."""
    scope = partner_scope()
    return "all" if scope is None else "p:" + ",".join(str(p) for p in sorted(scope))


def sql_clause(column: str, scope: frozenset[int] | None = None) -> tuple[str, list[int]]:
    """``column IN (?, …)`` with ``scope``'s ids bound (``TRUE`` for None, ``FALSE`` when empty).

    ``column`` is SQL written by code, never by a user; the ids are always bound parameters.
    """
    if scope is None:
        return "TRUE", []
    if not scope:
        return "FALSE", []
    ids = sorted(scope)
    return f"{column} IN ({', '.join('?' for _ in ids)})", ids

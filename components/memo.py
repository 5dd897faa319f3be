"""Views built once per warehouse version and request state, kept in this process.

A view of cached numbers still costs its figures and cards every request (tens of milliseconds of
Plotly objects for the dashboard: a third of a 2-core worker's time under load). ``memo_view``
keeps the finished outputs under the version the numbers came from, the partner scope, and the
caller's key (state and language), so the same view is never built twice. Views are plain values
that Dash only reads when it serialises them; nothing mutates them after they are built.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import TypeVar

from data.warehouse import Warehouse, get_warehouse
from olap.scope import scope_key

T = TypeVar("T")
SIZE = 128  # views per process (a dashboard view is ~100 kB serialised)

_views: OrderedDict[tuple, object] = OrderedDict()
_lock = threading.Lock()


def memo_view(key: tuple, build: Callable[[], T], warehouse: Warehouse | None = None) -> T:
    """``build()`` once per (warehouse version, partner scope, ``key``); later calls get the same value.

    The version is read before building, so a view is never filed under a version published while
    it was being built (the next request builds the new version's view).
    """
    _, version = (warehouse or get_warehouse()).cursor_with_version()
    name = (version, scope_key(), *key)
    with _lock:
        if name in _views:
            _views.move_to_end(name)
            return _views[name]  # type: ignore[return-value]
    value = build()
    with _lock:
        _views[name] = value
        while len(_views) > SIZE:
            _views.popitem(last=False)
    return value


def forget() -> None:
    """Drop every kept view (tests)."""
    with _lock:
        _views.clear()

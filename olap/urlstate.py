"""One protocol for every page state kept in the URL, and the helpers each state reads with.

A page's state is a frozen dataclass with

- ``from_query(query, catalog)`` (a classmethod): pure, never queries; what the URL asks for,
  checked against the warehouse's ``olap.catalog.Catalog``; what cannot be used is dropped and
  reported in ``problems``;
- ``to_query()``: the canonical URL query (``from_query(s.to_query(), catalog) == s``);
- ``to_search()``: the same as a ``?…`` string.

One key vocabulary across pages: ``p`` a period token, ``f.<level id>`` filter members
(repeatable), ``from``/``to`` ISO dates. Older keys a page used keep opening the same view
through ``with_aliases`` (bookmarks must not break); the canonical query only writes new keys.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Protocol, Self
from urllib.parse import urlencode

from errors import KeyedError


class Problem(KeyedError):
    """Part of a URL that could not be used (an unknown value, a bad date…), said in words where shown."""


class UrlState(Protocol):
    problems: tuple

    @classmethod
    def from_query(cls, query: Mapping, catalog) -> Self: ...

    def to_query(self) -> dict: ...

    def to_search(self) -> str: ...


def values(query: Mapping, key: str) -> list[str]:
    """Every value of ``key`` (a repeated key gives a list), as text; none for a missing or empty key, and
    an empty value among repeated ones left out (what a browser sends for an empty field is no value)."""
    value = query.get(key)
    if value is None or value == "":
        return []
    return [str(v) for v in value if str(v) != ""] if isinstance(value, (list, tuple)) else [str(value)]


def first(query: Mapping, key: str) -> str | None:
    """The first value of ``key``, stripped, or None."""
    found = [v.strip() for v in values(query, key) if v.strip()]
    return found[0] if found else None


def date(text: str | None) -> dt.date | None:
    """An ISO date (a timestamp's date part is accepted); None for no text; ``ValueError`` otherwise."""
    if not text:
        return None
    return dt.date.fromisoformat(text.strip()[:10])


def with_aliases(query: Mapping, aliases: Mapping[str, str]) -> dict:
    """``query`` with each old key renamed to its new one (``{"period": "p"}``); a new key given in the
    same URL wins over its old name."""
    out = {k: v for k, v in query.items() if k not in aliases}
    for old, new in aliases.items():
        if old in query and new not in query:
            out[new] = query[old]
    return out


def search(query: Mapping) -> str:
    """``?a=1&f.x=2&f.x=3`` for a canonical query (lists become repeated keys)."""
    return "?" + urlencode(query, doseq=True)


def parse(text: str | None) -> dict:
    """The query of a ``?…`` address as the page router gives it to a layout (a repeated key: a list)."""
    from urllib.parse import parse_qs

    query = parse_qs((text or "").lstrip("?"))
    return {k: v[0] if len(v) == 1 else v for k, v in query.items()}


def shown(pathname: str | None, search: str | None, path: str, kept: Mapping | None) -> Mapping:
    """The state a page's filter control changes: the address the browser shows when it is this page's
    (a control changed again before the page was built for the previous change would otherwise lose that
    change), else the state the page was built with (``kept``)."""
    if pathname == path and search is not None:
        return parse(search)
    return kept or {}

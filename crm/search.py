"""The top bar's search: customers, products, partners, saved views, segments and pages at once.

``search(cursor, SearchRequest)`` returns at most ``limit`` hits per kind, each with the address it
opens. Which kinds a reader may search is the caller's decision (the role's pages); within a kind
this module applies the same rules as the pages it opens: customers and partners within the
request's partner scope (row-level security, ``olap.scope``), customers as corrected and erased in
Customer 360 (an erased customer is found by id only), guests never; saved views the reader may
open; segments not archived. The text is always a bound value and matched literally
(``contains``, never ``LIKE``: ``%`` and ``_`` are characters like any other).
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

import duckdb

from crm import customers as c360
from crm.saved_views import list_views
from crm.segments import list_segments
from data.warehouse import lineage_of
from olap.scope import partner_scope, sql_clause

KINDS = ("customers", "products", "partners", "views", "segments", "pages")
LIMIT = 6  # hits per kind
TEXT_LIMIT = 100
MIN_LENGTH = 2  # characters, unless the text is an id


@dataclass(frozen=True)
class Hit:
    kind: str
    key: str  # the id within its kind
    label: str
    detail: str
    href: str


@dataclass(frozen=True)
class SearchRequest:
    text: str
    username: str
    role: str
    kinds: tuple[str, ...]  # the kinds this reader may open
    pages: tuple[tuple[str, str], ...] = ()  # (title in the reader's language, path) of the reader's pages
    limit: int = LIMIT


@dataclass(frozen=True)
class SearchResults:
    text: str
    groups: tuple[tuple[str, tuple[Hit, ...]], ...]  # (kind, hits) in KINDS order, empty kinds left out
    too_short: bool = False

    @property
    def count(self) -> int:
        return sum(len(hits) for _, hits in self.groups)


def clean(text) -> str:
    """The search text: one line, single spaces, at most ``TEXT_LIMIT`` characters."""
    return " ".join(str(text or "").split())[:TEXT_LIMIT]


def search(cursor, request: SearchRequest) -> SearchResults:
    """Every kind the reader may open, searched for ``request.text``."""
    text = clean(request.text)
    if len(text) < MIN_LENGTH and not text.isdigit():
        return SearchResults(text, (), too_short=bool(text))
    finders = {
        "customers": lambda: find_customers(cursor, text, request.limit),
        "products": lambda: find_products(cursor, text, request.limit),
        "partners": lambda: find_partners(cursor, text, request.limit),
        "views": lambda: find_views(text, request.username, request.role, request.limit),
        "segments": lambda: find_segments(text, request.limit),
        "pages": lambda: find_pages(text, request.pages, request.limit),
    }
    groups = []
    for kind in KINDS:
        if kind in request.kinds:
            hits = tuple(finders[kind]())
            if hits:
                groups.append((kind, hits))
    return SearchResults(text, tuple(groups))


def _exact_id(text: str) -> int:
    return int(text) if text.isdigit() and len(text) <= 18 else -1


def find_customers(cursor, text: str, limit: int = LIMIT) -> list[Hit]:
    """Customers by id, name, e-mail or company, corrections and erasures applied (as Customer 360)."""
    needle, exact = text.lower(), _exact_id(text)
    overlay = c360.pending_overlay(None, lineage_of(cursor))
    changed = [cid for cid, values in overlay.items() if any(k in values for k in c360.IDENTIFYING)]
    scoped, scope_ids = sql_clause("partner_id", partner_scope())
    rows = cursor.execute(
        f"""
        SELECT customer_id, name, company, email, country FROM dim_customer
        WHERE is_guest IS NOT TRUE
          AND (customer_id = ? OR contains(lower(name), ?) OR contains(lower(coalesce(email, '')), ?)
               OR contains(lower(coalesce(company, '')), ?))
          AND {scoped}
        ORDER BY customer_id = ? DESC, name, customer_id
        LIMIT ?
        """,
        [exact, needle, needle, needle, *scope_ids, exact, limit + len(changed)],
    ).fetchall()
    found = {int(r[0]): dict(zip(("customer_id", "name", "company", "email", "country"), r, strict=True)) for r in rows}
    # customers whose corrected data matches though their warehouse row does not (yet)
    missing = [cid for cid in changed if cid not in found and not overlay[cid].get("erased")]
    missing = [
        cid for cid in missing if any(needle in str(overlay[cid].get(k) or "").lower() for k in c360.IDENTIFYING)
    ]
    if missing:
        scoped_ids = f"customer_id IN ({', '.join('?' for _ in missing)})"
        for r in cursor.execute(
            f"SELECT customer_id, name, company, email, country FROM dim_customer "
            f"WHERE {scoped_ids} AND is_guest IS NOT TRUE AND {scoped}",
            [*missing, *scope_ids],
        ).fetchall():
            found[int(r[0])] = dict(zip(("customer_id", "name", "company", "email", "country"), r, strict=True))
    hits = []
    for cid, row in found.items():
        values = overlay.get(cid, {})
        row = {**row, **{k: v for k, v in values.items() if k in row}}
        if values.get("erased"):
            if cid != exact:
                continue
        elif cid != exact and not any(needle in str(row.get(k) or "").lower() for k in c360.IDENTIFYING):
            continue  # matched only by a value since corrected
        detail = " · ".join(str(x) for x in (row.get("company"), row.get("email"), row.get("country")) if x)
        hits.append(Hit("customers", str(cid), f"{row['name']} ({cid})", detail, f"/customers?id={cid}"))
    hits.sort(key=lambda h: (h.key != str(exact), h.label.lower()))
    return hits[:limit]


def product_href(product_id: int) -> str:
    """Explore on one product: its revenue and units by month."""
    query = [("m", "revenue"), ("m", "units"), ("r", "time.month"), ("f.product.product", str(product_id))]
    return "/explore?" + urlencode(query)


def find_products(cursor, text: str, limit: int = LIMIT) -> list[Hit]:
    """Products by id, name or SKU."""
    needle, exact = text.lower(), _exact_id(text)
    rows = cursor.execute(
        """
        SELECT product_id, name, sku, category, subcategory FROM dim_product
        WHERE product_id = ? OR contains(lower(name), ?) OR contains(lower(coalesce(sku, '')), ?)
        ORDER BY product_id = ? DESC, name, product_id
        LIMIT ?
        """,
        [exact, needle, needle, exact, limit],
    ).fetchall()
    return [
        Hit("products", str(pid), f"{name} ({pid})", " · ".join(x for x in (sku, category, subcategory) if x),
            product_href(int(pid)))
        for pid, name, sku, category, subcategory in rows
    ]  # fmt: skip


def find_partners(cursor, text: str, limit: int = LIMIT) -> list[Hit]:
    """Partners by id or name, within the reader's partner scope."""
    needle, exact = text.lower(), _exact_id(text)
    scoped, scope_ids = sql_clause("partner_id", partner_scope())
    try:
        rows = cursor.execute(
            f"""
            SELECT partner_id, name, partner_type, country FROM dim_partner
            WHERE (partner_id = ? OR contains(lower(name), ?)) AND {scoped}
            ORDER BY partner_id = ? DESC, name, partner_id
            LIMIT ?
            """,
            [exact, needle, *scope_ids, exact, limit],
        ).fetchall()
    except duckdb.CatalogException:  # a warehouse without partners
        return []
    return [
        Hit("partners", str(pid), f"{name} ({pid})", " · ".join(str(x) for x in (kind, country) if x),
            f"/partners?partner={pid}")
        for pid, name, kind, country in rows
    ]  # fmt: skip


def find_views(text: str, username: str, role: str, limit: int = LIMIT) -> list[Hit]:
    """The saved views the reader may open whose name contains the text."""
    needle = text.lower()
    views = [v for v in list_views(username, role) if needle in v.name.lower()]
    return [Hit("views", str(v.view_id), v.name, v.owner, v.address) for v in views[:limit]]


def find_segments(text: str, limit: int = LIMIT) -> list[Hit]:
    """Saved segments (not archived) whose name contains the text, newest first."""
    needle = text.lower()
    found = [s for s in list_segments() if needle in str(s["name"]).lower()]
    return [
        Hit("segments", str(s["segment_id"]), s["name"], f"{s['members']:,}", f"/segments?segment={s['segment_id']}")
        for s in found[:limit]
    ]


def find_pages(text: str, pages, limit: int = LIMIT) -> list[Hit]:
    """The reader's pages whose title (in the reader's language) contains the text."""
    needle = text.lower()
    return [Hit("pages", path, title, path, path) for title, path in pages if needle in title.lower()][:limit]

"""What data this warehouse has: one frozen ``Coverage`` per warehouse version.

Row counts and date ranges per table, which facts are present, the share of unknown
country / region / channel / product category, guest customers, and from that what
each page can and cannot show (``page_status``). Pages and callbacks ask here instead
of probing tables themselves; it is computed once per version and cached.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass, field

import duckdb

# table -> the column that dates its rows (None: a dimension without a meaningful date)
TABLES: dict[str, str | None] = {
    "fact_order_line": "order_ts",
    "dim_customer": "signup_date",
    "dim_product": None,
    "dim_channel": None,
    "dim_partner": "onboarded_date",
    "dim_campaign": "start_date",
    "fact_campaign_contact": "sent_ts",
    "fact_web_session": "start_ts",
    "fact_service_ticket": "opened_ts",
    "fact_opportunity": "created_date",
    "fact_opportunity_stage": "entered_ts",
}

# A value the importer writes when a file did not say (or a blank): never a fact.
_UNKNOWN = "({col} IS NULL OR lower(trim(CAST({col} AS VARCHAR))) IN ('', 'unknown'))"


@dataclass(frozen=True)
class TableCoverage:
    table: str
    present: bool  # the table exists in this version
    rows: int
    first: dt.date | None = None
    last: dt.date | None = None


@dataclass(frozen=True)
class Unknown:
    """How much of one attribute is unknown: as a share of customers and of revenue."""

    field: str  # country | region | channel | category | product
    customers: float | None  # share of customers (None: not a customer attribute)
    revenue: float | None  # share of net revenue (None: no revenue)


@dataclass(frozen=True)
class Coverage:
    """What one warehouse version holds (computed once per version by ``coverage``)."""

    tables: tuple[TableCoverage, ...]
    unknown: tuple[Unknown, ...]
    revenue: float
    costed_revenue_share: float | None  # share of revenue on lines that carry a cost
    products: int  # products other than the importer's "unknown product"
    guests: int | None = None  # dim_customer.is_guest rows; None when the column does not exist
    guest_revenue_share: float | None = None
    channel_groups: tuple[str, ...] = field(default_factory=tuple)

    def table(self, name: str) -> TableCoverage:
        return next((t for t in self.tables if t.table == name), TableCoverage(name, False, 0))

    def rows(self, name: str) -> int:
        return self.table(name).rows

    def unknown_share(self, name: str, of: str = "revenue") -> float | None:
        found = next((u for u in self.unknown if u.field == name), None)
        return getattr(found, of) if found else None

    def has(self, need: str) -> bool:
        """Whether the data supports ``need`` (a key of ``NEEDS``)."""
        return NEEDS[need].check(self)


def _columns(con, table: str) -> set[str]:
    rows = con.execute(
        "SELECT column_name FROM duckdb_columns() WHERE table_name = ? AND schema_name = 'main'", [table]
    ).fetchall()
    return {r[0] for r in rows}


def _as_date(value) -> dt.date | None:
    if value is None:
        return None
    return value.date() if isinstance(value, dt.datetime) else value


def _share(part, whole) -> float | None:
    return float(part or 0) / float(whole) if whole else None


def _table_coverage(con, table: str, date_col: str | None, columns: set[str]) -> TableCoverage:
    if not columns:
        return TableCoverage(table, False, 0)
    if date_col and date_col in columns:
        rows, first, last = con.execute(f"SELECT count(*), min({date_col}), max({date_col}) FROM {table}").fetchone()
        return TableCoverage(table, True, int(rows), _as_date(first), _as_date(last))
    return TableCoverage(table, True, int(con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]))


def compute_coverage(con: duckdb.DuckDBPyConnection) -> Coverage:
    """Count and measure what ``con``'s warehouse holds (a handful of scans; no caching here)."""
    cols = {name: _columns(con, name) for name in TABLES}
    tables = tuple(_table_coverage(con, name, date_col, cols[name]) for name, date_col in TABLES.items())
    if not cols["fact_order_line"]:
        return Coverage(tables, (), 0.0, None, 0)
    customer = cols["dim_customer"]
    unknown_customer = {f: _UNKNOWN.format(col=f"c.{f}") for f in ("country", "region") if f in customer}
    has_channel, has_product = bool(cols["dim_channel"]), bool(cols["dim_product"])
    channel_unknown = "(ch.channel_group IS NULL OR ch.channel_group NOT IN ('online', 'offline'))"
    parts = {
        **unknown_customer,
        "channel": channel_unknown if has_channel else "TRUE",
        "category": _UNKNOWN.format(col="p.category") if "category" in cols["dim_product"] else "TRUE",
        "product": "(p.product_id IS NULL OR p.name = 'Unknown product')" if has_product else "TRUE",
    }
    joins = []
    if customer:
        joins.append("LEFT JOIN dim_customer c USING (customer_id)")
    if has_channel:
        joins.append("LEFT JOIN dim_channel ch ON ch.channel_id = f.channel_id")
    if has_product:
        joins.append("LEFT JOIN dim_product p ON p.product_id = f.product_id")
    sums = ", ".join(f"sum(f.revenue) FILTER (WHERE {sql}) AS {name}" for name, sql in parts.items())
    row = con.execute(
        f"""SELECT sum(f.revenue) AS revenue, sum(f.revenue) FILTER (WHERE f.cost <> 0) AS costed, {sums}
            FROM fact_order_line f {" ".join(joins)}"""
    ).fetchone()
    revenue, costed, by_part = float(row[0] or 0), row[1], dict(zip(parts, row[2:], strict=True))
    # guest checkouts are no customers: the share of customers leaves them out (their revenue counts)
    not_guest = "c.is_guest IS NOT TRUE" if "is_guest" in customer else "TRUE"
    customers = con.execute(f"SELECT count(*) FROM dim_customer c WHERE {not_guest}").fetchone()[0] if customer else 0
    unknown = []
    for name in parts:
        share_of_customers = None
        if name in unknown_customer:
            sql = f"SELECT count(*) FROM dim_customer c WHERE {not_guest} AND ({unknown_customer[name]})"
            n = con.execute(sql).fetchone()[0]
            share_of_customers = _share(n, customers)
        unknown.append(Unknown(name, share_of_customers, _share(by_part[name], revenue)))
    products = 0
    if has_product:
        products = con.execute("SELECT count(*) FROM dim_product WHERE name <> 'Unknown product'").fetchone()[0]
    groups = ()
    if has_channel:
        groups = tuple(
            r[0] for r in con.execute("SELECT DISTINCT channel_group FROM dim_channel ORDER BY 1").fetchall()
        )
    guests = guest_share = None
    if "is_guest" in customer:
        guests, guest_revenue = con.execute(
            """SELECT (SELECT count(*) FROM dim_customer WHERE is_guest),
                      (SELECT sum(f.revenue) FROM fact_order_line f JOIN dim_customer c USING (customer_id)
                       WHERE c.is_guest)"""
        ).fetchone()
        guest_share = _share(guest_revenue, revenue)
    return Coverage(
        tables, tuple(unknown), revenue, _share(costed, revenue), int(products), guests, guest_share, groups
    )


# this process's copy of the current version's coverage (a dict's get and assignment are atomic,
# so threads need no lock; two threads measuring the same new version at once is harmless)
_cache: dict[str, Coverage] = {}


def _shared_cache():
    """A cache every process shares (web workers, jobs): a version is measured once, not once per process."""
    import diskcache

    import settings

    return diskcache.Cache(str(settings.cache_dir() / "coverage"), size_limit=64 * 2**20)


@functools.cache
def _code_key() -> str:
    """What the stored coverage was computed by: an upgrade that changes it measures again."""
    import hashlib
    import inspect

    text = inspect.getsource(compute_coverage) + repr(sorted(Coverage.__dataclass_fields__))
    return hashlib.sha256(text.encode()).hexdigest()[:12]


def coverage(warehouse=None) -> Coverage:
    """The current version's coverage (computed once per version; about 0.6 s per million order lines)."""
    from data.warehouse import get_warehouse

    cursor, key = (warehouse or get_warehouse()).cursor_with_version()
    key = f"{key}|{_code_key()}"
    found = _cache.get(key)
    if found is None:
        with _shared_cache() as shared:
            found = shared.get(key)
            if found is None:
                found = compute_coverage(cursor)
                shared.set(key, found, expire=30 * 86400)
        _cache.clear()  # one version at a time: the previous one is not asked again
        _cache[key] = found
    return found


# ------------------------------------------------------------------ what pages need


@dataclass(frozen=True)
class Need:
    """Something a page needs from the data, how to tell, and which import supplies it."""

    key: str
    check: object  # Callable[[Coverage], bool]
    entities: tuple[str, ...]  # importer entities that supply it (python -m data.importer load --entity …)


def _known(share: float | None) -> bool:
    return share is not None and share < 1.0


NEEDS: dict[str, Need] = {
    n.key: n
    for n in (
        Need("orders", lambda c: c.rows("fact_order_line") > 0, ("order_lines",)),
        Need(
            "campaigns",
            lambda c: c.rows("dim_campaign") > 0 and c.rows("fact_campaign_contact") > 0,
            ("campaigns", "campaign_contacts"),
        ),  # fmt: skip
        Need("web_sessions", lambda c: c.rows("fact_web_session") > 0, ("web_sessions",)),
        Need("tickets", lambda c: c.rows("fact_service_ticket") > 0, ("service_tickets",)),
        Need("partners", lambda c: c.rows("dim_partner") > 0, ("partners",)),
        Need("opportunities", lambda c: c.rows("fact_opportunity") > 0, ("opportunities",)),
        Need("stage_history", lambda c: c.rows("fact_opportunity_stage") > 0, ("opportunity_stages",)),
        Need("products", lambda c: c.products >= 2 and _known(c.unknown_share("product")), ("products",)),
        Need("categories", lambda c: _known(c.unknown_share("category")), ("products",)),
        Need("channels", lambda c: c.unknown_share("channel") == 0, ("order_lines",)),  # again, with --channel
        Need("regions", lambda c: _known(c.unknown_share("region")), ("customers",)),
        Need("costs", lambda c: bool(c.costed_revenue_share), ("products",)),
    )
}

# page -> (needs without which it shows nothing, needs without which it shows less)
PAGES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "home": (("orders",), ("regions", "costs")),  # the unknown-channel share is a sentence of its own there
    "explore": (("orders",), ("web_sessions", "campaigns", "tickets", "channels", "regions", "costs")),
    "analyses.region_period": (("orders",), ("regions",)),
    "analyses.customers": (("orders",), ()),
    "analyses.product_mix": (("orders", "categories"), ()),
    "analyses.partner_share": (("orders", "partners"), ()),
    "analyses.acquisition": (("orders",), ("channels", "campaigns")),
    "analyses.new_returning": (("orders",), ()),
    "analyses.cohorts": (("orders",), ()),
    "analyses.tickets": (("tickets",), ()),
    "analyses.resolution": (("tickets",), ()),
    "analyses.satisfaction": (("tickets", "orders"), ()),
    "segments": (("orders",), ("campaigns", "web_sessions")),
    "rfm": (("orders",), ()),
    "clusters": (("orders",), ("web_sessions", "channels")),
    "rules": (("orders", "products"), ()),
    "forecast": (("orders",), ()),
    "models": (("orders",), ("campaigns",)),
    "whatif": (("campaigns",), ()),
    "campaign_plan": (("orders",), ("campaigns",)),  # no campaigns: no base rate, power check or projection
    "customers": (("orders",), ("web_sessions", "campaigns", "tickets", "opportunities")),
    "pipeline": (("opportunities",), ("stage_history",)),  # without it: win chances inferred, stated
    "partners": (("partners", "orders"), ("opportunities", "tickets")),
    "campaigns": (("campaigns", "orders"), ()),
    "campaign_cycle": ((), ("campaigns",)),  # saved segments and plans show without campaigns
    "partner_lifecycle": (("orders", "partners"), ()),
    "partner_scorecard": (("orders", "partners"), ("opportunities", "tickets", "costs")),
    "partner_support": (("partners",), ("orders", "opportunities")),  # funds compare sales and pipeline
    "admin_import": ((), ()),
    "admin_users": ((), ()),
    "admin_mail": ((), ()),
}


# segment builder fields that say nothing without a need (a rule on them would match on zeros)
SEGMENT_FIELD_NEEDS = {
    "tickets": "tickets",
    "avg_satisfaction": "tickets",
    "contacts": "campaigns",
    "responses": "campaigns",
    "response_score": "campaigns",
    "sessions": "web_sessions",
    "online_share": "channels",
    "channels_used": "channels",
    "home_partner": "partners",
    "partner_share": "partners",
    "categories_bought": "categories",
    "campaign_outcome": "campaigns",
}

# fact table -> the need that is missing while it is empty (a cube measure of that fact shows nothing)
TABLE_NEEDS = {
    "fact_order_line": "orders",
    "fact_web_session": "web_sessions",
    "fact_campaign_contact": "campaigns",
    "fact_service_ticket": "tickets",
    "fact_opportunity": "opportunities",
    "fact_opportunity_stage": "stage_history",
}


def missing_need(table: str, cov: Coverage) -> str | None:
    """The need an empty fact table leaves unmet (None when it has rows)."""
    need = TABLE_NEEDS.get(table)
    return need if need and cov.rows(table) == 0 else None


@dataclass(frozen=True)
class PageStatus:
    page: str
    status: str  # ok | limited | unavailable
    missing: tuple[str, ...]  # need keys the data lacks, the blocking ones first

    @property
    def entities(self) -> tuple[str, ...]:
        """The imports that would lift every limit, in order, once each."""
        return tuple(dict.fromkeys(e for need in self.missing for e in NEEDS[need].entities))


def page_status(page: str, cov: Coverage) -> PageStatus:
    """What ``page`` can show on ``cov``'s data: ok, limited (and by what) or unavailable."""
    required, limits = PAGES[page]
    blocking = tuple(n for n in required if not cov.has(n))
    lacking = tuple(n for n in limits if not cov.has(n))
    status = "unavailable" if blocking else "limited" if lacking else "ok"
    return PageStatus(page, status, blocking + lacking)


def import_command(entity: str) -> str:
    """The CLI line that loads one entity (shown beside every missing piece)."""
    return f"python -m data.importer load FILE --entity {entity}"

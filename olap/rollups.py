"""Pre-aggregated rollups of the cube's facts, and which one can answer a spec.

Each rollup is a table of one fact grouped by a time bucket (month or day) and a
set of attributes, holding every *part* of the fact's measures (``sum(f.revenue)``,
``count(DISTINCT f.order_id)``…). They are computed together, one GROUPING SETS
scan per fact, after every load, and recorded in ``rollup_catalog`` with their row
counts, so they are versioned with the data they summarise.

Re-aggregating a part from a rollup is exact only under conditions, and the router
(``plan``) checks them for every part of every measure asked for:

* sums and plain counts add up over anything;
* distinct orders add up over every attribute an order has one value of (customer,
  geography, channel, partner, time) but not over product attributes, since one
  order spans several products;
* distinct customers (and new customers) do not add up over time, channels or
  products, so only rollups that keep the customer id store them, and re-count
  them exactly with ``count(DISTINCT customer_id)``;
* per-customer measures (repeat rate) are never read from a rollup.

A query the rollups cannot answer exactly goes to the fact table. Either way the
answer is the same (``tests/test_rollups.py`` checks it on random specs).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import re
from dataclasses import dataclass

import duckdb

from olap.cube import FACTS, MEASURES, Fact, level, measure, partner_status_attrs
from olap.timegrain import time_member_range

# Attributes each attribute determines (a customer has one country, a country one region…).
DETERMINES = {
    "city": {"country", "region"},
    "country": {"region"},
    "customer_id": {"customer_name", "region", "country", "city", "customer_type", "customer_segment"},
    "customer_name": set(),
    "product_id": {"product_name", "subcategory", "category"},
    "subcategory": {"category"},
    "channel_id": {"channel_name", "channel_group"},
    "partner_id": {"partner_name", "partner_tier", "partner_stage"},
}
# Published partner attributes: never stored in a rollup (a publish changes them without a load),
# joined at query time to any rollup keeping partner_id.
STATUS_ATTRS = frozenset({"partner_tier", "partner_stage"})
CUSTOMER_ATTRS = frozenset({"region", "country", "city", "customer_type", "customer_segment", "customer_id"})
PRODUCT_ATTRS = frozenset({"category", "subcategory", "product_id"})
# How a part re-aggregates (default: "sum").
PART_KIND = {
    "orders": "order",
    "customers": "customer",
    "new_customers": "new_customer",
    "partner_customers": "customer",
    "active_partners": "partner",
}
GRAINS = {"month": "month", "day": "day"}
log = logging.getLogger(__name__)
_ID_CAST = re.compile(r"^CAST\((.+) AS VARCHAR\)$")


@dataclass(frozen=True)
class Rollup:
    name: str
    fact: str
    grain: str  # month | day
    attrs: tuple[str, ...]  # key attributes (labels follow their ids)

    @property
    def table(self) -> str:
        return f"rollup_{self.name}"


def _r(name, fact, grain, *attrs) -> Rollup:
    return Rollup(name, fact, grain, attrs)


_CUSTOMER = ("region", "country", "customer_type", "customer_segment")
ROLLUPS: tuple[Rollup, ...] = (
    # sales
    _r("sales_m_top", "sales", "month", "region", "country", "customer_type", "channel_group"),
    _r("sales_m_core", "sales", "month", *_CUSTOMER, "channel_group", "channel_id", "partner_id"),
    _r("sales_m_city", "sales", "month", "region", "country", "city", "customer_type", "channel_group"),
    _r("sales_m_category", "sales", "month", *_CUSTOMER, "category", "subcategory", "channel_group", "partner_id"),
    _r(
        "sales_m_product",
        "sales",
        "month",
        "region",
        "country",
        "customer_type",
        "category",
        "subcategory",
        "product_id",
        "channel_group",
    ),
    _r(
        "sales_m_customer",
        "sales",
        "month",
        *_CUSTOMER,
        "city",
        "customer_id",
        "channel_group",
        "channel_id",
        "partner_id",
    ),
    # distinct customers by product category (customer attributes come free with the id)
    _r("sales_m_customer_category", "sales", "month", *_CUSTOMER, "customer_id", "category"),
    _r("sales_d_top", "sales", "day", "region", "country", "customer_type", "channel_group"),
    # web sessions
    _r("sessions_m", "sessions", "month", "region", "country", "customer_type", "channel_group", "channel_id"),
    _r("sessions_d", "sessions", "day", "region", "country", "channel_group"),
    # campaign contacts, service tickets
    _r("contacts_m", "contacts", "month", *_CUSTOMER, "channel_group", "channel_id"),
    _r("contacts_d", "contacts", "day", "region", "country", "customer_type", "channel_group"),
    _r("tickets_m", "tickets", "month", *_CUSTOMER, "category", "channel_group", "channel_id"),
    _r("tickets_d", "tickets", "day", "region", "country", "customer_type", "category", "channel_group"),
)
BY_NAME = {r.name: r for r in ROLLUPS}


def _label_of(fact: Fact, attr: str) -> str | None:
    """The label attribute that goes with an id attribute (customer_id -> customer_name)."""
    for lvl_attr, label in (
        ("customer_id", "customer_name"),
        ("product_id", "product_name"),
        ("channel_id", "channel_name"),
        ("partner_id", "partner_name"),
    ):
        if attr == lvl_attr and label in fact.attrs:
            return label
    return None


def columns_of(rollup: Rollup) -> list[str]:
    """Key columns of a rollup table: ts, the attributes and their labels."""
    fact = FACTS[rollup.fact]
    cols = []
    for attr in rollup.attrs:
        cols.append(attr)
        label = _label_of(fact, attr)
        if label:
            cols.append(label)
    return cols


def fact_parts(fact_name: str) -> dict[str, str]:
    """Every storable part of the fact's measures: name -> SQL aggregate."""
    parts: dict[str, str] = {}
    for m in MEASURES.values():
        if m.fact != fact_name or m.customer_grain:
            continue
        for part, sql in m.parts.items():
            if parts.setdefault(part, sql) != sql:
                raise ValueError(f"part {part!r} has two definitions")
    return parts


def _raw(sql: str) -> str:
    """The stored column expression of an attribute (ids as integers, not text)."""
    match = _ID_CAST.match(sql)
    return match.group(1) if match else sql


def fingerprint() -> str:
    text = repr([(r.name, r.fact, r.grain, r.attrs) for r in ROLLUPS])
    text += repr({f: sorted(fact_parts(f).items()) for f in FACTS})
    return hashlib.sha256(text.encode()).hexdigest()[:16]


# --------------------------------------------------------------------------- building


# Every order has one customer, timestamp, channel and partner (the generator and the
# importer guarantee it), so rollups without product attributes can be built from one
# row per order: the same columns, far fewer rows, and distinct orders become rows.
ORDER_GRAIN = {
    "sales": """(SELECT order_id, any_value(order_ts) AS order_ts, any_value(customer_id) AS customer_id,
                 any_value(channel_id) AS channel_id, any_value(partner_id) AS partner_id,
                 sum(revenue) AS revenue, sum(cost) AS cost, sum(quantity) AS quantity
          FROM fact_order_line GROUP BY order_id)"""
}


def parts_of(rollup: Rollup) -> dict[str, str]:
    """The parts a rollup stores: distinct customers only where it keeps the customer id
    (elsewhere they would rarely be usable and are the costliest to build)."""
    dropped = set()
    if "customer_id" not in rollup.attrs:
        dropped |= {"customer", "new_customer"}
    if "partner_id" not in rollup.attrs:  # distinct partners, likewise, only beside partner ids
        dropped.add("partner")
    return {part: sql for part, sql in fact_parts(rollup.fact).items() if PART_KIND.get(part) not in dropped}


def _source(rollup: Rollup) -> str:
    fact = FACTS[rollup.fact]
    if rollup.fact in ORDER_GRAIN and not set(rollup.attrs) & PRODUCT_ATTRS:
        return f"_order_grain_{rollup.fact}"
    return fact.table


def build_rollups(con) -> dict[str, int]:
    """(Re)build every rollup on a read-write connection.

    Rollups reading the same source and storing the same parts are computed together
    by one GROUPING SETS scan, then split into one table each.
    """
    con.execute(
        "CREATE OR REPLACE TABLE rollup_catalog "
        "(name VARCHAR, fact VARCHAR, grain VARCHAR, attrs VARCHAR[], n_rows BIGINT)"
    )
    groups: dict[tuple, list[Rollup]] = {}
    for r in ROLLUPS:
        groups.setdefault((r.fact, _source(r), tuple(parts_of(r))), []).append(r)
    con.execute("DROP TABLE IF EXISTS _rollup_staging")
    counts = {}
    made: list[str] = []
    # the rollups over the lines first: the one-row-per-order tables (in memory) are made after them, so they
    # hold no memory while the largest aggregations run under a bounded limit
    for (fact_name, source, _), rollups in sorted(groups.items(), key=lambda g: g[0][1].startswith("_order_grain_")):
        if source.startswith("_order_grain_") and source not in made:
            grain = ORDER_GRAIN[source.removeprefix("_order_grain_")]
            con.execute(f"CREATE OR REPLACE TEMP TABLE {source} AS SELECT * FROM {grain}")
            made.append(source)
        try:
            counts.update(_build_bounded(con, FACTS[fact_name], source, rollups))
        except (duckdb.CatalogException, duckdb.BinderException) as exc:
            # A warehouse without some table or column of the contract (a partial import,
            # a test fixture): those rollups are left out and their queries read the facts.
            log.warning("rollups %s not built: %s", [r.name for r in rollups], str(exc).splitlines()[0])
    for source in made:
        con.execute(f"DROP TABLE {source}")
    return counts


def _build_bounded(con, fact: Fact, source: str, rollups: list[Rollup]) -> dict[str, int]:
    """``_build_group``, again on one thread if it ran out of memory: every thread holds hash tables of its
    own, so under a bounded memory limit (``jobs.derive.DERIVE_MEMORY``) one thread needs the least."""
    try:
        return _build_group(con, fact, source, rollups)
    except duckdb.OutOfMemoryException:
        threads = con.execute("SELECT current_setting('threads')").fetchone()[0]
        if threads <= 1:
            raise
        log.warning(
            "rollups %s ran out of memory on %d threads: built again on one", [r.name for r in rollups], threads
        )
        con.execute("SET threads = 1")
        try:
            return _build_group(con, fact, source, rollups)
        finally:
            con.execute(f"SET threads = {int(threads)}")


def rebuild_fact_rollups(con, fact_name: str) -> dict[str, int]:
    """(Re)build only the rollups of one fact (a version whose other facts did not change: launched
    campaigns written into the contacts), keeping the catalog rows of the others."""
    if not con.execute(
        "SELECT count(*) FROM duckdb_tables() WHERE database_name = current_database() AND table_name = 'rollup_catalog'"
    ).fetchone()[0]:
        return build_rollups(con)
    groups: dict[tuple, list[Rollup]] = {}
    for r in ROLLUPS:
        if r.fact == fact_name and not _source(r).startswith("_order_grain_"):
            groups.setdefault((_source(r), tuple(parts_of(r))), []).append(r)
    con.execute("DELETE FROM rollup_catalog WHERE fact = ?", [fact_name])
    counts = {}
    for (source, _), rollups in groups.items():
        counts.update(_build_bounded(con, FACTS[fact_name], source, rollups))
    return counts


def _build_group(con, fact: Fact, source: str, rollups: list[Rollup]) -> dict[str, int]:
    ts_keys = [k for k, g in (("m_ts", "month"), ("d_ts", "day")) if any(r.grain == g for r in rollups)]
    keys = ts_keys + sorted({c for r in rollups for c in columns_of(r)})
    joins: set[str] = set()
    exprs = {}
    ts_sql, ts_joins = fact.attr_sql("ts")
    joins.update(ts_joins)
    exprs["m_ts"] = f"date_trunc('month', {ts_sql})::TIMESTAMP"
    exprs["d_ts"] = f"date_trunc('day', {ts_sql})::TIMESTAMP"
    for col in keys[len(ts_keys) :]:
        sql, need = fact.attr_sql(col)
        joins.update(need)
        exprs[col] = _raw(sql)
    parts = parts_of(rollups[0])
    for m in MEASURES.values():
        if m.fact == fact.name and not m.customer_grain and set(m.parts) <= set(parts):
            joins.update(m.joins)
    sets = [
        "(" + ", ".join(f"g_{c}" for c in [("m_ts" if r.grain == "month" else "d_ts"), *columns_of(r)]) + ")"
        for r in rollups
    ]
    ordered_joins = " ".join(fact.joins[j] for j in fact.joins if j in joins)
    select = [f"{exprs[k]} AS g_{k}" for k in keys]
    order_grain = source.startswith("_order_grain_")
    cheaper = {part: _cheaper_part(part, sql, order_grain) for part, sql in parts.items()}
    staging = "_rollup_staging"
    split = _order_first(cheaper) if len(rollups) == 1 and not order_grain else None
    if split is not None:  # one set of keys and distinct orders: each order's partials first, then the groups
        inner = select + [f"{fact.alias}.order_id AS _order"] + [f"{a} AS {p}" for p, (a, _) in split.items() if a]
        outer = [f"g_{k}" for k in keys] + [f"{b} AS {p}" for p, (_, b) in split.items()] + ["0 AS _gid"]
        con.execute(
            f"CREATE OR REPLACE TEMP TABLE {staging} AS SELECT {', '.join(outer)} FROM ("
            f"SELECT {', '.join(inner)} FROM {source} {fact.alias} {ordered_joins} "
            f"GROUP BY {', '.join(f'g_{k}' for k in keys)}, _order) GROUP BY {', '.join(f'g_{k}' for k in keys)}"
        )
    else:
        select += [f"{sql} AS {part}" for part, sql in cheaper.items()]
        select.append(f"GROUPING({', '.join('g_' + k for k in keys)}) AS _gid")
        con.execute(
            f"CREATE OR REPLACE TEMP TABLE {staging} AS SELECT {', '.join(select)} "
            f"FROM {source} {fact.alias} {ordered_joins} GROUP BY GROUPING SETS ({', '.join(sets)})"
        )
    counts = {}
    for r in rollups:
        ts_col = "m_ts" if r.grain == "month" else "d_ts"
        grouped = {ts_col, *columns_of(r)}
        gid = sum(1 << (len(keys) - 1 - i) for i, k in enumerate(keys) if k not in grouped)
        cols = [f"g_{ts_col} AS ts", *(f"g_{c} AS {c}" for c in columns_of(r)), *parts]
        con.execute(
            f"CREATE OR REPLACE TABLE {r.table} AS SELECT {', '.join(cols)} FROM {staging} "
            f"WHERE _gid = ? ORDER BY ts, {', '.join(r.attrs)}",
            [gid],
        )
        n = con.execute(f"SELECT count(*) FROM {r.table}").fetchone()[0]
        con.execute("INSERT INTO rollup_catalog VALUES (?, ?, ?, ?, ?)", [r.name, r.fact, r.grain, list(r.attrs), n])
        counts[r.table] = n
    con.execute(f"DROP TABLE {staging}")
    return counts


_FLAG = re.compile(r"^CAST\(coalesce\(bool_or\((.+)\), false\) AS BIGINT\)$", re.S)
_FILTER = re.compile(r"^ FILTER \(WHERE .+\)$", re.S)


def _order_first(parts: dict[str, str]) -> dict[str, tuple[str | None, str]] | None:
    """Each part as (its figure per order, its figure over a group's orders), when the parts count distinct
    orders and every one splits so; else None.

    ``count(DISTINCT f.order_id)`` over a group is the number of its orders; a sum (filtered or not) the
    sum of each order's sums; a flag (``_cheaper_part``'s distinct customers) whether any order's is set.
    DuckDB keeps every group's distinct orders in memory at once, which a large warehouse's customer and
    product rollups do not fit in a bounded memory; grouped by order first, the same figures spill.
    """
    if "count(DISTINCT f.order_id)" not in (sql.strip() for sql in parts.values()):
        return None
    out: dict[str, tuple[str | None, str]] = {}
    for part, sql in parts.items():
        sql = sql.strip()
        if sql == "count(DISTINCT f.order_id)":
            out[part] = (None, "count(*)")
        elif _one_call(sql, "sum"):
            out[part] = (sql, f"sum({part})")
        elif (flag := _FLAG.match(sql)) and _one_call(sql, "CAST"):
            out[part] = (f"coalesce(bool_or({flag.group(1)}), false)", f"CAST(bool_or({part}) AS BIGINT)")
        else:
            return None
    return out


def _one_call(sql: str, name: str) -> bool:
    """Whether ``sql`` is one call of ``name`` (an aggregate, maybe with a FILTER): ``sum(a) / sum(b)`` is not."""
    if not sql.startswith(name + "("):
        return False
    depth = 0
    for i, ch in enumerate(sql):
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
            if depth == 0:
                rest = sql[i + 1 :]
                return rest == "" or (name == "sum" and bool(_FILTER.match(rest)))
    return False


_DISTINCT_CUSTOMERS = re.compile(r"^count\(DISTINCT f\.customer_id\)(?: FILTER \(WHERE (.+)\))?$", re.S)


def _cheaper_part(part: str, sql: str, order_grain: bool) -> str:
    """The same figure without a distinct count where the rollup's keys make it one.

    A rollup storing distinct customers always keeps ``customer_id`` among its keys
    (``parts_of``), so each of its groups holds one customer: the count is 1 when any of
    its rows qualifies, else 0. On the one-row-per-order source each row is one order, so
    distinct orders are rows. Hash tables per distinct aggregate dominate a large load's
    rollup build; these are exact rewrites (the rollup differential tests check them).
    """
    kind = PART_KIND.get(part)
    match = _DISTINCT_CUSTOMERS.match(sql.strip())
    if kind in ("customer", "new_customer") and match:
        condition = match.group(1) or "true"
        return f"CAST(coalesce(bool_or(coalesce({condition}, false)), false) AS BIGINT)"
    if kind == "order" and order_grain and sql.strip() == "count(DISTINCT f.order_id)":
        return "count(*)"
    if kind == "partner" and sql.strip() == "count(DISTINCT f.partner_id)":  # one partner per group
        return "CAST(coalesce(bool_or(f.partner_id IS NOT NULL), false) AS BIGINT)"
    return sql


def catalog(cursor) -> dict[str, int]:
    """Row counts of the rollups this warehouse holds (empty when it has none)."""
    try:
        rows = cursor.execute("SELECT name, n_rows FROM rollup_catalog").fetchall()
    except Exception:  # an older warehouse without rollups: everything goes to the facts
        return {}
    return {name: n for name, n in rows if name in BY_NAME}


# --------------------------------------------------------------------------- routing


def closure(attrs) -> set[str]:
    out = set(attrs)
    stack = list(out)
    while stack:
        for implied in DETERMINES.get(stack.pop(), ()):
            if implied not in out:
                out.add(implied)
                stack.append(implied)
    return out


def _aligned(day: dt.date, grain: str) -> bool:
    return grain == "day" or day.day == 1


def reaggregate(rollup: Rollup, part: str, collapsed: set[str]) -> str | None:
    """SQL re-aggregating ``part`` from ``rollup`` exactly, or None if it cannot."""
    if part not in parts_of(rollup):
        return None
    kind = PART_KIND.get(part, "sum")
    has_customer = "customer_id" in rollup.attrs
    if kind == "sum":
        return f"sum(r.{part})"
    if kind == "order":
        return None if collapsed & PRODUCT_ATTRS else f"sum(r.{part})"
    if kind == "partner":  # partners are re-counted by id (0 is direct, never counted: its part is 0)
        return f"count(DISTINCT r.partner_id) FILTER (WHERE r.{part} > 0)"
    if has_customer:  # customers are re-counted by id, whatever is collapsed
        return f"count(DISTINCT r.customer_id) FILTER (WHERE r.{part} > 0)"
    return None  # (distinct customers are only stored beside customer ids: see parts_of)


@dataclass(frozen=True)
class Plan:
    facts: dict  # fact name -> Fact standing for it (a rollup) ; absent: the fact table
    part_sql: dict  # fact name -> {part: re-aggregating SQL}
    sources: dict  # fact name -> rollup name or "fact"


def rollup_fact(rollup: Rollup) -> Fact:
    """The rollup table dressed as a fact, so the query compiler can read it unchanged."""
    fact = FACTS[rollup.fact]
    attrs = {"ts": ("r.ts", ())}
    for col in columns_of(rollup):
        original, _ = fact.attr_sql(col)
        attrs[col] = (f"CAST(r.{col} AS VARCHAR)" if _ID_CAST.match(original) else f"r.{col}", ())
    joins = {}
    if "partner_id" in rollup.attrs and STATUS_ATTRS <= set(fact.attrs):  # the published status, joined now
        attrs.update(partner_status_attrs("r.partner_id = 0"))
        joins["ps"] = "LEFT JOIN partner_status ps ON ps.partner_id = r.partner_id"
    return Fact(rollup.fact, rollup.table, "r", attrs, joins, (), "")


def answerable(rollup: Rollup) -> set[str]:
    """The attributes a rollup can group and filter by: its columns, and the published partner
    status wherever it keeps the partner id."""
    cols = set(columns_of(rollup))
    return cols | STATUS_ATTRS if "partner_id" in cols else cols


def _time_ok(spec, rollup: Rollup) -> bool:
    """Whether the rollup's time buckets answer the spec's dates, time levels and time filters."""
    grain = rollup.grain
    for day in (spec.start, spec.end + dt.timedelta(days=1) if spec.end else None):
        if day is not None and not _aligned(day, grain):
            return False
    grains = [level(x).time_grain for x in spec.group_levels if level(x).time_grain]
    allowed = {"month": {"year", "quarter", "month"}, "day": {"year", "quarter", "month", "week", "day"}}[grain]
    if any(g not in allowed for g in grains):
        return False
    for level_id, members in spec.filters:
        g = level(level_id).time_grain
        if g:
            for member in members:
                start, end = time_member_range(g, member)
                if not (_aligned(start, grain) and _aligned(end, grain)):
                    return False
    return True


def choose(
    spec, fact_name: str, available: dict[str, int], scoped: bool = False
) -> tuple[Rollup, dict[str, str]] | None:
    """The smallest rollup of ``fact_name`` answering the spec's measures exactly, with part SQL.

    ``scoped``: the rows are restricted to some partners (row-level security, ``olap.scope``), so
    only a rollup keeping ``partner_id`` can answer.
    """
    measures = [measure(m) for m in spec.measures if measure(m).fact == fact_name]
    if any(m.customer_grain for m in measures):
        return None
    grouped = set()
    needed = set()
    for level_id in spec.group_levels:
        lvl = level(level_id)
        if lvl.time_grain:
            continue
        grouped.add(lvl.attr)
        needed.add(lvl.attr)
        if lvl.label_attr:
            needed.add(lvl.label_attr)
    for level_id, members in spec.filters:
        lvl = level(level_id)
        if lvl.time_grain:
            continue
        needed.add(lvl.attr)
        if len(members) == 1:
            grouped.add(lvl.attr)
    if scoped:
        needed.add("partner_id")
    fixed = closure(grouped)
    best = None
    for rollup in ROLLUPS:
        if rollup.fact != fact_name or rollup.name not in available:
            continue
        if not needed <= answerable(rollup):
            continue
        if not _time_ok(spec, rollup):
            continue
        collapsed = set(rollup.attrs) - fixed
        part_sql = {part: reaggregate(rollup, part, collapsed) for m in measures for part in m.parts}
        if None in part_sql.values():
            continue
        if best is None or available[rollup.name] < available[best[0].name]:
            best = (rollup, part_sql)
    return best


def plan(spec, available: dict[str, int], scoped: bool = False) -> Plan:
    """Which table answers each fact of the spec: the smallest able rollup, else the fact
    (``scoped``: only rollups keeping the partner, see ``choose``)."""
    facts, part_sql, sources = {}, {}, {}
    for fact_name in dict.fromkeys(measure(m).fact for m in spec.measures):
        chosen = choose(spec, fact_name, available, scoped) if available else None
        if chosen is None:
            sources[fact_name] = "fact"
            continue
        rollup, parts = chosen
        facts[fact_name] = rollup_fact(rollup)
        part_sql[fact_name] = parts
        sources[fact_name] = rollup.name
    return Plan(facts, part_sql, sources)

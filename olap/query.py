"""Query specs and their SQL: pure functions, no Dash, no connection needed to compile.

A ``QuerySpec`` says which measures to compute, grouped by which levels (``rows``
and, for a pivot, ``columns``), within which filters and dates, sorted and limited.
``compile_spec`` turns it into one parameterised SQL statement: every value is a
bound parameter, every name comes from ``olap.cube``. Drill-down, roll-up, slice,
dice, pivot and drill-through are functions from a spec to a spec (or to detail SQL).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field, replace

from olap import scope as rls
from olap.cube import (
    DIMENSIONS,
    FACTS,
    CubeError,
    Fact,
    Level,
    check_applies,
    dimension_of,
    level,
    measure,
)
from olap.timegrain import TIME_FORMATS, time_member_range

MAX_LIMIT = 100_000
MAX_MEMBERS = 1_000
DETAIL_PAGE_MAX = 10_000


@dataclass(frozen=True)
class QuerySpec:
    measures: tuple[str, ...]
    rows: tuple[str, ...] = ()
    columns: tuple[str, ...] = ()
    filters: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (level id, members), sorted by level id
    start: dt.date | None = None  # first day, inclusive
    end: dt.date | None = None  # last day, inclusive
    sort: str | None = None  # a measure or a level of the spec; default: first measure
    descending: bool = True
    limit: int | None = None

    @property
    def group_levels(self) -> tuple[str, ...]:
        return self.rows + self.columns

    def filter_members(self, level_id: str) -> tuple[str, ...]:
        return dict(self.filters).get(level_id, ())

    def key(self) -> str:
        """A canonical text of the spec, for cache keys."""
        return json.dumps(to_dict(self), sort_keys=True, separators=(",", ":"))


def make_spec(
    measures,
    rows=(),
    columns=(),
    filters=None,
    start=None,
    end=None,
    sort=None,
    descending=True,
    limit=None,
) -> QuerySpec:
    """A validated spec (filters given as a dict or pairs; dates as dates or ISO text)."""
    pairs = filters.items() if isinstance(filters, dict) else (filters or ())
    merged: dict[str, tuple[str, ...]] = {}
    for level_id, members in pairs:
        if isinstance(members, str):
            members = (members,)
        merged[str(level_id)] = tuple(dict.fromkeys(str(m) for m in members))
    spec = QuerySpec(
        measures=tuple(dict.fromkeys(measures)),
        rows=tuple(rows),
        columns=tuple(columns),
        filters=tuple(sorted((k, v) for k, v in merged.items() if v)),
        start=as_date(start),
        end=as_date(end),
        sort=sort,
        descending=bool(descending),
        limit=None if limit in (None, "") else _as_int(limit),
    )
    validate(spec)
    return spec


def as_date(value) -> dt.date | None:
    """A date from a date, a datetime or ISO text; None for nothing; ``CubeError`` for anything else."""
    if value in (None, ""):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise CubeError("cube.bad_date", value=str(value)) from None


def _as_int(value) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise CubeError("cube.bad_limit", value=str(value)) from None


def validate(spec: QuerySpec) -> None:
    """Raise ``CubeError`` for anything the cube cannot answer."""
    if not spec.measures:
        raise CubeError("cube.no_measure")
    measures = [measure(m) for m in spec.measures]
    groups = [level(x) for x in spec.group_levels]
    if len(set(spec.group_levels)) != len(spec.group_levels):
        raise CubeError("cube.repeated_level")
    filtered = [level(x) for x, _ in spec.filters]
    for m in measures:
        check_applies(m, groups + filtered)
    for level_id, members in spec.filters:
        if len(members) > MAX_MEMBERS:
            raise CubeError("cube.too_many_members", level=level_id, limit=MAX_MEMBERS)
        lvl = level(level_id)
        for member in members:
            _check_member(lvl, member)
    if spec.start and spec.end and spec.start > spec.end:
        raise CubeError("cube.bad_range", start=spec.start.isoformat(), end=spec.end.isoformat())
    if spec.sort is not None and spec.sort not in spec.measures and spec.sort not in spec.group_levels:
        raise CubeError("cube.bad_sort", sort=str(spec.sort))
    if spec.limit is not None and not 1 <= spec.limit <= MAX_LIMIT:
        raise CubeError("cube.bad_limit", value=str(spec.limit))


_ID_CAST = re.compile(r"^CAST\((.+) AS VARCHAR\)$")


def _check_member(lvl: Level, member: str) -> None:
    if lvl.time_grain:
        time_member_range(lvl.time_grain, member)
    elif lvl.label_attr and not re.fullmatch(r"-?\d{1,18}", member):
        raise CubeError("cube.bad_member", level=lvl.id, member=member)


# --------------------------------------------------------------------------- compiling


@dataclass
class Compiled:
    sql: str
    params: list
    keys: list[str]  # level ids, in output order
    labels: list[str]  # level ids that also have a "<id>:label" column
    measures: list[str]


# --------------------------------------------------------------------------- row-level security

_CURRENT = object()  # "the current request's scope" (olap.scope.partner_scope), the default
_COALESCED = re.compile(r"^coalesce\((\w+\.partner_id), 0\)$")


def scope_of(scope=_CURRENT) -> frozenset[int] | None:
    """The partner scope a compiler call applies: the one given, else the current request's."""
    if scope is _CURRENT:
        return rls.partner_scope()
    return None if scope is None else frozenset(int(p) for p in scope)


def scope_column(fact: Fact) -> tuple[str, tuple[str, ...]] | None:
    """The SQL naming the partner a row of ``fact`` belongs to, with the joins it needs.

    A fact's own partner column where it has one (sales, opportunities); else its customer's
    partner (``dim_customer.partner_id``: web sessions, tickets, campaign contacts). A rollup has
    one only when it keeps ``partner_id``; None means the rows cannot be told apart by partner.
    """
    if "partner_id" in fact.attrs:
        sql, joins = fact.attr_sql("partner_id")
        raw = _ID_CAST.match(sql)
        sql = raw.group(1) if raw else sql
        own = _COALESCED.match(sql)  # direct business (NULL) is nobody's partner: compare the column itself
        return (own.group(1) if own else sql), joins
    if "c" in fact.joins:
        return "c.partner_id", ("c",)
    return None


@dataclass
class _Builder:
    fact: Fact
    params: list = field(default_factory=list)
    joins: set = field(default_factory=set)
    scope: frozenset[int] | None = None  # partner ids the rows must belong to (None: all)

    def scope_clause(self) -> str | None:
        """The row-level security filter (None without a scope); FALSE when nothing can be in scope."""
        if self.scope is None:
            return None
        column = scope_column(self.fact)
        if not self.scope or column is None:  # no partner, or rows that cannot be told apart: none
            return "FALSE"
        sql, joins = column
        self.joins.update(joins)
        clause, ids = rls.sql_clause(sql, self.scope)
        self.params.extend(ids)
        return clause

    def attr(self, name: str) -> str:
        sql, joins = self.fact.attr_sql(name)
        self.joins.update(joins)
        return sql

    def key_sql(self, lvl: Level) -> str:
        if lvl.time_grain:
            return TIME_FORMATS[lvl.time_grain].format(ts=self.attr("ts"))
        return self.attr(lvl.attr)

    def where(self, spec: QuerySpec, extra: dict[str, tuple[str, ...]] | None = None) -> str:
        clauses: list[str] = []
        ts = self.attr("ts")
        if spec.start is not None:
            clauses.append(f"{ts} >= ?")
            self.params.append(spec.start)
        if spec.end is not None:
            clauses.append(f"{ts} < ?")
            self.params.append(spec.end + dt.timedelta(days=1))
        conditions = dict(spec.filters)
        for level_id, members in (extra or {}).items():
            conditions[level_id] = members
        for level_id, members in sorted(conditions.items()):
            lvl = level(level_id)
            if lvl.time_grain:
                ranges = []
                for member in members:
                    start, end = time_member_range(lvl.time_grain, member)
                    ranges.append(f"({ts} >= ? AND {ts} < ?)")
                    self.params.extend([start, end])
                clauses.append("(" + " OR ".join(ranges) + ")")
                continue
            sql = self.key_sql(lvl)
            raw = _ID_CAST.match(sql)
            values: list = list(members)
            if raw and lvl.label_attr:  # ids: compare the integer column, so the scan can skip
                sql, values = raw.group(1), [int(v) for v in members]
            clauses.append(f"{sql} IN ({', '.join('?' for _ in values)})")
            self.params.extend(values)
        scoped = self.scope_clause()
        if scoped is not None:
            clauses.append(scoped)
        return " AND ".join(clauses) or "TRUE"

    def from_sql(self) -> str:
        ordered = [self.fact.joins[j] for j in self.fact.joins if j in self.joins]
        return f"{self.fact.table} {self.fact.alias} " + " ".join(ordered)


def _fact_subquery(
    fact: Fact,
    spec: QuerySpec,
    measure_names: list[str],
    extra_filters: dict | None,
    part_sql: dict | None,
    scope: frozenset[int] | None = None,
) -> tuple[str, list, dict[str, str]]:
    """One fact's grouped subquery: keys k0.., labels l0.., parts; returns SQL, params, part map."""
    b = _Builder(fact, scope=scope)
    levels = [level(x) for x in spec.group_levels]
    select, group = [], []
    for i, lvl in enumerate(levels):
        key = b.key_sql(lvl)
        select.append(f"{key} AS k{i}")
        group.append(f"k{i}")
        if lvl.label_attr:
            select.append(f"any_value({b.attr(lvl.label_attr)}) AS l{i}")
    parts: dict[str, str] = {}
    staged: dict[str, str] = {}
    for name in measure_names:
        m = measure(name)
        b.joins.update(m.joins)
        target = staged if m.customer_grain else parts
        for part, sql in m.parts.items():
            target[part] = (part_sql or {}).get(part, sql)
    where = b.where(spec, extra_filters)
    from_sql = b.from_sql()
    group_by = f" GROUP BY {', '.join(group)}" if group else ""
    selects = select + [f"{sql} AS {part}" for part, sql in parts.items()]
    if not parts:
        selects.append("count(*) AS _rows")
    sql = f"SELECT {', '.join(selects)} FROM {from_sql} WHERE {where}{group_by}"
    params = list(b.params)
    if staged:
        # customer-grain measures (repeat rate): orders per customer in each cell first
        key_select = [f"{b.key_sql(lvl)} AS k{i}" for i, lvl in enumerate(levels)]
        cust = f"{fact.alias}.customer_id"
        inner = (
            f"SELECT {', '.join(key_select + [f'{cust} AS _customer'])}, "
            f"count(DISTINCT {fact.alias}.order_id) AS n_orders FROM {from_sql} WHERE {where} "
            f"GROUP BY {', '.join(group + ['_customer'])}"
        )
        staged_sql = ", ".join(f"{part_sql_} AS {part}" for part, part_sql_ in staged.items())
        stage = f"SELECT {', '.join(group + [staged_sql])} FROM ({inner}){group_by}"
        picked = ", ".join("g." + part for part in staged)
        if group:
            on = " AND ".join(f"m.{k} IS NOT DISTINCT FROM g.{k}" for k in group)
            sql = f"SELECT m.*, {picked} FROM ({sql}) m LEFT JOIN ({stage}) g ON {on}"
        else:
            sql = f"SELECT m.*, {picked} FROM ({sql}) m CROSS JOIN ({stage}) g"
        params = params + params
        parts.update(staged)
    return sql, params, parts


def compile_spec(
    spec: QuerySpec,
    facts: dict[str, Fact] | None = None,
    part_sql: dict[str, dict[str, str]] | None = None,
    extra_filters: dict[str, tuple[str, ...]] | None = None,
    scope=_CURRENT,
) -> Compiled:
    """SQL for a spec: one grouped subquery per fact, joined on the group keys.

    ``facts`` and ``part_sql`` let a caller substitute a rollup table for a fact
    (same attributes, parts re-aggregated from stored sums). ``scope`` (default: the current
    request's, ``olap.scope``) restricts every fact's rows to those partners' business.
    """
    validate(spec)
    scope = scope_of(scope)
    facts = facts or FACTS
    by_fact: dict[str, list[str]] = {}
    for name in spec.measures:
        by_fact.setdefault(measure(name).fact, []).append(name)
    n = len(spec.group_levels)
    keys = [f"k{i}" for i in range(n)]
    levels = [level(x) for x in spec.group_levels]
    subs, params, part_refs = [], [], {}
    for j, (fact_name, names) in enumerate(by_fact.items()):
        sql, p, parts = _fact_subquery(
            facts[fact_name], spec, names, extra_filters, (part_sql or {}).get(fact_name), scope
        )
        subs.append((f"s{j}", sql))
        params.extend(p)
        for part in parts:
            part_refs[(fact_name, part)] = f's{j}."{part}"'
    ctes = [f"{alias} AS ({sql})" for alias, sql in subs]
    if n and len(subs) > 1:
        union = " UNION ".join(f"SELECT {', '.join(keys)} FROM {alias}" for alias, _ in subs)
        ctes.append(f"u AS ({union})")
        from_sql = "u " + " ".join(
            f"LEFT JOIN {alias} ON " + " AND ".join(f"{alias}.{k} IS NOT DISTINCT FROM u.{k}" for k in keys)
            for alias, _ in subs
        )
        key_src = "u"
    else:
        from_sql = " CROSS JOIN ".join(alias for alias, _ in subs)
        key_src = subs[0][0]
    select = []
    labels = []
    for i, lvl in enumerate(levels):
        select.append(f'{key_src}.k{i} AS "{lvl.id}"')
        if lvl.label_attr:
            have = [f"{alias}.l{i}" for alias, _ in subs]
            label = have[0] if len(have) == 1 else f"coalesce({', '.join(have)})"
            select.append(f'{label} AS "{lvl.id}:label"')
            labels.append(lvl.id)
    for name in spec.measures:
        m = measure(name)
        refs = {part: f"coalesce({part_refs[(m.fact, part)]}, 0)" for part in m.parts}
        expr = (m.combine or "{" + next(iter(m.parts)) + "}").format(**refs)
        select.append(f'CAST({expr} AS DOUBLE) AS "{name}"')
    sort = spec.sort or spec.measures[0]
    direction = "DESC" if spec.descending else "ASC"
    order = [f'"{sort}" {direction} NULLS LAST'] + [f'"{lvl.id}" ASC NULLS LAST' for lvl in levels]
    sql = f"WITH {', '.join(ctes)} SELECT {', '.join(select)} FROM {from_sql} ORDER BY {', '.join(order)}"
    if spec.limit is not None:
        sql += " LIMIT ?"
        params.append(spec.limit)
    return Compiled(sql, params, list(spec.group_levels), labels, list(spec.measures))


# --------------------------------------------------------------------------- operations


def drill_down(spec: QuerySpec, level_id: str, member: str) -> QuerySpec:
    """Keep only ``member`` of ``level_id`` and group by the next level down instead."""
    if level_id not in spec.group_levels:
        raise CubeError("cube.not_grouped", level=str(level_id))
    lvl = level(level_id)
    child = dimension_of(level_id).child(lvl)
    if child is None:
        raise CubeError("cube.lowest_level", level=level_id)
    filters = dict(spec.filters)
    filters[level_id] = (str(member),)
    return make_spec(
        spec.measures,
        _swap(spec.rows, level_id, child.id),
        _swap(spec.columns, level_id, child.id),
        filters,
        spec.start,
        spec.end,
        _swap_one(spec.sort, level_id, child.id),
        spec.descending,
        spec.limit,
    )


def roll_up(spec: QuerySpec, dimension: str) -> QuerySpec:
    """Group ``dimension`` one level higher, releasing the member that was drilled into."""
    current = next((x for x in spec.group_levels if level(x).dimension == dimension), None)
    if current is None:
        raise CubeError("cube.not_grouped", level=str(dimension))
    parent = DIMENSIONS[dimension].parent(level(current))
    if parent is None:
        raise CubeError("cube.top_level", level=current)
    filters = {k: v for k, v in spec.filters if k != parent.id}
    return make_spec(
        spec.measures,
        _swap(spec.rows, current, parent.id),
        _swap(spec.columns, current, parent.id),
        filters,
        spec.start,
        spec.end,
        _swap_one(spec.sort, current, parent.id),
        spec.descending,
        spec.limit,
    )


def slice_(spec: QuerySpec, level_id: str, member: str) -> QuerySpec:
    """Fix one level to one member."""
    return dice(spec, {level_id: (member,)})


def dice(spec: QuerySpec, selection: dict[str, tuple[str, ...]]) -> QuerySpec:
    """Keep several members of several levels (replacing earlier filters on those levels)."""
    filters = dict(spec.filters)
    filters.update({k: tuple(v) for k, v in selection.items()})
    return replace_spec(spec, filters=filters)


def pivot(spec: QuerySpec) -> QuerySpec:
    """Swap row and column levels."""
    return replace_spec(spec, rows=spec.columns, columns=spec.rows)


def replace_spec(spec: QuerySpec, **changes) -> QuerySpec:
    """A validated copy with some fields changed (filters may be a dict)."""
    fields = to_fields(spec)
    fields.update(changes)
    return make_spec(**fields)


def to_fields(spec: QuerySpec) -> dict:
    return {
        "measures": spec.measures,
        "rows": spec.rows,
        "columns": spec.columns,
        "filters": dict(spec.filters),
        "start": spec.start,
        "end": spec.end,
        "sort": spec.sort,
        "descending": spec.descending,
        "limit": spec.limit,
    }


def previous_period(spec: QuerySpec, data_end: dt.date | None = None) -> QuerySpec:
    """The same spec over the span just before its date range (``olap.period.previous_span``):
    whole months when the range is whole months (Q2 compares with Q1, not with the 91 days
    before), else the same number of days; a range running past ``data_end`` (the data's
    last day) is compared like for like, with the same part of the span before."""
    from olap.period import previous_span

    if spec.start is None or spec.end is None:
        raise CubeError("cube.compare_needs_range")
    start, end = previous_span(spec.start, spec.end, data_end)
    return replace(spec, start=start, end=end)


def _swap(levels: tuple[str, ...], old: str, new: str) -> tuple[str, ...]:
    return tuple(new if x == old else x for x in levels)


def _swap_one(value, old, new):
    return new if value == old else value


# --------------------------------------------------------------------------- drill-through


def detail_query(
    spec: QuerySpec,
    cell: dict[str, str] | None = None,
    fact_name: str | None = None,
    page: int = 0,
    page_size: int | None = 100,
    scope=_CURRENT,
) -> tuple[str, list]:
    """The detail rows behind a cell (``cell`` maps group levels to members), paged.

    ``page_size=None`` returns every row (for streamed exports); ``scope`` as in ``compile_spec``.
    """
    fact = FACTS[fact_name or measure(spec.measures[0]).fact]
    extra = {k: (str(v),) for k, v in (cell or {}).items()}
    for level_id in extra:
        if not fact.supports(level(level_id)):
            raise CubeError("cube.not_applicable", measure=fact.name, level=level_id)
    validate(spec)
    b = _Builder(fact, scope=scope_of(scope))
    where = b.where(spec, extra)
    columns = []
    for name, sql in fact.detail_columns:
        columns.append(f'{sql} AS "{name}"')
        b.joins.update(_aliases_in(sql, fact))
    sql = f"SELECT {', '.join(columns)} FROM {b.from_sql()} WHERE {where} ORDER BY {fact.detail_order}"
    params = list(b.params)
    if page_size is not None:
        if not 1 <= page_size <= DETAIL_PAGE_MAX or page < 0:
            raise CubeError("cube.bad_page")
        sql += " LIMIT ? OFFSET ?"
        params += [page_size, page * page_size]
    return sql, params


def detail_count(
    spec: QuerySpec, cell: dict[str, str] | None = None, fact_name: str | None = None, scope=_CURRENT
) -> tuple[str, list]:
    sql, params = detail_query(spec, cell, fact_name, page_size=None, scope=scope)
    return f"SELECT count(*) FROM ({sql})", params


def _aliases_in(sql: str, fact: Fact) -> set[str]:
    return {alias for alias in fact.joins if re.search(rf"\b{re.escape(alias)}\.", sql)}


# --------------------------------------------------------------------------- (de)serialising


def to_dict(spec: QuerySpec) -> dict:
    return {
        "m": list(spec.measures),
        "r": list(spec.rows),
        "c": list(spec.columns),
        "f": {k: list(v) for k, v in spec.filters},
        "from": spec.start.isoformat() if spec.start else None,
        "to": spec.end.isoformat() if spec.end else None,
        "sort": spec.sort,
        "desc": spec.descending,
        "limit": spec.limit,
    }


def from_dict(data: dict) -> QuerySpec:
    """The inverse of ``to_dict``; raises ``CubeError`` for anything malformed."""
    if not isinstance(data, dict):
        raise CubeError("cube.bad_spec")
    try:
        return make_spec(
            measures=[str(x) for x in data.get("m") or []],
            rows=[str(x) for x in data.get("r") or []],
            columns=[str(x) for x in data.get("c") or []],
            filters={str(k): [str(x) for x in v] for k, v in (data.get("f") or {}).items()},
            start=data.get("from"),
            end=data.get("to"),
            sort=data.get("sort"),
            descending=data.get("desc", True),
            limit=data.get("limit"),
        )
    except (AttributeError, TypeError):
        raise CubeError("cube.bad_spec") from None


def run(cursor, spec: QuerySpec):
    """Execute on the fact tables; returns a DataFrame (level ids, ``<id>:label``, measures)."""
    compiled = compile_spec(spec)
    return cursor.execute(compiled.sql, compiled.params).df()

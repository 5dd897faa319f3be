"""The cube's SQL in Spark's dialect: DuckDB SQL parsed as a tree (sqlglot) and written for Spark.

The cube compiles every spec to DuckDB SQL with ``?`` parameters (``olap.query``); for Spark the
same text is parsed as DuckDB and generated as Spark SQL, the parameters kept as positional
markers that Spark binds (``spark.sql(text, args=[…])``). sqlglot translates most of it (quoted
names, ``::`` casts to ``TIMESTAMP_NTZ``, ``strftime`` patterns, explicit ``NULLS LAST`` where
Spark's default differs); what it gets wrong for our SQL is fixed here on the tree, never by
editing text:

- **ISO weeks**: ``strftime(ts, '%G-W%V')`` has no Spark datetime pattern (``Y``/``w`` were
  removed in Spark 3); it becomes ``concat(date_part('YEAROFWEEK', ts), '-W',
  lpad(weekofyear(ts), 2, '0'))``, the same ISO year and week.
- **Durations**: ``epoch(a - b)`` (seconds of an interval) came out as ``unix_timestamp(a - b)``,
  which Spark refuses; it becomes ``timestampdiff(MICROSECOND, b, a)`` as a DOUBLE over 10⁶.
- **Integers and text**: ``'…' || quarter(ts)`` casts the integer to text explicitly (Spark's ANSI
  mode does not concatenate an integer).
- **Aggregate filters with a subquery**: ``count(*) FILTER (WHERE … x IN (SELECT …))`` (the repeat
  rate's "not a guest") is refused by Spark; the subquery's membership is computed first, in the
  FROM clause the filter reads (a left join to the distinct keys), and the filter tests it.

Translations are cached per SQL text (the cube writes a small set of shapes with bound values).
"""

from __future__ import annotations

import functools
import itertools

import sqlglot
from sqlglot import exp

_WEEK_PATTERNS = ("%G-W%V",)


def _spark(sql: str) -> exp.Expression:
    return sqlglot.parse_one(sql, read="spark")


def _week(node: exp.Expression) -> exp.Expression:
    """``strftime(ts, '%G-W%V')`` → ISO year, ``-W``, ISO week on two digits."""
    template = _spark(
        "concat(CAST(date_part('YEAROFWEEK', __ts) AS STRING), '-W', lpad(CAST(weekofyear(__ts) AS STRING), 2, '0'))"
    )
    ts = node.this

    def put(n):
        if isinstance(n, exp.Column) and n.name == "__ts":
            return ts.copy()
        return n

    return template.transform(put)


def _seconds_between(later: exp.Expression, earlier: exp.Expression) -> exp.Expression:
    template = _spark("CAST(timestampdiff(MICROSECOND, __b, __a) AS DOUBLE) / CAST(1000000 AS DOUBLE)")

    def put(n):
        if isinstance(n, exp.Column) and n.name in ("__a", "__b"):
            return (later if n.name == "__a" else earlier).copy()
        return n

    return exp.Paren(this=template.transform(put))


def _fix(node: exp.Expression) -> exp.Expression:
    if isinstance(node, exp.TimeToStr):
        fmt = node.args.get("format")
        if isinstance(fmt, exp.Literal) and fmt.this in _WEEK_PATTERNS:
            return _week(node)
    if isinstance(node, exp.TimeToUnix) and isinstance(node.this, exp.Sub):
        return _seconds_between(node.this.this, node.this.expression)
    if isinstance(node, exp.DPipe):  # text || integer: cast the non-text side explicitly
        for side in ("this", "expression"):
            part = node.args.get(side)
            if isinstance(part, (exp.Quarter, exp.Year, exp.Month, exp.Day, exp.Week)) or (
                isinstance(part, exp.Anonymous) and part.name.lower() in ("quarter", "year", "month", "day")
            ):
                node.set(side, exp.cast(part, exp.DataType.build("STRING")))
    return node


_counter = itertools.count()


def _lift_filter_subqueries(tree: exp.Expression) -> exp.Expression:
    """``agg(...) FILTER (WHERE … col IN (SELECT key FROM t))`` → ``… __inN.key IS NOT NULL`` with
    ``LEFT JOIN (SELECT DISTINCT key FROM t) __inN ON __inN.key = col`` added to the FROM it reads.

    Only uncorrelated single-column subqueries over a plain column are lifted (what the cube writes)."""
    for select in list(tree.find_all(exp.Select)):
        joins = []
        for flt in list(select.find_all(exp.Filter)):
            if flt.find_ancestor(exp.Select) is not select:
                continue
            for in_ in list(flt.find_all(exp.In)):
                query = in_.args.get("query")
                column = in_.this
                if query is None or not isinstance(column, exp.Column):
                    continue
                inner = query.this if isinstance(query, exp.Subquery) else query
                if not isinstance(inner, exp.Select) or len(inner.expressions) != 1:
                    continue
                alias = f"__in{next(_counter)}"
                key = inner.expressions[0].alias_or_name
                distinct = inner.copy()
                distinct.set("distinct", exp.Distinct())
                joins.append(
                    exp.Join(
                        this=exp.Subquery(this=distinct, alias=exp.TableAlias(this=exp.to_identifier(alias))),
                        side="LEFT",
                        on=exp.EQ(this=exp.column(key, table=alias), expression=column.copy()),
                    )
                )
                in_.replace(exp.Not(this=exp.Is(this=exp.column(key, table=alias), expression=exp.Null())))
        for join in joins:
            select.append("joins", join)
    return tree


@functools.lru_cache(maxsize=4096)
def to_spark(sql: str) -> str:
    """DuckDB SQL (``?`` parameters) as Spark SQL (the same ``?`` parameters, in the same order)."""
    tree = sqlglot.parse_one(sql, read="duckdb")
    tree = tree.transform(_fix)
    tree = _lift_filter_subqueries(tree)
    return tree.sql(dialect="spark")


@functools.lru_cache(maxsize=4096)
def tables_of(sql: str) -> frozenset[str]:
    """The table names ``sql`` reads (CTE names included: callers keep those they know as tables)."""
    tree = sqlglot.parse_one(sql, read="duckdb")
    return frozenset(t.name for t in tree.find_all(exp.Table) if t.name)

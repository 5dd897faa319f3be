"""Stage a source in a scratch DuckDB database, type every field, and find the bad rows.

All of it happens before the warehouse is touched: ``typed`` holds the parsed values,
``errors`` one row per problem (row, field, value, rule), ``valid`` the rows without any.
Each rule is one SQL statement over the whole table, so 10M rows never pass through
Python. Field and table names come from ``entities``; values are bound parameters.
"""

from __future__ import annotations

import os

import duckdb

from data.importer.entities import REF_TABLES, Entity

MONEY_SYMBOLS = "[$₩€£¥]"
TS_FORMATS = ["%Y/%m/%d %H:%M:%S", "%Y/%m/%d %H:%M", "%Y/%m/%d", "%d.%m.%Y %H:%M:%S", "%d.%m.%Y %H:%M", "%d.%m.%Y",
              "%Y.%m.%d %H:%M:%S", "%Y.%m.%d", "%Y년 %m월 %d일", "%Y-%m-%d %H:%M:%S.%f"]  # fmt: skip
TRUE_WORDS = ("1", "true", "t", "yes", "y", "o", "예", "네", "true.0", "1.0")
FALSE_WORDS = ("0", "false", "f", "no", "n", "x", "아니오", "아니요", "false.0", "0.0")
MAX_KEY_LENGTH = 100


def max_amount() -> float:
    """XRM_IMPORT_MAX_AMOUNT: the largest absolute money value of one row (default 1e9)."""
    return float(os.environ.get("XRM_IMPORT_MAX_AMOUNT", 1e9))


def _literal_list(values) -> str:
    # only for code constants (formats, yes/no words): never for data
    return "[" + ", ".join("'" + v.replace("'", "''") + "'" for v in values) + "]"


def ts_sql(x: str, dayfirst: bool) -> str:
    """A TIMESTAMP from text in ISO, 2025/03/01, 01.03.2025, 03/01/2025 (dayfirst), 20250301 or an Excel serial."""
    slash = (
        ["%d/%m/%Y %H:%M:%S", "%d/%m/%Y %H:%M", "%d/%m/%Y"]
        if dayfirst
        else ["%m/%d/%Y %H:%M:%S", "%m/%d/%Y %H:%M", "%m/%d/%Y"]
    )
    # Slash dates are the usual shape of shop and ERP exports. No other format reads them (nor
    # does the timestamp cast), so they go straight to their own formats: a failed strptime
    # format costs as much as a successful parse, and trying ten first made typing 10x slower.
    return f"""(CASE
        WHEN regexp_full_match({x}, '\\d{{1,2}}/\\d{{1,2}}/\\d{{4}}( \\d{{1,2}}:\\d{{2}}(:\\d{{2}})?)?')
            THEN try_strptime({x}, {_literal_list(slash)})
        WHEN regexp_full_match({x}, '\\d{{5}}(\\.\\d+)?')
            THEN TIMESTAMP '1899-12-30' + to_microseconds(CAST(round(TRY_CAST({x} AS DOUBLE) * 86400e6) AS BIGINT))
        WHEN regexp_full_match({x}, '\\d{{8}}') THEN try_strptime({x}, '%Y%m%d')
        ELSE coalesce(TRY_CAST({x} AS TIMESTAMP), try_strptime({x}, {_literal_list(TS_FORMATS + slash)}))
    END)"""


def number_sql(x: str) -> str:
    """A DOUBLE from text with an optional currency sign, thousands commas (1,234.50) or a % sign."""
    plain = f"regexp_replace({x}, '{MONEY_SYMBOLS}|\\s', '', 'g')"
    grouped = f"regexp_full_match({plain}, '-?\\d{{1,3}}(,\\d{{3}})+(\\.\\d+)?%?')"
    cleaned = f"(CASE WHEN {grouped} THEN replace({plain}, ',', '') ELSE {plain} END)"
    return (
        f"(CASE WHEN ends_with({cleaned}, '%') THEN TRY_CAST(rtrim({cleaned}, '%') AS DOUBLE) / 100 "
        f"ELSE TRY_CAST({cleaned} AS DOUBLE) END)"
    )


def parse_sql(kind: str, x: str, dayfirst: bool) -> str:
    if kind in ("key", "text"):
        return x
    if kind in ("float", "money"):
        return number_sql(x)
    if kind == "int":
        d = number_sql(x)
        return f"(CASE WHEN {d} = round({d}) AND abs({d}) < 9e18 THEN CAST({d} AS BIGINT) END)"
    if kind == "ts":
        return ts_sql(x, dayfirst)
    if kind == "date":
        return f"CAST({ts_sql(x, dayfirst)} AS DATE)"
    if kind == "bool":
        return (
            f"(CASE WHEN lower({x}) IN {tuple(TRUE_WORDS)} THEN true "
            f"WHEN lower({x}) IN {tuple(FALSE_WORDS)} THEN false END)"
        )
    raise ValueError(kind)


def field_sql(f, x: str, dayfirst: bool) -> str:
    """The parsed value of field ``f``: its kind's parser, or the canonical spelling of one of its choices."""
    if f.choices:
        whens = " ".join(f"WHEN {_literal(c.lower())} THEN {_literal(c)}" for c in f.choices)
        return f"(CASE lower({x}) {whens} END)"
    return parse_sql(f.kind, x, dayfirst)


def _literal(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"  # code constants only (a field's choices)


def _checked(f) -> bool:
    return f.kind in TYPE_RULE or bool(f.choices)


def _type_rule(f) -> str:
    return "bad_choice" if f.choices else TYPE_RULE[f.kind]


TYPE_RULE = {"int": "type_int", "float": "type_number", "money": "type_number", "ts": "type_date",
             "date": "type_date", "bool": "type_bool"}  # fmt: skip


def build_typed(con: duckdb.DuckDBPyConnection, entity: Entity, positions: dict[str, int], dayfirst: bool) -> None:
    """``typed``: _row (1 = first data row) and every mapped field parsed; ``<field>__bad`` when unparseable."""
    # trimmed text once (inner), parsed once (middle), the "unparseable" flags from both (outer)
    inner = ["rowid + 1 AS _row"] + [f"nullif(trim(c{pos}), '') AS _x{pos}" for pos in positions.values()]
    middle = ["*"] + [f"{field_sql(entity.field(n), f'_x{p}', dayfirst)} AS {n}" for n, p in positions.items()]
    flags = [
        f"(_x{p} IS NOT NULL AND {n} IS NULL) AS {n}__bad" for n, p in positions.items() if _checked(entity.field(n))
    ]
    texts = ", ".join(f"_x{p}" for p in positions.values())
    con.execute(
        f"CREATE OR REPLACE TABLE typed AS SELECT * EXCLUDE ({texts}) {''.join(', ' + f for f in flags)} "
        f"FROM (SELECT {', '.join(middle)} FROM (SELECT {', '.join(inner)} FROM raw))"
    )


def rule_statements(
    entity: Entity, positions: dict[str, int], refs_against: set[str], optional: frozenset[str] = frozenset()
) -> list[tuple[str, str, str]]:
    """(field, rule, SQL condition on ``typed t``) for every row rule that applies to this mapping;
    ``optional``: required fields that may be empty in this load (order lines' customer id, for guests)."""
    rules: list[tuple[str, str, str]] = []
    mapped = set(positions)
    for f in entity.fields:
        if f.name not in mapped:
            continue
        col = f"t.{f.name}"
        if _checked(f):
            rules.append((f.name, _type_rule(f), f"t.{f.name}__bad"))
        if f.required and f.name not in optional:
            extra = f" AND NOT t.{f.name}__bad" if _checked(f) else ""
            rules.append((f.name, "required", f"{col} IS NULL{extra}"))
        if f.kind == "key":
            rules.append((f.name, "key_format", f"length({col}) > {MAX_KEY_LENGTH}"))
        if f.kind in ("ts", "date"):
            rules.append(
                (
                    f.name,
                    "date_out_of_range",
                    f"({col} < DATE '1900-01-01' OR {col} > current_date + INTERVAL 366 DAY)",
                )  # fmt: skip
            )
        if f.kind == "money":
            rules.append((f.name, "too_large", f"abs({col}) > {max_amount()!r}"))
        if f.min_value is not None and not (entity.name == "order_lines" and f.name == "quantity"):
            rules.append((f.name, "too_small", f"{col} < {f.min_value!r}"))
        if f.max_value is not None:
            rules.append((f.name, "too_large", f"{col} > {f.max_value!r}"))
    if entity.name == "order_lines":
        # a negative quantity or amount is a return (the warehouse's convention) unless the row says it is not
        not_return = "t.is_return = false" if "is_return" in mapped else "false"
        if "quantity" in mapped:
            rules.append(("quantity", "quantity_not_positive", f"t.quantity = 0 OR (t.quantity < 0 AND {not_return})"))
        if "revenue" in mapped:
            signs = " OR t.quantity > 0" if "quantity" in mapped else ""
            rules.append(("revenue", "negative_amount", f"t.revenue < 0 AND ({not_return}{signs})"))
    for f in entity.fields:
        if f.name in mapped and f.ref in refs_against:
            rules.append(
                (
                    f.name,
                    "unknown_reference",
                    f"t.{f.name} IS NOT NULL AND NOT EXISTS (SELECT 1 FROM known_keys k WHERE k.entity = '{f.ref}' "
                    f"AND k.source_key = t.{f.name}) AND NOT EXISTS (SELECT 1 FROM known_ids d "
                    f"WHERE d.entity = '{f.ref}' AND d.id = TRY_CAST(t.{f.name} AS BIGINT))",
                )  # fmt: skip
            )
    return rules


def find_errors(
    con,
    entity: Entity,
    positions: dict[str, int],
    refs_against: set[str],
    optional: frozenset[str] = frozenset(),
    extra=(),
) -> None:
    """``errors(_row, field, value, rule)``: every rule (and ``extra`` ones: field, rule, condition on
    ``typed t``), then duplicate keys and inconsistent orders; ``optional`` required fields may be empty."""
    con.execute("CREATE OR REPLACE TABLE errors (_row BIGINT, field VARCHAR, value VARCHAR, rule VARCHAR)")
    checks = rule_statements(entity, positions, refs_against, optional) + list(extra)
    if checks:
        # one scan finds the rows breaking any rule (usually few); each rule then reads only those
        flags = ", ".join(f"coalesce({cond}, false) AS _b{i}" for i, (_, _, cond) in enumerate(checks))
        any_bad = " OR ".join(f"coalesce({cond}, false)" for _, _, cond in checks)
        con.execute(f"CREATE OR REPLACE TEMP TABLE _bad AS SELECT t._row, {flags} FROM typed t WHERE {any_bad}")
        for i, (name, rule, _) in enumerate(checks):
            con.execute(
                f"INSERT INTO errors SELECT b._row, ?, r.c{positions[name]}, ? FROM _bad b "
                f"JOIN raw r ON r.rowid + 1 = b._row WHERE b._b{i}",
                [name, rule],
            )
        con.execute("DROP TABLE _bad")
    key = [k for k in entity.key if k in positions]
    if key and len(key) == len(entity.key):
        cols = ", ".join(key)
        con.execute(
            f"""INSERT INTO errors
            SELECT _row, ?, concat_ws(' / ', {cols}), 'duplicate_key' FROM (
                SELECT _row, {cols}, row_number() OVER (PARTITION BY {cols} ORDER BY _row) AS n
                FROM typed WHERE {" AND ".join(f"{k} IS NOT NULL" for k in key)}
            ) WHERE n > 1""",
            [key[0]],
        )
    if entity.name == "order_lines" and "order_id" in positions:
        same = [
            f"count(DISTINCT {c}) > 1"
            for c in ("customer_id", "order_ts", "channel_id", "partner_id")
            if c in positions
        ]
        con.execute(
            f"""INSERT INTO errors
            SELECT t._row, 'order_id', t.order_id, 'order_inconsistent' FROM typed t
            WHERE t.order_id IN (SELECT order_id FROM typed WHERE order_id IS NOT NULL
                                 GROUP BY order_id HAVING {" OR ".join(same)})"""
        )
    con.execute("CREATE OR REPLACE TABLE valid AS SELECT * FROM typed t WHERE NOT EXISTS "
                "(SELECT 1 FROM errors e WHERE e._row = t._row)")  # fmt: skip


def copy_known_keys(con, warehouse: str | None, refs: set[str]) -> None:
    """``known_keys`` / ``known_ids``: the warehouse's key map and dimension ids, for the reference rule."""
    con.execute("CREATE OR REPLACE TABLE known_keys (entity VARCHAR, source_key VARCHAR, id BIGINT)")
    con.execute("CREATE OR REPLACE TABLE known_ids (entity VARCHAR, id BIGINT)")
    if warehouse is None or not refs:
        return
    con.execute("ATTACH '" + warehouse.replace("'", "''") + "' AS wh (READ_ONLY)")
    try:
        tables = {
            r[0] for r in con.execute("SELECT table_name FROM duckdb_tables() WHERE database_name = 'wh'").fetchall()
        }
        if "import_key_map" in tables:
            con.execute("INSERT INTO known_keys SELECT * FROM wh.import_key_map")
        for ref in sorted(refs):
            table, id_col = REF_TABLES[ref]
            if table in tables:
                con.execute(f"INSERT INTO known_ids SELECT DISTINCT ?, {id_col} FROM wh.{table}", [ref])
    finally:
        con.execute("DETACH wh")


def error_counts(con) -> dict[str, int]:
    return dict(con.execute("SELECT rule, count(*) FROM errors GROUP BY rule ORDER BY rule").fetchall())

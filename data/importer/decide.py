"""Decisions the importer takes from the whole file, and the defaults it applies, counted.

Each function reads the staged ``raw`` text or the ``typed`` values with one SQL statement
over the whole table (never a sample): the day/month order of slash dates, whether a
discount column holds rates or money amounts, which orders differ only in the timestamps
of their lines (reconciled to the earliest), and how many blank quantities and exact
duplicate lines the load will carry. Column and field names come from ``entities``;
file values never reach the SQL text.
"""

from __future__ import annotations

from data.importer.entities import Entity
from data.importer.errors import ImportProblem

SLASH = r"^\s*(\d{1,2})/(\d{1,2})/\d{4}"
MONEY_TOLERANCE = 0.01  # a cent, for comparing a line's revenue with its quantity x price - discount
DISCOUNT_MODES = ("rate", "amount")


def decide_dayfirst(
    con, entity: Entity, positions: dict[str, int], chosen: bool | None, labels: dict[str, str] | None = None
) -> bool | None:
    """Day first or month first for d/m/yyyy dates, from every row of every mapped date column.

    A first number above 12 settles day first, a second number above 12 month first. Both in
    the file is a conflict (refused with example rows); neither, while slash dates are there,
    leaves the order open: the caller's choice (``chosen``) decides, or the load is refused
    with a request to choose. A choice the file contradicts is refused too. Messages name a
    field by its file column (``labels``: field -> column). None: no such dates and no choice.
    """
    labels = labels or {}
    day = month = None  # (column, row, value) of the first evidence
    slashed = None
    for name, pos in positions.items():
        if entity.field(name).kind not in ("date", "ts"):
            continue
        column = f"c{pos}"
        row = con.execute(
            f"""WITH s AS (
                SELECT rowid + 1 AS r, {column} AS v,
                       TRY_CAST(regexp_extract({column}, '{SLASH}', 1) AS INTEGER) AS a,
                       TRY_CAST(regexp_extract({column}, '{SLASH}', 2) AS INTEGER) AS b
                FROM raw)
            SELECT count(a), min(r) FILTER (WHERE a > 12), arg_min(v, r) FILTER (WHERE a > 12),
                   min(r) FILTER (WHERE b > 12), arg_min(v, r) FILTER (WHERE b > 12), arg_min(v, r) FILTER (WHERE a > 0)
            FROM s"""
        ).fetchone()
        label = labels.get(name, name)
        if row[0]:
            slashed = slashed or (label, row[5])
        if row[1] is not None and day is None:
            day = (label, row[1], row[2])
        if row[3] is not None and month is None:
            month = (label, row[3], row[4])
    if day and month:
        raise ImportProblem("import.dates_conflict", day_row=day[1], day_value=day[2], month_row=month[1],
                            month_value=month[2], column=day[0])  # fmt: skip
    evidence = True if day else False if month else None
    if evidence is not None:
        if chosen is not None and chosen != evidence:
            row = day or month
            raise ImportProblem("import.dates_contradict", column=row[0], row=row[1], value=row[2],
                                order="day first" if evidence else "month first")  # fmt: skip
        return evidence
    if chosen is None and slashed:
        raise ImportProblem("import.dates_ambiguous", column=slashed[0], value=slashed[1])
    return chosen


def _gross(positions: dict[str, int]) -> str | None:
    """SQL of a line's list value (quantity x unit price, before any discount) on ``typed t``."""
    if "unit_price" not in positions:
        return None
    qty = "abs(coalesce(t.quantity, 1))" if "quantity" in positions else "1"
    return f"({qty} * t.unit_price)"


def decide_discount(con, positions: dict[str, int], chosen: str | None) -> tuple[str, float]:
    """(mode, scale) of the discount column: ``rate`` (scale 1 for 0-1, 100 for 0-100 %) or ``amount``.

    Every value at most 1 is a rate. Otherwise, with revenue and a list value (quantity x unit
    price) in the file, the reading that reproduces more lines' revenue wins; then a value above
    100 can only be an amount, and one above its line's list value only a percentage. Anything
    else cannot be told from the data: the caller chooses (``--discount amount|rate``).
    """
    if chosen is not None and chosen not in DISCOUNT_MODES:
        raise ImportProblem("import.discount_unknown_mode", mode=chosen)
    gross = _gross(positions)
    fits = "0, 0"
    if gross and "revenue" in positions:
        fits = (
            f"count(*) FILTER (WHERE abs(abs(t.revenue) - ({gross} - t.discount)) <= {MONEY_TOLERANCE}), "
            f"count(*) FILTER (WHERE abs(abs(t.revenue) - {gross} * (1 - t.discount / 100)) <= {MONEY_TOLERANCE})"
        )
    over_gross = f"count(*) FILTER (WHERE t.discount > {gross} + {MONEY_TOLERANCE})" if gross else "0"
    top, above_100, over_line, as_amount, as_percent, example = con.execute(
        f"""SELECT max(t.discount), count(*) FILTER (WHERE t.discount > 100), {over_gross}, {fits},
                   arg_max(t.discount, t.discount)
            FROM typed t WHERE t.discount IS NOT NULL AND t.discount > 1"""
    ).fetchone()
    if chosen == "amount":
        return "amount", 1.0
    if top is None:  # nothing above 1: rates (a file of amounts all below one unit is not a real case)
        return "rate", 1.0
    if chosen == "rate":
        return "rate", 100.0
    if as_amount != as_percent:
        return ("amount", 1.0) if as_amount > as_percent else ("rate", 100.0)
    if above_100:
        return "amount", 1.0
    if over_line:
        return "rate", 100.0
    raise ImportProblem("import.discount_ambiguous", value=f"{example:g}")


def apply_discount(con, positions: dict[str, int], mode: str, scale: float) -> None:
    """Store the discount as the warehouse keeps it (a share of the list value, 0..1) and flag
    values out of range for their unit in ``typed.discount__range``."""
    gross = _gross(positions)
    con.execute("ALTER TABLE typed ADD COLUMN discount__range BOOLEAN DEFAULT false")
    if mode == "amount":
        if gross is None:  # revenue is the net amount: the list value is revenue + discount
            gross = "(abs(t.revenue) + t.discount)"
        con.execute(
            f"""UPDATE typed t SET discount__range = t.discount > {gross} + {MONEY_TOLERANCE},
                   discount = CASE WHEN t.discount = 0 THEN 0 WHEN {gross} > 0 THEN least(t.discount / {gross}, 1) END
               WHERE t.discount IS NOT NULL"""
        )
    else:
        con.execute(
            "UPDATE typed t SET discount__range = t.discount > ?, discount = t.discount / ? "
            "WHERE t.discount IS NOT NULL",
            [scale, scale],
        )


def discount_rule(mode: str) -> tuple[str, str, str]:
    """The row rule of a discount out of range for its unit (the message names the unit)."""
    return ("discount", f"discount_{mode}_range", "t.discount__range")


def reconcile_order_times(con, positions: dict[str, int]) -> tuple[int, int]:
    """Lines of one order that agree on everything the order carries but their timestamps get the
    order's earliest timestamp; returns (orders, lines) changed."""
    if "order_id" not in positions or "order_ts" not in positions:
        return 0, 0
    same = [f"count(DISTINCT {c}) <= 1" for c in ("customer_id", "channel_id", "partner_id") if c in positions]
    con.execute(
        f"""CREATE OR REPLACE TEMP TABLE _first_ts AS
            SELECT order_id, min(order_ts) AS first_ts FROM typed
            WHERE order_id IS NOT NULL AND order_ts IS NOT NULL GROUP BY order_id
            HAVING count(DISTINCT order_ts) > 1 {"".join(" AND " + s for s in same)}"""
    )
    orders, lines = con.execute(
        "SELECT count(DISTINCT f.order_id), count(*) FROM typed t JOIN _first_ts f USING (order_id) "
        "WHERE t.order_ts <> f.first_ts"
    ).fetchone()
    if orders:
        con.execute(
            "UPDATE typed t SET order_ts = f.first_ts FROM _first_ts f "
            "WHERE t.order_id = f.order_id AND t.order_ts IS NOT NULL"
        )
    con.execute("DROP TABLE _first_ts")
    return orders, lines


def count_defaults(con, entity: Entity, positions: dict[str, int]) -> dict[str, int]:
    """What the load of ``valid`` will assume or carry without refusing it: blank quantities
    stored as 1 (units assumed) and exact duplicate lines (loaded, as real files have them)."""
    if entity.name != "order_lines":
        return {}
    fields = ", ".join(positions)
    blank = "t.quantity IS NULL" if "quantity" in positions else "true"
    assumed, duplicates = con.execute(
        f"""SELECT (SELECT count(*) FROM valid t WHERE {blank}),
                   (SELECT coalesce(sum(n - 1), 0) FROM (SELECT count(*) AS n FROM valid GROUP BY {fields}))"""
    ).fetchone()
    return {k: int(v) for k, v in (("quantity_assumed", assumed), ("duplicate_lines", duplicates)) if v}

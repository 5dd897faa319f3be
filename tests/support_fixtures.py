"""A hand-made warehouse for the board, funds and deals: three partners, four customers, order lines
and opportunities whose sums the tests work out by hand."""

from __future__ import annotations

from pathlib import Path

import duckdb

PARTNERS = [(1, "Alpha Trading"), (2, "Beta Agents"), (3, "Gamma Resell")]
CUSTOMERS = [(10, "Kim Home"), (11, "Berlin  Küchen GmbH"), (12, "Ann O'Neil"), (13, "kim HOME")]
# order_id, order_ts, customer, partner, revenue
LINES = [
    (1, "2025-01-10 10:00", 10, 1, 100.0),  # in Q1 2025 (90 days)
    (2, "2024-10-02 23:59", 10, 1, 40.0),  # the day before the 90 days before Q1 (2024-10-03…12-31)
    (3, "2024-12-31 23:59", 11, 1, 60.0),  # last moment of the days before
    (4, "2025-03-31 23:59", 11, 1, 25.0),  # last moment of the period
    (5, "2025-04-01 00:00", 11, 1, 999.0),  # after the period
    (6, "2025-02-01 12:00", 12, 2, 500.0),  # another partner
    (7, "2025-02-02 12:00", 12, None, 700.0),  # direct
]
# opportunity_id, customer, partner, created, stage, amount, expected_close, closed_date
OPPORTUNITIES = [
    (100, 10, 1, "2025-01-05", "Proposal", 1000.0, "2027-02-01", None),  # open, Kim Home
    (101, 10, 2, "2024-12-01", "Closed Won", 2000.0, "2027-02-10", "2025-01-20"),  # closed: never a duplicate
    (102, 13, None, "2025-02-15", "Qualification", 300.0, "2027-04-15", None),  # open, "kim HOME"
    (103, 10, 1, "2024-11-20", "Negotiation", 50.0, "2027-09-01", None),  # open but far from the close
    (104, 11, 1, "2024-10-15", "Prospecting", 80.0, "2027-01-01", None),  # Berlin, in the window before
]


def build_support_warehouse(path: Path) -> Path:
    con = duckdb.connect(str(path))
    con.execute("CREATE TABLE dim_partner(partner_id INTEGER, name VARCHAR)")
    con.executemany("INSERT INTO dim_partner VALUES (?, ?)", PARTNERS)
    con.execute("CREATE TABLE dim_customer(customer_id INTEGER, name VARCHAR)")
    con.executemany("INSERT INTO dim_customer VALUES (?, ?)", CUSTOMERS)
    con.execute(
        "CREATE TABLE fact_order_line(order_id BIGINT, order_ts TIMESTAMP, customer_id INTEGER, partner_id INTEGER, "
        "revenue DOUBLE)"
    )
    con.executemany("INSERT INTO fact_order_line VALUES (?, ?, ?, ?, ?)", LINES)
    con.execute(
        "CREATE TABLE fact_opportunity(opportunity_id BIGINT, customer_id INTEGER, partner_id INTEGER, "
        "created_date DATE, stage VARCHAR, amount DOUBLE, expected_close DATE, closed_date DATE)"
    )
    con.executemany("INSERT INTO fact_opportunity VALUES (?, ?, ?, ?, ?, ?, ?, ?)", OPPORTUNITIES)
    con.close()
    return path


def support_warehouse(folder: Path):
    """The warehouse above published under its own pointer in ``folder``; returns a ``Warehouse``."""
    from data import warehouse as wh

    pointer = Path(folder) / "support.duckdb"
    path = build_support_warehouse(wh.new_version_path(pointer))
    wh.publish(path, pointer)
    return wh.Warehouse(pointer)

"""A hand-made warehouse of partners whose monthly sales follow known trajectories: rising,
falling, stopping, starting late, never starting, without an onboarding date, and a partial last
month (the data ends on 2025-12-10). Each partner has one customer of its own who buys 300 a
month in all; what goes through the partner is its trajectory."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb

from olap.period import add_months

FIRST = dt.date(2023, 1, 1)
MONTHS = [add_months(FIRST, i) for i in range(35)]  # 2023-01 … 2025-11, the complete months
PARTIAL_DAY = dt.date(2025, 12, 10)  # the data's last day: December 2025 is partial


def _flat(value):
    return lambda i, m: value


TRAJECTORIES = {  # partner id: (name, onboarded, revenue through it in month i / first day m)
    1: ("Steady Supply", dt.date(2018, 3, 1), _flat(150.0)),
    2: ("Rising Retail", dt.date(2018, 3, 1), lambda i, m: 40.0 + 6.0 * i),
    3: ("Falling Trading", dt.date(2018, 3, 1), lambda i, m: 150.0 if i < 23 else 150.0 - 11.0 * (i - 22)),
    4: ("Stopped Agencies", dt.date(2019, 6, 1), lambda i, m: 150.0 if m <= dt.date(2025, 3, 1) else 0.0),
    5: ("Quiet Imports", dt.date(2019, 6, 1), lambda i, m: 150.0 if m <= dt.date(2025, 7, 1) else 0.0),
    6: ("Late Living", dt.date(2025, 5, 20), lambda i, m: 100.0 if m >= dt.date(2025, 6, 1) else 0.0),
    7: ("Never Commerce", dt.date(2024, 1, 1), _flat(0.0)),
    8: ("Undated Services", None, lambda i, m: 120.0 if m >= dt.date(2024, 1, 1) else 0.0),
    9: ("Old Undated Distribution", None, _flat(90.0)),
}
EXPECTED_AT_END = {  # 2025-11
    1: "mature",
    2: "growing",
    3: "declining",
    4: "churned",
    5: "dormant",
    6: "new",
    7: "prospect",
    8: "mature",
    9: "mature",
}


def build_trajectory_warehouse(path: Path) -> Path:
    """Write the warehouse (only the columns the stage rules read) and return its path."""
    con = duckdb.connect(str(path))
    con.execute(
        "CREATE TABLE dim_partner(partner_id INTEGER, name VARCHAR, onboarded_date DATE, tier VARCHAR, "
        "status VARCHAR, lifecycle_stage VARCHAR, churned_date DATE)"
    )
    con.execute(  # country, region and the channels: what the pages' catalog reads
        "CREATE TABLE dim_customer(customer_id INTEGER, name VARCHAR, partner_id INTEGER, "
        "country VARCHAR DEFAULT 'Germany', region VARCHAR DEFAULT 'Europe')"
    )
    con.execute("CREATE TABLE dim_channel(channel_id INTEGER, name VARCHAR, channel_group VARCHAR)")
    con.execute("INSERT INTO dim_channel VALUES (1, 'Web shop', 'online'), (5, 'Partner / distributor', 'offline')")
    con.execute(
        "CREATE TABLE fact_order_line(order_id BIGINT, line_no INTEGER, order_ts TIMESTAMP, customer_id INTEGER, "
        "partner_id INTEGER, revenue DOUBLE, cost DOUBLE)"
    )
    lines, order = [], 0
    for pid, (name, onboarded, through) in TRAJECTORIES.items():
        # the warehouse's own columns say the opposite of the truth: the rules must never read them
        con.execute(
            "INSERT INTO dim_partner VALUES (?, ?, ?, 'Platinum', 'churned', 'churned', DATE '2020-01-01')",
            [pid, name, onboarded],
        )
        con.execute(
            "INSERT INTO dim_customer (customer_id, name, partner_id) VALUES (?, ?, ?)",
            [100 + pid, f"Customer of {name}", pid],
        )
        for i, month in enumerate(MONTHS):
            via = through(i, month)
            day = dt.datetime.combine(month, dt.time(10)) + dt.timedelta(days=9)
            for partner, amount in ((pid, via), (None, 300.0 - via)):
                if amount > 0:
                    order += 1
                    lines.append((order, 1, day, 100 + pid, partner, amount, amount / 2))
    # the partial month: a large sale through the stopped partner must not bring it back yet
    lines.append((order + 1, 1, dt.datetime.combine(PARTIAL_DAY, dt.time(9)), 104, 4, 5000.0, 2500.0))
    con.executemany("INSERT INTO fact_order_line VALUES (?, ?, ?, ?, ?, ?, ?)", lines)
    con.close()
    return path

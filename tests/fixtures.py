"""A hand-made tiny warehouse whose KPIs are computed by hand in the tests."""

from __future__ import annotations

from pathlib import Path

import duckdb

from jobs.derive import build_derived

CUSTOMERS = [
    (1, "Kim Home", "B2C", "South Korea", "Asia", "2024-11-01"),
    # signed up long before the first order in the warehouse: never a "new customer"
    (2, "Berlin Küchen GmbH", "B2B", "Germany", "Europe", "2019-03-01"),
    (3, "Ann O'Neil", "B2C", "United States", "North America", "2025-07-01"),
    (4, "Sato Yui", "B2C", "Japan", "Asia", "2025-12-10"),
]
CHANNELS = [(1, "Web shop", "online"), (5, "Partner / distributor", "offline")]
PRODUCTS = [(1, "Kettle", "Kitchen", 10.0, 6.0), (2, "Blender", "Kitchen", 50.0, 30.0)]
# order_id, line_no, ts, customer, product, channel, qty, price, discount
LINES = [
    (1, 1, "2024-11-10 10:00", 1, 1, 1, 2, 10.0, 0.0),
    (1, 2, "2024-11-10 10:00", 1, 2, 1, 1, 50.0, 0.1),
    (7, 1, "2024-10-02 09:00", 2, 2, 5, 4, 50.0, 0.0),
    (2, 1, "2025-10-05 12:00", 1, 1, 1, 1, 10.0, 0.0),
    (3, 1, "2025-11-20 15:00", 1, 2, 5, 2, 50.0, 0.0),
    (4, 1, "2025-12-01 08:00", 2, 2, 5, 10, 50.0, 0.2),
    (5, 1, "2025-07-15 11:00", 3, 1, 1, 3, 10.0, 0.0),
    (6, 1, "2025-12-24 18:00", 3, 1, 1, -1, 10.0, 0.0),
    (8, 1, "2025-12-15 20:00", 4, 1, 1, 5, 10.0, 0.0),
]


def build_tiny_warehouse(path: Path) -> Path:
    """Write the tiny warehouse (contract columns the dashboard reads, plus aggregates)."""
    con = duckdb.connect(str(path))
    con.execute(
        "CREATE TABLE dim_customer(customer_id INTEGER, name VARCHAR, customer_type VARCHAR, country VARCHAR, "
        "region VARCHAR, signup_date DATE)"
    )
    con.executemany("INSERT INTO dim_customer VALUES (?, ?, ?, ?, ?, ?)", CUSTOMERS)
    con.execute("CREATE TABLE dim_channel(channel_id INTEGER, name VARCHAR, channel_group VARCHAR)")
    con.executemany("INSERT INTO dim_channel VALUES (?, ?, ?)", CHANNELS)
    con.execute(
        "CREATE TABLE dim_product(product_id INTEGER, name VARCHAR, category VARCHAR, unit_price DOUBLE, unit_cost DOUBLE)"
    )
    con.executemany("INSERT INTO dim_product VALUES (?, ?, ?, ?, ?)", PRODUCTS)
    con.execute(
        """CREATE TABLE fact_order_line(order_id BIGINT, line_no INTEGER, order_ts TIMESTAMP, customer_id INTEGER,
        product_id INTEGER, channel_id INTEGER, partner_id INTEGER, campaign_id INTEGER, quantity INTEGER,
        unit_price DOUBLE, discount DOUBLE, revenue DOUBLE, cost DOUBLE)"""
    )
    costs = {p[0]: p[4] for p in PRODUCTS}
    rows = [
        (o, n, ts, c, p, ch, None, None, q, price, d, q * price * (1 - d), q * costs[p])
        for o, n, ts, c, p, ch, q, price, d in LINES
    ]
    con.executemany("INSERT INTO fact_order_line VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
    con.execute("CREATE TABLE meta(key VARCHAR, value VARCHAR)")
    con.execute("INSERT INTO meta VALUES ('source', 'fixture'), ('currency', 'USD')")
    build_derived(con)
    con.close()
    return path


def private_copy(source_pointer, folder, own_lineage: bool = False):
    """A copy of a published warehouse under its own pointer in ``folder`` (a test that publishes
    new versions — loads, score publishing, customer changes — leaves the shared one alone).

    ``own_lineage``: the copy is another warehouse altogether (a lineage of its own), so what other
    tests recorded for the shared one — erasures, launched campaigns, segment tables — is not its."""
    import shutil
    from pathlib import Path

    from data import warehouse as wh

    pointer = Path(folder) / "xrm.duckdb"
    path = wh.new_version_path(pointer)
    shutil.copyfile(wh.current_path(source_pointer), path)
    if own_lineage:
        con = duckdb.connect(str(path))
        try:
            con.execute("DELETE FROM meta WHERE key = ?", [wh.LINEAGE_KEY])
            con.execute("INSERT INTO meta VALUES (?, ?)", [wh.LINEAGE_KEY, wh.new_lineage()])
        finally:
            con.close()
    wh.publish(path, pointer)
    return pointer

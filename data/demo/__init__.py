"""Demo warehouse generator: three years of a fictional Korean exporter's customer data.

``python -m data.demo OUT.duckdb --scale 1 --seed 7 [--end-date 2025-12-31] [--force]``

Hanbit Living Co., Ltd. (Seoul) sells kitchen appliances, cookware, home-comfort and beauty devices,
commercial kitchen equipment and spare parts to consumers and businesses in 35 countries, online and
offline, in USD. One ``np.random.default_rng(seed)`` drawn in a fixed order, fully vectorised: a seed
gives byte-identical tables, whatever ``chunk``. In bounded memory: the web sessions (the biggest table)
are drawn once to record where each block of each draw starts in the stream (``calendar.replay_states``),
then drawn again block by block, spilled to scratch files by spans of days and sorted a span at a time;
the order lines are held in narrow columns and written a chunk at a time; DuckDB's memory limit is lowered
while a file database is written (``GENERATE_MEMORY``). The steps: ``world`` (constants), ``calendar`` (intensities, sampling),
``people`` (products, partners, customers), ``taste`` (each customer's usual product and favourite
product line, from a stream of its own), ``sales`` (orders and lines, with ``service`` tickets and
``marketing`` campaigns woven in; sessions), ``write`` (Arrow into DuckDB). The planted patterns are
checked by tests/test_generator.py, the planted campaign effects by tests/test_planted_campaigns.py.
"""

from __future__ import annotations

import datetime as dt

import duckdb
import numpy as np

from data.demo import write as w
from data.demo.calendar import make_calendar, sorted_by
from data.demo.marketing import plan_sessions, plant_unsubscribes
from data.demo.people import make_customers, make_partners, make_products, with_tiers
from data.demo.sales import simulate_sales
from data.demo.service import STAGE_SEED, make_opportunities, make_stage_history
from data.demo.taste import make_taste
from data.demo.world import BASE_CUSTOMERS, BASE_LINES, CHANNELS, LINES_ADJUST, SEGMENT_DEFS, WRITE_CHUNK
from data.schema import create_schema
from data.warehouse import memory_limited

GENERATE_MEMORY = "1GB"  # DuckDB's memory limit on a file database while the demo is written into it


def generate(
    con: duckdb.DuckDBPyConnection,
    scale: float = 1.0,
    seed: int = 7,
    end_date: dt.date = dt.date(2025, 12, 31),
    chunk: int = WRITE_CHUNK,
) -> dict[str, int]:
    """Write every warehouse table of the demo into ``con``, an empty read-write database.

    ``scale`` multiplies the volume (1: ~20k customers and ~1M order lines; 0.02 for tests, 10 for
    benchmarks); one ``seed`` always gives identical tables; the history is the three years ending on
    ``end_date``. ``chunk`` bounds the rows drawn and written at a time (memory; the tables do not depend on
    it). Returns the row count of every table. Each insert commits on its own (one transaction
    would hold every row in memory): after a failure, discard the database.
    """
    if not scale > 0:
        raise ValueError(f"scale must be positive, got {scale}")
    if not chunk >= 1:
        raise ValueError(f"chunk must be at least 1, got {chunk}")
    file_backed = con.execute(
        "SELECT path IS NOT NULL FROM duckdb_databases() WHERE database_name = current_database()"
    ).fetchall()[0][0]
    if not file_backed:
        return _generate(con, scale, seed, end_date, chunk)
    with memory_limited(con, GENERATE_MEMORY):  # written blocks need not stay cached: DuckDB's share stays small
        return _generate(con, scale, seed, end_date, chunk)


def _generate(con: duckdb.DuckDBPyConnection, scale: float, seed: int, end_date: dt.date, chunk: int) -> dict[str, int]:
    rng = np.random.default_rng(seed)
    cal = make_calendar(end_date)
    products = make_products(rng, cal)
    partners = make_partners(rng, cal)
    cust = make_customers(rng, cal, max(int(round(BASE_CUSTOMERS * scale)), 50), partners)
    partners = with_tiers(partners, cust.partner)
    taste = make_taste(seed, cust, products)  # a stream of its own: other draws untouched
    sales = simulate_sales(rng, cal, cust, partners, products, BASE_LINES * scale * LINES_ADJUST, taste)
    orders, lines, contacts, tickets, n_kept = sales.orders, sales.lines, sales.contacts, sales.tickets, sales.n_kept
    order_id = np.empty(len(orders.cust), dtype=np.int64)
    order_id[sorted_by(orders.ts)] = np.arange(1, len(orders.cust) + 1)  # ids follow time

    create_schema(con)
    counts = {
        "meta": w.write_meta(con, cal, scale, seed),
        "dim_date": w.insert(con, "dim_date", w.dim_date(cal)),
        "dim_channel": w.insert(con, "dim_channel", w.by_column("dim_channel", CHANNELS)),
        "dim_segment": w.insert(con, "dim_segment", w.by_column("dim_segment", SEGMENT_DEFS)),
        "dim_product": w.write_products(con, cal, products),
        "dim_partner": w.write_partners(con, cal, partners),
        "dim_customer": w.write_customers(con, cal, cust, orders, sales.acquisition[0]),
        "dim_campaign": w.insert(con, "dim_campaign", w.by_column("dim_campaign", sales.campaigns)),
        "fact_order_line": len(lines.order),
    }
    del sales  # the lines are the largest arrays: free them once written
    order_revenue = w.write_order_lines(con, cal, products, orders, lines, order_id, chunk)
    del lines
    unsubscribed = plant_unsubscribes(seed, cal, contacts)  # a stream of its own: other draws untouched
    counts["fact_campaign_contact"] = w.write_contacts(con, cal, contacts, order_id, n_kept, unsubscribed)
    counts["fact_service_ticket"] = w.write_tickets(con, cal, tickets, order_id)
    opportunities = make_opportunities(rng, cal, cust, partners, orders, order_id, order_revenue)
    counts["fact_opportunity"] = w.write_opportunities(con, cal, opportunities)
    history = make_stage_history(np.random.default_rng([seed, STAGE_SEED]), cal, opportunities)  # its own draws
    counts["fact_opportunity_stage"] = w.write_stage_history(con, cal, history)
    del order_revenue, opportunities, history, contacts, tickets
    plan = plan_sessions(rng, cal, cust, orders, chunk)
    counts["fact_web_session"] = w.write_sessions(rng, con, cal, cust, orders, plan, order_id, chunk)
    return counts

"""Demo warehouse generator: three years of a fictional Korean exporter's customer data.

``python -m data.demo OUT.duckdb --scale 1 --seed 7 [--end-date 2025-12-31] [--force]``

Hanbit Living Co., Ltd. (Seoul) sells kitchen appliances, cookware, home-comfort and beauty devices,
commercial kitchen equipment and spare parts to consumers and businesses in 35 countries, online and
offline, in USD. One ``np.random.default_rng(seed)`` drawn in a fixed order, fully vectorised: a seed
gives byte-identical tables, whatever ``chunk``. In bounded memory: the sales are simulated a cohort of
customers at a time (``cohorts``: beyond the first, each cohort draws from a stream of its own), their
lines spilled to scratch files by spans of days and written span by span in id order, their contacts by
campaign; the web sessions (the biggest table) are drawn once to record where each block of each draw
starts in the stream (``calendar.replay_states``), then drawn again block by block, spilled to scratch
files by spans of days and sorted a span at a time; DuckDB's memory limit is lowered while a file
database is written (``GENERATE_MEMORY``). The steps: ``world`` (constants), ``calendar`` (intensities, sampling),
``people`` (products, partners, customers), ``taste`` (each customer's usual product and favourite
product line, from a stream of its own), ``cohorts`` (the sales a cohort at a time), ``sales`` (orders and lines, with ``service`` tickets and
``marketing`` campaigns woven in; sessions), ``write`` (Arrow into DuckDB). The planted patterns are
checked by tests/test_generator.py, the planted campaign effects by tests/test_planted_campaigns.py.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

import duckdb
import numpy as np

from data.demo import write as w
from data.demo.calendar import make_calendar, sorted_by
from data.demo.cohorts import CONTACT, Cohorts, OrderBook, simulate
from data.demo.marketing import Contacts, campaign_rows, plan_sessions, plant_unsubscribes, unsubscribe_streams
from data.demo.people import make_customers, make_partners, make_products, with_tiers, without_descriptions
from data.demo.service import STAGE_SEED, make_opportunities, make_stage_history
from data.demo.taste import make_taste
from data.demo.world import BASE_CUSTOMERS, BASE_LINES, CHANNELS, COHORT, LINES_ADJUST, SEGMENT_DEFS, WRITE_CHUNK
from data.schema import create_schema
from data.warehouse import memory_limited

MIN_COHORT = 1_000  # customers: a cohort holds enough orders for its campaigns to be drawn (no empty one)
GENERATE_MEMORY = "256MB"  # DuckDB's memory limit on a file database while the demo is written into it


def generate(
    con: duckdb.DuckDBPyConnection,
    scale: float = 1.0,
    seed: int = 7,
    end_date: dt.date = dt.date(2025, 12, 31),
    chunk: int = WRITE_CHUNK,
    cohort: int = COHORT,
) -> dict[str, int]:
    """Write every warehouse table of the demo into ``con``, an empty read-write database.

    ``scale`` multiplies the volume (1: ~20k customers and ~1M order lines; 0.02 for tests, 10 for
    benchmarks); one ``seed`` always gives identical tables; the history is the three years ending on
    ``end_date``. ``chunk`` bounds the rows drawn and written at a time (memory; the tables do not depend on
    it). ``cohort``: the customers whose sales are simulated at a time (``data.demo.cohorts``: memory; a demo
    of one cohort is the same whatever its size, more cohorts draw from more streams). Returns the row count
    of every table. Each insert commits on its own (one transaction
    would hold every row in memory): after a failure, discard the database.
    """
    if not scale > 0:
        raise ValueError(f"scale must be positive, got {scale}")
    if not chunk >= 1:
        raise ValueError(f"chunk must be at least 1, got {chunk}")
    if not cohort >= MIN_COHORT:
        raise ValueError(f"cohort must be at least {MIN_COHORT:,} customers, got {cohort}")
    file_backed = con.execute(
        "SELECT path IS NOT NULL FROM duckdb_databases() WHERE database_name = current_database()"
    ).fetchall()[0][0]
    if not file_backed:
        return _generate(con, scale, seed, end_date, chunk, cohort)
    with memory_limited(con, GENERATE_MEMORY):  # written blocks need not stay cached: DuckDB's share stays small
        return _generate(con, scale, seed, end_date, chunk, cohort)


def _generate(con: duckdb.DuckDBPyConnection, scale: float, seed: int, end_date: dt.date, chunk: int,
              cohort: int) -> dict[str, int]:  # fmt: skip
    rng = np.random.default_rng(seed)
    cal = make_calendar(end_date)
    products = make_products(rng, cal)
    partners = make_partners(rng, cal)
    cust = make_customers(rng, cal, max(int(round(BASE_CUSTOMERS * scale)), 50), partners)
    partners = with_tiers(partners, cust.partner)
    taste = make_taste(seed, cust, products)  # a stream of its own: other draws untouched
    target_lines = BASE_LINES * scale * LINES_ADJUST
    span_days = max(1, int(cal.n_days * chunk // max(target_lines, 1)))  # about ``chunk`` lines a span
    with tempfile.TemporaryDirectory(prefix="xrm-demo-") as folder:
        book = OrderBook(Path(folder), span_days)
        partners = simulate(cal, cust, partners, products, taste, Cohorts(rng, seed, cust, cohort), target_lines, book)
        del taste
        orders = book.orders()
        order_id = np.empty(book.n, dtype=np.int32 if book.n < 2**31 else np.int64)
        order_id[sorted_by(orders.ts)] = np.arange(1, book.n + 1)  # ids follow time

        create_schema(con)
        counts = {
            "meta": w.write_meta(con, cal, scale, seed),
            "dim_date": w.insert(con, "dim_date", w.dim_date(cal)),
            "dim_channel": w.insert(con, "dim_channel", w.by_column("dim_channel", CHANNELS)),
            "dim_segment": w.insert(con, "dim_segment", w.by_column("dim_segment", SEGMENT_DEFS)),
            "dim_product": w.write_products(con, cal, products),
            "dim_partner": w.write_partners(con, cal, partners),
            "dim_customer": w.write_customers(
                con, cal, cust, np.concatenate(book.preferred), np.concatenate(book.acquisition)
            ),
            "dim_campaign": w.insert(
                con, "dim_campaign", w.by_column("dim_campaign", campaign_rows(cal, book.draws, book.n_target))
            ),
        }
        cust = without_descriptions(cust)
        n_spans = (cal.n_days - 1) // span_days + 1
        counts["fact_order_line"] = w.write_order_lines(
            con, cal, products, orders, order_id, [book.line_file(s) for s in range(n_spans)], chunk
        )
        n_campaigns = len(book.draws)
        streams = unsubscribe_streams(seed, [int(n) for n in np.broadcast_to(book.contacts_per_campaign, n_campaigns)])
        contacts = 0
        for cid, (delay, chance) in enumerate(streams, 1):
            rows = np.fromfile(book.contact_file(cid), dtype=CONTACT) if book.contact_file(cid).exists() else None
            if rows is None:
                continue
            unsubscribed = plant_unsubscribes(cal, Contacts(**{n: rows[n] for n in CONTACT.names}), delay, chance)
            contacts += w.write_contacts(con, cal, rows, order_id, unsubscribed)
        counts["fact_campaign_contact"] = contacts
        if (counts["fact_order_line"], contacts) != (book.n_lines, int(np.sum(book.contacts_per_campaign))):
            raise RuntimeError("the demo's spilled lines or contacts were not all written back")  # never silently short
    counts["fact_service_ticket"] = w.write_tickets(con, cal, book.all_tickets(), order_id)
    opportunities = make_opportunities(rng, cal, cust, partners, orders, order_id, np.concatenate(book.revenue))
    counts["fact_opportunity"] = w.write_opportunities(con, cal, opportunities)
    history = make_stage_history(np.random.default_rng([seed, STAGE_SEED]), cal, opportunities)  # its own draws
    counts["fact_opportunity_stage"] = w.write_stage_history(con, cal, history)
    del book, opportunities, history
    plan = plan_sessions(rng, cal, cust, orders, chunk)
    counts["fact_web_session"] = w.write_sessions(rng, con, cal, cust, orders, plan, order_id, chunk)
    return counts

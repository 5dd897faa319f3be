"""Writing the generated records into the warehouse: Arrow columns appended to the schema's tables."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

import duckdb
import numpy as np
import pyarrow as pa

from data.demo.calendar import Calendar, blocks, take
from data.demo.cohorts import LINE
from data.demo.marketing import SESSION_BLOCK, SessionPlan, Sessions, session_attributes, session_blocks
from data.demo.people import Customers, Partners, Products
from data.demo.sales import Orders
from data.demo.service import Opportunities, StageHistory, Tickets
from data.demo.world import (
    CHURNED,
    COMPANY,
    COUNTRIES,
    DAY,
    DEVICES,
    OPEN_STAGES,
    PARTNER_TYPES,
    REGIONS,
    SEGMENTS,
    SOURCES,
    STAGES,
    TICKET_CATEGORIES,
    TIERS,
)  # fmt: skip
from data.schema import columns


def _ts(cal: Calendar, secs, null=None) -> pa.Array:
    return pa.array((np.asarray(secs, dtype=np.int64) + cal.epoch_s).astype("datetime64[s]"), mask=null)


def _date(cal: Calendar, days, null=None) -> pa.Array:
    return pa.array(np.datetime64(cal.start, "D") + np.asarray(days, dtype=np.int64), mask=null)


def _labels(codes, labels, null=None) -> pa.Array:
    """A dictionary-encoded string column (stored as VARCHAR)."""
    indices = pa.array(np.asarray(codes, dtype=np.int32), mask=null)
    return pa.DictionaryArray.from_arrays(indices, pa.array(list(labels), pa.string()))


def _ids(values, null=None) -> pa.Array:
    """1-based ids from 0-based indices; ``null`` (or negative indices) become NULL."""
    values = np.asarray(values, dtype=np.int64)
    return pa.array(values + 1, mask=values < 0 if null is None else null)


def insert(con: duckdb.DuckDBPyConnection, table: str, data: dict) -> int:
    """Append columns (names as in the DDL) to ``table`` through a registered Arrow table."""
    arrow = pa.table(data)
    if sorted(arrow.column_names) != sorted(columns(table)):
        raise ValueError(
            f"{table}: columns {sorted(arrow.column_names)} differ from the schema {sorted(columns(table))}"
        )
    con.register("xrm_generate_src", arrow)
    try:
        con.execute(f"INSERT INTO {table} BY NAME SELECT * FROM xrm_generate_src")
    finally:
        con.unregister("xrm_generate_src")
    return arrow.num_rows


def dim_date(cal: Calendar) -> dict:
    import pandas as pd

    days = pd.DatetimeIndex(np.datetime64(cal.start, "D") + np.arange(cal.n_days))
    iso = days.isocalendar()
    return {
        "date_key": pa.array(days.values.astype("datetime64[D]")),
        "year": days.year.to_numpy(np.int32),
        "quarter": days.quarter.to_numpy(np.int32),
        "month": days.month.to_numpy(np.int32),
        "month_start": pa.array(days.values.astype("datetime64[M]").astype("datetime64[D]")),
        "week": iso["week"].to_numpy(np.int32),
        "iso_year": iso["year"].to_numpy(np.int32),
        "day_of_week": iso["day"].to_numpy(np.int32),
        "is_weekend": iso["day"].to_numpy() >= 6,
    }


def by_column(table: str, rows: list[tuple]) -> dict[str, list]:
    names = columns(table)
    return {name: [row[i] for row in rows] for i, name in enumerate(names)}


def write_meta(con, cal: Calendar, scale: float, seed: int) -> int:
    rows = {
        "source": "demo",
        "seed": str(seed),
        "scale": f"{scale:g}",
        "end_date": cal.end.isoformat(),
        "history_start": cal.start.isoformat(),
        "generated_at": f"{cal.end + dt.timedelta(days=1)}T00:00:00",  # from end_date: builds stay identical
        "currency": "USD",
        "company": COMPANY,
    }
    return insert(con, "meta", {"key": list(rows), "value": list(rows.values())})


def write_products(con, cal: Calendar, products: Products) -> int:
    return insert(con, "dim_product", {
        "product_id": np.arange(1, products.n + 1), "name": products.name, "category": products.category,
        "subcategory": products.subcategory, "unit_price": products.price, "unit_cost": products.cost,
        "launch_date": _date(cal, products.launch_day), "sku": products.sku,
    })  # fmt: skip


def write_partners(con, cal: Calendar, partners: Partners) -> int:
    churned = partners.stage == CHURNED
    return insert(con, "dim_partner", {
        "partner_id": np.arange(1, partners.n + 1), "name": partners.name,
        "partner_type": _labels(partners.ptype, PARTNER_TYPES),
        "country": np.array([COUNTRIES[c].name for c in partners.country], dtype=object),
        "region": np.array([COUNTRIES[c].region for c in partners.country], dtype=object),
        "tier": _labels(partners.tier, TIERS), "onboarded_date": _date(cal, partners.onboard_day),
        "status": np.where(churned, "churned", "active").astype(object),
        "lifecycle_stage": _labels(partners.stage, STAGES),
        "churned_date": _date(cal, np.where(churned, partners.churn_day, 0), null=~churned),
    })  # fmt: skip


def write_customers(con, cal: Calendar, cust: Customers, preferred: np.ndarray, acquisition: np.ndarray) -> int:
    """The customers; ``preferred`` and ``acquisition``: each one's channels (``cohorts.preferred_channels``)."""
    region = np.array([REGIONS.index(c.region) for c in COUNTRIES])[cust.country]
    return insert(con, "dim_customer", {
        "customer_id": np.arange(1, cust.n + 1, dtype=np.int64), "name": cust.name,
        "customer_type": _labels(cust.ctype, ("B2C", "B2B")), "gender": cust.gender,
        "birth_year": pa.array(cust.birth_year, mask=cust.birth_year < 0), "occupation": cust.occupation,
        "industry": cust.industry, "country": _labels(cust.country, [c.name for c in COUNTRIES]),
        "region": _labels(region, REGIONS), "city": _labels(cust.city, cust.city_names),
        "signup_date": _date(cal, cust.signup_day), "acquisition_channel_id": acquisition,
        "preferred_channel_id": preferred, "email_opt_in": cust.opt_in, "partner_id": _ids(cust.partner),
        "segment": _labels(cust.seg, SEGMENTS), "email": cust.email, "company": cust.company,
        "signup_derived": np.zeros(cust.n, dtype=bool), "is_guest": np.zeros(cust.n, dtype=bool),
    })  # fmt: skip


def write_order_lines(con, cal: Calendar, products: Products, orders: Orders, order_id: np.ndarray,
                      files: list[Path], chunk: int) -> int:  # fmt: skip
    """Write the spilled order lines (``cohorts.LINE`` rows; ``files`` in the order of their spans of days)
    sorted by order id, then line number, at most ``chunk`` rows per insert; each file is deleted once
    read. An order's lines all lie in one span, and ids follow time, so span after span is id order."""
    written = 0
    for path in files:
        if not path.exists():
            continue
        rows = np.fromfile(path, dtype=LINE)
        path.unlink()
        key = order_id[rows["idx"]].astype(np.int64) * 64 + rows["line_no"]  # unique: at most 40 lines an order
        rows = rows[np.argsort(key)]
        for lo in range(0, len(rows), max(chunk, 1)):
            part = rows[lo : lo + max(chunk, 1)]
            o, product, qty, discount = part["idx"], part["product"], part["qty"], part["discount"]
            price = products.price[product]
            insert(con, "fact_order_line", {
                "order_id": order_id[o], "line_no": part["line_no"].astype(np.int32), "order_ts": _ts(cal, orders.ts[o]),
                "customer_id": orders.cust[o].astype(np.int64) + 1, "product_id": product.astype(np.int64) + 1,
                "channel_id": orders.channel[o].astype(np.int64), "partner_id": _ids(orders.partner[o]),
                "campaign_id": pa.array(orders.campaign[o].astype(np.int64), mask=orders.campaign[o] < 0),
                "quantity": qty, "unit_price": price, "discount": discount,
                "revenue": qty * price * (1 - discount), "cost": qty * products.cost[product],
            })  # fmt: skip
            written += len(part)
    return written


def write_contacts(con, cal: Calendar, c: np.ndarray, order_id: np.ndarray, unsubscribed: np.ndarray) -> int:
    """One campaign's contacts (``cohorts.CONTACT`` rows, ``order`` an order's index or -1); ``unsubscribed``:
    seconds per contact, -1 none (``marketing.plant_unsubscribes``)."""
    none = pa.nulls(len(c))
    index = c["order"]
    return insert(con, "fact_campaign_contact", {
        "campaign_id": c["campaign"].astype(np.int64), "customer_id": c["cust"].astype(np.int64) + 1,
        "group_name": _labels(c["control"].astype(np.int8), ("target", "control")),
        "channel_id": c["channel"].astype(np.int64),
        "sent_ts": _ts(cal, c["sent"], null=c["sent"] < 0), "delivered": c["delivered"],
        "opened_ts": _ts(cal, c["opened"], null=c["opened"] < 0),
        "clicked_ts": _ts(cal, c["clicked"], null=c["clicked"] < 0),
        "converted_ts": _ts(cal, c["converted"], null=c["converted"] < 0),
        "converted_order_id": pa.array(order_id[np.maximum(index, 0)], mask=index < 0),
        "unsubscribed_ts": _ts(cal, unsubscribed, null=unsubscribed < 0),
        "survey_answer": none.cast(pa.string()), "survey_score": none.cast(pa.int32()),
    })  # fmt: skip


def write_tickets(con, cal: Calendar, t: Tickets, order_id: np.ndarray) -> int:
    t = take(t, np.lexsort((t.cust, t.opened)))
    is_open = t.closed < 0
    return insert(con, "fact_service_ticket", {
        "ticket_id": np.arange(1, len(t.cust) + 1, dtype=np.int64), "customer_id": t.cust + 1,
        "opened_ts": _ts(cal, t.opened), "closed_ts": _ts(cal, t.closed, null=is_open), "channel_id": t.channel,
        "category": _labels(t.category, TICKET_CATEGORIES), "product_id": t.product + 1,
        "status": _labels(is_open.astype(np.int8), ("closed", "open")),
        "satisfaction": pa.array(t.sat, mask=t.sat == 0), "order_id": order_id[t.order],
    })  # fmt: skip


def write_opportunities(con, cal: Calendar, o: Opportunities) -> int:
    is_open = o.won < 0
    return insert(con, "fact_opportunity", {
        "opportunity_id": np.arange(1, len(o.cust) + 1, dtype=np.int64), "customer_id": o.cust + 1,
        "partner_id": _ids(o.partner), "owner": _labels(o.owner, o.reps), "created_date": _date(cal, o.created),
        "stage": _labels(o.stage, OPEN_STAGES + ("Closed Won", "Closed Lost")), "amount": o.amount,
        "expected_close": _date(cal, o.expected), "closed_date": _date(cal, o.closed, null=is_open),
        "won": pa.array(o.won == 1, mask=is_open), "order_id": pa.array(o.order, mask=o.order < 0),
    })  # fmt: skip


def write_stage_history(con, cal: Calendar, h: StageHistory) -> int:
    h = take(h, np.lexsort((h.entered, h.opp)))
    return insert(con, "fact_opportunity_stage", {
        "opportunity_id": h.opp.astype(np.int64) + 1,
        "stage": _labels(h.stage, OPEN_STAGES + ("Closed Won", "Closed Lost")), "entered_ts": _ts(cal, h.entered),
    })  # fmt: skip


SESSION_INSERT = 500_000  # sessions per insert (their attributes are drawn SESSION_BLOCK at a time)
_SPILL = np.dtype([("start", "<i4"), ("pos", "<i8"), ("ord", "<i4"), ("cust", "<i4"), ("channel", "i1")])


def write_sessions(
    rng, con, cal: Calendar, cust: Customers, orders: Orders, plan: SessionPlan, order_id: np.ndarray, chunk: int
) -> int:
    """Write the sessions, ids following start time, in bounded memory (scale 50 has 200 million).

    The days of the history are cut into spans of about ``chunk`` sessions (``plan.day_counts``); the
    unsorted blocks of ``session_blocks`` are spilled to one scratch file per span, and each span in
    turn is read back and sorted by start time (ties by position); the sorted sessions go on
    ``SESSION_BLOCK`` at a time to draw their attributes (the draws' order, so these blocks are part of
    what a seed builds) and are appended.
    """
    countries = [c.name for c in COUNTRIES]
    span_end = _day_spans(plan.day_counts, chunk)  # first day after each span
    with tempfile.TemporaryDirectory(prefix="xrm-demo-sessions-") as folder:
        files = [Path(folder) / f"span-{i}.bin" for i in range(len(span_end))]
        for block in session_blocks(rng, plan, cust, orders):
            rows = np.empty(len(block["start"]), dtype=_SPILL)
            for name in _SPILL.names:
                rows[name] = block[name]
            span = np.searchsorted(span_end, rows["start"] // DAY, side="right").astype(np.int16)  # < 1,100 days
            by_span = np.argsort(span, kind="stable")  # a radix sort on 16 bits
            rows, span = rows[by_span], span[by_span]
            cuts = np.searchsorted(span, np.arange(len(span_end) + 1))
            for i in np.flatnonzero(np.diff(cuts)):
                with open(files[i], "ab") as f:
                    rows[cuts[i] : cuts[i + 1]].tofile(f)
        lo = 0
        for block in _exact_blocks(_sorted_spans(files), SESSION_BLOCK):
            attributes = session_attributes(rng, cal, cust, block)
            for i, j in blocks(len(block.start), min(chunk, SESSION_INSERT)):  # smaller inserts: less Arrow at once
                part, a = take(block, slice(i, j)), {k: v[i:j] for k, v in attributes.items()}
                insert(con, "fact_web_session", {
                    "session_id": np.arange(lo + 1, lo + len(part.start) + 1, dtype=np.int64),
                    "customer_id": pa.array(part.cust + 1, mask=part.cust < 0), "start_ts": _ts(cal, part.start),
                    "channel_id": part.channel, "source": _labels(a["source"], SOURCES),
                    "device": _labels(a["device"], DEVICES), "country": _labels(a["country"], countries),
                    "pages_viewed": a["pages"].astype(np.int32), "product_views": a["views"].astype(np.int32),
                    "cart_adds": a["carts"].astype(np.int32),
                    "order_id": pa.array(order_id[np.maximum(part.order, 0)], mask=part.order < 0),
                })  # fmt: skip
                lo += len(part.start)
            del attributes
    return lo


def _day_spans(day_counts: np.ndarray, size: int) -> np.ndarray:
    """Cut the days into spans of whole days holding at most ``size`` rows (or one day each, when a day
    holds more): the first day after each span."""
    ends, held = [], 0
    for day, count in enumerate(day_counts.tolist()):
        if held and held + count > size:
            ends.append(day)
            held = 0
        held += count
    ends.append(len(day_counts))
    return np.array(ends, dtype=np.int64)


def _sorted_spans(files: list[Path]):
    """The spilled sessions span by span, each span sorted by start time, ties by position."""
    for path in files:
        if not path.exists():
            continue
        rows = np.fromfile(path, dtype=_SPILL)
        path.unlink()
        key = (rows["start"].astype(np.int64) << 36) | rows["pos"]  # starts < 2**27 s, positions < 2**36: unique
        yield rows[np.argsort(key)]


def _exact_blocks(spans, size: int):
    """Sorted sessions from sorted spans of rows, ``size`` at a time (the last one shorter)."""
    pending: list[np.ndarray] = []
    held = 0
    for rows in spans:
        pending.append(rows)
        held += len(rows)
        while held >= size:
            rows = np.concatenate(pending)
            yield _sessions(rows[:size])
            pending, held = [rows[size:]], len(rows) - size
    if held:
        yield _sessions(np.concatenate(pending))


def _sessions(rows: np.ndarray) -> Sessions:
    return Sessions(start=rows["start"].copy(), order=rows["ord"].copy(), cust=rows["cust"].copy(),
                    channel=rows["channel"].copy())  # fmt: skip


# ---------------------------------------------------------------- command line

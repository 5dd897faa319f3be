"""Rollups answer exactly what the fact tables answer; the result cache follows the data version."""

import collections
import random
import shutil

import duckdb
import pandas as pd
import pytest

from data.warehouse import Warehouse, current_path, new_version_path, publish
from jobs.build import refresh_derived
from olap import engine, rollups
from olap.cube import SCORE_DIMS
from olap.query import make_spec
from tests.specgen import members_by_level, random_spec


@pytest.fixture(scope="module")
def demo(demo_pointer):
    return Warehouse(demo_pointer)


@pytest.fixture(scope="module")
def members(demo):
    return members_by_level(demo.cursor())


def same_answer(spec, a: pd.DataFrame, b: pd.DataFrame) -> None:
    keys = list(spec.group_levels)
    if spec.limit is not None:
        # Sums added in another order may differ in the last bit and reorder exact ties at
        # the cut-off: compare the ordered values of the sort column, and every row both have.
        sort = spec.sort or spec.measures[0]
        assert len(a) == len(b)
        assert a[sort].tolist() == pytest.approx(b[sort].tolist(), rel=1e-9, nan_ok=True)
        if keys:
            both = a.merge(b, on=keys, suffixes=("", "_fact"))
            for m in spec.measures:
                assert both[m].tolist() == pytest.approx(both[m + "_fact"].tolist(), rel=1e-9, nan_ok=True)
        return
    if keys:
        a = a.sort_values(keys).reset_index(drop=True)
        b = b.sort_values(keys).reset_index(drop=True)
    pd.testing.assert_frame_equal(a, b, check_exact=False, rtol=1e-9, check_dtype=False)


def test_every_rollup_is_built_and_catalogued(demo):
    catalog = rollups.catalog(demo.cursor())
    assert set(catalog) == set(rollups.BY_NAME)
    for name, n in catalog.items():
        table = rollups.BY_NAME[name].table
        assert demo.cursor().execute(f"SELECT count(*) FROM {table}").fetchone()[0] == n > 0


def test_rollup_totals_equal_the_fact_table(demo):
    cur = demo.cursor()
    fact = cur.execute(
        "SELECT sum(revenue), count(DISTINCT order_id), sum(quantity), count(DISTINCT customer_id) FROM fact_order_line"
    ).fetchone()
    for name in ("sales_m_top", "sales_m_core", "sales_d_top", "sales_m_customer"):
        revenue, orders, units = cur.execute(
            f"SELECT sum(revenue), sum(orders), sum(units) FROM {rollups.BY_NAME[name].table}"
        ).fetchone()
        assert (revenue, orders, units) == (pytest.approx(fact[0]), fact[1], fact[2])
    customers = cur.execute("SELECT count(DISTINCT customer_id) FROM rollup_sales_m_customer").fetchone()[0]
    assert customers == fact[3]


def test_random_specs_answer_the_same_from_rollups_and_facts(demo, members):
    cur = demo.cursor()
    start, end = cur.execute("SELECT min(order_ts)::DATE, max(order_ts)::DATE FROM fact_order_line").fetchone()
    rng = random.Random(20261124)
    sources = collections.Counter()
    # score dimensions (published model scores) are never in a rollup: those specs always go to
    # the facts, so they are drawn only one time in six, to keep the rollups well exercised
    for i in range(300):
        skip = () if i % 6 == 0 else SCORE_DIMS
        spec = random_spec(rng, members, start, end, skip_dims=skip)
        routed = engine.execute_with_info(spec, demo, use_cache=False)
        fact = engine.execute_with_info(spec, demo, use_cache=False, use_rollups=False)
        assert fact.source.split("+") == ["fact"] * len(fact.source.split("+"))
        sources[routed.source] += 1
        same_answer(spec, routed.frame, fact.frame)
    used = {s for source in sources for s in source.split("+")} - {"fact"}
    # the test means something only if the rollups were really used, most of them
    assert sum(n for s, n in sources.items() if s != "fact") >= 80
    assert len(used) >= 9, sources


@pytest.mark.parametrize(
    "kwargs, expected",
    [
        # whole months by region: the smallest sales rollup
        (
            dict(measures=["revenue", "orders"], rows=["geo.region"], start="2024-01-01", end="2024-12-31"),
            "sales_m_top",
        ),
        # distinct customers across months: only the rollup that keeps customer ids
        (dict(measures=["customers"], rows=["geo.region"], start="2024-01-01", end="2024-12-31"), "sales_m_customer"),
        # orders over product levels would count an order once per product: not from a product rollup
        (dict(measures=["orders"], rows=["geo.country"], filters={"product.category": ["Valves", "Pumps"]}), "fact"),
        # sums over product levels are fine
        (dict(measures=["revenue"], rows=["product.subcategory"]), "sales_m_category"),
        # distinct customers by category: re-counted by id in the customer-by-category rollup
        (
            dict(measures=["customers"], rows=["product.category"], start="2025-01-01", end="2025-12-31"),
            "sales_m_customer_category",
        ),
        # days that do not start a month: the daily rollup
        (dict(measures=["revenue"], rows=["geo.country"], start="2024-01-15", end="2024-02-14"), "sales_d_top"),
        # weeks cannot be made of months
        (dict(measures=["revenue"], rows=["time.week"], start="2024-01-01", end="2024-03-31"), "sales_d_top"),
        # per-customer measures never come from a rollup
        (dict(measures=["repeat_rate"], rows=["geo.region"]), "fact"),
        # web sessions
        (dict(measures=["conversion_rate"], rows=["channel.channel"]), "sessions_m"),
    ],
)
def test_router_picks_the_smallest_exact_rollup(demo, kwargs, expected):
    spec = make_spec(**kwargs)
    _, source = engine.compiled_for(spec, demo.cursor(), "test")
    assert source == expected


def test_a_warehouse_without_rollups_is_answered_from_the_facts(demo, tmp_path):
    path = tmp_path / "old.duckdb"
    shutil.copyfile(current_path(demo.pointer), path)
    con = duckdb.connect(str(path))
    con.execute("DROP TABLE rollup_catalog")
    con.close()
    old = Warehouse(path)
    spec = make_spec(["revenue"], rows=["geo.region"])
    answer = engine.execute_with_info(spec, old, use_cache=False)
    assert answer.source == "fact"
    same_answer(spec, answer.frame, engine.execute_with_info(spec, demo, use_cache=False).frame)


def test_cache_answers_repeats_and_a_new_load_invalidates_it(demo_pointer, tmp_path):
    pointer = tmp_path / "xrm.duckdb"
    publish_copy = new_version_path(pointer)
    shutil.copyfile(current_path(demo_pointer), publish_copy)
    publish(publish_copy, pointer)
    w = Warehouse(pointer)
    spec = make_spec(["revenue"], rows=["geo.region"], start="2024-01-01", end="2024-12-31")
    first = engine.execute_with_info(spec, w)
    assert first.source == "sales_m_top"
    again = engine.execute_with_info(spec, w)
    assert again.source == "cache"
    pd.testing.assert_frame_equal(first.frame, again.frame)
    # a process elsewhere sees the same cache: it lives on disk
    assert engine.cache().get(f"{first.version}|all|1|{spec.key()}") is not None

    # A load: double every 2024 line's revenue in a new version, rebuild derived tables, publish.
    nxt = new_version_path(pointer)
    shutil.copyfile(current_path(pointer), nxt)
    con = duckdb.connect(str(nxt))
    con.execute("UPDATE fact_order_line SET revenue = revenue * 2 WHERE year(order_ts) = 2024")
    con.close()
    publish(nxt, pointer)
    refresh_derived(pointer)
    after = engine.execute_with_info(spec, w)
    assert after.source != "cache" and after.version != first.version
    merged = first.frame.merge(after.frame, on="geo.region", suffixes=("_before", "_after"))
    assert merged["revenue_after"].tolist() == pytest.approx((merged["revenue_before"] * 2).tolist())


@pytest.mark.parametrize("level_id", ["product.category", "product.subcategory", "product.product"])
def test_orders_by_product_levels_are_not_double_counted(demo, level_id):
    """An order with lines in two subcategories of one category is one order of that category."""
    for measures in (["orders"], ["aov", "revenue"], ["orders", "units"]):
        spec = make_spec(measures, rows=[level_id], start="2024-01-01", end="2024-12-31")
        routed = engine.execute_with_info(spec, demo, use_cache=False)
        fact = engine.execute_with_info(spec, demo, use_cache=False, use_rollups=False)
        same_answer(spec, routed.frame, fact.frame)


def test_customer_counts_from_rollups_leave_guests_out_as_the_facts_do(demo, tmp_path):
    """Rollups keeping customer ids count a customer per group without a distinct count: with guest
    customers in the data (every tenth customer here), their answers still equal the facts'."""
    path = tmp_path / "guests.duckdb"
    shutil.copyfile(current_path(demo.pointer), path)
    con = duckdb.connect(str(path))
    con.execute("UPDATE dim_customer SET is_guest = true WHERE customer_id % 10 = 0")
    from jobs.derive import build_derived

    build_derived(con)
    con.close()
    guests = Warehouse(path)
    specs = [
        make_spec(["customers", "new_customers", "orders"], rows=["geo.region"], start="2024-01-01", end="2024-12-31"),
        make_spec(["customers"], rows=["product.category"], start="2025-01-01", end="2025-12-31"),
        make_spec(["customers", "new_customers"], rows=["time.month"], start="2025-01-01", end="2025-06-30"),
    ]
    for spec in specs:
        routed = engine.execute_with_info(spec, guests, use_cache=False)
        assert routed.source != "fact", spec
        fact = engine.execute_with_info(spec, guests, use_cache=False, use_rollups=False)
        same_answer(spec, routed.frame, fact.frame)
    every = engine.execute_with_info(make_spec(["customers"]), guests, use_cache=False).frame["customers"].iloc[0]
    cur = guests.cursor()
    assert (
        every
        == cur.execute(
            "SELECT count(DISTINCT customer_id) FROM fact_order_line JOIN dim_customer USING (customer_id) "
            "WHERE NOT is_guest"
        ).fetchone()[0]
    )


def test_distinct_orders_are_counted_order_first_where_every_part_splits():
    from olap.rollups import _order_first

    flag = "CAST(coalesce(bool_or(coalesce(c.is_guest IS NOT TRUE, false)), false) AS BIGINT)"
    parts = {
        "revenue": "sum(f.revenue)",
        "orders": "count(DISTINCT f.order_id)",
        "partner_revenue": "sum(f.revenue) FILTER (WHERE f.partner_id IS NOT NULL)",
        "customers": flag,
    }
    assert _order_first(parts) == {
        "revenue": ("sum(f.revenue)", "sum(revenue)"),
        "orders": (None, "count(*)"),
        "partner_revenue": ("sum(f.revenue) FILTER (WHERE f.partner_id IS NOT NULL)", "sum(partner_revenue)"),
        "customers": (
            "coalesce(bool_or(coalesce(c.is_guest IS NOT TRUE, false)), false)",
            "CAST(bool_or(customers) AS BIGINT)",
        ),
    }
    assert _order_first({"revenue": "sum(f.revenue)"}) is None  # no distinct orders: one pass as before
    for other in ("sum(f.revenue) / sum(f.quantity)", "avg(f.revenue)", "count(DISTINCT f.customer_id)"):
        assert _order_first({"orders": "count(DISTINCT f.order_id)", "x": other}) is None  # does not split


def test_rollups_counted_order_first_equal_one_pass_over_the_lines(demo):
    """The product and customer-category rollups count distinct orders per order first (``_order_first``):
    their rows equal one GROUP BY with count(DISTINCT …) over the lines."""
    cur = demo.cursor()
    actual = cur.execute("""
        SELECT ts, region, country, customer_type, product_id, channel_group, orders, units, revenue,
               partner_revenue FROM rollup_sales_m_product""").fetchall()  # fmt: skip
    expected = cur.execute("""
        SELECT date_trunc('month', f.order_ts)::TIMESTAMP, c.region, c.country, c.customer_type, f.product_id,
               ch.channel_group, count(DISTINCT f.order_id), sum(f.quantity), sum(f.revenue),
               sum(f.revenue) FILTER (WHERE f.partner_id IS NOT NULL)
        FROM fact_order_line f LEFT JOIN dim_customer c USING (customer_id) LEFT JOIN dim_channel ch USING (channel_id)
        GROUP BY ALL""").fetchall()  # fmt: skip
    assert len(actual) == len(expected) > 1000
    by_key = {row[:6]: row[6:] for row in expected}
    for row in actual:
        orders, units, revenue, partner_revenue = by_key[row[:6]]
        assert row[6:8] == (orders, units)
        assert row[8] == pytest.approx(revenue, rel=1e-9)
        assert (row[9] is None) == (partner_revenue is None)
    actual = cur.execute("""
        SELECT ts, customer_id, category, orders, customers, new_customers, partner_customers
        FROM rollup_sales_m_customer_category""").fetchall()  # fmt: skip
    expected = cur.execute("""
        SELECT date_trunc('month', f.order_ts)::TIMESTAMP, f.customer_id, p.category, count(DISTINCT f.order_id),
               count(DISTINCT f.customer_id) FILTER (WHERE c.is_guest IS NOT TRUE),
               count(DISTINCT f.customer_id) FILTER (WHERE fo.acquired_in_history
                                                       AND f.order_ts::DATE = fo.first_order_date),
               count(DISTINCT f.customer_id) FILTER (WHERE f.partner_id IS NOT NULL AND c.is_guest IS NOT TRUE)
        FROM fact_order_line f LEFT JOIN dim_customer c USING (customer_id) LEFT JOIN dim_product p USING (product_id)
        LEFT JOIN customer_first_order fo USING (customer_id)
        GROUP BY ALL""").fetchall()  # fmt: skip
    assert sorted(actual) == sorted(expected) and len(actual) > 1000


def test_a_rollup_that_runs_out_of_memory_is_built_again_on_one_thread(monkeypatch):
    con = duckdb.connect()
    con.execute("SET threads = 3")
    seen = []

    def build(con, fact, source, rollups):
        seen.append(con.execute("SELECT current_setting('threads')").fetchone()[0])
        if len(seen) == 1:
            raise duckdb.OutOfMemoryException("Out of Memory Error: could not allocate block")
        return {"rollup_x": 7}

    monkeypatch.setattr(rollups, "_build_group", build)
    assert rollups._build_bounded(con, None, "fact_order_line", []) == {"rollup_x": 7}
    assert seen == [3, 1]  # again on one thread
    assert con.execute("SELECT current_setting('threads')").fetchone()[0] == 3  # and set back

    def never(con, fact, source, rollups):
        raise duckdb.OutOfMemoryException("Out of Memory Error")

    monkeypatch.setattr(rollups, "_build_group", never)
    with pytest.raises(duckdb.OutOfMemoryException):
        rollups._build_bounded(con, None, "fact_order_line", [])
    assert con.execute("SELECT current_setting('threads')").fetchone()[0] == 3

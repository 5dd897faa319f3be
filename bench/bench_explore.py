"""Explore drill/slice latency: rollups and the result cache against pandas in memory.

A random walk of 200 Explore views, as an analyst clicks: drill into a member, roll
back up, slice by a member of another dimension, change the measure, the breakdown or
the period, compare with the previous period. For each view it times

* the query work (``olap.engine``: the view's spec, and the previous period's when
  comparing) with the result cache empty (cold) and filled (warm), and where the
  answer came from (rollup hit rate);
* the whole server-side work of the callback that redraws the view after a drill
  (URL → checked state → query → figure, table and insights), cold and warm;
* the same sales queries the way many dashboards do it: pandas groupby on one
  denormalised DataFrame held in memory (loading it is not timed).

``python bench/bench_explore.py --scales 1,10 [--n 200]``
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import shutil
import statistics
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

from common import ROOT, add_scales, ensure_warehouse, machine, summary

sys.path.insert(0, str(ROOT))

import pandas as pd  # noqa: E402

SALES_PANDAS = {"revenue", "gross_margin", "margin_pct", "orders", "units", "customers", "aov"}
MEASURE_CHOICES = ["revenue"] * 4 + ["orders", "customers", "aov", "margin_pct", "units", "gross_margin"]
OTHER_MEASURES = ["sessions", "conversion_rate", "tickets", "satisfaction", "contacts", "response_rate"]
BY_CHOICES = ["geo.region", "product.category", "channel.group", "customer.type", "partner.tier", "time.month"]


def walk(n: int, seed: int, warehouse):
    """``n`` Explore URL queries, each one click away from the one before."""
    from olap.catalog import catalog
    from olap.cube import CubeError, dimension_of, level
    from olap.engine import execute
    from olap.explore_state import breadcrumb, load_state, with_spec
    from olap.query import make_spec, replace_spec
    from tests.specgen import members_by_level

    rng = random.Random(seed)
    valid = catalog(warehouse)
    members = members_by_level(warehouse.cursor(), limit=30)
    periods = ["L12M"] * 3 + ["YTD", str(valid.data_end.year - 1), f"{valid.data_end.year}-Q2", "custom"]
    state = load_state({}, warehouse)
    queries = []
    while len(queries) < n:
        op = rng.choices(
            ["drill", "drill", "drill", "up", "slice", "measure", "by", "period", "compare"],
        )[0]
        try:
            if op == "drill":
                df = execute(state.spec, warehouse)
                child = dimension_of(state.row).child(level(state.row))
                if df.empty or child is None:
                    op = "up"
                else:
                    member = str(rng.choice(df[state.row].dropna().tolist()[:20]))
                    filters = dict(state.spec.filters) | {state.row: (member,)}
                    state = with_spec(state, replace_spec(state.spec, rows=(child.id,), filters=filters))
            if op == "up":
                crumbs = [c for c in breadcrumb(state) if c[2] is not None]
                if crumbs:
                    state = rng.choice(crumbs)[2]
            elif op == "slice":
                other = [lv for lv in members if level(lv).dimension != level(state.row).dimension]
                lv = rng.choice(other)
                filters = dict(state.spec.filters) | {lv: (rng.choice(members[lv]),)}
                state = with_spec(state, replace_spec(state.spec, filters=filters))
            elif op == "measure":
                pool = MEASURE_CHOICES if rng.random() < 0.85 else OTHER_MEASURES
                state = with_spec(state, replace_spec(state.spec, measures=(rng.choice(pool),)))
            elif op == "by":
                state = with_spec(state, replace_spec(state.spec, rows=(rng.choice(BY_CHOICES),), filters={}))
            elif op == "period":
                token = rng.choice(periods)
                if token == "custom":
                    end = valid.data_end - dt.timedelta(days=rng.randrange(0, 300))
                    start = end - dt.timedelta(days=rng.randrange(14, 200))
                    state = replace(state, period="", spec=replace_spec(state.spec, start=start, end=end))
                else:
                    query = state.to_query() | {"p": token}
                    query.pop("from", None), query.pop("to", None)
                    state = load_state(query, warehouse)
            elif op == "compare":
                state = replace(state, compare=not state.compare)
            make_spec(**{k: v for k, v in _fields(state.spec).items()})  # still a valid spec
        except CubeError:
            state = load_state({}, warehouse)
            continue
        queries.append(state.to_query())
    return queries


def _fields(spec):
    return dict(
        measures=spec.measures,
        rows=spec.rows,
        columns=spec.columns,
        filters=dict(spec.filters),
        start=spec.start,
        end=spec.end,
        sort=spec.sort,
        descending=spec.descending,
        limit=spec.limit,
    )


def query_work(query: dict, warehouse, timings: dict):
    """The engine's part of a view: its spec (and the previous period's); returns sources."""
    from olap.engine import execute_with_info
    from olap.explore_state import load_state
    from olap.query import previous_period

    state = load_state(query, warehouse)
    specs = [state.spec] + ([previous_period(state.spec)] if state.compare else [])
    sources = []
    started = time.perf_counter()
    for spec in specs:
        sources.append(execute_with_info(spec, warehouse).source)
    timings.setdefault("query", []).append(time.perf_counter() - started)
    return state, sources


def callback_work(query: dict, lang: str = "en") -> None:
    """What the server does for a drill, without Dash around it: the layout checks the URL
    against the warehouse once (members included: a drill changes the URL, so the page is
    laid out again), then the chart callback reads the canonical query back and draws the
    queries, figure and table (or all of it from the result cache when this view of this
    data version was drawn before)."""
    from components.explore_page import read_state
    from components.explore_view import cached_chart
    from olap.catalog import catalog
    from olap.explore_state import ExploreState

    canonical = read_state(query).to_query()
    cached_chart(ExploreState.from_query(canonical, catalog()), lang)


def insights_work(query: dict, lang: str = "en") -> None:
    """The insights card's own request (sent beside the chart's, not before it): it trusts the
    canonical query the layout stored, as the callback does."""
    from components.explore_view import insights_for
    from olap.catalog import catalog
    from olap.explore_state import ExploreState

    insights_for(ExploreState.from_query(query, catalog()), lang)


# --------------------------------------------------------------------------- pandas, the usual way


def load_frame(pointer: Path) -> pd.DataFrame:
    import duckdb

    from data.warehouse import current_path

    con = duckdb.connect(str(current_path(pointer)), read_only=True)
    df = con.execute(
        """SELECT f.order_ts, f.order_id, f.customer_id, f.product_id, f.channel_id,
                  coalesce(f.partner_id, 0) AS partner_id, f.quantity, f.revenue, f.cost,
                  c.region, c.country, c.city, c.customer_type, c.segment, p.category, p.subcategory,
                  ch.channel_group, coalesce(pa.tier, 'Direct') AS partner_tier
           FROM fact_order_line f
           LEFT JOIN dim_customer c ON c.customer_id = f.customer_id
           LEFT JOIN dim_product p ON p.product_id = f.product_id
           LEFT JOIN dim_channel ch ON ch.channel_id = f.channel_id
           LEFT JOIN dim_partner pa ON pa.partner_id = f.partner_id"""
    ).df()
    con.close()
    for col in ("region", "country", "city", "customer_type", "segment", "category", "subcategory"):
        df[col] = df[col].astype("category")
    df["channel_group"] = df["channel_group"].astype("category")
    df["partner_tier"] = df["partner_tier"].astype("category")
    ts = df["order_ts"]
    df["time.year"] = ts.dt.strftime("%Y").astype("category")
    df["time.quarter"] = (ts.dt.strftime("%Y") + "-Q" + ts.dt.quarter.astype(str)).astype("category")
    df["time.month"] = ts.dt.strftime("%Y-%m").astype("category")
    df["time.week"] = ts.dt.strftime("%G-W%V").astype("category")
    df["time.day"] = ts.dt.strftime("%Y-%m-%d").astype("category")
    return df


PANDAS_COLUMNS = {
    "geo.region": "region",
    "geo.country": "country",
    "geo.city": "city",
    "customer.type": "customer_type",
    "customer.segment": "segment",
    "customer.customer": "customer_id",
    "product.category": "category",
    "product.subcategory": "subcategory",
    "product.product": "product_id",
    "channel.group": "channel_group",
    "channel.channel": "channel_id",
    "partner.tier": "partner_tier",
    "partner.partner": "partner_id",
}


def pandas_answer(df: pd.DataFrame, spec) -> pd.DataFrame:
    """One sales spec the pandas way: boolean masks, groupby, named aggregations."""
    mask = pd.Series(True, index=df.index)
    if spec.start:
        mask &= df["order_ts"] >= pd.Timestamp(spec.start)
    if spec.end:
        mask &= df["order_ts"] < pd.Timestamp(spec.end + dt.timedelta(days=1))
    for level_id, values in spec.filters:
        col = PANDAS_COLUMNS.get(level_id, level_id)
        wanted = [int(v) for v in values] if col.endswith("_id") else list(values)
        mask &= df[col].isin(wanted)
    part = df[mask]
    keys = [PANDAS_COLUMNS.get(x, x) for x in spec.group_levels]
    agg = part.assign(margin=part["revenue"] - part["cost"])
    aggs = dict(
        revenue=("revenue", "sum"),
        gross_margin=("margin", "sum"),
        orders=("order_id", "nunique"),
        units=("quantity", "sum"),
        customers=("customer_id", "nunique"),
    )
    wanted = {
        "revenue": ["revenue"],
        "gross_margin": ["gross_margin"],
        "orders": ["orders"],
        "units": ["units"],
        "customers": ["customers"],
        "aov": ["revenue", "orders"],
        "margin_pct": ["gross_margin", "revenue"],
    }
    needed = {p for m in spec.measures for p in wanted[m]}
    spec_aggs = {k: v for k, v in aggs.items() if k in needed}
    if keys:
        out = agg.groupby(keys, observed=True).agg(**spec_aggs).reset_index()
    else:
        out = pd.DataFrame({k: [getattr(agg[c], f)()] for k, (c, f) in spec_aggs.items()})
    if "aov" in spec.measures:
        out["aov"] = out["revenue"] / out["orders"]
    if "margin_pct" in spec.measures:
        out["margin_pct"] = out["gross_margin"] / out["revenue"]
    sort = spec.sort or spec.measures[0]
    out = out.sort_values(sort, ascending=not spec.descending)
    return out.head(spec.limit) if spec.limit else out


# --------------------------------------------------------------------------- run


def run_scale(scale: float, n: int, seed: int, with_pandas: bool) -> None:
    from data import warehouse as wh
    from olap import engine
    from olap.explore_state import load_state
    from olap.query import previous_period

    pointer = ensure_warehouse(scale)
    warehouse = wh.get_warehouse()  # main's use_warehouse(pointer): the callbacks read the process's warehouse
    cache_dir = Path(tempfile.mkdtemp(prefix="xrm-bench-cache-"))
    engine.use_cache_directory(cache_dir)
    engine.clear_cache()
    lines = warehouse.cursor().execute("SELECT count(*) FROM fact_order_line").fetchone()[0]
    print(f"\nscale {scale:g}: {lines:,} order lines", flush=True)

    queries = walk(n, seed, warehouse)
    engine.clear_cache()
    timings: dict[str, list[float]] = {}
    sources: list[str] = []
    for q in queries:  # cold: nothing of this view in the cache (walk filled it: cleared above)
        engine.clear_cache()
        _, src = query_work(q, warehouse, timings)
        sources += src
    cold_query = timings.pop("query")
    for q in queries:
        query_work(q, warehouse, timings)
    warm_query = timings.pop("query")

    cold_cb, warm_cb, cold_insights = [], [], []
    for q in queries:
        engine.clear_cache()
        started = time.perf_counter()
        callback_work(q)
        cold_cb.append(time.perf_counter() - started)
        started = time.perf_counter()
        callback_work(q)
        warm_cb.append(time.perf_counter() - started)
        started = time.perf_counter()
        insights_work(q)
        cold_insights.append(time.perf_counter() - started)

    hits = sum(1 for s in sources if "fact" not in s.split("+"))
    by_source: dict[str, int] = {}
    for s in sources:
        by_source[s] = by_source.get(s, 0) + 1
    print(f"  queries, cold (cache empty)      {summary(cold_query)}")
    print(f"  queries, warm (cached)           {summary(warm_query)}")
    print(f"  drill callback work, cold        {summary(cold_cb)}")
    print(f"  drill callback work, warm        {summary(warm_cb)}")
    print(f"  insights request (after a drill) {summary(cold_insights)}")
    print(f"  rollup hit rate: {hits / len(sources):.0%} of {len(sources)} queries")
    print("  answered from: " + ", ".join(f"{k} {v}" for k, v in sorted(by_source.items(), key=lambda kv: -kv[1])))

    if with_pandas:
        started = time.perf_counter()
        df = load_frame(pointer)
        print(
            f"  pandas frame: {len(df):,} rows, {df.memory_usage(deep=True).sum() / 2**30:.2f} GiB "
            f"(loaded in {time.perf_counter() - started:.1f} s, not timed below)"
        )
        ours, theirs = [], []
        checked = 0
        for q in queries:
            state = load_state(q, warehouse)
            specs = [state.spec] + ([previous_period(state.spec)] if state.compare else [])
            if not all(set(s.measures) <= SALES_PANDAS for s in specs):
                continue
            engine.clear_cache()
            started = time.perf_counter()
            answers = [engine.execute(s, warehouse) for s in specs]
            ours.append(time.perf_counter() - started)
            started = time.perf_counter()
            frames = [pandas_answer(df, s) for s in specs]
            theirs.append(time.perf_counter() - started)
            for s, a, b in zip(specs, answers, frames, strict=True):  # same numbers, or the ratio means nothing
                m = s.measures[0]
                if s.limit is None or len(a) < s.limit:
                    assert abs(a[m].sum() - b[m].sum()) <= 1e-6 * max(1.0, abs(b[m].sum())), (s, a[m].sum(), b[m].sum())
                    checked += 1
        ratio = statistics.median(theirs) / statistics.median(ours)
        print(f"  pandas groupby (sales views)     {summary(theirs)}")
        print(f"  same views, ours cold            {summary(ours)}")
        print(f"  ours is {ratio:.0f}x faster than pandas (median, cold); totals checked equal on {checked} views")
        del df
    shutil.rmtree(cache_dir, ignore_errors=True)


def main() -> None:
    from data import warehouse as wh

    parser = argparse.ArgumentParser()
    add_scales(parser)
    parser.add_argument("--n", type=int, default=200)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--no-pandas", action="store_true")
    args = parser.parse_args()
    print(machine())
    for scale in args.scales:
        with wh.use_warehouse(ensure_warehouse(scale)):
            run_scale(scale, args.n, args.seed, not args.no_pandas)


if __name__ == "__main__":
    main()

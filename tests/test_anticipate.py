"""Answers worked out ahead (issue 15, item 2): after a chart, its biggest members' drill-downs and the
roll-up are in the shared cache under the keys the next click asks for, with the numbers SQL gives,
for the partner scope of the request that asked; the background work is bounded and never waits."""

import datetime as dt
import threading

import duckdb
import pytest

from components import explore_view as view
from data import warehouse as wh
from olap import anticipate, engine
from olap.catalog import Catalog
from olap.explore_state import ExploreState, breadcrumb, drilled, likely_next
from olap.scope import scoped

CATALOG = Catalog(data_start=dt.date(2023, 1, 1), data_end=dt.date(2025, 12, 31))


@pytest.fixture(scope="module")
def demo(demo_pointer, tmp_path_factory):
    with wh.use_warehouse(demo_pointer) as reader:
        previous = engine.use_cache_directory(tmp_path_factory.mktemp("ahead-cache"))
        yield reader
        engine.use_cache_directory(previous)


def state_of(query: dict) -> ExploreState:
    return ExploreState.from_query(query, CATALOG)


def sql_revenue(path, column, where_column, value) -> dict:
    sql = f"""SELECT c.{column}, sum(f.revenue) FROM fact_order_line f JOIN dim_customer c USING (customer_id)
              WHERE f.order_ts >= '2025-01-01' AND f.order_ts < '2026-01-01'"""
    sql += f" AND c.{where_column} = ?"
    params = [value]
    con = duckdb.connect(str(path), read_only=True)
    rows = dict(con.execute(sql + " GROUP BY 1", params).fetchall())
    con.close()
    return rows


def test_likely_next_is_each_members_drill_down_then_the_roll_up():
    state = state_of({"r": "geo.country", "f.geo.region": "Europe", "p": "2025"})
    nxt = likely_next(state, ["Germany", "France"])
    assert [s.to_search() for s in nxt[:2]] == [drilled(state, m).to_search() for m in ("Germany", "France")]
    assert nxt[-1].to_search() == breadcrumb(state)[0][2].to_search()  # all regions
    assert nxt[-1].row == "geo.region" and not dict(nxt[-1].spec.filters)
    lowest = state_of({"r": "geo.city", "f.geo.region": "Europe", "f.geo.country": "Germany", "p": "2025"})
    assert [s.row for s in likely_next(lowest, ["Berlin"])] == ["geo.country"]  # nothing below a city


def test_a_chart_puts_its_drill_downs_and_roll_up_into_the_cache(demo, demo_pointer, monkeypatch):
    state = state_of({"r": "geo.region", "p": "2025"})
    _figure, _style, rows, _columns = view.cached_chart(state, "en")
    view.anticipate(state, rows, "en")
    assert anticipate.wait_idle(60)
    top = [r["_member"] for r in rows[: view.AHEAD_MEMBERS]]
    monkeypatch.setattr(view, "chart_view", lambda *a, **k: pytest.fail("computed, not read from the cache"))
    for region in top:  # the next click asks with the state the page reads back from the address
        clicked = state_of(drilled(state, region).to_query())
        _f, _s, got, _c = view.cached_chart(clicked, "en")
        want = sql_revenue(demo_pointer, "country", "region", region)
        assert {r["_member"]: r["revenue"] for r in got} == pytest.approx(want)


def test_answers_worked_out_ahead_keep_the_partner_scope(demo, demo_pointer, monkeypatch):
    con = duckdb.connect(str(demo_pointer), read_only=True)
    partner = con.execute(
        "SELECT partner_id FROM fact_order_line WHERE partner_id IS NOT NULL GROUP BY 1 ORDER BY count(*) DESC LIMIT 1"
    ).fetchone()[0]
    con.close()
    state = state_of({"r": "geo.region", "p": "2025", "m": "orders"})  # a measure no other test cached
    with scoped({partner}):
        _f, _s, rows, _c = view.cached_chart(state, "en")
        view.anticipate(state, rows, "en")
    assert anticipate.wait_idle(60)
    region = rows[0]["_member"]
    clicked = state_of(drilled(state, region).to_query())
    monkeypatch.setattr(view, "chart_view", lambda *a, **k: pytest.fail("computed, not read from the cache"))
    with scoped({partner}):
        _f, _s, got, _c = view.cached_chart(clicked, "en")
    con = duckdb.connect(str(demo_pointer), read_only=True)
    want = dict(
        con.execute(
            """SELECT c.country, count(DISTINCT f.order_id) FROM fact_order_line f JOIN dim_customer c USING (customer_id)
               WHERE f.order_ts >= '2025-01-01' AND f.order_ts < '2026-01-01' AND c.region = ? AND f.partner_id = ?
               GROUP BY 1""",
            [region, partner],
        ).fetchall()
    )
    con.close()
    assert {r["_member"]: r["orders"] for r in got} == pytest.approx(want)
    with pytest.raises(pytest.fail.Exception):  # nothing was filed for an unrestricted reader
        view.cached_chart(clicked, "en")


def test_a_newer_batch_supersedes_the_one_running_and_the_caller_never_waits():
    release, started, done = threading.Event(), threading.Event(), []

    def blocking():
        started.set()
        release.wait(30)
        done.append("first")

    assert anticipate.ahead([blocking, lambda: done.append("stale")])
    assert started.wait(10)  # the first job runs; ahead() has returned while it is still blocked
    assert anticipate.ahead([lambda i=i: done.append(f"new {i}") for i in range(anticipate.MAX_JOBS + 5)])
    release.set()
    assert anticipate.wait_idle(30)
    assert done == ["first", *[f"new {i}" for i in range(anticipate.MAX_JOBS)]]  # bounded, stale dropped


def test_a_failing_job_is_skipped_and_it_can_be_turned_off(monkeypatch):
    done = []
    assert anticipate.ahead([lambda: 1 / 0, lambda: done.append("next")])
    assert anticipate.wait_idle(30) and done == ["next"]
    monkeypatch.setenv("XRM_ANTICIPATE", "0")
    assert not anticipate.ahead([lambda: done.append("off")])
    assert anticipate.wait_idle(5) and done == ["next"]


def test_a_second_request_for_an_answer_being_computed_waits_for_it(demo):
    """A click on a drill-down the background is computing gets that answer, not a second computation."""
    release, started, calls = threading.Event(), threading.Event(), []

    def compute(_cursor):
        calls.append(1)
        started.set()
        release.wait(30)
        return {"answer": 42}

    got = []
    first = threading.Thread(target=lambda: got.append(engine.cached(("in flight", 1), compute)))
    first.start()
    assert started.wait(10)
    second = threading.Thread(target=lambda: got.append(engine.cached(("in flight", 1), compute)))
    second.start()
    second.join(0.5)
    assert second.is_alive()  # waiting for the first, not computing
    release.set()
    first.join(10), second.join(10)
    assert got == [{"answer": 42}, {"answer": 42}] and len(calls) == 1

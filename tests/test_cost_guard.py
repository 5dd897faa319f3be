"""Bounded work per cube query (issue 13, finding 3): a view too large is refused before it runs,
with the levels that made it large; a slow one is stopped by a timeout that really interrupts
DuckDB; the cursor answers the next query as usual."""

from __future__ import annotations

import time

import pytest

from data.warehouse import Warehouse
from olap import cost, engine
from olap.cube import CubeError
from olap.query import make_spec


@pytest.fixture(scope="module")
def wh(demo_pointer):
    return Warehouse(demo_pointer)


def test_the_estimate_is_the_levels_members_capped_by_the_lines(wh):
    cursor, version = wh.cursor_with_version()
    customers, products, lines = (
        cursor.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
        for t in ("dim_customer", "dim_product", "fact_order_line")
    )
    spec = make_spec(["revenue"], rows=["customer.customer"], columns=["product.product"], limit=None)
    assert cost.estimated_rows(spec, cursor, version) == min(customers * products, lines)
    by_customer = make_spec(["revenue"], rows=["customer.customer"], limit=None)
    assert cost.estimated_rows(by_customer, cursor, version) == customers
    import datetime as dt

    months = make_spec(["revenue"], rows=["time.month"], start=dt.date(2025, 1, 1), end=dt.date(2025, 12, 31))
    assert cost.estimated_rows(months, cursor, version) == 12


def test_a_view_too_large_is_refused_before_it_runs(wh, monkeypatch):
    monkeypatch.setenv("XRM_MAX_CELLS", "500")
    spec = make_spec(["revenue"], rows=["customer.customer"], columns=["product.product"], limit=None)
    with pytest.raises(CubeError) as refused:
        engine.execute_with_info(spec, wh, use_cache=False)
    assert refused.value.key == "cube.too_large"
    text = refused.value.message("en")
    assert "Customer × Product" in text and "500" in text and "Narrow it" in text
    assert "한도" in refused.value.message("ko")
    limited = make_spec(["revenue"], rows=["customer.customer"], columns=["product.product"], limit=100)
    assert len(engine.execute_with_info(limited, wh, use_cache=False).frame) <= 100  # a limited view passes
    monkeypatch.setenv("XRM_EXPORT_MAX_CELLS", "100000000")
    assert len(engine.execute(spec, wh, export=True))  # exports have their own, larger bound


def test_a_slow_query_is_stopped_and_the_cursor_still_answers(wh):
    cursor = wh.cursor()
    started = time.perf_counter()
    with pytest.raises(CubeError) as stopped:
        cost.run(cursor, "SELECT count(*) FROM range(100000000000) a, range(1000) b WHERE a.range % 7 = b.range", [],
                 seconds=0.3)  # fmt: skip
    assert stopped.value.key == "cube.timeout" and "0.3 seconds" in stopped.value.message("en")
    assert time.perf_counter() - started < 10  # interrupted, not run to the end
    assert cost.run(cursor, "SELECT 42 AS x", [], seconds=5)["x"].tolist() == [42]


def test_the_page_says_it_in_words(dash_app, demo_pointer, monkeypatch):
    """Explore's pivot of customers by products past the bound: the refusal in the page, no traceback."""
    monkeypatch.setenv("XRM_MAX_CELLS", "500")
    from callbacks.explore import render_pivot
    from tests.signed_in import signed_in

    query = {"m": ["revenue"], "r": "customer.customer", "c": "product.product", "view": "pivot"}
    with signed_in(dash_app, demo_pointer, "u_executive", "/explore"):
        rows, columns, _options, _members, message = render_pivot(query, {})
    assert rows == [] and columns == []
    assert "Narrow it" in str(message) and "Customer × Product" in str(message)

"""The dashboard's and Explore's callbacks called as plain functions, logged in, on the tiny
warehouse, compared with an independent computation (vizro style: no browser)."""

from __future__ import annotations

import pytest


@pytest.fixture
def logged_in(dash_app):
    from flask_login import login_user

    from auth.users import get_user

    with dash_app.server.test_request_context("/"):
        login_user(get_user("u_analyst"))
        yield dash_app


def q4_revenue(region: str | None = None) -> float:
    from data.warehouse import get_warehouse

    sql = """SELECT coalesce(sum(f.revenue), 0) FROM fact_order_line f JOIN dim_customer c USING (customer_id)
             WHERE f.order_ts >= DATE '2025-10-01' AND f.order_ts < DATE '2026-01-01'"""
    params = []
    if region:
        sql += " AND c.region = ?"
        params.append(region)
    return float(get_warehouse().cursor().execute(sql, params).fetchone()[0])


@pytest.mark.parametrize("query", [{"p": "2025-Q4"}, {"period": "2025-Q4"}, {"p": "2025-Q4", "f.geo.region": "Asia"},
                                   {"period": "2025-Q4", "region": "Asia"}])  # fmt: skip
def test_dashboard_render_shows_the_revenue_of_the_state(logged_in, query):
    from callbacks.executive import render

    _compare, _message, cards, *_ = render(query)
    region = query.get("f.geo.region") or query.get("region")
    assert repr(q4_revenue(region)) in str(cards[0])  # the revenue card's data-value


def test_explore_chart_rows_equal_sql(logged_in):
    from callbacks.explore import render_chart
    from data.warehouse import get_warehouse

    _figure, _style, rows, _columns, message = render_chart({"m": ["revenue"], "r": "geo.region", "p": "2025-Q4"})
    assert message is None
    expected = dict(
        get_warehouse()
        .cursor()
        .execute(
            """SELECT c.region, sum(f.revenue) FROM fact_order_line f JOIN dim_customer c USING (customer_id)
               WHERE f.order_ts >= DATE '2025-10-01' AND f.order_ts < DATE '2026-01-01' GROUP BY 1"""
        )
        .fetchall()
    )
    assert {r["_member"]: r["revenue"] for r in rows} == pytest.approx(expected)


def test_analyses_region_table_equals_sql(logged_in):
    from callbacks.analyses import render
    from components.analyses_view import navigate_search
    from olap.catalog import catalog

    body = render({"a": "region_period", "p": "2025-Q4"})
    grid = next(c for c in _walk(body) if getattr(c, "id", None) == "analysis-grid-by_region")
    got = {row["geo_region"]: row["revenue"] for row in grid.rowData}
    assert sum(got.values()) == pytest.approx(q4_revenue())
    assert {r: got[r] for r in got} == pytest.approx({r: q4_revenue(r) for r in got})
    valid = catalog()
    query = {"a": "region_period", "p": "2025-Q4"}
    assert navigate_search(query, "analyses-period", "2025-Q3", valid) == "?a=region_period&p=2025-Q3"
    assert navigate_search(query, "analyses-period", "2025-Q4", valid) is None  # nothing changed
    assert (
        navigate_search(query, "analyses-region", ["Europe"], valid) == "?a=region_period&p=2025-Q4&f.geo.region=Europe"
    )
    europe = {**query, "f.geo.region": ["Europe"]}
    assert navigate_search(europe, {"type": "analyses-chip", "name": "region", "value": "Europe"}, 1, valid) == (
        "?a=region_period&p=2025-Q4"
    )
    # the filter applies: Europe's row alone, with the same revenue
    only = render(europe)
    grid = next(c for c in _walk(only) if getattr(c, "id", None) == "analysis-grid-by_region")
    assert [row["geo_region"] for row in grid.rowData] == ["Europe"]
    assert grid.rowData[0]["revenue"] == pytest.approx(q4_revenue("Europe"))


def test_analyses_of_a_missing_fact_say_which_file(logged_in):
    from callbacks.analyses import render

    text = str(render({"a": "tickets", "p": "2025-Q4"}))
    assert "ticket" in text.lower() and "Traceback" not in text


def _walk(component):
    """Every component inside ``component`` (lists and children included)."""
    if isinstance(component, (list, tuple)):
        for item in component:
            yield from _walk(item)
        return
    if component is None or isinstance(component, (str, int, float)):
        return
    yield component
    yield from _walk(getattr(component, "children", None))

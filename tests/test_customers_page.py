"""Customer 360's callbacks called as plain functions on the demo warehouse (vizro style): what
they show is checked against the warehouse read directly."""

from __future__ import annotations

import json

import duckdb
import pytest
from plotly.utils import PlotlyJSONEncoder

from crm import customers as cu
from tests.signed_in import signed_in as signed_in_as


@pytest.fixture
def signed_in(dash_app, demo_pointer, monkeypatch):
    """A request signed in as a marketer (who may correct), the warehouse being the demo one."""
    with signed_in_as(dash_app, demo_pointer, monkeypatch, "u_marketer", "/customers"):
        yield


@pytest.fixture(scope="module")
def busy(demo_pointer) -> tuple[int, str, int]:
    """(id, name, orders) of the customer with the most orders."""
    con = duckdb.connect(str(demo_pointer), read_only=True)
    row = con.execute(
        """SELECT c.customer_id, c.name, count(DISTINCT f.order_id) FROM dim_customer c
           JOIN fact_order_line f USING (customer_id) GROUP BY ALL ORDER BY 3 DESC, 1 LIMIT 1"""
    ).fetchone()
    con.close()
    return row


def _json(tree) -> str:
    return json.dumps(tree, cls=PlotlyJSONEncoder, ensure_ascii=False)


def _find(tree, component_id: str):
    """The component with ``component_id`` in a rendered tree (as JSON)."""
    stack = [json.loads(_json(tree))]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            if node.get("props", {}).get("id") == component_id:
                return node["props"]
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    raise AssertionError(f"no {component_id}")


def test_search_lists_the_customer_by_id(signed_in, busy):
    from callbacks.customers import find

    customer_id, _, orders = busy  # the name may carry a correction or erasure of another test
    grid = _find(find.__wrapped__(1, str(customer_id), None), "cust-found")
    row = next(r for r in grid["rowData"] if r["customer_id"] == customer_id)
    assert row["orders"] == orders
    assert "cust-none" in _json(find.__wrapped__(1, "no such customer at all zzz", None))
    assert find.__wrapped__(None, "", customer_id) is None


def test_profile_shows_the_customers_orders_and_the_correction_form(signed_in, busy):
    from callbacks.customers import show_profile
    from data.warehouse import get_warehouse

    customer_id, _, orders = busy
    name = cu.profile(get_warehouse().cursor(), customer_id).customer["name"]  # with any correction applied
    body, style = show_profile.__wrapped__(customer_id, None, None)
    assert style == {} and name in _json(_find(body, "cust-name"))
    assert _find(body, "cust-orders")["children"] == f"{orders:,}"
    shown = _json(body)
    # a marketer corrects (unless another test erased this customer), never erases
    assert ('"cust-edit-channel"' in shown) != ('"cust-erased"' in shown) and '"cust-erase"' not in shown
    problem, hidden = show_profile.__wrapped__(-987654, None, None)
    assert hidden == {"display": "none"} and "cust-problem" in _json(problem)


def test_timeline_counts_every_order(signed_in, busy):
    from callbacks.customers import show_timeline

    customer_id, _, orders = busy
    view = show_timeline.__wrapped__(customer_id, ["order"], None)
    rows = _find(view, "cust-timeline-grid")["rowData"]
    assert len(rows) == orders and {r["kind"] for r in rows} == {"order"}
    assert "customers.timeline" not in _json(show_timeline.__wrapped__(customer_id, [], None))

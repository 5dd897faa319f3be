"""The partner support page (/partners/support): the layout per role, the callbacks called as plain
functions on the small demo warehouse, markup shown as text, the scope, and role refusals over HTTP."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from tests.conftest import login
from tests.signed_in import signed_in as signed_in_as

XSS = '<img src=x onerror="alert(1)"><script>alert(2)</script>'


def find(tree, id_: str):
    """The component with ``id_`` in a component tree (or a list of them)."""
    stack = list(tree) if isinstance(tree, list | tuple) else [tree]
    while stack:
        node = stack.pop()
        if node is None or isinstance(node, str | int | float | dict):
            continue
        if getattr(node, "id", None) == id_:
            return node
        children = getattr(node, "children", None)
        stack.extend(children if isinstance(children, list | tuple) else [children])
    return None


@pytest.fixture(scope="module")
def partners(demo_pointer):
    from data.warehouse import Warehouse

    rows = Warehouse(demo_pointer).cursor().execute("SELECT partner_id, name FROM dim_partner ORDER BY 1").fetchall()
    return {int(p): n for p, n in rows}


@pytest.fixture
def manager(dash_app, demo_pointer):
    with signed_in_as(dash_app, demo_pointer, "u_partner_manager", "/partners/support"):
        yield


def test_layout_per_role(dash_app, demo_pointer, partners):
    from pages.partner_support import layout

    first = min(partners)
    with signed_in_as(dash_app, demo_pointer, "u_partner_manager", "/partners/support"):
        page = layout(tab="deals", partner=str(first))
        picker = find(page, "ps-partner")
        assert picker.value == str(first) and len(picker.options) == len(partners) + 1
        assert find(page, "ps-tabs").active_tab == "deals"
        assert find(page, "ps-board-post") is not None and find(page, "ps-deal-register") is not None
        assert find(page, "ps-read-only") is None
        assert find(layout(tab="nonsense", partner="99999"), "ps-partner").value == "all"
    with signed_in_as(dash_app, demo_pointer, "u_analyst", "/partners/support"):
        page = layout()
        assert find(page, "ps-read-only") is not None and find(page, "ps-board-post") is None
        assert find(page, "ps-budget-create") is None and find(page, "ps-deal-register") is None
    with signed_in_as(dash_app, demo_pointer, "u_marketer", "/partners/support"):
        assert find(layout(), "access-denied") is not None


def test_layout_in_scope_offers_only_the_scope(dash_app, demo_pointer, partners):
    from olap.scope import scoped
    from pages.partner_support import layout

    two = sorted(partners)[:2]
    with signed_in_as(dash_app, demo_pointer, "u_partner_manager", "/partners/support"), scoped(two):
        options = find(layout(partner=str(sorted(partners)[5])), "ps-partner").options
        assert [o["value"] for o in options] == ["all", *[str(p) for p in sorted(two, key=lambda p: partners[p])]]


def test_board_through_the_callbacks_shows_markup_as_text(manager, partners):
    from callbacks.partner_support import mark_done, mark_read, post, select, show_board, show_notice

    pid = str(min(partners))
    message, changed, title, body = post.__wrapped__(1, pid, "suggestion", XSS, "Body <b>not bold</b>", 0)
    assert message.id == "ps-board-posted" and changed == 1 and (title, body) == ("", "")
    listing = show_board.__wrapped__(pid, changed)
    grid = find(listing, "ps-board-grid")
    row = next(r for r in grid.rowData if r["title"] == XSS)  # the raw text, never markup
    assert row["read"] == "Unread" and row["to"] == partners[int(pid)]
    assert not any(c.get("cellRenderer") for c in grid.columnDefs)  # no renderer that could parse HTML
    notice_id = select.__wrapped__([row])
    detail, read_disabled, done_disabled = show_notice.__wrapped__(notice_id, changed)
    assert find(detail, "ps-notice-title").children == XSS and not read_disabled and not done_disabled
    assert find(detail, "ps-notice-body").children == "Body <b>not bold</b>"
    assert mark_read.__wrapped__(1, notice_id, changed) == (None, 2)
    _, read_disabled, _ = show_notice.__wrapped__(notice_id, 2)
    assert read_disabled
    done, changed = mark_done.__wrapped__(1, notice_id, 2)
    assert done.id == "ps-board-done-ok"
    again, unchanged = mark_done.__wrapped__(2, notice_id, changed)
    assert again.id == "ps-board-problem" and "already marked done" in str(again.children) and unchanged is not changed


def test_board_refusals_are_messages(manager):
    from callbacks.partner_support import post

    alert, *_ = post.__wrapped__(1, "all", "notice", "", "body", 0)
    assert alert.id == "ps-board-problem" and "Fill in Title" in str(alert.children)
    alert, *_ = post.__wrapped__(1, "all", "notice", "t" * 201, "body", 0)
    assert "at most 200" in str(alert.children)


def test_funds_through_the_callbacks(manager, partners):
    from callbacks.partner_support_funds import (
        allocate,
        approve_claim,
        create_budget,
        reject_claim,
        show_funds,
        submit_claim,
    )

    pid = str(min(partners))
    message, changed = create_budget.__wrapped__(1, "Page fund", "2025-01-01", "2025-06-30", 1000, 0)
    assert message.id == "ps-budget-ok"
    budget_id = int(message.children.split("#")[1].split()[0])
    over, _ = allocate.__wrapped__(1, pid, budget_id, 1001, "", changed)
    assert over.id == "ps-fund-problem" and "exceed the budget" in str(over.children)
    none, _ = allocate.__wrapped__(1, "all", budget_id, 10, "", changed)
    assert "pick one at the top" in str(none.children)
    message, changed = allocate.__wrapped__(1, pid, budget_id, 600, "Fair", changed)
    allocation_id = int(message.children.split("#")[1].split()[0])
    message, changed = submit_claim.__wrapped__(1, allocation_id, "Booth", "2025-03-01", 250, changed)
    claim_id = int(message.children.split("#")[1].split()[0])
    refused, _ = reject_claim.__wrapped__(1, [{"claim_id": claim_id}], "", changed)
    assert "Fill in Reason" in str(refused.children)
    decided, changed = approve_claim.__wrapped__(1, [{"claim_id": claim_id}], None, changed)
    assert decided.id == "ps-claim-decided"
    nothing, _ = approve_claim.__wrapped__(1, None, None, changed)
    assert "pick one in the list" in str(nothing.children)

    waiting, changed = submit_claim.__wrapped__(1, allocation_id, "Flyers", "2025-03-02", 50, changed)
    summary, claims, budgets, allocations = show_funds.__wrapped__(pid, changed)
    row = next(r for r in find(summary, "ps-fund-grid").rowData if r["budget_name"] == "Page fund")
    assert (row["allocated"], row["claimed"], row["approved"], row["remaining"]) == (600, 300, 250, 350)
    assert budget_id in [o["value"] for o in budgets] and allocation_id in [o["value"] for o in allocations]
    assert "not a measured effect" in str(find(summary, "ps-fund-sentences").children)
    from data.warehouse import get_warehouse

    revenue = (
        get_warehouse()
        .cursor()
        .execute(
            "SELECT coalesce(sum(revenue), 0) FROM fact_order_line WHERE partner_id = ? "
            "AND order_ts >= DATE '2025-01-01' AND order_ts < DATE '2025-07-01'",
            [int(pid)],
        )
        .fetchone()[0]
    )
    assert row["revenue"] == pytest.approx(revenue)
    shown = {r["claim_id"]: r for r in find(claims, "ps-claim-grid").rowData}
    assert shown[claim_id]["status_text"] == "Approved" and shown[claim_id]["decided_at"]
    assert shown[int(waiting.children.split("#")[1].split()[0])]["decided_at"] is None  # not decided: empty


def test_deals_through_the_callbacks(manager, partners, demo_pointer):
    from callbacks.partner_support_deals import approve_deal, register, reject_deal, show_deals
    from data.warehouse import Warehouse

    pid = str(max(partners))
    close = (dt.date.today() + dt.timedelta(days=30)).isoformat()
    customer = Warehouse(demo_pointer).cursor().execute("SELECT min(customer_id) FROM dim_customer").fetchone()[0]
    shown, changed = register.__wrapped__(1, pid, customer, None, 5000, close, "Refit", 0)
    assert find(shown, "ps-deal-registered") is not None
    past, _ = register.__wrapped__(1, pid, None, "Someone", 5000, "2020-01-01", "", changed)
    assert "in the past" in str(past.children)
    second, changed = register.__wrapped__(1, pid, None, "  Prospect   Page ", 10, close, XSS, changed)
    assert find(second, "ps-deal-registered") is not None
    listing = show_deals.__wrapped__(pid, "registered", changed)
    rows = find(listing, "ps-deal-grid").rowData
    prospect = next(r for r in rows if r["customer_name"] == "Prospect   Page")
    refused, _ = reject_deal.__wrapped__(1, [prospect], " ", changed)
    assert "Fill in Reason" in str(refused.children)
    decided, changed = approve_deal.__wrapped__(1, [prospect], None, changed)
    assert decided.id == "ps-deal-decided"
    twice, _ = reject_deal.__wrapped__(1, [prospect], "late", changed)
    assert "already decided" in str(twice.children)
    approved = find(show_deals.__wrapped__(pid, "approved", changed), "ps-deal-grid").rowData
    assert prospect["deal_id"] in [r["deal_id"] for r in approved]


def test_callbacks_honour_the_scope(manager, partners):
    from callbacks.partner_support import post, show_board
    from callbacks.partner_support_deals import register
    from olap.scope import scoped

    mine, other = sorted(partners)[:2]
    post.__wrapped__(1, str(other), "notice", "For the other one", "b", 0)
    with scoped([mine]):
        refused, *_ = post.__wrapped__(1, str(other), "notice", "t", "b", 0)
        assert "not one of your partners" in str(refused.children)
        listing = show_board.__wrapped__(str(other), 0)
        assert "not one of your partners" in str(listing.children)
        listing = show_board.__wrapped__("all", 0)
        grid = find(listing, "ps-board-grid")
        assert grid is None or all(r["title"] != "For the other one" for r in grid.rowData)
        close = (dt.date.today() + dt.timedelta(days=3)).isoformat()
        refused, _ = register.__wrapped__(1, str(other), None, "X", 1, close, "", 0)
        assert "not one of your partners" in str(refused.children)


def _payload(output: str, inputs: list, state: list) -> dict:
    outputs = [{"id": o.split(".")[0], "property": o.split(".")[1]} for o in output.strip(".").split("...")]
    return {
        "output": output,
        "outputs": outputs if len(outputs) > 1 else outputs[0],
        "inputs": [{"id": i, "property": p, "value": v} for i, p, v in inputs],
        "state": [{"id": i, "property": p, "value": v} for i, p, v in state],
        "changedPropIds": [f"{inputs[0][0]}.{inputs[0][1]}"],
    }


POST = _payload(
    "..ps-board-message.children...ps-board-changed.data...ps-board-title.value...ps-board-body.value..",
    [("ps-board-post", "n_clicks", 1)],
    [("ps-partner", "value", "all"), ("ps-board-kind", "value", "notice"), ("ps-board-title", "value", "HTTP post"),
     ("ps-board-body", "value", "b"), ("ps-board-changed", "data", 0)],
)  # fmt: skip
LIST = _payload("ps-board-list.children", [("ps-partner", "value", "all"), ("ps-board-changed", "data", 0)], [])


def test_roles_are_checked_on_the_server(client):
    assert client.post("/_dash-update-component", json=LIST).status_code == 401  # not signed in
    login(client, "u_analyst")
    assert client.post("/_dash-update-component", json=LIST).status_code == 200  # a reader
    assert client.post("/_dash-update-component", json=POST).status_code == 403  # not a writer
    client.get("/logout")
    login(client, "u_marketer")
    assert client.post("/_dash-update-component", json=LIST).status_code == 403
    assert client.get("/partners/support").status_code == 200  # the page itself says "not for you"
    client.get("/logout")
    login(client, "u_partner_manager")
    # row-level security, set per request by the web layer: a manager without assignments has no partner
    answer = client.post("/_dash-update-component", json=POST)
    assert answer.status_code == 200 and "to all partners" in json.dumps(answer.get_json())
    other = json.loads(json.dumps(LIST).replace('"value": "all"', '"value": "5"'))
    assert "not one of your partners" in json.dumps(client.post("/_dash-update-component", json=other).get_json())

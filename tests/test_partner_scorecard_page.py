"""The partner scorecard page in-process: its URL state, the callbacks as plain functions (live
re-scoring, refused weights, saving), and the role checks on the server."""

from __future__ import annotations

import datetime as dt

import pytest
from werkzeug.exceptions import Forbidden

from crm.partners.scorecard_state import ScorecardState
from crm.partners.weights import DEFAULT_WEIGHTS, METRIC_NAMES, THRESHOLD_TIERS
from olap.catalog import Catalog
from tests.conftest import login
from tests.signed_in import signed_in

CATALOG = Catalog(dt.date(2023, 1, 1), dt.date(2025, 12, 31))
DEFAULT_VALUES = [DEFAULT_WEIGHTS.weights[m] for m in METRIC_NAMES] + [
    DEFAULT_WEIGHTS.thresholds[k] for k in THRESHOLD_TIERS
]


def values_with(**changes) -> list:
    names = [*METRIC_NAMES, *THRESHOLD_TIERS]
    return [changes.get(n, v) for n, v in zip(names, DEFAULT_VALUES, strict=True)]


@pytest.mark.parametrize(
    ("query", "token", "problems"),
    [({}, "2025-Q4", 0), ({"p": "2024-Q2"}, "2024-Q2", 0), ({"p": "2031"}, "2025-Q4", 1), ({"p": "YTD"}, "YTD", 0)],
)
def test_state_from_the_url(query, token, problems):
    state = ScorecardState.from_query(query, CATALOG)
    assert (state.period.token, len(state.problems)) == (token, problems)
    assert ScorecardState.from_query(state.to_query(), CATALOG) == state
    assert state.with_period("2024", CATALOG).to_search() == "?p=2024"
    assert state.with_period("nonsense", CATALOG) == state


def outputs(result) -> dict:
    from components.partner_scorecard_view import ScorecardView

    return dict(zip([name for name, _ in ScorecardView.OUTPUTS], result, strict=True))


def test_render_rescoring_live_and_refusing_bad_weights(dash_app, demo_pointer):
    from dash import no_update

    from callbacks.partner_scorecard import changes, navigate, render
    from crm.partners.scorecard import last_complete_quarter, scorecard, tier_changes, tier_history
    from crm.partners.weights import Weights
    from data.warehouse import Warehouse

    start, end = last_complete_quarter(Warehouse(demo_pointer))
    with signed_in(dash_app, demo_pointer, "u_partner_manager", "/partners/scorecard"):
        shown = outputs(render({}, *DEFAULT_VALUES))
        expected = scorecard(start, end, DEFAULT_WEIGHTS)
        assert [r["partner_id"] for r in shown["ps-grid"]] == expected["partner_id"].tolist()
        assert [r["score"] for r in shown["ps-grid"]] == pytest.approx(expected["score"].tolist())
        assert shown["ps-message"] is None and shown["ps-tiers"] is not None
        loyal = outputs(render({}, *values_with(**{**dict.fromkeys(METRIC_NAMES, 0), "loyalty": 1})))
        moved = scorecard(start, end, Weights({"loyalty": 1}, DEFAULT_WEIGHTS.thresholds))
        assert {r["partner_id"]: r["tier_key"] for r in loyal["ps-grid"]} == dict(
            zip(moved["partner_id"], moved["tier"], strict=True)
        )
        zero = outputs(render({}, *values_with(**dict.fromkeys(METRIC_NAMES, 0))))
        assert zero["ps-grid"] is no_update and zero["ps-tiers"] is no_update  # tiers not recomputed
        assert zero["ps-message"].id == "ps-problem"
        disorder = outputs(render({}, *values_with(gold=90)))
        assert disorder["ps-grid"] is no_update and "order" in str(disorder["ps-message"].children)
        assert outputs(render({}, *values_with(revenue=None)))["ps-grid"] is no_update  # an emptied box
        moves = changes({}, *DEFAULT_VALUES)
        expected_moves = tier_changes(tier_history(DEFAULT_WEIGHTS, end))
        assert len(moves) == len(expected_moves) and all(m["from_tier"] != m["to_tier"] for m in moves)
        assert changes({}, *values_with(**dict.fromkeys(METRIC_NAMES, 0))) is no_update
        assert navigate("2024-Q1", {"p": "2025-Q4"}) == "?p=2024-Q1"
        assert navigate("2025-Q4", {"p": "2025-Q4"}) is no_update


def test_the_scope_limits_the_rows_not_the_scores(dash_app, demo_pointer):
    from callbacks.partner_scorecard import render
    from olap.scope import scoped

    with signed_in(dash_app, demo_pointer, "u_partner_manager", "/partners/scorecard"):
        everyone = {r["partner_id"]: r["score"] for r in outputs(render({}, *DEFAULT_VALUES))["ps-grid"]}
        with scoped({1, 2}):
            mine = {r["partner_id"]: r["score"] for r in outputs(render({}, *DEFAULT_VALUES))["ps-grid"]}
    assert mine == {p: everyone[p] for p in (1, 2)}


def test_saving_a_version(dash_app, demo_pointer, tmp_path, monkeypatch):
    monkeypatch.setenv("XRM_STORE_URL", f"sqlite:///{tmp_path / 'store.sqlite'}")
    from auth import users
    from callbacks.partner_scorecard import save, versions
    from crm.partners.weights import current_weights

    users.add_user("u_partner_manager", "correct-horse-9", "partner_manager")
    users.add_user("u_executive", "correct-horse-9", "executive")
    with signed_in(dash_app, demo_pointer, "u_partner_manager", "/partners/scorecard"):
        message, rows = save(1, "more loyalty", *values_with(loyalty=30))
        assert message.id == "ps-saved" and rows[0]["version"] == current_weights().version
        assert rows[0]["created_by"] == "u_partner_manager" and rows[0]["note"] == "more loyalty"
        assert current_weights().weights["loyalty"] == 30
        refused, unchanged = save(1, "", *values_with(silver=99))
        assert refused.id == "ps-save-problem" and len(versions({})) == 1
    with signed_in(dash_app, demo_pointer, "u_executive", "/partners/scorecard"):
        assert len(versions({})) == 1  # executives read the versions
        with pytest.raises(Forbidden):
            save(1, "", *DEFAULT_VALUES)  # …and may not save
    assert current_weights().weights["loyalty"] == 30


def render_payload() -> dict:
    from callbacks.partner_scorecard import EDITOR
    from components.partner_scorecard_view import ScorecardView

    outs = [{"id": c, "property": p} for c, p in ScorecardView.OUTPUTS]
    return {
        "output": ".." + "...".join(f"{c}.{p}" for c, p in ScorecardView.OUTPUTS) + "..",
        "outputs": outs,
        "inputs": [{"id": "ps-state", "property": "data", "value": {}}]
        + [{"id": i, "property": "value", "value": v} for i, v in zip(EDITOR, DEFAULT_VALUES, strict=True)],
        "changedPropIds": ["ps-state.data"],
    }


@pytest.mark.parametrize(("user", "status"), [("u_marketer", 403), ("u_partner_manager", 200), ("u_analyst", 200)])
def test_roles_on_the_server(client, user, status):
    login(client, user)
    assert client.post("/_dash-update-component", json=render_payload()).status_code == status
    page = client.get("/partners/scorecard")
    assert page.status_code == 200  # the shell; the layout itself is refused below
    from callbacks.partner_scorecard import render  # noqa: F401  (registered)


def test_the_layout_is_refused_outside_the_partner_roles(dash_app, demo_pointer):
    import dash

    layout = dash.page_registry["pages.partner_scorecard"]["layout"]
    pointer = demo_pointer
    with signed_in(dash_app, pointer, "u_marketer", "/partners/scorecard"):
        assert "access-denied" in str(layout())
    with signed_in(dash_app, pointer, "u_executive", "/partners/scorecard"):
        tree = str(layout())
        assert "ps-grid" in tree and "ps-read-only" in tree and "ps-save" not in tree.replace("ps-save-message", "")
    with signed_in(dash_app, pointer, "u_partner_manager", "/partners/scorecard"):
        assert "'ps-save'" in str(layout())


def test_a_warehouse_without_partners_says_what_to_import(dash_app, tiny_published):
    import dash

    from data.warehouse import get_warehouse

    layout = dash.page_registry["pages.partner_scorecard"]["layout"]
    with signed_in(dash_app, get_warehouse().pointer, "u_partner_manager", "/partners/scorecard"):
        tree = str(layout())
    assert "coverage-page" in tree and "ps-grid" not in tree

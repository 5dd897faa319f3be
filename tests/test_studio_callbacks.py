"""The mining studio's callbacks as plain functions (vizro style): explicit inputs, a signed-in
analyst, the tiny warehouse (order lines from 2024-10-02 to 2025-12-24); outputs compared."""

from __future__ import annotations

import datetime as dt
import json
from contextlib import contextmanager

import pytest
from plotly.utils import PlotlyJSONEncoder

FIRST, LAST = dt.date(2024, 10, 2), dt.date(2025, 12, 24)


@contextmanager
def signed_in(dash_app, username: str = "u_analyst", path: str = "/"):
    from flask_login import login_user

    from auth.users import get_user

    with dash_app.server.test_request_context(path):
        login_user(get_user(username))
        yield


@contextmanager
def triggered(prop_id: str, value=None):
    """Dash's callback context as it is when ``prop_id`` fired (Dash's documented way to test one)."""
    from dash._callback_context import context_value
    from dash._utils import AttributeDict

    token = context_value.set(AttributeDict(triggered_inputs=[{"prop_id": prop_id, "value": value}]))
    try:
        yield
    finally:
        context_value.reset(token)


def text(component) -> str:
    return json.dumps(component, cls=PlotlyJSONEncoder, ensure_ascii=False)


def find(component, element_id):
    """The component with ``element_id`` in a layout tree (None when absent)."""
    if getattr(component, "id", None) == element_id:
        return component
    children = getattr(component, "children", None)
    for child in children if isinstance(children, list | tuple) else [children]:
        if child is not None and not isinstance(child, str | int | float):
            found = find(child, element_id)
            if found is not None:
                return found
    return None


# --------------------------------------------------------------------------- the skeleton


@pytest.mark.parametrize(
    ("module", "prefix", "message_id"),
    [
        ("pages.rfm", "rfm", "rfm-run-message"),
        ("pages.clusters", "clu", "clu-run-message"),
        ("pages.rules", "nbp", "nbp-message"),
        ("pages.forecast", "fc", "fc-run-message"),
        ("pages.models", "mod", "mod-run-message"),
    ],
)
def test_every_studio_page_has_the_same_skeleton(dash_app, module, prefix, message_id):
    import importlib

    layout = importlib.import_module(module).layout
    with signed_in(dash_app):
        page = layout()
    for part in ("user", "lang", "run", "cancel", "progress"):
        assert find(page, f"{prefix}-{part}") is not None, f"{prefix}-{part}"
    assert find(page, message_id) is not None
    assert find(page, f"{prefix}-cancel").disabled is True


def test_the_pages_take_their_bounds_from_the_catalog(dash_app):
    from pages import forecast, models, rfm

    with signed_in(dash_app):
        as_of = find(rfm.layout(), "rfm-as-of")
        moved_from = find(rfm.layout(), "rfm-move-from")
        history = find(forecast.layout(), "fc-dates")
        model_day = find(models.layout(), "mod-as-of")
    assert (as_of.min_date_allowed, as_of.max_date_allowed, as_of.date) == (FIRST, LAST, LAST)
    assert moved_from.date == LAST - dt.timedelta(days=180)
    assert (history.start_date, history.end_date) == (FIRST.isoformat(), LAST.isoformat())
    assert model_day.max_date_allowed == LAST


def test_a_forecast_link_sets_the_controls_and_says_what_it_dropped(dash_app):
    from pages import forecast

    with signed_in(dash_app):
        page = forecast.layout(**{"m": "orders", "g": "week", "h": "999", "f.geo.country": "Germany"})
    assert find(page, "fc-measure").value == "orders"
    assert find(page, "fc-horizon").value == 104
    assert find(page, "fc-request").data["filters"] == {"geo.country": ["Germany"]}
    assert "Germany" in text(find(page, "fc-filter-chips"))
    assert "104" in text(page)  # the refused horizon is said, with the most allowed


# --------------------------------------------------------------------------- rfm, clusters, rules


def no_runs(monkeypatch, *modules):
    """The current warehouse has no stored run (other tests may have stored some on the tiny one)."""
    for module in modules:
        monkeypatch.setattr(module, "shown_run", lambda kind, run_id=None: None)


def test_rfm_says_there_is_no_run_and_refuses_backwards_dates(dash_app, monkeypatch):
    from callbacks import rfm

    no_runs(monkeypatch, rfm)
    with signed_in(dash_app):
        assert rfm.show(None).id == "rfm-none"
        refused = rfm.moved("2025-06-01", "2025-01-01", "all")
        broken = rfm.moved("someday", "2025-01-01", "all")
    assert refused.color == "warning" and text(refused) == text(broken)


def test_clusters_without_a_run_and_saving_a_stale_cluster(dash_app, monkeypatch):
    from callbacks import clusters

    no_runs(monkeypatch, clusters)
    with signed_in(dash_app):
        assert clusters.show(None).id == "clu-none"
        stale = clusters.save_cluster(1, 0, "Whales", -1)
    assert stale.color == "warning" and "clusters" not in stale.children


def test_rules_read_the_period_as_exact_days(dash_app, monkeypatch):
    from callbacks import rules

    no_runs(monkeypatch, rules)
    with signed_in(dash_app):
        spec = rules.rule_spec("category", "order", "L12M", "0.01", None, "")
        bad = rules.mine(1, "category", "order", "1999-Q9", 0.01, 0.1, 1.2)
        assert rules.show_nbp(None).id == "nbp-none"
    assert spec.end == LAST and spec.start == dt.date(2024, 12, 25)
    assert (spec.min_support, spec.min_confidence, spec.min_lift) == (0.01, -1.0, -1.0)
    assert bad.color == "warning" and "1999-Q9" in text(bad)


# --------------------------------------------------------------------------- forecast, models


def test_forecast_asks_through_the_url_then_runs_the_same_question_again(dash_app):
    from callbacks import forecast

    with signed_in(dash_app):
        args = ("revenue", "month", 6, "2025-01-01", "2025-12-24", {"geo.country": ["Germany"]})
        search, request, note = forecast.ask(1, *args, "")
        again = forecast.ask(2, *args, search)
        bad = forecast.ask(3, "revenue", "month", 0.5, None, None, {}, "")
        unit = forecast.horizon_unit("week")
        chips, clear_disabled = forecast.show_filters({})
    assert search == "?m=revenue&g=month&h=6&from=2025-01-01&to=2025-12-24&f.geo.country=Germany"
    assert note is None and again[1]["again"] == 2 and again[1]["filters"] == {"geo.country": ["Germany"]}
    assert bad[2].color == "warning"
    assert unit[1] == 104 and (chips, clear_disabled) == ([], True)


def test_forecast_filters_keep_their_order(dash_app):
    from callbacks import forecast

    before = {"geo.region": ["Asia"], "geo.country": ["Germany"]}
    with signed_in(dash_app):
        with triggered("fc-filter-members.value", ["Europe"]):
            filters = forecast.set_filters(["Europe"], None, "geo.region", before)
        with triggered("fc-filter-clear.n_clicks", 1):
            cleared = forecast.set_filters(["Europe"], 1, "geo.region", before)
    assert list(filters) == ["geo.region", "geo.country"] and filters["geo.region"] == ["Europe"]
    assert cleared == {}


def test_models_without_a_run_point_the_url_at_the_target(dash_app, monkeypatch):
    from callbacks import models

    monkeypatch.setattr(models, "list_runs", lambda kind: [])
    with signed_in(dash_app):
        body, search = models.show(None, "response")
        help_text, hidden = models.target_help("response", 90)
        options, value = models.runs("repurchase", None)
    assert search == "?target=response" and body.color == "light"
    assert hidden == {"display": "none"} and help_text
    assert options == [] and value is None


# --------------------------------------------------------------------------- segments


def test_the_segment_editor_changes_as_plain_functions():
    from components.segment_editor import complete, reshaped, revalued

    empty = {"op": "and", "rules": []}
    one = reshaped(empty, "seg-add-rule", 1)
    assert one == {"op": "and", "rules": [{"field": None}]}
    chosen = reshaped(one, {"type": "seg-field", "path": "0"}, "revenue")
    assert chosen["rules"][0] == {"field": "revenue", "cmp": ">=", "value": None}
    assert reshaped(chosen, {"type": "seg-field", "path": "0"}, "revenue") is None  # the same field again
    assert reshaped(chosen, {"type": "seg-remove", "path": "0"}, None) is None  # drawn, not clicked
    between = reshaped(chosen, {"type": "seg-cmp", "path": "0"}, "between")
    assert between["rules"][0]["value"] == [None, None]
    valued = revalued(between, "or", [{"id": {"path": "0"}, "value": 100}], [{"id": {"path": "0"}, "value": 500}], [])
    assert valued == {"op": "or", "rules": [{"field": "revenue", "cmp": "between", "value": [100, 500]}]}
    ready, skipped = complete({"op": "and", "rules": [*valued["rules"], {"field": None}]})
    assert ready == {"op": "and", "rules": valued["rules"]} and skipped == 1


def test_segment_count_of_the_whole_base(dash_app, demo_pointer, monkeypatch):
    from callbacks import segments
    from crm.segments import segment_base

    monkeypatch.setenv("XRM_DB", str(demo_pointer))
    with signed_in(dash_app):
        cards, rows, columns, note = segments.count({"op": "and", "rules": [{"field": "revenue"}]})
    assert len(rows) == min(100, segment_base().customers) and rows[0]["revenue"] >= rows[-1]["revenue"]
    assert [c["field"] for c in columns][:3] == ["customer_id", "name", "country"]
    assert all(row["name"] for row in rows) and all(row["last_order"] for row in rows if row["orders"])
    assert note.id == "seg-incomplete"


@pytest.mark.parametrize(
    ("target", "as_of", "horizon", "want"),
    [
        ("repurchase", "2025-06-30", 90, (dt.date(2025, 6, 30), {"horizon_days": 90})),
        ("response", "2025-06-30T00:00:00", None, (dt.date(2025, 6, 30), {})),
        ("churn", "2025-06-30", 90, "mining.propensity.unknown_target"),
        ("repurchase", "last week", 90, "cube.bad_date"),
        ("repurchase", "2025-06-30", 2.5, "models.bad_horizon"),
        ("repurchase", "2025-06-30", 100000, "models.bad_horizon"),
    ],
)
def test_the_training_controls_read_as_a_request(target, as_of, horizon, want):
    from components.models_view import training
    from olap.urlstate import Problem

    if isinstance(want, str):
        with pytest.raises(Problem, match=want):
            training(target, as_of, horizon)
    else:
        assert training(target, as_of, horizon) == want


def test_a_model_run_stored_without_its_evaluation_is_said_not_failed(dash_app, demo_pointer, monkeypatch):
    """A propensity run holding scores but no evaluation (found by the security fuzz: the page fell
    into its generic failure) says what it is and what to do."""
    import pandas as pd

    from callbacks.models import show
    from mining.runs import current_lineage, save_run

    monkeypatch.setenv("XRM_DB", str(demo_pointer))
    scores = pd.DataFrame({"customer_id": [1, 2], "score": [0.2, 0.7]})
    run_id = save_run("propensity_response", dt.date(2025, 12, 31), {}, scores, {}, "tester", lineage=current_lineage())
    with signed_in(dash_app):
        body, search = show(run_id, "response")
    assert f"Run {run_id} holds scores but no evaluation" in str(body)

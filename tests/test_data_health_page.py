"""The data health page in-process: who may open it, and what it shows for the tiny warehouse."""

from __future__ import annotations

import datetime as dt
import json
import secrets

import duckdb
import pytest
from plotly.utils import PlotlyJSONEncoder

from tests.conftest import login


def render(dash_app, username: str, lang: str = "en") -> str:
    from flask import session
    from flask_login import login_user

    from auth.users import get_user
    from pages.data_health import layout

    with dash_app.server.test_request_context("/admin/data-health"):
        login_user(get_user(username))
        session["lang"] = lang
        return json.dumps(layout(), cls=PlotlyJSONEncoder, ensure_ascii=False)


@pytest.mark.parametrize("username", ["u_analyst", "u_admin"])
def test_analysts_and_admins_see_the_page(dash_app, tiny_published, username):
    body = render(dash_app, username)
    assert "health-tables" in body and "access-denied" not in body
    con = duckdb.connect(str(tiny_published), read_only=True)
    lines, customers = con.execute(
        "SELECT (SELECT count(*) FROM fact_order_line), (SELECT count(*) FROM dim_customer)"
    ).fetchone()
    con.close()
    grid = json.loads(body)
    rows = {r["table"]: r for r in find(grid, "health-tables")["props"]["rowData"]}
    assert rows["fact_order_line"]["rows"] == lines and rows["dim_customer"]["rows"] == customers
    assert rows["fact_web_session"]["state"] == "not in this warehouse"
    pages = {r["key"]: r for r in find(grid, "health-pages")["props"]["rowData"]}
    assert (
        pages["pipeline"]["status"] == "not available"
        and pages["pipeline"]["import"] == "opportunities, opportunity_stages"
    )
    assert pages["rfm"]["status"] == "ok"


@pytest.mark.parametrize("username", ["u_marketer", "u_executive", "u_partner_manager"])
def test_other_roles_get_the_forbidden_view(dash_app, username):
    body = render(dash_app, username)
    assert "access-denied" in body and "health-tables" not in body


def test_navigation_shows_it_to_analysts_and_admins_only(client):
    for username, shown in (("u_analyst", True), ("u_admin", True), ("u_marketer", False)):
        login(client, username)
        assert ("nav-data_health" in client.get("/_dash-layout").get_data(as_text=True)) == shown, username
        client.post("/logout")


def test_last_imports_show_status_rows_and_message(dash_app):
    from data import opstore

    import_id = "test-" + secrets.token_hex(4)
    source = f"orders-{import_id}.csv"  # the shared store holds other tests' imports too
    started = dt.datetime.now().replace(microsecond=0)
    with opstore.engine().begin() as con:
        con.execute(
            opstore.import_runs.insert().values(
                import_id=import_id, actor="tester", started_at=started,
                source=source, entity="order_lines", policy="quarantine", status="loaded", rows_in=10,
                rows_loaded=8, rows_rejected=2, message="2 rows quarantined: bad dates",
                derived='{"customers": 3, "products": 0, "channels": 1, "applied": {"quantity_assumed": 4, '
                        '"duplicate_lines": 2}}',
            )
        )  # fmt: skip
    rows = find(json.loads(render(dash_app, "u_admin")), "health-history")["props"]["rowData"]
    ours = [r for r in rows if r["source"] == source]
    assert ours == [{
        "when": started.strftime("%Y-%m-%d %H:%M"), "actor": "tester", "entity": "order_lines", "source": source,
        "status": "loaded",
        "rows_loaded": "8", "rows_rejected": "2", "message": "2 rows quarantined: bad dates",
        "derived": "customers 3, channels 1",
        "applied": "4 blank quantities stored as 1 (+4 units assumed); 2 exact duplicate lines loaded as they are",
    }]  # fmt: skip


def test_korean_page(dash_app):
    body = render(dash_app, "u_admin", lang="ko")
    assert "데이터 상태" in body and "사용 불가" in body


def find(tree, component_id: str):
    """The component with ``component_id`` in a layout's JSON."""
    if isinstance(tree, dict):
        if tree.get("props", {}).get("id") == component_id:
            return tree
        for value in tree.get("props", {}).values():
            found = find(value, component_id)
            if found is not None:
                return found
    elif isinstance(tree, list):
        for item in tree:
            found = find(item, component_id)
            if found is not None:
                return found
    return None


def render_page(dash_app, module: str, username: str = "u_admin", **query) -> str:
    import importlib

    from flask import session
    from flask_login import login_user

    from auth.users import get_user

    layout = importlib.import_module(f"pages.{module}").layout
    with dash_app.server.test_request_context("/"):
        login_user(get_user(username))
        session["lang"] = "en"
        return json.dumps(layout(**query), cls=PlotlyJSONEncoder, ensure_ascii=False)


@pytest.mark.parametrize(
    ("module", "entities"),
    [("pipeline", ["opportunities"]), ("whatif", ["campaigns", "campaign_contacts"])],
)
def test_a_page_the_data_cannot_support_names_the_files_to_import(dash_app, module, entities):
    body = render_page(dash_app, module)
    assert "coverage-page" in body and "coverage-unavailable" in body
    for entity in entities:
        assert f"python -m data.importer load FILE --entity {entity}" in body


def test_a_limited_page_keeps_its_content_and_says_what_is_missing(dash_app):
    body = render_page(dash_app, "customers")
    assert "coverage-limited" in body and "cust-results" in body  # the search is still there
    assert "No web sessions loaded." in body and "No opportunities loaded." in body
    assert "coverage-limited" not in render_page(dash_app, "rfm", username="u_analyst")  # orders suffice


def test_pages_guard_roles_before_the_data_notice(dash_app):
    body = render_page(dash_app, "whatif", username="u_executive")
    assert "access-denied" in body and "coverage-" not in body


def test_an_empty_explore_view_of_a_fact_never_loaded_names_the_file(dash_app):
    import pandas as pd

    from components.explore_chart import chart_figure
    from olap.explore_state import load_state

    with dash_app.server.test_request_context("/"):
        sessions = load_state({"m": "sessions", "r": "time.month"})
        revenue = load_state({"m": "revenue", "r": "time.month"})
    said = chart_figure(sessions, pd.DataFrame(), "en").layout.annotations[0].text
    assert said.startswith("No web sessions loaded.<br>") and "--entity web_sessions" in said
    # orders are loaded: an empty revenue view is about the filters and dates, as before
    assert chart_figure(revenue, pd.DataFrame(), "en").layout.annotations[0].text.startswith("No data for this")


def test_measures_of_facts_never_loaded_cannot_be_picked(dash_app):
    from components.coverage import measure_options

    with dash_app.server.test_request_context("/"):
        options = {o["value"]: o for o in measure_options(["revenue", "sessions", "tickets"], "en")}
    assert options["revenue"] == {"label": "Revenue", "value": "revenue", "disabled": False}
    assert options["sessions"]["disabled"] and options["sessions"]["label"].endswith("· not loaded")
    assert options["tickets"]["disabled"]


def test_margin_measures_cannot_be_picked_without_costs(dash_app, monkeypatch, tmp_path):
    import duckdb

    from components.coverage import measure_options
    from data import health
    from tests.fixtures import build_tiny_warehouse

    con = duckdb.connect(str(build_tiny_warehouse(tmp_path / "nocost.duckdb")))
    con.execute("UPDATE fact_order_line SET cost = 0")
    monkeypatch.setattr(health, "coverage", lambda warehouse=None: health.compute_coverage(con))
    with dash_app.server.test_request_context("/"):
        options = {o["value"]: o["disabled"] for o in measure_options(["revenue", "gross_margin", "margin_pct"], "en")}
    con.close()
    assert options == {"revenue": False, "gross_margin": True, "margin_pct": True}


def test_models_page_does_not_offer_the_response_model_without_campaigns(dash_app):
    grid = json.loads(render_page(dash_app, "models", username="u_analyst"))
    options = {o["value"]: o for o in find(grid, "mod-target")["props"]["options"]}
    assert options["response"]["disabled"] and not options["repurchase"]["disabled"]
    assert "coverage-limited" in json.dumps(grid)


def test_segment_fields_without_data_are_marked_and_not_offered(dash_app):
    from components.segment_editor import _field_options

    with dash_app.server.test_request_context("/"):
        options = {o["value"]: o for o in _field_options("en")}
    disabled = {v for v, o in options.items() if o["disabled"]}
    # the tiny warehouse has orders, channels and categories, and no tickets, contacts, sessions or partners
    assert disabled == {"tickets", "avg_satisfaction", "contacts", "responses", "response_score", "campaign_outcome",
                        "sessions",
                        "home_partner", "partner_share"}  # fmt: skip
    assert options["sessions"]["label"].endswith("· not loaded") and options["revenue"]["disabled"] is False


def test_a_coverage_that_cannot_be_measured_never_breaks_a_page(dash_app, monkeypatch):
    from data import health

    def broken(warehouse=None):
        raise RuntimeError("unreadable table")

    monkeypatch.setattr(health, "coverage", broken)
    body = render_page(dash_app, "customers")
    assert "cust-results" in body and "coverage-" not in body


def test_every_page_and_analysis_says_what_it_needs(dash_app):
    """A new page or analysis without an entry in data.health.PAGES would never get its notice."""
    import dash

    from data import health
    from olap.analyses import by_group

    pages = {p["module"].split(".")[-1] for p in dash.page_registry.values() if p.get("nav")}
    expected = {f"analyses.{a.id}" for _, group in by_group() for a in group}
    expected |= pages - {"analyses", "data_health"}
    assert set(health.PAGES) == expected
    for required, limits in health.PAGES.values():
        assert set(required) | set(limits) <= set(health.NEEDS)

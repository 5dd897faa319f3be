"""Row-level security for partner managers (issue 12, item 5): assignments, the cube's filter,
Customer 360, the cache, the web request's scope, callback replay and exports.

Differential: every scoped cube answer equals plain SQL restricted to the partners by hand.
Adversarial: another partner's rows by URL, by a replayed callback payload, by an export link.
"""

from __future__ import annotations

import json

import duckdb
import pandas as pd
import pytest
import sqlalchemy as sa

from auth import users
from crm.partners import PartnerError, access
from data import opstore
from data.warehouse import use_warehouse
from olap import engine
from olap.query import make_spec
from olap.scope import partner_scope, scope_key, scoped
from tests.conftest import PASSWORD, login

MANAGERS = ("rls_a", "rls_b")


@pytest.fixture(scope="module")
def demo(demo_pointer):
    con = duckdb.connect(str(demo_pointer), read_only=True)
    yield con
    con.close()


@pytest.fixture(scope="module")
def wh(demo_pointer):
    """A reader of the demo warehouse (the engine's ``warehouse=``)."""
    from data.warehouse import Warehouse

    return Warehouse(demo_pointer)


@pytest.fixture(scope="module")
def partners(demo) -> tuple[int, int, int]:
    """Three partners with sales, opportunities and customers: a and b are assigned, c is not."""
    rows = demo.execute(
        """SELECT p.partner_id FROM dim_partner p
           WHERE p.partner_id IN (SELECT partner_id FROM fact_order_line)
             AND p.partner_id IN (SELECT partner_id FROM fact_opportunity)
             AND p.partner_id IN (SELECT partner_id FROM dim_customer)
           ORDER BY p.partner_id LIMIT 3"""
    ).fetchall()
    assert len(rows) == 3
    return tuple(r[0] for r in rows)


@pytest.fixture(scope="module")
def managers(dash_app, demo, partners):
    """rls_a manages a and b; rls_b manages c."""
    a, b, c = partners
    for name in MANAGERS:
        if users.get_user(name) is None:
            users.add_user(name, PASSWORD, "partner_manager")
    access.set_assignment("rls_a", [a, b], actor="test", cursor=demo)
    access.set_assignment("rls_b", [c], actor="test", cursor=demo)
    return {"rls_a": frozenset({a, b}), "rls_b": frozenset({c})}


def _answer(spec, warehouse, **kw) -> pd.DataFrame:
    return engine.execute_with_info(spec, warehouse, **kw).frame


# --------------------------------------------------------------------------- assignments


def test_assignment_round_trip_and_audit(managers, partners):
    a, b, c = partners
    assert access.assigned_partners("rls_a") == {a, b}
    managers_of_c = access.managers_by_partner()[c]  # (the demo's `partners` account may manage every partner too)
    assert "rls_b" in managers_of_c and "rls_a" not in managers_of_c
    assert access.scope_for("rls_a", "partner_manager") == {a, b}
    for role in ("executive", "analyst", "admin", "marketer"):
        assert access.scope_for("rls_a", role) is None
    with opstore.engine().connect() as con:
        t = opstore.audit_log
        row = con.execute(
            sa.select(t.c.actor, t.c.detail).where(t.c.action == "partners.assign", t.c.subject == "rls_a")
        ).first()
    assert row.actor == "test" and row.detail == f"{a},{b}"


def test_assignment_refusals_name_what_is_wrong(managers, demo):
    with pytest.raises(PartnerError) as unknown:
        access.set_assignment("rls_a", [999_001, 999_002], actor="test", cursor=demo)
    assert unknown.value.key == "partners.error.unknown_ids"
    assert "999001, 999002" in unknown.value.message("en")
    with pytest.raises(PartnerError, match="no_user"):
        access.set_assignment("nobody-here", [], actor="test", cursor=demo)
    with pytest.raises(PartnerError, match="not_manager"):
        access.set_assignment("u_analyst", [], actor="test", cursor=demo)
    with pytest.raises(PartnerError, match="not_ids"):
        access.set_assignment("rls_a", "1,x", actor="test", cursor=demo)


def test_empty_assignment_clears(dash_app, demo, partners):
    if users.get_user("rls_empty") is None:
        users.add_user("rls_empty", PASSWORD, "partner_manager")
    access.set_assignment("rls_empty", [partners[0]], actor="test", cursor=demo)
    access.set_assignment("rls_empty", "", actor="test", cursor=demo)
    assert access.assigned_partners("rls_empty") == frozenset()
    assert access.scope_for("rls_empty", "partner_manager") == frozenset()
    assert access.scope_of_user("rls_empty") == frozenset()
    assert access.scope_of_user("u_admin") is None
    assert access.scope_of_user("no-such-user") == frozenset()  # fails closed


# --------------------------------------------------------------------------- the cube, differentially


@pytest.mark.parametrize("use_rollups", [False, True])
def test_sales_by_partner_are_exactly_the_managers_partners(wh, demo, partners, use_rollups):
    a, b, c = partners
    spec = make_spec(["revenue", "orders"], rows=["partner.partner"], start="2020-01-01", end="2030-12-31")
    with scoped({a, b}):
        got = _answer(spec, wh, use_cache=False, use_rollups=use_rollups)
    want = demo.execute(
        """SELECT CAST(partner_id AS VARCHAR) AS pid, sum(revenue) AS revenue, count(DISTINCT order_id) AS orders
           FROM fact_order_line WHERE partner_id IN (?, ?) GROUP BY ALL""",
        [a, b],
    ).df()
    got = got.set_index("partner.partner").sort_index()
    want = want.set_index("pid").sort_index()
    assert list(got.index) == list(want.index) == sorted([str(a), str(b)])
    assert got["revenue"].to_numpy() == pytest.approx(want["revenue"].to_numpy())
    assert got["orders"].to_numpy() == pytest.approx(want["orders"].to_numpy())


@pytest.mark.parametrize("use_rollups", [False, True])
def test_sessions_opportunities_tickets_follow_the_customers_partner(wh, demo, partners, use_rollups):
    a, b, _ = partners
    spec = make_spec(["sessions", "pipeline_value", "tickets", "revenue"], rows=["geo.region"])
    with scoped({a, b}):
        got = _answer(spec, wh, use_cache=False, use_rollups=use_rollups).set_index("geo.region")

    def by_region(sql: str) -> pd.Series:
        return demo.execute(sql, [a, b]).df().set_index("region")["v"]

    sessions = by_region(
        """SELECT gc.region, count(*) AS v FROM fact_web_session s
           JOIN dim_customer c ON c.customer_id = s.customer_id LEFT JOIN dim_country gc ON gc.country = s.country
           WHERE c.partner_id IN (?, ?) GROUP BY ALL"""
    )
    pipeline = by_region(
        """SELECT c.region, sum(o.amount) AS v FROM fact_opportunity o
           LEFT JOIN dim_customer c ON c.customer_id = o.customer_id WHERE o.partner_id IN (?, ?) GROUP BY ALL"""
    )
    tickets = by_region(
        """SELECT c.region, count(*) AS v FROM fact_service_ticket t
           JOIN dim_customer c ON c.customer_id = t.customer_id WHERE c.partner_id IN (?, ?) GROUP BY ALL"""
    )
    revenue = by_region(
        """SELECT c.region, sum(f.revenue) AS v FROM fact_order_line f
           LEFT JOIN dim_customer c ON c.customer_id = f.customer_id WHERE f.partner_id IN (?, ?) GROUP BY ALL"""
    )
    for measure, want in (("sessions", sessions), ("pipeline_value", pipeline), ("tickets", tickets)):
        assert got[measure].reindex(want.index).to_numpy() == pytest.approx(want.to_numpy()), measure
        assert got[measure].drop(want.index).sum() == 0, measure
    assert got["revenue"].reindex(revenue.index).to_numpy() == pytest.approx(revenue.to_numpy())
    assert sessions.sum() > 0 and pipeline.sum() > 0


def test_a_filter_on_another_partner_gives_nothing(wh, partners):
    a, b, c = partners
    spec = make_spec(["revenue", "pipeline_value"], rows=["partner.partner"], filters={"partner.partner": [str(c)]})
    with scoped({a, b}):
        got = _answer(spec, wh, use_cache=False)
    assert got.empty or (got[["revenue", "pipeline_value"]].to_numpy() == 0).all()
    unrestricted = _answer(spec, wh, use_cache=False)
    assert unrestricted["revenue"].sum() > 0


def test_empty_scope_sees_no_business(wh):
    spec = make_spec(["revenue", "sessions", "opportunities", "contacts"])
    with scoped(frozenset()):
        got = _answer(spec, wh, use_cache=False)
    assert got[["revenue", "sessions", "opportunities", "contacts"]].to_numpy().sum() == 0


def test_the_cache_never_serves_one_manager_anothers_answer(wh, demo, partners, tmp_path):
    a, b, c = partners
    previous = engine.use_cache_directory(tmp_path / "cache")
    try:
        spec = make_spec(["revenue"])
        answers = {}
        for scope in ({a, b}, {c}, None, {a, b}, {c}, None):
            with scoped(scope):
                answer = engine.execute_with_info(spec, wh)
                answers.setdefault(scope_key(), []).append((answer.source, answer.frame["revenue"].iloc[0]))
                cached_total = engine.cached(("rls-test",), lambda cur: cur.execute("SELECT 1").fetchone(), wh)
                assert cached_total == (1,)
    finally:
        engine.use_cache_directory(previous)
    totals = {key: [v for _, v in hits] for key, hits in answers.items()}
    assert len(totals) == 3
    for key, hits in answers.items():
        assert hits[0][0] != "cache" and hits[1][0] == "cache", key  # second ask of the same scope: cache
        assert hits[0][1] == hits[1][1]
    want_ab = demo.execute("SELECT sum(revenue) FROM fact_order_line WHERE partner_id IN (?, ?)", [a, b]).fetchone()[0]
    want_c = demo.execute("SELECT sum(revenue) FROM fact_order_line WHERE partner_id = ?", [c]).fetchone()[0]
    want_all = demo.execute("SELECT sum(revenue) FROM fact_order_line").fetchone()[0]
    assert totals[f"p:{min(a, b)},{max(a, b)}"][0] == pytest.approx(want_ab)
    assert totals[f"p:{c}"][0] == pytest.approx(want_c)
    assert totals["all"][0] == pytest.approx(want_all)


def test_drill_through_rows_are_the_managers_only(wh, demo, partners):
    a, b, c = partners
    names = dict(demo.execute("SELECT partner_id, name FROM dim_partner").fetchall())
    spec = make_spec(["revenue"], rows=["geo.region"])
    with scoped({a, b}):
        detail = engine.detail(spec, {}, page=0, page_size=10_000, warehouse=wh)
    want = demo.execute("SELECT count(*) FROM fact_order_line WHERE partner_id IN (?, ?)", [a, b]).fetchone()[0]
    assert detail.total == want
    assert set(detail.frame["partner"]) <= {names[a], names[b]}


# --------------------------------------------------------------------------- Customer 360


def test_customer_360_opens_only_customers_of_the_managers_partners(wh, demo, partners):
    from crm import customers as cu

    a, b, c = partners
    mine = demo.execute("SELECT customer_id, name FROM dim_customer WHERE partner_id = ? LIMIT 1", [a]).fetchone()
    theirs = demo.execute("SELECT customer_id, name FROM dim_customer WHERE partner_id = ? LIMIT 1", [c]).fetchone()
    cursor = wh.cursor()
    with scoped({a, b}):
        assert cu.profile(cursor, mine[0]).customer["customer_id"] == mine[0]
        assert not cu.timeline(cursor, mine[0]).empty
        with pytest.raises(cu.CustomerError) as refused:
            cu.profile(cursor, theirs[0])
        assert refused.value.key == "customer.not_found"  # the same words as an id that does not exist
        with pytest.raises(cu.CustomerError, match="not_found"):
            cu.timeline(cursor, theirs[0])
        assert cu.search(cursor, str(theirs[0])).empty
        assert theirs[0] not in set(cu.search(cursor, theirs[1][:4])["customer_id"])
        assert mine[0] in set(cu.search(cursor, str(mine[0]))["customer_id"])
    with scoped(frozenset()):
        assert cu.search(cursor, str(mine[0])).empty
    assert cu.profile(cursor, theirs[0]).customer["customer_id"] == theirs[0]  # unrestricted roles


# --------------------------------------------------------------------------- the web layer


def _chart_payload(query: dict) -> dict:
    outputs = [
        ("explore-graph", "figure"),
        ("explore-graph", "style"),
        ("explore-table", "rowData"),
        ("explore-table", "columnDefs"),
        ("explore-view-message", "children"),
    ]
    return {
        "output": ".." + "...".join(f"{i}.{p}" for i, p in outputs) + "..",
        "outputs": [{"id": i, "property": p} for i, p in outputs],
        "inputs": [{"id": "explore-chart-state", "property": "data", "value": query}],
        "changedPropIds": ["explore-chart-state.data"],
    }


def _chart_rows(client, query: dict) -> list[dict]:
    response = client.post("/_dash-update-component", json=_chart_payload(query))
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    return json.loads(response.get_data(as_text=True))["response"]["explore-table"]["rowData"]


def test_replayed_callback_for_another_partner_returns_none_of_its_rows(dash_app, demo_pointer, managers, partners):
    a, b, c = partners
    query = {"m": ["revenue"], "r": "partner.partner", "from": "2015-01-01", "to": "2030-12-31"}
    with use_warehouse(demo_pointer):
        client = dash_app.server.test_client()
        login(client, "rls_a")
        rows = _chart_rows(client, {**query, "f.partner.partner": [str(c)]})
        assert all(not row.get("revenue") for row in rows)
        shown = {str(row["_member"]) for row in _chart_rows(client, query)}
        assert shown == {str(a), str(b)}
        other = dash_app.server.test_client()
        login(other, "rls_b")
        assert {str(row["_member"]) for row in _chart_rows(other, query)} == {str(c)}
        admin = dash_app.server.test_client()
        login(admin, "u_admin")
        assert {str(a), str(b), str(c)} <= {str(row["_member"]) for row in _chart_rows(admin, query)}
    assert partner_scope() is None  # nothing of the requests' scope stayed in this thread


def test_the_explore_page_built_with_its_chart_shows_only_the_managers_partners(
    dash_app, demo_pointer, managers, partners
):
    """The Explore page comes with its chart drawn (no callback): the page's own build is scoped too."""
    from tests import replay

    a, b, c = partners
    url = "/explore?m=revenue&r=partner.partner&from=2015-01-01&to=2030-12-31"

    def members(user: str) -> set[str]:
        client = dash_app.server.test_client()
        login(client, user)
        seen = replay.visit(client, dash_app, url, [], rounds=0)
        assert seen.answers[0][1] == 200
        return {str(row["_member"]) for row in seen.props["explore-table"]["rowData"]}

    with use_warehouse(demo_pointer):
        assert members("rls_a") == {str(a), str(b)}
        assert members("rls_b") == {str(c)}
        assert {str(a), str(b), str(c)} <= members("u_admin")
    assert partner_scope() is None


def test_the_dashboard_page_built_with_its_numbers_shows_only_the_managers_partners(
    dash_app, demo_pointer, demo, managers, partners
):
    """The dashboard comes drawn when its numbers are kept (no callback): the inline build is scoped too,
    and numbers kept for one person never reach another (an unrestricted user opens it first)."""
    from tests import replay

    a, b, c = partners
    url = "/?p=2025"
    sql = """SELECT customer_id, sum(revenue) FROM fact_order_line
             WHERE order_ts >= DATE '2025-01-01' AND order_ts < DATE '2026-01-01' AND partner_id IN ({})
             GROUP BY 1 ORDER BY 2 DESC LIMIT 10"""

    def built(user: str) -> list[dict]:
        client = dash_app.server.test_client()
        login(client, user)
        replay.visit(client, dash_app, url, rounds=1)  # the first visit keeps the numbers
        seen = replay.visit(client, dash_app, url, rounds=0)
        assert seen.answers[0][1] == 200 and "exec-pending" not in seen.props  # built drawn
        return seen.props["exec-top-customers"]["rowData"]

    with use_warehouse(demo_pointer):
        everyone = built("u_admin")
        for user, mine in (("rls_a", (a, b)), ("rls_b", (c,))):
            want = demo.execute(sql.format(", ".join("?" * len(mine))), list(mine)).fetchall()
            rows = built(user)
            assert [int(r["customer_id"]) for r in rows] == [w[0] for w in want], user
            assert [r["revenue"] for r in rows] == pytest.approx([w[1] for w in want]), user
            assert rows != everyone
    assert partner_scope() is None


def test_the_scope_is_set_per_request_and_reset_after(dash_app, managers):
    """The before-request hook sets the signed-in user's scope; the teardown takes it away."""
    from flask_login import login_user

    server = dash_app.server
    for username, expected in (("rls_a", managers["rls_a"]), ("u_executive", None), ("u_partner_manager", set())):
        with server.test_request_context("/_dash-layout"):
            login_user(users.get_user(username))
            assert server.preprocess_request() is None
            assert partner_scope() == expected
        assert partner_scope() is None, username


def test_partner_managers_cannot_download_exports(dash_app, managers):
    client = dash_app.server.test_client()
    login(client, "rls_a")
    spec = json.dumps({"m": ["revenue"], "r": ["partner.partner"]})
    assert client.get("/export/view.csv", query_string={"spec": spec}).status_code == 403


def test_an_export_reads_the_scoped_cube(demo_pointer, demo, partners):
    from olap.export import view_table

    a, b, c = partners
    spec = make_spec(["revenue"], rows=["partner.partner"])
    with use_warehouse(demo_pointer), scoped({a, b}):
        table = view_table(spec, "en")
    assert len(table.rows) == 2
    ids = {str(r[0]) for r in table.rows}
    assert str(c) not in ids


# --------------------------------------------------------------------------- the command line


def test_cli_sets_prints_and_clears(dash_app, demo_pointer, partners, capsys):
    from auth.cli import main

    a, b, _ = partners
    if users.get_user("rls_cli") is None:
        users.add_user("rls_cli", PASSWORD, "partner_manager")
    with use_warehouse(demo_pointer):
        assert main(["partners", "rls_cli", "--set", f"{b},{a}"]) == 0
        assert capsys.readouterr().out.strip() == f"{min(a, b)},{max(a, b)}"
        assert main(["partners", "rls_cli"]) == 0
        assert capsys.readouterr().out.strip() == f"{min(a, b)},{max(a, b)}"
        assert main(["partners", "rls_cli", "--set", "999999"]) == 2
        assert "999999" in capsys.readouterr().err
        assert main(["partners", "ghost", "--set", str(a)]) == 2
        assert "ghost" in capsys.readouterr().err
        assert main(["partners", "ghost"]) == 2
        assert main(["partners", "u_analyst", "--set", str(a)]) == 2
        assert "not a partner manager" in capsys.readouterr().err
        assert main(["partners", "rls_cli", "--set", ""]) == 0
        assert "no partners" in capsys.readouterr().out
    assert access.assigned_partners("rls_cli") == frozenset()


# --------------------------------------------------------------------------- admin page, notice, demo


def test_admin_picks_a_managers_partners_round_trip(dash_app, demo_pointer, demo, partners):
    from werkzeug.exceptions import Forbidden

    from callbacks.partner_access import save_assignment, show_assignment
    from tests.signed_in import signed_in

    a, _, c = partners
    if users.get_user("rls_ui") is None:
        users.add_user("rls_ui", PASSWORD, "partner_manager")
    access.set_assignment("rls_ui", [a], actor="test", cursor=demo)
    with signed_in(dash_app, demo_pointer, "u_admin", "/admin/users"):
        style, title, options, value, user, message = show_assignment(
            [{"username": "rls_ui", "role": "partner_manager"}]
        )
        assert style == {} and "rls_ui" in title and user == "rls_ui" and message is None
        assert value == [a]
        names = dict(demo.execute("SELECT partner_id, name || ' (' || country || ')' FROM dim_partner").fetchall())
        assert {o["value"]: o["label"] for o in options} == names
        hidden = show_assignment([{"username": "u_analyst", "role": "analyst"}])
        assert hidden[0] == {"display": "none"} and hidden[4] is None
        saved = save_assignment(1, "rls_ui", [a, c])
        assert "2" in str(saved)
        refused = save_assignment(1, "rls_ui", [a, 987_654])
        assert "987654" in str(refused)
    assert access.assigned_partners("rls_ui") == {a, c}
    with signed_in(dash_app, demo_pointer, "rls_ui", "/admin/users"), pytest.raises(Forbidden):
        save_assignment(1, "rls_ui", [a, c, partners[1]])
    assert access.assigned_partners("rls_ui") == {a, c}
    with opstore.engine().connect() as con:
        t = opstore.audit_log
        actors = con.execute(
            sa.select(t.c.actor).where(t.c.action == "partners.assign", t.c.subject == "rls_ui")
        ).scalars()
        assert "u_admin" in set(actors)


def test_admin_page_holds_the_picker(dash_app):
    from flask_login import login_user

    from pages.admin_users import layout

    with dash_app.server.test_request_context("/admin/users"):
        login_user(users.get_user("u_admin"))
        text = str(layout())
    assert "admin-partners-card" in text and "admin-partners-save" in text


def test_a_manager_without_partners_is_told_so(dash_app, managers):
    from flask_login import login_user

    from components.shell import layout

    server = dash_app.server
    for username, none, some in (("u_partner_manager", True, False), ("rls_a", False, True), ("u_admin", False, False)):
        with server.test_request_context("/"):
            login_user(users.get_user(username))
            server.preprocess_request()
            shell = str(layout())
            assert ("partner-scope-none" in shell, "partner-scope-some" in shell) == (none, some), username
            if some:
                assert "your 2 partners only" in shell


def test_the_demo_partner_manager_gets_every_demo_partner(dash_app, demo_pointer, demo):
    import app as app_module

    with opstore.engine().begin() as con:
        con.execute(opstore.users.delete().where(opstore.users.c.username == "partners"))
    with use_warehouse(demo_pointer):
        app_module.ensure_demo_accounts()
    every = {p for (p,) in demo.execute("SELECT partner_id FROM dim_partner").fetchall()}
    assert every and access.assigned_partners("partners") == every


def test_the_dashboard_shows_the_managers_partners_business_only(wh, demo, partners):
    """The dashboard reads the monthly aggregates, not the cube: they carry partner_id, and the page
    filters add the scope, so its KPIs and top lists are the manager's partners' lines like Explore."""
    import datetime as dt

    from olap.catalog import catalog
    from olap.dashboard import DashboardState, dashboard_report

    a, b, _ = partners
    state = DashboardState.from_query({"p": "2025"}, catalog(wh))
    first, after = state.period.first_day, state.period.last_day + dt.timedelta(days=1)
    with scoped({a, b}):
        mine = dashboard_report(state, wh)
    revenue, orders = demo.execute(
        "SELECT sum(revenue), count(DISTINCT order_id) FROM fact_order_line "
        "WHERE order_ts >= ? AND order_ts < ? AND partner_id IN (?, ?)",
        [first, after, a, b],
    ).fetchone()
    assert mine.kpis.current["revenue"] == pytest.approx(revenue) and mine.kpis.current["orders"] == orders
    allowed = {
        r[0]
        for r in demo.execute(
            "SELECT DISTINCT customer_id FROM fact_order_line WHERE order_ts >= ? AND order_ts < ? AND partner_id IN (?, ?)",
            [first, after, a, b],
        ).fetchall()
    }
    assert mine.customers and {int(c["customer_id"]) for c in mine.customers} <= allowed
    everyone = dashboard_report(state, wh)
    assert everyone.kpis.current["revenue"] > mine.kpis.current["revenue"]
    with scoped(frozenset()):
        assert dashboard_report(state, wh).kpis.current["orders"] == 0


def test_the_pipeline_shows_the_managers_partners_deals_only(wh, partners):
    """Scoped to {a, b}, the pipeline's figures equal the unscoped figures filtered to a and b."""
    import datetime as dt

    from crm import pipeline as pl

    a, b, _ = partners
    cursor = wh.cursor()
    at, start = dt.date(2025, 12, 31), dt.date(2025, 1, 1)
    chosen = pl.PipelineFilters(partners=(a, b))
    with scoped({a, b}):
        assert pl.open_pipeline(cursor, pl.ALL, at) == pl.open_pipeline(cursor, chosen, at)
        assert pl.outcomes(cursor, pl.ALL, start, at) == pl.outcomes(cursor, chosen, start, at)
    assert pl.open_pipeline(cursor, pl.ALL, at)[0] > pl.open_pipeline(cursor, chosen, at)[0]
    with scoped(frozenset()):
        assert pl.open_pipeline(cursor, pl.ALL, at) == (0, 0.0)


def test_the_page_built_into_the_layout_shows_only_the_managers_partners(dash_app, demo_pointer, managers, partners):
    """A page opened by address comes inside the app's layout (components/routing.py): that build is
    scoped by the same request hook as the router's."""
    from tests import replay
    from tests.test_routing import _content, _layout

    a, b, c = partners
    url = "/explore?m=revenue&r=partner.partner&from=2015-01-01&to=2030-12-31"

    def members(user: str) -> set[str]:
        client = dash_app.server.test_client()
        login(client, user)
        table = replay.components(_content(_layout(client, url)))["explore-table"]
        return {str(row["_member"]) for row in table["rowData"]}

    with use_warehouse(demo_pointer):
        assert members("rls_a") == {str(a), str(b)}
        assert members("rls_b") == {str(c)}
        assert {str(a), str(b), str(c)} <= members("u_admin")
    assert partner_scope() is None

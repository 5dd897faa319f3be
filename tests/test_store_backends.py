"""The operational store on SQLite and on PostgreSQL (issue 14, item 5): versioned migrations, the
adoption of a store made before them, and a round trip through every table family on both backends.

The ``store_url`` fixture (tests/conftest.py) gives each test a fresh store on SQLite and on a throwaway
PostgreSQL server (tests/pgserver.py). Other modules run on both too: test_partner_support (board,
funds, deals), test_partner_contacts, test_partner_scorecard (weight versions),
test_customer_changes_lineage (customer changes, import runs, score runs).
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

import crm.customers  # noqa: F401 (customer_changes joins the store's metadata)
from data import opstore

ROOT = Path(__file__).resolve().parents[1]
BEFORE = Path(__file__).with_name("data") / "store-before-migrations.sqlite"


def counts(engine, names=None) -> dict[str, int]:
    """Rows per table of the models (``names``: only these, e.g. the tables an older store has)."""
    with engine.connect() as con:
        return {
            name: con.execute(sa.select(sa.func.count()).select_from(sa.table(name))).scalar_one()
            for name in opstore.metadata.tables
            if names is None or name in names
        }


# tables later revisions add: a store made before migrations has none of them (they start empty)
LATER_TABLES = {"smtp_settings", "subscriptions", "kpi_alerts", "notifications"}


def test_the_migrated_schema_is_the_models_schema(store_url):
    """Every table, column, type, index of ``opstore.metadata`` is what the migrations make: a change to a
    table without a revision fails here."""
    engine = opstore.engine()
    assert opstore.current_revision(engine) == opstore.head_revision()
    with engine.connect() as con:
        diff = compare_metadata(MigrationContext.configure(con, opts={"compare_type": True}), opstore.metadata)
    assert diff == []
    assert set(sa.inspect(engine).get_table_names()) == set(opstore.metadata.tables) | {"alembic_version"}


def test_starting_again_changes_nothing(store_url):
    engine = opstore.engine()
    opstore.audit("ada", "x.y", "s", "d")
    opstore.migrate(engine)  # at head: nothing to do
    opstore.migrate(engine, opstore.head_revision())  # named: the upgrade runs and finds nothing to do
    with engine.connect() as con:
        versions = con.execute(sa.text("SELECT version_num FROM alembic_version")).scalars().all()
    assert versions == [opstore.head_revision()]
    assert counts(engine)["audit_log"] == 1


def test_a_sqlite_store_made_before_migrations_is_adopted_with_every_row(tmp_path):
    path = tmp_path / "old.sqlite"
    shutil.copy(BEFORE, path)
    raw = sa.create_engine(f"sqlite:///{path}")
    old_tables = set(sa.inspect(raw).get_table_names())
    assert not old_tables & LATER_TABLES
    before = counts(raw, old_tables)
    with raw.connect() as con:
        assert not sa.inspect(con).has_table("alembic_version")
        columns = [c for c in opstore.users.c if c.name != "email"]  # the column revision 0002 adds
        users_before = [dict(r._mapping) for r in con.execute(sa.select(*columns))]
    raw.dispose()
    assert all(n >= 1 for n in before.values())  # the file holds a row in every table

    engine = opstore.engine(f"sqlite:///{path}")
    try:
        assert opstore.current_revision(engine) == opstore.head_revision()
        assert counts(engine) == {**before, **dict.fromkeys(LATER_TABLES, 0)}
        with engine.begin() as con:
            users_after = [dict(r._mapping) for r in con.execute(sa.select(opstore.users))]
            assert users_after == [{**u, "email": None} for u in users_before]
            new_audit = con.execute(opstore.audit_log.insert().values(actor="ada", action="a")).inserted_primary_key[0]
            new_view = con.execute(
                opstore.saved_views.insert().values(name="New", path="/explore", query="", created_by="ada")
            ).inserted_primary_key[0]
        assert new_audit == 2
        assert new_view == 3  # view 2 was deleted before the upgrade: its id is still never reused
        with engine.connect() as con:
            diff = compare_metadata(MigrationContext.configure(con), opstore.metadata)
        assert diff == []
    finally:
        opstore._engines.pop(f"sqlite:///{path}").dispose()


def test_an_older_sqlite_store_gains_the_columns_and_tables_it_lacks(tmp_path):
    path = tmp_path / "older.sqlite"
    raw = sa.create_engine(f"sqlite:///{path}")
    with raw.begin() as con:  # users as the first XRM made them: no session_epoch, no other table
        con.execute(
            sa.text(
                "CREATE TABLE users (username VARCHAR(64) PRIMARY KEY, password_hash VARCHAR(256) NOT NULL, "
                "role VARCHAR(32) NOT NULL, display_name VARCHAR(128), language VARCHAR(8) DEFAULT 'en' NOT NULL, "
                "active BOOLEAN DEFAULT 1 NOT NULL, is_demo BOOLEAN DEFAULT 0 NOT NULL, "
                "created_at DATETIME DEFAULT CURRENT_TIMESTAMP NOT NULL)"
            )
        )
        con.execute(sa.text("INSERT INTO users (username, password_hash, role) VALUES ('ada', 'h', 'admin')"))
    raw.dispose()
    engine = opstore.engine(f"sqlite:///{path}")
    try:
        with engine.connect() as con:
            row = con.execute(sa.select(opstore.users)).one()
        assert (row.username, row.session_epoch, row.active) == ("ada", 0, True)
        assert set(sa.inspect(engine).get_table_names()) == set(opstore.metadata.tables) | {"alembic_version"}
    finally:
        opstore._engines.pop(f"sqlite:///{path}").dispose()


def test_a_postgresql_store_made_before_migrations_is_adopted(pg_server):
    """Before versioned migrations XRM made its tables on PostgreSQL with ``create_all``: the same tables,
    with rows, are adopted (stamped, nothing lost, sequences go on after the existing ids)."""
    url = pg_server.new_database()
    raw = sa.create_engine(url)
    opstore.metadata.create_all(raw)
    with raw.begin() as con:
        con.execute(opstore.users.insert().values(username="ada", password_hash="h", role="admin"))
        con.execute(opstore.audit_log.insert(), [{"actor": "ada", "action": f"a{i}"} for i in range(3)])
        con.execute(opstore.segments.insert().values(name="Loyal", created_by="ada"))
    before = counts(raw)
    raw.dispose()
    engine = opstore.engine(url)
    try:
        assert opstore.current_revision(engine) == opstore.head_revision()
        assert counts(engine) == before
        with engine.begin() as con:
            assert con.execute(opstore.audit_log.insert().values(actor="b", action="c")).inserted_primary_key[0] == 4
    finally:
        opstore._engines.pop(url).dispose()


def test_processes_starting_together_migrate_once(store_url):
    """Several processes open a store nobody has migrated: one migrates, the others wait and find it done."""
    if store_url.startswith("sqlite"):
        store_url = store_url.replace("store.sqlite", "fresh.sqlite")
    else:
        opstore._engines.pop(store_url).dispose()
        with sa.create_engine(store_url).begin() as con:
            con.execute(sa.text("DROP SCHEMA public CASCADE"))
            con.execute(sa.text("CREATE SCHEMA public"))
    code = "from data import opstore; opstore.audit('p', 'started')"
    env = {**os.environ, "XRM_STORE_URL": store_url}
    procs = [
        subprocess.Popen([sys.executable, "-c", code], cwd=ROOT, env=env, stderr=subprocess.PIPE, text=True)
        for _ in range(3)
    ]
    errors = [p.communicate(timeout=120)[1] for p in procs]
    assert [p.returncode for p in procs] == [0, 0, 0], errors
    engine = sa.create_engine(store_url)
    try:
        with engine.connect() as con:
            assert con.execute(sa.text("SELECT version_num FROM alembic_version")).scalars().all() == [
                opstore.head_revision()
            ]
        assert counts(engine)["audit_log"] == 3
    finally:
        engine.dispose()


# ------------------------------------------------------------------ each table family through its module


def test_users_logins_and_audit(store_url):
    from auth import users

    users.add_user("ada", "correct-horse-9", "admin", "Ada L.")
    assert users.get_user("ada") is not None and users.has_admin() and users.user_count() == 1
    assert users.authenticate("ada", "wrong-password", "10.0.0.1") is None
    assert users.authenticate("ada", "correct-horse-9", "10.0.0.1").role == "admin"
    users.set_role("ada", "marketer")
    users.set_language("ada", "ko")
    users.set_active("ada", False)
    listed = users.list_users()
    assert [(u["username"], u["role"], u["language"], bool(u["active"])) for u in listed] == [
        ("ada", "marketer", "ko", False)
    ]
    assert users.authenticate("ada", "correct-horse-9") is None  # disabled
    with opstore.engine().connect() as con:
        attempts = con.execute(
            sa.select(opstore.login_attempts.c.success).order_by(opstore.login_attempts.c.id)
        ).scalars()
        assert list(attempts)[:2] == [False, True]
        created = con.execute(sa.select(opstore.users.c.created_at)).scalar_one()
    assert abs(created - dt.datetime.now(dt.UTC).replace(tzinfo=None)) < dt.timedelta(minutes=5)  # UTC, as SQLite
    assert users.lock_seconds_left("ada", "10.0.0.1") == 0


def test_import_mappings(store_url):
    from data.importer.mapping import Mapping, list_mappings, load_mapping, save_mapping

    mapping = Mapping(entity="order_lines", columns={"order_id": "Order", "revenue": "Amount"})
    save_mapping("shop", mapping, "ada")
    save_mapping("shop", mapping, "bob")  # replaced
    assert load_mapping("shop").to_json() == mapping.to_json()
    assert list_mappings() == [{"name": "shop", "entity": "order_lines", "created_by": "bob"}]


def test_score_runs(store_url, tmp_path, monkeypatch):
    from mining import runs

    monkeypatch.setattr(runs, "scores_dir", lambda: tmp_path)
    scores = pd.DataFrame({"customer_id": [1, 2, 3], "score": [0.5, 0.25, 1.0]})
    first = runs.save_run("rfm", dt.date(2026, 1, 31), {"k": 1}, scores, {"n": 3}, "ada", "v1", lineage="L")
    second = runs.save_run("rfm", dt.date(2026, 2, 28), {"k": 2}, scores, {"n": 3}, "ada", "v2", lineage="L")
    runs.mark_automatic(second, "2026-03-01T00:00:00")
    assert [r["run_id"] for r in runs.list_runs("rfm", "L")] == [second, first]
    assert runs.latest_run("rfm", "L")["run_id"] == second and runs.latest_run("rfm", "other") is None
    meta, frame = runs.load_run(first)
    assert meta["as_of"] == dt.date(2026, 1, 31) and frame["score"].tolist() == [0.5, 0.25, 1.0]


def test_segments_plans_lists_decisions_assignments_and_views(store_url, demo_pointer):
    """Segments with member snapshots, a campaign plan launched (its frozen lists), a decision, partner
    assignments and saved views, on the demo warehouse; counts checked against the warehouse by SQL."""
    from auth import users
    from crm import saved_views
    from crm.campaigns import decisions, launch
    from crm.campaigns.plan import Plan
    from crm.partners import access
    from crm.segments import save_segment, segment_members, segments_of
    from data.warehouse import Warehouse, use_warehouse

    warehouse = Warehouse(demo_pointer)
    cursor = warehouse.cursor()
    with use_warehouse(demo_pointer):
        saved = save_segment("Everyone", {"op": "and", "rules": []}, "ada")
        again = save_segment("Everyone", {"op": "and", "rules": []}, "ada", segment_id=saved["segment_id"])
        members = segment_members(saved["segment_id"])
        expected = cursor.execute("SELECT count(*) FROM dim_customer WHERE NOT is_guest").fetchone()[0]
        assert again["version"] == 2 and len(members) == saved["customers"] == expected
        assert [s["segment_id"] for s in segments_of(members[0])] == [saved["segment_id"]]

        plan = Plan(
            name="Spring", objective="campaign", segment_id=saved["segment_id"], segment_version=2, channel="Email",
            start=dt.date(2026, 3, 1), end=dt.date(2026, 3, 21), cost_per_contact=0.1, holdout=0.2, window_days=30,
            fixed_cost=500.0, offer="10% off", offer_code="SPRING10", seed=11,
        )  # fmt: skip
        plan_id = launch.save_plan(plan, "ada", warehouse)
        launched = launch.launch(plan_id, "ada", warehouse)
        lists = launch.frozen_lists(plan_id)
        assert launch.plan_record(plan_id)["status"] == "launched" and launched is not None
        assert len(lists) == lists["customer_id"].nunique() <= expected
        assert set(lists["group_name"]) == {"target", "control"}

        lineage = warehouse.lineage()
        decision = decisions.record_decision(900001, "stop", " enough ", "ada", lineage, [900001], plan_id=plan_id)
        assert [(d["decision_id"], d["note"]) for d in decisions.decisions(lineage, 900001)] == [(decision, "enough")]

        users.add_user("pm", "correct-horse-9", "partner_manager")
        partner_ids = sorted(r[0] for r in cursor.execute("SELECT partner_id FROM dim_partner").fetchall())[:2]
        access.set_assignment("pm", partner_ids, "ada", cursor)
        assert access.assigned_partners("pm") == frozenset(partner_ids)

        view = saved_views.save_view("ada", "My explore", "/explore?m=revenue", roles=("marketer",))
        assert [(v.view_id, v.roles) for v in saved_views.list_views("bob", "marketer")] == [
            (view.view_id, ("marketer",))
        ]
        assert saved_views.list_views("bob", "analyst") == []


def test_a_long_audit_subject_fits_on_both(store_url):
    opstore.audit("ada", "import.load", "s" * 1000, "d" * 5000)
    with opstore.engine().connect() as con:
        row = con.execute(sa.select(opstore.audit_log)).one()
    assert (len(row.subject), len(row.detail)) == (256, 5000)


def test_make_test_installs_and_requires_postgresql():
    makefile = (ROOT / "Makefile").read_text()
    assert "apt-get install -y -q --no-install-recommends postgresql" in makefile
    assert "test: $(STAMP) browser redis postgres" in makefile and "XRM_REQUIRE_PG=1" in makefile
    assert {"alembic", "psycopg[binary]"} <= {
        line.split("==")[0] for line in (ROOT / "requirements.txt").read_text().splitlines()
    }
    assert "XRM_STORE_URL" in (ROOT / "docs" / "scale-out.md").read_text()

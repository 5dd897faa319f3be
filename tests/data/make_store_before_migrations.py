"""How ``store-before-migrations.sqlite`` was made: run with the XRM of commit 5192293 (the last one before
versioned migrations), from that checkout: ``python /path/to/this/file OUT.sqlite``. One row or two in every
table of the store of that day, through its own ``opstore.engine`` (create_all), the way an installed XRM
left its store. ``tests/test_store_backends.py`` checks a newer XRM adopts it without losing a row.
"""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
import sys

out = sys.argv[1]
if os.path.exists(out):
    os.remove(out)
os.environ["XRM_STORE_URL"] = f"sqlite:///{out}"

import crm.customers as cu  # noqa: E402
from data import opstore  # noqa: E402

eng = opstore.engine()
cu._changes()
now = dt.datetime(2026, 5, 1, 9, 30)
d = dt.date(2026, 4, 30)
ROWS = {
    "users": dict(username="ada", password_hash="x" * 60, role="admin", display_name="Ada", language="ko",
                  session_epoch=3),
    "login_attempts": dict(username="ada", remote_addr="127.0.0.1", at=now, success=True),
    "audit_log": dict(at=now, actor="ada", action="user.add", subject="ada", detail="admin"),
    "score_runs": dict(kind="rfm", as_of=d, params="{}", metrics="{}", rows=3, file="rfm-1.parquet",
                       warehouse_version="v1", created_by="ada", lineage="L1"),
    "segments": dict(name="Loyal", description="", created_by="ada"),
    "segment_versions": dict(segment_id=1, version=1, definition='{"op": "and", "rules": []}', as_of=d,
                             data_key="k", members=2, revenue=12.5, created_by="ada"),
    "segment_members": [dict(segment_id=1, version=1, customer_id=7), dict(segment_id=1, version=1, customer_id=9)],
    "campaign_plans": dict(name="Spring", plan="{}", lineage="L1", created_by="ada", status="launched",
                           launched_at=now),
    "campaign_lists": dict(plan_id=1, customer_id=7, group_name="target", channel="Email"),
    "campaign_decisions": dict(campaign_id=900001, lineage="L1", choice="stop", note="done", created_by="ada"),
    "partner_weight_versions": dict(weights='{"revenue": 30}', thresholds='{"gold": 55}', created_by="ada"),
    "partner_assignments": dict(username="pm", partner_id=2, assigned_by="ada"),
    "partner_notices": dict(partner_id=None, kind="notice", title="Hello", body="World", created_by="ada"),
    "partner_notice_reads": dict(notice_id=1, username="pm"),
    "partner_fund_budgets": dict(name="Q2", start_date=d, end_date=d, amount=1000.0, created_by="ada"),
    "partner_fund_allocations": dict(budget_id=1, partner_id=2, amount=400.0, created_by="ada"),
    "partner_fund_claims": dict(allocation_id=1, amount=100.0, activity="Fair", activity_date=d, created_by="pm"),
    "partner_deals": dict(partner_id=2, customer_name="Acme", amount=5000.0, expected_close=d, created_by="pm"),
    "partner_contacts": dict(partner_id=2, name="Jin", created_by="ada"),
    "partner_contracts": dict(partner_id=2, kind="nda", start_date=d, created_by="ada"),
    "saved_views": [dict(name="Mine", path="/explore", query="m=revenue", created_by="ada"),
                    dict(name="Gone", path="/explore", query="", created_by="ada")],
    "saved_view_roles": dict(view_id=1, role="marketer"),
    "import_mappings": dict(name="orders", entity="order_lines", definition="{}", created_by="ada"),
    "import_runs": dict(import_id="imp-1", actor="ada", started_at=now, source="a.csv", entity="order_lines",
                        policy="reject", status="loaded", rows_in=5, rows_loaded=5),
    "customer_changes": dict(customer_id=7, field="name", before="A", after="B", changed_by="ada", changed_at=now,
                             lineage="L1"),
}  # fmt: skip
assert set(ROWS) == set(opstore.metadata.tables), set(opstore.metadata.tables) ^ set(ROWS)
with eng.begin() as con:
    for name, values in ROWS.items():
        con.execute(opstore.metadata.tables[name].insert(), values if isinstance(values, list) else [values])
    # view 2 deleted: with sqlite_autoincrement its id is never given again
    con.execute(opstore.saved_views.delete().where(opstore.saved_views.c.view_id == 2))
eng.dispose()
raw = sqlite3.connect(out)  # one self-contained file (no -wal beside it)
raw.execute("PRAGMA journal_mode=DELETE")
raw.execute("VACUUM")
raw.close()

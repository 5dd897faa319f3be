"""Customer 360 corrections and erasures belong to the warehouse they were made on (issue 9, defect 1).

Ids restart per warehouse: customer 1 of a new warehouse is another person than customer 1 of
the one before, so a correction or an erasure recorded on the first must never show on, or be
written into, the second; on its own warehouse it still applies.
"""

from __future__ import annotations

import datetime as dt

import duckdb

from crm import customers as cu
from data import warehouse as wh
from jobs.changes import apply_changes
from tests.test_run_lineage import load, orders_csv


def names(pointer) -> dict[int, str]:
    con = duckdb.connect(str(wh.current_path(pointer)), read_only=True)
    try:
        return dict(con.execute("SELECT customer_id, name FROM dim_customer WHERE NOT is_guest").fetchall())
    finally:
        con.close()


def test_changes_of_one_warehouse_never_touch_another(tmp_path, store_url):  # on SQLite and PostgreSQL
    pointer = tmp_path / "wh" / "xrm.duckdb"
    orders_csv(tmp_path / "a.csv", 1, 8, dt.date(2024, 1, 1), 60)
    load(tmp_path / "a.csv", pointer, new=True, refresh_scores=False)
    a = wh.Warehouse(pointer)
    lineage_a = a.lineage()
    cu.correct(a.cursor(), 1, {"name": "Alice Corrected"}, "tester")
    cu.erase(a.cursor(), 2, "tester", "asked to be forgotten")
    assert cu.profile(a.cursor(), 1).customer["name"] == "Alice Corrected"
    assert cu.profile(a.cursor(), 2).erased

    orders_csv(tmp_path / "b.csv", 2, 8, dt.date(2025, 1, 1), 60)
    load(tmp_path / "b.csv", pointer, new=True, refresh_scores=False)  # ids 1..8 again: other people
    b = wh.Warehouse(pointer)
    assert b.lineage() != lineage_a
    own = names(pointer)
    assert own[2] != cu.ANONYMOUS_NAME.format(id=2)  # the load did not erase B's customer 2
    profile_1, profile_2 = cu.profile(b.cursor(), 1), cu.profile(b.cursor(), 2)
    assert profile_1.customer["name"] == own[1] and not profile_1.pending
    assert not profile_2.erased and profile_2.customer["name"] == own[2]
    assert cu.history(1, b.lineage()).empty and cu.erased_ids(b.lineage()) == []
    assert cu.unapplied(b.lineage()).empty
    assert apply_changes("tester", pointer) is None  # nothing of B's to write
    assert set(cu.unapplied(lineage_a)["customer_id"]) == {1, 2}  # A's changes wait for A
    found = cu.search(b.cursor(), own[1])
    assert 1 in set(found["customer_id"])

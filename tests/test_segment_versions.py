"""The segment builder's table across warehouse versions: no count waits minutes for a new version's table.

A Customer 360 correction or erasure updates the changed customers' rows in a copy of the version before's
table (equal to a table built afresh); a partners' status publish (like a score publish) reuses the table;
a rollback finds the table of the version it returns to; any other new version (a campaign bridge, a
rebuild of the derived tables, a load) is counted from the version before's table, said on the page, while
its own is built in the background. After each kind of change the builder selects what the old pandas
builder (tests/segment_oracle.py) selects on the version then current.
"""

from __future__ import annotations

import threading

import duckdb
import pandas as pd
import pytest

import crm.segment_base as segment_base
from crm import customers as cu
from crm import segments as seg
from crm.segment_base import cache_folder, cache_key
from data import warehouse as wh
from tests.fixtures import private_copy
from tests.test_segments_duckdb import assert_same_builder, old_base

DEFINITION = {"op": "or", "rules": [{"field": "revenue", "cmp": "top_pct", "value": 20},
                                    {"field": "city", "cmp": "not_empty"}]}  # fmt: skip


@pytest.fixture
def own(demo_pointer, tmp_path):
    seg._bases.clear()
    pointer = private_copy(demo_pointer, tmp_path, own_lineage=True)  # not the shared demo's campaigns or erasures
    with wh.use_warehouse(pointer):
        yield pointer
    seg._bases.clear()


def table_of(reader) -> segment_base.Path:
    _, version = reader.cursor_with_version()
    return cache_folder() / f"{cache_key(version)}.duckdb"


def rows(path) -> pd.DataFrame:
    con = duckdb.connect(":memory:")
    try:
        con.execute("ATTACH ? AS t (READ_ONLY)", [str(path)])
        return con.execute("SELECT * FROM t.features ORDER BY customer_id").df()
    finally:
        con.close()


def no_builds(monkeypatch):
    monkeypatch.setattr(segment_base, "_build", lambda *a: pytest.fail("the table was built again"))
    monkeypatch.setattr(segment_base, "_build_in_child", lambda *a: pytest.fail("the table was built again"))


def changed_customers(cur, n: int = 3) -> list[int]:
    """Customers with orders, contacts and sessions (every part of a row is exercised)."""
    return [r[0] for r in cur.execute(
        """SELECT c.customer_id FROM dim_customer c
           WHERE EXISTS (SELECT 1 FROM fact_campaign_contact k WHERE k.customer_id = c.customer_id)
             AND EXISTS (SELECT 1 FROM fact_order_line f WHERE f.customer_id = c.customer_id)
           ORDER BY c.customer_id LIMIT ?""", [n]).fetchall()]  # fmt: skip


def test_a_correction_updates_the_changed_customers_rows_in_a_copy(own, monkeypatch, tmp_path):
    from jobs.changes import apply_changes

    reader = wh.Warehouse(own)
    before = seg.segment_base(reader)
    before_rows = rows(table_of(reader))
    cur = reader.cursor()
    ids = changed_customers(cur)
    cu.correct(cur, ids[0], {"city": "Seoul", "email_opt_in": False}, "tester")
    cu.correct(cur, ids[1], {"name": "Renamed Customer"}, "tester")
    cu.correct(cur, ids[2], {"city": "Busan"}, "tester")
    no_builds(monkeypatch)
    assert apply_changes("tester", own)
    seg._bases.clear()
    after = seg.segment_base(reader)  # no build: the copy was updated while the version was written
    assert not after.stand_in and after.as_of == before.as_of
    updated = rows(table_of(reader))
    monkeypatch.undo()
    fresh = tmp_path / "fresh.duckdb"
    segment_base._build(str(wh.current_path(own)), fresh, before.as_of)
    pd.testing.assert_frame_equal(updated, rows(fresh))  # the same table a build writes
    changed = updated.set_index("customer_id").loc[ids]
    assert list(changed["city"]) == ["Seoul", before_rows.set_index("customer_id").loc[ids[1], "city"], "Busan"]
    assert changed.loc[ids[1], "name"] == "Renamed Customer" and not changed.loc[ids[0], "email_opt_in"]
    touched = set(ids) | set(cu.erased_ids(reader.lineage()))  # a write enforces every recorded erasure again
    pd.testing.assert_frame_equal(before_rows[~before_rows["customer_id"].isin(touched)].reset_index(drop=True),
                                  updated[~updated["customer_id"].isin(touched)].reset_index(drop=True))  # fmt: skip
    assert_same_builder(after, old_base(reader, after), reader, seed=21, n=60)


def test_the_update_follows_every_customer_the_write_rewrote(own, monkeypatch, tmp_path):
    """The version's write may change more customers than the recorded changes name (an erasure recorded
    earlier is enforced again): the copy follows every row the write changed, and equals a fresh build."""
    from jobs.changes import apply_changes

    reader = wh.Warehouse(own)
    before = seg.segment_base(reader)
    cur = reader.cursor()
    ids = changed_customers(cur, 2)
    cu.correct(cur, ids[0], {"city": "Seoul"}, "tester")
    recorded = cu.write_changes

    def and_more(con, todo):
        recorded(con, todo)
        con.execute("UPDATE dim_customer SET name = 'Rewritten by the write' WHERE customer_id = ?", [ids[1]])

    monkeypatch.setattr(cu, "write_changes", and_more)
    no_builds(monkeypatch)
    assert apply_changes("tester", own)
    seg._bases.clear()
    assert not seg.segment_base(reader).stand_in
    updated = rows(table_of(reader))
    monkeypatch.undo()
    fresh = tmp_path / "fresh.duckdb"
    segment_base._build(str(wh.current_path(own)), fresh, before.as_of)
    pd.testing.assert_frame_equal(updated, rows(fresh))
    assert updated.set_index("customer_id").loc[ids[1], "name"] == "Rewritten by the write"


def test_an_erasure_updates_the_row_and_leaves_no_older_table_of_the_warehouse(own, monkeypatch):
    from jobs.changes import apply_changes

    reader = wh.Warehouse(own)
    seg.segment_base(reader)
    old_table = table_of(reader)
    cur = reader.cursor()
    cid = changed_customers(cur, 1)[0]
    name = cur.execute("SELECT name FROM dim_customer WHERE customer_id = ?", [cid]).fetchone()[0]
    cu.erase(cur, cid, "tester", "request #7")
    no_builds(monkeypatch)
    apply_changes("tester", own)
    seg._bases.clear()
    base = seg.segment_base(reader)
    assert not old_table.exists()  # it held the erased name: no count may stand in from it
    got = base.execute("SELECT name FROM base WHERE customer_id = ?", [cid]).fetchone()[0]
    assert got == f"Anonymised customer {cid}" and got != name
    assert base.execute("SELECT count(*) FROM base WHERE name = ?", [name]).fetchone()[0] == 0
    assert segment_base.stand_in(reader.lineage(), reader.cursor_with_version()[1]) is None
    monkeypatch.undo()
    assert_same_builder(base, old_base(reader, base), reader, seed=22, n=40)


def test_a_partners_status_publish_and_a_rollback_reuse_tables(own, monkeypatch):
    from crm.partners.status import publish_status

    reader = wh.Warehouse(own)
    first = seg.segment_base(reader)
    expected = seg.summarise(DEFINITION, first)
    first_version = reader.version()
    no_builds(monkeypatch)
    publish_status("tester", own)
    assert reader.version() != first_version
    seg._bases.clear()
    carried = seg.segment_base(reader)
    assert not carried.stand_in
    got = seg.summarise(DEFINITION, carried)
    assert got[0] == expected[0] and list(got[1]) == list(expected[1])
    wh.rollback(own)  # back to the first version: its own table, no build
    assert reader.version() == first_version
    seg._bases.clear()
    back = seg.segment_base(reader)
    assert not back.stand_in
    got = seg.summarise(DEFINITION, back)
    assert got[0] == expected[0] and list(got[1]) == list(expected[1])
    monkeypatch.undo()
    assert_same_builder(back, old_base(reader, back), reader, seed=23, n=40)


def test_a_new_version_is_counted_from_the_one_before_while_its_table_is_built(own, monkeypatch):
    """A version a copy cannot follow (here a rebuild of the derived tables; a campaign bridge or a load
    alike): the live count answers at once from the version before's table, saying so, and the build runs
    in the background; once it is done the count is the new version's. Whatever waits (a save) never gets
    a stand-in."""
    from jobs.build import refresh_derived

    reader = wh.Warehouse(own)
    first = seg.segment_base(reader)
    expected = seg.summarise(DEFINITION, first)
    refresh_derived(own)
    release, started = threading.Event(), threading.Event()
    real = seg.ensure_cache

    def slow(*args):
        started.set()
        assert release.wait(60)
        return real(*args)

    monkeypatch.setattr(seg, "ensure_cache", slow)
    seg._bases.clear()
    standing = seg.segment_base(reader, stand_in_ok=True)  # at once, while the build waits
    assert standing.stand_in and standing.as_of == first.as_of
    assert started.wait(10)
    got = seg.summarise(DEFINITION, standing)
    assert got[0] == expected[0] and list(got[1]) == list(expected[1])
    assert seg.segment_base(reader, stand_in_ok=True) is standing  # still building: the same stand-in
    release.set()
    _, version = reader.cursor_with_version()
    seg._building[version].join(120)
    assert segment_base.cached(version) is not None
    fresh = seg.segment_base(reader, stand_in_ok=True)
    assert not fresh.stand_in
    assert_same_builder(fresh, old_base(reader, fresh), reader, seed=24, n=40)


def test_a_caller_that_waits_gets_the_current_versions_table(own):
    from jobs.build import refresh_derived

    reader = wh.Warehouse(own)
    seg.segment_base(reader)
    refresh_derived(own)
    seg._bases.clear()
    base = seg.segment_base(reader)  # no stand-in asked for: built now
    _, version = reader.cursor_with_version()
    assert not base.stand_in and segment_base.cached(version) is not None


def test_another_warehouse_never_stands_in(own, demo_pointer):
    """A new warehouse (another lineage: a fresh demo build, an import into a new warehouse) has other
    customers: its first count waits for its own table rather than count someone else's."""
    reader = wh.Warehouse(own)
    seg.segment_base(reader)
    _, version = reader.cursor_with_version()
    assert segment_base.stand_in("another-lineage", version) is None
    found = segment_base.stand_in(reader.lineage(), version)  # (the shared demo's, of the same warehouse)
    assert found is None or (found != table_of(reader) and segment_base._lineage_of_table(found) == reader.lineage())


def test_the_page_says_the_counts_are_from_the_version_before(own):
    from components.segments_view import count_view
    from i18n import t

    reader = wh.Warehouse(own)
    base = seg.segment_base(reader)
    summary, top = seg.live_count(DEFINITION, base, 5)
    for lang in ("en", "ko"):
        shown = str(count_view(summary, top, 0, lang, stand_in=True)[0])
        assert "seg-stand-in" in shown and t("segments.stand_in", lang)[:20] in shown
        assert "seg-stand-in" not in str(count_view(summary, top, 0, lang)[0])


def test_a_campaign_bridge_is_counted_from_the_version_before_then_from_its_own(own):
    """A campaign bridge adds campaigns and contacts (new outcome values for everyone's codes): the live
    count stands in from the version before at once, and the version's own table, built in the background,
    selects what the old builder selects, the new campaign's outcomes included."""
    import datetime as dt

    from crm.campaigns.bridge import campaign_id_of, publish_campaigns
    from crm.campaigns.launch import launch, save_plan
    from crm.campaigns.plan import Plan

    reader = wh.Warehouse(own)
    first = seg.segment_base(reader)
    saved = seg.save_segment("Versions: top customers", DEFINITION, "tester")
    start = dt.date(2025, 11, 1)  # inside the data: the contacts count and the campaign has outcomes
    plan = Plan(
        name="Versions test", objective="campaign", segment_id=saved["segment_id"], segment_version=saved["version"],
        channel="Email", start=start, end=start + dt.timedelta(days=20), cost_per_contact=0.1, holdout=0.2,
        window_days=30, fixed_cost=500.0, offer_code="VERS", seed=3,
    )  # fmt: skip
    plan_id = save_plan(plan, "tester", reader)
    launch(plan_id, "tester", reader)
    _, bridged = publish_campaigns("tester", own)
    assert bridged == 1
    seg._bases.clear()
    standing = seg.segment_base(reader, stand_in_ok=True)
    _, version = reader.cursor_with_version()
    assert standing.stand_in and standing.as_of == first.as_of  # at once: the build runs in the background
    seg._building[version].join(120)
    fresh = seg.segment_base(reader, stand_in_ok=True)
    assert not fresh.stand_in
    token = f"{campaign_id_of(plan_id)}:control"
    assert token in fresh.category_members["campaign_outcome"]
    assert_same_builder(fresh, old_base(reader, fresh), reader, seed=25, n=60)


def test_a_failed_build_is_started_again_by_the_next_count(own, monkeypatch):
    from jobs.build import refresh_derived

    reader = wh.Warehouse(own)
    seg.segment_base(reader)
    refresh_derived(own)
    real, calls = seg.ensure_cache, []

    def failing_once(*args):
        calls.append(1)
        if len(calls) == 1:
            raise OSError("disk full")
        return real(*args)

    monkeypatch.setattr(seg, "ensure_cache", failing_once)
    seg._bases.clear()
    _, version = reader.cursor_with_version()
    assert seg.segment_base(reader, stand_in_ok=True).stand_in
    seg._building[version].join(60)
    assert segment_base.cached(version) is None  # the build failed (logged)
    assert seg.segment_base(reader, stand_in_ok=True).stand_in  # still answers, and builds again
    seg._building[version].join(120)
    assert len(calls) == 2 and segment_base.cached(version) is not None
    assert not seg.segment_base(reader, stand_in_ok=True).stand_in

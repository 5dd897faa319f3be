"""Warehouse versions: atomic switch, readers follow it, rollback, pruning, clear errors."""

import threading

import duckdb
import pytest

from data import warehouse as wh
from tests.fixtures import build_tiny_warehouse


def build(pointer, extra_orders=0):
    path = build_tiny_warehouse(wh.new_version_path(pointer))
    if extra_orders:
        con = duckdb.connect(str(path))
        for i in range(extra_orders):
            con.execute(
                f"INSERT INTO fact_order_line VALUES ({100 + i}, 1, '2025-12-30', 4, 2, 1, NULL, NULL, 1, 50, 0, 50, 30)"
            )
        con.close()
    return path


def orders(reader):
    return reader.cursor().execute("SELECT count(DISTINCT order_id) FROM fact_order_line").fetchone()[0]


def test_missing_warehouse_says_what_to_do(tmp_path):
    reader = wh.Warehouse(tmp_path / "none.duckdb")
    with pytest.raises(wh.WarehouseUnavailable, match="make run"):
        reader.cursor()


def test_corrupt_warehouse_says_what_to_do(tmp_path):
    bad = tmp_path / "bad.duckdb"
    bad.write_bytes(b"this is not a database" * 100)
    with pytest.raises(wh.WarehouseUnavailable, match="rollback"):
        wh.Warehouse(bad).cursor()


def test_publish_switches_readers_and_rollback_returns(tmp_path):
    pointer = tmp_path / "xrm.duckdb"
    first = wh.publish(build(pointer), pointer)
    reader = wh.Warehouse(pointer)
    assert orders(reader) == 8 and reader.version() == first
    second = wh.publish(build(pointer, extra_orders=2), pointer)
    assert reader.version() == second and orders(reader) == 10
    assert wh.rollback(pointer) == first
    assert orders(reader) == 8


def test_each_thread_gets_its_own_cursor(tmp_path):
    pointer = tmp_path / "xrm.duckdb"
    wh.publish(build(pointer), pointer)
    reader = wh.Warehouse(pointer)
    results, cursors = [], []

    def work():
        cursors.append(reader.cursor())  # kept alive, so identities stay distinct
        results.append(orders(reader))

    threads = [threading.Thread(target=work) for _ in range(4)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert results == [8] * 4 and len({id(c) for c in cursors}) == 4


def test_prune_keeps_the_newest_and_the_current(tmp_path):
    pointer = tmp_path / "xrm.duckdb"
    for _ in range(5):
        wh.publish(build(pointer), pointer, keep=2)
    kept = wh.list_versions(pointer)
    assert len(kept) == 2 and pointer.resolve() == kept[-1]


def test_a_plain_file_given_as_xrm_db_is_kept_when_publishing(tmp_path):
    pointer = tmp_path / "mine.duckdb"
    build_tiny_warehouse(pointer)
    assert orders(wh.Warehouse(pointer)) == 8
    wh.publish(build(pointer, extra_orders=1), pointer)
    assert pointer.is_symlink() and len(wh.list_versions(pointer)) == 2


def test_the_web_app_never_opens_the_warehouse_read_write(tmp_path):
    pointer = tmp_path / "xrm.duckdb"
    wh.publish(build(pointer), pointer)
    reader = wh.Warehouse(pointer)
    with pytest.raises(duckdb.Error):
        reader.cursor().execute("CREATE TABLE x(i INTEGER)")


def test_dashboard_page_explains_an_unavailable_warehouse(dash_app, tmp_path):
    from flask_login import login_user

    from auth.users import get_user
    from pages.home import layout

    with wh.use_warehouse(tmp_path / "gone.duckdb"), dash_app.server.test_request_context("/"):
        login_user(get_user("u_executive"))
        page = str(layout(period="2025"))
    assert "warehouse-error" in page and "make run" in page


def test_outdated_derived_tables_are_rebuilt_into_a_new_version(tmp_path):
    from data.aggregates import stored_derived_version
    from jobs.build import derived_is_current, refresh_derived
    from jobs.derive import derived_version

    pointer = tmp_path / "xrm.duckdb"
    old = build(pointer)
    con = duckdb.connect(str(old))
    # what an older XRM left behind: a derived table without today's columns, no fingerprint
    con.execute("CREATE OR REPLACE TABLE customer_first_order AS SELECT 1 AS customer_id")
    con.execute("DELETE FROM meta WHERE key = 'derived_version'")
    con.close()
    wh.publish(old, pointer)
    assert not derived_is_current(pointer)

    version = refresh_derived(pointer)
    assert derived_is_current(pointer)
    assert wh.current_path(pointer) != old and wh.version_of(wh.current_path(pointer)) == version
    reader = wh.Warehouse(pointer)
    columns = [r[0] for r in reader.cursor().execute("DESCRIBE customer_first_order").fetchall()]
    assert "acquired_in_history" in columns
    assert orders(reader) == 8  # the base tables came along unchanged
    con = duckdb.connect(str(old), read_only=True)  # the old version is untouched, for rollback
    assert stored_derived_version(con) is None
    con.close()
    assert stored_derived_version(reader.cursor()) == derived_version()


def test_use_warehouse_sets_the_process_reader_for_the_block_and_restores_it(tmp_path):
    before = wh.get_warehouse()
    with pytest.raises(RuntimeError), wh.use_warehouse(tmp_path / "a.duckdb") as reader:
        assert wh.get_warehouse() is reader and reader.pointer == tmp_path / "a.duckdb"
        with wh.use_warehouse(reader):
            assert wh.get_warehouse() is reader
        raise RuntimeError("the block failed")
    assert wh.get_warehouse() is before

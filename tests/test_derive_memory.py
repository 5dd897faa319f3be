"""The derived step's memory is bounded whatever the warehouse's size: DuckDB's limit is lowered while the
derived tables are built on a file (they spill beyond it) and set back after, as the generator does."""

from __future__ import annotations

import duckdb

import jobs.derive as derive_module
from data import warehouse as wh
from tests.fixtures import private_copy


def test_the_derived_tables_are_built_under_the_bounded_limit_and_it_is_set_back(demo_pointer, tmp_path, monkeypatch):
    pointer = private_copy(demo_pointer, tmp_path)
    seen = []
    real = derive_module.build_derived

    def watched(con):
        seen.append(con.execute("SELECT current_setting('memory_limit')").fetchone()[0])
        return real(con)

    monkeypatch.setattr(derive_module, "build_derived", watched)
    monkeypatch.setattr(derive_module, "DERIVE_MEMORY", "700MB")
    con = duckdb.connect(str(wh.current_path(pointer)))
    try:
        con.execute("SET memory_limit = '3GB'")
        before = con.execute("SELECT current_setting('memory_limit')").fetchone()[0]
        done = derive_module.derive(con, new_data=False)
        assert done.tables and seen == ["667.5 MiB"]  # 700 MB, as DuckDB shows it
        assert con.execute("SELECT current_setting('memory_limit')").fetchone()[0] == before
    finally:
        con.close()


def test_an_in_memory_database_keeps_its_limit(monkeypatch):
    monkeypatch.setattr(derive_module, "DERIVE_MEMORY", "700MB")
    con = duckdb.connect(":memory:")
    con.execute("SET memory_limit = '3GB'")
    before = con.execute("SELECT current_setting('memory_limit')").fetchone()[0]
    monkeypatch.setattr(derive_module, "_derive", lambda con, *a: con.execute(
        "SELECT current_setting('memory_limit')").fetchone()[0])  # fmt: skip
    assert derive_module.derive(con) == before  # nothing to spill to: not lowered


def test_unset_the_limit_is_left_alone(demo_pointer, tmp_path, monkeypatch):
    pointer = private_copy(demo_pointer, tmp_path)
    monkeypatch.setattr(derive_module, "DERIVE_MEMORY", None)
    monkeypatch.setattr(derive_module, "_derive", lambda con, *a: con.execute(
        "SELECT current_setting('memory_limit')").fetchone()[0])  # fmt: skip
    con = duckdb.connect(str(wh.current_path(pointer)))
    try:
        con.execute("SET memory_limit = '3GB'")
        assert derive_module.derive(con) == con.execute("SELECT current_setting('memory_limit')").fetchone()[0]
    finally:
        con.close()

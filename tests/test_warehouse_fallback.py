"""A damaged current version: the portal answers from the newest readable older one, and says so."""

from __future__ import annotations

import shutil

import pytest

from data.warehouse import Warehouse, WarehouseUnavailable, new_version_path, publish, use_warehouse
from tests.fixtures import build_tiny_warehouse


@pytest.fixture
def pointer(tmp_path):
    good = build_tiny_warehouse(tmp_path / "good.duckdb")
    pointer = tmp_path / "xrm.duckdb"
    first = new_version_path(pointer)
    shutil.copyfile(good, first)
    publish(first, pointer)
    return pointer


def damage(pointer) -> None:
    bad = new_version_path(pointer)
    bad.write_bytes(b"\x00not a duckdb file" * 500)  # a truncated copy, a bad disk block
    publish(bad, pointer)


def test_a_damaged_version_falls_back_to_the_previous_one(pointer, tmp_path):
    before = Warehouse(pointer).cursor().execute("SELECT count(*), sum(revenue) FROM fact_order_line").fetchone()
    damage(pointer)
    reader = Warehouse(pointer)
    assert reader.cursor().execute("SELECT count(*), sum(revenue) FROM fact_order_line").fetchone() == before
    assert reader.fallback is not None and reader.fallback.bad == pointer.resolve()
    assert "not a valid DuckDB database" in reader.fallback.reason
    assert reader.version() == reader.fallback.used.stem  # cache keys name the data actually read
    # a good version published afterwards is read again, and the warning goes
    good = new_version_path(pointer)
    shutil.copyfile(reader.fallback.used, good)
    publish(good, pointer)
    assert reader.cursor().execute("SELECT count(*) FROM fact_order_line").fetchone()[0] == before[0]
    assert reader.fallback is None and reader.version() == good.stem


def test_no_readable_version_is_the_designed_error(tmp_path):
    pointer = tmp_path / "xrm.duckdb"
    damage(pointer)
    with pytest.raises(WarehouseUnavailable, match="could not be read"):
        Warehouse(pointer).cursor()


def test_every_page_shows_the_warning(pointer):
    from components.shell import warehouse_notice

    with use_warehouse(pointer):
        assert warehouse_notice("en") is None
    damage(pointer)
    with use_warehouse(pointer):
        alert = warehouse_notice("ko")
    text = str(alert.children)
    assert alert.id == "warehouse-fallback" and "이전 버전" in text and "make restore" in text

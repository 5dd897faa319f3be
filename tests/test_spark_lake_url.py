"""The lake at a URL (issue 14 item 2): ``XRM_LAKE=file:///…`` is written and read through Spark, as
``s3a://`` object storage is on a cluster (``olap.lake_url``), and the cube answers from it exactly as
DuckDB does from the warehouse.

A version is found only through its manifest, written last: a write that fails half-way changes
nothing a reader sees; a forced write fills a new write folder before the manifest names it; pruning follows the
warehouse's versions. A warehouse of orders only (no campaigns) is written with its empty tables and
answers campaign measures as DuckDB does. Row counts and sums are checked against DuckDB reading the
written Parquet files independently.
"""

from __future__ import annotations

import os
import random
import shutil
from urllib.parse import urlparse

import duckdb
import pytest

from data.warehouse import Warehouse, current_path, list_versions, new_version_path, publish
from olap import lake, lake_url
from olap.cube import SCORE_DIMS, CubeError
from olap.engines import cube_cursor
from olap.query import make_spec
from tests.specgen import members_by_level, random_spec
from tests.test_spark_engine import both, local_spark, on_engine

pytestmark = pytest.mark.spark


@pytest.fixture(scope="module")
def url(tmp_path_factory):
    """``XRM_LAKE`` as a ``file://`` URL for the module (Spark writes it; the engine's env restored after)."""
    root = tmp_path_factory.mktemp("urllake")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("XRM_LAKE", root.as_uri())
        mp.delenv("XRM_ENGINE", raising=False)
        mp.delenv("XRM_SPARK_URL", raising=False)
        mp.setenv("XRM_QUERY_TIMEOUT", "600")  # a JVM warming up on a busy CI machine is slow, not stuck
        yield root.as_uri()


@pytest.fixture(scope="module")
def spark_session(url):
    yield from local_spark()
    lake_url._known.clear()


@pytest.fixture(scope="module")
def demo(demo_pointer, url, spark_session):
    lake.write_version(current_path(demo_pointer))
    return Warehouse(demo_pointer)


def folder(location: str) -> str:
    return urlparse(location).path


def parquet(location: str, what: str) -> object:
    """``what`` over the Parquet files at ``location``, read by DuckDB (not by Spark)."""
    con = duckdb.connect()  # its own: the process's default connection may hold another test's result
    try:
        return con.sql(f"SELECT {what} FROM read_parquet('{folder(location)}/**/*.parquet')").fetchall()[0][0]
    finally:
        con.close()


def test_the_version_is_written_through_spark_with_the_warehouse_rows(demo, demo_pointer, url):
    assert lake.lake_root() == url
    version = current_path(demo_pointer).stem
    info = lake.manifest(version)
    assert info["version"] == version and info["write"]
    con = duckdb.connect(str(current_path(demo_pointer)), read_only=True)
    tables = {r[0] for r in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
    assert set(info["tables"]) == tables
    for table in ("fact_order_line", "fact_campaign_contact", "dim_customer", "rollup_sales_m_top"):
        n = con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
        assert info["tables"][table]["rows"] == n == parquet(lake.table_location(version, table, info), "count(*)")
    revenue = con.execute("SELECT sum(revenue) FROM fact_order_line").fetchone()[0]
    location = lake.table_location(version, "fact_order_line", info)
    assert parquet(location, "sum(revenue)") == pytest.approx(revenue, rel=1e-12)
    first, last = con.execute(
        "SELECT strftime(min(order_ts), '%Y-%m'), strftime(max(order_ts), '%Y-%m') FROM fact_order_line"
    ).fetchone()
    con.close()
    months = sorted(p for p in os.listdir(folder(location)) if p.startswith(lake.PARTITION))
    assert months[0] == f"{lake.PARTITION}={first}" and months[-1] == f"{lake.PARTITION}={last}"
    assert lake.write_version(current_path(demo_pointer)) == info  # a complete version is not written again


def test_the_cube_answers_from_the_url_lake_as_duckdb_does(demo, spark_session):
    members = members_by_level(demo.cursor())
    for measures in (["revenue", "margin_pct", "orders", "aov"], ["customers", "repeat_rate", "contacts", "sessions"]):
        both(make_spec(measures, rows=["geo.region"]), demo)
        both(make_spec(measures, rows=["time.month"], start="2024-11-01", end="2025-02-28"), demo, use_rollups=False)
    span = demo.cursor().execute("SELECT min(order_ts)::DATE, max(order_ts)::DATE FROM fact_order_line").fetchone()
    rng = random.Random(14)
    for i in range(6):
        spec = random_spec(rng, members, *span, skip_dims=SCORE_DIMS)
        try:
            both(spec, demo, use_rollups=i % 2 == 0)
        except CubeError as exc:
            assert exc.key == "cube.too_large", (spec, exc)


def test_a_write_that_fails_half_way_changes_nothing_and_a_forced_write_replaces_whole(demo, demo_pointer, monkeypatch):
    """A forced write of the module's version fails at its fifth table (the bucket went away): readers
    keep the complete version the manifest names. Written again, the manifest names the new write."""
    version = current_path(demo_pointer).stem
    before = lake.manifest(version)
    original, calls = lake_url._send, []

    def failing(*args):
        calls.append(args)
        if len(calls) == 5:
            raise OSError("connection reset")
        return original(*args)

    monkeypatch.setattr(lake_url, "_send", failing)
    with pytest.raises(OSError):
        lake.write_version(current_path(demo_pointer), force=True)
    lake_url._known.clear()  # as another process reads it
    assert lake.manifest(version) == before  # four tables of a new write are there, unnamed
    monkeypatch.setattr(lake_url, "_send", original)
    again = lake.write_version(current_path(demo_pointer), force=True)
    assert again["write"] != before["write"]
    lake_url._known.clear()
    assert lake.manifest(version)["write"] == again["write"]
    with on_engine("spark"):
        cursor, _ = cube_cursor(demo)
        lake_revenue = cursor.execute("SELECT sum(revenue) FROM fact_order_line").fetchone()[0]
    assert lake_revenue == pytest.approx(
        demo.cursor().execute("SELECT sum(revenue) FROM fact_order_line").fetchone()[0]
    )


def test_orders_only_warehouse_and_pruning(demo_pointer, tmp_path, url, spark_session, monkeypatch):
    """A user's warehouse without campaigns: the empty tables are written with their columns, campaign
    measures answer as on DuckDB; each publish writes its version and prunes those the warehouse dropped."""
    pointer = tmp_path / "orders-only.duckdb"
    published = []
    for i in range(4):  # the warehouse keeps three versions: the first is pruned, its lake version with it
        copy = new_version_path(pointer)
        shutil.copyfile(current_path(demo_pointer), copy)
        con = duckdb.connect(str(copy))
        con.execute("DELETE FROM fact_campaign_contact")
        con.close()
        with monkeypatch.context() as mp:
            if i in (1, 2):  # two publishes without a lake step (a lake write each costs CI time)
                mp.delenv("XRM_LAKE")
            publish(copy, pointer)  # the lake step runs when XRM_LAKE is set: the module's URL
        published.append(copy.stem)
    kept = {p.stem for p in list_versions(pointer)}
    assert published[0] not in kept and published[-1] in kept
    lake_url._known.clear()  # as another process reads the lake
    assert lake.manifest(published[0]) is None and lake.manifest(published[-1]) is not None
    assert not os.path.exists(os.path.join(urlparse(url).path, published[0]))  # pruned with its warehouse version
    info = lake.manifest(published[-1])
    assert info["tables"]["fact_campaign_contact"]["rows"] == 0
    own = Warehouse(pointer)
    both(make_spec(["contacts", "responses", "revenue"], rows=["geo.region"]), own, use_rollups=False)
    both(make_spec(["contacts", "response_rate"]), own)

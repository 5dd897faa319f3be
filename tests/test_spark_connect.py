"""The cube through a real Spark Connect server (issue 14 item 3): ``XRM_SPARK_URL=sc://host:port``.

The test starts Spark's own Connect server (``org.apache.spark.sql.connect.service.SparkConnectServer``,
shipped in pyspark's jars: nothing is downloaded) on a free loopback port, as an operator starts one
beside a cluster, and points XRM at it. Operations of every kind — measures over several facts,
distinct counts, a time grain, a pivot, partner scope, detail rows and their Arrow stream — answer the
same frame as DuckDB, read by the server from the lake, and the answer says Spark answered.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import time
from pathlib import Path

import pandas as pd
import pytest

from data.warehouse import Warehouse, current_path
from olap import engine, lake, query
from olap.query import make_spec
from olap.scope import scoped
from tests.specgen import members_by_level
from tests.test_spark_engine import assert_same, on_engine

pytestmark = pytest.mark.spark
SERVER_CLASS = "org.apache.spark.sql.connect.service.SparkConnectServer"
START_SECONDS = 240  # a JVM on a busy 2-core CI machine


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _answers(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=1).close()
        return True
    except OSError:
        return False


@pytest.fixture(scope="module")
def connect_url(tmp_path_factory):
    """A Spark Connect server on loopback for the module, stopped (with its JVM) at the end."""
    pyspark = pytest.importorskip("pyspark")
    if shutil.which("java") is None:
        pytest.fail("Java is missing: `make java` installs Debian's openjdk-17-jre-headless")
    home = Path(pyspark.__file__).parent
    port = _free_port()
    folder = tmp_path_factory.mktemp("spark-connect")
    log = (folder / "server.log").open("wb")
    env = {**os.environ, "SPARK_HOME": str(home), "SPARK_LOCAL_IP": "127.0.0.1"}
    command = [
        str(home / "bin" / "spark-submit"),
        "--master", "local[2]",
        "--class", SERVER_CLASS,
        "--conf", f"spark.connect.grpc.binding.port={port}",
        "--conf", "spark.connect.grpc.binding.address=127.0.0.1",
        "--conf", "spark.ui.enabled=false",
        "--conf", "spark.driver.memory=1g",
        "--conf", "spark.sql.shuffle.partitions=2",
        "spark-internal",
    ]  # fmt: skip
    server = subprocess.Popen(
        command, cwd=folder, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
    )
    try:
        deadline = time.monotonic() + START_SECONDS
        while not _answers(port):
            if server.poll() is not None or time.monotonic() > deadline:
                log.flush()
                tail = (folder / "server.log").read_text(errors="replace")[-3000:]
                pytest.fail(f"the Spark Connect server did not start (exit {server.poll()}):\n{tail}")
            time.sleep(0.5)
        yield f"sc://127.0.0.1:{port}"
    finally:
        try:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=30)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            os.killpg(server.pid, signal.SIGKILL)
        log.close()


@pytest.fixture(scope="module")
def remote(demo_pointer, tmp_path_factory, connect_url):
    """XRM pointed at the server: the demo warehouse's version in a lake the server reads."""
    from olap.engines import spark

    root = tmp_path_factory.mktemp("lake-connect")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("XRM_LAKE", str(root))
        mp.setenv("XRM_SPARK_URL", connect_url)
        mp.setenv("XRM_QUERY_TIMEOUT", "600")
        mp.delenv("XRM_ENGINE", raising=False)
        spark.stop()  # a local session of an earlier module would otherwise answer
        lake.write_version(current_path(demo_pointer))
        yield Warehouse(demo_pointer)
        spark.stop()


def same(spec, warehouse, **kw):
    duck = engine.execute_with_info(spec, warehouse, use_cache=False, **kw)
    with on_engine("spark"):
        answer = engine.execute_with_info(spec, warehouse, use_cache=False, **kw)
    assert answer.engine == "spark" and answer.source == duck.source
    assert_same(spec, duck.frame, answer.frame)
    assert len(answer.frame) > 0
    return answer


def test_the_session_is_a_spark_connect_client(remote):
    from olap.engines import spark

    assert spark.is_remote() and type(spark.session()).__module__.startswith("pyspark.sql.connect")


@pytest.mark.parametrize("use_rollups", [True, False], ids=["rollups", "facts"])
def test_cube_operations_answer_the_same_through_connect(remote, use_rollups):
    members = members_by_level(remote.cursor())
    region = members["geo.region"][0]
    specs = [
        make_spec(["revenue", "gross_margin", "margin_pct", "orders", "aov"], rows=["geo.region"]),
        make_spec(["customers", "new_customers", "repeat_rate"], rows=["time.quarter"]),
        make_spec(["revenue", "sessions", "tickets"], rows=["time.month"], start="2025-01-01", end="2025-12-31"),
        make_spec(["revenue"], rows=["geo.country"], columns=["time.year"], filters={"geo.region": [region]}),
        make_spec(
            ["revenue", "units"],
            rows=["time.week"],
            start="2024-12-16",
            end="2025-01-19",
            sort="time.week",
            descending=False,
        ),
        make_spec(["revenue"], rows=["product.category"], limit=3),
    ]
    for spec in specs:
        same(spec, remote, use_rollups=use_rollups)


def test_partner_scope_applies_on_the_server(remote):
    partners = [
        int(p) for (p,) in remote.cursor().execute("SELECT partner_id FROM dim_partner ORDER BY 1 LIMIT 2").fetchall()
    ]
    spec = make_spec(["partner_revenue", "orders"], rows=["geo.region"])
    whole = engine.execute_with_info(spec, remote, use_cache=False).frame
    with scoped(partners):
        answer = same(spec, remote)
    assert answer.frame["orders"].sum() < whole["orders"].sum()  # the scope really narrowed the answer


def test_detail_rows_and_their_stream_through_connect(remote):
    members = members_by_level(remote.cursor())
    cell = {"geo.region": members["geo.region"][0], "time.month": "2025-03"}
    spec = make_spec(["revenue"], rows=list(cell))
    duck = engine.detail(spec, cell, page=1, page_size=25, warehouse=remote)
    with on_engine("spark"):
        got = engine.detail(spec, cell, page=1, page_size=25, warehouse=remote)
    assert (got.total, got.page, got.pages) == (duck.total, duck.page, duck.pages) and len(got.frame) > 0
    pd.testing.assert_frame_equal(duck.frame, got.frame, check_exact=False, rtol=1e-9)

    from olap.engines import cube_cursor

    sql, params = query.detail_query(spec, cell, page_size=None)
    expected = remote.cursor().execute(sql, params).df()
    with on_engine("spark"):
        cursor, _version = cube_cursor(remote)
        batches = list(cursor.execute(sql, params).fetch_record_batch(50))
    assert sum(b.num_rows for b in batches) == len(expected) > 0
    streamed = pd.concat([b.to_pandas() for b in batches], ignore_index=True)
    assert streamed["order_id"].tolist() == expected["order_id"].tolist()

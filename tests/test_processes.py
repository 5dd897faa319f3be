"""Two app processes and a background loader share one instance: nothing locks, nothing is lost."""

import os
import subprocess
import sys
import threading

import pytest
import requests

from tests.apprun import ROOT, AppProcess, http_session
from tests.conftest import PASSWORD

pytestmark = pytest.mark.slow

LOADER = """
import duckdb
from jobs.derive import build_derived
from data.warehouse import new_version_path, publish
from tests.fixtures import build_tiny_warehouse
path = build_tiny_warehouse(new_version_path())
con = duckdb.connect(str(path))
con.execute("INSERT INTO fact_order_line VALUES (99, 1, '2025-12-30 10:00', 4, 2, 1, NULL, NULL, 1, 50, 0, 50, 30)")
build_derived(con)
con.close()
print(publish(path))
"""


def session_for(app, username="u_analyst"):
    return http_session(app.url, username)


@pytest.fixture
def own_instance(tmp_path):
    """A separate instance, so publishing here leaves the other tests' warehouse alone."""
    from data.warehouse import new_version_path, publish
    from tests.fixtures import build_tiny_warehouse

    pointer = tmp_path / "xrm.duckdb"
    publish(build_tiny_warehouse(new_version_path(pointer)), pointer)
    env = dict(os.environ, XRM_INSTANCE=str(tmp_path), XRM_DB=str(pointer))
    add = [sys.executable, "-m", "auth.cli", "add", "u_analyst", "--role", "analyst", "--password", PASSWORD]
    subprocess.run(add, cwd=ROOT, env=env, check=True, capture_output=True)
    return env


def test_two_apps_and_a_loader_at_once(own_instance):
    env = own_instance
    with AppProcess(env) as a, AppProcess(env) as b:
        sa, sb = session_for(a), session_for(b)
        before = sa.get(a.url + "/status").json()
        assert sb.get(b.url + "/status").json() == before

        errors = []

        def hammer(session, app):
            for i in range(30):
                try:
                    r = session.get(app.url + "/status", timeout=10)
                    if r.status_code != 200:
                        errors.append(r.text)
                    # every login writes to the shared store from both processes at once
                    http_session(app.url, f"nobody{i}", "x" * 9, expect=401)
                except requests.RequestException as exc:
                    errors.append(str(exc))

        threads = [threading.Thread(target=hammer, args=(s, app)) for s, app in ((sa, a), (sb, b))]
        for th in threads:
            th.start()
        # The background jobs: a warehouse load publishing a new version, and a user added from the CLI.
        loader = subprocess.run(
            [sys.executable, "-c", LOADER], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
        )
        cli = subprocess.run(
            [sys.executable, "-m", "auth.cli", "add", "newbie", "--role", "marketer", "--password", PASSWORD],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
        )
        for th in threads:
            th.join()
        assert loader.returncode == 0, loader.stderr
        assert cli.returncode == 0, cli.stderr
        assert errors == []

        new_version = loader.stdout.strip().splitlines()[-1]
        for session, app in ((sa, a), (sb, b)):
            status = session.get(app.url + "/status").json()
            assert status["warehouse_version"] == new_version
            assert status["orders"] == before["orders"] + 1
        # The user the CLI created can sign in on both processes.
        session_for(a, "newbie")
        session_for(b, "newbie")


def test_a_forked_background_job_opens_its_own_connections(demo_pointer):
    """Background jobs run in forked processes: the parent's DuckDB connections (whose threads
    the child lacks), cache handles and held locks must not be reused there."""
    import multiprocessing

    from data import warehouse as wh
    from olap import engine

    reader = wh.Warehouse(demo_pointer)
    parent_cursor = reader.cursor()
    total = parent_cursor.execute("SELECT sum(revenue) FROM fact_order_line").fetchone()[0]
    engine.cache().set("fork-test", 1)
    reader._lock.acquire()  # as if another thread held it at the fork
    try:
        ctx = multiprocessing.get_context("fork")
        queue = ctx.Queue()

        def child():
            cursor = reader.cursor()
            same = cursor is parent_cursor
            value = cursor.execute("SELECT sum(revenue) FROM fact_order_line").fetchone()[0]
            queue.put((same, value, engine.cache().get("fork-test")))

        process = ctx.Process(target=child)
        process.start()
        process.join(60)
        assert process.exitcode == 0
        same, value, cached = queue.get(timeout=5)
    finally:
        reader._lock.release()
    assert not same and value == total and cached == 1

"""Background jobs on Celery over Redis (``XRM_REDIS_URL``): a real ``redis-server`` on a free
loopback port, a real Celery worker and the real app, an RFM scoring job started and polled through
Dash's callback endpoint as the browser does it, its result the same as the same job on diskcache;
a role the job is not for is refused before anything is queued; a Redis that does not answer leaves
jobs on diskcache; ``make serve`` starts a Celery worker beside gunicorn and stops it with gunicorn.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import logging
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor, wait
from pathlib import Path
from types import SimpleNamespace

import pandas.testing as pdt
import pytest

import background
from tests.apprun import ROOT, AppProcess, free_port, http_session

REDIS_SERVER = shutil.which("redis-server") or "/usr/bin/redis-server"
pytestmark = pytest.mark.slow
RFM_OUTPUT = "..rfm-run-id.data...rfm-run-message.children.."


class RedisServer:
    """``redis-server`` on a free loopback port, nothing persisted, in a temporary folder."""

    def __enter__(self) -> RedisServer:
        self.folder = tempfile.mkdtemp(prefix="xrm-redis-")
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        command = [REDIS_SERVER, "--port", str(self.port), "--bind", "127.0.0.1", "--dir", self.folder]
        command += ["--save", "", "--appendonly", "no", "--daemonize", "no", "--logfile", ""]
        self.proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
        deadline = time.time() + 20
        while background.redis_problem(self.url, timeout=0.5) is not None:
            if self.proc.poll() is not None or time.time() > deadline:
                self.__exit__()
                raise RuntimeError("redis-server did not start")
            time.sleep(0.1)
        return self

    def __exit__(self, *exc) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(5)
        shutil.rmtree(self.folder, ignore_errors=True)


def wait_for_worker(url: str, proc: subprocess.Popen, log: Path, seconds: float = 60) -> None:
    """Until the Celery worker answers a ping through Redis."""
    app = background.celery_app(url)
    deadline = time.time() + seconds
    while time.time() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"the Celery worker exited: {log.read_text()[-2000:]}")
        if app.control.ping(timeout=0.5):
            return
    raise RuntimeError(f"the Celery worker did not answer in {seconds} s: {log.read_text()[-2000:]}")


@pytest.fixture(scope="module")
def redis_server():
    if not os.access(REDIS_SERVER, os.X_OK):
        pytest.skip("redis-server is not installed (make redis)")
    with RedisServer() as server:
        yield server


@pytest.fixture(scope="module")
def own_pointer(demo_pointer, tmp_path_factory):
    """A copy of the small demo warehouse under its own pointer and lineage: the jobs here publish
    versions and store runs no other test sees."""
    from data.warehouse import current_path, start_lineage, write_version

    pointer = tmp_path_factory.mktemp("celery") / "xrm.duckdb"
    write_version(start_lineage, pointer=pointer, start_from=current_path(demo_pointer))
    return pointer


@pytest.fixture(scope="module")
def servers(dash_app, redis_server, own_pointer, instance_dir):
    """Started side by side (each imports the whole app): ``make worker``'s command with one job
    process, ``python app.py`` with XRM_REDIS_URL (its jobs are queued to that worker) and ``python
    app.py`` without it (conftest removes it: jobs on diskcache, as before), all on ``own_pointer``."""
    env = {**os.environ, "XRM_REDIS_URL": redis_server.url, "XRM_DB": str(own_pointer)}
    log = instance_dir / f"celery-worker-{redis_server.port}.log"
    with contextlib.ExitStack() as stack:
        out = stack.enter_context(open(log, "w"))
        command = background.worker_command(concurrency=1)
        worker = subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
        stack.callback(background.stop_worker, worker, 15)
        on_celery = AppProcess({"XRM_REDIS_URL": redis_server.url, "XRM_DB": str(own_pointer)})
        on_diskcache = AppProcess({"XRM_DB": str(own_pointer)})
        assert "XRM_REDIS_URL" not in on_diskcache.env
        with ThreadPoolExecutor(3) as pool:
            started = [pool.submit(app.__enter__) for app in (on_celery, on_diskcache)]
            started.append(pool.submit(wait_for_worker, redis_server.url, worker, log))
            wait(started)
        for app in (on_celery, on_diskcache):
            if app.proc is not None:
                stack.push(app.__exit__)
        for future in started:
            future.result()  # the first failure, after everything started is in the stack
        yield SimpleNamespace(worker_log=log, celery=on_celery, diskcache=on_diskcache)


def page_end_id(session, base: str, path: str) -> str:
    """The signed page-load token dash-renderer sends with every callback (``endId``)."""
    html = session.get(base + path, timeout=20).text
    config = re.search(r'<script id="_dash-config" type="application/json">(.*?)</script>', html, re.S)
    return json.loads(config.group(1))["end_id"]


def rfm_body(user: str, as_of: dt.date) -> dict:
    """What dash-renderer posts when ``user`` presses "Run" on the RFM page."""
    from itsdangerous import URLSafeSerializer

    token = URLSafeSerializer("test-secret-key", salt="xrm-user").dumps(user)  # components.access.user_token
    state = [("rfm-as-of", "date", as_of.isoformat()), ("rfm-window", "value", "all"), ("rfm-user", "data", token)]
    state.append(("rfm-lang", "data", "en"))
    return {
        "output": RFM_OUTPUT,
        "outputs": [{"id": "rfm-run-id", "property": "data"}, {"id": "rfm-run-message", "property": "children"}],
        "inputs": [{"id": "rfm-run", "property": "n_clicks", "value": 1}],
        "changedPropIds": ["rfm-run.n_clicks"],
        "state": [{"id": i, "property": p, "value": v} for i, p, v in state],
    }


def run_rfm_job(server: AppProcess, user: str, as_of: dt.date, seconds: float = 90) -> dict:
    """Start the RFM job through ``/_dash-update-component`` and poll it as the browser does, until
    its outputs come back; returns them (``{"rfm-run-id": {"data": …}, …}``)."""
    session = http_session(server.url, user)
    end_id = page_end_id(session, server.url, "/mining/rfm")
    url = server.url + "/_dash-update-component"
    started = session.post(url, params={"endId": end_id}, json=rfm_body(user, as_of), timeout=30)
    assert started.status_code == 200, started.text[:500]
    handles = started.json()
    assert set(handles) >= {"cacheKey", "job"}, handles
    polled = {"endId": end_id, "cacheKey": handles["cacheKey"], "job": handles["job"]}
    deadline = time.time() + seconds
    while time.time() < deadline:
        answer = session.post(url, params=polled, json=rfm_body(user, as_of), timeout=30)
        assert answer.status_code == 200, answer.text[:500]
        data = answer.json()
        if "response" in data:
            return data["response"]
        time.sleep(0.3)
    raise AssertionError(f"the job did not finish in {seconds} s")


def last_order_day(pointer: Path) -> dt.date:
    from data.warehouse import Warehouse

    return Warehouse(pointer).cursor().execute("SELECT max(order_ts)::DATE FROM fact_order_line").fetchone()[0]


def stored_scores(run_id: int):
    from mining.runs import load_run

    meta, scores = load_run(run_id)
    return meta, scores.sort_values("customer_id").reset_index(drop=True)


def test_a_background_job_runs_in_the_celery_worker_and_equals_the_diskcache_run(servers, own_pointer):
    from data.warehouse import Warehouse

    day = last_order_day(own_pointer)
    on_celery = run_rfm_job(servers.celery, "u_analyst", day)
    run_id = on_celery["rfm-run-id"]["data"]
    assert isinstance(run_id, int)
    assert re.search(r"Task background_callback_\w+\[[-\w]+\] succeeded", servers.worker_log.read_text())

    on_diskcache = run_rfm_job(servers.diskcache, "u_analyst", day)
    other_id = on_diskcache["rfm-run-id"]["data"]
    assert isinstance(other_id, int) and other_id != run_id
    assert on_diskcache["rfm-run-message"] == on_celery["rfm-run-message"]  # the same note (scores published)

    meta, scores = stored_scores(run_id)
    other_meta, other_scores = stored_scores(other_id)
    assert meta["lineage"] == other_meta["lineage"] == Warehouse(own_pointer).lineage()
    assert meta["created_by"] == other_meta["created_by"] == "u_analyst"
    assert meta["params"] == other_meta["params"]
    # the CLV models' fits may differ in an optimizer's last digits between two processes
    assert flat(meta["metrics"]) == pytest.approx(flat(other_meta["metrics"]), rel=1e-5)
    assert len(scores) > 100
    fitted = ["clv_12m", "p_alive", "expected_purchases_12m"]
    pdt.assert_frame_equal(scores.drop(columns=fitted), other_scores.drop(columns=fitted))  # RFM exactly
    pdt.assert_frame_equal(scores[fitted], other_scores[fitted], check_exact=False, rtol=1e-5)


def flat(value, prefix: str = "") -> dict:
    """A nested dict of numbers and words as one level (``pytest.approx`` compares flat dicts)."""
    if isinstance(value, dict):
        return {k: v for key, item in value.items() for k, v in flat(item, f"{prefix}{key}.").items()}
    if isinstance(value, list):
        return {k: v for i, item in enumerate(value) for k, v in flat(item, f"{prefix}{i}.").items()}
    return {prefix: value}


def test_a_role_the_job_is_not_for_is_refused_and_nothing_is_queued(servers, redis_server):
    import redis

    client = redis.Redis.from_url(redis_server.url)
    worker_log, celery_server = servers.worker_log, servers.celery
    tasks_before = len(client.keys("celery-task-meta-*"))
    received_before = worker_log.read_text().count("Task background_callback_")
    session = http_session(celery_server.url, "u_executive")  # RFM scoring is for marketers, analysts, admins
    end_id = page_end_id(session, celery_server.url, "/")
    url = celery_server.url + "/_dash-update-component"
    body = rfm_body("u_executive", dt.date(2024, 1, 1))
    start = session.post(url, params={"endId": end_id}, json=body, timeout=30)
    poll = session.post(url, params={"endId": end_id, "cacheKey": "x", "job": "y"}, json=body, timeout=30)
    assert start.status_code == 403 and poll.status_code == 403
    time.sleep(1.0)  # what a queued job would need to reach the worker
    assert client.llen("celery") == 0
    assert len(client.keys("celery-task-meta-*")) == tasks_before
    assert worker_log.read_text().count("Task background_callback_") == received_before


def test_without_redis_url_jobs_stay_on_diskcache(monkeypatch):
    from dash import DiskcacheManager

    monkeypatch.delenv("XRM_REDIS_URL", raising=False)
    assert isinstance(background.manager(), DiskcacheManager)
    assert background.decide_for_server() is None


def test_a_redis_that_does_not_answer_leaves_jobs_on_diskcache_with_a_clear_line(monkeypatch, caplog):
    dead = f"redis://:secret-pw@127.0.0.1:{free_port()}/0"  # nothing listens there
    monkeypatch.setenv("XRM_REDIS_URL", dead)
    monkeypatch.setattr(background, "diskcache_manager", lambda: "diskcache")
    with caplog.at_level(logging.WARNING, logger="xrm.background"):
        assert background.manager() == "diskcache"
    line = caplog.records[-1].getMessage()
    assert "does not answer" in line and "diskcache" in line and f"127.0.0.1:{dead.rsplit(':', 1)[1]}" in line
    assert "secret-pw" not in line  # the password never reaches a log
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="xrm.background"):  # the gunicorn master: once for all workers
        assert background.decide_for_server() is None
    assert "no Celery worker is started" in caplog.records[-1].getMessage()
    assert "XRM_REDIS_URL" not in os.environ  # the workers it forks inherit the decision


def test_the_worker_command_and_make_targets():
    command = background.worker_command(concurrency=3)
    assert command[:6] == [sys.executable, "-m", "celery", "-A", "worker:celery_app", "worker"]
    assert "--concurrency=3" in command and "--pool=prefork" in command  # prefork: a cancel kills the job's process
    makefile = (ROOT / "Makefile").read_text()
    assert "python -m background worker" in makefile
    assert re.search(r"^test: .*\bredis\b", makefile, re.M) and re.search(r"^test-fast: .*\bredis\b", makefile, re.M)
    assert "apt-get install -y -q redis-server" in makefile and "[ ! -x /usr/bin/redis-server ]" in makefile
    readme = (ROOT / "README.md").read_text()
    assert all(word in readme for word in ("XRM_REDIS_URL", "XRM_JOB_WORKERS", "make worker", "redis-server"))
    requirements = (ROOT / "requirements.txt").read_text().split()
    assert any(r.startswith("celery==") for r in requirements) and any(r.startswith("redis==") for r in requirements)


def test_make_serve_starts_a_celery_worker_beside_gunicorn_and_stops_it(dash_app, redis_server, own_pointer):
    command = [str(Path(sys.executable).with_name("gunicorn")), "-c", "gunicorn.conf.py"]
    url = redis_server.url[: -len("/0")] + "/1"  # its own database: the other tests' worker answers no ping there
    env = {"XRM_REDIS_URL": url, "XRM_DB": str(own_pointer), "XRM_WORKERS": "1", "XRM_THREADS": "2"}
    with AppProcess(env, command=command) as server:
        deadline = time.time() + 60
        while not (pids := re.findall(r"started the Celery worker \(pid (\d+)\)", server.log_path.read_text())):
            assert time.time() < deadline, server.log_path.read_text()[-2000:]
            time.sleep(0.2)
        worker_pid = int(pids[0])
        app = background.celery_app(url)
        while not app.control.ping(timeout=0.5):
            assert time.time() < deadline, server.log_path.read_text()[-2000:]
    # gunicorn stopped: its Celery worker too (at once when gunicorn stops in time, else with its parent)
    deadline = time.time() + 30
    while _alive(worker_pid) and time.time() < deadline:
        time.sleep(0.2)
    assert not _alive(worker_pid)


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, IndexError):
        return False
    return state not in ("Z", "X")


@pytest.mark.browser
def test_in_a_browser_the_rfm_job_on_celery_shows_its_result(servers, browser, own_pointer):
    """dash-renderer itself (running state, progress, polling) against the app whose jobs run on Celery."""
    from data.warehouse import Warehouse
    from mining.rfm import rfm_table
    from tests.apprun import sign_in

    done_before = servers.worker_log.read_text().count("succeeded in")
    page = browser.new_page(viewport={"width": 1400, "height": 1100})
    sign_in(page, servers.celery, "/mining/rfm", user="u_admin")
    page.wait_for_selector("#rfm-run", timeout=30000)
    page.click("#rfm-run")
    page.wait_for_function(
        "(document.querySelector('#rfm-run-info')?.innerText || '').includes('by u_admin')", timeout=90000
    )
    assert servers.worker_log.read_text().count("succeeded in") == done_before + 1  # run by the Celery worker
    page.wait_for_function(  # the result's cards are drawn with (or just after) the run's line
        "/\\d/.test(document.querySelector('[data-kpi=customers]')?.innerText || '')", timeout=30000
    )
    shown = int(page.locator("[data-kpi=customers]").inner_text().replace(",", ""))
    assert shown == len(rfm_table(Warehouse(own_pointer).cursor(), last_order_day(own_pointer)))
    page.close()

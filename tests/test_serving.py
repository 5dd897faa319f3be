"""A real server: /healthz says only up or down, every request has an id in its response and its
JSON log line, and ``make serve`` (gunicorn, several workers) serves the app behind its login."""

from __future__ import annotations

import json
import logging
import sys
from pathlib import Path

import pytest
import requests

from tests.apprun import AppProcess, http_session


def test_healthz_needs_no_login_and_says_only_up(client):
    response = client.get("/healthz")
    assert response.status_code == 200 and response.get_json() == {"status": "up"}
    assert response.headers["Cache-Control"] == "no-store"


def test_healthz_down_reveals_nothing(client, tmp_path):
    from data.warehouse import use_warehouse

    with use_warehouse(tmp_path / "missing.duckdb"):
        response = client.get("/healthz")
    assert response.status_code == 503 and response.get_json() == {"status": "down"}
    assert "missing" not in response.get_data(as_text=True)


def test_every_response_carries_a_request_id(client):
    given = client.get("/login", headers={"X-Request-ID": "proxy-id-12345"})
    assert given.headers["X-Request-ID"] == "proxy-id-12345"  # a proxy's id is kept
    made = client.get("/login", headers={"X-Request-ID": "<script>alert(1)</script>"})
    assert made.headers["X-Request-ID"] != "<script>alert(1)</script>" and len(made.headers["X-Request-ID"]) == 32
    refused = client.post("/_dash-update-component", json={})
    assert refused.status_code == 401 and refused.headers["X-Request-ID"]


def test_log_lines_are_json_with_the_request_id(dash_app):
    from serving import JsonFormatter

    server = dash_app.server
    with server.test_request_context("/x"):
        import flask

        flask.g.request_id = "rid-000000001"
        record = logging.getLogger("xrm").makeRecord("xrm", logging.INFO, __file__, 1, "hello %s", ("world",), None)
        line = json.loads(JsonFormatter().format(record))
    assert line["msg"] == "hello world" and line["request_id"] == "rid-000000001" and line["level"] == "info"


@pytest.fixture(scope="module")
def gunicorn_server(tiny_published, dash_app):
    command = [str(Path(sys.executable).with_name("gunicorn")), "-c", "gunicorn.conf.py"]
    with AppProcess({"XRM_WORKERS": "2", "XRM_THREADS": "2"}, command=command) as server:
        yield server


def test_make_serve_runs_gunicorn_workers_behind_the_login(gunicorn_server):
    base = gunicorn_server.url
    assert requests.get(base + "/healthz", timeout=10).json() == {"status": "up"}
    assert requests.get(base + "/", timeout=10, allow_redirects=False).status_code == 302
    session = http_session(base, "u_analyst")
    assert session.get(base + "/", timeout=10).status_code == 200  # the app shell, signed in
    for _ in range(12):  # the session is valid in every worker process (a shared secret, a shared store)
        fresh = requests.Session()
        fresh.cookies.update(session.cookies)  # a new connection each time: any worker may answer
        assert fresh.get(base + "/_dash-layout", timeout=10).status_code == 200
    log = gunicorn_server.log_path.read_text()
    lines = [json.loads(x) for x in log.splitlines() if x.startswith("{")]
    requests_logged = [x for x in lines if x["logger"] == "xrm.request"]
    assert {x["path"] for x in requests_logged} >= {"/", "/login", "/_dash-layout"}
    assert all(x["request_id"] for x in requests_logged)
    assert sum(x["path"] == "/_dash-layout" and x["status"] == 200 for x in requests_logged) == 12
    assert any(x["logger"] == "gunicorn.error" and "Booting worker" in x["msg"] for x in lines)


def test_bad_input_is_a_400_never_a_500(client):
    from tests.conftest import login

    login(client, "u_analyst")
    nested = "[" * 100_000 + "]" * 100_000
    deep = client.post("/_dash-update-component", data=nested, content_type="application/json")
    assert deep.status_code == 400 and "nested too deeply" in deep.get_json()["error"]
    made_up = {
        "output": "x.children",
        "outputs": {"id": "x", "property": "children"},
        "inputs": [],
        "changedPropIds": [],
    }
    unknown = client.post("/_dash-update-component", json=made_up)
    assert unknown.status_code == 400 and unknown.get_json() == {"error": "no such callback"}
    export = client.get("/export/view.csv?spec=" + "[" * 5000)
    assert export.status_code == 400


def test_a_worker_warms_what_the_first_people_would_wait_for(dash_app, demo_pointer):
    import crm.segments as seg
    from data.warehouse import use_warehouse
    from serving import warm_up

    seg._bases.clear()
    with use_warehouse(demo_pointer):
        thread = warm_up()
        thread.join(120)
    assert seg._bases  # the segment builder's base is in memory before anyone asks

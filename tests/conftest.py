"""Shared fixtures: an isolated instance folder for the whole run, the tiny warehouse, the app."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

import pytest
from flask.testing import FlaskClient

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

# Before anything imports settings or the app: every test run owns a fresh instance.
# Guarded so that a second import of this module cannot move the instance mid-run.
_INSTANCE = Path(os.environ.get("XRM_TEST_INSTANCE") or tempfile.mkdtemp(prefix="xrm-test-instance-"))
os.environ.update(
    XRM_TEST_INSTANCE=str(_INSTANCE),
    XRM_INSTANCE=str(_INSTANCE),
    XRM_DB=str(_INSTANCE / "xrm.duckdb"),
    XRM_SECRET_KEY="test-secret-key",
    XRM_DEMO_PASSWORD="demo-pass-123",
    XRM_AUTO_RUNS="0",  # no background process after each test's load: tests call jobs.defaults.run_defaults
    XRM_DELIVERY="0",  # no delivery thread in the apps tests start: tests call jobs.deliver themselves
)
os.environ.pop("XRM_STORE_URL", None)
os.environ.pop("XRM_REDIS_URL", None)  # background jobs on diskcache unless a test starts its own Redis

PASSWORD = "correct-horse-9"


@pytest.fixture(scope="session")
def instance_dir() -> Path:
    return _INSTANCE


@pytest.fixture(scope="session")
def tiny_published(instance_dir):
    """The tiny fixture warehouse published as the instance's current version."""
    from data.warehouse import new_version_path, publish
    from tests.fixtures import build_tiny_warehouse

    path = build_tiny_warehouse(new_version_path())
    publish(path)
    return path


@pytest.fixture(scope="session")
def dash_app(tiny_published):
    """The real app, with one user per role (password PASSWORD)."""
    from app import app
    from auth import ROLES, users

    for role in ROLES:
        if users.get_user(f"u_{role}") is None:
            users.add_user(f"u_{role}", PASSWORD, role)
    app.server.test_client_class = CsrfClient
    return app


class CsrfClient(FlaskClient):
    """A test client that behaves like the browser for CSRF: it loads the login form before its first
    post (which sets the ``_csrf_token`` cookie) and sends the token in the header dash-renderer uses."""

    def open(self, *args, **kwargs):
        method = (kwargs.get("method") or "GET").upper()
        if method not in ("GET", "HEAD", "OPTIONS"):
            if self.get_cookie("_csrf_token") is None:
                super().open("/login", method="GET", environ_base=kwargs.get("environ_base") or {})
            cookie = self.get_cookie("_csrf_token")
            if cookie is not None:
                kwargs["headers"] = {"X-CSRFToken": cookie.value, **dict(kwargs.get("headers") or {})}
        return super().open(*args, **kwargs)


@pytest.fixture
def client(dash_app):
    return dash_app.server.test_client()


@pytest.fixture
def raw_client(dash_app):
    """A client that sends no CSRF token (another site's forged request)."""
    return FlaskClient(dash_app.server, dash_app.server.response_class, use_cookies=True)


def login(client, username: str, password: str = PASSWORD):
    return client.post("/login", data={"username": username, "password": password})


@pytest.fixture(scope="session")
def demo_pointer(tmp_path_factory):
    """A small generated demo warehouse (scale 0.02), published under its own pointer."""
    from jobs.build import build_demo

    pointer = tmp_path_factory.mktemp("demo") / "demo.duckdb"
    build_demo(scale=0.02, seed=7, pointer=pointer)
    return pointer


@pytest.fixture(scope="module")
def browser():
    """Headless Chromium (Debian's), one per test module."""
    playwright = pytest.importorskip("playwright.sync_api")
    from tests.apprun import CHROMIUM_ARGS

    with playwright.sync_playwright() as p:
        b = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        yield b
        b.close()


# ------------------------------------------------------------------ the operational store on both backends


@pytest.fixture(scope="session")
def pg_server():
    """A throwaway PostgreSQL server for the session (tests/pgserver.py); skipped only when it cannot
    start, and a failure instead when ``XRM_REQUIRE_PG=1`` (``make test``, CI)."""
    from tests import pgserver

    try:
        server = pgserver.start()
    except Exception as exc:  # not installed, cannot run: the reason is the skip message
        reason = f"PostgreSQL cannot be started here ({type(exc).__name__}: {exc}); make postgres installs it"
        if os.environ.get("XRM_REQUIRE_PG") == "1":
            pytest.fail(reason, pytrace=False)
        pytest.skip(reason)
    yield server
    server.stop()


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request, tmp_path, monkeypatch):
    """A fresh, migrated operational store per test, on SQLite and on PostgreSQL (``XRM_STORE_URL``)."""
    from data import opstore

    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'store.sqlite'}"
    else:
        url = request.getfixturevalue("pg_server").new_database()
    monkeypatch.setenv("XRM_STORE_URL", url)
    opstore.engine(url)
    yield url
    engine = opstore._engines.pop(url, None)
    if engine is not None:
        engine.dispose()


@pytest.fixture(autouse=True)
def _users_back_to_english(request):
    """A browser test that reads a page in Korean switches its user's language, a setting kept in the
    store that outlives the test: after every browser test the test users read English again, so no
    later test (browser or not) depends on which ran before it."""
    yield
    if request.node.get_closest_marker("browser") is None:
        return
    from auth import ROLES, users

    for role in ROLES:
        user = users.get_user(f"u_{role}")
        if user is not None and getattr(user, "language", "en") != "en":
            users.set_language(f"u_{role}", "en")

"""Start the real app (``python app.py``) in a subprocess for browser and multi-process tests."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class AppProcess:
    """``python app.py`` on a free port with the test instance's environment."""

    def __init__(self, env: dict | None = None, command: list[str] | None = None):
        self.command = command or [sys.executable, "app.py"]  # or gunicorn (``make serve``)
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = {**os.environ, **(env or {}), "PORT": str(self.port), "HOST": "127.0.0.1"}
        self.proc: subprocess.Popen | None = None
        self.log_path = Path(self.env["XRM_INSTANCE"]) / f"app-{self.port}.log"

    def __enter__(self) -> AppProcess:
        self.log = open(self.log_path, "w")
        self.proc = subprocess.Popen(self.command, cwd=ROOT, env=self.env, stdout=self.log, stderr=subprocess.STDOUT,
                                     start_new_session=True)  # a group of its own: its workers stop with it  # fmt: skip
        deadline = time.time() + 60
        while time.time() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"app exited: {self.log_path.read_text()[-2000:]}")
            try:
                urllib.request.urlopen(self.url + "/login", timeout=2)
                return self
            except OSError:
                time.sleep(0.3)
        raise RuntimeError("app did not start in 60 s")

    def __exit__(self, *exc) -> None:
        """Stop the app and every process it started (gunicorn's workers, a Celery worker, a Spark JVM):
        the group is asked to stop, and what is left after 10 s is killed."""
        self._signal(signal.SIGTERM)
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self._signal(signal.SIGKILL)  # workers the master left behind
        self.log.close()

    def _signal(self, sig: int) -> None:
        try:
            os.killpg(self.proc.pid, sig)
        except ProcessLookupError:  # the whole group has gone
            pass


def sign_in(page, server: AppProcess, path: str = "/", user: str = "u_marketer") -> None:
    """Sign in through the login form and land on ``path`` (its query string kept whole)."""
    from urllib.parse import quote

    from tests.conftest import PASSWORD

    page.goto(server.url + "/login?next=" + quote(path, safe="/"))
    page.fill("#username", user)
    page.fill("#password", PASSWORD)
    page.click("#login-submit")


def http_session(base: str, username: str, password: str | None = None, expect: int | None = 302):
    """A ``requests`` session signed in through the login form as a browser does: the form's CSRF
    token posted with it, then the session's token sent in the header dash-renderer uses."""
    import requests

    from tests.conftest import PASSWORD

    session = requests.Session()
    session.get(base + "/login", timeout=10)
    answer = session.post(
        base + "/login",
        data={"username": username, "password": password or PASSWORD, "csrf_token": session.cookies.get("_csrf_token")},
        allow_redirects=False,
        timeout=10,
    )
    if expect is not None:
        assert answer.status_code == expect, answer.text[:300]
    session.headers["X-CSRFToken"] = session.cookies.get("_csrf_token") or ""
    session.last_login = answer
    return session

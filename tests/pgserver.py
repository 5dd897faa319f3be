"""A throwaway PostgreSQL server for the store tests: Debian's binaries (``make postgres`` installs them),
its own data folder under a temporary folder, a free loopback port, stopped and removed at the end.

``XRM_TEST_PG_URL`` names an existing server instead (a SQLAlchemy URL whose user may create
databases). ``XRM_REQUIRE_PG=1`` (``make test`` sets it) turns "cannot start" into a failure instead of a skip.
As root (CI containers), initdb and the server run as the ``postgres`` user: PostgreSQL refuses root.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
import uuid
from pathlib import Path

import sqlalchemy as sa


class Unavailable(RuntimeError):
    """PostgreSQL cannot be started here (the reason is the message)."""


def _binaries() -> Path:
    for candidate in sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True):
        if os.access(Path(candidate) / "pg_ctl", os.X_OK) and os.access(Path(candidate) / "initdb", os.X_OK):
            return Path(candidate)
    found = shutil.which("pg_ctl")
    if found and shutil.which("initdb"):
        return Path(found).resolve().parent
    raise Unavailable("PostgreSQL's server binaries (initdb, pg_ctl) are not installed: make postgres")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """``initdb`` + ``pg_ctl start`` on 127.0.0.1:<free port>; ``url(db)`` and ``new_database()`` for tests."""

    def __init__(self) -> None:
        self.bin = _binaries()
        self.root = Path(tempfile.mkdtemp(prefix="xrm-pg-"))
        self.data = self.root / "data"
        self.port = _free_port()
        self._as: list[str] = []
        if os.geteuid() == 0:
            try:
                user = pwd.getpwnam("postgres")
            except KeyError as exc:
                raise Unavailable("running as root and there is no 'postgres' user to run the server") from exc
            os.chown(self.root, user.pw_uid, user.pw_gid)
            self._as = ["runuser", "-u", "postgres", "--"]
        self._admin: sa.Engine | None = None

    def _run(self, *args: str, timeout: float = 120) -> None:
        done = subprocess.run([*self._as, *args], capture_output=True, text=True, timeout=timeout, cwd=self.root)
        if done.returncode != 0:
            raise Unavailable(f"{Path(args[0]).name} failed: {(done.stderr or done.stdout).strip()[-800:]}")

    def start(self) -> Server:
        self._run(
            str(self.bin / "initdb"), "-D", str(self.data), "-U", "xrm", "--auth=trust", "-E", "UTF8",
            "--locale=C.UTF-8", "--no-sync",
        )  # fmt: skip
        options = (
            f"-c listen_addresses=127.0.0.1 -c port={self.port} -c unix_socket_directories={self.root} "
            "-c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=60"
        )
        self._run(
            str(self.bin / "pg_ctl"), "-D", str(self.data), "-l", str(self.root / "server.log"), "-o", options,
            "-w", "-t", "60", "start",
        )  # fmt: skip
        self._admin = sa.create_engine(self.url("postgres"), isolation_level="AUTOCOMMIT", poolclass=sa.NullPool)
        deadline = time.monotonic() + 30
        while True:
            try:
                with self._admin.connect() as con:
                    con.execute(sa.text("SELECT 1"))
                return self
            except sa.exc.OperationalError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)

    def url(self, database: str) -> str:
        return f"postgresql+psycopg://xrm@127.0.0.1:{self.port}/{database}"

    def new_database(self) -> str:
        """A new empty database; its URL."""
        name = f"xrm_{uuid.uuid4().hex[:12]}"
        with self._admin.connect() as con:
            con.execute(sa.text(f'CREATE DATABASE "{name}"'))  # name from uuid4 hex, never from input
        return self.url(name)

    def stop(self) -> None:
        if self._admin is not None:
            self._admin.dispose()
        try:
            self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "-w", "stop", timeout=60)
        except (Unavailable, subprocess.TimeoutExpired):
            pass
        shutil.rmtree(self.root, ignore_errors=True)


class External:
    """An existing server named by ``XRM_TEST_PG_URL``: a database per test on it."""

    def __init__(self, url: str) -> None:
        self.base = sa.engine.make_url(url)
        self._admin = sa.create_engine(self.base, isolation_level="AUTOCOMMIT", poolclass=sa.NullPool)

    def start(self) -> External:
        with self._admin.connect() as con:
            con.execute(sa.text("SELECT 1"))
        return self

    def new_database(self) -> str:
        name = f"xrm_{uuid.uuid4().hex[:12]}"
        with self._admin.connect() as con:
            con.execute(sa.text(f'CREATE DATABASE "{name}"'))
        return self.base.set(database=name).render_as_string(hide_password=False)

    def stop(self) -> None:
        self._admin.dispose()


def start() -> Server | External:
    """The server the tests use: ``XRM_TEST_PG_URL``'s, else a new local one (``Unavailable`` if it cannot start)."""
    if os.environ.get("XRM_TEST_PG_URL"):
        return External(os.environ["XRM_TEST_PG_URL"]).start()
    server = Server()
    try:
        return server.start()
    except Exception:
        server.stop()
        raise

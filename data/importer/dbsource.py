"""What a database source may be: an allow-listed database, and one read-only SELECT.

The import page lets an administrator read a table or a query from a database. Left open, that
is a way into the server: a SQLite URL can name the operational store (password hashes), a query
can ``ATTACH`` or ``VACUUM INTO`` files anywhere. So, before anything connects:

- the URL must parse, its kind must be one of ``settings.import_databases()``' drivers, a
  network database's host must be one the administrator listed, and a file database (SQLite)
  must be a file inside the import folder (symbolic links resolved);
- a table is a plain name (``schema.table`` at most);
- a query is **one** ``SELECT`` (or ``WITH … SELECT``): comments removed, a second statement,
  ``INTO`` or a statement that writes, attaches or changes settings is refused, outside quoted
  text — and it then runs in a read-only connection (SQLite opened read-only, PostgreSQL in a
  read-only transaction).
"""

from __future__ import annotations

import re
from pathlib import Path

import sqlalchemy as sa

import settings
from data.importer.errors import ImportProblem

FILE_DRIVERS = {"sqlite"}
FORBIDDEN_WORDS = {
    "alter", "analyze", "attach", "call", "checkpoint", "copy", "create", "delete", "detach", "do", "drop", "exec",
    "execute", "export", "grant", "import", "insert", "install", "into", "load", "lock", "merge", "pragma",
    "reindex", "replace", "revoke", "set", "truncate", "update", "upsert", "vacuum",
}  # fmt: skip
TABLE_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)?$")
_COMMENTS = re.compile(r"--[^\n]*|/\*.*?\*/", re.S)
_QUOTED = re.compile(r"'(?:[^']|'')*'|\"(?:[^\"]|\"\")*\"")


def checked_url(text: str) -> sa.URL:
    """The URL if the administrator's configuration allows it, else an ``ImportProblem`` saying why."""
    drivers, hosts, folder = settings.import_databases()
    try:
        url = sa.engine.make_url(text.strip())
    except (sa.exc.ArgumentError, ValueError):
        raise ImportProblem("import.db_bad_url") from None
    kind = url.get_backend_name().lower()
    if kind not in drivers:
        raise ImportProblem("import.db_driver_refused", kind=kind, allowed=", ".join(sorted(drivers)) or "–")
    if kind in FILE_DRIVERS:
        inside = _inside(url.database or "", folder)
        if inside is None:
            raise ImportProblem("import.db_file_refused", folder=str(folder))
        return url.set(database=str(inside), query={})
    host = (url.host or "").lower()
    if not host or (host not in hosts and f"{host}:{url.port}" not in hosts):
        raise ImportProblem("import.db_host_refused", host=host or "–", allowed=", ".join(sorted(hosts)) or "–")
    return url


def _inside(database: str, folder: Path) -> Path | None:
    """The database file, resolved, when it is an existing file inside ``folder``."""
    if not database or database == ":memory:" or database.startswith("file:"):
        return None
    path = Path(database).resolve()
    root = folder.resolve()
    return path if path.is_file() and path.is_relative_to(root) else None


def checked_query(query: str) -> str:
    """The query if it is one read-only SELECT, else an ``ImportProblem`` naming what is refused."""
    body = _COMMENTS.sub(" ", query).strip().rstrip(";").strip()
    bare = _QUOTED.sub("''", body)
    if ";" in bare:
        raise ImportProblem("import.db_query_refused", reason="one statement only")
    words = re.findall(r"[A-Za-z_]+", bare.lower())
    if not words or words[0] not in ("select", "with"):
        raise ImportProblem("import.db_query_refused", reason="it must start with SELECT")
    bad = sorted(FORBIDDEN_WORDS.intersection(words))
    if bad:
        raise ImportProblem("import.db_query_refused", reason=", ".join(w.upper() for w in bad))
    return body


def checked_table(name: str) -> str:
    if not TABLE_NAME.match(name):
        raise ImportProblem("import.db_table_refused", table=name[:80])
    return name


def read_only_engine(url: sa.URL) -> sa.Engine:
    """An engine that cannot write: SQLite opened read-only, PostgreSQL sessions read-only."""
    kind = url.get_backend_name().lower()
    if kind == "sqlite":
        import sqlite3

        path = url.database
        return sa.create_engine("sqlite://", creator=lambda: sqlite3.connect(f"file:{path}?mode=ro", uri=True))
    try:
        if kind == "postgresql":
            return sa.create_engine(url, execution_options={"postgresql_readonly": True})
        return sa.create_engine(url)
    except (ModuleNotFoundError, sa.exc.NoSuchModuleError) as exc:
        raise ImportProblem("import.db_driver_missing", kind=kind, detail=str(exc)[:120]) from None

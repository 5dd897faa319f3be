"""Installation settings: instance folder, secrets and store locations from the environment."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

ROOT = Path(__file__).resolve().parent


def instance_dir() -> Path:
    """The folder a running installation owns (git-ignored), private to its user.

    It holds customer data (warehouse versions, staging copies, exports) and the user store, so
    the folder is 0700 and everything this process creates is 0600/0700 (umask 077): no other
    local user can read it.
    """
    path = Path(os.environ.get("XRM_INSTANCE", ROOT / "instance"))
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    if path not in _private:  # the umask and the folder's mode once per folder and process (called on every query)
        os.umask(0o077)
        if path.stat().st_mode & 0o077 and path.owner() == _me():
            path.chmod(0o700)
        _private.add(path)
    return path


_private: set[Path] = set()


def _me() -> str:
    import pwd

    return pwd.getpwuid(os.getuid()).pw_name


def _secret_file(name: str, nbytes: int) -> str:
    """Read a secret stored in the instance folder, creating it (mode 0600) on first use."""
    path = instance_dir() / name
    try:
        return path.read_text().strip()
    except FileNotFoundError:
        pass
    value = secrets.token_urlsafe(nbytes)
    # O_EXCL makes concurrent first starts agree on one value: the loser reads the winner's.
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_text().strip()
    with os.fdopen(fd, "w") as fh:
        fh.write(value + "\n")
    return value


def secret_key() -> str:
    """Flask session key: XRM_SECRET_KEY, else generated once into instance/secret_key."""
    return os.environ.get("XRM_SECRET_KEY") or _secret_file("secret_key", 48)


def import_databases() -> tuple[frozenset[str], frozenset[str], Path]:
    """What the import page's database source may reach, set by the administrator:
    XRM_IMPORT_DB_DRIVERS (database kinds, default postgresql, mysql, mssql, oracle, sqlite),
    XRM_IMPORT_DB_HOSTS (host or host:port, none by default) and XRM_IMPORT_DIR (the only folder
    file databases such as SQLite are read from, default instance/import-sources)."""
    drivers = os.environ.get("XRM_IMPORT_DB_DRIVERS", "postgresql,mysql,mssql,oracle,sqlite")
    hosts = os.environ.get("XRM_IMPORT_DB_HOSTS", "")
    folder = Path(os.environ.get("XRM_IMPORT_DIR", instance_dir() / "import-sources"))
    words = lambda text: frozenset(w.strip().lower() for w in text.split(",") if w.strip())  # noqa: E731
    return words(drivers), words(hosts), folder


def session_limits() -> tuple[int, int]:
    """(idle minutes, absolute hours) after which a session ends: XRM_SESSION_IDLE_MINUTES (120) and
    XRM_SESSION_HOURS (12)."""
    return int(os.environ.get("XRM_SESSION_IDLE_MINUTES", 120)), int(os.environ.get("XRM_SESSION_HOURS", 12))


def demo_password() -> str:
    """Password of the demo accounts: XRM_DEMO_PASSWORD, else generated once."""
    return os.environ.get("XRM_DEMO_PASSWORD") or _secret_file("demo_password", 9)


def warehouse_pointer() -> Path:
    """XRM_DB: the path through which the current warehouse version is opened."""
    return Path(os.environ.get("XRM_DB", instance_dir() / "xrm.duckdb")).absolute()


def store_url() -> str:
    """XRM_STORE_URL: the operational store (SQLAlchemy URL), SQLite in instance/ by default."""
    return os.environ.get("XRM_STORE_URL") or f"sqlite:///{instance_dir() / 'xrm_store.sqlite'}"


def cache_dir() -> Path:
    """Where diskcache keeps results and background-callback state."""
    path = instance_dir() / "cache"
    path.mkdir(parents=True, exist_ok=True)
    return path

"""User accounts in the operational store: create, verify, throttle failed logins."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import sqlalchemy as sa
from werkzeug.security import check_password_hash, generate_password_hash

from auth import DEMO_ACCOUNTS, ROLE_ALIASES, ROLES
from data import opstore

FREE_FAILURES = 3  # failures of one name from one address allowed before attempts are slowed down
FAILURE_WINDOW = dt.timedelta(minutes=15)
MAX_LOCK_SECONDS = 300


class UserError(ValueError):
    """A user operation that cannot be done, with a message for the person asking."""


@dataclass(frozen=True)
class User:
    """A signed-in user as flask-login sees it."""

    username: str
    role: str
    display_name: str
    language: str
    active: bool = True
    epoch: int = 0  # users.session_epoch when the session began

    is_authenticated = True
    is_anonymous = False

    @property
    def is_active(self) -> bool:
        return self.active

    def get_id(self) -> str:
        """What the session cookie holds: the name and the session number it was signed in under."""
        return f"{self.username}|{self.epoch}"


def user_of_session(user_id: str) -> User | None:
    """The active user a session's id names, or None when that session has been ended (logout
    elsewhere, a new password or role, disabled) or the id is from before session numbers."""
    username, _, epoch = (user_id or "").rpartition("|")
    user = get_user(username) if username else None
    if user is None or not user.active or str(user.epoch) != epoch:
        return None
    return user


def end_sessions(username: str) -> None:
    """End every session of ``username`` (each cookie signed before now stops working)."""
    _update(username, bump=True)


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def _check_role(role: str) -> None:
    if role not in ROLES:
        raise UserError(f"Unknown role '{role}'. Choose one of: {', '.join(ROLES)}.")


def resolve_role(word: str) -> str:
    """The role a typed word means (a role name or an alias such as ``exec``), case-insensitive."""
    key = (word or "").strip().lower().replace(" ", "_")
    if key in ROLES:
        return key
    if key in ROLE_ALIASES:
        return ROLE_ALIASES[key]
    aliases = ", ".join(f"{alias} = {role}" for alias, role in ROLE_ALIASES.items())
    raise UserError(f"Unknown role '{word}'. Choose one of: {', '.join(ROLES)} (also understood: {aliases}).")


def _check_password(password: str) -> None:
    if len(password) < 8:
        raise UserError("The password must have at least 8 characters.")


def get_user(username: str) -> User | None:
    t = opstore.users
    with opstore.engine().connect() as con:
        row = con.execute(sa.select(t).where(t.c.username == username)).mappings().first()
    if row is None:
        return None
    return User(
        row["username"],
        row["role"],
        row["display_name"] or row["username"],
        row["language"],
        row["active"],
        row["session_epoch"] or 0,
    )


def list_users() -> list[dict]:
    t = opstore.users
    cols = [t.c.username, t.c.role, t.c.display_name, t.c.language, t.c.active, t.c.is_demo, t.c.created_at]
    with opstore.engine().connect() as con:
        return [dict(r) for r in con.execute(sa.select(*cols).order_by(t.c.username)).mappings()]


def add_user(username: str, password: str, role: str, display_name: str = "", is_demo: bool = False) -> User:
    """Create a user; refuses an existing name, an unknown role or a short password."""
    username = username.strip()
    if not username or len(username) > 64:
        raise UserError("The user name must have 1 to 64 characters.")
    _check_role(role)
    _check_password(password)
    values = dict(
        username=username,
        password_hash=generate_password_hash(password),
        role=role,
        display_name=display_name or username,
        is_demo=is_demo,
    )
    try:
        with opstore.engine().begin() as con:
            con.execute(opstore.users.insert().values(**values))
    except sa.exc.IntegrityError as exc:
        raise UserError(f"A user named '{username}' already exists.") from exc
    return get_user(username)


def _update(username: str, bump: bool = False, **values) -> None:
    """Change a user's row; ``bump`` ends every session of the user as well."""
    t = opstore.users
    if bump:
        values["session_epoch"] = t.c.session_epoch + 1
    with opstore.engine().begin() as con:
        result = con.execute(t.update().where(t.c.username == username).values(**values))
    if result.rowcount == 0:
        raise UserError(f"There is no user named '{username}'.")


def set_password(username: str, password: str) -> None:
    _check_password(password)
    _update(username, bump=True, password_hash=generate_password_hash(password))


def set_role(username: str, role: str) -> None:
    _check_role(role)
    _update(username, bump=True, role=role)


def set_active(username: str, active: bool) -> None:
    _update(username, bump=not active, active=active)


def set_language(username: str, language: str) -> None:
    _update(username, language=language)


def lock_seconds_left(username: str, remote_addr: str = "", now: dt.datetime | None = None) -> int:
    """Seconds to wait before the next attempt of this name from this address (0 when not slowed down).

    Throttling is per user name *and* client address together: after FREE_FAILURES consecutive
    failures of the name from the address in the window, each further failure doubles the wait
    (2 s, 4 s, 8 s… up to MAX_LOCK_SECONDS) — so a guesser elsewhere cannot lock the real user out.
    """
    now = now or _now()
    t = opstore.login_attempts
    query = (
        sa.select(t.c.at, t.c.success)
        .where(t.c.username == username, t.c.remote_addr == remote_addr[:64], t.c.at >= now - FAILURE_WINDOW)
        .order_by(t.c.at.desc())
        .limit(50)
    )
    with opstore.engine().connect() as con:
        return _wait(con.execute(query).all(), FREE_FAILURES, now)


def _wait(rows, free: int, now: dt.datetime) -> int:
    """The wait after the consecutive failures at the head of ``rows`` (newest first)."""
    failures = 0
    for _at, success in rows:
        if success:
            break
        failures += 1
    if failures < free:
        return 0
    wait = min(2 ** (failures - free + 1), MAX_LOCK_SECONDS)
    left = (rows[0][0] + dt.timedelta(seconds=wait) - now).total_seconds()
    return max(0, int(left + 0.999))


# a real hash of a password nobody has: an unknown name costs the same time as a known one
_NOBODY = generate_password_hash("no user has this password: it only makes unknown names take as long")


def authenticate(username: str, password: str, remote_addr: str = "") -> User | None:
    """Check a login; records the attempt. Callers check lock_seconds_left first.

    An unknown or disabled name is checked against a dummy hash, so the answer takes as long as
    for a real account and response times do not tell names apart.
    """
    t = opstore.users
    with opstore.engine().connect() as con:
        row = con.execute(sa.select(t).where(t.c.username == username)).mappings().first()
    matches = check_password_hash(row["password_hash"] if row else _NOBODY, password)
    ok = bool(row and row["active"] and matches)
    with opstore.engine().begin() as con:
        con.execute(
            opstore.login_attempts.insert().values(
                username=username[:64], remote_addr=remote_addr[:64], at=_now(), success=ok
            )
        )
    return get_user(username) if ok else None


def ensure_demo_accounts(password: str) -> list[str]:
    """Create the demo accounts that are missing (demo warehouse only); returns those created."""
    created = []
    for username, role in DEMO_ACCOUNTS.items():
        if get_user(username) is None:
            try:
                add_user(username, password, role, display_name=username.capitalize(), is_demo=True)
                created.append(username)
            except UserError:
                pass  # created by a concurrent process
    return created


FIRST_ADMIN = "admin"
FIRST_ADMIN_COMMAND = "python -m auth.cli add NAME --role admin"


def has_admin() -> bool:
    """Whether an active admin account exists (someone can manage users in the app)."""
    t = opstore.users
    with opstore.engine().connect() as con:
        found = con.execute(sa.select(t.c.username).where(t.c.role == "admin", t.c.active).limit(1)).first()
    return found is not None


def user_count() -> int:
    with opstore.engine().connect() as con:
        return int(con.execute(sa.select(sa.func.count()).select_from(opstore.users)).scalar())


def first_start(admin_password: str | None) -> str | None:
    """On a warehouse without demo accounts: how the first person gets in, or None once an admin exists.

    With ``admin_password`` (``XRM_ADMIN_PASSWORD``) and no admin yet, user ``admin`` is created
    with it, once; otherwise the message names the command that creates one.
    """
    if has_admin():
        return None
    if admin_password:
        if get_user(FIRST_ADMIN) is not None:
            return (
                f"XRM_ADMIN_PASSWORD is set but a user named '{FIRST_ADMIN}' already exists and is not an active admin; "
                f"nothing was changed. Create an admin with: {FIRST_ADMIN_COMMAND}"
            )
        try:
            add_user(FIRST_ADMIN, admin_password, "admin", display_name="Administrator")
        except UserError as exc:
            if has_admin():  # another process created it at the same moment
                return None
            return f"XRM_ADMIN_PASSWORD was not used: {exc} Create an admin with: {FIRST_ADMIN_COMMAND}"
        opstore.audit("start", "user.add", FIRST_ADMIN, "role=admin from XRM_ADMIN_PASSWORD")
        return f"Created the admin user '{FIRST_ADMIN}' with the password in XRM_ADMIN_PASSWORD."
    return (
        "This warehouse has no demo accounts and no admin user yet. Create the first admin with:\n"
        f"    {FIRST_ADMIN_COMMAND}\n"
        f"(or start with XRM_ADMIN_PASSWORD=... to create the user '{FIRST_ADMIN}' with that password)."
    )

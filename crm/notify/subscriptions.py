"""Subscriptions: a saved view e-mailed on a schedule as CSV and/or PNG (who may do what is checked here).

A user subscribes themselves to a saved view they may open (their own address, ``set_email``);
administrators and partner managers may add other addresses. The owner sees and manages their
subscriptions (pause, resume, delete, send now); an administrator sees and manages all of them. The
content is always computed as the owner may see it (their role and partner scope, at delivery time):
adding an address never widens what is sent. Every change is audited; so is every delivery
(``jobs.deliver``).
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

import sqlalchemy as sa

from crm import saved_views as sv
from crm.notify.schedule import Schedule, ScheduleError, next_run
from crm.notify.smtp import MailError, valid_address
from data import opstore
from errors import KeyedError

FORMATS = ("csv", "png")
ADMIN = "admin"
OTHERS_ROLES = ("admin", "partner_manager")  # who may subscribe addresses other than their own
RECIPIENTS_LIMIT = 20
STATUSES = ("active", "paused")


class SubscriptionError(KeyedError, ValueError):
    """A request about subscriptions that is refused; ``key``/``values`` make the message."""


def now() -> dt.datetime:
    """Naive UTC now (the store's times are naive UTC)."""
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


@dataclass(frozen=True)
class Subscription:
    subscription_id: int
    view_id: int
    view_name: str | None  # None: the saved view is gone
    owner: str
    recipients: tuple[str, ...]
    formats: tuple[str, ...]
    schedule: Schedule
    status: str
    next_run_at: dt.datetime
    last_run_at: dt.datetime | None
    last_status: str | None
    last_error: str | None
    failures: int

    def manageable_by(self, username: str, role: str) -> bool:
        return self.owner == username or role == ADMIN


# --------------------------------------------------------------------------- users' addresses


def user_email(username: str) -> str | None:
    u = opstore.users
    with opstore.engine().connect() as con:
        return con.execute(sa.select(u.c.email).where(u.c.username == username)).scalar()


def set_email(username: str, address) -> str:
    """Set the user's own e-mail address (validated); audited."""
    try:
        address = valid_address(address)
    except MailError as exc:
        raise SubscriptionError(exc.key, **exc.values) from None
    u, s = opstore.users, opstore.subscriptions
    with opstore.engine().begin() as con:
        old = con.execute(sa.select(u.c.email).where(u.c.username == username)).scalar()
        con.execute(u.update().where(u.c.username == username).values(email=address))
        if old and old.lower() != address.lower():  # the user's subscriptions follow their new address
            for sid, recipients in con.execute(
                sa.select(s.c.subscription_id, s.c.recipients).where(s.c.owner == username)
            ):
                moved = [address if r.lower() == old.lower() else r for r in json.loads(recipients)]
                con.execute(s.update().where(s.c.subscription_id == sid).values(recipients=json.dumps(moved)))
    opstore.audit(username, "user.email", username, address)
    return address


def user_role(username: str) -> tuple[str | None, bool]:
    """(the stored role, active) of a user; (None, False) for one that does not exist."""
    u = opstore.users
    with opstore.engine().connect() as con:
        row = con.execute(sa.select(u.c.role, u.c.active).where(u.c.username == username)).first()
    return (row.role, bool(row.active)) if row else (None, False)


def user_language(username: str) -> str:
    u = opstore.users
    with opstore.engine().connect() as con:
        return con.execute(sa.select(u.c.language).where(u.c.username == username)).scalar() or "en"


# --------------------------------------------------------------------------- parsing a request


def parse_recipients(text) -> list[str]:
    """Addresses from text separated by commas, semicolons, spaces or new lines; each validated."""
    parts = str(text or "").replace(";", ",").replace("\n", ",").replace(" ", ",").split(",")
    out: list[str] = []
    for part in (p.strip() for p in parts):
        if not part:
            continue
        try:
            address = valid_address(part)
        except MailError as exc:
            raise SubscriptionError(exc.key, **exc.values) from None
        if address.lower() not in (a.lower() for a in out):
            out.append(address)
    if len(out) > RECIPIENTS_LIMIT:
        raise SubscriptionError("notify.error.too_many", limit=RECIPIENTS_LIMIT)
    return out


def parse_formats(values) -> tuple[str, ...]:
    chosen = tuple(f for f in FORMATS if f in (values or ()))
    if not chosen:
        raise SubscriptionError("notify.error.no_format")
    return chosen


def make_schedule(kind, at, zone, weekday=None, day=None) -> Schedule:
    """A schedule from the form: ``at`` is ``HH:MM``."""
    try:
        hour, minute = (int(x) for x in str(at or "").strip().split(":"))
    except ValueError:
        raise SubscriptionError("notify.error.time") from None
    try:
        return Schedule(
            kind=str(kind),
            hour=hour,
            minute=minute,
            zone=str(zone or ""),
            weekday=None if kind != "weekly" or weekday in (None, "") else int(weekday),
            day=None if kind != "monthly" or day in (None, "") else int(day),
        )
    except (ScheduleError, ValueError) as exc:
        if isinstance(exc, ScheduleError):
            raise SubscriptionError(exc.key, **exc.values) from None
        raise SubscriptionError("notify.error.time") from None


# --------------------------------------------------------------------------- reading


def _from_row(row, names: dict[int, str]) -> Subscription:
    return Subscription(
        subscription_id=row.subscription_id,
        view_id=row.view_id,
        view_name=names.get(row.view_id),
        owner=row.owner,
        recipients=tuple(json.loads(row.recipients)),
        formats=tuple(row.formats.split(",")),
        schedule=Schedule(row.kind, row.hour, row.minute, row.zone, row.weekday, row.day),
        status=row.status,
        next_run_at=row.next_run_at,
        last_run_at=row.last_run_at,
        last_status=row.last_status,
        last_error=row.last_error,
        failures=row.failures,
    )


def _read(where) -> list[Subscription]:
    s, v = opstore.subscriptions, opstore.saved_views
    with opstore.engine().connect() as con:
        rows = con.execute(sa.select(s).where(where).order_by(s.c.subscription_id)).fetchall()
        ids = {r.view_id for r in rows}
        names = (
            dict(con.execute(sa.select(v.c.view_id, v.c.name).where(v.c.view_id.in_(ids))).fetchall()) if ids else {}
        )
    return [_from_row(r, names) for r in rows]


def list_subscriptions(username: str, role: str, view_id=None) -> list[Subscription]:
    """The user's subscriptions (an administrator: everyone's), optionally those of one view."""
    s = opstore.subscriptions
    where = sa.true() if role == ADMIN else s.c.owner == username
    if view_id is not None:
        where = sa.and_(where, s.c.view_id == int(view_id))
    return _read(where)


def get_subscription(subscription_id, username: str, role: str) -> Subscription:
    """One subscription the user may manage; another's reads exactly like one that does not exist."""
    try:
        sid = int(subscription_id)
    except (TypeError, ValueError):
        raise SubscriptionError("notify.error.not_found", id=str(subscription_id)[:20]) from None
    found = _read(opstore.subscriptions.c.subscription_id == sid)
    if not found or not found[0].manageable_by(username, role):
        raise SubscriptionError("notify.error.not_found", id=sid)
    return found[0]


def by_id(subscription_id: int) -> Subscription | None:
    """Any subscription (the delivery engine; no user)."""
    found = _read(opstore.subscriptions.c.subscription_id == int(subscription_id))
    return found[0] if found else None


# --------------------------------------------------------------------------- writing


def subscribe(username: str, role: str, view_id, *, schedule: Schedule, formats, me: bool = True, others="",
              at: dt.datetime | None = None) -> Subscription:  # fmt: skip
    """Subscribe to a saved view the user may open: themselves (``me``; their address must be set) and,
    for ``OTHERS_ROLES``, the addresses in ``others``. Audited."""
    view = sv.get_view(view_id, username, role)  # SavedViewError when they may not open it
    formats = parse_formats(formats)
    extra = parse_recipients(others)
    if extra and role not in OTHERS_ROLES:
        raise SubscriptionError("notify.error.others_forbidden")
    recipients = []
    if me:
        own = user_email(username)
        if not own:
            raise SubscriptionError("notify.error.no_own_address")
        recipients.append(own)
    recipients += [a for a in extra if a.lower() not in (r.lower() for r in recipients)]
    if not recipients:
        raise SubscriptionError("notify.error.no_recipients")
    due = next_run(schedule, at or now())
    s = opstore.subscriptions
    values = dict(view_id=view.view_id, owner=username, recipients=json.dumps(recipients), formats=",".join(formats),
                  kind=schedule.kind, hour=schedule.hour, minute=schedule.minute, weekday=schedule.weekday,
                  day=schedule.day, zone=schedule.zone, status="active", next_run_at=due)  # fmt: skip
    with opstore.engine().begin() as con:
        sid = con.execute(s.insert().values(**values)).inserted_primary_key[0]
    detail = f"view={view.view_id} to={','.join(recipients)} formats={','.join(formats)} {describe(schedule)}"
    opstore.audit(username, "subscription.create", f"{view.name}#{sid}", detail)
    return by_id(sid)


def describe(schedule: Schedule) -> str:
    """The schedule for the audit log (words for people are ``components``' job)."""
    extra = {"weekly": f" weekday={schedule.weekday}", "monthly": f" day={schedule.day}"}.get(schedule.kind, "")
    return f"{schedule.kind}{extra} {schedule.hour:02d}:{schedule.minute:02d} {schedule.zone}"


def set_status(subscription_id, status: str, username: str, role: str, at: dt.datetime | None = None) -> Subscription:
    """Pause or resume (the owner or an administrator); resuming schedules the next delivery from now."""
    if status not in STATUSES:
        raise SubscriptionError("notify.error.status")
    sub = get_subscription(subscription_id, username, role)
    values: dict = {"status": status}
    if status == "active":
        values.update(next_run_at=next_run(sub.schedule, at or now()), failures=0)
    s = opstore.subscriptions
    with opstore.engine().begin() as con:
        con.execute(s.update().where(s.c.subscription_id == sub.subscription_id).values(**values))
    action = "subscription.pause" if status == "paused" else "subscription.resume"
    opstore.audit(username, action, f"{sub.view_name}#{sub.subscription_id}", f"owner={sub.owner}")
    return by_id(sub.subscription_id)


def delete(subscription_id, username: str, role: str) -> Subscription:
    sub = get_subscription(subscription_id, username, role)
    s = opstore.subscriptions
    with opstore.engine().begin() as con:
        con.execute(s.delete().where(s.c.subscription_id == sub.subscription_id))
    opstore.audit(username, "subscription.delete", f"{sub.view_name}#{sub.subscription_id}", f"owner={sub.owner}")
    return sub

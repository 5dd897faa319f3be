"""The in-app notification list (the navbar's bell): one row per event for one user, read or unread.

What a notification says is rebuilt from its ``payload`` in the reader's language when it is shown
(``text``); ``link`` is where it opens (the KPI's breakdown in Explore, the subscription's view).
Users read and mark only their own notifications; an id of another's reads like one that does not exist.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

import sqlalchemy as sa

from data import opstore
from errors import KeyedError
from i18n import format as fmt
from i18n import t

KINDS = ("alert.fired", "alert.recovered", "delivery.failed")
LIST_LIMIT = 200


class NotificationError(KeyedError, ValueError):
    """A refused request about notifications."""


@dataclass(frozen=True)
class Notification:
    notification_id: int
    username: str
    kind: str
    payload: dict
    link: str | None
    created_at: dt.datetime
    read_at: dt.datetime | None
    alert_id: int | None = None
    subscription_id: int | None = None

    @property
    def unread(self) -> bool:
        return self.read_at is None


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def add(username: str, kind: str, payload: dict, link: str | None = None, *, alert_id=None, subscription_id=None,
        con=None) -> int:  # fmt: skip
    """Record one notification for ``username`` (in ``con``'s transaction when given); its id."""
    values = dict(username=username, kind=kind, payload=json.dumps(payload, ensure_ascii=False, default=str),
                  link=link, alert_id=alert_id, subscription_id=subscription_id, created_at=_now())  # fmt: skip
    if con is not None:
        return con.execute(opstore.notifications.insert().values(**values)).inserted_primary_key[0]
    with opstore.engine().begin() as own:
        return own.execute(opstore.notifications.insert().values(**values)).inserted_primary_key[0]


def _from_row(row) -> Notification:
    return Notification(row.notification_id, row.username, row.kind, json.loads(row.payload), row.link,
                        row.created_at, row.read_at, row.alert_id, row.subscription_id)  # fmt: skip


def list_for(username: str, unread_only: bool = False, limit: int = LIST_LIMIT) -> list[Notification]:
    """The user's notifications, newest first."""
    n = opstore.notifications
    query = sa.select(n).where(n.c.username == username)
    if unread_only:
        query = query.where(n.c.read_at.is_(None))
    query = query.order_by(n.c.created_at.desc(), n.c.notification_id.desc()).limit(limit)
    with opstore.engine().connect() as con:
        return [_from_row(r) for r in con.execute(query)]


def unread_count(username: str) -> int:
    n = opstore.notifications
    with opstore.engine().connect() as con:
        return con.execute(
            sa.select(sa.func.count()).select_from(n).where(n.c.username == username, n.c.read_at.is_(None))
        ).scalar_one()


def get(notification_id, username: str) -> Notification:
    try:
        nid = int(notification_id)
    except (TypeError, ValueError):
        raise NotificationError("notify.error.notification_not_found") from None
    n = opstore.notifications
    with opstore.engine().connect() as con:
        row = con.execute(sa.select(n).where(n.c.notification_id == nid, n.c.username == username)).first()
    if row is None:
        raise NotificationError("notify.error.notification_not_found")
    return _from_row(row)


def mark(notification_id, username: str, read: bool = True) -> Notification:
    """Mark one of the user's notifications read (or unread again)."""
    found = get(notification_id, username)
    n = opstore.notifications
    with opstore.engine().begin() as con:
        con.execute(
            n.update().where(n.c.notification_id == found.notification_id).values(read_at=_now() if read else None)
        )
    return get(found.notification_id, username)


def mark_all_read(username: str) -> int:
    n = opstore.notifications
    with opstore.engine().begin() as con:
        return con.execute(
            n.update().where(n.c.username == username, n.c.read_at.is_(None)).values(read_at=_now())
        ).rowcount


# --------------------------------------------------------------------------- words


PERCENT_KPIS = ("repeat_rate", "online_share")
MONEY_KPIS = ("revenue", "gross_margin", "aov")


def kpi_value(kpi: str, value, lang: str) -> str:
    """A KPI's value as the dashboard's cards say it (만/억 in Korean, currency on money)."""
    if value is None:
        return "–"
    if kpi in PERCENT_KPIS:
        return fmt.percent(value, lang)
    if kpi in MONEY_KPIS:
        return fmt.money(value, lang)
    return fmt.compact(value, lang)


def scope_words(payload: dict, lang: str) -> str:
    """The alert's period and filters in words: "last complete month (2025-06), Europe, online"."""
    parts = [t(f"notify.period.{payload.get('period_choice', 'last_month')}", lang)]
    if payload.get("period"):
        parts[0] += f" ({payload['period']})"
    if payload.get("region"):
        parts.append(payload["region"])
    if payload.get("channel"):
        parts.append(t(f"channel_group.{payload['channel']}", lang, default=payload["channel"]))
    return ", ".join(parts)


def text(item: Notification, lang: str) -> str:
    """What the notification says, in ``lang``."""
    p = item.payload
    if item.kind in ("alert.fired", "alert.recovered"):
        values = dict(kpi=t(f"kpi.{p['kpi']}", lang), value=kpi_value(p["kpi"], p.get("value"), lang),
                      threshold=kpi_value(p["kpi"], p.get("threshold"), lang), scope=scope_words(p, lang),
                      op=t(f"notify.op.{p['op']}", lang))  # fmt: skip
        return t(f"notify.text.{item.kind}", lang, **values)
    if item.kind == "delivery.failed":
        error = p.get("error") or ""
        if p.get("error_key"):
            error = t(p["error_key"], lang, default=error, **(p.get("error_values") or {}))
        return t("notify.text.delivery.failed", lang, view=p.get("view") or "–", error=error)
    return item.kind

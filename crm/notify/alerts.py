"""Threshold alerts on the dashboard's KPIs: "online share below 45%", "revenue of the last complete month
below 1억", with the shared filters (region, channel group) and a period choice.

An alert is evaluated after every new warehouse version (a load, a publish) and on a schedule
(``CHECK_EVERY``): the engine (``jobs.deliver``) claims due alerts in the store, ``evaluate`` computes the
KPI as the owner may see it (their partner scope) and ``transition`` decides what happened. It fires
once per crossing: a notification (and, when asked, an e-mail) when the value crosses to the wrong side
of the threshold, nothing while it stays there, and a "back to normal" notice when it recovers. A value
that cannot be computed (no orders in the period) changes nothing. Every firing is audited.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import sqlalchemy as sa

from crm.notify import notifications
from crm.notify.subscriptions import now, user_email
from data import opstore
from errors import KeyedError
from olap import kpi
from olap.filters import Filters
from olap.period import Period, default_period, month_end, parse_period

OPS = ("below", "above")
PERIODS = ("last_month", "last_quarter", "month_to_date", "L12M", "YTD")
CHANNELS = ("online", "offline")
CHECK_EVERY = dt.timedelta(hours=1)
ADMIN = "admin"
PERCENT_KPIS = notifications.PERCENT_KPIS
STATES = ("unknown", "normal", "crossed")


class AlertError(KeyedError, ValueError):
    """A refused request about alerts; ``key``/``values`` make the message."""


@dataclass(frozen=True)
class Alert:
    alert_id: int
    owner: str
    kpi: str
    op: str
    threshold: float
    period: str
    region: str | None
    channel: str | None
    email: bool
    active: bool
    state: str
    last_value: float | None
    last_period: str | None
    last_evaluated_at: dt.datetime | None
    evaluated_version: str | None
    last_error: str | None

    def manageable_by(self, username: str, role: str) -> bool:
        return self.owner == username or role == ADMIN

    @property
    def filters(self) -> Filters:
        return Filters(regions=(self.region,) if self.region else (), channel_group=self.channel)

    def crossed(self, value: float) -> bool:
        return value < self.threshold if self.op == "below" else value > self.threshold


# --------------------------------------------------------------------------- the rules (pure)


def transition(state: str, crossed: bool | None) -> tuple[str, str | None]:
    """(the new state, the event) after one evaluation: ``fired`` on a change to the wrong side (from
    normal or from never evaluated), ``recovered`` on a change back; no event while it stays; ``crossed``
    None (no value) keeps the state."""
    if crossed is None:
        return state, None
    if crossed:
        return "crossed", (None if state == "crossed" else "fired")
    return "normal", ("recovered" if state == "crossed" else None)


def resolve_period(choice: str, data_start: dt.date, data_end: dt.date) -> Period:
    """The period an alert's choice names against the data: the last complete month or quarter, the
    month to date (partial), the last twelve months, the year to date."""
    if choice == "last_month":
        last = data_end if data_end == month_end(data_end) else data_end.replace(day=1) - dt.timedelta(days=1)
        return parse_period(last.strftime("%Y-%m"), data_start, data_end)
    if choice == "last_quarter":
        return default_period(data_end, data_start)
    if choice == "month_to_date":
        return parse_period(data_end.strftime("%Y-%m"), data_start, data_end)
    if choice in ("L12M", "YTD"):
        return parse_period(choice, data_start, data_end)
    raise AlertError("notify.error.period")


_AMOUNT = re.compile(r"^([-+]?[0-9][0-9,]*(?:\.[0-9]+)?)\s*(만|억|조|k|m|b|bn|%)?$", re.IGNORECASE)
_UNITS = {"만": 1e4, "억": 1e8, "조": 1e12, "k": 1e3, "m": 1e6, "b": 1e9, "bn": 1e9}


def parse_threshold(kpi_key: str, text) -> float:
    """A threshold as typed: ``45`` or ``45%`` for a share (stored as 0.45), ``1억``, ``120만``, ``1.5M``,
    ``250,000`` for amounts. ``notify.error.threshold`` for anything else."""
    raw = str(text if text is not None else "").strip().replace(" ", "")
    match = _AMOUNT.match(raw)
    if not match:
        raise AlertError("notify.error.threshold", value=raw[:40])
    number = float(match.group(1).replace(",", ""))
    unit = (match.group(2) or "").lower()
    if kpi_key in PERCENT_KPIS:
        if unit not in ("", "%"):
            raise AlertError("notify.error.threshold", value=raw[:40])
        if not 0 <= number <= 100:
            raise AlertError("notify.error.share_range")
        return number / 100
    if unit == "%":
        raise AlertError("notify.error.threshold", value=raw[:40])
    return number * _UNITS.get(unit, 1)


# --------------------------------------------------------------------------- the store


def _from_row(row) -> Alert:
    return Alert(row.alert_id, row.owner, row.kpi, row.op, row.threshold, row.period, row.region, row.channel,
                 bool(row.email), bool(row.active), row.state, row.last_value, row.last_period,
                 row.last_evaluated_at, row.evaluated_version, row.last_error)  # fmt: skip


def _read(where) -> list[Alert]:
    a = opstore.kpi_alerts
    with opstore.engine().connect() as con:
        return [_from_row(r) for r in con.execute(sa.select(a).where(where).order_by(a.c.alert_id))]


def by_id(alert_id: int) -> Alert | None:
    found = _read(opstore.kpi_alerts.c.alert_id == int(alert_id))
    return found[0] if found else None


def list_alerts(username: str, role: str) -> list[Alert]:
    """The user's alerts (an administrator: everyone's)."""
    return _read(sa.true() if role == ADMIN else opstore.kpi_alerts.c.owner == username)


def get_alert(alert_id, username: str, role: str) -> Alert:
    try:
        aid = int(alert_id)
    except (TypeError, ValueError):
        raise AlertError("notify.error.alert_not_found") from None
    found = by_id(aid)
    if found is None or not found.manageable_by(username, role):
        raise AlertError("notify.error.alert_not_found")
    return found


def create_alert(username: str, role: str, *, kpi_key, op, threshold, period, region=None, channel=None,
                 email=False, regions=()) -> Alert:  # fmt: skip
    """A new alert of ``username``; ``threshold`` as typed (``parse_threshold``); ``regions``: the regions
    the data knows (the catalog's), to check ``region`` against. Due at once; audited."""
    if kpi_key not in kpi.KPI_KEYS:
        raise AlertError("notify.error.kpi", kpi=str(kpi_key)[:40])
    if op not in OPS:
        raise AlertError("notify.error.op")
    if period not in PERIODS:
        raise AlertError("notify.error.period")
    region = region or None
    if region is not None and region not in regions:
        raise AlertError("notify.error.region", region=str(region)[:80])
    channel = channel or None
    if channel is not None and channel not in CHANNELS:
        raise AlertError("notify.error.channel")
    if email and not user_email(username):
        raise AlertError("notify.error.no_own_address")
    value = parse_threshold(kpi_key, threshold)
    a = opstore.kpi_alerts
    values = dict(owner=username, kpi=kpi_key, op=op, threshold=value, period=period, region=region, channel=channel,
                  email=bool(email), active=True, state="unknown", next_check_at=now())  # fmt: skip
    with opstore.engine().begin() as con:
        aid = con.execute(a.insert().values(**values)).inserted_primary_key[0]
    detail = (
        f"{kpi_key} {op} {value:g} period={period} region={region or '-'} channel={channel or '-'} email={bool(email)}"
    )
    opstore.audit(username, "alert.create", f"alert#{aid}", detail)
    return by_id(aid)


def set_active(alert_id, active: bool, username: str, role: str) -> Alert:
    found = get_alert(alert_id, username, role)
    a = opstore.kpi_alerts
    values = {"active": bool(active)}
    if active:
        values.update(next_check_at=now(), state="unknown")  # resumed: the next evaluation says where it stands
    with opstore.engine().begin() as con:
        con.execute(a.update().where(a.c.alert_id == found.alert_id).values(**values))
    opstore.audit(
        username, "alert.resume" if active else "alert.pause", f"alert#{found.alert_id}", f"owner={found.owner}"
    )
    return by_id(found.alert_id)


def delete_alert(alert_id, username: str, role: str) -> Alert:
    found = get_alert(alert_id, username, role)
    a = opstore.kpi_alerts
    with opstore.engine().begin() as con:
        con.execute(a.delete().where(a.c.alert_id == found.alert_id))
    opstore.audit(username, "alert.delete", f"alert#{found.alert_id}", f"owner={found.owner}")
    return found


def make_due(username: str, role: str) -> int:
    """ "Check now": the user's alerts (an administrator's: all) are due at the next pass of the engine."""
    a = opstore.kpi_alerts
    where = a.c.active.is_(True) if role == ADMIN else sa.and_(a.c.owner == username, a.c.active.is_(True))
    with opstore.engine().begin() as con:
        return con.execute(a.update().where(where).values(next_check_at=now() - dt.timedelta(seconds=1))).rowcount


# --------------------------------------------------------------------------- evaluating


@dataclass(frozen=True)
class Evaluation:
    value: float | None
    period: Period
    state: str
    event: str | None  # fired | recovered | None


def kpi_value(cursor, alert: Alert, cat) -> tuple[float | None, Period]:
    """The alert's KPI over its period with its filters, in the current partner scope (the caller's
    ``olap.scope.scoped``)."""
    period = resolve_period(alert.period, cat.data_start, cat.data_end)
    result = kpi.compute_kpis(cursor, period, alert.filters, cat.data_start)
    if not result.current["orders"]:
        return None, period  # nothing sold in the period (for this scope): no value to compare
    value = result.current[alert.kpi]
    return (None if value is None else float(value)), period


def breakdown_link(alert: Alert, period: Period) -> str:
    """The KPI's breakdown in Explore with the alert's period and filters (where its notification opens)."""
    from olap.dashboard import DashboardState, kpi_explore_search

    return "/explore" + kpi_explore_search(DashboardState(period, alert.filters), alert.kpi)


def payload(alert: Alert, value: float | None, period: Period) -> dict:
    return {"kpi": alert.kpi, "op": alert.op, "threshold": alert.threshold, "value": value, "period": period.token,
            "period_choice": alert.period, "region": alert.region, "channel": alert.channel}  # fmt: skip


def record(alert: Alert, evaluation: Evaluation, version: str | None, at: dt.datetime | None = None) -> int | None:
    """Store an evaluation (and, on an event, the owner's notification, in the same transaction), release
    the claim and audit the event. The notification's id, or None without an event."""
    at = at or now()
    a = opstore.kpi_alerts
    values = dict(state=evaluation.state, last_value=evaluation.value, last_period=evaluation.period.token,
                  last_evaluated_at=at, evaluated_version=version, next_check_at=at + CHECK_EVERY,
                  claimed_by=None, claimed_until=None, last_error=None)  # fmt: skip
    nid = None
    with opstore.engine().begin() as con:
        con.execute(a.update().where(a.c.alert_id == alert.alert_id).values(**values))
        if evaluation.event:
            nid = notifications.add(alert.owner, f"alert.{evaluation.event}", payload(alert, evaluation.value, evaluation.period),
                                    breakdown_link(alert, evaluation.period), alert_id=alert.alert_id, con=con)  # fmt: skip
    if evaluation.event:
        detail = (f"{alert.kpi}={evaluation.value!r} {alert.op} {alert.threshold:g} period={evaluation.period.token} "
                  f"region={alert.region or '-'} channel={alert.channel or '-'} version={version}")  # fmt: skip
        opstore.audit("system", f"alert.{evaluation.event}", f"alert#{alert.alert_id} owner={alert.owner}", detail)
    return nid


def record_error(alert: Alert, error: str, at: dt.datetime | None = None) -> None:
    """An evaluation that failed: kept on the alert, tried again at the next check; audited."""
    at = at or now()
    a = opstore.kpi_alerts
    with opstore.engine().begin() as con:
        con.execute(a.update().where(a.c.alert_id == alert.alert_id).values(
            last_error=error[:1000], last_evaluated_at=at, next_check_at=at + CHECK_EVERY, claimed_by=None,
            claimed_until=None))  # fmt: skip
    opstore.audit("system", "alert.error", f"alert#{alert.alert_id} owner={alert.owner}", error[:500])


def evaluate(cursor, alert: Alert, cat) -> Evaluation:
    """One evaluation of ``alert`` (pure but for the warehouse read)."""
    value, period = kpi_value(cursor, alert, cat)
    state, event = transition(alert.state, None if value is None else alert.crossed(value))
    return Evaluation(value, period, state, event)

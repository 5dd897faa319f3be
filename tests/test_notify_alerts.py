"""KPI threshold alerts: the crossing rules (fire once, recover), thresholds as typed, the KPI value
against an independent SQL computation in the owner's scope, notifications and their links, e-mail."""

from __future__ import annotations

import datetime as dt
import uuid
from urllib.parse import parse_qs, urlsplit

import pytest
import sqlalchemy as sa

from auth import users
from crm.notify import alerts, notifications, smtp
from crm.notify import subscriptions as subs
from crm.partners.access import set_assignment
from data import opstore
from data.warehouse import use_warehouse
from jobs import deliver
from olap.catalog import read_catalog
from tests.conftest import PASSWORD
from tests.smtpserver import SmtpServer


@pytest.fixture(scope="module")
def demo(demo_pointer):
    with use_warehouse(demo_pointer) as reader:
        yield reader


def user(role: str) -> str:
    name = f"a_{role[:4]}_{uuid.uuid4().hex[:6]}"
    users.add_user(name, PASSWORD, role)
    subs.set_email(name, f"{name}@example.com")
    return name


def audit(action: str, subject_like: str) -> list:
    a = opstore.audit_log
    with opstore.engine().connect() as con:
        return con.execute(sa.select(a.c.detail).where(a.c.action == action, a.c.subject.like(subject_like))).fetchall()


# --------------------------------------------------------------------------- the rules (pure)


@pytest.mark.parametrize(
    "state, crossed, expected",
    [
        ("unknown", True, ("crossed", "fired")),
        ("normal", True, ("crossed", "fired")),
        ("crossed", True, ("crossed", None)),  # stays crossed: no second firing
        ("crossed", False, ("normal", "recovered")),
        ("normal", False, ("normal", None)),
        ("unknown", False, ("normal", None)),
        ("crossed", None, ("crossed", None)),  # no value: nothing changes
        ("normal", None, ("normal", None)),
    ],
)
def test_transition(state, crossed, expected):
    assert alerts.transition(state, crossed) == expected


def test_a_series_fires_once_per_crossing():
    state, events = "unknown", []
    for value in (50, 46, 44, 43, 40, 47, 48, 44, 30, 45, 45.1):
        state, event = alerts.transition(state, value < 45)
        events.append(event)
    assert events == [None, None, "fired", None, None, "recovered", None, "fired", None, "recovered", None]


@pytest.mark.parametrize(
    "kpi, text, value",
    [
        ("online_share", "45", 0.45),
        ("online_share", "45%", 0.45),
        ("online_share", "12.5 %", 0.125),
        ("revenue", "1억", 1e8),
        ("revenue", "120만", 1.2e6),
        ("revenue", "1.5M", 1.5e6),
        ("revenue", "250,000", 250_000),
        ("orders", "2k", 2000),
        ("aov", "-3", -3),
    ],
)
def test_thresholds_as_typed(kpi, text, value):
    assert alerts.parse_threshold(kpi, text) == pytest.approx(value)


@pytest.mark.parametrize(
    "kpi, text, key", [("online_share", "1억", "threshold"), ("online_share", "140", "share_range"),
                       ("revenue", "45%", "threshold"), ("revenue", "lots", "threshold"), ("orders", "", "threshold")]
)  # fmt: skip
def test_bad_thresholds_are_refused(kpi, text, key):
    with pytest.raises(alerts.AlertError, match=f"notify.error.{key}"):
        alerts.parse_threshold(kpi, text)


def test_periods_against_the_data():
    start = dt.date(2023, 1, 1)
    assert alerts.resolve_period("last_month", start, dt.date(2025, 7, 8)).token == "2025-06"
    assert alerts.resolve_period("last_month", start, dt.date(2025, 6, 30)).token == "2025-06"
    assert alerts.resolve_period("month_to_date", start, dt.date(2025, 7, 8)).token == "2025-07"
    assert alerts.resolve_period("last_quarter", start, dt.date(2025, 7, 8)).token == "2025-Q2"
    assert alerts.resolve_period("L12M", start, dt.date(2025, 7, 8)).token == "L12M"
    with pytest.raises(alerts.AlertError, match="period"):
        alerts.resolve_period("next_week", start, dt.date(2025, 7, 8))


# --------------------------------------------------------------------------- values and firings


def online_share_sql(demo, first: dt.date, last: dt.date, region=None, partners=None) -> float:
    sql = """SELECT coalesce(sum(f.revenue) FILTER (WHERE ch.channel_group = 'online'), 0)
                    / sum(f.revenue) FILTER (WHERE ch.channel_group IN ('online', 'offline'))
             FROM fact_order_line f JOIN dim_channel ch USING (channel_id) JOIN dim_customer c USING (customer_id)
             WHERE f.order_ts >= ? AND f.order_ts < ?"""
    params: list = [first, last + dt.timedelta(days=1)]
    if region:
        sql += " AND c.region = ?"
        params.append(region)
    if partners is not None:
        sql += f" AND f.partner_id IN ({', '.join('?' for _ in partners)})"
        params += list(partners)
    return demo.cursor().execute(sql, params).fetchone()[0]


def test_kpi_values_equal_sql_with_the_region_and_the_owners_scope(demo):
    cat = read_catalog(demo.cursor())
    region = cat.regions[0] if isinstance(cat.regions, (list, tuple)) else sorted(cat.regions)[0]
    region = region[0] if isinstance(region, tuple) else region
    partners = sorted(r[0] for r in demo.cursor().execute("SELECT partner_id FROM dim_partner LIMIT 3").fetchall())
    manager, analyst = user("partner_manager"), user("analyst")
    set_assignment(manager, partners, "root", demo.cursor())
    regions = _regions(cat)
    for owner, role, scope in ((analyst, "analyst", None), (manager, "partner_manager", partners)):
        alert = alerts.create_alert(owner, role, kpi_key="online_share", op="below", threshold="45", period="last_quarter",
                                    region=region, regions=regions)  # fmt: skip
        assert deliver.evaluate_alert(alert.alert_id, "v-test") in ("fired", None)
        stored = alerts.by_id(alert.alert_id)
        period = alerts.resolve_period("last_quarter", cat.data_start, cat.data_end)
        assert stored.last_period == period.token
        assert stored.last_value == pytest.approx(
            online_share_sql(demo, period.first_day, period.last_day, region, scope)
        )
        assert stored.state == ("crossed" if stored.last_value < 0.45 else "normal")
    revenue_sql = (
        demo.cursor()
        .execute(
            "SELECT sum(revenue) FROM fact_order_line WHERE order_ts >= ? AND order_ts < ?",
            [period.first_day, period.last_day + dt.timedelta(days=1)],
        )
        .fetchone()[0]
    )
    rev = alerts.create_alert(analyst, "analyst", kpi_key="revenue", op="above", threshold="1", period="last_quarter")
    deliver.evaluate_alert(rev.alert_id, "v-test")
    assert alerts.by_id(rev.alert_id).last_value == pytest.approx(revenue_sql)


def _regions(cat) -> list[str]:
    regions = cat.regions
    if isinstance(regions, dict):
        return list(regions)
    return [r[0] if isinstance(r, tuple) else r for r in regions]


def test_an_alert_fires_once_recovers_notifies_links_and_mails(demo):
    owner = user("marketer")
    users.set_language(owner, "ko")
    server = SmtpServer()
    smtp.save_settings("root", "admin", "127.0.0.1", server.port, "none", "", "xrm@example.com")
    try:
        alert = alerts.create_alert(owner, "marketer", kpi_key="online_share", op="below", threshold="100",
                                    period="last_month", channel=None, email=True)  # fmt: skip
        assert deliver.evaluate_alert(alert.alert_id, "v1") == "fired"
        assert deliver.evaluate_alert(alert.alert_id, "v2") is None  # still below: no second firing
        assert notifications.unread_count(owner) == 1
        fired = notifications.list_for(owner)[0]
        assert fired.kind == "alert.fired" and fired.alert_id == alert.alert_id
        link = urlsplit(fired.link)
        query = parse_qs(link.query)
        assert link.path == "/explore" and query["m"] == ["revenue"] and query["r"] == ["channel.group"]
        assert query["p"] == [alerts.by_id(alert.alert_id).last_period]
        text = notifications.text(fired, "ko")
        assert text.startswith("온라인 매출 비중이(가)") or text.startswith("온라인 매출 비중이")
        assert "100.0%" in text and "미만" in text
        assert "below 100.0%" in notifications.text(fired, "en")
        mail = server.messages[-1]
        assert mail.recipients == [f"{owner}@example.com"] and mail.message["Subject"] == "XRM 알림: 온라인 매출 비중"
        assert fired.link in mail.message.get_body(("plain",)).get_content()
        a = opstore.kpi_alerts
        with opstore.engine().begin() as con:  # the threshold moves under the value: it recovers
            con.execute(a.update().where(a.c.alert_id == alert.alert_id).values(threshold=0.0))
        assert deliver.evaluate_alert(alert.alert_id, "v3") == "recovered"
        assert [n.kind for n in notifications.list_for(owner)] == ["alert.recovered", "alert.fired"]
        assert len(audit("alert.fired", f"alert#{alert.alert_id} %")) == 1
        assert len(audit("alert.recovered", f"alert#{alert.alert_id} %")) == 1
        assert len(audit("alert.mail", f"alert#{alert.alert_id} %")) == 2
        notifications.mark(fired.notification_id, owner)
        assert notifications.unread_count(owner) == 1
        with pytest.raises(notifications.NotificationError):
            notifications.mark(fired.notification_id, "someone_else")
        assert notifications.mark_all_read(owner) == 1 and notifications.unread_count(owner) == 0
    finally:
        server.close()


def test_alerts_are_due_on_a_new_version_and_on_schedule_and_claimed_once(demo):
    owner = user("analyst")
    alert = alerts.create_alert(owner, "analyst", kpi_key="orders", op="above", threshold="1", period="YTD")
    at = subs.now()
    assert alert.alert_id in deliver.due_alerts(at, "v1")  # new: due at once
    deliver.evaluate_alert(alert.alert_id, "v1", at)
    assert alert.alert_id not in deliver.due_alerts(at, "v1")  # evaluated on v1, not due before the next check
    assert alert.alert_id in deliver.due_alerts(at, "v2")  # a load made v2: due again
    assert alert.alert_id not in deliver.due_alerts(at, "v2")  # claimed by the first call
    deliver.evaluate_alert(alert.alert_id, "v2", at)
    assert alert.alert_id in deliver.due_alerts(at + alerts.CHECK_EVERY, "v2")  # and on its schedule


def test_who_may_manage_alerts(demo):
    owner, other = user("marketer"), user("analyst")
    alert = alerts.create_alert(owner, "marketer", kpi_key="revenue", op="below", threshold="1억", period="last_month")
    assert alert.threshold == 1e8
    assert [a.alert_id for a in alerts.list_alerts(other, "analyst") if a.owner == owner] == []
    assert alert.alert_id in [a.alert_id for a in alerts.list_alerts("boss", "admin")]
    for action in (lambda: alerts.delete_alert(alert.alert_id, other, "analyst"),
                   lambda: alerts.set_active(alert.alert_id, False, other, "analyst")):  # fmt: skip
        with pytest.raises(alerts.AlertError, match="alert_not_found"):
            action()
    assert alerts.set_active(alert.alert_id, False, owner, "marketer").active is False
    with pytest.raises(alerts.AlertError, match="notify.error.kpi"):
        alerts.create_alert(owner, "marketer", kpi_key="mood", op="below", threshold="1", period="last_month")
    with pytest.raises(alerts.AlertError, match="notify.error.region"):
        alerts.create_alert(owner, "marketer", kpi_key="revenue", op="below", threshold="1", period="last_month",
                            region="Atlantis", regions=["Europe"])  # fmt: skip
    alerts.delete_alert(alert.alert_id, "boss", "admin")
    assert alerts.by_id(alert.alert_id) is None

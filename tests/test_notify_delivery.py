"""Subscriptions delivered by e-mail to a local SMTP server the test starts: the CSV equals an independent
SQL computation with the owner's partner scope, the PNG is a PNG (or the documented fallback), failures
are recorded and retried, claims are atomic, the mail server is an administrator's, everything audited."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import subprocess
import sys
import threading
import uuid

import pytest
import sqlalchemy as sa

from auth import users
from crm import saved_views as sv
from crm.notify import notifications, smtp
from crm.notify import subscriptions as subs
from crm.notify.schedule import Schedule
from crm.partners.access import set_assignment
from data import opstore
from data.warehouse import use_warehouse
from jobs import deliver
from olap.catalog import read_catalog
from tests.conftest import PASSWORD, ROOT
from tests.smtpserver import SmtpServer, free_port

ADMIN = "admin"


@pytest.fixture(scope="module")
def demo(demo_pointer):
    with use_warehouse(demo_pointer) as reader:
        yield reader


@pytest.fixture
def mail():
    server = SmtpServer()
    smtp.save_settings("root", ADMIN, "127.0.0.1", server.port, "none", "", "xrm@example.com")
    yield server
    server.close()


def user(role: str, email: bool = True) -> str:
    name = f"n_{role[:4]}_{uuid.uuid4().hex[:6]}"
    users.add_user(name, PASSWORD, role)
    if email:
        subs.set_email(name, f"{name}@example.com")
    return name


def audit(action: str, subject_like: str = "%") -> list:
    a = opstore.audit_log
    with opstore.engine().connect() as con:
        return con.execute(
            sa.select(a.c.actor, a.c.subject, a.c.detail).where(a.c.action == action, a.c.subject.like(subject_like))
            .order_by(a.c.id)
        ).fetchall()  # fmt: skip


def daily() -> Schedule:
    return Schedule("daily", 7, 0, "Europe/Berlin")


def csv_rows(part) -> list[list[str]]:
    text = part.get_content()
    text = text.decode("utf-8-sig") if isinstance(text, bytes) else text.lstrip("\ufeff")
    return list(csv.reader(io.StringIO(text)))


def attachments(message) -> dict:
    return {p.get_filename().rsplit(".", 1)[1]: p for p in message.iter_attachments()}


def year_of(demo) -> int:
    return read_catalog(demo.cursor()).data_end.year - 1  # a complete year


def region_revenue(demo, year: int, partners=None) -> dict[str, float]:
    """Revenue by customer region in a year, straight from the fact table (the independent computation)."""
    sql = """SELECT c.region, sum(f.revenue) FROM fact_order_line f JOIN dim_customer c USING (customer_id)
             WHERE f.order_ts >= ? AND f.order_ts < ?"""
    params: list = [dt.date(year, 1, 1), dt.date(year + 1, 1, 1)]
    if partners is not None:
        sql += f" AND f.partner_id IN ({', '.join('?' for _ in partners)})"
        params += sorted(partners)
    rows = demo.cursor().execute(sql + " GROUP BY 1", params).fetchall()
    return {region: round(value, 2) for region, value in rows if value}


# --------------------------------------------------------------------------- the mail server


def test_smtp_settings_are_an_administrators_and_the_password_is_write_only(mail, monkeypatch):
    with pytest.raises(smtp.MailError, match="admin_only"):
        smtp.save_settings("someone", "analyst", "h", 25, "none", "", "a@example.com")
    saved = smtp.save_settings("root", ADMIN, "127.0.0.1", mail.port, "starttls", "mailer", "xrm@example.com",
                               password="s3cret-Pw")  # fmt: skip
    assert saved.password_set and not hasattr(saved, "password")
    assert "s3cret-Pw" not in repr(saved)
    smtp.save_settings("root", ADMIN, "127.0.0.1", mail.port, "starttls", "mailer", "xrm@example.com", password="")
    assert smtp._password() == "s3cret-Pw"  # an empty password keeps the stored one
    assert all("s3cret" not in (row.detail or "") for row in audit("smtp.settings"))
    monkeypatch.setenv("XRM_SMTP_PASSWORD", "from-env")
    assert smtp._password() == "from-env" and smtp.settings().password_from_env
    bad_settings = [
        (("", 25, "none", "a@example.com"), "host"),
        (("h", 0, "none", "a@example.com"), "port"),
        (("h", 25, "tls9", "a@example.com"), "security"),
        (("h", 25, "none", "not-an-address"), "address"),
    ]
    for bad, key in bad_settings:
        with pytest.raises(smtp.MailError, match=key):
            smtp.save_settings("root", ADMIN, bad[0], bad[1], bad[2], "", bad[3])


def test_a_test_mail_arrives_and_failures_are_said_in_words(mail):
    assert smtp.send_test("root", ADMIN, "ops@example.com", "ko") == "ops@example.com"
    got = mail.messages[-1]
    assert got.recipients == ["ops@example.com"] and got.message["Subject"] == "XRM 테스트 메일"
    with pytest.raises(smtp.MailError, match="admin_only"):
        smtp.send_test("someone", "marketer", "ops@example.com")
    with pytest.raises(smtp.MailError, match="refused") as refused:
        smtp.send_test("root", ADMIN, "nobody@refused.test")
    assert "nobody@refused.test" in refused.value.message("en")
    port = free_port()
    smtp.save_settings("root", ADMIN, "127.0.0.1", port, "none", "", "xrm@example.com")
    with pytest.raises(smtp.MailError) as down:
        smtp.send_test("root", ADMIN, "ops@example.com")
    assert (
        down.value.message("en")
        == f"No mail server answers at 127.0.0.1:{port} (connection refused). Check the host and port."
    )
    assert [r.detail.split(":")[0] for r in audit("smtp.test")][-1] == "failed"


def test_a_server_asking_for_a_login_gets_it_and_a_wrong_password_is_named():
    with SmtpServer(user="mailer", password="right") as server:
        smtp.save_settings(
            "root", ADMIN, "127.0.0.1", server.port, "none", "mailer", "xrm@example.com", password="right"
        )
        smtp.send_test("root", ADMIN, "ops@example.com")
        assert len(server.messages) == 1
        smtp.save_settings(
            "root", ADMIN, "127.0.0.1", server.port, "none", "mailer", "xrm@example.com", password="wrong"
        )
        with pytest.raises(smtp.MailError, match="notify.error.auth") as exc:
            smtp.send_test("root", ADMIN, "ops@example.com")
        assert "535" in exc.value.message("en")


# --------------------------------------------------------------------------- who may do what


def test_roles_subscribing_others_and_seeing_others_subscriptions(demo, mail):
    viewer, manager = user("marketer"), user("partner_manager")
    view = sv.save_view(
        viewer, "Regions", f"/explore?m=revenue&r=geo.region&p={year_of(demo)}", roles=["partner_manager"]
    )
    with pytest.raises(subs.SubscriptionError, match="others_forbidden"):
        subs.subscribe(viewer, "marketer", view.view_id, schedule=daily(), formats=["csv"], others="boss@example.com")
    mine = subs.subscribe(viewer, "marketer", view.view_id, schedule=daily(), formats=["csv"])
    assert mine.recipients == (f"{viewer}@example.com",)
    theirs = subs.subscribe(manager, "partner_manager", view.view_id, schedule=daily(), formats=["png"],
                            me=False, others="a@example.com; b@example.com")  # fmt: skip
    assert theirs.recipients == ("a@example.com", "b@example.com")
    with pytest.raises(subs.SubscriptionError, match="notify.error.address"):
        subs.subscribe(manager, "partner_manager", view.view_id, schedule=daily(), formats=["csv"], others="x@y")
    assert [s.subscription_id for s in subs.list_subscriptions(viewer, "marketer")] == [mine.subscription_id]
    assert {s.subscription_id for s in subs.list_subscriptions("anyadmin", ADMIN)} >= {
        mine.subscription_id,
        theirs.subscription_id,
    }
    for action in (lambda: subs.get_subscription(theirs.subscription_id, viewer, "marketer"),
                   lambda: subs.set_status(theirs.subscription_id, "paused", viewer, "marketer"),
                   lambda: subs.delete(theirs.subscription_id, viewer, "marketer"),
                   lambda: deliver.send_now(theirs.subscription_id, viewer, "marketer")):  # fmt: skip
        with pytest.raises(subs.SubscriptionError, match="not_found"):
            action()
    other = user("analyst")
    with pytest.raises(sv.SavedViewError, match="not_found"):  # a private view of another: cannot subscribe
        subs.subscribe(other, "analyst", sv.save_view(viewer, "Mine only", "/explore").view_id, schedule=daily(),
                       formats=["csv"])  # fmt: skip
    no_address = user("analyst", email=False)
    with pytest.raises(subs.SubscriptionError, match="no_own_address"):
        subs.subscribe(
            no_address, "analyst", sv.save_view(no_address, "V", "/").view_id, schedule=daily(), formats=["csv"]
        )
    paused = subs.set_status(mine.subscription_id, "paused", "anyadmin", ADMIN)
    assert paused.status == "paused"
    assert [r.actor for r in audit("subscription.pause", f"%#{mine.subscription_id}")] == ["anyadmin"]


# --------------------------------------------------------------------------- deliveries


def test_explore_view_csv_equals_sql_in_the_owners_partner_scope_and_png_is_a_png(demo, mail):
    year = year_of(demo)
    partners = sorted(
        r[0] for r in demo.cursor().execute("SELECT partner_id FROM dim_partner ORDER BY 1 LIMIT 2").fetchall()
    )
    manager, analyst = user("partner_manager"), user("analyst")
    set_assignment(manager, partners, "root", demo.cursor())
    address = f"/explore?m=revenue&r=geo.region&p={year}"
    results = {}
    for owner, role, scope in ((manager, "partner_manager", partners), (analyst, "analyst", None)):
        view = sv.save_view(owner, f"Revenue {owner}", address)
        sub = subs.subscribe(owner, role, view.view_id, schedule=daily(), formats=["csv", "png"])
        assert deliver.send_now(sub.subscription_id, owner, role) == ("sent", None)
        got = mail.messages[-1]
        assert got.recipients == [f"{owner}@example.com"]
        files = attachments(got.message)
        rows = csv_rows(files["csv"])
        assert rows[0] == ["World region", "Revenue (USD)"]
        results[owner] = {r[0]: float(r[1]) for r in rows[1:]}
        assert results[owner] == pytest.approx(region_revenue(demo, year, scope), abs=0.006)
        png = files["png"].get_content()
        assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 5000
        assert address in got.message.get_body(("plain",)).get_content()
        logged = json.loads(audit("subscription.deliver", f"%#{sub.subscription_id}")[-1].detail)
        assert logged["trigger"] == "now" and logged["status"] == "sent" and logged["rows"] == len(rows) - 1
    assert sum(results[manager].values()) < sum(results[analyst].values())  # the scope took lines away


def test_dashboard_view_csv_in_korean_has_the_kpis_of_sql(demo, mail):
    owner = user("executive")
    users.set_language(owner, "ko")
    year = year_of(demo)
    view = sv.save_view(owner, "연간 요약", f"/?p={year}&f.channel.group=online")
    sub = subs.subscribe(owner, "executive", view.view_id, schedule=daily(), formats=["csv"])
    assert deliver.send_now(sub.subscription_id, owner, "executive")[0] == "sent"
    message = mail.messages[-1].message
    assert message["Subject"] == "XRM: 연간 요약"
    rows = csv_rows(attachments(message)["csv"])
    assert rows[0][:2] == ["지표", "해당 기간"]
    by_kpi = {r[0]: r for r in rows[1:]}
    revenue, orders = (
        demo.cursor()
        .execute(
            """SELECT sum(f.revenue), count(DISTINCT f.order_id) FROM fact_order_line f JOIN dim_channel ch USING (channel_id)
           WHERE ch.channel_group = 'online' AND f.order_ts >= ? AND f.order_ts < ?""",
            [dt.date(year, 1, 1), dt.date(year + 1, 1, 1)],
        )
        .fetchone()
    )
    assert float(by_kpi["매출"][1]) == pytest.approx(round(revenue, 2), abs=0.006)
    assert int(float(by_kpi["주문 수"][1])) == orders


def test_png_unavailable_is_said_in_the_mail_and_the_audit_log(demo, mail, monkeypatch):
    monkeypatch.setattr(deliver, "CHROMIUM", "/nonexistent/chromium")
    owner = user("analyst")
    view = sv.save_view(owner, "No chart", "/explore?m=orders&r=channel.group")
    sub = subs.subscribe(owner, "analyst", view.view_id, schedule=daily(), formats=["csv", "png"])
    outcome, error = deliver.send_now(sub.subscription_id, owner, "analyst")
    assert outcome == "partial" and "no Chromium" in deliver.error_text(error, "en")
    message = mail.messages[-1].message
    assert set(attachments(message)) == {"csv"}
    assert "could not be drawn as PNG" in message.get_body(("plain",)).get_content()
    assert "no Chromium" in json.loads(audit("subscription.deliver", f"%#{sub.subscription_id}")[-1].detail)["png"]


def test_failures_are_recorded_retried_notified_and_never_stop_the_pass(demo, mail):
    owner = user("analyst")
    good = subs.subscribe(owner, "analyst", sv.save_view(owner, "Good", "/explore?m=orders").view_id,
                          schedule=daily(), formats=["csv"])  # fmt: skip
    gone_view = sv.save_view(owner, "Gone", "/explore")
    gone = subs.subscribe(owner, "analyst", gone_view.view_id, schedule=daily(), formats=["csv"])
    refused = subs.subscribe(ADMIN_USER(), ADMIN, sv.save_view(owner, "Shared", "/", roles=["admin"]).view_id,
                             schedule=daily(), formats=["csv"], me=False, others="who@refused.test")  # fmt: skip
    sv.delete_view(gone_view.view_id, owner, "analyst")
    at = subs.now() + dt.timedelta(days=2)  # all three are due
    outcome = deliver.run_once(at)
    assert outcome.get("subscription.sent", 0) >= 1 and outcome.get("subscription.failed", 0) >= 2
    for sid, key in (
        (gone.subscription_id, "notify.error.view_gone"),
        (refused.subscription_id, "notify.error.refused"),
    ):
        row = subs.by_id(sid)
        assert row.last_status == "failed" and json.loads(row.last_error)["key"] == key and row.failures == 1
        assert row.next_run_at == at + deliver.RETRY_AFTER[0]  # retried in five minutes
        assert audit("subscription.failed", f"%#{sid}")
    assert subs.by_id(good.subscription_id).last_status == "sent"
    assert subs.by_id(good.subscription_id).next_run_at > at
    failed = [n for n in notifications.list_for(owner) if n.kind == "delivery.failed"]
    assert len(failed) == 1 and "is gone" in notifications.text(failed[0], "en")
    smtp.save_settings("root", ADMIN, "127.0.0.1", free_port(), "none", "", "xrm@example.com")  # the server is down
    assert deliver.send_now(good.subscription_id, owner, "analyst")[0] == "failed"
    assert "connection refused" in deliver.error_text(subs.by_id(good.subscription_id).last_error, "en")
    users.set_active(owner, False)
    assert deliver.send_now(good.subscription_id, owner, "analyst")[0] == "failed"
    assert json.loads(subs.by_id(good.subscription_id).last_error)["key"] == "notify.error.owner_disabled"


_admin = {}


def ADMIN_USER() -> str:  # noqa: N802
    if "name" not in _admin:
        _admin["name"] = user("admin")
    return _admin["name"]


def test_several_workers_claim_each_due_subscription_once(store_url):
    """On SQLite and on PostgreSQL: four threads claim together, each due row goes to exactly one."""
    owner = user("analyst")
    view = sv.save_view(owner, "Claimed", "/explore")
    ids = {
        subs.subscribe(owner, "analyst", view.view_id, schedule=daily(), formats=["csv"]).subscription_id
        for _ in range(6)
    }
    at = subs.now() + dt.timedelta(days=3)
    got: list[int] = []
    lock, start = threading.Lock(), threading.Barrier(4)

    def worker():
        start.wait()
        mine = deliver.due_subscriptions(at)
        with lock:
            got.extend(mine)

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    claimed = [i for i in got if i in ids]
    assert sorted(claimed) == sorted(ids)  # every one claimed, none twice
    assert deliver.due_subscriptions(at) == [] or not set(deliver.due_subscriptions(at)) & ids  # held while claimed
    later = at + deliver.CLAIM_FOR + dt.timedelta(minutes=1)
    assert ids <= set(deliver.due_subscriptions(later))  # a claim that was never released expires


def test_the_cron_command_does_one_pass(demo_pointer, mail):
    owner = user("analyst")
    sub = subs.subscribe(owner, "analyst", sv.save_view(owner, "Cron", "/explore?m=orders").view_id,
                         schedule=daily(), formats=["csv"])  # fmt: skip
    s = opstore.subscriptions
    with opstore.engine().begin() as con:
        con.execute(
            s.update()
            .where(s.c.subscription_id == sub.subscription_id)
            .values(next_run_at=subs.now() - dt.timedelta(minutes=1))
        )
    env = {**os.environ, "XRM_DB": str(demo_pointer), "XRM_DELIVERY": "0"}
    done = subprocess.run([sys.executable, "-m", "jobs.deliver", "--once", "--base-url", "https://xrm.example.com"],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout.strip().splitlines()[-1]).get("subscription.sent", 0) >= 1
    assert subs.by_id(sub.subscription_id).last_status == "sent"
    body = [m for m in mail.messages if m.recipients == [f"{owner}@example.com"]][-1].message.get_body(("plain",))
    assert "https://xrm.example.com/explore?m=orders" in body.get_content()


def test_analyses_view_csv_holds_each_table_and_equals_sql(demo, mail):
    owner = user("analyst")
    year = year_of(demo)
    view = sv.save_view(owner, "Regions analysis", f"/analyses?a=region_period&p={year}")
    sub = subs.subscribe(owner, "analyst", view.view_id, schedule=daily(), formats=["csv", "png"])
    assert deliver.send_now(sub.subscription_id, owner, "analyst") == ("sent", None)
    files = attachments(mail.messages[-1].message)
    rows = csv_rows(files["csv"])
    assert rows[0] == ["By world region"] and rows[1][:3] == ["World region", "Revenue (USD)", "Orders"]
    first = rows[2 : rows.index([])]
    assert {r[0]: float(r[1]) for r in first} == pytest.approx(region_revenue(demo, year), abs=0.006)
    assert ["By region, month by month"] in rows  # the second table follows under its title
    assert files["png"].get_content()[:8] == b"\x89PNG\r\n\x1a\n"


def test_a_new_own_address_moves_the_owners_subscriptions(demo):
    owner = user("marketer")
    sub = subs.subscribe(
        owner, "marketer", sv.save_view(owner, "Moves", "/").view_id, schedule=daily(), formats=["csv"]
    )
    subs.set_email(owner, f"new.{owner}@example.com")
    assert subs.by_id(sub.subscription_id).recipients == (f"new.{owner}@example.com",)
    with pytest.raises(subs.SubscriptionError, match="notify.error.address"):
        subs.set_email(owner, "not an address")

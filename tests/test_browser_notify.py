"""Subscriptions and alerts in real headless Chromium, in English and Korean: subscribe to a saved view from
the Saved menu, see it listed, send it now (a real mail reaches the test's SMTP server), pause it; create
a KPI alert, check it, see the bell's count and the notification, open its link (the KPI's breakdown)."""

from __future__ import annotations

import os
import uuid
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from auth import users
from crm import saved_views as sv
from crm.notify import smtp
from crm.notify import subscriptions as subs
from tests.apprun import AppProcess, sign_in
from tests.conftest import PASSWORD
from tests.smtpserver import SmtpServer

pytestmark = pytest.mark.browser
playwright = pytest.importorskip("playwright.sync_api")
SHOTS = Path(os.environ.get("XRM_SHOTS", "/tmp/xrm-shots"))
WORDS = {
    "en": {"title": "Notifications", "paused": "paused", "active": "active", "sent": "Sent", "kpi": "Online share",
           "fired": "Alert", "subject": "XRM: "},
    "ko": {"title": "알림", "paused": "일시 중지됨", "active": "사용 중", "sent": "보냈습니다", "kpi": "온라인 매출 비중",
           "fired": "경고", "subject": "XRM: "},
}  # fmt: skip


@pytest.fixture(scope="module")
def mail():
    with SmtpServer() as server:
        yield server


@pytest.fixture(scope="module")
def server(dash_app, demo_pointer, mail):
    smtp.save_settings("root", "admin", "127.0.0.1", mail.port, "none", "", "xrm@example.com")
    with AppProcess({"XRM_DB": str(demo_pointer)}) as app:
        yield app


def shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def new_user(role: str, lang: str) -> str:
    name = f"b_{lang}_{uuid.uuid4().hex[:6]}"
    users.add_user(name, PASSWORD, role)
    users.set_language(name, lang)
    subs.set_email(name, f"{name}@example.com")
    return name


def signed_in(browser, server, user: str, path: str = "/"):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    sign_in(page, server, path, user)
    page.wait_for_selector("#notify-bell", timeout=30000)
    return context, page


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_subscribe_from_the_saved_menu_send_now_and_pause(server, browser, mail, lang):
    w = WORDS[lang]
    user = new_user("marketer", lang)
    view = sv.save_view(
        user, f"{'Regions' if lang == 'en' else '권역별'} {uuid.uuid4().hex[:4]}", "/explore?m=revenue&r=geo.region"
    )
    context, page = signed_in(browser, server, user, "/explore?m=revenue&r=geo.region")
    page.click("#saved-open")
    page.wait_for_selector(f"#saved-subscribe-{view.view_id}", timeout=20000)
    page.click(f"#saved-subscribe-{view.view_id}")
    page.wait_for_url("**/notifications?subscribe=*", timeout=20000)
    page.wait_for_selector("#sub-create", timeout=20000)
    page.wait_for_function(f"document.querySelector('#sub-view') && document.querySelector('#sub-view').innerText.includes({view.name!r})", timeout=20000)  # fmt: skip
    assert page.inner_text("h2") == w["title"]
    page.click("#sub-create")
    page.wait_for_selector("[id^=sub-item-]", timeout=30000)
    item = page.locator("[id^=sub-item-]").first
    assert view.name in item.inner_text() and item.get_attribute("data-status") == "active"
    assert w["active"] in item.inner_text()
    shot(page, f"notify-subscribed-{lang}")
    sid = int(item.get_attribute("id").rsplit("-", 1)[1])
    before = len(mail.messages)
    page.click(f"#sub-item-{sid} button:has-text('{'Send now' if lang == 'en' else '지금 보내기'}')")
    page.wait_for_function(
        f"(n => n && !n.innerText.includes({view.name!r}))(document.querySelector('#sub-note'))", timeout=90000
    )  # the subscribe note replaced by the delivery's
    assert w["sent"] in page.inner_text("#sub-note"), page.inner_text("#sub-note")
    arrived = [m for m in mail.messages[before:] if m.recipients == [f"{user}@example.com"]]
    assert arrived and arrived[0].message["Subject"] == w["subject"] + view.name
    assert {p.get_filename().rsplit(".", 1)[1] for p in arrived[0].message.iter_attachments()} == {"csv", "png"}
    page.click(f"#sub-item-{sid} button:has-text('{'Pause' if lang == 'en' else '일시 중지'}')")
    page.wait_for_selector(f"#sub-item-{sid}[data-status=paused]", timeout=20000)
    assert w["paused"] in page.inner_text(f"#sub-item-{sid}")
    assert subs.by_id(sid).status == "paused"
    shot(page, f"notify-paused-{lang}")
    context.close()


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_create_an_alert_check_it_see_the_bell_and_open_the_notification(server, browser, lang):
    w = WORDS[lang]
    user = new_user("executive", lang)
    context, page = signed_in(browser, server, user, "/notifications")
    page.wait_for_selector("#alert-create", timeout=30000)
    assert page.inner_text("#notify-bell-count").strip() == ""
    page.fill("#alert-threshold", "100")  # online share below 100%: crossed at once
    page.click("#alert-create")
    page.wait_for_selector("[id^=alert-item-]", timeout=20000)
    assert w["kpi"] in page.inner_text("[id^=alert-item-]")
    page.click("#alert-check")
    page.wait_for_selector("[id^=alert-item-][data-state=crossed]", timeout=60000)
    page.wait_for_function("document.querySelector('#notify-bell-count').innerText.trim() === '1'", timeout=30000)
    page.reload()
    page.wait_for_selector("[id^=notify-item-]", timeout=30000)
    item = page.locator("[id^=notify-item-]").first
    assert (
        item.get_attribute("data-unread") == "1" and w["fired"] in item.inner_text() and w["kpi"] in item.inner_text()
    )
    shot(page, f"notify-alert-{lang}")
    page.locator("a.notify-link").first.click()
    page.wait_for_url("**/explore?*", timeout=30000)
    query = parse_qs(urlsplit(page.url).query)
    assert query["m"] == ["revenue"] and query["r"] == ["channel.group"]
    page.wait_for_selector("#explore-graph", timeout=30000)
    shot(page, f"notify-alert-link-{lang}")
    page.goto(server.url + "/notifications")
    page.wait_for_selector("[id^=notify-item-]", timeout=30000)
    page.click("#notify-mark-all")
    page.wait_for_selector("[id^=notify-item-][data-unread='0']", timeout=20000)
    page.wait_for_function("document.querySelector('#notify-bell-count').innerText.trim() === ''", timeout=70000)
    context.close()


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_the_admin_sets_the_mail_server_and_sends_a_test(server, browser, mail, lang):
    admin = new_user("admin", lang)
    context, page = signed_in(browser, server, admin, "/admin/mail")
    page.wait_for_selector("#mail-host", timeout=30000)
    assert page.input_value("#mail-password") == ""  # never shown back
    page.fill("#mail-test-to", "ops@example.com")
    before = len(mail.messages)
    page.click("#mail-test")
    page.wait_for_selector("#mail-test-note", timeout=30000)
    assert "ops@example.com" in page.inner_text("#mail-test-note")
    assert len(mail.messages) == before + 1
    shot(page, f"admin-mail-{lang}")
    context.close()
    viewer = new_user("marketer", lang)
    context, page = signed_in(browser, server, viewer, "/admin/mail")
    page.wait_for_selector("#access-denied", timeout=30000)
    context.close()

"""The server checks roles on every new callback, whatever the browser sends: the mail server is an
administrator's, a viewer cannot subscribe others or see or act on others' subscriptions, alerts or
notifications; the password never comes back in a response."""

from __future__ import annotations

import json
import uuid

from auth import users
from crm import saved_views as sv
from crm.notify import alerts, notifications, smtp
from crm.notify import subscriptions as subs
from crm.notify.schedule import Schedule
from tests.conftest import PASSWORD, login


def body(outputs: list[tuple[str, str]], inputs: list, state: list, changed: str) -> dict:
    def prop(item):
        if isinstance(item, list):  # a pattern-matching input with ALL: its matches (none here)
            return item
        cid, name, value = item
        return {"id": cid, "property": name, "value": value}

    return {
        "output": ".." + "...".join(f"{i}.{p}" for i, p in outputs) + ".." if len(outputs) > 1 else f"{outputs[0][0]}.{outputs[0][1]}",
        "outputs": [{"id": i, "property": p} for i, p in outputs] if len(outputs) > 1 else {"id": outputs[0][0], "property": outputs[0][1]},
        "inputs": [prop(x) for x in inputs],
        "state": [prop(x) for x in state],
        "changedPropIds": [changed],
    }  # fmt: skip


def signed_in(client, role: str) -> str:
    name = f"c_{role[:4]}_{uuid.uuid4().hex[:6]}"
    users.add_user(name, PASSWORD, role)
    subs.set_email(name, f"{name}@example.com")
    assert login(client, name).status_code == 302
    return name


def save_mail_body(password="top-Secret-1"):
    return body(
        [("mail-message", "children"), ("mail-password", "value")],
        [("mail-save", "n_clicks", 1)],
        [("mail-host", "value", "127.0.0.1"), ("mail-port", "value", 2525), ("mail-security", "value", "none"),
         ("mail-user", "value", "mailer"), ("mail-sender", "value", "xrm@example.com"), ("mail-password", "value", password)],
        "mail-save.n_clicks",
    )  # fmt: skip


def test_only_an_administrator_saves_the_mail_server_and_the_password_never_comes_back(client, dash_app):
    signed_in(client, "analyst")
    assert client.post("/_dash-update-component", json=save_mail_body()).status_code == 403
    test_mail = body([("mail-test-message", "children")], [("mail-test", "n_clicks", 1)],
                     [("mail-test-to", "value", "x@example.com")], "mail-test.n_clicks")  # fmt: skip
    assert client.post("/_dash-update-component", json=test_mail).status_code == 403
    client.get("/logout")
    admin_client = dash_app.server.test_client()
    signed_in(admin_client, "admin")
    answer = admin_client.post("/_dash-update-component", json=save_mail_body())
    assert answer.status_code == 200
    assert "top-Secret-1" not in answer.get_data(as_text=True)
    assert json.loads(answer.get_data(as_text=True))["response"]["mail-password"]["value"] == ""
    assert smtp.settings().host == "127.0.0.1" and smtp.settings().password_set
    page = admin_client.post("/_dash-update-component", json=_router("/admin/mail"))
    assert "top-Secret-1" not in page.get_data(as_text=True)


def _router(path: str) -> dict:
    from tests.replay import router_body

    return router_body(path, "")


def _output_of(first: str) -> str:
    """The output string Dash registered for the callback whose first output is ``first``."""
    from app import app

    return next(key for key in app.callback_map if key.startswith(".." + first))


def sub_body(view_id, others="", trigger="sub-create", pattern=None):
    pattern = pattern or {}
    return body(
        [("sub-list", "children"), ("sub-message", "children")],
        [("sub-create", "n_clicks", 1 if trigger == "sub-create" else None), pattern.get("toggle", []), pattern.get("send", []),
         pattern.get("delete", [])],
        [("sub-view", "value", view_id), ("sub-kind", "value", "daily"), ("sub-weekday", "value", 0), ("sub-day", "value", 1),
         ("sub-at", "value", "08:00"), ("sub-zone", "value", "Asia/Seoul"), ("sub-formats", "value", ["csv"]),
         ("sub-me", "value", True), ("sub-others", "value", others)],
        f"{trigger}.n_clicks" if isinstance(trigger, str) else json.dumps(trigger, separators=(",", ":")) + ".n_clicks",
    )  # fmt: skip


def test_a_viewer_cannot_subscribe_others_nor_see_or_touch_anothers_subscription(client, dash_app):
    viewer = signed_in(client, "marketer")
    view = sv.save_view(viewer, "Mine", "/explore?m=orders")
    answer = client.post("/_dash-update-component", json=sub_body(view.view_id, others="boss@example.com"))
    assert answer.status_code == 200
    assert "Only administrators and partner managers" in answer.get_data(as_text=True)
    assert subs.list_subscriptions(viewer, "marketer") == []
    owner = f"o_{uuid.uuid4().hex[:6]}"
    users.add_user(owner, PASSWORD, "analyst")
    subs.set_email(owner, f"{owner}@example.com")
    theirs = subs.subscribe(owner, "analyst", sv.save_view(owner, "Theirs", "/").view_id,
                            schedule=Schedule("daily", 8, 0, "UTC"), formats=["csv"])  # fmt: skip
    mine = client.post("/_dash-update-component", json=sub_body(view.view_id))
    text = mine.get_data(as_text=True)
    assert "Subscribed to" in text and "Theirs" not in text and owner not in text
    trigger = {"id": theirs.subscription_id, "type": "sub-delete"}
    attack = sub_body(view.view_id, trigger=trigger,
                      pattern={"delete": [{"id": trigger, "property": "submit_n_clicks", "value": 1}]})  # fmt: skip
    attack["changedPropIds"] = [json.dumps(trigger, separators=(",", ":")) + ".submit_n_clicks"]
    answer = client.post("/_dash-update-component", json=attack)
    assert answer.status_code == 200 and "no such subscription" in answer.get_data(as_text=True)
    assert subs.by_id(theirs.subscription_id) is not None


def test_a_user_cannot_read_or_mark_anothers_notifications_nor_manage_anothers_alert(client, dash_app):
    signed_in(client, "marketer")
    other = f"o_{uuid.uuid4().hex[:6]}"
    users.add_user(other, PASSWORD, "analyst")
    nid = notifications.add(other, "alert.fired", {"kpi": "orders", "op": "below", "threshold": 5, "value": 1,
                                                   "period": "2025-06", "period_choice": "last_month"}, "/explore")  # fmt: skip
    trigger = {"id": nid, "type": "notify-toggle"}
    attack = body([("notify-list", "children")],
                  [("notify-show", "value", "all"), ("notify-mark-all", "n_clicks", None),
                   [{"id": trigger, "property": "n_clicks", "value": 1}]],
                  [], json.dumps(trigger, separators=(",", ":")) + ".n_clicks")  # fmt: skip
    assert client.post("/_dash-update-component", json=attack).status_code == 200
    assert notifications.get(nid, other).unread  # untouched
    listed = client.post("/_dash-update-component", json={**attack, "changedPropIds": ["notify-show.value"]})
    assert f"notify-item-{nid}" not in listed.get_data(as_text=True)
    alert = alerts.create_alert(other, "analyst", kpi_key="orders", op="below", threshold="5", period="last_month")
    a_trigger = {"id": alert.alert_id, "type": "alert-delete"}
    alert_attack = body(
        [("alert-list", "children"), ("alert-message", "children"), ("notify-bell-count", "children")],
        [("alert-create", "n_clicks", None), ("alert-check", "n_clicks", None), [],
         [{"id": a_trigger, "property": "submit_n_clicks", "value": 1}]],
        [("alert-kpi", "value", "orders"), ("alert-op", "value", "below"), ("alert-threshold", "value", "5"),
         ("alert-period", "value", "last_month"), ("alert-region", "value", None), ("alert-channel", "value", None),
         ("alert-email", "value", False)],
        json.dumps(a_trigger, separators=(",", ":")) + ".submit_n_clicks",
    )  # fmt: skip
    # the bell's count is a duplicate output of this callback: Dash names it with a hash suffix
    alert_attack["output"] = _output_of("alert-list.children")
    answer = client.post("/_dash-update-component", json=alert_attack)
    assert answer.status_code in (200, 204)
    assert alerts.by_id(alert.alert_id) is not None

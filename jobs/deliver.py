"""The delivery engine: scheduled subscriptions and KPI alerts, in every web process and from cron.

``run_once`` claims what is due in the operational store — one conditional ``UPDATE`` per row, so of
several processes (gunicorn workers, a cron run, a second machine) exactly one gets each row — and
does it: a subscription's mail with its CSV and PNG, an alert's evaluation. A claim expires after
``CLAIM_FOR`` (a process killed mid-delivery does not hold a row for ever). Failures (no mail server,
a refused address, a view gone, a disabled owner, a chart that cannot be drawn) are recorded on the
row with the reason and retried; they never stop the loop. Every delivery and every alert firing is
in the audit log.

Alerts are due on their schedule (``crm.notify.alerts.CHECK_EVERY``) and whenever the warehouse
version differs from the one they were last evaluated on: after a load or a publish, the next pass
(within ``INTERVAL_S``) evaluates them.

Web processes run ``run_once`` every ``INTERVAL_S`` seconds in a daemon thread started by their first
request (``start_background``; ``XRM_DELIVERY=0`` turns it off). ``python -m jobs.deliver --once``
does one pass for cron; without ``--once`` it loops.
"""

from __future__ import annotations

import argparse
import base64
import datetime as dt
import json
import logging
import os
import socket
import threading
import time
import uuid
from email.message import EmailMessage

import sqlalchemy as sa

from crm import saved_views as sv
from crm.notify import alerts, content, notifications, smtp
from crm.notify import subscriptions as subs
from crm.notify.schedule import next_run
from crm.partners.access import scope_of_user
from data import opstore
from data.warehouse import WarehouseUnavailable, get_warehouse
from errors import KeyedError
from i18n import t
from olap.catalog import catalog
from olap.reads import cube_cursor
from olap.scope import scoped

log = logging.getLogger(__name__)

WORKER = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
CLAIM_FOR = dt.timedelta(minutes=10)
RETRY_AFTER = (dt.timedelta(minutes=5), dt.timedelta(minutes=30), dt.timedelta(hours=2))  # then the next run
INTERVAL_S = float(os.environ.get("XRM_DELIVERY_INTERVAL", "30"))
CHROMIUM = os.environ.get("XRM_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]  # fmt: skip
BASE_URL = {"url": os.environ.get("XRM_BASE_URL", "").rstrip("/")}  # the first request's host when unset


class DeliveryFailed(KeyedError, RuntimeError):
    """A delivery that could not be made; ``key``/``values`` say why."""


class PngUnavailable(KeyedError, RuntimeError):
    """The chart could not be drawn as PNG here (no Chromium, a renderer error): the mail says so."""


def _now() -> dt.datetime:
    return subs.now()


# --------------------------------------------------------------------------- claiming


def _claim(table, key, row_id: int, due, at: dt.datetime) -> bool:
    """Take one row for ``CLAIM_FOR`` when it is still due and nobody holds it (atomic in the store)."""
    free = sa.or_(table.c.claimed_until.is_(None), table.c.claimed_until < at)
    with opstore.engine().begin() as con:
        done = con.execute(
            table.update().where(key == row_id, due, free).values(claimed_by=WORKER, claimed_until=at + CLAIM_FOR)
        ).rowcount
    return done == 1


def due_subscriptions(at: dt.datetime) -> list[int]:
    """Claim every active subscription whose time has come; the ids this process got."""
    s = opstore.subscriptions
    due = sa.and_(s.c.status == "active", s.c.next_run_at <= at)
    with opstore.engine().connect() as con:
        ids = con.execute(sa.select(s.c.subscription_id).where(due).order_by(s.c.next_run_at)).scalars().all()
    return [i for i in ids if _claim(s, s.c.subscription_id, i, due, at)]


def due_alerts(at: dt.datetime, version: str | None) -> list[int]:
    """Claim every active alert due by its schedule or not yet evaluated on ``version``."""
    a = opstore.kpi_alerts
    changed = sa.or_(a.c.evaluated_version.is_(None), a.c.evaluated_version != version) if version else sa.false()
    due = sa.and_(a.c.active.is_(True), sa.or_(a.c.next_check_at <= at, changed))
    with opstore.engine().connect() as con:
        ids = con.execute(sa.select(a.c.alert_id).where(due).order_by(a.c.alert_id)).scalars().all()
    return [i for i in ids if _claim(a, a.c.alert_id, i, due, at)]


def claim_now(subscription_id: int, at: dt.datetime) -> bool:
    """ "Send now": claim one subscription whatever its schedule (not while another process sends it)."""
    s = opstore.subscriptions
    return _claim(s, s.c.subscription_id, subscription_id, sa.true(), at)


# --------------------------------------------------------------------------- PNG


def render_png(fig) -> bytes:
    """A plotly figure as PNG, drawn by plotly.js (the copy bundled with the plotly package) in the system
    Chromium through Playwright: nothing is downloaded. ``PngUnavailable`` when that cannot be done."""
    from pathlib import Path

    import plotly

    if not os.path.exists(CHROMIUM):
        raise PngUnavailable("notify.png.no_chromium", path=CHROMIUM)
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as exc:
        raise PngUnavailable("notify.png.no_playwright", detail=str(exc)[:200]) from None
    bundle = Path(plotly.__file__).with_name("package_data") / "plotly.min.js"
    html = "<html><head><meta charset='utf-8'></head><body><div id='chart'></div></body></html>"
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            try:
                page = browser.new_page()
                page.set_content(html)
                page.add_script_tag(path=str(bundle))
                data = page.evaluate(
                    """async (spec) => {
                        const fig = JSON.parse(spec);
                        const div = document.getElementById('chart');
                        await Plotly.newPlot(div, fig.data, fig.layout, {staticPlot: true});
                        return await Plotly.toImage(div, {format: 'png', width: fig.layout.width || 1000,
                                                          height: fig.layout.height || 560});
                    }""",
                    fig.to_json(),
                )
            finally:
                browser.close()
    except Exception as exc:  # the browser would not start, or plotly.js failed: said in the mail
        raise PngUnavailable("notify.png.failed", detail=f"{type(exc).__name__}: {str(exc)[:300]}") from None
    prefix = "data:image/png;base64,"
    if not data.startswith(prefix):
        raise PngUnavailable("notify.png.failed", detail="no PNG returned")
    return base64.b64decode(data[len(prefix) :])


# --------------------------------------------------------------------------- one subscription


def _nested(exc: KeyedError) -> dict:
    """An error kept as its key and values, to be said in the reader's language later."""
    return {"key": exc.key, "values": {k: v if isinstance(v, dict) else str(v) for k, v in exc.values.items()}}


def _error_json(exc: KeyedError) -> str:
    return json.dumps(_nested(exc), ensure_ascii=False)


def error_text(stored: str | None, lang: str) -> str:
    """A stored ``last_error`` in the reader's language."""
    if not stored:
        return ""
    try:
        data = json.loads(stored)
        values = {k: t(v["key"], lang, **v.get("values", {})) if isinstance(v, dict) else v
                  for k, v in data.get("values", {}).items()}  # fmt: skip
        return t(data["key"], lang, **values)
    except (ValueError, KeyError, TypeError):
        return stored


def _checked(sub: subs.Subscription):
    """(the view, the owner's role, language) when the owner may still get it; ``DeliveryFailed`` otherwise."""
    role, active = subs.user_role(sub.owner)
    if role is None or not active:
        raise DeliveryFailed("notify.error.owner_disabled", owner=sub.owner)
    try:
        view = sv.get_view(sub.view_id, sub.owner, role)
    except sv.SavedViewError:
        raise DeliveryFailed("notify.error.view_gone", id=sub.view_id) from None
    own = (subs.user_email(sub.owner) or "").lower()
    if role not in subs.OTHERS_ROLES and any(r.lower() != own for r in sub.recipients):
        raise DeliveryFailed("notify.error.others_revoked")
    return view, role, subs.user_language(sub.owner)


def _link(view: sv.SavedView) -> str:
    return (BASE_URL["url"] or "") + view.address


def build_message(sub: subs.Subscription, view: sv.SavedView, lang: str, at: dt.datetime):
    """The mail of one delivery and what it holds: (message, rows, png problem or None)."""
    scope = scope_of_user(sub.owner)
    try:
        data = content.view_content(view, scope, lang)
    except WarehouseUnavailable as exc:
        raise DeliveryFailed("notify.error.no_warehouse", detail=str(exc)[:200]) from None
    except KeyedError as exc:
        raise DeliveryFailed("notify.error.content", detail=exc.message(lang)) from None
    message = EmailMessage()
    message["To"] = ", ".join(sub.recipients)
    message["Subject"] = t("notify.mail.subject", lang, view=view.name)
    stem = content_stem(view.name, at)
    png_problem = None
    lines = [t("notify.mail.intro", lang, view=view.name, owner=sub.owner), "", _link(view), ""]
    attachments = []
    if "csv" in sub.formats:
        attachments.append((content.content_csv(data), "text", "csv", f"{stem}.csv"))
        lines.append(t("notify.mail.csv", lang, rows=data.rows))
    if "png" in sub.formats:
        fig = content.figure(data, lang)
        try:
            if fig is None:
                raise PngUnavailable("notify.png.no_chart")
            attachments.append((render_png(fig), "image", "png", f"{stem}.png"))
            lines.append(t("notify.mail.png", lang))
        except PngUnavailable as exc:
            png_problem = exc
            lines.append(t("notify.mail.png_unavailable", lang, reason=exc.message(lang)))
    lines += ["", t("notify.mail.footer", lang)]
    message.set_content("\n".join(lines))
    for body, maintype, subtype, filename in attachments:
        if maintype == "text":  # text/csv; charset=utf-8 (the BOM stays: Excel then reads Korean)
            message.add_attachment(body.decode("utf-8"), subtype=subtype, filename=filename, charset="utf-8")
        else:
            message.add_attachment(body, maintype=maintype, subtype=subtype, filename=filename)
    return message, data.rows, png_problem


def content_stem(name: str, at: dt.datetime) -> str:
    from olap.export import ascii_name

    return f"{ascii_name(name) or 'xrm-view'}-{at:%Y-%m-%d}"


def deliver(subscription_id: int, trigger: str = "schedule", at: dt.datetime | None = None) -> str:
    """Deliver one claimed subscription; ``sent``, ``partial`` (sent without its PNG) or ``failed``.
    Records the outcome on the row (and releases the claim), audits it; never raises."""
    at = at or _now()
    sub = subs.by_id(subscription_id)
    if sub is None:
        return "gone"
    s = opstore.subscriptions
    try:
        view, _role, lang = _checked(sub)
        message, rows, png_problem = build_message(sub, view, lang, at)
        smtp.send(message, list(sub.recipients))
    except (DeliveryFailed, smtp.MailError) as exc:
        return _failed(sub, exc, trigger, at)
    except Exception as exc:  # anything else: recorded the same way, the loop goes on
        log.exception("delivery of subscription %s failed", subscription_id)
        return _failed(sub, DeliveryFailed("notify.error.unexpected", detail=f"{type(exc).__name__}: {exc}"[:300]),
                       trigger, at)  # fmt: skip
    status = "partial" if png_problem else "sent"
    values = dict(last_run_at=at, last_status=status, failures=0, claimed_by=None, claimed_until=None,
                  last_error=_error_json(KeyedError("notify.error.png", reason=_nested(png_problem))) if png_problem else None)  # fmt: skip
    if trigger == "schedule":
        values["next_run_at"] = next_run(sub.schedule, at)
    with opstore.engine().begin() as con:
        con.execute(s.update().where(s.c.subscription_id == sub.subscription_id).values(**values))
    detail = {"trigger": trigger, "to": list(sub.recipients), "formats": list(sub.formats), "rows": rows,
              "status": status, "view": view.address, "png": png_problem.message("en") if png_problem else "attached" if "png" in sub.formats else None}  # fmt: skip
    opstore.audit(
        sub.owner, "subscription.deliver", f"{view.name}#{sub.subscription_id}", json.dumps(detail, ensure_ascii=False)
    )
    return status


def _failed(sub: subs.Subscription, exc: KeyedError, trigger: str, at: dt.datetime) -> str:
    failures = sub.failures + 1
    s = opstore.subscriptions
    values = dict(last_run_at=at, last_status="failed", last_error=_error_json(exc), failures=failures,
                  claimed_by=None, claimed_until=None)  # fmt: skip
    if trigger == "schedule":  # a retry soon, a few times; then the next regular run
        retry = RETRY_AFTER[failures - 1] if failures <= len(RETRY_AFTER) else None
        values["next_run_at"] = min(at + retry, next_run(sub.schedule, at)) if retry else next_run(sub.schedule, at)
    with opstore.engine().begin() as con:
        con.execute(s.update().where(s.c.subscription_id == sub.subscription_id).values(**values))
        if failures == 1:  # the first failure in a row tells the owner; the next ones are on the row
            notifications.add(sub.owner, "delivery.failed",
                              {"view": sub.view_name, "error_key": exc.key, "error_values": {k: str(v) for k, v in exc.values.items()},
                               "error": exc.message("en")}, "/notifications", subscription_id=sub.subscription_id, con=con)  # fmt: skip
    detail = {"trigger": trigger, "to": list(sub.recipients), "error": exc.message("en"), "failures": failures}
    opstore.audit(
        sub.owner,
        "subscription.failed",
        f"{sub.view_name}#{sub.subscription_id}",
        json.dumps(detail, ensure_ascii=False),
    )
    return "failed"


def send_now(subscription_id, username: str, role: str) -> tuple[str, str | None]:
    """ "Send now" (the owner or an administrator): (outcome, stored error); the schedule is unchanged."""
    sub = subs.get_subscription(subscription_id, username, role)
    if not claim_now(sub.subscription_id, _now()):
        raise subs.SubscriptionError("notify.error.busy")
    outcome = deliver(sub.subscription_id, trigger="now")
    return outcome, subs.by_id(sub.subscription_id).last_error


# --------------------------------------------------------------------------- one alert


def evaluate_alert(alert_id: int, version: str | None, at: dt.datetime | None = None) -> str | None:
    """Evaluate one claimed alert (as its owner may see the data), record it, mail a firing when asked.
    The event (``fired``, ``recovered``), None, or ``error``; never raises."""
    at = at or _now()
    alert = alerts.by_id(alert_id)
    if alert is None:
        return None
    try:
        role, active = subs.user_role(alert.owner)
        if role is None or not active:
            raise DeliveryFailed("notify.error.owner_disabled", owner=alert.owner)
        warehouse = get_warehouse()
        with scoped(scope_of_user(alert.owner)):
            evaluation = alerts.evaluate(cube_cursor(warehouse), alert, catalog(warehouse))  # a KPI: a cube read
        nid = alerts.record(alert, evaluation, version, at)
    except Exception as exc:
        if not isinstance(exc, (KeyedError, WarehouseUnavailable)):
            log.exception("evaluating alert %s failed", alert_id)
        text = exc.message("en") if isinstance(exc, KeyedError) else f"{type(exc).__name__}: {exc}"
        alerts.record_error(alert, text, at)
        return "error"
    if evaluation.event and alert.email and nid is not None:
        _mail_alert(alert, nid)
    return evaluation.event


def check_alerts(username: str, role: str, at: dt.datetime | None = None) -> list[str | None]:
    """ "Check now": evaluate the user's active alerts (an administrator's: all) at once, each claimed like
    the engine claims it (one that another process is evaluating right now is left to it). The events."""
    at = at or _now()
    try:
        version = get_warehouse().version()
    except WarehouseUnavailable:
        return []
    a = opstore.kpi_alerts
    out = []
    for alert in alerts.list_alerts(username, role):
        if alert.active and _claim(a, a.c.alert_id, alert.alert_id, sa.true(), at):
            out.append(evaluate_alert(alert.alert_id, version, at))
    return out


def _mail_alert(alert: alerts.Alert, notification_id: int) -> None:
    lang = subs.user_language(alert.owner)
    address = subs.user_email(alert.owner)
    item = notifications.get(notification_id, alert.owner)
    message = EmailMessage()
    message["To"] = address or ""
    message["Subject"] = t(f"notify.mail.{item.kind}", lang, kpi=t(f"kpi.{alert.kpi}", lang))
    message.set_content("\n".join([notifications.text(item, lang), "", (BASE_URL["url"] or "") + (item.link or ""),
                                   "", t("notify.mail.footer", lang)]))  # fmt: skip
    try:
        if not address:
            raise smtp.MailError("notify.error.no_own_address")
        smtp.send(message, [address])
    except smtp.MailError as exc:
        opstore.audit("system", "alert.mail_failed", f"alert#{alert.alert_id} owner={alert.owner}", exc.message("en"))
        return
    opstore.audit("system", "alert.mail", f"alert#{alert.alert_id} owner={alert.owner}", f"to={address} {item.kind}")


# --------------------------------------------------------------------------- the loop


def run_once(at: dt.datetime | None = None) -> dict:
    """One pass: every due subscription and alert this process can claim. Counts of outcomes."""
    at = at or _now()
    done: dict[str, int] = {}
    for sid in due_subscriptions(at):
        outcome = deliver(sid, "schedule", at)
        done[f"subscription.{outcome}"] = done.get(f"subscription.{outcome}", 0) + 1
    try:
        version = get_warehouse().version()
    except WarehouseUnavailable:
        version = None
    if version is not None:
        for aid in due_alerts(at, version):
            event = evaluate_alert(aid, version, at)
            done[f"alert.{event or 'quiet'}"] = done.get(f"alert.{event or 'quiet'}", 0) + 1
    return done


_started = threading.Event()


def start_background(base_url: str | None = None) -> bool:
    """Run ``run_once`` every ``INTERVAL_S`` in a daemon thread of this process (once per process; not
    with ``XRM_DELIVERY=0``). True when this call started it."""
    if base_url and not BASE_URL["url"]:
        BASE_URL["url"] = base_url.rstrip("/")
    if os.environ.get("XRM_DELIVERY", "1") == "0" or _started.is_set():
        return False
    _started.set()
    threading.Thread(target=_loop, name="xrm-delivery", daemon=True).start()
    return True


def _loop() -> None:
    while True:
        try:
            run_once()
        except Exception:  # the store away for a moment: try again at the next pass
            log.exception("delivery pass failed")
        time.sleep(INTERVAL_S)


os.register_at_fork(after_in_child=_started.clear)  # a forked worker starts its own thread


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m jobs.deliver", description=__doc__.split("\n")[0])
    parser.add_argument("--once", action="store_true", help="one pass, then exit (for cron)")
    parser.add_argument("--base-url", help="the app's address, for the links in the mail (or XRM_BASE_URL)")
    args = parser.parse_args(argv)
    if args.base_url:
        BASE_URL["url"] = args.base_url.rstrip("/")
    logging.basicConfig(level=logging.INFO)
    while True:
        print(json.dumps({"at": _now().isoformat(timespec="seconds"), **run_once()}), flush=True)
        if args.once:
            return 0
        time.sleep(INTERVAL_S)


if __name__ == "__main__":
    raise SystemExit(main())

"""Notifications page and the navbar's bell: each callback reads the signed-in user, makes one call into
``crm.notify`` (or the delivery engine for "send now" and "check now"), and draws the list again.
Who may do what is checked in ``crm.notify``; every callback is for signed-in users only."""

from __future__ import annotations

from dash import ALL, Input, Output, State, callback, clientside_callback, ctx
from flask_login import current_user

from components.access import ALL_ROLES, callback_for
from components.notify_view import (
    alert_list,
    default_zone,
    message,
    notification_list,
    subscription_list,
    unread_label,
)
from crm import saved_views as sv
from crm.notify import alerts as al
from crm.notify import notifications as nt
from crm.notify import subscriptions as subs
from crm.notify.schedule import zones
from i18n import current_language, t
from jobs import deliver
from olap.catalog import catalog


def _pressed() -> bool:
    """A pattern-matched button drawn anew fires with no click: only a real press acts."""
    return bool(ctx.triggered and ctx.triggered[0]["value"])


@callback(
    Output("notify-bell-count", "children"),
    Input("_pages_location", "pathname"),
    Input("notify-tick", "n_intervals"),
    prevent_initial_call=True,  # the frame comes with the count (components/shell.py)
)
@callback_for(*ALL_ROLES)
def bell_count(_path, _tick):
    """The unread count beside the bell ("" when none), again on every page and once a minute."""
    deliver.start_background(_host_url())
    return unread_label(current_user.username)


def _host_url() -> str | None:
    import flask

    try:
        return flask.request.host_url
    except RuntimeError:
        return None


@callback(
    Output("notify-list", "children"),
    Input("notify-show", "value"),
    Input("notify-mark-all", "n_clicks"),
    Input({"type": "notify-toggle", "id": ALL}, "n_clicks"),
)
@callback_for(*ALL_ROLES)
def notification_panel(show, _all, _toggle):
    user, lang = current_user.username, current_language()
    trigger = ctx.triggered_id if _pressed() else None
    if trigger == "notify-mark-all":
        nt.mark_all_read(user)
    elif isinstance(trigger, dict):
        try:
            item = nt.get(trigger["id"], user)
            nt.mark(item.notification_id, user, read=item.unread)
        except nt.NotificationError:  # another's id (a made-up request): nothing changes
            pass
    return notification_list(nt.list_for(user, unread_only=show == "unread"), lang)


@callback(
    Output("notify-email-message", "children"),
    Input("notify-email-save", "n_clicks"),
    State("notify-email", "value"),
    prevent_initial_call=True,
)
@callback_for(*ALL_ROLES)
def save_email(_n, address):
    lang = current_language()
    try:
        saved = subs.set_email(current_user.username, address)
    except subs.SubscriptionError as exc:
        return message(exc.message(lang), False, "notify-email-note")
    return message(t("notify.email.saved", lang, address=saved), True, "notify-email-note")


@callback(
    Output("alert-list", "children"),
    Output("alert-message", "children"),
    Output("notify-bell-count", "children", allow_duplicate=True),
    Input("alert-create", "n_clicks"),
    Input("alert-check", "n_clicks"),
    Input({"type": "alert-toggle", "id": ALL}, "n_clicks"),
    Input({"type": "alert-delete", "id": ALL}, "submit_n_clicks"),
    State("alert-kpi", "value"),
    State("alert-op", "value"),
    State("alert-threshold", "value"),
    State("alert-period", "value"),
    State("alert-region", "value"),
    State("alert-channel", "value"),
    State("alert-email", "value"),
    prevent_initial_call="initial_duplicate",
)
@callback_for(*ALL_ROLES)
def alert_panel(_create, _check, _toggle, _delete, kpi, op, threshold, period, region, channel, email):
    user, role, lang = current_user.username, current_user.role, current_language()
    trigger, text, ok = (ctx.triggered_id if _pressed() else None), None, True
    try:
        if trigger == "alert-create":
            al.create_alert(user, role, kpi_key=kpi, op=op, threshold=threshold, period=period, region=region,
                            channel=channel, email=bool(email), regions=list(catalog().regions))  # fmt: skip
            text = t("notify.alert.created", lang)
        elif trigger == "alert-check":
            events = deliver.check_alerts(user, role)
            text = t(
                "notify.alert.checked", lang, n=len(events), fired=sum(1 for e in events if e in ("fired", "recovered"))
            )
        elif isinstance(trigger, dict):
            alert = al.get_alert(trigger["id"], user, role)
            if trigger["type"] == "alert-toggle":
                al.set_active(alert.alert_id, not alert.active, user, role)
            else:
                al.delete_alert(alert.alert_id, user, role)
                text = t("notify.alert.deleted", lang)
    except al.AlertError as exc:
        text, ok = exc.message(lang), False
    return (alert_list(al.list_alerts(user, role), user, lang), message(text, ok, "alert-note"),
            unread_label(user))  # fmt: skip


@callback(
    Output("sub-list", "children"),
    Output("sub-message", "children"),
    Input("sub-create", "n_clicks"),
    Input({"type": "sub-toggle", "id": ALL}, "n_clicks"),
    Input({"type": "sub-send", "id": ALL}, "n_clicks"),
    Input({"type": "sub-delete", "id": ALL}, "submit_n_clicks"),
    State("sub-view", "value"),
    State("sub-kind", "value"),
    State("sub-weekday", "value"),
    State("sub-day", "value"),
    State("sub-at", "value"),
    State("sub-zone", "value"),
    State("sub-formats", "value"),
    State("sub-me", "value"),
    State("sub-others", "value"),
)
@callback_for(*ALL_ROLES)
def subscription_panel(_create, _toggle, _send, _delete, view_id, kind, weekday, day, at, zone, formats, me, others):
    user, role, lang = current_user.username, current_user.role, current_language()
    trigger, text, ok = (ctx.triggered_id if _pressed() else None), None, True
    try:
        if trigger == "sub-create":
            if view_id is None:
                raise subs.SubscriptionError("notify.error.no_view")
            schedule = subs.make_schedule(kind, at, zone, weekday, day)
            sub = subs.subscribe(user, role, view_id, schedule=schedule, formats=formats or (), me=bool(me),
                                 others=others or "")  # fmt: skip
            text = t("notify.sub.created", lang, name=sub.view_name)
        elif isinstance(trigger, dict):
            sub = subs.get_subscription(trigger["id"], user, role)
            if trigger["type"] == "sub-toggle":
                subs.set_status(sub.subscription_id, "paused" if sub.status == "active" else "active", user, role)
            elif trigger["type"] == "sub-send":
                outcome, error = deliver.send_now(sub.subscription_id, user, role)
                ok = outcome != "failed"
                text = t(f"notify.sub.outcome.{outcome}", lang, error=deliver.error_text(error, lang))
            else:
                subs.delete(sub.subscription_id, user, role)
                text = t("notify.sub.deleted", lang, name=sub.view_name or "–")
    except (subs.SubscriptionError, sv.SavedViewError) as exc:
        text, ok = exc.message(lang), False
    items = subs.list_subscriptions(user, role)
    return subscription_list(items, user, lang, deliver.error_text), message(text, ok, "sub-note")


@callback(
    Output("sub-zone", "options"),
    Output("sub-zone", "value"),
    Input("notify-zone-guess", "data"),
)
@callback_for(*ALL_ROLES)
def zone_choices(guess):
    """Every time zone; the browser's preselected (Seoul for a Korean reader whose browser says none)."""
    names = zones()
    return names, guess if guess in names else default_zone(current_language())


# the browser's time zone, once the page is drawn
clientside_callback(
    """function (id) {
        try { return Intl.DateTimeFormat().resolvedOptions().timeZone || null; } catch (e) { return null; }
    }""",
    Output("notify-zone-guess", "data"),
    Input("notify-zone-guess", "id"),
)


@callback(
    Output("sub-weekday-col", "style"),
    Output("sub-day-col", "style"),
    Input("sub-kind", "value"),
)
@callback_for(*ALL_ROLES)
def schedule_fields(kind):
    hidden = {"display": "none"}
    return (None if kind == "weekly" else hidden), (None if kind == "monthly" else hidden)

"""The notifications page (bell list, alerts, subscriptions, the user's e-mail address) and the bell.

Filled by ``callbacks/notify.py``; what each list holds comes from ``crm.notify`` (role checks there).
"""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import dcc, html

from crm.notify import alerts as al
from crm.notify import notifications as nt
from crm.notify import subscriptions as subs
from crm.notify.schedule import local_time
from i18n import format as fmt
from i18n import t
from olap.kpi import KPI_KEYS

WEEKDAYS = range(7)


def bell(lang: str, unread: str = "") -> html.A:
    """The navbar's bell: a link to the notifications page with the unread count (``unread_label``; kept
    up to date by ``callbacks/notify``)."""
    return html.A(
        [
            html.Img(src="/assets/bell.svg", alt="", width=18, height=18),
            dbc.Badge(unread, id="notify-bell-count", color="danger", pill=True, className="ms-1 align-top"),
        ],
        href="/notifications",
        id="notify-bell",
        title=t("notify.bell", lang),
        className="nav-link text-white-50 me-2 text-decoration-none",
        **{"aria-label": t("notify.bell", lang)},
    )


def unread_label(username: str) -> str:
    """The bell's badge: the user's unread count, "" when none."""
    count = nt.unread_count(username)
    return str(count) if count else ""


def _when(at, lang: str) -> str:
    return f"{fmt.date(at.date(), lang)} {at:%H:%M}" if at else "–"


# --------------------------------------------------------------------------- notifications


def notification_list(items: list[nt.Notification], lang: str) -> html.Div:
    if not items:
        return html.Div(t("notify.none", lang), className="text-muted small", id="notify-empty")
    rows = []
    for item in items:
        nid = item.notification_id
        badge = dbc.Badge(t(f"notify.kind.{item.kind}", lang), color={"alert.fired": "danger", "alert.recovered": "success"}
                          .get(item.kind, "warning"), className="me-2")  # fmt: skip
        toggle = dbc.Button(t("notify.mark_read" if item.unread else "notify.mark_unread", lang),
                            id={"type": "notify-toggle", "id": nid}, size="sm", color="link", className="p-0 ms-2")  # fmt: skip
        text = nt.text(item, lang)
        body = (
            html.A(text, href=item.link, id=f"notify-link-{nid}", className="notify-link")
            if item.link
            else html.Span(text)
        )
        rows.append(
            html.Li(
                [
                    html.Div([badge, html.Span(body, className="fw-semibold" if item.unread else "")]),
                    html.Div([_when(item.created_at, lang) + " UTC", toggle], className="small text-muted"),
                ],  # fmt: skip
                className="list-group-item" + (" list-group-item-light" if not item.unread else ""),
                id=f"notify-item-{nid}",
                **{"data-unread": "1" if item.unread else "0"},
            )
        )
    return html.Ul(rows, className="list-group")


# --------------------------------------------------------------------------- the user's address


def email_card(address: str | None, lang: str) -> dbc.Card:
    return dbc.Card(
        dbc.CardBody(
            [
                html.H5(t("notify.email.title", lang), className="h6"),
                dbc.InputGroup(
                    [
                        dbc.Input(
                            id="notify-email",
                            type="email",
                            value=address or "",
                            placeholder="name@example.com",
                            maxLength=254,
                        ),  # fmt: skip
                        dbc.Button(t("notify.email.save", lang), id="notify-email-save", color="secondary"),
                    ],
                    size="sm",
                ),
                html.Div(id="notify-email-message", className="mt-1", role="status"),
            ]
        ),
        className="mb-3",
    )


# --------------------------------------------------------------------------- alerts


def alert_form(lang: str, regions: list[str]) -> html.Div:
    kpis = [{"label": t(f"kpi.{k}", lang), "value": k} for k in KPI_KEYS]
    return html.Div(
        [
            dbc.Row(
                [
                    dbc.Col(
                        [
                            dbc.Label(t("notify.alert.kpi", lang), html_for="alert-kpi", className="small mb-0"),
                            dcc.Dropdown(id="alert-kpi", options=kpis, value="online_share", clearable=False),
                        ],
                        md=5,
                    ),
                    dbc.Col(
                        [
                            dbc.Label(t("notify.alert.op", lang), html_for="alert-op", className="small mb-0"),
                            dcc.Dropdown(
                                id="alert-op",
                                value="below",
                                clearable=False,
                                options=[{"label": t(f"notify.op.{o}", lang), "value": o} for o in al.OPS],
                            ),
                        ],
                        md=3,
                    ),
                    dbc.Col(
                        [
                            dbc.Label(
                                t("notify.alert.threshold", lang), html_for="alert-threshold", className="small mb-0"
                            ),
                            dbc.Input(id="alert-threshold", placeholder=t("notify.alert.threshold_hint", lang)),
                        ],
                        md=4,
                    ),
                ],
                className="g-2",
            ),
            dbc.Row(
                [
                    dbc.Col(
                        [
                            dbc.Label(t("notify.alert.period", lang), html_for="alert-period", className="small mb-0"),
                            dcc.Dropdown(
                                id="alert-period",
                                value="last_month",
                                clearable=False,
                                options=[{"label": t(f"notify.period.{p}", lang), "value": p} for p in al.PERIODS],
                            ),
                        ],
                        md=4,
                    ),
                    dbc.Col(
                        [
                            dbc.Label(t("notify.alert.region", lang), html_for="alert-region", className="small mb-0"),
                            dcc.Dropdown(
                                id="alert-region", options=regions, placeholder=t("notify.alert.all_regions", lang)
                            ),
                        ],
                        md=4,
                    ),
                    dbc.Col(
                        [
                            dbc.Label(
                                t("notify.alert.channel", lang), html_for="alert-channel", className="small mb-0"
                            ),
                            dcc.Dropdown(
                                id="alert-channel",
                                placeholder=t("notify.alert.all_channels", lang),
                                options=[{"label": t(f"channel_group.{c}", lang), "value": c} for c in al.CHANNELS],
                            ),
                        ],
                        md=4,
                    ),
                ],
                className="g-2 mt-1",
            ),  # fmt: skip
            dbc.Checkbox(id="alert-email", label=t("notify.alert.email", lang), value=False, className="small mt-2"),
            html.Div(
                [
                    dbc.Button(
                        t("notify.alert.create", lang), id="alert-create", color="primary", size="sm", className="me-2"
                    ),
                    dbc.Button(
                        t("notify.alert.check", lang), id="alert-check", color="secondary", outline=True, size="sm"
                    ),
                ],
                className="mt-2",
            ),
        ]
    )


def alert_rule(alert: al.Alert, lang: str) -> str:
    payload = {"period_choice": alert.period, "region": alert.region, "channel": alert.channel}
    return t("notify.alert.rule", lang, kpi=t(f"kpi.{alert.kpi}", lang), op=t(f"notify.op.{alert.op}", lang),
             threshold=nt.kpi_value(alert.kpi, alert.threshold, lang), scope=nt.scope_words(payload, lang))  # fmt: skip


def alert_list(items: list[al.Alert], username: str, lang: str) -> html.Div:
    if not items:
        return html.Div(t("notify.alert.none", lang), className="text-muted small", id="alert-empty")
    rows = []
    for alert in items:
        aid = alert.alert_id
        state = t(f"notify.state.{alert.state}", lang) if alert.active else t("notify.state.paused", lang)
        last = (t("notify.alert.last", lang, value=nt.kpi_value(alert.kpi, alert.last_value, lang), period=alert.last_period,
                  at=_when(alert.last_evaluated_at, lang)) if alert.last_evaluated_at else t("notify.alert.never", lang))  # fmt: skip
        about = [state, last] + ([t("saved.by", lang, owner=alert.owner)] if alert.owner != username else [])
        buttons = [
            dbc.Button(t("notify.resume" if not alert.active else "notify.pause", lang),
                       id={"type": "alert-toggle", "id": aid}, size="sm", color="secondary", outline=True, className="me-1"),
            dcc.ConfirmDialogProvider(dbc.Button(t("saved.delete", lang), size="sm", color="danger", outline=True),
                                      id={"type": "alert-delete", "id": aid},
                                      message=t("notify.alert.delete_confirm", lang)),
        ]  # fmt: skip
        error = (
            [html.Div(t("notify.alert.error", lang, error=alert.last_error), className="small text-danger")]
            if alert.last_error
            else []
        )
        rows.append(html.Li([html.Div(alert_rule(alert, lang), className="fw-semibold"),
                             html.Div(" · ".join(about), className="small text-muted"), *error,
                             html.Div(buttons, className="mt-1 d-flex")],
                            className="list-group-item", id=f"alert-item-{aid}",
                            **{"data-state": alert.state if alert.active else "paused"}))  # fmt: skip
    return html.Ul(rows, className="list-group")


# --------------------------------------------------------------------------- subscriptions


def default_zone(lang: str) -> str:
    """The time zone a schedule has until the browser tells its own: Seoul for a Korean reader, else UTC."""
    return "Asia/Seoul" if lang == "ko" else "UTC"


def subscription_form(lang: str, views: list, chosen: int | None, may_add_others: bool) -> html.Div:
    kinds = [{"label": t(f"notify.kind_{k}", lang), "value": k} for k in ("daily", "weekly", "monthly")]
    weekdays = [{"label": t(f"notify.weekday.{d}", lang), "value": d} for d in WEEKDAYS]
    days = [{"label": t("notify.day_n", lang, n=d), "value": d} for d in range(1, 32)]
    # shown to the roles that may add addresses; the server refuses them from anyone else anyway
    others = html.Div(
        [
            dbc.Label(t("notify.sub.others", lang), html_for="sub-others", className="small mb-0 mt-2"),
            dbc.Textarea(
                id="sub-others", placeholder="a@example.com, b@example.com", rows=2, className="form-control-sm"
            ),
        ],
        hidden=not may_add_others,
    )
    return html.Div(
        [
            dbc.Row(
                [
                    dbc.Col([dbc.Label(t("notify.sub.view", lang), html_for="sub-view", className="small mb-0"),
                             dcc.Dropdown(id="sub-view", options=[{"label": v.name, "value": v.view_id} for v in views],
                                          value=chosen, placeholder=t("notify.sub.view_placeholder", lang))], md=12),
                    dbc.Col([dbc.Label(t("notify.sub.every", lang), html_for="sub-kind", className="small mb-0"),
                             dcc.Dropdown(id="sub-kind", options=kinds, value="weekly", clearable=False)], md=2),  # fmt: skip
                    dbc.Col([dbc.Label(t("notify.sub.weekday", lang), html_for="sub-weekday", className="small mb-0"),
                             dcc.Dropdown(id="sub-weekday", options=weekdays, value=0, clearable=False)], md=2, id="sub-weekday-col"),
                    dbc.Col([dbc.Label(t("notify.sub.day", lang), html_for="sub-day", className="small mb-0"),
                             dcc.Dropdown(id="sub-day", options=days, value=1, clearable=False)], md=2, id="sub-day-col"),
                    dbc.Col([dbc.Label(t("notify.sub.at", lang), html_for="sub-at", className="small mb-0"),
                             dbc.Input(id="sub-at", type="time", value="08:00")], md=3),
                    dbc.Col([dbc.Label(t("notify.sub.zone", lang), html_for="sub-zone", className="small mb-0"),
                             dcc.Dropdown(id="sub-zone", options=[default_zone(lang)], value=default_zone(lang),
                                          clearable=False)], md=3),  # the browser's zone replaces it (a click before that still works)
                ],
                className="g-2",
            ),
            dbc.Checklist(id="sub-formats", options=[{"label": t("notify.sub.csv", lang), "value": "csv"},
                                                     {"label": t("notify.sub.png", lang), "value": "png"}],
                          value=["csv", "png"], inline=True, className="small mt-2"),
            dbc.Checkbox(id="sub-me", label=t("notify.sub.me", lang), value=True, className="small"),
            others,
            dbc.Button(t("notify.sub.create", lang), id="sub-create", color="primary", size="sm", className="mt-2"),
        ]
    )  # fmt: skip


def schedule_words(sub: subs.Subscription, lang: str) -> str:
    s = sub.schedule
    at = f"{s.hour:02d}:{s.minute:02d}"
    if s.kind == "daily":
        return t("notify.sched.daily", lang, at=at, zone=s.zone)
    if s.kind == "weekly":
        return t("notify.sched.weekly", lang, weekday=t(f"notify.weekday.{s.weekday}", lang), at=at, zone=s.zone)
    return t("notify.sched.monthly", lang, day=s.day, at=at, zone=s.zone)


def subscription_list(items: list[subs.Subscription], username: str, lang: str, error_text) -> html.Div:
    if not items:
        return html.Div(t("notify.sub.none", lang), className="text-muted small", id="sub-empty")
    rows = []
    for sub in items:
        sid = sub.subscription_id
        name = sub.view_name or t("notify.sub.view_gone", lang)
        about = [schedule_words(sub, lang), ", ".join(f.upper() for f in sub.formats), ", ".join(sub.recipients)]
        if sub.owner != username:
            about.append(t("saved.by", lang, owner=sub.owner))
        status = t(f"notify.status.{sub.status}", lang)
        nxt = (
            t("notify.sub.next", lang, at=_when(local_time(sub.next_run_at, sub.schedule.zone), lang))
            if sub.status == "active"
            else ""
        )
        last = (
            t(f"notify.last.{sub.last_status}", lang, at=_when(sub.last_run_at, lang))
            if sub.last_status
            else t("notify.sub.never", lang)
        )
        error = error_text(sub.last_error, lang)
        buttons = [
            dbc.Button(t("notify.pause" if sub.status == "active" else "notify.resume", lang), id={"type": "sub-toggle", "id": sid},
                       size="sm", color="secondary", outline=True, className="me-1"),
            dbc.Button(t("notify.sub.send_now" if sub.last_status != "failed" else "notify.sub.retry", lang),
                       id={"type": "sub-send", "id": sid}, size="sm", color="primary", outline=True, className="me-1"),
            dcc.ConfirmDialogProvider(dbc.Button(t("saved.delete", lang), size="sm", color="danger", outline=True),
                                      id={"type": "sub-delete", "id": sid}, message=t("notify.sub.delete_confirm", lang, name=name)),
        ]  # fmt: skip
        rows.append(
            html.Li(
                [html.Div([html.Span(name, className="fw-semibold me-2"), dbc.Badge(status, color="success" if sub.status == "active" else "secondary")]),
                 html.Div(" · ".join(about), className="small text-muted"),
                 html.Div(" · ".join(x for x in (nxt, last) if x), className="small"),
                 *([html.Div(error, className="small text-danger", id=f"sub-error-{sid}")] if error else []),
                 html.Div(buttons, className="mt-1 d-flex")],
                className="list-group-item", id=f"sub-item-{sid}", **{"data-status": sub.status},
            )
        )  # fmt: skip
    return html.Ul(rows, className="list-group")


def message(text: str | None, ok: bool, id: str) -> dbc.Alert | None:
    if not text:
        return None
    return dbc.Alert(text, color="success" if ok else "warning", className="small py-2 mb-2", id=id, dismissable=True)


def page(
    lang: str, regions: list[str], views: list, chosen: int | None, may_add_others: bool, address: str | None
) -> html.Div:
    """The notifications page's frame; the lists are filled by the callbacks."""
    return html.Div(
        [
            dcc.Store(id="notify-zone-guess"),
            html.H2(t("notify.title", lang), className="h4 mb-3"),
            dbc.Row(
                [
                    dbc.Col(
                        dbc.Card([dbc.CardHeader([html.Span(t("notify.inbox", lang), className="fw-semibold"),
                                                  dbc.Button(t("notify.mark_all", lang), id="notify-mark-all", size="sm",
                                                             color="link", className="float-end p-0")]),
                                  dbc.CardBody([dbc.RadioItems(id="notify-show", value="all", inline=True, className="small mb-2",
                                                               options=[{"label": t("notify.show.all", lang), "value": "all"},
                                                                        {"label": t("notify.show.unread", lang), "value": "unread"}]),
                                                html.Div(id="notify-list")])]),
                        lg=5,
                    ),
                    dbc.Col(
                        [
                            email_card(address, lang),
                            dbc.Card([dbc.CardHeader(t("notify.alerts", lang), className="fw-semibold"),
                                      dbc.CardBody([alert_form(lang, regions), html.Div(id="alert-message", className="mt-2"),
                                                    html.Div(id="alert-list", className="mt-2")])], className="mb-3", id="alerts"),
                            dbc.Card([dbc.CardHeader(t("notify.subscriptions", lang), className="fw-semibold"),
                                      dbc.CardBody([subscription_form(lang, views, chosen, may_add_others),
                                                    html.Div(id="sub-message", className="mt-2"),
                                                    html.Div(id="sub-list", className="mt-2")])], id="subscribe"),
                        ],
                        lg=7,
                    ),
                ]
            ),
        ]
    )  # fmt: skip


def notifications_layout(subscribe=None):
    """The page for the signed-in user: ``subscribe`` (a saved view id from the Saved menu) preselects
    that view in the subscription form."""
    from flask_login import current_user

    from components.page import page_context
    from crm import saved_views as sv

    context = page_context()
    if context.catalog is None:
        return context.error_view()
    views = sv.list_views(current_user.username, current_user.role)
    try:
        chosen = int(subscribe) if subscribe not in (None, "") else None
    except (TypeError, ValueError):
        chosen = None
    chosen = chosen if chosen in {v.view_id for v in views} else None
    return page(context.lang, sorted(context.catalog.regions), views, chosen, current_user.role in subs.OTHERS_ROLES,
                subs.user_email(current_user.username))  # fmt: skip

"""The mining studio's page skeleton: stores, title row, controls beside the result, job controls.

Every studio page (RFM, clusters, rules, forecast, models) is the same shape: the user and
language stores a background job needs, the id of the run shown, a title with its intro, a
controls card on the left and the result on the right. ``job_controls`` is the run / cancel /
progress / message block of a background job; ``show_run`` wires "draw the run whose id is in
the store". Component ids are ``<prefix>-…`` as the pages always had them.
"""

from __future__ import annotations

import logging

import dash_bootstrap_components as dbc
from dash import Input, Output, callback, dcc, html

from components.access import callback_for, user_token
from components.errors import error_alert
from i18n import current_language, t

log = logging.getLogger(__name__)


def studio_page(
    prefix: str, title_key: str, intro_key: str, controls, result, lang: str, *, run=None, stores=(), top=()
):
    """The page: stores (``<prefix>-user``, ``-lang``, ``-run-id`` holding ``run``; ``run=False``:
    none), a page's own ``stores``, the title row, anything in ``top`` (warnings), then
    ``controls`` | ``result``."""
    run_store = [] if run is False else [dcc.Store(id=f"{prefix}-run-id", data=run)]
    return html.Div(
        [
            *[s for s in stores if isinstance(s, dcc.Location)],
            dcc.Store(id=f"{prefix}-user", data=user_token()),
            dcc.Store(id=f"{prefix}-lang", data=lang),
            *run_store,
            *[s for s in stores if not isinstance(s, dcc.Location)],
            html.Div(
                [
                    html.H2(t(title_key, lang), className="h4 mb-0 me-3"),
                    html.Span(t(intro_key, lang), className="text-muted small"),
                ],
                className="d-flex align-items-baseline flex-wrap mb-3",
            ),
            *top,
            dbc.Row([dbc.Col(controls, lg=3), dbc.Col(result, lg=9)]),
        ],
        className="p-3",
    )


def controls_card(children) -> dbc.Card:
    """The card holding a page's controls."""
    return dbc.Card(dbc.CardBody(children), className="shadow-sm mb-3")


def loading(element_id: str) -> dcc.Loading:
    """An empty result area that shows a spinner while its callback runs."""
    return dcc.Loading(html.Div(id=element_id), delay_show=300)


def job_controls(prefix: str, run_key: str, lang: str, *, color="primary", message_id=None, compact=False) -> list:
    """Run and cancel buttons, the progress bar and the job's message (``<prefix>-run``, ``-cancel``,
    ``-progress``, ``-run-message`` or ``message_id``)."""
    return [
        html.Div(
            [
                dbc.Button(t(run_key, lang), id=f"{prefix}-run", color=color, className="me-2"),
                dbc.Button(
                    t("clusters.cancel", lang), id=f"{prefix}-cancel", color="secondary", outline=True, disabled=True
                ),
            ]
        ),
        dbc.Progress(
            id=f"{prefix}-progress",
            value=0,
            label="",
            className=("mt-2" if compact else "mt-3") + " job-progress",  # hidden while idle (assets/xrm.css)
            style={"height": "1.2rem" if compact else "1.4rem"},
        ),
        html.Div(id=message_id or f"{prefix}-run-message", className="mt-2"),
    ]


def show_run(prefix: str, render_run, roles, *, output: str | None = None, what: str = "a run"):
    """Register the callback that draws the run in ``<prefix>-run-id`` into ``output``
    (``<prefix>-result``) with ``render_run(run_id, lang)``, again when the automatic runs of a new
    load are done (``<prefix>-auto-done``, ``components.auto_view``); a failure is logged and shown
    as the generic error. Returns the callback function (tests call it)."""

    @callback(
        Output(output or f"{prefix}-result", "children"),
        Input(f"{prefix}-run-id", "data"),
        Input(f"{prefix}-auto-done", "data"),
    )
    @callback_for(*roles)
    def show(run_id, _auto_done=None):
        lang = current_language()
        try:
            return render_run(run_id, lang)
        except Exception:
            log.exception("showing %s failed", what)
            return error_alert(lang)

    return show


def warning(text, **alert) -> dbc.Alert:
    """A job's or a control's refusal in words (``alert``: an id)."""
    return dbc.Alert(text, color="warning", className="mb-0", **alert)


def refused(exc, lang: str, **alert) -> dbc.Alert:
    """A ``KeyedError`` from a job as the warning under its controls, in its own words (never
    fails on an unknown key: a job's refusal must always be shown)."""
    try:
        text = exc.message(lang)
    except KeyError:
        text = t(exc.key, lang, default=exc.key, **exc.values)
    return warning(text, **alert)


def card(title, body, **extra) -> dbc.Card:
    """A result card: a header and its body."""
    return dbc.Card([dbc.CardHeader(title), dbc.CardBody(body)], className="shadow-sm mb-3", **extra)


def choice(element_id: str, label_key: str, option_prefix: str, values, value, lang: str, *, space="mb-3") -> list:
    """A labelled set of radio buttons, each option named ``<option_prefix>.<value>``."""
    return [
        dbc.Label(t(label_key, lang), html_for=element_id),
        dbc.RadioItems(
            id=element_id,
            options=[{"label": t(f"{option_prefix}.{v}", lang), "value": v} for v in values],
            value=value,
            className=space,
        ),
    ]

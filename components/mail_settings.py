"""Admin › Mail server: the SMTP settings (the password is write-only) and "send a test e-mail"."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import html

from crm.notify import smtp
from i18n import t


def mail_page(lang: str) -> html.Div:
    conf = smtp.settings()
    security = [{"label": t(f"mail.security.{s}", lang), "value": s} for s in smtp.SECURITY]
    if conf is None:
        state = t("mail.password.none", lang)
    elif conf.password_from_env:
        state = t("mail.password.env", lang, variable=smtp.PASSWORD_VARIABLE)
    else:
        state = t("mail.password.set" if conf.password_set else "mail.password.none", lang)
    field = lambda key, control: html.Div([dbc.Label(t(key, lang), html_for=control.id, className="small mb-0"), control],  # noqa: E731
                                          className="mb-2")  # fmt: skip
    return html.Div(
        [
            html.H2(t("mail.title", lang), className="h4 mb-1"),
            html.P(t("mail.intro", lang, variable=smtp.PASSWORD_VARIABLE), className="text-muted small"),
            dbc.Row(
                [
                    dbc.Col(
                        dbc.Card(
                            dbc.CardBody(
                                [
                                    field(
                                        "mail.host",
                                        dbc.Input(
                                            id="mail-host",
                                            value=conf.host if conf else "",
                                            placeholder="smtp.example.com",
                                            size="sm",
                                        ),
                                    ),
                                    field(
                                        "mail.port",
                                        dbc.Input(
                                            id="mail-port",
                                            type="number",
                                            value=conf.port if conf else 587,
                                            min=1,
                                            max=65535,
                                            size="sm",
                                        ),
                                    ),
                                    field(
                                        "mail.security",
                                        dbc.Select(
                                            id="mail-security",
                                            options=security,
                                            value=conf.security if conf else "starttls",
                                            size="sm",
                                        ),
                                    ),
                                    field(
                                        "mail.user",
                                        dbc.Input(
                                            id="mail-user",
                                            value=(conf.username or "") if conf else "",
                                            autoComplete="off",
                                            size="sm",
                                        ),
                                    ),
                                    field(
                                        "mail.password",
                                        dbc.Input(
                                            id="mail-password",
                                            type="password",
                                            value="",
                                            autoComplete="new-password",
                                            placeholder=t("mail.password.placeholder", lang),
                                            size="sm",
                                        ),
                                    ),
                                    html.Div(state, className="small text-muted mb-2", id="mail-password-state"),
                                    field(
                                        "mail.sender",
                                        dbc.Input(
                                            id="mail-sender",
                                            value=conf.sender if conf else "",
                                            placeholder="xrm@example.com",
                                            size="sm",
                                        ),
                                    ),
                                    dbc.Button(t("mail.save", lang), id="mail-save", color="primary", size="sm"),
                                    html.Div(id="mail-message", className="mt-2", role="status"),
                                ]
                            )
                        ),
                        md=6,
                    ),  # fmt: skip
                    dbc.Col(
                        dbc.Card(
                            dbc.CardBody(
                                [
                                    html.H5(t("mail.test.title", lang), className="h6"),
                                    dbc.InputGroup(
                                        [
                                            dbc.Input(id="mail-test-to", placeholder="name@example.com", size="sm"),
                                            dbc.Button(t("mail.test.send", lang), id="mail-test", color="secondary"),
                                        ],
                                        size="sm",
                                    ),
                                    dbc.Spinner(
                                        html.Div(id="mail-test-message", className="mt-2", role="status"), size="sm"
                                    ),
                                ]
                            )
                        ),
                        md=6,
                    ),  # fmt: skip
                ]
            ),
        ]
    )


def note(text: str, ok: bool, id: str) -> dbc.Alert:
    return dbc.Alert(text, color="success" if ok else "danger", className="small py-2", id=id)

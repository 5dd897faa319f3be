"""Admin › Mail server: save the SMTP settings and send a test e-mail (administrators only, on the server;
``crm.notify.smtp`` checks the role again)."""

from __future__ import annotations

from dash import Input, Output, State, callback
from flask_login import current_user

from components.access import callback_for
from components.mail_settings import note
from crm.notify import smtp
from i18n import current_language, t


@callback(
    Output("mail-message", "children"),
    Output("mail-password", "value"),
    Input("mail-save", "n_clicks"),
    State("mail-host", "value"),
    State("mail-port", "value"),
    State("mail-security", "value"),
    State("mail-user", "value"),
    State("mail-sender", "value"),
    State("mail-password", "value"),
    prevent_initial_call=True,
)
@callback_for("admin")
def save_mail(_n, host, port, security, username, sender, password):
    """Save; the password field is emptied whatever happened (it is never sent back to the page)."""
    lang = current_language()
    try:
        smtp.save_settings(current_user.username, current_user.role, host, port, security, username, sender, password)
    except smtp.MailError as exc:
        return note(exc.message(lang), False, "mail-note"), ""
    return note(t("mail.saved", lang), True, "mail-note"), ""


@callback(
    Output("mail-test-message", "children"),
    Input("mail-test", "n_clicks"),
    State("mail-test-to", "value"),
    prevent_initial_call=True,
)
@callback_for("admin")
def send_test(_n, to):
    lang = current_language()
    try:
        address = smtp.send_test(current_user.username, current_user.role, to, lang)
    except smtp.MailError as exc:
        return note(t("mail.test.failed", lang, error=exc.message(lang)), False, "mail-test-note")
    return note(t("mail.test.sent", lang, address=address), True, "mail-test-note")

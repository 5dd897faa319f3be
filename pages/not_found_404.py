"""A friendly page for addresses that lead nowhere."""

import dash
import dash_bootstrap_components as dbc
from dash import html

from i18n import current_language, t

dash.register_page(__name__, path="/404", title="XRM", nav=False, roles=())


def layout(**_query):
    lang = current_language()
    return html.Div(
        dbc.Alert(
            [
                html.H4(t("notfound.title", lang)),
                html.P(t("notfound.body", lang)),
                dbc.Button(t("nav.home", lang), href="/", color="primary"),
            ],
            color="light",
            className="border",
            id="not-found",
        ),
        className="p-4",
    )

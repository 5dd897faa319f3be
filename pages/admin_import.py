"""Admin: import the user's own data — upload or database, mapping, validation, load, history."""

import dash
from dash import dcc, html

from components.access import page_for, user_token
from components.import_form import history_card, load_card, mapping_card, source_card, validate_card
from i18n import current_language, t

ROLES = ("admin",)

dash.register_page(
    __name__,
    path="/admin/import",
    order=91,
    nav_group="admin",
    nav=True,
    roles=ROLES,
    label_key="nav.admin_import",
    title="XRM · Import",
)


@page_for(*ROLES)
def layout(**_query):
    lang = current_language()
    return html.Div(
        [
            html.H2(t("import_page.title", lang), className="h4 mb-1"),
            html.P(t("import_page.intro", lang), className="text-muted"),
            dcc.Store(id="imp-token"),  # a random id of the import kept on the server, never the data
            dcc.Store(id="imp-user", data=user_token()),
            dcc.Store(id="imp-lang", data=lang),
            dcc.Store(id="imp-loaded"),
            source_card(lang),
            mapping_card(lang),
            validate_card(lang),
            load_card(lang),
            history_card(lang),
        ],
        id="imp-page",
    )

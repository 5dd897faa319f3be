"""Admin: users and roles."""

import dash
import dash_bootstrap_components as dbc
from dash import html

from auth import ROLES
from components.access import page_for
from components.grids import ag_grid
from components.partner_assign_view import assignment_card
from i18n import current_language, t

dash.register_page(
    __name__,
    path="/admin/users",
    order=90,
    nav_group="admin",
    nav=True,
    roles=("admin",),
    label_key="nav.admin_users",
    title="XRM · Users",
)


@page_for("admin")
def layout(**_query):
    lang = current_language()
    role_options = [{"label": t(f"role.{r}", lang), "value": r} for r in ROLES]
    form = dbc.Card(
        dbc.CardBody(
            [
                html.H5(t("admin.add_title", lang)),
                dbc.Row(
                    [
                        dbc.Col(
                            [
                                dbc.Label(t("login.username", lang), html_for="admin-new-username"),
                                dbc.Input(id="admin-new-username"),
                            ],
                            md=3,
                        ),
                        dbc.Col(
                            [
                                dbc.Label(t("admin.display_name", lang), html_for="admin-new-name"),
                                dbc.Input(id="admin-new-name"),
                            ],
                            md=3,
                        ),
                        dbc.Col(
                            [
                                dbc.Label(t("admin.role", lang), html_for="admin-new-role"),
                                dbc.Select(id="admin-new-role", options=role_options, value="analyst"),
                            ],
                            md=2,
                        ),
                        dbc.Col(
                            [
                                dbc.Label(t("login.password", lang), html_for="admin-new-password"),
                                dbc.Input(id="admin-new-password", type="password"),
                            ],
                            md=2,
                        ),
                        dbc.Col(
                            dbc.Button(t("admin.add", lang), id="admin-add", color="primary", className="w-100"),
                            md=2,
                            className="d-flex align-items-end",
                        ),
                    ],
                    className="g-2",
                ),
                html.Hr(),
                html.H5(t("admin.change_title", lang)),
                dbc.Row(
                    [
                        dbc.Col(
                            [
                                dbc.Label(t("login.username", lang), html_for="admin-edit-username"),
                                dbc.Input(id="admin-edit-username"),
                            ],
                            md=3,
                        ),
                        dbc.Col(
                            [
                                dbc.Label(t("admin.role", lang), html_for="admin-edit-role"),
                                dbc.Select(id="admin-edit-role", options=role_options),
                            ],
                            md=3,
                        ),
                        dbc.Col(
                            [
                                dbc.Label(t("admin.new_password", lang), html_for="admin-edit-password"),
                                dbc.Input(id="admin-edit-password", type="password"),
                            ],
                            md=3,
                        ),
                        dbc.Col(
                            dbc.Button(t("admin.save", lang), id="admin-save", color="secondary", className="w-100"),
                            md=3,
                            className="d-flex align-items-end",
                        ),
                    ],
                    className="g-2",
                ),
                html.Div(
                    [
                        html.Span(t("admin.pick_hint", lang), id="admin-editing", className="small text-muted me-3"),
                        dbc.Button(
                            t("admin.disable", lang),
                            id="admin-disable",
                            color="outline-danger",
                            size="sm",
                            className="me-2",
                            disabled=True,
                        ),
                        dbc.Button(
                            t("admin.enable", lang),
                            id="admin-enable",
                            color="outline-success",
                            size="sm",
                            disabled=True,
                        ),
                    ],
                    className="d-flex align-items-center mt-2",
                ),  # fmt: skip
                html.Div(id="admin-message", className="mt-3"),
            ]
        ),
        className="mb-3 shadow-sm",
    )
    grid = ag_grid(
        id="admin-users-grid",
        columnDefs=[
            {"field": "username", "headerName": t("login.username", lang), "pinned": "left"},
            {"field": "display_name", "headerName": t("admin.display_name", lang)},
            {"field": "role_label", "headerName": t("admin.role", lang)},
            {"field": "language", "headerName": t("menu.language", lang)},
            {"field": "active_label", "headerName": t("admin.active", lang)},
            {"field": "created_at", "headerName": t("admin.created", lang)},
        ],
        rowData=[],
        defaultColDef={"sortable": True, "resizable": True, "filter": True, "flex": 1},
        dashGridOptions={
            "domLayout": "autoHeight",
            "rowSelection": {"mode": "singleRow", "checkboxes": False, "enableClickSelection": True},
        },
        className="ag-theme-alpine",
    )
    return html.Div([html.H2(t("nav.admin_users", lang), className="h4 mb-3"), form, assignment_card(lang), grid])

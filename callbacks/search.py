"""The top bar's search: the text in, one search over the kinds the role may open, the results out."""

from __future__ import annotations

from dash import Input, Output, callback
from flask_login import current_user

from components.access import ALL_ROLES, callback_for
from components.search_box import kinds_for, page_titles, results_view, unavailable
from crm.search import SearchRequest, search
from data.warehouse import WarehouseUnavailable, get_warehouse
from i18n import current_language


@callback(
    Output("gs-results", "children"),
    Output("gs-results", "hidden"),
    Input("gs-q", "value"),
    prevent_initial_call=True,
)
@callback_for(*ALL_ROLES)
def global_search(text):
    lang, role = current_language(), current_user.role
    request = SearchRequest(str(text or ""), current_user.username, role, kinds_for(role),
                            tuple(page_titles(role, lang)))  # fmt: skip
    try:
        cursor = get_warehouse().cursor()
    except WarehouseUnavailable:
        return unavailable(lang)
    return results_view(search(cursor, request), lang)

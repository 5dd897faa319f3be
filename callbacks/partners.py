"""Partners page callbacks (wiring only): the URL state and the search widgets in, the directory
(``crm.partners.profile.directory`` + ``search``) or one profile out; a row click, the period or
"back" become a new URL."""

from __future__ import annotations

import logging

from dash import Input, Output, State, callback, ctx, no_update

from components.access import PARTNER_EDIT_ROLES, PARTNER_ROLES, callback_for, has_role
from components.errors import error_alert, refusal, warehouse_error
from components.page import page_context
from components.partner_directory_view import (
    FILTERS,
    count_text,
    directory_columns,
    directory_rows,
    dropdown_options,
)
from components.partner_profile_view import profile_view
from crm.partners import PartnerError
from crm.partners.profile import DirectoryFilter, choices, search
from crm.partners.state import PartnersState
from crm.partners.workplace import directory_view
from crm.partners.workplace import profile_view as partner_story
from data.warehouse import WarehouseUnavailable

log = logging.getLogger(__name__)
_FILTER_INPUTS = [Input(f"pt-f-{key}", "value") for key, *_ in FILTERS]
_OPTION_OUTPUTS = [o for key, *_ in FILTERS for o in (Output(f"pt-f-{key}", "options"),
                                                       Output(f"pt-f-{key}-box", "style"))]  # fmt: skip


@callback(
    Output("pt-grid", "rowData"),
    Output("pt-grid", "columnDefs"),
    Output("pt-count", "children"),
    Output("pt-message", "children"),
    *_OPTION_OUTPUTS,
    Input("pt-state", "data"),
    Input("pt-q", "value"),
    *_FILTER_INPUTS,
)
@callback_for(*PARTNER_ROLES)
def render_directory(store, text, *chosen):
    """The directory of the period, searched and filtered as the widgets say."""
    context = page_context()
    blank = [[], [], "", None, *[no_update] * len(_OPTION_OUTPUTS)]
    if context.catalog is None:
        return [*blank[:3], context.error_view(), *blank[4:]]
    lang = context.lang
    try:
        state = PartnersState.from_query(store or {}, context.catalog)
        frame = directory_view(state.period.first_day, state.period.last_day)
        flt = DirectoryFilter.of(
            text, **{field: value for (_, _, field, _), value in zip(FILTERS, chosen, strict=True)}
        )
        shown = search(frame, flt)
        message = None if len(frame) else refusal(PartnerError("partners.error.none_in_scope"), lang, color="info")
        return [directory_rows(shown, lang), directory_columns(frame, lang), count_text(len(shown), len(frame), lang),
                message, *dropdown_options(choices(frame), lang)]  # fmt: skip
    except WarehouseUnavailable as exc:
        return [*blank[:3], warehouse_error(exc, lang), *blank[4:]]
    except Exception:  # the page stays usable; the traceback goes to the log
        log.exception("partner directory failed for %r", store)
        return [*blank[:3], error_alert(lang), *blank[4:]]


@callback(Output("pt-profile", "children"), Input("pt-state", "data"))
@callback_for(*PARTNER_ROLES)
def render_profile(store):
    """The profile of the partner in the URL (nothing without one; the refusal for a bad one)."""
    context = page_context()
    if context.catalog is None:
        return context.error_view()
    lang = context.lang
    state = PartnersState.from_query(store or {}, context.catalog)
    if state.partner is None:
        return None
    try:
        found = partner_story(state.partner, state.period.first_day, state.period.last_day)
        return profile_view(found, state, lang, has_role(PARTNER_EDIT_ROLES))
    except PartnerError as exc:
        return refusal(exc, lang, id="pt-refusal")
    except WarehouseUnavailable as exc:
        return warehouse_error(exc, lang)
    except Exception:
        log.exception("partner profile failed for %r", store)
        return error_alert(lang)


@callback(
    Output("_pages_location", "search", allow_duplicate=True),
    Input("pt-grid", "cellClicked"),
    Input("pt-period", "value"),
    State("pt-state", "data"),
    State("pt-q", "value"),
    *[State(f"pt-f-{key}", "value") for key, *_ in FILTERS],
    prevent_initial_call=True,
)
@callback_for(*PARTNER_ROLES)
def navigate(cell, token, store, text, *chosen):
    """A row click opens its profile, the period dropdown changes the period; the search and filters
    go into the URL with them (Back returns to the same directory)."""
    context = page_context()
    if context.catalog is None:
        return no_update
    state = PartnersState.from_query(store or {}, context.catalog)
    flt = DirectoryFilter.of(text, **{field: value for (_, _, field, _), value in zip(FILTERS, chosen, strict=True)})
    if ctx.triggered_id == "pt-grid":
        row = (cell or {}).get("rowId")
        new = state.filtered(flt).opened(row) if row not in (None, "") else state
    else:
        new = state.filtered(flt).with_period(token or "", context.catalog)
    return no_update if new.to_search() == state.to_search() else new.to_search()

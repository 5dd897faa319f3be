"""Import page wiring: source -> mapping -> validation -> load (a background job) -> history. The browser
holds a random token only; each callback makes one call of ``data.import_session`` (or ``jobs.importing``)
and shows its answer, or its refusal, through ``components.import_view``."""

from __future__ import annotations

from dash import ALL, Input, Output, State, callback, ctx, dcc, no_update
from flask_login import current_user

from components import import_view as view
from components.access import background_for, callback_for, user_from_token
from data import import_session as session
from data.importer import ImportProblem, history
from i18n import current_language
from jobs.importing import load_import

ROLES = ("admin",)
MAP = {"type": "imp-map", "index": ALL}


@callback(
    Output("imp-token", "data"), Output("imp-upload", "contents"), Output("imp-source-info", "children"),
    Output("imp-mapping", "children"), Input("imp-upload", "contents"), Input("imp-db-read", "n_clicks"),
    Input("imp-entity", "value"), Input("imp-encoding", "value"),
    State("imp-upload", "filename"), *[State(i, "value") for i in ("imp-db-url", "imp-db-table", "imp-db-query")],
    State("imp-token", "data"), prevent_initial_call=True,
)  # fmt: skip
@callback_for(*ROLES)
def receive_source(contents, _read, entity, encoding, filename, url, table, query, token):
    """An upload or a database read opens a new source; the entity or encoding re-reads the current one.
    The upload's contents are cleared from the browser as soon as they are on the server."""
    lang, action, clear = current_language(), ctx.triggered_id.removeprefix("imp-"), None if contents else no_update
    if (action == "upload" and contents is None) or (action not in session.NEW_SOURCE and not token):
        return no_update, clear, no_update, no_update  # (clear is no_update when there are no contents)
    try:
        user, upload, database = current_user.username, (filename, contents), (url, table, query)
        token, state, mapping = session.receive(user, token, action, entity, encoding, upload, database)
    except (KeyError, ImportProblem) as exc:
        kept = token if isinstance(exc, ImportProblem) and action not in session.NEW_SOURCE else None
        return kept, clear, view.failure(exc, lang), view.none_yet(lang)
    return token, clear, view.source_info(state, lang), view.mapping_form(state.source, mapping, lang)


@callback(
    Output("imp-mapping-check", "children"), Output("imp-validate", "disabled"), Output("imp-validation", "children"),
    Output("imp-download-btn", "style"), Output("imp-load", "disabled"), Input(MAP, "value"),
    Input("imp-dayfirst", "value"), Input("imp-token", "data"), Input("imp-discount", "value"),
    Input("imp-reconcile", "value"), Input("imp-currency", "value"), State("imp-entity", "value"),
)  # fmt: skip
@callback_for(*ROLES)
def check_mapping(choices, dayfirst, token, _discount, _reconcile, _currency, entity):
    """Any change of the mapping is checked at once and makes an earlier validation void."""
    if not token:
        return None, True, None, view.HIDDEN, True
    try:
        mapping = session.check(token, current_user.username, session.Choices(entity, tuple(choices), dayfirst))
    except (KeyError, ImportProblem) as exc:
        return view.failure(exc, current_language()), True, None, view.HIDDEN, True
    return view.mapping_ok(mapping, current_language()), False, None, view.HIDDEN, True


@callback(
    Output("imp-saved", "options"), Output("imp-save-message", "children"), Input("imp-save", "n_clicks"),
    Input("imp-entity", "value"), State("imp-save-name", "value"), State(MAP, "value"), State("imp-dayfirst", "value"),
    State("imp-token", "data"), State("imp-discount", "value"),
)  # fmt: skip
@callback_for(*ROLES)
def saved_mappings(_save, entity, name, choices, dayfirst, token, discount):
    """The saved mappings of this kind of data; the button saves the current mapping under a name."""
    lang, note, choices = current_language(), None, session.Choices(entity, tuple(choices), dayfirst, discount)
    try:
        if ctx.triggered_id == "imp-save":
            note = view.save_note(session.save_choices(name, token, current_user.username, choices), lang)
    except (KeyError, ImportProblem) as exc:
        note = view.failure(exc, lang)
    return [{"label": n, "value": n} for n in session.saved_names(entity)], note


@callback(
    Output(MAP, "value"), Output("imp-dayfirst", "value"), Output("imp-discount", "value"),
    Output("imp-save-message", "children", allow_duplicate=True), Input("imp-saved", "value"),
    State("imp-token", "data"), State("imp-entity", "value"), State(MAP, "value"), prevent_initial_call=True,
)  # fmt: skip
@callback_for(*ROLES)
def apply_saved(name, token, entity, choices):
    """A saved mapping sets every column's field (columns it does not name are left out)."""
    lang = current_language()
    try:
        found = session.apply_saved(token, current_user.username, name) if name else None
    except (KeyError, ImportProblem) as exc:
        return [no_update] * len(choices), no_update, no_update, view.failure(exc, lang)
    return view.saved_outputs(name, found, entity or "order_lines", len(choices), lang)


@callback(
    Output("imp-validation", "children", allow_duplicate=True),
    Output("imp-download-btn", "style", allow_duplicate=True), Output("imp-load", "disabled", allow_duplicate=True),
    Input("imp-validate", "n_clicks"), State("imp-token", "data"), State("imp-entity", "value"), State(MAP, "value"),
    *[State(f"imp-{i}", "value") for i in ("dayfirst", "discount", "reconcile", "currency", "guests", "channel",
                                           "channel-group")], prevent_initial_call=True,
)  # fmt: skip
@callback_for(*ROLES)
def run_validation(_clicks, token, entity, choices, dayfirst, discount, reconcile, currency, *lines):
    """Stage and check every row (nothing is written); the staged rows wait on the server for the load."""
    lang, choices = current_language(), session.Choices(entity, tuple(choices), dayfirst, discount, reconcile)
    try:
        v = session.check_rows(token, current_user.username, choices, currency, *lines)
    except Exception as exc:
        return view.failure(exc, lang), view.HIDDEN, True
    return view.validation_summary(v, lang), (view.HIDDEN if v.ok else view.SHOWN), not v.loadable or v.mostly_bad


@callback(Output("imp-download", "data"), Input("imp-download-btn", "n_clicks"), State("imp-token", "data"),
          prevent_initial_call=True)  # fmt: skip
@callback_for(*ROLES)
def download_report(_clicks, token):
    """Every problem of the validation, one row each, as CSV."""
    report = session.error_report(token, current_user.username)
    return no_update if report is None else dcc.send_file(str(report[0]), filename=report[1])


@callback(
    Output("imp-result", "children"), Output("imp-loaded", "data"), Input("imp-load", "n_clicks"),
    State("imp-token", "data"), State("imp-policy", "value"), State("imp-user", "data"), State("imp-lang", "data"),
    background=True, prevent_initial_call=True, cancel=[Input("imp-cancel", "n_clicks")],
    running=[(Output("imp-load", "disabled"), True, True), (Output("imp-validate", "disabled"), True, False),
             (Output("imp-cancel", "disabled"), False, True)],
    progress=[Output("imp-progress", "value"), Output("imp-progress", "label")],
)  # fmt: skip
@background_for(*ROLES)
def run_load(set_progress, _clicks, token, policy, user_token, lang):
    """The validated rows as one new warehouse version, in a worker (a failure or cancel changes nothing)."""
    lang = lang if lang in ("en", "ko") else "en"
    try:
        user = user_from_token(user_token)
        session.get(token, user)
    except (KeyError, ValueError):
        return view.expired(lang), no_update
    try:
        result = load_import(token, user, policy, lambda fraction, _text: set_progress(view.progress(fraction, lang)))
    except Exception as exc:
        return view.load_failed(exc, lang), no_update
    return view.load_answer(result, lang), no_update if result is None else result.import_id


@callback(Output("imp-history", "rowData"), Input("imp-loaded", "data"))
@callback_for(*ROLES)
def import_history(_loaded):
    """The latest imports, newest first."""
    return view.history_rows(history(100), current_language())

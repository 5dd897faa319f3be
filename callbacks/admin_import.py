"""Import page wiring: source -> mapping -> validation -> load (a background job) -> history.

The browser holds a random token only; the upload, the opened source and the staged rows
stay on the server (``data.import_session``). Every step calls one function of
``data.importer`` and turns its answer, or its ``ImportProblem``, into words.
"""

from __future__ import annotations

import logging

import dash_ag_grid as dag
import dash_bootstrap_components as dbc
from dash import ALL, Input, Output, State, callback, ctx, dcc, html, no_update
from flask_login import current_user

from components.access import background_for, callback_for, user_from_token
from components.errors import error_alert
from data import import_session as session
from data.importer import ImportProblem, detect, history, list_mappings, load, load_mapping, save_mapping, validate
from data.importer.entities import get_entity
from data.importer.errors import message as english
from i18n import current_language, t
from i18n import format as fmt
from i18n.translations import TRANSLATIONS
from jobs.derive import derive

log = logging.getLogger(__name__)
ROLES = ("admin",)
FIRST_PROBLEMS = 200
HIDDEN = {"display": "none"}
SHOWN = {"display": "inline-block"}


def say(key: str, lang: str, **values) -> str:
    """An importer message in ``lang`` when its translation exists, else the importer's English text."""
    text = TRANSLATIONS.get(key, {}).get(lang)
    if text is None:
        return english(key, **values)
    try:
        return text.format(**values)
    except (KeyError, IndexError):
        return text


def grid_locale(lang: str) -> dict:
    """AG Grid's own words (empty grid, pager) in the reader's language."""
    keys = ("noRowsToShow", "page", "of", "to", "pageSizeSelectorLabel")
    return {k: t(f"import_page.grid.{k}", lang) for k in keys}


def problem_alert(exc: ImportProblem, lang: str) -> dbc.Alert:
    if exc.key == "import.too_large":  # the page's own limit, and where larger files go
        text = t(
            "import_page.too_large",
            lang,
            size=session.human_size(exc.values["size"]),
            limit=session.human_size(exc.values["limit"]),
        )
    else:
        text = say(exc.key, lang, **exc.values)
    children = [html.Div(text)]
    if exc.key == "import.bad_encoding":
        children.append(html.Div(t("import_page.encoding_hint", lang), className="small mt-1"))
    return dbc.Alert(children, color="danger", className="mb-0 imp-problem")


def expired(lang: str) -> dbc.Alert:
    return dbc.Alert(t("import_page.expired", lang), color="warning", id="imp-expired", className="mb-0")


def entity_label(name: str, lang: str) -> str:
    key = f"import_page.entity.{name}"
    return t(key, lang) if key in TRANSLATIONS else name


def _user() -> str:
    return current_user.username


# --------------------------------------------------------------------------- 1. the source


def _samples(source, i: int) -> str:
    values = [str(row[i]) for row in source.sample if i < len(row) and row[i] not in (None, "")][:3]
    text = ", ".join(v if len(v) <= 24 else v[:23] + "…" for v in values)
    return text or "—"


def mapping_form(source, mapping, lang: str) -> html.Div:
    """One row per file column: its name, its first values, and a select of the entity's fields."""
    entity = get_entity(mapping.entity)
    options = [{"label": t("import_page.not_imported", lang), "value": session.SKIP}] + [
        {"label": t("import_page.required", lang, field=f.name) if f.required else f.name, "value": f.name}
        for f in entity.fields
    ]
    header = dbc.Row(
        [
            dbc.Col(html.Strong(t("import_page.col.column", lang)), md=3),
            dbc.Col(html.Strong(t("import_page.col.sample", lang)), md=5),
            dbc.Col(html.Strong(t("import_page.col.field", lang)), md=4),
        ],
        className="g-2 border-bottom pb-1 mb-1 small",
    )
    rows = [
        html.Div(
            dbc.Row(
                [
                    dbc.Col(html.Code(column, className="text-body"), md=3, className="text-break"),
                    dbc.Col(_samples(source, i), md=5, className="small text-muted text-break"),
                    dbc.Col(
                        dbc.Select(
                            id={"type": "imp-map", "index": i},
                            options=options,
                            value=mapping.columns.get(column) or session.SKIP,
                            size="sm",
                            name=column,
                        ),
                        md=4,
                    ),
                ],
                className="g-2 align-items-center py-1 border-bottom",
            ),
            **{"data-column": column},
        )
        for i, column in enumerate(source.columns)
    ]
    notes = [
        html.Div(t("import_page.detected_note", lang, note=n), className="small text-muted") for n in mapping.notes
    ]
    return html.Div([header, *rows, *notes], id="imp-mapping-form")


def source_info(state, lang: str) -> html.Div:
    src = state.source
    text = t("import_page.source", lang, label=state.label, kind=src.kind, encoding=src.encoding or "—",
             columns=len(src.columns))  # fmt: skip
    return html.Div([dbc.Alert(text, color="info", className="mb-1 py-2", id="imp-source-ok"),
                     html.Div(t("import_page.encoding_hint", lang), className="small text-muted")])  # fmt: skip


@callback(
    Output("imp-token", "data"),
    Output("imp-upload", "contents"),
    Output("imp-source-info", "children"),
    Output("imp-mapping", "children"),
    Input("imp-upload", "contents"),
    Input("imp-db-read", "n_clicks"),
    Input("imp-entity", "value"),
    Input("imp-encoding", "value"),
    State("imp-upload", "filename"),
    State("imp-db-url", "value"),
    State("imp-db-table", "value"),
    State("imp-db-query", "value"),
    State("imp-token", "data"),
    prevent_initial_call=True,
)
@callback_for(*ROLES)
def receive_source(contents, _read, entity, encoding, filename, url, table, query, token):
    """An upload or a database read opens a new source; the entity or encoding re-reads the current one.
    The upload's contents are cleared from the browser as soon as they are on the server."""
    lang = current_language()
    trigger = ctx.triggered_id
    user = _user()
    entity = entity or "order_lines"
    clear = None if contents else no_update
    try:
        if trigger == "imp-upload":
            if contents is None:
                return no_update, no_update, no_update, no_update
            session.finish(token, user)
            token, state = session.start_upload(user, filename, contents, encoding)
        elif trigger == "imp-db-read":
            session.finish(token, user)
            token, state = session.start_database(user, url, table, query)
        elif token:
            state = session.reopen(token, user, encoding) if trigger == "imp-encoding" else session.get(token, user)
            if trigger == "imp-entity":
                session.drop_validation(state)
                session.save(token, state)
        else:
            return no_update, clear, no_update, no_update
        mapping = detect(state.source, entity)
    except KeyError:
        return None, clear, expired(lang), html.P(t("import_page.none_yet", lang), className="text-muted")
    except ImportProblem as exc:
        if trigger in ("imp-upload", "imp-db-read"):
            token = None
        return token, clear, problem_alert(exc, lang), html.P(t("import_page.none_yet", lang), className="text-muted")
    return token, clear, source_info(state, lang), mapping_form(state.source, mapping, lang)


# --------------------------------------------------------------------------- 2. the mapping


def current_mapping(token: str, user: str, entity: str, choices: list, dayfirst: str | None,
                    discount: str | None = None, reconcile: bool | None = True):  # fmt: skip
    state = session.get(token, user)
    mapping = session.mapping_from_choices(entity or "order_lines", state.source.columns, choices)
    return state, session.with_options(mapping, dayfirst, discount, reconcile)


@callback(
    Output("imp-mapping-check", "children"),
    Output("imp-validate", "disabled"),
    Output("imp-validation", "children"),
    Output("imp-download-btn", "style"),
    Output("imp-load", "disabled"),
    Input({"type": "imp-map", "index": ALL}, "value"),
    Input("imp-dayfirst", "value"),
    Input("imp-token", "data"),
    Input("imp-discount", "value"),
    Input("imp-reconcile", "value"),
    Input("imp-currency", "value"),
    State("imp-entity", "value"),
)
@callback_for(*ROLES)
def check_mapping(choices, dayfirst, token, _discount, _reconcile, _currency, entity):
    """Any change of the mapping is checked at once (two columns on one field, a required field
    without a column) and makes an earlier validation void."""
    lang = current_language()
    if not token:
        return None, True, None, HIDDEN, True
    try:
        state, mapping = current_mapping(token, _user(), entity, choices, dayfirst)
        if state.validation is not None:
            session.drop_validation(state)
            session.save(token, state)
        mapping.check(state.source.columns)
    except KeyError:
        return expired(lang), True, None, HIDDEN, True
    except ImportProblem as exc:
        return problem_alert(exc, lang), True, None, HIDDEN, True
    used = len(mapping.fields())
    ok = t("import_page.mapping.ok", lang, n=used, skipped=len(mapping.columns) - used)
    return dbc.Alert(ok, color="success", className="mb-0 py-2", id="imp-mapping-ok"), False, None, HIDDEN, True


@callback(
    Output("imp-saved", "options"),
    Output("imp-save-message", "children"),
    Input("imp-save", "n_clicks"),
    Input("imp-entity", "value"),
    State("imp-save-name", "value"),
    State({"type": "imp-map", "index": ALL}, "value"),
    State("imp-dayfirst", "value"),
    State("imp-token", "data"),
    State("imp-discount", "value"),
)
@callback_for(*ROLES)
def saved_mappings(_save, entity, name, choices, dayfirst, token, discount):
    """The saved mappings of this kind of data; the button saves the current mapping under a name."""
    lang = current_language()
    note = None
    if ctx.triggered_id == "imp-save":
        name = (name or "").strip()
        try:
            if not name:
                note = dbc.Alert(t("import_page.save.no_name", lang), color="warning", className="py-2")
            else:
                _, mapping = current_mapping(token, _user(), entity, choices, dayfirst, discount)
                mapping.check(list(mapping.columns))
                save_mapping(name, mapping, _user())
                note = dbc.Alert(t("import_page.saved.ok", lang, name=name), color="success", className="py-2",
                                 id="imp-saved-ok")  # fmt: skip
        except KeyError:
            note = expired(lang)
        except ImportProblem as exc:
            note = problem_alert(exc, lang)
    options = [
        {"label": m["name"], "value": m["name"]} for m in list_mappings() if m["entity"] == (entity or "order_lines")
    ]
    return options, note


@callback(
    Output({"type": "imp-map", "index": ALL}, "value"),
    Output("imp-dayfirst", "value"),
    Output("imp-discount", "value"),
    Output("imp-save-message", "children", allow_duplicate=True),
    Input("imp-saved", "value"),
    State("imp-token", "data"),
    State("imp-entity", "value"),
    State({"type": "imp-map", "index": ALL}, "value"),
    prevent_initial_call=True,
)
@callback_for(*ROLES)
def apply_saved(name, token, entity, choices):
    """A saved mapping sets every column's field (columns it does not name are left out)."""
    lang = current_language()
    keep = [no_update] * len(choices)
    if not name:
        return keep, no_update, no_update, None
    try:
        state = session.get(token, _user())
        saved = load_mapping(name)
    except KeyError:
        return keep, no_update, no_update, expired(lang)
    except ImportProblem as exc:
        return keep, no_update, no_update, problem_alert(exc, lang)
    if saved.entity != (entity or "order_lines"):
        label = entity_label(saved.entity, lang)
        return keep, no_update, no_update, dbc.Alert(t("import_page.saved.other_entity", lang, name=name, entity=label),
                                          color="warning", className="py-2")  # fmt: skip
    columns = state.source.columns
    values = [saved.columns.get(c) or session.SKIP for c in columns]
    missing = len([c for c in saved.columns if c not in columns])
    note = dbc.Alert(t("import_page.saved.applied", lang, name=name, missing=missing), color="info", className="py-2")
    return values, session.order_choice(saved.dayfirst), saved.discount or "auto", note


# --------------------------------------------------------------------------- 3. validation


def problems_grid(validation, lang: str) -> dag.AgGrid:
    df = validation.error_rows(limit=FIRST_PROBLEMS)
    rows = [
        {"row": int(r.row), "column": r.column, "field": r.field, "value": r.value, "rule": r.rule,
         "message": say(r.message_key, lang)}
        for r in df.itertuples()
    ]  # fmt: skip
    cols = [("row", "row", {"pinned": "left", "maxWidth": 90, "type": "numericColumn"}), ("column", "column", {}),
            ("field", "field_name", {}), ("value", "value", {}), ("message", "message", {"flex": 3, "minWidth": 260})]  # fmt: skip
    return dag.AgGrid(
        id="imp-problems",
        rowData=rows,
        columnDefs=[{"field": f, "headerName": t(f"import_page.col.{k}", lang), **extra} for f, k, extra in cols],
        defaultColDef={
            "sortable": True,
            "resizable": True,
            "filter": True,
            "flex": 1,
            "minWidth": 90,
            "wrapText": True,
            "autoHeight": True,
        },  # fmt: skip
        dashGridOptions={
            "pagination": True,
            "paginationPageSize": 20,
            "domLayout": "autoHeight",
            "localeText": grid_locale(lang),
        },  # fmt: skip
        className="ag-theme-alpine",
        style={"width": "100%"},
    )


def validation_summary(validation, lang: str) -> html.Div:
    v = validation
    n = lambda x: fmt.number(x, lang)  # noqa: E731
    parts = [
        html.P(t("import_page.summary", lang, rows_in=n(v.rows_in), valid=n(v.rows_valid), bad=n(v.rows_bad)),
               id="imp-summary", className="fw-semibold mb-2"),
    ]  # fmt: skip
    if v.ok:
        parts.append(dbc.Alert(t("import_page.summary.clean", lang), color="success", className="py-2"))
    else:
        parts.append(html.Div(t("import_page.summary.rules", lang), className="small text-muted"))
        parts.append(
            html.Ul(
                [html.Li(f"{say('rule.' + rule, lang)} — {n(count)}", **{"data-rule": rule})
                 for rule, count in v.errors.items()],
                id="imp-rules",
            )
        )  # fmt: skip
    parts += decided_and_applied(v.decisions, v.applied, None, lang)
    derived = session.derivations(v.mapping, v.derive, bool(v.channel or v.channel_group))
    if derived:
        parts.append(html.Div(t("import_page.summary.derived", lang), className="small text-muted"))
        parts.append(html.Ul([html.Li(t(k, lang)) for k in derived], id="imp-derive"))
    if not v.ok:
        shown = min(FIRST_PROBLEMS, sum(v.errors.values()))
        parts.append(html.Div(t("import_page.summary.first", lang, n=n(shown)), className="small text-muted mb-1"))
        parts.append(problems_grid(v, lang))
    return html.Div(parts)


@callback(
    Output("imp-validation", "children", allow_duplicate=True),
    Output("imp-download-btn", "style", allow_duplicate=True),
    Output("imp-load", "disabled", allow_duplicate=True),
    Input("imp-validate", "n_clicks"),
    State("imp-token", "data"),
    State("imp-entity", "value"),
    State({"type": "imp-map", "index": ALL}, "value"),
    State("imp-dayfirst", "value"),
    State("imp-discount", "value"),
    State("imp-reconcile", "value"),
    State("imp-currency", "value"),
    State("imp-guests", "value"),
    State("imp-channel", "value"),
    State("imp-channel-group", "value"),
    prevent_initial_call=True,
)
@callback_for(*ROLES)
def run_validation(_clicks, token, entity, choices, dayfirst, discount, reconcile, currency, guests, channel,
                   channel_group):  # fmt: skip
    """Stage and check every row (nothing is written); the staged rows wait on the server for the load."""
    lang = current_language()
    try:
        state, mapping = current_mapping(token, _user(), entity, choices, dayfirst, discount, reconcile)
        session.drop_validation(state)
        options = {"guests": guests or "keep", "channel": channel, "channel_group": channel_group or None}
        state.validation = validate(
            state.source, mapping, currency=currency, **(options if entity == "order_lines" else {})
        )
        session.save(token, state)
    except KeyError:
        return expired(lang), HIDDEN, True
    except ImportProblem as exc:
        return problem_alert(exc, lang), HIDDEN, True
    except Exception:
        log.exception("validation failed")
        return error_alert(lang), HIDDEN, True
    v = state.validation
    return validation_summary(v, lang), (HIDDEN if v.ok else SHOWN), v.rows_valid == 0


@callback(
    Output("imp-download", "data"),
    Input("imp-download-btn", "n_clicks"),
    State("imp-token", "data"),
    prevent_initial_call=True,
)
@callback_for(*ROLES)
def download_report(_clicks, token):
    """Every problem of the validation, one row each, as CSV."""
    try:
        state = session.get(token, _user())
    except KeyError:
        return no_update
    if state.validation is None:
        return no_update
    path = state.validation.write_error_report()
    return dcc.send_file(str(path), filename=f"import-errors-{state.validation.import_id}.csv")


# --------------------------------------------------------------------------- 4. the load

STEPS = ((0.6, "reading"), (0.75, "writing"), (0.85, "aggregates"), (0.95, "scores"), (1.0, "publishing"))


def step_key(fraction: float) -> str:
    """The page's words for the importer's progress (its own text is for the CLI)."""
    if fraction >= 1.0:
        return "import_page.progress.done"
    return "import_page.progress." + next(name for limit, name in STEPS if fraction < limit)


def result_view(result, lang: str) -> html.Div:
    n = lambda x: fmt.number(x, lang)  # noqa: E731
    if result.status != "loaded":
        return dbc.Alert(t("import_page.result.rejected", lang, rejected=n(result.rows_rejected),
                           rows_in=n(result.rows_in)), color="warning", id="imp-rejected")  # fmt: skip
    kpis = dbc.Row(
        [
            dbc.Col(dbc.Card(dbc.CardBody([html.Div(t(f"import_page.kpi.{k}", lang), className="small text-muted"),
                                           html.Div(v, className="fw-semibold text-break " + ("small" if k == "version" else "fs-5"), id=f"imp-kpi-{k}")])), md=3)
            for k, v in (("version", result.version), ("loaded", n(result.rows_loaded)),
                         ("rejected", n(result.rows_rejected)), ("quarantined", n(result.rows_quarantined)))
        ],
        className="g-2 mb-2",
    )  # fmt: skip
    lines = [t("import_page.result.loaded", lang, loaded=n(result.rows_loaded), rows_in=n(result.rows_in),
               version=result.version)]  # fmt: skip
    if result.rows_quarantined:
        lines.append(t("import_page.result.quarantined", lang, n=n(result.rows_quarantined),
                       file=result.quarantine_file.name if result.quarantine_file else "—"))  # fmt: skip
    if result.derived:
        items = ", ".join(f"{n(v)} {entity_label(k, lang).lower()}" for k, v in result.derived.items())
        lines.append(t("import_page.result.derived", lang, items=items))
    else:
        lines.append(t("import_page.result.nothing_derived", lang))
    for key, count in (("returns", result.return_lines), ("guests", result.guest_lines),
                       ("signups", result.signups_derived)):  # fmt: skip
        if count:
            lines.append(t(f"import_page.result.{key}", lang, n=n(count)))
    lines.append(t("import_page.result.scores", lang, scores=result.scores))
    if result.currency:
        lines.append(t("import_page.result.currency", lang, currency=result.currency))
    applied = decided_and_applied({}, result.applied, result.currency, lang, "imp-result-applied")
    return html.Div(
        [kpis, dbc.Alert([html.Div(x) for x in lines], color="success", className="mb-0", id="imp-loaded-ok"),
         *applied]
    )  # fmt: skip


def decided_and_applied(decisions: dict, applied: dict, currency: str | None, lang: str,
                        list_id: str = "imp-applied") -> list:  # fmt: skip
    """What the importer decided from the whole file and every default it applied, counted."""
    n = lambda x: fmt.number(x, lang)  # noqa: E731
    parts = []
    if decisions:
        parts.append(html.Div(t("import_page.decided", lang), className="small text-muted mt-2"))
        parts.append(html.Ul([html.Li(t(f"import_page.decided.{k}.{v}", lang)) for k, v in decisions.items()],
                             id="imp-decided"))  # fmt: skip
    if applied:
        parts.append(html.Div(t("import_page.applied", lang), className="small text-muted mt-2"))
        parts.append(
            html.Ul(
                [html.Li(t(f"import_page.applied.{k}", lang, n=n(v), currency=currency or ""), **{"data-applied": k})
                 for k, v in applied.items()],
                id=list_id,
            )
        )  # fmt: skip
    return parts


@callback(
    Output("imp-result", "children"),
    Output("imp-loaded", "data"),
    Input("imp-load", "n_clicks"),
    State("imp-token", "data"),
    State("imp-policy", "value"),
    State("imp-user", "data"),
    State("imp-lang", "data"),
    background=True,
    running=[
        (Output("imp-load", "disabled"), True, True),
        (Output("imp-validate", "disabled"), True, False),
        (Output("imp-cancel", "disabled"), False, True),
    ],
    progress=[Output("imp-progress", "value"), Output("imp-progress", "label")],
    cancel=[Input("imp-cancel", "n_clicks")],
    prevent_initial_call=True,
)
@background_for(*ROLES)
def run_load(set_progress, _clicks, token, policy, user_token, lang):
    """Write the validated rows as one new warehouse version, in a worker process (roles were checked
    on the request). A failure or a cancel leaves the current version as it was."""
    lang = lang if lang in ("en", "ko") else "en"
    try:
        user = user_from_token(user_token)
        state = session.get(token, user)
    except (KeyError, ValueError):
        return expired(lang), no_update
    if state.validation is None:
        return dbc.Alert(t("import_page.validate_first", lang), color="warning"), no_update

    def progress(fraction: float, _text: str) -> None:
        set_progress((int(round(fraction * 100)), t(step_key(fraction), lang)))

    try:
        result = load(state.validation, user, policy=policy or "reject", progress=progress, derive=derive)
    except ImportProblem as exc:
        return problem_alert(exc, lang), no_update
    except Exception:
        log.exception("import load failed")
        return dbc.Alert(t("import_page.result.failed", lang), color="danger"), no_update
    if result.status == "loaded":
        session.finish(token, user)
    return result_view(result, lang), result.import_id


# --------------------------------------------------------------------------- 5. history


@callback(
    Output("imp-history", "rowData"),
    Input("imp-loaded", "data"),
)
@callback_for(*ROLES)
def import_history(_loaded):
    """The latest imports, newest first."""
    lang = current_language()
    rows = []
    for r in history(100):
        entity = r.get("entity") or ""
        status = r.get("status") or ""
        skey = f"import_page.status.{status}"
        rows.append(
            {
                "started_at": r["started_at"].strftime("%Y-%m-%d %H:%M") if r.get("started_at") else "",
                "actor": r.get("actor"),
                "source": r.get("source"),
                "entity_label": entity_label(entity, lang),
                "status_label": t(skey, lang) if skey in TRANSLATIONS else status,
                "rows_in": r.get("rows_in"),
                "rows_loaded": r.get("rows_loaded"),
                "rows_rejected": r.get("rows_rejected"),
                "rows_quarantined": r.get("rows_quarantined"),
                "warehouse_version": r.get("warehouse_version") or "",
            }
        )
    return rows

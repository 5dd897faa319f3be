"""The import page's answers: the detected mapping, the validation summary, the load's result, the history
rows and every refusal, in the reader's language (the controls are components/import_form.py)."""

from __future__ import annotations

import logging

import dash_ag_grid as dag
import dash_bootstrap_components as dbc
from dash import html, no_update

from components.errors import error_alert, refusal
from components.grids import ag_grid
from data import import_session as session
from data.importer import ImportProblem
from data.importer.entities import get_entity
from i18n import format as fmt
from i18n import t
from i18n.translations import TRANSLATIONS

log = logging.getLogger(__name__)
FIRST_PROBLEMS = 200
HIDDEN = {"display": "none"}
SHOWN = {"display": "inline-block"}
STEPS = ((0.6, "reading"), (0.75, "writing"), (0.85, "aggregates"), (0.95, "scores"), (1.0, "publishing"))


def grid_locale(lang: str) -> dict:
    """AG Grid's own words (empty grid, pager) in the reader's language."""
    keys = ("noRowsToShow", "page", "of", "to", "pageSizeSelectorLabel")
    return {k: t(f"import_page.grid.{k}", lang) for k in keys}


def problem(exc: ImportProblem, lang: str) -> dbc.Alert:
    """An importer refusal in words; a too large upload says the page's limit and where larger files go,
    a bad encoding how to choose another."""
    if exc.key == "import.too_large":
        sizes = {k: session.human_size(exc.values[k]) for k in ("size", "limit")}
        exc = ImportProblem("import_page.too_large", **sizes)
    hint = t("import_page.encoding_hint", lang) if exc.key == "import.bad_encoding" else None
    return refusal(exc, lang, hint=hint, color="danger", className="mb-0 imp-problem")


def failure(exc: Exception, lang: str) -> dbc.Alert:
    """What a step says when it could not answer: the import is gone, the importer refused, or it broke
    (call it in the ``except`` block: the traceback goes to the log)."""
    if isinstance(exc, KeyError):
        return expired(lang)
    if isinstance(exc, ImportProblem):
        return problem(exc, lang)
    log.exception("import step failed")
    return error_alert(lang)


def expired(lang: str) -> dbc.Alert:
    return dbc.Alert(t("import_page.expired", lang), color="warning", id="imp-expired", className="mb-0")


def entity_label(name: str, lang: str) -> str:
    key = f"import_page.entity.{name}"
    return t(key, lang) if key in TRANSLATIONS else name


def field_label(name: str, lang: str) -> str:
    """A field in words with its name beside it ("Customer · customer_id"): what a column becomes."""
    return f"{t(f'import_page.field.{name}', lang, default=name)} · {name}"


def _samples(source, i: int) -> str:
    values = [str(row[i]) for row in source.sample if i < len(row) and row[i] not in (None, "")][:3]
    text = ", ".join(v if len(v) <= 24 else v[:23] + "…" for v in values)
    return text or "—"


def mapping_form(source, mapping, lang: str) -> html.Div:
    """One row per file column: its name, its first values, and a select of the entity's fields."""
    entity = get_entity(mapping.entity)
    options = [{"label": t("import_page.not_imported", lang), "value": session.SKIP}] + [
        {"label": t("import_page.required", lang, field=field_label(f.name, lang)) if f.required
         else field_label(f.name, lang), "value": f.name}
        for f in entity.fields
    ]  # fmt: skip
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


def problems_grid(validation, lang: str) -> dag.AgGrid:
    df = validation.error_rows(limit=FIRST_PROBLEMS)
    rows = [
        {"row": int(r.row), "column": r.column, "field": r.field, "value": r.value, "rule": r.rule,
         "message": t(r.message_key, lang, default=r.message_key)}
        for r in df.itertuples()
    ]  # fmt: skip
    cols = [("row", "row", {"pinned": "left", "maxWidth": 90, "type": "numericColumn"}), ("column", "column", {}),
            ("field", "field_name", {}), ("value", "value", {}), ("message", "message", {"flex": 3, "minWidth": 260})]  # fmt: skip
    return ag_grid(
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
                [html.Li(f"{t('rule.' + rule, lang, default='rule.' + rule)} — {n(count)}", **{"data-rule": rule})
                 for rule, count in v.errors.items()],
                id="imp-rules",
            )
        )  # fmt: skip
    parts += [dbc.Alert(t(key, lang, **values), color="warning", className="py-2 imp-note")
              for key, values in getattr(v, "notes", [])]  # what the whole file suggests  # fmt: skip
    if not v.ok and not v.loadable and v.rows_valid:
        parts.append(dbc.Alert(t("import.responses.whole_file", lang), color="danger", className="py-2",
                               id="imp-whole-file"))  # fmt: skip
    elif v.loadable and v.mostly_bad:
        share = fmt.percent(v.rows_bad / v.rows_in, lang, 0) if v.rows_in else "–"
        parts.append(dbc.Alert(t("import_page.mostly_bad", lang, bad=n(v.rows_bad), rows=n(v.rows_in), share=share),
                               color="danger", className="py-2", id="imp-mostly-bad"))  # fmt: skip
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


def step_key(fraction: float) -> str:
    """The page's words for the importer's progress (its own text is for the CLI)."""
    if fraction >= 1.0:
        return "import_page.progress.done"
    return "import_page.progress." + next(name for limit, name in STEPS if fraction < limit)


def progress(fraction: float, lang: str) -> tuple[int, str]:
    """The progress bar's value and label."""
    return int(round(fraction * 100)), t(step_key(fraction), lang)


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


def none_yet(lang: str) -> html.P:
    return html.P(t("import_page.none_yet", lang), className="text-muted")


def mapping_ok(mapping, lang: str) -> dbc.Alert:
    used = len(mapping.fields())
    ok = t("import_page.mapping.ok", lang, n=used, skipped=len(mapping.columns) - used)
    return dbc.Alert(ok, color="success", className="mb-0 py-2", id="imp-mapping-ok")


def save_note(name: str, lang: str) -> dbc.Alert:
    """After the save button: saved, or a name is missing."""
    if not name:
        return dbc.Alert(t("import_page.save.no_name", lang), color="warning", className="py-2")
    return dbc.Alert(t("import_page.saved.ok", lang, name=name), color="success", className="py-2", id="imp-saved-ok")


def other_entity(name: str, entity: str, lang: str) -> dbc.Alert:
    """A saved mapping chosen for another kind of data."""
    text = t("import_page.saved.other_entity", lang, name=name, entity=entity_label(entity, lang))
    return dbc.Alert(text, color="warning", className="py-2")


def saved_applied(name: str, missing: int, lang: str) -> dbc.Alert:
    return dbc.Alert(t("import_page.saved.applied", lang, name=name, missing=missing), color="info", className="py-2")


def saved_outputs(name: str, found: tuple | None, entity: str, columns: int, lang: str) -> tuple:
    """The mapping selects, date order, discount unit and note after choosing a saved mapping
    (``found``: ``data.import_session.apply_saved``'s answer; None when the choice was cleared)."""
    keep = [no_update] * columns
    if found is None:
        return keep, no_update, no_update, None
    saved, fields, missing = found
    if saved.entity != entity:
        return keep, no_update, no_update, other_entity(name, saved.entity, lang)
    return fields, session.order_choice(saved.dayfirst), saved.discount or "auto", saved_applied(name, missing, lang)


def load_answer(result, lang: str):
    """The load's result, or why there is none yet."""
    if result is None:
        return dbc.Alert(t("import_page.validate_first", lang), color="warning")
    return result_view(result, lang)


def load_failed(exc: Exception, lang: str) -> dbc.Alert:
    """Why the load wrote nothing (in the ``except`` block: the traceback goes to the log)."""
    if isinstance(exc, ImportProblem):
        return problem(exc, lang)
    log.exception("import load failed")
    return dbc.Alert(t("import_page.result.failed", lang), color="danger")


def history_rows(imports: list[dict], lang: str) -> list[dict]:
    """The history grid's rows: the latest imports, newest first, labels in the reader's language."""
    return [_history_row(r, lang) for r in imports]


def _history_row(r: dict, lang: str) -> dict:
    status = r.get("status") or ""
    skey = f"import_page.status.{status}"
    return {
        "started_at": r["started_at"].strftime("%Y-%m-%d %H:%M") if r.get("started_at") else "",
        "actor": r.get("actor"),
        "source": r.get("source"),
        "entity_label": entity_label(r.get("entity") or "", lang),
        "status_label": t(skey, lang) if skey in TRANSLATIONS else status,
        "rows_in": r.get("rows_in"),
        "rows_loaded": r.get("rows_loaded"),
        "rows_rejected": r.get("rows_rejected"),
        "rows_quarantined": r.get("rows_quarantined"),
        "warehouse_version": r.get("warehouse_version") or "",
    }

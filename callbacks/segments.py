"""Segment builder wiring: the rule editor, the live count, saving and opening segments."""

from __future__ import annotations

import logging

from dash import ALL, Input, Output, State, callback, ctx, no_update
from flask_login import current_user

from components.access import SEGMENT_ROLES, callback_for
from components.errors import error_alert
from components.segment_editor import complete, editor, loaded_info, refusal, reshaped, revalued
from components.segment_origin import origin_line
from components.segments_view import (
    PREVIEW_ROWS,
    archived_message,
    count_view,
    next_steps,
    saved_message,
    saved_rows,
)
from components.studio import warning
from crm import segments as seg
from crm.segments import SegmentError
from i18n import current_language, t

log = logging.getLogger(__name__)


# --------------------------------------------------------------------------- editing


@callback(
    Output("seg-rules", "children"),
    Output("seg-definition", "data", allow_duplicate=True),
    Output("seg-loaded", "data"),
    Output("seg-name", "value"),
    Output("seg-description", "value"),
    Output("seg-op", "value"),
    Input("seg-add-rule", "n_clicks"),
    Input("seg-add-group", "n_clicks"),
    Input({"type": "seg-add-in", "path": ALL}, "n_clicks"),
    Input({"type": "seg-remove", "path": ALL}, "n_clicks"),
    Input({"type": "seg-field", "path": ALL}, "value"),
    Input({"type": "seg-cmp", "path": ALL}, "value"),
    Input("seg-saved", "cellClicked"),
    State("seg-definition", "data"),
    prevent_initial_call=True,
)
@callback_for(*SEGMENT_ROLES)
def restructure(_add, _group, _add_in, _remove, fields, cmps, clicked, definition):
    """Changes that alter the editor's shape: add or remove a rule or group, change a field or
    comparison (its value control changes with it), open a saved segment."""
    lang = current_language()
    trigger = ctx.triggered_id
    if trigger is None:
        return (no_update,) * 6
    if trigger == "seg-saved":
        row = (clicked or {}).get("rowId")  # the grid's row id is the segment's id
        if not isinstance(row, str) or not row.isdigit():
            return (no_update,) * 6
        version = seg.segment_version(int(row))
        new, loaded = version["definition"], loaded_info(version)
        return editor(new, lang), new, loaded, loaded["name"], loaded["description"], new.get("op", "and")
    new = reshaped(definition, trigger, ctx.triggered[0]["value"] if ctx.triggered else None)
    if new is None:
        return (no_update,) * 6
    return editor(new, lang), new, no_update, no_update, no_update, no_update


@callback(
    Output("seg-definition", "data", allow_duplicate=True),
    Input({"type": "seg-value", "path": ALL}, "value"),
    Input({"type": "seg-value2", "path": ALL}, "value"),
    Input({"type": "seg-group-op", "path": ALL}, "value"),
    Input("seg-op", "value"),
    State("seg-definition", "data"),
    prevent_initial_call=True,
)
@callback_for(*SEGMENT_ROLES)
def revalue(_values, _values2, _ops, top_op, definition):
    """Changes that keep the editor's shape: values, and whether a group needs all or any."""
    new = revalued(definition, top_op, *ctx.inputs_list[:3])
    return no_update if new == definition else new


# --------------------------------------------------------------------------- counting


@callback(
    Output("seg-summary", "children"),
    Output("seg-preview", "rowData"),
    Output("seg-preview", "columnDefs"),
    Output("seg-error", "children"),
    Input("seg-definition", "data"),
)
@callback_for(*SEGMENT_ROLES)
def count(definition):
    """Size and value of the segment as it stands, and its biggest members."""
    lang = current_language()
    try:
        base = seg.segment_base(stand_in_ok=True)  # never a wait of minutes for a new version's table
        ready, skipped = complete(definition)
        summary, top = seg.live_count(ready, base, PREVIEW_ROWS)
    except SegmentError as exc:
        return no_update, no_update, no_update, warning(refusal(exc, lang))
    except Exception:
        log.exception("segment count failed")
        return no_update, no_update, no_update, error_alert(lang)
    return count_view(summary, top, skipped, lang, stand_in=base.stand_in)


# --------------------------------------------------------------------------- saving


@callback(
    Output("seg-saved", "rowData"),
    Output("seg-saved", "columnDefs"),
    Output("seg-save-version", "disabled"),
    Output("seg-editing", "children"),
    Input("seg-loaded", "data"),
)
@callback_for(*SEGMENT_ROLES)
def saved_list(loaded):
    lang = current_language()
    rows, columns = saved_rows(seg.list_segments(), lang)
    editing = (
        [t("segments.editing", lang, name=loaded["name"], version=loaded["version"]),
         *([origin_line(loaded["origin"], lang, id="seg-origin")] if loaded.get("origin") else [])]
        if loaded
        else t("segments.new", lang)
    )  # fmt: skip
    return rows, columns, not loaded, editing


@callback(
    Output("seg-save-message", "children"),
    Output("seg-loaded", "data", allow_duplicate=True),
    Input("seg-save-new", "n_clicks"),
    Input("seg-save-version", "n_clicks"),
    State("seg-name", "value"),
    State("seg-description", "value"),
    State("seg-definition", "data"),
    State("seg-loaded", "data"),
    prevent_initial_call=True,
)
@callback_for(*SEGMENT_ROLES)
def save(_new, _version, name, description, definition, loaded):
    lang = current_language()
    as_version = ctx.triggered_id == "seg-save-version" and loaded
    try:
        ready, _ = complete(definition)
        saved = seg.save_segment(
            name or "",
            ready,
            current_user.username,
            description or "",
            segment_id=loaded["segment_id"] if as_version else None,
        )
    except SegmentError as exc:
        return warning(refusal(exc, lang)), no_update
    except Exception:
        log.exception("segment save failed")
        return error_alert(lang), no_update
    origin = loaded.get("origin") if as_version else None  # a new version keeps where the segment came from
    loaded = {"segment_id": saved["segment_id"], "version": saved["version"], "name": name.strip(), "origin": origin}
    return saved_message(saved, name.strip(), lang), {**loaded, "description": description or ""}


# --------------------------------------------------------------------------- next steps


@callback(Output("seg-actions", "children"), Input("seg-loaded", "data"))
@callback_for(*SEGMENT_ROLES)
def actions(loaded):
    """Once a segment is saved (or a saved one opened): what to do with it next."""
    return next_steps(loaded, current_language())


@callback(
    Output("seg-save-message", "children", allow_duplicate=True),
    Output("seg-loaded", "data", allow_duplicate=True),
    Input("seg-archive", "submit_n_clicks"),
    State("seg-loaded", "data"),
    prevent_initial_call=True,
)
@callback_for(*SEGMENT_ROLES)
def archive(submitted, loaded):
    """Archive the segment being edited (confirmed): off the lists; its plans keep their snapshots."""
    lang = current_language()
    if not submitted or not (loaded or {}).get("segment_id"):
        return no_update, no_update
    try:
        name = seg.archive_segment(int(loaded["segment_id"]), current_user.username)
    except SegmentError as exc:
        return warning(refusal(exc, lang)), no_update
    return archived_message(name, lang), None


@callback(
    Output("_pages_location", "pathname", allow_duplicate=True),
    Output("_pages_location", "search", allow_duplicate=True),
    Input("seg-preview", "cellClicked"),
    prevent_initial_call=True,
)
@callback_for(*SEGMENT_ROLES)
def open_member(cell):
    """A click on a previewed member opens their Customer 360 profile."""
    row = (cell or {}).get("rowId")  # the grid's row id is the customer's id
    if not isinstance(row, str) or not row.isdigit():
        return no_update, no_update
    return "/customers", f"?id={row}"

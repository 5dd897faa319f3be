"""Segment builder wiring: the rule editor, the live count, saving and opening segments."""

from __future__ import annotations

import copy
import logging

import dash_bootstrap_components as dbc
from dash import ALL, Input, Output, State, callback, ctx, html, no_update
from flask_login import current_user

from components.access import SEGMENT_ROLES, callback_for
from components.errors import error_alert
from components.segment_editor import NO_VALUE, editor, loaded_info, refusal
from crm import segments as seg
from crm.segments import EMPTY, FIELDS, SegmentError
from i18n import current_language, t
from i18n import format as fmt

log = logging.getLogger(__name__)
PREVIEW_ROWS = 100


# --------------------------------------------------------------------------- editing


def _at(definition: dict, path: str) -> tuple[list, int]:
    """The list holding the item at ``path`` ("2" or "2.0") and its index there."""
    parts = [int(p) for p in path.split(".")]
    holder = definition["rules"]
    for p in parts[:-1]:
        holder = holder[p]["rules"]
    return holder, parts[-1]


def _default_cmp(field_id: str) -> str:
    return {"category": "in", "number": ">=", "flag": "is_true"}[FIELDS[field_id].kind]


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
    value = ctx.triggered[0]["value"] if ctx.triggered else None
    new = copy.deepcopy(definition or EMPTY)
    new.setdefault("rules", [])
    loaded = name = description = op = no_update
    if trigger == "seg-saved":
        if not clicked or not (clicked.get("data") or {}).get("segment_id"):
            return (no_update,) * 6
        version = seg.segment_version(int(clicked["data"]["segment_id"]))
        new = version["definition"]
        loaded = loaded_info(version)
        name, description, op = loaded["name"], loaded["description"], new.get("op", "and")
    elif trigger == "seg-add-rule":
        new["rules"].append({"field": None})
    elif trigger == "seg-add-group":
        new["rules"].append({"op": "or", "rules": [{"field": None}]})
    elif isinstance(trigger, dict):
        kind, path = trigger["type"], trigger["path"]
        if kind in ("seg-add-in", "seg-remove") and not value:
            return (no_update,) * 6  # a button that was just drawn, not clicked
        holder, index = _at(new, path)
        if kind == "seg-add-in":
            new["rules"][int(path)]["rules"].append({"field": None})
        elif kind == "seg-remove":
            holder.pop(index)
        elif kind == "seg-field":
            if holder[index].get("field") == value:
                return (no_update,) * 6
            holder[index] = {"field": value, "cmp": _default_cmp(value), "value": None}
        elif kind == "seg-cmp":
            if holder[index].get("cmp") == value:
                return (no_update,) * 6
            holder[index]["cmp"] = value
            if value in NO_VALUE:
                holder[index]["value"] = None
            elif value == "between" and not isinstance(holder[index].get("value"), list):
                holder[index]["value"] = [holder[index].get("value"), None]
            elif value != "between" and isinstance(holder[index].get("value"), list):
                if FIELDS[holder[index]["field"]].kind == "number":
                    holder[index]["value"] = holder[index]["value"][0]
    if new == definition and trigger != "seg-saved":
        return (no_update,) * 6
    return editor(new, lang), new, loaded, name, description, op


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
    new = copy.deepcopy(definition or EMPTY)
    new["op"] = top_op or "and"
    for item in ctx.inputs_list[0]:
        holder, index = _at(new, item["id"]["path"])
        rule, value = holder[index], item.get("value")
        if isinstance(rule.get("value"), list) and FIELDS[rule["field"]].kind == "number":
            rule["value"] = [value, rule["value"][1]]
        else:
            rule["value"] = value
    for item in ctx.inputs_list[1]:
        holder, index = _at(new, item["id"]["path"])
        low = holder[index].get("value")
        holder[index]["value"] = [low[0] if isinstance(low, list) else low, item.get("value")]
    for item in ctx.inputs_list[2]:
        new["rules"][int(item["id"]["path"])]["op"] = item.get("value") or "and"
    return no_update if new == definition else new


# --------------------------------------------------------------------------- counting


def complete(definition: dict) -> tuple[dict, int]:
    """The definition without rules still being filled in, and how many were left out."""
    skipped = 0

    def keep(rule: dict) -> bool:
        nonlocal skipped
        ok = bool(rule.get("field")) and bool(rule.get("cmp"))
        if ok and rule["cmp"] not in NO_VALUE:
            value = rule.get("value")
            ok = value not in (None, "", []) and not (
                isinstance(value, list) and None in value and rule["cmp"] == "between"
            )
        skipped += not ok
        return ok

    def prune(group: dict) -> dict:
        rules = []
        for item in group.get("rules") or []:
            if "rules" in item:
                inner = prune(item)
                if inner["rules"]:
                    rules.append(inner)
            elif keep(item):
                rules.append(item)
        return {"op": group.get("op", "and"), "rules": rules}

    return prune(definition or EMPTY), skipped


def _kpi(label: str, value: str, sub: str | None = None, kpi: str = "") -> dbc.Col:
    return dbc.Col(
        [
            html.Div(label, className="text-muted small"),
            html.Div(value, className="fs-4 fw-semibold", **({"data-kpi": kpi} if kpi else {})),
            html.Div(sub, className="small text-muted") if sub else None,
        ],
        xs=6,
        className="mb-2",
    )


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
        base = seg.segment_base()
        ready, skipped = complete(definition)
        summary, members = seg.summarise(ready, base)
    except SegmentError as exc:
        return no_update, no_update, no_update, dbc.Alert(refusal(exc, lang), color="warning", className="mb-0")
    except Exception:
        log.exception("segment count failed")
        return no_update, no_update, no_update, error_alert(lang)
    money = lambda v: fmt.money(v, lang) if v is not None else "–"  # noqa: E731
    cards = dbc.Row(
        [
            _kpi(
                t("segments.size", lang),
                fmt.number(summary.customers, lang),
                f"{summary.share:.1%} {t('segments.share', lang)}",
                "customers",
            ),
            _kpi(
                t("segments.value", lang),
                money(summary.revenue),
                f"{summary.revenue_share:.1%} {t('segments.value_share', lang)}",
                "revenue",
            ),
            _kpi(t("segments.avg_revenue", lang), money(summary.avg_revenue)),
            _kpi(
                t("segments.avg_orders", lang),
                f"{summary.avg_orders:,.1f}" if summary.avg_orders is not None else "–",
            ),
        ]
    )
    note = html.Div(t("segments.as_of", lang, date=fmt.date(summary.as_of, lang)), className="small text-muted")
    frame = base.frame.loc[members, ["country", "customer_type", "revenue", "orders", "recency_days"]]
    top = frame.sort_values("revenue", ascending=False).head(PREVIEW_ROWS).reset_index()
    columns = [
        {"field": "customer_id", "headerName": t("segments.col.id", lang), "maxWidth": 100},
        {"field": "country", "headerName": t("segfield.country", lang)},
        {"field": "customer_type", "headerName": t("segfield.customer_type", lang), "maxWidth": 110},
        {
            "field": "revenue",
            "headerName": t("segfield.revenue", lang),
            "type": "rightAligned",
            "valueFormatter": {"function": "d3.format(',.0f')(params.value)"},
        },
        {"field": "orders", "headerName": t("segfield.orders", lang), "type": "rightAligned", "maxWidth": 100},
    ]
    rows = top.astype(object).where(top.notna(), None).to_dict("records")
    message = None
    if skipped:
        message = html.Div(t("segments.incomplete", lang, n=skipped), className="small text-muted", id="seg-incomplete")
    return [cards, note], rows, columns, message


# --------------------------------------------------------------------------- saving


def _saved_rows(lang: str) -> tuple[list[dict], list[dict]]:
    rows = [
        {
            "segment_id": s["segment_id"],
            "name": s["name"],
            "version": s["version"],
            "members": s["members"],
            "saved_at": fmt.date(s["saved_at"].date(), lang) if s.get("saved_at") else "",
            "by": s["created_by"],
        }
        for s in seg.list_segments()
    ]
    columns = [
        {"field": "name", "headerName": t("segments.name", lang), "minWidth": 160},
        {"field": "version", "headerName": t("segments.col.version", lang), "maxWidth": 90},
        {"field": "members", "headerName": t("segments.col.members", lang), "type": "rightAligned", "maxWidth": 110},
        {"field": "saved_at", "headerName": t("segments.col.saved_at", lang), "maxWidth": 130},
        {"field": "by", "headerName": t("segments.col.by", lang), "maxWidth": 110},
    ]
    return rows, columns


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
    rows, columns = _saved_rows(lang)
    editing = (
        t("segments.editing", lang, name=loaded["name"], version=loaded["version"])
        if loaded
        else t("segments.new", lang)
    )
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
        return dbc.Alert(refusal(exc, lang), color="warning", className="mb-0"), no_update
    except Exception:
        log.exception("segment save failed")
        return error_alert(lang), no_update
    message = dbc.Alert(
        t(
            "segments.saved",
            lang,
            name=name.strip(),
            version=saved["version"],
            customers=fmt.number(saved["customers"], lang),
        ),
        color="success",
        className="mb-0",
        id="seg-saved-ok",
    )
    new_loaded = {
        "segment_id": saved["segment_id"],
        "version": saved["version"],
        "name": name.strip(),
        "description": description or "",
    }
    return message, new_loaded

"""The segment builder's rule editor, drawn from a segment definition (used by the page and its callbacks)."""

from __future__ import annotations

import copy

import dash_bootstrap_components as dbc
from dash import dcc, html

from components.coverage import unsupported_fields
from crm import segments as seg
from crm.campaigns.outcomes import parse as parse_outcome
from crm.segments import EMPTY, FIELDS, OPERATORS, SegmentError
from i18n import format as fmt
from i18n import t
from mining.clustering.names import name_of_key

NO_VALUE = ("is_empty", "not_empty", "is_true", "is_false")


def refusal(exc: SegmentError, lang: str) -> str:
    values = dict(exc.values)
    if "field" in values and values["field"] in FIELDS:
        values["field"] = t(f"segfield.{values['field']}", lang)
    return t(exc.key, lang, **values)


def initial_state(segment, lang: str) -> tuple[dict, dict | None, str | None]:
    """The editor's starting definition: a saved segment's latest version (``?segment=<id>``) or empty."""
    if segment in (None, ""):
        return copy.deepcopy(EMPTY), None, None
    try:
        version = seg.segment_version(int(str(segment)))
    except (ValueError, SegmentError):
        return copy.deepcopy(EMPTY), None, t("segments.unknown_link", lang, segment=str(segment))
    return version["definition"], loaded_info(version), None


def loaded_info(version: dict) -> dict:
    listed = {s["segment_id"]: s for s in seg.list_segments()}.get(version["segment_id"], {})
    return {
        "segment_id": version["segment_id"],
        "version": version["version"],
        "name": listed.get("name", ""),
        "description": listed.get("description") or "",
        "origin": listed.get("origin"),
    }


def _field_options(lang: str) -> list[dict]:
    lacking = unsupported_fields()  # fields whose data was never loaded: marked, not offered
    return [
        {
            "label": f"{t('segfieldgroup.' + f.group, lang)} · {t('segfield.' + f.id, lang)}"
            + (f" · {t('health.not_loaded', lang)}" if f.id in lacking else ""),
            "value": f.id,
            "disabled": f.id in lacking,
        }
        for f in FIELDS.values()
    ]


def _value_label(field_id: str, value: str, lang: str, base=None) -> str:
    """A category value as the reader names it (clusters are stored by language-free key, campaign
    outcomes as ``<campaign id>:<outcome>``: said as the campaign's name and the outcome)."""
    if field_id == "campaign_outcome":
        parsed = parse_outcome(value)
        if parsed is None:
            return value
        names = base.outcome_names if base is not None else {}
        name = names.get(parsed[0], f"#{parsed[0]}")
        return f"{name} · {t(f'cycle.outcome.{parsed[1]}', lang)}"
    return name_of_key(value, lang) if field_id == "cluster" else value


def _rule_row(rule: dict, path: str, lang: str, base) -> dbc.Row:
    field = FIELDS.get(rule.get("field"))
    cmp = rule.get("cmp")
    controls = [
        dbc.Col(
            dcc.Dropdown(
                id={"type": "seg-field", "path": path},
                options=_field_options(lang),
                value=field.id if field else None,
                placeholder=t("segments.choose_field", lang),
                clearable=False,
            ),
            md=4,
        )
    ]
    if field:
        controls.append(
            dbc.Col(
                dcc.Dropdown(
                    id={"type": "seg-cmp", "path": path},
                    options=[{"label": t(f"segop.{op}", lang), "value": op} for op in OPERATORS[field.kind]],
                    value=cmp,
                    clearable=False,
                ),
                md=3,
            )
        )
        value = rule.get("value")
        if cmp in NO_VALUE:
            controls.append(dbc.Col(md=4))
        elif field.kind == "category":
            controls.append(
                dbc.Col(
                    dcc.Dropdown(
                        id={"type": "seg-value", "path": path},
                        options=[
                            {"label": _value_label(field.id, v, lang, base), "value": v}
                            for v in seg.field_values(base, field.id)
                        ],
                        value=value if isinstance(value, list) else [],
                        multi=True,
                        placeholder=t("segments.choose_values", lang),
                    ),
                    md=4,
                )
            )
        else:
            low, high = value if isinstance(value, list) and len(value) == 2 else [value, None]
            share = cmp in SHARE_OPS
            inputs = [
                dbc.Input(
                    id={"type": "seg-value", "path": path},
                    type="number",
                    value=low,
                    placeholder=t("segments.percent" if share else "segments.number", lang),
                    debounce=True,
                    size="sm",
                )
            ]
            if share:
                inputs.append(html.Span("%", className="ms-1 small"))
            if cmp == "between":
                inputs += [
                    html.Span(t("segments.to", lang), className="mx-1 small"),
                    dbc.Input(
                        id={"type": "seg-value2", "path": path}, type="number", value=high, debounce=True, size="sm"
                    ),
                ]
            controls.append(dbc.Col(html.Div(inputs, className="d-flex align-items-center"), md=4))
    controls.append(
        dbc.Col(
            dbc.Button(
                "×",
                id={"type": "seg-remove", "path": path},
                color="link",
                className="text-danger p-0",
                title=t("segments.remove", lang),
            ),
            md=1,
            className="text-end",
        )
    )
    if field and field.id in base.unscored:
        controls.append(dbc.Col(unscored_note(field.id, lang), md=12))
    elif field and field.kind == "number":
        controls.append(dbc.Col(spread_line(seg.field_summary(base, field.id), lang), md=12))
    return dbc.Row(controls, className="g-2 mb-2 align-items-center seg-rule", id={"type": "seg-row", "path": path})


def _unit_value(value: float, unit: str, lang: str) -> str:
    if unit == "money":
        return fmt.money(value, lang)
    if unit in ("share", "probability"):
        return f"{value:.2f}"
    if unit == "rating":
        return f"{value:.1f}"
    return fmt.number(value, lang, 0 if float(value).is_integer() or abs(value) >= 100 else 1)


def spread_line(summary: dict | None, lang: str) -> html.Div | None:
    """A number field's unit and spread under its condition, so a threshold is chosen knowing the data."""
    if summary is None:
        return None
    unit = summary["unit"]
    unit_words = t(f"segments.unit.{unit}", lang, currency=fmt.reporting_currency())
    if not summary["with_value"]:
        return html.Div(t("segments.spread_empty", lang, unit=unit_words), className="small text-muted seg-spread")
    values = {k: _unit_value(summary[k], unit, lang) for k in ("min", "p10", "p50", "p90", "max")}
    text = t(
        "segments.spread",
        lang,
        unit=unit_words,
        with_value=fmt.number(summary["with_value"], lang),
        customers=fmt.number(summary["customers"], lang),
        **values,
    )
    return html.Div(text, className="small text-muted seg-spread")


# where each scoring run is made (a condition on its scores explains itself when none exists yet)
SCORE_PAGES = {
    "rfm": "/mining/rfm",
    "cluster": "/mining/clusters",
    "propensity_repurchase": "/mining/models?target=repurchase",
    "propensity_response": "/mining/models?target=response",
}


def unscored_note(field_id: str, lang: str) -> html.Div:
    """Why a condition on a score matches nobody (no run of this warehouse fills it) and where to make one."""
    kind = next(k for k, _, f in seg.SCORE_SOURCES if f == field_id)
    return html.Div(
        [
            t("segments.unscored", lang, field=t(f"segfield.{field_id}", lang), run=t(f"segments.run.{kind}", lang)),
            " ",
            dcc.Link(t("segments.unscored_link", lang), href=SCORE_PAGES[kind]),
        ],
        className="small text-warning-emphasis seg-unscored",
        **{"data-field": field_id},
    )


def editor(definition: dict, lang: str) -> list:
    """The rule editor for a definition: rules, and groups of rules one level down."""
    base = seg.segment_base(stand_in_ok=True)  # the lists of values: an earlier version's while this one's is built
    rows = []
    for i, item in enumerate(definition.get("rules") or []):
        if "rules" in item:
            inner = [_rule_row(rule, f"{i}.{j}", lang, base) for j, rule in enumerate(item.get("rules") or [])]
            rows.append(
                html.Div(
                    [
                        html.Div(
                            [
                                html.Span(t("segments.group", lang), className="me-2 small"),
                                dbc.RadioItems(
                                    id={"type": "seg-group-op", "path": str(i)},
                                    options=[
                                        {"label": t("segments.all", lang), "value": "and"},
                                        {"label": t("segments.any", lang), "value": "or"},
                                    ],
                                    value=item.get("op", "and"),
                                    inline=True,
                                    className="small",
                                ),
                                dbc.Button(
                                    "×",
                                    id={"type": "seg-remove", "path": str(i)},
                                    color="link",
                                    className="text-danger p-0 ms-auto",
                                    title=t("segments.remove", lang),
                                ),
                            ],
                            className="d-flex align-items-center mb-2",
                        ),
                        *inner,
                        dbc.Button(
                            t("segments.add_rule", lang),
                            id={"type": "seg-add-in", "path": str(i)},
                            size="sm",
                            color="primary",
                            outline=True,
                        ),
                    ],
                    className="border rounded p-2 mb-2 bg-light seg-group",
                )
            )
        else:
            rows.append(_rule_row(item, str(i), lang, base))
    if not rows:
        rows.append(html.P(t("segments.no_rules", lang), className="text-muted", id="seg-empty"))
    return rows


# --------------------------------------------------------------------------- editing, as plain functions


def _at(definition: dict, path: str) -> tuple[list, int]:
    """The list holding the item at ``path`` ("2" or "2.0") and its index there."""
    parts = [int(p) for p in path.split(".")]
    holder = definition["rules"]
    for p in parts[:-1]:
        holder = holder[p]["rules"]
    return holder, parts[-1]


def _default_cmp(field_id: str) -> str:
    return {"category": "in", "number": ">=", "flag": "is_true"}[FIELDS[field_id].kind]


def reshaped(definition: dict | None, trigger, value) -> dict | None:
    """The definition after a change of the editor's shape (``trigger``: the button or control
    that fired, ``value`` its value): a rule or group added or removed, a field or comparison
    changed; None when nothing changes."""
    new = copy.deepcopy(definition or EMPTY)
    new.setdefault("rules", [])
    if trigger == "seg-add-rule":
        new["rules"].append({"field": None})
    elif trigger == "seg-add-group":
        new["rules"].append({"op": "or", "rules": [{"field": None}]})
    elif isinstance(trigger, dict):
        kind, path = trigger["type"], trigger["path"]
        if kind in ("seg-add-in", "seg-remove") and not value:
            return None  # a button that was just drawn, not clicked
        holder, index = _at(new, path)
        if kind == "seg-add-in":
            new["rules"][int(path)]["rules"].append({"field": None})
        elif kind == "seg-remove":
            holder.pop(index)
        elif kind == "seg-field":
            if holder[index].get("field") == value:
                return None
            holder[index] = {"field": value, "cmp": _default_cmp(value), "value": None}
        elif kind == "seg-cmp":
            if holder[index].get("cmp") == value:
                return None
            _set_cmp(holder[index], value)
    return None if new == definition else new


SHARE_OPS = ("top_pct", "bottom_pct")


def _set_cmp(rule: dict, cmp: str) -> None:
    """A new comparison keeps what of the value still fits it."""
    was_share = rule.get("cmp") in SHARE_OPS
    rule["cmp"] = cmp
    if was_share != (cmp in SHARE_OPS):  # a share of customers and a value of the field never carry over
        rule["value"] = [None, None] if cmp == "between" else None
    elif cmp in NO_VALUE:
        rule["value"] = None
    elif cmp == "between" and not isinstance(rule.get("value"), list):
        rule["value"] = [rule.get("value"), None]
    elif cmp != "between" and isinstance(rule.get("value"), list):
        if FIELDS[rule["field"]].kind == "number":
            rule["value"] = rule["value"][0]


def revalued(definition: dict | None, top_op, values: list, seconds: list, group_ops: list) -> dict:
    """The definition with the editor's values (``values``, ``seconds`` the upper ends of ranges,
    ``group_ops`` each group's all/any: Dash's ``inputs_list`` items) and the top-level ``top_op``."""
    new = copy.deepcopy(definition or EMPTY)
    new["op"] = top_op or "and"
    for item in values:
        holder, index = _at(new, item["id"]["path"])
        rule, value = holder[index], item.get("value")
        if isinstance(rule.get("value"), list) and FIELDS[rule["field"]].kind == "number":
            rule["value"] = [value, rule["value"][1]]
        else:
            rule["value"] = value
    for item in seconds:
        holder, index = _at(new, item["id"]["path"])
        low = holder[index].get("value")
        holder[index]["value"] = [low[0] if isinstance(low, list) else low, item.get("value")]
    for item in group_ops:
        new["rules"][int(item["id"]["path"])]["op"] = item.get("value") or "and"
    return new


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

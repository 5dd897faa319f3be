"""How the Analyses page names columns, members and values (numbers stay numbers for the grids)."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from i18n import format as fmt
from i18n import t
from i18n.translations import TRANSLATIONS
from olap.analyses import Table
from olap.cube import LEVELS, MEASURES
from olap.labels import format_value, level_label, measure_label, member_label

# a measure with each column kind's format, so grids and labels format like the cube's measures
KIND_MEASURE = {
    "money": "revenue",
    "count": "orders",
    "percent": "margin_pct",
    "score": "satisfaction",
    "hours": "resolution_hours",
}
LABEL_KINDS = ("level", "month", "group", "bucket", "kind", "text")


def column_label(column: str, lang: str) -> str:
    if column in LEVELS:
        return level_label(column, lang)
    key = f"analysis.col.{column}"
    if key in TRANSLATIONS:
        return t(key, lang)
    if column in MEASURES:
        return measure_label(column, lang)
    if column.startswith("m") and column[1:].isdigit():
        return t("analysis.col.age_n", lang, n=int(column[1:]))
    return column


def cell_label(column: str, kind: str, value, frame: pd.DataFrame, index: int, lang: str) -> str:
    """A member or category as people name it."""
    if value is None or (isinstance(value, float) and value != value):
        return t("member.none", lang)
    if kind == "level":
        label_col = f"{column}:label"
        label = frame[label_col].iloc[index] if label_col in frame else None
        return member_label(column, value, label, lang)
    if kind == "month":
        text = str(value)[:7]
        return fmt.month(dt.date(int(text[:4]), int(text[5:7]), 1), lang)
    if kind == "group":
        return t(f"channel_group.{value}", lang) if f"channel_group.{value}" in TRANSLATIONS else str(value)
    if kind in ("bucket", "kind"):
        return t(f"analysis.{kind}.{value}", lang)
    return str(value)


def labelled(table: Table, lang: str) -> pd.DataFrame:
    """The table with every label column replaced by its display text (numbers stay numbers)."""
    frame = table.frame.reset_index(drop=True)
    out = pd.DataFrame(index=frame.index)
    for column, kind in table.columns.items():
        if column not in frame:
            continue
        if kind in LABEL_KINDS:
            out[column] = [cell_label(column, kind, v, frame, i, lang) for i, v in enumerate(frame[column])]
        else:
            out[column] = pd.to_numeric(frame[column], errors="coerce").astype(float)
    return out


def value_text(kind: str, value, lang: str) -> str:
    return format_value(KIND_MEASURE[kind], value, lang) if kind in KIND_MEASURE else str(value)

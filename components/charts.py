"""Figures of the executive dashboard, formatted for the reader's language."""

from __future__ import annotations

import math

import pandas as pd
import plotly.graph_objects as go

from components.theme import ACCENT, CHANNEL_GROUP_COLORS, base_layout
from i18n import format as fmt
from i18n import t

MIN_BAR_SLOTS = 6


def money_ticks(max_value: float, lang: str, count: int = 5) -> dict:
    """Axis ticks with compact money labels in the reader's units (M or 만/억)."""
    if not max_value or max_value <= 0 or not math.isfinite(max_value):
        return {}
    raw = max_value / count
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    values = [i * step for i in range(int(max_value // step) + 2)]
    return dict(tickvals=values, ticktext=[fmt.money(v, lang) for v in values])


def empty_figure(message: str) -> go.Figure:
    fig = go.Figure()
    fig.update_layout(**base_layout(), xaxis=dict(visible=False), yaxis=dict(visible=False))
    fig.add_annotation(text=message, showarrow=False, font=dict(size=14, color="#64748b"))
    return fig


def trend_figure(df: pd.DataFrame, selected_months: list, lang: str) -> go.Figure:
    """Revenue by month, stacked online/offline (and unknown channel, when there is any); the selected
    period is highlighted."""
    if df.empty:
        return empty_figure(t("empty.short", lang))
    selected = {m.isoformat() for m in selected_months}
    fig = go.Figure()
    known = df["channel_group"].isin(["online", "offline"])
    for group in ("online", "offline", "unknown"):
        part = df[df["channel_group"] == group] if group != "unknown" else df[~known]
        if group == "unknown" and part.empty:
            continue
        months = [pd.Timestamp(m).date() for m in part["month"]]
        iso = [m.isoformat() for m in months]
        fig.add_bar(
            x=iso,
            y=part["revenue"],
            name=t(f"channel_group.{group}", lang),
            marker=dict(color=CHANNEL_GROUP_COLORS[group], opacity=[1.0 if m in selected else 0.4 for m in iso]),
            customdata=iso,
            hovertext=[
                f"{fmt.month(m, lang)} · {t(f'channel_group.{group}', lang)}: {fmt.money(v, lang, exact=True)}"
                for m, v in zip(months, part["revenue"], strict=False)
            ],
            hoverinfo="text",
        )
    totals = df.groupby("month")["revenue"].sum()
    month_values = sorted({pd.Timestamp(m).date() for m in df["month"]})
    tick_months = month_values[::3]
    fig.update_layout(
        **base_layout(barmode="stack", clickmode="event"),
        xaxis=dict(
            tickvals=[m.isoformat() for m in tick_months], ticktext=[fmt.month_short(m, lang) for m in tick_months]
        ),
        yaxis=money_ticks(float(totals.max()), lang),
    )
    return fig


MUTED = "#cbd5e1"  # the members a filter left out, kept in sight


def bar_figure(df: pd.DataFrame, label_of, lang: str, color: str = ACCENT, selected=()) -> go.Figure:
    """Horizontal revenue bars, biggest on top; customdata carries the raw member for clicks.
    ``selected``: the members the page is filtered to, in ``color``; the others stay, greyed."""
    if df.empty:
        return empty_figure(t("empty.short", lang))
    df = df.sort_values("revenue")
    total = float(df["revenue"].sum())
    colors = [color if not selected or m in selected else MUTED for m in df["member"]]
    fig = go.Figure(
        go.Bar(
            x=df["revenue"],
            y=[label_of(m) for m in df["member"]],
            orientation="h",
            marker_color=colors,
            customdata=list(df["member"]),
            text=[fmt.money(v, lang) for v in df["revenue"]],
            textposition="auto",
            textangle=0,  # a short bar shows its value beside it, never turned on its side
            hovertext=[
                f"{label_of(m)}: {fmt.money(v, lang, exact=True)} ({fmt.percent(v / total if total else None, lang)})"
                for m, v in zip(df["member"], df["revenue"], strict=False)
            ],
            hoverinfo="text",
        )
    )
    fig.update_layout(
        **base_layout(clickmode="event"),
        xaxis=money_ticks(float(df["revenue"].max()), lang),
        # a few bars keep the thickness of a full chart and sit at the top
        yaxis=dict(automargin=True, range=[len(df) - 0.5 - max(len(df), MIN_BAR_SLOTS), len(df) - 0.5]),
    )
    return fig

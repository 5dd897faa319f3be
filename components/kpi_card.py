"""A KPI card: value, change against two comparison periods, and a sparkline."""

from __future__ import annotations

import dash_bootstrap_components as dbc
import plotly.graph_objects as go
from dash import dcc, html

from components.theme import ACCENT, change_colors
from i18n import format as fmt
from i18n import t
from olap import labels
from olap.kpi import change


def _delta_line(key: str, current, base, lang: str, compare: str) -> html.Div:
    rel = change(current, base)
    up, down = change_colors(lang)
    if rel is None:
        return html.Div(f"– {compare}", className="kpi-delta text-muted")
    arrow, color = ("▲", up) if rel > 0 else ("▼", down) if rel < 0 else ("■", "#64748b")
    absolute = labels.kpi_delta(key, current, base, lang)
    return html.Div(
        [
            html.Span(f"{arrow} {fmt.percent(abs(rel), lang)}", style={"color": color}, className="fw-semibold"),
            html.Span(f" ({absolute}) {compare}", className="text-muted"),
        ],
        className="kpi-delta",
    )


def sparkline(values: list, months: list, key: str, lang: str) -> dcc.Graph:
    text = [f"{fmt.month(m, lang)}: {labels.kpi_exact(key, v, lang)}" for m, v in zip(months, values, strict=False)]
    fig = go.Figure(
        go.Scatter(
            x=[m.isoformat() for m in months],
            y=values,
            mode="lines",
            line=dict(color=ACCENT, width=2),
            fill="tozeroy",
            fillcolor="rgba(37,99,235,0.08)",
            hovertext=text,
            hoverinfo="text",
        )
    )
    fig.update_layout(
        margin=dict(l=0, r=0, t=0, b=0),
        height=40,
        showlegend=False,
        xaxis=dict(visible=False),
        yaxis=dict(visible=False),
        paper_bgcolor="rgba(0,0,0,0)",
        plot_bgcolor="rgba(0,0,0,0)",
    )
    return dcc.Graph(figure=fig, config={"displayModeBar": False}, className="kpi-spark")


def _compare_text(window: str, result, lang: str) -> str:
    """The comparison's words: "vs previous", or for a partial period the days of the comparison period."""
    days = (getattr(result, "compared_days", None) or {}).get(window)
    return t(f"compare.{window}_days", lang, days=f"{days:,}") if days else t(f"compare.{window}", lang)


def _unknown_channel_line(key: str, result, lang: str) -> html.Div | None:
    """Beside the online share: how much revenue has no known channel (never read as offline)."""
    share = result.current.get("unknown_channel_share") if key == "online_share" else None
    if not share:
        return None
    text = t("channel.unknown_card", lang, share=fmt.percent(share, lang))
    return html.Div(text, className="kpi-delta text-muted", id="kpi-unknown-channel")


def unsupported_card(key: str, reason: str, lang: str) -> dbc.Card:
    """A KPI the data cannot support (no costs loaded…): no number that looks like a fact, and why."""
    return dbc.Card(
        dbc.CardBody(
            [
                html.Div(t(f"kpi.{key}", lang), className="kpi-title", title=t(f"kpi.{key}.help", lang)),
                html.Div(
                    "–",
                    className="kpi-value text-muted",
                    id={"type": "kpi-value", "kpi": key},
                    **{"data-kpi": key, "data-value": ""},
                ),
                html.Div(reason, className="kpi-delta text-muted", id=f"kpi-unsupported-{key}"),
            ]
        ),
        className="kpi-card h-100 shadow-sm",
    )


def _title(key: str, lang: str, explore: str | None) -> html.Div:
    """The KPI's name, its definition one click away (ⓘ), and where its breakdown opens."""
    info = f"kpi-info-{key}"
    parts = [
        html.Span(t(f"kpi.{key}", lang)),
        html.Button("ⓘ", id=info, className="btn btn-link btn-sm p-0 ms-1 kpi-info", type="button",
                    title=t("kpi.definition", lang), **{"aria-label": t("kpi.definition", lang)}),
        dbc.Popover(dbc.PopoverBody(t(f"kpi.{key}.help", lang)), target=info, trigger="legacy", placement="bottom"),
    ]  # fmt: skip
    if explore:
        parts.append(dcc.Link(t("kpi.break_down", lang), href=f"/explore{explore}", id=f"kpi-explore-{key}",
                              className="small ms-auto kpi-explore"))  # fmt: skip
    return html.Div(parts, className="kpi-title d-flex align-items-baseline")


def kpi_card(key: str, result, lang: str, explore: str | None = None) -> dbc.Card:
    """One card for KPI ``key`` of a ``KpiResult``; ``explore`` (a query string) links its breakdown."""
    current = result.current[key]
    return dbc.Card(
        dbc.CardBody(
            [
                _title(key, lang, explore),
                html.Div(
                    labels.kpi_value(key, current, lang),
                    className="kpi-value",
                    title=labels.kpi_exact(key, current, lang),
                    id={"type": "kpi-value", "kpi": key},
                    **{"data-kpi": key, "data-value": "" if current is None else repr(float(current))},
                ),
                _unknown_channel_line(key, result, lang),
                _delta_line(key, current, result.previous[key], lang, _compare_text("previous", result, lang)),
                _delta_line(key, current, result.last_year[key], lang, _compare_text("last_year", result, lang)),
                sparkline(result.spark[key], result.spark_months, key, lang),
            ]
        ),
        className="kpi-card h-100 shadow-sm",
    )

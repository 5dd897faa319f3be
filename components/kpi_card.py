"""A KPI card: value, change against two comparison periods, and a sparkline."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import dcc, html

from components.theme import change_colors
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


def sparkline(values: list, months: list, key: str, lang: str) -> html.Div:
    """The last months of a KPI as small bars drawn from zero, the latest month marked; a month's value
    shows at once on hover (``data-tip``, assets/xrm.css) and the whole series is the bars' label.

    Plain HTML rather than a chart: twelve small elements a card for the browser, where a Plotly chart
    a card was eight more plots drawn on every build of the dashboard and every change of its state."""
    texts = [f"{fmt.month(m, lang)}: {labels.kpi_exact(key, v, lang)}" for m, v in zip(months, values, strict=False)]
    known = [float(v) for v in values if v is not None]
    low, high = min([0.0, *known]), max([0.0, *known])
    span = (high - low) or 1.0
    bars = []
    for i, (value, text) in enumerate(zip(values, texts, strict=False)):
        style, kind = {}, ""
        if value is None:
            kind = " none"
        else:  # the bar itself is the month's ::before (assets/xrm.css): one component a month
            value = float(value)
            bottom, height = (min(value, 0.0) - low) / span * 100, abs(value) / span * 100
            style = {"--bottom": f"{bottom:.2f}%", "--height": f"{height:.2f}%"}
        latest = " now" if i == len(values) - 1 else ""
        bars.append(html.Div(className="kpi-spark-month" + kind + latest, style=style, **{"data-tip": text}))
    return html.Div(bars, className="kpi-spark", role="img", **{"aria-label": "; ".join(texts)})


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

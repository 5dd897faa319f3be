"""The pipeline page's view of a ``PipelineReport``: KPI cards, the sentence, the funnel, the
conversion, breakdown and stale-deal grids and the forecast's detail, in the reader's language."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, fields
from urllib.parse import urlencode

import dash_bootstrap_components as dbc
import plotly.graph_objects as go
from dash import Output, html

from components.charts import empty_figure
from components.formatters import column
from components.pipeline_stages_view import number as _number
from components.pipeline_stages_view import stages_view
from components.theme import base_layout, change_colors
from crm import pipeline as pl
from crm import pipeline_stages as ps
from crm.pipeline_report import PeriodFigures, PipelineReport
from crm.pipeline_state import PipelineState
from i18n import format as fmt
from i18n import t
from olap import labels
from olap.filters import filters_to_query

FUNNEL_COLORS = ("#93c5fd", "#60a5fa", "#3b82f6", "#2563eb", "#16a34a")


@dataclass(frozen=True)
class PipelineView:
    """Everything the page's render callback sets, in the order of ``OUTPUTS``."""

    compare: str = ""
    message: object = None
    cards: list = field(default_factory=list)
    sentence: str = ""
    funnel: go.Figure = field(default_factory=lambda: empty_figure(""))
    conversion_rows: list = field(default_factory=list)
    conversion_columns: list = field(default_factory=list)
    breakdown_rows: list = field(default_factory=list)
    breakdown_columns: list = field(default_factory=list)
    explore_text: str = ""
    explore_href: str | None = None
    forecast: list = field(default_factory=list)
    stale_help: str = ""
    stale_rows: list = field(default_factory=list)
    stale_columns: list = field(default_factory=list)
    stages: list = field(default_factory=list)

    OUTPUTS = (
        ("pl-compare", "children"),
        ("pl-message", "children"),
        ("pl-cards", "children"),
        ("pl-sentence", "children"),
        ("pl-funnel", "figure"),
        ("pl-conversion", "rowData"),
        ("pl-conversion", "columnDefs"),
        ("pl-breakdown", "rowData"),
        ("pl-breakdown", "columnDefs"),
        ("pl-explore", "children"),
        ("pl-explore", "href"),
        ("pl-forecast", "children"),
        ("pl-stale-help", "children"),
        ("pl-stale", "rowData"),
        ("pl-stale", "columnDefs"),
        ("pl-stages", "children"),
    )

    @classmethod
    def outputs_spec(cls) -> list[Output]:
        return [Output(component, prop) for component, prop in cls.OUTPUTS]

    def outputs(self) -> tuple:
        return tuple(getattr(self, f.name) for f in fields(self))


# --------------------------------------------------------------------------- KPI cards


def _delta(current, base, kind: str, lang: str) -> html.Div:
    """Arrow, relative and absolute change against the previous period."""
    if current is None or base is None:
        return html.Div(f"– {t('pipeline.vs_previous', lang)}", className="kpi-delta text-muted")
    diff = current - base
    up, down = change_colors(lang)
    arrow, color = ("▲", up) if diff > 0 else ("▼", down) if diff < 0 else ("■", "#64748b")
    if kind == "rate":
        absolute = f"{diff * 100:+.1f}{t('unit.pp', lang)}"
        head = absolute
    else:
        rel = diff / base if base else None
        absolute = (
            ("+" if diff >= 0 else "-") + fmt.money(abs(diff), lang)
            if kind == "money"
            else t("pipeline.days", lang, days=f"{diff:+,.0f}")
        )
        head = fmt.percent(abs(rel), lang) if rel is not None else ""
    return html.Div(
        [
            html.Span(f"{arrow} {head}", style={"color": color}, className="fw-semibold"),
            html.Span(f" ({absolute}) {t('pipeline.vs_previous', lang)}", className="text-muted"),
        ],
        className="kpi-delta",
    )


def _card(key: str, value: float | None, shown: str, lines: list, lang: str) -> html.Div:
    """A KPI card: its title first (``lines[0]``), the value, then the detail lines."""
    body = [
        lines[0],
        html.Div(
            shown,
            className="kpi-value",
            id=f"pl-kpi-{key}",
            title=t(f"pipeline.kpi.{key}.help", lang),
            **{"data-kpi": key, "data-value": "" if value is None else repr(float(value))},
        ),
        *lines[1:],
    ]
    return html.Div(dbc.Card(dbc.CardBody(body), className="kpi-card h-100 shadow-sm"), className="col")


def _title(key: str, lang: str, **values) -> html.Div:
    return html.Div(
        t(f"pipeline.kpi.{key}", lang, **values), className="kpi-title", title=t(f"pipeline.kpi.{key}.help", lang)
    )


def _small(text: str, **extra) -> html.Div:
    return html.Div(text, className="small text-muted", **extra)


@dataclass(frozen=True)
class Shown:
    """The next-quarter forecast the page shows: from the stage history, or inferred without one."""

    quarter: str
    value: float  # the stage forecast's median, or the inferred weighted sum
    p10: float
    p90: float


def shown_forecast(report: PipelineReport) -> Shown:
    st = report.stages.forecast if report.stages is not None else None
    if st is not None:
        return Shown(st.quarter, st.p50, st.p10, st.p90)
    fc = report.forecast
    return Shown(fc.quarter, fc.expected, fc.p10, fc.p90)


def kpi_cards(
    now: PeriodFigures,
    before: PeriodFigures,
    forecast: pl.Forecast,
    bt: pl.Backtest,
    lang: str,
    stages: ps.StageReport | None = None,
) -> list:
    o, b = now.outcomes, before.outcomes
    st = stages.forecast if stages is not None else None
    if st is not None:
        forecast = Shown(st.quarter, st.p50, st.p10, st.p90)
        backtest = t("pipeline.kpi.held", lang, inside=stages.inside, quarters=len(stages.backtest))
    else:
        forecast = Shown(forecast.quarter, forecast.expected, forecast.p10, forecast.p90)
        backtest = t(
            "pipeline.kpi.backtest",
            lang,
            quarter=labels.token_label(bt.forecast.quarter, lang),
            predicted=fmt.money(bt.forecast.expected, lang),
            actual=fmt.money(bt.actual_from_pipeline, lang),
        )
    range_text = t("pipeline.kpi.range", lang, low=fmt.money(forecast.p10, lang), high=fmt.money(forecast.p90, lang))
    cycle = None if o.cycle_won is None else t("pipeline.days", lang, days=fmt.number(o.cycle_won, lang))
    lost = None if o.cycle_lost is None else t("pipeline.days", lang, days=fmt.number(o.cycle_lost, lang))
    open_deals = t("pipeline.kpi.open_deals", lang, deals=fmt.number(now.open_deals, lang))
    return [
        _card(
            "open_value",
            now.open_value,
            fmt.money(now.open_value, lang),
            [_title("open_value", lang), _small(open_deals), _delta(now.open_value, before.open_value, "money", lang)],
            lang,
        ),
        _card(
            "forecast",
            forecast.value,
            fmt.money(forecast.value, lang),
            [
                _title("forecast", lang, quarter=labels.token_label(forecast.quarter, lang)),
                _small(range_text, id="pl-forecast-range"),
                html.Div(backtest, className="kpi-delta text-muted"),
            ],
            lang,
        ),
        _card(
            "win_rate",
            o.win_rate,
            fmt.percent(o.win_rate, lang),
            [
                _title("win_rate", lang),
                _small(t("pipeline.kpi.avg_deal", lang, value=fmt.money(o.avg_deal, lang))),
                _delta(o.win_rate, b.win_rate, "rate", lang),
            ],
            lang,
        ),
        _card(
            "cycle",
            o.cycle_won,
            cycle or "–",
            [
                _title("cycle", lang),
                _small(t("pipeline.kpi.cycle_lost", lang, days=lost or "–")),
                _delta(o.cycle_won, b.cycle_won, "days", lang),
            ],
            lang,
        ),
    ]


# --------------------------------------------------------------------------- figures and tables


def funnel_figure(df, lang: str) -> go.Figure:
    if df.empty or not df["deals"].iloc[0]:
        return empty_figure(t("pipeline.funnel.empty", lang))
    names = [t(f"pipeline.stage.{s}", lang) for s in df["stage"]]
    fig = go.Figure(
        go.Funnel(
            y=names,
            x=df["deals"],
            text=[
                f"{fmt.number(n, lang)} · {fmt.money(v, lang)}" for n, v in zip(df["deals"], df["value"], strict=True)
            ],
            textinfo="text",
            hovertext=[
                f"{name}: {fmt.number(n, lang)} · {fmt.money(v, lang, exact=True)}"
                for name, n, v in zip(names, df["deals"], df["value"], strict=True)
            ],
            hoverinfo="text",
            marker={"color": list(FUNNEL_COLORS[: len(df)])},
            connector={"line": {"color": "#cbd5e1"}},
        )
    )
    fig.update_layout(**base_layout(margin=dict(l=8, r=8, t=8, b=8)), yaxis={"automargin": True})
    return fig


def conversion_table(df, probs, lang: str) -> tuple[list, list]:
    p = dict(zip(probs["stage"], probs["probability"], strict=True))
    rows = [
        {
            "stage": t(f"pipeline.stage.{r.stage}", lang),
            "deals": int(r.deals),
            "value": float(r.value),
            "conversion": _number(r.conversion),
            "share": _number(r.share),
            "probability": _number(p.get(r.stage)),
        }
        for r in df.itertuples()
    ]
    head = lambda name: t(f"pipeline.col.{name}", lang)  # noqa: E731
    cols = [
        {"field": "stage", "headerName": head("stage"), "pinned": "left", "minWidth": 130, "sortable": False},
        column("deals", head("deals"), "count", lang),
        column("value", head("value"), "money", lang, minWidth=115),
        *(column(name, head(name), "percent", lang) for name in ("conversion", "share", "probability")),
    ]
    return rows, [{"minWidth": 80, **c, "filter": False} for c in cols]


def _label(by: str, key, label, lang: str) -> str:
    if by == "partner" and str(key) == "0":
        return t("pipeline.direct", lang)
    if by == "region":
        return labels.region_label(str(key), lang)
    if by in ("month", "quarter"):
        return labels.token_label(str(key), lang)
    return str(label)


BREAKDOWN_COLUMNS = (  # field, kind
    ("created", "count"),
    ("created_value", "money"),
    ("won", "count"),
    ("lost", "count"),
    ("won_value", "money"),
    ("win_rate", "percent"),
    ("avg_deal", "money"),
    ("cycle_won", "count"),
    ("cycle_lost", "count"),
)


def breakdown_table(df, by: str, lang: str) -> tuple[list, list]:
    rows = []
    for r in df.to_dict("records"):
        rec = {k: (None if isinstance(v, float) and v != v else v) for k, v in r.items()}
        rec["key"] = str(rec["key"])
        rec["label"] = _label(by, r["key"], r["label"], lang)
        rows.append(rec)
    cols = [
        {"field": "label", "headerName": t(f"pipeline.by.{by}", lang), "pinned": "left", "minWidth": 170, "flex": 2},
        *(column(name, t(f"pipeline.col.{name}", lang), kind, lang) for name, kind in BREAKDOWN_COLUMNS),
    ]
    if by in ("owner", "partner", "region"):
        cols.append(column("open_value", t("pipeline.col.open_value", lang), "money", lang))
    return rows, cols


def explore_link(state: PipelineState) -> str | None:
    """The page's deals in Explore (created in the period); None when the owner filter is on, as
    Explore has no owner dimension."""
    if state.owner:
        return None
    q: list[tuple[str, str]] = [("m", "pipeline_value"), ("m", "opportunities")]
    q.append(("r", "customer.customer" if state.partner is not None else "partner.partner"))
    q.append(("p", state.period.token))
    if state.partner is not None:
        q.append(("f.partner.partner", str(state.partner)))
    for key, value in filters_to_query(state.shared).items():  # the shared filter, channel included
        q.extend((key, v) for v in ([value] if isinstance(value, str) else value))
    return "/explore?" + urlencode(q)


def _md(text) -> str:
    """A name inside a markdown link: brackets and backslashes escaped."""
    return str(text or "").replace("\\", "\\\\").replace("[", "\\[").replace("]", "\\]")


def _deal_link(r, as_of: dt.date) -> str:
    created = r.created_date.date().isoformat() if hasattr(r.created_date, "date") else str(r.created_date)
    return "/explore?" + urlencode(
        [
            ("m", "pipeline_value"),
            ("m", "opportunities"),
            ("r", "customer.customer"),
            ("f.customer.customer", str(r.customer_id)),
            ("from", created),
            ("to", as_of.isoformat()),
            ("view", "detail"),
        ]
    )


def _stale_row(r, as_of: dt.date, lang: str) -> dict:
    reasons = [t(f"pipeline.reason.{k}", lang) for k in ("overdue", "aged") if getattr(r, k)]
    return {
        "opportunity_id": int(r.opportunity_id),
        "customer": f"[{_md(r.customer)}](/customers?id={int(r.customer_id)})",
        "owner": r.owner,
        "partner": t("pipeline.direct", lang) if r.partner_id == 0 else r.partner,
        "region": labels.region_label(r.region, lang),
        "stage": t(f"pipeline.stage.{r.stage}", lang) if r.stage in pl.OPEN_STAGES else r.stage,
        "amount": float(r.amount),
        "expected_close": str(r.expected_close)[:10],
        "days_overdue": int(r.days_overdue),
        "age_days": int(r.age_days),
        "reason": ", ".join(reasons),
        "link": f"[Explore ↗]({_deal_link(r, as_of)})",
    }


def stale_table(df, as_of: dt.date, lang: str) -> tuple[list, list]:
    rows = [_stale_row(r, as_of, lang) for r in df.itertuples()]
    head = lambda name: t(f"pipeline.col.{name}", lang)  # noqa: E731
    cols = [
        {
            "field": "customer",
            "headerName": head("customer"),
            "cellRenderer": "markdown",
            "pinned": "left",
            "minWidth": 170,
            "flex": 2,
        },
        {"field": "owner", "headerName": head("owner"), "minWidth": 120},
        {"field": "partner", "headerName": head("partner"), "minWidth": 140},
        {"field": "region", "headerName": head("region")},
        {"field": "stage", "headerName": head("stage")},
        column("amount", head("amount"), "money", lang),
        {"field": "expected_close", "headerName": head("expected_close"), "minWidth": 110},
        column("days_overdue", head("days_overdue"), "count", lang, sort="desc"),
        column("age_days", head("age_days"), "count", lang),
        {"field": "reason", "headerName": head("reason"), "minWidth": 150},
        {
            "field": "link",
            "headerName": head("link"),
            "cellRenderer": "markdown",
            "sortable": False,
            "filter": False,
            "minWidth": 90,
        },
    ]
    return rows, cols


def forecast_detail(fc: pl.Forecast, bt: pl.Backtest, lang: str) -> list:
    money = lambda v: fmt.money(v, lang)  # noqa: E731
    error = bt.error
    out = [
        html.P(
            t(
                "pipeline.forecast.detail",
                lang,
                deals=fmt.number(len(fc.deals), lang),
                pipeline=money(fc.pipeline),
                quarter=labels.token_label(fc.quarter, lang),
                forecast=money(fc.expected),
                low=money(fc.p10),
                median=money(fc.p50),
                high=money(fc.p90),
            ),
            id="pl-forecast-text",
        ),
        html.P(
            t(
                "pipeline.backtest.detail",
                lang,
                made_on=fmt.date(bt.forecast.made_on, lang),
                quarter=labels.token_label(bt.forecast.quarter, lang),
                predicted=money(bt.forecast.expected),
                low=money(bt.forecast.p10),
                high=money(bt.forecast.p90),
                deals=fmt.number(len(bt.forecast.deals), lang),
                actual=money(bt.actual_from_pipeline),
                error=t("pipeline.backtest.none", lang)
                if error is None
                else t("pipeline.backtest.error", lang, error=fmt.percent(error, lang, signed=True)),
                total=money(bt.actual_total),
            ),
            id="pl-backtest-text",
        ),
    ]
    probs = fc.probabilities["probability"].dropna()
    if len(probs) and probs.max() - probs.min() < 1e-9:
        flat = t("pipeline.flat_probabilities", lang, p=fmt.percent(probs.iloc[0], lang))
        out.append(html.P(flat, className="small text-muted"))
    return out


# --------------------------------------------------------------------------- the page


def sentence(state: PipelineState, report: PipelineReport, lang: str) -> str:
    o, fc = report.now.outcomes, shown_forecast(report)
    common = dict(
        period=labels.period_label(state.period, lang),
        open=fmt.money(report.now.open_value, lang),
        day=fmt.date(min(report.now.end, report.as_of), lang),
        quarter=labels.token_label(fc.quarter, lang),
        forecast=fmt.money(fc.value, lang),
        low=fmt.money(fc.p10, lang),
        high=fmt.money(fc.p90, lang),
    )
    if not o.closed:
        return t("pipeline.sentence.none_closed", lang, **common)
    return t(
        "pipeline.sentence",
        lang,
        won=fmt.number(o.won, lang),
        closed=fmt.number(o.closed, lang),
        win_rate=fmt.percent(o.win_rate, lang),
        won_value=fmt.money(o.won_value, lang),
        **common,
    )


def compare_text(state: PipelineState, report: PipelineReport, lang: str) -> str:
    """The period shown (partial periods say how many days) and the one it is compared with."""
    period = state.period
    name = labels.period_label(period, lang)
    if period.partial:
        name = t("pipeline.partial", lang, period=name, days=f"{period.days:,}", total=f"{period.span_days:,}")
    previous = fmt.day_range(report.before.start, report.before.end, lang)  # whole months read as month_range
    return t("pipeline.compare", lang, period=name, previous=previous)


def stale_help(stale, lang: str) -> str:
    value = float(stale["amount"].sum()) if len(stale) else 0.0
    count = fmt.number(len(stale), lang)
    return t("pipeline.stale.help", lang, grace=pl.STALE_GRACE_DAYS, count=count, value=fmt.money(value, lang))


def pipeline_view(report: PipelineReport, state: PipelineState, lang: str) -> PipelineView:
    """The page for ``state`` showing ``report``'s numbers."""
    conversion = conversion_table(report.funnel, report.forecast.probabilities, lang)
    breakdown = breakdown_table(report.breakdown, state.by, lang)
    stale = stale_table(report.stale, report.as_of, lang)
    link = explore_link(state)
    return PipelineView(
        compare_text(state, report, lang),
        None,
        kpi_cards(report.now, report.before, report.forecast, report.backtest, lang, report.stages),
        sentence(state, report, lang),
        funnel_figure(report.funnel, lang),
        *conversion,
        *breakdown,
        t("pipeline.explore", lang) if link else "",
        link,
        forecast_detail(report.forecast, report.backtest, lang),
        stale_help(report.stale, lang),
        *stale,
        stages_view(report.stages, lang),
    )

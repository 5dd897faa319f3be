"""The pipeline page's stage-history card: conversion per stage, the calibrated forecast's backtest beside
last quarter's actual, the verdict, or the fallback said in words (``crm.pipeline_stages``)."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import html

from crm import pipeline_stages as ps
from i18n import format as fmt
from i18n import t
from olap import labels


def number(value) -> float | None:
    """A float, or None for a missing value (None or NaN)."""
    return None if value is None or value != value else float(value)


def _table(head: list[str], rows: list[list], table_id: str) -> dbc.Table:
    return dbc.Table(
        [html.Thead(html.Tr([html.Th(h) for h in head])), html.Tbody([html.Tr([html.Td(c) for c in r]) for r in rows])],
        size="sm",
        bordered=False,
        hover=True,
        responsive=True,
        className="small mb-2",
        id=table_id,
    )


def conversion_rows(conv, lang: str) -> list[list[str]]:
    """Per stage: reached, won, lost at it, P(win | reached), P(next | reached), median days in it."""
    return [
        [
            t(f"pipeline.stage.{r.stage}", lang),
            fmt.number(r.reached, lang),
            fmt.number(r.won, lang),
            fmt.number(r.lost_here, lang),
            fmt.percent(number(r.p_win), lang),
            fmt.percent(number(r.p_next), lang),
            "–" if number(r.median_days) is None else fmt.number(r.median_days, lang, 1),
        ]
        for r in conv.itertuples()
    ]


def backtest_rows(bt, lang: str) -> list[list[str]]:
    """Per backtested quarter: P10, P50, P90, actual, inside the range, last quarter's actual."""
    yes, no = t("pipeline.stages.yes", lang), t("pipeline.stages.no", lang)
    return [
        [
            labels.token_label(r.quarter, lang),
            fmt.money(r.p10, lang),
            fmt.money(r.p50, lang),
            fmt.money(r.p90, lang),
            fmt.money(r.actual, lang),
            yes if r.inside else no,
            fmt.money(r.baseline, lang),
        ]
        for r in bt.itertuples()
    ]


def verdict(stages: ps.StageReport, lang: str) -> str:
    """The backtest in one sentence: how often the range held, and the median against the baseline."""
    n = len(stages.backtest)
    if not n:
        return t("pipeline.stages.no_backtest", lang)
    model, base = stages.model_mae, stages.baseline_mae
    key = "beats" if model < base else "loses"
    return t(
        f"pipeline.stages.verdict.{key}",
        lang,
        inside=fmt.number(stages.inside, lang),
        quarters=fmt.number(n, lang),
        model=fmt.money(model, lang),
        baseline=fmt.money(base, lang),
    )


def stages_view(stages: ps.StageReport | None, lang: str) -> list:
    """The stage-history card: conversion per stage, the forecast, its backtest and verdict; or,
    without history, the sentence saying the page infers stages."""
    if stages is None:
        return [
            dbc.Alert(
                t("pipeline.stages.fallback", lang), color="secondary", className="small mb-0", id="pl-stages-fallback"
            )
        ]
    head = [
        t(f"pipeline.stages.col.{k}", lang) for k in ("stage", "reached", "won", "lost_here", "p_win", "p_next", "days")
    ]
    out = [
        html.P(t("pipeline.stages.help", lang, day=fmt.date(stages.as_of, lang)), className="small text-muted mb-1"),
        _table(head, conversion_rows(stages.conversion, lang), "pl-stage-conversion"),
    ]
    fc = stages.forecast
    if fc is not None:
        out.append(
            html.P(
                t(
                    "pipeline.stages.forecast",
                    lang,
                    quarter=labels.token_label(fc.quarter, lang),
                    median=fmt.money(fc.p50, lang),
                    low=fmt.money(fc.p10, lang),
                    high=fmt.money(fc.p90, lang),
                    deals=fmt.number(len(fc.deals), lang),
                    pipeline=fmt.money(fc.pipeline_expected, lang),
                    new=fmt.money(fc.new_expected, lang),
                    errors=fmt.number(fc.errors, lang),
                ),
                id="pl-stage-forecast",
            )
        )
    head = [
        t(f"pipeline.stages.bt.{k}", lang) for k in ("quarter", "p10", "p50", "p90", "actual", "inside", "baseline")
    ]
    out += [
        _table(head, backtest_rows(stages.backtest, lang), "pl-stage-backtest"),
        html.P(verdict(stages, lang), className="fw-semibold mb-1", id="pl-stage-verdict"),
        html.P(t("pipeline.stages.method", lang), className="small text-muted mb-0"),
    ]
    return out

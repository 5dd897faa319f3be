"""Human labels for periods, filter values and KPI deltas, in the chosen language."""

from __future__ import annotations

from i18n import format as fmt
from i18n import t
from i18n.translations import TRANSLATIONS
from olap.period import Period


def period_label(period: Period, lang: str) -> str:
    """Name of a period as a person says it: Q4 2025, 2025년 4분기, Last 12 months…"""
    if period.kind == "year":
        return fmt.year(period.start.year, lang)
    if period.kind == "quarter":
        return fmt.quarter(period.start.year, (period.start.month - 1) // 3 + 1, lang)
    if period.kind == "month":
        return fmt.month(period.start, lang)
    return t(f"period.{period.kind}", lang)


def comparison_label(period: Period, lang: str) -> str:
    """The period and its two comparison periods, with their exact days; a partial period says so."""
    prev, ly = period.previous(), period.last_year()
    name = period_label(period, lang)
    if period.kind in ("l12m", "ytd"):
        name = f"{name} ({fmt.day_range(period.first_day, period.last_day, lang)})"
    values = dict(
        period=name,
        previous=fmt.day_range(prev.first_day, prev.last_day, lang),
        last_year=fmt.day_range(ly.first_day, ly.last_day, lang),
    )
    if not period.partial:
        return t("exec.compare", lang, **values)
    return t(
        "exec.compare_partial",
        lang,
        days=f"{period.days:,}",
        total=f"{period.span_days:,}",
        last_day=fmt.date(period.last_day, lang),
        **values,
    )


def period_options(data_start, data_end, lang: str) -> list[dict]:
    """The period picker's options; a month, quarter or year the data's last day cuts short says "partial"."""
    from olap.period import parse_period, period_tokens

    options = []
    for token in period_tokens(data_start, data_end):
        label = token_label(token, lang)
        if token not in ("L12M", "YTD") and parse_period(token, data_start, data_end).partial:
            label = t("period.partial_option", lang, period=label)
        options.append({"label": label, "value": token})
    return options


def token_label(token: str, lang: str) -> str:
    """Label of a period token without parsing it against the data."""
    if token in ("L12M", "YTD"):
        return t(f"period.{token.lower()}", lang)
    import datetime as dt

    if len(token) == 4:
        return fmt.year(int(token), lang)
    if "-Q" in token:
        return fmt.quarter(int(token[:4]), int(token[-1]), lang)
    return fmt.month(dt.date(int(token[:4]), int(token[5:7]), 1), lang)


def region_label(region: str, lang: str) -> str:
    key = f"region.{region}"
    return t(key, lang) if key in TRANSLATIONS else region


def filter_value_label(name: str, value: str, lang: str) -> str:
    """Label of one active filter value, as shown on its chip."""
    if name == "region":
        return region_label(value, lang)
    if name == "channel":
        return t(f"channel_group.{value}", lang)
    return value


def kpi_value(key: str, value, lang: str, currency: str | None = None) -> str:
    """A KPI in its unit: money compact, rates as percentages, counts with separators."""
    if key in ("revenue", "gross_margin", "aov"):
        return fmt.money(value, lang, currency, exact=key == "aov")
    if key in ("repeat_rate", "online_share", "margin_pct"):
        return fmt.percent(value, lang)
    return fmt.number(value, lang)


def kpi_exact(key: str, value, lang: str, currency: str | None = None) -> str:
    """The exact KPI value for tooltips."""
    if key in ("revenue", "gross_margin", "aov"):
        return fmt.money(value, lang, currency, exact=True)
    if key in ("repeat_rate", "online_share", "margin_pct"):
        return fmt.percent(value, lang, decimals=2)
    return fmt.number(value, lang)


def kpi_delta(key: str, current, base, lang: str, currency: str | None = None) -> str:
    """Absolute change in the KPI's unit: +$1.2M, +3.4 pp, +120."""
    if current is None or base is None:
        return ""
    diff = current - base
    if key in ("repeat_rate", "online_share", "margin_pct"):
        return f"{diff * 100:+.1f}{t('unit.pp', lang)}"
    if key in ("revenue", "gross_margin", "aov"):
        sign = "+" if diff >= 0 else "-"
        return sign + fmt.money(abs(diff), lang, currency, exact=key == "aov")
    return f"{diff:+,.0f}"

"""The cube's and the portal's vocabulary as text, in the reader's language (no Dash).

Measure, level and member names, measure values in their units, refusals of the cube, period
names and comparisons, regions, filter values and KPI values: what pages, exports and insights
print. The core (exports, insights) uses them too, so they live below the screens.
"""

from __future__ import annotations

import datetime as dt

from i18n import format as fmt
from i18n import t
from i18n.translations import TRANSLATIONS
from olap.cube import LEVELS, MEASURES, SCORE_DIMS, UNSCORED, CubeError, level, measure
from olap.period import Period, parse_period, period_tokens


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


def measure_label(name: str, lang: str) -> str:
    return t(f"measure.{name}", lang)


def measure_help(name: str, lang: str) -> str | None:
    """A measure's definition in words, where one is written (``measure.<name>.help``)."""
    key = f"measure.{name}.help"
    return t(key, lang) if key in TRANSLATIONS else None


def level_label(level_id: str, lang: str) -> str:
    return t(f"level.{level_id}", lang)


def level_option_label(level_id: str, lang: str) -> str:
    lvl = level(level_id)
    return f"{t('dim.' + lvl.dimension, lang)} › {level_label(level_id, lang)}"


def format_value(name: str, value, lang: str, exact: bool = False) -> str:
    """One measure value in its unit (money compact unless ``exact``)."""
    kind = measure(name).kind
    if value is None or value != value:
        return "–"
    if kind == "money":
        return fmt.money(value, lang, exact=exact)
    if kind == "percent":
        return fmt.percent(value, lang)
    if kind == "percent_points":
        return points(value, lang)
    if kind in ("score", "hours"):
        return fmt.number(value, lang, decimals=2 if kind == "score" else 1)
    return fmt.number(value, lang)


def points(value: float, lang: str) -> str:
    """A difference of two shares in percentage points (0.021 → +2.1 pp)."""
    return fmt.percent(value, lang, signed=True).replace("%", " pp" if lang == "en" else "%p")


def member_label(level_id: str, member, label, lang: str) -> str:
    """A member as people name it: translated regions and channel groups, readable periods."""
    if member is None:
        return t("member.none", lang)
    if label is not None and label == label:
        return str(label)
    member = str(member)
    if level_id == "geo.region":
        return region_label(member, lang)
    if level_id == "channel.group":
        key = f"channel_group.{member}"
        return t(key, lang) if key in TRANSLATIONS else member
    if level_id == "customer.type":
        key = f"customer_type.{member}"
        return t(key, lang) if key in TRANSLATIONS else member
    if level_id in ("partner.tier", "partner_stage.stage"):  # published tiers and stages, Direct, unrated
        key = f"partners.cube.member.{member}"
        return t(key, lang) if key in TRANSLATIONS else member
    if member == UNSCORED and level_id.split(".")[0] in SCORE_DIMS:
        return t("member.unscored", lang)
    if level_id == "score.tier":
        return t(f"mining.rfm.tier.{member}", lang) if f"mining.rfm.tier.{member}" in TRANSLATIONS else member
    if level_id == "cluster.cluster":  # published runs store a language-free key
        from mining.clustering.names import name_of_key  # lazy: the cube's text needs mining's words only here

        return name_of_key(member, lang)
    if level_id == "score.rfm_segment":
        key = f"mining.rfm.segment.{member}"
        return t(key, lang) if key in TRANSLATIONS else member
    if level_id.startswith("propensity.") and member.isdigit():
        return t("member.decile.top", lang) if int(member) == 1 else t("member.decile", lang, n=int(member))
    if level_id == "time.year":
        return fmt.year(int(member), lang)
    if level_id == "time.quarter":
        return fmt.quarter(int(member[:4]), int(member[-1]), lang)
    if level_id == "time.month":
        return fmt.month(dt.date(int(member[:4]), int(member[5:7]), 1), lang)
    return member


def refusal_text(exc: CubeError, lang: str) -> str:
    """A cube refusal in the reader's language, with level and measure ids given by name."""
    named = dict(exc.values)
    if named.get("level") in LEVELS:
        named["level"] = level_label(named["level"], lang)
    if named.get("measure") in MEASURES:
        named["measure"] = measure_label(named["measure"], lang)
    if isinstance(named.get("levels"), tuple):  # a size refusal names the levels that made it large
        named["levels"] = " × ".join(level_label(x, lang) for x in named["levels"])
    return t(exc.key, lang, **named)

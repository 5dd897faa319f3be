"""How cube measures and members are shown: values in their unit, members by name."""

from __future__ import annotations

import datetime as dt
import json

from components import labels
from i18n import format as fmt
from i18n import t
from i18n.translations import TRANSLATIONS
from olap.cube import LEVELS, MEASURES, SCORE_DIMS, UNSCORED, CubeError, level, measure


def measure_label(name: str, lang: str) -> str:
    return t(f"measure.{name}", lang)


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
        return fmt.percent(value, lang, signed=True).replace("%", " pp" if lang == "en" else "%p")
    if kind in ("score", "hours"):
        return fmt.number(value, lang, decimals=2 if kind == "score" else 1)
    return fmt.number(value, lang)


def grid_formatter(name: str, lang: str) -> dict:
    """An AG Grid valueFormatter for a measure column (the grid keeps raw numbers for sorting)."""
    kind = measure(name).kind
    locale = "ko-KR" if lang == "ko" else "en-US"
    if kind == "money":
        body = f"{json.dumps(fmt.currency_symbol())} + Math.round(params.value).toLocaleString('{locale}')"
    elif kind in ("percent", "percent_points"):
        body = "(params.value * 100).toFixed(1) + '%'"
    elif kind in ("score", "hours"):
        body = f"Number(params.value).toLocaleString('{locale}', {{maximumFractionDigits: 2}})"
    else:
        body = f"Math.round(params.value).toLocaleString('{locale}')"
    return {"function": f"params.value == null ? '–' : {body}"}


def member_label(level_id: str, member, label, lang: str) -> str:
    """A member as people name it: translated regions and channel groups, readable periods."""
    if member is None:
        return t("member.none", lang)
    if label is not None and label == label:
        return str(label)
    member = str(member)
    if level_id == "geo.region":
        return labels.region_label(member, lang)
    if level_id == "channel.group":
        key = f"channel_group.{member}"
        return t(key, lang) if key in TRANSLATIONS else member
    if level_id == "customer.type":
        key = f"customer_type.{member}"
        return t(key, lang) if key in TRANSLATIONS else member
    if member == UNSCORED and level_id.split(".")[0] in SCORE_DIMS:
        return t("member.unscored", lang)
    if level_id == "score.tier":
        return t(f"mining.rfm.tier.{member}", lang) if f"mining.rfm.tier.{member}" in TRANSLATIONS else member
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
    return t(exc.key, lang, **named)

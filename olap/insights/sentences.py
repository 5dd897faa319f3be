"""Sentences: the findings (comparison, drivers, outliers) in words, numbers formatted for the language."""

from __future__ import annotations

import datetime as dt
import logging

from olap.cube import CubeError, measure
from olap.insights.contributions import DRIVERS, Contribution, close, contributions, cube_frame
from olap.insights.outliers import Outlier, outliers
from olap.period import previous_span
from olap.query import QuerySpec, replace_spec

log = logging.getLogger("olap.insights")

MAX_SENTENCES = 5


def sentences_for(spec: QuerySpec, lang: str, warehouse=None) -> list[str]:
    """At most ``MAX_SENTENCES`` plain sentences about the view, in ``lang``; ``[]`` when nothing to say."""
    try:
        if not spec.rows:
            return []
        lvl = spec.rows[0]
        m = spec.measures[0]
        found = contributions(spec, warehouse)
        view = cube_frame(
            replace_spec(spec, measures=(m,), rows=(lvl,), columns=(), sort=None, descending=True, limit=None),
            warehouse,
        )
        unusual = outliers(view, m, lvl)
        return describe(found, unusual, len(view), m, lvl, lang)[:MAX_SENTENCES]
    except CubeError:
        return []
    except Exception:  # insights are a bonus: a failure must not break the view that asked for them
        log.exception("insights failed for %s", spec.key() if hasattr(spec, "key") else spec)
        return []


def describe(
    found: Contribution | None, unusual: list[Outlier], members: int, m: str, lvl: str, lang: str
) -> list[str]:
    """The findings as sentences (comparison, drivers, outliers), numbers formatted for ``lang``."""
    from i18n import format as fmt
    from i18n import t
    from olap.labels import level_label, measure_label

    out: list[str] = []
    name = measure_label(m, lang)
    level_name = level_label(lvl, lang)
    if found is not None and found.uncovered:
        out.append(_uncovered_sentence(found, lang))
    elif found is not None:
        if found.partial:
            out.append(_partial_sentence(found, lang))
        out.append(_change_sentence(found, name, lang))
        drivers = _driver_sentence(found, level_name, lang)
        if drivers:
            out.append(drivers)
    for o in unusual[:DRIVERS]:
        key = "insight.outlier_high" if o.score > 0 else "insight.outlier_low"
        times = o.value / o.median if o.median > 0 and o.value > 0 else None
        out.append(
            t(
                key + ("_times" if times and o.score > 0 else ""),
                lang,
                member=_member(lvl, o, lang),
                value=_fmt(m, o.value, lang),
                median=_fmt(m, o.median, lang),
                times=f"{times:,.1f}" if times else "",
                level=fmt.in_sentence(level_name, lang),
                n=members,
            )
        )
    if len(unusual) > DRIVERS:
        out.append(t("insight.outlier_more", lang, n=f"{len(unusual) - DRIVERS:,}", total=f"{members:,}"))
    return out


def _fmt(m: str, value: float, lang: str) -> str:
    from olap.labels import format_value

    return format_value(m, value, lang)


def _signed(m: str, value: float, lang: str) -> str:
    """A change in the measure's unit with its sign: +$1.2M, -3.4 pp / -3.4%p, +12."""
    from i18n import format as fmt

    kind = measure(m).kind
    if kind in ("percent", "percent_points"):
        text = fmt.points(abs(value), lang)
    else:
        text = _fmt(m, abs(value), lang)
    shown_zero = not any(ch in "123456789" for ch in text)
    sign = "±" if shown_zero or value == 0 else "+" if value > 0 else "-"
    return sign + text


def _member(lvl: str, item, lang: str) -> str:
    from olap.labels import member_label

    return member_label(lvl, item.member, item.label, lang)


def _period_text(start: dt.date, end: dt.date, lang: str) -> str:
    from i18n import format as fmt

    if start.day == 1 and (end + dt.timedelta(days=1)).day == 1:
        months = (end.year - start.year) * 12 + end.month - start.month + 1
        if months == 12 and start.month == 1:
            return fmt.year(start.year, lang)
        if months == 3 and start.month % 3 == 1:
            return fmt.quarter(start.year, start.month // 3 + 1, lang)
    return fmt.day_range(start, end, lang)


def _partial_sentence(c: Contribution, lang: str) -> str:
    """Says that the data ends inside the view's range and how the comparison is cut."""
    from i18n import format as fmt
    from i18n import t

    return t(
        "insight.partial",
        lang,
        period=_period_text(c.current_start, c.end, lang),
        last_day=fmt.date(c.current_end, lang),
        days=f"{(c.current_end - c.current_start).days + 1:,}",
        total=f"{(c.end - c.current_start).days + 1:,}",
    )


def _uncovered_sentence(c: Contribution, lang: str) -> str:
    """Says that the previous period is not compared because the data starts inside it."""
    from i18n import format as fmt
    from i18n import t

    period = _period_text(c.previous_start, c.previous_end, lang)
    return t("insight.uncovered", lang, period=period, data_start=fmt.date(c.data_start, lang))


def _change_sentence(c: Contribution, name: str, lang: str) -> str:
    from i18n import format as fmt
    from i18n import t

    period = _period_text(c.previous_start, c.previous_end, lang)
    if c.partial:
        whole = previous_span(c.current_start, c.end)
        span = fmt.day_range(c.previous_start, c.previous_end, lang)
        period = t("insight.partial_period", lang, period=_period_text(*whole, lang), span=span)
    values = dict(
        measure=name,
        period=period,
        current=_fmt(c.measure, c.current, lang),
        previous=_fmt(c.measure, c.previous, lang),
        delta=_signed(c.measure, c.change, lang),
    )
    if close(c.current, c.previous):
        return t("insight.unchanged", lang, **values)
    direction = "up" if c.change > 0 else "down"
    if measure(c.measure).kind in ("percent", "percent_points") or c.relative is None:
        return t(f"insight.change_{direction}_from", lang, **values)
    return t(f"insight.change_{direction}", lang, pct=fmt.percent(abs(c.relative), lang), **values)


def _driver_sentence(c: Contribution, level_name: str, lang: str) -> str | None:
    from i18n import format as fmt
    from i18n import t

    level_text = fmt.in_sentence(level_name, lang)
    if c.kind == "total_only" or not c.drivers:
        return None
    if c.kind in ("additive", "partition"):
        if close(c.change, 0.0):
            return None
        lead = c.up() if c.change > 0 else c.down()
        against = c.down(1) if c.change > 0 else c.up(1)
        if not lead:
            return None
        parts = []
        for i, d in enumerate(lead):
            share = fmt.percent(d.effect / c.change, lang, decimals=0)
            key = "insight.driver_first" if i == 0 else "insight.driver_next"
            parts.append(
                t(key, lang, member=_member(c.level, d, lang), delta=_signed(c.measure, d.effect, lang), share=share)
            )
        items = ", ".join(parts)
        if not against:
            return t("insight.drivers", lang, items=items)
        d = against[0]
        return t(
            "insight.drivers_against",
            lang,
            items=items,
            member=_member(c.level, d, lang),
            delta=_signed(c.measure, d.effect, lang),
        )
    if c.kind == "overlapping":
        ranked = [d for d in c.drivers if not close(d.effect, 0.0)][: DRIVERS + 1]
        if not ranked:
            return None
        items = ", ".join(f"{_member(c.level, d, lang)} {_signed(c.measure, d.effect, lang)}" for d in ranked)
        return t("insight.overlapping", lang, level=level_text, items=items)
    if c.kind == "ratio_split":
        if close(c.change, 0.0):
            return None
        top = max(c.drivers, key=lambda d: abs(d.rate_effect), default=None)
        return t(
            "insight.ratio_split",
            lang,
            delta=_signed(c.measure, c.change, lang),
            rate=_signed(c.measure, c.rate_effect, lang),
            mix=_signed(c.measure, c.mix_effect, lang),
            level=level_text,
            member=_member(c.level, top, lang) if top else "–",
            member_rate=_signed(c.measure, top.rate_effect, lang) if top else "–",
        )
    # ratio_weighted
    ranked = [d for d in c.drivers if not close(d.effect, 0.0)][:DRIVERS]
    if not ranked:
        return None
    items = ", ".join(
        f"{_member(c.level, d, lang)} ({_fmt(c.measure, d.previous, lang)} → {_fmt(c.measure, d.current, lang)})"
        for d in ranked
    )
    from olap.labels import measure_label

    volume = measure_label(c.volume or c.measure, lang)
    return t("insight.ratio_weighted", lang, volume=fmt.in_sentence(volume, lang), items=items)

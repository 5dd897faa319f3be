"""Numbers, money, percentages and dates formatted for the chosen language.

English groups large numbers by thousands (1.2M); Korean by ten-thousands
(120만, 1.2억), as Korean readers expect.
"""

from __future__ import annotations

import datetime as dt
import math

CURRENCY_SYMBOL = {"USD": "$", "KRW": "₩", "EUR": "€", "GBP": "£", "JPY": "¥", "INR": "₹"}
_EN_UNITS = ((1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "K"))
_KO_UNITS = ((1e12, "조"), (1e8, "억"), (1e4, "만"))
_EN_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def _missing(value) -> bool:
    return value is None or (isinstance(value, float) and not math.isfinite(value))


def number(value, lang: str = "en", decimals: int = 0) -> str:
    """Exact value with thousands separators: 1,234,567."""
    if _missing(value):
        return "–"
    return f"{value:,.{decimals}f}"


def compact(value, lang: str = "en") -> str:
    """Short form for cards and axes: 1.2M (en), 120만 (ko)."""
    if _missing(value):
        return "–"
    sign = "-" if value < 0 else ""
    size = abs(value)
    for unit, suffix in _KO_UNITS if lang == "ko" else _EN_UNITS:
        if size >= unit:
            scaled = size / unit
            text = f"{scaled:,.1f}" if scaled < 1000 else f"{scaled:,.0f}"
            text = text[:-2] if text.endswith(".0") else text
            return f"{sign}{text}{suffix}"
    return f"{sign}{size:,.0f}" if size >= 10 or size == int(size) else f"{sign}{size:,.1f}"


_currency_source = None  # a callable giving the reporting currency; data.warehouse sets it to the warehouse's


def use_currency_source(source) -> None:
    """Where ``money`` without a currency asks for the reporting currency (i18n imports nothing of the
    project: the warehouse module registers itself here when it is imported)."""
    global _currency_source
    _currency_source = source


def reporting_currency() -> str:
    """The current warehouse's currency (chosen at import; the demo's is USD); USD with no source."""
    return _currency_source() if _currency_source is not None else "USD"


def currency_symbol(currency: str | None = None) -> str:
    """$, £, ₩… or the ISO code and a space (CHF 12) for a currency without a symbol of its own."""
    currency = currency or reporting_currency()
    return CURRENCY_SYMBOL.get(currency, currency + " ")


def money(value, lang: str = "en", currency: str | None = None, exact: bool = False) -> str:
    """Money in the reporting currency (by default the warehouse's): $1.2M (en), $120만 (ko); exact=True
    gives $1,234,567."""
    if _missing(value):
        return "–"
    symbol = currency_symbol(currency)
    sign = "-" if value < 0 else ""
    body = f"{abs(value):,.0f}" if exact else compact(abs(value), lang)
    return f"{sign}{symbol}{body}"


def percent(value, lang: str = "en", decimals: int = 1, signed: bool = False) -> str:
    """A ratio (0.123) as a percentage with one decimal: 12.3%."""
    if _missing(value):
        return "–"
    return f"{value * 100:{'+' if signed else ''},.{decimals}f}%"


def points(value, lang: str = "en", decimals: int = 1) -> str:
    """A difference of two percentages (0.034) in percentage points: 3.4 pp / 3.4%p."""
    return percent(value, lang, decimals).replace("%", " pp" if lang == "en" else "%p")


def in_sentence(label: str, lang: str = "en") -> str:
    """A label as it reads inside a sentence: lower case in English (Korean has no case)."""
    return label.lower() if lang == "en" else label


def date(value: dt.date, lang: str = "en") -> str:
    """A day in the locale's order: Oct 1, 2025 / 2025. 10. 1."""
    if lang == "ko":
        return f"{value.year}. {value.month}. {value.day}."
    return f"{_EN_MONTHS[value.month - 1]} {value.day}, {value.year}"


def month(value: dt.date, lang: str = "en") -> str:
    """A month: Oct 2025 / 2025년 10월."""
    if lang == "ko":
        return f"{value.year}년 {value.month}월"
    return f"{_EN_MONTHS[value.month - 1]} {value.year}"


def month_short(value: dt.date, lang: str = "en") -> str:
    """A month on an axis: Oct 25 / 25.10."""
    if lang == "ko":
        return f"{value.year % 100}.{value.month:02d}"
    return f"{_EN_MONTHS[value.month - 1]} {value.year % 100:02d}"


def quarter(year: int, q: int, lang: str = "en") -> str:
    return f"{year}년 {q}분기" if lang == "ko" else f"Q{q} {year}"


def year(value: int, lang: str = "en") -> str:
    return f"{value}년" if lang == "ko" else str(value)


def day_range(start: dt.date, end: dt.date, lang: str = "en") -> str:
    """A span of days (both inclusive): whole months as ``month_range``, else Jul 1, 2025 – Jul 8, 2025."""
    if start.day == 1 and (end + dt.timedelta(days=1)).day == 1:
        return month_range(start, end.replace(day=1), lang)
    if start == end:
        return date(start, lang)
    return f"{date(start, lang)} – {date(end, lang)}"


def month_range(start: dt.date, end: dt.date, lang: str = "en") -> str:
    """A span of whole months: Jul–Sep 2025 / 2025년 7월–9월."""
    if start == end:
        return month(start, lang)
    if lang == "ko":
        if start.year == end.year:
            return f"{start.year}년 {start.month}월–{end.month}월"
        return f"{month(start, lang)}–{month(end, lang)}"
    if start.year == end.year:
        return f"{_EN_MONTHS[start.month - 1]}–{_EN_MONTHS[end.month - 1]} {end.year}"
    return f"{month(start, lang)} – {month(end, lang)}"

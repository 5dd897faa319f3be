"""Reporting periods made of whole months, and their comparison periods.

Tokens (as in the URL): ``2025`` (year), ``2025-Q4`` (quarter), ``2025-11`` (month),
``L12M`` (the last twelve months of data) and ``YTD`` (the data's last year to date).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass


class PeriodError(ValueError):
    """A period token that is malformed or outside the data."""


def add_months(day: dt.date, months: int) -> dt.date:
    """The first day of the month ``months`` after ``day``'s month."""
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


@dataclass(frozen=True)
class Period:
    """An inclusive span of months, from the first day of ``start`` to the month of ``end``."""

    token: str
    kind: str  # year | quarter | month | l12m | ytd
    start: dt.date
    end: dt.date

    @property
    def months(self) -> int:
        return (self.end.year - self.start.year) * 12 + self.end.month - self.start.month + 1

    def shifted(self, months: int) -> Period:
        return Period(self.token, self.kind, add_months(self.start, months), add_months(self.end, months))

    def previous(self) -> Period:
        """The span of equal length just before."""
        return self.shifted(-self.months)

    def last_year(self) -> Period:
        """The same months one year earlier."""
        return self.shifted(-12)

    def month_list(self) -> list[dt.date]:
        return [add_months(self.start, i) for i in range(self.months)]


_PATTERNS = (
    (re.compile(r"^(\d{4})$", re.ASCII), "year"),
    (re.compile(r"^(\d{4})-Q([1-4])$", re.ASCII), "quarter"),
    (re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$", re.ASCII), "month"),
)


def parse_period(token: str, data_start: dt.date, data_end: dt.date) -> Period:
    """Turn a URL token into a Period that lies within the data; raise PeriodError otherwise."""
    token = (token or "").strip().upper()
    last = month_start(data_end)
    first = month_start(data_start)
    if token == "L12M":
        return Period(token, "l12m", add_months(last, -11), last)
    if token == "YTD":
        return Period(token, "ytd", dt.date(last.year, 1, 1), last)
    for pattern, kind in _PATTERNS:
        match = pattern.match(token)
        if not match:
            continue
        year = int(match.group(1))
        if kind == "year":
            start, end = dt.date(year, 1, 1), dt.date(year, 12, 1)
        elif kind == "quarter":
            q = int(match.group(2))
            start = dt.date(year, 3 * q - 2, 1)
            end = add_months(start, 2)
        else:
            start = end = dt.date(year, int(match.group(2)), 1)
        if end < first or start > last:
            raise PeriodError(f"outside the data ({token})")
        return Period(token, kind, start, end)
    raise PeriodError(f"not a period ({token})")


def default_period(data_end: dt.date) -> Period:
    """The quarter holding the last day of data."""
    last = month_start(data_end)
    q = (last.month - 1) // 3 + 1
    token = f"{last.year}-Q{q}"
    start = dt.date(last.year, 3 * q - 2, 1)
    return Period(token, "quarter", start, add_months(start, 2))


def period_tokens(data_start: dt.date, data_end: dt.date) -> list[str]:
    """Every selectable token, most useful first: rolling, years, quarters, months (newest first)."""
    first, last = month_start(data_start), month_start(data_end)
    years = list(range(last.year, first.year - 1, -1))
    tokens = ["L12M", "YTD"] + [str(y) for y in years]
    tokens += [f"{y}-Q{q}" for y in years for q in (4, 3, 2, 1) if dt.date(y, 3 * q - 2, 1) <= last]
    month = last
    while month >= first:
        tokens.append(f"{month.year}-{month.month:02d}")
        month = add_months(month, -1)
    return tokens

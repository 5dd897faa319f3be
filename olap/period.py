"""Reporting periods, their comparison periods, and the one rule for partial periods.

Tokens (as in the URL): ``2025`` (year), ``2025-Q4`` (quarter), ``2025-11`` (month),
``L12M`` (the last twelve months of data) and ``YTD`` (the data's last year to date).

Complete and partial periods
    The data's last day is the last day with an order. A calendar period (month,
    quarter, year) is *complete* when the data covers it to its last calendar day
    (``is_complete``): data ending on 2025-07-31 completes July 2025 but not Q3 2025.
    The forecast drops a period the date range cuts short by the same rule.
    A period chosen by default is always complete: ``default_period`` is the last
    complete quarter (the latest quarter only when no quarter of the data is complete).

Like-for-like comparison of a partial period
    A period the data's last day cuts short covers its first ``M`` whole months plus
    ``D`` days (``0 <= D`` < the length of its month ``M + 1``): Q3 2025 through July 8
    is 0 months + 8 days, YTD through 2025-03-15 is 2 months + 15 days. Each comparison
    period (the previous period, the same period last year) covers the same part of
    itself: its first ``M`` whole months plus ``D`` days of its next month, clipped to
    that month's length. So Q3 2025 through July 8 compares with April 1–8 and with
    July 1–8 2024; March 1–30 compares with February 1–28 (or 29); a year through
    February 29 (two whole months) compares with January and February of the year
    before. When the data ends on a month's last day, every comparison is made of whole
    months and reads the monthly aggregates; otherwise the figures are computed per day.

Rolling twelve months (``L12M``) and year to date (``YTD``)
    ``L12M`` is the twelve months ending on the data's last day (as "last 12 months"
    relative to the latest date in Power BI or Metabase): through 2025-07-08 it is
    2024-07-09 – 2025-07-08, through 2025-06-30 it is July 2024 – June 2025 (twelve whole
    months). Its previous period and its last year are both the twelve months before,
    ending on the same day a year earlier. ``YTD`` is the data's last calendar year cut at
    the data's last day; its previous period and its last year are both the year before,
    cut like for like (January 1 to the same point).

Fields: ``start``/``end`` are the first days of the first and last months a whole-month
reader uses (``end`` is the FIRST day of the last month, as before); ``first_day`` and
``last_day`` are the exact days the period's figures cover (``last_day`` is at most the
data's last day for a period parsed against the data).
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass, replace

SPAN_MONTHS = {"year": 12, "ytd": 12, "quarter": 3, "month": 1, "l12m": 12}
ONE_DAY = dt.timedelta(days=1)


class PeriodError(ValueError):
    """A period token that is malformed or outside the data."""


def add_months(day: dt.date, months: int) -> dt.date:
    """The first day of the month ``months`` after ``day``'s month."""
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def month_end(day: dt.date) -> dt.date:
    """The last day of ``day``'s month."""
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def shift_day(day: dt.date, months: int) -> dt.date:
    """The same day of the month ``months`` later, clipped to that month's length (Jan 31 + 1 → Feb 28)."""
    first = add_months(day, months)
    return first.replace(day=min(day.day, month_end(first).day))


def is_complete(last_day: dt.date, data_end: dt.date) -> bool:
    """A period whose last calendar day is ``last_day`` is complete when the data reaches that day."""
    return data_end >= last_day


MIN_COVERED = 0.9  # a comparison window the data covers less of than this is not compared


def begins_inside(first_day, last_day, data_start: dt.date | None) -> bool:
    """The data starts inside ``first_day``–``last_day`` and misses more than a tenth of it.

    A user's own data rarely starts on a period boundary; comparing with a window it covers
    for a few days would read as a change of thousands of per cent, so such a window is not
    compared (KPI cards, Explore's comparison columns and insights alike). A window the data
    misses only a day or two of (a first sale on the 2nd) is still compared.
    """
    if data_start is None:
        return False
    first = first_day if isinstance(first_day, dt.date) else dt.date.fromisoformat(str(first_day)[:10])
    last = last_day if isinstance(last_day, dt.date) else dt.date.fromisoformat(str(last_day)[:10])
    if not first < data_start <= last:
        return False
    return (last - data_start).days + 1 < MIN_COVERED * ((last - first).days + 1)


def whole_months(first_day: dt.date, last_day: dt.date) -> bool:
    """The days are whole calendar months (monthly aggregates answer them exactly)."""
    return first_day.day == 1 and last_day == month_end(last_day)


def like_for_like(first: dt.date, last: dt.date, covered_to: dt.date, back: int) -> tuple[dt.date, dt.date]:
    """The span ``back`` months before ``first``–``last``, cut to the part ``first``–``covered_to`` covers.

    The part covered is ``M`` whole months from ``first`` plus ``D`` days; the comparison covers
    its own first ``M`` whole months plus ``D`` days, clipped to the length of its next month.
    """
    new_first = shift_day(first, -back)
    new_last = shift_day(last + ONE_DAY, -back) - ONE_DAY
    if covered_to >= last:
        return new_first, new_last
    whole = 0
    while shift_day(first, whole + 1) - ONE_DAY <= covered_to:
        whole += 1
    extra = (covered_to - (shift_day(first, whole) - ONE_DAY)).days
    boundary = shift_day(new_first, whole) - ONE_DAY
    cut = min(boundary + dt.timedelta(days=extra), shift_day(new_first, whole + 1) - ONE_DAY)
    return new_first, min(cut, new_last)


def span_months(first: dt.date, last: dt.date) -> int | None:
    """How many months ``first``–``last`` spans when it is whole months from a day to the day before
    (July 2025, Q3, or 2024-07-09 – 2025-07-08); None for any other range."""
    after = last + ONE_DAY
    months = (after.year - first.year) * 12 + after.month - first.month
    return months if months >= 1 and shift_day(first, months) == after else None


def covered_to(first: dt.date, last: dt.date, data_end: dt.date | None) -> dt.date:
    """The last day of ``first``–``last`` that the data covers (``last`` when it covers it all or data_end is unknown)."""
    if data_end is None or data_end >= last or data_end < first:
        return last
    return data_end


def previous_span(first: dt.date, last: dt.date, data_end: dt.date | None = None) -> tuple[dt.date, dt.date]:
    """The span just before ``first``–``last`` (a custom range's comparison, as in Explore).

    A span of months compares with the same months just before; any other range with the
    same number of days just before. When ``data_end`` cuts the range short, the comparison
    is cut like for like (``like_for_like``; a day-count range keeps as many days as covered).
    """
    to = covered_to(first, last, data_end)
    months = span_months(first, last)
    if months:
        return like_for_like(first, last, to, months)
    days = (last - first).days + 1
    start = first - dt.timedelta(days=days)
    return start, start + (to - first)


@dataclass(frozen=True)
class Period:
    """A reporting period: whole months for month readers, exact days for its figures (module docstring)."""

    token: str
    kind: str  # year | quarter | month | l12m | ytd
    start: dt.date  # first day of the first month
    end: dt.date  # FIRST day of the last month
    first_day: dt.date | None = None  # default: start
    last_day: dt.date | None = None  # default: the last day of end's month

    def __post_init__(self):
        if self.first_day is None:
            object.__setattr__(self, "first_day", self.start)
        if self.last_day is None:
            object.__setattr__(self, "last_day", month_end(self.end))

    @property
    def months(self) -> int:
        return (self.end.year - self.start.year) * 12 + self.end.month - self.start.month + 1

    @property
    def span_last_day(self) -> dt.date:
        """The last day of the span the period is named after (the calendar quarter, the year…)."""
        if self.kind == "l12m":
            return shift_day(self.first_day, 12) - ONE_DAY
        if self.kind in SPAN_MONTHS:
            return add_months(self.first_day, SPAN_MONTHS[self.kind]) - ONE_DAY
        return month_end(self.end)

    @property
    def days(self) -> int:
        """Days the figures cover."""
        return (self.last_day - self.first_day).days + 1

    @property
    def span_days(self) -> int:
        return (self.span_last_day - self.first_day).days + 1

    @property
    def partial(self) -> bool:
        """The data's last day cuts the period short (its figures cover only ``days`` of ``span_days``)."""
        return self.last_day < self.span_last_day

    @property
    def whole_months(self) -> bool:
        return whole_months(self.first_day, self.last_day)

    def shifted(self, months: int) -> Period:
        return Period(self.token, self.kind, add_months(self.start, months), add_months(self.end, months))

    def _compared(self, months: int) -> Period:
        first, last = like_for_like(self.first_day, self.span_last_day, self.last_day, months)
        return replace(self.shifted(-months), first_day=first, last_day=last)

    def previous(self) -> Period:
        """The period just before (for L12M and YTD: the year before), cut like for like."""
        return self._compared(SPAN_MONTHS.get(self.kind, self.months))

    def last_year(self) -> Period:
        """The same period one year earlier, cut like for like."""
        return self._compared(12)

    def month_list(self) -> list[dt.date]:
        return [add_months(self.start, i) for i in range(self.months)]


_PATTERNS = (
    (re.compile(r"^(\d{4})$", re.ASCII), "year"),
    (re.compile(r"^(\d{4})-Q([1-4])$", re.ASCII), "quarter"),
    (re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$", re.ASCII), "month"),
)


def _rolling(token: str, data_end: dt.date) -> Period:
    last = month_start(data_end)
    if token == "L12M":
        return Period(token, "l12m", add_months(last, -11), last, shift_day(data_end + ONE_DAY, -12), data_end)
    return Period(token, "ytd", dt.date(last.year, 1, 1), last, dt.date(last.year, 1, 1), data_end)


def parse_period(token: str, data_start: dt.date, data_end: dt.date) -> Period:
    """Turn a URL token into a Period that lies within the data; raise PeriodError otherwise.

    A period the data's last day cuts short ends on that day (``partial``).
    """
    token = (token or "").strip().upper()
    last = month_start(data_end)
    first = month_start(data_start)
    if token in ("L12M", "YTD"):
        return _rolling(token, data_end)
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
        return Period(token, kind, start, end, last_day=min(month_end(end), data_end))
    raise PeriodError(f"not a period ({token})")


def _quarter(day: dt.date, data_end: dt.date) -> Period:
    q = (day.month - 1) // 3 + 1
    start = dt.date(day.year, 3 * q - 2, 1)
    end = add_months(start, 2)
    return Period(f"{day.year}-Q{q}", "quarter", start, end, last_day=min(month_end(end), data_end))


def default_period(data_end: dt.date, data_start: dt.date | None = None) -> Period:
    """The last complete quarter of the data (``is_complete``).

    The quarter holding the data's last day when the data reaches that quarter's last day;
    otherwise the quarter before, unless the data starts after it or only begins inside it
    (``begins_inside``): then the latest quarter, partial, compared like for like.
    """
    latest = _quarter(data_end, data_end)
    if not latest.partial:
        return latest
    before = _quarter(latest.start - ONE_DAY, data_end)
    if data_start is not None and (
        data_start > before.last_day or begins_inside(before.first_day, before.last_day, data_start)
    ):
        return latest
    return before


def period_tokens(data_start: dt.date, data_end: dt.date) -> list[str]:
    """Every selectable token, most useful first: rolling, years, quarters, months (newest first)."""
    first, last = month_start(data_start), month_start(data_end)
    years = list(range(last.year, first.year - 1, -1))
    tokens = ["L12M", "YTD"] + [str(y) for y in years]
    tokens += [
        f"{y}-Q{q}"
        for y in years
        for q in (4, 3, 2, 1)
        if dt.date(y, 3 * q - 2, 1) <= last and dt.date(y, 3 * q, 1) >= first
    ]
    month = last
    while month >= first:
        tokens.append(f"{month.year}-{month.month:02d}")
        month = add_months(month, -1)
    return tokens

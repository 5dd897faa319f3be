"""Time members of the cube's time levels: their SQL key per grain and the days each member spans.

``2025``, ``2025-Q3``, ``2025-07``, ``2025-W07`` and ``2025-07-14`` are members of the year,
quarter, month, week (ISO) and day levels; ``time_member_range`` turns one into the days
``[start, end)`` it covers, refusing anything else with ``cube.bad_time_member``.
"""

from __future__ import annotations

import datetime as dt
import re

from olap.cube import CubeError
from olap.period import add_months

TIME_FORMATS = {
    "year": "strftime({ts}, '%Y')",
    "quarter": "strftime({ts}, '%Y') || '-Q' || quarter({ts})",
    "month": "strftime({ts}, '%Y-%m')",
    "week": "strftime({ts}, '%G-W%V')",
    "day": "strftime({ts}, '%Y-%m-%d')",
}
_TIME_MEMBER = {
    "year": re.compile(r"^(\d{4})$", re.ASCII),
    "quarter": re.compile(r"^(\d{4})-Q([1-4])$", re.ASCII),
    "month": re.compile(r"^(\d{4})-(\d{2})$", re.ASCII),
    "week": re.compile(r"^(\d{4})-W(\d{2})$", re.ASCII),
    "day": re.compile(r"^(\d{4})-(\d{2})-(\d{2})$", re.ASCII),
}


def time_member_range(grain: str, member: str) -> tuple[dt.date, dt.date]:
    """The days ``[start, end)`` of a time member such as ``2025-Q3`` or ``2025-W07``."""
    match = _TIME_MEMBER[grain].match(str(member))
    try:
        if not match:
            raise ValueError
        parts = [int(p) for p in match.groups()]
        if grain == "year":
            return dt.date(parts[0], 1, 1), dt.date(parts[0] + 1, 1, 1)
        if grain == "quarter":
            start = dt.date(parts[0], 3 * parts[1] - 2, 1)
            return start, add_months(start, 3)
        if grain == "month":
            start = dt.date(parts[0], parts[1], 1)
            return start, add_months(start, 1)
        if grain == "week":
            start = dt.date.fromisocalendar(parts[0], parts[1], 1)
            return start, start + dt.timedelta(days=7)
        start = dt.date(*parts)
        return start, start + dt.timedelta(days=1)
    except ValueError:
        raise CubeError("cube.bad_time_member", level=f"time.{grain}", member=str(member)) from None

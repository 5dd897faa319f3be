"""The forecast page's question, read from and written to the URL.

``?m=revenue&g=month&h=12&from=2023-01-01&to=2025-12-31&f.geo.country=Korea`` — the same
``m`` and ``f.<level>`` keys as Explore, so a view there links to its forecast. What
cannot be used is dropped and reported, as Explore does.
"""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

from olap import urlstate
from olap.cube import MEASURES, CubeError
from olap.query import make_spec

# Sums and counts per period: what a forecast of "how much next month" means. Ratios
# (margin %, rates) are not forecast directly; forecast their parts instead.
FORECAST_MEASURES = tuple(
    name for name, m in MEASURES.items() if m.kind in ("money", "count") and not m.combine and not m.customer_grain
)
GRAINS = ("month", "week")
DEFAULT_HORIZON = {"month": 12, "week": 26}
MAX_HORIZON = {"month": 24, "week": 104}
# levels offered as filters: not time (the history range does that), not the very long lists
FILTER_LEVELS = (
    "geo.region",
    "geo.country",
    "customer.type",
    "customer.segment",
    "product.category",
    "product.subcategory",
    "channel.group",
    "channel.channel",
    "partner.tier",
    "partner.partner",
    "score.tier",
    "score.rfm_segment",
    "cluster.cluster",
)


def _date(text: str | None, default: dt.date, problems: list) -> dt.date:
    if not text:
        return default
    try:
        return dt.date.fromisoformat(text[:10])
    except ValueError:
        problems.append(CubeError("cube.bad_date", value=text))
        return default


def read_request(query: dict, first: dt.date, last: dt.date) -> tuple[dict, list[CubeError]]:
    """The forecast request the URL asks for (defaults where it says nothing) and its problems."""
    problems: list[CubeError] = []
    measure = urlstate.first(query, "m") or "revenue"
    if measure not in FORECAST_MEASURES:
        problems.append(CubeError("forecast.bad_measure", measure=measure))
        measure = "revenue"
    grain = urlstate.first(query, "g") or "month"
    if grain not in GRAINS:
        problems.append(CubeError("forecast.bad_grain", grain=grain))
        grain = "month"
    horizon = DEFAULT_HORIZON[grain]
    if urlstate.first(query, "h"):
        try:
            horizon = int(urlstate.first(query, "h"))
        except ValueError:
            problems.append(
                CubeError("forecast.bad_horizon", value=urlstate.first(query, "h"), most=MAX_HORIZON[grain])
            )
        else:
            if not 1 <= horizon <= MAX_HORIZON[grain]:
                problems.append(CubeError("forecast.bad_horizon", value=horizon, most=MAX_HORIZON[grain]))
                horizon = min(max(horizon, 1), MAX_HORIZON[grain])
    start = max(first, _date(urlstate.first(query, "from"), first, problems))
    end = min(last, _date(urlstate.first(query, "to"), last, problems))
    if start >= end:
        problems.append(CubeError("cube.bad_range", start=start.isoformat(), end=end.isoformat()))
        start, end = first, last
    filters: dict[str, list[str]] = {}
    for key in sorted(query):
        if not key.startswith("f."):
            continue
        level_id = key[2:]
        try:
            make_spec([measure], rows=[f"time.{grain}"], filters={level_id: urlstate.values(query, key)})
        except CubeError as exc:
            problems.append(exc)
        else:
            filters[level_id] = urlstate.values(query, key)
    request = {
        "measure": measure,
        "grain": grain,
        "horizon": horizon,
        "start": start.isoformat(),
        "end": end.isoformat(),
        "filters": filters,
    }
    return request, problems


def request_query(request: dict) -> dict:
    q: dict = {"m": request["measure"], "g": request["grain"], "h": str(request["horizon"])}
    q["from"], q["to"] = request["start"], request["end"]
    for level_id, members in sorted(request["filters"].items()):
        q[f"f.{level_id}"] = list(members)
    return q


def request_search(request: dict) -> str:
    return "?" + urlencode(request_query(request), doseq=True)

"""Where a click on a point of an analysis's chart leads (issue 17 item 4; pure, no Dash).

A point that is a member of a cube level (a region, a month, a customer, a product category, a
partner tier…) offers what a dashboard chart's point offers (``olap.dashboard.click_actions``): drill
to the next level in Explore, filter this page to it (where the page's filter can take it: a region,
a country, a channel group, a customer type, or a month as the period), its detail rows, and its
level opened in Explore. Every link keeps the page's period (or custom range) and its filters.
"""

from __future__ import annotations

from dataclasses import replace

from olap.analyses.state import AnalysesState
from olap.cube import LEVELS, MEASURES, dimension_of, level
from olap.filters import filters_to_query
from olap.urlstate import search

ACTIONS = ("drill", "filter", "detail", "explore")
# the page's shared filter by level: a member of one of these narrows the page (olap.flow)
FILTER_FIELDS = {"geo.region": "regions", "geo.country": "countries", "channel.group": "channel_group",
                 "customer.type": "customer_type"}  # fmt: skip
SKIP = {"time.month": "time.day"}  # a month drills to its days, as on the dashboard (weeks cut across months)


def clickable(level_id: str | None) -> bool:
    """A chart's point on this column leads somewhere: it is a member of a cube level."""
    return level_id in LEVELS


def below(level_id: str) -> str | None:
    """The level a drill from ``level_id`` goes to (None at the lowest level)."""
    if level_id in SKIP:
        return SKIP[level_id]
    child = dimension_of(level_id).child(level(level_id))
    return child.id if child else None


def member_key(level_id: str, member) -> str:
    """The member as the cube's filters and URLs spell it (a month as 2025-07)."""
    text = str(member)
    return text[:7] if level_id == "time.month" else text[:10] if level_id == "time.day" else text


def click_actions(state: AnalysesState, level_id: str, member, measure: str = "revenue") -> dict[str, str]:
    """The links of a click on ``member`` of ``level_id`` (path + query), by action; ``filter`` only where
    the page can take it. ``measure`` is the chart's (revenue when it is not a cube measure)."""
    if not clickable(level_id):
        return {}
    cell = member_key(level_id, member)
    measure = measure if measure in MEASURES else "revenue"
    when = {"p": state.period} if state.period else state.custom.to_query()
    filters = state.filters
    if level_id == "time.month":  # a month is a period: the links open on it
        when, pinned = {"p": cell}, {}
    else:
        if level_id in FILTER_FIELDS:  # the clicked member replaces the page's own choice on that level
            field = FILTER_FIELDS[level_id]
            filters = replace(filters, **{field: () if field.endswith("s") else None})
            if level_id == "geo.region":
                filters = replace(filters, countries=())
        pinned = {f"f.{level_id}": [cell]}
    base = {"m": [measure], **when, **filters_to_query(filters)}
    out = {}
    child = below(level_id)
    if child:
        out["drill"] = "/explore" + search({**base, **pinned, "r": child})
    narrowed = _narrowed(state, level_id, cell)
    if narrowed is not None:
        out["filter"] = "/analyses" + search(narrowed)
    out["detail"] = "/explore" + search({**base, **pinned, "r": level_id, "view": "detail", f"d.{level_id}": cell})
    out["explore"] = "/explore" + search({**base, "r": level_id})
    return out


def _narrowed(state: AnalysesState, level_id: str, cell: str) -> dict | None:
    """This analysis filtered to the member, or None when its filter cannot take that level."""
    if level_id == "time.month":
        return state.with_period(cell)
    field = FILTER_FIELDS.get(level_id)
    if field is None:
        return None
    value = (cell,) if field.endswith("s") else cell
    changed = replace(state.filters, **{field: value})
    if level_id == "geo.region":
        changed = replace(changed, countries=())
    query = {k: v for k, v in state.to_query().items() if not k.startswith("f.")}
    return {**query, **filters_to_query(changed)}

"""The page filter the analytical pages share, and how it travels between them (pure; no Dash).

Dashboard, Explore, Analyses and Pipeline read one period (``p``, or ``from``/``to`` where a page
takes dates) and one filter on region, country, channel group and customer type (``f.geo.region``,
``f.geo.country``, ``f.channel.group``, ``f.customer.type``) from their URLs. What the user last
chose is remembered for the browser tab (``shared``) and put into the navigation's links, so moving
from page to page keeps it. The rules (``merge``):

- a link that carries any part of the shared state (a bookmark, a link from a KPI card, an old
  bookmark's ``period``/``region`` keys) is opened exactly as it is: links and bookmarks win;
- a bare link (``/explore``, ``/analyses?a=cohorts``) gets the remembered period and filters;
- with nothing remembered, every page opens on the same default period, the last complete quarter
  of the data (``olap.period.default_period``: what the dashboard has always opened on).

A page whose data cannot take one of the filters keeps it in its URL (so it travels on) and says it
is not applied there (``not_applied``), never ignoring it silently.

A custom date range (``from``/``to``, chosen on Explore) travels too (``period_of``): when its days
are exactly those of a month, quarter, year, the last twelve months or the year to date, every page
opens on that period; any other range is applied by the pages that read days (Explore, Analyses) and
not by those that show whole periods only (Dashboard, Pipeline): they open on their default period,
keep the range in their URL (so that it travels on to the next page) and say so beside their period
control.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, replace

from olap.filters import KEYS, Filters
from olap.period import Period, PeriodError, default_period, parse_period
from olap.urlstate import first, search, values

PERIOD_KEYS = ("p", "from", "to")
FILTER_KEYS = tuple(KEYS.values())  # f.geo.region, f.geo.country, f.channel.group, f.customer.type
SHARED_KEYS = PERIOD_KEYS + FILTER_KEYS
MULTI = (KEYS["region"], KEYS["country"])  # the keys that hold several values
# keys older bookmarks used for the same state (dashboard and pipeline): their presence is explicit state
OLD_KEYS = ("period", "region", "country", "channel", "ctype")
FILTER_NAMES = tuple(KEYS)  # region, country, channel, ctype: the names chips and messages use
# the pages that share the filter, by path, and the navigation ids of their links
PAGES = {"/": "nav-home", "/explore": "nav-explore", "/analyses": "nav-analyses", "/pipeline": "nav-pipeline"}


def default_token(catalog) -> str:
    """The period every page opens on without one: the data's last complete quarter."""
    return default_period(catalog.data_end, catalog.data_start).token


def shared(query: Mapping | None) -> dict:
    """The shared part of a URL query, canonical (several regions/countries as a list, one value otherwise);
    ``from``/``to`` only together and only without ``p`` (a token wins, as on Explore)."""
    query = query or {}
    out: dict = {}
    for key in SHARED_KEYS:
        found = values(query, key)
        if found:
            out[key] = list(dict.fromkeys(found)) if key in MULTI else found[0]
    if "p" in out or not ("from" in out and "to" in out):
        out.pop("from", None), out.pop("to", None)
    return out


def explicit(query: Mapping | None) -> bool:
    """Whether a link carries state of its own for the shared filter (then it wins)."""
    query = query or {}
    return any(values(query, key) for key in SHARED_KEYS + OLD_KEYS)


def merge(link: Mapping | None, remembered: Mapping | None) -> dict:
    """The query a link opens with, given the remembered shared state: the link's own when it
    carries any shared state, else the link's keys plus the remembered period and filters."""
    link = dict(link or {})
    if explicit(link):
        return link
    return {**link, **shared(remembered)}


def nav_href(path: str, remembered: Mapping | None) -> str:
    """The navigation link to a page sharing the filter, carrying what the user last chose."""
    query = merge({}, remembered)
    return path + (search(query) if query else "")


def nav_hrefs(remembered: Mapping | None) -> list[str]:
    """The navigation links of every page sharing the filter, in ``PAGES`` order."""
    return [nav_href(path, remembered) for path in PAGES]


def filters_of(query: Mapping) -> dict:
    """Only the filter keys of a query (no period)."""
    return {k: v for k, v in shared(query).items() if k in FILTER_KEYS}


def without_filters(query: Mapping) -> dict:
    """A query with the shared filters removed (the period and the page's own keys stay): "clear"."""
    return {k: v for k, v in query.items() if k not in FILTER_KEYS}


def next_filters(filters: Filters, control: str, value, country_region: Mapping[str, str]) -> Filters:
    """The shared filter after one control of the filter bar changed (pure).

    ``control`` is ``region``, ``country``, ``channel``, ``ctype``, ``clear`` or ``chip`` (then
    ``value`` is ``(filter name, value)`` to remove); choosing regions keeps only the countries in
    them (``country_region``: country → region).
    """
    if control == "region":
        regions = tuple(value or ())
        countries = tuple(c for c in filters.countries if not regions or country_region.get(c) in regions)
        return replace(filters, regions=regions, countries=countries)
    if control == "country":
        return replace(filters, countries=tuple(value or ()))
    if control == "channel":
        return replace(filters, channel_group=value or None)
    if control == "ctype":
        return replace(filters, customer_type=value or None)
    if control == "clear":
        return Filters()
    if control == "chip":
        name, member = value
        return filters.without(name, member)
    return filters


def not_applied(filters: Filters, applies: tuple[str, ...]) -> list[tuple[str, str]]:
    """The active filter values a page cannot apply (``applies``: the filter names it can), as
    ``(filter name, value)`` for the page to show as carried but not applied."""
    return [(name, value) for name, value in filters.active() if name not in applies]


@dataclass(frozen=True)
class CarriedRange:
    """A custom date range a page cannot apply: kept in its URL and shown as not applied there."""

    start: dt.date
    end: dt.date

    def to_query(self) -> dict:
        return {"from": self.start.isoformat(), "to": self.end.isoformat()}


def _candidates(start: dt.date) -> list[str]:
    """The period tokens a range starting on ``start`` could be exactly."""
    q = (start.month - 1) // 3 + 1
    return [f"{start.year}-{start.month:02d}", f"{start.year}-Q{q}", str(start.year), "L12M", "YTD"]


def range_token(start: dt.date, end: dt.date, data_start: dt.date, data_end: dt.date) -> str | None:
    """The token of the period whose days are exactly ``start``–``end`` (a month, quarter, year, L12M or
    YTD: its calendar span, or the part of it the data covers), or None when no period is those days."""
    for token in _candidates(start):
        try:
            period = parse_period(token, data_start, data_end)
        except PeriodError:
            continue
        if period.first_day == start and end in (period.last_day, period.span_last_day):
            return period.token
    return None


def period_of(query: Mapping, data_start: dt.date, data_end: dt.date) -> tuple[Period, CarriedRange | None, list]:
    """The period a page without a free date range opens on, the custom range it cannot apply (or None),
    and what it could not read, as ``(name, value)`` problems (pure).

    ``p`` wins; else a ``from``/``to`` range is the period of the same days (``range_token``) when
    there is one, else carried as not applied (the default period shown); else the default period.
    """
    problems: list[tuple[str, str]] = []
    default = default_period(data_end, data_start)
    token = first(query, "p")
    if token:
        try:
            return parse_period(token, data_start, data_end), None, problems
        except PeriodError:
            problems.append(("period", token))
            return default, None, problems
    start_text, end_text = first(query, "from"), first(query, "to")
    if not (start_text and end_text):
        return default, None, problems
    try:
        start, end = dt.date.fromisoformat(start_text[:10]), dt.date.fromisoformat(end_text[:10])
    except ValueError:
        start = end = None
    if start is None or start > end:
        problems.append(("period", f"{start_text} – {end_text}"))
        return default, None, problems
    found = range_token(start, end, data_start, data_end)
    if found:
        return parse_period(found, data_start, data_end), None, problems
    return default, CarriedRange(start, end), problems

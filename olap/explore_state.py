"""The Explore page's state, read from and written to the URL (pure; no Dash).

URL keys: ``m`` measures (repeatable), ``r`` row level, ``c`` pivot column level,
``f.<level id>`` filter members (repeatable), ``p`` a period token or ``from``/``to``
dates, ``cmp=1`` compare with the previous period, ``chart`` (bar, line, treemap,
table), ``view`` (chart, pivot, detail), ``d.<level id>`` the cell whose detail rows
are shown, ``page`` the detail page. Anything unknown is dropped and reported.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field, replace

from olap import flow
from olap.cube import DIMENSIONS, LEVELS, CubeError, dimension_of, level
from olap.filters import Filters, filters_to_query
from olap.period import PeriodError, covered_to, default_period, parse_period
from olap.query import QuerySpec, drill_down, make_spec, replace_spec, to_fields
from olap.urlstate import first, search, values

CHARTS = ("bar", "line", "treemap", "table")
VIEWS = ("chart", "pivot", "detail")
DEFAULT_MEASURES = ("revenue",)
DEFAULT_ROW = "geo.region"
DEFAULT_COLUMN = "time.year"
DEFAULT_PERIOD = "L12M"  # only where the data is too short for a quarter: see ``default_token``
ROW_LIMIT = 500  # members shown in charts and tables; exports have no such limit


@dataclass(frozen=True)
class ExploreState:
    spec: QuerySpec
    period: str  # a period token, or "" for a custom from/to range
    column: str = DEFAULT_COLUMN
    chart: str = "bar"
    view: str = "chart"
    compare: bool = False
    cell: tuple[tuple[str, str], ...] = ()
    page: int = 0
    problems: list[CubeError] = field(default_factory=list)
    data_end: dt.date | None = None  # the data's last day (not in the URL)

    @property
    def partial(self) -> bool:
        """The data ends inside the view's range: comparisons cover the same part of the span before."""
        return covered_to(self.spec.start, self.spec.end, self.data_end) < self.spec.end if self.spec.end else False

    @property
    def row(self) -> str:
        return self.spec.rows[0]

    def to_query(self) -> dict:
        q: dict = {"m": list(self.spec.measures), "r": self.row}
        if self.period:
            q["p"] = self.period
        else:
            q["from"], q["to"] = self.spec.start.isoformat(), self.spec.end.isoformat()
        for level_id, members in self.spec.filters:
            q[f"f.{level_id}"] = list(members)
        if self.compare:
            q["cmp"] = "1"
        if self.chart != "bar":
            q["chart"] = self.chart
        if self.view != "chart":
            q["view"] = self.view
        if self.view == "pivot" or self.column != DEFAULT_COLUMN:
            q["c"] = self.column
        for level_id, member in self.cell:
            q[f"d.{level_id}"] = member
        if self.page:
            q["page"] = str(self.page)
        return q

    def to_search(self) -> str:
        return search(self.to_query())

    @classmethod
    def from_query(cls, query: Mapping, catalog) -> ExploreState:
        """The state a URL asks for, checked against the cube and the catalog's bounds (pure: members are
        not looked up; ``load_state`` also drops the members the data does not have)."""
        return _from_query(query, catalog.data_start, catalog.data_end)

    def pivot_spec(self) -> QuerySpec:
        """The view's spec with the pivot's column level (no row limit beyond the usual)."""
        columns = () if self.column == self.row else (self.column,)
        return replace_spec(self.spec, columns=columns)


def _from_query(query: Mapping, data_start: dt.date, data_end: dt.date) -> ExploreState:
    """Read the state from URL query values; what cannot be used is dropped and reported."""
    problems: list[CubeError] = []

    row = first(query, "r") or DEFAULT_ROW
    if row not in LEVELS:
        problems.append(CubeError("cube.unknown_level", level=row))
        row = DEFAULT_ROW
    measures = []
    for name in values(query, "m"):
        try:
            make_spec([name], rows=[row])
            measures.append(name)
        except CubeError as exc:
            problems.append(exc)
    measures = measures or list(DEFAULT_MEASURES)
    if row not in [lvl for lvl in LEVELS if _applies(measures, lvl)]:
        row = DEFAULT_ROW

    filters: dict[str, tuple[str, ...]] = {}
    for key in sorted(query):
        if not key.startswith("f."):
            continue
        level_id = key[2:]
        try:
            make_spec(measures, rows=[row], filters={level_id: values(query, key)})
            filters[level_id] = tuple(values(query, key))
        except CubeError as exc:
            problems.append(exc)

    token, start, end = _dates(query, data_start, data_end, problems)
    spec = make_spec(measures, rows=[row], filters=filters, start=start, end=end, limit=ROW_LIMIT)

    column = first(query, "c") or DEFAULT_COLUMN
    if column not in LEVELS or not _applies(measures, column) or level(column).dimension == level(row).dimension:
        if column not in LEVELS:
            problems.append(CubeError("cube.unknown_level", level=column))
        column = DEFAULT_COLUMN if level(row).dimension != "time" else "geo.region"

    cell = []
    for key in sorted(query):
        if key.startswith("d.") and key[2:] in LEVELS and _applies(measures[:1], key[2:]):
            cell.append((key[2:], first(query, key) or ""))
    try:
        page = max(0, int(first(query, "page") or 0))
    except ValueError:
        page = 0
    return ExploreState(
        spec=spec,
        period=token,
        column=column,
        chart=_choice(first(query, "chart"), CHARTS),
        view=_choice(first(query, "view"), VIEWS),
        compare=first(query, "cmp") == "1",
        cell=tuple(cell),
        page=page,
        problems=problems,
        data_end=data_end,
    )


def _applies(measures, level_id: str) -> bool:
    try:
        make_spec(measures, rows=[level_id])
        return True
    except CubeError:
        return False


def _choice(value: str | None, choices: tuple[str, ...]) -> str:
    return value if value in choices else choices[0]


def _dates(query: dict, data_start: dt.date, data_end: dt.date, problems: list) -> tuple[str, dt.date, dt.date]:
    """(period token or "", first day, last day) from ``p`` or ``from``/``to``."""
    start_text, end_text = first(query, "from"), first(query, "to")
    if start_text or end_text:
        try:
            start = dt.date.fromisoformat(start_text or data_start.isoformat())
            end = dt.date.fromisoformat(end_text or data_end.isoformat())
        except ValueError:
            problems.append(CubeError("cube.bad_date", value=f"{start_text or ''} – {end_text or ''}"))
        else:
            if start <= end:
                return "", start, end
            problems.append(CubeError("cube.bad_range", start=start.isoformat(), end=end.isoformat()))
    default = default_period(data_end, data_start).token  # every analytical page's default (olap.flow)
    token = first(query, "p") or default
    try:
        period = parse_period(token, data_start, data_end)
    except PeriodError:
        problems.append(CubeError("cube.bad_period", value=token))
        period = parse_period(default, data_start, data_end)
    # the whole span the token names (a quarter the data ends in runs to the quarter's end, so that its
    # comparison is cut like for like at the data's last day; L12M ends on the data's last day)
    return period.token, period.first_day, period.span_last_day


# --------------------------------------------------------------------------- actions


def shared_filters(state: ExploreState) -> Filters:
    """The view's filters on the levels every analytical page shares (``olap.flow``), as ``Filters``."""
    found = dict(state.spec.filters)

    def one(level_id: str) -> str | None:
        members = found.get(level_id) or ()
        return members[0] if members else None

    return Filters(
        tuple(found.get("geo.region", ())),
        tuple(found.get("geo.country", ())),
        one("channel.group"),
        one("customer.type"),
    )


def with_shared_filters(query: dict, filters: Filters) -> dict:
    """The URL query with the shared filter replaced (the view's other filters stay); back to the first page."""
    kept = {k: v for k, v in flow.without_filters(query).items() if k not in ("page",) and not k.startswith("d.")}
    return {**kept, **filters_to_query(filters)}


def with_spec(state: ExploreState, spec: QuerySpec) -> ExploreState:
    return replace(state, spec=spec, cell=(), page=0, problems=[])


def breadcrumb(state: ExploreState) -> list[tuple[str, str | None, ExploreState | None]]:
    """The drill path of the row dimension: (level id, member or None for "all", state to go to).

    The last crumb is where the view is (no state to go to).
    """
    dim = dimension_of(state.row)
    levels = [lvl.id for lvl in dim.levels]
    current = levels.index(state.row)
    filters = dict(state.spec.filters)
    crumbs: list[tuple[str, str | None, ExploreState | None]] = []
    path = [(lvl, filters[lvl][0]) for lvl in levels[:current] if len(filters.get(lvl, ())) == 1]
    top = levels[0]
    crumbs.append((top, None, _go(state, top, {lvl for lvl, _ in path}) if current else None))
    for i, (lvl, member) in enumerate(path):
        target = levels[levels.index(lvl) + 1]
        released = {other for other, _ in path[i + 1 :]}
        crumbs.append((lvl, member, _go(state, target, released) if target != state.row else None))
    return crumbs


def _go(state: ExploreState, row: str, release: set[str]) -> ExploreState:
    fields = to_fields(state.spec)
    fields["rows"] = (row,)
    fields["filters"] = {k: v for k, v in state.spec.filters if k not in release}
    fields["sort"] = None
    return with_spec(state, make_spec(**fields))


def drop_unknown_members(state: ExploreState, existing) -> ExploreState:
    """Drop filter members the data does not have; ``existing(level_id, members)`` returns those it has."""
    filters, problems = {}, list(state.problems)
    for level_id, members in state.spec.filters:
        if level(level_id).time_grain:
            filters[level_id] = members
            continue
        known = set(existing(level_id, members))
        for member in members:
            if member not in known:
                problems.append(CubeError("cube.unknown_member", level=level_id, member=member))
        if known:
            filters[level_id] = tuple(m for m in members if m in known)
    if len(problems) == len(state.problems):
        return state
    return replace(state, spec=replace_spec(state.spec, filters=filters), problems=problems)


def load_state(query: dict, warehouse=None) -> ExploreState:
    """The state of a URL checked against the current warehouse (unknown members dropped)."""
    from data.warehouse import get_warehouse
    from olap.catalog import catalog
    from olap.engine import execute

    warehouse = warehouse or get_warehouse()
    state = ExploreState.from_query(query or {}, catalog(warehouse))

    def existing(level_id: str, members) -> list[str]:
        spec = make_spec(state.spec.measures[:1], rows=[level_id], filters={level_id: members})
        return [str(v) for v in execute(spec, warehouse)[level_id]]

    return drop_unknown_members(state, existing)


def dimension_levels() -> list[tuple[str, list[str]]]:
    return [(name, [lvl.id for lvl in d.levels]) for name, d in DIMENSIONS.items()]


# --------------------------------------------------------------------------- the answers a view shows


def view_frame(state: ExploreState, warehouse=None):
    """The view's rows, with the previous period's values (``<measure>__prev``) when comparing."""
    from olap import engine

    return engine.execute_compared(state.spec, warehouse) if state.compare else engine.execute(state.spec, warehouse)


def series_frame(state: ExploreState, members: list[str], warehouse=None):
    """The first measure of ``members`` of the row level, month by month (a line per member)."""
    from olap import engine

    spec = replace_spec(
        state.spec,
        rows=(state.row, "time.month"),
        filters={**dict(state.spec.filters), state.row: members},
        limit=None,
        sort="time.month",
        descending=False,
    )
    return engine.execute(spec, warehouse)


def level_members(state: ExploreState, level_id: str, warehouse=None):
    """The members of ``level_id`` in the view's dates, biggest first (to pick filter values from;
    raises ``CubeError`` when the view's measure does not apply to the level)."""
    from olap import engine

    spec = make_spec(state.spec.measures[:1], rows=[level_id], start=state.spec.start, end=state.spec.end, limit=1000)
    return engine.execute(spec, warehouse)


def drilled(state: ExploreState, member: str) -> ExploreState:
    """One level down into ``member`` (raises CubeError at the lowest level)."""
    return with_spec(state, drill_down(state.spec, state.row, member))


def next_query(query: dict, trigger: str | None, values: dict) -> dict | None:
    """The URL query after a control of the page changed (``trigger`` its id, ``values`` what the
    controls hold); None when nothing changes (pure)."""
    if trigger == "explore-measures":
        if not values["measures"]:
            return None
        query["m"] = list(values["measures"])
    elif trigger == "explore-row":
        query["r"] = values["row"]
        query.pop("page", None)
    elif trigger == "explore-period":
        if not values["period"]:
            return None
        query["p"] = values["period"]
        query.pop("from", None), query.pop("to", None)
    elif trigger == "explore-dates":
        start, end = values["start"], values["end"]
        if not (start and end) or (query.get("from") == start[:10] and query.get("to") == end[:10]):
            return None
        query.pop("p", None)
        query["from"], query["to"] = start[:10], end[:10]
    elif trigger == "explore-compare":
        if bool(values["compare"]) == (query.get("cmp") == "1"):
            return None
        query["cmp"] = "1" if values["compare"] else None
    elif trigger == "explore-filter-add":
        if not values["add"] or not values["filter_level"] or not values["filter_members"]:
            return None
        query[f"f.{values['filter_level']}"] = list(values["filter_members"])
    elif trigger == "explore-pivot-column":
        if not values["column"] or values["column"] == query.get("c"):
            return None
        query["c"] = values["column"]
    else:
        return None
    return {k: v for k, v in query.items() if v is not None}


def likely_next(state: ExploreState, members) -> list[ExploreState]:
    """The states a click on this view most likely asks for next (pure): one level down into each of
    ``members`` (the biggest first), then one level up (the breadcrumb's step back)."""
    out = []
    for member in members:
        try:
            out.append(drilled(state, str(member)))
        except CubeError:  # the lowest level: nothing below any member
            break
    up = [target for _, _, target in breadcrumb(state) if target is not None]
    if up:
        out.append(up[-1])
    return out


def parse_search(text: str) -> dict:
    """The query of a ``?…`` address as the page router gives it to a layout (a repeated key: a list)."""
    from olap import urlstate

    return urlstate.parse(text)

"""What a subscription delivers: a saved view's data (CSV) and its chart (a plotly figure), computed as
its owner may see it.

The data is the view's table as its page shows it — Explore: the view's answer as the Explore export
writes it (``olap.export.view_table``, no display row limit); Dashboard: the eight KPIs against their
comparison periods; Analyses: the analysis' tables — computed inside ``olap.scope.scoped`` with the
owner's partner scope, exactly as a request of the owner would be (the cube compiler and the KPI
filters add it). The figure is drawn from the same table; ``jobs.deliver`` renders it to PNG.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from urllib.parse import parse_qs

from crm.saved_views import SavedView
from data.cells import csv_text
from i18n import format as fmt
from i18n import t
from olap import kpi
from olap.catalog import catalog
from olap.export import BOM, Column, Table, shown_headers, view_table
from olap.scope import scoped


@dataclass
class Section:
    """One table of a view, and how its chart reads it (column indexes into ``table.columns``)."""

    title: str
    table: Table
    x: int = 0
    y: int | None = None
    chart: str = "bar"  # bar | line


@dataclass
class ViewContent:
    name: str
    sections: list[Section] = field(default_factory=list)

    @property
    def rows(self) -> int:
        return sum(len(s.table.rows) for s in self.sections)


def _query(view: SavedView) -> dict:
    return {k: v if len(v) > 1 else v[0] for k, v in parse_qs(view.query, keep_blank_values=True).items()}


def view_content(view: SavedView, scope, lang: str, warehouse=None) -> ViewContent:
    """The view's tables for a reader restricted to ``scope`` (partner ids; None: every partner)."""
    with scoped(scope):
        cat = catalog(warehouse)
        query = _query(view)
        if view.path == "/explore":
            return ViewContent(view.name, [_explore(query, cat, lang, warehouse)])
        if view.path == "/analyses":
            return ViewContent(view.name, _analyses(query, cat, lang, warehouse))
        return ViewContent(view.name, [_dashboard(query, cat, lang, warehouse)])


def _explore(query: dict, cat, lang: str, warehouse) -> Section:
    from olap.explore_state import ExploreState

    state = ExploreState.from_query(query, cat)
    table = view_table(state.spec, lang, warehouse, compare=state.compare)
    members = len(table.columns) - len(state.spec.measures) * (3 if state.compare else 1)
    chart = "line" if state.chart == "line" or state.row.startswith("time.") else "bar"
    return Section(t("notify.content.explore", lang), table, x=max(members - 1, 0), y=members, chart=chart)


KPI_KINDS = {"revenue": "money", "gross_margin": "money", "orders": "count", "active_customers": "count",
             "new_customers": "count", "repeat_rate": "percent", "aov": "money", "online_share": "percent"}  # fmt: skip


def _dashboard(query: dict, cat, lang: str, warehouse) -> Section:
    from olap.dashboard import DashboardState
    from olap.reads import cube_cursor

    state = DashboardState.from_query(query, cat)
    cursor = cube_cursor(warehouse)  # the dashboard's KPIs, on the engine answering cube reads
    result = kpi.compute_kpis(cursor, state.period, state.filters, cat.data_start)
    columns = [Column(t("notify.content.kpi", lang)), Column(t("notify.content.current", lang), "number"),
               Column(t("notify.content.previous", lang), "number"), Column(t("notify.content.last_year", lang), "number"),
               Column(t("notify.content.change", lang), "percent")]  # fmt: skip
    rows = []
    for key in kpi.KPI_KEYS:
        now, before = result.current.get(key), result.previous.get(key)
        rows.append([t(f"kpi.{key}", lang), _rounded(now, key), _rounded(before, key),
                     _rounded(result.last_year.get(key), key), kpi.change(now, before)])  # fmt: skip
    title = t("notify.content.dashboard", lang, period=state.period.token)
    return Section(title, Table(columns, rows), x=0, y=1, chart="none")


def _rounded(value, key):
    if value is None:
        return None
    return round(float(value), 2) if KPI_KINDS[key] == "money" else value


def _analyses(query: dict, cat, lang: str, warehouse) -> list[Section]:
    from olap.analyses import run_analysis
    from olap.analyses.base import Context
    from olap.analyses.state import AnalysesState

    state = AnalysesState.from_query(query, cat)
    ctx = Context(state.start, state.end, cat.data_end, lang, warehouse, tuple(state.cube_filters().items()))
    result = run_analysis(state.analysis, ctx, state.period)
    sections = []
    for block in result.tables:
        frame = block.frame.reset_index(drop=True)
        names = [str(c) for c in frame.columns]
        columns = [Column(_column_label(c, lang), _kind(block.columns.get(c))) for c in names]
        kinds = [c.kind for c in columns]
        rows = [
            [_cell(v, kind) for v, kind in zip(row, kinds, strict=True)]
            for row in frame.astype(object).itertuples(index=False)
        ]
        # the chart: the first text column along the axis, the figure's measure (x of a horizontal bar, else y)
        x = next((i for i, kind in enumerate(kinds) if kind == "text"), 0)
        wanted = [c for c in (block.y, block.x) if c in names and kinds[names.index(c)] != "text"]
        y = names.index(wanted[0]) if wanted else next((i for i, kind in enumerate(kinds) if kind != "text"), None)
        chart = "line" if block.figure == "line" else "bar"
        sections.append(Section(t(f"analysis.table.{block.key}", lang, default=block.key), Table(columns, rows), x, y,
                                chart))  # fmt: skip
    return sections


NUMBER_KINDS = ("money", "count", "percent", "number", "score", "hours")


def _kind(kind: str | None) -> str:
    return kind if kind in NUMBER_KINDS else "text"


def _cell(value, kind: str):
    """An analysis value as a file holds it: empty for missing, money to the cent, counts whole."""
    if value is None or (isinstance(value, float) and value != value):
        return None
    if kind == "money":
        return round(float(value), 2)
    if kind == "count" and float(value).is_integer():
        return int(value)
    return value


def _column_label(column: str, lang: str) -> str:
    """An analysis column's header as the Analyses page names it."""
    from i18n.translations import TRANSLATIONS
    from olap.cube import LEVELS, MEASURES
    from olap.labels import level_label, measure_label

    if column in LEVELS:
        return level_label(column, lang)
    if f"analysis.col.{column}" in TRANSLATIONS:
        return t(f"analysis.col.{column}", lang)
    if column in MEASURES:
        return measure_label(column, lang)
    if column.startswith("m") and column[1:].isdigit():
        return t("analysis.col.age_n", lang, n=int(column[1:]))
    return column


def content_csv(content: ViewContent) -> bytes:
    """The view's tables as one UTF-8 CSV with BOM (Excel reads Korean); several tables are separated by
    an empty line and a line with the table's title. Text a spreadsheet would run is made formula-safe."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    several = len(content.sections) > 1
    for i, section in enumerate(content.sections):
        if several:
            if i:
                writer.writerow([])
            writer.writerow([csv_text(section.title)])
        writer.writerow([csv_text(h) for h in shown_headers(section.table.columns)])
        writer.writerows([csv_text(v) for v in row] for row in section.table.rows)
    return (BOM + buf.getvalue()).encode("utf-8")


def figure(content: ViewContent, lang: str):
    """The view's chart as a plotly figure (the first table that has one); None when no table has a measure
    to draw. The dashboard's view draws its KPI changes."""
    import plotly.graph_objects as go

    for section in content.sections:
        table = section.table
        if section.chart == "none":
            labels = [row[0] for row in table.rows]
            changes = [row[4] * 100 if row[4] is not None else None for row in table.rows]
            up, down = ("#d62728", "#1f77b4") if lang == "ko" else ("#2ca02c", "#d62728")  # Korean: red is up
            colors = [up if (c or 0) >= 0 else down for c in changes]
            fig = go.Figure(go.Bar(x=changes, y=labels, orientation="h", marker_color=colors))
            fig.update_layout(xaxis_title=t("notify.content.change_pct", lang))
        elif section.y is None or not table.rows:
            continue
        else:
            xs = [_label(row[section.x]) for row in table.rows]
            ys = [row[section.y] for row in table.rows]
            trace = go.Scatter(x=xs, y=ys, mode="lines+markers") if section.chart == "line" else go.Bar(x=xs, y=ys)
            fig = go.Figure(trace)
            fig.update_layout(yaxis_title=table.columns[section.y].header, xaxis_title=table.columns[section.x].header)
            if table.columns[section.y].kind == "money":  # the currency on the axis; 만/억 in Korean
                fig.update_yaxes(tickvals=_ticks(ys), ticktext=[fmt.money(v, lang) for v in _ticks(ys)])
        fig.update_layout(title=f"{content.name} — {section.title}", template="plotly_white", width=1000, height=560,
                          margin={"l": 90, "r": 30, "t": 70, "b": 90},
                          font={"family": "Noto Sans CJK KR, Noto Sans, sans-serif"})  # fmt: skip
        return fig
    return None


def _label(value) -> str:
    return "" if value is None else str(value)


def _ticks(values) -> list[float]:
    """About five round tick values from 0 to the largest value (Korean axes say 만/억, as the cards do)."""
    top = max((abs(float(v)) for v in values if v is not None), default=0.0)
    if top <= 0:
        return [0.0]
    step = 10 ** len(str(int(top // 5) or 1)) / 10
    for nice in (1, 2, 2.5, 5, 10):
        if top / (step * nice) <= 6:
            step *= nice
            break
    return [i * step for i in range(int(top // step) + 2)]

"""A cursor that records every SQL text the pages run through ``olap.engines.cube_cursor``, and which
page module ran it; used by tests/test_engine_pages_sql.py (and to drive the same reads on Spark)."""

from __future__ import annotations

import datetime as dt
import sys
from dataclasses import dataclass, field, replace

# the modules whose reads are the pages' (a text counts for each of them on the call stack)
PAGE_MODULES = {
    "olap.kpi": "kpi",
    "olap.dashboard": "dashboard",
    "olap.catalog": "catalog",
    "olap.export": "export",
    "olap.insights.contributions": "insights",
    "olap.insights.sentences": "insights",
    "olap.analyses.base": "analyses",
    "olap.analyses.sales": "analyses",
    "olap.analyses.marketing": "analyses",
    "olap.analyses.service": "analyses",
    "crm.notify.content": "notify",
}


def page_modules() -> tuple[set[str], bool]:
    """The page modules on the stack above this call (a KPI read for the dashboard counts for both),
    and whether the text is a cube spec's (compiled by ``olap.query``, run by ``olap.engine``)."""
    frame, found = sys._getframe(3), set()  # the caller of Recording.execute (above Log.add)
    spec = frame.f_globals.get("__name__", "") in ("olap.cost", "olap.engine")  # who runs the text
    while frame is not None:
        name = PAGE_MODULES.get(frame.f_globals.get("__name__", ""))
        if name:
            found.add(name)
        frame = frame.f_back
    return found or {"other"}, spec


@dataclass
class Log:
    texts: dict[str, set[str]] = field(default_factory=dict)  # page module → SQL texts
    specs: set[str] = field(default_factory=set)  # the texts that are cube specs' (olap.engine)

    def add(self, sql: str) -> None:
        pages, spec = page_modules()
        for page in pages:
            self.texts.setdefault(page, set()).add(sql)
        if spec:
            self.specs.add(sql)


class Recording:
    """The engine cursor contract (``execute(sql, params) -> self``, ``df``, ``fetchall``, ``fetchone``,
    ``fetch_record_batch``, ``interrupt``) over a DuckDB cursor, logging each text."""

    def __init__(self, inner, log: Log):
        self._inner, self._log = inner, log
        self._last: tuple[str, list] = ("", [])

    def execute(self, sql, params=None):
        self._log.add(sql)
        self._last = (sql, list(params or []))  # run by the fetch that follows (DuckDB 2 allows one result)
        return self

    def _run(self):
        return self._inner.execute(*self._last)

    def df(self):
        return self._run().df()

    def fetchall(self):
        return self._run().fetchall()

    def fetchone(self):
        return self._run().fetchone()

    def fetch_record_batch(self, rows: int):
        sql, params = self._last  # DuckDB 2 streams from a relation
        return self._inner.sql(sql, params=params).to_arrow_reader(rows)

    def interrupt(self):
        self._inner.interrupt()

    def cursor(self):
        return Recording(self._inner.cursor(), self._log)

    def close(self):
        self._inner.close()


def drive_pages(warehouse, catalog) -> None:
    """Every read the dashboard, the analyses, the catalog, insights and exports make, for several states."""
    from olap import catalog as catalog_module
    from olap import export
    from olap.analyses import ANALYSES, Context, run_analysis
    from olap.dashboard import DashboardState, dashboard_report, partner_figures
    from olap.filters import Filters
    from olap.insights import sentences_for
    from olap.query import make_spec

    catalog_module._answers.clear()  # read the catalog again (it is kept per version)
    catalog_module.catalog(warehouse)
    region = next(iter(catalog.regions))
    country = catalog.regions[region][0]
    end = catalog.data_end
    queries = [
        {},
        {"p": f"{end.year}-Q{(end.month - 1) // 3 + 1}"},  # the data's last quarter: partial
        {"p": str(end.year - 1), "f.geo.region": region},
        {"p": f"{end.year - 1}-{end.month:02d}", "f.geo.country": country, "f.channel.group": "online"},
        {"p": str(end.year - 1), "f.customer.type": "B2B", "f.geo.region": region, "f.geo.country": country},
    ]
    for query in queries:
        state = DashboardState.from_query(query, catalog)
        dashboard_report(state, warehouse)
        partner_figures(state, warehouse, catalog.data_start)
    # an empty page: the filters whose removal brings data back are read too
    empty = replace(state, filters=Filters(regions=(region,), countries=("Nowhere",)))
    assert dashboard_report(empty, warehouse).relaxing
    start = dt.date(end.year - 1, 1, 1)
    ctx = Context(start, dt.date(end.year - 1, 12, 31), end, "en", warehouse)
    for analysis in ANALYSES:
        run_analysis(analysis, ctx)
        if ANALYSES[analysis].filtered:
            run_analysis(analysis, replace(ctx, filters=(("geo.region", (region,)),)))
    spec = make_spec(["revenue", "orders"], rows=["geo.region"], start=start, end=ctx.end)
    sentences_for(spec, "en", warehouse)
    export.view_table(spec, "en", warehouse, compare=True)
    export.pivot_table(make_spec(["revenue"], rows=["geo.region"], columns=["channel.group"], start=start, end=ctx.end),
                       "en", warehouse)  # fmt: skip
    cell = {"geo.region": region}
    export.detail_row_count(spec, cell, warehouse)
    rows = export.DetailRows(spec, cell, warehouse, batch_rows=500)
    sum(batch.num_rows for batch in rows)

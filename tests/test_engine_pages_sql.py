"""Every SQL text the dashboard, the analyses, the catalog, insights and exports run goes through the
engine's cursor (``olap.engines.cube_cursor``) and translates to Spark SQL (issue 14 item 4).

A recording cursor stands in for the engine's while the pages are driven on the test demo warehouse
(the dashboard for several states, every analysis, the catalog, insights, a view, a pivot and a detail
export): each page module must have run SQL through it, each text must translate with sqlglot from
DuckDB's dialect to Spark's, and none may use a construct sqlglot turns into something of another
meaning on Spark (``list()`` loses its order, ``epoch`` of an interval and ``percentile_cont`` become
other functions…). That the translations answer the same numbers is tests/test_spark_pages.py's part.
"""

import pytest
import sqlglot
from sqlglot import exp
from sqlglot.errors import ErrorLevel

from data.warehouse import Warehouse
from olap import engine, engines
from olap.catalog import read_catalog
from tests.engine_recording import Log, Recording, drive_pages

PAGES = ("kpi", "dashboard", "catalog", "analyses", "insights", "export", "notify")

# DuckDB constructs sqlglot translates into Spark SQL of another meaning (or into no Spark function)
NOT_PORTABLE = {
    exp.ArrayAgg: "list()/array_agg(): Spark's collect_list keeps no order",
    exp.TimeToUnix: "epoch(): of an interval it becomes unix_timestamp, of a timestamp it drops fractions",
    exp.UnixToTime: "epoch_ms()/to_timestamp(): read as the inverse conversion",
    exp.PercentileCont: "quantile_cont()/percentile_cont: no exact Spark form (becomes percentile_approx)",
    exp.PercentileDisc: "quantile_disc(): no exact Spark form",
    exp.ToDays: "to_days(): not a Spark function",
    exp.ArgMax: "arg_max(): ties differ",
    exp.ArgMin: "arg_min(): ties differ",
    exp.TimeToStr: "strftime(): pattern letters differ",
    exp.GenerateSeries: "range()/generate_series(): a table function Spark names differently",
    exp.Qualify: "QUALIFY: not in Spark SQL",
    exp.TableSample: "USING SAMPLE: another sample on Spark",
    exp.Anonymous: "a function sqlglot does not know: passed through unchanged",
}


@pytest.fixture(scope="module")
def recorded(demo_pointer, tmp_path_factory) -> Log:
    """The pages driven with a recording cursor in place of the engine's."""
    import olap.engine as engine_module

    log = Log()
    real = engines.cube_cursor

    def recording(warehouse=None):
        cursor, version = real(warehouse)
        return Recording(cursor, log), version

    patch = pytest.MonkeyPatch()
    patch.setattr(engines, "cube_cursor", recording)
    patch.setattr(engine_module, "cube_cursor", recording)  # imported by name where Explore's reads take it
    # DuckDB answers a spec on the warehouse's cursor it planned with (the same cursor cube_cursor
    # gives): as another engine, the answer is read through cube_cursor, here the recording one
    patch.setattr(engine_module, "engine_name", lambda: "recording")
    previous = engine.use_cache_directory(tmp_path_factory.mktemp("results"))  # nothing answered from the cache
    warehouse = Warehouse(demo_pointer)
    try:
        drive_pages(warehouse, read_catalog(warehouse.cursor()))
        _notify_dashboard(warehouse)
    finally:
        engine.use_cache_directory(previous)
        patch.undo()
    return log


def _notify_dashboard(warehouse) -> None:
    from crm.notify.content import _dashboard
    from olap.catalog import catalog

    _dashboard({"p": "2025-Q2"}, catalog(warehouse), "en", warehouse)


def texts(log: Log, specs: bool = True) -> list[tuple[str, str]]:
    """(page module, SQL) recorded; without the cube specs' texts when ``specs`` is false."""
    return sorted((page, sql) for page, found in log.texts.items() for sql in found if specs or sql not in log.specs)


@pytest.mark.parametrize("page", PAGES)
def test_every_page_module_reads_through_the_engine(recorded, page):
    assert recorded.texts.get(page), f"{page}: no SQL went through olap.engines.cube_cursor"


def test_each_text_translates_to_spark(recorded):
    failures = []
    for page, sql in texts(recorded):
        try:
            (spark,) = sqlglot.transpile(sql, read="duckdb", write="spark", unsupported_level=ErrorLevel.RAISE)
            sqlglot.parse_one(spark, read="spark")  # and Spark's dialect reads it back
        except sqlglot.errors.SqlglotError as exc:
            failures.append(f"{page}: {exc}\n{sql}")
    assert not failures, "\n\n".join(failures)


def test_no_text_uses_a_construct_of_another_meaning_on_spark(recorded):
    """The pages' own SQL (the cube specs' SQL is ``olap.query``'s, translated with the fixes of
    ``olap.engines.dialect`` and compared on Spark by tests/test_spark_engine.py)."""
    own = texts(recorded, specs=False)
    assert {page for page, _ in own} >= {"kpi", "dashboard", "catalog", "analyses", "export", "notify"}
    found = []
    for page, sql in own:
        tree = sqlglot.parse_one(sql, read="duckdb")
        for kind, why in NOT_PORTABLE.items():
            for node in tree.find_all(kind):
                found.append(f"{page}: {why}: {node.sql('duckdb')[:80]}")
    assert not found, "\n".join(sorted(set(found)))


def test_the_engine_translates_every_text(recorded):
    """The Spark adapter's own translation (sqlglot plus its tree fixes) takes every text too."""
    from olap.engines.dialect import to_spark

    for page, sql in texts(recorded):
        assert to_spark(sql), page
    assert recorded.specs, "no cube spec's SQL was recorded"


def test_the_checks_catch_what_they_are_for():
    """The old texts these modules ran (before issue 14) are caught: the checks are not vacuous."""
    old = {
        "SELECT region, list(DISTINCT country ORDER BY country) FROM dim_customer GROUP BY region": exp.ArrayAgg,
        "SELECT avg(epoch(closed_ts - opened_ts) / 3600.0) FROM fact_service_ticket": exp.TimeToUnix,
        "SELECT quantile_cont(epoch(closed_ts - opened_ts), 0.9) FROM fact_service_ticket": exp.PercentileCont,
        "SELECT * FROM t WHERE ts <= opened_ts + to_days(CAST(? AS INTEGER))": exp.ToDays,
    }
    for sql, kind in old.items():
        assert sqlglot.parse_one(sql, read="duckdb").find(kind) is not None, sql
    with pytest.raises(sqlglot.errors.ParseError):
        sqlglot.transpile("WITH w(n, s) AS (VALUES (?, ?::DATE)) SELECT * FROM w", read="duckdb", write="spark")


def test_a_missing_table_is_told_the_same_on_both_engines():
    """A warehouse without tickets (or partners, or campaigns) is a missing table on DuckDB
    (``CatalogException``) and on Spark (the adapter's ``cube.engine_failed`` carrying Spark's
    ``TABLE_OR_VIEW_NOT_FOUND``): the analysis says which table it needs, the dashboard counts no partners."""
    import duckdb

    from olap.analyses.base import AnalysisUnavailable, Context, sql_frame
    from olap.cube import CubeError
    from olap.dashboard import _partner_count
    from olap.reads import missing_table

    spark_says = CubeError(
        "cube.engine_failed",
        reason="[TABLE_OR_VIEW_NOT_FOUND] The table or view `fact_service_ticket` cannot be found.",
    )
    con = duckdb.connect()
    with pytest.raises(duckdb.CatalogException) as duck_says:
        con.execute("SELECT * FROM fact_service_ticket")
    assert missing_table(duck_says.value) and missing_table(spark_says)
    assert not missing_table(CubeError("cube.engine_failed", reason="[DIVIDE_BY_ZERO] Division by zero."))

    class Refusing:
        def execute(self, sql, params=None):
            raise spark_says

    class Ctx(Context):
        def cursor(self):
            return Refusing()

    ctx = Ctx(None, None, None)
    with pytest.raises(AnalysisUnavailable) as told:
        sql_frame(ctx, "SELECT 1", [], "fact_service_ticket")
    assert told.value.values == {"table": "fact_service_ticket"}
    assert _partner_count(Refusing()) == 0


def test_kept_answers_that_are_not_cube_reads_stay_on_duckdb(demo_pointer, tmp_path, monkeypatch):
    """With Spark answering the cube, what the CRM modules keep in the result cache (campaign results,
    partner scorecards, the pipeline…: SQL over the warehouse written for DuckDB) still reads DuckDB,
    while the dashboard's kept report reads through the engine."""
    import duckdb

    import olap.engine as engine_module
    from olap import reads

    asked = []

    def engine_cursor(warehouse=None):
        asked.append(warehouse)
        return "the engine's cursor", "v"

    monkeypatch.setenv("XRM_ENGINE", "spark")
    monkeypatch.setattr(engines, "cube_cursor", engine_cursor)
    monkeypatch.setattr(engine_module, "cube_cursor", engine_cursor)
    previous = engine.use_cache_directory(tmp_path)
    try:
        warehouse = Warehouse(demo_pointer)
        kept = engine.cached(
            ("crm", 1), lambda cursor: (type(cursor), cursor.execute("SELECT 1").fetchone()[0]), warehouse
        )
        assert kept == (duckdb.DuckDBPyConnection, 1) and not asked
        assert reads.cube_cached(("page", 1), lambda cursor: cursor, warehouse) == "the engine's cursor"
        assert asked == [warehouse]
    finally:
        engine.use_cache_directory(previous)

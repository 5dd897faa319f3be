"""The pages answer the same on Apache Spark as on DuckDB (issue 14 item 4): the dashboard's report for
several states and its partner card, every analysis (with and without the shared filter), the catalog,
a view export and a detail export — computed once with ``XRM_ENGINE=duckdb`` and once with
``XRM_ENGINE=spark`` (local mode, reading the lake written from the test demo warehouse), then
compared: text and integers exactly, floats to a relative 1e-9 (Spark sums doubles in another order).
"""

import datetime as dt
import os
from collections.abc import Mapping
from dataclasses import asdict, fields, replace

import pandas as pd
import pyarrow as pa
import pytest

from olap import catalog as catalog_module
from olap import engine, export
from olap.analyses import ANALYSES, Context, run_analysis
from olap.dashboard import DashboardState, dashboard_report, partner_figures
from olap.filters import Filters
from olap.query import make_spec
from tests import test_spark_engine as engine_suite

pytestmark = pytest.mark.spark
# the engine suite's fixtures: the lake of the demo warehouse, the warehouse, one local Spark session
lake_root, demo, spark_session = engine_suite.lake_root, engine_suite.demo, engine_suite.spark_session

RTOL = 1e-9


def _states(catalog) -> dict[str, DashboardState]:
    region = next(iter(catalog.regions))
    country = catalog.regions[region][0]
    end = catalog.data_end
    year = str(end.year - 1)
    queries = {
        "default": {},
        "partial_quarter": {"p": f"{end.year}-Q{(end.month - 1) // 3 + 1}"},
        "region_year": {"p": year, "f.geo.region": region},
        "country_online_month": {
            "p": f"{end.year - 1}-{end.month:02d}",
            "f.geo.country": country,
            "f.channel.group": "online",
        },  # fmt: skip
        "b2b_year": {"p": year, "f.customer.type": "B2B"},
    }
    states = {name: DashboardState.from_query(q, catalog) for name, q in queries.items()}
    states["empty"] = replace(states["region_year"], filters=Filters(regions=(region,), countries=("Nowhere",)))
    return states


def page_answers(warehouse) -> dict[str, object]:
    """What the pages show, computed on the engine ``XRM_ENGINE`` names now."""
    catalog_module._answers.clear()  # the catalog is kept per version: read it on this engine
    catalog = catalog_module.catalog(warehouse)
    out: dict[str, object] = {"catalog": {f.name: _plain(getattr(catalog, f.name)) for f in fields(catalog)}}
    for name, state in _states(catalog).items():
        report = dashboard_report(state, warehouse)
        out[f"dashboard.{name}"] = {
            "kpis": asdict(report.kpis),
            "trend": report.trend,
            "regions": report.regions,
            "countries": report.countries,
            "customers": report.customers,
            "products": report.products,
            "relaxing": report.relaxing,
            "partners": asdict(partner_figures(state, warehouse, catalog.data_start)),
        }
    end = catalog.data_end
    ctx = Context(dt.date(end.year - 1, 1, 1), dt.date(end.year - 1, 12, 31), end, "en", warehouse)
    region = next(iter(catalog.regions))
    for analysis in ANALYSES:
        runs = [("", ctx)]
        if ANALYSES[analysis].filtered:
            runs.append((".region", replace(ctx, filters=(("geo.region", (region,)),))))
        for suffix, context in runs:
            result = run_analysis(analysis, context)
            out[f"analysis.{analysis}{suffix}"] = {
                "tables": {t.key: t.frame for t in result.tables},
                "sentences": result.sentences,
            }
    spec = make_spec(["revenue", "orders", "customers"], rows=["geo.region"], start=ctx.start, end=ctx.end)
    out["export.view"] = export.view_table(spec, "en", warehouse, compare=True).rows
    cell = {"geo.region": region}
    out["export.detail_count"] = export.detail_row_count(spec, cell, warehouse)
    batches = list(export.DetailRows(spec, cell, warehouse, batch_rows=500))
    out["export.detail"] = pa.Table.from_batches(batches).to_pandas() if batches else None
    out["export.detail_batches"] = [b.num_rows for b in batches]
    return out


KEYS = (
    ["catalog"]
    + [
        f"dashboard.{n}"
        for n in ("default", "partial_quarter", "region_year", "country_online_month", "b2b_year", "empty")
    ]
    + [f"analysis.{a}{s}" for a in ANALYSES for s in ([""] + ([".region"] if ANALYSES[a].filtered else []))]
    + ["export.view", "export.detail_count", "export.detail", "export.detail_batches"]
)


class on_engine:
    """``XRM_ENGINE`` set for a block, and the result cache of its own (each engine answers for itself)."""

    def __init__(self, name: str, cache_dir):
        self.name, self.cache_dir, self.before, self.cache_before = name, cache_dir, None, None

    def __enter__(self):
        self.before = os.environ.get("XRM_ENGINE")
        os.environ["XRM_ENGINE"] = self.name
        self.cache_before = engine.use_cache_directory(self.cache_dir)

    def __exit__(self, *exc):
        engine.use_cache_directory(self.cache_before)
        catalog_module._answers.clear()
        if self.before is None:
            os.environ.pop("XRM_ENGINE", None)
        else:
            os.environ["XRM_ENGINE"] = self.before


@pytest.fixture(scope="module")
def answers(demo, spark_session, tmp_path_factory):
    """The pages' answers on DuckDB and on Spark local mode, over the lake of the demo warehouse."""
    with on_engine("duckdb", tmp_path_factory.mktemp("cache-duckdb")):
        duck = page_answers(demo)
    with on_engine("spark", tmp_path_factory.mktemp("cache-spark")):
        on_spark = page_answers(demo)
    return duck, on_spark


def _plain(value):
    return dict(value) if isinstance(value, Mapping) else value


def same(a, b, where: str) -> None:
    """``a`` equals ``b``: frames by ``assert_frame_equal``, floats to ``RTOL``, the rest exactly."""
    if isinstance(a, pd.DataFrame) or isinstance(b, pd.DataFrame):
        assert isinstance(a, pd.DataFrame) and isinstance(b, pd.DataFrame), where
        pd.testing.assert_frame_equal(a, b, rtol=RTOL, obj=where)
    elif isinstance(a, dict):
        assert isinstance(b, dict) and a.keys() == b.keys(), where
        for key in a:
            same(a[key], b[key], f"{where}.{key}")
    elif isinstance(a, (list, tuple)):
        assert isinstance(b, (list, tuple)) and len(a) == len(b), f"{where}: {a!r} != {b!r}"
        for i, (x, y) in enumerate(zip(a, b, strict=True)):
            same(x, y, f"{where}[{i}]")
    elif isinstance(a, float) and isinstance(b, float):
        assert a == pytest.approx(b, rel=RTOL, nan_ok=True), where
    elif not (_missing(a) and _missing(b)):
        assert a == b, f"{where}: {a!r} != {b!r}"


def _missing(value) -> bool:
    return value is None or (pd.api.types.is_scalar(value) and bool(pd.isna(value)))


@pytest.mark.parametrize("key", KEYS)
def test_the_page_answers_the_same_on_spark(answers, key):
    duck, on_spark = answers
    assert key in duck and key in on_spark
    same(duck[key], on_spark[key], key)


def test_the_answers_are_not_empty(answers):
    """The comparison compares something: the data behind each page is there on both engines."""
    duck, _ = answers
    assert duck["dashboard.default"]["kpis"]["current"]["orders"] > 0
    assert duck["dashboard.empty"]["kpis"]["current"]["orders"] == 0 and duck["dashboard.empty"]["relaxing"]
    assert duck["export.detail_count"] == len(duck["export.detail"]) > 0
    assert all(len(frame) for frame in duck["analysis.region_period"]["tables"].values())
    assert len(duck["analysis.cohorts"]["tables"]["cohorts"]) and len(
        duck["analysis.resolution"]["tables"]["resolution_category"]
    )

"""The steps after rows are written into a new warehouse version, in one order, in one place.

Loads (``data.importer``), demo builds and rebuilds of the derived tables (``jobs.build``) and
Customer 360 changes (``jobs.changes``) write a version through ``data.warehouse.write_version``;
inside their ``write(con)`` they call :func:`derive`, which runs what applies of:

1. erasures enforced (a file that names an erased customer must not re-identify them);
2. the writer's own bookkeeping (``before_tables``: the importer's meta, a new lineage);
3. the derived tables (``data.aggregates``), then the cube's rollups (``olap.rollups``, which
   join them), then the fingerprint of their definitions in ``meta``;
4. RFM re-scored as of the last order day and every latest score of the warehouse's lineage
   published into ``customer_score`` (a failed scoring never loses the load);
5. with the tables, every partner's tier and stage into ``partner_status`` (``jobs.partners``);
6. every launched campaign plan of the warehouse's lineage written in as a campaign with its frozen
   lists (``crm.campaigns.bridge``; before the tables, so the contacts' rollups count them);
7. with the tables of new data, the load's stamp (``meta.loaded_at``): the automatic default runs
   (``jobs.defaults``, started by the writer once the version is published) are computed for it, and
   the RFM run of step 4 is the first of them.

The core (``data``, ``olap``, ``mining``, ``crm``) never imports this package: whoever writes a
version passes ``derive`` in (the importer's ``load(…, derive=derive)``).
"""

from __future__ import annotations

import hashlib
import logging
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from data.aggregates import build_aggregates, definitions, record_derived_version
from data.warehouse import loaded_at_of, memory_limited, stamp_load

log = logging.getLogger(__name__)
NOT_REFRESHED = "not refreshed"
# DuckDB's limit while the derived tables are built on a file (XRM_DERIVE_MEMORY; set it empty for DuckDB's own
# default, most of the RAM). At 1.4GB scale 10 peaks at 1.5 GiB instead of 3.4, scale 30 at 1.6 GiB and scale
# 50 at 1.7 GiB instead of 14.2 (its rollups with distinct orders spill since they count per order first).
DERIVE_MEMORY = os.environ.get("XRM_DERIVE_MEMORY", "1.4GB") or None


@dataclass(frozen=True)
class Derived:
    """What :func:`derive` did to the version being written."""

    erased: int | None = None  # customers kept anonymous (None: erasures were not enforced)
    tables: dict[str, int] = field(default_factory=dict)  # rows of every derived table and rollup ({}: not built)
    scores: str = NOT_REFRESHED  # "rfm run 12 as of 2025-11-30", or "not refreshed (why)"
    run_id: int | None = None  # the RFM run stored, when scores were refreshed
    seconds: dict[str, float] = field(default_factory=dict)  # per step that ran
    partners: str = NOT_REFRESHED  # "57 partners", or "not refreshed (why)"
    campaigns: str = NOT_REFRESHED  # "2 launched plans", or "not refreshed (why)"

    @property
    def scores_refreshed(self) -> bool:
        return self.run_id is not None


def derive(con, *, erasures: bool = False, before_tables: Callable | None = None, tables: bool = True,
           scores_by: str | None = None, progress=None, new_data: bool = True) -> Derived:  # fmt: skip
    """Run the post-load steps on ``con`` (a writer's connection to a version not yet published).

    ``erasures``: enforce recorded erasures first; ``before_tables(con)``: the writer's bookkeeping,
    after the erasures and before the tables (the importer's meta and lineage, in the order loads
    always had); ``tables``: rebuild the derived tables and rollups; ``scores_by``: re-score RFM as
    that user and publish the scores. ``progress(fraction, text)`` hears of the tables and scores.
    ``new_data``: with the tables, stamp the version as newly loaded (False: a rebuild of the
    derived tables of data already scored).
    """
    file_backed = con.execute(
        "SELECT path IS NOT NULL FROM duckdb_databases() WHERE database_name = current_database()"
    ).fetchall()[0][0]
    if not file_backed or DERIVE_MEMORY is None:
        return _derive(con, erasures, before_tables, tables, scores_by, progress, new_data)
    with memory_limited(con, DERIVE_MEMORY):  # the aggregates and rollups spill beyond it, never grow with scale
        return _derive(con, erasures, before_tables, tables, scores_by, progress, new_data)


def _derive(con, erasures, before_tables, tables, scores_by, progress, new_data) -> Derived:
    seconds: dict[str, float] = {}
    erased = None
    if erasures:
        from crm.customers import enforce_erasures

        erased = _timed(seconds, "erasures", lambda: enforce_erasures(con))
    if before_tables is not None:
        before_tables(con)
    counts: dict[str, int] = {}
    campaigns = _timed(seconds, "campaigns", lambda: bridge_after_load(con))
    if tables and new_data:
        stamp_load(con)
    if tables:
        _progress(progress, 0.75, "building aggregates and rollups")
        counts = _timed(seconds, "tables", lambda: build_derived(con))
    scores, run_id = NOT_REFRESHED, None
    if scores_by is not None:
        _progress(progress, 0.85, "refreshing RFM scores")
        scores, run_id = _timed(seconds, "scores", lambda: refresh_scores(con, scores_by))
    partners = NOT_REFRESHED
    if tables:
        from jobs.partners import refresh_after_load

        partners = _timed(seconds, "partners", lambda: refresh_after_load(con))
    log.info("derived in %s", ", ".join(f"{step} {s:.1f}s" for step, s in seconds.items()) or "no step")
    return Derived(erased, counts, scores, run_id, seconds, partners, campaigns)


def bridge_after_load(con) -> str:
    """The launched plans written into the version ``con`` builds, said in words. A failure never
    loses the load (logged; the campaigns page then lacks the launched plans until the next one)."""
    from crm.campaigns.bridge import bridge_plans

    try:
        return f"{bridge_plans(con)} launched plans"
    except Exception as exc:
        log.warning("launched campaigns after load failed: %s", exc, exc_info=True)
        return f"{NOT_REFRESHED} ({type(exc).__name__})"


def build_derived(con) -> dict[str, int]:
    """(Re)build every derived table and rollup on a read-write connection; returns row counts.

    Records the definitions' fingerprint in ``meta`` so that a warehouse whose derived tables
    are out of date can be recognised (``data.aggregates.stored_derived_version``).
    """
    from olap.rollups import build_rollups

    counts = build_aggregates(con)
    counts.update(build_rollups(con))  # the cube's rollups: after the tables they join
    record_derived_version(con, derived_version())
    return counts


def derived_version() -> str:
    """Fingerprint of the derived-table and rollup definitions: a warehouse built by older code differs."""
    from olap.rollups import fingerprint

    return hashlib.sha256((definitions() + fingerprint()).encode()).hexdigest()[:16]


def refresh_scores(con, actor: str) -> tuple[str, int | None]:
    """RFM as of the last order day, then every latest score of this warehouse into customer_score.

    Returns what happened, in words, and the run stored (None when scoring failed: scores are a
    bonus, a model that cannot fit must not lose the load).
    """
    from mining.errors import MiningError
    from mining.publish import write_scores
    from mining.rfm import CLV_FITTED, score_rfm
    from mining.runs import mark_automatic, run_meta

    as_of = con.execute("SELECT max(order_ts)::DATE FROM fact_order_line").fetchone()[0]
    try:
        run_id = score_rfm(con, as_of, actor)  # RFM is always stored; CLV only when its models fit
    except MiningError as exc:  # too few buyers for RFM itself
        return f"{NOT_REFRESHED} ({exc.key} {exc.values})", None
    except Exception as exc:
        log.warning("RFM scoring after import failed: %s", exc, exc_info=True)
        return f"{NOT_REFRESHED} ({type(exc).__name__})", None
    mark_automatic(run_id, loaded_at_of(con))  # default settings after this load: the automatic run of RFM
    metrics = run_meta(run_id)["metrics"]
    said = f"rfm run {run_id} as of {as_of}"
    if metrics.get("clv_status") != CLV_FITTED:
        said += f" without CLV ({(metrics.get('clv_reason') or {}).get('key')})"
    write_scores(con, known_only=True)
    return said, run_id


def _timed(seconds: dict[str, float], step: str, run):
    began = time.perf_counter()
    try:
        return run()
    finally:
        seconds[step] = time.perf_counter() - began


def _progress(progress, fraction: float, text: str) -> None:
    if progress is not None:
        progress(fraction, text)

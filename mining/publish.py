"""Publish the latest scores into the warehouse, where the cube groups and filters by them.

Scoring runs are Parquet files (``mining.runs``); the cube reads the warehouse, which
every process opens read-only. So publishing writes a **new warehouse version** (a copy
of the current one with ``customer_score`` replaced) and switches the pointer, as every
load does: a reader never sees half a table, and caches keyed by version move on by
themselves. One publish at a time (a lock file beside the pointer); each takes the
latest run of every kind, so two publishes in a row never lose a score.
"""

from __future__ import annotations

import logging
from pathlib import Path

import pandas as pd

from data import opstore
from data.aggregates import AGGREGATES
from data.warehouse import current_path, lineage_of, write_version, writer_lock

log = logging.getLogger(__name__)

# warehouse column <- (run kind, run column); deciles are stored as "01".."10" so they sort as text
COLUMNS = {
    "value_tier": ("rfm", "tier"),
    "rfm_segment": ("rfm", "segment"),
    "cluster": ("cluster", "cluster_name"),
    "repurchase_decile": ("propensity_repurchase", "decile"),
    "response_decile": ("propensity_response", "decile"),
}


def score_table(lineage: str | None = None) -> tuple[pd.DataFrame, dict[str, int]]:
    """One row per scored customer with the latest run of every kind computed on ``lineage``
    (default: the current warehouse's); and which runs those are."""
    from mining.runs import latest_run, load_run

    frame: pd.DataFrame | None = None
    used: dict[str, int] = {}
    for kind in dict.fromkeys(k for k, _ in COLUMNS.values()):
        meta = latest_run(kind, lineage)
        if meta is None:
            continue
        _, scores = load_run(meta["run_id"])
        part = pd.DataFrame({"customer_id": scores["customer_id"].astype("int64")})
        for column, (k, source) in COLUMNS.items():
            if k != kind or source not in scores:
                continue
            values = scores[source]
            if column.endswith("_decile"):
                part[column] = values.map(lambda v: None if pd.isna(v) else f"{int(v):02d}")
            else:
                part[column] = values.astype("string")
        used[kind] = int(meta["run_id"])
        part = part.drop_duplicates("customer_id")
        frame = part if frame is None else frame.merge(part, on="customer_id", how="outer")
    if frame is None:
        frame = pd.DataFrame({"customer_id": pd.Series(dtype="int64")})
    for column in COLUMNS:
        if column not in frame:
            frame[column] = pd.Series([None] * len(frame), dtype="string")
    return frame[["customer_id", *COLUMNS]].sort_values("customer_id").reset_index(drop=True), used


def published_runs(cursor) -> dict[str, int]:
    """Which runs the warehouse's ``customer_score`` holds (from its meta table)."""
    try:
        rows = cursor.execute("SELECT key, value FROM meta WHERE key LIKE 'scores.%'").fetchall()
    except Exception:  # a warehouse without meta: nothing published
        return {}
    return {key.removeprefix("scores."): int(value) for key, value in rows if value.isdigit()}


def write_scores(con, known_only: bool = False) -> tuple[pd.DataFrame, dict[str, int]]:
    """Replace ``customer_score`` in the version ``con`` writes with the latest run of every kind of its
    lineage, and name those runs in ``meta``; ``known_only`` keeps only customers of ``dim_customer``.
    Returns the scores written (before that filter) and the runs used."""
    # the runs of the warehouse being written (its lineage), never another warehouse's: ids restart
    table, used = score_table(lineage_of(con))
    con.execute(AGGREGATES["customer_score"])  # a version built before scores existed
    con.register("_scores", table)
    con.execute("DELETE FROM customer_score")
    known = " WHERE customer_id IN (SELECT customer_id FROM dim_customer)" if known_only else ""
    con.execute("INSERT INTO customer_score SELECT * FROM _scores" + known)
    con.unregister("_scores")
    con.execute("DELETE FROM meta WHERE key LIKE 'scores.%'")
    for kind, run_id in used.items():
        con.execute("INSERT INTO meta VALUES (?, ?)", [f"scores.{kind}", str(run_id)])
    return table, used


def _carry_segment_table(before: Path, after: Path) -> None:
    """The segment builder's customer table of the version before serves the published one (only the
    scores changed); a failure is logged, never the publish's (the first count then builds it)."""
    from crm.segment_base import carry_over

    try:
        carry_over(before, after)
    except OSError:
        log.warning("the segment table could not be carried over to the published version", exc_info=True)


def publish_scores(user: str, pointer: Path | None = None) -> str:
    """Write the latest scores into a new warehouse version and switch to it; returns the version."""

    done: dict = {}
    with writer_lock(pointer):

        def write(con) -> None:
            done["table"], done["used"] = write_scores(con)

        before = current_path(pointer)
        version = write_version(write, pointer, start_from=before)
        _carry_segment_table(before, current_path(pointer))
    runs = ", ".join(f"{k}#{v}" for k, v in done["used"].items()) or "none"
    opstore.audit(user, "score.publish", version, f"runs={runs} customers={len(done['table'])}")
    return version

"""Scoring runs: every model's per-customer output, stored with the date and parameters
that produced it, so segments, campaigns, the cube and the customer profile can use it.

The scores are a Parquet file under ``instance/scores/`` (written to a temporary name
and renamed, so a reader never sees half a file); a row in the operational store's
``score_runs`` says what it is. Any process may write runs; DuckDB reads the files
directly (``read_parquet``) when an analysis needs them beside the warehouse.

A run belongs to the warehouse *lineage* it was computed on (``data.warehouse.lineage_of``):
customer ids restart in every warehouse, so a run of another warehouse would describe other
people. Readers only ever get runs of one lineage (the current warehouse's by default);
runs stored before lineages existed belong to none and are never shown.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import uuid
from pathlib import Path

import pandas as pd
import sqlalchemy as sa

import settings
from data import opstore
from data.warehouse import WarehouseUnavailable, get_warehouse, lineage_of, version_of_connection


def scores_dir() -> Path:
    path = settings.instance_dir() / "scores"
    path.mkdir(parents=True, exist_ok=True)
    return path


def _meta(row) -> dict:
    meta = dict(row._mapping)
    meta["params"] = json.loads(meta["params"])
    meta["metrics"] = json.loads(meta["metrics"])
    return meta


def save_run(
    kind: str,
    as_of: dt.date,
    params: dict,
    scores: pd.DataFrame,
    metrics: dict,
    user: str,
    warehouse_version: str | None = None,
    *,
    cursor=None,
    lineage: str | None = None,
) -> int:
    """Store one run's scores (must have a ``customer_id`` column); returns its run id.

    The run is recorded with the lineage and version of the warehouse it was computed on:
    the one ``cursor`` reads (pass it: a load scores the version it is still writing),
    else the current warehouse. ``lineage``/``warehouse_version`` override them.
    """
    if "customer_id" not in scores.columns:
        raise ValueError("scores need a customer_id column")
    if cursor is not None:
        lineage = lineage or lineage_of(cursor)
        warehouse_version = warehouse_version or version_of_connection(cursor)
    elif lineage is None:
        warehouse = get_warehouse()
        lineage, warehouse_version = warehouse.lineage(), warehouse_version or warehouse.version()
    name = f"{kind}-{dt.datetime.now():%Y%m%dT%H%M%S}-{uuid.uuid4().hex[:8]}.parquet"
    target = scores_dir() / name
    partial = target.with_suffix(".writing")
    scores.reset_index(drop=True).to_parquet(partial, index=False)
    os.replace(partial, target)
    with opstore.engine().begin() as con:
        result = con.execute(
            opstore.score_runs.insert().values(
                kind=kind,
                as_of=as_of,
                params=json.dumps(params, sort_keys=True, default=str),
                metrics=json.dumps(metrics, sort_keys=True, default=str),
                rows=len(scores),
                file=name,
                warehouse_version=warehouse_version,
                lineage=lineage,
                created_by=user,
            )
        )
        run_id = int(result.inserted_primary_key[0])
    opstore.audit(user, "score.run", f"{kind}#{run_id}", f"as_of={as_of} rows={len(scores)}")
    return run_id


def run_meta(run_id: int) -> dict | None:
    with opstore.engine().connect() as con:
        row = con.execute(sa.select(opstore.score_runs).where(opstore.score_runs.c.run_id == run_id)).first()
    return _meta(row) if row else None


def mark_automatic(run_id: int, loaded_at: str) -> None:
    """Mark ``run_id`` as computed automatically with default settings after the load ``loaded_at``
    (``data.warehouse.loaded_at_of``; "" for a warehouse loaded before loads were stamped)."""
    t = opstore.score_runs
    with opstore.engine().begin() as con:
        con.execute(t.update().where(t.c.run_id == int(run_id)).values(auto_for=loaded_at))


def is_automatic(meta: dict) -> bool:
    """Whether a run was computed by the automatic job (``mark_automatic``), not asked for by a person."""
    return meta.get("auto_for") is not None


def run_path(meta: dict) -> Path:
    return scores_dir() / meta["file"]


def load_run(run_id: int) -> tuple[dict, pd.DataFrame]:
    """A run's description and its scores."""
    meta = run_meta(run_id)
    if meta is None:
        raise KeyError(f"no scoring run {run_id}")
    return meta, pd.read_parquet(run_path(meta))


def current_lineage() -> str | None:
    """The current warehouse's lineage (None when there is no warehouse: no run applies)."""
    try:
        return get_warehouse().lineage()
    except WarehouseUnavailable:
        return None


def list_runs(kind: str, lineage: str | None = None) -> list[dict]:
    """Runs of a kind computed on ``lineage`` (default: the current warehouse's), newest first."""
    lineage = lineage or current_lineage()
    if lineage is None:
        return []
    t = opstore.score_runs
    with opstore.engine().connect() as con:
        query = sa.select(t).where(t.c.kind == kind, t.c.lineage == lineage).order_by(t.c.run_id.desc())
        rows = con.execute(query).all()
    return [_meta(r) for r in rows]


def automatic_run(kind: str, loaded_at: str, lineage: str | None = None) -> dict | None:
    """The newest automatic run of a kind computed after the load ``loaded_at`` on ``lineage``."""
    lineage = lineage or current_lineage()
    if lineage is None:
        return None
    t = opstore.score_runs
    query = (
        sa.select(t)
        .where(t.c.kind == kind, t.c.lineage == lineage, t.c.auto_for == loaded_at)
        .order_by(t.c.run_id.desc())
        .limit(1)
    )
    with opstore.engine().connect() as con:
        row = con.execute(query).first()
    return _meta(row) if row else None


def latest_run(kind: str, lineage: str | None = None) -> dict | None:
    """The newest run of a kind on ``lineage`` (default: the current warehouse's), or None."""
    lineage = lineage or current_lineage()
    if lineage is None:
        return None
    t = opstore.score_runs
    with opstore.engine().connect() as con:
        query = sa.select(t).where(t.c.kind == kind, t.c.lineage == lineage).order_by(t.c.run_id.desc()).limit(1)
        row = con.execute(query).first()
    return _meta(row) if row else None


def shown_run(kind: str, run_id: int | None = None, lineage: str | None = None) -> dict | None:
    """The run a page shows: ``run_id`` when it is a run of this kind on ``lineage`` (default:
    the current warehouse's), otherwise the latest such run; None when there is none."""
    lineage = lineage or current_lineage()
    if lineage is None:
        return None
    meta = run_meta(int(run_id)) if run_id else None
    if meta is not None and meta["kind"] == kind and meta.get("lineage") == lineage:
        return meta
    return latest_run(kind, lineage)

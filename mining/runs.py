"""Scoring runs: every model's per-customer output, stored with the date and parameters
that produced it, so segments, campaigns, the cube and the customer profile can use it.

The scores are a Parquet file under ``instance/scores/`` (written to a temporary name
and renamed, so a reader never sees half a file); a row in the operational store's
``score_runs`` says what it is. Any process may write runs; DuckDB reads the files
directly (``read_parquet``) when an analysis needs them beside the warehouse.
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
) -> int:
    """Store one run's scores (must have a ``customer_id`` column); returns its run id."""
    if "customer_id" not in scores.columns:
        raise ValueError("scores need a customer_id column")
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


def run_path(meta: dict) -> Path:
    return scores_dir() / meta["file"]


def load_run(run_id: int) -> tuple[dict, pd.DataFrame]:
    """A run's description and its scores."""
    meta = run_meta(run_id)
    if meta is None:
        raise KeyError(f"no scoring run {run_id}")
    return meta, pd.read_parquet(run_path(meta))


def list_runs(kind: str) -> list[dict]:
    """Runs of a kind, newest first."""
    t = opstore.score_runs
    with opstore.engine().connect() as con:
        rows = con.execute(sa.select(t).where(t.c.kind == kind).order_by(t.c.run_id.desc())).all()
    return [_meta(r) for r in rows]


def latest_run(kind: str) -> dict | None:
    runs = list_runs(kind)
    return runs[0] if runs else None

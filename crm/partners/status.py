"""The published partner status: each partner's tier and stage, where the cube reads them.

The scorecard (``crm.partners.scorecard``) gives every partner a tier and the lifecycle rules
(``crm.partners.stages``) a stage; Explore's partner tier and stage levels and the dashboard group
by them, so they live in the warehouse's ``partner_status`` table (``data.aggregates``), never in
``dim_partner``'s own columns. They are written

* after every load, inside the version being written (``jobs.derive``: :func:`write_status` on the
  loader's connection, the figures computed on that same connection through :class:`Building`);
* on demand (``python -m jobs.partners publish``, the scorecard page after new weights): a new
  warehouse version, a copy of the current one with the table replaced, and the pointer switched
  (:func:`publish_status`): one writer at a time, readers never see half a table, and every cache
  keyed by version moves on by itself.

A status is a property of the partner, not of the viewer: it is computed over every partner
(``olap.scope.scoped(None)``); the cube filters what a partner manager sees.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from pathlib import Path

import pandas as pd

from data import opstore
from data.aggregates import AGGREGATES
from data.warehouse import current_path, version_of_connection, write_version, writer_lock
from olap.scope import scoped

log = logging.getLogger(__name__)
COLUMNS = ("partner_id", "tier", "stage", "score", "weights_version", "as_of")
TIERS = ("platinum", "gold", "silver", "bronze")
STAGES = ("prospect", "new", "growing", "mature", "declining", "dormant", "churned")


def status_frame(
    tiers: dict[int, str],
    stages: dict[int, str],
    as_of: dt.date | None,
    scores: dict[int, float] | None = None,
    weights_version: int | None = None,
) -> pd.DataFrame:
    """One row per partner named by ``tiers`` or ``stages`` (the columns of ``partner_status``)."""
    scores = scores or {}
    ids = sorted({int(p) for p in tiers} | {int(p) for p in stages})
    return pd.DataFrame(
        {
            "partner_id": pd.Series(ids, dtype="int64"),
            "tier": pd.Series([tiers.get(p) for p in ids], dtype="object"),
            "stage": pd.Series([stages.get(p) for p in ids], dtype="object"),
            "score": pd.Series([scores.get(p) for p in ids], dtype="float64"),
            "weights_version": pd.Series([weights_version] * len(ids), dtype="Int64"),
            "as_of": pd.Series([as_of] * len(ids), dtype="object"),
        }
    )


def write_status(con, frame: pd.DataFrame) -> int:
    """Replace ``partner_status`` in the version ``con`` writes with ``frame`` (the columns of
    :data:`COLUMNS`; rows of partners ``dim_partner`` does not know are left out); returns the rows."""
    con.execute(AGGREGATES["partner_status"])  # a version built before the table existed
    table = frame.reindex(columns=list(COLUMNS)).drop_duplicates("partner_id")
    con.register("_partner_status", table)
    try:
        con.execute("DELETE FROM partner_status")
        con.execute(
            "INSERT INTO partner_status SELECT CAST(s.partner_id AS INTEGER), CAST(s.tier AS VARCHAR), "
            "CAST(s.stage AS VARCHAR), CAST(s.score AS DOUBLE), CAST(s.weights_version AS INTEGER), "
            "CAST(s.as_of AS DATE) FROM _partner_status s "
            "WHERE s.partner_id IN (SELECT partner_id FROM dim_partner)"
        )
    finally:
        con.unregister("_partner_status")
    return con.execute("SELECT count(*) FROM partner_status").fetchone()[0]


def read_status(cursor) -> pd.DataFrame:
    """The published table (empty, with its columns, on a warehouse without one)."""
    try:
        return cursor.execute(f"SELECT {', '.join(COLUMNS)} FROM partner_status ORDER BY partner_id").df()
    except Exception:  # a warehouse written before partner_status existed
        return pd.DataFrame(columns=list(COLUMNS))


class Building:
    """A read-only stand-in for ``data.warehouse.Warehouse`` over a version still being written,
    so the scorecard and stage readers (which take a ``warehouse``) compute on the rows of the load
    itself. Its version label names the file being built: answers cached under it never serve the
    published version."""

    def __init__(self, con):
        self._con = con
        self._cursor = None
        self._label = f"building|{version_of_connection(con)}|{id(con)}"

    def cursor(self):
        if self._cursor is None:
            self._cursor = self._con.cursor()
        return self._cursor

    def cursor_with_version(self):
        return self.cursor(), self._label

    def version(self) -> str:
        return self._label

    def query_df(self, sql: str, params=None):
        return self.cursor().execute(sql, params or []).df()

    def lineage(self) -> str:
        from data.warehouse import lineage_of

        return lineage_of(self.cursor())

    def meta(self) -> dict[str, str]:
        try:
            return dict(self.cursor().execute("SELECT key, value FROM meta").fetchall())
        except Exception:
            return {}

    def close(self) -> None:
        if self._cursor is not None:
            self._cursor.close()
            self._cursor = None


def _data_end(cursor) -> dt.date | None:
    return cursor.execute("SELECT max(order_ts)::DATE FROM fact_order_line").fetchone()[0]


def current_status(warehouse) -> pd.DataFrame:
    """Every partner's current tier (``scorecard.current_tiers``: the last complete quarter, the
    current weights) with its score, and its stage at the data's end (``stages.stages_at``), computed
    over all partners whatever the request's scope."""
    from crm.partners.scorecard import current_tiers, last_complete_quarter, partner_metrics, score
    from crm.partners.stages import stages_at
    from crm.partners.weights import current_weights

    as_of = _data_end(warehouse.cursor())
    if as_of is None:  # no sales at all: nothing to rate
        return status_frame({}, {}, None)
    weights = current_weights()
    with scoped(None):
        tiers = current_tiers(warehouse, scoped=False)
        stages = stages_at(as_of, warehouse)
    period = last_complete_quarter(warehouse)
    scores = {}
    if period is not None:
        scored = score(partner_metrics(*period, warehouse), weights)
        scores = {int(p): float(s) for p, s in zip(scored["partner_id"], scored["score"], strict=True) if s == s}
    return status_frame(tiers, stages, as_of, scores, weights.version)


Compute = Callable[[object], pd.DataFrame]


def refresh_status(con, compute: Compute | None = None) -> int:
    """Compute and write the status inside a version being written (the post-load step)."""
    reader = Building(con)
    try:
        frame = (compute or current_status)(reader)
    finally:
        reader.close()
    return write_status(con, frame)


def publish_status(user: str, pointer: Path | None = None, compute: Compute | None = None) -> str:
    """Write the partners' status into a new warehouse version and switch to it; returns the version."""
    done: dict = {}
    with writer_lock(pointer):

        def write(con) -> None:
            done["rows"] = refresh_status(con, compute)

        before = current_path(pointer)
        version = write_version(write, pointer, start_from=before)
        _carry_segment_table(before, current_path(pointer))
    opstore.audit(user, "partners.status.publish", version, f"partners={done['rows']}")
    return version


def _carry_segment_table(before, after) -> None:
    """The segment builder's table of the version before serves the new one (only ``partner_status``
    changed, which the table does not read): a link, no build. A failure is logged, never the publish's."""
    from crm.segment_base import carry_over

    try:
        carry_over(before, after)
    except OSError:
        log.warning("the segment table could not be carried over to the new version", exc_info=True)

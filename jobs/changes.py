"""Customer 360 changes into the warehouse: recorded corrections and erasures as a new version."""

from __future__ import annotations

import logging
from pathlib import Path

import duckdb

from crm import customers
from crm.segment_base import forget_others, update_customers, version_key
from data import opstore
from data.warehouse import Warehouse, current_path, get_warehouse, list_versions, write_version, writer_lock
from jobs.derive import derive
from olap.engine import clear_cache

log = logging.getLogger(__name__)


def apply_changes(user: str, pointer: Path | None = None) -> str | None:
    """Write every recorded, not yet applied correction and erasure into a new warehouse version.

    Returns the new version (None when there was nothing to apply). After an erasure, every
    older version is deleted: they still hold the erased person's data.
    """
    lineage = (Warehouse(pointer) if pointer else get_warehouse()).lineage()
    todo = customers.unapplied(lineage)
    if todo.empty:
        return None

    def write(con) -> None:
        customers.write_changes(con, todo)
        derive(con, erasures=True, tables=False)  # an erased customer's later corrections never bring data back

    with writer_lock(pointer):  # one writer of warehouse versions at a time (loads, score publishing)
        before = current_path(pointer)
        version = write_version(write, pointer, start_from=before)
        _update_segment_table(before, current_path(pointer), todo["customer_id"])
    customers.mark_applied(todo, version)
    if (todo["field"] == "erase").any():
        keep = current_path(pointer)
        for path in list_versions(pointer):
            if path != keep:
                path.unlink(missing_ok=True)
                Path(str(path) + ".wal").unlink(missing_ok=True)
        forget_others(version_key(keep), lineage)  # older versions' segment tables hold the erased names too
        clear_cache()  # cached answers may hold the erased names
    opstore.audit(user, "customer.apply", version, f"changes={len(todo)}")
    return version


def _update_segment_table(before: Path, after: Path, ids) -> None:
    """The segment builder's table of the new version: the version before's with the changed customers'
    rows worked out again (seconds, where a build takes minutes at scale 30). A failure is logged, never
    the change's (the first count then stands in from the version before while this one's is built)."""
    try:
        update_customers(before, after, {int(i) for i in ids} | _rewritten(before, after))
    except Exception:
        log.warning("the segment table could not be updated for the changed customers", exc_info=True)


def _rewritten(before: Path, after: Path) -> set[int]:
    """The customers whose ``dim_customer`` row the new version wrote differently: the recorded changes,
    and whatever else the write did to them (an erasure recorded earlier, enforced again)."""
    con = duckdb.connect(":memory:")
    try:
        con.execute("ATTACH ? AS was (READ_ONLY)", [str(before)])
        con.execute("ATTACH ? AS now (READ_ONLY)", [str(after)])
        return {r[0] for r in con.execute(
            "SELECT customer_id FROM (SELECT * FROM now.dim_customer EXCEPT SELECT * FROM was.dim_customer)"
        ).fetchall()}  # fmt: skip
    finally:
        con.close()

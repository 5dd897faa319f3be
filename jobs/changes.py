"""Customer 360 changes into the warehouse: recorded corrections and erasures as a new version."""

from __future__ import annotations

from pathlib import Path

from crm import customers
from data import opstore
from data.warehouse import Warehouse, current_path, get_warehouse, list_versions, write_version, writer_lock
from jobs.derive import derive
from olap.engine import clear_cache


def apply_changes(user: str, pointer: Path | None = None) -> str | None:
    """Write every recorded, not yet applied correction and erasure into a new warehouse version.

    Returns the new version (None when there was nothing to apply). After an erasure, every
    older version is deleted: they still hold the erased person's data.
    """
    todo = customers.unapplied((Warehouse(pointer) if pointer else get_warehouse()).lineage())
    if todo.empty:
        return None

    def write(con) -> None:
        customers.write_changes(con, todo)
        derive(con, erasures=True, tables=False)  # an erased customer's later corrections never bring data back

    with writer_lock(pointer):  # one writer of warehouse versions at a time (loads, score publishing)
        version = write_version(write, pointer, start_from=current_path(pointer))
    customers.mark_applied(todo, version)
    if (todo["field"] == "erase").any():
        keep = current_path(pointer)
        for path in list_versions(pointer):
            if path != keep:
                path.unlink(missing_ok=True)
                Path(str(path) + ".wal").unlink(missing_ok=True)
        clear_cache()  # cached answers may hold the erased names
    opstore.audit(user, "customer.apply", version, f"changes={len(todo)}")
    return version

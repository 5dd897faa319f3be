"""What a load killed half-way left behind, found and cleaned at the next start.

A load writes its version as a ``.building`` file and records itself as ``running`` in the
import history while it holds the writer lock (``data.warehouse.writer_lock``). A process killed
during the load (``kill -9``, a reboot, a full disk that took the process down) never gets to tidy
up. ``recover`` runs when the app or the importer starts, and before every load: when it can take
the writer lock, nobody is writing, so every ``running`` row is a dead load — it becomes
``interrupted`` (with what was found) and its staging database, every ``.building`` file and any
staging database older than ``XRM_IMPORT_STAGING_HOURS`` (24 by default: a validation nobody loaded)
are deleted. When the lock is busy (a load is running) it does nothing.
"""

from __future__ import annotations

import datetime as dt
import os
import time
from dataclasses import dataclass, field
from pathlib import Path

import sqlalchemy as sa

import settings
from data import opstore
from data.importer.read import work_dir
from data.warehouse import versions_dir, writer_lock_if_free

INTERRUPTED_MESSAGE = (
    "interrupted: the load stopped before it published (the process was killed, the machine restarted "
    "or the disk filled); nothing was published and the warehouse is as it was before. Run the import again."
)


@dataclass
class Recovered:
    runs: list[str] = field(default_factory=list)  # import ids marked interrupted
    files: list[Path] = field(default_factory=list)  # files deleted
    busy: bool = False  # a writer held the lock: nothing was touched


def staging_hours() -> float:
    try:
        return max(float(os.environ.get("XRM_IMPORT_STAGING_HOURS", "24")), 0.0)
    except ValueError:
        return 24.0


def recover(pointer: Path | None = None) -> Recovered:
    """Mark dead loads interrupted and delete what they left, if no writer is running."""
    pointer = pointer or settings.warehouse_pointer()
    with writer_lock_if_free(pointer) as free:
        if not free:
            return Recovered(busy=True)
        return recover_locked(pointer)


def recover_locked(pointer: Path) -> Recovered:
    """``recover`` for a caller that already holds the writer lock (a load about to write)."""
    found = Recovered()
    table = opstore.import_runs
    with opstore.engine().begin() as con:
        dead = [r[0] for r in con.execute(sa.select(table.c.import_id).where(table.c.status == "running"))]
        if dead:
            con.execute(
                table.update()
                .where(table.c.import_id.in_(dead))
                .values(status="interrupted", finished_at=dt.datetime.now(), message=INTERRUPTED_MESSAGE)
            )
    for import_id in dead:
        opstore.audit("system", "import.interrupted", import_id, "marked interrupted at the next start")
    found.runs = dead
    folder = versions_dir(pointer)
    leftovers = [*folder.glob("*.building"), *folder.glob("*.building.wal")] if folder.exists() else []
    staging = work_dir()
    for import_id in dead:
        leftovers += [staging / f"{import_id}.duckdb", staging / f"{import_id}.duckdb.wal"]
    cutoff = time.time() - staging_hours() * 3600
    for path in [*staging.glob("*.duckdb"), *staging.glob("*.duckdb.wal")]:
        try:
            if path.stat().st_mtime < cutoff:
                leftovers.append(path)
        except FileNotFoundError:
            pass
    for path in dict.fromkeys(leftovers):
        try:
            path.unlink()
            found.files.append(path)
        except FileNotFoundError:
            pass
    return found

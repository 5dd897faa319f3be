"""After a scoring job: publish its scores into the warehouse, where the cube groups by them."""

from __future__ import annotations

import logging
from pathlib import Path

from mining.publish import publish_scores

log = logging.getLogger(__name__)


def publish_after_run(user: str, pointer: Path | None = None) -> bool:
    """Publish the latest scores as a new warehouse version (``mining.publish.publish_scores``);
    False when that failed (the traceback is logged): the run itself is kept and shown."""
    try:
        publish_scores(user, pointer)
    except Exception:
        log.exception("publishing scores failed")
        return False
    return True

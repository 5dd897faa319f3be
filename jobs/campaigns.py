"""Publishing launched campaign plans into the warehouse, where the results page reads them.

python -m jobs.campaigns publish [--user NAME]
    write every launched plan of the current warehouse's lineage into a new version
    (``crm.campaigns.bridge.publish_campaigns``) and switch to it; prints the version.

The planner calls :func:`publish_in_background` right after a launch; loads write the launched plans
inside the version they build (``jobs.derive``: ``bridge_after_load``).
"""

from __future__ import annotations

import argparse
import logging
import sys
import threading
from pathlib import Path

from crm.campaigns.bridge import publish_campaigns
from data.warehouse import WarehouseUnavailable

log = logging.getLogger(__name__)


def publish_in_background(user: str, pointer: Path | None = None) -> threading.Thread:
    """``publish_campaigns`` on a thread of this process (a publish copies the warehouse: seconds at
    scale 10, too long for a request); a failure is logged, the launch itself stays done and the next
    load or publish brings the campaign in."""

    def run() -> None:
        try:
            version, plans = publish_campaigns(user, pointer)
            log.info("launched campaigns published as %s (%d plans) for %s", version, plans, user)
        except Exception:
            log.exception("publishing the launched campaigns failed")

    thread = threading.Thread(target=run, name="campaigns-publish", daemon=True)
    thread.start()
    return thread


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m jobs.campaigns", description=__doc__)
    parser.add_argument("command", choices=["publish"])
    parser.add_argument("--user", default="cli", help="who publishes (for the audit trail)")
    args = parser.parse_args(argv)
    try:
        version, plans = publish_campaigns(args.user)
    except WarehouseUnavailable as exc:
        print(exc, file=sys.stderr)
        return 1
    print(f"published {plans} launched campaign plans: {version}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

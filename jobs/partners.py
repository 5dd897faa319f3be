"""Publishing the partners' tiers and stages into the warehouse, where the cube groups by them.

python -m jobs.partners publish [--user NAME]
    compute every partner's current tier and stage and publish them as a new warehouse version
    (``crm.partners.status.publish_status``); prints the version. An unreadable warehouse exits 1.

The scorecard page calls :func:`publish_partner_status` after new weights are saved; loads write
the status inside the version they build (``jobs.derive``: :func:`refresh_after_load`).
"""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from crm.partners.status import publish_status, refresh_status
from data.warehouse import WarehouseUnavailable

log = logging.getLogger(__name__)


def publish_partner_status(user: str, pointer: Path | None = None) -> str:
    """Publish every partner's current tier and stage as a new warehouse version; returns it."""
    return publish_status(user, pointer)


def refresh_after_load(con) -> str:
    """The post-load step: the status written into the version ``con`` builds, said in words.
    A failure never loses the load (the traceback is logged; the cube shows partners unrated)."""
    try:
        return f"{refresh_status(con)} partners"
    except Exception as exc:
        log.warning("partner status after load failed: %s", exc, exc_info=True)
        return f"not refreshed ({type(exc).__name__})"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m jobs.partners", description=__doc__)
    parser.add_argument("command", choices=["publish"])
    parser.add_argument("--user", default="cli", help="who publishes (for the audit trail)")
    args = parser.parse_args(argv)
    try:
        version = publish_partner_status(args.user)
    except WarehouseUnavailable as exc:
        print(exc, file=sys.stderr)
        return 1
    print(f"published partner status: {version}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

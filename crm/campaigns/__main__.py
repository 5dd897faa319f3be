"""Campaign figures from the command line, for scripts.

``python -m crm.campaigns power --target N --control M --base-rate P [--uplift U] [--json]``: the
smallest absolute uplift a test with these groups detects (95% confidence, 80% power;
``crm.campaigns.stats``), and with ``--uplift`` the control group, holdout share or segment size that
uplift would need.
"""

from __future__ import annotations

import argparse
import json
import sys

from crm.campaigns import stats


def power(args) -> dict:
    """The power figures of one test (the JSON the command prints)."""
    out = {
        "target": args.target,
        "control": args.control,
        "base_rate": args.base_rate,
        "confidence": stats.CONFIDENCE,
        "power": stats.POWER,
        "mde": stats.minimum_detectable_uplift(args.target, args.control, args.base_rate),
    }
    if args.uplift is not None:
        size, holdout = args.target + args.control, args.control / (args.target + args.control)
        out["uplift"] = args.uplift
        out["detectable"] = args.uplift >= out["mde"]
        out["control_needed"] = stats.control_needed(args.target, args.base_rate, args.uplift)
        out["holdout_needed"] = stats.holdout_needed(size, args.base_rate, args.uplift)
        out["segment_needed"] = stats.segment_needed(holdout, args.base_rate, args.uplift)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m crm.campaigns", description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    p = commands.add_parser("power", help="minimum detectable uplift of a campaign test")
    p.add_argument("--target", type=int, required=True, help="target group size")
    p.add_argument("--control", type=int, required=True, help="control group size")
    p.add_argument("--base-rate", type=float, required=True, help="the control group's expected conversion (0..1)")
    p.add_argument("--uplift", type=float, help="an expected absolute uplift: what it would need")
    p.add_argument("--json", action="store_true", help="print JSON")
    args = parser.parse_args(argv)
    try:
        out = power(args)
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps(out))
    else:
        print(f"minimum detectable uplift: {out['mde']:.4f} ({out['mde'] * 100:.2f} percentage points)")
        for key in ("control_needed", "holdout_needed", "segment_needed"):
            if key in out:
                print(f"{key.replace('_', ' ')}: {out[key] if out[key] is not None else 'none is enough'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

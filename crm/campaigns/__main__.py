"""Command line of campaign results and the power check.

python -m crm.campaigns results [--campaign ID] [--json]
    every campaign's result against its control group (one JSON object per campaign with --json;
    ``revenue_target``/``revenue_control`` are revenue per head in the attribution window)
python -m crm.campaigns power --target N --control M --base-rate P [--uplift U] [--json]
    the smallest absolute uplift the test detects at 95 % confidence and 80 % power; with --uplift,
    whether that uplift is detectable and the control, holdout or segment it would need

Bad arguments print a message and exit with 2; an unreadable warehouse exits with 1.
"""

from __future__ import annotations

import argparse
import json
import sys

from crm.campaigns import stats
from crm.campaigns.results import campaign_results, finite
from data.warehouse import WarehouseUnavailable, get_warehouse

# the readable table: (header, field, format)
TABLE = (
    ("id", "campaign_id", "{}"),
    ("name", "name", "{:.32}"),
    ("target", "target", "{:,}"),
    ("control", "control", "{:,}"),
    ("conv.t", "converted_target", "{:,}"),
    ("conv.c", "converted_control", "{:,}"),
    ("uplift pp", "uplift", "{:+.1%}"),
    ("95% CI", None, None),
    ("p", "p_value", "{:.3f}"),
    ("incr. revenue", "incremental_revenue", "{:,.0f}"),
    ("cost", "cost", "{:,.0f}"),
    ("ROI", "roi", "{:.1%}"),
    ("verdict", "verdict", "{}"),
)


def _cell(result, field, fmt) -> str:
    if field is None:  # the uplift interval
        low, high = result.uplift_ci_low, result.uplift_ci_high
        return "–" if low is None else f"[{low:+.1%}, {high:+.1%}]"
    value = getattr(result, field)
    return "–" if value is None else fmt.format(value)


def print_table(results, out=None) -> None:
    """The results as an aligned text table."""
    out = out or sys.stdout
    rows = [[head for head, _, _ in TABLE]] + [[_cell(r, f, fmt) for _, f, fmt in TABLE] for r in results]
    widths = [max(len(row[i]) for row in rows) for i in range(len(TABLE))]
    for row in rows:
        print("  ".join(cell.ljust(w) if i == 1 else cell.rjust(w) for i, (cell, w) in enumerate(zip(row, widths, strict=True))),
              file=out)  # fmt: skip


def _results(args, parser) -> int:
    results = campaign_results(get_warehouse().cursor(), args.campaign)
    if args.campaign is not None and not results:
        parser.error(f"no campaign {args.campaign} in the warehouse (python -m crm.campaigns results lists them)")
    if args.json:
        print(json.dumps([{k: finite(v) for k, v in r.as_json().items()} for r in results], ensure_ascii=False))
    else:
        print_table(results)
    return 0


def _power(args, parser) -> int:
    if args.target < 1 or args.control < 1:
        parser.error("--target and --control need at least one contact each")
    if not 0 < args.base_rate < 1:
        parser.error("--base-rate is a share between 0 and 1 (e.g. 0.05 for 5 %)")
    if args.uplift is not None and args.uplift <= 0:
        parser.error("--uplift is an absolute uplift above 0 (e.g. 0.01 for one percentage point)")
    mde = stats.minimum_detectable_uplift(args.target, args.control, args.base_rate)
    answer = {
        "mde": mde,
        "mde_relative": mde / args.base_rate,
        "target": args.target,
        "control": args.control,
        "base_rate": args.base_rate,
        "confidence": stats.CONFIDENCE,
        "power": stats.POWER,
    }
    if args.uplift is not None:
        size = args.target + args.control
        answer.update(
            uplift=args.uplift,
            detectable=args.uplift >= mde,
            control_needed=stats.control_needed(args.target, args.base_rate, args.uplift),
            holdout_needed=stats.holdout_needed(size, args.base_rate, args.uplift),
            segment_needed=stats.segment_needed(args.control / size, args.base_rate, args.uplift),
        )
    if args.json:
        print(json.dumps(answer))
    else:
        for key, value in answer.items():
            print(f"{key:>15}  {value}")
    return 0


def parser() -> argparse.ArgumentParser:
    main = argparse.ArgumentParser(prog="python -m crm.campaigns", description=__doc__.split("\n\n")[0])
    commands = main.add_subparsers(dest="command", required=True)
    results = commands.add_parser("results", help="every campaign's result against its control group")
    results.add_argument("--campaign", type=int, help="one campaign's id")
    results.add_argument("--json", action="store_true", help="a JSON list, one object per campaign")
    results.set_defaults(run=_results, parser=results)
    power = commands.add_parser("power", help="the smallest uplift a test of this size detects")
    power.add_argument("--target", type=int, required=True, help="contacts in the target group")
    power.add_argument("--control", type=int, required=True, help="contacts in the control group")
    power.add_argument("--base-rate", type=float, required=True, help="expected conversion rate, 0..1")
    power.add_argument("--uplift", type=float, help="the absolute uplift you expect, 0..1")
    power.add_argument("--json", action="store_true", help="JSON output")
    power.set_defaults(run=_power, parser=power)
    return main


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return args.run(args, args.parser)  # errors name the subcommand
    except WarehouseUnavailable as exc:
        print(f"python -m crm.campaigns: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())

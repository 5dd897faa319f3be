"""Command line of the partner scorecard.

python -m crm.partners scorecard [--start DATE --end DATE] [--json]
    every partner's metrics, score and tier for the period (default: the data's last complete
    quarter), scored with the current weights; with --json a list, one object per partner with
    partner_id, name, note, every metric, score, tier and stage (its lifecycle stage at the end)

Reads the warehouse named by XRM_DB like the app. Bad dates print a message and exit with 2; an
unreadable warehouse exits with 1.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import sys

from crm.partners import PartnerError
from crm.partners.scorecard import METRICS, last_complete_quarter, scorecard
from data.warehouse import WarehouseUnavailable, get_warehouse

COUNTS = [name for name, metric in METRICS.items() if metric.kind == "count"]
TABLE = ("partner_id", "name", "revenue", "active_customers", "gross_margin", "score", "tier", "stage")


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date: {text!r} (use YYYY-MM-DD)") from None


def _plain(value):
    """A JSON value: None for NaN, plain Python numbers."""
    if value is None:
        return None
    if isinstance(value, float | int) and not isinstance(value, bool):
        return None if isinstance(value, float) and not math.isfinite(value) else value
    if hasattr(value, "item"):  # numpy scalars
        return _plain(value.item())
    return value


def stages(end: dt.date, warehouse) -> dict[int, str]:
    """Each partner's lifecycle stage at ``end`` (``crm.partners.stages``; empty until it exists)."""
    try:
        from crm.partners.stages import stages_at
    except ImportError:  # the stages module is built beside this one (issue 12)
        return {}
    return stages_at(end, warehouse)


def rows(start: dt.date, end: dt.date, warehouse) -> list[dict]:
    """The scorecard as plain JSON objects."""
    frame = scorecard(start, end, warehouse=warehouse)
    stage = stages(end, warehouse)
    fields = ["partner_id", "name", "note", *METRICS, "score", "tier"]
    out = []
    for record in frame[fields].to_dict("records"):
        item = {k: _plain(v) for k, v in record.items()}
        item["note"] = item["note"] or None
        for name in COUNTS:  # counts as whole numbers
            item[name] = None if item[name] is None else int(item[name])
        item["stage"] = stage.get(int(item["partner_id"]))
        out.append(item)
    return out


def _cell(value) -> str:
    if value is None:
        return "–"
    return f"{value:,.2f}" if isinstance(value, float) else str(value)


def print_table(items: list[dict], out=None) -> None:
    out = out or sys.stdout
    table = [list(TABLE)] + [[_cell(item.get(k)) for k in TABLE] for item in items]
    widths = [max(len(r[i]) for r in table) for i in range(len(TABLE))]
    for r in table:
        print("  ".join(c[:40].ljust(min(w, 40)) if i == 1 else c.rjust(w) for i, (c, w) in enumerate(zip(r, widths, strict=True))),
              file=out)  # fmt: skip


def _scorecard(args, parser) -> int:
    if (args.start is None) != (args.end is None):
        parser.error("give both --start and --end, or neither (the last complete quarter)")
    warehouse = get_warehouse()
    if args.start is None:
        period = last_complete_quarter(warehouse)
        if period is None:
            print("python -m crm.partners: the warehouse has no order lines yet", file=sys.stderr)
            return 1
        args.start, args.end = period
    if args.start > args.end:
        parser.error(f"--start {args.start} is after --end {args.end}")
    items = rows(args.start, args.end, warehouse)
    if args.json:
        print(json.dumps(items, ensure_ascii=False, default=str))
    else:
        print(f"{args.start} – {args.end}")
        print_table(items)
    return 0


def parser() -> argparse.ArgumentParser:
    main = argparse.ArgumentParser(prog="python -m crm.partners", description=__doc__.split("\n\n")[0])
    commands = main.add_subparsers(dest="command", required=True)
    card = commands.add_parser("scorecard", help="every partner's metrics, score and tier for a period")
    card.add_argument("--start", type=_date, help="first day, YYYY-MM-DD (with --end)")
    card.add_argument("--end", type=_date, help="last day, YYYY-MM-DD (with --start)")
    card.add_argument("--json", action="store_true", help="a JSON list, one object per partner")
    card.set_defaults(run=_scorecard, parser=card)
    return main


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return args.run(args, args.parser)
    except WarehouseUnavailable as exc:
        print(f"python -m crm.partners: {exc}", file=sys.stderr)
        return 1
    except PartnerError as exc:
        print(f"python -m crm.partners: {exc.message('en')}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())

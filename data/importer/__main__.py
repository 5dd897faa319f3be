"""Command line of the importer.

python -m data.importer detect FILE [--entity order_lines]
python -m data.importer load FILE --entity order_lines [--mapping NAME] [--map COLUMN=FIELD …]
    [--encoding X] [--dayfirst | --monthfirst] [--discount rate|amount] [--currency XXX]
    [--no-reconcile-order-times] [--policy reject|quarantine] [--new-warehouse] [--save-mapping NAME]
    [--dry-run] [--no-derive] [--no-scores] [--guests keep|reject] [--channel NAME] [--channel-group online|offline]
python -m data.importer load --db-url URL (--table T | --query SQL) --entity customers
python -m data.importer history

An entry point (like ``app.py``): it gives the importer the post-load steps, ``jobs.derive.derive``.
"""

from __future__ import annotations

import argparse
import getpass
import json
import logging
import sys

from data.importer import core
from data.importer.entities import ENTITIES, get_entity
from data.importer.errors import ImportProblem
from data.importer.mapping import Mapping, load_mapping, save_mapping
from data.importer.read import open_database, open_source
from i18n import t
from jobs.defaults import start as start_default_runs
from jobs.derive import derive


def _source(args):
    if args.db_url:
        return open_database(args.db_url, table=args.table, query=args.query)
    if not args.file:
        raise ImportProblem("import.source_error", detail="give a FILE, or --db-url with --table or --query")
    return open_source(args.file, encoding=args.encoding, sheet=args.sheet)


def _mapping(args, source):
    if args.mapping:  # a saved mapping: its columns this file has, the file's other columns left out
        saved = load_mapping(args.mapping)
        mapping = Mapping(saved.entity, {c: saved.columns.get(c) for c in source.columns}, saved.dayfirst,
                          discount=saved.discount)  # fmt: skip
    else:
        mapping = core.detect(source, args.entity)
    for item in args.map or []:
        column, _, field = item.partition("=")
        if column not in source.columns:
            raise ImportProblem("import.mapping_unknown_column", column=column, columns=", ".join(source.columns))
        mapping.columns[column] = field or None
    if args.dayfirst or args.monthfirst:
        mapping.dayfirst = bool(args.dayfirst)
    if args.discount:
        mapping.discount = args.discount
    mapping.reconcile_times = args.reconcile_times
    return mapping


def _print_mapping(mapping, out=None) -> None:
    out = out or sys.stdout  # looked up at each call (a test may have replaced it since the import)
    for column, field in mapping.columns.items():
        print(f"  {column!s:30} -> {field or '(not imported)'}", file=out)
    for note in mapping.notes:
        print(f"  note: {note}", file=out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m data.importer", description="Import your own data into XRM.")
    sub = parser.add_subparsers(dest="command", required=True)
    for name in ("detect", "load"):
        p = sub.add_parser(name)
        p.add_argument("file", nargs="?")
        p.add_argument("--entity", default="order_lines", choices=list(ENTITIES))
        p.add_argument("--encoding", help="utf-8, utf-8-sig, cp949 / euc-kr, latin-1 (default: detected)")
        p.add_argument("--sheet", help="Excel sheet (default: the first)")
        p.add_argument("--db-url", help="SQLAlchemy URL of a database to read from")
        p.add_argument("--table", help="table of --db-url")
        p.add_argument("--query", help="SELECT on --db-url")
        p.add_argument("--mapping", help="a saved mapping's name")
        p.add_argument(
            "--map", action="append", metavar="COLUMN=FIELD", help="correct one column's field (FIELD empty: skip it)"
        )
        order = p.add_mutually_exclusive_group()
        order.add_argument("--dayfirst", action="store_true", help="read 03/01/2025 as 3 January")
        order.add_argument("--monthfirst", action="store_true", help="read 03/01/2025 as March 1")
        p.add_argument("--discount", choices=("rate", "amount"),
                       help="the discount column's unit: rate (0-1 or 0-100 %%) or amount (money off the line); "
                            "default: decided from the data")  # fmt: skip
        p.add_argument("--currency", metavar="XXX", help="ISO 4217 code of the amounts (a new warehouse's; "
                       "default XRM_CURRENCY, else USD)")  # fmt: skip
        p.add_argument(
            "--reconcile-order-times",
            dest="reconcile_times",
            action="store_true",
            default=True,
            help="lines of one order that differ only in timestamp take the order's earliest (default)",
        )
        p.add_argument("--no-reconcile-order-times", dest="reconcile_times", action="store_false",
                       help="such orders are errors (order_inconsistent)")  # fmt: skip
    load = sub.choices["load"]
    load.add_argument("--policy", default="reject", choices=core.POLICIES)
    load.add_argument(
        "--new-warehouse", action="store_true", help="start from an empty warehouse (the old one is kept)"
    )
    load.add_argument("--save-mapping", metavar="NAME", help="save the mapping used under NAME")
    load.add_argument(
        "--derive", dest="derive", action="store_true", default=None, help="create missing customers, products…"
    )
    load.add_argument("--no-derive", dest="derive", action="store_false", help="unknown references are errors")
    load.add_argument("--no-scores", action="store_true", help="do not refresh the RFM scores")
    load.add_argument("--user", default=None, help="who loads (default: the OS user)")
    load.add_argument(
        "--guests", default="keep", choices=core.GUESTS,
        help="order lines without a customer id: keep them under a guest customer per country (in revenue, "
        "not in customer analytics; the default) or reject them",
    )  # fmt: skip
    load.add_argument("--channel", metavar="NAME", help="the channel of every order line that names none")
    load.add_argument(
        "--channel-group", choices=core.FILE_CHANNEL_GROUPS, help="… or only its group (default: unknown)"
    )
    load.add_argument("--dry-run", action="store_true", help="check every row and write the error report, load nothing")
    hist = sub.add_parser("history")
    hist.add_argument("--limit", type=int, default=20)
    hist.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    try:
        if args.command == "history":
            rows = core.history(args.limit)
            if args.json:
                print(json.dumps(rows, default=str, indent=1))
            for r in [] if args.json else rows:
                print(f"{r['started_at']:%Y-%m-%d %H:%M} {r['actor']:10} {r['entity']:16} {r['status']:8} "
                      f"in={r['rows_in']} loaded={r['rows_loaded']} rejected={r['rows_rejected']} "
                      f"quarantined={r['rows_quarantined']} derived={r['derived']} version={r['warehouse_version']} "
                      f"{r['duration_s'] or 0:.1f}s {r['source']}")  # fmt: skip
            return 0
        source = _source(args)
        mapping = _mapping(args, source)
        if args.command == "detect":
            print(f"{source.label}: {source.kind}, encoding {source.encoding or '-'}, {len(source.columns)} columns")
            _print_mapping(mapping)
            mapping.check(source.columns)
            return 0
        print(f"{source.label}: {source.kind}, encoding {source.encoding or '-'}; mapping:", file=sys.stderr)
        _print_mapping(mapping, sys.stderr)
        validation = core.validate(source, mapping, derive=args.derive, new_warehouse=args.new_warehouse,
                                   progress=core.stderr_progress, currency=args.currency, guests=args.guests,
                                   channel=args.channel, channel_group=args.channel_group)  # fmt: skip
        print(validation.summary(), file=sys.stderr)
        if validation.decisions:
            print("decided from the file: " + ", ".join(f"{k} {v}" for k, v in validation.decisions.items()),
                  file=sys.stderr)  # fmt: skip
        if validation.applied:
            print("defaults the load applies: " + core.applied_text(validation.applied), file=sys.stderr)
        for key, values in validation.notes:  # what the whole file suggests (a response file of another campaign)
            print(t(key, "en", **values), file=sys.stderr)
        if validation.rows_bad and get_entity(mapping.entity).whole_file:
            print(t("import.responses.whole_file", "en"), file=sys.stderr)
        if args.dry_run:
            report = validation.write_error_report() if validation.rows_bad else None
            core.discard(validation)
            print(
                validation.summary() + (f"; error report: {report}" if report else "") + "; nothing loaded (--dry-run)"
            )
            return 0 if validation.ok else 2
        user = args.user or getpass.getuser()
        result = core.load(validation, user, policy=args.policy, new_warehouse=args.new_warehouse,
                           refresh_scores=not args.no_scores, progress=core.stderr_progress, derive=derive)  # fmt: skip
        if args.save_mapping:
            save_mapping(args.save_mapping, mapping, user)
        if result.status == "loaded" and not args.no_scores:
            start_default_runs()  # in the background: this command returns now
        print(result.summary())
        return 0 if result.status == "loaded" else 2
    except ImportProblem as problem:
        print(f"error: {problem}", file=sys.stderr)
        return 1
    except Exception as exc:  # an unexpected failure: the warehouse is untouched, the traceback goes to the log
        logging.getLogger("xrm.importer").debug("import failed", exc_info=True)
        print(f"error: {t('import.failed', 'en', detail=f'({type(exc).__name__}: {exc})')}", file=sys.stderr)
        return 3


if __name__ == "__main__":
    sys.exit(main())

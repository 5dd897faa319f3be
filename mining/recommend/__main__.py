"""Recommendations from the command line.

python -m mining.recommend --as-of YYYY-MM-DD [--k 3] [--method model|bestsellers|popular_new|rules|best] --json
    prints {"<customer_id>": [<product_id>, …], …} for every customer known on that day (an order
    up to it or a sign-up on or before it), using only purchases up to and including that day.
    ``--method best`` backtests the methods over the 90 days before the date and uses the winner.
python -m mining.recommend backtest --as-of YYYY-MM-DD [--k 3] [--horizon 90] --json
    the time-split comparison of the methods (fit up to as-of − horizon, test on the horizon).

The warehouse is the instance's current one (``XRM_INSTANCE``/``XRM_DB``) or ``--db PATH``
(opened read-only). Bad arguments print a message and exit with 2; an unreadable warehouse
exits with 1.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys

import duckdb

from data.warehouse import WarehouseUnavailable, get_warehouse
from mining.errors import MiningError
from mining.recommend.evaluate import METHODS, backtest, recommend_with
from mining.recommend.history import known_customers


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from exc


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m mining.recommend", description=__doc__.split("\n\n")[0])
    p.add_argument("command", nargs="?", default="recommend", choices=("recommend", "backtest"))
    p.add_argument("--as-of", type=_date, required=True, help="last day of data used (YYYY-MM-DD)")
    p.add_argument("--k", type=int, default=3, help="products per customer (1–50)")
    p.add_argument("--method", default="model", choices=(*METHODS, "best"))
    p.add_argument("--horizon", type=int, default=90, help="backtest days (backtest only)")
    p.add_argument("--db", help="a warehouse file to read instead of the instance's")
    p.add_argument("--json", action="store_true", help="print JSON (the only output format)")
    return p


def recommendations(cursor, as_of: dt.date, k: int, method: str) -> dict[str, list[int]]:
    """{customer id: [product id, …]} as of ``as_of`` (best first)."""
    if method == "best":
        method = backtest(cursor, as_of, k)["verdict"]["chosen"]
    recs, _ = recommend_with(cursor, method, as_of, known_customers(cursor, as_of), k)
    recs = recs.sort_values(["customer_id", "rank"], kind="stable")
    out: dict[str, list[int]] = {}
    for customer, product in zip(recs["customer_id"].tolist(), recs["product_id"].tolist(), strict=True):
        out.setdefault(str(int(customer)), []).append(int(product))
    return out


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        cursor = duckdb.connect(args.db, read_only=True) if args.db else get_warehouse().cursor()
    except (WarehouseUnavailable, duckdb.Error) as exc:
        print(f"cannot open the warehouse: {exc}", file=sys.stderr)
        return 1
    try:
        if args.command == "backtest":
            result = backtest(cursor, args.as_of, args.k, horizon_days=args.horizon)
        else:
            result = recommendations(cursor, args.as_of, args.k, args.method)
    except MiningError as exc:
        print(exc.message("en"), file=sys.stderr)
        return 2
    json.dump(result, sys.stdout, separators=(",", ":"), default=str)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())

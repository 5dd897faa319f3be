"""Content hashes of every table of a demo warehouse: proof that a generator change kept its output.

  python bench/demo_hashes.py WAREHOUSE.duckdb [--json OUT.json] [--compare BASELINE.json]

Per table: the row count and a SHA-256 over DuckDB's hash of every row, rows taken in the order of all
their columns (``ORDER BY ALL``) and, separately, in the order they are stored (``rowid``), so a change
of any value or of the insert order shows. ``--compare`` prints each table as same or DIFFERENT and
exits 1 when any differs.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys

import duckdb
import numpy as np


def table_hashes(path: str) -> dict[str, dict]:
    con = duckdb.connect(path, read_only=True)
    try:
        tables = [
            t
            for (t,) in con.execute(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main' ORDER BY 1"
            ).fetchall()
        ]
        out = {}
        for table in tables:
            rows = con.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]
            entry = {"rows": rows}
            names = [
                c
                for (c,) in con.execute(
                    "SELECT column_name FROM information_schema.columns WHERE table_name = ? ORDER BY ordinal_position",
                    [table],
                ).fetchall()
            ]
            by_all = ", ".join(f'"{c}"' for c in names)
            for name, order in (("by_values", by_all), ("stored", "rowid")):
                digest = hashlib.sha256()
                reader = con.sql(f'SELECT hash(t) AS h FROM "{table}" t ORDER BY {order}').to_arrow_reader(1 << 20)
                for batch in reader:
                    digest.update(np.asarray(batch.column(0).to_numpy(zero_copy_only=False), np.uint64).tobytes())
                entry[name] = digest.hexdigest()
            out[table] = entry
        return out
    finally:
        con.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("warehouse")
    parser.add_argument("--json", help="write the hashes to this file")
    parser.add_argument("--compare", help="a JSON file written by --json to compare with")
    args = parser.parse_args(argv)
    hashes = table_hashes(args.warehouse)
    if args.json:
        with open(args.json, "w") as f:
            json.dump(hashes, f, indent=1, sort_keys=True)
    differ = 0
    baseline = json.load(open(args.compare)) if args.compare else None
    for table, h in hashes.items():
        verdict = ""
        if baseline is not None:
            same = baseline.get(table) == h
            differ += not same
            verdict = "same" if same else "DIFFERENT"
        print(f"{table:24} {h['rows']:>12,}  {h['by_values'][:16]}  {h['stored'][:16]}  {verdict}")
    if baseline is not None:
        missing = sorted(set(baseline) - set(hashes))
        for table in missing:
            print(f"{table:24} missing here  DIFFERENT")
        differ += len(missing)
        print(
            f"{len(hashes) - differ + len(missing)} of {len(baseline)} tables the same"
            if not differ
            else f"{differ} table(s) DIFFERENT"
        )
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())

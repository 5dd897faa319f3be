"""Association rules and next-best-product at scale: wall time and peak memory per case.

``python bench/bench_mining_rules.py --scales 1,10``

Each case runs in its own process (so DuckDB's memory counts too): peak RSS is the
process's ru_maxrss, shown with the RSS after imports and opening the warehouse
(the baseline), so the difference is what the case itself needed. NBP cases run
``score_nbp`` end to end (rules, recommendations for every customer, the Parquet run)
into a throw-away instance folder.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import resource
import subprocess
import sys
import tempfile
import time

from common import ROOT, add_scales, bench_pointer, ensure_warehouse, machine

sys.path.insert(0, str(ROOT))

AS_OF = dt.date(2025, 12, 31)
YEAR = {"start": dt.date(2025, 1, 1), "end": AS_OF}

CASES = {
    "rules category / orders, 1 year": {"level": "category", "basket": "order", "min_support": 0.01, **YEAR},
    "rules product / orders, 1 year": {"level": "product", "basket": "order", "min_support": 0.0005, **YEAR},
    "rules product / orders, 3 years": {"level": "product", "basket": "order", "min_support": 0.0002},
    "rules category / customers, 3 years": {"level": "category", "basket": "customer", "min_support": 0.05},
    "rules product / customers, 3 years": {"level": "product", "basket": "customer", "min_support": 0.01},
    "rules product / orders, DE+US B2B": {
        "level": "product",
        "min_support": 0.001,
        "countries": ("Germany", "United States"),
        "customer_types": ("B2B",),
        **YEAR,
    },
    "nbp category, all customers": {"nbp": True, "level": "category", "top_n": 3},
    "nbp product, all customers": {"nbp": True, "level": "product", "min_support": 0.0005, "top_n": 5},
}


def rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def current_rss_mib() -> float:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def run_case(name: str, path: str) -> dict:
    """One case in this process; returns its figures."""
    import duckdb

    from mining.rules import RuleSpec, mine_rules, score_nbp

    con = duckdb.connect(path, read_only=True)
    con.execute("SELECT count(*) FROM fact_order_line").fetchone()
    baseline = current_rss_mib()
    params = dict(CASES[name])
    started = time.perf_counter()
    if params.pop("nbp", False):
        from mining.runs import load_run

        run_id = score_nbp(con, AS_OF, params, "bench")
        elapsed = time.perf_counter() - started
        meta, scores = load_run(run_id)
        detail = f"{meta['metrics']['rules']} rules, {meta['metrics']['customers']} customers, {len(scores)} rows"
    else:
        result = mine_rules(con, RuleSpec(**params, min_lift=1.0, max_rules=1000))
        elapsed = time.perf_counter() - started
        detail = f"{result.n_baskets} baskets, {result.frequent_pairs} frequent pairs, {len(result.rules)} rules"
    return {"seconds": elapsed, "peak_mib": rss_mib(), "baseline_mib": baseline, "detail": detail}


def main() -> None:
    parser = argparse.ArgumentParser()
    add_scales(parser)
    parser.add_argument("--case")
    parser.add_argument("--path")
    args = parser.parse_args()
    if args.case:
        print(json.dumps(run_case(args.case, args.path)))
        return
    print(machine())
    for scale in args.scales:
        pointer = bench_pointer(scale)
        if not pointer.exists():
            pointer = ensure_warehouse(scale)
        path = str(pointer.resolve())
        print(f"\nscale {scale:g}: {path}")
        with tempfile.TemporaryDirectory(prefix="xrm-bench-rules-") as instance:
            env = {**os.environ, "XRM_INSTANCE": instance, "XRM_DB": os.path.join(instance, "xrm.duckdb")}
            env.pop("XRM_STORE_URL", None)
            for name in CASES:
                out = subprocess.run(
                    [sys.executable, __file__, "--case", name, "--path", path],
                    capture_output=True,
                    text=True,
                    env=env,
                    cwd=ROOT,
                )
                if out.returncode:
                    print(f"  {name:40s} FAILED\n{out.stderr[-2000:]}")
                    continue
                r = json.loads(out.stdout.strip().splitlines()[-1])
                print(
                    f"  {name:40s} {r['seconds']:7.2f} s   peak {r['peak_mib']:7.0f} MiB"
                    f" (baseline {r['baseline_mib']:4.0f})   {r['detail']}",
                    flush=True,
                )


if __name__ == "__main__":
    main()

"""Recommendations at scale: all customers' products (the CLI's work) and the backtest per method.

``XRM_INSTANCE=/tmp/cmp-inst python bench/bench_recommend.py --scales 1,10``

Each case runs in its own process (DuckDB's memory counts too): wall time, peak RSS (ru_maxrss)
and the RSS after imports and opening the warehouse. Cases:

- ``recommend``: ``mining.recommend.__main__.recommendations`` as of the data's last day — read the
  history, tune the blend on the 90 days before, fit, score every known customer (what
  ``python -m mining.recommend --as-of … --k 3 --json`` does, without printing);
- ``backtest``: ``mining.recommend.evaluate.backtest`` — every method fitted 90 days before the last
  day and checked on those 90 days: hit rate, precision, recall @3 and coverage per method;
- ``serve_cold``: ``mining.recommend.serve.kept_model`` in a fresh process with an empty result cache
  (read, tune, fit, store the model for this warehouse version);
- ``serve_warm``: another fresh process on that cache, as a server process would be: one customer's
  products on the first request (the model read from the shared cache) and then for 20 random
  customers (median, max), and every customer's (``all_recommendations``) first and second time.

``cpu`` is the process's CPU seconds (all threads) and ``load`` the 1-minute load average at the
start: on a shared machine the wall time is the CPU time stretched by others' work.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time

from common import ROOT, add_scales, bench_pointer, ensure_warehouse, machine

sys.path.insert(0, str(ROOT))


def _rss_mib() -> float:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def child(case: str, scale: float, cache_dir: str) -> None:
    import os

    from data.warehouse import Warehouse
    from olap import engine

    engine.use_cache_directory(cache_dir)  # a throw-away result cache: the bench instance stays read-only
    load = os.getloadavg()[0]
    cpu0 = time.process_time()
    warehouse = Warehouse(bench_pointer(scale))
    cursor = warehouse.cursor()
    as_of = cursor.execute("SELECT max(order_ts)::DATE FROM fact_order_line").fetchone()[0]
    base = _rss_mib()
    start = time.perf_counter()
    if case.startswith("serve"):
        result = serve_case(case, warehouse, as_of)
    elif case == "recommend":
        from mining.recommend.__main__ import recommendations

        out = recommendations(cursor, as_of, 3, "model")
        result = {"customers": len(out), "recommendations": sum(len(v) for v in out.values())}
    else:
        from mining.recommend.evaluate import backtest

        check = backtest(cursor, as_of, 3)
        result = {
            "cutoff": check["cutoff"],
            "customers": check["customers"],
            "methods": check["methods"],
            "verdict": check["verdict"],
            "params": check["tuning"]["params"],
        }
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    result |= {"cpu": round(time.process_time() - cpu0, 1), "load": round(load, 1)}
    print(json.dumps({"seconds": seconds, "peak_mib": peak, "base_mib": base, "as_of": str(as_of), **result},
                     default=str))  # fmt: skip


def serve_case(case: str, warehouse, as_of) -> dict:
    import numpy as np

    from mining.recommend import serve

    if case == "serve_cold":
        model, tuning = serve.kept_model(as_of, 3, warehouse=warehouse)
        return {"customers_fitted": len(model.customers_), "params": tuning["params"]}
    ids = warehouse.cursor().execute("SELECT customer_id FROM dim_customer").df()["customer_id"].to_numpy()
    pick = np.random.default_rng(0).choice(ids, 21, replace=False)
    t = time.perf_counter()
    serve.recommend_for(pick[:1], as_of, 3, warehouse=warehouse)
    first = time.perf_counter() - t
    times = []
    for customer in pick[1:]:
        t = time.perf_counter()
        serve.recommend_for([customer], as_of, 3, warehouse=warehouse)
        times.append(time.perf_counter() - t)
    t = time.perf_counter()
    everyone = serve.all_recommendations(as_of, 3, warehouse=warehouse)
    all_first = time.perf_counter() - t
    t = time.perf_counter()
    serve.all_recommendations(as_of, 3, warehouse=warehouse)
    all_again = time.perf_counter() - t
    return {"one_first": first, "one_median": float(np.median(times)), "one_max": max(times),
            "all_first": all_first, "all_again": all_again, "customers": int(everyone["customer_id"].nunique())}  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    add_scales(parser)
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    parser.add_argument("--cases", default="recommend,backtest,serve_cold,serve_warm", help="comma-separated cases")
    args = parser.parse_args()
    if args.child:
        child(args.child[0], float(args.child[1]), args.child[2])
        return
    import tempfile

    print(machine())
    for scale in args.scales:
        ensure_warehouse(scale)
        cache_dir = tempfile.mkdtemp(prefix="xrm-bench-reco-")  # serve_warm reads what serve_cold kept
        for case in args.cases.split(","):
            done = subprocess.run(
                [sys.executable, __file__, "--child", case, str(scale), cache_dir],
                capture_output=True, text=True, check=False,
            )  # fmt: skip
            if done.returncode != 0:
                print(f"scale {scale:g} {case}: failed\n{done.stderr[-2000:]}")
                continue
            r = json.loads(done.stdout.strip().splitlines()[-1])
            print(f"scale {scale:g}  {case:10s}  {r['seconds']:6.1f} s   cpu {r['cpu']:6.1f} s   load {r['load']:4.1f}"
                  f"   peak RSS {r['peak_mib']:6.0f} MiB (after opening {r['base_mib']:.0f} MiB)   as of {r['as_of']}")  # fmt: skip
            if case == "serve_cold":
                print(f"    model kept for {r['customers_fitted']:,} customers with a history; blend {r['params']}")
            elif case == "serve_warm":
                print(
                    f"    one customer: first request {r['one_first'] * 1000:.0f} ms (model read from the cache), then "
                    f"median {r['one_median'] * 1000:.0f} ms, max {r['one_max'] * 1000:.0f} ms (n=20)"
                )
                print(
                    f"    all {r['customers']:,} customers: first {r['all_first']:.2f} s, again {r['all_again']:.2f} s"
                )
            elif case == "recommend":
                print(f"    {r['customers']:,} customers, {r['recommendations']:,} recommendations")
            else:
                print(
                    f"    backtest: fit up to {r['cutoff']}, {r['customers']:,} customers who bought in the next 90 days"
                )
                for name, m in r["methods"].items():
                    print(f"    {name:12s} hit@3 {m['hit_rate']:6.1%}  precision@3 {m['precision']:6.1%}  "
                          f"recall@3 {m['recall']:6.1%}  coverage {m['coverage']:6.1%}")  # fmt: skip
                v = r["verdict"]
                print(f"    verdict: baseline {v['baseline']}, model/baseline {v['ratio']:.3f}×, beats {v['beats']}, "
                      f"meets 1.2× {v['meets_target']}, chosen {v['chosen']}; blend {r['params']}")  # fmt: skip


if __name__ == "__main__":
    main()

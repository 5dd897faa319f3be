"""Recommendations at scale: all customers' products (the CLI's work) and the backtest per method.

``XRM_INSTANCE=/tmp/cmp-inst python bench/bench_recommend.py --scales 1,10``

Each case runs in its own process (DuckDB's memory counts too): wall time, peak RSS (ru_maxrss)
and the RSS after imports and opening the warehouse. Cases:

- ``recommend``: ``mining.recommend.__main__.recommendations`` as of the data's last day — read the
  history, tune the blend on the 90 days before, fit, score every known customer (what
  ``python -m mining.recommend --as-of … --k 3 --json`` does, without printing);
- ``backtest``: ``mining.recommend.evaluate.backtest`` — every method fitted 90 days before the last
  day and checked on those 90 days: hit rate, precision, recall @3 and coverage per method.
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


def child(case: str, scale: float) -> None:
    from data.warehouse import Warehouse

    cursor = Warehouse(bench_pointer(scale)).cursor()
    as_of = cursor.execute("SELECT max(order_ts)::DATE FROM fact_order_line").fetchone()[0]
    base = _rss_mib()
    start = time.perf_counter()
    if case == "recommend":
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
    print(json.dumps({"seconds": seconds, "peak_mib": peak, "base_mib": base, "as_of": str(as_of), **result},
                     default=str))  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    add_scales(parser)
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child[0], float(args.child[1]))
        return
    print(machine())
    for scale in args.scales:
        ensure_warehouse(scale)
        for case in ("recommend", "backtest"):
            done = subprocess.run(
                [sys.executable, __file__, "--child", case, str(scale)], capture_output=True, text=True, check=False
            )
            if done.returncode != 0:
                print(f"scale {scale:g} {case}: failed\n{done.stderr[-2000:]}")
                continue
            r = json.loads(done.stdout.strip().splitlines()[-1])
            print(f"scale {scale:g}  {case:9s}  {r['seconds']:6.1f} s   peak RSS {r['peak_mib']:6.0f} MiB "
                  f"(after opening {r['base_mib']:.0f} MiB)   as of {r['as_of']}")  # fmt: skip
            if case == "recommend":
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

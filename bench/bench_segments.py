"""Segment builder: building the segment base once, then counting a segment as rules change.

``python bench/bench_segments.py --scales 1,10``
"""

from __future__ import annotations

import argparse
import random
import resource
import sys
import time

from common import ROOT, add_scales, ensure_warehouse, machine, summary

sys.path.insert(0, str(ROOT))


def definitions(base, n: int, seed: int):
    """``n`` rule sets as a marketer edits them: one rule more, one changed, a group added."""
    from crm.segments import field_values

    rng = random.Random(seed)
    countries = field_values(base, "country")
    categories = field_values(base, "categories_bought")
    pool = [
        lambda: {"field": "country", "cmp": "in", "value": rng.sample(countries, k=min(3, len(countries)))},
        lambda: {"field": "revenue", "cmp": ">=", "value": rng.choice([100, 1000, 5000])},
        lambda: {"field": "recency_days", "cmp": "<=", "value": rng.choice([30, 90, 365])},
        lambda: {"field": "orders", "cmp": "between", "value": [2, rng.choice([5, 10, 50])]},
        lambda: {"field": "categories_bought", "cmp": "in", "value": rng.sample(categories, k=2)},
        lambda: {"field": "customer_type", "cmp": "in", "value": [rng.choice(["B2B", "B2C"])]},
        lambda: {"field": "online_share", "cmp": ">", "value": rng.random()},
    ]
    rules: list = []
    for _ in range(n):
        if len(rules) < 2 or rng.random() < 0.5:
            rules.append(rng.choice(pool)())
        elif rng.random() < 0.5:
            rules[rng.randrange(len(rules))] = rng.choice(pool)()
        else:
            rules.append({"op": "or", "rules": [rng.choice(pool)(), rng.choice(pool)()]})
        if len(rules) > 6:
            rules = rules[-3:]
        yield {"op": "and", "rules": list(rules)}


def main() -> None:
    parser = argparse.ArgumentParser()
    add_scales(parser)
    parser.add_argument("--n", type=int, default=200)
    args = parser.parse_args()
    print(machine())
    from crm.segments import segment_base, summarise
    from data.warehouse import Warehouse

    for scale in args.scales:
        warehouse = Warehouse(ensure_warehouse(scale))
        started = time.perf_counter()
        base = segment_base(warehouse)
        built = time.perf_counter() - started
        times = []
        for definition in definitions(base, args.n, 5):
            started = time.perf_counter()
            summarise(definition, base)
            times.append(time.perf_counter() - started)
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"\nscale {scale:g}: {len(base.frame):,} customers")
        print(f"  segment base built once per data version: {built:.2f} s (process peak RSS {peak:.0f} MiB)")
        print(f"  live count + value of a segment         {summary(times)}")


if __name__ == "__main__":
    main()

"""Clustering benchmark: K-means with the choice of k (k = 2..10) and the SOM on all customers.

``python bench/bench_mining_cluster.py --scales 1,10``

Each (scale, method) runs in its own process so its peak memory (ru_maxrss) is its own;
the line also shows the resident memory right after reading the customer features, so the
clustering's own share is visible. Nothing is stored (no scoring run is written).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import resource
import subprocess
import sys
import time

import numpy as np
from common import ROOT, add_scales, ensure_warehouse, machine

sys.path.insert(0, str(ROOT))

AS_OF = dt.date(2025, 12, 31)
SETS = ["rfm", "category_mix", "channel_mix", "service"]


def _rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def child(scale: float, method: str) -> dict:
    """One measured run; returns step timings (s) and memory (MiB)."""
    import sklearn.cluster  # noqa: F401  imported before timing: the first import is not the work
    import sklearn.metrics  # noqa: F401
    import sklearn.tree  # noqa: F401

    from data.warehouse import Warehouse
    from mining import clustering
    from mining.features import customer_features
    from mining.som import SOM

    timings: dict[str, float] = {}

    def timed(name, fn, *args, **kwargs):
        started = time.perf_counter()
        out = fn(*args, **kwargs)
        timings[name] = time.perf_counter() - started
        return out

    cursor = Warehouse(ensure_warehouse(scale)).cursor()
    features = timed("features", customer_features, cursor, AS_OF)
    after_features = _rss_mib()
    prepared = timed("prepare", clustering.prepare, features, SETS, "standard")
    X = prepared.X
    info: dict = {"customers": len(features), "features": len(prepared.columns)}
    if method == "kmeans":
        choice = timed("choose_k 2..10", clustering.choose_k, X, range(2, 11), 0)
        k = choice.suggested_k
        fit = timed(f"fit k={k}", clustering.fit_kmeans, X, k, 0)
        labels = fit.labels
        info.update(k=k, algorithm=fit.algorithm, silhouette=round(float(choice.table["silhouette"].max()), 3))
    else:
        som = timed("SOM 10x10 fit (20 epochs)", SOM(10, 10, epochs=20, random_state=0).fit, X)
        bmu = timed("winners", som.winners, X)
        info["quantization_error"] = round(timed("quantization error", som.quantization_error, X), 3)
        info["topographic_error"] = round(timed("topographic error", som.topographic_error, X), 3)
        units = timed("cluster units k=5", som.cluster_units, 5, np.bincount(bmu, minlength=100))
        labels = units[bmu]
    timed("profiles", clustering.profiles, prepared.raw, labels, features["revenue"])
    timed("pca_2d", clustering.pca_2d, X, labels, 0)
    explanation = timed("explain (depth 3)", clustering.explain, prepared.raw, labels, 3, 0)
    info["fidelity"] = round(explanation.fidelity, 3)
    clustering_total = sum(v for name, v in timings.items() if name != "features")
    return {
        "timings": timings,
        "clustering_total": clustering_total,
        "rss_after_features": after_features,
        "peak_rss": _rss_mib(),
        **info,
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    add_scales(parser)
    parser.add_argument("--child", nargs=2, metavar=("SCALE", "METHOD"))
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(float(args.child[0]), args.child[1])))
        return
    print(machine())
    for scale in args.scales:
        ensure_warehouse(scale)
        for method in ("kmeans", "som"):
            started = time.perf_counter()
            out = subprocess.run(
                [sys.executable, __file__, "--child", f"{scale:g}", method],
                capture_output=True,
                text=True,
                check=True,
            )
            wall = time.perf_counter() - started
            result = json.loads(out.stdout.strip().splitlines()[-1])
            extra = {
                k: v
                for k, v in result.items()
                if k not in ("timings", "clustering_total", "rss_after_features", "peak_rss")
            }
            print(f"\nscale {scale:g} · {method}: {extra}")
            for name, seconds in result["timings"].items():
                print(f"  {name:<28} {seconds:8.2f} s")
            print(
                f"  clustering total (without features) {result['clustering_total']:.2f} s; "
                f"process wall {wall:.1f} s; RSS after features {result['rss_after_features']:.0f} MiB, "
                f"peak RSS {result['peak_rss']:.0f} MiB"
            )


if __name__ == "__main__":
    main()

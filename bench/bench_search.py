"""The top bar's search at scale: p50/p95 of one search (every kind a role may open) per scale.

``XRM_INSTANCE=/tmp/b2 python bench/bench_search.py --scales 1,10``

Texts are drawn from the warehouse itself (surnames, e-mail fragments, companies, product words,
SKUs, partner words, ids) plus a few that match nothing; each is searched as an administrator (all
kinds, no partner scope) and as a partner manager scoped to a third of the partners. The
operational store is a temporary SQLite file (a few saved views and segments), so the bench
instance's own store is never written.
"""

from __future__ import annotations

import argparse
import os
import random
import tempfile
import time

os.environ.setdefault("XRM_STORE_URL", f"sqlite:///{tempfile.mkdtemp(prefix='xrm-bench-search-')}/store.db")

from common import add_scales, bench_pointer, machine, summary  # noqa: E402


def texts(cursor, n: int, rng: random.Random) -> list[str]:
    names = [r[0] for r in cursor.execute("SELECT name FROM dim_customer USING SAMPLE 200 ROWS").fetchall()]
    emails = [r[0] for r in cursor.execute("SELECT email FROM dim_customer USING SAMPLE 100 ROWS").fetchall() if r[0]]
    ids = [str(r[0]) for r in cursor.execute("SELECT customer_id FROM dim_customer USING SAMPLE 50 ROWS").fetchall()]
    products = [r for r in cursor.execute("SELECT name, sku FROM dim_product USING SAMPLE 100 ROWS").fetchall()]
    partners = [r[0] for r in cursor.execute("SELECT name FROM dim_partner").fetchall()]
    pool = (
        [x.split()[-1] for x in names]
        + [x.split("@")[0][:6] for x in emails]
        + ids
        + [p[0].split()[0] for p in products]
        + [p[1] for p in products]
        + [x.split()[0] for x in partners]
        + ["zzqq", "no such thing", "'; DROP TABLE x; --", "%", "김"]
    )
    return [rng.choice(pool) for _ in range(n)]


def run(scale: float, n: int) -> None:
    from crm import saved_views
    from crm.search import KINDS, SearchRequest, search
    from data.warehouse import Warehouse
    from olap.scope import scoped

    cursor = Warehouse(bench_pointer(scale)).cursor()
    customers = cursor.execute("SELECT count(*) FROM dim_customer").fetchone()[0]
    for i in range(20):
        saved_views.save_view(
            "bench", f"View {scale:g}-{i}", f"/explore?m=revenue&r=geo.region&p=202{i % 5}", ["analyst"]
        )
    rng = random.Random(7)
    queries = texts(cursor, n, rng)
    pids = [r[0] for r in cursor.execute("SELECT partner_id FROM dim_partner ORDER BY partner_id").fetchall()]
    pages = (("Dashboard", "/"), ("Explore", "/explore"), ("Customer 360", "/customers"), ("Glossary", "/glossary"))
    for q in queries[:5]:  # warm the connection and DuckDB's caches
        search(cursor, SearchRequest(q, "admin", "admin", KINDS, pages))
    print(f"scale {scale:g}: {customers:,} customers, {len(pids)} partners, {n} searches per role")
    for label, role, scope in (("admin (all kinds)", "admin", None), ("partner manager", "partner_manager", pids[::3])):
        times = []
        with scoped(scope):
            for q in queries:
                start = time.perf_counter()
                search(cursor, SearchRequest(q, "bench", role, KINDS, pages))
                times.append(time.perf_counter() - start)
        print(f"  {label:20s} {summary(times)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_scales(parser)
    parser.add_argument("--n", type=int, default=200, help="searches per role and scale")
    args = parser.parse_args()
    print(machine())
    for scale in args.scales:
        run(scale, args.n)


if __name__ == "__main__":
    main()

"""What one delivery and one alert evaluation cost, per scale: the view's CSV (Explore, Dashboard,
Analyses), the PNG (plotly.js in the system Chromium), an alert's KPI value, and how fast the store
hands out claims. Warehouses are read only; the store is a scratch SQLite file.

    XRM_INSTANCE=/tmp/b3 .venv/bin/python bench/bench_deliver.py --scales 1,10
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import tempfile
import time

from common import add_scales, bench_pointer, machine, summary

VIEWS = {
    "explore revenue by region, L12M": ("/explore", "m=revenue&r=geo.region&p=L12M"),
    "explore orders by month x channel, L12M": (
        "/explore",
        "m=orders&m=revenue&r=time.month&f.channel.group=online&p=L12M",
    ),
    "dashboard, L12M, Europe": ("/", "p=L12M&f.geo.region=Europe"),
    "analyses cohorts, L12M": ("/analyses", "a=cohorts&p=L12M"),
}


def timed(fn, repeat: int) -> tuple[list[float], object]:
    times, out = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - start)
    return times, out


def one_scale(scale: float, repeat: int) -> None:
    from crm.notify import alerts, content
    from crm.saved_views import SavedView
    from data.warehouse import use_warehouse
    from jobs import deliver
    from olap.catalog import catalog
    from olap.engine import clear_cache

    pointer = bench_pointer(scale)
    print(f"\nscale {scale:g}: {pointer.resolve()}")
    with use_warehouse(pointer) as reader:
        for label, (path, query) in VIEWS.items():
            view = SavedView(1, label, path, query, "bench", (), dt.datetime.now(), None, None)

            def csv_cold(view=view):
                clear_cache()  # a scheduled delivery seldom finds its answer cached
                return content.content_csv(content.view_content(view, None, "en"))

            times, body = timed(csv_cold, repeat)
            print(f"  CSV  {label:42s} {summary(times)}  {len(body) / 1024:8.1f} KiB")
        data = content.view_content(
            SavedView(1, "x", *VIEWS["explore revenue by region, L12M"], "b", (), dt.datetime.now(), None, None),
            None,
            "ko",
        )
        times, png = timed(lambda: deliver.render_png(content.figure(data, "ko")), max(3, repeat // 2))
        print(
            f"  PNG  {'explore revenue by region (Chromium start incl.)':42s} {summary(times)}  {len(png) / 1024:8.1f} KiB"
        )
        cat = catalog(reader)
        for kpi, period in (("online_share", "last_month"), ("revenue", "L12M"), ("active_customers", "last_quarter")):
            alert = alerts.Alert(1, "bench", kpi, "below", 0.45, period, "Europe", None, False, True, "unknown",
                                 None, None, None, None, None)  # fmt: skip

            def evaluate(alert=alert):
                clear_cache()
                return alerts.evaluate(reader.cursor(), alert, cat)

            times, result = timed(evaluate, repeat)
            print(f"  alert {kpi + ' ' + period + ', Europe':41s} {summary(times)}  value {result.value:.4g}")


def claims(rows: int) -> None:
    """Claim throughput of the store (SQLite, WAL): ``rows`` due subscriptions claimed in one pass."""
    os.environ["XRM_STORE_URL"] = f"sqlite:///{tempfile.mkdtemp(prefix='xrm-bench-store-')}/store.sqlite"
    from crm.notify import subscriptions as subs
    from data import opstore
    from jobs import deliver

    s = opstore.subscriptions
    past = subs.now() - dt.timedelta(minutes=1)
    rows_in = [dict(view_id=1, owner="bench", recipients="[]", formats="csv", kind="daily", hour=8, minute=0,
                    zone="UTC", status="active", next_run_at=past) for _ in range(rows)]  # fmt: skip
    with opstore.engine().begin() as con:
        con.execute(s.insert(), rows_in)
    start = time.perf_counter()
    got = deliver.due_subscriptions(subs.now())
    took = time.perf_counter() - start
    print(
        f"\nclaims: {len(got)} due subscriptions claimed in {took * 1000:.0f} ms ({took / len(got) * 1000:.2f} ms each)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    add_scales(parser)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    print(machine())
    for scale in args.scales:
        one_scale(scale, args.repeat)
    claims(500)


if __name__ == "__main__":
    main()

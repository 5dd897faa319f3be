"""Explore in headless Chromium: time from a click on a bar to the redrawn drill-down chart.

Starts the real app (``python app.py``) on the scale-N benchmark warehouse with its own
instance folder, signs in, and repeats: open regions, click the biggest region's bar, wait
until the chart shows that region's countries. Reports median and p95 per scale.

  python bench/bench_explore_browser.py --scales 1,10 --n 15
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

from common import ROOT, add_scales, ensure_warehouse, environment, machine, summary

sys.path.insert(0, str(ROOT))

PASSWORD = "bench-password-1"


def run(scale: float, n: int) -> None:
    import duckdb

    from tests.apprun import CHROMIUM_ARGS, AppProcess

    pointer = ensure_warehouse(scale)
    con = duckdb.connect(str(Path(pointer).resolve()), read_only=True)
    top_region, top_country = con.execute(
        """WITH r AS (SELECT c.region, sum(f.revenue) v FROM fact_order_line f JOIN dim_customer c USING (customer_id)
                      WHERE f.order_ts >= '2025-01-01' GROUP BY 1 ORDER BY v DESC LIMIT 1)
           SELECT r.region, (SELECT c.country FROM fact_order_line f JOIN dim_customer c USING (customer_id)
                             WHERE f.order_ts >= '2025-01-01' AND c.region = r.region
                             GROUP BY 1 ORDER BY sum(f.revenue) DESC LIMIT 1) FROM r"""
    ).fetchall()[0]
    con.close()
    instance = tempfile.mkdtemp(prefix="xrm-bench-browser-")
    env = {"XRM_INSTANCE": instance, "XRM_DB": str(pointer), "XRM_SECRET_KEY": "bench", "XRM_DEMO_PASSWORD": PASSWORD}
    with environment(env):
        from auth import users

        if users.get_user("bench") is None:
            users.add_user("bench", PASSWORD, "analyst")
        from playwright.sync_api import sync_playwright

        with AppProcess(env) as app, sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.goto(app.url + "/login")
            page.fill("#username", "bench")
            page.fill("#password", PASSWORD)
            page.click("#login-submit")
            times = []
            for i in range(n + 1):
                page.goto(app.url + "/explore?r=geo.region&p=2025")
                page.wait_for_selector("#explore-graph .bars .point path", timeout=60000)
                bars = page.locator("#explore-graph .bars .point path")
                box = bars.nth(bars.count() - 1).bounding_box()
                started = time.perf_counter()
                page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
                page.wait_for_function(
                    "name => [...document.querySelectorAll('#explore-graph .ytick text')]"
                    ".some(t => t.textContent === name)",
                    arg=top_country,
                    timeout=60000,
                )
                if i:  # the first round warms up the browser and the caches
                    times.append(time.perf_counter() - started)
            browser.close()
        print(f"scale {scale:g}: click on {top_region} -> chart of its countries redrawn")
        print(f"  click to redrawn chart : {summary(times)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    add_scales(parser)
    parser.add_argument("--n", type=int, default=15)
    args = parser.parse_args()
    print(machine())
    for scale in args.scales:
        run(scale, args.n)


if __name__ == "__main__":
    main()

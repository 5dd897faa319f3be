"""First paint in headless Chromium: the dashboard (``/``) and Explore against the floor page.

One run, interleaved round by round: XRM's home page (the executive dashboard) and an Explore view
(revenue by region for 2025), and the floor page (``click_apps.py --mode floor``: a minimal Dash app
drawing a precomputed chart). Each round opens the page in the same browser tab (its files cached, as
a returning user's) and stops the clock when every chart on the page is drawn and nothing is loading
any more; the first visit of each page in a fresh browser context gives the page weight (bytes
transferred, compressed as sent, and the files' own size).

  XRM_INSTANCE=/tmp/cmp-inst python bench/bench_first_paint.py --scales 1,10 --n 10

Target (issue 15): the dashboard's and Explore's time to drawn charts <= 1.25x the floor page's. Two
floors: the one-chart floor page, and each page's *fair* floor (``click_apps.py --mode fair``): a Dash
app with no callbacks whose layout holds that very page's cards, figures and grid rows, dumped from XRM
at bench start; the ratio to it is XRM's overhead over a page of the same charts. And a third: each page
*served static* (``click_apps.py --mode static``): XRM's own answer to ``/_dash-layout`` for that page
(navigation, filters, controls, charts and grid rows) from an app with no callbacks; the ratio to it is
XRM's machinery alone (the layout built per request, the callbacks the page fires, the login).
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import os
import sys
import tempfile
import time
from pathlib import Path

from bench_explore_click import PASSWORD, Served, p
from common import ROOT, add_scales, bench_pointer, ensure_warehouse, environment, machine, sign_in

sys.path.insert(0, str(ROOT))

# Every graph drawn (a plot area with its traces) and no graph or grid still loading (nor the page
# itself): what loads after the charts on purpose (the dashboard's partner and campaign cards, Explore's
# insights) is not waited for.
DRAWN = """() => {
  const graphs = [...document.querySelectorAll('.dash-graph')];
  if (!graphs.length) return false;
  const drawn = graphs.every(g => g.offsetParent === null || g.querySelector('.main-svg .plot, .main-svg .trace'));
  const busy = [...document.querySelectorAll('[data-dash-is-loading="true"]')].some(
    e => e.matches('.dash-graph, .ag-root-wrapper') || e.querySelector('.dash-graph, .ag-root-wrapper'));
  return drawn && !busy && !document.querySelector('._dash-loading');
}"""
WEIGHT = """() => {
  const entries = [...performance.getEntriesByType('navigation'), ...performance.getEntriesByType('resource')];
  return [entries.reduce((s, e) => s + (e.transferSize || 0), 0), entries.reduce((s, e) => s + (e.decodedBodySize || 0), 0),
          entries.length];
}"""


def open_and_wait(page, url: str) -> float:
    started = time.perf_counter()
    page.goto(url)
    page.wait_for_function(DRAWN, timeout=120000, polling=16)
    return (time.perf_counter() - started) * 1000


EXPLORE = "/explore?r=geo.region&p=2025"
FAIR = {  # XRM's pages (and the same pages of the checkout given as --before), each with its fair floor
    "XRM dashboard (/)": "fair floor (/)",
    "XRM Explore": "fair floor Explore",
    "before: dashboard (/)": "fair floor (/)",
    "before: Explore": "fair floor Explore",
    "XRM dashboard, new state": "fair floor (/)",
    "before: dashboard, new state": "fair floor (/)",
}
STATIC = {"XRM dashboard (/)": "static (/)", "XRM Explore": "static Explore"}  # each page, served static


def layouts_as_served(browser, url: str, folder: Path) -> dict[str, Path]:
    """XRM's ``/_dash-layout`` for the dashboard and ``EXPLORE``, as a signed-in person gets them once each
    page was opened (its numbers kept), written for the static pages."""
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    sign_in(page, url, "bench", PASSWORD)
    files = {}
    for name, at in (("static (/)", "/"), ("static Explore", EXPLORE)):
        open_and_wait(page, url + at)
        text = page.evaluate("(at) => fetch('/_dash-layout?xrm_at=' + encodeURIComponent(at)).then(r => r.text())", at)
        files[name] = folder / f"layout-{len(files)}.json"
        files[name].write_text(text)
    page.close()
    return files


def dump_pages(pointer: Path, path: Path) -> None:
    """The dashboard's (default state) and Explore's (``EXPLORE``) cards, figures and grid rows, as XRM
    builds them in English, written to ``path`` for the fair floor pages."""
    import json
    from urllib.parse import parse_qs, urlsplit

    from plotly.utils import PlotlyJSONEncoder

    from callbacks.executive import dashboard_outputs
    from components.explore_page import read_state
    from components.explore_view import first_chart
    from data.warehouse import use_warehouse
    from olap.catalog import catalog
    from olap.dashboard import DashboardState

    with use_warehouse(pointer) as warehouse:
        state = DashboardState.from_query({}, catalog(warehouse))
        _, _, cards, trend, regions, countries, customers, ccols, products, pcols = dashboard_outputs(
            state, "en", warehouse
        )
        query = {k: v[0] if len(v) == 1 else v for k, v in parse_qs(urlsplit(EXPLORE).query).items()}
        figure, _style, rows, columns, _ = first_chart(read_state(query), "en")
    pages = {
        "dashboard": {
            "cards": cards,
            "figures": [[trend, "320px"], [regions, "380px"], [countries, "380px"]],
            "grids": [[customers, ccols], [products, pcols]],
        },
        "explore": {"figures": [[figure, "420px"]], "grids": [[rows, columns]]},
    }
    path.write_text(json.dumps(pages, cls=PlotlyJSONEncoder))


def new_states(first: int, n: int) -> list[str]:
    """``n`` dashboard addresses no one has opened (months, then quarters, each filtered by customer
    type): a first visitor's page, its numbers not kept yet. Each app gets its own (``first``): the two
    apps of a ``--before`` run share the result cache."""
    from olap.period import period_tokens

    bench_data = dt.date(2023, 1, 1), dt.date(2025, 12, 31)  # the demo warehouses' years
    tokens = [t for t in period_tokens(*bench_data) if len(t) > 4]
    states = [f"/?p={t}&ctype={c}" for c in ("B2C", "B2B") for t in tokens]
    return states[first::2][:n]


def run(scale: float, n: int, before: str | None = None, cold: bool = False) -> None:
    from playwright.sync_api import sync_playwright

    from tests.apprun import CHROMIUM_ARGS, AppProcess

    pointer = bench_pointer(scale)
    pointer = pointer if pointer.exists() else ensure_warehouse(scale)
    db = str(Path(pointer).resolve())
    instance = tempfile.mkdtemp(prefix="xrm-bench-paint-")
    env = {"XRM_INSTANCE": instance, "XRM_DB": str(pointer), "XRM_SECRET_KEY": "bench", "XRM_AUTO_RUNS": "0"}
    with environment(env):
        from auth import users

        if users.get_user("bench") is None:
            users.add_user("bench", PASSWORD, "executive")
        dump = Path(instance) / "pages.json"
        dump_pages(pointer, dump)
        fair = ("--layout", str(dump), "--assets", str(ROOT / "assets"), "--page")  # + the page
        earlier = [sys.executable, str(Path(before).resolve() / "app.py")] if before else None
        with (
            AppProcess(env) as xrm,
            AppProcess(env, earlier) if before else contextlib.nullcontext() as old,
            Served("floor", db) as floor,
            Served("fair", db, *fair, "dashboard") as fair_dashboard,
            Served("fair", db, *fair, "explore") as fair_explore,
            contextlib.ExitStack() as static,  # the pages served static, once XRM has given their layouts
            sync_playwright() as pw,
        ):
            browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
            served = {name: static.enter_context(Served("static", db, "--layout", str(path), "--assets", str(ROOT / "assets")))
                      for name, path in layouts_as_served(browser, xrm.url, Path(instance)).items()}  # fmt: skip
            pages = {
                "floor page": floor.url + "/?from=2025-01-01&to=2025-12-31",
                "fair floor (/)": fair_dashboard.url + "/",
                "fair floor Explore": fair_explore.url + "/",
                "XRM dashboard (/)": xrm.url + "/",
                "XRM Explore": xrm.url + EXPLORE,
                **{name: app.url + "/" for name, app in served.items()},
            }
            if old is not None:  # the same pages from another checkout (the code before a change), same run
                pages |= {"before: dashboard (/)": old.url + "/", "before: Explore": old.url + EXPLORE}
            unseen = {}  # a first visitor's dashboard: a state whose numbers are not kept (one per round)
            if cold:
                unseen["XRM dashboard, new state"] = [xrm.url + u for u in new_states(0, n + 1)]
                if old is not None:
                    unseen["before: dashboard, new state"] = [old.url + u for u in new_states(1, n + 1)]
            weights, drawn = {}, {}
            for name, url in pages.items():  # first visit, fresh context: what the page weighs
                context = browser.new_context(viewport={"width": 1400, "height": 1000})
                page = context.new_page()
                if name in FAIR:  # one of XRM's pages (the same secret key: one sign-in serves both apps)
                    sign_in(page, xrm.url, "bench", PASSWORD)
                # the page's own weight: nothing kept from the sign-in page
                context.new_cdp_session(page).send("Network.clearBrowserCache")
                open_and_wait(page, url)
                weights[name] = page.evaluate(WEIGHT)
                drawn[name] = page.evaluate(
                    "() => [document.querySelectorAll('.dash-graph').length, document.querySelectorAll('.ag-root').length]"
                )
                context.close()
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            sign_in(page, xrm.url, "bench", PASSWORD)
            times: dict[str, list[float]] = {}
            for i in range(n + 1):  # round 0 warms caches up, unmeasured
                for name, url in [*pages.items(), *((name, urls[i]) for name, urls in unseen.items())]:
                    ms = open_and_wait(page, url)
                    if i:
                        times.setdefault(name, []).append(ms)
            browser.close()
    base = p(times["floor page"], 0.95)
    print(f"\nscale {scale:g}: open the page -> every chart drawn, n={n} (returning visitor, files cached);"
          f" load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}")  # fmt: skip
    for name, ms in times.items():
        weight = ""
        if name in weights:
            sent, size, files = weights[name]
            weight = f"   first visit: {sent / 1024:7.0f} KiB sent, {size / 1024:7.0f} KiB of files, {files} requests;"
            weight += f" {drawn[name][0]} charts, {drawn[name][1]} grids"
        own = FAIR.get(name)
        mine = f"   p95/fair {p(ms, 0.95) / p(times[own], 0.95):5.2f}x" if own else " " * 19
        if name in STATIC:
            alone = times[STATIC[name]]
            mine += (
                f"   p50/static {p(ms, 0.5) / p(alone, 0.5):5.2f}x   p95/static {p(ms, 0.95) / p(alone, 0.95):5.2f}x"
            )
        print(
            f"  {name:28s} p50 {p(ms, 0.5):7.1f} ms   p95 {p(ms, 0.95):7.1f} ms   p95/floor {p(ms, 0.95) / base:5.2f}x{mine}"
            + weight
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    add_scales(parser)
    parser.add_argument("--n", type=int, default=10)
    parser.add_argument("--before", help="another XRM checkout (e.g. a git worktree of main) measured in the same run")
    parser.add_argument("--cold", action="store_true", help="also open the dashboard at a new state every round")
    args = parser.parse_args()
    print(machine())
    for scale in args.scales:
        run(scale, args.n, args.before, args.cold)


if __name__ == "__main__":
    main()

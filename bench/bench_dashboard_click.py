"""A dashboard filter change in headless Chromium: the press of a filter to the redrawn page, in one run.

XRM's executive dashboard (``python app.py``), and with ``--before`` the same page of another checkout
(the code before a change), measured interleaved round by round. Each round sets the channel filter to
Online, then back to All (the states are kept after the first round: warm), ``--look`` seconds after the page was drawn (0: at
once, as someone trying filters one after the other; 1: after reading the page), and times in the page the
press of the mouse button to the first animation frame in which the revenue card shows the new state's
number, every chart is drawn and nothing is loading; beside it, from outside, Playwright's click to its
wait answering.

  XRM_INSTANCE=/tmp/cmp-inst python bench/bench_dashboard_click.py --scales 1,10 --n 15 --look 1 --before /path/main
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
import tempfile
import time
from pathlib import Path

from bench_explore_click import PASSWORD, p
from bench_first_paint import DRAWN, open_and_wait
from common import ROOT, add_scales, bench_pointer, ensure_warehouse, environment, machine, sign_in

sys.path.insert(0, str(ROOT))

# In the page: the button's press, then the first frame showing the new state drawn (``window.__seen``).
WATCH = """([before, want]) => {
  window.__pressed = null; window.__seen = null;
  document.addEventListener('pointerdown', () => { window.__pressed = performance.now(); }, {once: true, capture: true});
  const drawn = DRAWN_PAGE;
  const look = () => {
    const card = document.querySelector('[data-kpi="revenue"]');
    if (window.__pressed !== null && card && card.dataset.value !== before && drawn()
        && location.search.includes('channel') === want) {
      window.__seen = performance.now();
    } else { requestAnimationFrame(look); }
  };
  requestAnimationFrame(look);
}""".replace("DRAWN_PAGE", DRAWN)


def choose(page, label: str, look: float) -> tuple[float, float]:
    """Set the channel filter to ``label`` after ``look`` seconds (a person reads the page first; what the
    page does after drawing is over by then): (in the page, from outside) in ms."""
    page.wait_for_timeout(look * 1000)
    before = page.get_attribute('[data-kpi="revenue"]', "data-value")
    page.evaluate(WATCH, [before, label != "All"])
    radio = page.locator("#exec-channel").get_by_text(label, exact=True)
    started = time.perf_counter()
    radio.click()
    page.wait_for_function("() => window.__seen !== null", timeout=120000, polling=16)
    outside = (time.perf_counter() - started) * 1000
    return page.evaluate("() => window.__seen - window.__pressed"), outside


def run(scale: float, n: int, before: str | None, look: float) -> None:
    from playwright.sync_api import sync_playwright

    from tests.apprun import CHROMIUM_ARGS, AppProcess

    pointer = bench_pointer(scale)
    pointer = pointer if pointer.exists() else ensure_warehouse(scale)
    env = {"XRM_INSTANCE": tempfile.mkdtemp(prefix="xrm-bench-dclick-"), "XRM_DB": str(pointer),
           "XRM_SECRET_KEY": "bench", "XRM_AUTO_RUNS": "0"}  # fmt: skip
    with environment(env):
        from auth import users

        if users.get_user("bench") is None:
            users.add_user("bench", PASSWORD, "executive")
        earlier = [sys.executable, str(Path(before).resolve() / "app.py")] if before else None
        with (
            AppProcess(env) as xrm,
            AppProcess(env, earlier) if before else contextlib.nullcontext() as old,
            sync_playwright() as pw,
        ):
            browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
            apps = {"XRM": xrm} | ({"before": old} if old is not None else {})
            pages = {}
            for name, app in apps.items():  # a tab each (the same secret key: one sign-in would serve both)
                pages[name] = browser.new_page(viewport={"width": 1400, "height": 1000})
                sign_in(pages[name], app.url, "bench", PASSWORD)
                open_and_wait(pages[name], app.url + "/")
            times: dict[str, list[tuple[float, float]]] = {}
            for i in range(n + 1):  # round 0 keeps both states' numbers, unmeasured
                for name, page in pages.items():
                    for label in ("Online", "All"):
                        took = choose(page, label, look)
                        if i:
                            times.setdefault(name, []).append(took)
            browser.close()
    print(f"\nscale {scale:g}: a channel filter pressed {look:g} s after the page was drawn -> the page redrawn,"
          f" n={2 * n} per app (warm);"
          f" load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}")  # fmt: skip
    for name, took in times.items():
        inside, outside = [t[0] for t in took], [t[1] for t in took]
        print(f"  {name:8s} in the page p50 {p(inside, 0.5):6.1f} ms  p95 {p(inside, 0.95):6.1f} ms"
              f"   from outside p50 {p(outside, 0.5):6.1f} ms  p95 {p(outside, 0.95):6.1f} ms")  # fmt: skip
    if "before" in times:
        now, then = ([t[0] for t in times[k]] for k in ("XRM", "before"))
        print(f"  XRM / before: p50 {p(now, 0.5) / p(then, 0.5):.2f}x  p95 {p(now, 0.95) / p(then, 0.95):.2f}x")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    add_scales(parser)
    parser.add_argument("--n", type=int, default=15)
    parser.add_argument("--before", help="another XRM checkout (e.g. a git worktree of main) measured in the same run")
    parser.add_argument("--look", type=float, default=0.0, help="seconds a person looks at the page before a click")
    args = parser.parse_args()
    print(machine())
    for scale in args.scales:
        run(scale, args.n, args.before, args.look)


if __name__ == "__main__":
    main()

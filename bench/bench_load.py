"""Load test: locust journeys (sign in, dashboard, five drills, a segment count, an export) with
N concurrent people against ``make serve`` (gunicorn) on the scale-S demo warehouse.

``.venv/bin/python bench/bench_load.py [--scale 10] [--users 50] [--minutes 5] [--workers 2 --threads 8]``

Locust runs from its own virtual environment (``.venv-load``, made on first use from
``bench/load/requirements.txt``) so its dependencies never change the app's pinned ones. The
server runs on a copy-free instance pointing at the bench warehouse; a user ``loadtester``
(analyst: segments and exports) is made in that instance's store. The report (per request kind:
requests, failures, median, p95, p99, max) is printed and written to
``bench/load/report-<scale>-<users>u.md``; target (issue 13): p95 < 1 s and 0 errors at scale 10
with 50 users for 5 minutes on this 2-core machine.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import os
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from common import ROOT, ensure_warehouse, machine

LOAD_VENV = ROOT / ".venv-load"
REQUIREMENTS = ROOT / "bench" / "load" / "requirements.txt"


def locust_bin() -> Path:
    exe = LOAD_VENV / "bin" / "locust"
    if not exe.exists():
        print("making .venv-load for locust (once)…", flush=True)
        subprocess.run([sys.executable, "-m", "venv", str(LOAD_VENV)], check=True)
        subprocess.run([str(LOAD_VENV / "bin" / "pip"), "install", "-q", "-r", str(REQUIREMENTS)], check=True)
    return exe


def wait_up(url: str, seconds: float = 120) -> None:
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            if urllib.request.urlopen(url + "/healthz", timeout=2).status == 200:
                return
        except OSError:
            time.sleep(0.5)
    raise RuntimeError("the server did not come up")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", type=float, default=10)
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--minutes", type=float, default=5)
    parser.add_argument("--spawn-rate", type=float, default=5)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--port", type=int, default=8799)
    args = parser.parse_args()

    pointer = ensure_warehouse(args.scale)
    locust = locust_bin()
    instance = Path(tempfile.mkdtemp(prefix="xrm-load-"))
    env = {**os.environ, "XRM_INSTANCE": str(instance), "XRM_DB": str(pointer), "PORT": str(args.port),
           "HOST": "127.0.0.1", "XRM_WORKERS": str(args.workers), "XRM_THREADS": str(args.threads),
           "XRM_LOG_FORMAT": "text"}  # fmt: skip
    subprocess.run([sys.executable, "-m", "auth.cli", "add", "loadtester", "--role", "analyst", "--password",
                    "load-pass-123"], cwd=ROOT, env=env, check=True, capture_output=True)  # fmt: skip
    url = f"http://127.0.0.1:{args.port}"
    log = open(instance / "server.log", "w")
    server = subprocess.Popen([str(Path(sys.executable).with_name("gunicorn")), "-c", "gunicorn.conf.py"], cwd=ROOT,
                              env=env, stdout=log, stderr=subprocess.STDOUT)  # fmt: skip
    try:
        wait_up(url)
        prefix = instance / "locust"
        started = time.time()
        subprocess.run(
            [str(locust), "-f", str(ROOT / "bench" / "load" / "locustfile.py"), "--headless", "-u", str(args.users),
             "-r", str(args.spawn_rate), "-t", f"{int(args.minutes * 60)}s", "--host", url, "--csv", str(prefix),
             "--only-summary"],
            cwd=ROOT, env={**env, "XRM_LOAD_USER": "loadtester", "XRM_LOAD_PASSWORD": "load-pass-123"}, check=False,
        )  # fmt: skip
        took = time.time() - started
    finally:
        server.terminate()
        server.wait(30)
        log.close()
    rows = list(csv.DictReader(open(f"{prefix}_stats.csv")))
    lines = [
        f"# Load test: scale {args.scale:g}, {args.users} people, {args.minutes:g} min, make serve "
        f"({args.workers} workers × {args.threads} threads)",
        "",
        f"{dt.datetime.now():%Y-%m-%d %H:%M} · {machine()} · wall {took:.0f} s",
        "",
        "| request | requests | failures | median ms | p95 ms | p99 ms | max ms |",
        "|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        lines.append(f"| {r['Name']} | {r['Request Count']} | {r['Failure Count']} | {r['50%']} | {r['95%']} | "
                     f"{r['99%']} | {float(r['Max Response Time']):.0f} |")  # fmt: skip
    failures = Path(f"{prefix}_failures.csv")
    if failures.exists():
        failed = list(csv.DictReader(open(failures)))
        if failed:
            lines += ["", "Failures:", ""] + [f"- {f['Method']} {f['Name']}: {f['Error'][:200]} ×{f['Occurrences']}"
                                             for f in failed]  # fmt: skip
    report = "\n".join(lines) + "\n"
    print(report)
    out = ROOT / "bench" / "load" / f"report-scale{args.scale:g}-{args.users}u.md"
    out.write_text(report, encoding="utf-8")
    print(f"written: {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

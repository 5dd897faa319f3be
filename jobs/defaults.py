"""An answer on first open: after every load, the default analyses computed in the background.

The demo build and every load (the importer's CLI and page) start :func:`start` once the new
version is published: it records the load as waiting and starts ``python -m jobs.defaults`` as a
separate, low-priority process, so the load returns and the portal serves at once. That process
builds the segment builder's customer table of the new version (``crm.segment_base``), scores RFM/CLV, clusters, next best products and the propensity models (the response model only
where campaigns exist) with the pages' default settings, each as an ordinary run marked automatic
for the load (``mining.runs.mark_automatic``), publishes the scores once, and computes the default
forecast into the result cache of the loaded version (first, for visitors while the models train)
and of the version it published (last).

- A step already done for this load (the load's own RFM run, see ``jobs.derive``), or for which a
  person stored a run after the load, is skipped: a person's newer run wins.
- A step that cannot be fitted (too few buyers, no campaigns) or fails is recorded with its
  reason (``mining.errors.MiningError``'s key and values) and never stops the others, nor the load.
- Progress is a small JSON file beside the versions (``status``), which the pages poll: after a
  new load they say which automatic run is being computed instead of showing stale numbers as
  current. One job at a time per warehouse (a lock beside the versions); a load published while
  it runs is picked up when it finishes.

``XRM_AUTO_RUNS=0`` turns the start off (the test run sets it: tests call :func:`run_defaults`).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import logging
import os
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import settings
from data.warehouse import (
    Warehouse,
    WarehouseUnavailable,
    lineage_of,
    loaded_at_of,
    lock_if_free,
    use_warehouse,
    version_of_connection,
    versions_dir,
)

log = logging.getLogger(__name__)

AUTO_USER = "xrm-auto"  # who the automatic runs are stored as
SCORING = ("rfm", "cluster", "nbp", "propensity_repurchase", "propensity_response")
STEPS = (*SCORING, "forecast")
WAITING, RUNNING, DONE, SKIPPED, FAILED = "waiting", "running", "done", "skipped", "failed"
ROOT = Path(__file__).resolve().parents[1]


def enabled() -> bool:
    return os.environ.get("XRM_AUTO_RUNS", "1") != "0"


def status_path(pointer: Path | None = None) -> Path:
    return versions_dir(pointer or settings.warehouse_pointer()) / "auto-runs.json"


def read_status(pointer: Path | None = None) -> dict | None:
    """The last job's status (``lineage``, ``loaded_at``, ``state``, ``steps``), or None."""
    try:
        return json.loads(status_path(pointer).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def _write_status(status: dict, pointer: Path | None) -> None:
    path = status_path(pointer)
    partial = path.with_name(f".{path.name}.{os.getpid()}")
    partial.write_text(json.dumps(status, default=str), encoding="utf-8")
    os.replace(partial, path)  # a page never reads half a file


def default_params(kind: str) -> dict:
    """The settings each page runs with when nobody changes its controls."""
    from mining.clustering import DEFAULT_SETS
    from mining.propensity import DEFAULT_PARAMS

    return {
        "rfm": {"window_days": None},
        "cluster": {
            "feature_sets": list(DEFAULT_SETS),
            "scaling": "standard",
            "method": "kmeans",
            "k": None,
            "random_state": 0,
        },  # fmt: skip
        "nbp": {"k": 3},
        "propensity_repurchase": {"horizon_days": DEFAULT_PARAMS["horizon_days"]},
        "propensity_response": {},
    }[kind]


def default_forecast_request(warehouse) -> dict:
    """The question the forecast page asks when its URL says nothing."""
    from olap.catalog import catalog
    from olap.forecast_state import ForecastState

    return ForecastState.from_query({}, catalog(warehouse)).request()


def score_default(kind: str, cursor, as_of: dt.date, progress=None) -> int:
    """One default scoring run of ``kind`` on ``cursor`` as of ``as_of``; returns the run id."""
    params = default_params(kind)
    if kind == "rfm":
        from mining.rfm import score_rfm

        return score_rfm(cursor, as_of, AUTO_USER, params, progress=progress)
    if kind == "cluster":
        from mining.clustering import score_clusters

        return score_clusters(cursor, as_of, params, AUTO_USER, progress=progress)
    if kind == "nbp":
        from mining.recommend.run import score_recommendations

        return score_recommendations(cursor, as_of, params, AUTO_USER, progress=progress)
    from mining.propensity import score_propensity  # the public job entry point

    target = kind.removeprefix("propensity_")
    return score_propensity(cursor, target, as_of, AUTO_USER, params, progress=progress)


@dataclass(frozen=True)
class Pass:
    """One load's job: which warehouse and load, and what each step came to."""

    lineage: str
    loaded_at: str
    steps: dict


def _person_run_after(kind: str, lineage: str, loaded_at: str) -> dict | None:
    """A person's run of ``kind`` stored after the load (it wins: no automatic run is needed)."""
    from mining.runs import latest_run

    latest = latest_run(kind, lineage)
    if latest is None or latest.get("auto_for") is not None or not loaded_at:
        return None
    created = latest["created_at"].replace(tzinfo=None)  # stored in UTC (naive in SQLite)
    return latest if created >= dt.datetime.fromisoformat(loaded_at) else None


def todo(cursor, status: dict | None = None) -> list[str]:
    """The steps still to do for the load ``cursor`` reads (none when a finished job covered it)."""
    from mining.runs import automatic_run

    lineage, loaded_at = lineage_of(cursor), loaded_at_of(cursor)
    if status and status.get("lineage") == lineage and status.get("loaded_at") == loaded_at:
        if status.get("state") == DONE:
            return []
    missing = [k for k in SCORING if automatic_run(k, loaded_at, lineage) is None]
    return [k for k in missing if _person_run_after(k, lineage, loaded_at) is None] + ["forecast"]


def _reason(exc: Exception) -> dict:
    key = getattr(exc, "key", None)
    if key:
        return {"key": key, "values": {k: str(v) for k, v in getattr(exc, "values", {}).items()}}
    return {"key": "auto.failed", "values": {"error": type(exc).__name__}}


def _has_campaigns(cursor) -> bool:
    try:
        return bool(cursor.execute("SELECT count(*) FROM fact_campaign_contact").fetchone()[0])
    except Exception:  # noqa: BLE001 - a warehouse without the table has no campaigns
        return False


def run_pass(warehouse: Warehouse, *, publish: bool = True, pointer: Path | None = None,
             report: Callable[[dict], None] | None = None) -> Pass:  # fmt: skip
    """Compute every default analysis still missing for the current load of ``warehouse``."""
    from mining.runs import automatic_run, mark_automatic
    from olap.catalog import catalog

    cursor = warehouse.cursor()
    lineage, loaded_at = lineage_of(cursor), loaded_at_of(cursor)
    as_of = catalog(warehouse).data_end
    wanted = set(todo(cursor))
    steps = {k: {"state": WAITING if k in wanted else DONE, "fraction": 0.0, "key": ""} for k in STEPS}
    for kind in SCORING:
        if kind not in wanted:
            found = automatic_run(kind, loaded_at, lineage)
            steps[kind]["run_id"] = found["run_id"] if found else None
    last = [0.0]

    def say(force: bool = False) -> None:
        if report is not None and (force or time.monotonic() - last[0] > 0.5):
            last[0] = time.monotonic()
            report({"lineage": lineage, "loaded_at": loaded_at, "state": RUNNING, "steps": steps, "pid": os.getpid()})

    def progress_of(kind: str):
        def progress(fraction: float, key: str) -> None:
            steps[kind].update(fraction=float(fraction), key=key)
            say()

        return progress

    segment_table(warehouse)  # the segment builder's customers of the loaded version, before the long models
    if "forecast" in wanted:  # first for the loaded version: visitors during the long models get it drawn
        try:
            default_forecast(warehouse)
        except Exception:  # noqa: BLE001 - said once, after the publish, where it is computed again
            log.debug("early default forecast failed", exc_info=True)
    stored = False
    for kind in SCORING:
        if kind not in wanted:
            continue
        if kind == "propensity_response" and not _has_campaigns(cursor):
            steps[kind].update(state=SKIPPED, reason={"key": "auto.no_campaigns", "values": {}})
            continue
        steps[kind]["state"] = RUNNING
        say(force=True)
        began = time.perf_counter()
        try:
            run_id = score_default(kind, cursor, as_of, progress=progress_of(kind))
        except Exception as exc:  # a model that cannot be fitted must never stop the others
            if getattr(exc, "key", None) is None:
                log.warning("automatic %s run failed", kind, exc_info=True)
            steps[kind].update(state=FAILED, reason=_reason(exc), seconds=round(time.perf_counter() - began, 2))
            continue
        mark_automatic(run_id, loaded_at)
        stored = True
        steps[kind].update(state=DONE, fraction=1.0, run_id=run_id, seconds=round(time.perf_counter() - began, 2))
    say(force=True)
    if stored and publish:
        from mining.publish import publish_scores

        began = time.perf_counter()
        try:
            publish_scores(AUTO_USER, pointer)
        except Exception:  # the runs are kept and shown; the cube lacks them until the next publish
            log.exception("publishing the automatic scores failed")
        steps["publish"] = {"state": DONE, "seconds": round(time.perf_counter() - began, 2)}
        segment_table(warehouse)  # and of the version the scores were published into
    if "forecast" in wanted:
        steps["forecast"]["state"] = RUNNING
        say(force=True)
        began = time.perf_counter()
        try:
            default_forecast(warehouse, progress=progress_of("forecast"))
            steps["forecast"].update(state=DONE, fraction=1.0)
        except Exception as exc:
            if getattr(exc, "key", None) is None:
                log.warning("automatic forecast failed", exc_info=True)
            steps["forecast"].update(state=FAILED, reason=_reason(exc))
        steps["forecast"]["seconds"] = round(time.perf_counter() - began, 2)
    return Pass(lineage, loaded_at, steps)


def segment_table(warehouse: Warehouse) -> None:
    """The segment builder's customer table of the current version (``crm.segment_base``), built here so
    that nobody waits for it in the portal; a failure is logged (the first count then builds it)."""
    from crm.segments import segment_base

    try:
        segment_base(warehouse)
    except Exception:
        log.warning("the segment builder's customer table could not be built", exc_info=True)


def default_forecast(warehouse: Warehouse, progress=None):
    """The forecast page's default question, computed into the result cache of the current version."""
    from mining.forecast.kept import cached_forecast

    return cached_forecast(default_forecast_request(warehouse), warehouse, progress=progress)


def run_defaults(pointer: Path | None = None, *, publish: bool = True) -> list[Pass]:
    """Compute the default analyses of the current load, and again while a newer load appeared
    meanwhile; nothing when another process is at it (it will see the newer load). Returns the passes."""
    done: list[Pass] = []
    warehouse = Warehouse(pointer) if pointer is not None else Warehouse()
    with use_warehouse(warehouse):
        while True:
            with lock_if_free(pointer, "auto-runs.lock") as mine:
                if not mine:
                    return done
                cursor = warehouse.cursor()
                if not todo(cursor, read_status(pointer)):
                    return done
                started = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
                result = run_pass(warehouse, publish=publish, pointer=pointer,
                                  report=lambda s, at=started: _write_status({**s, "started": at}, pointer))  # fmt: skip
                _write_status({"lineage": result.lineage, "loaded_at": result.loaded_at, "state": DONE,
                               "steps": result.steps, "started": started,
                               "finished": dt.datetime.now(dt.UTC).isoformat(timespec="seconds")}, pointer)  # fmt: skip
                done.append(result)
                log.info("automatic runs for the load of %s: %s", result.loaded_at,
                         ", ".join(f"{k} {v['state']}" for k, v in result.steps.items()))  # fmt: skip
            if warehouse.loaded_at() == result.loaded_at:  # no newer load published meanwhile
                return done


def start(pointer: Path | None = None) -> subprocess.Popen | None:
    """After a load is published: record it as waiting and start the job in its own process (never
    fails the load: a failure to start is logged). None when turned off or nothing is to do."""
    if not enabled():
        return None
    try:
        cursor = Warehouse(pointer).cursor() if pointer is not None else Warehouse().cursor()
        steps = todo(cursor, read_status(pointer))
        if not steps:
            return None
        previous = read_status(pointer) or {}
        if previous.get("state") != RUNNING:  # a running job reports its own progress
            waiting = {k: {"state": WAITING, "fraction": 0.0, "key": ""} for k in steps}
            _write_status({"lineage": lineage_of(cursor), "loaded_at": loaded_at_of(cursor), "state": WAITING,
                           "steps": waiting, "version": version_of_connection(cursor)}, pointer)  # fmt: skip
        logs = settings.instance_dir() / "logs"
        logs.mkdir(parents=True, exist_ok=True)
        command = [sys.executable, "-m", "jobs.defaults"]
        if pointer is not None:
            command += ["--pointer", str(pointer)]
        with open(logs / "auto-runs.log", "a") as out:
            child = subprocess.Popen(command, cwd=ROOT, stdin=subprocess.DEVNULL, stdout=out, stderr=out,
                                     start_new_session=True)  # fmt: skip
        status = read_status(pointer) or {}
        if status.get("state") == WAITING and "pid" not in status:
            _write_status({**status, "pid": child.pid}, pointer)  # a page can tell a job that died
        return child
    except (WarehouseUnavailable, OSError):
        log.exception("the automatic runs could not be started")
        return None


@dataclass(frozen=True)
class Progress:
    """What a page says about the automatic runs of its kinds for the current load."""

    loaded_at: str
    busy: bool  # the job has not finished these kinds for the current load
    steps: dict  # kind -> {"state", "fraction", "key", "reason"?}


def progress_for(kinds: tuple[str, ...], warehouse: Warehouse | None = None) -> Progress | None:
    """The automatic runs of ``kinds`` for the current load, or None when no job concerns it
    (turned off, or the load predates the job and nothing was started)."""
    from data.warehouse import get_warehouse

    warehouse = warehouse or get_warehouse()
    status = read_status(warehouse.pointer)
    if not status or status.get("loaded_at") != warehouse.loaded_at() or status.get("lineage") != warehouse.lineage():
        return None
    steps = {k: status["steps"][k] for k in kinds if k in status.get("steps", {})}
    busy = status.get("state") != DONE and any(s["state"] in (WAITING, RUNNING) for s in steps.values())
    if busy and status.get("pid") and not _alive(int(status["pid"])):  # the job died: nothing is coming
        busy = False
        steps = {k: s if s["state"] not in (WAITING, RUNNING) else {**s, "state": FAILED,
                 "reason": {"key": "auto.stopped", "values": {}}} for k, s in steps.items()}  # fmt: skip
    return Progress(status["loaded_at"], busy, steps)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    if Path(f"/proc/{pid}/stat").exists():  # a finished child not yet reaped is a zombie: not alive
        return Path(f"/proc/{pid}/stat").read_text().split(") ", 1)[-1][:1] != "Z"
    return True


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m jobs.defaults", description=__doc__.splitlines()[0])
    parser.add_argument("--pointer", type=Path, help="the warehouse pointer (default: XRM_DB)")
    parser.add_argument("--no-publish", action="store_true", help="store the runs without publishing the scores")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s %(message)s")
    try:
        os.nice(10)  # the portal's requests first
    except OSError:
        pass
    for done in run_defaults(args.pointer, publish=not args.no_publish):
        seconds = {k: v.get("seconds") for k, v in done.steps.items()}
        print(json.dumps({"loaded_at": done.loaded_at, "seconds": seconds}))
    return 0


if __name__ == "__main__":
    sys.exit(main())

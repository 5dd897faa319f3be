"""An answer on first open (issue 15 item 5): after a load, ``jobs.defaults`` computes every mining
page's default analysis as automatic runs of that load, and the pages open on them.

A small demo warehouse of its own (the job publishes scores into it); the runs go to the test
instance's store. The numbers are compared with the same default analyses run directly.
"""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys

import pandas as pd
import pytest

from tests.test_studio_callbacks import find, signed_in, text


@pytest.fixture(scope="module")
def loaded(tmp_path_factory):
    """A scale-0.02 demo warehouse and the automatic job run on it as the load starts it: in its own
    process (``jobs.defaults.start`` with the runs turned on)."""
    from data.warehouse import Warehouse
    from jobs import defaults
    from jobs.build import build_demo

    pointer = tmp_path_factory.mktemp("auto") / "xrm.duckdb"
    build_demo(scale=0.02, seed=7, pointer=pointer)  # XRM_AUTO_RUNS=0 in tests: nothing started yet
    stamp = Warehouse(pointer).loaded_at()
    mp = pytest.MonkeyPatch()
    mp.setenv("XRM_AUTO_RUNS", "1")
    child = defaults.start(pointer)
    mp.undo()
    assert child is not None and defaults.read_status(pointer)["state"] in ("waiting", "running")
    assert child.wait(timeout=600) == 0
    return pointer, stamp


def test_a_load_is_stamped_and_the_stamp_survives_score_publishing(loaded):
    from data.warehouse import Warehouse

    pointer, stamp = loaded
    moment = dt.datetime.fromisoformat(stamp)
    assert abs((dt.datetime.now(dt.UTC).replace(tzinfo=None) - moment).total_seconds()) < 3600
    assert Warehouse(pointer).loaded_at() == stamp  # the job published scores: a new version, the same load


def test_the_job_stores_every_default_run_marked_automatic_for_the_load(loaded):
    from data.warehouse import Warehouse
    from jobs import defaults
    from mining.publish import published_runs
    from mining.runs import automatic_run, list_runs

    pointer, stamp = loaded
    reader = Warehouse(pointer)
    lineage = reader.lineage()
    status = defaults.read_status(pointer)
    assert status["state"] == "done" and status["loaded_at"] == stamp and status["lineage"] == lineage
    for kind in defaults.SCORING:
        run = automatic_run(kind, stamp, lineage)
        assert run is not None, kind
        assert status["steps"][kind] == {**status["steps"][kind], "state": "done", "run_id": run["run_id"]}
        assert run["created_by"] == defaults.AUTO_USER and run["auto_for"] == stamp
        assert [r["run_id"] for r in list_runs(kind, lineage)][0] == run["run_id"]  # listed like any run
    assert automatic_run("cluster", stamp, lineage)["params"] == defaults.default_params("cluster")
    assert status["steps"]["forecast"]["state"] == "done"
    # the scores were published once into the warehouse the cube reads
    published = published_runs(reader.cursor())
    assert published == {k: automatic_run(k, stamp, lineage)["run_id"] for k in published}
    assert set(published) == {"rfm", "cluster", "propensity_repurchase", "propensity_response"}
    # nothing is left to do for this load: a second start does nothing
    assert defaults.run_defaults(pointer) == []


def _pages(dash_app, pointer):
    """The first paint of each mining page on ``pointer``, as a fresh analyst sees it."""
    from callbacks import clusters, models, rfm, rules
    from data.warehouse import use_warehouse

    with use_warehouse(pointer), signed_in(dash_app):
        return {
            "rfm": rfm.show(None),
            "clusters": clusters.show(None),
            "nbp": rules.show_nbp(None),
            "models": models.runs("repurchase", None),
        }


def test_every_page_opens_on_its_automatic_run(dash_app, loaded):
    from callbacks import models
    from data.warehouse import use_warehouse
    from mining.runs import automatic_run
    from pages import forecast

    pointer, stamp = loaded
    drawn = _pages(dash_app, pointer)
    for name in ("rfm", "clusters", "nbp"):
        said = text(drawn[name])
        assert "computed automatically after the load of" in said, name
        assert "auto-stale" not in said
    assert find(drawn["rfm"], "rfm-run-info") is not None and find(drawn["clusters"], "clu-run-info") is not None
    with use_warehouse(pointer) as reader:
        run = automatic_run("propensity_repurchase", stamp, reader.lineage())
        options, value = drawn["models"]
        assert value == run["run_id"] and "automatic" in options[0]["label"]
        with signed_in(dash_app):
            body, _search = models.show(value, "repurchase")
            assert "computed automatically" in text(body)
            # the forecast page opens with the default forecast drawn: its store is filled, no job starts
            page = forecast.layout()
    assert find(page, "fc-request").data is None
    data = find(page, "fc-result").data
    assert data["request"]["measure"] == "revenue" and len(data["forecast"]) == data["horizon"] == 12


def test_the_automatic_numbers_equal_the_default_analyses_run_directly(loaded, monkeypatch):
    from data.warehouse import Warehouse, use_warehouse
    from jobs import defaults
    from mining.forecast import forecast_slice
    from mining.forecast.kept import kept_forecast
    from mining.runs import automatic_run, load_run
    from olap.catalog import catalog

    pointer, stamp = loaded
    with use_warehouse(pointer) as reader:
        lineage, cursor, as_of = reader.lineage(), reader.cursor(), catalog(reader).data_end
        assert as_of == cursor.execute("SELECT max(order_ts)::DATE FROM fact_order_line").fetchone()[0]
        for kind, columns in {
            "rfm": ["customer_id", "recency_days", "frequency", "monetary", "segment", "tier", "clv_12m"],
            "cluster": ["customer_id", "cluster", "cluster_name"],
            "propensity_repurchase": ["customer_id", "score", "decile"],
            "nbp": None,
        }.items():
            automatic = load_run(automatic_run(kind, stamp, lineage)["run_id"])[1]
            direct = load_run(defaults.score_default(kind, cursor, as_of))[1]
            columns = columns or list(direct.columns)
            pd.testing.assert_frame_equal(
                automatic[columns].sort_values(columns[:2]).reset_index(drop=True),
                direct[columns].sort_values(columns[:2]).reset_index(drop=True),
                check_exact=False,
                rtol=1e-9,
            )
        # the default forecast was kept for the version the page reads, and is the direct forecast
        request = defaults.default_forecast_request(reader)
        assert request["measure"] == "revenue" and request["grain"] == "month" and not request["filters"]
        kept = kept_forecast(request, reader)
        assert kept is not None
        direct = forecast_slice("revenue", {}, "month", request["start"], request["end"], request["horizon"], reader)
        assert kept.model == direct.model
        pd.testing.assert_frame_equal(kept.forecast, direct.forecast)
        total = cursor.execute("SELECT sum(revenue) FROM fact_order_line").fetchone()[0]
        assert kept.history.sum() == pytest.approx(total)  # the whole history of revenue, by month
    assert Warehouse(pointer).loaded_at() == stamp


def test_pages_say_the_run_is_being_computed_after_a_new_load(dash_app, loaded, tmp_path):
    """A new load, its job not finished: the page names the load and the progress, and the run it
    still shows is marked as from before that load."""
    import time

    from callbacks import rfm
    from data.warehouse import Warehouse, current_path, stamp_load, use_warehouse, versions_dir, write_version
    from jobs import defaults

    pointer, _ = loaded
    copy = tmp_path / "xrm.duckdb"
    time.sleep(1.1)  # a later stamp to the second
    write_version(stamp_load, copy, start_from=current_path(pointer))  # the next load (same data, new stamp)
    reader = Warehouse(copy)
    new_stamp = reader.loaded_at()
    steps = {k: {"state": "waiting", "fraction": 0.0, "key": ""} for k in defaults.STEPS}
    steps["rfm"] = {"state": "running", "fraction": 0.4, "key": "mining.rfm.progress.clv"}
    status = {"lineage": reader.lineage(), "loaded_at": new_stamp, "state": "running", "steps": steps}
    (versions_dir(copy) / "auto-runs.json").write_text(json.dumps(status))
    with use_warehouse(copy), signed_in(dash_app):
        note, paused, busy, done = rfm.watch(0, None)
        drawn = rfm.show(None)
        assert "auto-stale" in text(drawn)  # the earlier load's run, said to describe the earlier data
        # the job finishes: the poll stops and the run is drawn again
        (versions_dir(copy) / "auto-runs.json").write_text(json.dumps({**status, "state": "done"}))
        finished = rfm.watch(1, True)
    said = text(note)
    assert "is being computed (40%" in said and "auto-running-rfm" in said and not paused and busy
    assert finished[1] is True and finished[2] is False and finished[3] == new_stamp


def test_a_failing_model_never_stops_the_others_nor_the_load(loaded, tmp_path, monkeypatch):
    from data.warehouse import Warehouse, current_path, stamp_load, write_version
    from jobs import defaults
    from mining.runs import automatic_run

    pointer, _ = loaded
    copy = tmp_path / "xrm.duckdb"
    write_version(stamp_load, copy, start_from=current_path(pointer))  # a warehouse freshly loaded
    original = defaults.score_default

    def broken(kind, *args, **kwargs):
        if kind == "cluster":
            raise RuntimeError("the clustering library crashed")
        return original(kind, *args, **kwargs)

    monkeypatch.setattr(defaults, "score_default", broken)
    [done] = defaults.run_defaults(copy, publish=False)
    assert done.steps["cluster"]["state"] == "failed"
    assert done.steps["cluster"]["reason"] == {"key": "auto.failed", "values": {"error": "RuntimeError"}}
    reader = Warehouse(copy)
    assert automatic_run("cluster", done.loaded_at, reader.lineage()) is None
    for kind in ("rfm", "nbp", "propensity_repurchase"):
        assert done.steps[kind]["state"] == "done" and automatic_run(kind, done.loaded_at, reader.lineage())

    # starting the job can never fail a load or a build: a process that cannot start is logged
    def cannot_start(*_args, **_kwargs):
        raise OSError("no more processes")

    monkeypatch.setenv("XRM_AUTO_RUNS", "1")
    monkeypatch.setattr(subprocess, "Popen", cannot_start)
    write_version(stamp_load, copy, start_from=current_path(copy))
    assert defaults.start(copy) is None


def test_an_orders_only_warehouse_says_why_a_model_cannot_be_fitted(dash_app, tmp_path):
    from callbacks import models
    from components.auto_view import auto_note
    from data.warehouse import Warehouse, use_warehouse
    from i18n import t
    from i18n.translations import TRANSLATIONS
    from jobs import defaults
    from tests.test_health import load_orders_only

    pointer = load_orders_only(tmp_path)
    [done] = defaults.run_defaults(pointer)
    steps = done.steps
    assert steps["propensity_response"] == {**steps["propensity_response"], "state": "skipped"}
    assert steps["propensity_response"]["reason"]["key"] == "auto.no_campaigns"
    assert steps["rfm"]["state"] == "done"  # 30 buyers: RFM holds
    not_fitted = {k: s for k, s in steps.items() if s["state"] in ("failed", "skipped")}
    for kind, step in not_fitted.items():
        assert step["reason"]["key"] in TRANSLATIONS, kind  # a reason in words, never a bare error
        assert step["reason"]["key"] != "auto.failed", (kind, step)  # refused with a reason, not crashed
    with use_warehouse(pointer), signed_in(dash_app):
        note, paused, busy, _done = models.watch(0, None)  # the models page, as it opens
        drawn = text(models.runs("response", None)), text(models.show(None, "response")[0])
    said = text(note)
    assert paused and not busy  # the job is done: nothing to poll
    assert (
        "could not be computed" in said and "no campaign contacts" in said and "auto-failed-propensity_response" in said
    )
    for kind in not_fitted:
        if kind.startswith("propensity_"):
            reason = steps[kind]["reason"]
            assert t(reason["key"], "en", **reason["values"]) in said  # the model's own reason, in words
    assert "No model for this target" in drawn[1]  # and the page's own empty state below it
    progress = defaults.progress_for(("propensity_response",), Warehouse(pointer))
    assert t("auto.no_campaigns", "ko") in text(auto_note(progress, "ko"))


def test_a_person_s_newer_run_wins_and_is_not_recomputed(dash_app, loaded, tmp_path):
    from data.warehouse import Warehouse, current_path, stamp_load, use_warehouse, write_version
    from jobs import defaults
    from mining.rfm import score_rfm
    from mining.runs import automatic_run, latest_run
    from olap.catalog import catalog

    pointer, _ = loaded
    copy = tmp_path / "xrm.duckdb"
    write_version(stamp_load, copy, start_from=current_path(pointer))
    import time

    time.sleep(1.1)  # a run stored after the load's second
    with use_warehouse(copy) as reader:
        mine = score_rfm(reader.cursor(), catalog(reader).data_end, "u_analyst", {"window_days": 365})
        assert "rfm" not in defaults.todo(reader.cursor())
    [done] = defaults.run_defaults(copy, publish=False)
    reader = Warehouse(copy)
    assert done.steps["rfm"]["state"] == "done" and automatic_run("rfm", done.loaded_at, reader.lineage()) is None
    assert latest_run("rfm", reader.lineage())["run_id"] == mine
    with use_warehouse(copy), signed_in(dash_app):
        from callbacks import rfm

        drawn = text(rfm.show(None))
    assert "computed automatically" not in drawn and "auto-stale" not in drawn


def test_the_job_runs_as_a_command(loaded):
    """``python -m jobs.defaults`` (what the load starts) on a load already done says nothing to do."""
    pointer, _ = loaded
    done = subprocess.run(
        [sys.executable, "-m", "jobs.defaults", "--pointer", str(pointer)], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0 and done.stdout == ""

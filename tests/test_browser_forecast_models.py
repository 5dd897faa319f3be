"""Forecast, propensity models and campaign what-if in real headless Chromium, each checked
against the mining functions run on the same data."""

from __future__ import annotations

import re

import duckdb
import pytest

from data.warehouse import Warehouse
from tests.apprun import AppProcess, sign_in

pytestmark = pytest.mark.browser
playwright = pytest.importorskip("playwright.sync_api")


@pytest.fixture(scope="module")
def server(dash_app, demo_pointer):  # dash_app creates the users in the shared store
    with AppProcess({"XRM_DB": str(demo_pointer)}) as app:
        yield app


def login(page, server, path):
    sign_in(page, server, path)


def grid_rows(page, grid_id: str) -> list[str]:
    """Each row's text, pinned columns first, in row order (AG Grid splits a row across containers)."""
    return page.evaluate(
        f"""() => {{
            const rows = new Map();
            for (const container of ['.ag-pinned-left-cols-container', '.ag-center-cols-container']) {{
                for (const r of document.querySelectorAll('#{grid_id} ' + container + ' .ag-row')) {{
                    const i = Number(r.getAttribute('row-index'));
                    rows.set(i, (rows.has(i) ? rows.get(i) + '\\n' : '') + r.innerText);
                }}
            }}
            return [...rows.keys()].sort((a, b) => a - b).map(k => rows.get(k));
        }}"""
    )


def numbers(text: str) -> list[float]:
    return [float(x.replace(",", "")) for x in re.findall(r"-?[\d,]+(?:\.\d+)?", text)]


def test_a_forecast_link_reopens_the_forecast_and_shows_the_models_numbers(server, browser, demo_pointer):
    from mining.forecast import forecast_slice

    page = browser.new_page(viewport={"width": 1400, "height": 1100})
    login(page, server, "/mining/forecast?m=revenue&g=month&h=6&f.geo.region=Europe")
    sentence = page.wait_for_selector("#fc-sentence", timeout=120000).inner_text()
    con = duckdb.connect(str(demo_pointer), read_only=True)
    first, last = con.execute("SELECT min(order_ts)::DATE, max(order_ts)::DATE FROM fact_order_line").fetchone()
    con.close()
    result = forecast_slice("revenue", {"geo.region": ["Europe"]}, "month", first, last, 6, Warehouse(demo_pointer))
    assert len(result.forecast) == 6
    page.wait_for_selector("#fc-table .ag-row", timeout=20000)
    rows = grid_rows(page, "fc-table")
    assert len(rows) == 6
    for shown, (_, expected) in zip(rows, result.forecast.iterrows(), strict=True):
        values = numbers(shown.split("\n", 1)[1])  # after the period's name
        assert values == [round(expected[c]) for c in ("mean", "lo80", "hi80", "lo95", "hi95")]
    assert "Europe" in page.inner_text("#fc-scope")
    if result.model == result.baseline["model"]:  # no model beat the seasonal guess: the page says so
        assert sentence.startswith("No model beat")
    else:
        chosen = result.candidates.set_index("model").loc[result.model]
        assert f"MASE {chosen['mase']:.2f}" in sentence


def test_forecast_refuses_what_it_cannot_do_in_words(server, browser):
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    login(page, server, "/mining/forecast?m=aov&g=year&h=500&from=2025-11-01")
    page.wait_for_selector("text=cannot be forecast here", timeout=20000)
    assert page.is_visible("text=is not a period unit")
    assert page.is_visible("text=is not a usable forecast length")
    refusal = page.wait_for_selector("#fc-refused", timeout=60000).inner_text()
    assert "complete months" in refusal and "Widen the date range" in refusal
    assert not page.is_visible("#fc-sentence")
    # a wrong horizon typed in the form is refused before any job starts
    page.fill("#fc-horizon", "0")
    page.click("#fc-run")
    page.wait_for_selector("text=enter a whole number from 1 to 24", timeout=10000)


def test_training_a_repurchase_model_scores_every_customer(server, browser, demo_pointer):
    from data.warehouse import Warehouse
    from mining.runs import latest_run, load_run

    lineage = Warehouse(demo_pointer).lineage()  # the server's warehouse: runs are kept per warehouse
    before = latest_run("propensity_repurchase", lineage)
    page = browser.new_page(viewport={"width": 1400, "height": 1100})
    login(page, server, "/mining/models")
    page.wait_for_selector("#mod-run", timeout=20000)
    page.click("#mod-run")
    page.wait_for_selector("text=Open in Explore", timeout=180000)  # trained, scored and published
    run = latest_run("propensity_repurchase", lineage)
    assert run is not None and (before is None or run["run_id"] != before["run_id"])
    meta, scores = load_run(run["run_id"])
    shown = f"Run #{run['run_id']},"
    page.wait_for_function(f"document.querySelector('#mod-result')?.innerText.includes('{shown}')", timeout=30000)
    sentence = page.inner_text("#mod-sentence")
    con = duckdb.connect(str(demo_pointer), read_only=True)
    customers = con.execute("SELECT count(*) FROM dim_customer").fetchone()[0]
    con.close()
    assert len(scores) == scores["customer_id"].nunique() <= customers
    chosen = meta["metrics"]["chosen"]
    assert f"{meta['metrics']['models'][chosen]['auc']['test']:.3f}" in sentence
    # the confusion matrix at the threshold equals the stored curve's counts
    page.wait_for_selector("#mod-confusion-table", timeout=20000)
    threshold = meta["metrics"]["models"][chosen]["threshold"]
    curve = meta["metrics"]["models"][chosen]["threshold_curve"]
    row = min(curve, key=lambda r: abs(r["threshold"] - round(threshold, 2)))
    cells = page.evaluate("[...document.querySelectorAll('#mod-confusion-table td .fs-5')].map(c => c.innerText)")
    assert [int(c.replace(",", "")) for c in cells] == [row["tp"], row["fn"], row["fp"], row["tn"]]
    # the scores were published: Explore groups revenue by repurchase decile
    page.goto(server.url + "/explore?r=propensity.repurchase&m=revenue&chart=table")
    page.wait_for_selector("text=Decile 1 (most likely)", state="attached", timeout=30000)


def test_a_response_model_trains_and_a_bad_window_is_refused_in_words(server, browser, demo_pointer):
    from data.warehouse import Warehouse
    from mining.runs import latest_run

    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    login(page, server, "/mining/models?target=response")
    page.wait_for_selector("#mod-run", timeout=20000)
    page.click("#mod-run")
    page.wait_for_selector("text=Open in Explore", timeout=180000)  # trained, scored and published
    page.wait_for_function(
        "document.querySelector('#mod-sentence')?.innerText.includes('answer a campaign')", timeout=30000
    )
    run = latest_run("propensity_response", Warehouse(demo_pointer).lineage())  # the server's warehouse
    page.wait_for_function(  # the result area may still be drawing its last part
        f"document.querySelector('#mod-result')?.innerText.includes('Run #{run['run_id']},')", timeout=30000
    )
    # the result area redraws once more when the page's progress poll sees the run done: wait, never read once
    page.wait_for_function(  # the campaign history used, or left out, with the validation AUCs
        "document.querySelector('#mod-notes')?.innerText.includes('Campaign history')", timeout=30000
    )
    # a repurchase window of 5 days is refused before any training, with the range to use
    page.click("#mod-target label:has-text('Will buy again')")
    page.wait_for_selector("#mod-horizon", state="visible", timeout=10000)
    page.fill("#mod-horizon", "5")
    page.click("#mod-run")
    text = page.wait_for_selector("#mod-refused", timeout=60000).inner_text()
    assert "14" in text and "730" in text


def test_what_if_numbers_equal_the_simulation(server, browser, demo_pointer):
    from mining.simulate import Offer, simulate

    page = browser.new_page(viewport={"width": 1400, "height": 1100})
    login(page, server, "/mining/whatif?seg=all&ch=Email&cpc=0.5&fixed=1000&disc=5&margin=40&scores=0")
    page.wait_for_selector("#wi-sentence", timeout=60000)
    cursor = Warehouse(demo_pointer).cursor()
    ids = [r[0] for r in cursor.execute("SELECT customer_id FROM dim_customer ORDER BY 1").fetchall()]
    offer = Offer("Email", 0.5, fixed_cost=1000, discount_pct=5, margin_pct=40)
    result = simulate(cursor, ids, offer, None, consent=True)
    assert page.inner_text("#wi-responders") == f"{round(result.expected['responders']['mean']):,}"
    cost = result.expected["cost"]["mean"]
    opted = cursor.execute("SELECT count(*) FROM dim_customer WHERE email_opt_in").fetchone()[0]
    assert result.contacts == opted < len(ids) and cost == pytest.approx(opted * 0.5 + 1000)
    assert f"Only {opted:,} of the {len(ids):,} customers agreed" in page.inner_text("#wi-notes")
    compare = grid_rows(page, "wi-compare")
    assert any(row.startswith("Email") for row in compare) and len(compare) >= 2
    # no channel: a clear message, not a traceback
    page.goto(server.url + "/mining/whatif")
    page.wait_for_selector("#wi-run", timeout=20000)
    page.fill("#wi-cpc", "")
    page.click("#wi-run")
    page.wait_for_selector("#wi-problem", timeout=20000)
    assert "cost per contact" in page.inner_text("#wi-problem")

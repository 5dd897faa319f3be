"""Stage history (fact_opportunity_stage): the demo's planted history, conversion per stage on a
hand-made history, the snapshot model on known rates, the backtest as the page shows it against
pandas, the fallback without history, and the importer's round trip of the table."""

from __future__ import annotations

import datetime as dt

import duckdb
import numpy as np
import pandas as pd
import pytest

from components.pipeline_stages_view import backtest_rows, conversion_rows, stages_view, verdict
from components.pipeline_view import pipeline_view
from crm import pipeline as pl
from crm import pipeline_stages as ps
from crm.pipeline_report import compute_report
from crm.pipeline_state import PipelineState
from data.schema import TABLES
from data.warehouse import current_path

D = dt.date


# ---------------------------------------------------------------- a hand-made history

# id, created, stage now, amount, expected_close, closed, won; then its stage entries (stage, day)
DEALS = [
    (1, D(2025, 1, 2), "Closed Won", 1000, D(2025, 3, 1), D(2025, 2, 20), True,
     [("Prospecting", D(2025, 1, 2)), ("Qualification", D(2025, 1, 12)), ("Proposal", D(2025, 1, 22)),
      ("Negotiation", D(2025, 2, 1)), ("Closed Won", D(2025, 2, 20))]),
    (2, D(2025, 1, 5), "Closed Lost", 500, D(2025, 3, 1), D(2025, 1, 25), False,
     [("Prospecting", D(2025, 1, 5)), ("Closed Lost", D(2025, 1, 25))]),
    (3, D(2025, 1, 6), "Closed Lost", 700, D(2025, 3, 1), D(2025, 2, 10), False,
     [("Prospecting", D(2025, 1, 6)), ("Qualification", D(2025, 1, 16)), ("Proposal", D(2025, 1, 30)),
      ("Closed Lost", D(2025, 2, 10))]),
    (4, D(2025, 1, 8), "Closed Won", 2000, D(2025, 4, 1), D(2025, 3, 20), True,
     [("Prospecting", D(2025, 1, 8)), ("Qualification", D(2025, 1, 28)), ("Proposal", D(2025, 2, 17)),
      ("Negotiation", D(2025, 3, 1)), ("Closed Won", D(2025, 3, 20))]),
    (5, D(2025, 2, 1), "Proposal", 4000, D(2025, 5, 1), None, None,
     [("Prospecting", D(2025, 2, 1)), ("Qualification", D(2025, 2, 11)), ("Proposal", D(2025, 3, 3))]),
    (6, D(2025, 2, 3), "Closed Lost", 900, D(2025, 4, 1), D(2025, 3, 25), False,
     [("Prospecting", D(2025, 2, 3)), ("Qualification", D(2025, 2, 13)), ("Proposal", D(2025, 2, 23)),
      ("Negotiation", D(2025, 3, 5)), ("Closed Lost", D(2025, 3, 25))]),
]  # fmt: skip
AS_OF = D(2025, 3, 31)


def _fixture(with_history: bool = True):
    c = duckdb.connect()
    for table in ("fact_opportunity", "dim_customer", "dim_partner") + (
        ("fact_opportunity_stage",) if with_history else ()
    ):
        c.execute(TABLES[table])
    c.execute(
        "INSERT INTO dim_customer VALUES (1, 'C1', 'B2B', NULL, NULL, NULL, 'Retail', 'X', 'Asia', 'Y',"
        " DATE '2024-01-01', 1, 1, TRUE, NULL, 'Enterprise', 'a@b.c', 'Co', false, false)"
    )
    for oid, created, stage, amount, expected, closed, won, history in DEALS:
        c.execute(
            "INSERT INTO fact_opportunity VALUES (?, 1, NULL, 'Ann', ?, ?, ?, ?, ?, ?, NULL)",
            [oid, created, stage, amount, expected, closed, won],
        )
        if with_history:
            for hour, (s, day) in enumerate(history):
                c.execute(
                    "INSERT INTO fact_opportunity_stage VALUES (?, ?, ?)",
                    [oid, s, dt.datetime.combine(day, dt.time(9 + hour))],
                )
    return c


@pytest.fixture(scope="module")
def con():
    return _fixture()


def test_conversion_per_stage_from_the_history(con):
    df = ps.stage_conversion(con, AS_OF)
    # closed by 31 March: 1 (won), 2 (lost at Prospecting), 3 (lost at Proposal), 4 (won), 6 (lost at Negotiation)
    assert list(df["stage"]) == list(pl.OPEN_STAGES)
    assert list(df["reached"]) == [5, 4, 4, 3]
    assert list(df["won"]) == [2, 2, 2, 2]
    assert list(df["lost_here"]) == [1, 0, 1, 1]
    assert list(df["p_win"]) == pytest.approx([2 / 5, 2 / 4, 2 / 4, 2 / 3])
    assert list(df["p_next"]) == pytest.approx([4 / 5, 4 / 4, 3 / 4, 2 / 3])
    # days in stage of every deal that left it by then (open deal 5 left Prospecting and Qualification)
    prospecting = [10, 20, 10, 20, 10, 10]  # deals 1, 2, 3, 4, 5, 6 (hours differ by one: +1/24 day)
    assert df["median_days"].iloc[0] == pytest.approx(np.median(prospecting) + 1 / 24)
    # as of 31 January only deal 2 was closed
    early = ps.stage_conversion(con, D(2025, 1, 31))
    assert list(early["reached"]) == [1, 0, 0, 0] and early["p_win"].iloc[0] == 0


def test_snapshots_put_each_open_deal_at_its_last_stage(con):
    snaps = ps.snapshots(con, [D(2025, 1, 31), D(2025, 2, 28)])
    jan = snaps[D(2025, 1, 31)]
    assert jan.end == D(2025, 4, 30)
    got = dict(zip(jan.deals["opportunity_id"], jan.deals["stage"], strict=True))
    assert got == {1: 2, 3: 2, 4: 1}  # deal 2 closed on 25 January; 5 and 6 not yet created
    won = dict(zip(jan.deals["opportunity_id"], jan.deals["won_in"], strict=True))
    assert won == {1: True, 3: False, 4: True}
    assert sorted(jan.new_won["opportunity_id"]) == []  # no deal created after January was won by April
    feb = snaps[D(2025, 2, 28)]
    assert dict(zip(feb.deals["opportunity_id"], feb.deals["stage"], strict=True)) == {4: 2, 5: 1, 6: 2}
    # due buckets: 4 due 1 April (within three months), 5 due 1 May (within), 6 due 1 April
    assert set(feb.deals["bucket"]) == {1}


def _snap(day, rows, new=()):
    deals = pd.DataFrame(rows, columns=["opportunity_id", "stage", "bucket", "amount", "won_in"])
    deals["key"] = deals["stage"] * 3 + deals["bucket"]
    return ps.Snapshot(day, ps.month_end(day, 3), deals, pd.DataFrame(list(new), columns=["opportunity_id", "amount"]))


def test_the_model_learns_known_rates_and_simulates_them():
    """Snapshots where deals in Negotiation (due) are won 3 times in 4 and Prospecting once in 4."""
    rng = np.random.default_rng(5)
    snaps = []
    oid = 0
    for m in range(4):
        rows = []
        for stage, wins in ((3, (1, 1, 1, 0)), (0, (1, 0, 0, 0))):
            for w in wins:
                oid += 1
                rows.append((oid, stage, 1, 1000.0, bool(w)))
        snaps.append(_snap(ps.month_end(D(2024, 1, 31), m), rows, [(10_000 + m, 500.0), (20_000 + m, 700.0)]))
    model = ps.StageModel(sims=20000, random_state=1).fit(snaps)
    assert model.rates_[3 * 3 + 1] == pytest.approx(0.75) and model.rates_[0 * 3 + 1] == pytest.approx(0.25)
    assert model.new_rate_ == 2 and model.new_amounts_.mean() == pytest.approx(600)
    now = _snap(D(2024, 9, 30), [(1, 3, 1, 4000.0, False), (2, 0, 1, 1000.0, False), (3, 2, 0, 800.0, False)])
    p = model.predict(now)
    overall = 16 / 32  # a key never seen gets the overall rate
    assert list(p) == pytest.approx([0.75, 0.25, overall])
    want = 0.75 * 4000 + 0.25 * 1000 + overall * 800 + 2 * 600
    assert model.expected(now) == pytest.approx(want)
    draws = model.simulate(now)
    assert draws.mean() == pytest.approx(want, rel=0.02)
    assert model.expected(now, ids={1}) == pytest.approx(0.75 * 4000 + 2 * 600)
    del rng


def test_backtest_quarters_end_by_the_as_of_day():
    qs = ps.backtest_quarters(D(2025, 12, 31), 3)
    assert qs == [
        (D(2025, 3, 31), D(2025, 4, 1), D(2025, 6, 30)),
        (D(2025, 6, 30), D(2025, 7, 1), D(2025, 9, 30)),
        (D(2025, 9, 30), D(2025, 10, 1), D(2025, 12, 31)),
    ]
    assert ps.backtest_quarters(D(2025, 11, 15), 1) == [(D(2025, 6, 30), D(2025, 7, 1), D(2025, 9, 30))]


# ---------------------------------------------------------------- fallback


@pytest.mark.parametrize("empty_table", [False, True])
def test_without_history_the_page_says_it_infers(empty_table):
    c = _fixture(with_history=False)
    if empty_table:
        c.execute(TABLES["fact_opportunity_stage"])
    assert not ps.has_history(c)
    state = PipelineState.from_query({"p": "2025-Q1"}, pl.read_catalog(c))
    report = compute_report(c, state)
    assert report.stages is None
    for lang, words in (("en", "inferred from each deal's current stage"), ("ko", "현재 단계로부터 추정")):
        view = pipeline_view(report, state, lang)
        assert words in view.stages[0].children
        cards = {card.children.children.children[1].id: card for card in view.cards}
        assert float(cards["pl-kpi-forecast"].children.children.children[1].__dict__["data-value"]) == pytest.approx(
            report.forecast.expected
        )


def test_with_history_the_page_shows_the_stage_report(con):
    state = PipelineState.from_query({"p": "2025-Q1"}, pl.read_catalog(con))
    report = compute_report(con, state)
    assert report.stages is not None
    view = pipeline_view(report, state, "en")
    ids = [getattr(c, "id", None) for c in view.stages]
    assert "pl-stage-conversion" in ids and "pl-stage-backtest" in ids and "pl-stage-verdict" in ids
    rows = conversion_rows(report.stages.conversion, "en")
    assert [r[4] for r in rows] == ["40.0%", "50.0%", "50.0%", "66.7%"]


# ---------------------------------------------------------------- the demo


@pytest.fixture(scope="module")
def demo(demo_pointer):
    c = duckdb.connect(str(current_path(demo_pointer)), read_only=True)
    yield c
    c.close()


def test_the_demo_history_agrees_with_each_opportunity(demo):
    opp = demo.execute("SELECT * FROM fact_opportunity").df()
    hist = demo.execute("SELECT * FROM fact_opportunity_stage ORDER BY opportunity_id, entered_ts").df()
    assert set(hist["opportunity_id"]) == set(opp["opportunity_id"])
    assert not hist.duplicated(["opportunity_id", "stage"]).any()
    g = hist.groupby("opportunity_id")
    first, last = g.first(), g.last()
    o = opp.set_index("opportunity_id")
    assert (first["stage"] == "Prospecting").all()
    assert (first["entered_ts"].dt.normalize() == pd.to_datetime(o["created_date"])).all()
    assert (last["stage"] == o["stage"]).all()
    closed = o["closed_date"].notna()
    assert (last.loc[closed, "entered_ts"].dt.normalize() == pd.to_datetime(o.loc[closed, "closed_date"])).all()
    # stages are entered in order, and won deals passed every open stage
    order = {s: i for i, s in enumerate(ps.STAGES)}
    idx = hist["stage"].map(order)
    assert (idx.groupby(hist["opportunity_id"]).diff().dropna() > 0).all()
    assert (hist[hist["stage"].isin(pl.OPEN_STAGES)].groupby("opportunity_id").size()[o["won"] == True] == 4).all()  # noqa: E712
    # losses at every stage, and P(win | reached) rising with the stage
    conv = ps.stage_conversion(demo, pl.data_bounds(demo)[1])
    assert (conv["lost_here"] > 0).all()
    assert conv["p_win"].is_monotonic_increasing


def test_demo_conversion_equals_pandas(demo):
    as_of = pl.data_bounds(demo)[1]
    opp = demo.execute("SELECT opportunity_id, won, closed_date FROM fact_opportunity").df()
    hist = demo.execute("SELECT * FROM fact_opportunity_stage").df()
    conv = ps.stage_conversion(demo, as_of).set_index("stage")
    closed = opp[opp["closed_date"].notna()].set_index("opportunity_id")["won"].astype(bool)
    reached = hist.groupby("stage")["opportunity_id"].apply(set)
    for i, stage in enumerate(pl.OPEN_STAGES):
        ids = [x for x in reached[stage] if x in closed.index]
        nxt = pl.OPEN_STAGES[i + 1] if i < 3 else pl.WON_STAGE
        assert conv.loc[stage, "reached"] == len(ids)
        assert conv.loc[stage, "won"] == int(closed[ids].sum())
        assert conv.loc[stage, "p_next"] == pytest.approx(len(set(ids) & reached[nxt]) / len(ids))
        h = hist.sort_values(["opportunity_id", "entered_ts"])
        h = h.assign(left=h.groupby("opportunity_id")["entered_ts"].shift(-1))
        days = ((h["left"] - h["entered_ts"]).dt.total_seconds() / 86400)[(h["stage"] == stage) & h["left"].notna()]
        assert conv.loc[stage, "median_days"] == pytest.approx(days.median())


def test_demo_backtest_as_the_page_shows_it_equals_pandas(demo):
    as_of = pl.data_bounds(demo)[1]
    report = ps.stage_report(demo, pl.ALL, as_of, sims=2000)
    bt = report.backtest
    assert len(bt) == ps.BACKTEST_QUARTERS
    opp = demo.execute("SELECT amount, closed_date, won FROM fact_opportunity WHERE won").df()
    closed = pd.to_datetime(opp["closed_date"])
    inside = 0
    rows = backtest_rows(bt, "en")
    for r, shown in zip(bt.itertuples(), rows, strict=True):
        start, end = pl.quarter_of(r.made_on + dt.timedelta(days=1))
        actual = opp.loc[closed.between(pd.Timestamp(start), pd.Timestamp(end)), "amount"].sum()
        before = pl.quarter_of(r.made_on)
        baseline = opp.loc[closed.between(pd.Timestamp(before[0]), pd.Timestamp(before[1])), "amount"].sum()
        assert r.actual == pytest.approx(actual) and r.baseline == pytest.approx(baseline)
        held = r.p10 <= actual <= r.p90
        inside += held
        assert shown[5] == ("yes" if held else "no")
    assert report.inside == inside
    model = (bt["p50"] - bt["actual"]).abs().mean()
    base = (bt["baseline"] - bt["actual"]).abs().mean()
    sentence = verdict(report, "en")
    assert f"in {inside} of 10 quarters" in sentence
    assert ("beats the baseline" in sentence) == (model < base)
    assert inside >= 8  # the planted history: the range holds in at least 8 of 10 quarters
    assert stages_view(report, "ko")  # the Korean view renders too


def test_a_filtered_forecast_counts_only_the_slice(demo):
    as_of = pl.data_bounds(demo)[1]
    owner = pl.filter_options(demo)["owners"][0]
    f = pl.PipelineFilters(owners=(owner,))
    report = ps.stage_report(demo, f, as_of, sims=1000, quarters=2)
    mine = demo.execute("SELECT opportunity_id FROM fact_opportunity WHERE owner = ?", [owner]).df()
    assert set(report.forecast.deals["opportunity_id"]) <= set(mine["opportunity_id"])
    for r in report.backtest.itertuples():
        start, end = pl.quarter_of(r.made_on + dt.timedelta(days=1))
        assert r.actual == pytest.approx(pl.outcomes(demo, f, start, end).won_value)


# ---------------------------------------------------------------- the importer


def test_importer_round_trips_the_demo_stage_table(tmp_path, demo_pointer):
    from data import importer
    from jobs.derive import derive as post_load

    pointer = tmp_path / "wh" / "xrm.duckdb"
    src = duckdb.connect(str(current_path(demo_pointer)), read_only=True)
    opp = src.execute(
        "SELECT opportunity_id, customer_id, owner, created_date, stage, amount, expected_close, closed_date, won"
        " FROM fact_opportunity ORDER BY opportunity_id"
    ).df()
    hist = src.execute("SELECT * FROM fact_opportunity_stage ORDER BY opportunity_id, entered_ts").df()
    src.close()
    (tmp_path / "orders.csv").write_text("customer,order_date,amount\n1,2025-01-05,100\n")

    def run(path, entity, derive=None, new=False):
        source = importer.open_source(path)
        validation = importer.validate(
            source, importer.detect(source, entity), pointer=pointer, derive=derive, new_warehouse=new
        )
        return validation, importer.load(
            validation, "tester", policy="quarantine", new_warehouse=new, pointer=pointer, derive=post_load
        )

    run(tmp_path / "orders.csv", "order_lines", new=True)
    opp.to_csv(tmp_path / "opp.csv", index=False)
    _, loaded = run(tmp_path / "opp.csv", "opportunities", derive=True)
    assert loaded.rows_loaded == len(opp)
    # the history as a CRM exports it: other headers, stages in other case, plus two bad rows
    export = hist.rename(columns={"opportunity_id": "deal_id", "entered_ts": "changed_at"})
    export["stage"] = export["stage"].str.upper()
    bad = pd.DataFrame(
        {"deal_id": [999_999, 1], "stage": ["Negotiation", "Won somehow"], "changed_at": [hist["entered_ts"][0]] * 2}
    )
    pd.concat([export, bad]).to_csv(tmp_path / "stages.csv", index=False)
    for attempt in range(2):  # a reload changes nothing
        validation, loaded = run(tmp_path / "stages.csv", "opportunity_stages", derive=True)
        assert validation.errors == {"bad_choice": 1, "unknown_reference": 1}
        assert loaded.rows_loaded == len(hist), attempt
        con = duckdb.connect(str(current_path(pointer)), read_only=True)
        got = con.execute("SELECT * FROM fact_opportunity_stage ORDER BY opportunity_id, entered_ts").df()
        assert con.execute("SELECT count(*) FROM fact_opportunity").fetchone()[0] == len(opp)  # none derived
        con.close()
        pd.testing.assert_frame_equal(got, hist, check_dtype=False)

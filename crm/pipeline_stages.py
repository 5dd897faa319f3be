"""The pipeline from its stage history (``fact_opportunity_stage``): stage-to-stage conversion,
win probabilities, days in stage, and a next-quarter forecast whose range is backtested.

``fact_opportunity_stage(opportunity_id, stage, entered_ts)`` records every stage an opportunity
entered. From it, per open stage, among the deals closed by the as-of day that reached it:
**P(win | reached)** = won / reached, **P(next | reached)** = share that went on to the next
stage (Closed Won after Negotiation), and the **median days in stage** of every deal that left it
by then. Without the table (or with it empty) none of this exists and the page falls back to
``crm.pipeline``'s inference from the current stage, and says so.

The forecast of a quarter is made at the end of the quarter before (``made_on``):

1. **Snapshots.** At each month end ``d`` the deals open at ``d`` (created by ``d``, not closed by
   it), each at the stage it had entered last by ``d`` and in a due bucket (overdue, due within
   the next three months, due later, by ``expected_close``); and whether it was won within the
   three months after ``d``. Also the deals created after ``d`` and won within those months.
2. **Model** (fitted as of a day): from the last ``SNAPSHOTS`` month-end snapshots whose three
   months had passed by that day, P(won within three months | stage, due bucket) per deal, the
   mean count of deals created and won inside the window and their amounts.
3. **Simulation.** Every open deal is won independently with its probability; the deals still to
   be created are a Poisson count with amounts drawn from the recent ones; ``SIMS`` draws.
4. **Calibration.** The same model made at each of the last ``CALIBRATION`` month ends whose
   three months had passed by ``made_on`` is compared with what happened: the mean log error
   shifts the draws and its spread widens them (the win rate drifts between quarters, which the
   Bernoulli draws alone do not know). With fewer than ``MIN_ERRORS`` such errors the spread is
   ``DEFAULT_SPREAD`` and nothing is shifted.

A pipeline export holds complete outcomes only from its first recorded loss (before it, systems
often kept won deals only): snapshots before the month of the first loss are not used.

The actual outcome of a quarter is the value of every deal won in it. The baseline is "last
quarter's actual". Filters (owner, partner, region) choose the deals forecast and counted; the
probabilities are learned from every deal, as in ``crm.pipeline``.

All values reach SQL as bound parameters; identifiers are the constants below.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from crm import pipeline as pl

TABLE = "fact_opportunity_stage"
STAGES = pl.OPEN_STAGES + (pl.WON_STAGE, pl.LOST_STAGE)
HORIZON_MONTHS = 3
SNAPSHOTS = 12
CALIBRATION = 9
MIN_ERRORS = 3
DEFAULT_SPREAD = 0.15
SIMS = 4000
BACKTEST_QUARTERS = 10
BUCKETS = ("overdue", "due", "later")

_INDEX = "CASE h.stage " + " ".join(f"WHEN '{s}' THEN {i}" for i, s in enumerate(STAGES)) + " END"


def has_history(con) -> bool:
    """Whether the warehouse has stage history rows (the table may be missing in older versions)."""
    exists = con.execute(
        "SELECT count(*) FROM duckdb_tables() WHERE table_name = ? AND schema_name = 'main'", [TABLE]
    ).fetchone()[0]
    return bool(exists) and con.execute(f"SELECT count(*) > 0 FROM {TABLE}").fetchone()[0]


def month_end(day: dt.date, months: int = 0) -> dt.date:
    """The last day of the month ``months`` after ``day``'s (negative: before)."""
    index = day.year * 12 + day.month - 1 + months + 1
    return dt.date(index // 12, index % 12 + 1, 1) - dt.timedelta(days=1)


# ---------------------------------------------------------------- conversion per stage


def stage_conversion(con, as_of: dt.date) -> pd.DataFrame:
    """Per open stage, over the deals closed by ``as_of`` that reached it (by their history):
    reached, won, lost at this stage, P(win | reached), P(next | reached), and the median days
    in the stage of every deal that had left it by ``as_of`` (None when none had)."""
    rows = con.execute(
        f"""WITH h AS (SELECT h.opportunity_id, {_INDEX} AS s, h.entered_ts FROM {TABLE} h
                       WHERE h.entered_ts < ? + INTERVAL 1 DAY),
            nxt AS (SELECT opportunity_id, s, entered_ts,
                           lead(entered_ts) OVER (PARTITION BY opportunity_id ORDER BY entered_ts, s) AS left_ts,
                           max(s) OVER (PARTITION BY opportunity_id) AS top
                    FROM h),
            closed AS (SELECT opportunity_id, won FROM fact_opportunity WHERE closed_date <= ?)
            SELECT st.i,
                   count(c.opportunity_id),
                   count(c.opportunity_id) FILTER (c.won),
                   count(c.opportunity_id) FILTER (NOT c.won AND n.top = 5
                        AND NOT EXISTS (SELECT 1 FROM h h2 WHERE h2.opportunity_id = n.opportunity_id
                                        AND h2.s > st.i AND h2.s < 4)),
                   count(c.opportunity_id) FILTER (EXISTS (SELECT 1 FROM h h2 WHERE h2.opportunity_id = n.opportunity_id
                                                   AND h2.s = CASE WHEN st.i = 3 THEN 4 ELSE st.i + 1 END)),
                   (SELECT median(date_diff('second', n2.entered_ts, n2.left_ts) / 86400.0) FROM nxt n2
                    WHERE n2.s = st.i AND n2.left_ts IS NOT NULL)
            FROM range(4) st(i)
            LEFT JOIN nxt n ON n.s = st.i
            LEFT JOIN closed c ON c.opportunity_id = n.opportunity_id
            GROUP BY st.i ORDER BY st.i""",
        [as_of, as_of],
    ).fetchall()
    df = pd.DataFrame(rows, columns=["index", "reached", "won", "lost_here", "went_on", "median_days"])
    df.insert(0, "stage", [pl.OPEN_STAGES[i] for i in df["index"]])
    df["p_win"] = (df["won"] / df["reached"]).where(df["reached"] > 0)
    df["p_next"] = (df["went_on"] / df["reached"]).where(df["reached"] > 0)
    df["median_days"] = df["median_days"].astype(float)
    return df.drop(columns="index")


# ---------------------------------------------------------------- snapshots


@dataclass(frozen=True)
class Snapshot:
    """The deals open at the end of ``day`` and what the next three months brought."""

    day: dt.date
    end: dt.date  # the window's last day
    deals: pd.DataFrame  # opportunity_id, stage (0..3), bucket (0..2), key, amount, won_in (bool)
    new_won: pd.DataFrame  # opportunity_id, amount: created after day, won by end


def snapshots(con, days: list[dt.date]) -> dict[dt.date, Snapshot]:
    """One ``Snapshot`` per day (month ends), in two queries."""
    if not days:
        return {}
    ends = [month_end(d, HORIZON_MONTHS) for d in days]
    grid = "SELECT unnest(CAST(? AS DATE[])) AS d, unnest(CAST(? AS DATE[])) AS e"
    deals = con.execute(
        f"""WITH g AS ({grid}),
                o AS (SELECT g.d, g.e, o.opportunity_id, o.amount, o.expected_close, o.closed_date, o.won
                      FROM g JOIN fact_opportunity o
                        ON o.created_date <= g.d AND (o.closed_date IS NULL OR o.closed_date > g.d)),
                st AS (SELECT o.d, o.opportunity_id, max({_INDEX}) AS s
                       FROM o JOIN {TABLE} h ON h.opportunity_id = o.opportunity_id
                        AND h.entered_ts < o.d + INTERVAL 1 DAY
                       WHERE {_INDEX} < 4
                       GROUP BY ALL)
                SELECT o.d, o.opportunity_id, coalesce(st.s, 0) AS stage,
                       CASE WHEN o.expected_close <= o.d THEN 0 WHEN o.expected_close <= o.e THEN 1 ELSE 2 END AS bucket,
                       o.amount, coalesce(o.won AND o.closed_date <= o.e, false) AS won_in
                FROM o LEFT JOIN st ON st.d = o.d AND st.opportunity_id = o.opportunity_id""",
        [days, ends],
    ).df()
    new = con.execute(
        f"""WITH g AS ({grid})
            SELECT g.d, o.opportunity_id, o.amount FROM g JOIN fact_opportunity o
              ON o.created_date > g.d AND o.won AND o.closed_date <= g.e""",
        [days, ends],
    ).df()
    deals["key"] = deals["stage"] * len(BUCKETS) + deals["bucket"]
    out = {}
    for d, e in zip(days, ends, strict=True):
        ts = pd.Timestamp(d)
        part = deals[deals["d"] == ts].drop(columns="d").sort_values("opportunity_id").reset_index(drop=True)
        fresh = new[new["d"] == ts].drop(columns="d").reset_index(drop=True)
        out[d] = Snapshot(d, e, part, fresh)
    return out


def first_loss(con) -> dt.date | None:
    return con.execute("SELECT min(closed_date) FROM fact_opportunity WHERE NOT won").fetchone()[0]


def usable_days(con, made_on: dt.date) -> list[dt.date]:
    """Month ends from the month of the first recorded loss to ``made_on``."""
    start = first_loss(con)
    if start is None:
        return []
    days, d = [], month_end(start)
    while d <= made_on:
        days.append(d)
        d = month_end(d, 1)
    return days


# ---------------------------------------------------------------- the model


class StageModel:
    """P(won within the horizon | stage, due bucket) and the rate of deals created and won inside it.

    ``fit(snapshots)`` learns from snapshots whose horizon has passed; ``predict(snapshot)`` gives
    each open deal its probability; ``simulate(snapshot, sims, seed)`` the won value's draws."""

    def __init__(self, sims: int = SIMS, random_state: int = 0, new_share: float = 1.0):
        self.sims = sims
        self.random_state = random_state
        self.new_share = new_share  # the filtered slice's share of the deals still to be created

    def fit(self, snaps: list[Snapshot]) -> StageModel:
        deals = pd.concat([s.deals for s in snaps], ignore_index=True) if snaps else pd.DataFrame()
        self.n_snapshots_ = len(snaps)
        self.overall_ = float(deals["won_in"].mean()) if len(deals) else 0.0
        self.rates_ = deals.groupby("key")["won_in"].mean().astype(float) if len(deals) else pd.Series(dtype=float)
        counts = [len(s.new_won) for s in snaps]
        self.new_rate_ = float(np.mean(counts)) if counts else 0.0
        self.new_amounts_ = (
            np.concatenate([s.new_won["amount"].to_numpy(float) for s in snaps]) if snaps else np.zeros(0)
        )
        return self

    def predict(self, snap: Snapshot) -> np.ndarray:
        return snap.deals["key"].map(self.rates_).fillna(self.overall_).to_numpy(float)

    def expected(self, snap: Snapshot, ids=None) -> float:
        p, a = self.predict(snap), snap.deals["amount"].to_numpy(float)
        if ids is not None:
            keep = snap.deals["opportunity_id"].isin(ids).to_numpy()
            p, a = p[keep], a[keep]
        return float(p @ a) + self.new_value(ids)

    def new_value(self, ids=None) -> float:
        """Expected value of the deals still to be created and won inside the horizon."""
        if not len(self.new_amounts_):
            return 0.0
        return self.new_rate_ * float(self.new_amounts_.mean()) * self.new_share

    def simulate(self, snap: Snapshot, ids=None) -> np.ndarray:
        rng = np.random.default_rng(self.random_state)
        p, a = self.predict(snap), snap.deals["amount"].to_numpy(float)
        if ids is not None:
            keep = snap.deals["opportunity_id"].isin(ids).to_numpy()
            p, a = p[keep], a[keep]
        totals = pl.simulate_won(a, p, self.sims, self.random_state)
        if len(self.new_amounts_) and self.new_rate_ > 0:
            counts = rng.poisson(self.new_rate_ * self.new_share, self.sims)
            draws = self.new_amounts_[rng.integers(0, len(self.new_amounts_), int(counts.sum()))]
            totals = totals + np.bincount(np.repeat(np.arange(self.sims), counts), weights=draws, minlength=self.sims)
        return totals


def _training(snaps: dict[dt.date, Snapshot], made_on: dt.date) -> list[Snapshot]:
    """The last ``SNAPSHOTS`` snapshots whose horizon had passed by ``made_on``."""
    done = [s for d, s in sorted(snaps.items()) if s.end <= made_on]
    return done[-SNAPSHOTS:]


# ---------------------------------------------------------------- forecast and backtest


@dataclass(frozen=True)
class StageForecast:
    quarter: str
    start: dt.date
    end: dt.date
    made_on: dt.date
    deals: pd.DataFrame  # opportunity_id, stage, bucket, amount, probability (the filtered open deals)
    pipeline_expected: float  # Σ probability × amount of the open deals
    new_expected: float  # deals still to be created and won inside the quarter
    bias: float  # mean log error of the calibration forecasts (0 when too few)
    spread: float  # their standard deviation (DEFAULT_SPREAD when too few)
    errors: int  # how many calibration forecasts there were
    snapshots: int  # how many snapshots the model learned from
    p10: float
    p50: float
    p90: float
    expected: float = field(default=0.0)  # mean of the calibrated draws

    @property
    def pipeline(self) -> float:
        return float(self.deals["amount"].sum()) if len(self.deals) else 0.0


def _filtered_ids(con, filters: pl.PipelineFilters) -> set[int] | None:
    if filters == pl.ALL and not filters.where()[0]:
        return None
    sql, params = pl._base(filters)
    return {int(r[0]) for r in con.execute(f"SELECT opportunity_id FROM ({sql})", params).fetchall()}


def _actual(con, filters: pl.PipelineFilters, start: dt.date, end: dt.date) -> float:
    return pl.outcomes(con, filters, start, end).won_value


def _share(con, ids) -> float:
    """The filtered deals' share of won value (scales the not-yet-created deals to a slice)."""
    if ids is None:
        return 1.0
    total, part = con.execute(
        "SELECT coalesce(sum(amount), 0), coalesce(sum(amount) FILTER (list_contains(?, opportunity_id)), 0)"
        " FROM fact_opportunity WHERE won",
        [sorted(ids)],
    ).fetchone()
    return float(part) / float(total) if total else 0.0


def _forecast(con, snaps, made_on: dt.date, ids, share: float, sims: int, seed: int) -> StageForecast | None:
    training = _training(snaps, made_on)
    if not training or made_on not in snaps:
        return None
    start, end = made_on + dt.timedelta(days=1), snaps[made_on].end  # a calendar quarter from a quarter's end
    model = StageModel(sims, seed, share).fit(training)
    # calibration: the same model made at earlier month ends whose horizon had passed
    errors = []
    for origin in sorted(d for d, s in snaps.items() if s.end <= made_on)[-CALIBRATION:]:
        past = _training(snaps, origin)
        if not past:
            continue
        m = StageModel(sims, seed, share).fit(past)
        s = snaps[origin]
        predicted = m.expected(s, ids)
        keep = s.deals["opportunity_id"].isin(ids) if ids is not None else slice(None)
        new = s.new_won[s.new_won["opportunity_id"].isin(ids)] if ids is not None else s.new_won
        happened = float(s.deals.loc[keep].loc[lambda d: d["won_in"], "amount"].sum()) + float(new["amount"].sum())
        if predicted > 0 and happened > 0:
            errors.append(np.log(happened / predicted))
    if len(errors) >= MIN_ERRORS:
        bias, spread = float(np.mean(errors)), float(np.std(errors, ddof=1))
    else:
        bias, spread = 0.0, DEFAULT_SPREAD
    snap = snaps[made_on]
    draws = model.simulate(snap, ids)
    # the errors' three-month windows overlap (each shares two months with the next): about a third
    # of them are independent, so the spread is drawn from Student's t with that many degrees of freedom
    # (at least 2, at most the errors' count less one); log errors beyond ±3 (×20) are cut off
    freedom = max(len(errors) // HORIZON_MONTHS - 1, 2) if len(errors) >= MIN_ERRORS else None
    rng = np.random.default_rng(seed + 1)
    noise = bias + spread * (rng.standard_t(freedom, len(draws)) if freedom else rng.standard_normal(len(draws)))
    draws = draws * np.exp(np.clip(noise, -3.0, 3.0))
    p10, p50, p90 = (float(v) for v in np.percentile(draws, [10, 50, 90]))
    deals = snap.deals.assign(probability=model.predict(snap))
    if ids is not None:
        deals = deals[deals["opportunity_id"].isin(ids)].reset_index(drop=True)
    deals = deals.assign(
        stage=[pl.OPEN_STAGES[i] for i in deals["stage"]], bucket=[BUCKETS[b] for b in deals["bucket"]]
    )
    return StageForecast(
        quarter=pl.quarter_token(start),
        start=start,
        end=end,
        made_on=made_on,
        deals=deals[["opportunity_id", "stage", "bucket", "amount", "probability"]],
        pipeline_expected=float((deals["probability"] * deals["amount"]).sum()),
        new_expected=model.new_value(),
        bias=bias,
        spread=spread,
        errors=len(errors),
        snapshots=model.n_snapshots_,
        p10=p10,
        p50=p50,
        p90=p90,
        expected=float(draws.mean()),
    )


@dataclass(frozen=True)
class StageReport:
    """Everything the page shows from the stage history."""

    as_of: dt.date
    conversion: pd.DataFrame  # stage_conversion
    forecast: StageForecast | None  # the quarter after the as-of day's (None: too little history)
    backtest: pd.DataFrame  # quarter, made_on, p10, p50, p90, actual, inside, baseline, model_error, baseline_error

    @property
    def inside(self) -> int:
        return int(self.backtest["inside"].sum()) if len(self.backtest) else 0

    @property
    def model_mae(self) -> float | None:
        return float(self.backtest["model_error"].abs().mean()) if len(self.backtest) else None

    @property
    def baseline_mae(self) -> float | None:
        return float(self.backtest["baseline_error"].abs().mean()) if len(self.backtest) else None


def backtest_quarters(as_of: dt.date, count: int = BACKTEST_QUARTERS) -> list[tuple[dt.date, dt.date, dt.date]]:
    """(made_on, start, end) of the last ``count`` calendar quarters that ended by ``as_of``."""
    start, end = pl.quarter_of(as_of)
    if end > as_of:
        start, end = pl.quarter_of(start - dt.timedelta(days=1))
    out = []
    while len(out) < count:
        out.append((start - dt.timedelta(days=1), start, end))
        start, end = pl.quarter_of(start - dt.timedelta(days=1))
    return out[::-1]


def stage_report(
    con, filters: pl.PipelineFilters, as_of: dt.date, sims: int = SIMS, seed: int = 0, quarters: int = BACKTEST_QUARTERS
) -> StageReport | None:
    """The conversion table, the next quarter's forecast and the backtest of the last
    ``quarters`` quarters; None when the warehouse has no stage history."""
    if not has_history(con):
        return None
    ids = _filtered_ids(con, filters)
    share = _share(con, ids)
    _, this_end = pl.quarter_of(as_of)
    days = usable_days(con, max(as_of, this_end))
    if as_of not in days and days and as_of > days[0]:
        days.append(as_of)  # the forecast's own day when the data ends inside a month
    snaps = snapshots(con, sorted(set(days)))
    rows = []
    for made_on, start, end in backtest_quarters(as_of, quarters):
        fc = _forecast(con, snaps, made_on, ids, share, sims, seed)
        if fc is None:
            continue
        actual = _actual(con, filters, start, end)
        baseline = _actual(con, filters, pl.quarter_of(made_on)[0], made_on)
        rows.append(
            {
                "quarter": fc.quarter,
                "made_on": made_on,
                "p10": fc.p10,
                "p50": fc.p50,
                "p90": fc.p90,
                "actual": actual,
                "inside": fc.p10 <= actual <= fc.p90,
                "baseline": baseline,
                "model_error": fc.p50 - actual,
                "baseline_error": baseline - actual,
            }
        )
    columns = [
        "quarter",
        "made_on",
        "p10",
        "p50",
        "p90",
        "actual",
        "inside",
        "baseline",
        "model_error",
        "baseline_error",
    ]
    return StageReport(
        as_of=as_of,
        conversion=stage_conversion(con, as_of),
        forecast=_forecast(con, snaps, as_of, ids, share, sims, seed),
        backtest=pd.DataFrame(rows, columns=columns),
    )

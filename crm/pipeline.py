"""Sales pipeline analytics over ``fact_opportunity`` (Bi-SFA): funnel, conversion, win rate,
deal size, cycle time, a weighted next-quarter forecast with its backtest, and stale deals.

No stage history is stored: an opportunity has its current ``stage`` (Prospecting,
Qualification, Proposal, Negotiation while open; Closed Won / Closed Lost once closed), its
``created_date``, planned ``expected_close`` and ``closed_date``. Which stages a deal
*reached* is therefore inferred, in stage order:

- an **open** deal reached every stage up to its current one;
- a **won** deal reached every stage, and Closed Won;
- a **lost** deal does not record the stage it was lost at (the demo generator and most
  CRM exports overwrite it with "Closed Lost"). We assume a deal moves through the four open
  stages evenly over its planned cycle (created → expected_close): a lost deal reached the
  stage matching the share of that cycle it lived, ``min(3, floor(4 · (closed − created) /
  (expected_close − created)))`` (0 = Prospecting … 3 = Negotiation). Counting lost deals only
  as created (the other obvious rule) would put every loss at Prospecting and make any deal
  past it a certain win, which no forecast can use.

The same even-progress rule gives a deal's stage on a past date (capped by its current stage
while it is still open): the backtest uses it to rebuild the pipeline as it stood.

Periods: the funnel and conversion count deals **created** in the period; win rate, deal size
and cycle time count deals **closed** in the period; open pipeline is a snapshot at the end
of the period (or the data's last day). The forecast always looks at the calendar quarter after
the data's last day. Filters (owner, partner, region via the customer) apply everywhere; stage
win probabilities are learned from every closed deal, whatever the filters, so a small slice is
not weighted by a handful of outcomes.

All values reach SQL as bound parameters; identifiers come from the constants below.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

import numpy as np
import pandas as pd

from olap.scope import partner_scope, sql_clause

OPEN_STAGES = ("Prospecting", "Qualification", "Proposal", "Negotiation")
WON_STAGE = "Closed Won"
LOST_STAGE = "Closed Lost"
FUNNEL_STAGES = OPEN_STAGES + (WON_STAGE,)
BREAKDOWNS = ("owner", "partner", "region", "month", "quarter")
DIRECT = "Direct"  # the partner label of deals without one
SIMULATIONS = 5000
STALE_GRACE_DAYS = 30


@dataclass(frozen=True)
class PipelineFilters:
    """Which opportunities to look at; empty tuples mean all."""

    owners: tuple[str, ...] = ()
    partners: tuple[int, ...] = ()  # partner ids; 0 means deals without a partner (direct)
    regions: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()  # the deal's customer's country
    customer_types: tuple[str, ...] = ()  # the deal's customer's type (B2C, B2B)

    def where(self, alias: str = "o", region: str = "c.region") -> tuple[str, list]:
        """SQL conditions (joined with AND, starting with ``AND``) and their bound values."""
        sql, params = [], []
        if self.owners:
            sql.append(f"list_contains(?, {alias}.owner)")
            params.append(list(self.owners))
        if self.partners:
            sql.append(f"list_contains(?, coalesce({alias}.partner_id, 0))")
            params.append([int(p) for p in self.partners])
        if self.regions:
            sql.append(f"list_contains(?, {region})")
            params.append(list(self.regions))
        for column, chosen in (("c.country", self.countries), ("c.customer_type", self.customer_types)):
            if chosen:
                sql.append(f"list_contains(?, {column})")
                params.append(list(chosen))
        scope = partner_scope()  # row-level security: a partner manager sees their partners' deals
        if scope is not None:
            clause, ids = sql_clause(f"{alias}.partner_id", scope)
            sql.append(clause)
            params.extend(ids)
        return "".join(f" AND {s}" for s in sql), params


ALL = PipelineFilters()

# the stage index: 0..3 open stages, 4 won; a lost deal gets the stage it is inferred to have reached
_OPEN_INDEX = "CASE o.stage " + " ".join(f"WHEN '{s}' THEN {i}" for i, s in enumerate(OPEN_STAGES)) + " ELSE 0 END"


def _progress_index(day: str) -> str:
    """The open stage a deal is at on ``day`` under even progress over its planned cycle."""
    return (
        f"least(3, greatest(0, floor(4.0 * date_diff('day', o.created_date, {day})"
        " / greatest(date_diff('day', o.created_date, o.expected_close), 1))))::INTEGER"
    )


_REACHED = f"CASE WHEN o.won THEN 4 WHEN NOT o.won THEN {_progress_index('o.closed_date')} ELSE {_OPEN_INDEX} END"

_BASE = f"""
    SELECT o.opportunity_id, o.customer_id, o.owner, coalesce(o.partner_id, 0) AS partner_id,
           coalesce(p.name, '{DIRECT}') AS partner, coalesce(c.region, '') AS region, c.name AS customer,
           o.stage, o.amount, o.created_date, o.expected_close, o.closed_date, o.won,
           {_OPEN_INDEX} AS open_index, {_REACHED} AS reached
    FROM fact_opportunity o
    LEFT JOIN dim_customer c ON c.customer_id = o.customer_id
    LEFT JOIN dim_partner p ON p.partner_id = o.partner_id
    WHERE TRUE"""


def _base(filters: PipelineFilters) -> tuple[str, list]:
    cond, params = filters.where()
    return _BASE + cond, params


def _df(con, sql: str, params: list) -> pd.DataFrame:
    return con.execute(sql, params).df()


# ---------------------------------------------------------------- bounds and options


def data_bounds(con) -> tuple[dt.date, dt.date] | None:
    """(first created date, as-of date = the last created or closed date), or None without deals."""
    first, last = con.execute(
        "SELECT min(created_date), greatest(max(created_date), max(closed_date)) FROM fact_opportunity"
    ).fetchone()
    return None if first is None else (first, last)


def filter_options(con) -> dict:
    """Owners, partners (id → name) and regions that have opportunities, for the filter bar."""
    sql, params = _base(ALL)
    owners = [r[0] for r in con.execute(f"SELECT DISTINCT owner FROM ({sql}) ORDER BY 1", params).fetchall()]
    partners = dict(con.execute(f"SELECT DISTINCT partner_id, partner FROM ({sql}) ORDER BY 2", params).fetchall())
    regions = [r[0] for r in con.execute(f"SELECT DISTINCT region FROM ({sql}) WHERE region <> '' ORDER BY 1", params).fetchall()]  # fmt: skip
    return {"owners": owners, "partners": partners, "regions": regions}


@dataclass(frozen=True)
class PipelineCatalog:
    """The pipeline's bounds and filter options in one warehouse version (what its URL is checked against)."""

    data_start: dt.date | None
    data_end: dt.date | None  # the as-of date: the last created or closed day
    owners: tuple[str, ...] = ()
    partners: Mapping[int, str] = field(default_factory=dict)  # partner id → name; 0 is direct
    regions: tuple[str, ...] = ()

    @property
    def empty(self) -> bool:
        """No opportunities: nothing to show yet."""
        return self.data_end is None

    @property
    def bounds(self) -> tuple[dt.date, dt.date]:
        return self.data_start, self.data_end


def read_catalog(con) -> PipelineCatalog:
    """The bounds and options of the version ``con`` reads (no cache; see ``olap.catalog.versioned``)."""
    bounds = data_bounds(con)
    if bounds is None:
        return PipelineCatalog(None, None)
    options = filter_options(con)
    return PipelineCatalog(
        *bounds, tuple(options["owners"]), MappingProxyType(dict(options["partners"])), tuple(options["regions"])
    )


# ---------------------------------------------------------------- funnel and outcomes


def funnel(con, filters: PipelineFilters, start: dt.date, end: dt.date) -> pd.DataFrame:
    """Deals created in [start, end] reaching each stage: stage, deals, value, conversion from the
    stage before (None for the first), share of the first stage."""
    sql, params = _base(filters)
    rows = con.execute(
        f"""SELECT s.i, count(b.opportunity_id), coalesce(sum(b.amount), 0)
            FROM range(5) s(i) LEFT JOIN ({sql} AND o.created_date BETWEEN ? AND ?) b ON b.reached >= s.i
            GROUP BY s.i ORDER BY s.i""",
        params + [start, end],
    ).fetchall()
    df = pd.DataFrame(rows, columns=["index", "deals", "value"])
    df.insert(0, "stage", [FUNNEL_STAGES[i] for i in df["index"]])
    deals = df["deals"].astype(float)
    df["conversion"] = [None] + [(deals[i] / deals[i - 1]) if deals[i - 1] else None for i in range(1, len(df))]
    df["share"] = deals / deals[0] if deals[0] else None
    return df.drop(columns="index")


@dataclass(frozen=True)
class Outcomes:
    """Deals closed in a period: counts, win rate (won / closed), average won deal, cycle days."""

    closed: int
    won: int
    lost: int
    won_value: float
    win_rate: float | None
    avg_deal: float | None
    cycle_won: float | None  # mean days created → closed
    cycle_lost: float | None


def outcomes(con, filters: PipelineFilters, start: dt.date, end: dt.date) -> Outcomes:
    sql, params = _base(filters)
    row = con.execute(
        f"""SELECT count(*), count(*) FILTER (won), count(*) FILTER (NOT won),
                   coalesce(sum(amount) FILTER (won), 0), avg(amount) FILTER (won),
                   avg(date_diff('day', created_date, closed_date)) FILTER (won),
                   avg(date_diff('day', created_date, closed_date)) FILTER (NOT won)
            FROM ({sql}) WHERE closed_date BETWEEN ? AND ?""",
        params + [start, end],
    ).fetchone()
    closed, won, lost, won_value, avg_deal, cycle_won, cycle_lost = row
    return Outcomes(
        closed=int(closed),
        won=int(won),
        lost=int(lost),
        won_value=float(won_value),
        win_rate=won / closed if closed else None,
        avg_deal=None if avg_deal is None else float(avg_deal),
        cycle_won=None if cycle_won is None else float(cycle_won),
        cycle_lost=None if cycle_lost is None else float(cycle_lost),
    )


def open_pipeline(con, filters: PipelineFilters, at: dt.date) -> tuple[int, float]:
    """(deals, value) open at the end of day ``at``: created by then, not closed by then."""
    sql, params = _base(filters)
    deals, value = con.execute(
        f"""SELECT count(*), coalesce(sum(amount), 0) FROM ({sql})
            WHERE created_date <= ? AND (closed_date IS NULL OR closed_date > ?)""",
        params + [at, at],
    ).fetchone()
    return int(deals), float(value)


_KEYS = {  # breakdown → (key on the created side, key on the closed side, label)
    "owner": ("owner", "owner", "owner"),
    "partner": ("partner_id", "partner_id", "any_value(partner)"),
    "region": ("region", "region", "region"),
    "month": ("strftime(created_date, '%Y-%m')", "strftime(closed_date, '%Y-%m')", None),
    "quarter": (
        "strftime(created_date, '%Y') || '-Q' || quarter(created_date)",
        "strftime(closed_date, '%Y') || '-Q' || quarter(closed_date)",
        None,
    ),
}


def breakdown(con, filters: PipelineFilters, start: dt.date, end: dt.date, by: str, at: dt.date) -> pd.DataFrame:
    """One row per owner, partner, region, created/closed month or quarter: deals created and
    their value (created in the period), won, lost, won value, win rate, average won deal and
    cycle days (closed in the period), and the open pipeline at ``at`` (owner/partner/region)."""
    if by not in _KEYS:
        raise ValueError(f"unknown breakdown {by!r}; choose one of {', '.join(BREAKDOWNS)}")
    created_key, closed_key, label = _KEYS[by]
    label = label or created_key
    closed_label = _KEYS[by][2] or closed_key
    sql, params = _base(filters)
    open_part = (
        f"""SELECT {created_key} AS key, count(*) AS open_deals, sum(amount) AS open_value FROM base
            WHERE created_date <= ? AND (closed_date IS NULL OR closed_date > ?) GROUP BY 1"""
        if by in ("owner", "partner", "region")
        else "SELECT NULL AS key, NULL::BIGINT AS open_deals, NULL::DOUBLE AS open_value WHERE FALSE"
    )
    open_params = [at, at] if by in ("owner", "partner", "region") else []
    df = _df(
        con,
        f"""WITH base AS ({sql}),
            cr AS (SELECT {created_key} AS key, {label} AS label, count(*) AS created, sum(amount) AS created_value
                   FROM base WHERE created_date BETWEEN ? AND ? GROUP BY 1),
            cl AS (SELECT {closed_key} AS key, {closed_label} AS label, count(*) FILTER (won) AS won,
                          count(*) FILTER (NOT won) AS lost, coalesce(sum(amount) FILTER (won), 0) AS won_value,
                          avg(amount) FILTER (won) AS avg_deal,
                          avg(date_diff('day', created_date, closed_date)) FILTER (won) AS cycle_won,
                          avg(date_diff('day', created_date, closed_date)) FILTER (NOT won) AS cycle_lost
                   FROM base WHERE closed_date BETWEEN ? AND ? GROUP BY 1),
            op AS ({open_part})
            SELECT coalesce(cr.key, cl.key) AS key, coalesce(cr.label, cl.label) AS label,
                   coalesce(cr.created, 0) AS created, coalesce(cr.created_value, 0) AS created_value,
                   coalesce(cl.won, 0) AS won, coalesce(cl.lost, 0) AS lost, coalesce(cl.won_value, 0) AS won_value,
                   cl.avg_deal, cl.cycle_won, cl.cycle_lost, coalesce(op.open_deals, 0) AS open_deals,
                   coalesce(op.open_value, 0) AS open_value
            FROM cr FULL JOIN cl ON cl.key = cr.key LEFT JOIN op ON op.key = coalesce(cr.key, cl.key)
            ORDER BY created_value DESC, won_value DESC, key""",
        params + [start, end, start, end] + open_params,
    )
    closed = df["won"] + df["lost"]
    df["win_rate"] = (df["won"] / closed).where(closed > 0)
    if by in ("month", "quarter"):
        df = df.sort_values("key").reset_index(drop=True)
    return df


# ---------------------------------------------------------------- forecast


def quarter_of(day: dt.date) -> tuple[dt.date, dt.date]:
    """First and last day of ``day``'s calendar quarter."""
    first = dt.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
    nxt = dt.date(first.year + (first.month + 3 > 12), (first.month + 2) % 12 + 1, 1)
    return first, nxt - dt.timedelta(days=1)


def quarter_token(day: dt.date) -> str:
    return f"{day.year}-Q{(day.month - 1) // 3 + 1}"


def stage_probabilities(con, as_of: dt.date) -> pd.DataFrame:
    """For each open stage: closed deals (closed by ``as_of``) that reached it, how many of them
    were won, and the win probability won / reached (None when no closed deal reached it)."""
    sql, params = _base(ALL)
    rows = con.execute(
        f"""SELECT s.i, count(b.opportunity_id), count(b.opportunity_id) FILTER (b.won)
            FROM range(4) s(i) LEFT JOIN ({sql} AND o.closed_date <= ?) b ON b.reached >= s.i
            GROUP BY s.i ORDER BY s.i""",
        params + [as_of],
    ).fetchall()
    df = pd.DataFrame(rows, columns=["index", "reached", "won"])
    df.insert(0, "stage", [OPEN_STAGES[i] for i in df["index"]])
    df["probability"] = (df["won"] / df["reached"]).where(df["reached"] > 0)
    return df.drop(columns="index")


@dataclass(frozen=True)
class Forecast:
    """Weighted won value of open deals expected to close in a quarter, with a simulated range."""

    quarter: str
    start: dt.date
    end: dt.date
    made_on: dt.date
    deals: pd.DataFrame  # opportunity_id, owner, partner, region, stage, amount, expected_close, probability
    expected: float  # Σ probability × amount
    p10: float
    p50: float
    p90: float
    probabilities: pd.DataFrame = field(repr=False)

    @property
    def pipeline(self) -> float:
        return float(self.deals["amount"].sum())


def simulate_won(amounts: np.ndarray, probs: np.ndarray, sims: int = SIMULATIONS, seed: int = 0) -> np.ndarray:
    """Won value in each of ``sims`` draws where every deal is won independently with its probability."""
    rng = np.random.default_rng(seed)
    totals = np.zeros(sims)
    chunk = max(1, 2_000_000 // max(sims, 1))  # bounded memory at any pipeline size
    for lo in range(0, len(amounts), chunk):
        a, p = amounts[lo : lo + chunk], probs[lo : lo + chunk]
        totals += np.where(rng.random((sims, len(a))) < p, a, 0.0).sum(axis=1)
    return totals


def _forecast_at(
    con, filters, made_on: dt.date, start: dt.date, end: dt.date, sims: int, seed: int, recorded: bool
) -> Forecast:
    """The forecast as it could be made at the end of ``made_on`` for deals expected in [start, end].
    ``recorded``: made_on is the data's last day, so open deals are at their recorded stage;
    otherwise the stage on made_on follows even progress, capped by the recorded stage."""
    probs = stage_probabilities(con, made_on)
    sql, params = _base(filters)
    if recorded:
        stage_sql, stage_params = "open_index", []
    else:
        progress = _progress_index("?")
        stage_sql = f"CASE WHEN closed_date IS NULL THEN least(open_index, {progress}) ELSE {progress} END"
        stage_params = [made_on, made_on]
    deals = _df(
        con,
        f"""SELECT opportunity_id, customer_id, customer, owner, partner_id, partner, region, amount,
                   created_date, expected_close, closed_date, won, {stage_sql} AS stage_index
            FROM ({sql}) o
            WHERE created_date <= ? AND (closed_date IS NULL OR closed_date > ?)
              AND expected_close BETWEEN ? AND ?
            ORDER BY amount DESC, opportunity_id""",
        stage_params + params + [made_on, made_on, start, end],
    )
    lookup = dict(zip(range(4), probs["probability"].fillna(0.0), strict=True))
    deals["stage"] = [OPEN_STAGES[i] for i in deals["stage_index"]]
    deals["probability"] = deals["stage_index"].map(lookup).astype(float)
    deals["weighted"] = deals["probability"] * deals["amount"]
    totals = simulate_won(deals["amount"].to_numpy(float), deals["probability"].to_numpy(float), sims, seed)
    p10, p50, p90 = (float(v) for v in np.percentile(totals, [10, 50, 90])) if len(totals) else (0.0, 0.0, 0.0)
    return Forecast(
        quarter=quarter_token(start),
        start=start,
        end=end,
        made_on=made_on,
        deals=deals,
        expected=float(deals["weighted"].sum()),
        p10=p10,
        p50=p50,
        p90=p90,
        probabilities=probs,
    )


def weighted_forecast(
    con, filters: PipelineFilters, as_of: dt.date, sims: int = SIMULATIONS, seed: int = 0
) -> Forecast:
    """Open deals expected to close in the quarter after ``as_of``'s, each weighted by the win
    probability of its stage; P10/P50/P90 of the won value from ``sims`` Bernoulli draws."""
    _, this_end = quarter_of(as_of)
    start, end = quarter_of(this_end + dt.timedelta(days=1))
    return _forecast_at(con, filters, as_of, start, end, sims, seed, recorded=True)


@dataclass(frozen=True)
class Backtest:
    """What the same forecast, made the day before a finished quarter, said against what happened."""

    forecast: Forecast
    actual_from_pipeline: float  # won value, closed in the quarter, of the deals it weighted
    actual_total: float  # every deal won in the quarter (including ones created during it)

    @property
    def error(self) -> float | None:
        """(forecast − actual from its deals) / actual; None when nothing was won."""
        a = self.actual_from_pipeline
        return (self.forecast.expected - a) / a if a else None


def backtest(con, filters: PipelineFilters, as_of: dt.date, sims: int = SIMULATIONS, seed: int = 0) -> Backtest:
    """The last quarter that ended by ``as_of``, forecast from the day before it began."""
    start, end = quarter_of(as_of)
    if end > as_of:  # the current quarter is not over: test the one before
        start, end = quarter_of(start - dt.timedelta(days=1))
    fc = _forecast_at(con, filters, start - dt.timedelta(days=1), start, end, sims, seed, recorded=False)
    d = fc.deals
    won_in_q = d["won"].fillna(False).astype(bool) & d["closed_date"].between(pd.Timestamp(start), pd.Timestamp(end))
    return Backtest(
        forecast=fc,
        actual_from_pipeline=float(d.loc[won_in_q, "amount"].sum()),
        actual_total=outcomes(con, filters, start, end).won_value,
    )


# ---------------------------------------------------------------- stale deals


def stage_age_limits(con, as_of: dt.date) -> dict[str, float]:
    """Typical age (days since created) by which a deal has left each open stage: the median
    cycle of won deals closed by ``as_of`` × (stage + 1) / 4, under even progress."""
    median = con.execute(
        "SELECT median(date_diff('day', created_date, closed_date)) FROM fact_opportunity"
        " WHERE won AND closed_date <= ?",
        [as_of],
    ).fetchone()[0]
    median = float(median) if median is not None else 90.0
    return {s: median * (i + 1) / 4 for i, s in enumerate(OPEN_STAGES)}


def stale_opportunities(
    con, filters: PipelineFilters, as_of: dt.date, grace_days: int = STALE_GRACE_DAYS
) -> pd.DataFrame:
    """Deals open at ``as_of`` that are past their expected close, or older than their stage's
    typical age by more than ``grace_days``: the most overdue first."""
    limits = stage_age_limits(con, as_of)
    sql, params = _base(filters)
    df = _df(
        con,
        f"""SELECT opportunity_id, customer_id, customer, owner, partner_id, partner, region, stage,
                   open_index, amount, created_date, expected_close,
                   date_diff('day', created_date, ?) AS age_days,
                   greatest(date_diff('day', expected_close, ?), 0) AS days_overdue
            FROM ({sql}) WHERE created_date <= ? AND (closed_date IS NULL OR closed_date > ?)""",
        [as_of, as_of] + params + [as_of, as_of],
    )
    if df.empty:
        return df.assign(stage_age_limit=[], overdue=[], aged=[])
    df["stage_age_limit"] = [limits[OPEN_STAGES[i]] for i in df["open_index"]]
    df["overdue"] = df["days_overdue"] > 0
    df["aged"] = df["age_days"] > df["stage_age_limit"] + grace_days
    df = df[df["overdue"] | df["aged"]]
    return df.sort_values(["days_overdue", "age_days", "amount"], ascending=False).reset_index(drop=True)

"""Partner lifecycle stages inferred month by month from each partner's sales, never from the
warehouse's own ``dim_partner.tier/status/lifecycle_stage/churned_date`` (imported partners do
not carry them; the demo's are the generator's truth that tests check against).

The month grid runs from the data's first month to its **last complete month** (one the data
covers to its last calendar day, ``olap.period.is_complete``); a partial last month is left out
entirely, so a month half over never reads as a fall in sales. For each partner and month:

- ``revenue``: sales through the partner in the month (``fact_order_line.partner_id``).
- ``months_since_sale`` (recency): months since the last month with a sale up to this one (0: it
  sold this month; empty: it never sold yet).
- ``tenure_months``: whole months from the onboarding month (``onboarded_date``; when that is
  empty, or later than the first sale, the first sale's month) to this month. When the date is
  empty and the first sale falls in the data's first month, the partner was selling before the
  data began: its tenure is a lower bound and it is never called *new*.
- ``share``: of the purchases of the partner's customers (``dim_customer.partner_id``), the part
  bought through it, over the trailing window (below).
- ``trend``: the change of ``share`` over the trailing window against the window before (ratio
  − 1). The window is 12 months (whole years: no seasonality), shortened early in the data to half
  the months available, and undefined with fewer than 6 months on each side. Share rather than
  revenue: it divides out what the customers themselves buy (a slow year for the customers is not
  the partner declining). A partner without customers of its own (or none buying in the earlier
  window) is measured on its revenue instead.

Rules, first match wins (``RULES`` thresholds):

1. **prospect**: no sale yet.
2. **churned**: no sale in the last 6 months (``months_since_sale >= 6``).
3. **dormant**: no sale in the last 3 months (``months_since_sale >= 3``).
4. **new**: tenure under 12 months (and known).
5. **growing**: trend ≥ +15 %.
6. **declining**: trend ≤ −30 %.
7. **mature**: otherwise (steady, or too early in the data to measure a trend).

A churned or dormant partner that sells again is judged by the later rules from that month on.
``stage_history`` computes every partner and month in one SQL scan plus numpy, kept per
warehouse version (``olap.engine.cached``); every reader then keeps only the partners in
``olap.scope.partner_scope()``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import duckdb
import numpy as np
import pandas as pd

from crm.partners import PartnerError
from data.warehouse import Warehouse
from i18n import format as fmt
from i18n import t
from olap.engine import cached
from olap.period import add_months, is_complete, month_end, month_start
from olap.scope import partner_scope

STAGES = ("prospect", "new", "growing", "mature", "declining", "dormant", "churned")
RULES_VERSION = 1  # part of the cache key: a change of rules must not serve old histories


@dataclass(frozen=True)
class Rules:
    """The thresholds of the stage rules (documented in the module docstring)."""

    churned_after: int = 6  # months without a sale
    dormant_after: int = 3
    new_for: int = 12  # months of tenure
    window: int = 12  # months of the trend's trailing window
    min_window: int = 6
    growing_at: float = 0.15  # trend (ratio - 1)
    declining_at: float = -0.30


RULES = Rules()
HISTORY_COLUMNS = (
    "partner_id",
    "month",
    "stage",
    "revenue",
    "trend",
    "tenure_months",
    "months_since_sale",
    "share",
    "reason",
)

_MONTHLY_SQL = """
SELECT 'sold' AS part, f.partner_id, date_trunc('month', f.order_ts)::DATE AS month,
       sum(f.revenue) AS amount, NULL::DOUBLE AS through
FROM fact_order_line f
WHERE f.partner_id IS NOT NULL AND f.order_ts < ?
GROUP BY ALL
UNION ALL
SELECT 'bought', c.partner_id, date_trunc('month', f.order_ts)::DATE,
       sum(f.revenue), sum(f.revenue) FILTER (WHERE f.partner_id = c.partner_id)
FROM fact_order_line f JOIN dim_customer c ON c.customer_id = f.customer_id
WHERE c.partner_id IS NOT NULL AND f.order_ts < ?
GROUP BY ALL
"""


def month_grid(data_start: dt.date | None, data_end: dt.date | None) -> list[dt.date]:
    """First days of every complete month of the data (a partial last month left out)."""
    if data_start is None or data_end is None:
        return []
    last = month_start(data_end)
    if not is_complete(month_end(last), data_end):
        last = add_months(last, -1)
    months, day = [], month_start(data_start)
    while day <= last:
        months.append(day)
        day = add_months(day, 1)
    return months


def _month_number(day) -> int:
    return day.year * 12 + day.month - 1


def _read(cursor) -> tuple[list[dt.date], pd.DataFrame, pd.DataFrame]:
    """The month grid, the partners (id, name, onboarded) and the monthly sums."""
    data_start, data_end = cursor.execute(
        "SELECT min(order_ts)::DATE, max(order_ts)::DATE FROM fact_order_line"
    ).fetchone()
    months = month_grid(data_start, data_end)
    partners = cursor.execute("SELECT partner_id, name, onboarded_date FROM dim_partner ORDER BY partner_id").df()
    if not months:
        return months, partners, pd.DataFrame(columns=["part", "partner_id", "month", "amount", "through"])
    end = dt.datetime.combine(add_months(months[-1], 1), dt.time())
    monthly = cursor.execute(_MONTHLY_SQL, [end, end]).df()
    return months, partners, monthly


def _grid(monthly: pd.DataFrame, part: str, column: str, index: dict, months: list[dt.date]) -> np.ndarray:
    """A partner × month array of one monthly sum (zero where nothing was bought or sold)."""
    out = np.zeros((len(index), len(months)))
    rows = monthly[(monthly["part"] == part) & monthly["partner_id"].isin(list(index))]
    if len(rows):
        first = _month_number(months[0])
        p = rows["partner_id"].map(index).to_numpy()
        m = np.array([_month_number(d) for d in rows["month"]]) - first
        np.add.at(out, (p, m), rows[column].fillna(0).to_numpy(float))
    return out


def _trailing(values: np.ndarray, width: np.ndarray, lag: np.ndarray) -> np.ndarray:
    """Per month ``m``: the sum over months ``m-lag-width+1 .. m-lag`` (cumulative sums, numpy only)."""
    n = values.shape[1]
    padded = np.concatenate([np.zeros((values.shape[0], 1)), np.cumsum(values, axis=1)], axis=1)
    m = np.arange(n)
    hi = np.clip(m - lag + 1, 0, n)
    lo = np.clip(m - lag - width + 1, 0, n)
    return padded[:, hi] - padded[:, lo]


def _ratio(now: np.ndarray, before: np.ndarray) -> np.ndarray:
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(before > 0, now / np.where(before > 0, before, 1.0), np.nan)


def classify(
    months: list[dt.date],
    onboarded: list,
    revenue: np.ndarray,
    through: np.ndarray,
    bought: np.ndarray,
    rules: Rules = RULES,
) -> dict[str, np.ndarray]:
    """The measures and the stage of every partner (rows) and month (columns); pure numpy.

    ``onboarded`` holds a date or None per partner; ``revenue`` is sold through the partner,
    ``through``/``bought`` the purchases of its customers through it / in all.
    """
    n_partners, n_months = revenue.shape
    m = np.broadcast_to(np.arange(n_months), revenue.shape)
    sold = revenue > 0
    last_sale = np.maximum.accumulate(np.where(sold, m, -1), axis=1)
    ever = last_sale >= 0
    since = np.where(ever, m - last_sale, np.nan)
    first_sale = np.where(sold.any(axis=1), sold.argmax(axis=1), n_months)

    grid0 = _month_number(months[0]) if months else 0
    on = np.array([np.nan if d is None or pd.isna(d) else _month_number(d) - grid0 for d in onboarded], dtype=float)
    start = np.where(np.isnan(on), first_sale, np.fmin(on, first_sale)).astype(float)
    known = ~(np.isnan(on) & (first_sale == 0))  # no date and selling from the data's first month
    tenure = m - start[:, None]
    tenure = np.where(tenure >= 0, tenure, np.nan)

    width = np.minimum(rules.window, (np.arange(n_months) + 1) // 2)
    share_now = _ratio(_trailing(through, width, 0), _trailing(bought, width, 0))
    share_trend = _ratio(share_now, _ratio(_trailing(through, width, width), _trailing(bought, width, width)))
    revenue_trend = _ratio(_trailing(revenue, width, 0), _trailing(revenue, width, width))
    trend = np.where(np.isnan(share_trend), revenue_trend, share_trend) - 1.0
    trend = np.where(width[None, :] >= rules.min_window, trend, np.nan)

    stage = np.full(revenue.shape, "mature", dtype=object)
    reason = np.full(revenue.shape, "partners.stage.reason.steady", dtype=object)
    young = known[:, None] & (tenure < rules.new_for)
    steps = (  # reverse order of the rules: each later assignment overrides (first match wins)
        (np.isnan(trend), "mature", "no_trend"),
        (trend <= rules.declining_at, "declining", "falling"),
        (trend >= rules.growing_at, "growing", "rising"),
        (young, "new", "young"),
        (since >= rules.dormant_after, "dormant", "quiet"),
        (since >= rules.churned_after, "churned", "stopped"),
        (~ever, "prospect", "no_sale"),
    )
    for mask, name, why in steps:
        mask = np.asarray(mask, dtype=bool)
        stage[mask] = name
        reason[mask] = f"partners.stage.reason.{why}"
    return {
        "stage": stage,
        "reason": reason,
        "trend": trend,
        "tenure_months": tenure,
        "months_since_sale": since,
        "share": share_now,
    }


def _history(cursor) -> pd.DataFrame:
    try:
        months, partners, monthly = _read(cursor)
    except duckdb.CatalogException:  # a warehouse without partners (a hand-made or older one)
        return pd.DataFrame({c: [] for c in HISTORY_COLUMNS})
    if not months or partners.empty:
        return pd.DataFrame({c: [] for c in HISTORY_COLUMNS})
    ids = partners["partner_id"].astype(int).tolist()
    index = {pid: i for i, pid in enumerate(ids)}
    revenue = _grid(monthly, "sold", "amount", index, months)
    bought = _grid(monthly, "bought", "amount", index, months)
    through = _grid(monthly, "bought", "through", index, months)
    onboarded = [None if pd.isna(d) else pd.Timestamp(d).date() for d in partners["onboarded_date"]]
    found = classify(months, onboarded, revenue, through, bought)
    n_p, n_m = revenue.shape
    frame = pd.DataFrame(
        {
            "partner_id": np.repeat(np.array(ids, dtype=np.int64), n_m),
            "month": np.tile(np.array(months, dtype=object), n_p),
            "stage": found["stage"].ravel(),
            "revenue": revenue.ravel(),
            "trend": found["trend"].ravel(),
            "tenure_months": found["tenure_months"].ravel(),
            "months_since_sale": found["months_since_sale"].ravel(),
            "share": found["share"].ravel(),
            "reason": found["reason"].ravel(),
        }
    )
    for name in ("tenure_months", "months_since_sale"):
        frame[name] = frame[name].astype("Int64")
    return frame


def _all_history(warehouse: Warehouse | None) -> pd.DataFrame:
    return cached(("partner_stage_history", RULES_VERSION), _history, warehouse)


def _in_scope(frame: pd.DataFrame) -> pd.DataFrame:
    scope = partner_scope()
    if scope is None:
        return frame
    return frame[frame["partner_id"].isin(scope)].reset_index(drop=True)


def stage_history(warehouse: Warehouse | None = None) -> pd.DataFrame:
    """Every partner's stage and the numbers behind it for every complete month of the data.

    Columns ``HISTORY_COLUMNS``: ``month`` is a month's first day; ``reason`` an i18n key
    (``partners.stage.reason.*``); ``trend`` and ``share`` are fractions (NaN where undefined),
    ``tenure_months``/``months_since_sale`` whole months (NA where undefined). Only partners in
    the request's scope.
    """
    return _in_scope(_all_history(warehouse))


def months_of(history: pd.DataFrame) -> list[dt.date]:
    return sorted(set(history["month"]))


def month_at(as_of: dt.date, history: pd.DataFrame) -> dt.date | None:
    """The last complete month at or before ``as_of`` (None when the history begins later)."""
    as_of = as_of.date() if isinstance(as_of, dt.datetime) else as_of
    before = [m for m in months_of(history) if month_end(m) <= as_of]
    return before[-1] if before else None


def stages_at(as_of: dt.date, warehouse: Warehouse | None = None) -> dict[int, str]:
    """Each partner's stage in the last complete month at or before ``as_of`` ({} before the data)."""
    history = stage_history(warehouse)
    month = month_at(as_of, history)
    if month is None:
        return {}
    rows = history[history["month"] == month]
    return dict(zip(rows["partner_id"].astype(int), rows["stage"], strict=True))


def transitions(start: dt.date, end: dt.date, warehouse: Warehouse | None = None) -> pd.DataFrame:
    """How many partners moved from each stage at ``start`` to each stage at ``end`` (complete months).

    Raises ``PartnerError`` when ``end`` is before ``start`` or either date precedes the data.
    """
    if end < start:
        raise PartnerError("partners.error.dates_reversed", start=start.isoformat(), end=end.isoformat())
    history = stage_history(warehouse)
    first, last = month_at(start, history), month_at(end, history)
    if first is None or last is None:
        raise PartnerError("partners.error.dates_before_data", start=(start if first is None else end).isoformat())
    before = history[history["month"] == first].set_index("partner_id")["stage"]
    after = history[history["month"] == last].set_index("partner_id")["stage"]
    pairs = pd.DataFrame({"from_stage": before, "to_stage": after.reindex(before.index)})
    counts = pairs.groupby(["from_stage", "to_stage"]).size().rename("partners").reset_index()
    order = {s: i for i, s in enumerate(STAGES)}
    counts = counts.sort_values(["from_stage", "to_stage"], key=lambda c: c.map(order))
    return counts.reset_index(drop=True).astype({"partners": int})


def cohorts(warehouse: Warehouse | None = None) -> pd.DataFrame:
    """Partners by onboarding year (``'unknown'`` without a date) and current stage."""
    history = stage_history(warehouse)
    columns = ["cohort", "stage", "partners"]
    if history.empty:
        return pd.DataFrame({c: [] for c in columns})
    current = history[history["month"] == max(history["month"])][["partner_id", "stage"]]
    years = _onboarding_years(warehouse)
    # object first: with no onboarding date at all the mapped column is float, and text cannot fill it
    current = current.assign(cohort=current["partner_id"].map(years).astype(object).fillna("unknown"))
    out = current.groupby(["cohort", "stage"]).size().rename("partners").reset_index()
    order = {s: i for i, s in enumerate(STAGES)}
    out = out.sort_values(["cohort", "stage"], key=lambda c: c.map(order) if c.name == "stage" else c)
    return out.reset_index(drop=True)[columns]


def _onboarding_years(warehouse: Warehouse | None) -> dict[int, str]:
    def read(cursor):
        rows = cursor.execute(  # only called once the history found dim_partner
            "SELECT partner_id, year(onboarded_date) FROM dim_partner WHERE onboarded_date IS NOT NULL"
        ).fetchall()
        return {int(p): str(y) for p, y in rows}

    return cached(("partner_onboarding_years",), read, warehouse)


def partner_names(warehouse: Warehouse | None = None) -> dict[int, str]:
    """Partner id → name (every partner; callers filter by scope)."""

    def read(cursor):
        return {int(p): n for p, n in cursor.execute("SELECT partner_id, name FROM dim_partner").fetchall()}

    return cached(("partner_names",), read, warehouse)


# ------------------------------------------------------------------------------ attention list

WORSE = {"growing": 0, "new": 1, "mature": 1, "declining": 2, "dormant": 3, "churned": 4}
ATTENTION_MONTHS = 3  # look back this many months for a worsened stage or a turned trend
TURNED_DOWN_AT = -0.10  # a trend crossing below this within ATTENTION_MONTHS has turned down


@dataclass(frozen=True)
class Attention:
    """A partner needing attention: what changed, why (an i18n key and its values), the numbers."""

    partner_id: int
    name: str
    from_stage: str
    to_stage: str
    reason: str
    values: dict = field(default_factory=dict)
    month: dt.date | None = None
    revenue: float = 0.0
    trend: float | None = None
    previous_trend: float | None = None
    months_since_sale: int | None = None
    share: float | None = None

    def sentence(self, lang: str) -> str:
        """The reason in a plain sentence with its numbers, in the reader's language."""
        trend = self.values.get("trend")
        previous = self.values.get("previous_trend")
        return t(
            self.reason,
            lang,
            name=self.name,
            from_stage=t(f"partners.stage.{self.from_stage}", lang),
            to_stage=t(f"partners.stage.{self.to_stage}", lang),
            months=fmt.number(self.values.get("months"), lang),
            trend=fmt.percent(trend, lang, signed=True),
            previous_trend=fmt.percent(previous, lang, signed=True),
        )


def _number(value):
    return None if value is None or pd.isna(value) else float(value)


def attention(as_of: dt.date | None = None, warehouse: Warehouse | None = None) -> list[Attention]:
    """Partners whose stage worsened in the ``ATTENTION_MONTHS`` before ``as_of`` (default: the last
    complete month), or whose trend turned down; the worst first."""
    history = stage_history(warehouse)
    if history.empty:
        return []
    month = month_at(as_of, history) if as_of else max(history["month"])
    if month is None:
        return []
    earlier = [m for m in months_of(history) if m <= add_months(month, -ATTENTION_MONTHS)]
    if not earlier:
        return []
    now = history[history["month"] == month].set_index("partner_id")
    then = history[history["month"] == earlier[-1]].set_index("partner_id")
    names = partner_names(warehouse)
    found = []
    for pid, row in now.iterrows():
        if pid not in then.index:
            continue
        before = then.loc[pid]
        worsened = before["stage"] in WORSE and row["stage"] in WORSE and WORSE[row["stage"]] > WORSE[before["stage"]]
        worsened = worsened and row["stage"] in ("declining", "dormant", "churned")
        turned = (
            row["stage"] not in ("prospect", "dormant", "churned")
            and not pd.isna(row["trend"])
            and not pd.isna(before["trend"])
            and row["trend"] <= TURNED_DOWN_AT < before["trend"]
        )
        if not (worsened or turned):
            continue
        key = f"partners.attention.{row['stage']}" if worsened else "partners.attention.turned_down"
        found.append(
            Attention(
                partner_id=int(pid),
                name=names.get(int(pid), str(pid)),
                from_stage=before["stage"],
                to_stage=row["stage"],
                reason=key,
                values={
                    "since": earlier[-1],
                    "months": None if pd.isna(row["months_since_sale"]) else int(row["months_since_sale"]),
                    "trend": _number(row["trend"]),
                    "previous_trend": _number(before["trend"]),
                },
                month=month,
                revenue=float(row["revenue"]),
                trend=_number(row["trend"]),
                previous_trend=_number(before["trend"]),
                months_since_sale=None if pd.isna(row["months_since_sale"]) else int(row["months_since_sale"]),
                share=_number(row["share"]),
            )
        )
    found.sort(key=lambda a: (-WORSE.get(a.to_stage, 0), a.trend if a.trend is not None else 0, a.partner_id))
    return found

"""Contributions: what drove the change of a view's first measure against the previous period."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field

import pandas as pd

from olap.cube import CubeError, level, measure
from olap.period import begins_inside, covered_to
from olap.query import QuerySpec, previous_period, replace_spec

DRIVERS = 2  # members named per direction
RELATIVE_TOLERANCE = 1e-9

# Ratio measures whose numerator and denominator are measures of the cube: exact rate/mix split.
RATIO_PARTS: dict[str, tuple[str, str]] = {
    "margin_pct": ("gross_margin", "revenue"),
    "aov": ("revenue", "orders"),
    "conversion_rate": ("conversions", "sessions"),
    "response_rate": ("responses", "contacts"),
}
# Other ratios: members ranked by rate change weighted by this volume measure (no exact split).
RATIO_VOLUME: dict[str, str] = {
    "satisfaction": "tickets",
    "resolution_hours": "tickets",
    "win_rate": "opportunities",
    "repeat_rate": "customers",
    "response_uplift": "contacts",
}


# --------------------------------------------------------------------------- results


@dataclass(frozen=True)
class Driver:
    """One member's part in the change of the view's measure."""

    member: object
    label: object  # the "<level>:label" value when the level has labels
    current: float
    previous: float
    effect: float  # its share of the change in the measure's unit (exact for additive and split ratios)
    rate_effect: float = 0.0  # ratios: part due to the member's own ratio changing
    mix_effect: float = 0.0  # ratios: part due to the member's weight changing


@dataclass
class Contribution:
    """The change of ``measure`` by ``level`` against the previous period."""

    measure: str
    level: str
    kind: str  # additive | partition | overlapping | ratio_split | ratio_weighted
    current: float  # exact total of the view (from the total query)
    previous: float
    previous_start: dt.date
    previous_end: dt.date
    drivers: list[Driver] = field(default_factory=list)  # every member, biggest |effect| first
    rate_effect: float = 0.0
    mix_effect: float = 0.0
    volume: str | None = None  # ratio_weighted: the measure whose shares weight the members
    current_start: dt.date | None = None  # the view's first day
    current_end: dt.date | None = None  # the view's last day with data (before end when partial)
    end: dt.date | None = None  # the view's last day
    data_start: dt.date | None = None  # set when the data starts after the previous period does

    @property
    def uncovered(self) -> bool:
        """The data starts inside the previous period: its figures would be a part compared with a whole."""
        return self.data_start is not None

    @property
    def partial(self) -> bool:
        """The data ends inside the view's range: the comparison covers the same part of the span before."""
        return self.current_end is not None and self.end is not None and self.current_end < self.end

    @property
    def change(self) -> float:
        return self.current - self.previous

    @property
    def relative(self) -> float | None:
        return self.change / abs(self.previous) if self.previous else None

    @property
    def exact(self) -> bool:
        """Whether the member effects add up to the total change."""
        return self.kind in ("additive", "partition", "ratio_split")

    def up(self, n: int = DRIVERS) -> list[Driver]:
        return [d for d in sorted(self.drivers, key=lambda d: -d.effect) if d.effect > 0][:n]

    def down(self, n: int = DRIVERS) -> list[Driver]:
        return [d for d in sorted(self.drivers, key=lambda d: d.effect) if d.effect < 0][:n]


# --------------------------------------------------------------------------- measure traits


def is_additive(name: str) -> bool:
    """Sums and plain counts: the whole equals the sum of its members, whatever the level."""
    m = measure(name)
    if m.combine or m.customer_grain or len(m.parts) != 1:
        return False
    sql = next(iter(m.parts.values())).lower().replace(" ", "")
    return (sql.startswith("sum(") or sql.startswith("count(")) and "distinct" not in sql


def is_distinct_count(name: str) -> bool:
    m = measure(name)
    if m.combine or m.customer_grain or len(m.parts) != 1:
        return False
    return "distinct" in next(iter(m.parts.values())).lower()


def close(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=RELATIVE_TOLERANCE, abs_tol=1e-6)


def _num(value) -> float:
    try:
        out = float(value)
    except (TypeError, ValueError):
        return float("nan")
    return out


# --------------------------------------------------------------------------- contributions


def cube_frame(spec: QuerySpec, warehouse) -> pd.DataFrame:
    from olap.engine import execute

    return execute(spec, warehouse)


def _data_end(warehouse) -> dt.date:
    from olap.engine import data_end

    return data_end(warehouse)


def _data_start(warehouse) -> dt.date:
    from olap.catalog import catalog
    from olap.engine import get_warehouse

    return catalog(warehouse or get_warehouse()).data_start


def _as_date(value) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value)[:10])


def _total(frame: pd.DataFrame, column: str) -> float:
    if frame.empty:
        return 0.0
    value = _num(frame[column].iloc[0])
    return value


def _by_member(frame: pd.DataFrame, lvl: str, columns: list[str]) -> pd.DataFrame:
    """Member-indexed values (missing member written as a key of its own so it survives indexing)."""
    label_col = f"{lvl}:label"
    out = pd.DataFrame(
        {
            "_member": frame[lvl].astype(object).where(frame[lvl].notna(), None),
            "_label": frame[label_col] if label_col in frame else None,
        }
    )
    for c in columns:
        out[c] = pd.to_numeric(frame[c], errors="coerce").astype(float)
    out["_key"] = out["_member"].map(lambda v: "\x00none" if v is None else str(v))
    return out.set_index("_key")


def comparable(spec: QuerySpec) -> bool:
    """A view can be compared with its previous period: a date range and no time-member filters."""
    if spec.start is None or spec.end is None:
        return False
    return not any(level(lvl).time_grain for lvl, _ in spec.filters)


def contributions(spec: QuerySpec, warehouse=None) -> Contribution | None:
    """The change of the spec's first measure against the previous period, by its first row level.

    Returns ``None`` when there is nothing to compare: no date range, no row level, a time
    member filter (the previous period would fall outside it), or no data before.

    Example::

        c = contributions(make_spec(["revenue"], rows=["geo.region"], start="2025-04-01", end="2025-06-30"))
        c.change               # exact, from the total query
        sum(d.effect for d in c.drivers)   # equals c.change for additive measures
    """
    if not spec.rows or not comparable(spec):
        return None
    m = spec.measures[0]
    lvl = spec.rows[0]
    if m in RATIO_PARTS:
        aux = list(RATIO_PARTS[m])
    elif m in RATIO_VOLUME:
        aux = [RATIO_VOLUME[m]]
    else:
        aux = []
    names = tuple(dict.fromkeys([m, *aux]))
    try:
        base = replace_spec(spec, measures=names, rows=(lvl,), columns=(), sort=None, descending=True, limit=None)
    except CubeError:  # an auxiliary measure that does not apply: compare the measure alone
        names = (m,)
        aux = []
        base = replace_spec(spec, measures=names, rows=(lvl,), columns=(), sort=None, descending=True, limit=None)
    data_end = _data_end(warehouse)
    before = previous_period(base, data_end)
    data_start = _data_start(warehouse)
    if begins_inside(before.start, before.end, data_start):
        # a user's own data often starts inside the previous year: +65,000% against nine days
        # of data is not a change, so the comparison is withheld and the sentence says why
        result = Contribution(m, lvl, "uncovered", math.nan, math.nan, _as_date(before.start), _as_date(before.end))
        result.data_start = data_start
        return result
    totals_now = cube_frame(replace_spec(base, rows=()), warehouse)
    totals_before = cube_frame(replace_spec(before, rows=()), warehouse)
    current, previous = _total(totals_now, m), _total(totals_before, m)
    if not math.isfinite(previous) or not math.isfinite(current):
        return None
    if previous == 0 and _total(totals_before, names[-1]) == 0:
        return None  # no data in the previous period: nothing to compare with
    result = Contribution(m, lvl, "additive", current, previous, before.start, before.end)
    result.current_start, result.end = spec.start, spec.end
    result.current_end = covered_to(spec.start, spec.end, data_end)
    if level(lvl).time_grain:
        # periods do not line up by name across the two spans: only the total change is stated
        result.kind = "total_only"
        return result
    now = _by_member(cube_frame(base, warehouse), lvl, list(names))
    then = _by_member(cube_frame(before, warehouse), lvl, list(names))
    joined = now.merge(then, how="outer", left_index=True, right_index=True, suffixes=("_1", "_0"))
    joined["_member"] = joined["_member_1"].where(joined["_member_1"].notna(), joined["_member_0"])
    joined["_label"] = joined["_label_1"].where(joined["_label_1"].notna(), joined["_label_0"])

    if m in RATIO_PARTS:
        _ratio_split(result, joined, m, *RATIO_PARTS[m], totals_now, totals_before)
    elif m in RATIO_VOLUME and aux:
        _ratio_weighted(result, joined, m, aux[0])
    else:
        _additive(result, joined, m)
    result.drivers.sort(key=lambda d: -abs(d.effect))
    return result


def _col(joined: pd.DataFrame, column: str) -> list[float]:
    return joined[column].astype(float).tolist()


def _drivers_additive(joined: pd.DataFrame, m: str) -> list[Driver]:
    now = joined[f"{m}_1"].fillna(0.0).astype(float).tolist()
    then = joined[f"{m}_0"].fillna(0.0).astype(float).tolist()
    return [
        Driver(member, label, cur, prev, cur - prev)
        for member, label, cur, prev in zip(joined["_member"], joined["_label"], now, then, strict=True)
    ]


def _additive(result: Contribution, joined: pd.DataFrame, m: str) -> None:
    result.drivers = _drivers_additive(joined, m)
    if is_additive(m):
        result.kind = "additive"
        return
    # distinct counts split exactly only when members partition what is counted: check it
    now = sum(d.current for d in result.drivers)
    then = sum(d.previous for d in result.drivers)
    result.kind = "partition" if close(now, result.current) and close(then, result.previous) else "overlapping"


def _ratio_split(
    result: Contribution,
    joined: pd.DataFrame,
    m: str,
    num: str,
    den: str,
    totals_now: pd.DataFrame,
    totals_before: pd.DataFrame,
) -> None:
    """Exact rate/mix split of a ratio N/D when both N and D add up over the members.

    With weights w = D_i / D and member ratios r_i, R = Σ w_i r_i in each period, and
    R1 − R0 = Σ w̄_i (r1_i − r0_i)  [rate]  +  Σ (w1_i − w0_i)(r̄_i − R̄)  [mix],
    where bars are the two periods' averages (the mix terms sum to Σ (w1−w0) r̄ because
    weights sum to one in both periods). A member missing in one period takes its other
    period's ratio there, so its rate effect is zero and it counts as mix only.
    """
    d1, d0 = _total(totals_now, den), _total(totals_before, den)
    n1, n0 = _total(totals_now, num), _total(totals_before, num)
    sums = {c: float(joined[c].fillna(0).sum()) for c in (f"{num}_1", f"{num}_0", f"{den}_1", f"{den}_0")}
    partitions = (
        d1 > 0
        and d0 > 0
        and close(sums[f"{den}_1"], d1)
        and close(sums[f"{den}_0"], d0)
        and close(sums[f"{num}_1"], n1)
        and close(sums[f"{num}_0"], n0)
    )
    if not partitions:
        _ratio_weighted(result, joined, m, den)
        return
    r_bar_total = (result.current + result.previous) / 2
    drivers = []
    rows = zip(
        joined["_member"],
        joined["_label"],
        _col(joined, f"{num}_1"),
        _col(joined, f"{num}_0"),
        _col(joined, f"{den}_1"),
        _col(joined, f"{den}_0"),
        _col(joined, f"{m}_1"),
        _col(joined, f"{m}_0"),
        strict=True,
    )
    for member, label, nm1, nm0, dn1, dn0, v1, v0 in rows:
        dn1 = 0.0 if math.isnan(dn1) else dn1
        dn0 = 0.0 if math.isnan(dn0) else dn0
        w1, w0 = dn1 / d1, dn0 / d0
        r1 = nm1 / dn1 if dn1 and not math.isnan(nm1) else None
        r0 = nm0 / dn0 if dn0 and not math.isnan(nm0) else None
        if r1 is None and r0 is None:
            continue  # no volume in either period: no part in the ratio
        r1 = r0 if r1 is None else r1
        r0 = r1 if r0 is None else r0
        rate = (w1 + w0) / 2 * (r1 - r0)
        mix = (w1 - w0) * ((r1 + r0) / 2 - r_bar_total)
        drivers.append(Driver(member, label, v1, v0, rate + mix, rate, mix))
    result.kind = "ratio_split"
    result.drivers = drivers
    result.rate_effect = sum(d.rate_effect for d in drivers)
    result.mix_effect = sum(d.mix_effect for d in drivers)


def _ratio_weighted(result: Contribution, joined: pd.DataFrame, m: str, volume: str) -> None:
    """Members ranked by their ratio change weighted by their average share of volume (not exact)."""
    v1 = joined[f"{volume}_1"].fillna(0.0).clip(lower=0).astype(float)
    v0 = joined[f"{volume}_0"].fillna(0.0).clip(lower=0).astype(float)
    s1, s0 = float(v1.sum()), float(v0.sum())
    w1 = (v1 / s1 if s1 else v1 * 0.0).tolist()
    w0 = (v0 / s0 if s0 else v0 * 0.0).tolist()
    drivers = []
    rows = zip(joined["_member"], joined["_label"], _col(joined, f"{m}_1"), _col(joined, f"{m}_0"), w1, w0, strict=True)
    for member, label, r1, r0, a, b in rows:
        if not (math.isfinite(r1) and math.isfinite(r0)):
            continue  # a member new or gone: no rate change to speak of
        effect = (a + b) / 2 * (r1 - r0)
        drivers.append(Driver(member, label, r1, r0, effect, effect, 0.0))
    result.kind = "ratio_weighted"
    result.volume = volume
    result.drivers = drivers

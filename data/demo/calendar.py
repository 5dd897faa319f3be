"""The history's calendar with its order intensities, the sampling helpers every step shares, and column records.

A record is a frozen dataclass of equally long numpy columns (one row per entity);
``take`` and ``concat`` select and stack rows of any record.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, fields, replace

import numpy as np

from data.demo.world import B2B_DOW, B2B_HOURS, B2B_MONTH, B2C_DOW, B2C_HOURS, B2C_MONTH, DAY, DENSITY_GROWTH


@dataclass(frozen=True)
class Calendar:
    """The history (3 years to ``end``) with per-day order intensities."""

    start: dt.date
    end: dt.date
    n_days: int
    month: np.ndarray  # 1..12 per day
    month_index: np.ndarray  # months since the start's month, per day
    cum: tuple[np.ndarray, np.ndarray]  # cumulative order intensity (B2C, B2B), n_days + 1, in years

    @property
    def end_s(self) -> int:
        """Seconds from the start to the end of the last day (exclusive)."""
        return self.n_days * DAY

    @property
    def epoch_s(self) -> int:
        return (self.start - dt.date(1970, 1, 1)).days * DAY


def history_start(end: dt.date) -> dt.date:
    """First day of the three full years that end on ``end``."""
    try:
        before = end.replace(year=end.year - 3)
    except ValueError:  # 29 February
        before = end.replace(year=end.year - 3, day=28)
    return before + dt.timedelta(days=1)


def make_calendar(end: dt.date) -> Calendar:
    start = history_start(end)
    n = (end - start).days + 1
    days = np.datetime64(start, "D") + np.arange(n)
    month = days.astype("datetime64[M]").astype(np.int64) % 12 + 1
    dom = (days - days.astype("datetime64[M]")).astype(np.int64) + 1
    dow = (days.astype(np.int64) + 3) % 7  # 1970-01-01 was a Thursday; 0 = Monday
    growth = np.exp(DENSITY_GROWTH * np.arange(n) / 365.25)
    b2c = B2C_MONTH[month - 1] * B2C_DOW[dow] * growth
    b2c[(month == 11) & (dom >= 20)] *= 1.5  # Black Friday and 11.11 aftermath
    b2b = B2B_MONTH[month - 1] * B2B_DOW[dow] * growth
    cums = []
    for density in (b2c, b2b):
        cum = np.concatenate([[0.0], np.cumsum(density)])
        cums.append(cum * (n / 365.25) / cum[-1])  # an average day weighs 1/365.25 year
    month_index = days.astype("datetime64[M]").astype(np.int64) - np.datetime64(start, "M").astype(np.int64)
    return Calendar(start, end, n, month, month_index, (cums[0], cums[1]))


def days_between(rng, cum: np.ndarray, lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
    """One day per row in [lo, hi), following the intensity whose cumulative is ``cum``."""
    u = cum[lo] + rng.random(len(lo)) * (cum[hi] - cum[lo])
    return np.clip(np.searchsorted(cum, u, side="right") - 1, lo, hi - 1)


def seconds_of_day(rng, n: int, hours: np.ndarray) -> np.ndarray:
    cdf = np.cumsum(hours)
    hour = np.searchsorted(cdf, rng.random(n) * cdf[-1], side="right")
    return hour * 3600 + rng.integers(0, 3600, n)


def draw(rng, cdf: np.ndarray, n: int) -> np.ndarray:
    """Indices drawn with the weights whose cumulative sum is ``cdf``."""
    return np.searchsorted(cdf, rng.random(n) * cdf[-1], side="right")


def draw_rows(rng, p: np.ndarray) -> np.ndarray:
    """One column index per row of the weight matrix ``p``."""
    cdf = np.cumsum(p, axis=1)
    u = rng.random(len(p)) * cdf[:, -1]
    return np.minimum((u[:, None] >= cdf).sum(axis=1), p.shape[1] - 1)


def draw_grouped(rng, cdf: np.ndarray, group: np.ndarray) -> np.ndarray:
    """One category per row from the distribution of its group (rows of ``cdf``, each ending at 1)."""
    g, k = cdf.shape
    flat = (np.arange(g)[:, None] + cdf / cdf[:, -1:]).ravel()
    flat[k - 1 :: k] = np.arange(1, g + 1)  # exact group ends, whatever the rounding
    u = rng.random(len(group))
    return np.searchsorted(flat, group + u, side="right") - group * k


def sorted_by(key: np.ndarray) -> np.ndarray:
    """The permutation that sorts by a non-negative integer ``key``, ties by position.

    Sorting unique composite keys with np.sort is far faster than a stable argsort
    and gives the same order on every machine.
    """
    n = len(key)
    bits = max(int(n).bit_length(), 1)
    if n and int(key.max()) >= 1 << (62 - bits):
        raise OverflowError("sort key too large")
    composite = (key.astype(np.int64) << bits) | np.arange(n, dtype=np.int64)
    composite.sort()
    composite &= (1 << bits) - 1
    return composite


def at_hours(rng, ctype: np.ndarray, day: np.ndarray) -> np.ndarray:
    """Seconds since the start: ``day`` at a time typical for the customer type ``ctype`` (offices, evenings)."""
    b2b = seconds_of_day(rng, len(ctype), B2B_HOURS)
    b2c = seconds_of_day(rng, len(ctype), B2C_HOURS)
    return day * DAY + np.where(ctype == 1, b2b, b2c)


def take(record, idx):
    """The rows ``idx`` of a record (its non-array fields unchanged)."""
    return replace(record, **{f.name: getattr(record, f.name)[idx] for f in fields(record)
                              if isinstance(getattr(record, f.name), np.ndarray)})  # fmt: skip


def concat(parts: list):
    """The rows of records of one type, one after the other."""
    return type(parts[0])(**{f.name: np.concatenate([getattr(p, f.name) for p in parts]) for f in fields(parts[0])})


def replay_states(rng, sizes, draw) -> list[dict]:
    """The generator's state before each block of one vectorised draw, the draw itself consumed.

    ``draw(generator, size)`` makes ``size`` values; a draw of ``sum(sizes)`` values in one call gives the
    same values as the blocks one after the other (numpy's generators draw value by value), so
    ``replay(state)`` redraws any block later, alone, with bounded memory, while ``rng`` moves on exactly
    as the one big draw moved it.
    """
    states = []
    for size in sizes:
        states.append(rng.bit_generator.state)
        draw(rng, int(size))
    return states


def replay(rng, state: dict) -> np.random.Generator:
    """A generator of ``rng``'s kind set to a state ``replay_states`` recorded."""
    again = np.random.Generator(type(rng.bit_generator)())
    again.bit_generator.state = state
    return again


def blocks(n: int, size: int) -> list[tuple[int, int]]:
    """The ranges ``[lo, hi)`` that cut ``n`` rows into blocks of at most ``size`` (none for no rows)."""
    size = max(int(size), 1)
    return [(lo, min(lo + size, n)) for lo in range(0, n, size)]

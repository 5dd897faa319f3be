"""What a warehouse version holds, read once per version: the one source of pickers and bounds.

A layout needs the data's first and last day, the regions and countries, the channels…; a URL
is checked against the same values. ``catalog(warehouse)`` reads them once per warehouse version
(a load publishes a new version, so a new catalog follows at the next request) and hands out a
frozen ``Catalog``; ``read_catalog(cursor)`` reads one directly (scripts, tests).

``versioned(warehouse, name, compute)`` keeps any other per-version answer a layout needs
(a domain module's own options, e.g. the pipeline's owners) under the same rule.
"""

from __future__ import annotations

import datetime as dt
import os
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import TypeVar

from data.warehouse import get_warehouse
from olap import reads

T = TypeVar("T")


@dataclass(frozen=True)
class Catalog:
    """The members and bounds of one warehouse version (never changes once read)."""

    data_start: dt.date | None
    data_end: dt.date | None
    regions: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # region → its countries
    countries: Mapping[str, str] = field(default_factory=dict)  # country → its region
    channels: tuple[str, ...] = ()  # dim_channel names
    campaign_channels: tuple[str, ...] = ()  # channels campaigns have used
    margin: float | None = None  # gross margin of all revenue, percent

    @property
    def empty(self) -> bool:
        """No order lines: nothing to analyse yet."""
        return self.data_end is None


def read_catalog(cursor) -> Catalog:
    """The catalog of the version ``cursor`` reads (four queries, one of them over the facts; no cache)."""
    pairs = cursor.execute(  # each region's countries, grouped here (list() has no Spark equivalent)
        "SELECT DISTINCT region, country FROM dim_customer ORDER BY region NULLS LAST, country NULLS LAST"
    ).fetchall()
    regions = _grouped(pairs)
    first, last, revenue, cost = cursor.execute(  # one scan of the facts for the bounds and the margin
        "SELECT min(order_ts)::DATE, max(order_ts)::DATE, sum(revenue), sum(cost) FROM fact_order_line"
    ).fetchone()
    channels = cursor.execute("SELECT name FROM dim_channel ORDER BY channel_id").fetchall()
    return Catalog(
        data_start=first,
        data_end=last,
        regions=MappingProxyType({r: tuple(countries) for r, countries in regions}),
        countries=MappingProxyType({c: r for r, countries in regions for c in countries}),
        channels=tuple(r[0] for r in channels),
        campaign_channels=tuple(campaign_channels(cursor)),
        margin=_margin(revenue, cost),
    )


def _grouped(pairs: list[tuple]) -> list[tuple[str, list[str]]]:
    """(region, country) pairs sorted by region then country → each region with its countries in order."""
    out: list[tuple[str, list[str]]] = []
    for region, country in pairs:
        if not out or out[-1][0] != region:
            out.append((region, []))
        out[-1][1].append(country)
    return out


def campaign_channels(cursor) -> list[str]:
    """Names of the channels campaigns have used (the choices for an offer); none without campaign tables."""
    try:
        rows = cursor.execute(
            """SELECT DISTINCT ch.name FROM fact_campaign_contact f
               JOIN dim_channel ch ON ch.channel_id = f.channel_id ORDER BY ch.name"""
        ).fetchall()
    except Exception as exc:
        if reads.missing_table(exc):  # a warehouse without campaign tables (a hand-made one)
            return []
        raise
    return [r[0] for r in rows]


def warehouse_margin(cursor) -> float | None:
    """Gross margin of all revenue in percent: ``100 × sum(revenue − cost) / sum(revenue)``; None without revenue."""
    ((revenue, cost),) = cursor.execute("SELECT sum(revenue), sum(cost) FROM fact_order_line").fetchall()
    return _margin(revenue, cost)


def _margin(revenue, cost) -> float | None:
    return None if revenue is None or revenue <= 0 else 100.0 * (revenue - cost) / revenue


# ---------------------------------------------------------------- once per version

_answers: dict[tuple[str, str], object] = {}
_lock = threading.Lock()


def _after_fork_in_child() -> None:  # a lock held by another thread at the fork would never be released
    global _lock
    _lock = threading.Lock()


os.register_at_fork(after_in_child=_after_fork_in_child)


def versioned(warehouse, name: str, compute: Callable[[object], T]) -> T:
    """``compute(cursor)`` for the warehouse's current version, computed once per version and name.

    Answers of older versions are dropped when a newer one is read.
    """
    cursor, version = warehouse.cursor_with_version()
    key = (version, name)
    with _lock:
        if key in _answers:
            return _answers[key]  # type: ignore[return-value]
    answer = compute(cursor)
    with _lock:
        for old in [k for k in _answers if k[0] != version]:
            del _answers[old]
        _answers[key] = answer
    return answer


def catalog(warehouse=None) -> Catalog:
    """The current version's catalog (the process-wide warehouse when none is given), read through the
    engine that answers cube reads (``olap.reads``)."""
    warehouse = warehouse or get_warehouse()
    return versioned(warehouse, "catalog", lambda _own: read_catalog(reads.cube_cursor(warehouse)))

"""What every analysis shares: its context and result types, and the ways it reads the warehouse."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

import pandas as pd

from errors import KeyedError
from i18n import format as fmt
from olap.query import QuerySpec


class AnalysisUnavailable(KeyedError, RuntimeError):
    """The warehouse lacks what an analysis needs (e.g. no service tickets were loaded)."""


@dataclass(frozen=True)
class Context:
    start: dt.date  # first day, inclusive
    end: dt.date  # last day, inclusive
    data_end: dt.date  # the last day with data (for windows that need to be complete)
    lang: str = "en"
    warehouse: object = None
    filters: tuple[tuple[str, tuple[str, ...]], ...] = ()  # the shared filter as cube filters (olap.flow)

    @property
    def cube_filters(self) -> dict[str, tuple[str, ...]]:
        """The filters for ``make_spec`` (only the analyses that declare ``filtered`` read them)."""
        return dict(self.filters)

    def cursor(self):
        """The cursor of the engine answering cube reads (``olap.reads``): DuckDB's, or Spark's adapter."""
        from olap.reads import cube_cursor

        return cube_cursor(self.warehouse)

    @property
    def end_exclusive(self) -> dt.date:
        return self.end + dt.timedelta(days=1)


@dataclass
class Table:
    """One block of an analysis: its data, how to draw it, how to show its columns."""

    key: str  # title: t("analysis.table.<key>")
    frame: pd.DataFrame
    figure: str  # hbar | stacked | treemap | donut | heatmap | bars | line | none
    x: str | None = None
    y: str | None = None
    color: str | None = None
    columns: dict[str, str] = field(default_factory=dict)  # column -> kind (money, count, percent, ...)


@dataclass
class Result:
    tables: list[Table]
    spec: QuerySpec | None = None  # the cube view behind it: insights and "Open in Explore"
    explore: dict | None = None  # the Explore URL query for that view
    sentences: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Analysis:
    id: str
    group: str
    run: Callable[[Context], Result]
    filtered: bool = False  # answers through the cube: the shared region/country/channel/type filter applies


# --------------------------------------------------------------------------- helpers


def cube_frame(spec: QuerySpec, ctx: Context) -> pd.DataFrame:
    from olap.engine import execute

    return execute(spec, ctx.warehouse)


def sql_frame(ctx: Context, sql: str, params: list, needs: str) -> pd.DataFrame:
    from olap.reads import missing_table

    try:
        return ctx.cursor().execute(sql, params).df()
    except Exception as exc:
        if missing_table(exc):
            raise AnalysisUnavailable("analysis.missing_table", table=needs) from None
        raise


def share_of(frame: pd.DataFrame, column: str) -> pd.Series:
    total = frame[column].sum()
    return frame[column] / total if total else frame[column] * float("nan")


def cube_insights(spec: QuerySpec, ctx: Context) -> list[str]:
    from olap.insights import sentences_for

    return sentences_for(spec, ctx.lang, ctx.warehouse)


def pct(value, lang: str) -> str:
    return fmt.percent(value, lang)

"""A pivot of one measure: rows × columns with exact totals.

Totals are queried, not summed: counts of distinct customers do not add up (a customer
buying in two quarters counts once in the year).
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from olap.engine import execute
from olap.query import QuerySpec, replace_spec


@dataclass(frozen=True)
class Pivot:
    """The answers behind a pivot grid: ``cells`` by row and column member, the totals of each row,
    of each column and of everything (each a frame as ``olap.engine.execute`` returns it)."""

    cells: pd.DataFrame
    row_totals: pd.DataFrame
    col_totals: pd.DataFrame
    grand: pd.DataFrame


def pivot(spec: QuerySpec, column: str | None = None, warehouse=None) -> Pivot:
    """The pivot of ``spec``'s first measure by its row level and its column level (``column``, by
    default the spec's), with no row limit."""
    spec = replace_spec(spec, measures=spec.measures[:1], limit=None)
    col = column or spec.columns[0]
    return Pivot(
        cells=execute(spec, warehouse),
        row_totals=execute(replace_spec(spec, columns=(), limit=None), warehouse),
        col_totals=execute(replace_spec(spec, rows=(col,), columns=(), limit=None), warehouse),
        grand=execute(replace_spec(spec, rows=(), columns=(), limit=None), warehouse),
    )

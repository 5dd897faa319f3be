"""Answering query specs for pages: the one entry point callbacks use.

``execute(spec)`` runs a spec against the current warehouse version.
"""

from __future__ import annotations

import pandas as pd

from data.warehouse import Warehouse, get_warehouse
from olap.query import QuerySpec, compile_spec


def execute(spec: QuerySpec, warehouse: Warehouse | None = None) -> pd.DataFrame:
    """The spec's answer: level ids, ``<id>:label`` columns, measures."""
    warehouse = warehouse or get_warehouse()
    compiled = compile_spec(spec)
    return warehouse.cursor().execute(compiled.sql, compiled.params).df()

"""Random but valid query specs over a warehouse, for differential tests and benchmarks."""

from __future__ import annotations

import datetime as dt
import random

from olap.cube import DIMENSIONS, FACTS, MEASURES, CubeError
from olap.query import make_spec, run


def members_by_level(cursor, limit: int = 40) -> dict[str, list[str]]:
    """Some real members of every level, from the fact each level belongs to first."""
    found: dict[str, list[str]] = {}
    for dim in DIMENSIONS.values():
        for lvl in dim.levels:
            for name, m in MEASURES.items():
                fact = FACTS[m.fact]
                if m.customer_grain or not fact.supports(lvl):
                    continue
                try:
                    df = run(cursor, make_spec([name], rows=[lvl.id], limit=limit))
                except CubeError:
                    continue
                values = [v for v in df[lvl.id].tolist() if v is not None]
                if values:
                    found[lvl.id] = [str(v) for v in values]
                    break
    return found


def random_spec(rng: random.Random, members: dict[str, list[str]], start: dt.date, end: dt.date, skip_dims=()):
    """A random valid spec (tries until the cube accepts one), without the dimensions in ``skip_dims``."""
    while True:
        fact = rng.choice(list(FACTS))
        names = [n for n, m in MEASURES.items() if m.fact == fact]
        measures = rng.sample(names, k=min(len(names), rng.choice([1, 1, 2, 3])))
        levels = [
            lvl for d in DIMENSIONS.values() if d.name not in skip_dims for lvl in d.levels if FACTS[fact].supports(lvl)
        ]
        dims = rng.sample(sorted({lvl.dimension for lvl in levels}), k=rng.choice([0, 1, 1, 2]))
        rows = [rng.choice([lvl for lvl in levels if lvl.dimension == d]).id for d in dims]
        filters = {}
        for _ in range(rng.choice([0, 0, 1, 2])):
            lvl = rng.choice(levels)
            if lvl.id in members:
                filters[lvl.id] = rng.sample(members[lvl.id], k=min(len(members[lvl.id]), rng.choice([1, 1, 2, 3])))
        period = rng.choice(["none", "months", "months", "days"])
        s = e = None
        if period != "none":
            a = start + dt.timedelta(days=rng.randrange((end - start).days))
            b = a + dt.timedelta(days=rng.randrange(20, 400))
            if period == "months":
                a = a.replace(day=1)
                b = (b.replace(day=1) + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
            s, e = a, min(b, end)
        try:
            return make_spec(measures, rows=rows, filters=filters, start=s, end=e, limit=rng.choice([None, 10, 500]))
        except CubeError:
            continue

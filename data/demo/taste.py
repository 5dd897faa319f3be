"""Each customer's own buying habits: a favourite product line and a usual product.

Real buyers are not draws from a best-seller list. A restaurant re-orders the pan and the gasket
set it always uses; a reseller keeps to its assortment; a household that owns a rice cooker comes
back for rice cookers' inner pots and a newer model. The demo plants this so the recommender has
something real to find (and a best-seller list something real to lose to):

- every customer has a **favourite subcategory**, drawn from its type's popularity, and a
  **usual product** in it, drawn by popularity among that subcategory's products;
- each order line (not a companion the order's first product brought) becomes the usual product
  with probability ``USUAL_P`` and another product of the favourite subcategory with probability
  ``FAVOURITE_P`` (by popularity), when that product was on sale that day; otherwise it keeps the
  line drawn by popularity alone.

The habits draw from a random stream of their own (``seed``, ``TASTE_STREAM``): every other draw
of the generator stays as it was; only which products some lines hold (and so their prices) changes.
The marginal product mix stays close to popularity per customer type, since both habits are drawn
from it.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from data.demo.calendar import draw
from data.demo.people import Customers, Products

TASTE_STREAM = 1601
USUAL_P = np.array([0.12, 0.30])  # B2C, B2B: a line is the customer's usual product
FAVOURITE_P = np.array([0.30, 0.25])  # a line is another product of the favourite subcategory


@dataclass(frozen=True)
class Taste:
    """Per customer: the favourite subcategory (a code into ``subcategories``) and the usual product."""

    rng: np.random.Generator
    subcategories: np.ndarray
    favourite: np.ndarray
    usual: np.ndarray
    pool_cdf: list[np.ndarray]  # per (type, subcategory) the cumulative popularity over ``pools``
    pools: list[np.ndarray]  # per subcategory its products


def make_taste(seed: int, cust: Customers, products: Products) -> Taste:
    """Draw every customer's habits from the stream of their own."""
    rng = np.random.default_rng([seed, TASTE_STREAM])
    subcategories, code = np.unique(products.subcategory.astype(str), return_inverse=True)
    weights = np.diff(products.cdf, axis=1, prepend=0.0)  # (2 types, products)
    by_sub = np.zeros((2, len(subcategories)))
    for t in (0, 1):
        np.add.at(by_sub[t], code, weights[t])
    favourite = np.empty(cust.n, dtype=np.int64)
    for t in (0, 1):
        rows = np.flatnonzero(cust.ctype == t)
        favourite[rows] = draw(rng, np.cumsum(by_sub[t]), len(rows))
    pools = [np.flatnonzero(code == s) for s in range(len(subcategories))]
    pool_cdf = [[np.cumsum(weights[t, pool]) for pool in pools] for t in (0, 1)]
    usual = np.empty(cust.n, dtype=np.int64)
    for t in (0, 1):
        for s, pool in enumerate(pools):
            rows = np.flatnonzero((cust.ctype == t) & (favourite == s))
            usual[rows] = pool[draw(rng, pool_cdf[t][s], len(rows))]
    return Taste(rng=rng, subcategories=subcategories, favourite=favourite, usual=usual,
                 pool_cdf=pool_cdf, pools=pools)  # fmt: skip


def apply_taste(
    taste: Taste,
    products: Products,
    cust: np.ndarray,
    ctype: np.ndarray,
    day: np.ndarray,
    product: np.ndarray,
    free: np.ndarray,
) -> np.ndarray:
    """The lines' products after the customers' habits (``cust``/``ctype``/``day`` per line; ``free``: may change)."""
    rng = taste.rng
    u = rng.random(len(product))
    usual_p, favourite_p = USUAL_P[ctype], FAVOURITE_P[ctype]
    out = product.copy()
    usual_rows = np.flatnonzero(free & (u < usual_p))
    pick = taste.usual[cust[usual_rows]]
    on_sale = products.launch_day[pick] <= day[usual_rows]
    out[usual_rows[on_sale]] = pick[on_sale]
    fav_rows = np.flatnonzero(free & (u >= usual_p) & (u < usual_p + favourite_p))
    fav = taste.favourite[cust[fav_rows]]
    for t in (0, 1):
        for s, pool in enumerate(taste.pools):
            rows = fav_rows[(fav == s) & (ctype[fav_rows] == t)]
            if len(rows) == 0:
                continue
            pick = pool[draw(rng, taste.pool_cdf[t][s], len(rows))]
            on_sale = products.launch_day[pick] <= day[rows]
            out[rows[on_sale]] = pick[on_sale]
    return out

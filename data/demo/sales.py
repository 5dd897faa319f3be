"""Orders and their lines: base orders, channels, discounts, products with their companions, returns.

``simulate_sales`` weaves in the service tickets (``service``) and the campaigns (``marketing``).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from data.demo.calendar import Calendar, at_hours, concat, days_between, draw, draw_rows, take
from data.demo.marketing import CampaignDraw, Contacts, make_campaigns
from data.demo.people import Customers, Partners, Products
from data.demo.service import Tickets, make_tickets
from data.demo.taste import Taste, apply_taste
from data.demo.world import (
    APP,
    CAMPAIGN_BASKET,
    COMPANION_P,
    COMPANIONS,
    DAY,
    DECLINING,
    EMAIL,
    FAIR,
    FAIR_MONTHS,
    GROWING,
    MARKET,
    NEVER,
    NEW,
    PARTNER,
    PARTNER_ROUTE,
    PHONE,
    SEG_DISCOUNT,
    SEG_EXTRA_LINES,
    SEG_TYPE,
    TIER_DISCOUNT,
    WEB,
)  # fmt: skip


@dataclass(frozen=True)
class Orders:
    """One row per order; ``ts`` in seconds since the start; ``partner``/``campaign`` -1 when none."""

    cust: np.ndarray
    ts: np.ndarray
    channel: np.ndarray
    partner: np.ndarray
    campaign: np.ndarray
    kind: np.ndarray  # 0 ordinary, 1 incremental campaign order, 2 return
    discount: np.ndarray | None = None  # order-level, set by order_discounts


@dataclass(frozen=True)
class Lines:
    """One row per order line, grouped by order (``order`` indexes Orders); narrow integer columns (order
    int32, line_no int8, product int16, qty int32) keep the largest arrays small."""

    order: np.ndarray
    line_no: np.ndarray
    product: np.ndarray
    qty: np.ndarray  # negative on returns
    discount: np.ndarray


@dataclass(frozen=True)
class Sales:
    """Every order and line with the tickets, campaigns and contacts made along the way.

    Contacts' converted orders index the kept base orders, or ``-2 - i`` for the i-th
    incremental order (at ``n_kept + i`` in ``orders``).
    """

    orders: Orders
    lines: Lines
    tickets: Tickets
    draws: list[CampaignDraw]  # the campaigns' own draws (``marketing.campaign_rows`` makes their rows)
    n_target: np.ndarray  # per campaign, its target contacts among these customers
    contacts: Contacts
    n_kept: int
    acquisition: tuple[np.ndarray, np.ndarray]  # every customer's acquisition channel and partner


def partner_demand(cal: Calendar, cust: Customers, partners: Partners, ci: np.ndarray, day: np.ndarray) -> np.ndarray:
    """Per partner and month, how many orders (customer ``ci`` on ``day``) its customers place: summed over
    cohorts of customers, it is what ``plan_partner_shares`` plans from."""
    n_months = int(cal.month_index[-1]) + 1
    month = cal.month_index[np.clip(day, 0, cal.n_days - 1)]
    pid = cust.partner[ci]
    has = pid >= 0
    demand = np.bincount(pid[has] * n_months + month[has], minlength=partners.n * n_months)
    return demand.reshape(partners.n, n_months)


def plan_partner_shares(cal: Calendar, partners: Partners, demand: np.ndarray) -> np.ndarray:
    """Per partner and month, the share of its customers' orders placed through it: the planted lifecycle.

    The share follows the stage's curve (mature flat, growing rising, declining falling
    over the last year, new ramping up) divided by the partner's own 12-month mean
    demand (``partner_demand`` of every customer), so the partner's sales follow the curve whatever its
    customers do.
    """
    n_months = int(cal.month_index[-1]) + 1
    demand = demand.astype(float)
    padded = np.concatenate([np.zeros((partners.n, 1)), np.cumsum(demand, axis=1)], axis=1)
    lo = np.clip(np.arange(n_months) - 6, 0, max(n_months - 12, 0))
    hi = np.minimum(lo + 12, n_months)
    smooth = (padded[:, hi] - padded[:, lo]) / (hi - lo)  # mean of the 12 months around: no seasonality
    mid = (np.searchsorted(cal.month_index, np.arange(n_months)) + 15)[None, :]  # a day inside each month
    n, stage, on = cal.n_days, partners.stage[:, None], partners.onboard_day[:, None]
    curve = np.ones((partners.n, n_months))
    curve = np.where(stage == GROWING, 0.15 + 0.85 * np.clip(mid / n, 0, 1), curve)
    curve = np.where(stage == DECLINING, 1 - 0.7 * np.clip((mid - (n - 365)) / 365, 0, 1), curve)
    curve = np.where(stage == NEW, 0.5 + 0.5 * np.clip((mid - on) / np.maximum(n - on, 1), 0, 1), curve)
    positive = smooth > 0
    floor = np.where(positive, smooth, np.inf).min(axis=1, keepdims=True)
    share = np.where(positive, PARTNER_ROUTE * curve * floor / np.where(positive, smooth, 1.0), 0.0)
    return np.minimum(share, 0.95)


def assign_channels(rng, cal: Calendar, cust: Customers, partners: Partners, ci: np.ndarray, day: np.ndarray):
    """Channel and partner of orders (customer ``ci`` on ``day``); online rises over time."""
    n = len(ci)
    t = np.maximum(day, -730) / 365.25
    b2b = cust.ctype[ci] == 1
    pid = cust.partner[ci]
    share = np.zeros(n)
    has = np.flatnonzero(pid >= 0)
    p, d = pid[has], day[has]
    active = (d >= partners.onboard_day[p]) & (d < partners.churn_day[p])
    share[has] = np.where(active, partners.share[p, cal.month_index[np.clip(d, 0, cal.n_days - 1)]], 0.0)
    routed = rng.random(n) < share
    base = np.clip(np.where(b2b, 0.31 + 0.09 * t, 0.50 + 0.06 * t), 0.03, 0.97)
    p_online = 1 / (1 + np.exp(-(np.log(base / (1 - base)) + cust.affinity[ci])))
    online = rng.random(n) < p_online
    x = np.clip(t / 3, -0.5, 1.0)
    w_b2c = np.column_stack([0.45 - 0.1 * x, 0.2 + 0.15 * x, np.full(n, 0.25), np.full(n, 0.1)])
    w_online = np.where(b2b[:, None], np.array([[0.72, 0.05, 0.13, 0.10]]), w_b2c)
    online_ch = np.array([WEB, APP, MARKET, EMAIL])[draw_rows(rng, w_online)]
    month = cal.month[np.clip(day, 0, cal.n_days - 1)]
    fair_p = np.where(b2b, np.where(np.isin(month, FAIR_MONTHS), 0.65, 0.3), 0.15)
    offline_ch = np.where(rng.random(n) < fair_p, FAIR, PHONE)
    channel = np.where(routed, PARTNER, np.where(online, online_ch, offline_ch))
    return channel, np.where(routed, pid, -1)


def first_orders(rng, cust: Customers) -> np.ndarray:
    """The mask of customers who buy on their signup day: most of those who sign up during the history."""
    return (cust.signup_day >= 0) & (rng.random(cust.n) < np.where(cust.ctype == 1, 0.5, 0.7))


def _window(cal: Calendar, cust: Customers) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Each customer's active days ``[lo, hi)`` and its order intensity over them (years of an average day)."""
    lo = np.maximum(cust.signup_day, 0)
    hi = np.clip(cust.lapse_day, lo, cal.n_days)
    cum = np.stack(cal.cum)
    return lo, hi, cum[cust.ctype, hi] - cum[cust.ctype, lo]


def order_rate(cal: Calendar, cust: Customers, first: np.ndarray, target_lines: float) -> float:
    """The factor on every customer's rate that makes the base orders of all customers (``first``: who
    buys on the signup day) about ``target_lines`` order lines."""
    lines_per_order = 1 + SEG_EXTRA_LINES[cust.seg]
    rest = max(target_lines - (first * lines_per_order).sum(), 0.0)
    return rest / max((cust.rate * _window(cal, cust)[2] * lines_per_order).sum(), 1e-9)


def base_days(rng, cal: Calendar, cust: Customers, k: float) -> tuple[np.ndarray, np.ndarray]:
    """The customer and day of each base order after the signup day: a Poisson number per customer
    (``k`` times its rate over its active window), on days following the seasonal, growing intensity."""
    lo, hi, exposure = _window(cal, cust)
    ci = np.repeat(np.arange(cust.n), rng.poisson(k * cust.rate * exposure))
    day = np.empty(len(ci), dtype=np.int64)
    for t in (0, 1):
        m = cust.ctype[ci] == t
        day[m] = days_between(rng, cal.cum[t], lo[ci[m]], hi[ci[m]])
    return ci, day


def make_base_orders(rng, cal: Calendar, cust: Customers, partners: Partners, ci, day, first):
    """The base orders: ``base_days``' (``ci``, ``day``) and the signup-day orders of ``first``.

    The signup-day orders go through the customer's acquisition channel; the partners' shares
    (``Partners.share``) are planned already. Returns the orders and every customer's acquisition
    channel and partner.
    """
    acquisition = assign_channels(rng, cal, cust, partners, np.arange(cust.n), cust.signup_day)
    channel, partner = assign_channels(rng, cal, cust, partners, ci, day)
    fi = np.flatnonzero(first)
    ci, day = np.concatenate([ci, fi]), np.concatenate([day, cust.signup_day[fi]])
    channel = np.concatenate([channel, acquisition[0][fi]])
    partner = np.concatenate([partner, acquisition[1][fi]])
    orders = Orders(
        cust=ci, ts=at_hours(rng, cust.ctype[ci], day), channel=channel, partner=partner,
        campaign=np.full(len(ci), -1), kind=np.zeros(len(ci), dtype=np.int8),
    )  # fmt: skip
    return orders, acquisition


def order_discounts(rng, cal: Calendar, cust: Customers, partners: Partners, orders: Orders) -> np.ndarray:
    """Order-level discount: consumer promotions (more in Nov/Dec), B2B contracts, partner margins."""
    n = len(orders.cust)
    seg = cust.seg[orders.cust]
    month = cal.month[np.clip(orders.ts // DAY, 0, cal.n_days - 1)]
    promo_p = np.where(np.isin(month, [11, 12]), 0.45, 0.15) + np.where(orders.channel == MARKET, 0.1, 0.0)
    promo = np.where(rng.random(n) < promo_p, rng.choice([0.05, 0.10, 0.15, 0.20], n, p=[0.3, 0.35, 0.25, 0.1]), 0.0)
    contract = SEG_DISCOUNT[seg] + np.where(rng.random(n) < 0.2, 0.05, 0.0)
    discount = np.where(SEG_TYPE[seg] == 1, contract, promo)
    via_partner = orders.partner >= 0
    tier = partners.tier[np.where(via_partner, orders.partner, 0)]
    return np.where(via_partner, TIER_DISCOUNT[tier], discount)


def _pick_products(rng, products: Products, ctype: np.ndarray, day: np.ndarray) -> np.ndarray:
    """Products by popularity per customer type, never before their launch."""
    product = np.empty(len(ctype), dtype=np.int64)
    todo = np.arange(len(ctype))
    for attempt in range(5):
        cdf = products.cdf if attempt < 4 else products.cdf_old
        for t in (0, 1):
            sub = todo[ctype[todo] == t]
            product[sub] = draw(rng, cdf[t], len(sub))
        todo = todo[products.launch_day[product[todo]] > day[todo]]
        if len(todo) == 0:
            break
    return product


def _companions(rng, products: Products, product: np.ndarray, first_line: np.ndarray, day: np.ndarray) -> np.ndarray:
    """Swap some later lines for a companion of the order's first product (launched by then)."""
    out = product.copy()
    later = np.flatnonzero((first_line != np.arange(len(product))) & (rng.random(len(product)) < COMPANION_P))
    anchor_sub = products.subcategory[product[first_line[later]]]
    for source, target in COMPANIONS.items():
        rows = later[anchor_sub == source]
        pool = np.flatnonzero(products.subcategory == target)
        if len(rows) == 0 or len(pool) == 0:
            continue
        pick = pool[rng.integers(0, len(pool), len(rows))]
        ok = products.launch_day[pick] <= day[rows]
        out[rows[ok]] = pick[ok]
    return out


def make_lines(rng, cust: Customers, products: Products, orders: Orders, taste: Taste) -> Lines:
    """Order lines: 1..N per order (businesses more), B2B quantities by size and category.

    Products by popularity per customer type, then companions of the first product, then the
    customer's own habits (``taste``, from a stream of its own) on the lines companions left alone.
    """
    seg = cust.seg[orders.cust]
    n_lines = np.minimum(1 + rng.poisson(SEG_EXTRA_LINES[seg]), 40)
    starts = np.concatenate([[0], np.cumsum(n_lines)[:-1]]).astype(np.int64)
    oi = np.repeat(np.arange(len(n_lines), dtype=np.int32), n_lines)  # narrow columns: less memory, same values
    line_no = (np.arange(len(oi)) - starts[oi] + 1).astype(np.int8)
    lseg = seg[oi].astype(np.int8)
    del seg
    b2b = SEG_TYPE[lseg] == 1
    day = orders.ts[oi] // DAY
    product = _pick_products(rng, products, b2b.astype(np.int8), day)
    drawn = product
    product = _companions(rng, products, product, starts[oi], day)
    free = product == drawn
    del drawn
    ci = orders.cust[oi]
    product = apply_taste(taste, products, ci, cust.ctype[ci].astype(np.int64), day, product, free).astype(np.int16)
    del free, day
    qty_b2c = 1 + rng.poisson(np.where(lseg == 1, 0.5, 0.2))
    del lseg
    scale = cust.qty[ci] * products.qty_factor[product]
    del ci
    qty_b2b = np.maximum(1, np.rint(scale * rng.lognormal(0.0, 0.5, len(oi))))
    del scale
    qty = np.where(b2b, qty_b2b, qty_b2c).astype(np.int32)
    del qty_b2b, qty_b2c
    discount = orders.discount[oi] + np.where(b2b & (qty >= 50) & (orders.partner[oi] < 0), 0.03, 0.0)
    discount = np.round(np.minimum(discount, 0.45), 2)
    return Lines(order=oi, line_no=line_no, product=product, qty=qty, discount=discount)


def make_returns(rng, cal: Calendar, cust: Customers, partners: Partners, orders: Orders, lines: Lines):
    """About 2% of lines come back a few days later, as separate orders with negative quantities."""
    b2b = cust.ctype[orders.cust[lines.order]] == 1
    pick = np.flatnonzero(rng.random(len(b2b)) < np.where(b2b, 0.012, 0.026))
    src = lines.order[pick]  # lines are grouped by order, so each order's returned lines are adjacent
    first = np.r_[True, src[1:] != src[:-1]] if len(src) else np.zeros(0, dtype=bool)
    group = np.cumsum(first) - 1
    g_src = src[first]
    g_ts = orders.ts[g_src] + ((2 + rng.exponential(12, len(g_src))) * DAY).astype(np.int64)
    pid = orders.partner[g_src]
    churn_s = np.where(pid >= 0, partners.churn_day[np.maximum(pid, 0)], NEVER) * DAY
    ok = (g_ts < cal.end_s) & (g_ts < churn_s)  # a churned partner books nothing after leaving
    new_index = np.cumsum(ok) - 1
    keep = ok[group]
    pick, group = pick[keep], new_index[group[keep]]
    g_src, g_ts = g_src[ok], g_ts[ok]
    starts = np.flatnonzero(np.r_[True, group[1:] != group[:-1]]) if len(group) else np.zeros(0, dtype=np.int64)
    line_no = np.arange(len(group)) - np.repeat(starts, np.diff(np.r_[starts, len(group)])) + 1
    qty = lines.qty[pick]
    back = np.where(qty <= 2, qty, 1 + rng.binomial(np.maximum(qty - 1, 0), 0.3))
    ret_orders = Orders(
        cust=orders.cust[g_src], ts=g_ts, channel=orders.channel[g_src], partner=orders.partner[g_src],
        campaign=np.full(len(g_src), -1), kind=np.full(len(g_src), 2, dtype=np.int8), discount=np.zeros(len(g_src)),
    )  # fmt: skip
    ret_lines = Lines(order=group.astype(np.int32), line_no=line_no.astype(np.int8), product=lines.product[pick],
                      qty=(-back).astype(lines.qty.dtype),
                                discount=lines.discount[pick])  # fmt: skip
    return ret_orders, ret_lines


def simulate_sales(
    rng,
    cal: Calendar,
    cust: Customers,
    partners: Partners,
    products: Products,
    taste: Taste,
    base_orders: tuple[np.ndarray, np.ndarray, np.ndarray],
    draws: list[CampaignDraw] | None = None,
) -> Sales:
    """Orders and lines of ``cust`` (all customers, or a cohort of them), with tickets, campaigns and
    returns woven in.

    ``base_orders``: ``base_days``' customers and days and ``first_orders``' mask. Base orders come
    first; badly rated tickets cut customers' later orders; campaigns attribute conversions, add
    incremental and follow-up orders (or lose the orders of the customers a harmful one put off);
    returns come last. The campaigns' own draws (``draws``) are made from ``rng`` when not given: the
    first cohort makes them, the others reuse them.
    """
    base, acquisition = make_base_orders(rng, cal, cust, partners, *base_orders)
    base = replace(base, discount=order_discounts(rng, cal, cust, partners, base))
    base_lines = make_lines(rng, cust, products, base, taste)
    tickets, keep, cut = make_tickets(rng, cal, cust, base, base_lines)
    orders, lines, tickets = _keep(base, base_lines, tickets, keep)
    del base, base_lines

    draws, n_target, contacts, extra, followups, attributed, stay = make_campaigns(rng, cal, cust, orders, cut, draws)
    orders, lines, tickets = _keep(orders, lines, tickets, stay)  # a harmful campaign put some off
    orders = replace(orders, campaign=attributed)
    lines = replace(lines, qty=_campaign_basket(rng, cust, orders, lines))
    f_channel, f_partner = assign_channels(rng, cal, cust, partners, followups.cust, followups.ts // DAY)
    n_extra, n_follow = len(extra.cust), len(followups.cust)
    new = Orders(
        cust=np.concatenate([extra.cust, followups.cust]),
        ts=np.concatenate([extra.ts, followups.ts]),
        channel=np.concatenate([extra.channel, f_channel]),
        partner=np.concatenate([np.full(n_extra, -1), f_partner]),
        campaign=np.concatenate([extra.campaign, np.full(n_follow, -1)]),
        kind=np.concatenate([np.ones(n_extra, np.int8), np.zeros(n_follow, np.int8)]),
    )
    coupon = np.where(cust.ctype[new.cust] == 1, 0.05, rng.choice([0.10, 0.15], len(new.cust)))
    new = replace(new, discount=order_discounts(rng, cal, cust, partners, new) + np.where(new.kind == 1, coupon, 0.0))
    new_lines = make_lines(rng, cust, products, new, taste)
    new_lines = replace(new_lines, qty=_campaign_basket(rng, cust, new, new_lines))
    n_kept = len(orders.cust)
    new_lines = replace(new_lines, order=new_lines.order + n_kept)
    orders, lines = concat([orders, new]), concat([lines, new_lines])
    returns, return_lines = make_returns(rng, cal, cust, partners, orders, lines)
    return_lines = replace(return_lines, order=return_lines.order + len(orders.cust))
    orders, lines = concat([orders, returns]), concat([lines, return_lines])
    return Sales(orders=orders, lines=lines, tickets=tickets, draws=draws, n_target=n_target, contacts=contacts,
                 n_kept=n_kept, acquisition=acquisition)  # fmt: skip


def _keep(orders: Orders, lines: Lines, tickets: Tickets, keep: np.ndarray) -> tuple[Orders, Lines, Tickets]:
    """The orders of the mask ``keep`` with their lines and tickets, renumbered (the others never happened)."""
    index = np.cumsum(keep) - 1
    lines, tickets = take(lines, keep[lines.order]), take(tickets, keep[tickets.order])
    lines = replace(lines, order=index[lines.order].astype(lines.order.dtype))
    return take(orders, keep), lines, replace(tickets, order=index[tickets.order])


def _campaign_basket(rng, cust: Customers, orders: Orders, lines: Lines) -> np.ndarray:
    """Quantities of lines, raised on orders attributed to a campaign (bundle and volume offers)."""
    attributed = orders.campaign[lines.order] >= 0
    b2b = cust.ctype[orders.cust[lines.order]] == 1
    raised = np.where(b2b, np.rint(lines.qty * CAMPAIGN_BASKET), lines.qty + (rng.random(len(b2b)) < 0.8))
    return np.where(attributed, raised, lines.qty).astype(lines.qty.dtype)

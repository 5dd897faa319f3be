"""Service tickets (badly rated ones end a customer's buying) and the B2B opportunity pipeline."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from data.demo.calendar import Calendar, draw, take
from data.demo.world import (
    APP,
    CHURN_AFTER_TICKET,
    COUNTRIES,
    DAY,
    EMAIL,
    FAIR,
    NEVER,
    OWNERS,
    PARTNER,
    PHONE,
    REGIONS,
    TICKET_CATEGORIES,
    TICKET_CATEGORY_P,
    WEB,
)  # fmt: skip

if TYPE_CHECKING:
    from data.demo.people import Customers, Partners
    from data.demo.sales import Lines, Orders


@dataclass(frozen=True)
class Tickets:
    """One row per ticket; times in seconds since the start (``closed`` -1 while open), ``sat`` 0 unrated."""

    order: np.ndarray
    cust: np.ndarray
    opened: np.ndarray
    closed: np.ndarray
    channel: np.ndarray
    category: np.ndarray
    product: np.ndarray
    sat: np.ndarray


@dataclass(frozen=True)
class Opportunities:
    """One row per opportunity; days since the start; ``won`` 1/0 (-1 open), ``order`` -1 unless won."""

    cust: np.ndarray
    partner: np.ndarray
    owner: np.ndarray  # index into reps
    created: np.ndarray
    stage: np.ndarray  # OPEN_STAGES, then 4 won, 5 lost
    amount: np.ndarray
    expected: np.ndarray
    closed: np.ndarray
    won: np.ndarray
    order: np.ndarray
    reps: list[str]


def make_tickets(rng, cal: Calendar, cust: Customers, orders: Orders, lines: Lines):
    """Service tickets about orders; badly rated ones end the customer's later buying.

    Returns the tickets, the mask of orders kept and each customer's cut-off second.
    """
    b2b = cust.ctype[orders.cust] == 1
    src = np.flatnonzero(rng.random(len(b2b)) < np.where(b2b, 0.012, 0.03))
    opened = orders.ts[src] + ((0.5 + rng.exponential(10, len(src))) * DAY).astype(np.int64)
    inside = opened < cal.end_s
    src, opened = src[inside], opened[inside]
    nt = len(src)
    tcust = orders.cust[src]
    tb2b = cust.ctype[tcust] == 1
    starts = np.searchsorted(lines.order, src)
    n_lines = np.searchsorted(lines.order, src, side="right") - starts
    line = starts + (rng.random(nt) * n_lines).astype(np.int64)
    channel = np.where(
        tb2b,
        np.array([PHONE, EMAIL, FAIR, WEB])[rng.choice(4, nt, p=[0.45, 0.3, 0.15, 0.1])],
        np.array([PHONE, EMAIL, WEB, APP])[rng.choice(4, nt, p=[0.4, 0.25, 0.22, 0.13])],
    )
    category = rng.choice(len(TICKET_CATEGORIES), nt, p=TICKET_CATEGORY_P)
    hours = rng.lognormal(math.log(30), 1.0, nt) * np.where(rng.random(nt) < 0.08, 12.0, 1.0)  # escalations
    closed = opened + (hours * 3600).astype(np.int64)
    is_open = closed >= cal.end_s
    rated = ~is_open & (rng.random(nt) < 0.65)
    sat = rng.choice(5, nt, p=[0.07, 0.09, 0.16, 0.31, 0.37]) + 1
    sat = np.where((hours > 5 * 24) & (rng.random(nt) < 0.45), np.maximum(sat - 1, 1), sat)
    sat = np.where(rated, sat, 0)
    ends = rng.random(nt) < CHURN_AFTER_TICKET[sat] * np.where(tb2b, 0.5, 1.0)  # contracts hold businesses
    cut = np.full(cust.n, NEVER, dtype=np.int64)
    np.minimum.at(cut, tcust[ends], opened[ends])
    keep = orders.ts <= cut[orders.cust]
    alive = keep[src]  # a ticket about an order that no longer happened goes too
    tickets = Tickets(
        order=src, cust=tcust, opened=opened, closed=np.where(is_open, -1, closed), channel=channel,
        category=category, product=lines.product[line], sat=sat,
    )  # fmt: skip
    return take(tickets, alive), keep, cut


def make_opportunities(
    rng, cal: Calendar, cust: Customers, partners: Partners, orders: Orders, order_id, order_revenue
) -> Opportunities:
    """B2B pipeline: won deals are big sales-led B2B orders; lost and open ones look alike."""
    n_days = cal.n_days
    b2b_ids = np.flatnonzero(cust.ctype == 1)
    empty = np.zeros(0, dtype=np.int64)
    reps = [name for r in REGIONS for name in OWNERS[r]]
    if len(b2b_ids) == 0:
        return Opportunities(cust=empty, partner=empty, owner=empty, created=empty, stage=empty,
                             amount=empty.astype(float), expected=empty, closed=empty, won=empty, order=empty,
                             reps=reps)  # fmt: skip
    region = np.array([REGIONS.index(c.region) for c in COUNTRIES])[cust.country]
    rep_offset = np.cumsum([0] + [len(OWNERS[r]) for r in REGIONS])[:-1]
    rep_count = np.array([len(OWNERS[r]) for r in REGIONS])
    owner_of = rep_offset[region] + (rng.random(cust.n) * rep_count[region]).astype(np.int64)

    sales_led = np.isin(orders.channel, [FAIR, PARTNER, PHONE]) & (orders.kind != 2)
    cand = np.flatnonzero(sales_led & (cust.ctype[orders.cust] == 1) & (order_revenue > 0))
    if len(cand):
        cand = cand[order_revenue[cand] >= np.quantile(order_revenue[cand], 0.7)]
    won = cand[rng.random(len(cand)) < min(1.0, 1.2 * len(b2b_ids) / max(len(cand), 1))]
    nw = len(won)
    w_cust = orders.cust[won]
    w_closed = orders.ts[won] // DAY - rng.integers(0, 11, nw)
    w_cycle = _sales_cycle(rng, cust.seg[w_cust])
    w_amount = np.maximum(100.0, np.round(order_revenue[won] * rng.uniform(0.92, 1.12, nw), -2))

    # lost deals and the open pipeline, amounts like the won ones
    n_lost = int(round(nw * 1.3)) if nw else len(b2b_ids) // 2
    weights = np.cumsum(cust.rate[b2b_ids])
    l_cust = b2b_ids[draw(rng, weights, n_lost)]
    lo = np.maximum(cust.signup_day[l_cust], 0)
    l_created = lo + (rng.random(n_lost) * (n_days - lo)).astype(np.int64)
    alive = b2b_ids[(cust.lapse_day[b2b_ids] > n_days) & (rng.random(len(b2b_ids)) < 0.3)]
    o_created = n_days - rng.integers(1, 150, len(alive))
    o_cust = alive[o_created > cust.signup_day[alive]]
    o_created = o_created[o_created > cust.signup_day[alive]]
    p_cust = np.concatenate([l_cust, o_cust])
    p_created = np.concatenate([l_created, o_created])
    p_cycle = _sales_cycle(rng, cust.seg[p_cust])
    pool = w_amount if nw else np.array([5000.0])
    p_amount = np.maximum(100.0, np.round(pool[rng.integers(0, len(pool), len(p_cust))]
                                          * rng.lognormal(0.0, 0.35, len(p_cust)), -2))  # fmt: skip
    p_open = p_created + p_cycle >= n_days
    p_planned = np.round(p_cycle * rng.uniform(0.8, 1.2, len(p_cust))).astype(np.int64)
    progress = (n_days - p_created) / np.maximum(p_planned, 1)
    open_stage = np.minimum((progress * 4).astype(np.int64), 3)
    pid = cust.partner[p_cust]
    active = (pid >= 0) & (partners.onboard_day[np.maximum(pid, 0)] <= p_created)
    active &= p_created < partners.churn_day[np.maximum(pid, 0)]

    c = np.concatenate([w_cust, p_cust])
    created = np.concatenate([w_closed - w_cycle, p_created])
    opp = Opportunities(
        cust=c,
        partner=np.concatenate([orders.partner[won], np.where(active, pid, -1)]),
        owner=np.where(rng.random(len(c)) < 0.9, owner_of[c], rng.integers(0, len(reps), len(c))),
        created=created,
        stage=np.concatenate([np.full(nw, 4), np.where(p_open, open_stage, 5)]),  # 4 won, 5 lost
        amount=np.concatenate([w_amount, p_amount]),
        expected=created + np.concatenate([np.round(w_cycle * rng.uniform(0.7, 1.25, nw)).astype(np.int64), p_planned]),
        closed=np.concatenate([w_closed, np.where(p_open, -1, p_created + p_cycle)]),
        won=np.concatenate([np.ones(nw, dtype=np.int8), np.where(p_open, -1, 0)]),
        order=np.concatenate([order_id[won], np.full(len(p_cust), -1)]),
        reps=reps,
    )
    return take(opp, np.lexsort((opp.cust, opp.created)))


def _sales_cycle(rng, seg: np.ndarray) -> np.ndarray:
    median = np.where(seg == 4, 90.0, np.where(seg == 3, 60.0, 35.0))
    return 7 + np.round(rng.lognormal(np.log(median), 0.5)).astype(np.int64)


# Stage history (fact_opportunity_stage). Drawn after every other table from its own generator
# (``STAGE_SEED`` beside the demo's seed), so no earlier draw moves. Where a lost deal was lost:
LOST_AT_P = (0.34, 0.30, 0.23, 0.13)  # Prospecting, Qualification, Proposal, Negotiation
STAGE_WEIGHT = (1.0, 1.3, 1.6, 1.1)  # Dirichlet weights of the time spent in each open stage
STAGE_SEED = 0x57A6E


@dataclass(frozen=True)
class StageHistory:
    """One row per stage an opportunity entered: its index into ``Opportunities``, the stage
    (0..3 open, 4 won, 5 lost) and the second (since the start) it entered it."""

    opp: np.ndarray
    stage: np.ndarray
    entered: np.ndarray


def make_stage_history(rng, cal: Calendar, opp: Opportunities) -> StageHistory:
    """Stage entries consistent with each opportunity's row: Prospecting on its created day, every
    open stage up to the one it was won at (all four), lost at (drawn from ``LOST_AT_P``) or is at
    now (its recorded stage), and Closed Won / Closed Lost on its closed day. The time between
    created and closed (or the data's last day, while open) is split over the stages it passed
    through in Dirichlet shares, the stage it is in now taking the last share."""
    n = len(opp.cust)
    won, lost = opp.stage == 4, opp.stage == 5
    last = np.where(won, 3, np.where(lost, rng.choice(4, n, p=LOST_AT_P), np.minimum(opp.stage, 3)))
    end = np.where(opp.won >= 0, opp.closed, cal.n_days - 1)  # closed days may precede the start
    span = np.maximum(end - opp.created, 0).astype(float)
    shares = rng.gamma(np.broadcast_to(STAGE_WEIGHT, (n, 4)))  # Dirichlet over the stages passed through
    shares = np.where(np.arange(4) <= last[:, None], shares, 0.0)
    shares /= shares.sum(axis=1, keepdims=True)
    starts = np.concatenate([np.zeros((n, 1)), np.cumsum(shares, axis=1)[:, :3]], axis=1)  # share at entry
    hour = rng.uniform(8.5, 18.0, (n, 5)) / 24  # office hours
    day0 = opp.created[:, None] + np.floor(starts * span[:, None])
    entered = (day0 + hour[:, :4]) * DAY
    entered = np.maximum.accumulate(entered, axis=1) + np.arange(4)  # same-day moves keep their order
    rows = np.arange(4) <= last[:, None]
    idx, stage = np.nonzero(rows)
    closed = np.flatnonzero(won | lost)
    c_sec = np.maximum((end[closed] + hour[closed, 4]) * DAY, entered[closed, last[closed]] + 60)
    return StageHistory(
        opp=np.concatenate([idx, closed]),
        stage=np.concatenate([stage, opp.stage[closed]]),
        entered=np.concatenate([entered[idx, stage], c_sec]).astype(np.int64),
    )

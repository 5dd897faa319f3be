"""Campaigns (holdout, contacts, attribution, planted effects: uplift, none, harm) and web sessions (browsing, conversion,
funnel)."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

import numpy as np

from data.demo.calendar import (
    Calendar,
    at_hours,
    blocks,
    concat,
    draw,
    draw_grouped,
    replay,
    replay_states,
    sorted_by,
    take,
)
from data.demo.world import (
    ANONYMOUS_SESSIONS_PER_ORDER,
    APP,
    B2B_SEGMENT,
    B2C_HOURS,
    CAMPAIGNS,
    CONTACT_CHANNEL,
    COUNTRIES,
    DAY,
    EMAIL,
    FAIR,
    FOLLOW_UPS,
    IS_ONLINE,
    KNOWN_SESSIONS_PER_ORDER,
    LAPSED_SEGMENT,
    MARKET,
    PHONE,
    REGIONS,
    SOURCE_P,
    UPLIFT,
    WEB,
)  # fmt: skip

if TYPE_CHECKING:
    from data.demo.people import Customers
    from data.demo.sales import Orders


@dataclass(frozen=True)
class Contacts:
    """One row per campaign contact; times in seconds since the start, -1 when not reached.

    ``order``: the converted order (index into the kept base orders, ``-2 - i`` for the
    i-th incremental order, -1 none).
    """

    campaign: np.ndarray
    cust: np.ndarray
    control: np.ndarray
    channel: np.ndarray
    sent: np.ndarray
    delivered: np.ndarray
    opened: np.ndarray
    clicked: np.ndarray
    converted: np.ndarray
    order: np.ndarray


@dataclass(frozen=True)
class CampaignDraw:
    """A campaign's own draws, shared by every cohort of customers: the share of the eligible customers
    contacted, the holdout, the cost per contact and the budget's two draws (``campaign_rows``)."""

    share: float
    holdout: float
    cpc: float
    markup: float
    fixed: float


@dataclass(frozen=True)
class CampaignOrders:
    """Incremental orders a campaign caused (they become Orders of kind 1)."""

    cust: np.ndarray
    ts: np.ndarray
    channel: np.ndarray
    campaign: np.ndarray


@dataclass(frozen=True)
class FollowUps:
    """Orders converted target contacts place in the next 90 days (channel assigned later)."""

    cust: np.ndarray
    ts: np.ndarray


@dataclass(frozen=True)
class Sessions:
    """One row per web session, by start time; ``order``/``cust`` -1 when none/anonymous."""

    start: np.ndarray
    order: np.ndarray
    cust: np.ndarray
    channel: np.ndarray


def _campaign_list(cal: Calendar) -> list[tuple]:
    rows = []
    for year in range(cal.start.year, cal.end.year + 1):
        for month, day, days, name, objective, channel, segment, regions, uplift in CAMPAIGNS:
            start = dt.date(year, month, day)
            if cal.start <= start <= cal.end - dt.timedelta(days=10):
                end = start + dt.timedelta(days=days - 1)
                rows.append((f"{name} {year}", objective, channel, segment, regions, uplift, start, end))
    return sorted(rows, key=lambda r: (r[6], r[0]))


def _ranges(lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
    """The positions ``lo[i] .. hi[i] - 1`` of every i, one after the other."""
    n = hi - lo
    return np.repeat(lo - np.cumsum(n) + n, n) + np.arange(n.sum())


def _outside(cust: np.ndarray, ts: np.ndarray, blackouts: list[tuple]) -> np.ndarray:
    """The mask of (customer, time) pairs outside every blackout (customers, from, to) of a harmful
    campaign; one customer's blackouts never overlap (one harmful campaign a year)."""
    b_cust, b_from, b_to = (np.concatenate(part) for part in zip(*blackouts, strict=True))
    order = np.argsort((b_cust.astype(np.int64) << 32) | b_from, kind="stable")
    b_key = (b_cust[order].astype(np.int64) << 32) | b_from[order]
    i = np.searchsorted(b_key, (cust.astype(np.int64) << 32) | ts, side="right") - 1
    j = np.maximum(i, 0)
    inside = (i >= 0) & (b_cust[order][j] == cust) & (ts < b_to[order][j])
    return ~inside


def make_campaigns(rng, cal: Calendar, cust: Customers, orders: Orders, cut: np.ndarray,
                   draws: list[CampaignDraw] | None = None):  # fmt: skip
    """Campaigns with a random holdout: contacts, attribution and the planted effect.

    Everyone contacted converts when they buy in the window anyway (the first order
    from the send time to the campaign end). The planted effect follows the sign of the
    campaign's value in ``world.CAMPAIGNS`` (times ``UPLIFT``):

    - **positive**: target contacts who would not have bought also convert with that
      probability (incremental orders attributed to the campaign); the organic orders
      target contacts convert with carry the campaign code (the caller enlarges the
      baskets of attributed orders) and converted target contacts buy again in the next
      90 days more often (follow-up orders);
    - **no effect** (0): target and control buy alike. Contacts still record the order
      they converted with, but no order carries the campaign code (no bigger baskets),
      there are no incremental and no follow-up orders;
    - **harmful** (negative): that share of the target contacts who would have bought
      from the send to the window end are put off (a discount blast that cannibalises
      full-price orders and puts customers off). Their orders in that span are
      lost, and so are the follow-up orders of any campaign that fell in it, except orders
      an earlier campaign's contact converted with (the history stays consistent). No
      order carries the campaign code, there are no incremental or follow-up orders. It
      also raises unsubscribes (``plant_unsubscribes``).

    The campaigns' own draws (``CampaignDraw``) come from ``rng`` in their place among the customers'
    draws, unless ``draws`` gives them (a later cohort of customers reuses the first cohort's).

    Returns the campaigns' draws, each campaign's number of target contacts, the contacts, the
    incremental orders, the follow-up orders, the campaign code of every order that stays (-1 none) and
    the mask ``stay`` of the given orders that still happen: contacts' orders index the orders that stay.
    """
    key = (orders.cust.astype(np.int64) << 32) | orders.ts
    by_time = sorted_by(orders.ts)
    perm = by_time[sorted_by(orders.cust[by_time])]  # by customer, then time
    skey = key[perm]
    attributed = np.full(len(key), -1, dtype=np.int64)
    referenced = np.zeros(len(key), dtype=bool)  # an order some contact converted with
    gone = np.zeros(len(key), dtype=bool)  # an order a harmful campaign put off
    country_region = np.array([REGIONS.index(c.region) for c in COUNTRIES])[cust.country]
    made, n_target, contacts, extra, followups, blackouts = [], [], [], [], [], []
    n_extra = 0
    for cid, (_, objective, channel, segment, regions, uplift, start, end) in enumerate(_campaign_list(cal), 1):
        s_day, e_day = (start - cal.start).days, (end - cal.start).days
        start_s, wend = s_day * DAY, min((e_day + 1) * DAY, cal.end_s)
        eligible = cust.signup_day < s_day
        if segment is not None and segment <= 5:
            eligible &= cust.seg == segment - 1
        elif segment == B2B_SEGMENT or channel in (FAIR, PHONE):
            eligible &= cust.ctype == 1
        if segment == LAPSED_SEGMENT:  # no order in the 180 days before the start
            before = np.arange(cust.n, dtype=np.int64) << 32
            idx = np.searchsorted(skey, before + start_s) - 1
            recent = (idx >= 0) & ((skey[np.maximum(idx, 0)] >> 32) == np.arange(cust.n))
            recent &= skey[np.maximum(idx, 0)] - before >= start_s - 180 * DAY
            eligible &= ~recent & (cust.signup_day < s_day - 180)
        if channel == EMAIL:
            eligible &= cust.opt_in
        elif channel == APP:
            eligible &= cust.app_user
        if regions:
            eligible &= np.isin(country_region, [REGIONS.index(r) for r in regions])
        if draws is None:
            share, holdout = rng.uniform(0.35, 0.85), float(rng.choice([0.1, 0.15, 0.2]))
        else:
            share, holdout = draws[cid - 1].share, draws[cid - 1].holdout
        ci = np.flatnonzero(eligible & (rng.random(cust.n) < share))
        m = len(ci)
        control = rng.random(m) < holdout
        ref = start_s + rng.integers(0, 2, m) * DAY + 8 * 3600 + rng.integers(0, 10 * 3600, m)  # office hours
        base = ci.astype(np.int64) << 32
        if uplift < 0:  # put off: the target contacts' orders from the send to the window end are lost
            lo, hi = np.searchsorted(skey, base + ref), np.searchsorted(skey, base + wend)
            off = ~control & (hi > lo) & (rng.random(m) < -uplift * UPLIFT)
            lost = perm[_ranges(lo[off], hi[off])]
            gone[lost[~referenced[lost]]] = True
            still = ~gone[perm]
            perm, skey = perm[still], skey[still]
            blackouts.append((ci[off], ref[off], np.full(off.sum(), wend)))
        idx = np.minimum(np.searchsorted(skey, base + ref), len(skey) - 1)
        organic = (skey[idx] >= base + ref) & (skey[idx] < base + wend)
        converted_ts = np.where(organic, skey[idx] - base, -1)
        converted_order = np.where(organic, perm[idx], -1)
        lapsed_ok = (cust.lapse_day[ci] * DAY > ref) | (objective == "Reactivation")
        inc_ts = at_hours(rng, cust.ctype[ci], (ref + ((wend - ref) * rng.beta(1.0, 2.5, m)).astype(np.int64)) // DAY)
        inc_ts = np.where(inc_ts > ref, inc_ts, ref + rng.integers(600, 4 * 3600, m))  # same day, after the send
        inc = ~control & ~organic & lapsed_ok & (rng.random(m) < uplift * UPLIFT) & (inc_ts < wend) & (inc_ts < cut[ci])
        converted_ts = np.where(inc, inc_ts, converted_ts)
        converted_order = np.where(inc, -2 - (n_extra + np.cumsum(inc) - 1), converted_order)  # -2-i: i-th extra
        extra.append(CampaignOrders(cust=ci[inc], ts=inc_ts[inc], channel=np.full(inc.sum(), channel),
                                   campaign=np.full(inc.sum(), cid)))  # fmt: skip
        n_extra += int(inc.sum())
        referenced[converted_order[organic]] = True
        if uplift > 0:
            hits = converted_order[~control & organic]
            attributed[hits[attributed[hits] < 0]] = cid
        converted = organic | inc
        # converted target contacts of a campaign that works come back within 90 days more often
        again = ~control & converted & (uplift > 0)
        k = rng.poisson(FOLLOW_UPS, again.sum())
        f_cust = np.repeat(ci[again], k)
        f_lo = np.repeat(converted_ts[again], k) + DAY
        f_hi = np.minimum(np.repeat(ref[again], k) + 90 * DAY, cal.end_s)
        f_day = (f_lo + (rng.random(len(f_lo)) * np.maximum(f_hi - f_lo, 0)).astype(np.int64)) // DAY
        f_ts = at_hours(rng, cust.ctype[f_cust], f_day)
        ok = (f_hi > f_lo) & (f_ts >= f_lo - DAY) & (f_ts < cal.end_s) & (f_ts < cut[f_cust])
        followups.append(FollowUps(cust=f_cust[ok], ts=f_ts[ok]))
        delivered_p, open_p, click_p, cpc_range, fixed_range = CONTACT_CHANNEL[channel]
        delivered = ~control & (rng.random(m) < delivered_p)
        opened = delivered & (rng.random(m) < np.where(converted, max(open_p, 0.75), open_p))
        clicked = opened & (rng.random(m) < np.where(converted, max(click_p, 0.6), click_p))
        u_open, u_click = rng.random(m), rng.random(m)
        open_ts = np.where(converted, ref + (u_open * 0.7 * (converted_ts - ref)).astype(np.int64),
                           ref + rng.exponential(8 * 3600, m).astype(np.int64))  # fmt: skip
        click_ts = np.where(converted, open_ts + (u_click * 0.9 * (converted_ts - open_ts)).astype(np.int64),
                            open_ts + rng.exponential(1200, m).astype(np.int64))  # fmt: skip
        opened &= open_ts < cal.end_s
        clicked &= opened & (click_ts < cal.end_s)
        contacts.append(Contacts(
            campaign=np.full(m, cid), cust=ci, control=control, channel=np.full(m, channel),
            sent=np.where(control, -1, ref), delivered=delivered, opened=np.where(opened, open_ts, -1),
            clicked=np.where(clicked, click_ts, -1), converted=converted_ts, order=converted_order,
        ))  # fmt: skip
        n_target.append(int((~control).sum()))
        if draws is None:
            cpc = round(float(rng.uniform(*cpc_range)), 3 if cpc_range[1] < 1 else 2)
            markup = rng.uniform(1.05, 1.25)
            made.append(CampaignDraw(share, holdout, cpc, markup, rng.uniform(*fixed_range)))
    if not contacts:
        empty = np.zeros(0, dtype=np.int64)
        contacts = [Contacts(campaign=empty, cust=empty, control=empty.astype(bool), channel=empty, sent=empty,
                             delivered=empty.astype(bool), opened=empty, clicked=empty, converted=empty,
                             order=empty)]  # fmt: skip
        extra = [CampaignOrders(cust=empty, ts=empty, channel=empty, campaign=empty)]
        followups = [FollowUps(cust=empty, ts=empty)]
    contacts, followups = concat(contacts), concat(followups)
    if blackouts:
        followups = take(followups, _outside(followups.cust, followups.ts, blackouts))
    stay = ~gone
    index = np.cumsum(stay) - 1
    contacts = replace(contacts, order=np.where(contacts.order >= 0, index[np.maximum(contacts.order, 0)],
                                                contacts.order))  # fmt: skip
    draws = made if draws is None else draws
    return draws, np.array(n_target, dtype=np.int64), contacts, concat(extra), followups, attributed[stay], stay


def campaign_rows(cal: Calendar, draws: list[CampaignDraw], n_target: np.ndarray) -> list[tuple]:
    """The dim_campaign rows: each campaign's budget from its target contacts over all customers."""
    rows = []
    for cid, ((name, objective, channel, segment, _, _, start, end), d) in enumerate(
        zip(_campaign_list(cal), draws, strict=True), 1
    ):
        budget = round(int(n_target[cid - 1]) * d.cpc * d.markup + d.fixed, -2)
        status = "active" if end > cal.end else "completed"
        rows.append((cid, name, objective, channel, segment, start, end, budget, d.cpc, d.holdout, status))
    return rows


UNSUBSCRIBE_STREAM = 1101  # the unsubscribes' own random stream: the other tables' draws are untouched
UNSUBSCRIBE_BASE = 0.004  # share of the delivered target contacts of any campaign who unsubscribe
UNSUBSCRIBE_HARMFUL = 0.06  # … of a harmful campaign (the discount blast): fifteen times as many
UNSUBSCRIBE_DAYS = 3.0  # mean days from the send to the unsubscribe (exponential)


def unsubscribe_streams(seed: int, sizes: list[int]) -> list[tuple[np.random.Generator, np.random.Generator]]:
    """For blocks of ``sizes`` contacts (in their stored order), the generators of their unsubscribe draws.

    The draws are one vectorised draw of the unsubscribes' own stream (``seed``, ``UNSUBSCRIBE_STREAM``) over
    all contacts: every delay, then every chance. Each block gets its place in both, so the contacts can be
    planted a block at a time and plant exactly what one draw over all of them plants.
    """
    rng = np.random.default_rng([seed, UNSUBSCRIBE_STREAM])
    delays = replay_states(rng, sizes, lambda g, k: g.exponential(UNSUBSCRIBE_DAYS * DAY, k))
    chances = replay_states(rng, sizes, lambda g, k: g.random(k))
    return [(replay(rng, d), replay(rng, c)) for d, c in zip(delays, chances, strict=True)]


def plant_unsubscribes(cal: Calendar, contacts: Contacts, delay: np.random.Generator,
                       chance: np.random.Generator) -> np.ndarray:  # fmt: skip
    """Planted unsubscribes: seconds since the start per contact, -1 for none.

    Only delivered target contacts unsubscribe (the control group is never contacted):
    ``UNSUBSCRIBE_BASE`` of them in every campaign, ``UNSUBSCRIBE_HARMFUL`` in a harmful one (a negative
    value in ``world.CAMPAIGNS``: the discount blast puts customers off), an exponential number of days
    (mean ``UNSUBSCRIBE_DAYS``) after the send, inside the campaign's days and the history. Drawn from a
    stream of their own (``unsubscribe_streams``: ``delay`` and ``chance``), so every other table stays as it
    was before unsubscribes existed. The demo has no survey campaigns: no survey answers are planted.
    """
    listed = _campaign_list(cal)
    n = len(contacts.cust)
    harmful = np.array([False] + [row[5] < 0 for row in listed])[contacts.campaign] if n else np.zeros(0, bool)
    ends = np.array([0] + [((row[7] - cal.start).days + 1) * DAY for row in listed], dtype=np.int64)
    window_end = np.minimum(ends[contacts.campaign], cal.end_s) if n else np.zeros(0, np.int64)
    rate = np.where(harmful, UNSUBSCRIBE_HARMFUL, UNSUBSCRIBE_BASE)
    at = contacts.sent + (delay.exponential(UNSUBSCRIBE_DAYS * DAY, n)).astype(np.int64)
    chosen = ~contacts.control & contacts.delivered & (chance.random(n) < rate) & (at < window_end)
    return np.where(chosen, at, -1)


def _page_tables() -> np.ndarray:
    """Cumulative distributions of pages viewed (1..40): browsing and converting sessions."""
    pmf = np.zeros((2, 41))  # column = pages viewed
    browse = np.array([math.exp(-3) * 3.0**j / math.factorial(j) for j in range(39)])
    pmf[0, 1], pmf[0, 2:] = 0.38, 0.62 * browse
    pmf[1, 4:] = np.array([math.exp(-7) * 7.0**j / math.factorial(j) for j in range(37)])
    pmf /= pmf.sum(axis=1, keepdims=True)
    return np.cumsum(pmf, axis=1)


PAGE_CDF = _page_tables()
SOURCE_CDF = np.cumsum([SOURCE_P.get(ch, (1.0, 0, 0, 0, 0, 0)) for ch in range(8)], axis=1)


SESSION_BLOCK = 2_000_000  # sessions per draw of their attributes, by start time: part of what a seed builds


@dataclass(frozen=True)
class SessionPlan:
    """The sessions' draws, made once (so the generator moves on exactly as one vectorised draw of each
    moved it) with the state every block of each draw starts from, to be drawn again block by block.

    Online orders ``oi`` come in blocks of ``order_blocks``: each has a converting session minutes
    before it (``conv``) and a Poisson number of browsing sessions of its buyer (``visits``, at times
    ``browse``; the ones before the buyer signed up are dropped, ``kept`` per block), their channels
    (``loyal``: the order's own, else ``other``); anonymous sessions (``anon_blocks``) come ``per_day``
    at an hour and second (``hour``, ``second``) on a channel (``anon_channel``); ``day_counts``: the
    sessions that start on each day, to sort them a few days at a time.
    """

    oi: np.ndarray
    order_blocks: list[tuple[int, int]]
    conv: list[dict]
    visits: list[dict]
    browse: list[dict]
    kept: np.ndarray
    loyal: list[dict]
    other: list[dict]
    per_day: np.ndarray
    anon_blocks: list[tuple[int, int]]
    hour: list[dict]
    second: list[dict]
    anon_channel: list[dict]
    day_counts: np.ndarray  # sessions starting on each day of the history


def _browsing(g_visits, g_browse, cust: Customers, orders: Orders, oi: np.ndarray):
    """The browsing sessions of a block of online orders: their orders and start times."""
    bi = np.repeat(oi, g_visits.poisson(KNOWN_SESSIONS_PER_ORDER, len(oi)))
    b_start = orders.ts[bi] - 600 - (g_browse.random(len(bi)) * 30 * DAY).astype(np.int64)
    ok = b_start >= np.maximum(cust.signup_day[orders.cust[bi]], 0) * DAY
    return bi[ok], b_start[ok]


_OTHER_P, _ANON_P = [0.6, 0.25, 0.15], [0.55, 0.2, 0.2, 0.05]


def plan_sessions(rng, cal: Calendar, cust: Customers, orders: Orders, chunk: int) -> SessionPlan:
    """Draw the sessions' skeleton once, in blocks of about ``chunk`` sessions, keeping only where each
    block's draws start (``session_blocks`` draws them again).

    Each online order has a converting session minutes before it; its buyer browsed in the weeks
    before; anonymous visitors make the rest (conversion ~3%).
    """
    oi = np.flatnonzero(IS_ONLINE[orders.channel] & (orders.kind != 2))
    order_blocks = blocks(len(oi), max(chunk // 12, 1))  # ~10 sessions per online order
    sizes = [hi - lo for lo, hi in order_blocks]
    day_counts = np.zeros(cal.n_days, dtype=np.int64)  # sessions starting on each day
    conv = []
    for lo, hi in order_blocks:
        conv.append(rng.bit_generator.state)
        conv_start = np.maximum(orders.ts[oi[lo:hi]] - rng.integers(120, 2700, hi - lo), 0)
        day_counts += np.bincount(conv_start // DAY, minlength=cal.n_days)
    visits = replay_states(rng, sizes, lambda g, k: g.poisson(KNOWN_SESSIONS_PER_ORDER, k))
    browse, kept = [], []
    for (lo, hi), state in zip(order_blocks, visits, strict=True):
        browse.append(rng.bit_generator.state)
        b_start = _browsing(replay(rng, state), rng, cust, orders, oi[lo:hi])[1]
        kept.append(len(b_start))
        day_counts += np.bincount(b_start // DAY, minlength=cal.n_days)
    loyal = replay_states(rng, kept, lambda g, k: g.random(k))
    other = replay_states(rng, kept, lambda g, k: g.choice(3, k, p=_OTHER_P))
    # anonymous visits follow the consumer intensity: a count per day, a time of day each
    n_anon = int(rng.poisson(ANONYMOUS_SESSIONS_PER_ORDER * len(oi)))
    per_day = rng.multinomial(n_anon, np.diff(cal.cum[0]) / cal.cum[0][-1])
    day_counts += per_day
    anon_blocks = blocks(n_anon, chunk)
    sizes = [hi - lo for lo, hi in anon_blocks]
    hour = replay_states(rng, sizes, lambda g, k: g.random(k))
    second = replay_states(rng, sizes, lambda g, k: g.integers(0, 3600, k))
    anon_channel = replay_states(rng, sizes, lambda g, k: g.choice(4, k, p=_ANON_P))
    return SessionPlan(oi=oi, order_blocks=order_blocks, conv=conv, visits=visits, browse=browse,
                       kept=np.array(kept, dtype=np.int64), loyal=loyal, other=other, per_day=per_day,
                       anon_blocks=anon_blocks, hour=hour, second=second, anon_channel=anon_channel,
                       day_counts=day_counts)  # fmt: skip


def session_blocks(rng, plan: SessionPlan, cust: Customers, orders: Orders):
    """The sessions block by block, unsorted: start, position (ties of start keep it), order, visitor, channel.

    Positions number the converting sessions, then the browsing ones, then the anonymous ones.
    """
    oi, n = plan.oi, len(plan.oi)
    kept_lo = np.concatenate([[0], np.cumsum(plan.kept)])
    for b, (lo, hi) in enumerate(plan.order_blocks):
        o = oi[lo:hi]
        conv_start = np.maximum(orders.ts[o] - replay(rng, plan.conv[b]).integers(120, 2700, hi - lo), 0)
        yield {"start": conv_start, "pos": np.arange(lo, hi, dtype=np.int64), "ord": o.astype(np.int32),
               "cust": orders.cust[o].astype(np.int32), "channel": orders.channel[o].astype(np.int8)}  # fmt: skip
        del conv_start
        bi, b_start = _browsing(replay(rng, plan.visits[b]), replay(rng, plan.browse[b]), cust, orders, o)
        k = len(bi)
        loyal = replay(rng, plan.loyal[b]).random(k) < 0.7
        other = np.array([WEB, APP, MARKET])[replay(rng, plan.other[b]).choice(3, k, p=_OTHER_P)]
        yield {"start": b_start, "pos": n + np.arange(kept_lo[b], kept_lo[b + 1], dtype=np.int64),
               "ord": np.full(k, -1, dtype=np.int32), "cust": orders.cust[bi].astype(np.int32),
               "channel": np.where(loyal, orders.channel[bi], other).astype(np.int8)}  # fmt: skip
    day_end = np.cumsum(plan.per_day)
    hour_cdf = np.cumsum(B2C_HOURS)
    anon_lo = n + int(kept_lo[-1])
    for b, (lo, hi) in enumerate(plan.anon_blocks):
        day = np.searchsorted(day_end, np.arange(lo, hi), side="right").astype(np.int64)
        hour = np.searchsorted(hour_cdf, replay(rng, plan.hour[b]).random(hi - lo) * hour_cdf[-1], side="right")
        start = day * DAY + (hour * 3600 + replay(rng, plan.second[b]).integers(0, 3600, hi - lo))
        channel = np.array([WEB, APP, MARKET, EMAIL], dtype=np.int8)[replay(rng, plan.anon_channel[b]).choice(
            4, hi - lo, p=_ANON_P)]  # fmt: skip
        yield {"start": start, "pos": np.arange(anon_lo + lo, anon_lo + hi, dtype=np.int64),
               "ord": np.full(hi - lo, -1, dtype=np.int32), "cust": np.full(hi - lo, -1, dtype=np.int32),
               "channel": channel}  # fmt: skip


def session_attributes(rng, cal: Calendar, cust: Customers, s: Sessions) -> dict[str, np.ndarray]:
    """Source, device, country and funnel counts of a slice of sessions."""
    n = len(s.start)
    converting = (s.order >= 0).astype(np.int64)
    known = s.cust >= 0
    source = draw_grouped(rng, SOURCE_CDF, s.channel.astype(np.int64))
    x = np.clip(s.start / cal.end_s, 0, 1)
    b2b = known & (cust.ctype[np.maximum(s.cust, 0)] == 1)
    desktop = np.where(b2b, 0.72, 0.50 - 0.12 * x)
    mobile = np.where(b2b, 0.20, 0.42 + 0.12 * x)
    app = s.channel == APP
    desktop[app], mobile[app] = 0.0, 0.85
    u = rng.random(n)
    device = (u >= desktop).astype(np.int8) + (u >= desktop + mobile)
    country = cust.country[np.maximum(s.cust, 0)]
    anonymous = np.flatnonzero(~known)
    weights = np.array([c.weight for c in COUNTRIES])
    country[anonymous] = draw(rng, np.cumsum(weights), len(anonymous))
    pages = draw_grouped(rng, PAGE_CDF, converting)
    views = np.where(converting == 1, 1 + ((pages - 1) * rng.random(n) * 0.9).astype(np.int64),
                     ((pages + 0.5) * rng.random(n) * 0.7).astype(np.int64))  # fmt: skip
    u = rng.random(n)
    carts = np.where(
        converting == 1, 1 + (u < 0.35) + (u < 0.08), (views > 0) * ((u < 0.09).astype(np.int64) + (u < 0.02))
    )
    return {"source": source, "device": device, "country": country, "pages": pages, "views": views, "carts": carts}

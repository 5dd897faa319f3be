"""The sales simulated a cohort of customers at a time, so the generator's memory stays bounded at any scale.

The customers are cut into cohorts of ``COHORT`` (consecutive customers). Each cohort's orders, lines,
tickets and campaign contacts come from a random stream of its own; only what ties customers together is
made once for all of them:

- the rate that calibrates the base orders to the target number of lines (``sales.order_rate``, from every
  cohort's ``first_orders``);
- the partners' monthly shares (``sales.plan_partner_shares``, from every cohort's ``partner_demand``: the
  base orders are drawn once to count, then drawn again from the same place in the stream to be used);
- each campaign's own draws (``marketing.CampaignDraw``: the first cohort makes them, the others reuse
  them) and its budget, from the target contacts of all cohorts (``marketing.campaign_rows``).

The first cohort draws from the demo's own generator, in exactly the order the generator drew before it
had cohorts, so a demo of one cohort (scale 1 and every test demo) is the same, table for table. A cohort's
order lines and contacts go to scratch files as soon as it is simulated: the lines by spans of days (the
order ids follow time over all cohorts, known only at the end), the contacts by campaign (the order they are
stored in). What stays in memory over all cohorts is an ``OrderBook``: a few narrow columns per order, and
the customers' channels.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields, replace
from pathlib import Path

import numpy as np

from data.demo.calendar import Calendar, blocks, concat
from data.demo.marketing import CampaignDraw, Contacts
from data.demo.people import Customers, Partners, Products
from data.demo.sales import (
    Orders,
    base_days,
    first_orders,
    order_rate,
    partner_demand,
    plan_partner_shares,
    simulate_sales,
)  # fmt: skip
from data.demo.service import Tickets
from data.demo.taste import TASTE_STREAM, Taste
from data.demo.world import DAY

COHORT_STREAM = 2701  # the cohorts after the first: each its own stream (seed, COHORT_STREAM, cohort)

LINE = np.dtype([("idx", "<i8"), ("line_no", "i1"), ("product", "<i2"), ("qty", "<i4"), ("discount", "<f8")])
CONTACT = np.dtype([
    ("campaign", "<i4"), ("cust", "<i4"), ("control", "?"), ("channel", "i1"), ("sent", "<i8"), ("delivered", "?"),
    ("opened", "<i8"), ("clicked", "<i8"), ("converted", "<i8"), ("order", "<i8"),
])  # fmt: skip


class Cohorts:
    """The cohorts of ``cust``: each one's customers (a view) and random generator."""

    def __init__(self, rng: np.random.Generator, seed: int, cust: Customers, size: int):
        self.spans = blocks(cust.n, size)
        if len(self.spans) > 1 and self.spans[-1][1] - self.spans[-1][0] < size // 2:  # no tiny last cohort
            self.spans[-2:] = [(self.spans[-2][0], self.spans[-1][1])]
        self.streams = [rng] + [np.random.default_rng([seed, COHORT_STREAM, i]) for i in range(1, len(self.spans))]
        self.parts = [_customers(cust, lo, hi) for lo, hi in self.spans]
        self.seed = seed

    def __len__(self) -> int:
        return len(self.spans)

    def taste(self, taste: Taste, i: int) -> Taste:
        """Cohort ``i``'s habits: the first keeps the habits' own stream, the others have one each."""
        lo, hi = self.spans[i]
        rng = taste.rng if i == 0 else np.random.default_rng([self.seed, TASTE_STREAM, i])
        return replace(taste, rng=rng, favourite=taste.favourite[lo:hi], usual=taste.usual[lo:hi])


def _customers(cust: Customers, lo: int, hi: int) -> Customers:
    """Customers ``lo .. hi - 1`` as a record of their own (views, renumbered from 0; the city names whole)."""
    keep = {"city_names"}
    return replace(cust, n=hi - lo, **{f.name: getattr(cust, f.name)[lo:hi] for f in fields(cust)
                                       if isinstance(getattr(cust, f.name), np.ndarray) and f.name not in keep})  # fmt: skip


def plan(cal: Calendar, cust: Customers, partners: Partners, cohorts: Cohorts, target_lines: float):
    """What ties the cohorts together: the base orders' rate, the partners with their monthly shares,
    and where each cohort's base orders start in its stream (to be drawn again)."""
    first = [first_orders(g, c) for g, c in zip(cohorts.streams, cohorts.parts, strict=True)]
    k = order_rate(cal, cust, np.concatenate(first), target_lines)
    demand, states = 0, []
    for g, c in zip(cohorts.streams, cohorts.parts, strict=True):
        states.append(g.bit_generator.state)
        demand = demand + partner_demand(cal, c, partners, *base_days(g, cal, c, k))
    return k, first, states, replace(partners, share=plan_partner_shares(cal, partners, demand))


@dataclass
class OrderBook:
    """Every order of every cohort in narrow columns (order index = position), with what the tables written
    after the simulation need: the customers' channels, the tickets, the campaigns' draws and target counts,
    the contacts per campaign and the lines' scratch files."""

    folder: Path
    span_days: int
    cust: list = field(default_factory=list)
    ts: list = field(default_factory=list)
    channel: list = field(default_factory=list)
    partner: list = field(default_factory=list)
    campaign: list = field(default_factory=list)
    kind: list = field(default_factory=list)
    revenue: list = field(default_factory=list)
    acquisition: list = field(default_factory=list)
    preferred: list = field(default_factory=list)
    tickets: list = field(default_factory=list)
    draws: list[CampaignDraw] | None = None
    n_target: np.ndarray | int = 0
    contacts_per_campaign: np.ndarray | int = 0
    n: int = 0
    n_lines: int = 0

    def add(self, cohort_lo: int, sales, products: Products, n_customers: int) -> None:
        """One cohort's sales (customers from ``cohort_lo``): kept in narrow columns or spilled."""
        orders, lines, offset = sales.orders, sales.lines, self.n
        revenue = lines.qty * products.price[lines.product] * (1 - lines.discount)
        self.revenue.append(np.bincount(lines.order, weights=revenue, minlength=len(orders.cust)))
        del revenue
        self.cust.append((orders.cust + cohort_lo).astype(np.int32))
        self.ts.append(orders.ts.astype(np.int32))  # seconds since the start: under 2**27 in three years
        self.channel.append(orders.channel.astype(np.int8))
        self.partner.append(orders.partner.astype(np.int16))
        self.campaign.append(orders.campaign.astype(np.int16))
        self.kind.append(orders.kind.astype(np.int8))
        self.acquisition.append(sales.acquisition[0].astype(np.int8))
        self.preferred.append(preferred_channels(n_customers, orders, sales.acquisition[0]).astype(np.int8))
        self.draws = sales.draws
        self._spill_lines(orders, lines, offset)
        self._spill_contacts(sales.contacts, sales.n_kept, offset, cohort_lo)
        t = sales.tickets
        self.tickets.append(replace(t, order=t.order + offset, cust=t.cust + cohort_lo))
        self.n_target = self.n_target + sales.n_target
        self.n += len(orders.cust)
        self.n_lines += len(lines.order)

    def _spill_lines(self, orders: Orders, lines, offset: int) -> None:
        if not len(lines.order):
            return
        rows = np.empty(len(lines.order), dtype=LINE)
        rows["idx"] = lines.order.astype(np.int64) + offset
        rows["line_no"], rows["product"], rows["qty"] = lines.line_no, lines.product, lines.qty
        rows["discount"] = lines.discount
        span = (orders.ts[lines.order] // DAY) // self.span_days
        by_span = np.argsort(span, kind="stable")
        rows, span = rows[by_span], span[by_span]
        cuts = np.flatnonzero(np.r_[True, span[1:] != span[:-1]])
        for lo, hi in zip(cuts, np.r_[cuts[1:], len(span)], strict=True):
            with open(self.line_file(int(span[lo])), "ab") as f:
                rows[lo:hi].tofile(f)

    def _spill_contacts(self, c: Contacts, n_kept: int, offset: int, cohort_lo: int) -> None:
        if not len(c.cust):
            return
        index = np.where(c.order <= -2, n_kept + (-2 - c.order), c.order)
        rows = np.empty(len(c.cust), dtype=CONTACT)
        for name in CONTACT.names:
            rows[name] = getattr(c, name)
        rows["cust"] += cohort_lo
        rows["order"] = np.where(index >= 0, index + offset, -1)
        per_campaign = np.bincount(c.campaign, minlength=len(self.draws) + 1)[1:]
        self.contacts_per_campaign = self.contacts_per_campaign + per_campaign
        cuts = np.flatnonzero(np.r_[True, c.campaign[1:] != c.campaign[:-1]])
        for lo, hi in zip(cuts, np.r_[cuts[1:], len(c.cust)], strict=True):
            with open(self.contact_file(int(c.campaign[lo])), "ab") as f:
                rows[lo:hi].tofile(f)

    def line_file(self, span: int) -> Path:
        return self.folder / f"lines-{span:05d}.bin"

    def contact_file(self, campaign: int) -> Path:
        return self.folder / f"contacts-{campaign:04d}.bin"

    def orders(self) -> Orders:
        """Every order, the cohorts one after the other (in place of the lists of parts)."""
        columns = {}
        for name in ("cust", "ts", "channel", "partner", "campaign", "kind"):
            columns[name] = np.concatenate(getattr(self, name))
            setattr(self, name, [columns[name]])
        return Orders(**columns)

    def all_tickets(self) -> Tickets:
        return concat(self.tickets)


def preferred_channels(n: int, orders: Orders, acquisition: np.ndarray) -> np.ndarray:
    """Each of ``n`` customers' most used channel (returns aside), else its acquisition channel."""
    bought = orders.kind != 2
    counts = np.bincount(orders.cust[bought] * 8 + orders.channel[bought], minlength=n * 8).reshape(n, 8)
    return np.where(counts.sum(axis=1) > 0, counts[:, 1:].argmax(axis=1) + 1, acquisition)


def simulate(cal: Calendar, cust: Customers, partners: Partners, products: Products, taste: Taste,
             cohorts: Cohorts, target_lines: float, book: OrderBook) -> Partners:  # fmt: skip
    """Every cohort's sales into ``book``; returns the partners with their planned shares."""
    k, first, states, partners = plan(cal, cust, partners, cohorts, target_lines)
    for i, ((lo, _), g, c, state) in enumerate(zip(cohorts.spans, cohorts.streams, cohorts.parts, states, strict=True)):
        g.bit_generator.state = state  # the base orders again, as counted
        base = (*base_days(g, cal, c, k), first[i])
        sales = simulate_sales(g, cal, c, partners, products, cohorts.taste(taste, i), base, book.draws)
        book.add(lo, sales, products, c.n)
        del sales, base
    return partners

"""Who a plan reaches: the saved segment version's members the channel can contact, the others
counted by reason; and the random control group, reproducible and stratified by RFM tier.

**Who a channel can reach** (the warehouse holds no app installs and no phone numbers, so the
rules use what it does hold):

- a channel carries campaigns when past campaigns used it (``fact_campaign_contact``) or its
  name says e-mail; the web shop, a marketplace or a partner are no way to contact someone
  (reason ``no_contact_channel``: a chosen one is refused, a preferred one excludes the customer);
- **e-mail** needs the customer's consent (``dim_customer.email_opt_in``, reason ``no_consent``)
  and an address (reason ``no_address``);
- **any other contact channel** (app push, phone, sales rep) needs a customer who uses it: it is
  their preferred channel, or they ordered or had a web session through it (reason ``unused_channel``);
- members no longer in the warehouse (or guest stand-ins) are ``not_in_warehouse``;
- a customer who unsubscribed from any earlier campaign (``fact_campaign_contact.unsubscribed_ts``, from a
  response file) is opted out of every campaign (reason ``unsubscribed``): the loop closes.

In ``PREFERRED`` mode each customer is contacted through their own preferred channel under the
same rules.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from crm.campaigns.plan import PREFERRED, Plan, PlanError
from crm.segments import SegmentError, segment_members, segment_version
from data.guests import has_guest_flag
from data.warehouse import lineage_of
from olap.catalog import campaign_channels

REASONS = ("not_in_warehouse", "unsubscribed", "no_contact_channel", "no_consent", "no_address", "unused_channel")
NO_TIER = ""  # the stratum of customers without an RFM tier


@dataclass(frozen=True, eq=False)
class Audience:
    """The reachable members (``customers``: customer_id, channel, tier; sorted by id), the segment
    version's size and the excluded counted by reason (every reason of ``REASONS``, zeros included)."""

    segment_size: int
    customers: pd.DataFrame
    excluded: Mapping[str, int]

    @property
    def reach(self) -> int:
        return len(self.customers)

    def by_channel(self) -> dict[str, int]:
        """Reachable customers per channel, largest first."""
        return {str(k): int(v) for k, v in self.customers["channel"].value_counts().items()}


def is_email(channel: str) -> bool:
    name = channel.strip().lower().replace("-", "")
    return "email" in name or name == "mail"


def contact_channels_of(channels, used) -> list[str]:
    """Of ``channels`` (names), those a campaign can go through: the ``used`` by past campaigns, and e-mail."""
    used = set(used)
    return [n for n in channels if n in used or is_email(n)]


def contact_channels(cursor) -> list[str]:
    """The warehouse's channels a campaign can go through (``contact_channels_of``)."""
    names = [r[0] for r in cursor.execute("SELECT name FROM dim_channel ORDER BY channel_id").fetchall()]
    return contact_channels_of(names, campaign_channels(cursor))


def audience(cursor, plan: Plan) -> Audience:
    """The plan's segment version's members the channel can reach, and the others by reason."""
    try:
        segment_version(plan.segment_id, plan.segment_version)
    except SegmentError:
        raise PlanError(
            "campaign.plan.unknown_segment", segment=plan.segment_id, version=plan.segment_version
        ) from None
    members = segment_members(plan.segment_id, plan.segment_version)
    usable = contact_channels(cursor)
    if plan.channel != PREFERRED and plan.channel not in usable:
        raise PlanError("campaign.plan.unknown_channel", channel=plan.channel, allowed=", ".join(usable) or "–")
    frame = _members_frame(cursor, members, plan.channel)
    reason = pd.Series("", index=frame.index, dtype=object)
    reason[~frame["known"]] = "not_in_warehouse"
    reason[(reason == "") & frame["unsubscribed"]] = "unsubscribed"
    ok = reason == ""
    reason[ok & ~frame["channel"].isin(usable)] = "no_contact_channel"
    email = frame["channel"].map(lambda c: is_email(c) if isinstance(c, str) else False).astype(bool)
    reason[(reason == "") & email & ~frame["opt_in"]] = "no_consent"
    address = frame["email"].fillna("").str.contains("@", regex=False)
    reason[(reason == "") & email & ~address] = "no_address"
    reason[(reason == "") & ~email & ~frame["uses"]] = "unused_channel"
    counts = reason[reason != ""].value_counts()
    excluded = {r: int(counts.get(r, 0)) for r in REASONS}
    reached = frame.loc[reason == "", ["customer_id", "channel"]].reset_index(drop=True)
    reached["tier"] = tiers(cursor, reached["customer_id"].to_numpy())
    return Audience(len(members), reached, excluded)


def _members_frame(cursor, members: list[int], channel: str) -> pd.DataFrame:
    """Per member: known to the warehouse, consent, address, the channel to use and whether they use it."""
    view = f"plan_members_{uuid.uuid4().hex}"
    cursor.register(view, pd.DataFrame({"customer_id": np.asarray(members, dtype="int64")}))
    guest = "c.is_guest" if has_guest_flag(cursor) else "false"
    unsubscribed = (
        f"""m.customer_id IN (SELECT u.customer_id FROM fact_campaign_contact u WHERE u.unsubscribed_ts IS NOT NULL
                              AND u.customer_id IN (SELECT customer_id FROM {view}))"""
        if _has_unsubscribes(cursor)
        else "false"
    )
    pick = "ch.name" if channel == PREFERRED else "?"
    params = [] if channel == PREFERRED else [channel]
    used = (
        "true"
        if channel == PREFERRED
        else f"""ch.name = ? OR m.customer_id IN (
                SELECT f.customer_id FROM fact_order_line f JOIN dim_channel x ON x.channel_id = f.channel_id
                WHERE x.name = ? AND f.customer_id IN (SELECT customer_id FROM {view})
                UNION ALL
                SELECT s.customer_id FROM fact_web_session s JOIN dim_channel x ON x.channel_id = s.channel_id
                WHERE x.name = ? AND s.customer_id IN (SELECT customer_id FROM {view}))"""
    )
    params += [] if channel == PREFERRED else [channel] * 3
    try:
        frame = cursor.execute(
            f"""SELECT m.customer_id, c.customer_id IS NOT NULL AND NOT coalesce({guest}, false) AS known,
                       coalesce(c.email_opt_in, false) AS opt_in, c.email, {pick} AS channel,
                       coalesce({used}, false) AS uses, coalesce({unsubscribed}, false) AS unsubscribed
                FROM {view} m
                LEFT JOIN dim_customer c ON c.customer_id = m.customer_id
                LEFT JOIN dim_channel ch ON ch.channel_id = c.preferred_channel_id
                ORDER BY m.customer_id""",
            params,
        ).df()
    finally:
        cursor.unregister(view)
    return frame.astype({"known": bool, "opt_in": bool, "uses": bool, "unsubscribed": bool})


def _has_unsubscribes(cursor) -> bool:
    """The warehouse's contacts carry the response files' ``unsubscribed_ts`` (written since they exist)."""
    return bool(cursor.execute(
        "SELECT count(*) FROM duckdb_columns() WHERE database_name = current_database() "
        "AND table_name = 'fact_campaign_contact' AND column_name = 'unsubscribed_ts'").fetchone()[0])  # fmt: skip


def lineage(cursor) -> str:
    """The lineage of the warehouse ``cursor`` reads, asked on a cursor of its own (``lineage_of``
    leaves its one-row result open, which would block the next ``register`` on ``cursor``)."""
    return lineage_of(cursor.cursor())


def tiers(cursor, customer_ids: np.ndarray) -> np.ndarray:
    """Each customer's RFM tier: the published ``customer_score.value_tier``, else the latest RFM run's
    tier on this warehouse's lineage; ``NO_TIER`` for customers without one."""
    ids = pd.Index(np.asarray(customer_ids, dtype="int64"))
    try:
        published = cursor.execute(
            "SELECT customer_id, value_tier FROM customer_score WHERE value_tier IS NOT NULL"
        ).df()
    except Exception:  # noqa: BLE001 - a warehouse without published scores
        published = pd.DataFrame(columns=["customer_id", "value_tier"])
    if len(published):
        tier = published.set_index("customer_id")["value_tier"]
    else:
        from mining.runs import latest_run, load_run  # lazy: the runs' store only when nothing is published

        meta = latest_run("rfm", lineage(cursor))
        if meta is None:
            return np.full(len(ids), NO_TIER, dtype=object)
        _, scores = load_run(meta["run_id"])
        tier = scores.set_index("customer_id")["tier"]
    tier = tier[~tier.index.duplicated()].astype(str)
    return tier.reindex(ids).fillna(NO_TIER).to_numpy(dtype=object)


def split(audience: Audience, plan: Plan) -> tuple[np.ndarray, np.ndarray]:
    """(target ids, control ids): in every RFM tier (customers without one form their own), a random
    ``plan.holdout`` share (rounded) is the control group. The same audience and seed give the same
    split; the draw orders each tier's customers by id first, so it does not depend on row order."""
    customers = audience.customers.sort_values("customer_id")
    ids = customers["customer_id"].to_numpy(dtype="int64")
    tier = customers["tier"].astype(str).to_numpy()
    draw = np.random.default_rng(plan.seed).random(len(ids))
    order = np.lexsort((draw, tier))  # by tier, then by the random draw
    tier_sorted = tier[order]
    starts = np.flatnonzero(np.r_[True, tier_sorted[1:] != tier_sorted[:-1]])
    sizes = np.diff(np.r_[starts, len(ids)])
    rank = np.arange(len(ids)) - np.repeat(starts, sizes)  # position inside its tier
    wanted = np.repeat(np.floor(sizes * plan.holdout + 0.5).astype(int), sizes)
    control = np.zeros(len(ids), dtype=bool)
    control[order] = rank < wanted
    return ids[~control], ids[control]

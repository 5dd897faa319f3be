"""Launched plans become warehouse campaigns, so their results show beside every other campaign.

A launch freezes a plan's target and control lists in the operational store (``crm.campaigns.launch``);
the results page reads the warehouse. :func:`bridge_plans` writes every launched plan of the
warehouse's lineage into the version being written:

- ``dim_campaign``: one row per plan, its id ``PLAN_CAMPAIGN_BASE`` + plan id (allocated once and
  stored in ``campaign_plans.campaign_id``: the same in every version, above every id a file can
  give, see ``data.importer.write``); name, objective, channel (the chosen one, or the channel most
  of its lists go through for "each customer's preferred channel"), ``start_date`` = the schedule's
  start, ``end_date`` = the attribution end (``results`` reads start..end as the attribution window),
  budget = fixed cost + cost per contact × targeted contacts, the holdout share, status ``launched``
  while the window is open on the data's last day, then ``completed``. ``segment_id`` stays NULL: it
  names a ``dim_segment`` (the demo's customer segments), never a saved segment of the planner;
- ``fact_campaign_contact``: one row per frozen list member (group, channel; ``sent_ts`` = the
  schedule's start for the target group, NULL for control; ``delivered`` / opened / clicked /
  unsubscribed / survey NULL until a response file says otherwise, ``crm`` never invents them).
  Rows that exist keep their responses: a second run changes nothing (idempotent);
- ``import_key_map``: each bridged id under its own digits, so a file naming the campaign by the id
  the campaigns page shows resolves to it.

It runs as a post-load step (``jobs.derive``: every load and rebuild keeps the launched campaigns)
and, right after a launch, :func:`publish_campaigns` writes a new version with it (and the contacts'
rollups rebuilt) so the campaign is on ``/campaigns`` within seconds.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from pathlib import Path

import pandas as pd
import sqlalchemy as sa

from crm.campaigns.plan import PREFERRED, Plan
from data import opstore, schema
from data.importer.write import DEFAULT_CHANNEL, PLAN_CAMPAIGN_BASE, finish_specials, special_id
from data.warehouse import current_path, lineage_of, write_version, writer_lock

LAUNCHED_STATUS, COMPLETED_STATUS = "launched", "completed"


def campaign_id_of(plan_id: int) -> int:
    """The warehouse campaign id of a launched plan."""
    return PLAN_CAMPAIGN_BASE + int(plan_id)


def plan_id_of(campaign_id: int) -> int | None:
    """The plan a warehouse campaign was launched from (None: an imported or generated campaign)."""
    return int(campaign_id) - PLAN_CAMPAIGN_BASE if int(campaign_id) > PLAN_CAMPAIGN_BASE else None


def allocate(plan_ids) -> dict[int, int]:
    """Each launched plan's campaign id, stored on its row the first time (never changed after)."""
    t = opstore.campaign_plans
    ids = [int(p) for p in plan_ids]
    if not ids:
        return {}
    with opstore.engine().begin() as con:
        for plan_id in ids:
            con.execute(
                t.update()
                .where(t.c.plan_id == plan_id, t.c.campaign_id.is_(None))
                .values(campaign_id=campaign_id_of(plan_id))
            )
        rows = con.execute(sa.select(t.c.plan_id, t.c.campaign_id).where(t.c.plan_id.in_(ids))).all()
    return {int(p): int(c) for p, c in rows}


def launched_plans(lineage: str) -> list[dict]:
    """The launched plans of a lineage: plan_id, campaign_id (allocated), the Plan, launched_at."""
    t = opstore.campaign_plans
    query = sa.select(t.c.plan_id, t.c.plan, t.c.launched_at).where(t.c.lineage == lineage, t.c.status == "launched")
    with opstore.engine().connect() as con:
        rows = con.execute(query.order_by(t.c.plan_id)).all()
    ids = allocate(r[0] for r in rows)
    return [
        {"plan_id": int(r[0]), "campaign_id": ids[int(r[0])], "plan": Plan.from_dict(json.loads(r[1])),
         "launched_at": r[2]}
        for r in rows
    ]  # fmt: skip


def _lists(plan_ids: list[int]) -> pd.DataFrame:
    t = opstore.campaign_lists
    with opstore.engine().connect() as con:
        rows = con.execute(
            sa.select(t.c.plan_id, t.c.customer_id, t.c.group_name, t.c.channel).where(t.c.plan_id.in_(plan_ids))
        ).all()
    return pd.DataFrame(rows, columns=["plan_id", "customer_id", "group_name", "channel"])


def campaign_frames(plans: list[dict], lists: pd.DataFrame, channels: dict[str, int], default_channel: int,
                    data_end: dt.date | None) -> tuple[pd.DataFrame, pd.DataFrame]:  # fmt: skip
    """(dim_campaign rows, fact_campaign_contact rows) of the launched ``plans`` and their frozen ``lists``."""
    campaigns, contacts = [], []
    for record in plans:
        plan: Plan = record["plan"]
        mine = lists[lists["plan_id"] == record["plan_id"]]
        target = int((mine["group_name"] == "target").sum())
        if plan.channel != PREFERRED:
            channel = plan.channel
        else:  # the channel most of the list goes through (ties: the name first in order)
            counts = mine["channel"].value_counts()
            channel = min(counts[counts == counts.max()].index) if len(counts) else ""
        end = plan.attribution_end
        status = LAUNCHED_STATUS if data_end is None or end > data_end else COMPLETED_STATUS
        campaigns.append({
            "campaign_id": record["campaign_id"], "name": plan.name, "objective": plan.objective,
            "channel_id": channels.get(channel, default_channel), "segment_id": None, "start_date": plan.start,
            "end_date": end, "budget": float(plan.fixed_cost + plan.cost_per_contact * target),
            "cost_per_contact": float(plan.cost_per_contact), "holdout_pct": float(plan.holdout), "status": status,
        })  # fmt: skip
        sent = dt.datetime.combine(plan.start, dt.time())
        contacts.append(pd.DataFrame({
            "campaign_id": record["campaign_id"], "customer_id": mine["customer_id"].astype("int64"),
            "group_name": mine["group_name"], "channel_id": mine["channel"].map(channels).fillna(default_channel),
            "sent_ts": [sent if g == "target" else None for g in mine["group_name"]],
        }))  # fmt: skip
    columns = ["campaign_id", "customer_id", "group_name", "channel_id", "sent_ts"]
    contacts_frame = pd.concat(contacts, ignore_index=True) if contacts else pd.DataFrame(columns=columns)
    return pd.DataFrame(campaigns), contacts_frame.astype({"channel_id": "int64"})


def bridge_plans(con) -> int:
    """Write every launched plan of ``con``'s lineage into the version ``con`` writes; returns the plans.

    Idempotent: the campaign rows are replaced by the same rows, contact rows that exist keep their
    responses, missing ones are added, rows of a bridged campaign no longer on its list are dropped.
    """
    plans = launched_plans(lineage_of(con.cursor()))  # (on a cursor: it leaves its one-row result open)
    if not plans:
        return 0
    schema.upgrade(con)
    con.execute(
        "CREATE TABLE IF NOT EXISTS import_key_map (entity VARCHAR NOT NULL, source_key VARCHAR NOT NULL, id BIGINT NOT NULL)"
    )
    channels = {name: int(i) for i, name in con.execute("SELECT channel_id, name FROM dim_channel").fetchall()}
    default_channel = special_id(con.cursor(), "channels", DEFAULT_CHANNEL)  # (its one-row result stays open)
    data_end = con.execute("SELECT max(order_ts)::DATE FROM fact_order_line").fetchall()[0][0]
    campaigns, contacts = campaign_frames(plans, _lists([p["plan_id"] for p in plans]), channels, default_channel,
                                          data_end)  # fmt: skip
    names = f"_bridge_{uuid.uuid4().hex}"
    con.register(f"{names}_c", campaigns)
    con.register(f"{names}_k", contacts)
    try:
        con.execute(f"DELETE FROM dim_campaign WHERE campaign_id IN (SELECT campaign_id FROM {names}_c)")
        con.execute(
            f"""INSERT INTO dim_campaign BY NAME SELECT CAST(campaign_id AS INTEGER) AS campaign_id, name, objective,
                   CAST(channel_id AS INTEGER) AS channel_id, CAST(segment_id AS INTEGER) AS segment_id,
                   CAST(start_date AS DATE) AS start_date, CAST(end_date AS DATE) AS end_date, budget,
                   cost_per_contact, holdout_pct, status FROM {names}_c"""
        )
        con.execute(
            f"""DELETE FROM fact_campaign_contact f WHERE f.campaign_id IN (SELECT campaign_id FROM {names}_c)
                AND NOT EXISTS (SELECT 1 FROM {names}_k k WHERE k.campaign_id = f.campaign_id
                                AND k.customer_id = f.customer_id)"""
        )
        con.execute(
            f"""UPDATE fact_campaign_contact f SET group_name = k.group_name, channel_id = k.channel_id,
                   sent_ts = CAST(k.sent_ts AS TIMESTAMP)
                FROM {names}_k k WHERE k.campaign_id = f.campaign_id AND k.customer_id = f.customer_id
                  AND (f.group_name IS DISTINCT FROM k.group_name OR f.channel_id IS DISTINCT FROM k.channel_id
                       OR f.sent_ts IS DISTINCT FROM CAST(k.sent_ts AS TIMESTAMP))"""
        )
        con.execute(
            f"""INSERT INTO fact_campaign_contact (campaign_id, customer_id, group_name, channel_id, sent_ts)
                SELECT CAST(k.campaign_id AS INTEGER), CAST(k.customer_id AS INTEGER), k.group_name,
                       CAST(k.channel_id AS INTEGER), CAST(k.sent_ts AS TIMESTAMP)
                FROM {names}_k k WHERE NOT EXISTS (SELECT 1 FROM fact_campaign_contact f
                    WHERE f.campaign_id = k.campaign_id AND f.customer_id = k.customer_id)"""
        )
        con.execute(
            f"""INSERT INTO import_key_map SELECT 'campaigns', CAST(c.campaign_id AS VARCHAR), c.campaign_id
                FROM {names}_c c WHERE NOT EXISTS (SELECT 1 FROM import_key_map m WHERE m.entity = 'campaigns'
                                                   AND m.source_key = CAST(c.campaign_id AS VARCHAR))"""
        )
    finally:
        con.unregister(f"{names}_c")
        con.unregister(f"{names}_k")
    finish_specials(con.cursor(), {})  # the unknown channel's row, when a list's channel is no longer in the warehouse
    return len(plans)


def plans_with_results(warehouse=None) -> list[dict]:
    """The current warehouse's saved plans (``launch.list_plans``), each with ``campaign_id``: its warehouse
    campaign when the version ``warehouse`` reads (default: the current one) holds it, else None (not
    launched, or its version not published yet)."""
    from crm.campaigns.launch import list_plans
    from data.warehouse import get_warehouse

    warehouse = warehouse or get_warehouse()
    plans = list_plans(warehouse.lineage())
    launched = [campaign_id_of(p["plan_id"]) for p in plans if p["status"] == "launched"]
    held = set()
    if launched:
        cursor = warehouse.cursor()
        marks = ", ".join("?" * len(launched))
        held = {r[0] for r in cursor.execute(
            f"SELECT campaign_id FROM dim_campaign WHERE campaign_id IN ({marks})", launched).fetchall()}  # fmt: skip
    for p in plans:
        p["campaign_id"] = campaign_id_of(p["plan_id"]) if campaign_id_of(p["plan_id"]) in held else None
    return plans


def publish_campaigns(user: str, pointer: Path | None = None) -> tuple[str, int]:
    """A new warehouse version with every launched plan bridged and the contacts' rollups rebuilt,
    switched to at once; returns (version, plans bridged)."""
    from olap.rollups import rebuild_fact_rollups

    done: dict = {}
    with writer_lock(pointer):

        def write(con) -> None:
            done["plans"] = bridge_plans(con)
            rebuild_fact_rollups(con, "contacts")

        version = write_version(write, pointer, start_from=current_path(pointer))
    opstore.audit(user, "campaign.publish", version, f"plans={done['plans']}")
    return version, done["plans"]

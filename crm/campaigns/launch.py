"""Saved plans and their launch: the frozen target and control lists and the contact files.

A saved plan (``campaign_plans``) records the warehouse lineage it was made on: customer ids
restart in every warehouse, so a plan is only ever launched on its own. ``launch`` draws the
audience and the control group once more on the current version (the same seed gives the same
split of the same audience), writes each channel's contact file to a temporary folder, then in
one transaction claims the plan (``planned`` → ``launched``: a second launch, even a concurrent
one, is refused) and stores every customer's group and channel (``campaign_lists``, dated by
``launched_at``); the folder is then renamed to ``instance/campaigns/<plan id>/`` and the launch
goes into the audit log.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import sqlalchemy as sa

import settings
from crm.campaigns.audience import audience, lineage, split
from crm.campaigns.contacts import contact_rows, write_files
from crm.campaigns.plan import Plan, PlanError
from data import opstore
from data.warehouse import Warehouse, get_warehouse

PLANNED, LAUNCHED = "planned", "launched"


@dataclass(frozen=True)
class Launched:
    """What a launch froze: sizes, the contact files (channel → {file, rows}) and notes."""

    plan_id: int
    launched_at: dt.datetime
    target: int
    control: int
    files: dict[str, dict]
    notes: list[tuple[str, dict]] = field(default_factory=list)


def campaigns_dir() -> Path:
    return settings.instance_dir() / "campaigns"


def save_plan(plan: Plan, user: str, warehouse: Warehouse | None = None) -> int:
    """Store a plan (status ``planned``) after checking its audience on the current warehouse."""
    warehouse = warehouse or get_warehouse()
    cursor = warehouse.cursor()
    who = audience(cursor, plan)
    if who.reach == 0:
        raise PlanError("campaign.plan.nobody", segment=plan.segment_id)
    with opstore.engine().begin() as con:
        plan_id = con.execute(
            opstore.campaign_plans.insert().values(
                name=plan.name, plan=json.dumps(plan.to_dict(), sort_keys=True), status=PLANNED,
                lineage=lineage(cursor), created_by=user,
            )
        ).inserted_primary_key[0]  # fmt: skip
    opstore.audit(user, "campaign.plan", f"{plan.name}#{plan_id}", f"reach={who.reach}")
    return int(plan_id)


def plan_record(plan_id: int) -> dict:
    """One saved plan's row, its plan and summary parsed (``PlanError`` for an unknown id)."""
    t = opstore.campaign_plans
    with opstore.engine().connect() as con:
        row = con.execute(sa.select(t).where(t.c.plan_id == int(plan_id))).first()
    if row is None:
        raise PlanError("campaign.plan.unknown", plan=plan_id)
    out = dict(row._mapping)
    out["plan"] = Plan.from_dict(json.loads(out["plan"]))
    out["summary"] = json.loads(out["summary"]) if out["summary"] else None
    return out


def list_plans(lineage: str | None = None) -> list[dict]:
    """Saved plans of a warehouse lineage (default: the current warehouse's), newest first."""
    lineage = lineage or get_warehouse().lineage()
    t = opstore.campaign_plans
    query = sa.select(t).where(t.c.lineage == lineage).order_by(t.c.plan_id.desc())
    with opstore.engine().connect() as con:
        rows = [dict(r._mapping) for r in con.execute(query)]
    for row in rows:
        row["plan"] = json.loads(row["plan"])
        row["summary"] = json.loads(row["summary"]) if row["summary"] else None
    return rows


def launch(plan_id: int, user: str, warehouse: Warehouse | None = None) -> Launched:
    """Freeze the plan's target and control lists and write its contact files (once)."""
    record = plan_record(plan_id)
    if record["status"] != PLANNED:
        raise PlanError("campaign.plan.already_launched", plan=plan_id, at=str(record["launched_at"])[:16])
    warehouse = warehouse or get_warehouse()
    cursor, version = warehouse.cursor_with_version()
    if record["lineage"] != lineage(cursor):
        raise PlanError("campaign.plan.other_warehouse", plan=plan_id)
    plan: Plan = record["plan"]
    who = audience(cursor, plan)
    target, control = split(who, plan)
    if len(target) == 0:
        raise PlanError("campaign.plan.nobody", segment=plan.segment_id)
    lists = who.customers[["customer_id", "channel"]].copy()
    lists["group_name"] = "target"
    lists.loc[lists["customer_id"].isin(control), "group_name"] = "control"
    rows, notes = contact_rows(cursor, lists[lists["group_name"] == "target"], plan.offer_code)
    staging = campaigns_dir() / f".{plan_id}-{uuid.uuid4().hex}"
    try:
        files = write_files(rows, staging)
        now = dt.datetime.now().replace(microsecond=0)
        summary = {"target": len(target), "control": len(control), "files": files, "notes": notes}
        _freeze(int(plan_id), user, now, version, summary, lists)
        final = campaigns_dir() / str(int(plan_id))
        shutil.rmtree(final, ignore_errors=True)  # left by a store that was reset: the lists decide
        os.replace(staging, final)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    opstore.audit(user, "campaign.launch", f"{plan.name}#{plan_id}", f"target={len(target)} control={len(control)}")
    return Launched(int(plan_id), now, len(target), len(control), files, notes)


def _freeze(plan_id: int, user: str, now: dt.datetime, version: str, summary: dict, lists: pd.DataFrame) -> None:
    """Claim the plan and store its lists in one transaction (refused when already launched)."""
    t = opstore.campaign_plans
    records = [
        {"plan_id": plan_id, "customer_id": int(c), "group_name": g, "channel": ch}
        for c, g, ch in zip(lists["customer_id"], lists["group_name"], lists["channel"], strict=True)
    ]
    with opstore.engine().begin() as con:
        claimed = con.execute(
            t.update()
            .where(t.c.plan_id == plan_id, t.c.status == PLANNED)
            .values(status=LAUNCHED, launched_by=user, launched_at=now, warehouse_version=version,
                    summary=json.dumps(summary, default=str))
        ).rowcount  # fmt: skip
        if claimed != 1:
            raise PlanError("campaign.plan.already_launched", plan=plan_id, at="")
        con.execute(opstore.campaign_lists.insert(), records)


def frozen_lists(plan_id: int) -> pd.DataFrame:
    """The launched plan's lists: customer_id, group_name, channel (empty before launch)."""
    t = opstore.campaign_lists
    with opstore.engine().connect() as con:
        rows = con.execute(sa.select(t.c.customer_id, t.c.group_name, t.c.channel).where(t.c.plan_id == int(plan_id)))
        return pd.DataFrame(rows.all(), columns=["customer_id", "group_name", "channel"])


def contact_file(plan_id: int, name: str) -> Path | None:
    """The path of one of a launched plan's contact files; None for any name the launch did not write."""
    try:
        summary = plan_record(plan_id)["summary"] or {}
    except PlanError:
        return None
    names = {f["file"] for f in summary.get("files", {}).values()}
    path = campaigns_dir() / str(int(plan_id)) / name
    return path if name in names and path.is_file() else None

"""The partner manager's workplace: the directory and the profile with what the other partner
modules know about each partner (tier, stage, managers, their histories), composed in one call
per screen so a callback stays one call.

- ``directory_view``: the directory of a period with each partner's **tier in that period**
  (``scorecard.scorecard`` with the current weights), its **stage at the period's end**
  (``stages.stages_at``) and its **managers** (``access.managers_by_partner``).
- ``profile_view``: one partner's profile plus its tier per complete quarter (the last eight,
  current weights) and its stage per month (the last 24 complete months).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pandas as pd

from crm.partners.access import managers_by_partner
from crm.partners.profile import PartnerProfile, directory, profile
from crm.partners.scorecard import scorecard, tier_history
from crm.partners.stages import stage_history, stages_at

STAGE_MONTHS = 24  # the stage history a profile shows


def directory_view(start: dt.date, end: dt.date, warehouse=None) -> pd.DataFrame:
    """``profile.directory`` with tier, stage and managers (partners in scope)."""
    scored = scorecard(start, end, warehouse=warehouse)
    tiers = {int(p): t for p, t in zip(scored["partner_id"], scored["tier"], strict=True) if isinstance(t, str)}
    return directory(start, end, warehouse, tiers=tiers, stages=stages_at(end, warehouse),
                     managers=managers_by_partner())  # fmt: skip


def profile_view(partner_id, start: dt.date, end: dt.date, warehouse=None) -> PartnerProfile:
    """``profile.profile`` (which checks the scope first) with its tier and stage histories."""
    found = profile(partner_id, start, end, warehouse)
    pid = found.partner["partner_id"]
    tiers = tier_history(warehouse=warehouse)
    stages = stage_history(warehouse)
    stages = stages[stages["partner_id"] == pid].sort_values("month").tail(STAGE_MONTHS)
    return replace(
        found,
        tiers=tiers[tiers["partner_id"] == pid][["quarter", "score", "tier"]].reset_index(drop=True),
        stages=stages[["month", "stage", "revenue", "trend", "reason"]].reset_index(drop=True),
    )

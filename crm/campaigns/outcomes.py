"""Each campaign contact's outcome, by the attribution of ``crm.campaigns.results``, as tokens the
segment builder's ``campaign_outcome`` field selects on.

A token is ``<campaign id>:<outcome>``: ``responded`` (a target-group contact who converted in the
campaign's window), ``not_responded`` (a target-group contact who did not), ``control`` (held out).
Conversion is exactly the results page's: the same SQL (``results._CONTACTS_SQL``) is run with the
customer id added, so a segment of responders holds the customers the page counted as converted.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from crm.campaigns import results

OUTCOMES = ("responded", "not_responded", "control")


def token(campaign_id: int, outcome: str) -> str:
    """The ``campaign_outcome`` value of one campaign's outcome."""
    if outcome not in OUTCOMES:
        raise ValueError(f"unknown outcome {outcome!r}: one of {', '.join(OUTCOMES)}")
    return f"{int(campaign_id)}:{outcome}"


def parse(value) -> tuple[int, str] | None:
    """``(campaign id, outcome)`` of a token; None for anything else."""
    text = str(value or "")
    head, _, outcome = text.partition(":")
    if outcome not in OUTCOMES or not head.isdigit():
        return None
    return int(head), outcome


@dataclass(frozen=True)
class Outcomes:
    """Who had which outcome in which campaign, and the campaigns' names (newest campaign first)."""

    members: dict[str, np.ndarray]  # token -> sorted customer ids
    names: dict[int, str]  # campaign id -> name, newest first

    def tokens(self) -> list[str]:
        """Every token with members, newest campaign first, outcomes in ``OUTCOMES`` order."""
        return [token(c, o) for c in self.names for o in OUTCOMES if token(c, o) in self.members]


EMPTY = Outcomes({}, {})


def contact_outcomes(cursor, campaign_id: int | None = None):
    """One row per contact: ``campaign_id``, ``customer_id``, ``outcome`` (a DataFrame)."""
    import pandas as pd

    empty = pd.DataFrame({"campaign_id": [], "customer_id": [], "outcome": []})
    if not results.has_campaigns(cursor):
        return empty
    campaigns = cursor.execute(results._CAMPAIGNS_SQL, {"campaign": campaign_id}).fetchall()
    if not campaigns:
        return empty
    frame = results._contacts(cursor, campaign_id, campaigns, extra=", k.customer_id").df()
    outcome = np.where(~frame["is_target"], "control", np.where(frame["converted"], "responded", "not_responded"))
    return pd.DataFrame(
        {"campaign_id": frame["campaign_id"].astype("int64"), "customer_id": frame["customer_id"].astype("int64"),
         "outcome": outcome}
    )  # fmt: skip


def outcomes(cursor) -> Outcomes:
    """Every campaign's outcome tokens with their customers (one SQL pass over all campaigns)."""
    if not results.has_campaigns(cursor):
        return EMPTY
    names = {
        int(c): n
        for c, n in cursor.execute(
            "SELECT campaign_id, name FROM dim_campaign ORDER BY start_date DESC, campaign_id DESC"
        ).fetchall()
    }
    frame = contact_outcomes(cursor)
    members = {
        token(c, o): np.unique(group["customer_id"].to_numpy())
        for (c, o), group in frame.groupby(["campaign_id", "outcome"], sort=False)
    }
    return Outcomes(members, names)

"""The scorecard's weights and tier thresholds: validated, saved as versions, audited.

A ``Weights`` holds one weight per metric (``crm.partners.scorecard.METRICS``; a metric left out
weighs 0) and the lowest score (0..100) of each tier but bronze: ``platinum`` > ``gold`` >
``silver``; a score below ``silver`` is bronze. Only the sum's share matters (weights 2 and 2
score like 50 and 50). Saved versions live in the operational store (``partner_weight_versions``);
the latest is the one in use, the default until one is saved.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field

import pandas as pd
import sqlalchemy as sa

from crm.partners import PartnerError
from data import opstore

METRIC_NAMES = (
    "revenue",
    "growth",
    "gross_margin",
    "active_customers",
    "new_customers",
    "pipeline",
    "win_rate",
    "satisfaction",
    "tenure",
    "loyalty",
)
TIERS = ("platinum", "gold", "silver", "bronze")  # best first
THRESHOLD_TIERS = TIERS[:-1]  # bronze is what is below silver


def _number(value) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


@dataclass(frozen=True)
class Weights:
    """Weights per metric and tier thresholds; ``version`` None for the default (never saved)."""

    weights: dict[str, float]
    thresholds: dict[str, float]
    version: int | None = None
    note: str = field(default="", compare=False)

    def validate(self) -> Weights:
        """Raise ``PartnerError`` naming what is wrong; return ``self`` when usable."""
        unknown = sorted(str(k) for k in self.weights if k not in METRIC_NAMES)
        if unknown:
            raise PartnerError("partners.error.weights_unknown", metric=", ".join(unknown))
        bad = sorted(k for k, v in self.weights.items() if not _number(v))
        if bad:
            raise PartnerError("partners.error.weights_number", metric=", ".join(bad))
        negative = sorted(k for k, v in self.weights.items() if v < 0)
        if negative:
            raise PartnerError("partners.error.weights_negative", metric=", ".join(negative))
        if sum(self.weights.values()) <= 0:
            raise PartnerError("partners.error.weights_zero")
        missing = [k for k in THRESHOLD_TIERS if k not in self.thresholds]
        extra = sorted(str(k) for k in self.thresholds if k not in THRESHOLD_TIERS)
        if missing or extra:
            raise PartnerError("partners.error.thresholds_keys", tiers=", ".join(missing + extra))
        bad = [k for k in THRESHOLD_TIERS if not _number(self.thresholds[k])]
        if bad:
            raise PartnerError("partners.error.thresholds_number", tier=", ".join(bad))
        out = [k for k in THRESHOLD_TIERS if not 0 <= self.thresholds[k] <= 100]
        if out:
            raise PartnerError("partners.error.thresholds_range", tier=", ".join(out))
        platinum, gold, silver = (self.thresholds[k] for k in THRESHOLD_TIERS)
        if not platinum > gold > silver:
            raise PartnerError("partners.error.thresholds_order", platinum=platinum, gold=gold, silver=silver)
        return self

    def weight(self, metric: str) -> float:
        return float(self.weights.get(metric, 0.0))

    def tier(self, score: float | None) -> str | None:
        """The tier of a score 0..100 (None for no score)."""
        if score is None or not math.isfinite(score):
            return None
        return next((k for k in THRESHOLD_TIERS if score >= self.thresholds[k]), "bronze")

    def changed(self, weights: dict | None = None, thresholds: dict | None = None) -> Weights:
        """A copy with some weights or thresholds changed (an unsaved edit: no version)."""
        return Weights({**self.weights, **(weights or {})}, {**self.thresholds, **(thresholds or {})})

    def as_json(self) -> dict:
        return {"weights": dict(self.weights), "thresholds": dict(self.thresholds), "version": self.version,
                "note": self.note}  # fmt: skip

    @classmethod
    def from_json(cls, data: dict) -> Weights:
        return cls(dict(data.get("weights") or {}), dict(data.get("thresholds") or {}), data.get("version"),
                   data.get("note") or "")  # fmt: skip


DEFAULT_WEIGHTS = Weights(
    weights={
        "revenue": 25.0,
        "growth": 15.0,
        "gross_margin": 10.0,
        "active_customers": 10.0,
        "new_customers": 10.0,
        "pipeline": 10.0,
        "win_rate": 5.0,
        "satisfaction": 5.0,
        "tenure": 5.0,
        "loyalty": 5.0,
    },
    thresholds={"platinum": 75.0, "gold": 55.0, "silver": 35.0},
)


def _row(row) -> Weights:
    return Weights(json.loads(row.weights), json.loads(row.thresholds), int(row.version), row.note or "")


def current_weights() -> Weights:
    """The latest saved version, or ``DEFAULT_WEIGHTS`` (version None) when none was saved."""
    table = opstore.partner_weight_versions
    with opstore.engine().connect() as con:
        row = con.execute(sa.select(table).order_by(table.c.version.desc()).limit(1)).first()
    return DEFAULT_WEIGHTS if row is None else _row(row)


def save_weights(weights: Weights, actor: str, note: str = "") -> int:
    """Validate and store ``weights`` as a new version (audited); its version number."""
    weights.validate()
    clean = {k: float(v) for k, v in weights.weights.items()}
    limits = {k: float(weights.thresholds[k]) for k in THRESHOLD_TIERS}
    note = (note or weights.note or "").strip()[:500]
    table = opstore.partner_weight_versions
    with opstore.engine().begin() as con:
        version = con.execute(
            table.insert().values(
                weights=json.dumps(clean), thresholds=json.dumps(limits), note=note, created_by=actor
            )  # fmt: skip
        ).inserted_primary_key[0]
    opstore.audit(
        actor, "partners.weights.save", f"version {version}", json.dumps({"weights": clean, "thresholds": limits})
    )
    return int(version)


def weight_versions() -> pd.DataFrame:
    """Every saved version, newest first: version, weights, thresholds (dicts), note, created_by, created_at."""
    table = opstore.partner_weight_versions
    with opstore.engine().connect() as con:
        rows = con.execute(sa.select(table).order_by(table.c.version.desc())).fetchall()
    columns = ["version", "weights", "thresholds", "note", "created_by", "created_at"]
    return pd.DataFrame(
        [(int(r.version), json.loads(r.weights), json.loads(r.thresholds), r.note or "", r.created_by, r.created_at)
         for r in rows],
        columns=columns,
    )  # fmt: skip

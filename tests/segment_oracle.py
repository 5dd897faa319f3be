"""Test oracle only: the segment builder as it was before it counted in DuckDB — a pandas frame of
``mining.features.customer_features`` with the latest runs' scores, and vectorised masks over it.

The differential tests compare ``crm.segments`` (one SQL query over the per-version customer table)
with this on the same warehouse, runs and random definitions. Never imported by the app.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from crm.campaigns.outcomes import outcomes as campaign_outcomes
from crm.campaigns.outcomes import parse as parse_outcome
from crm.segments import FIELDS, OPERATORS, SCORE_SOURCES, SegmentError
from mining.features import column_name, customer_features


class OldBase:
    def __init__(self, cursor, as_of, runs: list[tuple[str, pd.DataFrame]]):
        """``runs``: (kind, scores frame with ``customer_id``) of the latest run of each kind."""
        frame = customer_features(cursor, as_of)
        categories = cursor.execute("SELECT DISTINCT category FROM dim_product ORDER BY 1").fetchall()
        channels = cursor.execute("SELECT DISTINCT channel_group FROM dim_channel ORDER BY 1").fetchall()
        self.outcomes = campaign_outcomes(cursor)
        self.category_members = {
            "categories_bought": [c for (c,) in categories if column_name("cat", c) in frame],
            "channels_used": [c for (c,) in channels if column_name("chan", c) in frame],
            "campaign_outcome": self.outcomes.tokens(),
        }
        filled = set()
        for kind, scores in runs:
            scores = scores.set_index("customer_id")
            for k, column, field in SCORE_SOURCES:
                if k == kind and column in scores:
                    frame[field] = scores[column].reindex(frame.index)
                    filled.add(field)
        for field in FIELDS.values():
            if field.column not in frame:
                frame[field.column] = np.nan
        self.frame = frame
        self.unscored = frozenset(field for _, _, field in SCORE_SOURCES if field not in filled)

    def field_values(self, field_id: str, limit: int = 500) -> list[str]:
        field = FIELDS[field_id]
        if field_id in self.category_members:
            return list(self.category_members[field_id])
        if field.kind != "category":
            return []
        return sorted(self.frame[field.column].dropna().astype(str).value_counts().index[:limit])

    def field_summary(self, field_id: str) -> dict | None:
        field = FIELDS.get(field_id)
        if field is None or field.kind != "number":
            return None
        values = pd.to_numeric(self.frame[field.column], errors="coerce").dropna()
        summary = {"customers": len(self.frame), "with_value": len(values)}
        if values.empty:
            return summary
        q = values.quantile([0.1, 0.5, 0.9]).to_numpy()
        return {**summary, "min": float(values.min()), "p10": float(q[0]), "p50": float(q[1]), "p90": float(q[2]),
                "max": float(values.max())}  # fmt: skip

    def members(self, definition: dict) -> set[int]:
        return set(int(c) for c in self.frame.index[self._group(definition, 1).to_numpy(dtype=bool)])

    def _group(self, group: dict, depth: int) -> pd.Series:
        mask = pd.Series(group.get("op", "and") == "and", index=self.frame.index)
        rules = group.get("rules") or []
        for rule in rules:
            part = self._group(rule, depth + 1) if "rules" in rule else self._rule(rule)
            mask = (mask & part) if group.get("op", "and") == "and" else (mask | part)
        if not rules:
            mask[:] = True
        return mask

    def _rule(self, rule: dict) -> pd.Series:
        field = FIELDS[rule["field"]]
        cmp, value, frame = rule["cmp"], rule.get("value"), self.frame
        assert cmp in OPERATORS[field.kind]
        if field.id == "campaign_outcome":
            chosen = list(self.outcomes.members) if cmp in ("is_empty", "not_empty") else list(value)
            if any((parse_outcome(v) or (None,))[0] not in self.outcomes.names for v in chosen):
                raise SegmentError("segment.unknown_value", field=field.id, value="")
            ids = [self.outcomes.members[v] for v in chosen if v in self.outcomes.members]
            hit = frame.index.isin(np.concatenate(ids)) if ids else np.zeros(len(frame), dtype=bool)
            hit = pd.Series(hit, index=frame.index)
            return hit if cmp in ("in", "not_empty") else ~hit
        if field.id in ("categories_bought", "channels_used"):
            prefix = "cat" if field.id == "categories_bought" else "chan"
            chosen = self.category_members[field.id] if cmp in ("is_empty", "not_empty") else list(value)
            cols = [column_name(prefix, v) for v in chosen]
            used = (frame[cols] > 0).any(axis=1) if cols else pd.Series(False, index=frame.index)
            return used if cmp in ("in", "not_empty") else ~used
        column = frame[field.column]
        if cmp == "is_empty":
            return column.isna()
        if cmp == "not_empty":
            return column.notna()
        if field.kind == "flag":
            truth = column.fillna(False).astype(bool)
            return truth if cmp == "is_true" else ~truth
        if field.kind == "category":
            hit = column.astype("string").isin([str(v) for v in value]).fillna(False).astype(bool)
            return hit if cmp == "in" else ~hit
        if cmp in ("top_pct", "bottom_pct"):
            return ranked_share(column, float(value) / 100, top=cmp == "top_pct")
        if cmp == "between":
            low, high = sorted(float(v) for v in value)
            return column.between(low, high).fillna(False).astype(bool)
        ops = {">=": column.ge, "<=": column.le, ">": column.gt, "<": column.lt, "=": column.eq}
        return ops[cmp](float(value)).fillna(False).astype(bool)


def ranked_share(column: pd.Series, share: float, *, top: bool) -> pd.Series:
    """The old top/bottom share: of those with a value, the first ceil(share × n) set the threshold; ties whole."""
    values = pd.to_numeric(column, errors="coerce")
    known = values.dropna().to_numpy()
    n = int(np.ceil(share * len(known) - 1e-9))
    if n <= 0:
        return pd.Series(False, index=column.index)
    ordered = np.sort(known)
    if top:
        return (values >= ordered[len(ordered) - n]).fillna(False).astype(bool)
    return (values <= ordered[n - 1]).fillna(False).astype(bool)

"""The pipeline page's state, read from and written to the URL (pure; no Dash).

URL keys: ``period`` (a period token: ``2025``, ``2025-Q4``, ``2025-11``, ``L12M``, ``YTD``),
``owner``, ``partner`` (a partner id, ``0`` for direct deals), ``region`` and ``by`` (the
breakdown: owner, partner, region, month, quarter). Unknown values are dropped and reported.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from urllib.parse import urlencode

from crm.pipeline import BREAKDOWNS, PipelineFilters
from olap.period import Period, PeriodError, default_period, parse_period

DEFAULT_BY = "owner"


@dataclass(frozen=True)
class PipelineState:
    period: Period
    owner: str | None = None
    partner: int | None = None
    region: str | None = None
    by: str = DEFAULT_BY
    rejected: tuple[tuple[str, str], ...] = field(default=(), compare=False)

    @property
    def filters(self) -> PipelineFilters:
        return PipelineFilters(
            owners=(self.owner,) if self.owner else (),
            partners=(self.partner,) if self.partner is not None else (),
            regions=(self.region,) if self.region else (),
        )

    def to_query(self) -> dict:
        q = {"period": self.period.token}
        if self.owner:
            q["owner"] = self.owner
        if self.partner is not None:
            q["partner"] = str(self.partner)
        if self.region:
            q["region"] = self.region
        if self.by != DEFAULT_BY:
            q["by"] = self.by
        return q

    def to_search(self) -> str:
        return "?" + urlencode(self.to_query())

    def with_(self, **changes) -> PipelineState:
        return replace(self, rejected=(), **changes)


def _one(value) -> str:
    if isinstance(value, (list, tuple)):
        value = value[-1] if value else ""
    return "" if value is None else str(value).strip()


def read_state(query: dict, options: dict, bounds: tuple[dt.date, dt.date]) -> PipelineState:
    """The state a URL asks for; values unknown to the warehouse are dropped into ``rejected``."""
    first, last = bounds
    rejected = []
    token = _one(query.get("period"))
    period = default_period(last, first)
    if token:
        try:
            period = parse_period(token, first, last)
        except PeriodError:
            rejected.append(("period", token))
    owner = _one(query.get("owner")) or None
    if owner and owner not in options["owners"]:
        rejected.append(("owner", owner))
        owner = None
    raw_partner = _one(query.get("partner"))
    partner = None
    if raw_partner:
        if raw_partner.isdigit() and int(raw_partner) in options["partners"]:
            partner = int(raw_partner)
        else:
            rejected.append(("partner", raw_partner))
    region = _one(query.get("region")) or None
    if region and region not in options["regions"]:
        rejected.append(("region", region))
        region = None
    by = _one(query.get("by")) or DEFAULT_BY
    if by not in BREAKDOWNS:
        rejected.append(("by", by))
        by = DEFAULT_BY
    return PipelineState(period, owner, partner, region, by, tuple(rejected))

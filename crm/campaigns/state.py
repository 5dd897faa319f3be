"""The campaigns page's state in the URL (the ``olap.urlstate.UrlState`` protocol).

``?c=12&by=country``: ``c`` the campaign shown in detail (none: the list only), ``by`` the
attribute of its sub-group table (``results.BREAKDOWNS``; ``country`` when absent). Pure: whether
campaign 12 exists is answered by the report, not here.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace

from crm.campaigns.results import BREAKDOWNS
from olap.urlstate import Problem, first, search

DEFAULT_BY = "country"


@dataclass(frozen=True)
class CampaignsState:
    campaign: int | None = None
    by: str = DEFAULT_BY
    problems: tuple = ()

    @classmethod
    def from_query(cls, query: Mapping, catalog=None) -> CampaignsState:
        """What the URL asks for; a value that cannot be used is dropped and listed in ``problems``."""
        problems = []
        campaign, text = None, first(query, "c")
        if text is not None:
            try:
                campaign = int(text)
            except ValueError:
                problems.append(Problem("campaigns.problem.campaign", value=text))
        by = first(query, "by") or DEFAULT_BY
        if by not in BREAKDOWNS:
            problems.append(Problem("campaigns.problem.by", value=by))
            by = DEFAULT_BY
        return cls(campaign, by, tuple(problems))

    def to_query(self) -> dict:
        query = {} if self.campaign is None else {"c": str(self.campaign)}
        return query if self.by == DEFAULT_BY else {**query, "by": self.by}

    def to_search(self) -> str:
        return search(self.to_query())

    def picked(self, campaign: int | None = None, by: str | None = None) -> CampaignsState:
        """The state after a row click (``campaign``) or a new sub-group attribute (``by``)."""
        return replace(
            self,
            campaign=self.campaign if campaign is None else campaign,
            by=by if by in BREAKDOWNS else self.by,
            problems=(),
        )

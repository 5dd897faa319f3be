"""The partners page's state in the URL (the ``olap.urlstate.UrlState`` protocol).

``?partner=12&p=2025-Q4&q=seoul&type=Agent&country=…&region=…&tier=…&stage=…&manager=…``: ``partner``
the profile shown (none: the directory; other pages link to ``/partners?partner=<id>``), ``p`` the
period (default: the last complete quarter, ``olap.period.default_period``), the rest the directory's
search text and filters (repeatable). Pure: whether partner 12 exists, or may be seen, is answered by
``crm.partners.profile``, not here; the id is kept as given so a bad one gets that clear refusal.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace

from crm.partners.profile import DirectoryFilter
from olap.period import Period, PeriodError, default_period, parse_period
from olap.urlstate import Problem, first, search, values

FILTER_KEYS = (("type", "types"), ("country", "countries"), ("region", "regions"), ("tier", "tiers"),
               ("stage", "stages"), ("manager", "managers"))  # fmt: skip


@dataclass(frozen=True)
class PartnersState:
    period: Period
    partner: str | None = None
    filter: DirectoryFilter = DirectoryFilter()
    problems: tuple[Problem, ...] = field(default=(), compare=False)

    @classmethod
    def from_query(cls, query: Mapping, catalog) -> PartnersState:
        """What the URL asks for; a period the data does not cover is dropped into ``problems``."""
        problems = []
        period = default_period(catalog.data_end, catalog.data_start)
        token = first(query, "p")
        if token:
            try:
                period = parse_period(token, catalog.data_start, catalog.data_end)
            except PeriodError:
                problems.append(Problem("partners.problem.period", value=token))
        partner = (first(query, "partner") or "").strip() or None
        chosen = {name: tuple(values(query, key)) for key, name in FILTER_KEYS}
        flt = DirectoryFilter((first(query, "q") or "").strip(), **chosen)
        return cls(period, partner, flt, tuple(problems))

    def to_query(self) -> dict:
        q: dict = {}
        if self.partner is not None:
            q["partner"] = self.partner
        q["p"] = self.period.token
        if self.filter.text:
            q["q"] = self.filter.text
        for key, name in FILTER_KEYS:
            if getattr(self.filter, name):
                q[key] = list(getattr(self.filter, name))
        return q

    def to_search(self) -> str:
        return search(self.to_query())

    def opened(self, partner) -> PartnersState:
        """The state showing ``partner``'s profile (None: back to the directory)."""
        return replace(self, partner=None if partner in (None, "") else str(partner), problems=())

    def with_period(self, token: str, catalog) -> PartnersState:
        try:
            return replace(self, period=parse_period(token, catalog.data_start, catalog.data_end), problems=())
        except PeriodError:
            return self

    def filtered(self, flt: DirectoryFilter) -> PartnersState:
        return replace(self, filter=flt, problems=())

"""Page filters (region, country, channel group, customer type) as bound SQL predicates."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from olap import urlstate
from olap.scope import partner_scope, sql_clause

if TYPE_CHECKING:
    from olap.catalog import Catalog

CHANNEL_GROUPS = ("online", "offline", "unknown")  # unknown: a load that named no channel
CUSTOMER_TYPES = ("B2C", "B2B")
# filter name (as ``rejected.<name>`` messages and chip ids say it) → its URL key (``f.<level id>``)
KEYS = {"region": "f.geo.region", "country": "f.geo.country", "channel": "f.channel.group", "ctype": "f.customer.type"}
FIELDS = {"region": "regions", "country": "countries", "channel": "channel_group", "ctype": "customer_type"}


@dataclass(frozen=True)
class Filters:
    """What the user narrowed the page to; empty means everything."""

    regions: tuple[str, ...] = field(default_factory=tuple)
    countries: tuple[str, ...] = field(default_factory=tuple)
    channel_group: str | None = None
    customer_type: str | None = None

    def where(self, alias: str = "") -> tuple[str, list]:
        """SQL predicate over the denormalised aggregate columns, and its parameters."""
        prefix = f"{alias}." if alias else ""
        clauses, params = [], []
        for column, values in (("region", self.regions), ("country", self.countries)):
            if values:
                clauses.append(f"{prefix}{column} IN ({', '.join('?' for _ in values)})")
                params.extend(values)
        for column, value in (("channel_group", self.channel_group), ("customer_type", self.customer_type)):
            if value:
                clauses.append(f"{prefix}{column} = ?")
                params.append(value)
        scope = partner_scope()  # row-level security: a partner manager's figures are their partners' lines
        if scope is not None:
            clause, ids = sql_clause(f"{prefix}partner_id", scope)
            clauses.append(clause)
            params.extend(ids)
        return (" AND ".join(clauses) or "TRUE"), params

    def is_empty(self) -> bool:
        return not (self.regions or self.countries or self.channel_group or self.customer_type)

    def active(self) -> list[tuple[str, str]]:
        """Each filter value as ``(filter name, value)``, the names of ``KEYS`` (chips, messages)."""
        pairs = [("region", v) for v in self.regions] + [("country", v) for v in self.countries]
        pairs += [("channel", self.channel_group)] if self.channel_group else []
        return pairs + ([("ctype", self.customer_type)] if self.customer_type else [])

    def without(self, name: str, value: str | None = None) -> Filters:
        """A copy with one filter (or one value of a multi-value filter) removed; ``name`` is a field
        (``regions``) or a filter name of ``KEYS`` (``region``)."""
        name = FIELDS.get(name, name)
        current = getattr(self, name)
        if isinstance(current, tuple) and value is not None:
            return _replace(self, name, tuple(v for v in current if v != value))
        return _replace(self, name, () if isinstance(current, tuple) else None)


def _replace(filters: Filters, name: str, value) -> Filters:
    from dataclasses import replace

    return replace(filters, **{name: value})


def parse_filters(query: Mapping, valid: Catalog) -> tuple[Filters, list[tuple[str, str]]]:
    """Filters from canonical URL query values (``f.geo.region``…), dropping what the data does not know.

    ``valid`` is the warehouse's ``olap.catalog.Catalog``; returns the filters and a list of
    ``(filter name, rejected value)`` for the page to explain.
    """
    rejected: list[tuple[str, str]] = []

    def known(name: str, members) -> tuple[str, ...]:
        kept = []
        for value in urlstate.values(query, KEYS[name]):
            (kept.append(value) if value in members else rejected.append((name, value)))
        return tuple(dict.fromkeys(kept))

    def one(name: str, choices) -> str | None:
        value = urlstate.first(query, KEYS[name])
        if value is not None and value not in choices:
            rejected.append((name, value))
            return None
        return value

    regions = known("region", valid.regions)
    countries = known("country", valid.countries)
    channel = one("channel", CHANNEL_GROUPS)
    ctype = one("ctype", CUSTOMER_TYPES)
    return Filters(regions, countries, channel, ctype), rejected


def filters_to_query(filters: Filters) -> dict:
    """The URL query values for ``filters`` (inverse of ``parse_filters``)."""
    query: dict = {}
    if filters.regions:
        query[KEYS["region"]] = list(filters.regions)
    if filters.countries:
        query[KEYS["country"]] = list(filters.countries)
    if filters.channel_group:
        query[KEYS["channel"]] = filters.channel_group
    if filters.customer_type:
        query[KEYS["ctype"]] = filters.customer_type
    return query

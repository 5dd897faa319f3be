"""The partner directory and one partner's profile, read from the warehouse's facts.

Definitions (a period is ``start``..``end``, both days included):

- **revenue**: ``fact_order_line.revenue`` of the lines sold through the partner in the period
  (returns are negative lines and count);
- **active customers**: distinct customers with an order line through the partner in the period;
- **customers served**: distinct customers with an order line through the partner up to the
  period's end (since the data began);
- **last sale**: the latest ``order_ts`` through the partner up to the period's end;
- **share of its customers' purchases**: revenue through the partner over all the revenue of the
  period's active customers (through any partner or direct), per month and for the period;
- **opportunities** brought: those with the partner created in the period, seen as of the period's
  end: won / lost when closed by then, open otherwise; win rate = won / (won + lost); open
  pipeline = the amount of the open ones;
- **tickets**: those opened in the period by the period's active customers; satisfaction is the
  mean of the rated ones and the share of rated tickets rated 4 or 5.

Every partner is computed (cached per warehouse version), then only the rows the request's
``olap.scope`` allows are returned. ``dim_partner.tier``/``status``/``lifecycle_stage`` are never
read: tiers, stages and managers come from their own modules and are passed in.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace

import pandas as pd

from crm.partners import PartnerError
from data.warehouse import table_names
from olap.engine import cached
from olap.scope import allows, partner_scope

TOP = 20  # customers and products listed in a profile
DIRECTORY_COLUMNS = (
    "partner_id", "name", "partner_type", "country", "region", "onboarded",
    "revenue", "active_customers", "customers_served", "last_sale",
)  # fmt: skip
NOT_FOUND = "partners.error.not_found"


def _bounds(start, end) -> tuple[dt.date, dt.date]:
    """The period's first day and the day after its last (timestamps compare with ``<``)."""
    start, end = pd.Timestamp(start).date(), pd.Timestamp(end).date()
    if end < start:
        raise PartnerError("partners.error.period", start=start.isoformat(), end=end.isoformat())
    return start, end + dt.timedelta(days=1)


# --------------------------------------------------------------------------- the directory


def read_directory(cursor, start, end, partner_id: int | None = None) -> pd.DataFrame:
    """Every partner's row (``DIRECTORY_COLUMNS``), or only ``partner_id``'s, unscoped and uncached."""
    first, after = _bounds(start, end)
    if "dim_partner" not in table_names(cursor):
        return pd.DataFrame({c: [] for c in DIRECTORY_COLUMNS})
    frame = cursor.execute(
        """WITH lines AS (
               SELECT partner_id, customer_id, revenue, order_ts FROM fact_order_line
               WHERE partner_id IS NOT NULL AND order_ts < $after {only})
           SELECT p.partner_id, p.name, p.partner_type, p.country, p.region, p.onboarded_date AS onboarded,
                  coalesce(sum(l.revenue) FILTER (WHERE l.order_ts >= $first), 0) AS revenue,
                  count(DISTINCT l.customer_id) FILTER (WHERE l.order_ts >= $first) AS active_customers,
                  count(DISTINCT l.customer_id) AS customers_served,
                  max(l.order_ts) AS last_sale
           FROM dim_partner p LEFT JOIN lines l ON l.partner_id = p.partner_id
           {where} GROUP BY ALL ORDER BY p.partner_id""".format(
            only="" if partner_id is None else "AND partner_id = $p",
            where="" if partner_id is None else "WHERE p.partner_id = $p",
        ),
        {"first": first, "after": after} | ({} if partner_id is None else {"p": partner_id}),
    ).df()
    return frame[list(DIRECTORY_COLUMNS)]


def in_scope(frame: pd.DataFrame, column: str = "partner_id") -> pd.DataFrame:
    """The rows of ``frame`` the current request may see."""
    scope = partner_scope()
    if scope is None:
        return frame
    return frame[frame[column].isin(scope)].reset_index(drop=True)


def directory(start, end, warehouse=None, tiers=None, stages=None, managers=None) -> pd.DataFrame:
    """One row per partner in scope: ``DIRECTORY_COLUMNS``, plus ``tier``, ``stage`` and ``managers``
    (names joined by ", ") when those mappings (partner id -> value) are given."""
    first, after = _bounds(start, end)
    frame = cached(("partners.directory", first, after), lambda c: read_directory(c, start, end), warehouse)
    frame = in_scope(frame.copy())
    for name, mapping in (("tier", tiers), ("stage", stages)):
        if mapping is not None:
            frame[name] = pd.Series([mapping.get(int(p)) for p in frame["partner_id"]], index=frame.index, dtype=object)
    if managers is not None:
        frame["managers"] = frame["partner_id"].map(lambda p: ", ".join(sorted(managers.get(int(p), ()))))
    return frame


# --------------------------------------------------------------------------- search and filters


@dataclass(frozen=True)
class DirectoryFilter:
    """What the directory's search box and dropdowns ask for (empty: no restriction)."""

    text: str = ""
    types: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()
    tiers: tuple[str, ...] = ()
    stages: tuple[str, ...] = ()
    managers: tuple[str, ...] = ()

    @classmethod
    def of(cls, text=None, **choices) -> DirectoryFilter:
        """A filter from widget values (None, one value or a list each)."""
        return cls(str(text or "").strip(), **{k: _tuple(v) for k, v in choices.items()})


def _tuple(value) -> tuple[str, ...]:
    if value in (None, ""):
        return ()
    items = [value] if isinstance(value, str | int) else list(value)
    return tuple(str(v) for v in items if v not in (None, ""))


def search(frame: pd.DataFrame, flt: DirectoryFilter) -> pd.DataFrame:
    """The directory rows matching ``flt``: the text in the name, country, region or type (any case)
    or the partner id itself; each dropdown keeps rows whose value is one of the chosen."""
    keep = pd.Series(True, index=frame.index)
    if flt.text:
        needle = flt.text.casefold()
        words = frame[["name", "country", "region", "partner_type"]].fillna("").astype(str)
        text_hit = words.apply(lambda col: col.str.casefold().str.contains(needle, regex=False)).any(axis=1)
        keep &= text_hit | (frame["partner_id"].astype(str) == flt.text)
    for column, chosen in (
        ("partner_type", flt.types),
        ("country", flt.countries),
        ("region", flt.regions),
        ("tier", flt.tiers),
        ("stage", flt.stages),
    ):
        if chosen and column in frame:
            keep &= frame[column].astype(str).isin(chosen)
    if flt.managers and "managers" in frame:
        wanted = set(flt.managers)
        keep &= frame["managers"].fillna("").map(lambda names: bool(wanted & set(names.split(", "))))
    return frame[keep].reset_index(drop=True)


def choices(frame: pd.DataFrame) -> dict[str, list[str]]:
    """The values each dropdown offers: those present in the directory, sorted."""
    out = {}
    for column in ("partner_type", "country", "region", "tier", "stage"):
        if column in frame:
            out[column] = sorted({str(v) for v in frame[column].dropna()})
    if "managers" in frame:
        out["managers"] = sorted({n for names in frame["managers"].fillna("") for n in names.split(", ") if n})
    return out


# --------------------------------------------------------------------------- one partner


@dataclass(frozen=True)
class Opportunities:
    created: int
    open: int
    won: int
    lost: int
    win_rate: float | None  # None: none closed
    open_pipeline: float


@dataclass(frozen=True)
class Tickets:
    count: int
    rated: int
    mean_satisfaction: float | None
    satisfied_share: float | None  # rated 4 or 5 over rated


@dataclass(frozen=True)
class PartnerProfile:
    """One partner's story in a period (see the module docstring for every definition)."""

    partner: dict  # partner_id, name, partner_type, country, region, onboarded
    start: dt.date
    end: dt.date
    revenue: float
    active_customers: int
    customers_served: int
    last_sale: dt.datetime | None
    share: float | None  # of its active customers' purchases, over the period
    monthly: pd.DataFrame  # month, revenue, customers_revenue, share
    customers: pd.DataFrame  # customer_id, name, country, revenue, total_revenue, share (top TOP)
    products: pd.DataFrame  # product_id, name, category, quantity, revenue, customers (top TOP)
    opportunities: Opportunities | None  # None: the warehouse has no opportunities
    tickets: Tickets | None  # None: the warehouse has no tickets
    contacts: pd.DataFrame = field(default_factory=pd.DataFrame)  # crm.partners.contacts.CONTACT_COLUMNS
    contracts: pd.DataFrame = field(default_factory=pd.DataFrame)  # crm.partners.contacts.CONTRACT_COLUMNS
    tiers: pd.DataFrame = field(default_factory=pd.DataFrame)  # quarter, score, tier (crm.partners.workplace)
    stages: pd.DataFrame = field(default_factory=pd.DataFrame)  # month, stage, revenue, trend, reason


def check_partner(partner_id, warehouse=None) -> int:
    """The partner id as an int when it exists and is in scope; ``partners.error.not_found`` otherwise
    (the same refusal for both, so a foreign id tells nothing)."""
    try:
        pid = int(str(partner_id).strip())
    except (TypeError, ValueError):
        raise PartnerError(NOT_FOUND, partner=str(partner_id)) from None
    if not allows(pid) or pid not in partner_ids(warehouse):
        raise PartnerError(NOT_FOUND, partner=str(pid))
    return pid


def partner_ids(warehouse=None) -> frozenset[int]:
    """Every partner id of the warehouse (unscoped)."""

    def read(cursor) -> frozenset[int]:
        if "dim_partner" not in table_names(cursor):
            return frozenset()
        return frozenset(int(r[0]) for r in cursor.execute("SELECT partner_id FROM dim_partner").fetchall())

    return cached(("partners.ids",), read, warehouse)


def profile(partner_id, start, end, warehouse=None) -> PartnerProfile:
    """``partner_id``'s profile over ``start``..``end``; PartnerError ``partners.error.not_found`` for an
    unknown or out-of-scope partner (checked before anything is read)."""
    from crm.partners.contacts import list_contacts, list_contracts  # they check partners with this module

    pid = check_partner(partner_id, warehouse)
    first, after = _bounds(start, end)
    found = cached(("partners.profile", pid, first, after), lambda c: read_profile(c, pid, start, end), warehouse)
    return replace(found, contacts=list_contacts(pid, warehouse), contracts=list_contracts(pid, warehouse))


def read_profile(cursor, partner_id: int, start, end) -> PartnerProfile:
    """The profile, unscoped and uncached (``profile`` checks the scope first)."""
    first, after = _bounds(start, end)
    tables = table_names(cursor)
    params = {"p": partner_id, "first": first, "after": after}
    row = read_directory(cursor, start, end, partner_id)
    if row.empty:
        raise PartnerError(NOT_FOUND, partner=str(partner_id))
    row = row.iloc[0]
    monthly = _monthly(cursor, params)
    total = float(monthly["customers_revenue"].sum())
    last_sale = row["last_sale"]
    return PartnerProfile(
        partner={k: _plain(row[k]) for k in DIRECTORY_COLUMNS[:6]},
        start=first,
        end=after - dt.timedelta(days=1),
        revenue=float(row["revenue"]),
        active_customers=int(row["active_customers"]),
        customers_served=int(row["customers_served"]),
        last_sale=None if pd.isna(last_sale) else pd.Timestamp(last_sale).to_pydatetime(),
        share=float(monthly["revenue"].sum()) / total if total else None,
        monthly=monthly,
        customers=_customers(cursor, params),
        products=_products(cursor, params),
        opportunities=_opportunities(cursor, params) if "fact_opportunity" in tables else None,
        tickets=_tickets(cursor, params) if "fact_service_ticket" in tables else None,
    )


def _plain(value):
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    if isinstance(value, pd.Timestamp):
        return value.date()
    return value.item() if hasattr(value, "item") else value


# The period's active customers of the partner: every per-customer figure is about them.
_PARTNER_CUSTOMERS = """partner_customers AS (
    SELECT DISTINCT customer_id FROM fact_order_line
    WHERE partner_id = $p AND order_ts >= $first AND order_ts < $after)"""


def _monthly(cursor, params) -> pd.DataFrame:
    """Revenue through the partner and all revenue of its customers, per month of the period (every
    month listed, zeros included); ``share`` None where its customers bought nothing."""
    frame = cursor.execute(
        f"""WITH {_PARTNER_CUSTOMERS},
               months AS (SELECT unnest(generate_series(date_trunc('month', $first::DATE),
                                                        date_trunc('month', $after::DATE - 1),
                                                        INTERVAL 1 MONTH)) AS month),
               sales AS (
                   SELECT date_trunc('month', f.order_ts) AS month,
                          sum(f.revenue) FILTER (WHERE f.partner_id = $p) AS revenue,
                          sum(f.revenue) AS customers_revenue
                   FROM fact_order_line f SEMI JOIN partner_customers c ON c.customer_id = f.customer_id
                   WHERE f.order_ts >= $first AND f.order_ts < $after
                   GROUP BY 1)
           SELECT m.month::DATE AS month, coalesce(s.revenue, 0) AS revenue,
                  coalesce(s.customers_revenue, 0) AS customers_revenue
           FROM months m LEFT JOIN sales s ON s.month = m.month ORDER BY m.month""",
        params,
    ).df()
    frame["month"] = pd.to_datetime(frame["month"]).dt.date
    frame["share"] = (frame["revenue"] / frame["customers_revenue"]).where(frame["customers_revenue"] != 0)
    return frame


def _customers(cursor, params) -> pd.DataFrame:
    frame = cursor.execute(
        f"""WITH {_PARTNER_CUSTOMERS}
           SELECT f.customer_id, any_value(c.name) AS name, any_value(c.country) AS country,
                  coalesce(sum(f.revenue) FILTER (WHERE f.partner_id = $p), 0) AS revenue,
                  sum(f.revenue) AS total_revenue
           FROM fact_order_line f SEMI JOIN partner_customers pc ON pc.customer_id = f.customer_id
           LEFT JOIN dim_customer c ON c.customer_id = f.customer_id
           WHERE f.order_ts >= $first AND f.order_ts < $after
           GROUP BY f.customer_id ORDER BY revenue DESC, f.customer_id LIMIT {TOP}""",
        params,
    ).df()
    frame["share"] = (frame["revenue"] / frame["total_revenue"]).where(frame["total_revenue"] != 0)
    return frame


def _products(cursor, params) -> pd.DataFrame:
    return cursor.execute(
        f"""SELECT f.product_id, any_value(p.name) AS name, any_value(p.category) AS category,
                  sum(f.quantity) AS quantity, sum(f.revenue) AS revenue,
                  count(DISTINCT f.customer_id) AS customers
           FROM fact_order_line f LEFT JOIN dim_product p ON p.product_id = f.product_id
           WHERE f.partner_id = $p AND f.order_ts >= $first AND f.order_ts < $after
           GROUP BY f.product_id ORDER BY revenue DESC, f.product_id LIMIT {TOP}""",
        params,
    ).df()


def _opportunities(cursor, params) -> Opportunities:
    # closed after the period's end: still open as of the end
    created, won, lost, pipeline = cursor.execute(
        """WITH o AS (
               SELECT amount, CASE WHEN won IS NOT NULL AND closed_date < $after THEN won END AS outcome
               FROM fact_opportunity
               WHERE partner_id = $p AND created_date >= $first AND created_date < $after)
           SELECT count(*), count(*) FILTER (WHERE outcome), count(*) FILTER (WHERE NOT outcome),
                  coalesce(sum(amount) FILTER (WHERE outcome IS NULL), 0)
           FROM o""",
        params,
    ).fetchone()
    closed = won + lost
    return Opportunities(
        int(created), int(created - closed), int(won), int(lost), won / closed if closed else None, float(pipeline)
    )


def _tickets(cursor, params) -> Tickets:
    count, rated, mean, satisfied = cursor.execute(
        f"""WITH {_PARTNER_CUSTOMERS}
           SELECT count(*), count(satisfaction), avg(satisfaction),
                  count(*) FILTER (WHERE satisfaction >= 4)
           FROM fact_service_ticket t SEMI JOIN partner_customers c ON c.customer_id = t.customer_id
           WHERE t.opened_ts >= $first AND t.opened_ts < $after""",
        params,
    ).fetchone()
    return Tickets(int(count), int(rated), None if mean is None else float(mean), satisfied / rated if rated else None)

"""The semantic cube: facts, measures and dimension hierarchies, defined once.

Every page asks the cube for numbers through a query spec (``olap.query``); SQL
names only ever come from the definitions below, never from user input.

A *level* is one step of a dimension's hierarchy (``geo.country``). It names an
*attribute* (``country``) that each fact maps to an SQL expression over its own
star joins; a fact that has no such attribute cannot be grouped or filtered by
that level, and asking it to is refused with a clear message. Members of every
level are strings in URLs and filters (ids for customers, products, channels and
partners, whose display name is a separate *label* attribute).
"""

from __future__ import annotations

from dataclasses import dataclass

from errors import KeyedError


class CubeError(KeyedError, ValueError):
    """A request the cube cannot answer; ``key`` and ``values`` make the translated message."""

    def message(self, lang: str) -> str:
        """The refusal in the reader's language, level and measure ids given by name."""
        from olap.labels import refusal_text  # lazy: olap.labels imports this module

        return refusal_text(self, lang)


# --------------------------------------------------------------------------- levels


@dataclass(frozen=True)
class Level:
    id: str  # "geo.country"
    attr: str  # the attribute facts map to SQL
    label_attr: str | None = None  # display name when members are ids
    time_grain: str | None = None  # year | quarter | month | week | day

    @property
    def dimension(self) -> str:
        return self.id.split(".", 1)[0]

    @property
    def name(self) -> str:
        return self.id.split(".", 1)[1]


@dataclass(frozen=True)
class Dimension:
    name: str
    levels: tuple[Level, ...]  # top to bottom

    def child(self, level: Level) -> Level | None:
        index = self.levels.index(level)
        return self.levels[index + 1] if index + 1 < len(self.levels) else None

    def parent(self, level: Level) -> Level | None:
        index = self.levels.index(level)
        return self.levels[index - 1] if index > 0 else None


def _dimension(name: str, *levels: tuple) -> Dimension:
    built = []
    for spec in levels:
        level_name, attr, *rest = spec
        label = rest[0] if rest else None
        grain = level_name if name == "time" else None
        built.append(Level(f"{name}.{level_name}", attr, label, grain))
    return Dimension(name, tuple(built))


DIMENSIONS: dict[str, Dimension] = {
    d.name: d
    for d in (
        _dimension("geo", ("region", "region"), ("country", "country"), ("city", "city")),
        _dimension(
            "time",
            ("year", "ts"),
            ("quarter", "ts"),
            ("month", "ts"),
            ("week", "ts"),
            ("day", "ts"),
        ),
        _dimension(
            "customer",
            ("type", "customer_type"),
            ("segment", "customer_segment"),
            ("customer", "customer_id", "customer_name"),
        ),
        _dimension(
            "product",
            ("category", "category"),
            ("subcategory", "subcategory"),
            ("product", "product_id", "product_name"),
        ),
        _dimension("channel", ("group", "channel_group"), ("channel", "channel_id", "channel_name")),
        # partner tier and stage as published (crm.partners.status), never dim_partner's own columns
        _dimension("partner", ("tier", "partner_tier"), ("partner", "partner_id", "partner_name")),
        _dimension("partner_stage", ("stage", "partner_stage")),
        # published model scores (mining.publish): value tier > RFM segment, cluster, propensity deciles
        _dimension("score", ("tier", "value_tier"), ("rfm_segment", "rfm_segment")),
        _dimension("cluster", ("cluster", "cluster")),
        _dimension("propensity", ("repurchase", "repurchase_decile"), ("response", "response_decile")),
    )
}
LEVELS: dict[str, Level] = {lvl.id: lvl for d in DIMENSIONS.values() for lvl in d.levels}


def level(level_id: str) -> Level:
    try:
        return LEVELS[level_id]
    except (KeyError, TypeError):
        raise CubeError("cube.unknown_level", level=str(level_id)) from None


def dimension_of(level_id: str) -> Dimension:
    return DIMENSIONS[level(level_id).dimension]


# --------------------------------------------------------------------------- facts and measures


@dataclass(frozen=True)
class Fact:
    """A fact table with its star joins; ``attrs`` maps attribute -> (SQL expression, joins needed)."""

    name: str
    table: str
    alias: str
    attrs: dict[str, tuple[str, tuple[str, ...]]]
    joins: dict[str, str]
    detail_columns: tuple[tuple[str, str], ...]  # (output name, SQL) for drill-through
    detail_order: str

    def attr_sql(self, attr: str) -> tuple[str, tuple[str, ...]]:
        return self.attrs[attr]

    def supports(self, lvl: Level) -> bool:
        return lvl.attr in self.attrs and (lvl.label_attr is None or lvl.label_attr in self.attrs)


@dataclass(frozen=True)
class Measure:
    """A measure: additive ``parts`` (name -> SQL aggregate) and how to combine them.

    ``combine`` is a Python-free SQL expression over the part names (``{revenue} / {orders}``);
    a measure with one part and no ``combine`` is that part. ``customer_grain`` measures
    need orders per customer first (repeat rate) and are computed in a second stage.
    """

    name: str
    fact: str
    parts: dict[str, str]
    combine: str | None = None
    kind: str = "number"  # money | count | percent | ratio | score | hours | number
    joins: tuple[str, ...] = ()
    customer_grain: bool = False
    higher_is_better: bool = True


_C = "LEFT JOIN dim_customer c ON c.customer_id = {a}.customer_id"
_SC = "LEFT JOIN customer_score sc ON sc.customer_id = {a}.customer_id"
SCORE_DIMS = ("score", "cluster", "propensity")  # dimensions over published scores (never in rollups)
UNSCORED = "unscored"  # member of the score levels for customers no published run scored
SCORE_ATTRS = ("value_tier", "rfm_segment", "cluster", "repurchase_decile", "response_decile")


def _score_attrs() -> dict[str, tuple[str, tuple[str, ...]]]:
    return {a: (f"coalesce(sc.{a}, '{UNSCORED}')", ("sc",)) for a in SCORE_ATTRS}


DIRECT = "Direct"  # member of the partner levels for sales and opportunities without a partner
UNRATED = "unrated"  # member of the tier and stage levels for partners nothing published rates
_PS = "LEFT JOIN partner_status ps ON ps.partner_id = {a}.partner_id"


def partner_status_attrs(direct: str) -> dict[str, tuple[str, tuple[str, ...]]]:
    """Tier and stage read from the published ``partner_status`` (joined as ``ps``); ``direct`` is
    the SQL condition of a row without a partner."""
    return {
        f"partner_{col}": (f"CASE WHEN {direct} THEN '{DIRECT}' ELSE coalesce(ps.{col}, '{UNRATED}') END", ("ps",))
        for col in ("tier", "stage")
    }


SALES = Fact(
    name="sales",
    table="fact_order_line",
    alias="f",
    attrs={
        "ts": ("f.order_ts", ()),
        "region": ("c.region", ("c",)),
        "country": ("c.country", ("c",)),
        "city": ("c.city", ("c",)),
        "customer_type": ("c.customer_type", ("c",)),
        "customer_segment": ("c.segment", ("c",)),
        "customer_id": ("CAST(f.customer_id AS VARCHAR)", ()),
        **_score_attrs(),
        "customer_name": ("c.name", ("c",)),
        "category": ("p.category", ("p",)),
        "subcategory": ("p.subcategory", ("p",)),
        "product_id": ("CAST(f.product_id AS VARCHAR)", ()),
        "product_name": ("p.name", ("p",)),
        "channel_group": ("ch.channel_group", ("ch",)),
        "channel_id": ("CAST(f.channel_id AS VARCHAR)", ()),
        "channel_name": ("ch.name", ("ch",)),
        **partner_status_attrs("f.partner_id IS NULL"),
        "partner_id": ("CAST(coalesce(f.partner_id, 0) AS VARCHAR)", ()),
        "partner_name": (f"coalesce(pa.name, '{DIRECT}')", ("pa",)),
    },
    joins={
        "c": _C.format(a="f"),
        "sc": _SC.format(a="f"),
        "p": "LEFT JOIN dim_product p ON p.product_id = f.product_id",
        "ch": "LEFT JOIN dim_channel ch ON ch.channel_id = f.channel_id",
        "pa": "LEFT JOIN dim_partner pa ON pa.partner_id = f.partner_id",
        "ps": _PS.format(a="f"),
        "fo": "LEFT JOIN customer_first_order fo ON fo.customer_id = f.customer_id",
    },
    detail_columns=(
        ("order_id", "f.order_id"),
        ("line_no", "f.line_no"),
        ("order_ts", "f.order_ts"),
        ("customer_id", "f.customer_id"),
        ("customer", "c.name"),
        ("country", "c.country"),
        ("product", "p.name"),
        ("category", "p.category"),
        ("channel", "ch.name"),
        ("partner", "pa.name"),
        ("campaign_id", "f.campaign_id"),
        ("quantity", "f.quantity"),
        ("unit_price", "f.unit_price"),
        ("discount", "f.discount"),
        ("revenue", "f.revenue"),
        ("cost", "f.cost"),
    ),
    detail_order="f.order_ts, f.order_id, f.line_no",
)

SESSIONS = Fact(
    name="sessions",
    table="fact_web_session",
    alias="s",
    attrs={
        "ts": ("s.start_ts", ()),
        "region": ("gc.region", ("gc",)),
        "country": ("s.country", ()),
        "customer_type": ("coalesce(c.customer_type, 'Anonymous')", ("c",)),
        "customer_segment": ("coalesce(c.segment, 'Anonymous')", ("c",)),
        "customer_id": ("CAST(s.customer_id AS VARCHAR)", ()),
        **_score_attrs(),
        "customer_name": ("coalesce(c.name, 'Anonymous')", ("c",)),
        "channel_group": ("ch.channel_group", ("ch",)),
        "channel_id": ("CAST(s.channel_id AS VARCHAR)", ()),
        "channel_name": ("ch.name", ("ch",)),
    },
    joins={
        "c": _C.format(a="s"),
        "sc": _SC.format(a="s"),
        "ch": "LEFT JOIN dim_channel ch ON ch.channel_id = s.channel_id",
        "gc": "LEFT JOIN dim_country gc ON gc.country = s.country",
    },
    detail_columns=(
        ("session_id", "s.session_id"),
        ("start_ts", "s.start_ts"),
        ("customer_id", "s.customer_id"),
        ("country", "s.country"),
        ("channel", "ch.name"),
        ("source", "s.source"),
        ("device", "s.device"),
        ("pages_viewed", "s.pages_viewed"),
        ("product_views", "s.product_views"),
        ("cart_adds", "s.cart_adds"),
        ("order_id", "s.order_id"),
    ),
    detail_order="s.start_ts, s.session_id",
)

_CUSTOMER_ATTRS = {
    "region": ("c.region", ("c",)),
    "country": ("c.country", ("c",)),
    "city": ("c.city", ("c",)),
    "customer_type": ("c.customer_type", ("c",)),
    "customer_segment": ("c.segment", ("c",)),
    "customer_name": ("c.name", ("c",)),
}

CONTACTS = Fact(
    name="contacts",
    table="fact_campaign_contact",
    alias="k",
    attrs={
        "ts": ("coalesce(k.sent_ts, cam.start_date::TIMESTAMP)", ("cam",)),
        **_CUSTOMER_ATTRS,
        "customer_id": ("CAST(k.customer_id AS VARCHAR)", ()),
        **_score_attrs(),
        "channel_group": ("ch.channel_group", ("ch",)),
        "channel_id": ("CAST(k.channel_id AS VARCHAR)", ()),
        "channel_name": ("ch.name", ("ch",)),
    },
    joins={
        "c": _C.format(a="k"),
        "sc": _SC.format(a="k"),
        "ch": "LEFT JOIN dim_channel ch ON ch.channel_id = k.channel_id",
        "cam": "LEFT JOIN dim_campaign cam ON cam.campaign_id = k.campaign_id",
    },
    detail_columns=(
        ("campaign_id", "k.campaign_id"),
        ("campaign", "cam.name"),
        ("customer_id", "k.customer_id"),
        ("customer", "c.name"),
        ("group", "k.group_name"),
        ("channel", "ch.name"),
        ("sent_ts", "k.sent_ts"),
        ("opened_ts", "k.opened_ts"),
        ("clicked_ts", "k.clicked_ts"),
        ("converted_ts", "k.converted_ts"),
    ),
    detail_order="k.campaign_id, k.customer_id",
)

TICKETS = Fact(
    name="tickets",
    table="fact_service_ticket",
    alias="t",
    attrs={
        "ts": ("t.opened_ts", ()),
        **_CUSTOMER_ATTRS,
        "customer_id": ("CAST(t.customer_id AS VARCHAR)", ()),
        **_score_attrs(),
        "category": ("p.category", ("p",)),
        "subcategory": ("p.subcategory", ("p",)),
        "product_id": ("CAST(t.product_id AS VARCHAR)", ()),
        "product_name": ("p.name", ("p",)),
        "channel_group": ("ch.channel_group", ("ch",)),
        "channel_id": ("CAST(t.channel_id AS VARCHAR)", ()),
        "channel_name": ("ch.name", ("ch",)),
    },
    joins={
        "c": _C.format(a="t"),
        "sc": _SC.format(a="t"),
        "p": "LEFT JOIN dim_product p ON p.product_id = t.product_id",
        "ch": "LEFT JOIN dim_channel ch ON ch.channel_id = t.channel_id",
    },
    detail_columns=(
        ("ticket_id", "t.ticket_id"),
        ("opened_ts", "t.opened_ts"),
        ("closed_ts", "t.closed_ts"),
        ("customer_id", "t.customer_id"),
        ("customer", "c.name"),
        ("category", "t.category"),
        ("product", "p.name"),
        ("channel", "ch.name"),
        ("status", "t.status"),
        ("satisfaction", "t.satisfaction"),
    ),
    detail_order="t.opened_ts, t.ticket_id",
)

OPPORTUNITIES = Fact(
    name="opportunities",
    table="fact_opportunity",
    alias="o",
    attrs={
        "ts": ("o.created_date::TIMESTAMP", ()),
        **_CUSTOMER_ATTRS,
        "customer_id": ("CAST(o.customer_id AS VARCHAR)", ()),
        **_score_attrs(),
        **partner_status_attrs("o.partner_id IS NULL"),
        "partner_id": ("CAST(coalesce(o.partner_id, 0) AS VARCHAR)", ()),
        "partner_name": (f"coalesce(pa.name, '{DIRECT}')", ("pa",)),
    },
    joins={
        "c": _C.format(a="o"),
        "sc": _SC.format(a="o"),
        "pa": "LEFT JOIN dim_partner pa ON pa.partner_id = o.partner_id",
        "ps": _PS.format(a="o"),
    },
    detail_columns=(
        ("opportunity_id", "o.opportunity_id"),
        ("created_date", "o.created_date"),
        ("customer_id", "o.customer_id"),
        ("customer", "c.name"),
        ("partner", "pa.name"),
        ("owner", "o.owner"),
        ("stage", "o.stage"),
        ("amount", "o.amount"),
        ("expected_close", "o.expected_close"),
        ("closed_date", "o.closed_date"),
        ("won", "o.won"),
    ),
    detail_order="o.created_date, o.opportunity_id",
)

FACTS: dict[str, Fact] = {f.name: f for f in (SALES, SESSIONS, CONTACTS, TICKETS, OPPORTUNITIES)}


_NOT_GUEST = "_customer IN (SELECT customer_id FROM customer_first_order)"
_THROUGH_PARTNERS = "sum(f.revenue) FILTER (WHERE f.partner_id IS NOT NULL)"
PARTNER_MEASURES = ("partner_revenue", "partner_share", "active_partners", "partner_customers")


def _m(name, fact, parts, combine=None, kind="number", **kw) -> Measure:
    return Measure(name, fact, parts, combine, kind, **kw)


_MEASURE_LIST = (
    # sales
    _m("revenue", "sales", {"revenue": "sum(f.revenue)"}, kind="money"),
    _m("gross_margin", "sales", {"gross_margin": "sum(f.revenue - f.cost)"}, kind="money"),
    _m(
        "margin_pct",
        "sales",
        {"gross_margin": "sum(f.revenue - f.cost)", "revenue": "sum(f.revenue)"},
        "{gross_margin} / nullif({revenue}, 0)",
        kind="percent",
    ),
    _m("orders", "sales", {"orders": "count(DISTINCT f.order_id)"}, kind="count"),
    _m("units", "sales", {"units": "sum(f.quantity)"}, kind="count"),
    # guest checkouts (dim_customer.is_guest) count in revenue and orders, never as customers
    _m(
        "customers",
        "sales",
        {"customers": "count(DISTINCT f.customer_id) FILTER (WHERE c.is_guest IS NOT TRUE)"},
        kind="count",
        joins=("c",),
    ),
    _m(
        "new_customers",
        "sales",
        {
            "new_customers": "count(DISTINCT f.customer_id) FILTER "
            "(WHERE fo.acquired_in_history AND f.order_ts::DATE = fo.first_order_date)"  # no guest in fo
        },
        kind="count",
        joins=("fo",),
    ),
    _m(
        "aov",
        "sales",
        {"revenue": "sum(f.revenue)", "orders": "count(DISTINCT f.order_id)"},
        "{revenue} / nullif({orders}, 0)",
        kind="money",
    ),
    _m(
        "repeat_rate",
        "sales",
        {  # per-customer rows (_customer); customer_first_order holds every customer but the guests
            "repeaters": f"count(*) FILTER (WHERE n_orders >= 2 AND {_NOT_GUEST})",
            "buyers": f"count(*) FILTER (WHERE {_NOT_GUEST})",
        },
        "{repeaters} / nullif({buyers}, 0)",
        kind="percent",
        customer_grain=True,
    ),
    # partners: sales through a partner (an order line's partner_id; NULL is a direct sale)
    _m("partner_revenue", "sales", {"partner_revenue": _THROUGH_PARTNERS}, kind="money"),
    _m(
        "partner_share",
        "sales",
        {"partner_revenue": _THROUGH_PARTNERS, "revenue": "sum(f.revenue)"},
        "{partner_revenue} / nullif({revenue}, 0)",
        kind="percent",
    ),
    _m("active_partners", "sales", {"active_partners": "count(DISTINCT f.partner_id)"}, kind="count"),
    _m(
        "partner_customers",
        "sales",
        {
            "partner_customers": "count(DISTINCT f.customer_id) FILTER "
            "(WHERE f.partner_id IS NOT NULL AND c.is_guest IS NOT TRUE)"
        },
        kind="count",
        joins=("c",),
    ),
    # web sessions
    _m("sessions", "sessions", {"sessions": "count(*)"}, kind="count"),
    _m("conversions", "sessions", {"conversions": "count(s.order_id)"}, kind="count"),
    _m(
        "conversion_rate",
        "sessions",
        {"conversions": "count(s.order_id)", "sessions": "count(*)"},
        "{conversions} / nullif({sessions}, 0)",
        kind="percent",
    ),
    # campaign contacts (the target group; the control group is the baseline)
    _m("contacts", "contacts", {"contacts": "count(*) FILTER (WHERE k.group_name = 'target')"}, kind="count"),
    _m(
        "responses",
        "contacts",
        {"responses": "count(k.converted_ts) FILTER (WHERE k.group_name = 'target')"},
        kind="count",
    ),
    _m(
        "response_rate",
        "contacts",
        {
            "responses": "count(k.converted_ts) FILTER (WHERE k.group_name = 'target')",
            "contacts": "count(*) FILTER (WHERE k.group_name = 'target')",
        },
        "{responses} / nullif({contacts}, 0)",
        kind="percent",
    ),
    _m(
        "response_uplift",
        "contacts",
        {
            "responses": "count(k.converted_ts) FILTER (WHERE k.group_name = 'target')",
            "contacts": "count(*) FILTER (WHERE k.group_name = 'target')",
            "control_responses": "count(k.converted_ts) FILTER (WHERE k.group_name = 'control')",
            "controls": "count(*) FILTER (WHERE k.group_name = 'control')",
        },
        "{responses} / nullif({contacts}, 0) - {control_responses} / nullif({controls}, 0)",
        kind="percent_points",
    ),
    # service tickets
    _m("tickets", "tickets", {"tickets": "count(*)"}, kind="count", higher_is_better=False),
    _m(
        "satisfaction",
        "tickets",
        {"satisfaction_sum": "sum(t.satisfaction)", "rated": "count(t.satisfaction)"},
        "{satisfaction_sum} / nullif({rated}, 0)",
        kind="score",
    ),
    _m(
        "resolution_hours",
        "tickets",
        {
            "resolution_sum": "sum(epoch(t.closed_ts - t.opened_ts) / 3600.0)",
            "resolved": "count(t.closed_ts)",
        },
        "{resolution_sum} / nullif({resolved}, 0)",
        kind="hours",
        higher_is_better=False,
    ),
    # opportunities
    _m("opportunities", "opportunities", {"opportunities": "count(*)"}, kind="count"),
    _m("pipeline_value", "opportunities", {"pipeline_value": "sum(o.amount)"}, kind="money"),
    _m(
        "win_rate",
        "opportunities",
        {"won": "count(*) FILTER (WHERE o.won)", "decided": "count(o.won)"},
        "{won} / nullif({decided}, 0)",
        kind="percent",
    ),
)
MEASURES: dict[str, Measure] = {m.name: m for m in _MEASURE_LIST}


def measure(name: str) -> Measure:
    try:
        return MEASURES[name]
    except (KeyError, TypeError):
        raise CubeError("cube.unknown_measure", measure=str(name)) from None


def check_applies(m: Measure, levels) -> None:
    """Refuse a level the measure's fact cannot be broken down by (e.g. margin by web-session device)."""
    fact = FACTS[m.fact]
    for lvl in levels:
        if not fact.supports(lvl):
            raise CubeError("cube.not_applicable", measure=m.name, level=lvl.id)

"""Sales analyses: revenue by region, top and bottom customers, product mix, partner share."""

from __future__ import annotations

from i18n import format as fmt
from i18n import t
from olap.analyses.base import Context, Result, Table, cube_frame, cube_insights, pct, share_of
from olap.query import make_spec

TOP_N = 10
TOP_PARTNERS = 15


def revenue_by_region(ctx: Context) -> Result:
    """Revenue, orders and customers by world region, and each region's revenue month by month."""
    spec = make_spec(
        ["revenue", "orders", "customers"], rows=["geo.region"], start=ctx.start, end=ctx.end, filters=ctx.cube_filters
    )
    by_region = cube_frame(spec, ctx)
    by_region["share"] = share_of(by_region, "revenue")
    monthly = cube_frame(
        make_spec(
            ["revenue"],
            rows=["geo.region", "time.month"],
            start=ctx.start,
            end=ctx.end,
            filters=ctx.cube_filters,
            sort="time.month",
        ),
        ctx,
    ).sort_values(["time.month", "geo.region"], ignore_index=True)
    kinds = {"geo.region": "level", "revenue": "money", "orders": "count", "customers": "count", "share": "percent"}
    return Result(
        [
            Table("by_region", by_region, "hbar", x="revenue", y="geo.region", columns=kinds),
            Table(
                "region_month",
                monthly,
                "stacked",
                x="time.month",
                y="revenue",
                color="geo.region",
                columns={"time.month": "level", "geo.region": "level", "revenue": "money"},
            ),
        ],
        spec=spec,
        sentences=cube_insights(spec, ctx),
    )


def top_bottom_customers(ctx: Context) -> Result:
    """The customers with the most and the least net revenue in the period (returns count against)."""
    fields = dict(
        rows=["customer.customer"], start=ctx.start, end=ctx.end, filters=ctx.cube_filters, sort="revenue", limit=TOP_N
    )
    measures = ["revenue", "orders", "gross_margin"]
    spec = make_spec(measures, **fields)
    top = cube_frame(spec, ctx)
    bottom = cube_frame(make_spec(measures, descending=False, **fields), ctx)
    total = cube_frame(make_spec(["revenue", "customers"], start=ctx.start, end=ctx.end, filters=ctx.cube_filters), ctx)
    kinds = {"customer.customer": "level", "revenue": "money", "orders": "count", "gross_margin": "money"}
    sentences = []
    if not top.empty and len(total) and total["revenue"].iloc[0]:
        revenue, customers = float(total["revenue"].iloc[0]), int(total["customers"].iloc[0])
        sentences.append(
            t(
                "analysis.say.top_share",
                ctx.lang,
                n=len(top),
                customers=f"{customers:,}",
                share=pct(float(top["revenue"].sum()) / revenue, ctx.lang),
                revenue=fmt.money(float(top["revenue"].sum()), ctx.lang),
            )
        )
    return Result(
        [
            Table("top_customers", top, "hbar", x="revenue", y="customer.customer", columns=kinds),
            Table("bottom_customers", bottom, "hbar", x="revenue", y="customer.customer", columns=kinds),
        ],
        spec=make_spec(measures, rows=["customer.customer"], start=ctx.start, end=ctx.end, filters=ctx.cube_filters),
        sentences=sentences,
    )


def product_mix(ctx: Context) -> Result:
    """Revenue and margin by product category and subcategory, with each one's share."""
    measures = ["revenue", "gross_margin", "margin_pct", "units"]
    mix = cube_frame(
        make_spec(
            measures,
            rows=["product.category", "product.subcategory"],
            start=ctx.start,
            end=ctx.end,
            filters=ctx.cube_filters,
        ),
        ctx,
    )
    mix["share"] = share_of(mix, "revenue")
    spec = make_spec(measures, rows=["product.category"], start=ctx.start, end=ctx.end, filters=ctx.cube_filters)
    kinds = {
        "product.category": "level",
        "product.subcategory": "level",
        "revenue": "money",
        "share": "percent",
        "gross_margin": "money",
        "margin_pct": "percent",
        "units": "count",
    }
    return Result(
        [Table("mix", mix, "treemap", x="product.category", y="revenue", color="product.subcategory", columns=kinds)],
        spec=spec,
        sentences=cube_insights(spec, ctx),
    )


def partner_share(ctx: Context) -> Result:
    """Revenue by partner tier (direct sales as their own tier) and the top partners."""
    spec = make_spec(
        ["revenue", "orders", "customers"],
        rows=["partner.tier"],
        start=ctx.start,
        end=ctx.end,
        filters=ctx.cube_filters,
    )
    tiers = cube_frame(spec, ctx)
    tiers["share"] = share_of(tiers, "revenue")
    partners = cube_frame(
        make_spec(
            ["revenue", "orders"],
            rows=["partner.partner"],
            start=ctx.start,
            end=ctx.end,
            filters=ctx.cube_filters,
            sort="revenue",
            limit=TOP_PARTNERS + 1,
        ),
        ctx,
    )
    total = float(tiers["revenue"].sum()) if len(tiers) else 0.0
    partners = partners[partners["partner.partner"].astype(str) != "0"].head(TOP_PARTNERS).reset_index(drop=True)
    partners["share"] = partners["revenue"] / total if total else float("nan")
    return Result(
        [
            Table(
                "by_tier",
                tiers,
                "donut",
                x="partner.tier",
                y="revenue",
                columns={
                    "partner.tier": "level",
                    "revenue": "money",
                    "share": "percent",
                    "orders": "count",
                    "customers": "count",
                },
            ),
            Table(
                "top_partners",
                partners,
                "hbar",
                x="revenue",
                y="partner.partner",
                columns={"partner.partner": "level", "revenue": "money", "share": "percent", "orders": "count"},
            ),
        ],
        spec=spec,
        sentences=cube_insights(spec, ctx),
    )

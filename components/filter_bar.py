"""The one period and filter bar of the analytical pages (Dashboard, Explore, Analyses, Pipeline).

The same controls in the same place on every page: period, region, country, channel group and
customer type, then the active filters as chips (each removable) and "Clear filters". A page whose
data cannot take one of the filters passes the names it can (``applies``): the others stay in the
URL (they travel on to the next page) and are shown as not applied here, with the reason.
Ids are ``<prefix>-period``, ``<prefix>-region``… so each page wires them to its own state.
"""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import dcc, html

from components.coverage import channel_groups
from i18n import format as fmt
from i18n import t
from olap import labels
from olap.catalog import Catalog
from olap.filters import CUSTOMER_TYPES, Filters
from olap.flow import FILTER_NAMES, not_applied

ALL_FILTERS = FILTER_NAMES


def filter_text(name: str, value: str, lang: str) -> str:
    """``Region: Europe`` — a filter value in words."""
    return f"{t('filter.' + {'ctype': 'customer_type'}.get(name, name), lang)}: {labels.filter_value_label(name, value, lang)}"


def _col(label: str, control, md: int, html_for: str | None = None, muted: bool = False) -> dbc.Col:
    label_el = dbc.Label(
        label, className="text-muted" if muted else None, **({"html_for": html_for} if html_for else {})
    )
    return dbc.Col([label_el, control], md=md, xs=12, sm=6)


def period_control(
    prefix: str, token: str | None, valid: Catalog, lang: str, custom: bool = False, carried=None
) -> dcc.Dropdown:
    """The period dropdown; ``carried`` (a custom range this page cannot apply) leaves it unset, with a
    placeholder saying so, so that choosing any period (the default one too) replaces the range."""
    options = labels.period_options(valid.data_start, valid.data_end, lang)
    if custom:  # Explore takes a date range too: "" stands for it
        options = options + [{"label": t("explore.custom_range", lang), "value": ""}]
    if carried is not None:
        return dcc.Dropdown(id=f"{prefix}-period", options=options, value=None, clearable=False,
                            placeholder=t("flow.range_placeholder", lang), className="filter-off")  # fmt: skip
    return dcc.Dropdown(id=f"{prefix}-period", options=options, value=token, clearable=False)


def range_note(prefix: str, carried, shown: str, lang: str) -> html.Div | None:
    """Beside the period: the custom range carried from Explore/Analyses is not applied here (``shown``:
    the period the page shows instead, in words)."""
    if carried is None:
        return None
    words = fmt.day_range(carried.start, carried.end, lang)
    return html.Div(t("flow.range_not_applied", lang, range=words, period=shown), id=f"{prefix}-range-note",
                    className="small text-muted mt-1")  # fmt: skip


def filter_bar(
    prefix: str,
    period: str | None,
    filters: Filters,
    valid: Catalog,
    lang: str,
    *,
    applies: tuple[str, ...] = ALL_FILTERS,
    custom_period: bool = False,
    extra: list | None = None,
    carried=None,
    applied_range=None,
) -> dbc.Card:
    """The bar set to ``period`` (a token) and ``filters``; ``extra`` adds the page's own controls
    (columns) in a second row; ``carried`` (``olap.flow.CarriedRange``) a custom range from another
    page that this one cannot apply: the period control is muted and a note says what is shown instead."""
    f = filters
    countries = sorted(c for c, r in valid.countries.items() if not f.regions or r in f.regions or c in f.countries)
    all_option = [{"label": t("filter.all", lang), "value": ""}]
    every = t("filter.all", lang)
    controls = {
        "region": dcc.Dropdown(
            id=f"{prefix}-region",
            multi=True,
            placeholder=every,
            options=[{"label": labels.region_label(r, lang), "value": r} for r in valid.regions],
            value=list(f.regions),
        ),
        "country": dcc.Dropdown(
            id=f"{prefix}-country",
            multi=True,
            placeholder=every,
            options=[{"label": c, "value": c} for c in countries],
            value=list(f.countries),
        ),
        "channel": dbc.RadioItems(
            id=f"{prefix}-channel",
            inline=True,
            value=f.channel_group or "",
            options=all_option + [{"label": t(f"channel_group.{g}", lang), "value": g} for g in channel_groups()],
        ),
        "ctype": dbc.RadioItems(
            id=f"{prefix}-ctype",
            inline=True,
            value=f.customer_type or "",
            options=all_option + [{"label": t(f"customer_type.{c}", lang), "value": c} for c in CUSTOMER_TYPES],
        ),
    }
    label_keys = {"region": "filter.region", "country": "filter.country", "channel": "filter.channel"}
    label_keys["ctype"] = "filter.customer_type"
    widths = {"region": 3, "country": 3, "channel": 2, "ctype": 2}
    period_label = t("filter.period", lang) + (" " + t("flow.not_here_mark", lang) if carried else "")
    control = period_control(prefix, period, valid, lang, custom_period or applied_range is not None, carried)
    cols = [_col(period_label, control, 2, f"{prefix}-period", muted=carried is not None)]
    for name, control in controls.items():
        muted = name not in applies
        label = t(label_keys[name], lang) + (" " + t("flow.not_here_mark", lang) if muted else "")
        cols.append(
            _col(label, control, widths[name], f"{prefix}-{name}" if name in ("region", "country") else None, muted)
        )
    rows = [dbc.Row(cols, className="g-2")]
    if carried is not None:
        options = {o["value"]: o["label"] for o in labels.period_options(valid.data_start, valid.data_end, lang)}
        rows.append(range_note(prefix, carried, options.get(period, period or ""), lang))
    if applied_range is not None:  # a custom range from Explore, applied: its days in words
        words = fmt.day_range(applied_range.start, applied_range.end, lang)
        rows.append(html.Div(t("flow.range_applied", lang, range=words), id=f"{prefix}-range-note",
                             className="small text-muted mt-1"))  # fmt: skip
    if extra:
        rows.append(dbc.Row(extra, className="g-2 mt-1"))
    return dbc.Card(dbc.CardBody(rows), className="mb-2 filter-bar", id=f"{prefix}-filter-bar")


def chips(prefix: str, filters: Filters, lang: str, *, applies: tuple[str, ...] = ALL_FILTERS) -> html.Div:
    """Active filters as chips, each removable on its own, then "Clear filters"; a filter this page
    cannot apply is a muted chip saying so (its ×  still removes it)."""
    skipped = set(not_applied(filters, applies))
    found = []
    for name, value in filters.active():
        off = (name, value) in skipped
        text = filter_text(name, value, lang) + (f" ({t('flow.not_here', lang)})" if off else "")
        found.append(
            dbc.Button(
                [f"{text} ", html.Span("×", **{"aria-hidden": "true"})],
                id={"type": f"{prefix}-chip", "name": name, "value": value},
                size="sm",
                color="light",
                className="me-1 mb-1 filter-chip" + (" text-muted filter-chip-off" if off else ""),
                title=t("flow.not_here.help", lang) if off else t("filter.remove", lang),
            )
        )
    if found:
        found.append(
            dbc.Button(t("filter.clear", lang), id=f"{prefix}-clear", size="sm", color="link", className="mb-1")
        )
    else:
        found = [
            html.Span(t("filter.none", lang), className="text-muted small"),
            html.Span(id=f"{prefix}-clear", hidden=True),
        ]
    note = None
    if skipped:
        names = sorted({name for name, _ in skipped}, key=FILTER_NAMES.index)
        words = ", ".join(t("filter." + {"ctype": "customer_type"}.get(n, n), lang) for n in names)
        note = html.Div(
            t("flow.not_applied", lang, filters=words), className="small text-muted", id=f"{prefix}-not-applied"
        )
    return html.Div([html.Div(found), note], id=f"{prefix}-chips", className="mb-2")

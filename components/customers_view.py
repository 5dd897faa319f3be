"""Customer 360's view: the search results, a profile (facts, KPI cards, scores, segments, the
change history, the correction and erasure forms) and the timeline, in the reader's language."""

from __future__ import annotations

import datetime as dt
import math

import dash_bootstrap_components as dbc
import plotly.graph_objects as go
from dash import dcc, html

from components.formatters import column, graph_config
from components.grids import data_grid
from components.reco_view import used_method_text
from components.theme import NEUTRAL, base_layout
from crm import customers as cu
from i18n import format as fmt
from i18n import t
from mining.clustering.names import name_of_key
from olap import labels

KIND_COLORS = {
    "order": "#2563eb",
    "session": "#0d9488",
    "contact": "#f59e0b",
    "ticket": "#dc2626",
    "opportunity": "#7c3aed",
}


def _grid(grid_id: str, rows: list[dict], columns: list[dict], height: int | None = None, **extra):
    return data_grid(grid_id, rows, columns, wrap_headers=False, filters=True, height=height, **extra)


def _day(value) -> str | None:
    """A date as YYYY-MM-DD (warehouse dates arrive as dates, datetimes or timestamps)."""
    if value is None or value != value:
        return None
    return str(value)[:10]


def _date(value, lang: str) -> str | None:
    """A date in the reader's order (Dec 31, 2025 / 2025. 12. 31.) for the profile's facts and cards."""
    day = _day(value)
    return fmt.date(dt.date.fromisoformat(day), lang) if day else None


def search_help(lang: str) -> html.P:
    return html.P(t("customers.search.help", lang), className="text-muted small")


def search_results(found, text: str, lang: str) -> list | dbc.Alert:
    """The customers ``text`` found: a grid whose rows open a profile, or a note that none matched."""
    if found.empty:
        return dbc.Alert(t("customers.search.none", lang, text=text), color="light", className="border", id="cust-none")
    rows = found.astype(object).where(found.notna(), None).to_dict(orient="records")
    for row in rows:
        row["last_order"] = _day(row.get("last_order"))
    cols = [
        {"field": "customer_id", "headerName": t("customers.col.id", lang), "maxWidth": 110, "pinned": "left"},
        {"field": "name", "headerName": t("customers.field.name", lang), "minWidth": 180},
        {"field": "company", "headerName": t("customers.field.company", lang)},
        {"field": "email", "headerName": t("customers.field.email", lang), "minWidth": 200},
        {"field": "country", "headerName": t("customers.col.country", lang)},
        {"field": "customer_type", "headerName": t("customers.col.type", lang), "maxWidth": 110},
        {"field": "orders", "headerName": t("customers.kpi.orders", lang), "type": "rightAligned", "maxWidth": 110},
        column("revenue", t("customers.kpi.revenue", lang), "money", lang),
        {"field": "last_order", "headerName": t("customers.kpi.last_order", lang)},
    ]
    return [
        html.P(t("customers.search.found", lang, n=len(found)), className="small text-muted mb-1"),
        _grid("cust-found", rows, cols, getRowId="params.data.customer_id"),
    ]


def _fact(label: str, value, fact_id: str | None = None) -> html.Div:
    return html.Div(
        [
            html.Span(label, className="text-muted small d-block"),
            html.Span("–" if value in (None, "") else value, **({"id": fact_id} if fact_id else {})),
        ],
        className="me-4 mb-2",
    )


def _card(title: str, value: str, sub: str = "", card_id: str | None = None) -> dbc.Col:
    return dbc.Col(
        dbc.Card(
            dbc.CardBody(
                [
                    html.Div(title, className="text-muted small"),
                    html.Div(value, className="fs-5 fw-semibold", **({"id": card_id} if card_id else {})),
                    html.Div(sub, className="small text-muted"),
                ]
            ),
            className="shadow-sm h-100",
        ),
        xs=6,
        lg=True,
        className="mb-3",
    )


def _word(key: str, lang: str) -> str:
    """A stored token's words (an unknown token shows as its key: a score must not break the page)."""
    return t(key, lang, default=key)


def clv_texts(rfm: dict, lang: str) -> tuple[str, str]:
    """The customer's CLV and P(alive) as shown: absent when the run's CLV models did not fit, and
    P(alive) marked for a one-time buyer (1 by construction: the model cannot tell yet)."""
    alive = rfm.get("p_alive")
    if alive is None or math.isnan(float(alive)):
        absent = t("customers.score.clv_absent", lang)
        return absent, absent
    shown = fmt.percent(alive, lang)
    if rfm.get("repeat_purchases") == 0:
        shown = t("customers.score.one_time", lang, value=shown)
    return fmt.money(rfm.get("clv_12m"), lang), shown


def _scores(scores: dict, lang: str) -> list:
    items = []

    def first(kind):
        rows = scores.get(kind, {}).get("rows") or []
        return rows[0] if rows else None

    rfm = first("rfm")
    if rfm:
        items.append(
            _fact(
                t("customers.score.rfm", lang),
                f"{_word('mining.rfm.segment.' + rfm['segment'], lang)} · {_word('mining.rfm.tier.' + rfm['tier'], lang)}",
                "cust-rfm",
            )
        )
        clv, alive = clv_texts(rfm, lang)
        items.append(_fact(t("customers.score.clv", lang), clv, "cust-clv"))
        items.append(_fact(t("customers.score.alive", lang), alive, "cust-alive"))
    cluster = first("cluster")
    if cluster:
        items.append(
            _fact(t("customers.score.cluster", lang), name_of_key(cluster.get("cluster_name"), lang), "cust-cluster")
        )
    for kind, key in (("propensity_repurchase", "repurchase"), ("propensity_response", "response")):
        row = first(kind)
        if row:
            value = t("customers.score.decile", lang, score=fmt.percent(row["score"], lang), decile=int(row["decile"]))
            items.append(_fact(t(f"customers.score.{key}", lang), value, f"cust-{key}"))
    nbp = scores.get("nbp", {}).get("rows") or []
    if nbp:
        names = ", ".join(str(r.get("item_name") or r.get("item")) for r in sorted(nbp, key=lambda r: r.get("rank", 0)))
        method = nbp[0].get("method")
        if method not in (None, "model"):  # the model lost its backtest: say which method filled this
            names += " · " + used_method_text(method, lang)
        items.append(_fact(t("customers.score.nbp", lang), names, "cust-nbp"))
    if not items:
        return [html.P(t("customers.score.none", lang), className="text-muted small mb-0")]
    runs = ", ".join(f"{k} #{v['run_id']} ({v['as_of']})" for k, v in scores.items())
    return [
        html.Div(items, className="d-flex flex-wrap"),
        html.P(t("customers.score.runs", lang, runs=runs), className="small text-muted mb-0"),
    ]


def _edit_form(p: cu.Profile, channels: list[tuple[int, str]], lang: str) -> list:
    c = p.customer

    def row(field_name, control):
        return dbc.Row(
            [
                dbc.Label(t(f"customers.field.{field_name}", lang), width=4, html_for=control.id),
                dbc.Col(control, width=8),
            ],
            className="mb-2",
        )

    return [
        row("name", dbc.Input(id="cust-edit-name", value=c.get("name"))),
        row("email", dbc.Input(id="cust-edit-email", value=c.get("email"), type="email")),
        row("company", dbc.Input(id="cust-edit-company", value=c.get("company"))),
        row("city", dbc.Input(id="cust-edit-city", value=c.get("city"))),
        row(
            "preferred_channel_id",
            dcc.Dropdown(
                id="cust-edit-channel",
                options=[{"label": name, "value": cid} for cid, name in channels],
                value=c.get("preferred_channel_id"),
                clearable=False,
            ),
        ),
        row("email_opt_in", dbc.Switch(id="cust-edit-optin", value=bool(c.get("email_opt_in")))),
        dbc.Button(t("customers.save", lang), id="cust-save", color="primary", className="me-2"),
    ]


def _erase_form(lang: str) -> list:
    return [
        html.P(t("customers.erase.help", lang), className="small"),
        dbc.Input(id="cust-erase-reason", placeholder=t("customers.erase.reason", lang), className="mb-2"),
        dbc.Checkbox(id="cust-erase-confirm", label=t("customers.erase.confirm", lang), value=False, className="mb-2"),
        dbc.Button(t("customers.erase.button", lang), id="cust-erase", color="danger", outline=True),
    ]


def _history(log_, lang: str):
    if log_.empty:
        return html.P(t("customers.history.none", lang), className="small text-muted mb-0")
    rows = []
    for r in log_.itertuples():
        rows.append(
            {
                "when": r.changed_at.strftime("%Y-%m-%d %H:%M") if r.changed_at else "",
                "who": r.changed_by,
                "field": t("customers.erase.field", lang)
                if r.field == "erase"
                else t(f"customers.field.{r.field}", lang),
                "before": r.before,
                "after": r.after,
                "applied": r.applied_version or t("customers.history.pending", lang),
            }
        )
    cols = [
        {"field": "when", "headerName": t("customers.history.when", lang), "maxWidth": 160},
        {"field": "who", "headerName": t("customers.history.who", lang), "maxWidth": 130},
        {"field": "field", "headerName": t("customers.history.field", lang)},
        {"field": "before", "headerName": t("customers.history.before", lang)},
        {"field": "after", "headerName": t("customers.history.after", lang)},
        {"field": "applied", "headerName": t("customers.history.applied", lang), "minWidth": 200},
    ]
    return _grid("cust-history", rows, cols)


def profile_view(
    p: cu.Profile, history, lang: str, *, channels: list[tuple[int, str]] = (), can_edit=False, can_erase=False
) -> dbc.Row:
    """One customer's profile; ``history`` is their change log, ``channels`` the correction form's
    channel choices; the correction and erasure forms show for the roles that may use them."""
    c, k = p.customer, p.kpis
    badges = [
        dbc.Badge(c.get("customer_type"), color="secondary", className="me-1"),
        dbc.Badge(c.get("segment"), color="light", text_color="dark", className="me-1 border"),
    ]
    if p.erased:
        badges.append(dbc.Badge(t("customers.erased", lang), color="danger", className="me-1", id="cust-erased"))
    if p.pending:
        badges.append(dbc.Badge(t("customers.pending", lang), color="warning", text_color="dark", className="me-1"))
    header = html.Div(
        [
            html.H3([c.get("name"), html.Small(f"  #{c['customer_id']}", className="text-muted")], className="h4 mb-1", id="cust-name"),
            html.Div(badges, className="mb-2"),
            html.Div(
                [
                    _fact(t("customers.field.email", lang), c.get("email"), "cust-email"),
                    _fact(t("customers.field.company", lang), c.get("company")),
                    _fact(t("customers.col.country", lang), f"{c.get('city') or '–'}, {c.get('country')} ({labels.region_label(c.get('region'), lang) if c.get('region') else '–'})"),
                    _fact(t("customers.field.preferred_channel_id", lang), c.get("preferred_channel")),
                    _fact(t("customers.field.email_opt_in", lang), t("customers.yes", lang) if c.get("email_opt_in") else t("customers.no", lang), "cust-optin"),
                    _fact(t("customers.partner", lang), c.get("partner") or t("customers.direct", lang)),
                    _fact(t("customers.signup", lang), _date(c.get("signup_date"), lang)),
                    _fact(t("customers.acquired", lang), c.get("acquisition_channel")),
                ],
                className="d-flex flex-wrap",
            ),
        ]
    )  # fmt: skip
    cards = dbc.Row(
        [
            _card(t("customers.kpi.revenue", lang), fmt.money(k["revenue"], lang), t("customers.kpi.revenue_sub", lang), "cust-revenue"),
            _card(t("customers.kpi.orders", lang), fmt.number(k["orders"], lang), "", "cust-orders"),
            _card(t("customers.kpi.aov", lang), fmt.money(k["aov"], lang) if k["aov"] is not None else "–"),
            _card(t("customers.kpi.last_order", lang), _date(k["last_order"], lang) or "–", t("customers.kpi.first", lang, day=_date(k["first_order"], lang) or "–")),
            _card(t("customers.kpi.returned", lang), fmt.money(k["returned"], lang)),
        ]
    )  # fmt: skip
    segments = (
        [
            dcc.Link(dbc.Badge(f"{s['name']} · v{s['version']}", color="info", className="me-1"), href=f"/segments?id={s['segment_id']}")
            for s in p.segments
        ]
        if p.segments
        else [html.Span(t("customers.segments.none", lang), className="text-muted small")]
    )  # fmt: skip
    side = []
    if can_edit and not p.erased:
        side.append(
            dbc.Card(
                [dbc.CardHeader(t("customers.correct", lang)), dbc.CardBody(_edit_form(p, channels, lang))],
                className="shadow-sm mb-3",
            )
        )
    if can_erase and not p.erased:
        side.append(
            dbc.Card(
                [dbc.CardHeader(t("customers.erase", lang)), dbc.CardBody(_erase_form(lang))],
                className="shadow-sm mb-3 border-danger",
            )
        )
    main = [
        dbc.Card(dbc.CardBody(header), className="shadow-sm mb-3"),
        cards,
        dbc.Card([dbc.CardHeader(t("customers.scores", lang)), dbc.CardBody(_scores(p.scores, lang))], className="shadow-sm mb-3"),
        dbc.Card([dbc.CardHeader(t("customers.segments", lang)), dbc.CardBody(segments, id="cust-segments")], className="shadow-sm mb-3"),
        dbc.Card([dbc.CardHeader(t("customers.history", lang)), dbc.CardBody(_history(history, lang))], className="shadow-sm mb-3"),
    ]  # fmt: skip
    return dbc.Row([dbc.Col(main, lg=8 if side else 12), dbc.Col(side, lg=4) if side else None])


def timeline_view(line, lang: str) -> list | html.P:
    """The timeline as a chart of contacts by kind, their counts and a grid of every one."""
    if line.empty:
        return html.P(t("customers.timeline.empty", lang), className="text-muted small", id="cust-timeline-empty")
    fig = go.Figure()
    for kind, part in line.groupby("kind"):
        fig.add_trace(
            go.Scatter(
                x=part["ts"],
                y=[t(f"customers.kind.{kind}", lang)] * len(part),
                mode="markers",
                marker=dict(color=KIND_COLORS.get(kind, NEUTRAL), size=9, opacity=0.75),
                name=t(f"customers.kind.{kind}", lang),
                hovertext=[cu.timeline_detail(kind, d, lang) for d in part["detail"]],
                hoverinfo="x+text",
            )
        )
    fig.update_layout(**base_layout(margin=dict(l=110, r=10, t=10, b=30)), height=60 + 40 * line["kind"].nunique())
    rows = line.astype(object).where(line.notna(), None).to_dict(orient="records")
    for row in rows:
        row["when"] = row.pop("ts").strftime("%Y-%m-%d %H:%M") if row.get("ts") is not None else None
        row["what"] = t(f"customers.kind.{row['kind']}", lang)
        row["detail"] = cu.timeline_detail(row["kind"], row.get("detail"), lang)
        row["group"] = t(f"channel_group.{row['channel_group']}", lang) if row.get("channel_group") else None
    cols = [
        {"field": "when", "headerName": t("customers.timeline.when", lang), "maxWidth": 160, "pinned": "left", "sort": "desc"},
        {"field": "what", "headerName": t("customers.timeline.what", lang), "maxWidth": 140},
        {"field": "channel", "headerName": t("customers.timeline.channel", lang)},
        {"field": "group", "headerName": t("customers.timeline.group", lang), "maxWidth": 130},
        {"field": "partner", "headerName": t("customers.partner", lang)},
        {"field": "campaign", "headerName": t("customers.timeline.campaign", lang)},
        {"field": "detail", "headerName": t("customers.timeline.detail", lang), "minWidth": 260},
        column("amount", t("customers.timeline.amount", lang), "money", lang),
        {"field": "ref", "headerName": t("customers.timeline.ref", lang), "maxWidth": 130},
    ]  # fmt: skip
    counts = line["kind"].value_counts()
    summary = ", ".join(f"{t(f'customers.kind.{k}', lang)} {fmt.number(int(v), lang)}" for k, v in counts.items())
    return [
        dcc.Graph(figure=fig, config=graph_config("customer-timeline")),
        html.P(summary, className="small text-muted mb-1", id="cust-timeline-counts"),
        _grid("cust-timeline-grid", rows, cols, height=460),
    ]

"""The partner support page (/partners/support): the partner picker, three tabs (board, funds, deals)
and the board's views. Funds and deals draw in ``partner_support_funds`` and ``partner_support_deals``.

Everything a user wrote (titles, bodies, reasons, names) is shown as text: grid cells and Dash
children are never parsed as markup.
"""

from __future__ import annotations

import datetime as dt

import dash_bootstrap_components as dbc
import pandas as pd
from dash import dcc, html

from components.access import PARTNER_EDIT_ROLES, has_role
from components.grids import data_grid
from crm.partners.board import KINDS, Notice
from crm.partners.support_inputs import partner_names
from i18n import t

TABS = ("board", "funds", "deals")


def can_write() -> bool:
    """Whether the signed-in user may post, fund and decide (the callbacks check it again)."""
    return has_role(PARTNER_EDIT_ROLES)


def json_value(value):
    """A value a grid row can carry: dates as ISO text, missing values (None, NaN, NaT, NA) as None."""
    if value is None or (not isinstance(value, list | str) and bool(pd.isna(value))):
        return None
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, dt.date):
        return value.isoformat()
    if hasattr(value, "item"):  # numpy scalars
        return value.item()
    return value


def rows_of(frame, columns) -> list[dict]:
    """Grid rows of ``frame``'s ``columns``."""
    return [
        {c: json_value(v) for c, v in zip(columns, values, strict=True)} for values in frame[columns].itertuples(False)
    ]


def pick_grid(grid_id: str, rows: list[dict], columns: list[dict], key: str, **extra):
    """A grid whose rows are picked one at a time by clicking (``selectedRows`` feeds the actions)."""
    selection = {"mode": "singleRow", "checkboxes": False, "enableClickSelection": True}
    return data_grid(grid_id, rows, columns, options={"rowSelection": selection},
                     getRowId=f"String(params.data.{key})", **extra)  # fmt: skip


def named(frame, partners: dict[int, str], lang: str):
    """``frame`` with its partner's name and its status in words (for a grid)."""
    return frame.assign(
        partner=[partners.get(int(p), f"#{p}") for p in frame["partner_id"]],
        status_text=[t(f"partners.support.status.{s}", lang, default=s) for s in frame["status"]],
    )


def partner_label(partner_id, partners: dict[int, str], lang: str) -> str:
    if partner_id is None or pd.isna(partner_id):
        return t("partners.support.all_partners", lang)
    return partners.get(int(partner_id), f"#{int(partner_id)}")


def field(label: str, control, width: int = 6) -> dbc.Col:
    return dbc.Col([dbc.Label(label, html_for=control.id, className="small mb-0"), control], md=width, className="mb-2")


def ok(text: str, id_: str) -> dbc.Alert:
    return dbc.Alert(text, color="success", id=id_, className="mb-2", duration=8000)


def read_only_note(lang: str, writable: bool):
    return None if writable else dbc.Alert(t("partners.support.read_only", lang), color="info", id="ps-read-only")


def card(title: str, body, id_: str | None = None) -> dbc.Card:
    return dbc.Card(
        [dbc.CardHeader(title), dbc.CardBody(body)], className="shadow-sm mb-3", **({"id": id_} if id_ else {})
    )


# ------------------------------------------------------------------ the page


def support_page(query: dict, lang: str) -> html.Div:
    """Picker and tabs; the tab and partner come from the URL (``?tab=deals&partner=5``)."""
    from components.partner_support_deals import deals_tab
    from components.partner_support_funds import funds_tab

    partners = partner_names()
    chosen = _chosen_partner(query.get("partner"), partners)
    tab = query.get("tab") if query.get("tab") in TABS else TABS[0]
    writable = can_write()
    options = [{"label": t("partners.support.all_partners", lang), "value": "all"}] + [
        {"label": f"{name} (#{pid})", "value": str(pid)} for pid, name in partners.items()
    ]
    tabs = dbc.Tabs(
        [
            dbc.Tab(board_tab(lang, writable), label=t("partners.support.tab.board", lang), tab_id="board"),
            dbc.Tab(funds_tab(lang, writable), label=t("partners.support.tab.funds", lang), tab_id="funds"),
            dbc.Tab(deals_tab(lang, writable), label=t("partners.support.tab.deals", lang), tab_id="deals"),
        ],
        id="ps-tabs",
        active_tab=tab,
        className="mb-3",
    )
    return html.Div(
        [
            dcc.Location(id="ps-url", refresh=False),
            html.Div(
                [
                    html.H2(t("partners.support.title", lang), className="h4 mb-0 me-3"),
                    html.Span(t("partners.support.intro", lang), className="text-muted small"),
                ],
                className="d-flex align-items-baseline flex-wrap mb-3",
            ),
            dbc.Row(
                [
                    dbc.Col(dbc.Label(t("partners.support.partner", lang), html_for="ps-partner"), width="auto"),
                    dbc.Col(dcc.Dropdown(id="ps-partner", options=options, value=chosen, clearable=False), md=5),
                ],
                className="align-items-center mb-3",
            ),
            None if partners else dbc.Alert(t("partners.support.no_partners", lang), color="info", id="ps-no-partners"),
            read_only_note(lang, writable),
            tabs,
        ],
        className="p-3",
    )


def _chosen_partner(value, partners: dict[int, str]) -> str:
    """The picker's value from the URL: a partner in scope, else all partners."""
    try:
        pid = int(str(value))
    except (TypeError, ValueError):
        return "all"
    return str(pid) if pid in partners else "all"


def picked(value) -> int | None:
    """The picker's value as a partner id (None: all partners)."""
    return None if value in (None, "", "all") else int(value)


def url_search(partner, tab) -> str:
    """The query string that reopens the page on this partner and tab."""
    parts = [f"tab={tab}"] if tab in TABS else []
    if picked(partner) is not None:
        parts.append(f"partner={picked(partner)}")
    return "?" + "&".join(parts) if parts else ""


# ------------------------------------------------------------------ board


def board_tab(lang: str, writable: bool) -> html.Div:
    form = card(
        t("partners.support.board.new", lang),
        [
            dbc.Row(
                [
                    field(
                        t("partners.support.field.kind", lang),
                        dbc.RadioItems(
                            id="ps-board-kind",
                            options=[{"label": t(f"partners.support.kind.{k}", lang), "value": k} for k in KINDS],
                            value=KINDS[0],
                            inline=True,
                        ),
                        12,
                    ),
                    field(t("partners.support.field.title", lang), dbc.Input(id="ps-board-title", maxLength=200), 12),
                    field(
                        t("partners.support.field.body", lang),
                        dbc.Textarea(id="ps-board-body", maxLength=5000, rows=3),
                        12,
                    ),
                ]
            ),
            html.Div(t("partners.support.board.to_picked", lang), className="small text-muted mb-2"),
            dbc.Button(t("partners.support.board.post", lang), id="ps-board-post", color="primary"),
        ],
    )
    return html.Div(
        [
            dcc.Store(id="ps-board-changed", data=0),
            dcc.Store(id="ps-board-selected"),
            html.Div(id="ps-board-message"),
            form if writable else None,
            card(t("partners.support.board.list", lang), dcc.Loading(html.Div(id="ps-board-list"), delay_show=300)),
            card(
                t("partners.support.board.detail", lang),
                [
                    html.Div(t("partners.support.board.pick", lang), id="ps-board-detail", className="mb-2"),
                    dbc.Button(
                        t("partners.support.board.mark_read", lang),
                        id="ps-board-read",
                        color="secondary",
                        className="me-2",
                        disabled=True,
                    ),  # fmt: skip
                    dbc.Button(
                        t("partners.support.board.mark_done", lang),
                        id="ps-board-done",
                        color="success",
                        disabled=True,
                        style=None if writable else {"display": "none"},
                    ),  # fmt: skip
                ],
            ),
        ]
    )


def board_list(notices: list[Notice], unread: dict, partners: dict[int, str], lang: str) -> html.Div:
    """The visible notices, newest first, with the reader's unread count."""
    rows = [
        {
            "notice_id": n.notice_id,
            "to": partner_label(n.partner_id, partners, lang),
            "kind": t(f"partners.support.kind.{n.kind}", lang, default=n.kind),
            "title": n.title,
            "created_by": n.created_by,
            "created_at": json_value(n.created_at),
            "read": t("partners.support.board.read_yes", lang)
            if n.read_at
            else t("partners.support.board.unread", lang),
            "done": f"{n.done_by} · {json_value(n.done_at)}" if n.done else "",
        }
        for n in notices
    ]
    headers = ("notice_id", "to", "kind", "title", "created_by", "created_at", "read", "done")
    columns = [{"field": h, "headerName": t(f"partners.support.board.col.{h}", lang)} for h in headers]
    columns[0] |= {"maxWidth": 90}
    columns[3] |= {"flex": 3}
    total = sum(unread.values())
    return html.Div(
        [
            html.Div(
                t("partners.support.board.unread_count", lang, count=total), id="ps-board-unread", className="mb-2"
            ),
            pick_grid("ps-board-grid", rows, columns, "notice_id")
            if rows
            else html.Div(t("partners.support.board.empty", lang), id="ps-board-empty", className="text-muted"),
        ]
    )


def notice_detail(notice: Notice, partners: dict[int, str], lang: str) -> html.Div:
    """One notice in full: its body as text, who posted it and who marked it done."""
    done = (
        t("partners.support.board.done_by", lang, user=notice.done_by, when=json_value(notice.done_at))
        if notice.done
        else t("partners.support.board.open", lang)
    )
    return html.Div(
        [
            html.H5(notice.title, id="ps-notice-title"),
            html.Div(
                t(
                    "partners.support.board.posted",
                    lang,
                    user=notice.created_by,
                    when=json_value(notice.created_at),
                    to=partner_label(notice.partner_id, partners, lang),
                ),  # fmt: skip
                className="small text-muted mb-2",
            ),
            html.P(notice.body, id="ps-notice-body", style={"whiteSpace": "pre-wrap"}),
            html.Div(done, className="small", id="ps-notice-done"),
        ]
    )

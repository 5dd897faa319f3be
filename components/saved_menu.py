"""The top bar's Saved menu: save the open Dashboard, Explore or Analyses view by name (private or
shared with roles) and open, copy, rename or delete saved views. A side panel, filled by
``callbacks/saved_views.py``; the address saved is the browser's (read when the panel opens), so
whatever the page wrote into it (Explore's in-place steps included) is what is kept."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import dcc, html

from auth import ROLES
from crm.saved_views import PAGES, SavedView, SavedViewError, normalise_address
from i18n import t


def saved_button(lang: str) -> dbc.Button:
    return dbc.Button(["★ ", t("saved.menu", lang)], id="saved-open", color="link", size="sm",
                      className="text-white-50 text-decoration-none me-2 nav-link")  # fmt: skip


def saved_panel(lang: str) -> dbc.Offcanvas:
    return dbc.Offcanvas(
        [
            dcc.Store(id="saved-here"),
            form(lang),
            html.Div(dbc.Alert(t("saved.cannot_here", lang), color="light", className="small"), id="saved-cannot",
                     hidden=True),
            html.Div(id="saved-message", role="status"),
            html.Div(id="saved-list"),
        ],
        id="saved-panel",
        title=t("saved.title", lang),
        placement="end",
        is_open=False,
        style={"width": "440px"},
    )  # fmt: skip


def form(lang: str) -> html.Div:
    """The "save this view" form (shown while the open page is one whose view can be saved)."""
    return html.Div(
        [
            html.H6(t("saved.save_here", lang)),
            html.Div(id="saved-page", className="small text-muted mb-1"),
            dbc.Label(t("saved.name", lang), html_for="saved-name", className="small mb-0"),
            dbc.Input(id="saved-name", placeholder=t("saved.name_placeholder", lang), maxLength=128, size="sm"),
            dbc.Label(t("saved.share_with", lang), className="small mt-2 mb-0"),
            dbc.Checklist(
                id="saved-roles",
                options=[{"label": t(f"role.{r}", lang), "value": r} for r in ROLES],
                value=[],
                inline=True,
                className="small",
            ),
            dbc.Button(t("saved.save", lang), id="saved-save", color="primary", size="sm", className="mt-2"),
        ],
        id="saved-form",
        hidden=True,
        className="mb-3 pb-3 border-bottom",
    )


def page_of(here: str | None, lang: str) -> str | None:
    """The name of the open page when its view can be saved, else None."""
    try:
        path, _ = normalise_address(here or "")
    except SavedViewError:
        return None
    return t("saved.of_page", lang, page=t(PAGES[path], lang))


def _item(view: SavedView, username: str, role: str, lang: str, base_url: str) -> html.Li:
    vid = view.view_id
    sharing = (t("saved.shared_with", lang, roles=", ".join(t(f"role.{r}", lang) for r in view.roles))
               if view.roles else t("saved.private", lang))  # fmt: skip
    about = [t(PAGES.get(view.path, "nav.home"), lang), sharing]
    if view.owner != username:
        about.append(t("saved.by", lang, owner=view.owner))
    parts = [
        html.Div(
            [
                html.A(view.name, href=view.address, className="fw-semibold saved-open-view", id=f"saved-view-{vid}"),
                dcc.Clipboard(content=base_url + view.address, title=t("saved.copy", lang), id=f"saved-copy-{vid}",
                              className="ms-2 d-inline-block saved-copy", style={"cursor": "pointer"}),
                html.A(t("notify.subscribe", lang), href=f"/notifications?subscribe={vid}",
                       id=f"saved-subscribe-{vid}", className="ms-auto small saved-subscribe"),
            ],
            className="d-flex align-items-center",
        ),
        html.Div(" · ".join(about), className="small text-muted"),
    ]  # fmt: skip
    if view.manageable_by(username, role):
        parts.append(
            html.Details(
                [
                    html.Summary(t("saved.edit", lang), className="small text-muted"),
                    dbc.InputGroup(
                        [
                            dbc.Input(value=view.name, id={"type": "saved-rename-name", "id": vid}, maxLength=128),
                            dbc.Button(t("saved.rename", lang), id={"type": "saved-rename", "id": vid},
                                       color="secondary", outline=True),
                        ],
                        size="sm",
                        className="mt-1",
                    ),
                    dcc.ConfirmDialogProvider(
                        dbc.Button(t("saved.delete", lang), color="danger", outline=True, size="sm", className="mt-1"),
                        id={"type": "saved-delete", "id": vid},
                        message=t("saved.delete_confirm", lang, name=view.name),
                    ),
                ],
                className="mt-1",
            )
        )  # fmt: skip
    return html.Li(parts, className="list-group-item px-0", id=f"saved-item-{vid}")


def view_list(views: list[SavedView], username: str, role: str, lang: str, base_url: str) -> html.Div:
    """The user's own views, then those shared with them."""
    mine = [v for v in views if v.owner == username]
    shared = [v for v in views if v.owner != username]
    sections = []
    for key, items, empty, list_id in (
        ("saved.mine", mine, "saved.none_mine", "saved-mine"),
        ("saved.shared", shared, "saved.none_shared", "saved-shared"),
    ):
        body = (
            html.Ul([_item(v, username, role, lang, base_url) for v in items], className="list-group list-group-flush")
            if items
            else html.Div(t(empty, lang), className="small text-muted")
        )
        sections.append(html.Div([html.H6(t(key, lang), className="mt-2"), body], id=list_id))
    return html.Div(sections)


def message(text: str, ok: bool) -> dbc.Alert:
    return dbc.Alert(text, color="success" if ok else "warning", className="small py-2", id="saved-note",
                     dismissable=True)  # fmt: skip

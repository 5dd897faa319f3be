"""The frame around every page: navigation for the user's role, user menu, language switch."""

from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
import flask
from dash import dcc, html
from flask_login import current_user

from auth import csrf
from components.notify_view import bell, unread_label
from components.routing import page_container
from components.saved_menu import saved_button, saved_panel
from components.search_box import search_box
from data.warehouse import WarehouseUnavailable, get_warehouse
from i18n import LANGUAGES, current_language, t
from jobs import deliver
from olap import flow


def nav_pages(role: str) -> list[dict]:
    """Registered pages shown in the navigation for ``role``, in their order."""
    pages = [p for p in dash.page_registry.values() if p.get("nav") and role in p.get("roles", ())]
    return sorted(pages, key=lambda p: (p.get("order", 99), p["path"]))


def nav_links(pages: list[dict], lang: str) -> list:
    """One link per page; pages registered with a ``nav_group`` share one dropdown (the studio's
    tools under "Mining"), placed where the group's first page comes."""
    links, groups = [], {}
    for p in pages:
        page_id = f"nav-{p['module'].split('.')[-1]}"
        group = p.get("nav_group")
        if not group:
            links.append(dbc.NavItem(dbc.NavLink(t(p["label_key"], lang), href=p["path"], active="exact", id=page_id)))
            continue
        if group not in groups:
            groups[group] = dbc.DropdownMenu(
                [], label=t(f"nav.group.{group}", lang), nav=True, in_navbar=True, id=f"nav-group-{group}"
            )
            links.append(groups[group])
        groups[group].children.append(dbc.DropdownMenuItem(t(p["label_key"], lang), href=p["path"], id=page_id))
    return links


def flow_links(remembered, pathname) -> list:
    """The hrefs of the pages sharing the period and filter bar (``olap.flow.PAGES``), carrying the
    remembered state, then whether each is the page shown."""
    return [*flow.nav_hrefs(remembered), *[path == (pathname or "/") for path in flow.PAGES]]


def user_menu(lang: str) -> dbc.DropdownMenu:
    role_label = t(f"role.{current_user.role}", lang)
    items = [
        dbc.DropdownMenuItem(f"{current_user.display_name} · {role_label}", header=True),
        dbc.DropdownMenuItem(divider=True),
        dbc.DropdownMenuItem(t("menu.language", lang), header=True),
    ]
    items += [
        dbc.DropdownMenuItem(
            ("✓ " if code == lang else "") + name, href=f"/lang/{code}", external_link=True, id=f"lang-{code}"
        )
        for code, name in LANGUAGES.items()
    ]
    items += [
        dbc.DropdownMenuItem(divider=True),
        dbc.DropdownMenuItem(t("nav.glossary", lang), href="/glossary", id="nav-glossary"),
        dbc.DropdownMenuItem(divider=True),
        html.Form(  # a POST with the session's token: a link elsewhere cannot sign anyone out
            [
                dcc.Input(type="hidden", name=csrf.FIELD, value=csrf.token()),
                html.Button(t("menu.logout", lang), type="submit", className="dropdown-item", id="logout-link"),
            ],
            method="POST",
            action="/logout",
            className="m-0",
        ),
    ]
    return dbc.DropdownMenu(
        items,
        label=current_user.display_name,
        id="user-menu",
        align_end=True,
        nav=True,
        in_navbar=True,
    )


def scope_notice(lang: str):
    """A partner manager sees their partners' business only: a line saying so; with no partner
    assigned, there is none to see: say so, and who can help."""
    from olap.scope import partner_scope

    scope = partner_scope()
    if scope is None:
        return None
    if scope:  # every figure below is restricted: say it once, quietly
        return html.Div(t("partners.scope.some", lang, count=len(scope)), className="small text-muted mb-2",
                        id="partner-scope-some")  # fmt: skip
    return dbc.Alert(t("partners.scope.none", lang), color="info", id="partner-scope-none", className="mb-3")


def layout() -> html.Div:
    """The app layout, built per request so navigation follows the signed-in role."""
    lang = current_language()
    if not current_user.is_authenticated:  # the guard redirects first; this is belt and braces
        return html.Div(dcc.Location(id="to-login", href="/login", refresh=True))
    deliver.start_background(flask.request.host_url)  # subscriptions go out from the first page on
    links = nav_links(nav_pages(current_user.role), lang)
    navbar = dbc.Navbar(
        dbc.Container(
            [
                dbc.NavbarBrand(
                    [
                        html.Span("XRM", className="fw-bold"),
                        html.Small(t("app.tagline", lang), className="ms-2 text-white-50 d-none d-md-inline"),
                    ],
                    href="/",
                ),
                dbc.Nav(links, navbar=True, className="me-auto"),
                search_box(lang),
                saved_button(lang),
                bell(lang, unread_label(current_user.username)),
                dbc.Nav([user_menu(lang)], navbar=True),
            ],
            fluid=True,
        ),
        color="dark",
        dark=True,
        className="mb-3",
    )
    return html.Div(
        [
            dcc.Store(id="flow-memory", storage_type="session"),  # the shared filter, for this tab (olap.flow)
            dcc.Interval(id="notify-tick", interval=60_000),  # the bell's unread count, once a minute
            navbar,
            saved_panel(lang),
            warehouse_notice(lang),
            dbc.Container([scope_notice(lang), page_container()], fluid=True, className="pb-5"),
        ],
        lang=lang,
    )


def warehouse_notice(lang: str):
    """A warning on every page while the current warehouse version is unreadable and an older one answers."""
    try:
        warehouse = get_warehouse()
        warehouse.cursor()  # opening finds a damaged version
    except WarehouseUnavailable:
        return None  # the pages show the designed warehouse error
    fallback = warehouse.fallback
    if fallback is None:
        return None
    return dbc.Alert(
        [
            html.Strong(t("ops.fallback.title", lang)),
            html.Div(
                t("ops.fallback.body", lang, bad=fallback.bad.stem, used=fallback.used.stem, reason=fallback.reason),
                className="small",
            ),
        ],
        color="warning",
        id="warehouse-fallback",
        className="mx-3",
    )

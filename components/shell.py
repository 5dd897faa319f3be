"""The frame around every page: navigation for the user's role, user menu, language switch."""

from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
from dash import dcc, html
from flask_login import current_user

from i18n import LANGUAGES, current_language, t


def nav_pages(role: str) -> list[dict]:
    """Registered pages shown in the navigation for ``role``, in their order."""
    pages = [p for p in dash.page_registry.values() if p.get("nav") and role in p.get("roles", ())]
    return sorted(pages, key=lambda p: (p.get("order", 99), p["path"]))


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
        dbc.DropdownMenuItem(t("menu.logout", lang), href="/logout", external_link=True, id="logout-link"),
    ]
    return dbc.DropdownMenu(
        items,
        label=current_user.display_name,
        id="user-menu",
        align_end=True,
        nav=True,
        in_navbar=True,
    )


def layout() -> html.Div:
    """The app layout, built per request so navigation follows the signed-in role."""
    lang = current_language()
    if not current_user.is_authenticated:  # the guard redirects first; this is belt and braces
        return html.Div(dcc.Location(id="to-login", href="/login", refresh=True))
    links = [
        dbc.NavItem(
            dbc.NavLink(t(p["label_key"], lang), href=p["path"], active="exact", id=f"nav-{p['module'].split('.')[-1]}")
        )
        for p in nav_pages(current_user.role)
    ]
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
            navbar,
            dbc.Container(dash.page_container, fluid=True, className="pb-5"),
        ],
        lang=lang,
    )

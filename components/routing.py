"""The page container with the page already in it: one round trip fewer on every page opened.

Dash's pages router fills ``dash.page_container`` by a callback: the browser asks for the app's layout,
draws the empty frame, its ``dcc.Location`` reports the address, and only then is the page's layout asked
for. Every opened page (a link, a reload, a shared address) waited for two round trips in a row before
anything of the page could be drawn (issue 15, first paint).

The browser sends the page's own address with the layout request (``assets/address.js``: each tab its
own, nothing shared between tabs). ``page_container`` builds the page of that address into the container
and gives the ``dcc.Location`` the address's path and query, so the location has nothing to report and the
router callback does not run: the page arrives with the frame. Navigation inside the app, back and
forward still go through Dash's router, which this changes nothing of. A page whose layout is slow keeps
the frame waiting as long (the placeholder is styled as the frame with a spinner, ``assets/xrm.css``).

Whenever the address is not known for sure (not sent, not a path of this app, a path template, a page
whose layout fails), the container is Dash's own, empty: the router fills it as before, and shows its
errors the way it always has.
"""

from __future__ import annotations

import logging
from urllib.parse import parse_qs, urlsplit

import dash
import flask
from dash import dcc, html

log = logging.getLogger(__name__)

# The ids Dash's pages router expects (``dash.page_container``'s own children).
LOCATION, CONTENT, STORE, DUMMY = "_pages_location", "_pages_content", "_pages_store", "_pages_dummy"


def page_container():
    """``dash.page_container``, with the page of the request's address built in when it can be."""
    try:
        built = _built_page()
    except Exception:  # noqa: BLE001 — the router builds the page again and reports its error
        log.exception("building the page into the layout failed; the router builds it")
        built = None
    if built is None:
        return dash.page_container
    address, content, title = built
    return html.Div(
        [
            # href and hash left to the browser: reporting them runs no callback
            dcc.Location(
                id=LOCATION,
                refresh="callback-nav",
                pathname=address.path,
                search=f"?{address.query}" if address.query else "",
            ),
            html.Div(content, id=CONTENT, disable_n_clicks=True),
            dcc.Store(id=STORE, data={"title": title}),
            html.Div(id=DUMMY, disable_n_clicks=True),
        ]
    )


def page_address():
    """The path and query (``urlsplit``) the page asking for its layout sent (``assets/address.js``), or
    None when it sent none, or something that is not a path of this site."""
    sent = flask.request.args.get("xrm_at", "")
    if not sent.startswith("/") or sent.startswith("//") or "\\" in sent:
        return None
    address = urlsplit(sent)
    if address.scheme or address.netloc:
        return None
    return address


def registered_page(path: str):
    """The registered page of ``path`` (the 404 page for no page), or None for a path template's address:
    those stay with the router."""
    app = dash.get_app()
    path_id = app.strip_relative_path(path) or ""
    if any(page.get("path_template") for page in dash.page_registry.values()):
        return None
    for page in dash.page_registry.values():
        if page["path"].strip("/") == path_id:
            return page
    return next((page for module, page in dash.page_registry.items() if module.split(".")[-1] == "not_found_404"), None)


def query_arguments(query: str) -> dict:
    """The layout's keyword arguments from a query string, as Dash's router passes them: one value
    as itself, a repeated name as the list of its values."""
    return {k: v[0] if len(v) == 1 else v for k, v in parse_qs(query, keep_blank_values=True).items()}


def _built_page():
    address = page_address()
    if address is None or address.path.startswith(("/_dash", "/assets/")):
        return None
    page = registered_page(address.path)
    if page is None:
        return None
    layout = page.get("layout", "")
    content = layout(**query_arguments(address.query)) if callable(layout) else layout
    title = page["title"]
    title = title() if callable(title) else title
    return address, content, title

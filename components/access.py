"""Server-side role checks for pages and callbacks."""

from __future__ import annotations

import functools

import dash_bootstrap_components as dbc
from dash import html
from flask import abort
from flask_login import current_user

from auth import ROLES
from i18n import current_language, t

ALL_ROLES = ROLES
SEGMENT_ROLES = ("marketer", "analyst", "admin")  # who builds and saves customer segments
EXPORT_ROLES = ("analyst", "admin")  # who may download data (Explore exports)
CAMPAIGN_ROLES = ("executive", "marketer", "analyst", "admin")  # who reads campaign results
CUSTOMER_EDIT_ROLES = ("marketer", "admin")  # who corrects a customer's data
ERASE_ROLES = ("admin",)  # who erases a customer on request
PARTNER_ROLES = ("partner_manager", "executive", "analyst", "admin")  # who reads the partner pages
PARTNER_EDIT_ROLES = ("partner_manager", "admin")  # who changes weights, posts, funds and deals


def has_role(roles) -> bool:
    return bool(current_user and current_user.is_authenticated and current_user.role in roles)


def forbidden() -> html.Div:
    """What a page shows a signed-in user whose role it is not for."""
    lang = current_language()
    return html.Div(
        dbc.Alert(
            [
                html.H4(t("access.denied.title", lang)),
                html.P(t("access.denied.body", lang)),
                dbc.Button(t("nav.home", lang), href="/", color="primary"),
            ],
            color="warning",
            id="access-denied",
        ),
        className="p-4",
    )


def page_for(*roles):
    """Decorate a page's ``layout(**query)`` so only ``roles`` get it, checked on the server."""

    def decorate(layout):
        @functools.wraps(layout)
        def guarded(**query):
            if not has_role(roles):
                return forbidden()
            return layout(**query)

        guarded.roles = roles
        return guarded

    return decorate


def callback_for(*roles):
    """Decorate a callback so any other role gets 403 from the server, whatever the client sends."""

    def decorate(func):
        @functools.wraps(func)
        def guarded(*args, **kwargs):
            if not has_role(roles):
                abort(403)
            return func(*args, **kwargs)

        guarded.roles = roles
        return guarded

    return decorate


# Background callbacks run in a worker process, outside the request: there is no signed-in
# user to ask. Their roles are therefore checked in the web process, on the request that
# starts (or polls, or cancels) the job, before Dash sees it: see ``guard_background``.
BACKGROUND_ROLES: dict[str, tuple[str, ...]] = {}


def background_for(*roles):
    """Mark a background callback as allowed for ``roles`` (checked by ``guard_background``)."""

    def decorate(func):
        func.roles = roles
        func.background_roles = roles
        return func

    return decorate


def register_background_roles(callback_map: dict) -> None:
    """Record the roles of every background callback, by its output, from Dash's callback map."""
    for output, spec in callback_map.items():
        func = spec.get("callback")
        while func is not None and not hasattr(func, "background_roles"):
            func = getattr(func, "__wrapped__", None)
        if func is not None:
            BACKGROUND_ROLES[output] = func.background_roles


def guard_background(request) -> bool:
    """False when the request is for a background callback the signed-in role may not run."""
    if request.path != "/_dash-update-component" or not BACKGROUND_ROLES:
        return True
    body = request.get_json(silent=True) or {}
    roles = BACKGROUND_ROLES.get(body.get("output"))
    return roles is None or has_role(roles)


def user_token() -> str:
    """The signed-in user's name, signed with the app's secret: a background job (which has no
    request) learns who started it from this, and a tampered token is rejected."""
    from itsdangerous import URLSafeSerializer

    import settings

    return URLSafeSerializer(settings.secret_key(), salt="xrm-user").dumps(current_user.username)


def user_from_token(token: str | None) -> str:
    """The user name in a ``user_token``; ``ValueError`` when it was not signed by this app."""
    from itsdangerous import BadSignature, URLSafeSerializer

    import settings

    try:
        return str(URLSafeSerializer(settings.secret_key(), salt="xrm-user").loads(token or ""))
    except BadSignature:
        raise ValueError("not a token of this app") from None

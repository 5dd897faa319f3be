"""CSRF tokens: every state-changing request carries the session's token or is refused.

A token is made per session (a new one at sign-in, since the session is cleared then) and sent
to the browser in the ``_csrf_token`` cookie, which Dash's renderer reads and returns in the
``X-CSRFToken`` header of every callback request; forms carry it as the ``csrf_token`` field (the
login form, the sign-out form). A POST, PUT, PATCH or DELETE whose header or field does not match
the session's token is refused (403) before any route or callback runs. Another site can make a
browser send the cookie, but cannot read it, so it cannot send the token. Session cookies are
also ``SameSite=Lax``: this is the second lock on the same door.
"""

from __future__ import annotations

import hmac
import secrets

from flask import Flask, jsonify, request, session
from flask_login import current_user

SESSION_KEY = "csrf"
COOKIE = "_csrf_token"  # the name dash-renderer reads (its csrf_token_name default)
HEADER = "X-CSRFToken"  # the header dash-renderer sends (csrf_header_name)
FIELD = "csrf_token"  # the form field
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
FORM_ROUTES = frozenset({"/login", "/logout"})  # answer a bad token with their own page, not JSON


def token() -> str:
    """The session's token (made on first use)."""
    value = session.get(SESSION_KEY)
    if not value:
        value = session[SESSION_KEY] = secrets.token_urlsafe(32)
    return value


def request_is_valid() -> bool:
    """The request carries the session's token (header, or form field of a form post)."""
    expected = session.get(SESSION_KEY)
    if not expected:
        return False
    given = request.headers.get(HEADER, "")
    if not given and request.mimetype in ("application/x-www-form-urlencoded", "multipart/form-data"):
        given = request.form.get(FIELD, "")
    return bool(given) and hmac.compare_digest(given, expected)


def install(server: Flask) -> None:
    """Refuse state-changing requests without the token; hand the token to the browser."""

    @server.before_request
    def require_token():
        if request.method in SAFE_METHODS or request.path in FORM_ROUTES or request_is_valid():
            return None
        return jsonify(error="missing or wrong CSRF token: reload the page and try again"), 403

    @server.after_request
    def hand_out_token(response):
        if SESSION_KEY in session or request.path in FORM_ROUTES or current_user.is_authenticated:
            response.set_cookie(COOKIE, token(), samesite="Strict", httponly=False, path="/")
        return response

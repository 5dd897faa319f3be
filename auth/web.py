"""Flask side of auth: login form, logout, language switch and the guard on every route."""

from __future__ import annotations

import logging
import time
from urllib.parse import quote, urlparse

from flask import Flask, g, jsonify, redirect, render_template_string, request, session
from flask_login import LoginManager, current_user, login_user, logout_user

import settings
from auth import csrf, users
from data import opstore
from i18n import LANGUAGES, current_language, t

LANG_COOKIE = "xrm_lang"

log = logging.getLogger(__name__)

# Reachable without a session: the login form, its stylesheet and the favicon.
# what an anonymous request may reach: these exact paths, and the static files under /assets/
PUBLIC_PATHS = frozenset({"/login", "/logout", "/_favicon.ico", "/favicon.ico", "/healthz"})
PUBLIC_PREFIX = "/assets/"
# Dash renders with inline bootstrap scripts and AG Grid formatters compiled from text, so scripts
# need 'unsafe-inline' and 'unsafe-eval'; everything else is this origin only, and no page may be framed.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self' 'unsafe-inline' 'unsafe-eval'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data: blob:",
        "font-src 'self' data:",
        "connect-src 'self'",
        "worker-src 'self' blob:",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)
CALLBACK_MAX_BYTES = 2 * 1024**2  # the largest request body of a user who uploads nothing
SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
}

LOGIN_TEMPLATE = """<!doctype html>
<html lang="{{ lang }}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ t('login.title', lang) }} · XRM</title>
<link rel="stylesheet" href="/assets/00-bootstrap.min.css">
<link rel="stylesheet" href="/assets/xrm.css">
</head><body class="login-body">
<main class="login-card card shadow-sm">
  <div class="card-body p-4">
    <h1 class="h4 mb-1">XRM</h1>
    <p class="text-muted mb-4">{{ t('login.subtitle', lang) }}</p>
    {% if message %}<div class="alert alert-{{ level }}" role="alert" id="login-message">{{ message }}</div>{% endif %}
    {% if signing_out %}
    <form method="post" action="/logout">
      <input type="hidden" name="csrf_token" value="{{ csrf_token }}">
      <p>{{ t('logout.confirm', lang) }}</p>
      <button class="btn btn-primary w-100" type="submit" id="logout-submit">{{ t('menu.logout', lang) }}</button>
    </form>
    {% else %}
    <form method="post" action="/login{% if next_url %}?next={{ next_url|urlencode }}{% endif %}">
      <input type="hidden" name="csrf_token" value="{{ csrf_token }}">
      <div class="mb-3">
        <label class="form-label" for="username">{{ t('login.username', lang) }}</label>
        <input class="form-control" id="username" name="username" autocomplete="username"
               value="{{ username }}" required autofocus>
      </div>
      <div class="mb-3">
        <label class="form-label" for="password">{{ t('login.password', lang) }}</label>
        <input class="form-control" id="password" name="password" type="password"
               autocomplete="current-password" required>
      </div>
      <button class="btn btn-primary w-100" type="submit" id="login-submit">{{ t('login.submit', lang) }}</button>
    </form>
    {% endif %}
    <div class="mt-3 small text-center">
      {% for code, name in languages.items() %}
        <a class="mx-1 {% if code == lang %}fw-bold{% endif %}" href="/login?lang={{ code }}{% if next_url %}&next={{ next_url|urlencode }}{% endif %}">{{ name }}</a>
      {% endfor %}
    </div>
  </div>
</main></body></html>"""


def _safe_next(target: str | None) -> str:
    """Only local paths are followed after login (no open redirect)."""
    if not target:
        return "/"
    parsed = urlparse(target)
    if parsed.scheme or parsed.netloc or not target.startswith("/") or target.startswith("//"):
        return "/"
    return target


def _is_public(path: str) -> bool:
    """Exactly the login, logout and favicon paths and the static assets (``/loginX`` is not public)."""
    return path in PUBLIC_PATHS or path.startswith(PUBLIC_PREFIX)


def init_auth(server: Flask) -> LoginManager:
    """Install flask-login, the login/logout/language routes and the before-request guard."""
    manager = LoginManager(server)
    manager.session_protection = "strong"

    @manager.user_loader
    def load_user(user_id: str):
        return users.user_of_session(user_id)  # None once that session was ended

    @server.after_request
    def security_headers(response):
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        return response

    @server.route("/favicon.ico")
    def favicon():  # browsers ask for it at the root; Dash serves it at /_favicon.ico
        return redirect("/_favicon.ico", code=301)

    @server.before_request
    def require_login():
        if current_user.is_authenticated and _expired():
            logout_user()
            session.clear()
        if current_user.is_authenticated:
            limit = _body_limit()
            request.max_content_length = limit  # also caps a body sent without a length
            if (request.content_length or 0) > limit:
                return jsonify(error=f"request too large (at most {limit:,} bytes)"), 413
            _set_scope()
            from components.access import guard_background

            return None if guard_background(request) else (jsonify(error="not allowed for your role"), 403)
        if _is_public(request.path):
            return None
        # Dash's own endpoints get a plain 401: a redirect would be parsed as a layout.
        if request.path.startswith("/_") or request.method != "GET":
            return jsonify(error="login required"), 401
        # quoted, so every parameter of the page's URL comes back after login (not only the first)
        return redirect(f"/login?next={quote(request.full_path.rstrip('?'), safe='/')}")

    def _set_scope() -> None:
        """Row-level security: the partners this request may see (``olap.scope``), from the user's
        role and assignment; every read of the cube below is restricted by it."""
        from crm.partners.access import scope_for
        from olap.scope import set_partner_scope

        g.partner_scope_token = set_partner_scope(scope_for(current_user.username, current_user.role))

    @server.teardown_request
    def reset_scope(_exc=None):
        """A thread serving another request next never keeps this user's scope."""
        from olap.scope import reset_partner_scope

        token = g.pop("partner_scope_token", None)
        if token is not None:
            reset_partner_scope(token)

    def _body_limit() -> int:
        """The largest request body: small for every callback, the upload limit (base64 counts 4 bytes
        for 3) for administrators, whose import page sends whole files through a callback."""
        if current_user.role == "admin":
            from data.import_session import upload_limit

            return upload_limit() * 4 // 3 + 1024**2
        return CALLBACK_MAX_BYTES

    def _expired() -> bool:
        """The session has been idle or open too long (settings.session_limits); marks it seen."""
        idle_minutes, hours = settings.session_limits()
        now = time.time()
        began, seen = session.get("began", now), session.get("seen", now)
        if now - seen > idle_minutes * 60 or now - began > hours * 3600:
            return True
        if now - seen > 60:  # a minute's precision is enough: the cookie is not rewritten every request
            session["seen"] = now
        return False

    def _lang() -> str:
        requested = request.values.get("lang")
        if requested in LANGUAGES:
            session["lang"] = requested
        return current_language()

    def _page(message: str = "", level: str = "danger", username: str = "", status: int = 200, signing_out=False):
        html = render_template_string(
            LOGIN_TEMPLATE,
            t=t,
            csrf_token=csrf.token(),
            signing_out=signing_out,
            lang=_lang(),
            message=message,
            level=level,
            username=username,
            languages=LANGUAGES,
            next_url=_safe_next(request.args.get("next")),
        )
        return html, status

    @server.route("/login", methods=["GET", "POST"])
    def login():
        lang = _lang()
        if request.method == "GET":
            if current_user.is_authenticated:
                return redirect(_safe_next(request.args.get("next")))
            notice = t("login.logged_out", lang) if request.args.get("bye") else ""
            if not notice and users.user_count() == 0:  # an imported warehouse has no demo accounts
                notice = t("login.first_user", lang, command=users.FIRST_ADMIN_COMMAND)
            return _page(notice, level="info")
        username = (request.form.get("username") or "").strip()
        password = request.form.get("password") or ""
        if not csrf.request_is_valid():  # a form another site posted, or one that outlived its session
            return _page(t("login.expired", lang), username=username, status=400)
        if not username or not password:
            return _page(t("login.missing", lang), username=username, status=400)
        address = request.remote_addr or ""
        wait = users.lock_seconds_left(username, address)
        if wait:
            return _page(t("login.slowed", lang, seconds=wait), username=username, status=429)
        user = users.authenticate(username, password, address)
        if user is None:
            log.info("failed login for %r from %s", username, request.remote_addr)
            wait = users.lock_seconds_left(username, address)
            message = t("login.slowed", lang, seconds=wait) if wait else t("login.failed", lang)
            return _page(message, username=username, status=401)
        chosen = session.get("lang")  # picked on the login page, else the saved choice
        session.clear()
        login_user(user)
        session["began"] = session["seen"] = time.time()
        session["lang"] = chosen or user.language
        if chosen and chosen != user.language:
            users.set_language(user.username, chosen)
        opstore.audit(user.username, "login", request.remote_addr or "")
        return redirect(_safe_next(request.args.get("next")))

    @server.route("/logout", methods=["GET", "POST"])
    def logout():
        lang = current_language()
        if request.method == "GET" or not csrf.request_is_valid():  # a link or another site: ask first
            if not current_user.is_authenticated:
                return redirect("/login")
            return _page(signing_out=True)
        if current_user.is_authenticated:
            users.end_sessions(current_user.username)  # a copy of this cookie elsewhere stops working too
        logout_user()
        session.clear()
        session["lang"] = lang
        return redirect("/login?bye=1")

    @server.route("/lang/<code>")
    def set_language(code: str):
        if code in LANGUAGES:
            session["lang"] = code
            users.set_language(current_user.username, code)
        back = request.args.get("next")
        if not back and request.referrer:
            ref = urlparse(request.referrer)
            back = ref.path + (f"?{ref.query}" if ref.query else "")
        return redirect(_safe_next(back))

    @server.after_request
    def language_cookie(response):
        """The reader's language for the browser's own scripts (chart month and day names:
        assets/plotly-locale.js); not a secret and never trusted by the server."""
        if response.mimetype == "text/html":
            lang = current_language()
            if request.cookies.get(LANG_COOKIE) != lang:
                response.set_cookie(LANG_COOKIE, lang, samesite="Lax", secure=request.is_secure)
        return response

    csrf.install(server)  # after the login guard: an anonymous callback still gets its 401 first
    return manager

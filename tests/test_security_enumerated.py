"""Every route and every callback, enumerated from the app itself (never listed by hand): refused
anonymously, and every callback refused on the server for each role it is not for (issue 13, item 4).

A new page or callback is covered the day it is registered: forgetting its role check fails here."""

from __future__ import annotations

import re

import pytest

from auth import ROLES
from tests.conftest import login

PUBLIC = {"/login", "/logout", "/healthz", "/favicon.ico", "/_favicon.ico"}
STATIC_PREFIXES = ("/assets/", "/static/", "/_dash-component-suites/")
SAMPLE = {"kind": "view", "fmt": "csv", "campaign_id": "1", "by": "segment", "plan_id": "1", "name": "t.csv",
          "path": "explore", "code": "en", "filename": "x.css", "segment_id": "1"}  # fmt: skip


def concrete(rule: str) -> str:
    return re.sub(r"<(?:[a-z]+:)?([a-z_]+)>", lambda m: SAMPLE[m.group(1)], rule)


def routes(dash_app) -> list[tuple[str, set[str]]]:
    found = []
    for rule in dash_app.server.url_map.iter_rules():
        if rule.rule in PUBLIC or rule.rule.startswith(STATIC_PREFIXES):
            continue
        path = concrete(rule.rule)
        found.append((path, set(rule.methods) - {"HEAD", "OPTIONS"}))
    return found


def test_every_route_needs_a_login(dash_app, raw_client):
    checked = routes(dash_app)
    assert len(checked) >= 12  # the pages' catch-all, the Dash endpoints, exports, downloads, status…
    for path, methods in checked:
        for method in methods:
            answer = raw_client.open(path, method=method)
            assert answer.status_code in (302, 401), (method, path, answer.status_code)
            if answer.status_code == 302:
                assert answer.headers["Location"].startswith("/login"), (method, path)


def _ids(deps) -> list[dict]:
    return [{"id": d["id"], "property": d["property"], "value": None} for d in deps]


def payloads(dash_app) -> list[tuple[str, tuple[str, ...], dict]]:
    """(output key, the roles it is for, the request a browser would send) for every server callback."""
    from dash import _callback

    out = []
    for key, spec in {**_callback.GLOBAL_CALLBACK_MAP, **dash_app.callback_map}.items():
        func = spec.get("callback")
        if func is None or "_pages_content.children" in key or "cancel_call" in getattr(func, "__qualname__", ""):
            continue
        while func is not None and not hasattr(func, "roles"):
            func = getattr(func, "__wrapped__", None)
        deps = spec["inputs"] + spec.get("state", [])
        if func is None or any(isinstance(d["id"], dict) for d in deps) or key.startswith("{"):
            continue  # unguarded ones fail test_auth's check; pattern-matching ids need other payloads
        parts = key[2:-2].split("...") if key.startswith("..") else [key]
        if any(p.startswith("{") for p in parts):
            continue  # a pattern-matching output
        outputs = [dict(zip(("id", "property"), p.split("@")[0].rsplit(".", 1), strict=True)) for p in parts]
        body = {
            "output": key,
            "outputs": outputs if key.startswith("..") else outputs[0],
            "inputs": _ids(spec["inputs"]),
            "state": _ids(spec.get("state", [])),
            "changedPropIds": [],
        }
        out.append((key, tuple(func.roles), body))
    return out


def test_every_callback_needs_a_login(dash_app, raw_client):
    found = payloads(dash_app)
    assert len(found) > 60
    for key, _roles, body in found:
        assert raw_client.post("/_dash-update-component", json=body).status_code == 401, key


@pytest.mark.parametrize("role", ROLES)
def test_every_callback_refuses_the_roles_it_is_not_for(dash_app, client, role):
    login(client, f"u_{role}")
    refused = 0
    for key, roles, body in payloads(dash_app):
        if role in roles:
            continue
        answer = client.post("/_dash-update-component", json=body)
        assert answer.status_code == 403, (role, key, answer.status_code)
        refused += 1
    if role != "admin":
        assert refused > 0  # every role but the administrator is refused something

"""The request guard matches exact paths, and every answer carries the security headers (issue 13, finding 6)."""

from __future__ import annotations

import pytest

from tests.conftest import login


@pytest.mark.parametrize("path", ["/loginX", "/login/x", "/logoutX", "/favicon.icoX", "/assetsX", "/_favicon.icoX"])
def test_paths_that_only_begin_like_a_public_one_need_login(client, path):
    response = client.get(path)
    if path.startswith("/_"):  # Dash's own endpoints answer 401, never a redirect
        assert response.status_code == 401
    else:
        assert response.status_code == 302 and response.headers["Location"].startswith("/login?next=")
    assert b"_dash-config" not in response.data  # not the app shell


@pytest.mark.parametrize("path", ["/login", "/assets/xrm.css", "/_favicon.ico"])
def test_public_paths_answer_anonymously(client, path):
    assert client.get(path).status_code == 200


def test_the_root_favicon_points_at_dash_s_own(client):
    response = client.get("/favicon.ico")
    assert (response.status_code, response.headers["Location"]) == (301, "/_favicon.ico")
    assert b"_dash-config" not in response.data


@pytest.mark.parametrize("path", ["/login", "/explore", "/_dash-layout", "/assets/xrm.css"])
def test_every_answer_carries_the_security_headers(client, path):
    headers = client.get(path).headers
    assert headers["X-Frame-Options"] == "DENY" and headers["X-Content-Type-Options"] == "nosniff"
    policy = headers["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "frame-ancestors 'none'" in policy and "object-src 'none'" in policy


def test_signed_in_pages_carry_them_too(client):
    login(client, "u_analyst")
    response = client.get("/explore")
    assert response.status_code == 200 and "Content-Security-Policy" in response.headers


def test_a_huge_callback_body_is_refused_before_it_is_read(client):
    """A 50 MB callback body from any signed-in user was accepted (issue 13, finding 3)."""
    from auth.web import CALLBACK_MAX_BYTES

    login(client, "u_analyst")
    body = b'{"output": "x", "inputs": [], "junk": "' + b"a" * (CALLBACK_MAX_BYTES + 10) + b'"}'
    response = client.post("/_dash-update-component", data=body, content_type="application/json")
    assert response.status_code == 413 and b"too large" in response.data
    small = client.post(
        "/_dash-update-component", data=b'{"output": "nothing.children"}', content_type="application/json"
    )
    assert small.status_code != 413


def test_an_administrator_may_send_a_file_up_to_the_upload_limit(client):
    from auth.web import CALLBACK_MAX_BYTES

    login(client, "u_admin")
    body = b'{"output": "x", "junk": "' + b"a" * (CALLBACK_MAX_BYTES + 10) + b'"}'
    assert client.post("/_dash-update-component", data=body, content_type="application/json").status_code != 413

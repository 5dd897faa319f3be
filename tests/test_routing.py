"""The page built into the app's layout (components/routing.py): one round trip fewer on every opened
page, with Dash's router left to do everything the layout cannot know for sure."""

from __future__ import annotations

import json

from tests import replay
from tests.conftest import login


def _layout(client, address: str | None):
    """The app's layout as the page at ``address`` asks for it (``assets/address.js``)."""
    query = {"xrm_at": address} if address is not None else {}
    response = client.get("/_dash-layout", query_string=query)
    assert response.status_code == 200
    return response.get_json()


def _props(tree) -> dict:
    """{component id: its props} of a layout's JSON."""
    return replay.components(tree)


def _content(layout):
    return _props(layout)["_pages_content"].get("children")


def test_the_page_of_the_address_is_built_in_with_the_location_it_came_from(dash_app):
    client = dash_app.server.test_client()
    login(client, "u_analyst")
    layout = _layout(client, "/explore?r=geo.region&p=2025&m=revenue&m=orders")
    location = _props(layout)["_pages_location"]
    assert location["pathname"] == "/explore"
    assert location["search"] == "?r=geo.region&p=2025&m=revenue&m=orders"
    assert "href" not in location and "hash" not in location  # the browser's own: reporting them runs nothing
    assert location["refresh"] == "callback-nav"
    content = _content(layout)
    assert "explore-page" in _props(content)  # Explore's own page, not the empty container
    assert _props(content)["explore-measures"]["value"] == ["revenue", "orders"]
    assert _props(layout)["_pages_store"]["data"] == {"title": "XRM · Explore"}


def test_the_page_built_in_equals_the_one_the_router_builds(dash_app):
    """The same layout whichever way it comes: the router's answer for the same address."""
    client = dash_app.server.test_client()
    login(client, "u_executive")
    inline = _content(_layout(client, "/?p=2025"))
    body = replay.router_body("/", "?p=2025")
    routed = client.post("/_dash-update-component", json=body)
    assert routed.status_code == 200, routed.get_data(as_text=True)[:300]
    routed_content = routed.get_json()["response"]["_pages_content"]["children"]
    assert json.dumps(inline, sort_keys=True) == json.dumps(routed_content, sort_keys=True)


def test_without_a_sure_address_the_router_builds_the_page(dash_app):
    client = dash_app.server.test_client()
    login(client, "u_analyst")
    sent = (None, "", "explore", "http://elsewhere.example/explore", "//elsewhere.example/explore",
            "/\\elsewhere.example", "/_dash-layout", "/assets/x.css")  # fmt: skip
    for address in sent:
        layout = _layout(client, address)
        assert _content(layout) is None, address
        assert "pathname" not in _props(layout)["_pages_location"], address  # the location reports it


def test_an_unknown_address_gets_the_not_found_page(dash_app):
    client = dash_app.server.test_client()
    login(client, "u_analyst")
    content = _content(_layout(client, "/no-such-page?x=1"))
    assert "not-found" in _props(content)


def test_roles_are_checked_in_the_page_built_in(dash_app):
    """A marketer opening the user administration gets the page's refusal, as from the router."""
    client = dash_app.server.test_client()
    login(client, "u_marketer")
    assert "access-denied" in _props(_content(_layout(client, "/admin/users")))
    client.post("/logout")
    login(client, "u_admin")
    assert "access-denied" not in _props(_content(_layout(client, "/admin/users")))


def test_a_page_that_fails_to_build_is_left_to_the_router(dash_app, monkeypatch):
    import dash

    page = next(p for p in dash.page_registry.values() if p["path"] == "/glossary")

    def broken(**query):
        raise RuntimeError("broken page")

    monkeypatch.setitem(page, "layout", broken)
    client = dash_app.server.test_client()
    login(client, "u_analyst")
    layout = _layout(client, "/glossary")
    assert _content(layout) is None  # the frame still comes; the router reports the page's error


def test_unknown_query_parameters_reach_the_page_as_the_router_passes_them(dash_app):
    from components.routing import query_arguments

    assert query_arguments("a=1&b=2&b=3&c=") == {"a": "1", "b": ["2", "3"], "c": ""}
    client = dash_app.server.test_client()
    login(client, "u_analyst")
    assert "explore-page" in _props(_content(_layout(client, "/explore?utm_source=mail&zz=")))

"""The partners page in-process: roles on the layout and the callbacks, the directory and the
profile callbacks as plain functions on the demo warehouse, a bad partner id."""

from __future__ import annotations

import pytest
from werkzeug.exceptions import Forbidden

from tests.conftest import login
from tests.signed_in import signed_in


@pytest.mark.parametrize(("user", "allowed"), [("u_partner_manager", True), ("u_analyst", True),
                                               ("u_executive", True), ("u_marketer", False)])  # fmt: skip
def test_layout_by_role(dash_app, demo_pointer, user, allowed):
    from pages.partners import layout

    with signed_in(dash_app, demo_pointer, user, "/partners"):
        text = str(layout(partner="1", unknown="x"))
    assert ("access-denied" in text) != allowed
    assert ("pt-state" in text) == allowed


def test_nav_shows_partners_to_partner_roles(dash_app):
    from components.shell import nav_pages

    assert "/partners" in [p["path"] for p in nav_pages("partner_manager")]
    assert "/partners" not in [p["path"] for p in nav_pages("marketer")]


def test_marketers_get_403_from_the_callbacks(dash_app, demo_pointer):
    from callbacks.partner_profile import edit
    from callbacks.partners import render_directory, render_profile

    with signed_in(dash_app, demo_pointer, "u_marketer", "/partners"):
        for call in (lambda: render_directory({}, "", *[None] * 6), lambda: render_profile({"partner": "1"})):
            with pytest.raises(Forbidden):
                call()
    with signed_in(dash_app, demo_pointer, "u_analyst", "/partners"), pytest.raises(Forbidden):
        edit(1, None, None, None, {"partner": "1"}, "X", None, None, None, None, None, None, None, None, None)


def test_directory_and_profile_callbacks(dash_app, demo_pointer):
    from callbacks.partners import render_directory, render_profile

    with signed_in(dash_app, demo_pointer, "u_partner_manager", "/partners"):
        rows, cols, count, message, *options = render_directory({}, "", *[None] * 6)
        assert rows and message is None and "of" in count
        assert [c["field"] for c in cols][:2] == ["partner_id", "name"]
        assert options[1] == {} and options[7] == {} and options[9] == {}  # type, tier and stage shown
        tiers = {o["value"]: o["label"] for o in options[6]}
        assert (
            set(tiers) <= {"platinum", "gold", "silver", "bronze"}
            and tiers
            and all(v[0].isupper() for v in tiers.values())
        )
        assert {r["stage"] for r in rows} <= {"Prospect", "New", "Growing", "Mature", "Declining", "Dormant", "Churned"}
        some = rows[0]
        narrowed = render_directory({}, some["name"], *[None] * 6)[0]
        assert some["partner_id"] in [r["partner_id"] for r in narrowed]
        shown = str(render_profile({"partner": some["partner_id"]}))
        assert some["name"] in shown and "pt-sales" in shown and "f.partner.partner=" + some["partner_id"] in shown
        assert "pt-stage-history" in shown
        for bad in ("99999", "abc", "1; DROP TABLE x"):
            refused = str(render_profile({"partner": bad}))
            assert "pt-refusal" in refused and "Traceback" not in refused


def test_the_page_answers_over_http(client):
    login(client, "u_partner_manager")
    assert client.get("/partners?partner=nope&whatever=1").status_code == 200

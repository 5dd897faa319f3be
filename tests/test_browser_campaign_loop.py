"""The whole campaign loop in real headless Chromium (issue 11): a marketer saves a segment, plans an
e-mail campaign over a past quarter with a too-small holdout and sees the warning, fixes it and
launches; the campaign reaches the warehouse on its own; an administrator imports the mail tool's
response file; the marketer reads the campaign's ROI — equal to an independent SQL over the frozen
lists and the orders — and saves its responders as a segment of exactly the converted customers."""

from __future__ import annotations

import datetime as dt
import re
import time

import duckdb
import pytest

from data import warehouse as wh
from tests.apprun import AppProcess, sign_in

pytestmark = pytest.mark.browser
playwright = pytest.importorskip("playwright.sync_api")


@pytest.fixture(scope="module")
def pointer(tmp_path_factory):
    """A demo warehouse of its own (2,000 customers): the launch and the import publish versions."""
    from jobs.build import build_demo

    path = tmp_path_factory.mktemp("loop-demo") / "demo.duckdb"
    build_demo(scale=0.1, seed=7, pointer=path)
    return path


@pytest.fixture(scope="module")
def server(dash_app, pointer):  # dash_app creates the users in the shared store
    with AppProcess({"XRM_DB": str(pointer)}) as app:
        yield app


def sql(pointer, query: str, params=()):
    con = duckdb.connect(str(wh.current_path(pointer)), read_only=True)
    try:
        return con.execute(query, list(params)).fetchall()
    finally:
        con.close()


def submit(page, selector: str, value: str) -> None:
    page.fill(selector, value)
    page.press(selector, "Enter")


def plan_row(name: str) -> dict:
    from data import opstore

    with opstore.engine().connect() as con:
        rows = con.execute(
            opstore.campaign_plans.select().where(opstore.campaign_plans.c.status == "launched")
        ).mappings()
        found = [dict(r) for r in rows if f'"name": "{name}"' in r["plan"]]
    assert len(found) == 1, found
    return found[0]


def test_segment_plan_launch_import_responses_read_roi_save_responders(server, browser, pointer, tmp_path):
    data_end = sql(pointer, "SELECT max(order_ts)::DATE FROM fact_order_line")[0][0]
    start = data_end - dt.timedelta(days=90)
    end = start + dt.timedelta(days=20)
    window = 30
    name = "Loop autumn mailing"

    page = browser.new_page(viewport={"width": 1400, "height": 1200}, accept_downloads=True)
    sign_in(page, server, "/segments", "u_marketer")
    page.wait_for_selector("[data-kpi=customers]", timeout=30000)
    page.fill("#seg-name", "Loop everyone")
    page.click("#seg-save-new")
    page.wait_for_selector("#seg-saved-ok", timeout=30000)

    # --- plan: a too-small holdout is warned about, then fixed
    page.goto(server.url + "/campaigns/plan")
    page.wait_for_selector("#cp-segment", timeout=30000)
    page.wait_for_function("document.querySelector('#cp-segment').innerText.includes('Loop everyone')")
    for _ in range(3):  # the menu may still be opening while the page settles: open it again
        page.locator("#cp-channel").click()
        try:
            page.get_by_role("option", name="Email", exact=True).click(timeout=10000)
            break
        except playwright.TimeoutError:
            page.keyboard.press("Escape")
    page.wait_for_function("document.querySelector('#cp-channel').innerText.includes('Email')")
    submit(page, "#cp-name", name)
    submit(page, "#cp-offer-code", "LOOP10")
    submit(page, "#cp-start", start.isoformat())
    submit(page, "#cp-end", end.isoformat())
    submit(page, "#cp-window-days", str(window))
    submit(page, "#cp-cost-per-contact", "0.5")
    submit(page, "#cp-fixed-cost", "200")
    submit(page, "#cp-expected-uplift", "8")
    submit(page, "#cp-holdout", "5")
    page.wait_for_function(
        "document.querySelector('#cp-power-warning') && "
        "document.querySelector('#cp-power-warning').innerText.includes('holdout of')",
        timeout=30000,
    )
    needed = int(re.search(r"holdout of (\d+)%", page.inner_text("#cp-power-warning")).group(1))
    submit(page, "#cp-holdout", str(needed + 1))
    page.wait_for_selector("#cp-power-ok", timeout=30000)
    page.click("#cp-save")
    page.wait_for_selector("#cp-saved-ok", timeout=30000)
    page.once("dialog", lambda dialog: dialog.accept())
    page.click("#cp-launch")
    page.wait_for_selector("#cp-launched", timeout=60000)

    # --- the launch publishes the campaign into the warehouse in the background
    deadline = time.time() + 120
    campaign_id = None
    while not (campaign_id and sql(pointer, "SELECT 1 FROM dim_campaign WHERE campaign_id = ?", [campaign_id])):
        assert time.time() < deadline, "the launched campaign never reached the warehouse"
        time.sleep(1)
        campaign_id = plan_row(name)["campaign_id"]
    lists = sql(
        pointer,
        "SELECT customer_id, group_name FROM fact_campaign_contact WHERE campaign_id = ? ORDER BY customer_id",
        [campaign_id],
    )
    target = [c for c, g in lists if g == "target"]
    control = [c for c, g in lists if g == "control"]
    assert target and control

    # --- the mail tool's response file, imported by an administrator
    delivered = target[: len(target) * 9 // 10]
    opened = delivered[::2]
    clicked = opened[::3]
    unsubscribed = set(delivered[1:40:13])
    day = (start + dt.timedelta(days=2)).isoformat()
    lines = ["campaign_id,customer_id,delivered,opened_ts,clicked_ts,unsubscribed_ts"]
    for c in delivered:
        lines.append(
            f"{campaign_id},{c},true,{day + ' 09:00' if c in opened else ''},"
            f"{day + ' 09:05' if c in clicked else ''},{day + ' 10:00' if c in unsubscribed else ''}"
        )
    admin = browser.new_page(viewport={"width": 1400, "height": 1200})
    sign_in(admin, server, "/admin/import", "u_admin")
    admin.wait_for_selector("#imp-upload", timeout=30000)
    admin.select_option("#imp-entity", "campaign_responses")
    admin.set_input_files(
        "#imp-upload input[type=file]",
        files=[{"name": "responses.csv", "mimeType": "text/csv", "buffer": ("\n".join(lines) + "\n").encode()}],
    )
    admin.wait_for_selector("#imp-source-ok", timeout=30000)
    admin.wait_for_selector("#imp-mapping-ok", timeout=30000)
    admin.click("#imp-validate")
    summary = admin.wait_for_selector("#imp-summary", timeout=60000).inner_text()
    assert f"{len(delivered):,} valid, 0 with problems" in summary
    admin.wait_for_selector("#imp-load:not([disabled])", timeout=20000)
    admin.click("#imp-load")
    admin.wait_for_selector("#imp-loaded-ok", timeout=120000)
    admin.close()
    assert sql(
        pointer,
        """SELECT count(*) FILTER (delivered), count(opened_ts), count(clicked_ts), count(unsubscribed_ts)
           FROM fact_campaign_contact WHERE campaign_id = ?""",
        [campaign_id],
    )[0] == (len(delivered), len(opened), len(clicked), len(unsubscribed))

    # --- the results: ROI against an independent SQL over the lists and the orders
    last = end + dt.timedelta(days=window)
    ((converted, revenue),) = sql(
        pointer,
        """WITH w AS (
               SELECT k.customer_id, sum(f.revenue) AS revenue, bool_or(f.revenue > 0) AS bought
               FROM fact_campaign_contact k JOIN fact_order_line f USING (customer_id)
               WHERE k.campaign_id = ? AND k.group_name = 'target'
                 AND f.order_ts >= ? AND f.order_ts < ? GROUP BY 1)
           SELECT count(*) FILTER (bought), coalesce(sum(revenue), 0) FROM w""",
        [campaign_id, start, last + dt.timedelta(days=1)],
    )
    cost = 200 + 0.5 * len(target)
    page.goto(server.url + f"/campaigns?c={campaign_id}")
    page.wait_for_selector("#cp-kpi-roi", timeout=30000)
    assert page.inner_text("#cp-name") == name
    roi = float(page.get_attribute("#cp-kpi-roi", "data-value"))
    assert roi == pytest.approx((revenue - cost) / cost, rel=1e-9)
    assert page.get_attribute("#cp-verdict", "data-verdict") != "too_early"
    assert f"{len(unsubscribed):,}" in page.inner_text("#cp-responses")

    # --- closing the loop: the responders become a segment of exactly the converted customers
    page.wait_for_selector("#cp-pick-responders input", timeout=30000)
    page.fill("#cp-pick-responders input", "Loop responders")
    page.click("#cp-pick-responders button")
    page.wait_for_selector("#cp-pick-saved", timeout=30000)
    from crm.segments import list_segments, segment_members

    saved = next(s for s in list_segments() if s["name"] == "Loop responders")
    members = segment_members(saved["segment_id"])
    assert len(members) == converted > 0
    assert set(members) <= set(target)

    # the strategy cycle shows the campaign measured, and the responders segment beginning the next cycle
    page.goto(server.url + "/campaigns/cycle")
    page.wait_for_selector("#cycle-timeline", timeout=30000)
    card = page.locator(".cycle-card", has_text="Loop everyone").first
    card.wait_for(timeout=20000)
    assert name in card.inner_text() and card.locator(".cycle-not-measured").count() == 0
    assert card.locator(f"a[href='/campaigns/plan?plan={campaign_id - 2_000_000_000}']").count() == 1
    page.locator(".cycle-card", has_text="Loop responders").first.wait_for(timeout=20000)
    page.screenshot(path=str(server.log_path.parent / "campaign-cycle.png"), full_page=True)
    page.close()

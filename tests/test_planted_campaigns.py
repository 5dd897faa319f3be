"""The demo's planted campaign effects are recoverable from the warehouse, the way a results page reads them.

A contact converts when its customer has an order (not a return) from the campaign's start date to its
end date, target and control alike; the uplift is ``crm.campaigns.stats.two_proportions`` (Newcombe's
95% interval). At scale 0.5 (~10,000 customers, built in a few seconds) the planted truth of
``data.demo.world.CAMPAIGNS`` must show: the campaigns with no effect contain 0, the harmful one lies
below 0 (and contains its planted harm), the positive ones never look harmful and are above 0 where
their size allows. They must show the same on a build whose sales are simulated in four cohorts of
customers (``data.demo.cohorts``), each from a stream of its own.
"""

from __future__ import annotations

import duckdb
import pytest

from crm.campaigns.stats import Uplift, minimum_detectable_uplift, two_proportions
from data.demo import generate
from data.demo.world import CAMPAIGNS, COHORT, UPLIFT

SCALE = 0.5
PLANTED = {c[3]: c[8] * UPLIFT for c in CAMPAIGNS}  # name without the year -> planted effect
# a test whose minimum detectable uplift (95% confidence, 80% power) is at most this reads a positive
# campaign: the broad ones add 0.06-0.17 conversions per target contact (their planted probability
# applies to those who would not have bought and have not lapsed); the fairs and the phone campaign to
# businesses, who mostly buy anyway, are too small to read
READABLE = 0.08
CONVERSIONS = """
    SELECT k.campaign_id, k.name, c.group_name, count(*),
           count(*) FILTER (WHERE EXISTS (SELECT 1 FROM fact_order_line f
                                          WHERE f.customer_id = c.customer_id AND f.quantity > 0
                                            AND f.order_ts >= k.start_date
                                            AND f.order_ts < k.end_date + INTERVAL 1 DAY))
    FROM fact_campaign_contact c JOIN dim_campaign k USING (campaign_id)
    GROUP BY ALL ORDER BY 1"""


@pytest.fixture(scope="module", params=[COHORT, 2_500], ids=["one-cohort", "four-cohorts"])
def warehouse(request, tmp_path_factory):
    path = tmp_path_factory.mktemp("planted") / "demo.duckdb"
    con = duckdb.connect(str(path))
    generate(con, scale=SCALE, seed=7, cohort=request.param)
    yield con
    con.close()


@pytest.fixture(scope="module")
def results(warehouse) -> dict[str, tuple[float, Uplift]]:
    """Campaign name -> (planted effect, its Uplift)."""
    groups: dict[tuple[int, str], dict[str, tuple[int, int]]] = {}
    for cid, name, group, n, converted in warehouse.execute(CONVERSIONS).fetchall():
        groups.setdefault((cid, name), {})[group] = (n, converted)
    out = {}
    for (_, name), g in groups.items():
        (n_t, k_t), (n_c, k_c) = g["target"], g["control"]
        out[name] = (PLANTED[name.rsplit(" ", 1)[0]], two_proportions(k_t, n_t, k_c, n_c))
    return out


def _of(results, kind) -> dict[str, Uplift]:
    return {name: u for name, (planted, u) in results.items() if kind(planted)}


def test_every_kind_of_effect_is_planted_every_year(results):
    assert len(_of(results, lambda p: p == 0)) == 6
    assert len(_of(results, lambda p: p < 0)) == 3
    assert len(_of(results, lambda p: p > 0)) == len(results) - 9


def test_campaigns_without_effect_contain_zero(results):
    wrong = {
        n: (u.ci_low, u.ci_high) for n, u in _of(results, lambda p: p == 0).items() if not u.ci_low < 0 < u.ci_high
    }
    assert not wrong


def test_the_harmful_campaign_is_below_zero_and_contains_its_planted_harm(results):
    for name, (planted, u) in results.items():
        if planted < 0:
            # a share of those who would have bought is put off: the control rate times that share
            assert u.ci_high < 0, name
            assert u.ci_low < planted * u.rate_control < u.ci_high, name


def test_positive_campaigns_never_look_harmful_and_work_where_their_size_allows(results):
    positive = _of(results, lambda p: p > 0)
    assert all(u.ci_high > 0 for u in positive.values())
    readable = {
        name: u
        for name, u in positive.items()
        if minimum_detectable_uplift(u.target, u.control, u.rate_control) <= READABLE
    }
    assert len(readable) >= 8
    assert {name: (u.ci_low, u.ci_high) for name, u in readable.items() if u.ci_low <= 0} == {}


def test_no_order_carries_the_code_of_a_campaign_that_changed_nothing(warehouse):
    codes = warehouse.execute(
        "SELECT DISTINCT k.name FROM fact_order_line f JOIN dim_campaign k USING (campaign_id)"
    ).fetchall()
    assert all(PLANTED[name.rsplit(" ", 1)[0]] > 0 for (name,) in codes)

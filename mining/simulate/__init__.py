"""What-if campaign simulation: responders, revenue, cost and ROI of an offer to a segment,
with a range, from response propensities and past campaign response, before money is spent.

The package: ``history`` (every query: channel response, margins, order values, consent,
typical costs, scores), ``calibrate`` (probabilities), ``project`` (the draws and their summary)
and ``whatif`` (``simulate``, ``compare_offers``, ``whatif``).

Definitions (every rate per *target contact sent*, from completed campaigns only: a
running campaign's responses are not all in yet):

- a channel's ``rate`` is the share of its target contacts that converted
  (``fact_campaign_contact.converted_ts``), ``control_rate`` the same share in the
  holdout (never contacted) and ``uplift = rate − control_rate``;
- ``deliverability`` (delivered / sent) is reported but not multiplied in again: the
  rate is per contact *sent*, so undelivered contacts are already inside it;
- response probabilities come from the latest ``propensity_response`` run, calibrated
  to the chosen channel by a shift of their log-odds so that their mean over the
  channel's past target contacts equals its historical rate (a shift keeps every
  probability inside 0..1, where scaling would not); customers without a score get the
  channel's rate. Without scores everybody gets the channel's rate;
- the *baseline* (customers who would have bought anyway) is the same probabilities
  times ``control_rate / rate``; incremental responders = responders − baseline;
- revenue = responders × order value × (1 − discount); the margin is on revenue before
  the discount, so gross profit = responders × order value × (margin − discount);
  cost = contacts × cost per contact + fixed cost; profit = gross profit − cost;
  ROI = profit / cost;
- incremental profit counts the discount given to the baseline buyers too (they would
  have paid full price): incremental gross profit = responders × value × (margin −
  discount) − baseline × value × margin;
- the range combines the chance of who responds (a Poisson-binomial sum, simulated one
  customer at a time for small segments, by its normal approximation for large ones)
  with the uncertainty of the channel's and the control's rates (beta posteriors from
  their contacts and conversions, scaled so their mean is the observed rate), in
  ``DRAWS`` vectorised draws with a fixed seed. ``mean`` is the exact expectation; the
  percentiles come from the draws.
"""

from mining.simulate.calibrate import calibrate
from mining.simulate.history import (
    HISTORY_COLUMNS,
    ORDER_VALUE_SOURCES,
    RUN_KIND,
    channel_history,
    past_contacts,
    reachable,
    response_scores,
    segment_order_value,
    typical_costs,
)
from mining.simulate.project import DRAWS, METRICS, project
from mining.simulate.whatif import (
    COMPARE_COLUMNS,
    Offer,
    SimulationResult,
    WhatIfAnswer,
    WhatIfRequest,
    compare_offers,
    simulate,
    whatif,
)
from olap.catalog import campaign_channels, warehouse_margin

__all__ = [
    "COMPARE_COLUMNS",
    "DRAWS",
    "HISTORY_COLUMNS",
    "METRICS",
    "ORDER_VALUE_SOURCES",
    "RUN_KIND",
    "Offer",
    "SimulationResult",
    "WhatIfAnswer",
    "WhatIfRequest",
    "calibrate",
    "campaign_channels",
    "channel_history",
    "compare_offers",
    "past_contacts",
    "project",
    "reachable",
    "response_scores",
    "segment_order_value",
    "simulate",
    "typical_costs",
    "warehouse_margin",
    "whatif",
]

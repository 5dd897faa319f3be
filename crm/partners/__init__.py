"""Partners (e-PRM): the partner manager's workplace below the screens.

``scorecard`` values partners for a period with weights a manager can change; ``stages`` infers each
partner's lifecycle stage month by month from its sales; ``profile`` reads one partner's story;
``access`` says which partners a manager may see (row-level security, through ``olap.scope``);
``board``, ``funds`` and ``deals`` are the collaborative half (notices, market development funds,
deal registration) kept in the operational store.
"""

from errors import KeyedError


class PartnerError(KeyedError, ValueError):
    """A partner request that cannot be answered as asked (keys ``partners.error.*``)."""

"""Market-basket rules and next-best-product recommendations, counted in DuckDB.

A basket is an order (or everything a customer bought in the period); an item is a
product category, a subcategory or a product. ``mine_rules`` counts single items, keeps
those with at least ``min_support`` (a pair can be no more frequent than either of its
items: the apriori pruning step), then counts pairs with a self-join of the distinct
(basket, item) rows on the basket with ``item_a < item_b``. Nothing is one-hot encoded,
so memory stays bounded by the number of distinct (basket, item) rows and of pairs.

Each frequent pair {A, B} gives the rules A→B and B→A with, for ``n`` baskets:

- support = n_AB / n, confidence = n_AB / n_A, lift = n_AB·n / (n_A·n_B),
- leverage = n_AB/n − (n_A/n)(n_B/n), conviction = (1 − support_B) / (1 − confidence)
  (infinite when the confidence is 1).

Each value is one division of exact integers, so a hand-computed fraction matches it.

``recommend`` scores, for every customer, the items they have not bought yet: the score
of item B is the highest ``confidence × lift`` over the rules A→B whose antecedent A the
customer bought (up to ``as_of``); that rule is the ``because``. Ties go to the rule with
higher support, then to the smaller item key. Confidence says how often B follows A;
lift discounts items that are simply popular, so their product favours items that are
both likely and specific to what the customer already has.
"""

from __future__ import annotations

import datetime as dt
import math
import uuid
from dataclasses import asdict, dataclass, field, replace
from fractions import Fraction

import numpy as np
import pandas as pd

from mining.errors import MiningError

LEVELS = ("category", "subcategory", "product")
BASKETS = ("order", "customer")

# Names only from here; every value is a bound parameter.
_ITEM_SQL = {"category": "p.category", "subcategory": "p.subcategory", "product": "f.product_id"}
_BASKET_SQL = {"order": "f.order_id", "customer": "f.customer_id"}
_DEFAULT_SUPPORT = {"category": 0.01, "subcategory": 0.005, "product": 0.0005}

RULE_COLUMNS = [
    "antecedent",
    "consequent",
    "antecedent_name",
    "consequent_name",
    "antecedent_count",
    "consequent_count",
    "pair_count",
    "antecedent_support",
    "consequent_support",
    "support",
    "confidence",
    "lift",
    "leverage",
    "conviction",
]
NBP_COLUMNS = ["customer_id", "rank", "item_level", "item", "item_name", "score", "because", "because_name"]


@dataclass(frozen=True)
class RuleSpec:
    """What to mine: item level, basket, period (inclusive dates), filters and thresholds."""

    level: str = "category"
    basket: str = "order"
    start: dt.date | None = None
    end: dt.date | None = None
    countries: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()
    customer_types: tuple[str, ...] = ()
    channel_groups: tuple[str, ...] = ()
    min_support: float = 0.01
    min_confidence: float = 0.0
    min_lift: float = 1.0
    max_rules: int = 200

    def validate(self) -> RuleSpec:
        """Raise ``MiningError`` for a spec no query can answer; return self."""
        if self.level not in LEVELS:
            raise MiningError("mining.rules.bad_level", level=self.level, allowed=", ".join(LEVELS))
        if self.basket not in BASKETS:
            raise MiningError("mining.rules.bad_basket", basket=self.basket, allowed=", ".join(BASKETS))
        if self.start is not None and self.end is not None and self.start > self.end:
            raise MiningError("mining.rules.bad_period", start=self.start, end=self.end)
        if not _is_number(self.min_support) or not 0 < self.min_support <= 1:
            raise MiningError("mining.rules.bad_support", value=self.min_support)
        if not _is_number(self.min_confidence) or not 0 <= self.min_confidence <= 1:
            raise MiningError("mining.rules.bad_confidence", value=self.min_confidence)
        if not _is_number(self.min_lift) or self.min_lift < 0:
            raise MiningError("mining.rules.bad_lift", value=self.min_lift)
        if isinstance(self.max_rules, bool) or not isinstance(self.max_rules, int | np.integer) or self.max_rules < 1:
            raise MiningError("mining.rules.bad_max_rules", value=self.max_rules)
        return self

    @classmethod
    def from_params(cls, params: dict) -> RuleSpec:
        """A spec from plain parameters (a page's inputs or a stored run's params)."""
        level = params.get("level", "category")
        values = {k: params[k] for k in cls.__dataclass_fields__ if k in params and params[k] is not None}
        for key in ("countries", "regions", "customer_types", "channel_groups"):
            if key in values:
                values[key] = tuple(values[key])
        for key in ("start", "end"):
            if isinstance(values.get(key), str):
                values[key] = dt.date.fromisoformat(values[key])
        values.setdefault("min_support", _DEFAULT_SUPPORT.get(level, 0.01))
        return cls(**values)


@dataclass
class RuleResult:
    """Mined rules with the counts behind them; ``note`` says why there are none, if so."""

    spec: RuleSpec
    n_baskets: int
    items: pd.DataFrame  # item, name, count, support, frequent
    rules: pd.DataFrame  # RULE_COLUMNS, sorted by lift
    frequent_pairs: int = 0
    rules_before_limit: int = 0
    note: str | None = None
    note_values: dict = field(default_factory=dict)


def _is_number(x) -> bool:
    return isinstance(x, int | float | np.integer | np.floating) and not isinstance(x, bool) and math.isfinite(x)


def _min_count(min_support: float, n: int) -> int:
    """Smallest count with count / n >= min_support, read as the decimal the person typed."""
    return max(1, math.ceil(Fraction(repr(float(min_support))) * n))


def _selection(spec: RuleSpec):
    """SQL of the distinct (basket, item) rows the spec selects, and its parameters."""
    joins = []
    if spec.level != "product":
        joins.append("JOIN dim_product p ON p.product_id = f.product_id")
    where, params = ["f.quantity > 0", f"{_ITEM_SQL[spec.level]} IS NOT NULL"], []
    if spec.start is not None:
        where.append("f.order_ts >= ?")
        params.append(dt.datetime.combine(spec.start, dt.time()))
    if spec.end is not None:
        where.append("f.order_ts < ?")
        params.append(dt.datetime.combine(spec.end + dt.timedelta(days=1), dt.time()))
    customer_filters = (
        ("c.country", spec.countries),
        ("c.region", spec.regions),
        ("c.customer_type", spec.customer_types),
    )
    if any(values for _, values in customer_filters):
        joins.append("JOIN dim_customer c ON c.customer_id = f.customer_id")
        for column, values in customer_filters:
            if values:
                where.append(f"{column} IN (SELECT unnest(?))")
                params.append(list(values))
    if spec.channel_groups:
        joins.append("JOIN dim_channel ch ON ch.channel_id = f.channel_id")
        where.append("ch.channel_group IN (SELECT unnest(?))")
        params.append(list(spec.channel_groups))
    sql = (
        f"SELECT DISTINCT {_BASKET_SQL[spec.basket]} AS basket, {_ITEM_SQL[spec.level]} AS item\n"
        f"FROM fact_order_line f {' '.join(joins)}\nWHERE {' AND '.join(where)}"
    )
    return sql, params


def _bought(spec: RuleSpec, start: dt.date | None, end: dt.date) -> RuleSpec:
    """The spec of what each customer of ``spec`` bought from ``start`` to ``end``, any channel."""
    return replace(spec, basket="customer", start=start, end=end, channel_groups=())


def item_counts(cursor, spec: RuleSpec) -> tuple[int, int, pd.DataFrame]:
    """(baskets, distinct basket-item rows, per-item basket counts) of the selection."""
    sql, params = _selection(spec)
    rows = cursor.execute(
        f"""WITH bi AS ({sql})
            SELECT item, count(*) AS count, count(DISTINCT basket) AS baskets, grouping(item) AS total
            FROM bi GROUP BY GROUPING SETS ((item), ())""",
        params,
    ).df()
    total = rows[rows["total"] == 1]
    n = int(total["baskets"].iloc[0]) if len(total) else 0
    n_rows = int(total["count"].iloc[0]) if len(total) else 0
    items = rows[rows["total"] == 0][["item", "count"]].reset_index(drop=True)
    items["count"] = items["count"].astype("int64")
    return n, n_rows, items


def pair_counts(cursor, spec: RuleSpec, keep_items: list | None, min_count: int) -> pd.DataFrame:
    """Baskets holding both items of each pair (item_a < item_b) seen at least min_count times.

    ``keep_items`` restricts the self-join to the frequent items (None: no pruning).
    """
    sql, params = _selection(spec)
    keep = ""
    if keep_items is not None:
        keep = "WHERE item IN (SELECT unnest(?))"
        params = [*params, list(keep_items)]
    pairs = cursor.execute(
        f"""WITH fb AS (SELECT basket, item FROM ({sql}) {keep})
            SELECT a.item AS item_a, b.item AS item_b, count(*) AS count
            FROM fb a JOIN fb b ON a.basket = b.basket AND a.item < b.item
            GROUP BY ALL HAVING count(*) >= ?""",
        [*params, min_count],
    ).df()
    pairs["count"] = pairs["count"].astype("int64")
    return pairs


def rules_from_counts(pairs: pd.DataFrame, counts: pd.Series, n: int) -> pd.DataFrame:
    """Both rules of each pair with their measures, from pair counts, item counts and n."""
    a = pd.concat([pairs["item_a"], pairs["item_b"]], ignore_index=True)
    b = pd.concat([pairs["item_b"], pairs["item_a"]], ignore_index=True)
    n_ab = np.concatenate([pairs["count"].to_numpy(np.int64)] * 2)
    n_a = counts.reindex(a).to_numpy(np.int64)
    n_b = counts.reindex(b).to_numpy(np.int64)
    # One division of exact int64 products each (all far below 2**53), so values equal
    # the hand-computed fractions bit for bit.
    with np.errstate(divide="ignore", invalid="ignore"):
        conviction = ((n - n_b) * n_a) / (n * (n_a - n_ab))
    return pd.DataFrame(
        {
            "antecedent": a.to_numpy(),
            "consequent": b.to_numpy(),
            "antecedent_count": n_a,
            "consequent_count": n_b,
            "pair_count": n_ab,
            "antecedent_support": n_a / n,
            "consequent_support": n_b / n,
            "support": n_ab / n,
            "confidence": n_ab / n_a,
            "lift": (n_ab * n) / (n_a * n_b),
            "leverage": (n_ab * n - n_a * n_b) / (n * n),
            "conviction": np.where(n_a == n_ab, np.inf, conviction),
        }
    )


def _names(cursor, level: str, keys) -> dict:
    if level != "product":
        return {k: str(k) for k in keys}
    keys = [int(k) for k in keys]
    if not keys:
        return {}
    rows = cursor.execute(
        "SELECT product_id, name FROM dim_product WHERE product_id IN (SELECT unnest(?))", [keys]
    ).fetchall()
    return {int(k): str(v) for k, v in rows}


def _keys_as_text(frame: pd.DataFrame, columns) -> pd.DataFrame:
    for col in columns:
        frame[col] = frame[col].astype(str)
    return frame


def mine_rules(cursor, spec: RuleSpec, *, prune: bool = True) -> RuleResult:
    """Association rules of item pairs in the selected baskets, strongest lift first.

    Parameters
    ----------
    cursor : DuckDB connection or cursor on the warehouse (read-only is enough).
    spec : what to mine; see ``RuleSpec``.
    prune : drop items below min_support before pairing (the answer is the same; only
        the work differs, which the tests check).

    Returns
    -------
    RuleResult with ``rules`` (``RULE_COLUMNS``; items as text keys: a category or
    subcategory name, a product id) and ``items`` (every item's basket count and support).
    An empty result carries ``note`` (a translation key) rather than raising, when the
    thresholds leave nothing; an empty selection or only one-item baskets raise
    ``MiningError``.

    Example
    -------
    >>> result = mine_rules(cur, RuleSpec(level="category", min_support=0.02, min_lift=1.1))
    >>> result.rules[["antecedent", "consequent", "confidence", "lift"]].head()
    """
    spec.validate()
    n, n_rows, items = item_counts(cursor, spec)
    if n == 0:
        raise MiningError("mining.rules.no_baskets", start=spec.start or "–", end=spec.end or "–")
    if n_rows == n:
        raise MiningError("mining.rules.single_item_baskets", baskets=n)
    min_count = _min_count(spec.min_support, n)
    items["support"] = items["count"] / n
    items["frequent"] = items["count"] >= min_count
    items = items.sort_values(["count", "item"], ascending=[False, True], ignore_index=True)
    counts = items.set_index("item")["count"]
    result = RuleResult(spec=spec, n_baskets=n, items=items, rules=pd.DataFrame(columns=RULE_COLUMNS))
    frequent = items.loc[items["frequent"], "item"].tolist()
    if len(frequent) < 2:
        result.note, result.note_values = "mining.rules.note.no_frequent_items", {"min_support": spec.min_support}
    else:
        pairs = pair_counts(cursor, spec, frequent if prune else None, min_count)
        result.frequent_pairs = len(pairs)
        if pairs.empty:
            result.note, result.note_values = "mining.rules.note.no_frequent_pairs", {"min_support": spec.min_support}
        else:
            rules = rules_from_counts(pairs, counts, n)
            rules = rules[(rules["confidence"] >= spec.min_confidence) & (rules["lift"] >= spec.min_lift)]
            result.rules_before_limit = len(rules)
            rules = rules.sort_values(
                ["lift", "confidence", "support", "antecedent", "consequent"],
                ascending=[False, False, False, True, True],
                ignore_index=True,
            ).head(spec.max_rules)
            if rules.empty:
                result.note = "mining.rules.note.none_pass"
                result.note_values = {"min_confidence": spec.min_confidence, "min_lift": spec.min_lift}
            names = _names(cursor, spec.level, pd.unique(pd.concat([rules["antecedent"], rules["consequent"]])))
            rules["antecedent_name"] = rules["antecedent"].map(names)
            rules["consequent_name"] = rules["consequent"].map(names)
            result.rules = _keys_as_text(rules[RULE_COLUMNS].copy(), ["antecedent", "consequent"])
    names = _names(cursor, spec.level, items["item"])
    items["name"] = items["item"].map(names)
    result.items = _keys_as_text(items[["item", "name", "count", "support", "frequent"]], ["item"])
    return result


def rules_network(result: RuleResult, *, directed: bool = True) -> dict:
    """Nodes (items in a rule, with support and a circle layout) and edges (rules) for a graph.

    ``directed=False`` merges A→B and B→A into one edge (lift and support are the same
    both ways; the edge keeps the higher confidence).
    """
    rules = result.rules
    edges = rules.rename(columns={"antecedent": "source", "consequent": "target"})[
        ["source", "target", "support", "confidence", "lift", "pair_count"]
    ]
    if not directed and not edges.empty:
        lo = edges[["source", "target"]].min(axis=1)
        hi = edges[["source", "target"]].max(axis=1)
        edges = (
            edges.assign(source=lo, target=hi)
            .groupby(["source", "target"], as_index=False, sort=False)
            .agg(
                support=("support", "first"),
                confidence=("confidence", "max"),
                lift=("lift", "first"),
                pair_count=("pair_count", "first"),
            )
        )
    used = pd.unique(pd.concat([edges["source"], edges["target"]]))
    nodes = result.items[result.items["item"].isin(used)][["item", "name", "count", "support"]].copy()
    nodes = nodes.sort_values(["support", "item"], ascending=[False, True], ignore_index=True)
    degree = pd.concat([edges["source"], edges["target"]]).value_counts()
    nodes["degree"] = nodes["item"].map(degree).fillna(0).astype("int64")
    angle = 2 * np.pi * np.arange(len(nodes)) / max(len(nodes), 1)
    nodes["x"], nodes["y"] = np.cos(angle), np.sin(angle)
    return {"nodes": nodes, "edges": edges.reset_index(drop=True), "directed": directed}


def recommend(cursor, result: RuleResult, as_of: dt.date, *, top_n: int = 3) -> pd.DataFrame:
    """Top ``top_n`` not-yet-bought items per customer from the rules and their history.

    The history is every item a customer bought up to and including ``as_of`` (in the
    spec's customer filters, any channel). Score and tie-breaks: see the module doc.
    Returns ``NBP_COLUMNS`` plus the explaining rule's ``confidence`` and ``lift``; a
    customer whose items start no rule gets no row.
    """
    if isinstance(top_n, bool) or not isinstance(top_n, int | np.integer) or top_n < 1:
        raise MiningError("mining.nbp.bad_top_n", value=top_n)
    level = result.spec.level
    columns = [*NBP_COLUMNS, "confidence", "lift"]
    if result.rules.empty:
        return pd.DataFrame(columns=columns)
    rules = result.rules[["antecedent", "consequent", "support", "confidence", "lift"]].copy()
    if level == "product":
        rules["antecedent"] = rules["antecedent"].astype("int64")
        rules["consequent"] = rules["consequent"].astype("int64")
    sql, params = _selection(_bought(result.spec, None, as_of))
    view = f"nbp_rules_{uuid.uuid4().hex}"
    cursor.register(view, rules)
    try:
        recs = cursor.execute(
            f"""WITH h AS ({sql}),
                cand AS (
                    SELECT h.basket AS customer_id, r.consequent AS item, r.antecedent AS because,
                           r.confidence * r.lift AS score, r.support, r.confidence, r.lift
                    FROM h JOIN {view} r ON r.antecedent = h.item),
                fresh AS (SELECT * FROM cand ANTI JOIN h ON cand.customer_id = h.basket AND cand.item = h.item),
                best AS (
                    SELECT * FROM fresh
                    QUALIFY row_number() OVER (
                        PARTITION BY customer_id, item ORDER BY score DESC, support DESC, because) = 1)
                SELECT customer_id,
                       row_number() OVER (PARTITION BY customer_id ORDER BY score DESC, support DESC, item) AS rank,
                       item, score, because, confidence, lift
                FROM best
                QUALIFY rank <= ?
                ORDER BY customer_id, rank""",
            [*params, int(top_n)],
        ).df()
    finally:
        cursor.unregister(view)
    names = _names(cursor, level, pd.unique(pd.concat([recs["item"], recs["because"]])))
    recs["item_name"] = recs["item"].map(names)
    recs["because_name"] = recs["because"].map(names)
    recs["item_level"] = level
    recs["rank"] = recs["rank"].astype("int64")
    recs = _keys_as_text(recs, ["item", "because"])
    return recs[columns]


NBP_DEFAULTS = {"level": "category", "basket": "order", "lookback_days": 365, "min_confidence": 0.05, "min_lift": 1.0}


def nbp_spec(as_of: dt.date, params: dict) -> RuleSpec:
    """The rule spec of an NBP run: the ``lookback_days`` before ``as_of`` and the params."""
    merged = {**NBP_DEFAULTS, "max_rules": 1000, **params}
    lookback = merged.pop("lookback_days")
    if isinstance(lookback, bool) or not isinstance(lookback, int | np.integer) or lookback < 1:
        raise MiningError("mining.nbp.bad_lookback", value=lookback)
    merged.update(start=as_of - dt.timedelta(days=int(lookback) - 1), end=as_of)
    return RuleSpec.from_params(merged)


def popular_items(cursor, result: RuleResult, as_of: dt.date, customers: pd.Series, *, top_n: int) -> pd.DataFrame:
    """The baseline: each customer's ``top_n`` most frequent items (in the rules' baskets)
    they have not bought by ``as_of``; columns customer_id, rank, item (text keys)."""
    ranked = result.items.sort_values(["count", "item"], ascending=[False, True], ignore_index=True)
    pop = pd.DataFrame({"item": ranked["item"], "pop_rank": np.arange(1, len(ranked) + 1)})
    if result.spec.level == "product":
        pop["item"] = pop["item"].astype("int64")
    sql, params = _selection(_bought(result.spec, None, as_of))
    pop_view, cust_view = f"nbp_pop_{uuid.uuid4().hex}", f"nbp_cust_{uuid.uuid4().hex}"
    cursor.register(pop_view, pop)
    cursor.register(cust_view, pd.DataFrame({"customer_id": pd.unique(customers)}))
    try:
        # A customer owning k items needs at most the top_n + k most popular ones: the
        # cross join stays linear in customers and history.
        base = cursor.execute(
            f"""WITH h AS ({sql}),
                owned AS (
                    SELECT c.customer_id, count(h.item) AS k
                    FROM {cust_view} c LEFT JOIN h ON h.basket = c.customer_id GROUP BY ALL),
                cand AS (
                    SELECT o.customer_id, p.item, p.pop_rank
                    FROM owned o JOIN {pop_view} p ON p.pop_rank <= ? + o.k),
                fresh AS (SELECT * FROM cand ANTI JOIN h ON cand.customer_id = h.basket AND cand.item = h.item)
                SELECT customer_id, row_number() OVER (PARTITION BY customer_id ORDER BY pop_rank) AS rank, item
                FROM fresh QUALIFY rank <= ? ORDER BY customer_id, rank""",
            [*params, int(top_n), int(top_n)],
        ).df()
    finally:
        cursor.unregister(pop_view)
        cursor.unregister(cust_view)
    base["rank"] = base["rank"].astype("int64")
    return _keys_as_text(base, ["item"])


def _hits(recs: pd.DataFrame, bought: pd.DataFrame, customers: np.ndarray) -> tuple[float, float]:
    """(share of ``customers`` who bought any item recommended to them, share of recommendations bought)."""
    if len(customers) == 0:
        return float("nan"), float("nan")
    hit = recs.merge(bought, on=["customer_id", "item"], how="left", indicator=True)["_merge"].eq("both").to_numpy()
    buyers = recs["customer_id"].to_numpy()[hit]
    precision = float(hit.mean()) if len(hit) else float("nan")
    return float(np.isin(customers, buyers).mean()), precision


def backtest_nbp(cursor, as_of: dt.date, params: dict, *, horizon_days: int = 90) -> dict:
    """Recommend as of ``as_of − horizon_days`` and check what those customers bought next.

    Compares the rules with the popularity baseline (the most frequent items a customer
    does not have yet) on the same customers: hit rate (customers who bought at least
    one recommended item within the horizon) and precision (recommendations bought).
    """
    if isinstance(horizon_days, bool) or not isinstance(horizon_days, int | np.integer) or horizon_days < 1:
        raise MiningError("mining.nbp.bad_horizon", value=horizon_days)
    params = dict(params)
    top_n = params.pop("top_n", 3)
    cutoff = as_of - dt.timedelta(days=int(horizon_days))
    result = mine_rules(cursor, nbp_spec(cutoff, params))
    if result.rules.empty:
        raise MiningError("mining.nbp.no_rules", min_support=result.spec.min_support)
    recs = recommend(cursor, result, cutoff, top_n=top_n)
    base = popular_items(cursor, result, cutoff, recs["customer_id"], top_n=top_n)
    sql, sql_params = _selection(_bought(result.spec, cutoff + dt.timedelta(days=1), as_of))
    view = f"nbp_cust_{uuid.uuid4().hex}"
    cursor.register(view, pd.DataFrame({"customer_id": pd.unique(recs["customer_id"])}))
    try:
        bought = cursor.execute(
            f"SELECT basket AS customer_id, item FROM ({sql}) SEMI JOIN {view} c ON c.customer_id = basket",
            sql_params,
        ).df()
    finally:
        cursor.unregister(view)
    bought = _keys_as_text(bought, ["item"])
    customers = pd.unique(recs["customer_id"])
    hit_rate, precision = _hits(recs[["customer_id", "item"]], bought, customers)
    base_hit_rate, base_precision = _hits(base[["customer_id", "item"]], bought, customers)
    return {
        "cutoff": cutoff.isoformat(),
        "horizon_days": int(horizon_days),
        "customers": int(recs["customer_id"].nunique()),
        "hit_rate": hit_rate,
        "precision": precision,
        "baseline_hit_rate": base_hit_rate,
        "baseline_precision": base_precision,
    }


def score_nbp(cursor, as_of: dt.date, params: dict, user: str) -> int:
    """Mine rules over the lookback window, recommend for every customer, store an "nbp" run.

    ``params``: ``level``, ``basket``, ``lookback_days`` (365), ``min_support`` (by level),
    ``min_confidence`` (0.05), ``min_lift`` (1.0), ``max_rules`` (1000), ``top_n`` (3),
    ``backtest_days`` (90; 0 skips the holdout check of ``backtest_nbp``, stored in the
    run's metrics) and the customer filters ``countries``, ``regions``, ``customer_types``.
    Returns the run id.
    """
    from mining.runs import save_run

    params = dict(params)
    top_n = params.pop("top_n", 3)
    backtest_days = params.pop("backtest_days", 90)
    spec = nbp_spec(as_of, params)
    result = mine_rules(cursor, spec)
    if result.rules.empty:
        raise MiningError("mining.nbp.no_rules", min_support=spec.min_support)
    recs = recommend(cursor, result, as_of, top_n=top_n)
    stored = {
        **{k: v for k, v in asdict(spec).items() if k not in ("start", "end")},
        "start": spec.start.isoformat(),
        "end": spec.end.isoformat(),
        "lookback_days": (spec.end - spec.start).days + 1,
        "top_n": int(top_n),
        "backtest_days": backtest_days,
    }
    for key in ("countries", "regions", "customer_types", "channel_groups"):
        stored[key] = list(stored[key])
    metrics = {
        "baskets": result.n_baskets,
        "rules": len(result.rules),
        "customers": int(recs["customer_id"].nunique()),
        "recommendations": len(recs),
        "mean_score": float(recs["score"].mean()) if len(recs) else None,
    }
    if backtest_days:
        try:
            metrics["backtest"] = backtest_nbp(cursor, as_of, {**params, "top_n": top_n}, horizon_days=backtest_days)
        except MiningError as err:  # too little history before the cutoff: the run is still useful
            metrics["backtest"] = {"error": err.key, **err.values}
    return save_run("nbp", as_of, stored, recs, metrics, user, cursor=cursor)

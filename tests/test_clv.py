"""BG/NBD and Gamma-Gamma: published and hand-computed answers, parameters recovered from
data simulated from the models, textbook properties, the demo warehouse against pandas
and its holdout check, and clear errors for data the models cannot use."""

import datetime as dt

import duckdb
import numpy as np
import pandas as pd
import pytest
from scipy import optimize

from mining.clv import (
    MONTH_WEEKS,
    BetaGeoModel,
    GammaGammaModel,
    _bgnbd_objective,
    _gg_objective,
    bgnbd_loglik,
    clv,
    holdout_check,
    purchase_summary,
    score_clv,
)
from mining.errors import MiningError

CDNOW = {"r": 0.243, "alpha": 4.414, "a": 0.793, "b": 2.426}  # Fader, Hardie & Lee (2005), CDNOW sample


def fitted(params: dict, model=None):
    model = model or BetaGeoModel()
    for key, value in params.items():
        setattr(model, f"{key}_", value)
    return model


def simulate_bgnbd(n, r, alpha, a, b, t_max, seed):
    """Customers drawn from BG/NBD: first purchase at 0, Poisson purchases, dropout after each repeat."""
    rng = np.random.default_rng(seed)
    lam, p = rng.gamma(r, 1 / alpha, n), rng.beta(a, b, n)
    T = rng.uniform(t_max / 4, t_max, n)
    x, t_x, t = np.zeros(n), np.zeros(n), np.zeros(n)
    alive = np.ones(n, dtype=bool)
    while alive.any():  # one step per purchase, all customers at once
        idx = np.flatnonzero(alive)
        t[idx] += rng.exponential(1 / lam[idx])
        over = t[idx] > T[idx]
        alive[idx[over]] = False
        buy = idx[~over]
        x[buy] += 1
        t_x[buy] = t[buy]
        alive[buy[rng.random(len(buy)) < p[buy]]] = False
    return x, t_x, T


def simulate_gamma_gamma(n, p, q, gamma, seed):
    rng = np.random.default_rng(seed)
    nu = rng.gamma(q, 1 / gamma, n)
    x = 1 + rng.poisson(3, n)
    return x, rng.gamma(p * x, 1 / (nu * x))  # mean of x Gamma(p, rate nu) values


# ------------------------------------------------------------------ known answers


def test_cdnow_published_conditional_expectation():
    # FHL 2005, section 5: x = 2, t_x = 30.43, T = 38.86 -> 1.226 purchases in the next 39 weeks
    model = fitted(CDNOW)
    assert model.expected_purchases(39, [2], [30.43], [38.86])[0] == pytest.approx(1.226, abs=0.001)


def test_closed_form_equals_the_integral_form():
    model = fitted({"r": 0.6, "alpha": 5.0, "a": 1.8, "b": 3.5})  # a > 1: eq. 10 applies
    x, t_x, T = np.array([0, 1, 4, 12.0]), np.array([0, 3, 20, 50.0]), np.array([10, 30, 40, 52.0])
    t = np.full(4, 26.0)
    closed = model.expected_purchases(26, x, t_x, T)
    assert np.allclose(closed, model._expected_purchases_integral(t, x, t_x, T), rtol=1e-6)


def test_p_alive_by_hand_and_its_textbook_properties():
    model = fitted(CDNOW)
    # x = 0: BG/NBD only lets customers drop out after a repeat purchase, so P(alive) = 1
    assert model.p_alive([0, 0], [0, 0], [5, 80]).tolist() == [1.0, 1.0]
    r, alpha, a, b = CDNOW.values()
    by_hand = 1 / (1 + a / (b + 2 - 1) * ((alpha + 38.86) / (alpha + 30.43)) ** (r + 2))
    assert model.p_alive([2], [30.43], [38.86])[0] == pytest.approx(by_hand)
    T = np.linspace(10, 100, 10)
    assert np.all(np.diff(model.p_alive(np.full(10, 3), np.full(10, 10), T)) < 0)  # longer silence, less alive
    t_x = np.linspace(1, 50, 10)
    assert np.all(np.diff(model.p_alive(np.full(10, 3), t_x, np.full(10, 50))) > 0)  # later last purchase
    assert model.p_alive([5], [50], [50])[0] == pytest.approx(1 / (1 + a / (b + 4)))  # bought today


def test_expected_purchases_grow_with_horizon_and_start_at_zero():
    model = fitted(CDNOW)
    horizons = np.array([0.0, 4, 13, 26, 52, 104])
    got = np.array([model.expected_purchases(h, [3], [20], [40])[0] for h in horizons])
    assert got[0] == pytest.approx(0.0, abs=1e-12) and np.all(np.diff(got) > 0)


def test_unconditional_expectation_matches_simulation():
    params = {"r": 0.5, "alpha": 6.0, "a": 1.5, "b": 4.0}
    model = fitted(params)
    rng = np.random.default_rng(11)
    n, t = 200_000, 52.0
    lam, p = rng.gamma(0.5, 1 / 6.0, n), rng.beta(1.5, 4.0, n)
    # purchases split into a Poisson(lambda p) stream of last ones and a Poisson(lambda (1 - p))
    # stream of the others: the count is the others before the first last one, plus it
    death = rng.exponential(1 / (lam * p))
    simulated = (rng.poisson(lam * (1 - p) * np.minimum(death, t)) + (death <= t)).mean()
    assert model.expected_purchases_new(t) == pytest.approx(simulated, rel=0.02)


def test_gamma_gamma_by_hand():
    model = GammaGammaModel()
    model.p_, model.q_, model.gamma_ = 6.0, 4.0, 15.0
    assert model.population_mean_ == pytest.approx(30.0)
    got = model.expected_value([2, 1, 0], [30.0, 10.0, np.nan])
    assert got.tolist() == pytest.approx([(15 + 60) * 6 / 15, (15 + 10) * 6 / 9, 30.0])


def test_clv_without_discount_is_purchases_times_value():
    bg = fitted(CDNOW)
    gg = GammaGammaModel()
    gg.p_, gg.q_, gg.gamma_ = 6.0, 4.0, 15.0
    summary = pd.DataFrame({"x": [0, 2, 7], "t_x": [0, 30.43, 40], "T": [20, 38.86, 41], "m_x": [np.nan, 25, 40]})
    x, t_x, T = (summary[c].to_numpy(float) for c in ("x", "t_x", "T"))
    value = gg.expected_value(x, summary["m_x"])
    plain = clv(bg, gg, summary, months=12, monthly_discount=0.0)
    assert np.allclose(plain, bg.expected_purchases(12 * MONTH_WEEKS, x, t_x, T) * value)
    discounted = clv(bg, gg, summary, months=12, monthly_discount=0.02, margin=0.3)
    assert np.all(discounted < plain * 0.3) and np.all(discounted > plain * 0.3 / 1.02**12)


def test_analytic_gradients_match_finite_differences():
    x, t_x, T = simulate_bgnbd(500, 0.5, 6.0, 1.5, 4.0, 104, 5)
    w = np.ones_like(x)
    for point in (np.log([0.5, 6.0, 1.5, 4.0]), np.log([2.0, 1.0, 0.3, 9.0])):
        err = optimize.check_grad(
            lambda v: _bgnbd_objective(v, x, t_x, T, w)[0], lambda v: _bgnbd_objective(v, x, t_x, T, w)[1], point
        )
        assert err < 1e-5
    xs, m = simulate_gamma_gamma(500, 6.0, 4.0, 15.0, 5)
    xs, w = xs.astype(float), np.ones(500)
    err = optimize.check_grad(
        lambda v: _gg_objective(v, xs, m, w)[0], lambda v: _gg_objective(v, xs, m, w)[1], [1, 1, 2]
    )
    assert err < 1e-5


# ------------------------------------------------------------------ recovery from simulated data


def test_bgnbd_recovers_simulated_parameters():
    true = {"r": 0.5, "alpha": 6.0, "a": 1.5, "b": 4.0}
    x, t_x, T = simulate_bgnbd(5000, *true.values(), t_max=104, seed=3)
    model = BetaGeoModel().fit(x, t_x, T)
    for key in ("r", "alpha"):
        assert model.params_[key] == pytest.approx(true[key], rel=0.1), key
    for key in ("a", "b"):  # dropout is seen only through silences: looser
        assert model.params_[key] == pytest.approx(true[key], rel=0.3), key
    # the fit is the maximum: at least as likely as the true parameters
    assert (
        bgnbd_loglik(list(model.params_.values()), x, t_x, T).sum()
        >= bgnbd_loglik(list(true.values()), x, t_x, T).sum()
    )
    # and predicts the simulated customers' next year like the true model does
    truth = fitted(true)
    assert model.expected_purchases(52, x, t_x, T).sum() == pytest.approx(
        truth.expected_purchases(52, x, t_x, T).sum(), rel=0.05
    )


def test_gamma_gamma_recovers_simulated_parameters():
    x, m = simulate_gamma_gamma(5000, 6.0, 4.0, 15.0, seed=4)
    model = GammaGammaModel().fit(x, m)
    assert model.q_ == pytest.approx(4.0, rel=0.05)
    assert model.p_ == pytest.approx(6.0, rel=0.3) and model.gamma_ == pytest.approx(15.0, rel=0.3)
    assert model.population_mean_ == pytest.approx(30.0, rel=0.05)


# ------------------------------------------------------------------ the demo warehouse


@pytest.fixture(scope="module")
def demo(demo_pointer):
    con = duckdb.connect(str(demo_pointer), read_only=True)
    yield con
    con.close()


def test_purchase_summary_equals_pandas(demo):
    as_of = dt.date(2025, 6, 30)
    lines = demo.execute("SELECT order_id, customer_id, order_ts, revenue FROM fact_order_line").df()
    lines = lines[lines["order_ts"] < pd.Timestamp(as_of) + pd.Timedelta(days=1)]
    orders = lines.groupby(["customer_id", "order_id"]).agg(ts=("order_ts", "min"), revenue=("revenue", "sum"))
    orders = orders.reset_index()
    orders["day"] = orders["ts"].dt.normalize()
    days = orders.groupby(["customer_id", "day"])["revenue"].sum().reset_index()  # a day's net value
    days = days[days["revenue"] > 0].sort_values(["customer_id", "day"])
    by = days.groupby("customer_id")
    first, last = by["day"].min(), by["day"].max()
    repeat_value = days[by.cumcount() > 0].groupby("customer_id")["revenue"].mean()
    got = purchase_summary(demo, as_of).set_index("customer_id")
    assert list(got.index) == list(first.index)
    assert (got["x"] == by.size() - 1).all()
    assert np.allclose(got["t_x"], (last - first).dt.days / 7)
    assert np.allclose(got["T"], (pd.Timestamp(as_of) - first).dt.days / 7)
    assert np.allclose(got["m_x"].dropna(), repeat_value.reindex(got.index).dropna())
    assert got["m_x"].isna().sum() == (by.size() == 1).sum()


def test_holdout_prediction_is_close_to_what_happened(demo):
    table, metrics = holdout_check(demo, dt.date(2024, 12, 31), dt.date(2025, 12, 31))
    assert abs(metrics["purchases_error_pct"]) < 20
    assert metrics["correlation"] > 0.5
    assert table["customers"].sum() == metrics["customers"]
    assert table["actual"].sum() == pytest.approx(metrics["actual_purchases"])
    lines = demo.execute("SELECT order_id, customer_id, order_ts, revenue FROM fact_order_line").df()
    orders = lines.groupby(["customer_id", "order_id"]).agg(ts=("order_ts", "min"), revenue=("revenue", "sum"))
    orders = orders.reset_index().assign(day=lambda o: o["ts"].dt.normalize())
    buys = orders.groupby(["customer_id", "day"])["revenue"].sum().reset_index()  # a day's net value
    buys = buys[buys["revenue"] > 0]
    cut = pd.Timestamp("2025-01-01")
    known = set(buys.loc[buys["day"] < cut, "customer_id"])
    later = buys[(buys["day"] >= cut) & (buys["day"] < pd.Timestamp("2026-01-01")) & buys["customer_id"].isin(known)]
    days = later[["customer_id", "day"]]
    assert metrics["customers"] == len(known)
    assert metrics["actual_purchases"] == len(days)  # distinct purchase days of calibration customers
    assert list(table.columns) == [
        "bucket",
        "customers",
        "actual",
        "predicted",
        "actual_value",
        "predicted_value",
        "error_pct",
    ]


def test_scores_rank_lapsed_customers_lower(demo):
    scores, models = score_clv(demo, dt.date(2025, 12, 31))
    assert scores["p_alive"].between(0, 1).all() and (scores["clv"] >= 0).all()
    repeaters = scores[scores["x"] >= 3]
    silent = repeaters["T"] - repeaters["t_x"] > 52
    assert repeaters.loc[silent, "p_alive"].mean() < repeaters.loc[~silent, "p_alive"].mean() - 0.3
    assert models["bgnbd"].a_ > 0 and models["gamma_gamma"].q_ > 1


# ------------------------------------------------------------------ bad input


def test_bad_input_raises_mining_errors():
    with pytest.raises(MiningError, match="mining.clv.too_few"):
        BetaGeoModel().fit([1, 2], [1, 2], [3, 4])
    with pytest.raises(MiningError, match="mining.clv.too_few_repeat"):
        BetaGeoModel().fit(np.zeros(50), np.zeros(50), np.full(50, 10.0))
    with pytest.raises(MiningError, match="mining.clv.bad_input") as info:
        BetaGeoModel().fit([1, 0] * 20, [5, 0] * 20, [3, 4] * 20)  # last purchase after the end
    assert info.value.values == {"rows": 20}
    with pytest.raises(MiningError, match="mining.clv.constant_value"):
        GammaGammaModel().fit(np.full(30, 2), np.full(30, 50.0))
    with pytest.raises(MiningError, match="mining.clv.bad_value"):
        GammaGammaModel().fit(np.full(30, 2), np.r_[np.arange(1.0, 30), -5.0])
    with pytest.raises(MiningError, match="mining.clv.bad_horizon"):
        clv(fitted(CDNOW), GammaGammaModel(), pd.DataFrame({"x": [1], "t_x": [1], "T": [2], "m_x": [1]}), months=0)


def test_too_early_a_date_is_a_clear_error(demo):
    first = demo.execute("SELECT min(order_ts)::DATE FROM fact_order_line").fetchone()[0]
    with pytest.raises(MiningError, match="mining.clv.too_few"):
        score_clv(demo, first)
    with pytest.raises(MiningError, match="mining.rfm.dates_order"):
        holdout_check(demo, dt.date(2025, 1, 1), dt.date(2024, 1, 1))


@pytest.mark.parametrize("params", [CDNOW, {"r": 0.6, "alpha": 5.0, "a": 1.8, "b": 3.5}])
def test_path_of_horizons_equals_one_horizon_at_a_time(params):
    model = fitted(params)
    x, t_x, T = np.array([0, 1, 4, 12.0]), np.array([0, 3, 20, 50.0]), np.array([10, 30, 40, 52.0])
    horizons = [4.0, 13.0, 52.0]
    path = model.expected_purchases_path(horizons, x, t_x, T)
    assert path.shape == (3, 4)
    for row, h in zip(path, horizons, strict=True):
        assert np.allclose(row, model.expected_purchases(h, x, t_x, T), rtol=1e-10)


def test_customers_without_positive_spend_never_count_guests():
    import datetime as dt

    import duckdb

    from mining.clv import no_positive_spend

    con = duckdb.connect()
    con.execute("CREATE TABLE dim_customer (customer_id INTEGER, is_guest BOOLEAN)")
    con.execute("INSERT INTO dim_customer VALUES (1, false), (2, false), (3, true)")
    con.execute(
        "CREATE TABLE fact_order_line (order_id INTEGER, customer_id INTEGER, order_ts TIMESTAMP, revenue DOUBLE)"
    )
    con.execute(
        """INSERT INTO fact_order_line VALUES
           (1, 1, '2025-01-02', 40.0),   -- a buyer
           (2, 2, '2025-01-03', 0.0),    -- a free order only: a customer with no positive spend
           (3, 3, '2025-01-04', -15.0)   -- a guest checkout's return: not a customer at all"""
    )
    assert no_positive_spend(con, dt.date(2025, 1, 31)) == 1

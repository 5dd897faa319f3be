"""Forecasts: metrics by hand, planted seasonal series, weekly convergence, intervals and
their coverage, the cube series against SQL on the demo warehouse, every refusal."""

import datetime as dt
import warnings

import duckdb
import numpy as np
import pandas as pd
import pytest

from mining.errors import Cancelled, MiningError
from mining.forecast import (
    CANDIDATE_COLUMNS,
    FORECAST_COLUMNS,
    MIN_PERIODS,
    cube_series,
    fit_model,
    forecast,
    forecast_slice,
    mape,
    mase,
    period_label,
    series_from_frame,
)


def planted_monthly(n: int, seed: int, noise: float = 30.0) -> pd.Series:
    """Level 1000, trend +10 a month, yearly sine of amplitude 150, Gaussian noise."""
    rng = np.random.default_rng(seed)
    t = np.arange(n)
    y = 1000 + 10 * t + 150 * np.sin(2 * np.pi * t / 12) + rng.normal(0, noise, n)
    return pd.Series(y, index=pd.date_range("2021-01-01", periods=n, freq="MS"))


def planted_weekly(n: int, seed: int) -> pd.Series:
    rng = np.random.default_rng(seed)
    t = np.arange(n)
    season = 200 * np.sin(2 * np.pi * t / 52.18) + 80 * np.cos(4 * np.pi * t / 52.18)
    y = 1000 + 2 * t + season + rng.normal(0, 50, n)
    return pd.Series(y, index=pd.date_range("2023-01-02", periods=n, freq="W-MON"))


# --------------------------------------------------------------------------- metrics


def test_mape_by_hand_skips_zero_actuals():
    # |100-90|/100 = 0.1, |200-260|/200 = 0.3, the zero actual is skipped
    assert mape([100, 0, 200], [90, 5, 260]) == pytest.approx(0.2)
    assert np.isnan(mape([0, 0], [1, 2]))


def test_mase_by_hand():
    train = [10, 20, 30, 12, 22, 32]  # lag-3 differences: 2, 2, 2 -> scale 2
    assert mase([14, 24], [15, 21], train, season=3) == pytest.approx((1 + 3) / 2 / 2)
    # lag 1: |10|, |10|, |18|, |10|, |10| -> scale 11.6
    assert mase([14], [15], train, season=1) == pytest.approx(1 / 11.6)
    assert np.isnan(mase([1], [2], [5, 5, 5], season=1))  # a perfect naive forecast: no scale
    assert np.isnan(mase([1], [2], [5, 6], season=3))  # too short for the lag


def test_seasonal_naive_fit_by_hand():
    y = np.array([1.0, 2, 3, 2, 4, 5])  # lag-3 residuals 1, 2, 2 -> sigma = sqrt(3)
    fit = fit_model("snaive", y, 4, 3, levels=(95,))
    np.testing.assert_allclose(fit.mean, [2, 4, 5, 2])
    half = 1.959964 * np.sqrt(3) * np.array([1, 1, 1, np.sqrt(2)])  # the 4th step is a season further
    np.testing.assert_allclose(fit.bounds[95][1] - fit.mean, half, rtol=1e-5)
    naive = fit_model("naive", y, 2, None, levels=(80,))
    np.testing.assert_allclose(naive.mean, [5, 5])


def test_period_labels_follow_the_cube():
    assert period_label(pd.Timestamp("2025-03-01"), "month") == "2025-03"
    assert period_label(pd.Timestamp("2024-12-30"), "week") == "2025-W01"


# --------------------------------------------------------------------------- planted series


@pytest.fixture(scope="module")
def monthly_result():
    series = planted_monthly(60, seed=11)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        result = forecast(series.iloc[:48], "month", 12)
    return series, result


def test_planted_seasonal_model_beats_seasonal_naive(monthly_result):
    series, r = monthly_result
    assert r.season == 12
    assert list(r.candidates.columns[: len(CANDIDATE_COLUMNS)]) == list(CANDIDATE_COLUMNS)
    assert set(r.candidates["model"]) == {"ets_add", "ets_mul", "ets", "sarima", "snaive"}
    chosen = r.candidates.set_index("model").loc[r.model]
    assert chosen["converged"] and chosen["chosen"]
    assert r.baseline["model"] == "snaive"
    assert chosen["mase"] < r.baseline["mase"]
    assert r.improvement > 0.3
    # held-out truth: the chosen forecast beats repeating last year's values
    truth = series.iloc[48:].to_numpy()
    model_mae = np.mean(np.abs(r.forecast["mean"].to_numpy() - truth))
    naive_mae = np.mean(np.abs(series.iloc[36:48].to_numpy() - truth))
    assert model_mae < 0.7 * naive_mae
    np.testing.assert_allclose(r.baseline_forecast["mean"], series.iloc[36:48].to_numpy())


def test_backtest_frame_and_origins(monthly_result):
    _, r = monthly_result
    bt = r.backtest
    assert {"origin", "period", "step", "actual", "ets_add", "sarima", "snaive"} <= set(bt.columns)
    assert len(r.origins) == 5 and r.origins[-1] == pd.Timestamp("2024-11-01")
    # every backtest forecast is of a period after its origin, within the backtest horizon
    assert (bt["period"] > bt["origin"]).all() and bt["step"].between(1, r.backtest_horizon).all()
    # the seasonal naive column is last year's actual value
    history = r.history
    for _, row in bt.iterrows():
        assert row["snaive"] == pytest.approx(history[row["period"] - pd.DateOffset(months=12)])
        assert row["actual"] == pytest.approx(history[row["period"]])
    # the table's MAPE is the pooled MAPE of the backtest columns
    cand = r.candidates.set_index("model")
    assert cand.loc["ets_add", "mape"] == pytest.approx(mape(bt["actual"], bt["ets_add"]))


def test_intervals_are_nested(monthly_result):
    _, r = monthly_result
    f = r.forecast
    assert list(f.columns) == list(FORECAST_COLUMNS)
    assert f["period"].iloc[0] == pd.Timestamp("2025-01-01") and len(f) == 12
    assert (f["lo95"] <= f["lo80"]).all() and (f["lo80"] <= f["mean"]).all()
    assert (f["mean"] <= f["hi80"]).all() and (f["hi80"] <= f["hi95"]).all()
    assert (f["hi95"] - f["lo95"] > f["hi80"] - f["lo80"]).all()


def test_interval_coverage_on_planted_noise():
    inside80 = inside95 = total = 0
    for seed in range(8):
        series = planted_monthly(48, seed=100 + seed, noise=40.0)
        r = forecast(series.iloc[:36], "month", 12, models=("ets_add",), folds=3)
        truth = series.iloc[36:].to_numpy()
        f = r.forecast
        inside80 += int(((f["lo80"] <= truth) & (truth <= f["hi80"])).sum())
        inside95 += int(((f["lo95"] <= truth) & (truth <= f["hi95"])).sum())
        total += len(truth)
    assert 0.65 <= inside80 / total <= 0.95
    assert 0.85 <= inside95 / total <= 1.0


def test_weekly_52_season_converges_without_escaping_warnings():
    series = planted_weekly(156, seed=5)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # any warning that escapes fails the test
        r = forecast(series, "week", 13)
    assert r.season == 52
    assert r.candidates["converged"].all()
    assert r.candidates.set_index("model").loc[r.model, "converged"]
    assert r.forecast["period"].iloc[0] == pd.Timestamp("2025-12-29")
    assert r.candidates.set_index("model").loc[r.model, "mase"] < r.baseline["mase"]


def test_non_converged_candidate_is_never_chosen(monkeypatch):
    import mining.forecast.models as fc

    real = fc._statsmodels_fit

    def sarima_never_converges(name, *args):
        fit = real(name, *args)
        if name == "sarima":
            fit.converged = False
        return fit

    monkeypatch.setattr(fc, "_statsmodels_fit", sarima_never_converges)
    r = forecast(planted_monthly(48, seed=2), "month", 6, models=("sarima", "ets_add"), folds=3)
    cand = r.candidates.set_index("model")
    assert not cand.loc["sarima", "converged"]
    assert cand.loc["sarima", "note"] == "mining.forecast.cand.not_converged"
    assert r.model != "sarima"
    assert ("mining.forecast.note.not_converged", {"count": 1}) in r.notes


def test_short_series_falls_back_to_non_seasonal_models():
    series = planted_monthly(20, seed=3)
    r = forecast(series, "month", 3)
    assert r.season is None
    assert set(r.candidates["model"]) == {"ets", "arima", "naive"}
    assert r.baseline["model"] == "naive"
    assert ("mining.forecast.note.nonseasonal.month", {"periods": 20, "needed": 27}) in r.notes


def test_negative_forecasts_of_a_non_negative_series_are_clipped():
    # a falling count: the trend goes below zero within the horizon
    y = np.maximum(0, 60 - 5 * np.arange(14)) + np.array([3, 0, 2, 1, 0, 2, 1, 3, 0, 2, 1, 0, 0, 0])
    series = pd.Series(y.astype(float), index=pd.date_range("2024-01-01", periods=14, freq="MS"))
    r = forecast(series, "month", 12, models=("ets",))
    assert (r.forecast[["mean", "lo80", "hi80", "lo95", "hi95"]] >= 0).all().all()
    assert any(key == "mining.forecast.note.mape_zeros" for key, _ in r.notes)


def test_progress_and_cancel():
    seen = []
    forecast(planted_monthly(20, seed=4), "month", 2, progress=lambda f, k: seen.append((f, k)))
    assert seen[-1] == (1.0, "mining.forecast.progress.done")
    assert all(a[0] <= b[0] for a, b in zip(seen, seen[1:], strict=False))
    with pytest.raises(Cancelled):
        forecast(planted_monthly(20, seed=4), "month", 2, cancelled=lambda: True)


# --------------------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    "series, grain, horizon, key",
    [
        (planted_monthly(40, 1), "day", 3, "mining.forecast.bad_grain"),
        (planted_monthly(40, 1), "month", 0, "mining.forecast.bad_horizon.month"),
        (planted_monthly(40, 1), "month", 25, "mining.forecast.bad_horizon.month"),
        (planted_weekly(120, 1), "week", 105, "mining.forecast.bad_horizon.week"),
        (planted_monthly(40, 1), "month", 2.5, "mining.forecast.bad_horizon.month"),
        (planted_monthly(MIN_PERIODS - 1, 1), "month", 3, "mining.forecast.too_few.month"),
        (planted_weekly(5, 1), "week", 3, "mining.forecast.too_few.week"),
        (
            pd.Series(0.0, index=pd.date_range("2023-01-01", periods=30, freq="MS")),
            "month",
            3,
            "mining.forecast.all_zero",
        ),
        (
            pd.Series(7.0, index=pd.date_range("2023-01-01", periods=30, freq="MS")),
            "month",
            3,
            "mining.forecast.constant",
        ),
        (
            planted_monthly(30, 1).set_axis(pd.date_range("2023-01-05", periods=30, freq="D")),
            "month",
            3,
            "mining.forecast.bad_index",
        ),
    ],
)
def test_bad_input_is_refused_with_its_key(series, grain, horizon, key):
    with pytest.raises(MiningError) as err:
        forecast(series, grain, horizon)
    assert err.value.key == key


def test_too_few_says_how_many():
    with pytest.raises(MiningError) as err:
        forecast(planted_monthly(7, 1), "month", 3)
    assert err.value.values == {"periods": 7, "needed": MIN_PERIODS}


def test_gaps_name_the_missing_periods():
    series = planted_monthly(30, 1)
    series.iloc[[5, 9]] = np.nan
    series = series.drop(series.index[12])  # a period missing from the index is a gap too
    with pytest.raises(MiningError) as err:
        forecast(series, "month", 3)
    assert err.value.key == "mining.forecast.gaps"
    assert err.value.values == {"periods": "2021-06, 2021-10, 2022-01", "count": 3}


def test_missing_values_at_the_edges_are_trimmed_with_notes():
    series = planted_monthly(30, 1)
    series.iloc[:2] = np.nan
    series.iloc[-1] = np.nan
    r = forecast(series, "month", 2, models=("ets",))
    assert r.history.index[0] == pd.Timestamp("2021-03-01") and r.history.index[-1] == pd.Timestamp("2023-05-01")
    assert ("mining.forecast.note.trimmed_start", {"periods": 2, "first": "2021-03"}) in r.notes
    assert ("mining.forecast.note.trimmed_end", {"periods": 1, "last": "2023-05"}) in r.notes
    assert r.forecast["period"].iloc[0] == pd.Timestamp("2023-06-01")


def test_unknown_model_is_refused():
    with pytest.raises(MiningError) as err:
        forecast(planted_monthly(30, 1), "month", 3, models=("prophet",))
    assert err.value.key == "mining.forecast.bad_model"


# --------------------------------------------------------------------------- cube series


def test_series_from_frame_fills_trims_and_drops_partial_periods():
    frame = pd.DataFrame(
        {"time.month": ["2024-02", "2024-03", "2024-05", "2024-07", "2024-08"], "revenue": [5.0, 1.0, 2.0, 3.0, 9.0]}
    )
    s = series_from_frame(frame, "revenue", "month", dt.date(2024, 1, 1), dt.date(2024, 10, 15))
    # January has no rows (trimmed), October is cut by the end date (dropped), September
    # has no rows (trimmed), April and June have no rows inside the range (0)
    assert list(s.index) == list(pd.date_range("2024-02-01", "2024-08-01", freq="MS"))
    assert s.tolist() == [5.0, 1.0, 0.0, 2.0, 0.0, 3.0, 9.0]
    keys = [k for k, _ in s.attrs["notes"]]
    assert keys == [
        "mining.forecast.note.partial_last",
        "mining.forecast.note.trimmed_start",
        "mining.forecast.note.trimmed_end",
        "mining.forecast.note.zero_filled",
    ]
    assert s.attrs["notes"][0][1] == {"period": "2024-10", "end": "2024-10-15"}
    # a ratio keeps the empty months as gaps
    r = series_from_frame(frame, "revenue", "month", dt.date(2024, 2, 1), dt.date(2024, 8, 31), ratio=True)
    assert r.isna().tolist() == [False, False, True, False, True, False, False]


def test_weekly_series_uses_iso_weeks_from_monday():
    frame = pd.DataFrame({"time.week": ["2024-W52", "2025-W01", "2025-W02"], "orders": [1.0, 2.0, 3.0]})
    s = series_from_frame(frame, "orders", "week", dt.date(2024, 12, 23), dt.date(2025, 1, 8))
    assert list(s.index) == [pd.Timestamp("2024-12-23"), pd.Timestamp("2024-12-30")]  # W02 ends on the 12th
    assert s.index.freqstr == "W-MON"
    assert s.attrs["notes"][0] == ("mining.forecast.note.partial_last", {"period": "2025-W02", "end": "2025-01-08"})


@pytest.fixture(scope="module")
def demo_warehouse(demo_pointer):
    from data.warehouse import Warehouse

    return Warehouse(demo_pointer)


def test_cube_series_equals_sql_by_month(demo_warehouse, demo_pointer):
    s = cube_series("revenue", {"geo.country": ["Germany"]}, "month", "2023-01-01", "2025-12-31", demo_warehouse)
    con = duckdb.connect(str(demo_pointer), read_only=True)
    sql = con.execute(
        """SELECT date_trunc('month', f.order_ts) AS month, sum(f.revenue) AS revenue
           FROM fact_order_line f JOIN dim_customer c ON c.customer_id = f.customer_id
           WHERE c.country = ? AND f.order_ts >= ? AND f.order_ts < ?
           GROUP BY 1 ORDER BY 1""",
        ["Germany", dt.date(2023, 1, 1), dt.date(2026, 1, 1)],
    ).df()
    con.close()
    expected = sql.set_index(pd.DatetimeIndex(sql["month"]))["revenue"]
    expected = expected.reindex(
        pd.date_range(expected.index[0], expected.index[-1], freq="MS", unit="ns"), fill_value=0.0
    )
    assert len(s) == 36
    pd.testing.assert_series_equal(s, expected, check_names=False, check_freq=False, rtol=1e-9)
    assert s.attrs["notes"] == [] and s.attrs["measure"] == "revenue"


def test_cube_series_ratio_with_gaps_is_refused(demo_warehouse):
    s = cube_series("aov", {"geo.country": ["Chile"]}, "month", "2023-01-01", "2025-12-31", demo_warehouse)
    assert s.attrs["ratio"] and s.isna().any()
    with pytest.raises(MiningError) as err:
        forecast(s, "month", 3)
    assert err.value.key == "mining.forecast.gaps"
    assert err.value.values["count"] == int(s.isna().sum())


def test_cube_errors_propagate(demo_warehouse):
    from olap.cube import CubeError

    with pytest.raises(CubeError):
        cube_series("no_such_measure", {}, "month", "2023-01-01", "2025-12-31", demo_warehouse)
    with pytest.raises(MiningError):
        cube_series("revenue", {}, "quarter", "2023-01-01", "2025-12-31", demo_warehouse)


def test_forecast_slice_on_the_demo(demo_warehouse):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        r = forecast_slice("orders", {}, "month", "2023-01-15", "2025-12-31", 3, demo_warehouse)
    assert r.history.index[0] == pd.Timestamp("2023-02-01") and len(r.history) == 35
    assert r.notes[0] == ("mining.forecast.note.partial_first", {"period": "2023-01", "start": "2023-01-15"})
    assert r.season == 12 and (r.forecast["lo95"] >= 0).all()

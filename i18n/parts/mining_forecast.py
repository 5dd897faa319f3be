"""Forecasting: model names, table columns, notes, progress and messages for bad input."""

ENTRIES = {
    # Labels
    "mining.forecast.title": {"en": "Forecast", "ko": "예측"},
    "mining.forecast.grain.month": {"en": "Monthly", "ko": "월별"},
    "mining.forecast.grain.week": {"en": "Weekly", "ko": "주별"},
    "mining.forecast.model.ets_add": {
        "en": "ETS (damped trend, additive season)",
        "ko": "ETS (감쇠 추세, 가법 계절성)",
    },
    "mining.forecast.model.ets_mul": {
        "en": "ETS (damped trend, multiplicative season)",
        "ko": "ETS (감쇠 추세, 승법 계절성)",
    },
    "mining.forecast.model.ets": {"en": "ETS (damped trend, no season)", "ko": "ETS (감쇠 추세, 계절성 없음)"},
    "mining.forecast.model.sarima": {"en": "SARIMA", "ko": "SARIMA"},
    "mining.forecast.model.arima": {"en": "ARIMA (1,1,1)", "ko": "ARIMA (1,1,1)"},
    "mining.forecast.model.snaive": {"en": "Seasonal naive", "ko": "계절 단순 예측"},
    "mining.forecast.model.naive": {"en": "Naive (last value)", "ko": "단순 예측 (마지막 값)"},
    # candidates table
    "mining.forecast.col.model": {"en": "Model", "ko": "모델"},
    "mining.forecast.col.mase": {"en": "MASE (backtest)", "ko": "MASE (백테스트)"},
    "mining.forecast.col.mape": {"en": "MAPE (backtest)", "ko": "MAPE (백테스트)"},
    "mining.forecast.col.mae": {"en": "Mean absolute error", "ko": "평균 절대 오차"},
    "mining.forecast.col.converged": {"en": "Converged", "ko": "수렴 여부"},
    "mining.forecast.col.warnings": {"en": "Warnings", "ko": "경고 수"},
    "mining.forecast.col.note": {"en": "Note", "ko": "비고"},
    "mining.forecast.col.chosen": {"en": "Chosen", "ko": "선택됨"},
    # forecast and backtest frames
    "mining.forecast.col.period": {"en": "Period", "ko": "기간"},
    "mining.forecast.col.mean": {"en": "Forecast", "ko": "예측값"},
    "mining.forecast.col.lo80": {"en": "80% low", "ko": "80% 하한"},
    "mining.forecast.col.hi80": {"en": "80% high", "ko": "80% 상한"},
    "mining.forecast.col.lo95": {"en": "95% low", "ko": "95% 하한"},
    "mining.forecast.col.hi95": {"en": "95% high", "ko": "95% 상한"},
    "mining.forecast.col.origin": {"en": "Forecast from", "ko": "예측 기준 시점"},
    "mining.forecast.col.step": {"en": "Periods ahead", "ko": "예측 거리(기간)"},
    "mining.forecast.col.actual": {"en": "Actual", "ko": "실제값"},
    "mining.forecast.col.history": {"en": "History", "ko": "실적"},
    "mining.forecast.interval80": {"en": "80% prediction interval", "ko": "80% 예측 구간"},
    "mining.forecast.interval95": {"en": "95% prediction interval", "ko": "95% 예측 구간"},
    # candidate notes
    "mining.forecast.cand.failed": {
        "en": "The fit failed on part of the backtest; not used.",
        "ko": "백테스트 일부에서 적합에 실패하여 사용하지 않았습니다.",
    },
    "mining.forecast.cand.not_converged": {
        "en": "Did not converge in the backtest; not used.",
        "ko": "백테스트에서 수렴하지 않아 사용하지 않았습니다.",
    },
    "mining.forecast.cand.final_not_converged": {
        "en": "Did not converge on the whole history; not used.",
        "ko": "전체 실적으로 학습할 때 수렴하지 않아 사용하지 않았습니다.",
    },
    # notes
    "mining.forecast.note.partial_first": {
        "en": "The first period {period} was left out: the range starts on {start}, inside it, so it is incomplete.",
        "ko": "기간이 {start}에 시작하여 첫 기간 {period}은(는) 일부만 포함되므로 제외했습니다.",
    },
    "mining.forecast.note.partial_last": {
        "en": "The last period {period} was left out: the range ends on {end}, before it is complete, so it would look like a drop.",
        "ko": "기간이 {end}에 끝나 마지막 기간 {period}이(가) 완결되지 않았으므로 제외했습니다. 포함하면 급감처럼 보입니다.",
    },
    "mining.forecast.note.trimmed_start": {
        "en": "The first {periods} periods have no data; the history starts at {first}.",
        "ko": "처음 {periods}개 기간에는 데이터가 없어 실적은 {first}부터 시작합니다.",
    },
    "mining.forecast.note.trimmed_end": {
        "en": "The last {periods} periods have no data; the history ends at {last}.",
        "ko": "마지막 {periods}개 기간에는 데이터가 없어 실적은 {last}에서 끝납니다.",
    },
    "mining.forecast.note.zero_filled": {
        "en": "{periods} periods without any rows count as 0.",
        "ko": "데이터가 전혀 없는 {periods}개 기간은 0으로 계산했습니다.",
    },
    "mining.forecast.note.ratio": {
        "en": "“{measure}” is a ratio: it is forecast as a series of its own, not from its parts, and periods without data are gaps, not zeros.",
        "ko": "“{measure}”은(는) 비율 지표이므로 구성 요소가 아닌 비율 자체의 시계열로 예측하며, 데이터가 없는 기간은 0이 아닌 결측으로 봅니다.",
    },
    "mining.forecast.note.nonseasonal.month": {
        "en": "Only {periods} complete months: seasonal models need {needed}, so only models without a season were tried.",
        "ko": "완결된 월이 {periods}개뿐입니다. 계절 모델에는 {needed}개월이 필요하므로 계절성 없는 모델만 사용했습니다.",
    },
    "mining.forecast.note.nonseasonal.week": {
        "en": "Only {periods} complete weeks: seasonal models need {needed}, so only models without a season were tried.",
        "ko": "완결된 주가 {periods}개뿐입니다. 계절 모델에는 {needed}주가 필요하므로 계절성 없는 모델만 사용했습니다.",
    },
    "mining.forecast.note.mape_zeros": {
        "en": "MAPE skips {count} of {points} backtest periods whose actual value is 0.",
        "ko": "MAPE 계산에서 실제값이 0인 백테스트 기간 {count}개(전체 {points}개 중)를 제외했습니다.",
    },
    "mining.forecast.note.not_converged": {
        "en": "{count} candidate models did not converge and were not used (see the table).",
        "ko": "후보 모델 {count}개가 수렴하지 않아 사용하지 않았습니다(표 참조).",
    },
    "mining.forecast.note.baseline_best": {
        "en": "No model beat the naive baseline in the backtest, so the baseline is the forecast.",
        "ko": "백테스트에서 단순 예측 기준선보다 나은 모델이 없어 기준선을 예측으로 사용합니다.",
    },
    "mining.forecast.note.clipped": {
        "en": "{count} forecast periods fell below 0 and were set to 0 (this measure is never negative).",
        "ko": "예측값이 0 미만인 {count}개 기간은 0으로 맞췄습니다(이 지표는 음수가 될 수 없습니다).",
    },
    # progress
    "mining.forecast.progress.query": {"en": "Reading the series…", "ko": "시계열을 읽는 중…"},
    "mining.forecast.progress.backtest": {"en": "Backtesting the models…", "ko": "모델을 백테스트하는 중…"},
    "mining.forecast.progress.final": {"en": "Fitting the chosen model…", "ko": "선택한 모델을 학습하는 중…"},
    "mining.forecast.progress.done": {"en": "Forecast ready", "ko": "예측 완료"},
    # Bad input
    "mining.forecast.bad_grain": {
        "en": "“{grain}” is not a forecast grain. Choose one of: {allowed}.",
        "ko": "“{grain}”은(는) 예측 단위로 쓸 수 없습니다. 다음 중에서 고르세요: {allowed}.",
    },
    "mining.forecast.bad_horizon.month": {
        "en": "The horizon must be a whole number of months from 1 to {max} (got {horizon}).",
        "ko": "예측 기간은 1에서 {max} 사이의 개월 수(정수)여야 합니다(입력값 {horizon}).",
    },
    "mining.forecast.bad_horizon.week": {
        "en": "The horizon must be a whole number of weeks from 1 to {max} (got {horizon}).",
        "ko": "예측 기간은 1에서 {max} 사이의 주 수(정수)여야 합니다(입력값 {horizon}).",
    },
    "mining.forecast.bad_index": {
        "en": "The series must be indexed by the first day of each month, or the Monday of each week, once each.",
        "ko": "시계열의 인덱스는 각 월의 첫날 또는 각 주의 월요일이어야 하며 중복될 수 없습니다.",
    },
    "mining.forecast.bad_model": {
        "en": "Unknown model “{model}”. Choose from: {allowed}.",
        "ko": "알 수 없는 모델 “{model}”입니다. 다음 중에서 고르세요: {allowed}.",
    },
    "mining.forecast.gaps": {
        "en": "The series has {count} periods without a value in the middle ({periods}); a ratio has no value where nothing was counted. Choose a wider slice, a coarser grain, or an additive measure.",
        "ko": "시계열 중간에 값이 없는 기간이 {count}개 있습니다({periods}). 비율 지표는 집계된 데이터가 없는 기간에 값이 없습니다. 더 넓은 범위나 더 큰 단위, 또는 합산형 지표를 선택하세요.",
    },
    "mining.forecast.too_few.month": {
        "en": "Only {periods} complete months of data; a forecast needs at least {needed}. Widen the date range or remove a filter.",
        "ko": "완결된 월 데이터가 {periods}개뿐입니다. 예측에는 최소 {needed}개월이 필요합니다. 기간을 넓히거나 필터를 해제하세요.",
    },
    "mining.forecast.too_few.week": {
        "en": "Only {periods} complete weeks of data; a forecast needs at least {needed}. Widen the date range or remove a filter.",
        "ko": "완결된 주 데이터가 {periods}개뿐입니다. 예측에는 최소 {needed}주가 필요합니다. 기간을 넓히거나 필터를 해제하세요.",
    },
    "mining.forecast.all_zero": {
        "en": "The measure is 0 in all {periods} periods of this slice: there is nothing to forecast. Choose another measure or slice.",
        "ko": "이 범위의 {periods}개 기간 모두 지표 값이 0이라 예측할 것이 없습니다. 다른 지표나 범위를 선택하세요.",
    },
    "mining.forecast.constant": {
        "en": "The measure is {value} in all {periods} periods of this slice: a constant has no pattern to forecast.",
        "ko": "이 범위의 {periods}개 기간 모두 지표 값이 {value}(으)로 일정하여 예측할 패턴이 없습니다.",
    },
}

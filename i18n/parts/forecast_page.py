"""The forecast page: its controls, results and the problems of its URL."""

ENTRIES = {
    "nav.forecast": {"en": "Forecast", "ko": "예측"},
    "forecast.title": {"en": "Forecast", "ko": "예측"},
    "forecast.intro": {
        "en": "Any measure, for any slice, forward: the model that won the backtest, with its ranges, "
        "next to the simple 'same period last year' guess.",
        "ko": "어떤 지표든 원하는 조건으로 앞으로를 예측합니다. 백테스트에서 이긴 모델과 예측 범위를 "
        "'작년 같은 기간' 단순 예측과 나란히 보여 줍니다.",
    },
    "forecast.measure": {"en": "Measure", "ko": "지표"},
    "forecast.grain": {"en": "Periods", "ko": "기간 단위"},
    "forecast.grain.month": {"en": "Months", "ko": "월"},
    "forecast.grain.week": {"en": "Weeks", "ko": "주"},
    "forecast.horizon": {"en": "Forecast ahead", "ko": "예측 기간"},
    "forecast.unit.month": {"en": "months", "ko": "개월"},
    "forecast.unit.week": {"en": "weeks", "ko": "주"},
    "forecast.history": {"en": "History used", "ko": "학습에 쓸 기간"},
    "forecast.filter": {"en": "Only for", "ko": "대상 조건"},
    "forecast.filter.level": {"en": "Add a filter: choose a level…", "ko": "필터 추가: 수준 선택…"},
    "forecast.filter.members": {"en": "…then its values", "ko": "…값 선택"},
    "forecast.filter.clear": {"en": "Remove all filters", "ko": "필터 모두 지우기"},
    "forecast.filter.all": {"en": "All data (no filter)", "ko": "전체 데이터 (필터 없음)"},
    "forecast.run": {"en": "Forecast", "ko": "예측 실행"},
    "forecast.empty": {
        "en": "Choose a measure and press Forecast. A link to this page with the same choices reopens the forecast.",
        "ko": "지표를 고르고 '예측 실행'을 누르세요. 같은 선택이 담긴 이 페이지 링크를 열면 예측이 다시 실행됩니다.",
    },
    "forecast.bad_measure": {
        "en": "“{measure}” cannot be forecast here: choose a sum or a count (revenue, orders…). "
        "For a rate, forecast its parts.",
        "ko": "“{measure}”은(는) 여기서 예측할 수 없습니다. 합계나 건수 지표(매출, 주문 수 등)를 고르세요. "
        "비율은 그 구성 지표를 예측하세요.",
    },
    "forecast.bad_grain": {
        "en": "“{grain}” is not a period unit. Choose months or weeks.",
        "ko": "“{grain}”은(는) 기간 단위가 아닙니다. 월 또는 주를 고르세요.",
    },
    "forecast.bad_horizon": {
        "en": "“{value}” is not a usable forecast length: enter a whole number from 1 to {most}.",
        "ko": "“{value}”은(는) 사용할 수 없는 예측 기간입니다. 1에서 {most} 사이의 정수를 입력하세요.",
    },
    "forecast.no_members": {
        "en": "Choose at least one value for the filter, or remove the filter.",
        "ko": "필터 값을 하나 이상 고르거나 필터를 지우세요.",
    },
    "forecast.band": {"en": "{level}% range", "ko": "{level}% 범위"},
    "forecast.actual": {"en": "Actual", "ko": "실적"},
    "forecast.yes": {"en": "yes", "ko": "예"},
    "forecast.no": {"en": "no", "ko": "아니요"},
    "forecast.col.lo80": {"en": "80% low", "ko": "80% 하한"},
    "forecast.col.hi80": {"en": "80% high", "ko": "80% 상한"},
    "forecast.col.lo95": {"en": "95% low", "ko": "95% 하한"},
    "forecast.col.hi95": {"en": "95% high", "ko": "95% 상한"},
    "forecast.sentence": {
        "en": "{model} expects {measure} of {next_value} in {next} (80% range {lo}–{hi}) and {total} over the "
        "next {h} {unit}. In the backtest its error (MASE {mase}) was {better} lower than {base_model}'s ({base_mase}).",
        "ko": "{model} 모델은 {next} {measure}을(를) {next_value}(80% 범위 {lo}–{hi}), 향후 {h}{unit} 합계 {total}(으)로 "
        "예측합니다. 백테스트 오차(MASE {mase})는 {base_model}({base_mase})보다 {better} 낮았습니다.",
    },
    "forecast.sentence.baseline": {
        "en": "No model beat {base_model} in the backtest, so it is the forecast: {measure} of {next_value} in {next} "
        "(80% range {lo}–{hi}) and {total} over the next {h} {unit}.",
        "ko": "백테스트에서 {base_model}보다 나은 모델이 없어 이를 예측으로 사용합니다: {next} {measure} {next_value}"
        "(80% 범위 {lo}–{hi}), 향후 {h}{unit} 합계 {total}.",
    },
    "forecast.card.next": {"en": "{period}", "ko": "{period}"},
    "forecast.card.range80": {"en": "80% range {lo} – {hi}", "ko": "80% 범위 {lo} – {hi}"},
    "forecast.card.total": {"en": "Next {h} {unit}, total", "ko": "향후 {h}{unit} 합계"},
    "forecast.card.total_sub": {"en": "sum of the expected values", "ko": "예측값의 합"},
    "forecast.card.mase": {"en": "Backtest error (MASE) of {model}", "ko": "{model} 백테스트 오차 (MASE)"},
    "forecast.card.mase_sub": {"en": "{base}: {value} (lower is better)", "ko": "{base}: {value} (낮을수록 좋음)"},
    "forecast.card.mape": {"en": "Backtest error in % (MAPE)", "ko": "백테스트 오차율 (MAPE)"},
    "forecast.card.mape_sub": {"en": "{base}: {value}", "ko": "{base}: {value}"},
    "forecast.backtest": {
        "en": "Backtest: each model forecast {h} {unit} from several past dates",
        "ko": "백테스트: 과거 여러 시점에서 각 모델이 {h}{unit}씩 예측한 결과",
    },
    "forecast.backtest.help": {
        "en": "MASE below 1 means the model beat the simple seasonal guess on this history; the model with the "
        "lowest MASE that converged is used. Models that did not converge are never chosen.",
        "ko": "MASE가 1보다 작으면 이 데이터에서 단순 계절 예측보다 정확했다는 뜻입니다. 수렴한 모델 중 MASE가 가장 "
        "낮은 모델을 사용하며, 수렴하지 않은 모델은 선택하지 않습니다.",
    },
    "explore.forecast": {"en": "Forecast {measure} for this slice ›", "ko": "이 조건의 {measure} 예측하기 ›"},
    "forecast.table": {"en": "Forecast by period", "ko": "기간별 예측"},
    "forecast.download": {"en": "Download CSV", "ko": "CSV 다운로드"},
}

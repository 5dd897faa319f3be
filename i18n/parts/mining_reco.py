"""Recommendations (``mining.recommend``): methods, the backtest table, the verdict, messages."""

ENTRIES = {
    "mining.reco.method.model": {"en": "Model (similarity + popularity blend)", "ko": "모델 (유사도 + 인기도 혼합)"},
    "mining.reco.method.bestsellers": {
        "en": "Best-sellers (same list for all)",
        "ko": "베스트셀러 (모두에게 같은 목록)",
    },
    "mining.reco.method.popular_new": {"en": "Popular items not yet bought", "ko": "아직 사지 않은 인기 상품"},
    "mining.reco.method.rules": {"en": "Association rules (earlier method)", "ko": "연관 규칙 (기존 방식)"},
    "mining.reco.col.method": {"en": "Method", "ko": "방법"},
    "mining.reco.col.hit_rate": {"en": "Hit rate@{k}", "ko": "적중률@{k}"},
    "mining.reco.col.precision": {"en": "Precision@{k}", "ko": "정밀도@{k}"},
    "mining.reco.col.recall": {"en": "Recall@{k}", "ko": "재현율@{k}"},
    "mining.reco.col.coverage": {"en": "Catalogue coverage", "ko": "카탈로그 커버리지"},
    "mining.reco.col.because": {"en": "Similar to what they bought", "ko": "구매 상품과 유사"},
    "mining.reco.col.score": {"en": "Score", "ko": "점수"},
    "mining.reco.backtest": {
        "en": "Backtest: every method fitted on purchases up to {cutoff}, checked against what {customers} "
        "customers bought in the next {days} days ({k} products each).",
        "ko": "백테스트: 모든 방법을 {cutoff}까지의 구매로 학습하고, 이후 {days}일 동안 고객 {customers}명이 "
        "실제로 산 상품과 비교했습니다 (고객당 {k}개).",
    },
    "mining.reco.verdict.beats": {
        "en": "The model beats the baseline: it hits {model} of customers against {base} for {baseline} "
        "({ratio}× — {target_text}).",
        "ko": "모델이 기준선보다 낫습니다: 고객 적중률 {model}, {baseline} {base} ({ratio}배 — {target_text}).",
    },
    "mining.reco.verdict.loses": {
        "en": "The model does not beat the baseline: it hits {model} of customers against {base} for {baseline} "
        "({ratio}×).",
        "ko": "모델이 기준선보다 낫지 않습니다: 고객 적중률 {model}, {baseline} {base} ({ratio}배).",
    },
    "mining.reco.target.met": {"en": "the {target}× target is met", "ko": "목표 {target}배 달성"},
    "mining.reco.target.missed": {"en": "short of the {target}× target", "ko": "목표 {target}배에는 미달"},
    "mining.reco.chosen": {
        "en": "Customer 360 and the campaign contact files use: {method}.",
        "ko": "고객 360과 캠페인 연락처 파일에 사용되는 방법: {method}.",
    },
    "mining.reco.unchecked": {
        "en": "No backtest was possible ({reason}); the recommendations come from the model, unchecked.",
        "ko": "백테스트를 할 수 없었습니다({reason}). 추천은 검증되지 않은 모델 결과입니다.",
    },
    "mining.reco.sessions": {
        "en": "Web sessions are not used: they count product views but do not say which products were viewed.",
        "ko": "웹 세션은 사용하지 않습니다: 상품 조회 수만 있고 어떤 상품을 봤는지는 없습니다.",
    },
    "mining.reco.info": {
        "en": "Run #{run} as of {as_of}: {customers} customers got up to {k} products each, by {method}.",
        "ko": "실행 #{run} ({as_of} 기준): 고객 {customers}명에게 최대 {k}개씩 추천 — {method}.",
    },
    "mining.reco.fallback": {
        "en": "{method} (the model lost its backtest)",
        "ko": "{method} (모델이 백테스트에서 졌음)",
    },
    "mining.reco.step.backtest": {"en": "Backtesting the methods", "ko": "방법별 백테스트 중"},
    "mining.reco.step.recommend": {"en": "Recommending for every customer", "ko": "모든 고객 추천 계산 중"},
    "mining.reco.step.save": {"en": "Saving the run", "ko": "실행 결과 저장 중"},
    "mining.reco.bad_date": {
        "en": "The date must be a calendar day (YYYY-MM-DD), got {value}.",
        "ko": "날짜는 YYYY-MM-DD 형식의 날짜여야 합니다(입력값 {value}).",
    },
    "mining.reco.bad_method": {
        "en": "Unknown recommendation method {value}; use one of {allowed}.",
        "ko": "알 수 없는 추천 방법 {value}입니다. 다음 중 하나를 쓰세요: {allowed}.",
    },
    "mining.reco.no_history": {
        "en": "No purchases up to {as_of}: there is nothing to recommend from.",
        "ko": "{as_of}까지 구매 기록이 없어 추천할 근거가 없습니다.",
    },
    "mining.reco.no_buyers": {
        "en": "No customer with earlier purchases bought anything from {cutoff} to {end}: the backtest has "
        "nobody to check.",
        "ko": "{cutoff}부터 {end}까지 이전 구매가 있는 고객의 구매가 없어 백테스트할 대상이 없습니다.",
    },
    "campaign.launch.nbp_fallback.bestsellers": {
        "en": "The recommended product column uses the best-sellers: the model did not beat them in its backtest.",
        "ko": "추천 상품 열은 베스트셀러 목록입니다: 모델이 백테스트에서 이를 이기지 못했습니다.",
    },
    "campaign.launch.nbp_fallback.popular_new": {
        "en": "The recommended product column uses popular items not yet bought: the model did not beat them in "
        "its backtest.",
        "ko": "추천 상품 열은 아직 사지 않은 인기 상품입니다: 모델이 백테스트에서 이를 이기지 못했습니다.",
    },
    "campaign.launch.nbp_fallback.rules": {
        "en": "The recommended product column uses the association rules: the model did not beat them in its backtest.",
        "ko": "추천 상품 열은 연관 규칙 방식입니다: 모델이 백테스트에서 이를 이기지 못했습니다.",
    },
}

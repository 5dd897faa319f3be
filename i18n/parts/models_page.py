"""The propensity models page: controls, charts and the sentences that read them."""

ENTRIES = {
    "nav.models": {"en": "Propensity models", "ko": "성향 예측 모델"},
    "models.title": {"en": "Propensity models", "ko": "성향 예측 모델"},
    "models.intro": {
        "en": "Who will buy again, who will answer a campaign: trained on the past, tested on later data, "
        "then every customer scored.",
        "ko": "누가 다시 구매할지, 누가 캠페인에 반응할지: 과거로 학습하고 이후 데이터로 검증한 뒤 모든 고객에게 점수를 매깁니다.",
    },
    "models.target": {"en": "Predict", "ko": "예측 대상"},
    "models.as_of": {"en": "Score customers as of", "ko": "점수 기준일"},
    "models.as_of.help": {
        "en": "Training and testing use only data before this day's later windows: nothing from the future leaks in.",
        "ko": "학습과 검증은 기준일 이전의 기간만 사용하므로 미래 정보가 섞이지 않습니다.",
    },
    "models.horizon": {"en": "Buys again within", "ko": "재구매 판단 기간"},
    "models.days": {"en": "days", "ko": "일"},
    "models.bad_horizon": {
        "en": "Enter the repurchase window as a whole number of days from {low} to {high}.",
        "ko": "재구매 판단 기간을 {low}에서 {high} 사이의 정수(일)로 입력하세요.",
    },
    "models.run": {"en": "Train and score", "ko": "학습 및 점수 산출"},
    "models.run_shown": {"en": "Model run shown", "ko": "표시할 모델 실행"},
    "models.no_runs": {"en": "No model trained yet", "ko": "아직 학습한 모델이 없습니다"},
    "models.run_label": {
        "en": "#{run} · as of {as_of} · test AUC {auc} · {user}",
        "ko": "#{run} · {as_of} 기준 · 테스트 AUC {auc} · {user}",
    },
    "models.run_line": {
        "en": "Run #{run}, as of {as_of}, by {user}: {customers} customers scored.",
        "ko": "실행 #{run}, {as_of} 기준, {user}: 고객 {customers}명에게 점수를 매겼습니다.",
    },
    "models.empty": {
        "en": "No model for this target on this warehouse yet. Press “Train and score”: it takes a few seconds to a minute, "
        "and the page stays usable.",
        "ko": "이 웨어하우스에는 이 대상의 모델이 아직 없습니다. '학습 및 점수 산출'을 누르세요. 몇 초에서 1분 정도 걸리며 그동안 페이지를 계속 쓸 수 있습니다.",
    },
    "models.no_evaluation": {
        "en": "Run {run} holds scores but no evaluation to show (it was stored without one). "
        "Train the model again, or choose another run from the list.",
        "ko": "실행 {run}에는 점수만 있고 보여줄 평가가 없습니다. 모델을 다시 학습하거나 목록에서 다른 실행을 고르세요.",
    },
    "models.missing_run": {
        "en": "That model run does not exist (any more). Choose another from the list.",
        "ko": "해당 모델 실행이 없습니다. 목록에서 다른 실행을 고르세요.",
    },
    "models.sentence.repurchase": {
        "en": "{model} tells who will buy again best: test AUC {auc} ({other}: {other_auc}; 0.5 would be guessing). "
        "The top 10% by score hold {gain} of the customers who bought again, {lift}× the average ({base}).",
        "ko": "{model}이(가) 재구매 고객을 가장 잘 가려냅니다: 테스트 AUC {auc}({other}: {other_auc}, 0.5는 무작위 추측). "
        "점수 상위 10% 고객에 재구매 고객의 {gain}이(가) 있으며, 평균({base})의 {lift}배입니다.",
    },
    "models.sentence.response": {
        "en": "{model} tells who will answer a campaign best: test AUC {auc} ({other}: {other_auc}; 0.5 would be "
        "guessing). The top 10% by score hold {gain} of the responders, {lift}× the average rate ({base}).",
        "ko": "{model}이(가) 캠페인 반응 고객을 가장 잘 가려냅니다: 테스트 AUC {auc}({other}: {other_auc}, 0.5는 무작위 추측). "
        "점수 상위 10% 고객에 반응 고객의 {gain}이(가) 있으며, 평균 반응률({base})의 {lift}배입니다.",
    },
    "models.baseline.line": {
        "en": "Beside simpler ways, on the same test customers — share of the {buyers} found in the top tenth: "
        "sorting by days since the last order {recency_share} (AUC {recency_auc}), picking at random 10% (AUC 0.5), "
        "the model {model_share} (AUC {model_auc}).",
        "ko": "같은 테스트 고객에서 단순한 방법과 비교 — 상위 10%에 담기는 {buyers} 비율: 마지막 주문 후 경과일 순 정렬 "
        "{recency_share}(AUC {recency_auc}), 무작위 선택 10%(AUC 0.5), 모델 {model_share}(AUC {model_auc}).",
    },
    "models.baseline.buyers.repurchase": {"en": "customers who bought again", "ko": "재구매 고객"},
    "models.baseline.buyers.response": {"en": "responders", "ko": "반응 고객"},
    "models.baseline.beats": {
        "en": "The model earns its place: its AUC is above recency's by {low} to {high} (95% interval).",
        "ko": "모델이 제 몫을 합니다: AUC가 경과일 순 정렬보다 {low}~{high} 높습니다(95% 구간).",
    },
    "models.baseline.no_better": {
        "en": "The model cannot be told apart from sorting by recency (AUC difference {low} to {high}, 95% interval): "
        "recency does as well and is simpler to explain.",
        "ko": "모델과 경과일 순 정렬의 차이를 구별할 수 없습니다(AUC 차이 {low}~{high}, 95% 구간). "
        "경과일 순 정렬이 같은 성과를 내며 설명하기도 쉽습니다.",
    },
    "models.baseline.worse": {
        "en": "Sorting by recency does better than the model (AUC difference {low} to {high}, 95% interval): "
        "select by recency, or train again with other settings.",
        "ko": "경과일 순 정렬이 모델보다 낫습니다(AUC 차이 {low}~{high}, 95% 구간). 경과일로 고르거나 다른 설정으로 다시 학습하세요.",
    },
    "models.baseline.missing": {
        "en": "This run was stored before models were compared with recency alone: train again to see the comparison.",
        "ko": "이 실행은 경과일 기준 비교가 도입되기 전에 저장되었습니다. 비교를 보려면 다시 학습하세요.",
    },
    "models.to_segments": {
        "en": "Build a segment on “{field}”",
        "ko": "“{field}”으로 세그먼트 만들기",
    },
    "models.field.repurchase_score": {"en": "Repurchase score", "ko": "재구매 점수"},
    "models.field.response_score": {"en": "Response score", "ko": "반응 점수"},
    "models.to_explore": {"en": "Revenue by score decile in Explore", "ko": "탐색에서 점수 10분위별 매출 보기"},
    "models.to_whatif": {"en": "Simulate a campaign", "ko": "캠페인 시뮬레이션"},
    "models.splits": {"en": "Training, validation and test", "ko": "학습 · 검증 · 테스트"},
    "models.splits.help": {
        "en": "Split by time: the models learn on the oldest period, are tuned on the next and judged on the latest, "
        "which they never saw.",
        "ko": "시간 순으로 나눕니다: 가장 오래된 기간으로 학습하고, 다음 기간으로 조정하며, 보지 못한 최신 기간으로 평가합니다.",
    },
    "models.col.split": {"en": "Part", "ko": "구분"},
    "models.col.feature_dates": {"en": "Customers as of", "ko": "고객 정보 기준일"},
    "models.col.label_period": {"en": "Outcome observed", "ko": "결과 관측 기간"},
    "models.roc": {"en": "ROC curve (test)", "ko": "ROC 곡선 (테스트)"},
    "models.roc.x": {"en": "False alarms (share of non-buyers flagged)", "ko": "오탐 비율 (비구매자 중 선택된 비율)"},
    "models.roc.y": {"en": "Hits (share of buyers flagged)", "ko": "적중 비율 (구매자 중 선택된 비율)"},
    "models.random": {"en": "Guessing", "ko": "무작위"},
    "models.gains": {"en": "Cumulative gains (test)", "ko": "누적 이득 (테스트)"},
    "models.gains.x": {"en": "Customers contacted, best scores first", "ko": "점수 높은 순으로 접촉한 고객 비율"},
    "models.gains.y": {"en": "Share of all positives reached", "ko": "전체 양성 중 도달한 비율"},
    "models.detail": {"en": "Model in detail", "ko": "모델 상세"},
    "models.confusion": {"en": "Confusion matrix at a threshold (test)", "ko": "임계값별 혼동 행렬 (테스트)"},
    "models.confusion.help": {
        "en": "Customers with a score at or above the threshold are flagged. Move it to trade hits against false alarms; "
        "it starts at the value with the best F1 on validation.",
        "ko": "점수가 임계값 이상인 고객을 선택합니다. 적중과 오탐의 균형을 바꾸려면 움직이세요. 시작 값은 검증 데이터에서 F1이 가장 높은 값입니다.",
    },
    "models.actual.yes": {"en": "Actually yes", "ko": "실제 예"},
    "models.actual.no": {"en": "Actually no", "ko": "실제 아니오"},
    "models.predicted.yes": {"en": "Flagged", "ko": "선택됨"},
    "models.predicted.no": {"en": "Not flagged", "ko": "선택 안 됨"},
    "models.confusion.summary": {
        "en": "At {threshold}: {flagged} customers flagged; precision {precision} (flagged who were right), "
        "recall {recall} (of all positives, found), accuracy {accuracy}.",
        "ko": "{threshold}에서: 고객 {flagged}명 선택, 정밀도 {precision}(선택 중 맞은 비율), "
        "재현율 {recall}(전체 양성 중 찾은 비율), 정확도 {accuracy}.",
    },
    "models.lift": {"en": "Lift by score decile (test)", "ko": "점수 10분위별 향상도 (테스트)"},
    "models.lift.x": {"en": "Score decile (1 = highest)", "ko": "점수 10분위 (1 = 최고)"},
    "models.lift.hover": {"en": "rate {rate} of {n} customers", "ko": "고객 {n}명 중 비율 {rate}"},
    "models.importance": {"en": "What drives the model", "ko": "모델에 영향을 주는 요인"},
    "models.importance.help": {
        "en": "How much the test AUC drops when a feature's values are shuffled (permutation importance).",
        "ko": "요인의 값을 무작위로 섞었을 때 테스트 AUC가 얼마나 떨어지는지 (순열 중요도).",
    },
    "models.importance.x": {"en": "Drop in AUC", "ko": "AUC 감소량"},
    "models.rules": {"en": "The decision tree's rules", "ko": "의사결정나무 규칙"},
    "models.rules.help": {
        "en": "Each rule is a group of customers and the share of them who did it in training.",
        "ko": "각 규칙은 고객 그룹이며, 학습 데이터에서 그중 실제로 해당 행동을 한 비율을 보여 줍니다.",
    },
}

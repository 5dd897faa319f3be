"""Propensity models: labels of targets, models, features and splits, progress and bad input."""

ENTRIES = {
    # Targets and models
    "mining.propensity.title": {"en": "Propensity models", "ko": "성향 모델"},
    "mining.propensity.target.repurchase": {"en": "Will buy again", "ko": "재구매 가능성"},
    "mining.propensity.target.repurchase.help": {
        "en": "Probability that the customer places an order in the next {days} days. One minus it is the churn risk.",
        "ko": "고객이 앞으로 {days}일 안에 주문할 확률입니다. 1에서 이 값을 빼면 이탈 위험입니다.",
    },
    "mining.propensity.target.response": {"en": "Will respond to a campaign", "ko": "캠페인 반응 가능성"},
    "mining.propensity.target.response.help": {
        "en": "Probability that a contacted customer buys within the campaign window.",
        "ko": "연락을 받은 고객이 캠페인 기간 안에 구매할 확률입니다.",
    },
    "mining.propensity.model.cart": {"en": "Decision tree (CART)", "ko": "의사결정나무 (CART)"},
    "mining.propensity.model.hgb": {"en": "Gradient boosting", "ko": "그래디언트 부스팅"},
    "mining.propensity.chosen": {
        "en": "{model} was chosen: it ranked the validation customers better (AUC {auc}).",
        "ko": "{model}이(가) 선택되었습니다. 검증 고객의 순위를 더 잘 매겼습니다 (AUC {auc}).",
    },
    "mining.propensity.refit_on": {
        "en": "Before scoring, the chosen model was refit on all labelled rows ({rows}: training, validation and test).",
        "ko": "점수 산출 전에 선택된 모델을 라벨이 있는 모든 행({rows}개: 학습·검증·테스트)으로 다시 학습했습니다.",
    },
    # Splits and measures
    "mining.propensity.split.train": {"en": "Training", "ko": "학습"},
    "mining.propensity.split.valid": {"en": "Validation", "ko": "검증"},
    "mining.propensity.split.test": {"en": "Test", "ko": "테스트"},
    "mining.propensity.col.rows": {"en": "Rows", "ko": "행 수"},
    "mining.propensity.col.positives": {"en": "Positives", "ko": "양성 수"},
    "mining.propensity.col.rate": {"en": "Positive rate", "ko": "양성 비율"},
    "mining.propensity.col.auc": {"en": "AUC", "ko": "AUC"},
    "mining.propensity.col.decile": {"en": "Decile", "ko": "십분위"},
    "mining.propensity.col.customers": {"en": "Customers", "ko": "고객 수"},
    "mining.propensity.col.cum_gain_pct": {"en": "Cumulative gain (%)", "ko": "누적 이득 (%)"},
    "mining.propensity.col.lift": {"en": "Lift", "ko": "향상도"},
    "mining.propensity.col.cum_lift": {"en": "Cumulative lift", "ko": "누적 향상도"},
    "mining.propensity.col.threshold": {"en": "Threshold", "ko": "임계값"},
    "mining.propensity.col.precision": {"en": "Precision", "ko": "정밀도"},
    "mining.propensity.col.recall": {"en": "Recall", "ko": "재현율"},
    "mining.propensity.col.accuracy": {"en": "Accuracy", "ko": "정확도"},
    "mining.propensity.col.f1": {"en": "F1 score", "ko": "F1 점수"},
    "mining.propensity.col.importance": {"en": "Importance (AUC drop)", "ko": "중요도 (AUC 감소폭)"},
    "mining.propensity.col.score": {"en": "Score (probability)", "ko": "점수 (확률)"},
    "mining.propensity.col.samples": {"en": "Customers in training", "ko": "학습 고객 수"},
    "mining.propensity.rule.all": {"en": "All customers", "ko": "전체 고객"},
    # Features (model columns); one-hot columns fill {value}, category shares {category}
    "mining.propensity.feature.recency_days": {"en": "Days since last order", "ko": "마지막 주문 후 경과 일수"},
    "mining.propensity.feature.orders": {"en": "Orders", "ko": "주문 수"},
    "mining.propensity.feature.revenue": {"en": "Revenue", "ko": "매출"},
    "mining.propensity.feature.units": {"en": "Units bought", "ko": "구매 수량"},
    "mining.propensity.feature.aov": {"en": "Average order value", "ko": "평균 주문 금액"},
    "mining.propensity.feature.tenure_days": {"en": "Days since sign-up", "ko": "가입 후 경과 일수"},
    "mining.propensity.feature.online_share": {"en": "Online share of revenue", "ko": "온라인 매출 비중"},
    "mining.propensity.feature.partner_share": {"en": "Partner share of revenue", "ko": "파트너 경유 매출 비중"},
    "mining.propensity.feature.tickets": {"en": "Service tickets", "ko": "서비스 문의 수"},
    "mining.propensity.feature.avg_satisfaction": {
        "en": "Average service satisfaction (1–5)",
        "ko": "평균 서비스 만족도 (1–5)",
    },
    "mining.propensity.feature.contacts": {"en": "Campaign contacts", "ko": "캠페인 접촉 수"},
    "mining.propensity.feature.responses": {"en": "Campaign responses", "ko": "캠페인 반응 수"},
    "mining.propensity.feature.response_rate": {"en": "Campaign response rate", "ko": "캠페인 반응률"},
    "mining.propensity.feature.sessions": {"en": "Web and app sessions", "ko": "웹·앱 방문 수"},
    "mining.propensity.feature.email_opt_in": {"en": "Agreed to e-mails", "ko": "이메일 수신 동의"},
    "mining.propensity.feature.has_partner": {"en": "Served by a partner", "ko": "담당 파트너 있음"},
    "mining.propensity.feature.never_ordered": {"en": "Never ordered", "ko": "주문 이력 없음"},
    "mining.propensity.feature.no_rated_ticket": {"en": "No rated service ticket", "ko": "평가된 서비스 문의 없음"},
    "mining.propensity.feature.never_contacted": {"en": "Never contacted by a campaign", "ko": "캠페인 접촉 이력 없음"},
    "mining.propensity.feature.category_share": {"en": "Revenue share: {category}", "ko": "매출 비중: {category}"},
    "mining.propensity.feature.customer_type_is": {"en": "Customer type: {value}", "ko": "고객 유형: {value}"},
    "mining.propensity.feature.segment_is": {"en": "Segment: {value}", "ko": "세그먼트: {value}"},
    "mining.propensity.feature.region_is": {"en": "Region: {value}", "ko": "권역: {value}"},
    "mining.propensity.feature.gender_is": {"en": "Gender: {value}", "ko": "성별: {value}"},
    "mining.propensity.feature.age_band_is": {"en": "Age: {value}", "ko": "연령대: {value}"},
    # Campaign-history features of the response model (mining.propensity.history)
    "mining.propensity.feature.contacts_12m": {
        "en": "Campaign contacts in the last 12 months",
        "ko": "최근 12개월 캠페인 접촉 수",
    },
    "mining.propensity.feature.delivered_rate": {
        "en": "Share of campaign contacts delivered",
        "ko": "캠페인 접촉 도달률",
    },
    "mining.propensity.feature.opened_rate": {"en": "Share of campaign contacts opened", "ko": "캠페인 접촉 오픈율"},
    "mining.propensity.feature.clicked_rate": {"en": "Share of campaign contacts clicked", "ko": "캠페인 접촉 클릭률"},
    "mining.propensity.feature.past_conversions": {
        "en": "Past campaign conversions (orders in the campaign window)",
        "ko": "과거 캠페인 전환 수 (캠페인 기간 내 주문)",
    },
    "mining.propensity.feature.days_since_response": {
        "en": "Days since the last campaign conversion",
        "ko": "마지막 캠페인 전환 후 경과 일수",
    },
    "mining.propensity.feature.unsubscribed": {"en": "Unsubscribed from a campaign", "ko": "캠페인 수신 거부"},
    "mining.propensity.feature.never_responded": {
        "en": "Never converted from a campaign",
        "ko": "캠페인 전환 이력 없음",
    },
    "mining.propensity.history.used": {
        "en": "Campaign history in this model (each customer's earlier campaigns, as known on the feature date): {features}.",
        "ko": "이 모델에 쓰인 캠페인 이력 (특성 기준일까지 알려진 고객별 이전 캠페인): {features}.",
    },
    "mining.propensity.history.kept": {
        "en": "It was kept because the models did at least as well with it on validation (AUC {with_auc} with it, {without_auc} without).",
        "ko": "검증 데이터에서 이력을 넣은 모델이 뺀 모델보다 못하지 않아 유지했습니다 (AUC: 포함 {with_auc}, 제외 {without_auc}).",
    },
    "mining.propensity.history.left_out": {
        "en": "Campaign history left out of this model: the models did better without it on validation (AUC {without_auc} without, {with_auc} with): {features}.",
        "ko": "캠페인 이력을 이 모델에서 뺐습니다. 검증 데이터에서 이력 없이 더 잘 맞혔습니다 (AUC: 제외 {without_auc}, 포함 {with_auc}): {features}.",
    },
    "mining.propensity.history.unavailable": {
        "en": "Campaign history unavailable in this warehouse (its campaign contacts carry no such data, or the same value for every customer): {features}.",
        "ko": "이 웨어하우스에서는 쓸 수 없는 캠페인 이력입니다 (캠페인 접촉 데이터에 해당 값이 없거나 모든 고객이 같은 값): {features}.",
    },
    # Notes
    "mining.propensity.note.fewer_cutoffs": {
        "en": "The history is short, so training uses {used} cutoff(s) instead of the number asked for.",
        "ko": "이력이 짧아 요청한 수 대신 기준일 {used}개로 학습했습니다.",
    },
    "mining.propensity.note.latest_campaigns": {
        "en": "Responses are learnt from the campaigns of the latest {dates} start dates (since {since}).",
        "ko": "최근 시작일 {dates}개의 캠페인({since} 이후)으로 반응을 학습했습니다.",
    },
    "mining.propensity.note.overlap_left_out": {
        "en": "{campaigns} campaign(s) of the {split} set were left out: they were still running when the next set's customers were described.",
        "ko": "{split} 데이터의 캠페인 {campaigns}개는 다음 데이터의 고객 특성을 잡은 시점에도 진행 중이어서 제외했습니다.",
    },
    "mining.propensity.note.sampled": {
        "en": "Training used a random sample of {rows} of the {of} training rows, to keep it quick.",
        "ko": "빠른 학습을 위해 학습 행 {of}개 중 {rows}개를 무작위로 추출해 사용했습니다.",
    },
    # Progress
    "mining.propensity.progress.features": {"en": "Reading customer features…", "ko": "고객 특성을 읽는 중…"},
    "mining.propensity.progress.cart": {"en": "Growing decision trees…", "ko": "의사결정나무를 학습하는 중…"},
    "mining.propensity.progress.hgb": {"en": "Training gradient boosting…", "ko": "그래디언트 부스팅을 학습하는 중…"},
    "mining.propensity.progress.evaluate": {
        "en": "Testing the models and measuring feature importance…",
        "ko": "모델을 테스트하고 특성 중요도를 계산하는 중…",
    },
    "mining.propensity.progress.refit": {
        "en": "Refitting the chosen model on all labelled data…",
        "ko": "선택된 모델을 라벨이 있는 전체 데이터로 다시 학습하는 중…",
    },
    "mining.propensity.progress.score": {"en": "Scoring every customer…", "ko": "모든 고객의 점수를 계산하는 중…"},
    "mining.propensity.progress.save": {"en": "Saving the scores…", "ko": "점수를 저장하는 중…"},
    # Bad input
    "mining.propensity.unknown_target": {
        "en": "“{target}” is not a propensity target. Choose one of: {allowed}.",
        "ko": "“{target}”은(는) 성향 모델의 대상이 아닙니다. 다음 중에서 고르세요: {allowed}.",
    },
    "mining.propensity.unknown_param": {
        "en": "Unknown setting(s): {names}. Remove them and run again.",
        "ko": "알 수 없는 설정입니다: {names}. 해당 설정을 빼고 다시 실행하세요.",
    },
    "mining.propensity.bad_param": {
        "en": "The setting {name} must be a whole number from {low} to {high}, not {value}.",
        "ko": "설정 {name}은(는) {low}부터 {high} 사이의 정수여야 합니다 (입력값: {value}).",
    },
    "mining.propensity.too_early": {
        "en": "The history before {as_of} is too short for a {horizon}-day horizon: the first labelled period would start before the first order. Choose a date on or after {earliest}, or a shorter horizon.",
        "ko": "{as_of} 이전 이력이 {horizon}일 예측 기간에 비해 너무 짧습니다. 라벨 기간이 첫 주문보다 앞서게 됩니다. {earliest} 이후의 날짜나 더 짧은 예측 기간을 선택하세요.",
    },
    "mining.propensity.no_contacts": {
        "en": "No campaign contacts of a campaign that ended by {as_of}: there is nothing to learn responses from. Choose a later date, or run campaigns first.",
        "ko": "{as_of}까지 종료된 캠페인의 접촉 기록이 없어 반응을 학습할 수 없습니다. 더 늦은 날짜를 선택하거나 먼저 캠페인을 실행하세요.",
    },
    "mining.propensity.too_few_rows": {
        "en": "The {split} set has {rows} rows; at least {needed} are needed. Choose a later date or a shorter horizon.",
        "ko": "{split} 데이터가 {rows}행뿐입니다. 최소 {needed}행이 필요합니다. 더 늦은 날짜나 더 짧은 예측 기간을 선택하세요.",
    },
    "mining.propensity.too_few_positives": {
        "en": "The {split} set has only {positives} customers with the outcome; at least {needed} are needed to learn and test it. Choose a later date or a longer horizon.",
        "ko": "{split} 데이터에서 결과가 발생한 고객이 {positives}명뿐입니다. 학습과 테스트에 최소 {needed}명이 필요합니다. 더 늦은 날짜나 더 긴 예측 기간을 선택하세요.",
    },
    "mining.propensity.too_few_negatives": {
        "en": "The {split} set has only {negatives} customers without the outcome; at least {needed} are needed to learn and test it. Choose a shorter horizon.",
        "ko": "{split} 데이터에서 결과가 발생하지 않은 고객이 {negatives}명뿐입니다. 학습과 테스트에 최소 {needed}명이 필요합니다. 더 짧은 예측 기간을 선택하세요.",
    },
    "mining.propensity.one_class": {
        "en": "All {rows} rows have the same outcome ({positives} positive), so the ranking cannot be measured.",
        "ko": "{rows}개 행의 결과가 모두 같아(양성 {positives}개) 순위 성능을 측정할 수 없습니다.",
    },
}

"""Clustering and self-organising map: refusals, notes, cluster-name traits, rule words, progress."""

ENTRIES = {
    # refusals (MiningError keys)
    "mining.cluster.empty": {
        "en": "There are no customers to cluster. Choose an earlier date or a wider selection.",
        "ko": "군집화할 고객이 없습니다. 더 이른 기준일이나 더 넓은 범위를 선택하세요.",
    },
    "mining.cluster.not_finite": {
        "en": "Some feature values are missing or infinite; prepare the features before clustering.",
        "ko": "일부 특성 값이 비어 있거나 무한대입니다. 군집화 전에 특성을 준비하세요.",
    },
    "mining.cluster.too_few_customers": {
        "en": "Only {n} customers: clustering needs at least {minimum}. Choose a later date or a wider selection.",
        "ko": "고객이 {n}명뿐입니다. 군집화에는 최소 {minimum}명이 필요합니다. 더 늦은 기준일이나 더 넓은 범위를 선택하세요.",
    },
    "mining.cluster.no_features": {
        "en": "No features are chosen. Pick at least one feature set (for example RFM).",
        "ko": "선택한 특성이 없습니다. 특성 묶음을 하나 이상 고르세요(예: RFM).",
    },
    "mining.cluster.unknown_feature_set": {
        "en": "“{name}” is not a feature set. Choose one from the list.",
        "ko": "“{name}”은(는) 특성 묶음이 아닙니다. 목록에서 고르세요.",
    },
    "mining.cluster.unknown_scaling": {
        "en": "“{scaling}” is not a scaling. Choose standard, robust or min-max.",
        "ko": "“{scaling}”은(는) 지원하는 척도 변환이 아닙니다. 표준화, 로버스트, 최소-최대 중에서 고르세요.",
    },
    "mining.cluster.unknown_method": {
        "en": "“{method}” is not a clustering method. Choose K-means or self-organising map.",
        "ko": "“{method}”은(는) 군집화 방법이 아닙니다. K-평균 또는 자기조직화 지도를 고르세요.",
    },
    "mining.cluster.all_constant": {
        "en": "Every chosen feature has the same value for all customers ({features}), so there is nothing to group by. Add other feature sets.",
        "ko": "선택한 특성({features})이 모든 고객에게 같은 값이라 나눌 기준이 없습니다. 다른 특성 묶음을 추가하세요.",
    },
    "mining.cluster.k_too_small": {
        "en": "{k} clusters is too few: choose at least 2.",
        "ko": "군집 {k}개는 너무 적습니다. 2개 이상을 고르세요.",
    },
    "mining.cluster.k_too_large": {
        "en": "{k} clusters is more than the {distinct} different customers the features can tell apart. Choose a smaller number of clusters or add features.",
        "ko": "군집 {k}개는 특성으로 구별되는 고객 {distinct}명보다 많습니다. 군집 수를 줄이거나 특성을 추가하세요.",
    },
    "mining.cluster.no_k": {
        "en": "Give at least one number of clusters to try.",
        "ko": "시험할 군집 수를 하나 이상 입력하세요.",
    },
    "mining.som.bad_topology": {
        "en": "“{topology}” is not a map shape. Choose rectangular or hexagonal.",
        "ko": "“{topology}”은(는) 지도 모양이 아닙니다. 사각형 또는 육각형을 고르세요.",
    },
    "mining.som.bad_grid": {
        "en": "A map of {rows} × {cols} units is too small: use at least two units.",
        "ko": "{rows} × {cols} 크기의 지도는 너무 작습니다. 유닛을 2개 이상 사용하세요.",
    },
    "mining.som.bad_epochs": {
        "en": "Training needs at least one pass over the data (got {epochs}).",
        "ko": "학습에는 데이터 반복이 한 번 이상 필요합니다(입력값: {epochs}).",
    },
    "mining.som.bad_init": {
        "en": "“{init}” is not a way to start the map. Choose PCA or random.",
        "ko": "“{init}”은(는) 지도 초기화 방법이 아닙니다. PCA 또는 무작위를 고르세요.",
    },
    "mining.som.feature_mismatch": {
        "en": "The map was trained on {expected} features but got {got}. Use the same features as in training.",
        "ko": "지도는 특성 {expected}개로 학습했는데 {got}개가 들어왔습니다. 학습 때와 같은 특성을 사용하세요.",
    },
    "mining.som.k_vs_units": {
        "en": "{k} segments cannot be made from a map of {units} units. Choose between 2 and {units} segments or a larger map.",
        "ko": "유닛 {units}개짜리 지도로는 세그먼트 {k}개를 만들 수 없습니다. 2~{units}개 사이로 고르거나 지도를 키우세요.",
    },
    # notes on how features were prepared
    "mining.cluster.note.recency_filled": {
        "en": "{count} customers never bought: their recency is their tenure, at least the longest recency of any buyer.",
        "ko": "구매 이력이 없는 고객 {count}명은 최근성을 가입 기간으로 두되, 구매 고객의 가장 긴 최근성 이상으로 잡았습니다.",
    },
    "mining.cluster.note.aov_zero": {
        "en": "{count} customers without orders have an average order value of 0.",
        "ko": "주문이 없는 고객 {count}명의 평균 주문 금액은 0으로 두었습니다.",
    },
    "mining.cluster.note.median_filled": {
        "en": "{feature} is missing for {count} customers: they get the median and a “missing” indicator.",
        "ko": "고객 {count}명은 {feature} 값이 없어 중앙값으로 채우고 ‘값 없음’ 표시 변수를 추가했습니다.",
    },
    "mining.cluster.note.constant_dropped": {
        "en": "{feature} has the same value for every customer and was left out.",
        "ko": "{feature}은(는) 모든 고객이 같은 값이라 제외했습니다.",
    },
    # traits that name a cluster
    "mining.cluster.trait.typical": {"en": "Typical", "ko": "평균형"},
    "mining.cluster.trait.value.high": {"en": "High value", "ko": "고가치"},
    "mining.cluster.trait.value.low": {"en": "Low value", "ko": "저가치"},
    "mining.cluster.trait.frequency.high": {"en": "Frequent", "ko": "자주 구매"},
    "mining.cluster.trait.frequency.low": {"en": "Occasional", "ko": "가끔 구매"},
    "mining.cluster.trait.recency.high": {"en": "Lapsing", "ko": "이탈 위험"},
    "mining.cluster.trait.recency.low": {"en": "Recent", "ko": "최근 구매"},
    "mining.cluster.trait.basket.high": {"en": "Big baskets", "ko": "큰 장바구니"},
    "mining.cluster.trait.basket.low": {"en": "Small baskets", "ko": "작은 장바구니"},
    "mining.cluster.trait.units.high": {"en": "Many units", "ko": "대량 구매"},
    "mining.cluster.trait.units.low": {"en": "Few units", "ko": "소량 구매"},
    "mining.cluster.trait.tenure.high": {"en": "Long-standing", "ko": "장기 고객"},
    "mining.cluster.trait.tenure.low": {"en": "Newcomers", "ko": "신규 고객"},
    "mining.cluster.trait.online.high": {"en": "Online", "ko": "온라인"},
    "mining.cluster.trait.online.low": {"en": "Offline", "ko": "오프라인"},
    "mining.cluster.trait.offline.high": {"en": "Offline", "ko": "오프라인"},
    "mining.cluster.trait.offline.low": {"en": "Online", "ko": "온라인"},
    "mining.cluster.trait.partner.high": {"en": "Through partners", "ko": "파트너 경유"},
    "mining.cluster.trait.partner.low": {"en": "Direct", "ko": "직접 거래"},
    "mining.cluster.trait.tickets.high": {"en": "Many tickets", "ko": "문의 많음"},
    "mining.cluster.trait.tickets.low": {"en": "Few tickets", "ko": "문의 적음"},
    "mining.cluster.trait.satisfaction.high": {"en": "Satisfied", "ko": "만족"},
    "mining.cluster.trait.satisfaction.low": {"en": "Dissatisfied", "ko": "불만족"},
    "mining.cluster.trait.sessions.high": {"en": "Frequent visitors", "ko": "방문 많음"},
    "mining.cluster.trait.sessions.low": {"en": "Rare visitors", "ko": "방문 적음"},
    "mining.cluster.trait.contacts.high": {"en": "Often contacted", "ko": "접촉 많음"},
    "mining.cluster.trait.contacts.low": {"en": "Rarely contacted", "ko": "접촉 적음"},
    "mining.cluster.trait.response.high": {"en": "Responsive", "ko": "반응 높음"},
    "mining.cluster.trait.response.low": {"en": "Unresponsive", "ko": "반응 낮음"},
    "mining.cluster.trait.category": {"en": "{category} buyers", "ko": "{category} 구매층"},
    "mining.cluster.trait.other.high": {"en": "High {feature}", "ko": "{feature} 높음"},
    "mining.cluster.trait.other.low": {"en": "Low {feature}", "ko": "{feature} 낮음"},
    # rules of the explaining tree
    "mining.cluster.feature.channel_share": {"en": "Revenue share: {channel}", "ko": "매출 비중: {channel}"},
    "mining.cluster.rule.and": {"en": " and ", "ko": " 그리고 "},
    "mining.cluster.rule.everyone": {"en": "all customers", "ko": "모든 고객"},
    # progress messages
    "mining.cluster.progress.features": {"en": "Reading customer features…", "ko": "고객 특성을 읽는 중…"},
    "mining.cluster.progress.prepare": {
        "en": "Preparing and scaling features…",
        "ko": "특성을 준비하고 척도를 맞추는 중…",
    },
    "mining.cluster.progress.choose_k": {"en": "Trying numbers of clusters…", "ko": "군집 수를 시험하는 중…"},
    "mining.cluster.progress.fit": {"en": "Fitting the clusters…", "ko": "군집을 학습하는 중…"},
    "mining.som.progress.epoch": {"en": "Training the self-organising map…", "ko": "자기조직화 지도를 학습하는 중…"},
    "mining.cluster.progress.profile": {"en": "Profiling the clusters…", "ko": "군집 특성을 요약하는 중…"},
    "mining.cluster.progress.project": {"en": "Projecting onto two axes…", "ko": "2차원으로 투영하는 중…"},
    "mining.cluster.progress.explain": {
        "en": "Finding rules that explain the clusters…",
        "ko": "군집을 설명하는 규칙을 찾는 중…",
    },
    "mining.cluster.progress.save": {"en": "Saving the scores…", "ko": "점수를 저장하는 중…"},
    "mining.cluster.progress.done": {"en": "Done", "ko": "완료"},
}

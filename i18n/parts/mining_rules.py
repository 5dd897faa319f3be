"""Association rules and next-best-product: labels, notes and messages for bad input."""

ENTRIES = {
    # Labels
    "mining.rules.title": {"en": "Association rules", "ko": "연관 규칙"},
    "mining.rules.level.category": {"en": "Category", "ko": "카테고리"},
    "mining.rules.level.subcategory": {"en": "Subcategory", "ko": "하위 카테고리"},
    "mining.rules.level.product": {"en": "Product", "ko": "제품"},
    "mining.rules.basket.order": {"en": "Orders as baskets", "ko": "주문 단위 장바구니"},
    "mining.rules.basket.customer": {"en": "Customers as baskets", "ko": "고객 단위 장바구니"},
    "mining.rules.col.antecedent": {"en": "If bought", "ko": "구매한 항목"},
    "mining.rules.col.consequent": {"en": "Then also", "ko": "함께 구매하는 항목"},
    "mining.rules.col.pair_count": {"en": "Baskets with both", "ko": "동시 구매 장바구니 수"},
    "mining.rules.col.support": {"en": "Support", "ko": "지지도"},
    "mining.rules.col.confidence": {"en": "Confidence", "ko": "신뢰도"},
    "mining.rules.col.lift": {"en": "Lift", "ko": "향상도"},
    "mining.rules.col.leverage": {"en": "Leverage", "ko": "레버리지"},
    "mining.rules.col.conviction": {"en": "Conviction", "ko": "확신도"},
    "mining.rules.summary": {
        "en": "{rules} rules from {baskets} baskets ({pairs} frequent pairs)",
        "ko": "장바구니 {baskets}개에서 규칙 {rules}개 발견 (빈발 쌍 {pairs}개)",
    },
    "mining.nbp.title": {"en": "Next best product", "ko": "다음 추천 상품"},
    "mining.nbp.col.item": {"en": "Recommended", "ko": "추천 항목"},
    "mining.nbp.col.score": {"en": "Score (confidence × lift)", "ko": "점수 (신뢰도 × 향상도)"},
    "mining.nbp.col.because": {"en": "Because they bought", "ko": "추천 근거 (구매 항목)"},
    # Bad input
    "mining.rules.bad_level": {
        "en": "“{level}” is not an item level. Choose one of: {allowed}.",
        "ko": "“{level}”은(는) 사용할 수 없는 항목 수준입니다. 다음 중에서 고르세요: {allowed}.",
    },
    "mining.rules.bad_basket": {
        "en": "“{basket}” is not a kind of basket. Choose one of: {allowed}.",
        "ko": "“{basket}”은(는) 사용할 수 없는 장바구니 단위입니다. 다음 중에서 고르세요: {allowed}.",
    },
    "mining.rules.bad_period": {
        "en": "The period starts ({start}) after it ends ({end}). Swap the dates.",
        "ko": "기간의 시작일({start})이 종료일({end})보다 늦습니다. 날짜를 바꿔 주세요.",
    },
    "mining.rules.bad_support": {
        "en": "Minimum support must be a share above 0 and at most 1 (got {value}), for example 0.01 for 1% of baskets.",
        "ko": "최소 지지도는 0보다 크고 1 이하인 비율이어야 합니다(입력값 {value}). 예: 장바구니의 1%는 0.01.",
    },
    "mining.rules.bad_confidence": {
        "en": "Minimum confidence must be a share between 0 and 1 (got {value}).",
        "ko": "최소 신뢰도는 0에서 1 사이의 비율이어야 합니다(입력값 {value}).",
    },
    "mining.rules.bad_lift": {
        "en": "Minimum lift must be a number of at least 0 (got {value}); 1 keeps only positive associations.",
        "ko": "최소 향상도는 0 이상의 숫자여야 합니다(입력값 {value}). 1로 두면 양의 연관만 남습니다.",
    },
    "mining.rules.bad_max_rules": {
        "en": "The number of rules to show must be a whole number of at least 1 (got {value}).",
        "ko": "표시할 규칙 수는 1 이상의 정수여야 합니다(입력값 {value}).",
    },
    "mining.rules.no_baskets": {
        "en": "No purchases match this period ({start} – {end}) and these filters. Widen the period or remove a filter.",
        "ko": "이 기간({start} – {end})과 필터에 맞는 구매가 없습니다. 기간을 넓히거나 필터를 해제하세요.",
    },
    "mining.rules.single_item_baskets": {
        "en": "All {baskets} baskets in this selection hold a single item, so nothing is bought together. "
        "Widen the period, choose a finer item level, or use customers as baskets.",
        "ko": "선택한 장바구니 {baskets}개가 모두 항목 하나만 담고 있어 함께 구매된 항목이 없습니다. "
        "기간을 넓히거나, 더 세부적인 항목 수준을 고르거나, 고객 단위 장바구니를 사용하세요.",
    },
    "mining.rules.note.no_frequent_items": {
        "en": "Fewer than two items reach the minimum support of {min_support}: no rules. Lower the minimum support.",
        "ko": "최소 지지도 {min_support}에 도달한 항목이 두 개 미만이라 규칙이 없습니다. 최소 지지도를 낮추세요.",
    },
    "mining.rules.note.no_frequent_pairs": {
        "en": "No pair of items is bought together often enough for the minimum support of {min_support}. "
        "Lower the minimum support.",
        "ko": "최소 지지도 {min_support}을(를) 충족할 만큼 함께 구매된 항목 쌍이 없습니다. 최소 지지도를 낮추세요.",
    },
    "mining.rules.note.none_pass": {
        "en": "Frequent pairs exist, but no rule reaches a confidence of {min_confidence} and a lift of {min_lift}. "
        "Lower either threshold.",
        "ko": "빈발 항목 쌍은 있지만 신뢰도 {min_confidence}, 향상도 {min_lift}을(를) 충족하는 규칙이 없습니다. "
        "기준값 중 하나를 낮추세요.",
    },
    "mining.nbp.bad_top_n": {
        "en": "The number of recommendations per customer must be a whole number of at least 1 (got {value}).",
        "ko": "고객별 추천 개수는 1 이상의 정수여야 합니다(입력값 {value}).",
    },
    "mining.nbp.bad_lookback": {
        "en": "The rules window must be a whole number of days of at least 1 (got {value}).",
        "ko": "규칙 산출 기간은 1일 이상의 정수 일수여야 합니다(입력값 {value}).",
    },
    "mining.nbp.bad_horizon": {
        "en": "The check period must be a whole number of days of at least 1 (got {value}).",
        "ko": "검증 기간은 1일 이상의 정수 일수여야 합니다(입력값 {value}).",
    },
    "mining.nbp.col.hit_rate": {"en": "Customers who bought a recommendation", "ko": "추천 상품을 구매한 고객 비율"},
    "mining.nbp.col.precision": {"en": "Recommendations bought", "ko": "구매로 이어진 추천 비율"},
    "mining.nbp.baseline": {"en": "Most popular items (baseline)", "ko": "인기 상품 추천 (기준선)"},
    "mining.nbp.no_rules": {
        "en": "No association rules pass the thresholds (minimum support {min_support}), so there is nothing to "
        "recommend from. Lower the thresholds or lengthen the rules window.",
        "ko": "기준(최소 지지도 {min_support})을 통과한 연관 규칙이 없어 추천할 수 없습니다. "
        "기준을 낮추거나 규칙 산출 기간을 늘리세요.",
    },
}

"""RFM, value tiers and lifetime value: segment and tier names, messages, progress steps."""

ENTRIES = {
    # named RFM segments (mining.rfm.SEGMENTS) and what they mean
    "mining.rfm.segment.champions": {"en": "Champions", "ko": "챔피언"},
    "mining.rfm.segment.champions.help": {
        "en": "Bought recently and buy often.",
        "ko": "최근에 구매했고 자주 구매하는 고객입니다.",
    },
    "mining.rfm.segment.loyal": {"en": "Loyal", "ko": "충성 고객"},
    "mining.rfm.segment.loyal.help": {
        "en": "Buy often and not long ago.",
        "ko": "자주 구매하며 마지막 구매도 오래되지 않았습니다.",
    },
    "mining.rfm.segment.potential_loyalists": {"en": "Potential loyalists", "ko": "잠재 충성 고객"},
    "mining.rfm.segment.potential_loyalists.help": {
        "en": "Recent buyers with a few orders: could become loyal.",
        "ko": "최근 몇 차례 구매한 고객으로, 충성 고객이 될 수 있습니다.",
    },
    "mining.rfm.segment.new": {"en": "New", "ko": "신규 고객"},
    "mining.rfm.segment.new.help": {
        "en": "Bought very recently, for the first time or nearly.",
        "ko": "아주 최근에 처음(또는 거의 처음) 구매했습니다.",
    },
    "mining.rfm.segment.promising": {"en": "Promising", "ko": "유망 고객"},
    "mining.rfm.segment.promising.help": {
        "en": "Recent buyers who have not bought much yet.",
        "ko": "최근 구매했지만 아직 구매가 많지 않은 고객입니다.",
    },
    "mining.rfm.segment.need_attention": {"en": "Need attention", "ko": "관심 필요"},
    "mining.rfm.segment.need_attention.help": {
        "en": "Average recency and frequency: a timely offer keeps them.",
        "ko": "최근성과 빈도가 중간 수준입니다. 적시에 제안하면 유지할 수 있습니다.",
    },
    "mining.rfm.segment.about_to_sleep": {"en": "About to sleep", "ko": "휴면 직전"},
    "mining.rfm.segment.about_to_sleep.help": {
        "en": "Few orders and fading recency: they will lapse without a reason to return.",
        "ko": "구매가 적고 최근성도 낮아지고 있어, 다시 올 이유가 없으면 이탈합니다.",
    },
    "mining.rfm.segment.at_risk": {"en": "At risk", "ko": "이탈 위험"},
    "mining.rfm.segment.at_risk.help": {
        "en": "Used to buy often but not for a long time.",
        "ko": "예전에는 자주 구매했지만 오랫동안 구매하지 않았습니다.",
    },
    "mining.rfm.segment.cant_lose": {"en": "Can't lose them", "ko": "놓치면 안 될 고객"},
    "mining.rfm.segment.cant_lose.help": {
        "en": "Among the most frequent buyers, but gone quiet: win them back first.",
        "ko": "가장 자주 구매하던 고객이지만 조용해졌습니다. 가장 먼저 되찾아야 합니다.",
    },
    "mining.rfm.segment.hibernating": {"en": "Hibernating", "ko": "휴면"},
    "mining.rfm.segment.hibernating.help": {
        "en": "Few orders, long ago.",
        "ko": "구매가 적고 마지막 구매가 오래되었습니다.",
    },
    "mining.rfm.segment.lost": {"en": "Lost", "ko": "이탈"},
    "mining.rfm.segment.lost.help": {
        "en": "The fewest orders and the longest time since the last one.",
        "ko": "구매가 가장 적고 마지막 구매 이후 가장 오래 지났습니다.",
    },
    # value tiers
    "mining.rfm.tier.platinum": {"en": "Platinum", "ko": "플래티넘"},
    "mining.rfm.tier.gold": {"en": "Gold", "ko": "골드"},
    "mining.rfm.tier.silver": {"en": "Silver", "ko": "실버"},
    "mining.rfm.tier.bronze": {"en": "Bronze", "ko": "브론즈"},
    "mining.rfm.tier.help": {
        "en": "Platinum: top 5% by spend with 4+ orders; Gold: top 15% with 3+; Silver: top 35% with 2+; "
        "everyone else Bronze.",
        "ko": "플래티넘: 구매액 상위 5%이면서 주문 4회 이상, 골드: 상위 15%·3회 이상, "
        "실버: 상위 35%·2회 이상, 나머지는 브론즈입니다.",
    },
    # movement between two dates
    "mining.rfm.arrived": {"en": "Not yet a buyer", "ko": "아직 구매 전"},
    "mining.rfm.gone": {"en": "No longer a buyer in the window", "ko": "기간 내 구매 없음"},
    # scoring run progress
    "mining.rfm.progress.rfm": {"en": "Scoring recency, frequency and spend…", "ko": "최근성·빈도·금액 점수 계산 중…"},
    "mining.rfm.progress.clv": {"en": "Fitting the lifetime value models…", "ko": "생애 가치 모형 적합 중…"},
    "mining.rfm.progress.holdout": {
        "en": "Checking predictions on a holdout period…",
        "ko": "검증 기간으로 예측 점검 중…",
    },
    "mining.rfm.progress.save": {"en": "Saving the scores…", "ko": "점수 저장 중…"},
    # errors a person can act on
    "mining.rfm.too_few": {
        "en": "Only {customers} customers bought by {date}; RFM needs at least {needed}. "
        "Choose a later date or a longer window.",
        "ko": "{date}까지 구매한 고객이 {customers}명뿐입니다. RFM에는 최소 {needed}명이 필요합니다. "
        "더 나중 날짜나 더 긴 기간을 선택하세요.",
    },
    "mining.rfm.bad_window": {
        "en": "The window must be at least one day (got {days}).",
        "ko": "기간은 최소 1일이어야 합니다(입력값: {days}).",
    },
    "mining.rfm.dates_order": {
        "en": "The second date ({second}) must come after the first ({first}).",
        "ko": "두 번째 날짜({second})는 첫 번째 날짜({first}) 이후여야 합니다.",
    },
    "mining.rfm.unknown_param": {
        "en": "Unknown setting(s): {names}.",
        "ko": "알 수 없는 설정: {names}.",
    },
    "mining.clv.too_few": {
        "en": "Only {customers} customers have bought; the lifetime value model needs at least {needed}. "
        "Use a later date.",
        "ko": "구매 고객이 {customers}명뿐입니다. 생애 가치 모형에는 최소 {needed}명이 필요합니다. "
        "더 나중 날짜를 사용하세요.",
    },
    "mining.clv.too_few_repeat": {
        "en": "Only {customers} customers bought more than once; the models need at least {needed}. "
        "Use a later date or a longer history.",
        "ko": "두 번 이상 구매한 고객이 {customers}명뿐입니다. 모형에는 최소 {needed}명이 필요합니다. "
        "더 나중 날짜나 더 긴 이력을 사용하세요.",
    },
    "mining.clv.no_history": {
        "en": "Every customer bought for the first time on the last day: there is no history to learn from yet.",
        "ko": "모든 고객이 마지막 날에 처음 구매해 아직 학습할 이력이 없습니다.",
    },
    "mining.clv.no_convergence": {
        "en": "The lifetime value model could not be fitted to these data. "
        "Try a longer history or a later date; if it persists, the data may not follow repeat-purchase patterns.",
        "ko": "이 데이터로는 생애 가치 모형을 적합할 수 없습니다. 더 긴 이력이나 더 나중 날짜로 시도해 보세요. "
        "계속되면 데이터가 재구매 패턴을 따르지 않는 것일 수 있습니다.",
    },
    "mining.clv.bad_input": {
        "en": "{rows} customers have inconsistent purchase history (last purchase after the end, or negative times).",
        "ko": "{rows}명의 고객 구매 이력이 맞지 않습니다(마지막 구매가 종료 이후이거나 시간이 음수).",
    },
    "mining.clv.bad_value": {
        "en": "{rows} repeat customers have a zero or negative average purchase value; spend models need positive values.",
        "ko": "재구매 고객 {rows}명의 평균 구매액이 0 이하입니다. 구매액 모형에는 양수 값이 필요합니다.",
    },
    "mining.clv.constant_value": {
        "en": "Every repeat customer spends exactly the same per purchase, so spend cannot be modelled.",
        "ko": "모든 재구매 고객의 구매당 금액이 같아 구매액을 모형화할 수 없습니다.",
    },
    "mining.clv.bad_horizon": {
        "en": "The horizon must be at least one month (got {months}).",
        "ko": "예측 기간은 최소 1개월이어야 합니다(입력값: {months}).",
    },
    # the holdout check, as shown to users
    "mining.clv.holdout.title": {"en": "How well the model predicted", "ko": "모형 예측 정확도"},
    "mining.clv.holdout.summary": {
        "en": "Fitted on purchases up to {cutoff}, the model predicted {predicted} purchases for {cutoff} – {end}; "
        "customers made {actual} ({error} off).",
        "ko": "{cutoff}까지의 구매로 적합한 모형은 {cutoff} – {end} 기간에 {predicted}건을 예측했고, "
        "실제 구매는 {actual}건이었습니다(오차 {error}).",
    },
    "mining.clv.holdout.bucket": {"en": "Repeat purchases before the cutoff", "ko": "기준일 전 재구매 횟수"},
    "mining.clv.holdout.actual": {"en": "Actual purchases", "ko": "실제 구매"},
    "mining.clv.holdout.predicted": {"en": "Predicted purchases", "ko": "예측 구매"},
    "mining.clv.p_alive": {"en": "Probability still active", "ko": "활성 확률"},
    "mining.clv.expected_purchases_12m": {"en": "Expected purchases (12 months)", "ko": "예상 구매 횟수(12개월)"},
    "mining.clv.clv_12m": {"en": "Lifetime value (12 months)", "ko": "고객 생애 가치(12개월)"},
}

"""The campaign what-if page: its form, result sentence and problems."""

ENTRIES = {
    "nav.whatif": {"en": "Campaign what-if", "ko": "캠페인 사전 시뮬레이션"},
    "whatif.title": {"en": "Campaign what-if", "ko": "캠페인 사전 시뮬레이션"},
    "whatif.intro": {
        "en": "Before spending: how many of a segment will buy from an offer, what it earns and costs, with a range.",
        "ko": "돈을 쓰기 전에: 세그먼트 중 몇 명이 제안에 반응할지, 수익과 비용은 얼마인지 범위와 함께 확인하세요.",
    },
    "whatif.segment": {"en": "Segment", "ko": "세그먼트"},
    "whatif.segment.all": {"en": "All customers", "ko": "전체 고객"},
    "whatif.segment.help": {
        "en": "Saved segments, at their latest version's member snapshot.",
        "ko": "저장된 세그먼트의 최신 버전 구성원 스냅샷을 사용합니다.",
    },
    "whatif.cpc.help": {
        "en": "Filled with what a contact cost on this channel in past campaigns.",
        "ko": "이 채널의 과거 캠페인 접촉당 평균 비용으로 채워집니다.",
    },
    "whatif.margin.help": {
        "en": "Gross margin of revenue before the discount; filled from the warehouse.",
        "ko": "할인 전 매출 기준 매출총이익률이며, 데이터에서 채워집니다.",
    },
    "whatif.aov.help": {
        "en": "Leave empty to use the segment's own average order (or the channel's).",
        "ko": "비워 두면 세그먼트의 평균 주문 금액(없으면 채널 평균)을 사용합니다.",
    },
    "whatif.use_scores": {
        "en": "Use the response model's scores (Models page)",
        "ko": "반응 예측 모델 점수 사용 (모델 페이지)",
    },
    "whatif.run": {"en": "Simulate", "ko": "시뮬레이션"},
    "whatif.empty": {
        "en": "Choose a segment and an offer, then press Simulate.",
        "ko": "세그먼트와 제안을 고른 뒤 '시뮬레이션'을 누르세요.",
    },
    "whatif.range": {"en": "likely {low} – {high}", "ko": "가능 범위 {low} – {high}"},
    "whatif.sentence": {
        "en": "Sending this offer by {channel} to {contacts} customers of “{segment}” should bring about "
        "{responders} buyers (likely {low}–{high}), of whom {incremental} would not have bought anyway.",
        "ko": "“{segment}”의 고객 {contacts}명에게 {channel}(으)로 이 제안을 보내면 약 {responders}명이 "
        "구매할 것으로 예상됩니다(가능 범위 {low}–{high}). 이 중 {incremental}명은 캠페인이 없었다면 "
        "구매하지 않았을 고객입니다.",
    },
    "whatif.sentence.gain": {
        "en": "What the campaign itself adds after its cost: an incremental profit of {inc_profit} "
        "(likely {inc_low} to {inc_high}).",
        "ko": "비용을 뺀 캠페인 자체의 효과: 증분 이익 {inc_profit} (가능 범위 {inc_low} ~ {inc_high}).",
    },
    "whatif.sentence.loss": {
        "en": "What the campaign itself adds after its cost: an incremental loss of {inc_loss} "
        "(likely {inc_low} to {inc_high}): most of these buyers would have bought anyway.",
        "ko": "비용을 뺀 캠페인 자체의 효과: 증분 손실 {inc_loss} (가능 범위 {inc_low} ~ {inc_high}). "
        "이 구매자 대부분은 캠페인이 없어도 구매했을 고객입니다.",
    },
    "whatif.sentence.no_baseline": {
        "en": "Without a control group in the channel's history the incremental effect cannot be told; "
        "profit on every expected buyer after cost: {profit}.",
        "ko": "채널 이력에 대조군이 없어 증분 효과는 알 수 없습니다. 비용 차감 후 예상 구매자 전체 기준 이익: {profit}.",
    },
    "whatif.ratio_flagged": {
        "en": "not meaningful: the cost is under {share} of the gross profit",
        "ko": "의미 없음: 비용이 매출총이익의 {share} 미만",
    },
    "whatif.basis": {
        "en": "Order value {value} ({source}); expected response rate {rate}; break-even rate {break_even}.",
        "ko": "주문 금액 {value}({source}), 예상 반응률 {rate}, 손익분기 반응률 {break_even}.",
    },
    "whatif.value_source.offer": {"en": "as entered", "ko": "입력값"},
    "whatif.value_source.segment": {"en": "the segment's average order", "ko": "세그먼트 평균 주문"},
    "whatif.value_source.channel": {"en": "the channel's average converted order", "ko": "채널 전환 주문 평균"},
    "whatif.value_source.warehouse": {"en": "the average order overall", "ko": "전체 평균 주문"},
    "whatif.model_used": {
        "en": "Response scores from model run #{run} (as of {as_of}), calibrated to the channel.",
        "ko": "반응 점수는 모델 실행 #{run}({as_of} 기준)에서 가져와 채널에 맞게 보정했습니다.",
    },
    "whatif.model_none": {
        "en": "No response model used: everyone gets the channel's past response rate.",
        "ko": "반응 모델을 쓰지 않아 모든 고객에게 채널의 과거 반응률을 적용했습니다.",
    },
    "whatif.hist.title": {"en": "Profit after cost: how it could turn out", "ko": "비용 차감 후 이익의 분포"},
    "whatif.hist.x": {"en": "Profit after cost", "ko": "비용 차감 후 이익"},
    "whatif.hist.y": {"en": "Simulations", "ko": "시뮬레이션 수"},
    "whatif.compare": {
        "en": "The same offer on every channel (each at its typical cost per contact)",
        "ko": "채널별 같은 제안 비교 (채널별 평균 접촉 비용 적용)",
    },
    "whatif.history": {"en": "Past campaign response by channel", "ko": "채널별 과거 캠페인 반응"},
    "whatif.no_channel": {
        "en": "Choose the channel the offer goes out on.",
        "ko": "제안을 보낼 채널을 고르세요.",
    },
    "whatif.no_cost": {
        "en": "Enter the cost per contact (0 if contacts cost nothing).",
        "ko": "접촉당 비용을 입력하세요(비용이 없으면 0).",
    },
    "whatif.not_a_number": {
        "en": "Costs, discount, margin and order value must be numbers.",
        "ko": "비용, 할인율, 이익률, 주문 금액은 숫자여야 합니다.",
    },
    "whatif.no_segment": {
        "en": "That segment no longer exists. Choose another one.",
        "ko": "해당 세그먼트가 더 이상 없습니다. 다른 세그먼트를 고르세요.",
    },
}

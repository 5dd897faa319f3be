"""What-if campaign simulation: labels, notes on how the figures were made, messages for bad input."""

ENTRIES = {
    # Labels
    "mining.simulate.title": {"en": "Campaign simulation", "ko": "캠페인 시뮬레이션"},
    "mining.simulate.metric.responders": {"en": "Responders", "ko": "반응 고객 수"},
    "mining.simulate.metric.incremental_responders": {"en": "Incremental responders", "ko": "증분 반응 고객 수"},
    "mining.simulate.metric.revenue": {"en": "Revenue", "ko": "매출"},
    "mining.simulate.metric.cost": {"en": "Campaign cost", "ko": "캠페인 비용"},
    "mining.simulate.metric.gross_profit": {"en": "Gross profit", "ko": "매출총이익"},
    "mining.simulate.metric.profit": {"en": "Profit after cost", "ko": "비용 차감 후 이익"},
    "mining.simulate.metric.incremental_profit": {"en": "Incremental profit", "ko": "증분 이익"},
    "mining.simulate.metric.roi": {"en": "ROI", "ko": "ROI"},
    "mining.simulate.metric.incremental_roi": {"en": "Incremental ROI", "ko": "증분 ROI"},
    "mining.simulate.stat.mean": {"en": "Expected", "ko": "기댓값"},
    "mining.simulate.stat.p10": {"en": "Low (P10)", "ko": "하단 (P10)"},
    "mining.simulate.stat.p50": {"en": "Median (P50)", "ko": "중앙값 (P50)"},
    "mining.simulate.stat.p90": {"en": "High (P90)", "ko": "상단 (P90)"},
    "mining.simulate.roi_na": {"en": "n/a", "ko": "해당 없음"},
    "mining.simulate.break_even": {
        "en": "Break-even response rate: {rate}",
        "ko": "손익분기 반응률: {rate}",
    },
    "mining.simulate.offer.channel": {"en": "Channel", "ko": "채널"},
    "mining.simulate.offer.cost_per_contact": {"en": "Cost per contact", "ko": "접촉당 비용"},
    "mining.simulate.offer.fixed_cost": {"en": "Fixed cost", "ko": "고정 비용"},
    "mining.simulate.offer.discount_pct": {"en": "Discount (%)", "ko": "할인율 (%)"},
    "mining.simulate.offer.margin_pct": {"en": "Gross margin (%)", "ko": "매출총이익률 (%)"},
    "mining.simulate.offer.expected_order_value": {"en": "Order value", "ko": "주문 금액"},
    "mining.simulate.col.channel": {"en": "Channel", "ko": "채널"},
    "mining.simulate.col.contacts": {"en": "Contacts", "ko": "접촉 수"},
    "mining.simulate.col.responses": {"en": "Responses", "ko": "반응 수"},
    "mining.simulate.col.rate": {"en": "Response rate", "ko": "반응률"},
    "mining.simulate.col.control_contacts": {"en": "Control group", "ko": "대조군 수"},
    "mining.simulate.col.control_responses": {"en": "Control responses", "ko": "대조군 반응 수"},
    "mining.simulate.col.control_rate": {"en": "Control rate", "ko": "대조군 반응률"},
    "mining.simulate.col.uplift": {"en": "Uplift", "ko": "증분 반응률"},
    "mining.simulate.col.avg_order_value": {"en": "Avg. converted order", "ko": "전환 주문 평균 금액"},
    "mining.simulate.col.deliverability": {"en": "Deliverability", "ko": "도달률"},
    "mining.simulate.col.order_value": {"en": "Order value used", "ko": "적용 주문 금액"},
    "mining.simulate.col.responders_mean": {"en": "Responders", "ko": "반응 고객 수"},
    "mining.simulate.col.responders_p10": {"en": "Responders P10", "ko": "반응 고객 수 P10"},
    "mining.simulate.col.responders_p90": {"en": "Responders P90", "ko": "반응 고객 수 P90"},
    "mining.simulate.col.incremental_responders_mean": {"en": "Incremental responders", "ko": "증분 반응 고객 수"},
    "mining.simulate.col.revenue_mean": {"en": "Revenue", "ko": "매출"},
    "mining.simulate.col.cost": {"en": "Cost", "ko": "비용"},
    "mining.simulate.col.profit_mean": {"en": "Profit", "ko": "이익"},
    "mining.simulate.col.profit_p10": {"en": "Profit P10", "ko": "이익 P10"},
    "mining.simulate.col.profit_p90": {"en": "Profit P90", "ko": "이익 P90"},
    "mining.simulate.col.incremental_profit_mean": {"en": "Incremental profit", "ko": "증분 이익"},
    "mining.simulate.col.roi_mean": {"en": "ROI", "ko": "ROI"},
    "mining.simulate.col.roi_p10": {"en": "ROI P10", "ko": "ROI P10"},
    "mining.simulate.col.roi_p90": {"en": "ROI P90", "ko": "ROI P90"},
    "mining.simulate.col.incremental_roi_mean": {"en": "Incremental ROI", "ko": "증분 ROI"},
    "mining.simulate.col.break_even_rate": {"en": "Break-even rate", "ko": "손익분기 반응률"},
    "mining.simulate.col.expected_rate": {"en": "Expected rate", "ko": "예상 반응률"},
    "mining.simulate.col.cost_per_contact": {"en": "Cost per contact", "ko": "접촉당 비용"},
    "mining.simulate.col.fixed_cost": {"en": "Fixed cost", "ko": "고정 비용"},
    "mining.simulate.col.discount_pct": {"en": "Discount (%)", "ko": "할인율 (%)"},
    # Progress
    "mining.simulate.step.history": {"en": "Reading past campaign response…", "ko": "과거 캠페인 반응을 읽는 중…"},
    "mining.simulate.step.scores": {"en": "Calibrating response scores…", "ko": "반응 점수를 보정하는 중…"},
    "mining.simulate.step.simulate": {"en": "Simulating outcomes…", "ko": "결과를 시뮬레이션하는 중…"},
    "mining.simulate.step.done": {"en": "Done", "ko": "완료"},
    # Notes on how the figures were made
    "mining.simulate.note.history_only": {
        "en": "No response model has been trained: everyone gets the {channel} channel's past response rate ({rate}).",
        "ko": "학습된 반응 모델이 없어 모든 고객에게 {channel} 채널의 과거 반응률({rate})을 적용했습니다.",
    },
    "mining.simulate.note.calibrated": {
        "en": "Response scores were shifted so that their mean over {contacts} past {channel} contacts "
        "matches the channel's response rate {rate} (it was {raw_mean} before).",
        "ko": "반응 점수를 보정하여 과거 {channel} 접촉 {contacts}건에 대한 평균이 채널 반응률 {rate}와(과) "
        "같아지도록 했습니다 (보정 전 {raw_mean}).",
    },
    "mining.simulate.note.not_calibrated": {
        "en": "None of the past {channel} contacts has a response score, so the scores are used as they are.",
        "ko": "과거 {channel} 접촉 고객 중 반응 점수가 있는 고객이 없어 점수를 보정 없이 사용했습니다.",
    },
    "mining.simulate.note.no_history_scores": {
        "en": "No past campaign used {channel}: the response scores are used uncalibrated and the range "
        "only reflects chance, not how uncertain the rate is.",
        "ko": "{channel} 채널을 사용한 과거 캠페인이 없어 반응 점수를 보정 없이 사용했으며, 범위에는 "
        "반응률 자체의 불확실성이 반영되지 않았습니다.",
    },
    "mining.simulate.note.unscored": {
        "en": "{customers} customers ({share}) have no response score and get the rate {rate}.",
        "ko": "고객 {customers}명({share})은 반응 점수가 없어 반응률 {rate}을(를) 적용했습니다.",
    },
    "mining.simulate.note.few_contacts": {
        "en": "Only {contacts} past {channel} contacts: the range is wide.",
        "ko": "과거 {channel} 접촉이 {contacts}건뿐이어서 예상 범위가 넓습니다.",
    },
    "mining.simulate.note.few_control": {
        "en": "The {channel} control groups had only {contacts} customers: the incremental figures are uncertain.",
        "ko": "{channel} 대조군이 {contacts}명뿐이어서 증분 수치의 불확실성이 큽니다.",
    },
    "mining.simulate.note.no_control": {
        "en": "Past {channel} campaigns had no control group: incremental figures cannot be estimated.",
        "ko": "과거 {channel} 캠페인에 대조군이 없어 증분 수치를 추정할 수 없습니다.",
    },
    "mining.simulate.note.no_uplift": {
        "en": "In past {channel} campaigns the control group responded as well or better (uplift {uplift}): "
        "most responders would have bought anyway.",
        "ko": "과거 {channel} 캠페인에서 대조군의 반응이 같거나 더 높았습니다 (증분 {uplift}). "
        "반응 고객 대부분은 캠페인이 없어도 구매했을 것입니다.",
    },
    "mining.simulate.note.value_segment": {
        "en": "Order value {value}: the segment's own average over {orders} past orders.",
        "ko": "주문 금액 {value}: 이 세그먼트의 과거 주문 {orders}건 평균입니다.",
    },
    "mining.simulate.note.value_channel": {
        "en": "Order value {value}: the channel's average converted order (the segment has only {orders} "
        "past orders, {needed} are needed).",
        "ko": "주문 금액 {value}: 채널의 전환 주문 평균입니다 (세그먼트의 과거 주문이 {orders}건뿐이며 "
        "{needed}건 이상이 필요합니다).",
    },
    "mining.simulate.note.value_warehouse": {
        "en": "Order value {value}: the average order of all customers (no better history).",
        "ko": "주문 금액 {value}: 더 적합한 이력이 없어 전체 고객의 평균 주문 금액을 사용했습니다.",
    },
    "mining.simulate.note.margin_default": {
        "en": "Gross margin {margin}%: the margin of all past sales.",
        "ko": "매출총이익률 {margin}%: 전체 과거 매출의 이익률입니다.",
    },
    "mining.simulate.note.discount_over_margin": {
        "en": "The discount ({discount}%) is not below the margin ({margin}%): every responder loses money.",
        "ko": "할인율({discount}%)이 이익률({margin}%)보다 낮지 않아 반응 고객마다 손실이 발생합니다.",
    },
    "mining.simulate.note.roi_na": {
        "en": "The campaign costs nothing, so ROI is not defined: compare the profit instead.",
        "ko": "캠페인 비용이 0이어서 ROI를 계산할 수 없습니다. 이익으로 비교하세요.",
    },
    # Bad input
    "mining.simulate.empty_segment": {
        "en": "The segment has no customers. Choose a segment with members.",
        "ko": "세그먼트에 고객이 없습니다. 고객이 있는 세그먼트를 선택하세요.",
    },
    "mining.simulate.bad_customer_ids": {
        "en": "Customer ids must be whole numbers.",
        "ko": "고객 ID는 정수여야 합니다.",
    },
    "mining.simulate.unknown_channel": {
        "en": "“{channel}” is not a channel. Choose one of: {allowed}.",
        "ko": "“{channel}”은(는) 없는 채널입니다. 다음 중에서 고르세요: {allowed}.",
    },
    "mining.simulate.negative_cost": {
        "en": "Costs cannot be negative (got {value}). Enter zero or more.",
        "ko": "비용은 음수일 수 없습니다 (입력값 {value}). 0 이상을 입력하세요.",
    },
    "mining.simulate.bad_discount": {
        "en": "The discount must be between 0 and 100% (got {value}).",
        "ko": "할인율은 0~100% 사이여야 합니다 (입력값 {value}).",
    },
    "mining.simulate.bad_margin": {
        "en": "The gross margin must be between 0 and 100% (got {value}).",
        "ko": "매출총이익률은 0~100% 사이여야 합니다 (입력값 {value}).",
    },
    "mining.simulate.bad_order_value": {
        "en": "The order value must be a positive amount (got {value}). Leave it empty to use history.",
        "ko": "주문 금액은 0보다 커야 합니다 (입력값 {value}). 비워 두면 과거 이력을 사용합니다.",
    },
    "mining.simulate.bad_scores": {
        "en": "{count} response scores are not probabilities between 0 and 1. Train the response model again.",
        "ko": "반응 점수 {count}개가 0과 1 사이의 확률이 아닙니다. 반응 모델을 다시 학습하세요.",
    },
    "mining.simulate.bad_draws": {
        "en": "The simulation needs at least 10 draws (got {value}).",
        "ko": "시뮬레이션에는 최소 10회의 추출이 필요합니다 (입력값 {value}).",
    },
    "mining.simulate.no_history": {
        "en": "No past campaign used {channel} and no response model has been trained, so the response "
        "cannot be estimated. Train the response model or choose another channel.",
        "ko": "{channel} 채널을 사용한 과거 캠페인이 없고 학습된 반응 모델도 없어 반응을 추정할 수 없습니다. "
        "반응 모델을 학습하거나 다른 채널을 선택하세요.",
    },
    "mining.simulate.no_margin": {
        "en": "The warehouse has no sales to take a margin from. Enter the gross margin.",
        "ko": "이익률을 계산할 매출 데이터가 없습니다. 매출총이익률을 직접 입력하세요.",
    },
    "mining.simulate.no_order_value": {
        "en": "There are no past orders to take an order value from. Enter the expected order value.",
        "ko": "주문 금액을 계산할 과거 주문이 없습니다. 예상 주문 금액을 입력하세요.",
    },
    "mining.simulate.no_offers": {
        "en": "Add at least one offer to compare.",
        "ko": "비교할 오퍼를 하나 이상 추가하세요.",
    },
    "mining.simulate.note.consent": {
        "en": "Only {reachable} of the {asked} customers agreed to receive e-mail: the others are not contacted.",
        "ko": "고객 {asked}명 중 이메일 수신에 동의한 {reachable}명에게만 보냅니다. 나머지 고객에게는 보내지 않습니다.",
    },
    "mining.simulate.no_consent": {
        "en": "None of the {asked} customers agreed to receive e-mail, so an {channel} offer cannot reach them. "
        "Choose another channel or another segment.",
        "ko": "고객 {asked}명 중 이메일 수신에 동의한 고객이 없어 {channel} 제안을 보낼 수 없습니다. "
        "다른 채널이나 세그먼트를 고르세요.",
    },
}

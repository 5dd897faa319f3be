"""Names of the cube's dimensions, levels and measures, and its refusal messages."""

ENTRIES = {
    # dimensions
    "dim.geo": {"en": "Geography", "ko": "지역"},
    "dim.time": {"en": "Time", "ko": "기간"},
    "dim.customer": {"en": "Customer", "ko": "고객"},
    "dim.product": {"en": "Product", "ko": "제품"},
    "dim.channel": {"en": "Channel", "ko": "채널"},
    "dim.partner": {"en": "Partner", "ko": "파트너"},
    "dim.score": {"en": "Customer value (RFM)", "ko": "고객 가치 (RFM)"},
    "dim.cluster": {"en": "Customer cluster", "ko": "고객 군집"},
    "dim.propensity": {"en": "Propensity", "ko": "성향 점수"},
    # levels
    "level.geo.region": {"en": "World region", "ko": "권역"},
    "level.geo.country": {"en": "Country", "ko": "국가"},
    "level.geo.city": {"en": "City", "ko": "도시"},
    "level.time.year": {"en": "Year", "ko": "연도"},
    "level.time.quarter": {"en": "Quarter", "ko": "분기"},
    "level.time.month": {"en": "Month", "ko": "월"},
    "level.time.week": {"en": "Week", "ko": "주"},
    "level.time.day": {"en": "Day", "ko": "일"},
    "level.customer.type": {"en": "Customer type", "ko": "고객 유형"},
    "level.customer.segment": {"en": "Customer segment", "ko": "고객 세그먼트"},
    "level.customer.customer": {"en": "Customer", "ko": "고객"},
    "level.product.category": {"en": "Product category", "ko": "제품 카테고리"},
    "level.product.subcategory": {"en": "Subcategory", "ko": "하위 카테고리"},
    "level.product.product": {"en": "Product", "ko": "제품"},
    "level.channel.group": {"en": "Online / offline", "ko": "온라인 / 오프라인"},
    "level.channel.channel": {"en": "Channel", "ko": "채널"},
    "level.partner.tier": {"en": "Partner tier", "ko": "파트너 등급"},
    "level.partner.partner": {"en": "Partner", "ko": "파트너"},
    "level.score.tier": {"en": "Value tier", "ko": "가치 등급"},
    "level.score.rfm_segment": {"en": "RFM segment", "ko": "RFM 세그먼트"},
    "level.cluster.cluster": {"en": "Cluster", "ko": "군집"},
    "level.propensity.repurchase": {"en": "Repurchase decile", "ko": "재구매 가능성 10분위"},
    "level.propensity.response": {"en": "Campaign response decile", "ko": "캠페인 반응 10분위"},
    "member.unscored": {"en": "Not scored", "ko": "점수 없음"},
    "member.decile": {"en": "Decile {n}", "ko": "{n}분위"},
    "member.decile.top": {"en": "Decile 1 (most likely)", "ko": "1분위 (가능성 최고)"},
    # measures
    "measure.revenue": {"en": "Revenue", "ko": "매출"},
    "measure.gross_margin": {"en": "Gross margin", "ko": "매출총이익"},
    "measure.margin_pct": {"en": "Margin %", "ko": "이익률"},
    "measure.orders": {"en": "Orders", "ko": "주문 수"},
    "measure.units": {"en": "Units", "ko": "수량"},
    "measure.customers": {"en": "Customers", "ko": "고객 수"},
    "measure.new_customers": {"en": "New customers", "ko": "신규 고객"},
    "measure.aov": {"en": "Average order value", "ko": "평균 주문 금액"},
    "measure.repeat_rate": {"en": "Repeat-purchase rate", "ko": "재구매율"},
    "measure.sessions": {"en": "Web sessions", "ko": "웹 세션"},
    "measure.conversions": {"en": "Converting sessions", "ko": "전환 세션"},
    "measure.conversion_rate": {"en": "Conversion rate", "ko": "전환율"},
    "measure.contacts": {"en": "Campaign contacts", "ko": "캠페인 접촉"},
    "measure.responses": {"en": "Responses", "ko": "반응 수"},
    "measure.response_rate": {"en": "Response rate", "ko": "반응률"},
    "measure.response_uplift": {"en": "Uplift over control", "ko": "대조군 대비 향상"},
    "measure.tickets": {"en": "Service tickets", "ko": "서비스 티켓"},
    "measure.satisfaction": {"en": "Satisfaction (1–5)", "ko": "만족도 (1–5)"},
    "measure.resolution_hours": {"en": "Resolution time (h)", "ko": "해결 시간 (시간)"},
    "measure.opportunities": {"en": "Opportunities", "ko": "영업 기회"},
    "measure.pipeline_value": {"en": "Pipeline value", "ko": "파이프라인 금액"},
    "measure.win_rate": {"en": "Win rate", "ko": "수주율"},
    # fact names (for "does not apply" messages)
    "fact.sales": {"en": "order lines", "ko": "주문 내역"},
    "fact.sessions": {"en": "web sessions", "ko": "웹 세션"},
    "fact.contacts": {"en": "campaign contacts", "ko": "캠페인 접촉"},
    "fact.tickets": {"en": "service tickets", "ko": "서비스 티켓"},
    "fact.opportunities": {"en": "opportunities", "ko": "영업 기회"},
    # refusals (olap.cube.CubeError keys)
    "cube.too_large": {
        "en": "This view would have about {rows} rows ({levels}…), more than the {limit} a view may have. "
        "Narrow it: filter to a region, a segment or a shorter period, or group by a coarser level "
        "(category instead of product, country instead of customer).",
        "ko": "이 보기는 약 {rows}행({levels}…)으로, 보기 하나의 한도 {limit}행보다 큽니다. "
        "지역·세그먼트·더 짧은 기간으로 필터하거나, 더 상위 수준(상품 대신 카테고리, 고객 대신 국가)으로 묶으세요.",
    },
    "cube.timeout": {
        "en": "This view took longer than {seconds} seconds and was stopped. Narrow it: a shorter period, a filter, "
        "or fewer levels.",
        "ko": "이 보기는 {seconds}초를 넘겨 중단되었습니다. 기간을 줄이거나 필터를 추가하거나 수준을 줄이세요.",
    },
    "cube.unknown_level": {
        "en": "“{level}” is not a level of the cube. Pick a level from the lists.",
        "ko": "“{level}”은(는) 큐브의 수준이 아닙니다. 목록에서 선택하세요.",
    },
    "cube.unknown_measure": {
        "en": "“{measure}” is not a measure of the cube. Pick a measure from the list.",
        "ko": "“{measure}”은(는) 큐브의 측정값이 아닙니다. 목록에서 선택하세요.",
    },
    "cube.not_applicable": {
        "en": "{measure} cannot be broken down by {level}: that fact does not record it. "
        "Choose another level or measure.",
        "ko": "{measure}은(는) {level} 기준으로 나눌 수 없습니다(해당 데이터에 없는 항목). "
        "다른 수준이나 측정값을 선택하세요.",
    },
    "cube.bad_time_member": {
        "en": "“{member}” is not a valid {level} (e.g. 2025, 2025-Q3, 2025-07, 2025-W07, 2025-07-14).",
        "ko": "“{member}”은(는) 올바른 {level} 값이 아닙니다 (예: 2025, 2025-Q3, 2025-07, 2025-W07, 2025-07-14).",
    },
    "cube.bad_member": {
        "en": "“{member}” is not a valid {level} id.",
        "ko": "“{member}”은(는) 올바른 {level} ID가 아닙니다.",
    },
    "cube.unknown_member": {
        "en": "There is no {level} “{member}” in the data; it was left out.",
        "ko": "데이터에 {level} “{member}”이(가) 없어 제외했습니다.",
    },
    "cube.bad_period": {
        "en": "“{value}” is not a period of the data; showing the last 12 months. Use 2025, 2025-Q3 or 2025-07.",
        "ko": "“{value}”은(는) 데이터 범위의 기간이 아닙니다. 최근 12개월을 표시합니다. 2025, 2025-Q3, 2025-07 형식을 사용하세요.",
    },
    "cube.bad_date": {
        "en": "“{value}” is not a date. Use YYYY-MM-DD.",
        "ko": "“{value}”은(는) 날짜가 아닙니다. YYYY-MM-DD 형식을 사용하세요.",
    },
    "cube.bad_range": {
        "en": "The date range ends ({end}) before it starts ({start}). Swap or correct the dates.",
        "ko": "기간의 종료일({end})이 시작일({start})보다 빠릅니다. 날짜를 고치세요.",
    },
    "cube.bad_limit": {
        "en": "“{value}” is not a valid number of rows (1 to 100,000).",
        "ko": "“{value}”은(는) 올바른 행 수가 아닙니다 (1–100,000).",
    },
    "cube.bad_sort": {
        "en": "Cannot sort by “{sort}”: sort by a chosen measure or level.",
        "ko": "“{sort}”(으)로 정렬할 수 없습니다. 선택한 측정값이나 수준으로 정렬하세요.",
    },
    "cube.no_measure": {"en": "Pick at least one measure.", "ko": "측정값을 하나 이상 선택하세요."},
    "cube.repeated_level": {
        "en": "A level can be used only once in rows and columns.",
        "ko": "한 수준은 행과 열에 한 번만 쓸 수 있습니다.",
    },
    "cube.too_many_members": {
        "en": "Too many values selected for {level} (at most {limit}).",
        "ko": "{level}에 선택한 값이 너무 많습니다 (최대 {limit}개).",
    },
    "cube.not_grouped": {
        "en": "The view is not broken down by {level}.",
        "ko": "현재 보기는 {level} 기준으로 나뉘어 있지 않습니다.",
    },
    "cube.lowest_level": {
        "en": "{level} is the lowest level: there is nothing further to drill into. "
        "Use “Detail rows” to see the records.",
        "ko": "{level}은(는) 가장 낮은 수준이라 더 내려갈 수 없습니다. “상세 행”에서 기록을 보세요.",
    },
    "cube.top_level": {
        "en": "{level} is already the top level.",
        "ko": "{level}은(는) 이미 가장 높은 수준입니다.",
    },
    "cube.compare_needs_range": {
        "en": "Choose a date range to compare with the previous period.",
        "ko": "직전 기간과 비교하려면 기간을 선택하세요.",
    },
    "cube.bad_page": {"en": "That page of detail rows does not exist.", "ko": "해당 상세 행 페이지가 없습니다."},
    "cube.bad_spec": {
        "en": "The view in the address could not be read; showing the default view.",
        "ko": "주소의 보기 설정을 읽을 수 없어 기본 보기를 표시합니다.",
    },
}

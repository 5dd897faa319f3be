"""Automatic insights (any view) and the ready-made analyses page."""

ENTRIES = {
    # ----------------------------------------------------------------- insight sentences
    "insight.change_up": {
        "en": "{measure} rose {pct} ({delta}) to {current} against {period}.",
        "ko": "{period} 대비 {measure} {pct} 증가({delta}), 현재 {current}.",
    },
    "insight.change_down": {
        "en": "{measure} fell {pct} ({delta}) to {current} against {period}.",
        "ko": "{period} 대비 {measure} {pct} 감소({delta}), 현재 {current}.",
    },
    "insight.change_up_from": {
        "en": "{measure} rose from {previous} to {current} ({delta}) against {period}.",
        "ko": "{period} 대비 {measure} 상승: {previous} → {current}({delta}).",
    },
    "insight.change_down_from": {
        "en": "{measure} fell from {previous} to {current} ({delta}) against {period}.",
        "ko": "{period} 대비 {measure} 하락: {previous} → {current}({delta}).",
    },
    "insight.unchanged": {
        "en": "{measure} was unchanged at {current} against {period}.",
        "ko": "{period} 대비 {measure} 변동 없음({current}).",
    },
    "insight.driver_first": {
        "en": "{member} contributed {delta} ({share} of the change)",
        "ko": "{member} {delta}(변화의 {share})",
    },
    "insight.driver_next": {"en": "{member} {delta} ({share})", "ko": "{member} {delta}({share})"},
    "insight.drivers": {"en": "{items}.", "ko": "주요 변화 요인: {items}."},
    "insight.drivers_against": {
        "en": "{items}; {member} moved the other way ({delta}).",
        "ko": "주요 변화 요인: {items}; 반대 방향: {member} {delta}.",
    },
    "insight.overlapping": {
        "en": "By {level}, the largest changes were {items} (members overlap, so these do not add up to the total).",
        "ko": "{level}별 변화가 큰 항목: {items}(항목 간 중복이 있어 합계 변화와 일치하지 않습니다).",
    },
    "insight.ratio_split": {
        "en": "Of the {delta} change, {rate} came from changes within each {level} (most in {member}, "
        "{member_rate}) and {mix} from the shift in mix between them.",
        "ko": "{delta} 변화 중 {level}별 자체 변화 효과 {rate}(최대: {member} {member_rate}), "
        "{level} 간 구성 변화 효과 {mix}.",
    },
    "insight.ratio_weighted": {
        "en": "Weighted by {volume}, the largest changes were {items}.",
        "ko": "{volume} 가중 기준 변화가 큰 항목: {items}.",
    },
    "insight.outlier_high": {
        "en": "{member} is unusually high at {value} (median {level}: {median}).",
        "ko": "이례적으로 높음: {member} {value}({level} 중앙값 {median}).",
    },
    "insight.outlier_high_times": {
        "en": "{member} is unusually high at {value}, {times}× the median {level} ({median}).",
        "ko": "이례적으로 높음: {member} {value}, {level} 중앙값 {median}의 {times}배.",
    },
    "insight.outlier_low": {
        "en": "{member} is unusually low at {value} (median {level}: {median}).",
        "ko": "이례적으로 낮음: {member} {value}({level} 중앙값 {median}).",
    },
    "insight.outlier_more": {
        "en": "{n} more of the {total} members are unusual too.",
        "ko": "그 밖에 {total}개 항목 중 {n}개도 이례적입니다.",
    },
    # ----------------------------------------------------------------- ready-made analyses page
    "nav.analyses": {"en": "Analyses", "ko": "자동 분석"},
    "analyses.title": {"en": "Ready-made analyses", "ko": "자동 분석"},
    "analyses.intro": {
        "en": "One click per question: pick an analysis on the left and a period above.",
        "ko": "왼쪽에서 분석을, 위에서 기간을 고르면 바로 결과가 나옵니다.",
    },
    "analyses.group.sales": {"en": "Sales", "ko": "영업"},
    "analyses.group.marketing": {"en": "Marketing", "ko": "마케팅"},
    "analyses.group.service": {"en": "Service", "ko": "고객 서비스"},
    "analyses.findings": {"en": "What it shows", "ko": "분석 결과"},
    "analyses.no_findings": {
        "en": "Nothing notable to report for this period.",
        "ko": "이 기간에는 특별히 알릴 만한 내용이 없습니다.",
    },
    "analyses.open_explore": {"en": "Open in Explore", "ko": "탐색에서 열기"},
    "analyses.empty": {
        "en": "No data in this period. Choose a longer or an earlier period.",
        "ko": "이 기간에는 데이터가 없습니다. 더 길거나 이전 기간을 선택하세요.",
    },
    "analyses.unknown": {
        "en": "There is no analysis “{value}”; showing “{shown}” instead. Pick one from the list.",
        "ko": "“{value}” 분석은 없습니다. 대신 “{shown}”을(를) 표시합니다. 목록에서 분석을 고르세요.",
    },
    "analyses.bad_period": {
        "en": "“{value}” is not a period within the data; showing the last 12 months instead.",
        "ko": "“{value}”은(는) 데이터 범위 안의 기간이 아닙니다. 대신 최근 12개월을 표시합니다.",
    },
    "analysis.missing_table": {
        "en": "This analysis needs data ({table}) that this warehouse does not have. "
        "Load it with the importer, or pick another analysis.",
        "ko": "이 분석에 필요한 데이터({table})가 웨어하우스에 없습니다. 가져오기로 데이터를 적재하거나 다른 분석을 고르세요.",
    },
    # analyses
    "analysis.region_period.title": {"en": "Revenue by region and period", "ko": "권역·기간별 매출"},
    "analysis.region_period.desc": {
        "en": "Revenue, orders and customers by world region, and each region month by month.",
        "ko": "권역별 매출·주문·고객 수와 권역별 월간 추이.",
    },
    "analysis.customers.title": {"en": "Top and bottom customers", "ko": "상위·하위 고객"},
    "analysis.customers.desc": {
        "en": "The ten customers with the most and with the least net revenue (returns count against them).",
        "ko": "순매출(반품 차감)이 가장 많은 고객 10명과 가장 적은 고객 10명.",
    },
    "analysis.product_mix.title": {"en": "Product mix", "ko": "제품 구성"},
    "analysis.product_mix.desc": {
        "en": "Revenue and margin by product category and subcategory, with each one's share.",
        "ko": "제품 카테고리·하위 카테고리별 매출과 이익, 매출 비중.",
    },
    "analysis.partner_share.title": {"en": "Partner share", "ko": "파트너 매출 비중"},
    "analysis.partner_share.desc": {
        "en": "Revenue through partners by tier, against direct sales, and the top partners.",
        "ko": "등급별 파트너 경유 매출과 직접 판매 비교, 상위 파트너.",
    },
    "analysis.acquisition.title": {"en": "Acquisition by channel", "ko": "채널별 신규 고객 확보"},
    "analysis.acquisition.desc": {
        "en": "New customers by the channel of their very first order, and what they spent in the period.",
        "ko": "첫 주문 채널별 신규 고객 수와 기간 내 구매 금액.",
    },
    "analysis.new_returning.title": {"en": "New vs returning customers", "ko": "신규 고객 대 기존 고객"},
    "analysis.new_returning.desc": {
        "en": "Revenue and buyers by month from customers in their first-order month against returning ones.",
        "ko": "첫 주문 월의 신규 고객과 기존 고객의 월별 매출과 구매 고객 수.",
    },
    "analysis.cohorts.title": {"en": "Cohort retention", "ko": "코호트 재구매"},
    "analysis.cohorts.desc": {
        "en": "Of the customers who first bought in each month, the share who bought again 1 to 12 months later.",
        "ko": "월별 첫 구매 고객 중 1–12개월 후 다시 구매한 고객 비율.",
    },
    "analysis.tickets.title": {"en": "Tickets by category and channel", "ko": "유형·채널별 서비스 티켓"},
    "analysis.tickets.desc": {
        "en": "Service tickets by what they were about and the channel they came through.",
        "ko": "문의 유형과 접수 채널별 서비스 티켓.",
    },
    "analysis.resolution.title": {"en": "Resolution time", "ko": "해결 시간"},
    "analysis.resolution.desc": {
        "en": "How long tickets took to close: the distribution, and the median and 90th percentile by category.",
        "ko": "티켓 해결까지 걸린 시간의 분포와 유형별 중앙값·90백분위수.",
    },
    "analysis.satisfaction.title": {"en": "Satisfaction vs repurchase", "ko": "만족도와 재구매"},
    "analysis.satisfaction.desc": {
        "en": "Customers grouped by the score of their first rated ticket in the period: "
        "the share who bought again within 90 days.",
        "ko": "기간 내 첫 평가 티켓의 만족도 점수별로 90일 안에 다시 구매한 고객 비율.",
    },
    # tables
    "analysis.table.by_region": {"en": "By world region", "ko": "권역별"},
    "analysis.table.region_month": {"en": "By region, month by month", "ko": "권역별 월간 추이"},
    "analysis.table.top_customers": {"en": "Top customers", "ko": "상위 고객"},
    "analysis.table.bottom_customers": {"en": "Bottom customers", "ko": "하위 고객"},
    "analysis.table.mix": {"en": "Categories and subcategories", "ko": "카테고리와 하위 카테고리"},
    "analysis.table.by_tier": {"en": "By partner tier", "ko": "파트너 등급별"},
    "analysis.table.top_partners": {"en": "Top partners", "ko": "상위 파트너"},
    "analysis.table.acquisition_channel": {"en": "By channel of the first order", "ko": "첫 주문 채널별"},
    "analysis.table.acquisition_month": {"en": "New customers by month", "ko": "월별 신규 고객"},
    "analysis.table.new_returning_month": {"en": "Revenue by month", "ko": "월별 매출"},
    "analysis.table.new_returning": {"en": "Month by month", "ko": "월별 상세"},
    "analysis.table.cohorts": {
        "en": "Share of each cohort buying again, by months since the first order",
        "ko": "첫 구매 후 경과 월별 코호트 재구매율",
    },
    "analysis.table.retention_curve": {
        "en": "Average over cohorts (weighted by cohort size)",
        "ko": "코호트 평균(코호트 규모 가중)",
    },
    "analysis.table.tickets": {"en": "Tickets by category and channel", "ko": "유형·채널별 티켓"},
    "analysis.table.resolution_buckets": {"en": "Time to resolution", "ko": "해결까지 걸린 시간"},
    "analysis.table.resolution_category": {"en": "By ticket category", "ko": "티켓 유형별"},
    "analysis.table.satisfaction_repurchase": {
        "en": "Bought again within 90 days, by satisfaction score",
        "ko": "만족도 점수별 90일 내 재구매율",
    },
    # columns
    "analysis.col.share": {"en": "Share", "ko": "비중"},
    "analysis.col.channel": {"en": "Channel", "ko": "채널"},
    "analysis.col.channel_group": {"en": "Online / offline", "ko": "온라인 / 오프라인"},
    "analysis.col.revenue_per_customer": {"en": "Revenue per new customer", "ko": "신규 고객당 매출"},
    "analysis.col.month": {"en": "Month", "ko": "월"},
    "analysis.col.kind": {"en": "Customers", "ko": "고객 구분"},
    "analysis.col.new_revenue": {"en": "New customers' revenue", "ko": "신규 고객 매출"},
    "analysis.col.returning_revenue": {"en": "Returning customers' revenue", "ko": "기존 고객 매출"},
    "analysis.col.new_share": {"en": "New customers' share", "ko": "신규 고객 비중"},
    "analysis.col.new_customers": {"en": "New customers", "ko": "신규 고객"},
    "analysis.col.returning_customers": {"en": "Returning customers", "ko": "기존 고객"},
    "analysis.col.cohort": {"en": "First-order month", "ko": "첫 구매 월"},
    "analysis.col.size": {"en": "Customers", "ko": "고객 수"},
    "analysis.col.age": {"en": "Months after the first order", "ko": "첫 구매 후 경과 월"},
    "analysis.col.age_n": {"en": "Month {n}", "ko": "{n}개월"},
    "analysis.col.retention": {"en": "Bought again", "ko": "재구매율"},
    "analysis.col.cohorts": {"en": "Cohorts observed", "ko": "관측 코호트 수"},
    "analysis.col.category": {"en": "Ticket category", "ko": "티켓 유형"},
    "analysis.col.bucket": {"en": "Resolved within", "ko": "해결 소요 시간"},
    "analysis.col.resolved": {"en": "Resolved", "ko": "해결"},
    "analysis.col.median_hours": {"en": "Median (h)", "ko": "중앙값 (시간)"},
    "analysis.col.p90_hours": {"en": "90th percentile (h)", "ko": "90백분위수 (시간)"},
    "analysis.col.mean_hours": {"en": "Mean (h)", "ko": "평균 (시간)"},
    "analysis.col.score": {"en": "Satisfaction score", "ko": "만족도 점수"},
    "analysis.col.customers": {"en": "Customers", "ko": "고객 수"},
    "analysis.col.repurchased": {"en": "Bought again", "ko": "재구매 고객"},
    "analysis.col.rate": {"en": "Repurchase rate", "ko": "재구매율"},
    "analysis.bucket.lt4h": {"en": "Under 4 hours", "ko": "4시간 미만"},
    "analysis.bucket.h4_24": {"en": "4–24 hours", "ko": "4–24시간"},
    "analysis.bucket.d1_3": {"en": "1–3 days", "ko": "1–3일"},
    "analysis.bucket.d3_7": {"en": "3–7 days", "ko": "3–7일"},
    "analysis.bucket.gt7d": {"en": "Over 7 days", "ko": "7일 초과"},
    "analysis.bucket.open": {"en": "Still open", "ko": "미해결"},
    "analysis.kind.new": {"en": "New", "ko": "신규"},
    "analysis.kind.returning": {"en": "Returning", "ko": "기존"},
    # findings of the SQL analyses
    "analysis.say.top_share": {
        "en": "The top {n} of {customers} buying customers brought {revenue}, {share} of revenue.",
        "ko": "구매 고객 {customers}명 중 상위 {n}명의 매출은 {revenue}(으)로 전체 매출의 {share}입니다.",
    },
    "analysis.say.acquisition": {
        "en": "{n} customers placed their first order in this period; {channel} brought the most ({k}, {share}).",
        "ko": "이 기간에 첫 주문을 한 신규 고객은 {n}명이며, 가장 많은 채널은 {channel}입니다({k}명, {share}).",
    },
    "analysis.say.new_share": {
        "en": "{customers} new customers brought {revenue} in their first-order month, {share} of revenue.",
        "ko": "신규 고객 {customers}명이 첫 주문 월에 {revenue}을(를) 구매해 매출의 {share}을(를) 차지했습니다.",
    },
    "analysis.say.retention": {
        "en": "Of {customers} new customers, {m1} bought again the month after their first order "
        "and {last} in month {age}.",
        "ko": "신규 고객 {customers}명 중 {m1}이(가) 첫 구매 다음 달에, {last}이(가) {age}개월째에 다시 구매했습니다.",
    },
    "analysis.say.tickets": {
        "en": "{n} tickets were opened; {category} was the largest category ({k}, {share}).",
        "ko": "티켓 {n}건이 접수되었고, 가장 많은 유형은 {category}입니다({k}건, {share}).",
    },
    "analysis.say.resolution": {
        "en": "Half of the {resolved} resolved tickets closed within {median} hours and 90% within {p90} hours; "
        "{open} are still open.",
        "ko": "해결된 티켓 {resolved}건의 절반은 {median}시간 안에, 90%는 {p90}시간 안에 종료되었고 "
        "{open}건은 아직 미해결입니다.",
    },
    "analysis.say.satisfaction": {
        "en": "Customers who rated their ticket 4–5 bought again within {days} days in {high} of cases "
        "({n_high} customers), against {low} for those who rated 1–2 ({n_low}).",
        "ko": "티켓 만족도를 4–5점으로 평가한 고객의 {days}일 내 재구매율은 {high}({n_high}명)로, "
        "1–2점 고객의 {low}({n_low}명)와 비교됩니다.",
    },
    "analysis.say.window": {
        "en": "Only tickets opened by {date} count: later ones have not had {days} days to show a repurchase yet.",
        "ko": "{date}까지 접수된 티켓만 포함합니다. 그 이후 티켓은 아직 {days}일이 지나지 않았습니다.",
    },
}

"""The mining studio's frame: its menu and what its pages share."""

ENTRIES = {
    "nav.group.mining": {"en": "Mining", "ko": "마이닝"},
    "nav.group.admin": {"en": "Admin", "ko": "관리"},
    "nav.group.partners": {"en": "Partners", "ko": "파트너"},
    "nav.group.campaigns": {"en": "Campaigns", "ko": "캠페인"},
    "mining.publish.done": {
        "en": "Scores saved and published: Explore can now group and filter by them.",
        "ko": "점수를 저장하고 게시했습니다. 이제 탐색 화면에서 이 점수로 묶고 필터링할 수 있습니다.",
    },
    "mining.publish.explore": {"en": "Open in Explore", "ko": "탐색에서 열기"},
    "mining.publish.failed": {
        "en": "The scores were saved, but publishing them for Explore failed (see the server log). "
        "Segments can use them already; run the scoring again to retry publishing.",
        "ko": "점수는 저장되었지만 탐색 화면용 게시에 실패했습니다(서버 로그 참조). "
        "세그먼트에서는 이미 사용할 수 있으며, 다시 게시하려면 점수 계산을 한 번 더 실행하세요.",
    },
}
ENTRIES.update(
    {
        "nav.clusters": {"en": "Clusters", "ko": "군집 분석"},
        "clusters.title": {"en": "Customer clusters", "ko": "고객 군집 분석"},
        "clusters.intro": {
            "en": "Group customers by behaviour, see what makes each group different, and save a group as a segment.",
            "ko": "고객을 행동으로 묶고, 각 군집의 특징을 확인한 뒤 세그먼트로 저장하세요.",
        },
        "clusters.features": {"en": "Features", "ko": "특성"},
        "clusters.set.rfm": {"en": "Recency, frequency, spend", "ko": "최근성·빈도·금액"},
        "clusters.set.basket": {"en": "Basket (order value, units)", "ko": "장바구니 (주문 금액·수량)"},
        "clusters.set.category_mix": {"en": "Category mix", "ko": "카테고리 구성"},
        "clusters.set.channel_mix": {"en": "Channel mix", "ko": "채널 구성"},
        "clusters.set.tenure": {"en": "Tenure", "ko": "가입 기간"},
        "clusters.set.service": {"en": "Service (tickets, satisfaction)", "ko": "서비스 (티켓·만족도)"},
        "clusters.set.engagement": {"en": "Engagement (web, campaigns)", "ko": "참여 (웹·캠페인)"},
        "clusters.scaling": {"en": "Scaling", "ko": "척도 변환"},
        "clusters.scaling.standard": {"en": "Standard (z-score)", "ko": "표준화 (z-점수)"},
        "clusters.scaling.robust": {"en": "Robust (median, IQR)", "ko": "로버스트 (중앙값·IQR)"},
        "clusters.scaling.minmax": {"en": "Min–max", "ko": "최소–최대"},
        "clusters.method": {"en": "Method", "ko": "방법"},
        "clusters.method.kmeans": {"en": "K-means", "ko": "K-평균"},
        "clusters.method.som": {"en": "Self-organising map", "ko": "자기조직화 지도(SOM)"},
        "clusters.k": {
            "en": "Number of clusters (empty: choose by silhouette)",
            "ko": "군집 수 (비우면 실루엣으로 자동 선택)",
        },
        "clusters.run": {"en": "Run clustering", "ko": "군집 분석 실행"},
        "clusters.cancel": {"en": "Cancel", "ko": "취소"},
        "clusters.no_run": {
            "en": "No clustering has been run on this warehouse yet: choose features and run one.",
            "ko": "이 웨어하우스에서 아직 실행한 군집 분석이 없습니다. 특성을 고르고 실행하세요.",
        },
        "clusters.run_info": {
            "en": "Run #{run} of {date} by {user}: {k} clusters of {n} customers, {method}; silhouette {silhouette}, rule fidelity {fidelity}.",
            "ko": "{date} {user}의 실행 #{run}: 고객 {n}명을 {k}개 군집으로 ({method}), 실루엣 {silhouette}, 규칙 적합도 {fidelity}.",
        },
        "clusters.cancelled": {
            "en": "The run was cancelled; nothing was saved.",
            "ko": "실행이 취소되어 아무것도 저장하지 않았습니다.",
        },
        "clusters.bad_k": {
            "en": "The number of clusters must be a whole number from 2 to 30.",
            "ko": "군집 수는 2에서 30 사이의 정수여야 합니다.",
        },
        "clusters.no_features": {
            "en": "Choose at least one group of features.",
            "ko": "특성 그룹을 하나 이상 고르세요.",
        },
        "clusters.choose_k": {"en": "Choosing the number of clusters", "ko": "군집 수 선택"},
        "clusters.inertia": {"en": "Inertia (elbow)", "ko": "관성 (엘보)"},
        "clusters.silhouette": {"en": "Silhouette (sample)", "ko": "실루엣 (표본)"},
        "clusters.map": {"en": "Customers on two axes (PCA)", "ko": "2차원 고객 분포 (PCA)"},
        "clusters.profiles": {"en": "Cluster profiles", "ko": "군집 프로필"},
        "clusters.heat": {
            "en": "Each cluster's average as a multiple of the overall average",
            "ko": "군집 평균 ÷ 전체 평균 (배수)",
        },
        "clusters.rules": {
            "en": "Plain rules that place customers in each cluster",
            "ko": "고객을 각 군집에 배정하는 규칙",
        },
        "clusters.fidelity": {"en": "fidelity {value}", "ko": "적합도 {value}"},
        "clusters.col.cluster": {"en": "Cluster", "ko": "군집"},
        "clusters.col.size": {"en": "Customers", "ko": "고객 수"},
        "clusters.col.share": {"en": "Share", "ko": "비중"},
        "clusters.col.value": {"en": "Revenue", "ko": "매출"},
        "clusters.col.value_avg": {"en": "Revenue per customer", "ko": "고객당 매출"},
        "clusters.col.fidelity": {"en": "Rule fidelity", "ko": "규칙 적합도"},
        "clusters.save_as": {"en": "Save a cluster as a segment", "ko": "군집을 세그먼트로 저장"},
        "clusters.save_cluster": {"en": "Cluster", "ko": "군집"},
        "clusters.save_name": {"en": "Segment name", "ko": "세그먼트 이름"},
        "clusters.save": {"en": "Save segment", "ko": "세그먼트 저장"},
        "clusters.saved": {
            "en": "Saved segment “{name}” with {customers} customers.",
            "ko": "세그먼트 “{name}”을(를) 고객 {customers}명으로 저장했습니다.",
        },
        "clusters.not_latest": {
            "en": "Only the latest clustering run can be saved as segments (segments read the latest scores).",
            "ko": "최신 군집 분석 결과만 세그먼트로 저장할 수 있습니다 (세그먼트는 최신 점수를 사용합니다).",
        },
    }
)
ENTRIES.update(
    {
        "nav.rfm": {"en": "RFM & lifetime value", "ko": "RFM·고객생애가치"},
        "rfm.title": {"en": "RFM, value tiers and lifetime value", "ko": "RFM·가치 등급·고객생애가치"},
        "rfm.intro": {
            "en": "Score every buyer on recency, frequency and spend, name their segment, and estimate what they will bring in the next 12 months.",
            "ko": "모든 구매 고객을 최근성·빈도·금액으로 점수화하고 세그먼트를 붙인 뒤 향후 12개월 가치를 추정합니다.",
        },
        "rfm.as_of": {"en": "As of", "ko": "기준일"},
        "rfm.window": {"en": "Purchases counted", "ko": "집계할 구매"},
        "rfm.window.all": {"en": "All history", "ko": "전체 기간"},
        "rfm.window.365": {"en": "Last 12 months", "ko": "최근 12개월"},
        "rfm.window.730": {"en": "Last 24 months", "ko": "최근 24개월"},
        "rfm.run": {"en": "Score customers", "ko": "고객 점수 계산"},
        "rfm.no_run": {
            "en": "No scoring has been run on this warehouse yet (runs made on other warehouses are not shown): "
            "choose a date and score customers.",
            "ko": "이 웨어하우스에서는 아직 점수 계산을 하지 않았습니다(다른 웨어하우스의 실행은 표시하지 않습니다). "
            "기준일을 고르고 실행하세요.",
        },
        "rfm.run_info": {
            "en": "Run #{run} as of {as_of}, made {date} by {user}: {n} buyers scored.",
            "ko": "실행 #{run} ({as_of} 기준, {date} {user}): 구매 고객 {n}명 점수화.",
        },
        "rfm.kpi.customers": {"en": "Buyers scored", "ko": "점수화한 구매 고객"},
        "rfm.kpi.monetary": {"en": "Their spend to date", "ko": "누적 구매 금액"},
        "rfm.kpi.clv": {"en": "Expected revenue, next 12 months", "ko": "향후 12개월 기대 매출"},
        "rfm.grid": {
            "en": "Recency × frequency (customers; hover for spend)",
            "ko": "최근성 × 빈도 (고객 수, 마우스를 올리면 금액)",
        },
        "rfm.grid.r": {"en": "Recency score (5 = most recent)", "ko": "최근성 점수 (5 = 가장 최근)"},
        "rfm.grid.f": {"en": "Frequency score (5 = most orders)", "ko": "빈도 점수 (5 = 주문 최다)"},
        "rfm.segments": {"en": "Segments", "ko": "세그먼트"},
        "rfm.tiers": {"en": "Value tiers", "ko": "가치 등급"},
        "rfm.col.segment": {"en": "Segment", "ko": "세그먼트"},
        "rfm.col.tier": {"en": "Tier", "ko": "등급"},
        "rfm.col.customers": {"en": "Customers", "ko": "고객 수"},
        "rfm.col.share": {"en": "Share", "ko": "비중"},
        "rfm.col.monetary": {"en": "Spend to date", "ko": "누적 구매 금액"},
        "rfm.col.recency": {"en": "Avg. days since last order", "ko": "평균 최근 주문 경과일"},
        "rfm.col.frequency": {"en": "Avg. orders", "ko": "평균 주문 수"},
        "rfm.col.clv": {"en": "Expected revenue, 12 months", "ko": "12개월 기대 매출"},
        "rfm.col.p_alive": {"en": "Avg. probability still active", "ko": "평균 활성 확률"},
        "rfm.segment_hint": {
            "en": "Every segment and tier is a field of the segment builder: build a campaign audience from it there.",
            "ko": "모든 세그먼트와 등급은 세그먼트 빌더의 항목입니다. 거기서 캠페인 대상을 만드세요.",
        },
        "rfm.movement": {"en": "How customers moved between segments", "ko": "세그먼트 간 고객 이동"},
        "rfm.movement.from": {"en": "From", "ko": "이전"},
        "rfm.movement.to": {"en": "To", "ko": "이후"},
        "rfm.movement.bad_dates": {
            "en": "The first date must be before the second.",
            "ko": "첫 날짜가 둘째 날짜보다 앞서야 합니다.",
        },
        "rfm.holdout": {
            "en": "Does the lifetime value model predict well? (holdout check)",
            "ko": "생애가치 모형 검증 (홀드아웃)",
        },
        "rfm.holdout.summary": {
            "en": "Fitted on purchases up to {cutoff}, it predicted {predicted} purchases in {cutoff} – {end}; {actual} happened ({error} off). Correlation per customer: {corr}.",
            "ko": "{cutoff}까지의 구매로 적합해 {cutoff}–{end} 구매를 {predicted}건으로 예측했고 실제는 {actual}건입니다 (오차 {error}). 고객별 상관: {corr}.",
        },
        "rfm.holdout.missing": {
            "en": "No holdout check for this run: {reason}",
            "ko": "이 실행에는 홀드아웃 검증이 없습니다: {reason}",
        },
        "rfm.holdout.bucket": {"en": "Repeat purchases before the cutoff", "ko": "기준일 이전 재구매 횟수"},
        "rfm.holdout.actual_mean": {"en": "Actual (mean per customer)", "ko": "실제 (고객당 평균)"},
        "rfm.holdout.predicted_mean": {"en": "Predicted (mean per customer)", "ko": "예측 (고객당 평균)"},
        "rfm.holdout.per_customer": {"en": "Purchases per customer in the holdout", "ko": "홀드아웃 기간 고객당 구매"},
        "rfm.holdout.total": {
            "en": "Fitted on purchases up to {cutoff}, the model predicted {predicted} purchases in {cutoff} – "
            "{end}; {actual} happened: a total error of {error}, {mae} purchases per customer on average.",
            "ko": "{cutoff}까지의 구매로 적합한 모형은 {cutoff} – {end} 구매를 {predicted}건으로 예측했고 실제는 "
            "{actual}건입니다: 전체 오차 {error}, 고객당 평균 {mae}건.",
        },
        "rfm.holdout.trust.close": {
            "en": "Predicted and actual purchases agree closely at every level of past buying: the lifetime values "
            "and the value tiers built on them can be trusted for ranking customers and for planning.",
            "ko": "모든 과거 구매 수준에서 예측과 실제 구매가 잘 맞습니다. 생애 가치와 이를 바탕으로 한 가치 등급을 고객 "
            "순위와 계획에 믿고 쓸 수 있습니다.",
        },
        "rfm.holdout.trust.fair": {
            "en": "Predicted and actual purchases agree in shape but miss in size for some groups: use the value "
            "tiers to rank customers, not the lifetime values as exact amounts.",
            "ko": "예측과 실제 구매의 모양은 맞지만 일부 집단에서 크기가 빗나갑니다. 가치 등급은 고객 순위에 쓰고, 생애 "
            "가치를 정확한 금액으로 쓰지는 마세요.",
        },
        "rfm.holdout.trust.rough": {
            "en": "Predicted and actual purchases differ a lot: treat the lifetime values and value tiers as a "
            "rough ordering only, and check them against recent sales before acting.",
            "ko": "예측과 실제 구매의 차이가 큽니다. 생애 가치와 가치 등급은 대략적인 순서로만 보고, 실행 전 최근 매출과 "
            "대조하세요.",
        },
        "rfm.holdout.col.purchases": {"en": "Repeat purchases before", "ko": "기준일 이전 재구매"},
        "rfm.holdout.col.customers": {"en": "Customers", "ko": "고객 수"},
        "rfm.holdout.col.actual": {"en": "Actual per customer", "ko": "고객당 실제"},
        "rfm.holdout.col.predicted": {"en": "Predicted per customer", "ko": "고객당 예측"},
        "rfm.holdout.col.error": {"en": "Error", "ko": "오차"},
        "rfm.holdout.actual": {"en": "Actual purchases", "ko": "실제 구매"},
        "rfm.holdout.predicted": {"en": "Predicted purchases", "ko": "예측 구매"},
        "rfm.clv_absent": {
            "en": "Lifetime value, expected purchases and the probability still active are not available for this "
            "run: {reason} RFM segments and tiers are complete.",
            "ko": "이 실행에는 생애 가치, 예상 구매, 활성 확률이 없습니다: {reason} RFM 세그먼트와 등급은 모두 "
            "계산되었습니다.",
        },
        "rfm.col.one_time": {"en": "One-time buyers", "ko": "1회 구매 고객"},
        "rfm.col.one_time.help": {
            "en": "Share of the group with no repeat purchase yet",
            "ko": "아직 재구매가 없는 고객의 비중",
        },
        "rfm.one_time_note": {
            "en": "* {n} of {total} buyers ({share}) have bought only once. For them the model gives a 100% "
            "probability of still being active by construction: it cannot tell yet. Averages marked * include them.",
            "ko": "* 구매 고객 {total}명 중 {n}명({share})은 한 번만 구매했습니다. 이들의 활성 확률은 모형의 "
            "구조상 100%로 나옵니다. 아직 판단할 수 없다는 뜻입니다. *가 붙은 평균에는 이들이 포함됩니다.",
        },
        "rfm.no_spend_note": {
            "en": "{n} customers have orders but no positive spend (only zero-amount orders or returns) and are "
            "left out of RFM and lifetime value.",
            "ko": "주문은 있지만 구매 금액이 0 이하인 고객 {n}명(0원 주문이나 반품만 있음)은 RFM과 생애 가치에서 "
            "제외됩니다.",
        },
    }
)
ENTRIES.update(
    {
        "nav.rules": {"en": "Basket rules & next best product", "ko": "장바구니 규칙·추천 상품"},
        "rules.intro": {
            "en": "Which items are bought together, how strongly, and what each customer is likely to want next.",
            "ko": "어떤 항목이 함께 팔리는지, 얼마나 강한지, 고객별로 다음에 무엇을 원할지 보여 줍니다.",
        },
        "rules.level": {"en": "Items", "ko": "항목 수준"},
        "rules.basket": {"en": "Baskets", "ko": "장바구니"},
        "rules.period": {"en": "Period", "ko": "기간"},
        "rules.min_support": {"en": "Minimum support (share of baskets)", "ko": "최소 지지도 (장바구니 비율)"},
        "rules.min_confidence": {"en": "Minimum confidence", "ko": "최소 신뢰도"},
        "rules.min_lift": {"en": "Minimum lift", "ko": "최소 향상도"},
        "rules.mine": {"en": "Find rules", "ko": "규칙 찾기"},
        "rules.network": {"en": "Rules as a network (line width: lift)", "ko": "규칙 네트워크 (선 굵기: 향상도)"},
        "rules.table": {"en": "Rules, strongest lift first", "ko": "규칙 (향상도 순)"},
        "rules.nbp_run": {"en": "Recommend for every customer", "ko": "모든 고객에게 추천 계산"},
        "rules.nbp_none": {
            "en": "No recommendations have been computed on this warehouse yet.",
            "ko": "이 웨어하우스에서 아직 계산한 추천이 없습니다.",
        },
        "rules.nbp_info": {
            "en": "Run #{run} as of {as_of} ({level}): {customers} customers got up to {top_n} recommendations each.",
            "ko": "실행 #{run} ({as_of} 기준, {level}): 고객 {customers}명에게 최대 {top_n}개씩 추천.",
        },
        "rules.backtest": {
            "en": "Checked on the past: recommending as of {cutoff}, {hit} of customers bought a recommended item within {days} days; recommending simply the most popular items they lacked: {base}.",
            "ko": "과거 검증: {cutoff} 기준으로 추천했을 때 {days}일 안에 추천 항목을 산 고객 비율 {hit}, 단순히 인기 항목을 추천했을 때 {base}.",
        },
        "rules.top_items": {"en": "Most recommended items", "ko": "가장 많이 추천된 항목"},
        "rules.sample": {"en": "Recommendations (first customers)", "ko": "추천 결과 (일부 고객)"},
        "rules.col.customers": {"en": "Customers", "ko": "고객 수"},
        "rules.col.customer": {"en": "Customer ID", "ko": "고객 ID"},
        "rules.col.rank": {"en": "Rank", "ko": "순위"},
    }
)

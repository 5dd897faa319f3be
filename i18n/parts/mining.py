"""The mining studio's frame: its menu and what its pages share."""

ENTRIES = {
    "nav.group.mining": {"en": "Mining", "ko": "마이닝"},
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
            "en": "No clustering has been run yet: choose features and run one.",
            "ko": "아직 실행한 군집 분석이 없습니다. 특성을 고르고 실행하세요.",
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

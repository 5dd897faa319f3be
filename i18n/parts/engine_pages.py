"""Pages whose work stays on this machine's DuckDB when another engine answers the cube (components.engine_note)."""

ENTRIES = {
    "engine.local.note": {
        "en": "Explore, the dashboard, the analyses and exports are answered by {engine}; this page is computed "
        "on this server's DuckDB copy of the same data version.",
        "ko": "탐색, 대시보드, 분석, 내보내기는 {engine} 엔진이 계산하며, 이 페이지는 같은 데이터 버전의 "
        "이 서버 DuckDB 사본에서 계산됩니다.",
    },
    "engine.local.why.rfm": {
        "en": "RFM scores and lifetime values are fitted for every customer at once, in memory.",
        "ko": "RFM 점수와 고객 생애 가치는 모든 고객에 대해 한 번에 메모리에서 계산됩니다.",
    },
    "engine.local.why.clusters": {
        "en": "Clustering fits its model on every customer's features in memory.",
        "ko": "군집 분석은 모든 고객의 특성을 메모리에 올려 모델을 학습합니다.",
    },
    "engine.local.why.rules": {
        "en": "Basket rules count product pairs over every order in memory.",
        "ko": "장바구니 규칙은 모든 주문의 상품 쌍을 메모리에서 집계합니다.",
    },
    "engine.local.why.models": {
        "en": "Propensity models are trained on every customer's features in memory.",
        "ko": "구매 성향 모델은 모든 고객의 특성을 메모리에 올려 학습합니다.",
    },
    "engine.local.why.whatif": {
        "en": "The simulation replays past campaigns customer by customer.",
        "ko": "시뮬레이션은 과거 캠페인을 고객 단위로 재현합니다.",
    },
    "engine.local.why.customers": {
        "en": "A customer's profile is a handful of lookups by customer, fastest on the local copy.",
        "ko": "고객 프로필은 고객별 소수의 조회로, 로컬 사본에서 가장 빠릅니다.",
    },
    "engine.local.why.segments": {
        "en": "Segments are built from every customer's scores and saved with their members.",
        "ko": "세그먼트는 모든 고객의 점수로 만들어지고 구성원과 함께 저장됩니다.",
    },
}

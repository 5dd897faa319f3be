"""The partner valuation scorecard: metrics, tiers, actions, weights editor, refusals."""

_METRICS = {
    "revenue": ("Revenue", "매출"),
    "growth": ("Growth", "성장률"),
    "gross_margin": ("Gross margin", "매출총이익률"),
    "active_customers": ("Active customers", "활성 고객"),
    "new_customers": ("New customers", "신규 고객"),
    "pipeline": ("Open pipeline", "진행 중 파이프라인"),
    "win_rate": ("Win rate", "수주율"),
    "satisfaction": ("Satisfaction", "만족도"),
    "tenure": ("Tenure (years)", "거래 기간(년)"),
    "loyalty": ("Loyalty", "충성도"),
}
_TIERS = {
    "platinum": ("Platinum", "플래티넘"),
    "gold": ("Gold", "골드"),
    "silver": ("Silver", "실버"),
    "bronze": ("Bronze", "브론즈"),
}
_ACTIONS = {
    "platinum": (
        "Reward: co-marketing funds, first access to leads and a named executive sponsor.",
        "보상: 공동 마케팅 자금, 리드 우선 배정, 전담 임원 지정.",
    ),
    "gold": (
        "Grow: joint business plan and sales training to reach platinum.",
        "육성: 공동 사업 계획과 영업 교육으로 플래티넘 도약 지원.",
    ),
    "silver": (
        "Develop: review the weakest metrics together and set quarterly targets.",
        "개발: 가장 약한 지표를 함께 점검하고 분기 목표 설정.",
    ),
    "bronze": (
        "Act: a recovery plan with the partner, or review the contract.",
        "조치: 파트너와 회복 계획을 세우거나 계약을 재검토.",
    ),
}
_DEFINITIONS = {
    "revenue": (
        "Revenue: net revenue (returns included) of the order lines through the partner in the period.",
        "매출: 기간 중 파트너를 통한 주문 라인의 순매출(반품 포함).",
    ),
    "growth": (
        "Growth: revenue against the period just before (the same months before for whole months). A partner "
        "without revenue then has no growth, scored as neutral.",
        "성장률: 직전 기간(월 단위면 같은 개월 수) 대비 매출. 직전 매출이 없으면 성장률이 없으며 중립으로 평가합니다.",
    ),
    "gross_margin": (
        "Gross margin: (revenue − cost) / revenue of its lines in the period.",
        "매출총이익률: 기간 중 라인의 (매출 − 원가) / 매출.",
    ),
    "customers": (
        "Active customers bought through the partner in the period; new customers bought through it for the "
        "first time in the period.",
        "활성 고객은 기간 중 파트너를 통해 구매한 고객, 신규 고객은 기간 중 처음으로 파트너를 통해 구매한 고객입니다.",
    ),
    "pipeline": (
        "Open pipeline: amount of the partner's opportunities open at the period's end. Win rate: won / closed "
        "among its opportunities closed in the period.",
        "진행 중 파이프라인: 기간 말에 열려 있는 파트너 기회의 금액. 수주율: 기간 중 종결된 기회 중 수주 비율.",
    ),
    "satisfaction": (
        "Satisfaction: mean rating (1–5) of the tickets its active customers opened in the period.",
        "만족도: 활성 고객이 기간 중 접수한 티켓의 평균 평점(1–5).",
    ),
    "tenure": (
        "Tenure: years from onboarding (or from the first sale when no onboarding date is known) to the "
        "period's end. Loyalty: the share of its active customers' purchases in the period that went through it.",
        "거래 기간: 온보딩(날짜가 없으면 첫 판매)부터 기간 말까지의 연수. 충성도: 활성 고객의 기간 중 구매 중 "
        "파트너를 통한 비율.",
    ),
    "score": (
        "Score: each metric becomes its percentile rank among the partners that have it (0 to 1; a missing "
        "value counts 0.5), weighted and scaled to 0–100; a partner without sales in the period gets 0 on every "
        "metric but pipeline and tenure. The tier follows the thresholds.",
        "점수: 각 지표를 값이 있는 파트너 사이의 백분위 순위(0~1, 값이 없으면 0.5)로 바꾸어 가중 평균하고 0~100으로 "
        "환산합니다. 기간 중 판매가 없는 파트너는 파이프라인과 거래 기간 외 모든 지표가 0입니다. 등급은 기준점을 따릅니다.",
    ),
}

_PAGE = {
    "title": ("Partner scorecard", "파트너 평가표"),
    "intro": (
        "Every partner valued for the period: ten metrics, each ranked among the partners, weighted into a score "
        "of 0–100 that gives the tier. Change the weights to see the tiers move; save them as a new version.",
        "기간별 모든 파트너의 평가: 10개 지표를 파트너 간 순위로 바꾸고 가중하여 0~100점을 매기고 등급을 정합니다. "
        "가중치를 바꾸면 등급이 바로 바뀌며, 새 버전으로 저장할 수 있습니다.",
    ),
    "none": ("No partner to show for this period.", "이 기간에 보여 줄 파트너가 없습니다."),
    "partners": ("Partners", "파트너 수"),
    "up": ("up", "상승"),
    "down": ("down", "하락"),
    "threshold": ("{tier} from", "{tier} 기준"),
    "note_placeholder": ("Why these weights (optional)", "가중치 변경 사유(선택)"),
    "save": ("Save as a new version", "새 버전으로 저장"),
    "read_only": (
        "Only partner managers and administrators change the weights.",
        "가중치는 파트너 관리자와 관리자만 바꿀 수 있습니다.",
    ),
    "default_weights": ("Default weights (none saved yet)", "기본 가중치(저장된 버전 없음)"),
    "version": ("Version {version} in use", "버전 {version} 사용 중"),
    "weights": ("Weights", "가중치"),
    "weights_help": (
        "only their shares matter; 0 leaves a metric out",
        "비율만 의미가 있으며 0이면 지표를 제외합니다",
    ),
    "thresholds": ("Tier thresholds (score 0–100)", "등급 기준점(0~100점)"),
    "definitions": ("Definitions", "정의"),
    "changes": ("Tier changes by quarter", "분기별 등급 변화"),
    "versions": ("Saved weight versions", "저장된 가중치 버전"),
    "saved": (
        "Saved as version {version}: it is now in use. Explore's partner tiers follow in a minute (published as a new "
        "warehouse version).",
        "버전 {version}(으)로 저장했습니다. 이제 이 버전을 씁니다. 탐색의 파트너 등급은 새 웨어하우스 버전으로 게시된 뒤 "
        "1분 안에 반영됩니다.",
    ),
    "problem.period": (
        "The period {value} is not in the data: showing the last complete quarter.",
        "기간 {value}은(는) 데이터에 없습니다. 마지막 완료 분기를 보여 줍니다.",
    ),
    "note.not_onboarded": ("not onboarded yet in this period", "이 기간에는 아직 계약 전"),
    "note.no_sales": ("no sales in this period", "이 기간 판매 없음"),
    "col.partner": ("Partner", "파트너"),
    "col.tier": ("Tier", "등급"),
    "col.score": ("Score", "점수"),
    "col.action": ("Suggested action", "권장 조치"),
    "col.note": ("Note", "비고"),
    "col.quarter": ("Quarter", "분기"),
    "col.from": ("From", "이전"),
    "col.to": ("To", "이후"),
    "col.direction": ("Move", "변화"),
    "col.version": ("Version", "버전"),
    "col.when": ("Saved at", "저장 시각"),
    "col.who": ("By", "저장한 사람"),
}

ENTRIES = {
    **{f"partners.scorecard.{k}": {"en": en, "ko": ko} for k, (en, ko) in _PAGE.items()},
    "nav.partner_scorecard": {"en": "Partner scorecard", "ko": "파트너 평가"},
    **{f"partners.scorecard.metric.{k}": {"en": en, "ko": ko} for k, (en, ko) in _METRICS.items()},
    **{f"partners.scorecard.tier.{k}": {"en": en, "ko": ko} for k, (en, ko) in _TIERS.items()},
    **{f"partners.scorecard.action.{k}": {"en": en, "ko": ko} for k, (en, ko) in _ACTIONS.items()},
    **{f"partners.scorecard.def.{k}": {"en": en, "ko": ko} for k, (en, ko) in _DEFINITIONS.items()},
    "partners.error.weights_unknown": {
        "en": "Unknown metric in the weights: {metric}.",
        "ko": "가중치에 알 수 없는 지표가 있습니다: {metric}.",
    },
    "partners.error.weights_number": {
        "en": "The weight of {metric} is not a number: enter a number of 0 or more.",
        "ko": "{metric}의 가중치가 숫자가 아닙니다. 0 이상의 숫자를 입력하세요.",
    },
    "partners.error.weights_negative": {
        "en": "Weights cannot be negative ({metric}): use 0 to leave a metric out.",
        "ko": "가중치는 음수일 수 없습니다({metric}). 지표를 빼려면 0을 쓰세요.",
    },
    "partners.error.weights_zero": {
        "en": "The weights sum to zero: give at least one metric a weight above 0. Tiers are not recomputed.",
        "ko": "가중치 합이 0입니다. 적어도 한 지표에 0보다 큰 가중치를 주세요. 등급을 다시 계산하지 않았습니다.",
    },
    "partners.error.thresholds_keys": {
        "en": "The thresholds need exactly platinum, gold and silver (check: {tiers}).",
        "ko": "기준점에는 플래티넘, 골드, 실버가 정확히 있어야 합니다(확인: {tiers}).",
    },
    "partners.error.thresholds_number": {
        "en": "The {tier} threshold is not a number: enter a score from 0 to 100.",
        "ko": "{tier} 기준점이 숫자가 아닙니다. 0~100 사이 점수를 입력하세요.",
    },
    "partners.error.thresholds_range": {
        "en": "The {tier} threshold is outside 0–100.",
        "ko": "{tier} 기준점이 0~100 범위를 벗어났습니다.",
    },
    "partners.error.thresholds_order": {
        "en": "Thresholds out of order (platinum {platinum}, gold {gold}, silver {silver}): each tier must start "
        "above the next. Tiers are not recomputed.",
        "ko": "기준점 순서가 맞지 않습니다(플래티넘 {platinum}, 골드 {gold}, 실버 {silver}). 각 등급은 아래 등급보다 "
        "높아야 합니다. 등급을 다시 계산하지 않았습니다.",
    },
}

"""The campaign planner (crm.campaigns.plan, audience, preview, launch) and its page /campaigns/plan."""

ENTRIES = {
    # ------------------------------------------------------------ refusals of a plan
    "campaign.plan.no_name": {"en": "Give the plan a name.", "ko": "계획 이름을 입력하세요."},
    "campaign.plan.long_name": {
        "en": "The name is too long (at most {limit} characters).",
        "ko": "이름이 너무 깁니다 (최대 {limit}자).",
    },
    "campaign.plan.bad_objective": {
        "en": "“{value}” is not an objective; choose one of {allowed}.",
        "ko": "“{value}”은(는) 목적이 아닙니다. {allowed} 중에서 고르세요.",
    },
    "campaign.plan.no_channel": {
        "en": "Choose a channel, or each customer's preferred channel.",
        "ko": "채널을 고르거나 고객별 선호 채널을 선택하세요.",
    },
    "campaign.plan.no_segment": {
        "en": "Choose a saved segment and its version.",
        "ko": "저장된 세그먼트와 버전을 선택하세요.",
    },
    "campaign.plan.end_before_start": {
        "en": "The end ({end}) is before the start ({start}).",
        "ko": "종료일({end})이 시작일({start})보다 앞섭니다.",
    },
    "campaign.plan.holdout_range": {
        "en": "The holdout share must be between {low} and {high} (it is {value}).",
        "ko": "대조군 비율은 {low}에서 {high} 사이여야 합니다 (현재 {value}).",
    },
    "campaign.plan.negative": {
        "en": "{field} cannot be negative ({value}).",
        "ko": "{field}은(는) 음수일 수 없습니다 ({value}).",
    },
    "campaign.plan.window_range": {
        "en": "The attribution window must be 0 to {high} days (it is {value}).",
        "ko": "성과 귀속 기간은 0~{high}일이어야 합니다 (현재 {value}).",
    },
    "campaign.plan.missing": {"en": "Fill in {field}.", "ko": "{field}을(를) 입력하세요."},
    "campaign.plan.not_a_number": {
        "en": "{field}: “{value}” is not a number.",
        "ko": "{field}: “{value}”은(는) 숫자가 아닙니다.",
    },
    "campaign.plan.bad_date": {
        "en": "{field}: “{value}” is not a date (YYYY-MM-DD).",
        "ko": "{field}: “{value}”은(는) 날짜가 아닙니다 (YYYY-MM-DD).",
    },
    "campaign.plan.unknown_field": {
        "en": "A plan has no field “{field}”.",
        "ko": "계획에 “{field}” 항목은 없습니다.",
    },
    "campaign.plan.unknown_segment": {
        "en": "Segment {segment} has no saved version {version}; choose a saved segment version.",
        "ko": "세그먼트 {segment}에는 저장된 버전 {version}이(가) 없습니다. 저장된 세그먼트 버전을 고르세요.",
    },
    "campaign.plan.unknown_channel": {
        "en": "“{channel}” cannot carry a campaign; choose one of {allowed}.",
        "ko": "“{channel}” 채널로는 캠페인을 보낼 수 없습니다. {allowed} 중에서 고르세요.",
    },
    "campaign.plan.nobody": {
        "en": "Nobody in segment {segment} can be reached this way: choose another channel or segment.",
        "ko": "세그먼트 {segment}에서 이 방법으로 연락할 수 있는 고객이 없습니다. 다른 채널이나 세그먼트를 고르세요.",
    },
    "campaign.plan.unknown": {"en": "There is no campaign plan {plan}.", "ko": "캠페인 계획 {plan}이(가) 없습니다."},
    "campaign.plan.already_launched": {
        "en": "Plan {plan} was already launched {at}; its lists stay as they were frozen.",
        "ko": "계획 {plan}은(는) 이미 실행되었습니다 {at}. 고정된 명단은 그대로 유지됩니다.",
    },
    "campaign.plan.other_warehouse": {
        "en": "Plan {plan} was made on another warehouse; its customers are not this warehouse's.",
        "ko": "계획 {plan}은(는) 다른 데이터 웨어하우스에서 만들어졌습니다. 그 고객은 이 웨어하우스의 고객이 아닙니다.",
    },
    # ------------------------------------------------------------ fields, objectives, reasons
    "campaign.field.name": {"en": "Name", "ko": "이름"},
    "campaign.field.objective": {"en": "Objective", "ko": "목적"},
    "campaign.field.segment": {"en": "Segment", "ko": "세그먼트"},
    "campaign.field.channel": {"en": "Channel", "ko": "채널"},
    "campaign.field.start": {"en": "Start", "ko": "시작일"},
    "campaign.field.end": {"en": "End", "ko": "종료일"},
    "campaign.field.cost_per_contact": {"en": "Cost per contact", "ko": "연락당 비용"},
    "campaign.field.fixed_cost": {"en": "Fixed cost", "ko": "고정 비용"},
    "campaign.field.budget": {"en": "Budget", "ko": "예산"},
    "campaign.field.holdout": {"en": "Holdout share", "ko": "대조군 비율"},
    "campaign.field.window_days": {"en": "Attribution window (days)", "ko": "성과 귀속 기간 (일)"},
    "campaign.field.offer": {"en": "Offer", "ko": "오퍼"},
    "campaign.field.offer_code": {"en": "Offer code", "ko": "오퍼 코드"},
    "campaign.field.seed": {"en": "Random seed", "ko": "난수 시드"},
    "campaign.objective.campaign": {"en": "Campaign", "ko": "캠페인"},
    "campaign.objective.promotion": {"en": "Promotion", "ko": "프로모션"},
    "campaign.objective.survey": {"en": "Survey", "ko": "설문"},
    "campaign.reason.not_in_warehouse": {"en": "No longer in the data", "ko": "데이터에 더 이상 없음"},
    "campaign.reason.no_contact_channel": {
        "en": "Preferred channel carries no campaigns",
        "ko": "선호 채널로 캠페인 발송 불가",
    },
    "campaign.reason.no_consent": {"en": "No e-mail consent", "ko": "이메일 수신 미동의"},
    "campaign.reason.no_address": {"en": "No e-mail address", "ko": "이메일 주소 없음"},
    "campaign.reason.unused_channel": {"en": "Does not use this channel", "ko": "이 채널을 사용하지 않음"},
    "campaign.base.channel": {
        "en": "the channel's past control groups",
        "ko": "이 채널의 과거 대조군",
    },
    "campaign.base.overall": {"en": "all past control groups", "ko": "전체 과거 대조군"},
    "campaign.base.mixed": {
        "en": "the channels' past control groups (all campaigns' where a channel has none)",
        "ko": "채널별 과거 대조군 (없는 채널은 전체 캠페인 기준)",
    },
    "campaign.base.none": {"en": "no past campaign", "ko": "과거 캠페인 없음"},
    # ------------------------------------------------------------ notes
    "campaign.launch.no_phone": {
        "en": "Phone numbers are not known: the warehouse's customer table holds none, so the phone column is empty.",
        "ko": "전화번호는 알 수 없습니다. 고객 테이블에 전화번호가 없어 전화번호 열은 비어 있습니다.",
    },
    "campaign.launch.no_nbp": {
        "en": "No next-best-product run yet: the recommended product column is empty (Mining → Rules).",
        "ko": "차선 구매 추천(NBP) 실행 결과가 없어 추천 상품 열이 비어 있습니다 (마이닝 → 연관 규칙).",
    },
    "campaign.preview.no_projection": {
        "en": "No projection for {channel}: {reason}.",
        "ko": "{channel} 채널은 예측할 수 없습니다: {reason}.",
    },
}

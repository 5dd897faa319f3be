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
    "campaign.field.expected_uplift": {"en": "Expected uplift", "ko": "예상 상승폭"},
    "campaign.plan.uplift_pp": {
        "en": "Expected uplift (percentage points, optional)",
        "ko": "예상 상승폭 (%p, 선택)",
    },
    "campaign.plan.uplift_range": {
        "en": "The expected uplift must be above 0 and below 100 percentage points (it is {value}).",
        "ko": "예상 상승폭은 0%p보다 크고 100%p보다 작아야 합니다 (현재 {value}).",
    },
    "campaign.expected.plan": {"en": "as you expect it", "ko": "입력한 예상치"},
    "campaign.expected.history": {"en": "past campaigns on these channels", "ko": "이 채널의 과거 캠페인 기준"},
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
    # ------------------------------------------------------------ the page /campaigns/plan
    "nav.campaign_plan": {"en": "Plan campaign", "ko": "캠페인 계획"},
    "campaign.plan.title": {"en": "Plan a campaign", "ko": "캠페인 계획"},
    "campaign.plan.intro": {
        "en": "To a saved segment version, with a random control group: check reach, power and the expected range before launch.",
        "ko": "저장된 세그먼트 버전을 대상으로 무작위 대조군을 둡니다. 실행 전에 도달 규모, 검정력, 예상 범위를 확인하세요.",
    },
    "campaign.plan.form": {"en": "The plan", "ko": "계획"},
    "campaign.plan.preferred": {"en": "Each customer's preferred channel", "ko": "고객별 선호 채널"},
    "campaign.plan.holdout_pct": {"en": "Holdout share (%)", "ko": "대조군 비율 (%)"},
    "campaign.plan.segment_option": {
        "en": "{name} · version {version} · {customers} customers",
        "ko": "{name} · 버전 {version} · 고객 {customers}명",
    },
    "campaign.plan.save": {"en": "Save plan", "ko": "계획 저장"},
    "campaign.plan.launch": {"en": "Launch", "ko": "실행"},
    "campaign.plan.launch_confirm": {
        "en": "Launch this plan? Its target and control lists are frozen and the contact files written; this cannot be undone.",
        "ko": "이 계획을 실행할까요? 대상군과 대조군 명단이 고정되고 연락처 파일이 만들어집니다. 되돌릴 수 없습니다.",
    },
    "campaign.plan.plans": {"en": "Plans", "ko": "계획 목록"},
    "campaign.plan.no_plans": {"en": "No plans saved yet.", "ko": "저장된 계획이 아직 없습니다."},
    "campaign.plan.kpi.segment": {"en": "Segment members", "ko": "세그먼트 고객"},
    "campaign.plan.kpi.reach": {"en": "Reachable", "ko": "연락 가능"},
    "campaign.plan.kpi.target": {"en": "Target group", "ko": "대상군"},
    "campaign.plan.kpi.control": {"en": "Control group", "ko": "대조군"},
    "campaign.plan.kpi.cost": {"en": "Cost", "ko": "비용"},
    "campaign.plan.over_budget": {
        "en": "The cost is above the budget of {budget}.",
        "ko": "비용이 예산 {budget}을(를) 넘습니다.",
    },
    "campaign.plan.excluded": {"en": "Not reachable, by reason", "ko": "연락 불가 고객 (사유별)"},
    "campaign.plan.none_excluded": {
        "en": "Every member can be reached this way.",
        "ko": "모든 구성원에게 이 방법으로 연락할 수 있습니다.",
    },
    "campaign.plan.power": {"en": "Power check", "ko": "검정력 점검"},
    "campaign.plan.power_facts": {
        "en": "Expected base rate {base} (from {source}). Smallest uplift this test can detect (95% confidence, 80% power): {mde}. Expected uplift: {expected} ({said}).",
        "ko": "예상 기준 전환율 {base} ({source} 기준). 이 검정이 찾아낼 수 있는 최소 상승폭 (신뢰수준 95%, 검정력 80%): {mde}. 예상 상승폭: {expected} ({said}).",
    },
    "campaign.plan.power_ok": {
        "en": "The test is large enough to detect the expected uplift.",
        "ko": "예상 상승폭을 찾아낼 만큼 검정 규모가 충분합니다.",
    },
    "campaign.plan.power_no_history": {
        "en": "No past uplift on these channels to compare with: enter the uplift you expect, or read the smallest detectable uplift as this test's limit.",
        "ko": "이 채널에는 비교할 과거 상승폭이 없습니다. 예상 상승폭을 입력하거나, 위의 최소 상승폭을 이 검정의 한계로 보세요.",
    },
    "campaign.plan.power_unknown": {
        "en": "No power check: the groups are too small or there is no base rate (no past campaign).",
        "ko": "검정력을 점검할 수 없습니다. 집단이 너무 작거나 기준 전환율이 없습니다 (과거 캠페인 없음).",
    },
    "campaign.plan.power_warning": {
        "en": "Too small to tell: the expected uplift is below what this test can detect.",
        "ko": "판단하기에 너무 작습니다: 예상 상승폭이 이 검정으로 찾아낼 수 있는 수준보다 작습니다.",
    },
    "campaign.plan.need_holdout": {
        "en": "A holdout of {holdout} would be needed.",
        "ko": "대조군 비율이 {holdout}은(는) 되어야 합니다.",
    },
    "campaign.plan.need_segment": {
        "en": "No holdout is enough for this segment: at this holdout it would need {customers} reachable customers.",
        "ko": "이 세그먼트로는 어떤 대조군 비율도 충분하지 않습니다. 이 비율이라면 연락 가능한 고객이 {customers}명 필요합니다.",
    },
    "campaign.plan.need_nothing": {
        "en": "The expected uplift is not positive (past campaigns on this channel showed none): no holdout would show one.",
        "ko": "예상 상승폭이 양수가 아닙니다 (이 채널의 과거 캠페인에 상승 효과가 없었습니다). 어떤 대조군 비율로도 보여 줄 수 없습니다.",
    },
    "campaign.plan.whatif": {"en": "What-if projection (target group)", "ko": "가정 시뮬레이션 (대상군)"},
    "campaign.plan.whatif_help": {
        "en": "Mean with the P10–P90 range of the what-if simulation, per channel.",
        "ko": "채널별 가정 시뮬레이션의 평균과 P10–P90 범위입니다.",
    },
    "campaign.plan.model": {
        "en": "Expected responders from the response model (run {run}, as of {as_of}).",
        "ko": "반응 모델의 예상 반응 고객 수입니다 (실행 {run}, {as_of} 기준).",
    },
    "campaign.plan.no_model": {
        "en": "No response model yet: each channel's past response rate is used.",
        "ko": "반응 모델이 아직 없어 채널별 과거 반응률을 사용합니다.",
    },
    "campaign.plan.col.channel": {"en": "Channel", "ko": "채널"},
    "campaign.plan.col.contacts": {"en": "Contacts", "ko": "연락 수"},
    "campaign.plan.col.responders": {"en": "Responders (P10–P90)", "ko": "반응 고객 (P10–P90)"},
    "campaign.plan.col.incremental": {"en": "Incremental responders", "ko": "증분 반응 고객"},
    "campaign.plan.col.profit": {"en": "Profit (P10–P90)", "ko": "이익 (P10–P90)"},
    "campaign.plan.col.roi": {"en": "ROI (P10–P90)", "ko": "ROI (P10–P90)"},
    "campaign.plan.saved": {
        "en": "Saved plan {plan} “{name}”. Launch it when ready.",
        "ko": "계획 {plan} “{name}”을(를) 저장했습니다. 준비되면 실행하세요.",
    },
    "campaign.plan.launched": {
        "en": "Plan {plan} launched {at}: {target} in the target group, {control} in the control group (frozen). Contact files:",
        "ko": "계획 {plan} 실행됨 ({at}): 대상군 {target}명, 대조군 {control}명 (고정). 연락처 파일:",
    },
    "campaign.plan.file": {"en": "{channel} ({rows} contacts)", "ko": "{channel} (연락처 {rows}건)"},
    "campaign.plan.to_results": {"en": "Campaign results →", "ko": "캠페인 결과 →"},
    "campaign.plan.list.id": {"en": "Plan", "ko": "계획"},
    "campaign.plan.list.name": {"en": "Name", "ko": "이름"},
    "campaign.plan.list.objective": {"en": "Objective", "ko": "목적"},
    "campaign.plan.list.channel": {"en": "Channel", "ko": "채널"},
    "campaign.plan.list.schedule": {"en": "Schedule", "ko": "일정"},
    "campaign.plan.list.status": {"en": "Status", "ko": "상태"},
    "campaign.plan.list.sizes": {"en": "Target / control", "ko": "대상군 / 대조군"},
    "campaign.plan.list.files": {"en": "Contact files", "ko": "연락처 파일"},
    "campaign.plan.status.planned": {"en": "Planned", "ko": "계획됨"},
    "campaign.plan.status.launched": {"en": "Launched", "ko": "실행됨"},
    "campaign.plan.file_forbidden": {
        "en": "Your role cannot download contact files (marketers and admins can).",
        "ko": "현재 역할로는 연락처 파일을 받을 수 없습니다 (마케터와 관리자만 가능).",
    },
    "campaign.plan.file_unknown": {
        "en": "No such contact file: it exists only for a launched plan, under the name its launch gave it.",
        "ko": "해당 연락처 파일이 없습니다. 실행된 계획에만, 실행 시 정해진 이름으로 있습니다.",
    },
}

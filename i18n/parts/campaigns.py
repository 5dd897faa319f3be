"""The campaigns page: results against the control group, verdicts, sub-groups, definitions, exports."""

ENTRIES = {
    "exec.campaigns.title": {"en": "Campaigns started in {period}", "ko": "{period}에 시작한 캠페인"},
    "exec.campaigns.body": {
        "en": "{count} campaign(s) spent {spend} and added {added} in revenue over their control groups (range {low} to {high}): incremental ROI {roi}.",
        "ko": "캠페인 {count}건이 {spend}을(를) 써서 대조군보다 매출 {added}을(를) 더했습니다(범위 {low} ~ {high}). 증분 ROI {roi}.",
    },
    "exec.campaigns.verdicts": {
        "en": "{worked} worked, {harmful} harmful, {open} still measuring.",
        "ko": "효과 있음 {worked}건, 역효과 {harmful}건, 측정 중 {open}건.",
    },
    "exec.campaigns.none": {"en": "No campaign started in {period}.", "ko": "{period}에 시작한 캠페인이 없습니다."},
    "exec.campaigns.open": {"en": "Open the campaign results", "ko": "캠페인 성과 열기"},
    "nav.campaigns": {"en": "Campaign results", "ko": "캠페인 성과"},
    "campaigns.title": {"en": "Campaign results", "ko": "캠페인 성과"},
    "campaigns.intro": {
        "en": "Every campaign against its random control group. Click a campaign for its funnel, "
        "intervals, verdict and sub-groups.",
        "ko": "모든 캠페인을 무작위 대조군과 비교합니다. 캠페인을 누르면 퍼널, 신뢰구간, 판정과 하위 그룹을 봅니다.",
    },
    "campaigns.none": {
        "en": "This warehouse holds no campaigns: import campaigns and their contacts to read results here.",
        "ko": "이 웨어하우스에는 캠페인이 없습니다. 캠페인과 접촉 데이터를 불러오면 여기서 성과를 볼 수 있습니다.",
    },
    "campaigns.unknown": {
        "en": "There is no campaign {campaign}: pick one in the table.",
        "ko": "캠페인 {campaign}이(가) 없습니다. 표에서 캠페인을 고르세요.",
    },
    "campaigns.problem.campaign": {
        "en": "“{value}” is not a campaign id; showing the list.",
        "ko": "“{value}”은(는) 캠페인 ID가 아닙니다. 목록을 보여 줍니다.",
    },
    "campaigns.problem.by": {
        "en": "Sub-groups by “{value}” are not available; showing them by country.",
        "ko": "“{value}” 기준 하위 그룹은 볼 수 없습니다. 국가별로 보여 줍니다.",
    },
    # the table of all campaigns
    "campaigns.col.name": {"en": "Campaign", "ko": "캠페인"},
    "campaigns.col.start": {"en": "Start", "ko": "시작"},
    "campaigns.col.end": {"en": "End", "ko": "종료"},
    "campaigns.col.channel": {"en": "Channel", "ko": "채널"},
    "campaigns.col.target": {"en": "Target", "ko": "타깃"},
    "campaigns.col.control": {"en": "Control", "ko": "대조군"},
    "campaigns.col.rate_target": {"en": "Conversion (target)", "ko": "전환율(타깃)"},
    "campaigns.col.rate_control": {"en": "Conversion (control)", "ko": "전환율(대조군)"},
    "campaigns.col.uplift": {"en": "Uplift (points)", "ko": "상승폭(%p)"},
    "campaigns.col.interval": {"en": "95% interval", "ko": "95% 구간"},
    "campaigns.col.p": {"en": "p-value", "ko": "p값"},
    "campaigns.col.ci_low": {"en": "Uplift, 95% interval low", "ko": "상승폭 95% 구간 하한"},
    "campaigns.col.ci_high": {"en": "Uplift, 95% interval high", "ko": "상승폭 95% 구간 상한"},
    "campaigns.col.incremental_revenue": {"en": "Incremental revenue", "ko": "증분 매출"},
    "campaigns.col.cost": {"en": "Cost", "ko": "비용"},
    "campaigns.col.roi": {"en": "ROI", "ko": "ROI"},
    "campaigns.col.incremental_roi": {"en": "Incremental ROI", "ko": "증분 ROI"},
    "campaigns.col.verdict": {"en": "Verdict", "ko": "판정"},
    "campaigns.col.group": {"en": "Sub-group", "ko": "하위 그룹"},
    "campaigns.col.readable": {"en": "Readable?", "ko": "판독 가능?"},
    # verdicts: the short label and the sentence
    "campaigns.verdict.worked": {"en": "Worked", "ko": "효과 있음"},
    "campaigns.verdict.harmful": {"en": "Harmful", "ko": "역효과"},
    "campaigns.verdict.too_early": {"en": "Too early", "ko": "판단 보류"},
    "campaigns.verdict.too_small": {"en": "Too small to tell", "ko": "표본 부족"},
    "campaigns.verdict.no_effect": {"en": "No detectable effect", "ko": "효과 없음"},
    "campaigns.verdict.no_control": {"en": "No control group", "ko": "대조군 없음"},
    "campaigns.sentence.worked": {
        "en": "It worked: the target group converted {uplift} more than the control group "
        "(95% interval {low} to {high}, p = {p}).",
        "ko": "효과가 있었습니다. 타깃 그룹의 전환율이 대조군보다 {uplift} 높았습니다(95% 구간 {low}~{high}, p = {p}).",
    },
    "campaigns.sentence.harmful": {
        "en": "It did harm: the target group converted {uplift} less than the control group "
        "(95% interval {low} to {high}, p = {p}).",
        "ko": "역효과가 났습니다. 타깃 그룹의 전환율이 대조군보다 {uplift} 낮았습니다(95% 구간 {low}~{high}, p = {p}).",
    },
    "campaigns.sentence.too_early": {
        "en": "Too early to judge: the attribution window runs until {end}, after the data's last day ({data_end}).",
        "ko": "아직 판단하기 이릅니다. 기여 기간이 데이터의 마지막 날({data_end}) 이후인 {end}까지입니다.",
    },
    "campaigns.sentence.too_small": {
        "en": "Too small to tell: with these groups the test could only detect an uplift of {mde} or more, "
        "larger than a meaningful {meaningful} (20% of the base rate). It would have needed {needed}.",
        "ko": "표본이 작아 판단할 수 없습니다. 이 그룹 크기로는 {mde} 이상의 상승만 검출할 수 있어, "
        "의미 있는 상승폭 {meaningful}(기준 전환율의 20%)보다 큽니다. {needed}이(가) 필요했습니다.",
    },
    "campaigns.sentence.too_small_flat": {
        "en": "Too small to tell: in both groups either every contact or none converted, so there is nothing "
        "to compare.",
        "ko": "표본이 작아 판단할 수 없습니다. 두 그룹 모두 전원이 전환했거나 아무도 전환하지 않아 비교할 수 없습니다.",
    },
    "campaigns.sentence.no_effect": {
        "en": "No detectable effect: the uplift of {uplift} is within chance (95% interval {low} to {high}, "
        "p = {p}), and the test could have detected {mde}.",
        "ko": "검출할 만한 효과가 없습니다. 상승폭 {uplift}은(는) 우연의 범위입니다(95% 구간 {low}~{high}, p = {p}). "
        "이 검정은 {mde}까지 검출할 수 있었습니다.",
    },
    "campaigns.sentence.no_control": {
        "en": "No verdict: the campaign has no control group (or no target group) to compare with.",
        "ko": "판정할 수 없습니다. 비교할 대조군(또는 타깃 그룹)이 없습니다.",
    },
    "campaigns.needed.holdout": {"en": "a holdout of {share}", "ko": "{share}의 대조군 비율"},
    "campaigns.needed.segment": {
        "en": "a segment of {size} customers at this holdout",
        "ko": "현재 대조군 비율에서 {size}명의 세그먼트",
    },
    # cards
    "campaigns.card.uplift": {"en": "Conversion uplift", "ko": "전환율 상승폭"},
    "campaigns.card.rates": {"en": "Target {target} · control {control}", "ko": "타깃 {target} · 대조군 {control}"},
    "campaigns.card.interval": {"en": "95% interval {low} to {high}", "ko": "95% 구간 {low}~{high}"},
    "campaigns.card.relative": {"en": "Relative uplift {value} · p = {p}", "ko": "상대 상승률 {value} · p = {p}"},
    "campaigns.card.incremental": {"en": "Incremental conversions", "ko": "증분 전환"},
    "campaigns.card.revenue": {"en": "Revenue per head", "ko": "1인당 매출"},
    "campaigns.card.incremental_revenue": {"en": "Incremental revenue", "ko": "증분 매출"},
    "campaigns.card.cost": {"en": "Cost", "ko": "비용"},
    "campaigns.card.cost_split": {"en": "Fixed {fixed} · contacts {contacts}", "ko": "고정 {fixed} · 접촉 {contacts}"},
    "campaigns.card.roi": {"en": "ROI", "ko": "ROI"},
    "campaigns.card.roas": {"en": "ROAS {value}", "ko": "ROAS {value}"},
    "campaigns.card.incremental_roi": {"en": "Incremental ROI", "ko": "증분 ROI"},
    "campaigns.card.cpic": {"en": "Cost per incremental conversion {value}", "ko": "증분 전환당 비용 {value}"},
    # funnel
    "campaigns.funnel": {"en": "Funnel", "ko": "퍼널"},
    "campaigns.not_reported": {
        "en": "Deliveries, opens and clicks are not reported yet: import the mail tool's response file "
        "(Admin → Import, campaign responses). Conversions are counted from the orders already.",
        "ko": "도달·열람·클릭은 아직 보고되지 않았습니다. 발송 도구의 반응 파일을 가져오세요"
        "(관리 → 가져오기, 캠페인 반응). 전환은 이미 주문에서 집계됩니다.",
    },
    "campaigns.funnel.targeted": {"en": "Targeted", "ko": "타깃"},
    "campaigns.funnel.delivered": {"en": "Delivered", "ko": "도달"},
    "campaigns.funnel.opened": {"en": "Opened", "ko": "열람"},
    "campaigns.funnel.clicked": {"en": "Clicked", "ko": "클릭"},
    "campaigns.funnel.converted_target": {"en": "Converted (target)", "ko": "전환(타깃)"},
    "campaigns.funnel.control": {"en": "Control group", "ko": "대조군"},
    "campaigns.funnel.converted_control": {"en": "Converted (control)", "ko": "전환(대조군)"},
    # sub-groups
    "campaigns.sub.title": {"en": "Uplift by sub-group", "ko": "하위 그룹별 상승폭"},
    "campaigns.sub.by": {"en": "Break down by", "ko": "기준"},
    "campaigns.by.country": {"en": "Country", "ko": "국가"},
    "campaigns.by.channel": {"en": "Contact channel", "ko": "접촉 채널"},
    "campaigns.by.customer_type": {"en": "Customer type", "ko": "고객 유형"},
    "campaigns.by.segment": {"en": "Customer segment", "ko": "고객 세그먼트"},
    "campaigns.by.rfm": {"en": "RFM segment", "ko": "RFM 세그먼트"},
    "campaigns.by.cluster": {"en": "Cluster", "ko": "클러스터"},
    "campaigns.sub.small": {"en": "too small to read", "ko": "표본 부족"},
    "campaigns.sub.ok": {"en": "yes", "ko": "예"},
    "campaigns.sub.unknown": {"en": "(unknown)", "ko": "(알 수 없음)"},
    "campaigns.sub.warning": {
        "en": "{count} of {total} sub-groups are too small to read (fewer than 30 contacts in a group or fewer "
        "than 5 expected conversions): their uplift is shown but says little.",
        "ko": "하위 그룹 {total}개 중 {count}개는 표본이 작아 판독할 수 없습니다(그룹당 접촉 30명 미만 또는 "
        "예상 전환 5건 미만). 상승폭은 표시하지만 의미가 적습니다.",
    },
    "campaigns.sub.none": {
        "en": "No sub-groups to show for this attribute.",
        "ko": "이 기준으로 보여 줄 하위 그룹이 없습니다.",
    },
    # definitions
    "campaigns.definitions": {"en": "Definitions", "ko": "정의"},
    "campaigns.def.window": {
        "en": "Attribution window: the campaign's own days, from its first to its last day inclusive, for the "
        "target and the control group alike.",
        "ko": "기여 기간: 캠페인의 시작일부터 종료일까지(양끝 포함)이며, 타깃과 대조군에 똑같이 적용합니다.",
    },
    "campaigns.def.conversion": {
        "en": "Conversion: the customer bought something in the window — an order line of positive revenue "
        "(real orders of the warehouse; a return is never a conversion).",
        "ko": "전환: 고객이 기간 안에 무언가를 구매했을 때, 즉 매출이 양수인 주문 행이 있을 때입니다"
        "(웨어하우스의 실제 주문, 반품은 전환이 아님).",
    },
    "campaigns.def.uplift": {
        "en": "Uplift: target conversion rate minus control conversion rate, with Newcombe's hybrid score 95% "
        "interval; the p-value is the pooled two-proportion z-test (two-sided). Incremental conversions = "
        "uplift × target size.",
        "ko": "상승폭: 타깃 전환율에서 대조군 전환율을 뺀 값이며 Newcombe 하이브리드 스코어 95% 구간을 씁니다. "
        "p값은 합동 두 비율 z검정(양측)입니다. 증분 전환 = 상승폭 × 타깃 수.",
    },
    "campaigns.def.revenue": {
        "en": "Revenue per head: each group's net revenue in the window divided by its size (zeros included); "
        "incremental revenue = the difference × target size, with Welch's 95% interval.",
        "ko": "1인당 매출: 기간 내 그룹의 순매출을 그룹 크기로 나눈 값(0 포함)입니다. "
        "증분 매출 = 그 차이 × 타깃 수이며 Welch 95% 구간을 씁니다.",
    },
    "campaigns.def.cost": {
        "en": "Cost: the campaign's budget, split into contacts (targeted × cost per contact) and a fixed part.",
        "ko": "비용: 캠페인 예산이며, 접촉 비용(타깃 수 × 접촉당 비용)과 고정 비용으로 나뉩니다.",
    },
    "campaigns.def.roi": {
        "en": "ROAS = the target group's revenue in the window / cost; ROI = (that revenue − cost) / cost; "
        "incremental ROI = (incremental revenue − cost) / cost. All on revenue, not profit; only the "
        "incremental ROI says what the campaign itself returned.",
        "ko": "ROAS = 기간 내 타깃 그룹 매출 / 비용, ROI = (그 매출 − 비용) / 비용, 증분 ROI = (증분 매출 − 비용) / 비용. "
        "모두 이익이 아닌 매출 기준이며, 캠페인 자체의 성과는 증분 ROI만 보여 줍니다.",
    },
    "campaigns.def.verdict": {
        "en": "Verdict: worked (interval above 0), harmful (below 0), too early (window still open), too small "
        "to tell (the smallest uplift detectable at 95% confidence and 80% power exceeds 20% of the base "
        "rate), otherwise no detectable effect.",
        "ko": "판정: 효과 있음(구간이 0보다 큼), 역효과(0보다 작음), 판단 보류(기간 진행 중), 표본 부족(95% 신뢰도와 "
        "80% 검정력에서 검출 가능한 최소 상승폭이 기준 전환율의 20%보다 큼), 그 밖에는 효과 없음입니다.",
    },
    # exports
    "campaigns.export.all": {"en": "All campaigns:", "ko": "전체 캠페인:"},
    "campaigns.export.groups": {"en": "These sub-groups:", "ko": "이 하위 그룹:"},
    "campaigns.export.unknown": {
        "en": "There is no such campaign or sub-group attribute: open the export from the campaigns page.",
        "ko": "그런 캠페인이나 하위 그룹 기준이 없습니다. 캠페인 페이지에서 내보내기를 여세요.",
    },
}

"""The sales pipeline page (Bi-SFA): KPIs, funnel, breakdowns, forecast backtest, stale deals."""

ENTRIES = {
    "nav.pipeline": {"en": "Pipeline", "ko": "영업 파이프라인"},
    "pipeline.title": {"en": "Sales pipeline", "ko": "영업 파이프라인"},
    "pipeline.partial": {
        "en": "{period} (partial: {days} of {total} days, compared with the same part of the period before)",
        "ko": "{period} (부분 기간: {total}일 중 {days}일, 직전 기간의 같은 부분과 비교)",
    },
    "pipeline.compare": {
        "en": "{period} · compared with {previous}",
        "ko": "{period} · 비교 기간 {previous}",
    },
    "pipeline.no_data": {
        "en": "This warehouse has no opportunities. Load opportunities (fact_opportunity) to see the pipeline.",
        "ko": "이 데이터에는 영업 기회가 없습니다. 영업 기회(fact_opportunity)를 불러오면 파이프라인이 표시됩니다.",
    },
    "pipeline.filter.owner": {"en": "Owner", "ko": "담당자"},
    "pipeline.filter.partner": {"en": "Partner", "ko": "파트너"},
    "pipeline.direct": {"en": "Direct (no partner)", "ko": "직접 영업 (파트너 없음)"},
    "pipeline.rejected.period": {
        "en": "“{value}” is not a period in the data; showing the latest quarter.",
        "ko": "“{value}”은(는) 데이터에 있는 기간이 아닙니다. 최근 분기를 표시합니다.",
    },
    "pipeline.rejected.owner": {
        "en": "No opportunities are owned by “{value}”; the owner filter was removed.",
        "ko": "“{value}” 담당 영업 기회가 없어 담당자 필터를 해제했습니다.",
    },
    "pipeline.rejected.partner": {
        "en": "“{value}” is not a partner with opportunities; the partner filter was removed.",
        "ko": "“{value}”은(는) 영업 기회가 있는 파트너가 아니므로 파트너 필터를 해제했습니다.",
    },
    "pipeline.rejected.region": {
        "en": "“{value}” is not a region with opportunities; the region filter was removed.",
        "ko": "“{value}”은(는) 영업 기회가 있는 권역이 아니므로 권역 필터를 해제했습니다.",
    },
    "pipeline.rejected.by": {
        "en": "“{value}” is not a breakdown; showing by owner.",
        "ko": "“{value}”은(는) 분석 기준이 아닙니다. 담당자별로 표시합니다.",
    },
    # KPI cards
    "pipeline.kpi.open_value": {"en": "Open pipeline", "ko": "진행 중 파이프라인"},
    "pipeline.kpi.open_value.help": {
        "en": "Value of the deals open at the end of the period (created by then, not yet closed).",
        "ko": "기간 말 기준 진행 중인 영업 기회의 금액 (그때까지 생성되고 아직 종료되지 않은 건).",
    },
    "pipeline.kpi.open_deals": {"en": "{deals} open deals", "ko": "진행 중 {deals}건"},
    "pipeline.kpi.forecast": {"en": "Weighted forecast {quarter}", "ko": "{quarter} 가중 예측"},
    "pipeline.kpi.forecast.help": {
        "en": "Open deals expected to close in the next quarter, each × the win rate of closed deals "
        "that reached its stage; the range is P10–P90 of 5,000 simulated quarters.",
        "ko": "다음 분기에 종료 예정인 진행 중 기회 금액 × 해당 단계에 도달한 종료 기회의 수주율. "
        "범위는 5,000회 시뮬레이션의 P10–P90입니다.",
    },
    "pipeline.kpi.range": {"en": "likely {low} – {high}", "ko": "가능 범위 {low} – {high}"},
    "pipeline.kpi.backtest": {
        "en": "{quarter}: forecast {predicted}, won {actual}",
        "ko": "{quarter}: 예측 {predicted}, 수주 {actual}",
    },
    "pipeline.kpi.win_rate": {"en": "Win rate", "ko": "수주율"},
    "pipeline.kpi.win_rate.help": {
        "en": "Won ÷ closed (won + lost), deals closed in the period.",
        "ko": "수주 ÷ 종료(수주 + 실주), 기간 중 종료된 기회 기준.",
    },
    "pipeline.kpi.cycle": {"en": "Avg cycle (won)", "ko": "평균 영업 주기 (수주)"},
    "pipeline.kpi.cycle.help": {
        "en": "Mean days from created to closed of the deals won in the period; lost deals below.",
        "ko": "기간 중 수주된 기회의 생성일부터 종료일까지 평균 일수. 실주 건은 아래에 표시.",
    },
    "pipeline.kpi.cycle_lost": {"en": "lost deals: {days}", "ko": "실주 건: {days}"},
    "pipeline.kpi.avg_deal": {"en": "avg won deal {value}", "ko": "평균 수주 금액 {value}"},
    "pipeline.days": {"en": "{days} days", "ko": "{days}일"},
    "pipeline.vs_previous": {"en": "vs previous period", "ko": "직전 기간 대비"},
    "pipeline.sentence": {
        "en": "In {period}, {won} of {closed} closed deals were won ({win_rate}), worth {won_value}. "
        "{open} was open on {day}; weighting each deal by its stage's win rate, {quarter} should bring about "
        "{forecast} (likely {low}–{high}).",
        "ko": "{period}에 종료된 {closed}건 중 {won}건을 수주했습니다 ({win_rate}, {won_value}). "
        "{day} 기준 진행 중 파이프라인은 {open}이며, 단계별 수주율로 가중하면 {quarter}에 약 {forecast} "
        "(가능 범위 {low}–{high})의 수주가 예상됩니다.",
    },
    "pipeline.sentence.none_closed": {
        "en": "No deal closed in {period}. {open} was open on {day}; {quarter} should bring about {forecast} "
        "(likely {low}–{high}).",
        "ko": "{period}에 종료된 기회가 없습니다. {day} 기준 진행 중 파이프라인은 {open}이며, {quarter}에 약 "
        "{forecast} (가능 범위 {low}–{high})의 수주가 예상됩니다.",
    },
    # funnel and conversion
    "pipeline.funnel": {"en": "Funnel: deals created in the period", "ko": "퍼널: 기간 중 생성된 기회"},
    "pipeline.funnel.empty": {"en": "No deal was created in this period.", "ko": "이 기간에 생성된 기회가 없습니다."},
    "pipeline.conversion": {"en": "Conversion between stages", "ko": "단계 간 전환율"},
    "pipeline.stage.Prospecting": {"en": "Prospecting", "ko": "잠재 고객 발굴"},
    "pipeline.stage.Qualification": {"en": "Qualification", "ko": "자격 검증"},
    "pipeline.stage.Proposal": {"en": "Proposal", "ko": "제안"},
    "pipeline.stage.Negotiation": {"en": "Negotiation", "ko": "협상"},
    "pipeline.stage.Closed Won": {"en": "Closed won", "ko": "수주"},
    "pipeline.col.stage": {"en": "Stage", "ko": "단계"},
    "pipeline.col.deals": {"en": "Deals", "ko": "건수"},
    "pipeline.col.value": {"en": "Value", "ko": "금액"},
    "pipeline.col.conversion": {"en": "From previous stage", "ko": "이전 단계 대비"},
    "pipeline.col.share": {"en": "Of created", "ko": "생성 대비"},
    "pipeline.col.probability": {"en": "Win probability", "ko": "수주 확률"},
    # breakdown
    "pipeline.breakdown": {"en": "Breakdown", "ko": "세부 분석"},
    "pipeline.breakdown.help": {
        "en": "Created: deals created in the period. Won, lost, win rate, deal size, cycle: deals closed in "
        "the period. Click a row to filter the page by it.",
        "ko": "생성: 기간 중 생성된 기회. 수주·실주·수주율·금액·주기: 기간 중 종료된 기회. "
        "행을 클릭하면 페이지가 해당 값으로 필터됩니다.",
    },
    "pipeline.by.owner": {"en": "Owner", "ko": "담당자"},
    "pipeline.by.partner": {"en": "Partner", "ko": "파트너"},
    "pipeline.by.region": {"en": "Region", "ko": "권역"},
    "pipeline.by.month": {"en": "Month", "ko": "월"},
    "pipeline.by.quarter": {"en": "Quarter", "ko": "분기"},
    "pipeline.col.created": {"en": "Created", "ko": "생성"},
    "pipeline.col.created_value": {"en": "Created value", "ko": "생성 금액"},
    "pipeline.col.won": {"en": "Won", "ko": "수주"},
    "pipeline.col.lost": {"en": "Lost", "ko": "실주"},
    "pipeline.col.won_value": {"en": "Won value", "ko": "수주 금액"},
    "pipeline.col.win_rate": {"en": "Win rate", "ko": "수주율"},
    "pipeline.col.avg_deal": {"en": "Avg won deal", "ko": "평균 수주 금액"},
    "pipeline.col.cycle_won": {"en": "Cycle won (days)", "ko": "수주 주기 (일)"},
    "pipeline.col.cycle_lost": {"en": "Cycle lost (days)", "ko": "실주 주기 (일)"},
    "pipeline.col.open_value": {"en": "Open now", "ko": "현재 진행 중"},
    "pipeline.explore": {"en": "Open these opportunities in Explore", "ko": "이 영업 기회를 탐색에서 열기"},
    # forecast detail
    "pipeline.forecast": {"en": "Next-quarter forecast and its backtest", "ko": "다음 분기 예측과 백테스트"},
    "pipeline.forecast.detail": {
        "en": "{deals} open deals worth {pipeline} are expected to close in {quarter}; weighted, {forecast} "
        "(P10 {low}, median {median}, P90 {high}).",
        "ko": "{quarter}에 종료 예정인 진행 중 기회 {deals}건 ({pipeline}); 가중 합계 {forecast} "
        "(P10 {low}, 중앙값 {median}, P90 {high}).",
    },
    "pipeline.backtest.detail": {
        "en": "Made the same way on {made_on} for {quarter}, the forecast said {predicted} (P10 {low}, P90 "
        "{high}) from {deals} deals; those deals won {actual} in the quarter ({error}), and all deals won "
        "{total}.",
        "ko": "{made_on}에 같은 방식으로 {quarter}을(를) 예측했다면 {deals}건에서 {predicted} (P10 {low}, "
        "P90 {high})였고, 실제로 그 기회들은 분기 중 {actual}을(를) 수주했습니다 ({error}). 전체 수주는 "
        "{total}입니다.",
    },
    "pipeline.backtest.error": {"en": "forecast off by {error}", "ko": "예측 오차 {error}"},
    "pipeline.backtest.none": {"en": "nothing won", "ko": "수주 없음"},
    "pipeline.flat_probabilities": {
        "en": "Every stage has the same win probability here ({p}): no closed deal was lost before Negotiation "
        "under the rule below, so the stage of an open deal does not change its weight.",
        "ko": "이 데이터에서는 모든 단계의 수주 확률이 같습니다 ({p}). 아래 규칙상 협상 이전에 실주된 종료 건이 "
        "없으므로 진행 중 기회의 단계가 가중치를 바꾸지 않습니다.",
    },
    # stage history (crm.pipeline_stages)
    "pipeline.kpi.held": {
        "en": "its range held the actual in {inside} of {quarters} backtested quarters",
        "ko": "백테스트한 {quarters}개 분기 중 {inside}개 분기에서 실제 값이 범위 안에 있었습니다",
    },
    "pipeline.stages": {
        "en": "Stage history: conversion, win chances and the backtested forecast",
        "ko": "단계 이력: 전환율, 수주 확률, 백테스트한 예측",
    },
    "pipeline.stages.fallback": {
        "en": "This warehouse has no opportunity stage history (fact_opportunity_stage), so win probabilities "
        "are inferred from each deal's current stage: a lost deal is assumed to have moved evenly through the "
        "stages over its planned cycle (see “How stages are inferred”). Load the stage history (import: "
        "opportunity stage history) to get conversion and win chances from what actually happened.",
        "ko": "이 웨어하우스에는 영업 기회 단계 이력(fact_opportunity_stage)이 없어 수주 확률을 각 기회의 현재 "
        "단계로부터 추정합니다. 실주 건은 계획된 주기 동안 단계를 고르게 지나갔다고 가정합니다(“단계 추정 방법” "
        "참고). 실제 진행에 근거한 전환율과 수주 확률을 보려면 단계 이력을 가져오세요(가져오기: 영업 기회 단계 이력).",
    },
    "pipeline.stages.help": {
        "en": "From the recorded stage history of every deal closed by {day} (whatever the filters): how many "
        "reached each stage, were won, were lost at it, the chance to win and to reach the next stage once "
        "there, and the median days spent in it.",
        "ko": "{day}까지 종료된 모든 기회의 기록된 단계 이력 기준(필터와 무관): 각 단계에 도달한 건수, 수주, 그 "
        "단계에서 실주된 건수, 그 단계에 도달한 뒤 수주할 확률과 다음 단계로 갈 확률, 단계에 머문 일수의 중앙값.",
    },
    "pipeline.stages.col.stage": {"en": "Stage", "ko": "단계"},
    "pipeline.stages.col.reached": {"en": "Reached", "ko": "도달"},
    "pipeline.stages.col.won": {"en": "Won", "ko": "수주"},
    "pipeline.stages.col.lost_here": {"en": "Lost here", "ko": "이 단계에서 실주"},
    "pipeline.stages.col.p_win": {"en": "P(win | reached)", "ko": "P(수주 | 도달)"},
    "pipeline.stages.col.p_next": {"en": "P(next stage | reached)", "ko": "P(다음 단계 | 도달)"},
    "pipeline.stages.col.days": {"en": "Median days in stage", "ko": "단계 체류 일수 중앙값"},
    "pipeline.stages.forecast": {
        "en": "{quarter}: median {median}, P10–P90 {low} – {high}. Expected from the {deals} open deals "
        "{pipeline}, from deals not yet created {new}; the range is shifted and widened by the errors of "
        "{errors} earlier forecasts made the same way.",
        "ko": "{quarter}: 중앙값 {median}, P10–P90 {low} – {high}. 진행 중 기회 {deals}건에서 {pipeline}, 아직 "
        "생성되지 않은 기회에서 {new}이(가) 예상되며, 같은 방식으로 만든 이전 예측 {errors}건의 오차로 범위를 "
        "보정하고 넓혔습니다.",
    },
    "pipeline.stages.bt.quarter": {"en": "Quarter", "ko": "분기"},
    "pipeline.stages.bt.p10": {"en": "Forecast P10", "ko": "예측 P10"},
    "pipeline.stages.bt.p50": {"en": "Forecast P50", "ko": "예측 P50"},
    "pipeline.stages.bt.p90": {"en": "Forecast P90", "ko": "예측 P90"},
    "pipeline.stages.bt.actual": {"en": "Actual won", "ko": "실제 수주"},
    "pipeline.stages.bt.inside": {"en": "Inside P10–P90?", "ko": "P10–P90 안?"},
    "pipeline.stages.bt.baseline": {"en": "Baseline: last quarter's actual", "ko": "기준선: 직전 분기 실적"},
    "pipeline.stages.yes": {"en": "yes", "ko": "예"},
    "pipeline.stages.no": {"en": "no", "ko": "아니오"},
    "pipeline.stages.no_backtest": {
        "en": "Too little stage history to backtest the forecast yet.",
        "ko": "아직 예측을 백테스트할 만큼 단계 이력이 충분하지 않습니다.",
    },
    "pipeline.stages.verdict.beats": {
        "en": "The range held the actual outcome in {inside} of {quarters} quarters, and the forecast's median "
        "missed by {model} on average against {baseline} for last quarter's actual: the forecast beats the baseline.",
        "ko": "범위가 {quarters}개 분기 중 {inside}개 분기에서 실제 값을 담았고, 예측 중앙값의 평균 오차는 {model}(으)로 "
        "직전 분기 실적의 {baseline}보다 작습니다: 예측이 기준선보다 낫습니다.",
    },
    "pipeline.stages.verdict.loses": {
        "en": "The range held the actual outcome in {inside} of {quarters} quarters, but the forecast's median "
        "missed by {model} on average against {baseline} for last quarter's actual: here the baseline is the "
        "better guess.",
        "ko": "범위가 {quarters}개 분기 중 {inside}개 분기에서 실제 값을 담았지만, 예측 중앙값의 평균 오차는 {model}(으)로 "
        "직전 분기 실적의 {baseline}보다 큽니다: 이 데이터에서는 기준선이 더 나은 추정입니다.",
    },
    "pipeline.stages.method": {
        "en": "How: at every month end, the deals then open, each at the stage it had last entered and by when it "
        "was due, and whether it was won within three months; P(won within the quarter | stage, due) is learned "
        "from the last twelve such month ends whose three months had passed, plus the rate of deals created and "
        "won inside a quarter. Each deal is drawn won or not, new deals are drawn, and the result is shifted and "
        "widened by how far the same forecast missed at the nine month ends before. Each backtested quarter is "
        "forecast from the data of the day before it began; the actual is every deal won in it.",
        "ko": "방법: 매월 말 진행 중이던 기회를 마지막으로 들어간 단계와 마감 예정 시점별로 나누고 3개월 안에 수주했는지 "
        "봅니다. 3개월이 지난 최근 12개 월말로부터 P(분기 내 수주 | 단계, 마감 예정)과 분기 안에 생성·수주되는 기회의 "
        "비율을 학습합니다. 각 기회의 수주 여부와 새 기회를 추출하고, 직전 9개 월말에 같은 방식의 예측이 빗나간 정도로 "
        "결과를 보정하고 넓힙니다. 백테스트의 각 분기는 분기 시작 전날까지의 데이터로 예측하며, 실제 값은 그 분기에 "
        "수주된 모든 기회입니다.",
    },
    "pipeline.method": {"en": "How stages are inferred", "ko": "단계 추정 방법"},
    "pipeline.method.body": {
        "en": "No stage history is stored. An open deal reached every stage up to its current one; a won deal "
        "reached all of them. A lost deal does not record the stage it was lost at, so we assume deals move "
        "through the four open stages evenly over their planned cycle (created → expected close): a lost deal "
        "reached the stage matching the share of that cycle it lived. Funnel and conversion count deals created "
        "in the period; win rate, deal size and cycle count deals closed in it. Stage win probabilities come "
        "from every closed deal, whatever the filters. The backtest rebuilds the pipeline of the day before the "
        "last finished quarter with the same rule.",
        "ko": "단계 이력은 저장되지 않습니다. 진행 중 기회는 현재 단계까지 모든 단계에 도달한 것으로, 수주 건은 "
        "모든 단계에 도달한 것으로 봅니다. 실주 건은 실주 당시 단계를 기록하지 않으므로, 기회가 계획된 주기"
        "(생성 → 예상 종료일) 동안 네 단계를 고르게 진행한다고 가정하여 실제로 진행한 기간 비율에 해당하는 단계까지 "
        "도달한 것으로 봅니다. 퍼널과 전환율은 기간 중 생성된 기회, 수주율·금액·주기는 기간 중 종료된 기회 기준입니다. "
        "단계별 수주 확률은 필터와 관계없이 모든 종료 기회에서 계산합니다. 백테스트는 같은 규칙으로 마지막으로 끝난 "
        "분기 전날의 파이프라인을 재구성합니다.",
    },
    # stale deals
    "pipeline.stale": {"en": "Stale opportunities", "ko": "정체된 영업 기회"},
    "pipeline.stale.help": {
        "en": "Open deals past their expected close, or older than their stage's typical age (the median won "
        "cycle × stage/4) by more than {grace} days. {count} deals, {value}.",
        "ko": "예상 종료일이 지났거나, 단계별 통상 경과일(수주 건 중앙 주기 × 단계/4)보다 {grace}일 넘게 오래된 "
        "진행 중 기회입니다. {count}건, {value}.",
    },
    "pipeline.stale.none": {"en": "No stale opportunities.", "ko": "정체된 영업 기회가 없습니다."},
    "pipeline.col.customer": {"en": "Customer", "ko": "고객"},
    "pipeline.col.owner": {"en": "Owner", "ko": "담당자"},
    "pipeline.col.partner": {"en": "Partner", "ko": "파트너"},
    "pipeline.col.region": {"en": "Region", "ko": "권역"},
    "pipeline.col.amount": {"en": "Amount", "ko": "금액"},
    "pipeline.col.expected_close": {"en": "Expected close", "ko": "예상 종료일"},
    "pipeline.col.days_overdue": {"en": "Days overdue", "ko": "지연 일수"},
    "pipeline.col.age_days": {"en": "Age (days)", "ko": "경과일"},
    "pipeline.col.reason": {"en": "Why", "ko": "사유"},
    "pipeline.col.link": {"en": "Details", "ko": "상세"},
    "pipeline.reason.overdue": {"en": "past expected close", "ko": "예상 종료일 경과"},
    "pipeline.reason.aged": {"en": "old for its stage", "ko": "단계 대비 오래됨"},
}

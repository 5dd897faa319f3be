"""The glossary: terms the analyses use, each with its definition (page /glossary and the (ⓘ) beside a term)."""

ENTRIES = {
    "nav.glossary": {"en": "Glossary", "ko": "용어집"},
    "glossary.title": {"en": "Glossary", "ko": "용어집"},
    "glossary.intro": {
        "en": "What the figures on the analysis pages mean. The (ⓘ) beside a term on a page opens its definition here.",
        "ko": "분석 화면의 수치가 무엇을 뜻하는지 설명합니다. 화면의 용어 옆 (ⓘ)를 누르면 이곳의 정의가 열립니다.",
    },
    "glossary.define": {"en": "What is {term}?", "ko": "{term}이란?"},
    "glossary.more": {"en": "In the glossary", "ko": "용어집에서 보기"},
    "glossary.where": {"en": "Used on: {pages}", "ko": "사용 화면: {pages}"},
    "glossary.uplift.name": {"en": "Uplift", "ko": "업리프트(증분 반응률)"},
    "glossary.uplift.def": {
        "en": "The conversion rate of the targeted group minus that of its random control group: what the "
        "campaign itself changed, beyond the customers who would have bought anyway.",
        "ko": "타깃 그룹의 전환율에서 무작위 대조군의 전환율을 뺀 값입니다. 어차피 구매했을 고객을 넘어 "
        "캠페인 자체가 바꾼 몫을 나타냅니다.",
    },
    "glossary.incremental_roi.name": {"en": "Incremental ROI", "ko": "증분 ROI"},
    "glossary.incremental_roi.def": {
        "en": "(Incremental revenue \u2212 cost) / cost. Incremental revenue is the targeted group's revenue per head "
        "minus the control group's, times the number targeted. Below 0: the campaign cost more than it brought in "
        "beyond what would have happened anyway. When the cost is close to 0 the ratio says little: read the "
        "incremental profit instead.",
        "ko": "(증분 매출 \u2212 비용) / 비용입니다. 증분 매출은 타깃 그룹의 1인당 매출에서 대조군의 1인당 매출을 뺀 뒤 "
        "타깃 인원수를 곱한 값입니다. 0보다 작으면 캠페인이 없었어도 일어났을 매출 이상으로 벌어들이지 못하고 비용만 "
        "더 든 것입니다. 비용이 0에 가까우면 비율의 의미가 적으니 증분 이익을 보세요.",
    },
    "glossary.roas.name": {"en": "ROAS and ROI", "ko": "ROAS와 ROI"},
    "glossary.roas.def": {
        "en": "ROAS (return on ad spend) = the targeted group's revenue / cost; ROI = (that revenue \u2212 cost) / cost. "
        "Both count every sale of the targeted customers, including those the campaign did not cause; the "
        "incremental ROI counts only the difference to the control group.",
        "ko": "ROAS(광고비 대비 매출) = 타깃 그룹 매출 / 비용, ROI = (그 매출 \u2212 비용) / 비용입니다. 둘 다 캠페인이 "
        "만들지 않은 매출까지 포함하며, 증분 ROI는 대조군과의 차이만 셉니다.",
    },
    "glossary.holdout.name": {"en": "Holdout (control group)", "ko": "홀드아웃(대조군)"},
    "glossary.holdout.def": {
        "en": "Customers left out on purpose: a random part of a campaign's audience that is not contacted, so the "
        "campaign's effect can be measured against it; for models and forecasts, the last stretch of data kept "
        "back to check them against what really happened.",
        "ko": "의도적으로 제외한 고객입니다. 캠페인 대상 중 무작위로 연락하지 않는 일부로, 캠페인 효과를 이들과 비교해 "
        "측정합니다. 모델과 예측에서는 실제 결과와 비교하려고 남겨 둔 마지막 기간의 데이터를 말합니다.",
    },
    "glossary.confidence_interval.name": {"en": "Confidence interval (95%)", "ko": "신뢰구간(95%)"},
    "glossary.confidence_interval.def": {
        "en": "A range computed so that it holds the true value in 95 of 100 repetitions of the same random "
        "experiment. When the interval of an uplift contains 0, the data cannot tell the effect from chance.",
        "ko": "같은 무작위 실험을 100번 반복하면 95번은 참값을 포함하도록 계산한 범위입니다. 업리프트의 구간이 0을 "
        "포함하면 데이터로는 효과와 우연을 구분할 수 없습니다.",
    },
    "glossary.mde.name": {"en": "Minimum detectable uplift", "ko": "최소 검출 업리프트"},
    "glossary.mde.def": {
        "en": "The smallest uplift that groups of this size would detect 8 times in 10 (80% power, 5% level). "
        "A real effect smaller than that usually reads as \u201cno detectable effect\u201d.",
        "ko": "이 크기의 그룹으로 10번 중 8번 검출할 수 있는 가장 작은 업리프트입니다(검정력 80%, 유의수준 5%). "
        "실제 효과가 이보다 작으면 대개 \u201c검출된 효과 없음\u201d으로 나옵니다.",
    },
    "glossary.mase.name": {"en": "MASE", "ko": "MASE(평균 절대 척도 오차)"},
    "glossary.mase.def": {
        "en": "Mean absolute scaled error: the forecast's average absolute error divided by that of the seasonal "
        "naive forecast (the same month a season before) over the same history. Below 1: better than repeating "
        "last season; above 1: worse.",
        "ko": "평균 절대 척도 오차입니다. 예측의 평균 절대 오차를 같은 기간 계절 단순 예측(한 계절 전 같은 달 값)의 "
        "평균 절대 오차로 나눈 값입니다. 1보다 작으면 지난 계절을 반복하는 것보다 낫고, 크면 못합니다.",
    },
    "glossary.p10_p90.name": {"en": "P10\u2013P90 range", "ko": "P10\u2013P90 범위"},
    "glossary.p10_p90.def": {
        "en": "Of many simulated outcomes, 10% fall below P10 and 10% above P90: the actual result is expected "
        "inside the range 8 times in 10. P50 is the median.",
        "ko": "많은 시뮬레이션 결과 중 10%는 P10 아래, 10%는 P90 위에 있습니다. 실제 결과가 10번 중 8번은 이 범위 "
        "안에 들 것으로 봅니다. P50은 중앙값입니다.",
    },
    "glossary.backtest.name": {"en": "Backtest", "ko": "백테스트"},
    "glossary.backtest.def": {
        "en": "A forecast or recommendation made as if at an earlier date, with only the data known then, and "
        "compared with what happened afterwards.",
        "ko": "과거 시점에 그때까지의 데이터만으로 예측이나 추천을 한 것처럼 만들고, 그 뒤 실제로 일어난 일과 "
        "비교하는 검증입니다.",
    },
    "glossary.auc.name": {"en": "AUC", "ko": "AUC"},
    "glossary.auc.def": {
        "en": "Area under the ROC curve: the chance that the model scores a random buyer above a random "
        "non-buyer. 0.5 is guessing, 1 is a perfect ranking.",
        "ko": "ROC 곡선 아래 면적입니다. 무작위로 고른 구매자의 점수가 무작위로 고른 비구매자보다 높을 확률이며, "
        "0.5는 찍기와 같고 1은 완벽한 순위입니다.",
    },
    "glossary.lift.name": {"en": "Lift", "ko": "리프트"},
    "glossary.lift.def": {
        "en": "How many times more buyers a group of top-scored customers holds than a random group of the same "
        "size: a lift of 3 in the top tenth means three times the average rate.",
        "ko": "점수 상위 고객 그룹에 같은 크기의 무작위 그룹보다 구매자가 몇 배 많은지를 나타냅니다. 상위 10%의 "
        "리프트가 3이면 평균 비율의 세 배입니다.",
    },
    "glossary.hit_rate.name": {"en": "Hit rate@k", "ko": "적중률@k"},
    "glossary.hit_rate.def": {
        "en": "The share of customers for whom at least one of the k products recommended to them was actually "
        "bought in the test period.",
        "ko": "추천한 k개 제품 중 적어도 하나를 시험 기간에 실제로 구매한 고객의 비율입니다.",
    },
    "glossary.rfm.name": {"en": "RFM", "ko": "RFM"},
    "glossary.rfm.def": {
        "en": "Recency, frequency, monetary value: each customer scored 1\u20135 on how recently, how often and how "
        "much they bought, and grouped into segments such as Champions or At risk.",
        "ko": "최근성(Recency), 빈도(Frequency), 금액(Monetary)입니다. 고객마다 얼마나 최근에, 자주, 많이 구매했는지 "
        "1\u20135점으로 매겨 챔피언, 이탈 위험 같은 세그먼트로 묶습니다.",
    },
    "glossary.clv.name": {"en": "CLV (customer lifetime value)", "ko": "CLV(고객 생애 가치)"},
    "glossary.clv.def": {
        "en": "The revenue a customer is expected to bring in the next 12 months: how many purchases and whether "
        "they are still active (BG/NBD) times how much per purchase (Gamma-Gamma).",
        "ko": "고객이 앞으로 12개월 동안 가져올 것으로 기대되는 매출입니다. 구매 횟수와 활동 여부(BG/NBD)에 "
        "구매당 금액(Gamma-Gamma)을 곱해 계산합니다.",
    },
    "glossary.p_alive.name": {"en": "P(alive)", "ko": "P(활동)"},
    "glossary.p_alive.def": {
        "en": "The probability that a customer still buys from you, from how often they bought and how long ago "
        "(BG/NBD). A customer who bought once is 1 by construction, and marked *.",
        "ko": "구매 빈도와 마지막 구매 이후 기간으로 추정한, 고객이 여전히 구매하고 있을 확률입니다(BG/NBD). "
        "한 번만 구매한 고객은 정의상 1이며 *로 표시합니다.",
    },
}

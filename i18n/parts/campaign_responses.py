"""Campaign responses: the importer's entity, unsubscribes in the planner and the results, launched plans
on the results page (crm/campaigns/bridge.py, data/importer/responses.py)."""

ENTRIES = {
    "import_page.entity.campaign_responses": {
        "en": "Campaign responses (delivered, opened, clicked, unsubscribed, survey)",
        "ko": "캠페인 반응(도달, 오픈, 클릭, 수신거부, 설문)",
    },
    "campaign.reason.unsubscribed": {
        "en": "Unsubscribed in an earlier campaign",
        "ko": "이전 캠페인에서 수신 거부",
    },
    "campaign.plan.results_link": {"en": "Results", "ko": "결과"},
    "campaign.plan.publishing": {
        "en": "It goes into the warehouse as campaign {campaign}: the results page shows it within a minute "
        "(\u201ctoo early\u201d until its attribution window ends).",
        "ko": "웨어하우스에 캠페인 {campaign}(으)로 들어갑니다. 1분 안에 결과 화면에 나타납니다(귀속 기간이 끝날 때까지는 "
        "\u201c판단 보류\u201d).",
    },
    "campaigns.from_plan": {
        "en": "Launched from plan {plan}: open it in the planner",
        "ko": "계획 {plan}에서 시작됨: 플래너에서 열기",
    },
    "campaigns.unsubscribed": {
        "en": "Unsubscribed: {target} targeted ({rate}), {control} in the control group",
        "ko": "수신 거부: 대상군 {target}명({rate}), 대조군 {control}명",
    },
    "campaigns.survey": {
        "en": "Survey: {answers} answers, mean score {mean} of 5",
        "ko": "설문: 응답 {answers}건, 평균 점수 {mean}/5",
    },
    "campaigns.col.unsubscribed_target": {"en": "Unsubscribed (target)", "ko": "수신 거부(대상군)"},
    "campaigns.col.unsubscribe_rate_target": {"en": "Unsubscribe rate (target)", "ko": "수신 거부율(대상군)"},
    "campaigns.col.unsubscribed_control": {"en": "Unsubscribed (control)", "ko": "수신 거부(대조군)"},
    "campaigns.col.survey_score_mean": {"en": "Survey score (mean)", "ko": "설문 점수(평균)"},
}

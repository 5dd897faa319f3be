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
}

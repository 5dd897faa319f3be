"""The automatic default runs after every load (``jobs.defaults``): what the mining pages say of them."""

ENTRIES = {
    "auto.badge": {
        "en": "Default settings, computed automatically after the load of {time}. Run again for other settings.",
        "ko": "{time} 적재 후 기본 설정으로 자동 계산했습니다. 다른 설정으로 보려면 다시 실행하세요.",
    },
    "auto.badge.undated": {
        "en": "Default settings, computed automatically. Run again for other settings.",
        "ko": "기본 설정으로 자동 계산했습니다. 다른 설정으로 보려면 다시 실행하세요.",
    },
    "auto.stale": {
        "en": "Computed before the latest load ({time}): these numbers describe the earlier data.",
        "ko": "최근 적재({time}) 전에 계산한 결과입니다. 이 수치는 이전 데이터를 설명합니다.",
    },
    "auto.waiting": {
        "en": "New data were loaded at {time}: the {what} with default settings is waiting to be computed.",
        "ko": "{time}에 새 데이터를 적재했습니다. 기본 설정의 {what} 계산을 기다리고 있습니다.",
    },
    "auto.running": {
        "en": "New data were loaded at {time}: the {what} with default settings is being computed ({percent}: {step}).",
        "ko": "{time}에 새 데이터를 적재했습니다. 기본 설정의 {what}을(를) 계산하고 있습니다({percent}: {step}).",
    },
    "auto.until": {
        "en": "It appears here by itself when it is done.",
        "ko": "계산이 끝나면 여기에 자동으로 표시됩니다.",
    },
    "auto.not_computed": {
        "en": "The automatic {what} after the load of {time} could not be computed: {reason}",
        "ko": "{time} 적재 후의 자동 {what}을(를) 계산하지 못했습니다: {reason}",
    },
    "auto.no_campaigns": {
        "en": "this warehouse has no campaign contacts, so there are no responses to learn from. "
        "Import campaigns and their contacts to train it.",
        "ko": "이 웨어하우스에는 캠페인 접촉 기록이 없어 학습할 반응이 없습니다. 캠페인과 접촉 기록을 가져오면 학습할 수 있습니다.",
    },
    "auto.failed": {
        "en": "an unexpected error ({error}); the server log has the details. Run it here to try again.",
        "ko": "예기치 않은 오류({error})가 발생했습니다. 자세한 내용은 서버 로그를 확인하세요. 여기에서 다시 실행해 보세요.",
    },
    "auto.stopped": {
        "en": "the job stopped before it finished. It runs again at the next load or start; run it here meanwhile.",
        "ko": "작업이 끝나기 전에 중단되었습니다. 다음 적재나 시작 때 다시 실행되며, 그동안 여기에서 실행할 수 있습니다.",
    },
    "auto.what.rfm": {"en": "RFM and lifetime value scoring", "ko": "RFM·고객 생애 가치 점수"},
    "auto.what.cluster": {"en": "clustering", "ko": "군집 분석"},
    "auto.what.nbp": {"en": "next best product recommendations", "ko": "다음 추천 상품"},
    "auto.what.propensity_repurchase": {"en": "repurchase model", "ko": "재구매 모델"},
    "auto.what.propensity_response": {"en": "response model", "ko": "반응 모델"},
    "auto.run_label": {"en": "automatic", "ko": "자동"},
}

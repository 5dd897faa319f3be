"""The engine answering cube reads (XRM_ENGINE): Apache Spark's refusals (olap.engines.spark)."""

ENTRIES = {
    "cube.engine_unreachable": {
        "en": "The Spark engine at {url} could not be reached ({reason}). The view cannot be answered now: "
        "try again in a moment, or ask an administrator to check the Spark Connect server (XRM_SPARK_URL).",
        "ko": "{url}의 Spark 엔진에 연결할 수 없습니다({reason}). 지금은 이 보기를 계산할 수 없습니다. "
        "잠시 후 다시 시도하거나, 관리자에게 Spark Connect 서버(XRM_SPARK_URL) 점검을 요청하세요.",
    },
    "cube.engine_failed": {
        "en": "The Spark engine could not answer this view ({reason}). Try again, or a narrower view; "
        "if it keeps failing, an administrator can find the details in the log.",
        "ko": "Spark 엔진이 이 보기를 계산하지 못했습니다({reason}). 다시 시도하거나 범위를 좁혀 보세요. "
        "계속 실패하면 관리자가 로그에서 자세한 내용을 확인할 수 있습니다.",
    },
    "cube.lake_missing": {
        "en": "The Spark engine has no copy of the current data yet (version {version} is not in the lake at "
        "{lake}). It is written after each load; an administrator can write it now with `make lake`.",
        "ko": "Spark 엔진에 아직 현재 데이터의 사본이 없습니다(버전 {version}이(가) {lake} 레이크에 없음). "
        "사본은 적재할 때마다 기록되며, 관리자가 python -m olap.lake 명령으로 지금 기록할 수 있습니다.",
    },
}

"""The menu a click on a dashboard chart opens (drill, filter, detail rows, Explore)."""

ENTRIES = {
    "exec.click.drill.region": {"en": "Drill to its countries", "ko": "국가별로 내려가기"},
    "exec.click.drill.country": {"en": "Drill to its cities", "ko": "도시별로 내려가기"},
    "exec.click.drill.month": {"en": "Drill to its days", "ko": "일별로 내려가기"},
    "analyses.click.drill": {"en": "Drill to its {level}", "ko": "{level}별로 내려가기"},
    "exec.click.filter": {"en": "Filter this page to it", "ko": "이 페이지를 여기로 필터"},
    "exec.click.detail": {"en": "See its detail rows", "ko": "상세 행 보기"},
    "exec.click.explore": {"en": "Open in Explore", "ko": "탐색에서 열기"},
    "exec.click.close": {"en": "Close", "ko": "닫기"},
    "exec.click.hint": {
        "en": "Click a bar for its actions: drill down, filter the page, detail rows, Explore.",
        "ko": "막대를 클릭하면 하위 수준 보기, 페이지 필터, 상세 행, 탐색 열기를 고를 수 있습니다.",
    },
}

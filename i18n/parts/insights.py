"""Automatic insights (any view) and the ready-made analyses page."""

ENTRIES = {
    # ----------------------------------------------------------------- insight sentences
    "insight.change_up": {
        "en": "{measure} rose {pct} ({delta}) to {current} against {period}.",
        "ko": "{period} 대비 {measure} {pct} 증가({delta}), 현재 {current}.",
    },
    "insight.change_down": {
        "en": "{measure} fell {pct} ({delta}) to {current} against {period}.",
        "ko": "{period} 대비 {measure} {pct} 감소({delta}), 현재 {current}.",
    },
    "insight.change_up_from": {
        "en": "{measure} rose from {previous} to {current} ({delta}) against {period}.",
        "ko": "{period} 대비 {measure} 상승: {previous} → {current}({delta}).",
    },
    "insight.change_down_from": {
        "en": "{measure} fell from {previous} to {current} ({delta}) against {period}.",
        "ko": "{period} 대비 {measure} 하락: {previous} → {current}({delta}).",
    },
    "insight.unchanged": {
        "en": "{measure} was unchanged at {current} against {period}.",
        "ko": "{period} 대비 {measure} 변동 없음({current}).",
    },
    "insight.driver_first": {
        "en": "{member} contributed {delta} ({share} of the change)",
        "ko": "{member} {delta}(변화의 {share})",
    },
    "insight.driver_next": {"en": "{member} {delta} ({share})", "ko": "{member} {delta}({share})"},
    "insight.drivers": {"en": "{items}.", "ko": "주요 변화 요인: {items}."},
    "insight.drivers_against": {
        "en": "{items}; {member} moved the other way ({delta}).",
        "ko": "주요 변화 요인: {items}; 반대 방향: {member} {delta}.",
    },
    "insight.overlapping": {
        "en": "By {level}, the largest changes were {items} (members overlap, so these do not add up to the total).",
        "ko": "{level}별 변화가 큰 항목: {items}(항목 간 중복이 있어 합계 변화와 일치하지 않습니다).",
    },
    "insight.ratio_split": {
        "en": "Of the {delta} change, {rate} came from changes within each {level} (most in {member}, "
        "{member_rate}) and {mix} from the shift in mix between them.",
        "ko": "{delta} 변화 중 {level}별 자체 변화 효과 {rate}(최대: {member} {member_rate}), "
        "{level} 간 구성 변화 효과 {mix}.",
    },
    "insight.ratio_weighted": {
        "en": "Weighted by {volume}, the largest changes were {items}.",
        "ko": "{volume} 가중 기준 변화가 큰 항목: {items}.",
    },
    "insight.outlier_high": {
        "en": "{member} is unusually high at {value} (median {level}: {median}).",
        "ko": "이례적으로 높음: {member} {value}({level} 중앙값 {median}).",
    },
    "insight.outlier_high_times": {
        "en": "{member} is unusually high at {value}, {times}× the median {level} ({median}).",
        "ko": "이례적으로 높음: {member} {value}, {level} 중앙값 {median}의 {times}배.",
    },
    "insight.outlier_low": {
        "en": "{member} is unusually low at {value} (median {level}: {median}).",
        "ko": "이례적으로 낮음: {member} {value}({level} 중앙값 {median}).",
    },
    "insight.outlier_more": {
        "en": "{n} more of the {total} members are unusual too.",
        "ko": "그 밖에 {total}개 항목 중 {n}개도 이례적입니다.",
    },
}

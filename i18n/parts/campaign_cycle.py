"""Closing the loop: campaign results saved as segments, decisions, the strategy-cycle page."""

ENTRIES = {
    "nav.campaign_cycle": {"en": "Strategy cycle", "ko": "전략 사이클"},
    "segfield.campaign_outcome": {"en": "Campaign outcome", "ko": "캠페인 결과"},
    # outcomes of a campaign contact (the segment builder's value list: "<campaign> · <outcome>")
    "cycle.outcome.responded": {"en": "responded (target, converted)", "ko": "반응 (타깃, 전환)"},
    "cycle.outcome.not_responded": {"en": "did not respond (target)", "ko": "미반응 (타깃)"},
    "cycle.outcome.control": {"en": "control group", "ko": "대조군"},
    # saving a result's picks
    "cycle.save_title": {"en": "Save as a segment", "ko": "세그먼트로 저장"},
    "cycle.save_intro": {
        "en": "Each pick becomes an ordinary segment (a rule on “Campaign outcome”) that remembers this "
        "campaign as its origin. Edit the name, then save.",
        "ko": "각 선택은 이 캠페인을 출처로 기록하는 일반 세그먼트(“캠페인 결과” 조건)가 됩니다. "
        "이름을 고친 뒤 저장하세요.",
    },
    "cycle.save_segment": {"en": "Save segment", "ko": "세그먼트 저장"},
    "cycle.pick.responders": {"en": "responders", "ko": "반응 고객"},
    "cycle.pick.non_responders": {"en": "non-responders", "ko": "미반응 고객"},
    "cycle.pick.subgroup": {"en": "best sub-group", "ko": "최고 성과 하위 그룹"},
    "cycle.pick.responders_about": {
        "en": "{count} target-group contacts who bought in the campaign's window.",
        "ko": "캠페인 기간에 구매한 타깃 그룹 고객 {count}명.",
    },
    "cycle.pick.non_responders_about": {
        "en": "{count} target-group contacts who did not buy in the window.",
        "ko": "캠페인 기간에 구매하지 않은 타깃 그룹 고객 {count}명.",
    },
    "cycle.pick.subgroup_about": {
        "en": "{dimension}: {member} — uplift {uplift} (95% interval {interval}); the campaign's {count} "
        "contacts there, target and control.",
        "ko": "{dimension}: {member} — 향상 {uplift} (95% 구간 {interval}); 해당 그룹의 캠페인 고객 {count}명 "
        "(타깃과 대조군 모두).",
    },
    "cycle.best.no_breakdowns": {
        "en": "No sub-group to save: this warehouse has no customer attribute to break the campaign down by.",
        "ko": "저장할 하위 그룹이 없습니다: 캠페인을 나눌 고객 속성이 없습니다.",
    },
    "cycle.best.none_above": {
        "en": "No sub-group to save: in none of them is the uplift's interval above zero.",
        "ko": "저장할 하위 그룹이 없습니다: 향상 구간이 0보다 큰 하위 그룹이 없습니다.",
    },
    "cycle.best.only_small": {
        "en": "No sub-group to save: the only ones whose uplift interval is above zero are too small to read.",
        "ko": "저장할 하위 그룹이 없습니다: 향상 구간이 0보다 큰 하위 그룹은 너무 작아 판단할 수 없습니다.",
    },
    "cycle.name.responders": {"en": "Responders — {campaign}", "ko": "반응 고객 — {campaign}"},
    "cycle.name.non_responders": {"en": "Non-responders — {campaign}", "ko": "미반응 고객 — {campaign}"},
    "cycle.name.subgroup": {"en": "{member} — {campaign}", "ko": "{member} — {campaign}"},
    "cycle.saved": {
        "en": "Saved “{name}” with {customers} customers.",
        "ko": "“{name}” 세그먼트를 고객 {customers}명으로 저장했습니다.",
    },
    "cycle.open_segment": {"en": "Open in the segment builder", "ko": "세그먼트 빌더에서 열기"},
    "cycle.to_cycle": {"en": "See the strategy cycle", "ko": "전략 사이클 보기"},
    "cycle.pick.unknown": {"en": "There is no pick “{pick}”.", "ko": "“{pick}” 선택 항목이 없습니다."},
    "cycle.pick.no_campaign": {
        "en": "Campaign {campaign} is not in this warehouse.",
        "ko": "캠페인 {campaign}이(가) 이 웨어하우스에 없습니다.",
    },
    "cycle.pick.no_best": {
        "en": "This campaign has no sub-group to save (none has an uplift interval above zero and enough contacts).",
        "ko": "이 캠페인에는 저장할 하위 그룹이 없습니다 (향상 구간이 0보다 크고 충분히 큰 그룹이 없음).",
    },
    # origins
    "cycle.col.origin": {"en": "Origin", "ko": "출처"},
    "cycle.origin.campaign": {"en": "From campaign “{campaign}”: {pick}", "ko": "캠페인 “{campaign}”에서: {pick}"},
    "cycle.origin.hand": {"en": "Built by hand", "ko": "직접 구성"},
    "cycle.origin.other": {"en": "From {kind}", "ko": "{kind}에서"},
    "cycle.origin.scoring": {"en": "From a scoring run", "ko": "스코어링 실행에서"},
    "cycle.origin.analysis": {"en": "From an analysis", "ko": "분석에서"},
    # decisions
    "cycle.decision.title": {"en": "What was decided next", "ko": "다음 결정"},
    "cycle.decision.none": {"en": "No decision recorded yet.", "ko": "아직 기록된 결정이 없습니다."},
    "cycle.decision.choice_label": {"en": "Decision…", "ko": "결정…"},
    "cycle.decision.note": {"en": "Note (up to {limit} characters)", "ko": "메모 (최대 {limit}자)"},
    "cycle.decision.save": {"en": "Record decision", "ko": "결정 기록"},
    "cycle.decision.by": {"en": "{user}, {when}", "ko": "{user}, {when}"},
    "cycle.decision.led_segment": {"en": "segment “{name}”", "ko": "세그먼트 “{name}”"},
    "cycle.decision.led_plan": {"en": "plan #{plan}", "ko": "계획 #{plan}"},
    "cycle.decision.record": {"en": "Record a decision", "ko": "결정 기록하기"},
    "cycle.decision.next": {"en": "next cycle: “{name}”", "ko": "다음 사이클: “{name}”"},
    "cycle.decision.no_campaign": {
        "en": "Campaign {campaign} is not in this warehouse.",
        "ko": "캠페인 {campaign}이(가) 이 웨어하우스에 없습니다.",
    },
    "cycle.decision.choice": {
        "en": "Choose what was decided (repeat, scale up, change the offer, change the audience or stop).",
        "ko": "결정을 고르세요 (반복, 확대, 오퍼 변경, 대상 변경, 중단).",
    },
    "cycle.decision.note_long": {
        "en": "The note is {length} characters long; at most {limit} are kept.",
        "ko": "메모가 {length}자입니다. 최대 {limit}자까지 저장할 수 있습니다.",
    },
    "cycle.decision.no_segment": {
        "en": "There is no saved segment {value}.",
        "ko": "저장된 세그먼트 {value}이(가) 없습니다.",
    },
    "cycle.decision.no_plan": {
        "en": "There is no plan {value} on this warehouse.",
        "ko": "이 웨어하우스에 계획 {value}이(가) 없습니다.",
    },
    "cycle.choice.repeat": {"en": "Repeat", "ko": "반복"},
    "cycle.choice.scale_up": {"en": "Scale up", "ko": "확대"},
    "cycle.choice.change_offer": {"en": "Change the offer", "ko": "오퍼 변경"},
    "cycle.choice.change_audience": {"en": "Change the audience", "ko": "대상 변경"},
    "cycle.choice.stop": {"en": "Stop", "ko": "중단"},
    "cycle.optional": {"en": "Led to… (optional)", "ko": "이어진 대상… (선택)"},
    # the strategy-cycle page
    "cycle.title": {"en": "Strategy cycle", "ko": "전략 사이클"},
    "cycle.intro": {
        "en": "Cycle after cycle: the analysis a segment came from, the segment, the campaigns planned on it, "
        "what they returned against their control groups, and what was decided next.",
        "ko": "사이클마다: 세그먼트의 출발이 된 분석, 세그먼트, 그 세그먼트로 계획한 캠페인, 대조군 대비 성과, "
        "그리고 다음 결정을 보여줍니다.",
    },
    "cycle.cycle_title": {"en": "Chain {chain} · cycle {step}", "ko": "체인 {chain} · 사이클 {step}"},
    "cycle.stage.analysis": {"en": "Analysis", "ko": "분석"},
    "cycle.stage.segment": {"en": "Segment", "ko": "세그먼트"},
    "cycle.stage.campaign": {"en": "Campaign", "ko": "캠페인"},
    "cycle.stage.result": {"en": "Result", "ko": "결과"},
    "cycle.stage.decision": {"en": "Decision", "ko": "결정"},
    "cycle.analysis.result_of": {"en": "Result of “{campaign}”", "ko": "“{campaign}” 결과"},
    "cycle.segment.size": {
        "en": "version {version} · {customers} customers",
        "ko": "버전 {version} · 고객 {customers}명",
    },
    "cycle.campaign.none": {"en": "No campaign planned on it yet.", "ko": "아직 계획된 캠페인이 없습니다."},
    "cycle.campaign.plan_one": {"en": "Plan a campaign", "ko": "캠페인 계획하기"},
    "cycle.status.planned": {"en": "planned", "ko": "계획됨"},
    "cycle.status.launched": {"en": "launched", "ko": "실행됨"},
    "cycle.result.not_measured": {
        "en": "Not measured yet: the campaign's responses are not in the warehouse.",
        "ko": "아직 측정되지 않았습니다: 캠페인 반응이 웨어하우스에 없습니다.",
    },
    "cycle.result.figures": {
        "en": "Incremental revenue {revenue} · incremental ROI {roi}",
        "ko": "증분 매출 {revenue} · 증분 ROI {roi}",
    },
    "cycle.result.open": {"en": "Open the result", "ko": "결과 열기"},
    "cycle.empty": {
        "en": "No cycle yet. Start one: build a segment in the segment builder (or save one from a campaign's "
        "result), then plan a campaign on it.",
        "ko": "아직 사이클이 없습니다. 세그먼트 빌더에서 세그먼트를 만들거나 캠페인 결과에서 저장한 뒤, "
        "그 세그먼트로 캠페인을 계획하세요.",
    },
    "cycle.empty.segments": {"en": "Open the segment builder", "ko": "세그먼트 빌더 열기"},
    "cycle.empty.campaigns": {"en": "Campaign results", "ko": "캠페인 결과"},
}

"""What a meeting does to a matter is written on the matter's timeline."""

from __future__ import annotations

import pytest

from xinfang.events.models import EventKind
from xinfang.meetings import actions
from xinfang.meetings.models import DecisionStatus

pytestmark = pytest.mark.django_db


def _summaries(matter, kind):
    return list(matter.events.filter(kind=kind).values_list("summary", flat=True))


def test_a_matter_discussed_is_on_its_timeline(meeting, matter):
    assert _summaries(matter, EventKind.MEETING_DISCUSSED) == [
        "提交中方县信访联席会议研究（2026-03-02，移民新村村屯道路施工阻工问题）"
    ]


def test_a_decision_is_on_its_matters_timeline_with_unit_and_deadline(decision, matter):
    assert _summaries(matter, EventKind.MEETING_DECISION) == [
        "中方县信访联席会议决定：县移民开发局牵头，会同铜湾镇入户宣传政策，恢复施工"
        "（责任单位中方县移民开发局，2026-03-09前落实）"
    ]


def test_each_follow_up_is_on_the_matters_timeline(people, decision, matter):
    actions.follow_up(people.ivy, decision, status=DecisionStatus.UNDER_WAY, text="已入户宣传12户")
    actions.follow_up(people.ivy, decision, status=DecisionStatus.DONE, text="3月9日恢复施工")
    assert _summaries(matter, EventKind.DECISION_FOLLOW_UP) == [
        "中方县移民开发局报告会议决定落实中：已入户宣传12户",
        "中方县移民开发局报告会议决定已落实：3月9日恢复施工",
    ]


def test_a_decision_makes_its_unit_responsible_for_the_matter(decision, matter, units):
    assert matter.assignments.filter(
        unit=units.resettlement, role="assist", is_active=True
    ).exists()

"""Recording meetings and decisions, and the follow-up of each decision."""

from __future__ import annotations

import datetime as dt

import pytest

from xinfang.lib.errors import DomainError, Invalid, NotAllowed
from xinfang.meetings import actions
from xinfang.meetings.models import DecisionStatus, MeetingKind
from xinfang.meetings.tests.conftest import HELD

pytestmark = pytest.mark.django_db


def test_a_meeting_keeps_its_attendees_and_matters(meeting, matter, units, places):
    assert set(meeting.attendees.all()) == {places.zhongfang_bureau, units.resettlement,
                                            places.housing}  # fmt: skip
    assert [item.matter for item in meeting.items.all()] == [matter]


def test_a_meeting_with_one_attendee_is_refused_in_words(people, meeting_draft, places):
    with pytest.raises(Invalid) as caught:
        actions.record_meeting(people.carol, meeting_draft(attendees=[places.zhongfang_bureau]))
    assert caught.value.errors == {"attendees": ["联席会议至少应有两个参会单位"]}


def test_a_meeting_without_topic_and_place_says_what_is_missing(people, meeting_draft):
    with pytest.raises(Invalid) as caught:
        actions.record_meeting(people.carol, meeting_draft(topic="", place=" "))
    assert caught.value.errors == {"place": ["请填写会议地点"], "topic": ["请填写会议议题"]}


def test_a_meeting_in_the_future_is_refused(people, meeting_draft):
    with pytest.raises(Invalid) as caught:
        actions.record_meeting(people.carol, meeting_draft(held_on=dt.date(2026, 3, 11)))
    assert caught.value.errors == {"held_on": ["会议日期不能晚于今天（会后登记会议情况）"]}


def test_a_matter_the_clerk_may_not_see_cannot_be_discussed(people, meeting_draft, register,
                                                             places):  # fmt: skip
    other = register(region=places.hecheng).matter
    with pytest.raises(Invalid) as caught:
        actions.record_meeting(people.carol, meeting_draft(matters=[other]))
    assert caught.value.errors == {"matters": [f"没有找到信访事项“{other.number}”"]}


def test_a_special_group_meeting_needs_its_group(people, meeting_draft):
    with pytest.raises(Invalid) as caught:
        actions.record_meeting(people.carol, meeting_draft(kind=MeetingKind.GROUP))
    assert caught.value.errors == {"group": ["专项小组会议请选择专项小组"]}


def test_a_leader_may_not_record_a_meeting(people, meeting_draft):
    with pytest.raises(NotAllowed):
        actions.record_meeting(people.leo, meeting_draft())


def test_one_special_group_per_hot_class_in_a_region(people, places, units):
    made = dict(region=places.zhongfang, content_class=places.urban, lead_unit=units.resettlement,
                members=[places.housing])  # fmt: skip
    actions.create_group(people.carol, name="城乡建设专项小组", **made)
    with pytest.raises(Invalid) as caught:
        actions.create_group(people.carol, name="第二个小组", **made)
    assert caught.value.errors == {"content_class": ["中方县已有“物业管理”专项小组"]}


def test_a_decisions_unit_must_have_attended(people, meeting, places):
    with pytest.raises(Invalid) as caught:
        actions.add_decision(people.carol, meeting, text="x", unit=places.discipline, days=5)
    assert caught.value.errors == {
        "unit": ["责任单位应为参会单位（中共怀化市纪律检查委员会未参会）"]
    }


def test_a_decisions_deadline_must_be_working_days_within_limits(people, meeting, units):
    with pytest.raises(Invalid) as caught:
        actions.add_decision(people.carol, meeting, text="x", unit=units.resettlement, days=0)
    assert caught.value.errors == {"days": ["办理时限应在1至120个工作日之间"]}


def test_the_responsible_unit_reports_a_decision_carried_out(people, decision):
    actions.follow_up(people.ivy, decision, status=DecisionStatus.DONE, text="已恢复施工")
    decision.refresh_from_db()
    assert (decision.status, decision.done_on) == (DecisionStatus.DONE, dt.date(2026, 3, 10))


def test_a_decision_carried_out_takes_no_further_report(people, decision):
    actions.follow_up(people.ivy, decision, status=DecisionStatus.DONE, text="已恢复施工")
    with pytest.raises(DomainError, match="该决定已落实"):
        actions.follow_up(people.ivy, decision, status=DecisionStatus.UNDER_WAY, text="再报")


def test_an_unrelated_unit_may_not_report_on_a_decision(people, decision):
    with pytest.raises(NotAllowed):
        actions.follow_up(people.dave, decision, status=DecisionStatus.DONE, text="x")


def test_a_follow_up_dated_before_the_meeting_is_refused(people, decision):
    with pytest.raises(Invalid) as caught:
        actions.follow_up(people.ivy, decision, status=DecisionStatus.UNDER_WAY, text="x",
                          on=HELD - dt.timedelta(days=1))  # fmt: skip
    assert caught.value.errors == {"on": ["日期不能早于会议日期（2026-03-02）"]}

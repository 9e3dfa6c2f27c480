"""An open 积案's follow-up plan: visits, calls and help due on working days of the project's
calendar (holidays and 调休), recorded as done by the bureau or the case's handlers."""

from __future__ import annotations

import datetime as dt

import pytest

from xinfang.backlog import actions
from xinfang.backlog.models import Ending, FollowUpKind
from xinfang.events.models import EventKind
from xinfang.lib.errors import DomainError, Invalid, NotAllowed


def test_a_due_in_working_days_follows_the_calendar(cast, hecheng_backlog):
    item = actions.plan_follow_up(
        cast.bob, hecheng_backlog, kind=FollowUpKind.VISIT, plan="上门回访", due_workdays=5
    )
    # Tuesday 2026-03-10 + 5 working days: Tuesday 2026-03-17 (the weekend skipped).
    assert item.due_on == dt.date(2026, 3, 17)
    event = hecheng_backlog.matter.events.get(kind=EventKind.FOLLOW_UP_PLANNED)
    assert "回访，2026-03-17前：上门回访" in event.summary


def test_a_due_date_on_a_rest_day_moves_to_the_next_working_day(cast, hecheng_backlog):
    item = actions.plan_follow_up(
        cast.bob, hecheng_backlog, kind=FollowUpKind.CALL, plan="电话回访",
        due_on=dt.date(2026, 4, 4),  # 清明节 holiday (4-4 to 4-6)
    )  # fmt: skip
    assert item.due_on == dt.date(2026, 4, 7)


def test_a_due_date_in_the_past_is_refused(cast, hecheng_backlog):
    with pytest.raises(Invalid) as refused:
        actions.plan_follow_up(
            cast.bob, hecheng_backlog, kind=FollowUpKind.HELP, plan="帮扶",
            due_on=dt.date(2026, 3, 9),
        )  # fmt: skip
    assert refused.value.errors["due_on"] == ["计划完成日期不能早于今天"]


def test_working_days_or_a_date_one_of_the_two(cast, hecheng_backlog):
    with pytest.raises(Invalid) as refused:
        actions.plan_follow_up(cast.bob, hecheng_backlog, kind=FollowUpKind.HELP, plan="帮扶")
    assert "due_workdays" in refused.value.errors


def test_an_ended_backlog_takes_no_new_plan(cast, hecheng_backlog):
    actions.end_backlog(cast.bob, hecheng_backlog, ending=Ending.AID)
    with pytest.raises(DomainError, match="已化解销号"):
        actions.plan_follow_up(
            cast.bob, hecheng_backlog, kind=FollowUpKind.VISIT, plan="回访", due_workdays=3
        )


def test_the_handler_of_the_case_records_a_visit_as_done(cast, forwarded):
    backlog = actions.mark_backlog(cast.alice, forwarded.matter, reason="反复信访")
    item = actions.plan_follow_up(
        cast.alice, backlog, kind=FollowUpKind.VISIT, plan="上门回访", due_workdays=5
    )
    actions.record_follow_up(cast.dave, item, note="已上门，信访人表示理解")
    item.refresh_from_db()
    assert item.done_on == dt.date(2026, 3, 10) and item.done_by == cast.dave
    event = forwarded.matter.events.get(kind=EventKind.FOLLOW_UP_DONE)
    assert event.summary == "回访已完成（2026-03-10）：已上门，信访人表示理解"


def test_a_follow_up_is_recorded_once(cast, hecheng_backlog):
    item = actions.plan_follow_up(
        cast.bob, hecheng_backlog, kind=FollowUpKind.CALL, plan="电话", due_workdays=1
    )
    actions.record_follow_up(cast.bob, item, note="已电话回访")
    with pytest.raises(DomainError, match="已登记完成"):
        actions.record_follow_up(cast.bob, item, note="再次登记")


def test_another_county_cannot_plan_or_record(cast, hecheng_backlog):
    with pytest.raises(NotAllowed):
        actions.plan_follow_up(
            cast.carol, hecheng_backlog, kind=FollowUpKind.CALL, plan="电话", due_workdays=1
        )
    item = actions.plan_follow_up(
        cast.bob, hecheng_backlog, kind=FollowUpKind.CALL, plan="电话", due_workdays=1
    )
    with pytest.raises(NotAllowed):
        actions.record_follow_up(cast.carol, item, note="已电话回访")

"""积案: marked with a reason and a date, ended (化解) one of the five ways, by the bureau's
staff and leaders who may see the case; each step on the timeline."""

from __future__ import annotations

import datetime as dt

import pytest

from xinfang.backlog import actions
from xinfang.backlog.models import Backlog, Ending
from xinfang.events.models import EventKind
from xinfang.lib.errors import DomainError, Invalid, NotAllowed


def test_a_bureau_handler_marks_a_case_as_backlog(cast, hecheng_case):
    backlog = actions.mark_backlog(cast.bob, hecheng_case.matter, reason="多次答复仍反复信访")
    assert backlog.marked_on == dt.date(2026, 3, 10)
    assert backlog.marked_by == cast.bob and backlog.is_open
    event = hecheng_case.matter.events.get(kind=EventKind.BACKLOG_MARKED)
    assert "列为信访积案（2026-03-10）：多次答复仍反复信访" in event.summary


def test_an_earlier_day_may_be_given_but_not_a_future_one(cast, hecheng_case):
    with pytest.raises(Invalid) as refused:
        actions.mark_backlog(
            cast.bob, hecheng_case.matter, reason="积案", marked_on=dt.date(2026, 3, 11)
        )
    assert refused.value.errors["marked_on"] == ["列为积案日期不能晚于今天"]


def test_a_reason_is_required(cast, hecheng_case):
    with pytest.raises(Invalid) as refused:
        actions.mark_backlog(cast.bob, hecheng_case.matter, reason=" ")
    assert "reason" in refused.value.errors


def test_a_matter_has_one_open_backlog(cast, hecheng_backlog):
    with pytest.raises(DomainError, match="已列为积案"):
        actions.mark_backlog(cast.alice, hecheng_backlog.matter, reason="再次列入")


def test_a_county_handler_cannot_mark_another_countys_case(cast, hecheng_case):
    with pytest.raises(NotAllowed):
        actions.mark_backlog(cast.carol, hecheng_case.matter, reason="多次答复仍反复信访")


def test_a_department_handler_does_not_mark_backlog(cast, forwarded):
    with pytest.raises(NotAllowed):
        actions.mark_backlog(cast.dave, forwarded.matter, reason="多次答复仍反复信访")


def test_a_leader_ends_a_backlog_by_agreement(cast, leaders, hecheng_backlog):
    actions.end_backlog(
        cast.hugo, hecheng_backlog, ending=Ending.AGREEMENT, note="签订调解协议，补偿到位"
    )
    hecheng_backlog.refresh_from_db()
    assert hecheng_backlog.ending == Ending.AGREEMENT
    assert hecheng_backlog.ended_on == dt.date(2026, 3, 10) and not hecheng_backlog.is_open
    event = hecheng_backlog.matter.events.get(kind=EventKind.BACKLOG_ENDED)
    assert event.summary == "积案化解（协议化解，2026-03-10）：签订调解协议，补偿到位"


def test_a_backlog_ends_once(cast, hecheng_backlog):
    actions.end_backlog(cast.bob, hecheng_backlog, ending=Ending.LAW)
    with pytest.raises(DomainError, match="已化解销号"):
        actions.end_backlog(cast.bob, hecheng_backlog, ending=Ending.HEARING)


def test_the_ending_must_be_one_of_the_five_ways(cast, hecheng_backlog):
    with pytest.raises(Invalid) as refused:
        actions.end_backlog(cast.bob, hecheng_backlog, ending="gave_up")
    assert refused.value.errors["ending"] == ["请选择终结方式"]


def test_it_cannot_end_before_it_was_marked(cast, hecheng_case):
    backlog = actions.mark_backlog(
        cast.bob, hecheng_case.matter, reason="积案", marked_on=dt.date(2026, 3, 10)
    )
    with pytest.raises(Invalid) as refused:
        actions.end_backlog(cast.bob, backlog, ending=Ending.LAW, ended_on=dt.date(2026, 3, 9))
    assert refused.value.errors["ended_on"] == ["化解日期不能早于列为积案日期"]


def test_an_ended_matter_may_be_marked_again_and_keeps_its_history(cast, hecheng_backlog):
    actions.end_backlog(cast.bob, hecheng_backlog, ending=Ending.SUSPENDED)
    again = actions.mark_backlog(cast.bob, hecheng_backlog.matter, reason="信访人再次反映")
    assert Backlog.objects.filter(matter=hecheng_backlog.matter).count() == 2
    assert again.is_open


def test_a_county_leader_cannot_end_another_countys_backlog(cast, leaders, hecheng_backlog):
    with pytest.raises(NotAllowed):
        actions.end_backlog(cast.zoe, hecheng_backlog, ending=Ending.LAW)

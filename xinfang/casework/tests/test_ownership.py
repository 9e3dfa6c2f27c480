"""领导包案: a leader owns a matter with a co-responsible unit and a target on the calendar."""

from __future__ import annotations

import datetime as dt

import pytest

from xinfang.casework import actions
from xinfang.casework.models import Ownership, TargetMeasure
from xinfang.events.models import EventKind, Notification
from xinfang.lib.errors import DomainError, Invalid, NotAllowed
from xinfang.workflow import actions as workflow


def test_a_leader_owns_a_case_for_twenty_working_days_past_qingming(
    cast, leaders, forwarded, places
):
    """From 2026-03-10, 20 working days end on 04-08: the 清明 holiday (04-04 to 04-06) is
    not counted."""
    owned = actions.own_matter(
        cast.hugo, forwarded.matter, leader=leaders.hugo, unit=places.housing, target_workdays=20
    )
    assert owned.target_on == dt.date(2026, 4, 8)
    assert owned.target_measure == TargetMeasure.WORKDAYS
    assert owned.started_on == dt.date(2026, 3, 10)


def test_a_target_date_on_a_holiday_moves_to_the_next_working_day(cast, leaders, forwarded, places):
    owned = actions.own_matter(
        cast.hugo, forwarded.matter, leader=leaders.hugo, unit=places.housing,
        target_on=dt.date(2026, 4, 4),
    )  # fmt: skip
    assert owned.target_on == dt.date(2026, 4, 7)


def test_owning_lands_on_the_timeline_and_tells_the_handlers(cast, leaders, forwarded, places):
    actions.own_matter(
        cast.hugo, forwarded.matter, leader=leaders.hugo, unit=places.housing, target_workdays=20
    )
    event = forwarded.matter.events.get(kind=EventKind.CASE_OWNED)
    assert "Hugo（区长）包案" in event.summary and "2026-04-08" in event.summary
    told = set(
        Notification.objects.filter(event=event).values_list("recipient__username", flat=True)
    )
    assert {"dave", "alice", "frank"} <= told


def test_taking_over_ends_the_previous_ownership_and_keeps_it(cast, leaders, forwarded, places):
    first = actions.own_matter(
        cast.hugo, forwarded.matter, leader=leaders.hugo, unit=places.housing, target_workdays=20
    )
    second = actions.own_matter(
        cast.lena, forwarded.matter, leader=leaders.lena, unit=places.housing, target_workdays=10
    )
    first.refresh_from_db()
    assert first.ended_at is not None and first.ended_by == cast.lena
    assert list(Ownership.objects.filter(matter=forwarded.matter, ended_at=None)) == [second]
    assert Ownership.objects.filter(matter=forwarded.matter).count() == 2


def test_the_same_leader_cannot_own_a_case_twice(cast, leaders, forwarded, places):
    kwargs = {"leader": leaders.hugo, "unit": places.housing, "target_workdays": 20}
    actions.own_matter(cast.hugo, forwarded.matter, **kwargs)
    with pytest.raises(DomainError, match="已是本事项的包案领导"):
        actions.own_matter(cast.hugo, forwarded.matter, **kwargs)


def test_only_a_leader_owns_a_case(cast, leaders, forwarded, places):
    with pytest.raises(NotAllowed, match="只有领导可以包案"):
        actions.own_matter(
            cast.alice, forwarded.matter, leader=leaders.hugo, unit=places.housing,
            target_workdays=20,
        )  # fmt: skip


def test_a_county_leader_cannot_own_another_countys_case(cast, leaders, zhongfang_case, places):
    with pytest.raises(NotAllowed):
        actions.own_matter(
            cast.hugo, zhongfang_case.matter, leader=leaders.hugo, unit=places.housing,
            target_workdays=20,
        )  # fmt: skip


def test_the_owner_must_lead_the_place_of_the_case(cast, leaders, hecheng_case, places):
    with pytest.raises(Invalid, match="所在地区不含该事项的问题属地"):
        actions.own_matter(
            cast.lena, hecheng_case.matter, leader=leaders.zoe, unit=places.housing,
            target_workdays=20,
        )  # fmt: skip


def test_a_target_is_required_once(cast, leaders, forwarded, places):
    with pytest.raises(Invalid, match="二选一"):
        actions.own_matter(cast.hugo, forwarded.matter, leader=leaders.hugo, unit=places.housing)


def test_a_target_in_the_past_is_refused(cast, leaders, forwarded, places):
    with pytest.raises(Invalid, match="不能早于今天"):
        actions.own_matter(
            cast.hugo, forwarded.matter, leader=leaders.hugo, unit=places.housing,
            target_on=dt.date(2026, 3, 9),
        )  # fmt: skip


def test_an_accusation_is_never_owned_with_the_accused_unit(cast, leaders, register, places):
    accusation = register(
        is_accusation=True, purpose="accuse", accused_unit=places.housing, accused_name="某科长",
        title="举报某科长", content="某科长收受好处费。",
    )  # fmt: skip
    # The city leader may not see it at all (not authorised for 检举控告).
    with pytest.raises(NotAllowed):
        actions.own_matter(
            cast.lena, accusation.matter, leader=leaders.lena, unit=places.housing,
            target_workdays=20,
        )  # fmt: skip


def test_a_case_no_longer_open_is_not_owned(cast, leaders, hecheng_case, places):
    workflow.refuse(cast.alice, hecheng_case.matter, reason="不属于信访事项受理范围")
    hecheng_case.matter.refresh_from_db()
    with pytest.raises(DomainError, match="已办结"):
        actions.own_matter(
            cast.hugo, hecheng_case.matter, leader=leaders.hugo, unit=places.housing,
            target_workdays=5,
        )  # fmt: skip

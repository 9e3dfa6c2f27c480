"""The meetings' cast, on top of the shared one (xinfang/conftest.py):

Places: 中方县 (with its bureau and resettlement bureau), 鹤城区; the city housing department.
People:
- carol: 中方县 bureau handler: convenes and records the county's joint meetings;
- ivy: clerk of 中方县移民开发局, a member unit: reports on the decisions given to it;
- dave: handler at the city housing department (市住建局), which attends the county's
  meeting and is given a decision;
- bob: 鹤城区 bureau handler: must never see a 中方县 meeting (404);
- alice: city bureau registrar: sees all;
- leo: 中方县 leader: reads, never writes.
"""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest

from xinfang.accounts.models import Role, User
from xinfang.meetings import actions
from xinfang.meetings.models import MeetingKind
from xinfang.regions.actions import create_unit
from xinfang.regions.models import UnitKind

HELD = dt.date(2026, 3, 2)  # a Monday


def _login(username, role, unit, region=None) -> User:
    user = User.objects.create_user(
        username, password="pw-" + username, role=role, unit=unit, region=region
    )
    user.full_name = username.capitalize()
    user.save()
    return user


@pytest.fixture
def units(places):
    return SimpleNamespace(
        resettlement=create_unit("中方县移民开发局", UnitKind.DEPARTMENT, places.zhongfang),
    )


@pytest.fixture
def people(cast, units, places):
    cast.ivy = _login("ivy", Role.HANDLER, units.resettlement)
    cast.leo = _login("leo", Role.LEADER, places.zhongfang_bureau, places.zhongfang)
    return cast


@pytest.fixture
def matter(people, register, places):
    """A 中方县 matter about a resettlement village's road, registered by alice."""
    return register(region=places.zhongfang, title="移民新村村屯道路施工阻工").matter


@pytest.fixture
def meeting_draft(people, units, places, matter):
    def build(**overrides) -> actions.MeetingDraft:
        values = dict(
            kind=MeetingKind.JOINT,
            region=places.zhongfang,
            convener=places.zhongfang_bureau,
            held_on=HELD,
            place="县信访局三楼会议室",
            topic="移民新村村屯道路施工阻工问题",
            chair="县委常委、政法委书记 王建华",
            attendees=[places.zhongfang_bureau, units.resettlement, places.housing],
            matters=[matter],
            summary="会议听取了县移民开发局关于移民新村村屯道路施工情况的汇报。",
        )
        values.update(overrides)
        return actions.MeetingDraft(**values)

    return build


@pytest.fixture
def meeting(people, meeting_draft):
    return actions.record_meeting(people.carol, meeting_draft())


@pytest.fixture
def decision(people, meeting, units, matter):
    """Due on the 5th working day after the meeting: 2026-03-09, so late on 03-10."""
    return actions.add_decision(
        people.carol, meeting, text="县移民开发局牵头，会同铜湾镇入户宣传政策，恢复施工",
        unit=units.resettlement, days=5, matter=matter,
    )  # fmt: skip

"""The casework cast, on top of the shared one (xinfang/conftest.py):

- adam: the city bureau's administrator, who keeps the list of leaders;
- lena: 怀化市 leader (副市长), sees the whole city;
- hugo: 鹤城区 leader (区长), sees 鹤城区 only;
- zoe: 中方县 leader (县长), sees 中方县 only: must never see a 鹤城区 case.
bob (鹤城区 bureau handler) and dave (the city housing department) handle the cases.
"""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from xinfang.accounts.models import Role, User
from xinfang.casework import actions
from xinfang.casework.models import LeaderLevel


def _login(username, role, unit, region) -> User:
    user = User.objects.create_user(
        username, password="pw-" + username, role=role, unit=unit, region=region
    )
    user.full_name = username.capitalize()
    user.save()
    return user


@pytest.fixture
def adam(places):
    return _login("adam", Role.ADMIN, places.city_bureau, places.city)


@pytest.fixture
def leaders(cast, places, adam):
    """The three leaders, each with a login over their own place."""
    found = SimpleNamespace()
    for name, post, level, region, unit in (
        ("lena", "副市长", LeaderLevel.CITY, places.city, places.city_bureau),
        ("hugo", "区长", LeaderLevel.COUNTY, places.hecheng, places.hecheng_bureau),
        ("zoe", "县长", LeaderLevel.COUNTY, places.zhongfang, places.zhongfang_bureau),
    ):
        user = _login(name, Role.LEADER, unit, region)
        setattr(cast, name, user)
        leader = actions.save_leader(
            adam, name=name.capitalize(), post=post, level=level, region=region, user=user
        )
        setattr(found, name, leader)
    return found


@pytest.fixture
def hecheng_case(register):
    """A 鹤城区 case registered by the city bureau (alice)."""
    return register()


@pytest.fixture
def zhongfang_case(register, places):
    return register(region=places.zhongfang, title="中方县工资拖欠", content="工地拖欠工资三个月。")


@pytest.fixture
def forwarded(hecheng_case, cast, places):
    """The 鹤城区 case forwarded to the city housing department (dave's unit)."""
    from xinfang.workflow import actions as workflow

    workflow.forward(cast.alice, hecheng_case.matter, places.housing)
    hecheng_case.matter.refresh_from_db()
    return hecheng_case

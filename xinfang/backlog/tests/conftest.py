"""The backlog cast: casework's (xinfang/casework/tests/conftest.py) on top of the shared one.

- lena: 怀化市 leader (副市长), sees the whole city;
- hugo: 鹤城区 leader (区长), sees 鹤城区 only;
- zoe: 中方县 leader (县长), sees 中方县 only: must never see a 鹤城区 积案;
- alice: city bureau registrar; bob: 鹤城区 bureau handler; carol: 中方县 bureau handler;
- dave: the city housing department's handler, who handles what is forwarded to it;
- grace: the city bureau's supervisor.
"""

from __future__ import annotations

import pytest

from xinfang.backlog import actions
from xinfang.casework.tests import conftest as casework

# casework's cast and cases, as fixtures of these tests too.
adam, leaders = casework.adam, casework.leaders
hecheng_case, zhongfang_case, forwarded = (
    casework.hecheng_case,
    casework.zhongfang_case,
    casework.forwarded,
)


@pytest.fixture
def hecheng_backlog(cast, hecheng_case):
    return actions.mark_backlog(cast.bob, hecheng_case.matter, reason="多次答复仍反复信访")


@pytest.fixture
def zhongfang_backlog(cast, zhongfang_case):
    return actions.mark_backlog(cast.carol, zhongfang_case.matter, reason="工资拖欠久拖未决")

"""The aid cast: casework's (xinfang/casework/tests/conftest.py) on top of the shared one.

- bob (鹤城区 bureau handler) and carol (中方县) record aid; neither may approve any;
- grace, the city bureau's supervisor, approves aid up to the leaders' threshold;
- hugo (鹤城区 leader) approves 鹤城区 aid of any amount; zoe (中方县) never sees it;
- dave (city housing department) handles a forwarded case and sees its aid masked.
"""

from __future__ import annotations

import datetime as dt

import pytest

from xinfang.aid import actions
from xinfang.casework.tests import conftest as casework

# casework's cast and cases, as fixtures of these tests too.
adam, leaders = casework.adam, casework.leaders
hecheng_case, zhongfang_case, forwarded = (
    casework.hecheng_case,
    casework.zhongfang_case,
    casework.forwarded,
)

TODAY = dt.date(2026, 3, 10)


@pytest.fixture
def give(cast):
    """Record aid as bob on `matter` (a 鹤城区 case), 5,000 yuan from 信访救助 by default."""

    def run(matter, actor=None, **overrides):
        values = dict(
            source="petition", amount="5000", given_on=TODAY, people=1,
            recipient_name="张建国", note="生活困难",
        )  # fmt: skip
        values.update(overrides)
        return actions.record_aid(actor or cast.bob, matter=matter, **values)

    return run

"""The receptions cast: casework's leaders on top of the shared cast (xinfang/conftest.py).

- lena: 怀化市 leader, sees every reception in the city;
- hugo: 鹤城区 leader; zoe: 中方县 leader, who must never see a 鹤城区 reception;
- bob (鹤城区 bureau handler) and carol (中方县 bureau handler) arrange their county's
  receptions; alice (city bureau registrar) arranges any; dave (a city department's handler,
  no region) sees none.
Today is Tuesday 2026-03-10.
"""

from __future__ import annotations

import datetime as dt

import pytest

from xinfang.casework.tests import conftest as casework
from xinfang.receptions import actions
from xinfang.receptions.models import ReceptionForm

NINE, NOON = dt.time(9, 0), dt.time(12, 0)

# casework's cast, shared rather than copied.
adam, leaders = casework.adam, casework.leaders


@pytest.fixture
def schedule(leaders, cast):
    """Schedule a reception for a leader (hugo by default) as its leader's login."""

    def run(leader=None, actor=None, **values):
        leader = leader or leaders.hugo
        defaults = dict(
            form=ReceptionForm.APPOINTMENT, date=dt.date(2026, 3, 13), starts_at=NINE,
            ends_at=NOON, place="鹤城区人民来访接待中心", topics="城乡建设、物业管理",
            slots=5,
        )  # fmt: skip
        defaults.update(values)
        return actions.schedule_reception(actor or leader.user, leader=leader, **defaults)

    return run


@pytest.fixture
def held(schedule, cast):
    """A 鹤城区 开门接访 held this morning (today), not yet recorded."""
    return schedule(form=ReceptionForm.OPEN, date=dt.date(2026, 3, 10), slots=0)

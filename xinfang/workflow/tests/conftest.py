"""Workflow fixtures: a matter at each stage of the procedure, handled by the named cast."""

from __future__ import annotations

import datetime as dt

import pytest

from xinfang.lib import timesource
from xinfang.workflow import actions


@pytest.fixture
def matter(register):
    """A 鹤城区 matter registered by alice (city bureau) on 2026-03-10 (received 03-10)."""
    return register().matter


@pytest.fixture
def forwarded(cast, places, matter):
    return actions.forward(cast.alice, matter, places.housing, note="请依法处理")


@pytest.fixture
def accepted(cast, forwarded):
    return actions.accept(cast.dave, forwarded, notice="您反映的问题已受理，将于60日内答复。")


ANSWER = dict(
    outcome="support",
    text="责成物业公司十日内修复电梯。",
    facts="电梯停运属实。",
    legal_basis="《物业管理条例》第三十五条",
)


@pytest.fixture
def answered(cast, accepted):
    return actions.answer(cast.dave, accepted, **ANSWER)


def at(day: dt.date):
    """Freeze the clock at 10:00 Beijing time on `day`."""
    return timesource.freeze(dt.datetime.combine(day, dt.time(10), tzinfo=timesource.SHANGHAI))

"""Rate limits: a counter per key and window, shared by every worker through the database."""

from __future__ import annotations

import datetime as dt

from xinfang.lib import timesource
from xinfang.portal import actions
from xinfang.portal.models import Throttle

HOUR = dt.timedelta(hours=1)


def at(hour: int, minute: int = 0):
    return timesource.freeze(dt.datetime(2026, 11, 2, hour, minute, tzinfo=timesource.SHANGHAI))


def test_it_allows_up_to_the_limit_within_the_window(db):
    with at(9):
        assert [actions.hit("ip", "10.0.0.1", limit=2, window=HOUR) for _ in range(3)] == [
            True, True, False,
        ]  # fmt: skip


def test_it_starts_a_new_window_when_the_old_one_is_over(db):
    with at(9):
        for _ in range(3):
            actions.hit("ip", "10.0.0.1", limit=2, window=HOUR)
    with at(10, 1):
        assert actions.hit("ip", "10.0.0.1", limit=2, window=HOUR)
        assert Throttle.objects.get().count == 1


def test_it_counts_each_key_apart(db):
    with at(9):
        actions.hit("ip", "10.0.0.1", limit=1, window=HOUR)
        assert actions.hit("ip", "10.0.0.2", limit=1, window=HOUR)
        assert not actions.hit("ip", "10.0.0.1", limit=1, window=HOUR)

"""The one seam through which the case core lets the features above it react.

The core (events, petitions, workflow) imports no feature app. Where a core write must keep a
feature's data exact in the same transaction (the rates' rollup follows every step; a new day
moves the rollup and the hot issues), the core calls a hook point here, and the subscribers
are listed in one table, `settings.XINFANG_HOOKS`, by dotted path, the way Django lists its
middleware. The table is the whole wiring: read it to see who reacts to what.

Hook points:
- `matters_changing(ids, today)`: a change to these matters' clocks, status, flags or ratings
  is about to happen, on the day `today`. Each subscriber is called with the ids and the day
  before the change and returns a callable that is called after it (both inside the caller's
  transaction).
- `day_started(today, at)`: the tick starts its run for `today` at the moment `at`; each
  subscriber is called with both.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from functools import cache

from django.conf import settings
from django.utils.module_loading import import_string

from xinfang.lib import timesource

POINTS = ("matters_changing", "day_started")


@cache
def subscribers(point: str) -> tuple[Callable, ...]:
    if point not in POINTS:
        raise KeyError(f"unknown hook point {point!r}")
    return tuple(import_string(path) for path in settings.XINFANG_HOOKS.get(point, ()))


class matters_changing:  # noqa: N801 - used like a function: matters_changing(ids) ... .done()
    """Tell the subscribers that these matters change on `today` (by default today); call
    `.done()` after the change."""

    def __init__(self, matter_ids: Iterable[int], today: dt.date | None = None):
        ids = list(matter_ids)
        today = today or timesource.today()
        self._after = [subscriber(ids, today) for subscriber in subscribers("matters_changing")]

    def done(self) -> None:
        for after in self._after:
            after()


def day_started(today: dt.date, at: dt.datetime) -> None:
    for subscriber in subscribers("day_started"):
        subscriber(today, at)

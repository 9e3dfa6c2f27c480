"""The one seam through which the code reads the current time (a "clock" in this codebase is
a statutory time limit, so the seam has another name).

Production code passes explicit dates and times where it acts at another moment (the tick's
`today`, the actions' `at`, the demo's year of history); only tests replace the current time,
with `freeze`, instead of patching datetime everywhere (xinfang/tests/test_time_seam.py keeps
`freeze` out of production code).
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Iterator
from zoneinfo import ZoneInfo

SHANGHAI = ZoneInfo("Asia/Shanghai")

_frozen: dt.datetime | None = None


def now() -> dt.datetime:
    """Aware UTC datetime of this instant (or the frozen one in tests)."""
    if _frozen is not None:
        return _frozen
    return dt.datetime.now(dt.UTC)


def today() -> dt.date:
    """Today's date in China, where every statutory day is counted."""
    return day_of(now())


def day_of(instant: dt.datetime) -> dt.date:
    """The date in China at `instant` (aware): the day of an action taken at that moment."""
    return instant.astimezone(SHANGHAI).date()


@contextlib.contextmanager
def freeze(instant: dt.datetime) -> Iterator[None]:
    """Make now() return `instant` (must be aware) inside the block."""
    global _frozen
    if instant.tzinfo is None:
        raise ValueError("freeze() needs an aware datetime")
    previous, _frozen = _frozen, instant.astimezone(dt.UTC)
    try:
        yield
    finally:
        _frozen = previous

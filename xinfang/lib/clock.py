"""The one seam through which the code reads the current time.

Tests replace it with `freeze` instead of patching datetime everywhere.
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
    return now().astimezone(SHANGHAI).date()


@contextlib.contextmanager
def freeze(moment: dt.datetime) -> Iterator[None]:
    """Make now() return `moment` (must be aware) inside the block."""
    global _frozen
    if moment.tzinfo is None:
        raise ValueError("freeze() needs an aware datetime")
    previous, _frozen = _frozen, moment.astimezone(dt.UTC)
    try:
        yield
    finally:
        _frozen = previous
